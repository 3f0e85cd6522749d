//! The worked examples of the cost model (spec section 8), to 1e-9 relative error.
//!
//! Each scenario carries the prices the spec states for it under `prices`, so these figures stay
//! the spec's whatever later catalog updates do. `catalog.rs` checks the catalog separately.

use loopcost::catalog::Catalog;
use loopcost::engine::{Evaluation, evaluate};
use loopcost::scenario::parse;
use serde_json::{Value, json};

/// The spec's Sonnet: $3 / $15, writes 1.25× and 2×, reads 0.1×, cacheable from 1,024 tokens.
fn sonnet() -> Value {
    json!({"id": "sonnet", "input": 3, "output": 15, "cache_write_5m": 3.75, "cache_write_1h": 6,
           "cache_read": 0.3, "min_cacheable_tokens": 1024, "provider": "anthropic"})
}

fn run(scenario: Value) -> Evaluation {
    let s = parse(&scenario.to_string(), Catalog::builtin()).unwrap_or_else(|e| panic!("{e:?}"));
    evaluate(&s, Catalog::builtin()).unwrap()
}

#[track_caller]
fn close(actual: f64, expected: f64) {
    let rel = ((actual - expected) / expected).abs();
    assert!(rel <= 1e-9, "got {actual}, spec says {expected} (relative error {rel:e})");
}

#[test]
fn example_1_customer_support_turn() {
    let e = run(json!({
        "stages": [{"mix": [{"model": "sonnet"}], "system_tokens": 1200, "user_tokens": 2580, "output_tokens": 350}],
        "prices": [sonnet()]
    }));
    close(e.run.input_tokens, 3780.0);
    close(e.run.output_tokens, 350.0);
    close(e.run.cost_usd, 0.01659);
}

fn lookup_agent() -> Value {
    json!({
        "stages": [{"name": "lookup", "mix": [{"model": "sonnet"}], "iterations": 4,
            "system_tokens": 250, "user_tokens": 200,
            "turns": [
                {"output_tokens": 80, "tool_result_tokens": 1500},
                {"output_tokens": 60, "tool_result_tokens": 2200},
                {"output_tokens": 60, "tool_result_tokens": 800},
                {"output_tokens": 250}
            ]}],
        "prices": [sonnet()]
    })
}

#[test]
fn example_2_tool_recursion_lookup_agent() {
    let e = run(lookup_agent());
    let prompts: Vec<f64> = e.stages[0].turns.iter().map(|t| t.prompt_size).collect();
    assert_eq!(prompts, [450.0, 2030.0, 4290.0, 5150.0]);
    close(e.run.input_tokens, 11920.0);
    close(e.run.prompt_tokens, 11920.0);
    close(e.run.output_tokens, 450.0);
    close(e.run.cost_usd, 0.04251);
    close(e.naive_cost_usd, 0.00510);
    let ratio = e.real_over_naive.unwrap();
    assert_eq!(format!("{ratio:.1}"), "8.3");
}

#[test]
fn example_3_research_agent_table() {
    let e = run(json!({
        "stages": [{"mix": [{"model": "sonnet"}], "iterations": 5, "system_tokens": 3000, "user_tokens": 200,
            "turns": [
                {"output_tokens": 350, "tool_result_tokens": 1700},
                {"output_tokens": 300, "tool_result_tokens": 1950},
                {"output_tokens": 400, "tool_result_tokens": 2000},
                {"output_tokens": 350, "tool_result_tokens": 2250},
                {"output_tokens": 450}
            ]}],
        "traffic": {"runs_per_day": 1000},
        "prices": [sonnet()]
    }));
    let prompts: Vec<f64> = e.stages[0].turns.iter().map(|t| t.prompt_size).collect();
    assert_eq!(prompts, [3200.0, 5250.0, 7500.0, 9900.0, 12500.0]);
    close(e.run.input_tokens, 38350.0);
    close(e.run.output_tokens, 1850.0);
    close(e.run.cost_usd, 0.1428);
    close(e.daily_usd, 142.80);
}

fn rag(cache: Value, runs_per_day: f64, iterations: u32) -> Evaluation {
    run(json!({
        "stages": [{"kind": "fanout", "mix": [{"model": "sonnet"}], "iterations": iterations,
            "system_tokens": 2000, "user_tokens": 8000, "output_tokens": 800, "cache": cache}],
        "traffic": {"runs_per_day": runs_per_day},
        "prices": [sonnet()]
    }))
}

#[test]
fn example_4_rag_call_with_cached_system_prompt() {
    // Warm at the start of the run: traffic so heavy that w = 1.
    let warm = rag(json!({"mode": "system"}), 1e9, 1);
    assert_eq!(warm.stages[0].models[0].warm_probability, 1.0);
    close(warm.run.cache_read_input_tokens, 2000.0);
    close(warm.run.input_tokens, 8000.0);
    close(warm.run.cost_usd, 0.0366);

    // Cold: nothing shares the prefix, so S is written.
    let cold = rag(json!({"mode": "system", "shared_prefix": false}), 1000.0, 1);
    close(cold.run.cache_creation_input_tokens, 2000.0);
    close(cold.run.cost_usd, 0.0435);

    // A later call of the same run reads what the first one wrote.
    let two = rag(json!({"mode": "system", "shared_prefix": false}), 1000.0, 2);
    close(two.stages[0].turns[0].usage.cost_usd, 0.0435);
    close(two.stages[0].turns[1].usage.cost_usd, 0.0366);

    let none = rag(json!({"mode": "none"}), 1000.0, 1);
    close(none.run.cost_usd, 0.042);
}

#[test]
fn example_5_cost_per_thousand_tasks_and_tier_mix() {
    let prices = json!([
        {"id": "opus-4-1", "input": 15, "output": 75, "cache_write_5m": 18.75, "cache_write_1h": 30, "cache_read": 1.5},
        sonnet(),
        {"id": "haiku-3-5", "input": 0.8, "output": 4, "cache_write_5m": 1, "cache_write_1h": 1.6, "cache_read": 0.08}
    ]);
    let per_thousand = |mix: Value| {
        run(json!({
            "stages": [{"mix": mix, "system_tokens": 2000, "output_tokens": 500}],
            "traffic": {"runs_per_day": 1000},
            "prices": prices.clone()
        }))
        .daily_usd
    };
    close(per_thousand(json!([{"model": "opus-4-1"}])), 67.50);
    close(per_thousand(json!([{"model": "sonnet"}])), 13.50);
    close(per_thousand(json!([{"model": "haiku-3-5"}])), 3.60);
    close(
        per_thousand(json!([
            {"model": "opus-4-1", "share": 0.05}, {"model": "sonnet", "share": 0.45}, {"model": "haiku-3-5", "share": 0.5}
        ])),
        11.25,
    );
}

/// The seed slips the spec corrects (end of section 8).
#[test]
fn seed_slips_are_corrected() {
    // A 2,000-token cache write on Sonnet is $0.0075.
    let write = rag(json!({"mode": "system", "shared_prefix": false}), 1.0, 1);
    close(write.run.cache_write_cost_usd, 0.0075);
    // 200,000 × 200 output tokens on Sonnet is $600.
    let out = run(json!({
        "stages": [{"mix": [{"model": "sonnet"}], "output_tokens": 200}],
        "traffic": {"runs_per_day": 200000},
        "prices": [sonnet()]
    }));
    close(out.daily_usd, 600.0);
    // The 8K + 12K cached support turn: 20,000 read, 200 fresh, 600 out = $0.0156.
    let support = run(json!({
        "stages": [{"mix": [{"model": "sonnet"}], "system_tokens": 20000, "user_tokens": 200, "output_tokens": 600,
            "cache": {"mode": "system"}}],
        "traffic": {"runs_per_day": 1e9},
        "prices": [sonnet()]
    }));
    close(support.run.cost_usd, 0.0156);
}
