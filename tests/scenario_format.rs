//! Reading scenario files: defaults, and a clear message naming the field for every problem.

use loopcost::catalog::Catalog;
use loopcost::scenario::{CacheMode, Issue, Scenario, StageKind, Ttl, parse};

fn issues(text: &str) -> Vec<Issue> {
    parse(text, Catalog::builtin()).expect_err("should be refused")
}

fn has(issues: &[Issue], path: &str, fragment: &str) -> bool {
    issues.iter().any(|i| i.path == path && i.message.contains(fragment))
}

#[test]
fn omitted_fields_take_the_spec_defaults() {
    let s = parse("{}", Catalog::builtin()).unwrap();
    assert_eq!(s.version, 1);
    assert_eq!(s.stages.len(), 1);
    let st = &s.stages[0];
    assert_eq!((st.name.as_str(), st.kind, st.iterations), ("agent", StageKind::Loop, 1));
    assert_eq!(st.mix.len(), 1);
    assert_eq!(st.mix[0].model, Catalog::builtin().default_model);
    assert_eq!(st.mix[0].share, 1.0);
    assert_eq!(
        (st.cache.mode, st.cache.ttl, st.cache.seconds_per_turn, st.cache.shared_prefix),
        (CacheMode::None, Ttl::FiveMinutes, 10.0, true)
    );
    assert_eq!(st.final_output(), st.output_tokens);
    assert_eq!(s.traffic.days_per_month, 30.0);
    assert_eq!(s.traffic.batch_share, 0.0);
    assert!(s.budget.is_none() && s.router.is_none() && s.prices.is_empty());
}

#[test]
fn custom_prices_add_and_replace_models() {
    let s = parse(
        r#"{"stages":[{"mix":[{"model":"my-model"}]}],
            "prices":[{"id":"my-model","input":1,"output":2,"cache_write_5m":1.25,"cache_write_1h":2,"cache_read":0.1}]}"#,
        Catalog::builtin(),
    )
    .unwrap();
    let m = s.model(Catalog::builtin(), "my-model").unwrap();
    assert_eq!(m.min_cacheable_tokens, 1024);
    assert_eq!(m.context_window, Some(200_000));

    // Spec 9.2: cache prices may be left out; writes and reads are then billed at input, and a
    // model with no 1-hour write price cannot use the 1-hour TTL. Input and output are required.
    let missing = issues(r#"{"prices":[{"id":"x","input":1}]}"#);
    assert!(has(&missing, "prices.0.output", "is required"));
    let bare = r#"{"stages":[{"mix":[{"model":"x"}],"system_tokens":2000,"user_tokens":10,"iterations":2,
        "cache":{"mode":"system","ttl":"TTL"}}],"prices":[{"id":"x","input":1,"output":2}]}"#;
    let s = parse(&bare.replace("TTL", "5m"), Catalog::builtin()).unwrap();
    let e = loopcost::engine::evaluate(&s, Catalog::builtin()).unwrap();
    // 2,000 written at input, then read at input: like no caching at all.
    assert!((e.run.cost_usd - 4020.0 / 1e6).abs() < 1e-15, "{}", e.run.cost_usd);
    let refused = issues(&bare.replace("TTL", "1h"));
    assert!(has(&refused, "stages.0.cache.ttl", "no 1-hour cache"), "{refused:?}");
    let negative = issues(
        r#"{"prices":[{"id":"x","input":-1,"output":2,"cache_write_5m":1,"cache_write_1h":1,"cache_read":0.1}]}"#,
    );
    assert!(has(&negative, "prices.0.input", "must be between 0 and"), "{negative:?}");
}

#[test]
fn type_errors_name_the_field_and_the_value() {
    let i = issues(
        r#"{"version":2,"name":7,"stages":{"a":1},"traffic":{"runs_per_day":"many","batch_share":1.5},
            "budget":{"monthly_usd":0}}"#,
    );
    assert!(has(&i, "name", "must be text"));
    assert!(has(&i, "stages", "must be a list"));
    assert!(has(&i, "traffic.runs_per_day", "must be a number, not \"many\""));
    let i = issues(r#"{"version":2,"traffic":{"batch_share":1.5},"budget":{"monthly_usd":0}}"#);
    assert!(has(&i, "version", "version 2"));
    // A share is said in percent, as the page shows it.
    assert!(has(&i, "traffic.batch_share", "must be between 0% and 100% (got 150%)"), "{i:?}");
    assert!(has(&i, "budget.monthly_usd", "positive"));
}

#[test]
fn absurd_numbers_are_refused_not_computed() {
    let i = issues(
        r#"{"stages":[{"system_tokens":1e300,"user_tokens":200000000,"retry_rate":1,"cache":{"seconds_per_turn":-1}}]}"#,
    );
    assert!(has(&i, "stages.0.system_tokens", "far too large"));
    assert!(has(&i, "stages.0.user_tokens", "over the limit of 100,000,000"));
    assert!(has(&i, "stages.0.retry_rate", "at least 0% and below 100% (got 100%)"), "{i:?}");
    assert!(has(&i, "stages.0.cache.seconds_per_turn", "must be between 0 and"), "{i:?}");
}

/// A distribution's mistyped maximum is named at its field with the number as typed, and only
/// that: before, the parser listed every count up to it (seconds for 100 million, the page's
/// memory for 4 billion) and the stage's turns were then refused with a median nobody typed.
#[test]
fn a_distribution_past_the_limit_is_refused_at_its_field() {
    for (iterations, field) in [
        (r#"{"min":1,"max":4000000000}"#, "max"),
        (r#"{"min":5,"mode":40,"max":100000000}"#, "max"),
        (r#"{"stop_probability":0.02,"max":100000000}"#, "max"),
    ] {
        let text = format!(
            r#"{{"stages":[{{"mix":[{{"model":"claude-haiku-4-5"}}],"system_tokens":2000,"user_tokens":10,"iterations":{iterations}}}]}}"#
        );
        let i = issues(&text);
        let path = format!("stages.0.iterations.{field}");
        assert!(has(&i, &path, "must be between 1 and 10,000 turns (got "), "{iterations}: {i:?}");
        assert_eq!(i.len(), 1, "{iterations}: {i:?}");
    }
}

#[test]
fn shares_must_sum_to_one_within_a_millionth() {
    let ok = r#"{"stages":[{"mix":[{"model":"claude-haiku-4-5","share":0.3333333},{"model":"claude-sonnet-4-6","share":0.6666667}]}]}"#;
    assert!(parse(ok, Catalog::builtin()).is_ok());
    let off = r#"{"stages":[{"mix":[{"model":"claude-haiku-4-5","share":0.333},{"model":"claude-sonnet-4-6","share":0.666}]}]}"#;
    assert!(has(&issues(off), "stages.0.mix", "99.9%"));
    let unshared = r#"{"stages":[{"mix":[{"model":"claude-haiku-4-5"},{"model":"claude-sonnet-4-6"}]}]}"#;
    assert!(has(&issues(unshared), "stages.0.mix.0.share", "is required"));
}

#[test]
fn hostile_text_is_kept_short_in_messages() {
    let long = "x".repeat(10_000);
    let i = issues(&format!(r#"{{"stages":[{{"mix":[{{"model":"{long}"}}]}}], "{long}": 1}}"#));
    assert!(i.iter().all(|i| i.message.len() < 300), "{i:?}");
}

#[test]
fn canonical_json_spells_every_setting_out_and_reads_back() {
    let s = Scenario::default();
    let json = s.to_json();
    assert!(json.contains("\"retry_rate\":0") && json.contains("\"seconds_per_turn\":10"), "{json}");
    assert!(!json.contains("history_limit_tokens") && !json.contains("router"), "absent options stay out: {json}");
    assert_eq!(parse(&json, Catalog::builtin()).unwrap(), s);
}
