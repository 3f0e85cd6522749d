//! Share links: round trips, compactness, pinned prices, old links, and bad links.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{catalog, scenario};
use loopcost::catalog::Catalog;
use loopcost::engine::evaluate;
use loopcost::link::{self, decode, encode, share_url};
use loopcost::scenario::{Scenario, parse};
use proptest::prelude::*;
use serde_json::{Value, json};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The payload of a link as JSON, for tests that tamper with it.
fn payload(url: &str) -> Value {
    let s = link::params(url).into_iter().find(|(k, _)| k == "s").unwrap().1;
    let bytes = base64_decode(&s);
    loopcost::json::parse(std::str::from_utf8(&bytes).unwrap()).unwrap()
}

fn base64_decode(s: &str) -> Vec<u8> {
    // Independent of the codec under test: a plain lookup.
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = String::new();
    for c in s.bytes() {
        let v = alphabet.iter().position(|&a| a == c).unwrap();
        bits.push_str(&format!("{v:06b}"));
    }
    bits.as_bytes()
        .chunks(8)
        .filter(|c| c.len() == 8)
        .map(|c| u8::from_str_radix(std::str::from_utf8(c).unwrap(), 2).unwrap())
        .collect()
}

fn base64_encode(bytes: &[u8]) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bits: String = bytes.iter().map(|b| format!("{b:08b}")).collect();
    bits.as_bytes()
        .chunks(6)
        .map(|c| {
            let mut s = std::str::from_utf8(c).unwrap().to_string();
            while s.len() < 6 {
                s.push('0');
            }
            alphabet[usize::from_str_radix(&s, 2).unwrap()] as char
        })
        .collect()
}

fn with_payload(url: &str, f: impl FnOnce(&mut Value)) -> String {
    let mut p = payload(url);
    f(&mut p);
    let s = base64_encode(serde_json::to_string(&p).unwrap().as_bytes());
    let params: Vec<String> = link::params(url)
        .into_iter()
        .map(|(k, v)| if k == "s" { format!("s={s}") } else { format!("{k}={v}") })
        .collect();
    format!("{}#{}", url.split('#').next().unwrap(), params.join("&"))
}

#[test]
fn the_frozen_v1_link_still_decodes_to_the_same_scenario_and_numbers() {
    let url = fixture("link-v1.txt");
    let d = decode(url.trim(), Catalog::builtin()).unwrap();
    let expected = parse(&fixture("link-v1.json"), Catalog::builtin()).unwrap();
    assert_eq!(d.scenario, expected);
    assert_eq!(d.catalog_version, "2026-11-22");
    // At the prices it was shared with (Sonnet $3 / $15): worked examples 2 + 1.
    let shared = evaluate(&d.at_shared_prices(), Catalog::builtin()).unwrap();
    assert!((shared.run.cost_usd - (0.04251 + 0.01659)).abs() < 1e-12, "{}", shared.run.cost_usd);
    // Hostile-looking text stays text: it is data in the scenario, never markup.
    assert!(d.scenario.name.contains("<b>bold?</b>"));
}

#[test]
fn a_two_stage_workflow_fits_in_two_thousand_characters() {
    let s = parse(
        r#"{"name":"Two-stage workflow with everything set","stages":[
        {"name":"planner","mix":[{"model":"claude-sonnet-4-6","share":0.7},{"model":"claude-haiku-4-5","share":0.3}],
         "iterations":12,"system_tokens":5200,"user_tokens":800,"output_tokens":420,"final_output_tokens":1100,
         "tool_result_tokens":1800,"tool_result_growth":150,"history_limit_tokens":60000,
         "cache":{"mode":"conversation","ttl":"1h","seconds_per_turn":25,"shared_prefix":true},"retry_rate":0.03},
        {"name":"reviewer","kind":"fanout","mix":[{"model":"claude-opus-4-7","share":1}],"iterations":20,
         "system_tokens":4800,"user_tokens":600,"output_tokens":120,"cache":{"mode":"system","seconds_per_turn":3}}],
        "router":{"model":"claude-haiku-4-5","input_tokens":400,"output_tokens":10},
        "traffic":{"runs_per_day":2500,"days_per_month":22,"batch_share":0.25},"budget":{"monthly_usd":20000}}"#,
        Catalog::builtin(),
    )
    .unwrap();
    let url = share_url("https://loopcost.example/", &s, Catalog::builtin(), &[]);
    assert!(url.len() <= 2000, "{} characters", url.len());
    assert_eq!(decode(&url, Catalog::builtin()).unwrap().scenario, s);
}

#[test]
fn a_changed_catalog_is_reported_with_the_shared_prices() {
    let s = loopcost::presets::preset("research-agent").unwrap();
    let url = share_url("https://x/", &s, Catalog::builtin(), &[]);
    // Pretend the link was made when Sonnet cost $6 / $30.
    let old = with_payload(&url, |p| {
        // Pinned rows: [id, provider, min, window, [input, output, write 5m, write 1h, read], …].
        let m = &mut p["pinned"][0][4];
        let (input, output) = (m[0].as_f64().unwrap(), m[1].as_f64().unwrap());
        m[0] = json!(input * 2.0);
        m[1] = json!(output * 2.0);
    })
    .replace(&format!("c={}", Catalog::builtin().version), "c=2026-01-01");
    let d = decode(&old, Catalog::builtin()).unwrap();
    assert_eq!(d.catalog_version, "2026-01-01");
    assert_eq!(d.changed.len(), 1);
    // Then: twice today's cost (input and output prices doubled, no cache, no batch).
    let today = evaluate(&d.scenario, Catalog::builtin()).unwrap().run.cost_usd;
    let then = evaluate(&d.at_shared_prices(), Catalog::builtin()).unwrap().run.cost_usd;
    assert!((then - 2.0 * today).abs() < 1e-12 * today, "{then} vs {today}");
}

#[test]
fn a_model_gone_from_the_catalog_is_priced_as_shared() {
    let s = loopcost::presets::preset("lookup-agent").unwrap();
    let url = share_url("https://x/", &s, Catalog::builtin(), &[]);
    let gone = with_payload(&url, |p| {
        p["scenario"]["stages"][0]["mix"][0]["model"] = json!("claude-sonnet-3-retired");
        p["pinned"][0][0] = json!("claude-sonnet-3-retired");
    });
    let d = decode(&gone, Catalog::builtin()).unwrap();
    assert_eq!(d.changed[0].id, "claude-sonnet-3-retired");
    let e = evaluate(&d.scenario, Catalog::builtin()).unwrap();
    assert!((e.run.cost_usd - 0.04251).abs() < 1e-12);
}

#[test]
fn bad_links_say_what_is_wrong() {
    let c = Catalog::builtin();
    let good = share_url("https://x/", &loopcost::presets::default_scenario(), c, &[]);
    let msg = |u: &str| decode(u, c).unwrap_err().0;
    assert!(msg(&good[..good.len() - 40]).contains("cut short") || msg(&good[..good.len() - 40]).contains("damaged"));
    assert!(msg("https://x/#v=1&c=2026-11-22&s=%%%%").contains("damaged"));
    assert!(msg("https://x/#v=1&c=2026-11-22&s=bm90IGpzb24").contains("damaged"));
    assert!(msg("https://x/#v=3&c=2030-01-01&s=abc").contains("newer loopcost"));
    assert!(msg("https://x/#v=banana").contains("unknown format version"));
    assert!(msg("https://x/#hello").contains("no loopcost scenario"));
    assert!(msg("https://x/#v=1").contains("missing its scenario"));
    assert!(msg(&format!("https://x/#v=1&s={}", "A".repeat(200_000))).contains("too long"));
    let invalid = with_payload(&good, |p| p["scenario"]["stages"][0]["iterations"] = json!(0));
    assert!(msg(&invalid).contains("stages.0.iterations"));
    let deep = base64_encode(format!("{{\"scenario\":{}}}", "[".repeat(5000)).as_bytes());
    assert!(msg(&format!("https://x/#v=1&s={deep}")).contains("damaged"));
}

#[test]
fn links_read_as_people_paste_them() {
    let c = Catalog::builtin();
    let s = loopcost::presets::default_scenario();
    let good = share_url("https://x/app/", &s, c, &[("show".into(), "turns".into())]);
    let wrapped: String = good.as_bytes().chunks(70).map(|l| String::from_utf8_lossy(l) + "\r\n").collect();
    for pasted in [
        format!("  {good}\n"),        // copied with the line around it
        wrapped,                      // wrapped by a mail program
        format!("<{good}>"),          // an autolink
        format!("\"{good}\""),        // quoted
        format!("({good})."),         // in a sentence
        good.replacen('#', "%23", 1), // the fragment mark escaped by a chat program
        format!("{good}%20"),         // the space after it, escaped in the address bar
        format!("{good}.%0A"),        // the sentence's end and its line break, escaped
    ] {
        let d = decode(&pasted, c).unwrap_or_else(|e| panic!("{pasted:?}: {}", e.0));
        assert_eq!(d.scenario, s, "{pasted:?}");
        assert_eq!(d.param("show"), Some("turns"), "{pasted:?}");
    }
}

#[test]
fn view_parameters_travel_alongside() {
    let s = loopcost::presets::default_scenario();
    let params = vec![("embed".to_string(), "1".to_string()), ("show".to_string(), "turns,cumulative".to_string())];
    let f = encode(&s, Catalog::builtin(), &params);
    let d = decode(&f, Catalog::builtin()).unwrap();
    assert_eq!(d.param("embed"), Some("1"));
    assert_eq!(d.param("show"), Some("turns,cumulative"));
    assert_eq!(d.scenario, s);
}

#[test]
fn a_widget_shows_the_stage_its_link_names() {
    // `stage` counts from 1 like the app; anything else falls back to the first stage.
    assert_eq!(link::embed_stage(Some("2"), 3), 1);
    assert_eq!(link::embed_stage(Some(" 3 "), 3), 2);
    for bad in [None, Some(""), Some("0"), Some("4"), Some("-1"), Some("two"), Some("1.5")] {
        assert_eq!(link::embed_stage(bad, 3), 0, "{bad:?}");
    }
    let s = loopcost::presets::preset("campaign-workflow").unwrap();
    let second = link::embed_snippet("https://x.example/app/", &s, catalog(), "scale,prompt", 1);
    assert!(second.contains("&amp;embed=1&amp;show=scale,prompt&amp;stage=2\""), "{second}");
    let first = link::embed_snippet("https://x.example/app/", &s, catalog(), "", 0);
    assert!(first.contains("&amp;show=turns,cumulative\""), "{first}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_scenario_survives_a_link(s in scenario(), name in ".{0,60}") {
        let s = Scenario { name: name.chars().take(200).collect(), ..s };
        let url = share_url("https://loopcost.example/a/b/", &s, catalog(), &[]);
        let d = decode(&url, catalog()).unwrap_or_else(|e| panic!("{e}"));
        prop_assert_eq!(&d.scenario, &s);
        prop_assert!(d.changed.is_empty());
    }
}

// The decoder's fuzz-style properties: 4 properties × 4,000 generated cases each per run.
proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    /// The decoder on arbitrary input: an error or a scenario, never a panic.
    #[test]
    fn the_decoder_never_panics_on_arbitrary_text(text in ".{0,400}") {
        let _ = decode(&text, catalog());
        let _ = decode(&format!("#v=1&c=x&s={text}"), catalog());
    }

    #[test]
    fn the_decoder_never_panics_on_arbitrary_payloads(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = decode(&format!("#v=1&c=x&s={}", base64_encode(&bytes)), catalog());
    }

    #[test]
    fn the_decoder_never_panics_on_damaged_links(s in scenario(), cut in 0usize..3000, flip in 0usize..3000, c in any::<char>()) {
        let url = share_url("https://x/", &s, catalog(), &[]);
        let _ = decode(&url[..cut.min(url.len())], catalog());
        let mut chars: Vec<char> = url.chars().collect();
        let i = flip % chars.len();
        chars[i] = c;
        let damaged: String = chars.into_iter().collect();
        if let Ok(d) = decode(&damaged, catalog()) {
            // Whatever decodes is a valid scenario.
            prop_assert!(loopcost::scenario::validate(&d.scenario, catalog()).is_empty());
        }
    }

    /// Structurally valid JSON of arbitrary shape in the payload.
    #[test]
    fn the_decoder_never_panics_on_arbitrary_json(v in arb_json()) {
        for payload in [json!({"scenario": v.clone(), "pinned": v.clone()}), v] {
            let s = base64_encode(serde_json::to_string(&payload).unwrap().as_bytes());
            let _ = decode(&format!("#v=1&c=x&s={s}"), catalog());
        }
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e20f64..1e20).prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        prop::sample::select(vec!["stages", "mix", "model", "iterations", "claude-sonnet-4-6", "cache", "prices"])
            .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        let keys = prop::sample::select(vec![
            "version",
            "name",
            "stages",
            "mix",
            "model",
            "share",
            "iterations",
            "system_tokens",
            "turns",
            "cache",
            "mode",
            "router",
            "traffic",
            "prices",
            "id",
            "input",
            "long_context",
            "x",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys, inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

#[test]
fn pinned_prices_out_of_range_are_a_damaged_link() {
    let s = loopcost::presets::preset("research-agent").unwrap();
    let url = share_url("https://x/", &s, Catalog::builtin(), &[]);
    for bad in [json!(-3), json!(1e12)] {
        let broken = with_payload(&url, |p| p["pinned"][0][4][0] = bad.clone());
        let e = decode(&broken, Catalog::builtin()).unwrap_err().0;
        assert!(e.contains("damaged") && e.contains("pinned.0.input"), "{e}");
    }
}

#[test]
fn an_app_address_is_normalised_for_links_and_snippets() {
    use loopcost::link::{app_base, embed_snippet};
    assert_eq!(app_base("https://docs.example.com"), "https://docs.example.com/");
    assert_eq!(app_base("https://x/loopcost"), "https://x/loopcost/");
    assert_eq!(app_base("https://x/loopcost/"), "https://x/loopcost/");
    assert_eq!(app_base("https://x/tools/index.html?a=1#old"), "https://x/tools/index.html");
    let s = loopcost::presets::default_scenario();
    let c = Catalog::builtin();
    let a = embed_snippet("https://docs.example.com", &s, c, "turns,cumulative", 0);
    assert!(a.starts_with("<iframe src=\"https://docs.example.com/#v="), "{a}");
    assert!(a.contains("<script src=\"https://docs.example.com/embed.js\" async></script>"), "{a}");
    let b = embed_snippet("https://x/loopcost", &s, c, "turns,cumulative", 0);
    assert!(b.starts_with("<iframe src=\"https://x/loopcost/#v="), "{b}");
    assert!(b.contains("<script src=\"https://x/loopcost/embed.js\" async></script>"), "{b}");
    let page = embed_snippet("https://x/tools/index.html", &s, c, "turns,cumulative", 0);
    assert!(
        page.contains("src=\"https://x/tools/index.html#v=") && page.contains("\"https://x/tools/embed.js\""),
        "{page}"
    );
    // No inline style: a host CSP without 'unsafe-inline' allows it.
    assert!(!a.contains("style="), "{a}");
}
