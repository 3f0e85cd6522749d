//! The engine benchmark's workload, shared by the native benchmark (`benches/engine.rs`) and the
//! wasm one (the app exports it as `loopcost_bench`), so both measure the same thing.

use crate::catalog::Catalog;
use crate::engine;
use crate::scenario::{self, Scenario};

/// A 3-stage workflow of 100 iterations each: loops with caching, trimming, a mix, a fan-out.
pub const SCENARIO_JSON: &str = include_str!("../benches/three-stages.json");

pub fn scenario() -> Scenario {
    scenario::parse(SCENARIO_JSON, Catalog::builtin()).expect("benches/three-stages.json is valid")
}

/// Evaluates `s` `n` times; returns a checksum so the work cannot be optimised away.
pub fn run(s: &Scenario, n: u32) -> f64 {
    let catalog = Catalog::builtin();
    let mut sum = 0.0;
    for _ in 0..n {
        sum += engine::evaluate(s, catalog).map(|e| e.run.cost_usd).unwrap_or(0.0);
    }
    sum
}
