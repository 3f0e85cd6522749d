//! loopcost: what an LLM agent loop will cost, before the bill does.
//!
//! The cost model is the `loopcost-model` crate (`model/`), re-exported here under the same
//! names: [`engine`] (the cost model of `docs/cost-model.md`), [`catalog`] (the price catalog,
//! compiled in from `model/src/catalog/prices.json`), [`scenario`] (the scenario format: types,
//! JSON parsing with field-level messages, checks), [`json`] (the strict JSON reader) and
//! [`format`](mod@format) (how numbers are written, everywhere). This crate builds the faces on it: the
//! link codec ([`link`]), usage import ([`usage`]), exports, saved scenarios and the CLI.
//!
//! With the `web` feature, `ui` adds the Leptos browser app on top.

pub use loopcost_model::{catalog, engine, format, json, scenario};

pub mod bench;
pub mod cli;
pub mod draft;
pub mod export;
pub mod link;
pub mod presets;
pub mod saved;
pub mod text;
pub mod usage;

#[cfg(feature = "web")]
pub mod ui;
