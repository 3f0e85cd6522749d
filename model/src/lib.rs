//! loopcost's cost model (every rule told for users, with worked examples, in
//! docs/cost-model.md): the engine, the price catalog, the scenario format, the strict JSON
//! reader and the number formats. Pure Rust with no web dependencies; the `loopcost` crate
//! re-exports every module under the same name (`loopcost::engine`, `loopcost::catalog`, …) and
//! builds the CLI, the link codec and the browser app on it.
//!
//! The browser's release build compiles this crate at `opt-level = 2` and the app around it for
//! size (`[profile.release.package.loopcost-model]`): the engine runs on every keystroke. Its
//! cold parts (reading and writing JSON, the catalog's loading, the explanations) are marked
//! `#[optimize(size)]` when the build sets `--cfg loopcost_size` (scripts/setup.sh, with the
//! release build's nightly flags), which keeps most of that speed's download cost away.
#![cfg_attr(loopcost_size, feature(optimize_attribute))]

pub mod catalog;
pub mod engine;
pub mod format;
pub mod json;
pub mod scenario;
