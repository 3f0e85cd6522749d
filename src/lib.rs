//! loopcost: what an LLM agent loop will cost, before the bill does.
//!
//! - [`engine`]: the cost model (`docs/cost-model.md`), pure Rust.
//! - [`catalog`]: the price catalog, compiled in from `src/catalog/prices.json`.
//! - [`scenario`]: the scenario format: types, JSON parsing with field-level messages, checks.
//! - [`format`]: how numbers are written, everywhere.
//!
//! With the `web` feature, [`ui`] adds the Leptos browser app on top.

// The browser's release build is optimised for size; the engine's hot functions (what every
// keystroke and every lever evaluates) are optimised for speed there: `--cfg loopcost_speed`, set
// with that build's nightly flags (scripts/setup.sh), marks them `#[optimize(speed)]`.
#![cfg_attr(loopcost_speed, feature(optimize_attribute))]

pub mod bench;
pub mod catalog;
pub mod cli;
pub mod draft;
pub mod engine;
pub mod export;
pub mod format;
pub mod json;
pub mod link;
pub mod presets;
pub mod saved;
pub mod scenario;
pub mod usage;

#[cfg(feature = "web")]
pub mod ui;
