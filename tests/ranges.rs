//! Cost ranges (spec section 10): iteration counts that vary. The expected figures are worked
//! out by hand from the spec's formulas on loops small enough to do so; the properties hold for
//! any scenario.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use loopcost::catalog::Catalog;
use loopcost::engine::{Evaluation, Percentiles, evaluate, normal_cdf};
use loopcost::scenario::{Iterations, parse, validate};
use proptest::prelude::*;
use serde_json::{Value, json};

/// $1 input, $2 output per million tokens; no caching in these loops.
fn eval(iterations: Value, traffic: Value, budget: Option<f64>) -> Evaluation {
    let mut v = json!({
        "stages": [{"mix": [{"model": "m"}], "iterations": iterations, "system_tokens": 1000, "output_tokens": 100}],
        "traffic": traffic,
        "prices": [{"id": "m", "provider": "anthropic", "input": 1, "output": 2}]
    });
    if let Some(b) = budget {
        v["budget"] = json!({"monthly_usd": b});
    }
    let s = parse(&v.to_string(), Catalog::builtin()).unwrap_or_else(|e| panic!("{e:#?}"));
    evaluate(&s, Catalog::builtin()).unwrap()
}

#[track_caller]
fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-12 * b.abs().max(1e-9), "{a} vs {b}");
}

// The loop: turn k's prompt is 1,000 + 100·(k−1) (each turn's output stays in the history),
// and each turn writes 100 tokens. So turn k costs (1,000 + 100·(k−1))·1 + 100·2 = 1,100 + 100·k
// micro-dollars: cost(1) = 1,200, cost(2) = 2,500, cost(3) = 3,900 (all ×1e-6).
const C1: f64 = 1200e-6;
const C2: f64 = 2500e-6;
const C3: f64 = 3900e-6;

#[test]
fn uniform_one_to_three() {
    let e = eval(json!({"min": 1, "max": 3}), json!({"runs_per_day": 100, "days_per_month": 30}), Some(7.5));
    let mean = (C1 + C2 + C3) / 3.0;
    close(e.run.cost_usd, mean);
    let r = e.range.as_ref().unwrap();
    // A run of average length (2 turns) costs less than the average run: the loop is convex.
    close(r.cost_at_mean_iterations_usd, C2);
    assert!(r.cost_at_mean_iterations_usd < e.run.cost_usd);
    assert_eq!(r.percentiles, Percentiles::Exact);
    close(r.p10_usd, C1);
    close(r.p50_usd, C2);
    close(r.p90_usd, C3);
    let var = ((C1 - mean).powi(2) + (C2 - mean).powi(2) + (C3 - mean).powi(2)) / 3.0;
    close(r.std_dev_usd, var.sqrt());
    // A month: 3,000 runs.
    let m = 3000.0;
    close(e.monthly_usd, m * mean);
    close(r.monthly_p10_usd, m * mean - 1.2816 * var.sqrt() * m.sqrt());
    close(r.monthly_p90_usd, m * mean + 1.2816 * var.sqrt() * m.sqrt());
    close(r.budget_exceed_probability.unwrap(), 1.0 - normal_cdf((7.5 - m * mean) / (var.sqrt() * m.sqrt())));
    // The per-turn table shows the median run.
    assert_eq!(e.stages[0].turns.len(), 2);
    let st = e.stages[0].varies.as_ref().unwrap();
    assert_eq!((st.mean_iterations, st.median_iterations), (2.0, 2));
    let costs: Vec<f64> = st.distribution.iter().map(|d| d.cost_usd).collect();
    for (a, b) in costs.iter().zip([C1, C2, C3]) {
        close(*a, b);
    }
}

#[test]
fn stop_probability_with_a_cap() {
    // P(1) = 1/2, P(2) = 1/4, and the cap takes the rest: P(3) = 1/4.
    let e = eval(json!({"stop_probability": 0.5, "max": 3}), json!({"runs_per_day": 10}), None);
    close(e.run.cost_usd, 0.5 * C1 + 0.25 * C2 + 0.25 * C3);
    let r = e.range.as_ref().unwrap();
    close(r.p10_usd, C1);
    close(r.p50_usd, C1);
    close(r.p90_usd, C3);
    assert_eq!(r.budget_exceed_probability, None);
    assert_eq!(e.stages[0].turns.len(), 1, "the median run");
}

#[test]
fn triangle_and_counts() {
    // Triangle 1..3 peaking at 2: P = 1/4, 1/2, 1/4.
    let e = eval(json!({"min": 1, "mode": 2, "max": 3}), json!({}), None);
    close(e.run.cost_usd, 0.25 * C1 + 0.5 * C2 + 0.25 * C3);
    // Observed: 6 runs of 1 turn, 2 of 3.
    let e = eval(json!({"counts": {"1": 6, "3": 2}}), json!({}), None);
    close(e.run.cost_usd, 0.75 * C1 + 0.25 * C3);
    let r = e.range.unwrap();
    close(r.p90_usd, C3);
    // Mean 1.5 turns: halfway between the costs of 1 and 3 turns' neighbours in the histogram.
    close(r.cost_at_mean_iterations_usd, C1 + 0.25 * (C3 - C1));
}

#[test]
fn the_month_is_certain_when_nothing_varies_in_cost() {
    // One count: no spread; over budget or not, for sure.
    let e = eval(json!({"counts": {"2": 5}}), json!({"runs_per_day": 1000, "days_per_month": 30}), Some(10.0));
    let r = e.range.unwrap();
    assert_eq!(r.std_dev_usd, 0.0);
    assert_eq!(r.budget_exceed_probability, Some(1.0));
    close(r.monthly_p10_usd, 30_000.0 * C2);
}

#[test]
fn many_combinations_are_sampled_with_a_fixed_seed() {
    // Three stages of 1..60 turns: 216,000 combinations, more than the 100,000 computed exactly.
    let st = |name: &str| json!({"name": name, "mix": [{"model": "m"}], "iterations": {"min": 1, "max": 60}, "system_tokens": 1000, "output_tokens": 100});
    let v = json!({"stages": [st("a"), st("b"), st("c")], "prices": [{"id": "m", "provider": "anthropic", "input": 1, "output": 2}]});
    let s = parse(&v.to_string(), Catalog::builtin()).unwrap();
    let a = evaluate(&s, Catalog::builtin()).unwrap().range.unwrap();
    let b = evaluate(&s, Catalog::builtin()).unwrap().range.unwrap();
    assert_eq!(a.percentiles, Percentiles::Sampled);
    assert_eq!(a, b, "the same figures every time");
    assert!(a.p10_usd < a.p50_usd && a.p50_usd < a.p90_usd);
    // cost(n) = Σ_{k≤n} (1,100 + 100·k)·1e-6 = (1,100·n + 50·n·(n+1))·1e-6. All 216,000 runs,
    // counted here by brute force: each sampled percentile sits where the exact distribution
    // puts it, within four standard errors of a quantile of 100,000 draws (√(q(1−q)/100,000)),
    // and its cost within 2 % of the exact one.
    let one = |n: u32| (1100.0 * n as f64 + 50.0 * (n * (n + 1)) as f64) * 1e-6;
    let mut all: Vec<f64> = Vec::with_capacity(216_000);
    for x in 1..=60 {
        for y in 1..=60 {
            for z in 1..=60 {
                all.push(one(x) + one(y) + one(z));
            }
        }
    }
    all.sort_by(f64::total_cmp);
    // The smallest cost with at least q of the runs at or below it.
    let exact = |q: f64| all[(q * all.len() as f64).ceil() as usize - 1];
    let share_at_or_below = |x: f64| all.partition_point(|&c| c <= x + 1e-12) as f64 / all.len() as f64;
    for (sampled, q) in [(a.p10_usd, 0.1), (a.p50_usd, 0.5), (a.p90_usd, 0.9)] {
        let se: f64 = (q * (1.0 - q) / 100_000.0_f64).sqrt();
        let at = share_at_or_below(sampled);
        assert!((at - q).abs() < 4.0 * se, "p{}: {sampled} is the exact distribution's {at}", q * 100.0);
        assert!((sampled / exact(q) - 1.0).abs() < 0.02, "p{}: {sampled} vs {}", q * 100.0, exact(q));
    }
}

#[test]
fn distributions_are_checked_and_named_where_they_are_wrong() {
    let c = Catalog::builtin();
    let issues = |iterations: Value| -> Vec<String> {
        let v = json!({"stages": [{"iterations": iterations}]});
        match parse(&v.to_string(), c) {
            Ok(s) => validate(&s, c).into_iter().map(|i| format!("{}: {}", i.path, i.message)).collect(),
            Err(e) => e.into_iter().map(|i| format!("{}: {}", i.path, i.message)).collect(),
        }
    };
    assert!(issues(json!({"min": 5, "max": 3}))[0].starts_with("stages.0.iterations.max: must be at least the fewest"));
    assert!(issues(json!({"min": 1, "mode": 9, "max": 3}))[0].starts_with("stages.0.iterations.mode:"));
    assert!(issues(json!({"stop_probability": 0, "max": 3}))[0].starts_with("stages.0.iterations.stop_probability:"));
    assert!(
        issues(json!({"min": 0, "max": 3}))[0].starts_with("stages.0.iterations.min: must be between 1 and 10,000")
    );
    assert!(issues(json!({"max": 3}))[0].starts_with("stages.0.iterations.min: is required"));
    assert!(issues(json!({"counts": {"x": 1}}))[0].contains("\"x\" is not a number of turns"));
    assert!(issues(json!({"counts": {}}))[0].contains("must count at least one run"));
    assert!(issues(json!({"min": 1, "max": 3, "stop_probability": 0.5}))[0].contains("does not go with"));
    assert!(issues(json!({"min": 1, "max": 3, "often": 2}))[0].contains("unknown field \"often\""));
    // A trace of turns fixes the count.
    let v = json!({"stages": [{"iterations": {"min": 1, "max": 2}, "turns": [{"output_tokens": 1, "tool_result_tokens": 0}]}]});
    let e = parse(&v.to_string(), c).unwrap_err();
    assert!(e.iter().any(|i| i.path == "stages.0.turns" && i.message.contains("cannot go with")), "{e:?}");
}

#[test]
fn files_keep_their_distribution() {
    let c = Catalog::builtin();
    for d in [
        json!({"min": 2, "max": 9}),
        json!({"min": 2, "mode": 4, "max": 9}),
        json!({"stop_probability": 0.2, "max": 30}),
        json!({"counts": {"3": 4, "12": 1}}),
    ] {
        let v = json!({"stages": [{"iterations": d}]});
        let s = parse(&v.to_string(), c).unwrap();
        assert_eq!(s.stages[0].to_value()["iterations"], d);
        assert_eq!(parse(&s.to_json(), c).unwrap(), s);
    }
    assert_eq!(Iterations::Counts(vec![(3, 4.0), (12, 1.0)]).median(), 3);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// For any stage: cost(n) is the stage evaluated with n turns; the mean lies between the
    /// cheapest and dearest run; p10 ≤ p50 ≤ p90; a distribution of one count is that count.
    #[test]
    fn ranges_agree_with_fixed_counts(s in common::scenario(), lo in 1u32..12, span in 0u32..10, stop in 0.05f64..1.0) {
        let c = Catalog::builtin();
        let mut s = s;
        s.stages.truncate(2);
        for st in &mut s.stages {
            st.turns = None;
        }
        let fixed_n = lo + span / 2;
        s.stages[0].iterations = fixed_n;
        let Ok(fixed) = evaluate(&s, c) else { return Ok(()) };
        // One count.
        let mut one = s.clone();
        one.stages[0].varies = Some(Iterations::Counts(vec![(fixed_n, 3.0)]));
        let e1 = evaluate(&one, c).unwrap();
        prop_assert_eq!(e1.run.cost_usd, fixed.run.cost_usd);
        prop_assert_eq!(e1.monthly_usd, fixed.monthly_usd);
        // Ranges of counts, uniform and by stop probability.
        for d in [Iterations::Range { min: lo, max: lo + span }, Iterations::Stop { p: stop, max: lo + span }] {
            let mut v = s.clone();
            v.stages[0].iterations = d.median();
            v.stages[0].varies = Some(d.clone());
            let e = evaluate(&v, c).unwrap();
            let r = e.range.clone().unwrap();
            let st = e.stages[0].varies.clone().unwrap();
            for ic in &st.distribution {
                let mut at = s.clone();
                at.stages[0].iterations = ic.iterations;
                let direct = evaluate(&at, c).unwrap().stages[0].usage.cost_usd;
                prop_assert!((ic.cost_usd - direct).abs() <= 1e-9 * direct.abs().max(1e-12), "cost({}) {} vs {}", ic.iterations, ic.cost_usd, direct);
            }
            let lo_cost = st.distribution.iter().map(|d| d.cost_usd).fold(f64::INFINITY, f64::min);
            let hi_cost = st.distribution.iter().map(|d| d.cost_usd).fold(0.0, f64::max);
            prop_assert!(st.expected_cost_usd >= lo_cost * (1.0 - 1e-12) && st.expected_cost_usd <= hi_cost * (1.0 + 1e-12));
            prop_assert!(r.p10_usd <= r.p50_usd && r.p50_usd <= r.p90_usd);
            prop_assert!(r.monthly_p10_usd <= e.monthly_usd * (1.0 + 1e-12) && e.monthly_usd <= r.monthly_p90_usd * (1.0 + 1e-12));
            if let Some(p) = r.budget_exceed_probability {
                prop_assert!((0.0..=1.0).contains(&p));
            }
        }
    }
}
