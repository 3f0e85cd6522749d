//! The cost model's rules (spec sections 1–6), each on a case small enough to work out by hand.
//! The expected figures below come from the spec's formulas, computed on paper, not from the
//! engine.

use loopcost::catalog::Catalog;
use loopcost::engine::{Evaluation, WarningKind, evaluate};
use loopcost::scenario::{parse, validate};
use serde_json::{Value, json};

/// $3 / $15, writes 3.75 (5m) and 6 (1h), reads 0.30, cacheable from `min` tokens.
fn model(id: &str, min: u64) -> Value {
    json!({"id": id, "provider": "anthropic", "input": 3, "output": 15, "cache_write_5m": 3.75,
           "cache_write_1h": 6, "cache_read": 0.3, "min_cacheable_tokens": min})
}

fn eval(mut scenario: Value) -> Evaluation {
    if scenario.get("prices").is_none() {
        scenario["prices"] = json!([model("m", 1024)]);
    }
    let s = parse(&scenario.to_string(), Catalog::builtin()).unwrap_or_else(|e| panic!("{e:#?}"));
    evaluate(&s, Catalog::builtin()).unwrap()
}

fn stage(extra: Value) -> Value {
    let mut st = json!({"mix": [{"model": "m"}]});
    for (k, v) in extra.as_object().unwrap() {
        st[k] = v.clone();
    }
    st
}

#[track_caller]
fn close(actual: f64, expected: f64) {
    let scale = expected.abs().max(1e-12);
    assert!(((actual - expected) / scale).abs() <= 1e-9, "got {actual}, expected {expected}");
}

fn conversation(t: f64, ttl: &str) -> Value {
    json!({"stages": [stage(json!({"iterations": 3, "system_tokens": 2000, "user_tokens": 100,
        "output_tokens": 100, "tool_result_tokens": 1000,
        "cache": {"mode": "conversation", "ttl": ttl, "seconds_per_turn": t, "shared_prefix": false}}))]})
}

#[test]
fn conversation_cache_reads_the_previous_prompt_and_writes_the_new_part() {
    // Prompts 2100, 3200, 4300. Turn 1 writes all 2100 (cold); turns 2 and 3 read the previous
    // prompt and write 1100 each.
    let e = eval(conversation(10.0, "5m"));
    let t = &e.stages[0].turns;
    assert_eq!([t[0].prompt_size, t[1].prompt_size, t[2].prompt_size], [2100.0, 3200.0, 4300.0]);
    close(t[0].usage.cache_creation_input_tokens, 2100.0);
    close(t[1].usage.cache_read_input_tokens, 2100.0);
    close(t[1].usage.cache_creation_input_tokens, 1100.0);
    close(t[2].usage.cache_read_input_tokens, 3200.0);
    close(e.run.input_tokens, 0.0);
    // 4300 written × 3.75 + 5300 read × 0.30 + 300 out × 15.
    close(e.run.cost_usd, (4300.0 * 3.75 + 5300.0 * 0.3 + 300.0 * 15.0) / 1e6);
}

#[test]
fn cumulative_cost_by_class_runs_turn_by_turn() {
    // The same three turns: writes 2100, 1100, 1100; reads 0, 2100, 3200; 100 out each.
    let e = eval(conversation(10.0, "5m"));
    let c = e.stages[0].cumulative_by_class();
    assert_eq!(c.len(), 3);
    let expected = [
        [0.0, 2100.0 * 3.75, 0.0, 100.0 * 15.0],
        [0.0, 3200.0 * 3.75, 2100.0 * 0.3, 200.0 * 15.0],
        [0.0, 4300.0 * 3.75, 5300.0 * 0.3, 300.0 * 15.0],
    ];
    for (k, row) in expected.iter().enumerate() {
        for (class, want) in row.iter().enumerate() {
            close(c[k][class], want / 1e6);
        }
        close(c[k].iter().sum(), e.stages[0].turns[k].cumulative_cost_usd);
    }
}

#[test]
fn past_the_ttl_every_turn_rewrites_and_caching_can_cost_more() {
    let e = eval(conversation(400.0, "5m"));
    close(e.run.cache_creation_input_tokens, 9600.0);
    close(e.run.cache_read_input_tokens, 0.0);
    close(e.run.cost_usd, (9600.0 * 3.75 + 300.0 * 15.0) / 1e6);
    close(e.stages[0].uncached_cost_usd, (9600.0 * 3.0 + 300.0 * 15.0) / 1e6);
    assert!(e.warnings.iter().any(|w| w.kind == WarningKind::CacheCostsMore));

    // The 1-hour TTL keeps the conversation warm at 400 s a turn, at the 1h write price.
    let hour = eval(conversation(400.0, "1h"));
    close(hour.run.cost_usd, (4300.0 * 6.0 + 5300.0 * 0.3 + 300.0 * 15.0) / 1e6);
    assert!(!hour.warnings.iter().any(|w| w.kind == WarningKind::CacheCostsMore));
}

#[test]
fn trimming_drops_the_oldest_pairs_and_rewrites_after_the_prefix() {
    let e = eval(json!({"stages": [stage(json!({"iterations": 4, "system_tokens": 1000, "output_tokens": 100,
        "tool_result_tokens": 500, "history_limit_tokens": 1000,
        "cache": {"mode": "conversation", "shared_prefix": false}}))],
        "prices": [model("m", 512)]}));
    let t = &e.stages[0].turns;
    let prompts: Vec<f64> = t.iter().map(|t| t.prompt_size).collect();
    assert_eq!(prompts, [1000.0, 1600.0, 1600.0, 1600.0]);
    let trimmed: Vec<bool> = t.iter().map(|t| t.trimmed).collect();
    assert_eq!(trimmed, [false, false, true, true]);
    close(t[2].usage.cache_read_input_tokens, 1000.0);
    close(t[2].usage.cache_creation_input_tokens, 600.0);
    close(e.run.cache_creation_input_tokens, 2800.0);
    close(e.run.cache_read_input_tokens, 3000.0);
    close(e.run.cost_usd, (2800.0 * 3.75 + 3000.0 * 0.3 + 400.0 * 15.0) / 1e6);
    assert!(e.warnings.iter().any(|w| w.kind == WarningKind::TrimRewritesCache));
}

#[test]
fn a_pair_larger_than_the_limit_is_dropped_too() {
    let e = eval(json!({"stages": [stage(json!({"iterations": 3, "system_tokens": 1000, "output_tokens": 100,
        "tool_result_tokens": 500, "history_limit_tokens": 500}))]}));
    let prompts: Vec<f64> = e.stages[0].turns.iter().map(|t| t.prompt_size).collect();
    assert_eq!(prompts, [1000.0, 1000.0, 1000.0]);
}

#[test]
fn a_prompt_below_the_minimum_is_never_cached() {
    // S = 500 < 1024: no breakpoint after S. P1 = 500 is all fresh; P2 = 1100 follows a prompt
    // that was never cached, so it is written whole; P3 = 1700 reads P2.
    let e = eval(json!({"stages": [stage(json!({"iterations": 3, "system_tokens": 500, "tool_result_tokens": 600,
        "cache": {"mode": "conversation", "shared_prefix": false}}))]}));
    let t = &e.stages[0].turns;
    close(t[0].usage.input_tokens, 500.0);
    close(t[1].usage.cache_creation_input_tokens, 1100.0);
    close(t[2].usage.cache_read_input_tokens, 1100.0);
    close(t[2].usage.cache_creation_input_tokens, 600.0);
    assert!(e.warnings.iter().any(|w| w.kind == WarningKind::PrefixBelowMinimum));
}

#[test]
fn warm_probability_follows_traffic() {
    // 864 runs a day on one model: λ = 0.01 per second; a 3-turn run at 10 s keeps S warm for
    // 300 + 2 × 10 = 320 s: w = 1 − e^(−3.2).
    let w = 1.0 - (-3.2f64).exp();
    let e = eval(json!({"stages": [stage(json!({"iterations": 3, "system_tokens": 2000, "user_tokens": 0,
        "cache": {"mode": "system", "seconds_per_turn": 10}}))], "traffic": {"runs_per_day": 864}}));
    close(e.stages[0].models[0].warm_probability, w);
    let t = &e.stages[0].turns;
    close(t[0].usage.cache_read_input_tokens, 2000.0 * w);
    close(t[0].usage.cache_creation_input_tokens, 2000.0 * (1.0 - w));
    close(t[1].usage.cache_read_input_tokens, 2000.0);

    // Half the runs on each of two models: each sees half the traffic.
    let mixed = eval(json!({"stages": [{"mix": [{"model": "m", "share": 0.5}, {"model": "n", "share": 0.5}],
        "iterations": 3, "system_tokens": 2000, "cache": {"mode": "system", "seconds_per_turn": 10}}],
        "traffic": {"runs_per_day": 864}, "prices": [model("m", 1024), model("n", 1024)]}));
    close(mixed.stages[0].models[0].warm_probability, 1.0 - (-1.6f64).exp());

    // Past the TTL the window is the TTL alone, and later turns are only warm with probability w.
    let slow = eval(json!({"stages": [stage(json!({"iterations": 3, "system_tokens": 2000,
        "cache": {"mode": "system", "seconds_per_turn": 600}}))], "traffic": {"runs_per_day": 864}}));
    let w_slow = 1.0 - (-3.0f64).exp();
    close(slow.stages[0].models[0].warm_probability, w_slow);
    close(slow.stages[0].turns[2].usage.cache_read_input_tokens, 2000.0 * w_slow);

    // shared_prefix false: nothing else keeps it warm.
    let alone = eval(json!({"stages": [stage(json!({"iterations": 1, "system_tokens": 2000,
        "cache": {"mode": "system", "shared_prefix": false}}))], "traffic": {"runs_per_day": 1e6}}));
    assert_eq!(alone.stages[0].models[0].warm_probability, 0.0);
}

#[test]
fn fanout_shares_only_the_prefix_and_conversation_acts_as_system() {
    let e = eval(json!({"stages": [stage(json!({"kind": "fanout", "iterations": 3, "system_tokens": 2000,
        "user_tokens": 300, "output_tokens": 50, "tool_result_tokens": 999,
        "cache": {"mode": "conversation", "shared_prefix": false}}))]}));
    let t = &e.stages[0].turns;
    assert!(t.iter().all(|t| t.prompt_size == 2300.0));
    close(t[0].usage.cache_creation_input_tokens, 2000.0);
    close(t[1].usage.cache_read_input_tokens, 2000.0);
    close(e.run.input_tokens, 900.0);
    close(e.run.output_tokens, 150.0);
}

#[test]
fn long_context_bills_the_whole_request_at_the_higher_rates() {
    let mut lc = model("big", 1024);
    lc["long_context"] = json!({"threshold_tokens": 1000, "input": 6, "output": 30, "cache_write_5m": 7.5,
        "cache_write_1h": 12, "cache_read": 0.6});
    // Prompts 1000 (not over) and 1600 (over).
    let e = eval(json!({"stages": [{"mix": [{"model": "big"}], "iterations": 2, "system_tokens": 1000,
        "output_tokens": 100, "tool_result_tokens": 500}], "prices": [lc]}));
    let t = &e.stages[0].turns;
    close(t[0].usage.cost_usd, (1000.0 * 3.0 + 100.0 * 15.0) / 1e6);
    close(t[1].usage.cost_usd, (1600.0 * 6.0 + 100.0 * 30.0) / 1e6);
    assert_eq!(t[1].long_context_share, 1.0);
    assert!(e.warnings.iter().any(|w| w.kind == WarningKind::LongContextPricing));
}

#[test]
fn context_overflow_is_reported_and_still_costed() {
    let mut small = model("small", 1024);
    small["context_window"] = json!(5000);
    let e = eval(json!({"stages": [{"mix": [{"model": "small"}], "iterations": 4, "system_tokens": 1000,
        "output_tokens": 100, "tool_result_tokens": 1400}], "prices": [small]}));
    // Prompts 1000, 2500, 4000, 5500: turn 3 needs 4100 ≤ 5000, turn 4 needs 5600.
    assert_eq!(e.overflows.len(), 1);
    assert_eq!(e.overflows[0].turn, 4);
    assert_eq!(e.overflows[0].stage, Some(0));
    close(e.run.input_tokens, 13000.0);
    assert!(e.warnings.iter().any(|w| w.kind == WarningKind::ContextOverflow));
}

#[test]
fn retries_scale_tokens_requests_and_cost() {
    let base = eval(json!({"stages": [stage(json!({"iterations": 2, "system_tokens": 1000, "output_tokens": 100}))]}));
    let retried = eval(
        json!({"stages": [stage(json!({"iterations": 2, "system_tokens": 1000, "output_tokens": 100, "retry_rate": 0.1}))]}),
    );
    close(retried.run.requests, 2.2);
    close(retried.run.prompt_tokens, base.run.prompt_tokens * 1.1);
    close(retried.run.cost_usd, base.run.cost_usd * 1.1);
    close(retried.naive_cost_usd, base.naive_cost_usd);
}

#[test]
fn router_call_is_one_fresh_request() {
    let e = eval(json!({"stages": [stage(json!({"system_tokens": 1000}))],
        "router": {"model": "m", "input_tokens": 400, "output_tokens": 10}}));
    close(e.router.as_ref().unwrap().usage.cost_usd, (400.0 * 3.0 + 10.0 * 15.0) / 1e6);
    close(e.run.requests, 2.0);
    close(e.run.cost_usd, (1000.0 * 3.0 + 400.0 * 3.0 + 10.0 * 15.0) / 1e6);
    close(e.naive_cost_usd, 1000.0 * 3.0 / 1e6);
}

#[test]
fn batch_share_discounts_every_billed_cost_but_not_the_naive_estimate() {
    let mut m = model("m", 1024);
    m["batch_multiplier"] = json!(0.5);
    let s = |share: f64| {
        eval(json!({"stages": [stage(json!({"system_tokens": 1000, "output_tokens": 100}))],
            "router": {"model": "m", "input_tokens": 100, "output_tokens": 10},
            "traffic": {"runs_per_day": 100, "batch_share": share}, "prices": [m.clone()]}))
    };
    let (full, half) = (s(0.0), s(0.5));
    // A batch multiplier of 0.5: half the runs batched bills 0.75 of the cost.
    close(half.run.cost_usd, full.run.cost_usd * 0.75);
    close(half.stages[0].turns[0].usage.cost_usd, full.stages[0].turns[0].usage.cost_usd * 0.75);
    close(half.router.as_ref().unwrap().usage.cost_usd, full.router.as_ref().unwrap().usage.cost_usd * 0.75);
    close(half.daily_usd, full.daily_usd * 0.75);
    close(half.naive_cost_usd, full.naive_cost_usd);
    close(half.run.prompt_tokens, full.run.prompt_tokens);
    close(half.batch_savings_usd, full.run.cost_usd * 0.25);

    // A custom model of no known provider cannot be batched unless it says at what discount
    // (spec 9.3): the scenario is invalid at traffic.batch_share, naming the model.
    let mut own = model("own", 1024);
    own.as_object_mut().unwrap().remove("provider");
    let text = json!({"stages": [{"mix": [{"model": "own"}], "system_tokens": 1000}],
        "traffic": {"batch_share": 1}, "prices": [own.clone()]})
    .to_string();
    let issues = parse(&text, Catalog::builtin()).unwrap_err();
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].path, "traffic.batch_share");
    assert!(issues[0].message.contains("own has no Batch API prices"), "{}", issues[0].message);
    own["batch_multiplier"] = json!(0.5);
    let discounted = eval(json!({"stages": [{"mix": [{"model": "own"}], "system_tokens": 1000}],
        "traffic": {"batch_share": 1}, "prices": [own]}));
    close(discounted.run.cost_usd, 1000.0 * 3.0 / 1e6 * 0.5);
}

#[test]
fn traffic_month_and_budget() {
    let e = eval(json!({"stages": [stage(json!({"system_tokens": 1000}))],
        "traffic": {"runs_per_day": 200, "days_per_month": 20}, "budget": {"monthly_usd": 24}}));
    close(e.daily_usd, 0.003 * 200.0);
    close(e.monthly_usd, 0.003 * 200.0 * 20.0);
    close(e.budget_used.unwrap(), 12.0 / 24.0);
}

#[test]
fn naive_estimate_uses_the_last_trace_output_and_sums_stages() {
    let e = eval(json!({"stages": [
        stage(json!({"iterations": 2, "system_tokens": 100, "user_tokens": 100,
            "turns": [{"output_tokens": 10, "tool_result_tokens": 5}, {"output_tokens": 40}]})),
        stage(json!({"iterations": 3, "system_tokens": 50, "output_tokens": 7, "final_output_tokens": 20}))
    ]}));
    close(e.naive_cost_usd, (200.0 * 3.0 + 40.0 * 15.0 + 50.0 * 3.0 + 20.0 * 15.0) / 1e6);
}

#[test]
fn evaluate_refuses_an_invalid_typed_scenario() {
    let mut s = loopcost::presets::default_scenario();
    s.stages[0].iterations = 0;
    s.traffic.batch_share = f64::NAN;
    let issues = evaluate(&s, Catalog::builtin()).unwrap_err();
    let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    assert!(paths.contains(&"stages.0.iterations"));
    assert!(paths.contains(&"traffic.batch_share"));
    assert_eq!(validate(&loopcost::presets::default_scenario(), Catalog::builtin()), vec![]);
}

#[test]
fn levers_change_one_setting_at_a_time() {
    use loopcost::engine::levers;
    let c = Catalog::builtin();
    // The research agent on "m" ($3 / $15, batch 0.5). Its provider's family is overridden with
    // prices of this test's own: small at a third of m's prices, medium at m's, large at 5/3.
    let mut s = loopcost::presets::preset("research-agent").unwrap();
    let fam = |size: &str| c.family("anthropic", size).unwrap().id.clone();
    let priced = |id: &str, f: f64| {
        let mut v = model(id, 1024);
        for k in ["input", "output", "cache_write_5m", "cache_write_1h", "cache_read"] {
            v[k] = json!(v[k].as_f64().unwrap() * f);
        }
        v["batch_multiplier"] = json!(0.5);
        v
    };
    let mut text = s.to_value();
    text["prices"] = json!([
        priced("m", 1.0),
        priced(&fam("small"), 1.0 / 3.0),
        priced(&fam("medium"), 1.0),
        priced(&fam("large"), 5.0 / 3.0)
    ]);
    text["stages"][0]["mix"] = json!([{"model": "m", "share": 1}]);
    s = parse(&text.to_string(), c).unwrap();
    let l = levers(&s, c);
    let get = |id: &str| l.iter().find(|l| l.id == id).unwrap_or_else(|| panic!("lever {id} in {l:#?}"));
    assert!(get("cache_none").current && get("batch_0").current);
    close(get("cache_none").monthly_savings_usd, 0.0);
    // Batch on every run: half price.
    close(get("batch_100").savings_share, 0.5);
    // A third of the prices on every class: two thirds saved; 5/3 of them: a negative saving.
    close(get("model_anthropic_small").savings_share, 2.0 / 3.0);
    close(get("model_anthropic_medium").savings_share, 0.0);
    close(get("model_anthropic_large").savings_share, -2.0 / 3.0);
    assert_eq!(l.iter().filter(|l| l.best).count(), 1);
    // The cheapest model compared across providers is offered too, and is no dearer than any
    // model lever (it is the minimum over the compared models, the small one among them or not).
    if let Some(cheap) = l.iter().find(|l| l.id == "model_cheapest") {
        assert!(cheap.label.contains("cheapest"));
    }
    let best = l.iter().find(|l| l.best).unwrap();
    assert!(l.iter().filter(|x| !x.changes_product).all(|x| x.monthly_savings_usd <= best.monthly_savings_usd));
}

/// Issue 15: a lever says what it costs besides money, and one that changes what the product is
/// (the Batch API, whose results take up to 24 hours, for a stage someone waits for) is never
/// marked best, however much it saves.
#[test]
fn a_batch_lever_on_an_interactive_stage_is_never_best() {
    use loopcost::engine::levers;
    let c = Catalog::builtin();
    // One interactive loop on "m" ($3 / $15, batch at half price): batch saves half, more than
    // any other lever here (the model levers are priced by this test as m's prices).
    let mut text = loopcost::presets::preset("research-agent").unwrap().to_value();
    let mut m = model("m", 1024);
    m["batch_multiplier"] = json!(0.5);
    text["prices"] = json!([m]);
    text["stages"][0]["mix"] = json!([{"model": "m", "share": 1}]);
    text["stages"][0]["cache"]["mode"] = json!("none");
    let interactive = parse(&text.to_string(), c).unwrap();
    let l = levers(&interactive, c);
    let batch = l.iter().find(|l| l.id == "batch_100").unwrap();
    close(batch.savings_share, 0.5);
    assert!(batch.changes_product && !batch.best, "{batch:#?}");
    let name = &interactive.stages[0].name;
    assert!(
        batch.tradeoff.starts_with(&format!("Changes the product: stage '{name}' is interactive")),
        "{}",
        batch.tradeoff
    );
    assert!(l.iter().all(|l| !l.tradeoff.is_empty()), "every lever says what it trades");
    if let Some(best) = l.iter().find(|l| l.best) {
        assert!(!best.changes_product && best.id != "batch_100");
    }

    // The same stage marked background: batch is an ordinary lever again, and the best one
    // unless a model lever saves more.
    text["stages"][0]["latency"] = json!("background");
    let background = parse(&text.to_string(), c).unwrap();
    assert_eq!(background.stages[0].latency, loopcost::scenario::Latency::Background);
    assert_eq!(background.to_value()["stages"][0]["latency"], "background", "kept in files and links");
    let l = levers(&background, c);
    let batch = l.iter().find(|l| l.id == "batch_100").unwrap();
    assert!(!batch.changes_product);
    assert!(batch.tradeoff.starts_with("Results come within 24 hours"), "{}", batch.tradeoff);
    let best = l.iter().find(|l| l.best).unwrap();
    assert!(l.iter().all(|x| x.monthly_savings_usd <= best.monthly_savings_usd));

    // Interactive is the default and is not written; anything else is refused, saying what is
    // accepted.
    assert!(interactive.to_value()["stages"][0].get("latency").is_none());
    text["stages"][0]["latency"] = json!("soon");
    let issues = parse(&text.to_string(), c).unwrap_err();
    assert!(issues.iter().any(|i| i.path == "stages.0.latency" && i.message.contains("interactive")), "{issues:?}");
}

/// A lever that needs something a model lacks is adapted, and says so: no 1-hour cache on a
/// provider without one, no batch where there are no batch prices.
#[test]
fn model_swaps_follow_what_the_model_offers() {
    use loopcost::engine::on_model;
    let c = Catalog::builtin();
    let mut s = loopcost::presets::preset("research-agent").unwrap();
    s.stages[0].cache.ttl = loopcost::scenario::Ttl::OneHour;
    s.stages[0].cache.mode = loopcost::scenario::CacheMode::Conversation;
    s.traffic.batch_share = 0.5;
    let no_1h = c
        .models
        .iter()
        .find(|m| !m.period(c.date).standard.given.cache_write_1h && m.status == loopcost::catalog::Status::Current)
        .unwrap();
    let (v, notes) = on_model(&s, c, no_1h);
    assert_eq!(v.stages[0].cache.ttl, loopcost::scenario::Ttl::FiveMinutes);
    assert!(notes.iter().any(|n| n.contains("no 1-hour TTL")), "{notes:?}");
    assert!(evaluate(&v, c).is_ok());
}

#[test]
fn scale_shows_cache_warmth_growing_with_traffic() {
    use loopcost::engine::scale;
    let mut s = loopcost::presets::preset("comment-triage-haiku").unwrap();
    s.stages[0].cache.seconds_per_turn = 600.0; // past the TTL: every call depends on traffic
    let points = scale(&s, Catalog::builtin());
    assert_eq!(points.iter().map(|p| p.runs_per_day).collect::<Vec<_>>(), [100.0, 1e3, 1e4, 1e5]);
    for w in points.windows(2) {
        assert!(w[1].warm_probability > w[0].warm_probability);
        assert!(w[1].cost_per_run < w[0].cost_per_run, "more traffic, warmer cache, cheaper runs");
        close(w[1].daily_usd, w[1].cost_per_run * w[1].runs_per_day);
    }
}

#[test]
fn explain_fills_the_formula_with_the_numbers() {
    use loopcost::engine::explain;
    let mut v = loopcost::presets::preset("research-agent").unwrap().to_value();
    v["prices"] = json!([model("claude-sonnet-4-6", 1024)]);
    let s = parse(&v.to_string(), Catalog::builtin()).unwrap();
    let e = evaluate(&s, Catalog::builtin()).unwrap();
    let x = explain(&s, &e, Catalog::builtin());
    let lines = |m: &str| x.iter().find(|x| x.metric == m).unwrap().lines.join("\n");
    assert!(lines("cost_per_run").contains("38,350 fresh × $3"), "{}", lines("cost_per_run"));
    assert!(lines("cost_per_run").contains("1,850 out × $15"));
    assert!(lines("cost_per_run").ends_with("= $0.1428 per run"));
    assert_eq!(lines("daily_usd"), "$0.1428 per run × 1,000 runs a day = $142.80");
    assert_eq!(lines("monthly_usd"), "$142.80 a day × 30 days = $4,284.00");
    assert!(lines("naive_cost_per_run").contains("(3,000 + 200) in, 450 out"));
}

// ---- Spec section 9: tiers, missing prices, service tiers, dated prices -------------------------

/// A model of this test's own with a price rise on 2027-01-01 (from $1 / $2 to $2 / $4).
fn dated() -> Value {
    json!({"id": "d", "provider": "anthropic", "prices": [
        {"standard": {"input": 1, "output": 2}, "batch": {"input": 0.5, "output": 1}},
        {"from": "2027-01-01", "standard": {"input": 2, "output": 4}, "batch": {"input": 1, "output": 2}}
    ]})
}

#[test]
fn a_scenario_is_priced_on_its_date_and_projects_twelve_months() {
    let e = eval(json!({"stages": [{"mix": [{"model": "d"}], "user_tokens": 1000, "output_tokens": 500}],
        "traffic": {"runs_per_day": 10, "days_per_month": 30}, "prices_as_of": "2026-11-23", "prices": [dated()]}));
    // (1,000 × 1 + 500 × 2) / 10⁶ = $0.002 a run; × 10 × 30 = $0.60 a month.
    close(e.run.cost_usd, 0.002);
    assert_eq!(e.projection.len(), 12);
    assert_eq!(e.projection[0].month.to_string(), "2026-11-23");
    assert_eq!(e.projection[1].month.to_string(), "2026-12-01");
    assert_eq!(e.projection[2].month.to_string(), "2027-01-01");
    close(e.projection[0].monthly_usd, 0.60);
    close(e.projection[1].monthly_usd, 0.60);
    close(e.projection[2].monthly_usd, 1.20);
    close(e.projection[11].monthly_usd, 1.20);
    assert!(e.projection[1].changes.is_empty());
    assert_eq!(e.projection[2].changes[0].model, "d");
    assert_eq!(e.projection[2].changes[0].date.to_string(), "2027-01-01");
    close(e.projection[2].delta_usd, 0.60);
    assert!(e.warnings.iter().any(|w| w.kind == WarningKind::PriceChange && w.message.contains("January 2027")));
    // Priced on a later date, the new prices apply from the first row.
    let later = eval(json!({"stages": [{"mix": [{"model": "d"}], "user_tokens": 1000, "output_tokens": 500}],
        "prices_as_of": "2027-02-10", "prices": [dated()]}));
    close(later.run.cost_usd, 0.004);
}

#[test]
fn batch_prices_of_the_model_replace_the_multiplier() {
    // β = 0.25: 0.75 × standard + 0.25 × the model's own batch prices.
    let e = eval(json!({"stages": [{"mix": [{"model": "d"}], "user_tokens": 1000, "output_tokens": 500}],
        "traffic": {"batch_share": 0.25}, "prices_as_of": "2026-11-23", "prices": [dated()]}));
    close(e.run.cost_usd, 0.75 * 0.002 + 0.25 * 0.001);
}

#[test]
fn a_tier_bills_the_whole_request_and_the_turn_says_so() {
    let m = json!({"id": "t", "provider": "anthropic", "input": 1, "output": 10,
        "tiers": [{"start": 1000, "input": 5, "output": 50}]});
    // Prompts 600, 1,000 (base: not above 1,000), 1,400 (tier: every token at 5 / 50).
    let e = eval(json!({"stages": [{"mix": [{"model": "t"}], "iterations": 3, "user_tokens": 600,
        "output_tokens": 100, "tool_result_tokens": 300}], "prices": [m]}));
    let t = &e.stages[0].turns;
    assert_eq!([t[0].prompt_size, t[1].prompt_size, t[2].prompt_size], [600.0, 1000.0, 1400.0]);
    close(t[1].usage.cost_usd, (1000.0 * 1.0 + 100.0 * 10.0) / 1e6);
    close(t[2].usage.cost_usd, (1400.0 * 5.0 + 100.0 * 50.0) / 1e6);
    assert!(t[2].long_context_share > 0.0 && t[1].long_context_share == 0.0);
    assert!(e.warnings.iter().any(|w| w.kind == WarningKind::LongContextPricing && w.message.contains("from turn 3")));
}

#[test]
fn a_service_tier_picks_its_prices_and_is_refused_where_not_offered() {
    let m = json!({"id": "s", "provider": "openai", "input": 2, "output": 8, "flex": {"input": 1, "output": 4}});
    let e = eval(json!({"stages": [{"mix": [{"model": "s"}], "user_tokens": 1000, "output_tokens": 100,
        "service_tier": "flex"}], "prices": [m.clone()]}));
    close(e.run.cost_usd, (1000.0 * 1.0 + 100.0 * 4.0) / 1e6);
    let text = json!({"stages": [{"mix": [{"model": "s"}], "service_tier": "priority"}], "prices": [m]}).to_string();
    let issues = parse(&text, Catalog::builtin()).unwrap_err();
    assert_eq!(issues[0].path, "stages.0.service_tier");
    assert!(issues[0].message.contains("no priority service tier"), "{}", issues[0].message);
}

#[test]
fn prices_by_the_hour_are_averaged_over_the_day() {
    // 3 hours of 24 at twice the price: (21 × 1 + 3 × 2) / 24 = 1.125 × the off-peak cost.
    let m = json!({"id": "h", "provider": "deepseek", "prices": [{"standard": {"input": 1, "output": 1,
        "hours": [{"from": "01:00", "to": "04:00", "input": 2, "output": 2}]}}]});
    let e = eval(json!({"stages": [{"mix": [{"model": "h"}], "user_tokens": 1000}], "prices": [m]}));
    close(e.run.cost_usd, 1000.0 * 1.125 / 1e6);
}

#[test]
fn model_ids_as_logs_write_them_are_read_and_written_back_canonical() {
    let c = Catalog::builtin();
    let s = parse(
        r#"{"stages":[{"mix":[{"model":"claude-sonnet-4-5-20250929"}]}],
        "router":{"model":"google/gemini-3.8-flash"}}"#,
        c,
    )
    .unwrap();
    assert_eq!(s.stages[0].mix[0].model, "claude-sonnet-4-5");
    assert_eq!(s.router.as_ref().unwrap().model, "gemini-3.8-flash");
    assert!(s.to_json().contains("\"model\":\"claude-sonnet-4-5\""));
}

#[test]
fn a_retired_model_is_a_warning_not_an_error() {
    let c = Catalog::builtin();
    let retired = c.models.iter().find(|m| m.status == loopcost::catalog::Status::Retired).unwrap();
    let s = parse(&json!({"stages": [{"mix": [{"model": retired.id}], "user_tokens": 10}]}).to_string(), c).unwrap();
    let e = evaluate(&s, c).unwrap();
    assert!(e.warnings.iter().any(|w| w.message.contains("retired")));
}
