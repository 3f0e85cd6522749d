//! The price catalog is data: these tests are its schema and its sanity checks.

use loopcost::catalog::{Catalog, PRICES_JSON, Status};
use serde_json::Value;
use std::path::Path;

fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[test]
fn every_model_entry_has_every_field() {
    let raw: Value = serde_json::from_str(PRICES_JSON).unwrap();
    for m in raw["models"].as_array().unwrap() {
        let id = m["id"].as_str().unwrap();
        for field in [
            "provider",
            "name",
            "input",
            "output",
            "cache_write_5m",
            "cache_write_1h",
            "cache_read",
            "min_cacheable_tokens",
            "context_window",
            "status",
            "source",
            "as_of",
        ] {
            assert!(m.get(field).is_some_and(|v| !v.is_null()), "{id}: missing {field}");
        }
    }
}

#[test]
fn catalog_is_dated_and_sourced() {
    let c = catalog();
    assert!(is_date(&c.version), "catalog version is a date: {}", c.version);
    for p in &c.providers {
        assert!(p.source.starts_with("https://"), "{}: source address", p.id);
        assert!(is_date(&p.as_of) && p.as_of <= c.version, "{}: as_of", p.id);
        assert!(p.batch_multiplier > 0.0 && p.batch_multiplier <= 1.0, "{}: batch multiplier", p.id);
    }
    for m in &c.models {
        assert!(m.source.starts_with("https://"), "{}: source address", m.id);
        assert!(is_date(&m.as_of) && m.as_of <= c.version, "{}: as_of {} after catalog {}", m.id, m.as_of, c.version);
        assert!(c.provider(&m.provider).is_some(), "{}: unknown provider {}", m.id, m.provider);
        assert!(!m.name.is_empty(), "{}: display name", m.id);
        assert_ne!(m.status, Status::Custom, "{}: custom is for scenario prices only", m.id);
    }
}

#[test]
fn ids_are_unique_and_references_resolve() {
    let c = catalog();
    for (i, m) in c.models.iter().enumerate() {
        assert!(c.models[..i].iter().all(|o| o.id != m.id), "duplicate id {}", m.id);
    }
    let current = |id: &str| c.model(id).is_some_and(|m| m.status == Status::Current);
    assert!(current(&c.default_model), "default model is a current catalog model");
    for tier in [&c.tiers.haiku, &c.tiers.sonnet, &c.tiers.opus] {
        assert!(current(tier), "tier model {tier} is a current catalog model");
    }
}

#[test]
fn prices_are_plausible() {
    for m in &catalog().models {
        let r = &m.rates;
        let all = [r.input, r.output, r.cache_write_5m, r.cache_write_1h, r.cache_read];
        assert!(all.iter().all(|p| p.is_finite() && *p > 0.0 && *p < 1000.0), "{}: prices in range", m.id);
        assert!(r.cache_read < r.input, "{}: reads are cheaper than fresh input", m.id);
        assert!(r.cache_write_5m >= r.input, "{}: a cache write costs at least the input price", m.id);
        assert!(r.cache_write_1h >= r.cache_write_5m, "{}: the 1h write costs at least the 5m write", m.id);
        assert!(r.output > r.input, "{}: output costs more than input", m.id);
        assert!(m.min_cacheable_tokens >= 1, "{}: minimum cacheable prompt", m.id);
        assert!(m.context_window >= 100_000, "{}: context window", m.id);
        if let Some(lc) = &m.long_context {
            assert!(lc.threshold_tokens < m.context_window, "{}: long-context threshold inside the window", m.id);
            let l = &lc.rates;
            assert!(l.input > r.input && l.output >= r.output, "{}: long-context rates are higher", m.id);
            assert!(l.cache_read < l.input, "{}: long-context reads cheaper than inputs", m.id);
        }
        for d in &m.disputed {
            assert!(
                [
                    "input",
                    "output",
                    "cache_write_5m",
                    "cache_write_1h",
                    "cache_read",
                    "min_cacheable_tokens",
                    "context_window",
                    "long_context"
                ]
                .contains(&d.as_str()),
                "{}: disputed names a field: {d}",
                m.id
            );
        }
    }
}

/// Anthropic prices follow 1.25× / 2× / 0.1× of input for every model listed so far. A model
/// that breaks the rule should be added here on purpose, not by a slip of the keyboard.
#[test]
fn anthropic_cache_multipliers() {
    const EXCEPTIONS: &[&str] = &[];
    for m in catalog().models.iter().filter(|m| m.provider == "anthropic" && !EXCEPTIONS.contains(&m.id.as_str())) {
        let r = &m.rates;
        let near = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(near(r.cache_write_5m, 1.25 * r.input), "{}: 5m write", m.id);
        assert!(near(r.cache_write_1h, 2.0 * r.input), "{}: 1h write", m.id);
        assert!(near(r.cache_read, 0.1 * r.input), "{}: read", m.id);
    }
}

/// Prices live in the catalog only: no model id is spelled out in the code.
#[test]
fn no_model_id_in_the_code() {
    let ids: Vec<String> = catalog().models.iter().map(|m| format!("\"{}\"", m.id)).collect();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                // Doc examples may name a model; code may not.
                let code: String =
                    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
                for id in &ids {
                    assert!(
                        !code.contains(id.as_str()),
                        "{} names the model {id}: read it from the catalog",
                        path.display()
                    );
                }
            }
        }
    }
}
