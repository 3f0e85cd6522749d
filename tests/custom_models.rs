//! Issue 15: a model of one's own in seconds. It starts from any catalog model; its cache prices
//! follow its input price at the provider's multipliers until the user sets them.

use loopcost::catalog::Catalog;
use loopcost::draft::{cache_price_is_derived, custom_model_from, derived_cache_price, set_custom_model};
use serde_json::json;

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-9 * b.abs().max(1e-9), "{a} vs {b}");
}

/// The multiple of the input price most of the provider's current models are charged for a cache
/// price (class 2, 3, 4 of the five prices): what a model of one's own is charged. Counted here
/// from the catalog's listing, ties to the smaller.
fn usual(c: &Catalog, provider: &str, class: usize) -> f64 {
    let mut seen: Vec<(f64, usize)> = Vec::new();
    for m in c.models.iter().filter(|m| m.provider == provider && m.status == loopcost::catalog::Status::Current) {
        let set = &m.period(c.date).standard;
        let given = [true, true, set.given.cache_write_5m, set.given.cache_write_1h, set.given.cache_read][class];
        if !given || set.rates.input <= 0.0 {
            continue;
        }
        let x = set.rates.named()[class].1 / set.rates.input;
        match seen.iter_mut().find(|(v, _)| (v - x).abs() < 1e-6) {
            Some(e) => e.1 += 1,
            None => seen.push((x, 1)),
        }
    }
    seen.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.total_cmp(&b.0)));
    seen[0].0
}

#[test]
fn started_from_a_catalog_model_it_has_that_models_prices_and_provider() {
    let c = Catalog::builtin();
    let m = c.family("anthropic", "small").unwrap();
    let v = custom_model_from(m, c, 2);
    assert_eq!(v["id"], "my-model-2");
    assert_eq!(v["name"], "My model 2");
    assert_eq!(v["provider"], "anthropic");
    let r = m.period(c.date).standard.rates;
    close(v["input"].as_f64().unwrap(), r.input);
    close(v["output"].as_f64().unwrap(), r.output);
    close(v["cache_read"].as_f64().unwrap(), r.cache_read);
    // It parses as a scenario's own model, priced as written.
    let s = json!({"prices": [v], "stages": [{"mix": [{"model": "my-model-2"}], "user_tokens": 1000}]});
    assert!(loopcost::scenario::parse_value(&s, c).is_ok());
}

#[test]
fn cache_prices_follow_the_input_price_until_set() {
    let c = Catalog::builtin();
    let [w5, w1, read] = [2, 3, 4].map(|class| usual(c, "anthropic", class));
    // Claude Haiku 4.5 is charged Anthropic's usual multiples: its copy's cache prices are derived.
    let mut v = custom_model_from(c.model("claude-haiku-4-5").unwrap(), c, 1);
    for f in ["cache_write_5m", "cache_write_1h", "cache_read"] {
        assert!(cache_price_is_derived(c, &v, f), "{f} starts at the provider's multiplier");
    }
    // A new input price: every cache price follows, at the provider's multipliers.
    let followed = set_custom_model(c, &mut v, "input", json!(2.0));
    assert_eq!(followed, ["cache_write_5m", "cache_write_1h", "cache_read"]);
    close(v["cache_write_5m"].as_f64().unwrap(), 2.0 * w5);
    close(v["cache_write_1h"].as_f64().unwrap(), 2.0 * w1);
    close(v["cache_read"].as_f64().unwrap(), 2.0 * read);
    // A price the user set stays, and is no longer derived.
    v["cache_read"] = json!(0.5);
    assert!(!cache_price_is_derived(c, &v, "cache_read"));
    let followed = set_custom_model(c, &mut v, "input", json!(4.0));
    assert_eq!(followed, ["cache_write_5m", "cache_write_1h"]);
    assert_eq!(v["cache_read"], json!(0.5));
    close(v["cache_write_5m"].as_f64().unwrap(), 4.0 * w5);
    // A missing cache price is derived too.
    v.as_object_mut().unwrap().remove("cache_write_1h");
    close(derived_cache_price(c, &v, "cache_write_1h").unwrap(), 4.0 * w1);
}

#[test]
fn another_provider_brings_its_own_multipliers_and_an_unknown_one_none() {
    let c = Catalog::builtin();
    let mut v = custom_model_from(c.model("claude-haiku-4-5").unwrap(), c, 1);
    let input = v["input"].as_f64().unwrap();
    set_custom_model(c, &mut v, "provider", json!("openai"));
    close(v["cache_read"].as_f64().unwrap(), input * usual(c, "openai", 4));
    // Nothing known of the provider: the prices stay as they are, and none is called derived.
    let before = v.clone();
    assert!(set_custom_model(c, &mut v, "provider", json!("acme")).is_empty());
    for f in ["cache_write_5m", "cache_read"] {
        assert_eq!(v[f], before[f]);
        assert!(!cache_price_is_derived(c, &v, f));
    }
    // Not an object: nothing changes, nothing panics.
    let mut odd = json!(7);
    assert!(set_custom_model(c, &mut odd, "input", json!(1)).is_empty());
    assert_eq!(odd, json!(7));
}
