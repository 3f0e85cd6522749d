//! `make bench` (native half): evaluations per second of the 3-stage, 100-iteration workload.
//! Budget: ≤ 20 µs per evaluation (issue 14); with cost ranges (3 stages varying up to 200 turns) ≤ 200 µs. Plain `std::time`, no framework: batches of evaluations for
//! about two seconds (`LOOPCOST_BENCH_SECONDS` to change it), reporting the median batch.

use loopcost::bench;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn main() {
    let s = bench::scenario();
    // Warm up caches and the allocator.
    black_box(bench::run(&s, 200));
    let batch = 100;
    let mut per_eval = Vec::new();
    let seconds: f64 = std::env::var("LOOPCOST_BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(2.0);
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs_f64(seconds) {
        let t = Instant::now();
        black_box(bench::run(black_box(&s), batch));
        per_eval.push(t.elapsed().as_secs_f64() / batch as f64);
    }
    per_eval.sort_by(f64::total_cmp);
    let median = per_eval[per_eval.len() / 2];
    let p95 = per_eval[per_eval.len() * 95 / 100];
    let best = per_eval[0];
    println!(
        "engine (native): {:.1} µs per evaluation (median of {} batches, p95 {:.1} µs, best {:.1} µs), {:.0} evaluations/s; budget 20 µs",
        median * 1e6,
        per_eval.len(),
        p95 * 1e6,
        best * 1e6,
        1.0 / median
    );
    // Machine-readable for the wasm comparison in tests/e2e/bench.mjs.
    println!("NATIVE_US_PER_EVAL={:.3}", median * 1e6);
    println!("NATIVE_BEST_US_PER_EVAL={:.3}", best * 1e6);

    // Cost ranges: the same stages with their turns varying up to 200 each (budget 200 µs).
    let r = bench::ranges_scenario();
    black_box(bench::run(&r, 20));
    let mut per_eval = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs_f64(seconds / 2.0) {
        let t = Instant::now();
        black_box(bench::run(black_box(&r), 10));
        per_eval.push(t.elapsed().as_secs_f64() / 10.0);
    }
    per_eval.sort_by(f64::total_cmp);
    let median = per_eval[per_eval.len() / 2];
    println!(
        "engine with cost ranges (native): {:.1} µs per evaluation (3 stages varying up to 200 turns; median of {} batches, best {:.1} µs); budget 200 µs",
        median * 1e6,
        per_eval.len(),
        per_eval[0] * 1e6
    );
    println!("NATIVE_RANGES_US_PER_EVAL={:.3}", median * 1e6);
    // The part that does not depend on the percentiles (what levers, comparisons and the traffic
    // table evaluate): expected costs only.
    let c = loopcost::catalog::Catalog::builtin();
    let mut per_eval = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs_f64(seconds / 4.0) {
        let t = Instant::now();
        for _ in 0..10 {
            black_box(loopcost::engine::evaluate_now(black_box(&r), c).map(|e| e.run.cost_usd).unwrap_or(0.0));
        }
        per_eval.push(t.elapsed().as_secs_f64() / 10.0);
    }
    per_eval.sort_by(f64::total_cmp);
    println!(
        "  of which expected costs only (levers, comparisons): {:.1} µs; the rest is the percentiles over 100,000 seeded draws",
        per_eval[per_eval.len() / 2] * 1e6
    );
}
