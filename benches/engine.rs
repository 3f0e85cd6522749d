//! `make bench` (native half): evaluations per second of the 3-stage, 100-iteration workload.
//! Budget: ≤ 50 µs per evaluation. Plain `std::time`, no framework: batches of evaluations for
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
        "engine (native): {:.1} µs per evaluation (median of {} batches, p95 {:.1} µs, best {:.1} µs), {:.0} evaluations/s; budget 50 µs",
        median * 1e6,
        per_eval.len(),
        p95 * 1e6,
        best * 1e6,
        1.0 / median
    );
    // Machine-readable for the wasm comparison in tests/e2e/bench.mjs.
    println!("NATIVE_US_PER_EVAL={:.3}", median * 1e6);
    println!("NATIVE_BEST_US_PER_EVAL={:.3}", best * 1e6);
}
