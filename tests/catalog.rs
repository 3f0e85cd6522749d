//! The price catalog is data: these tests are its schema and its sanity checks.

use loopcost::catalog::{Catalog, Classes, Date, PRICES_JSON, Status, Variant};
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
fn every_model_entry_is_complete() {
    let raw: Value = serde_json::from_str(PRICES_JSON).unwrap();
    assert_eq!(raw["genai_prices"], "0.2.3", "the pinned genai-prices release");
    for m in raw["models"].as_array().unwrap() {
        let id = m["id"].as_str().unwrap();
        for field in ["provider", "name", "status", "match", "prices", "source"] {
            assert!(m.get(field).is_some_and(|v| !v.is_null()), "{id}: missing {field}");
        }
        let periods = m["prices"].as_array().unwrap();
        assert!(!periods.is_empty(), "{id}: prices");
        assert!(periods[0].get("from").is_none(), "{id}: the first prices hold from the start");
        for p in periods {
            assert!(
                p["standard"]["input"].is_number() && p["standard"]["output"].is_number(),
                "{id}: input and output"
            );
        }
    }
}

#[test]
fn catalog_is_dated_and_sourced() {
    let c = catalog();
    assert!(is_date(&c.version), "catalog version is a date: {}", c.version);
    for p in &c.providers {
        assert!(p.pricing_url.starts_with("https://"), "{}: pricing page", p.id);
        let facts = [
            Some(&p.cache_ttls),
            p.batch_multiplier.as_ref().map(|b| &b.1),
            p.min_cacheable_tokens.as_ref().map(|b| &b.1),
        ];
        for f in facts.into_iter().flatten() {
            assert!(f.source.starts_with("https://"), "{}: hand-kept value without a source", p.id);
            assert!(is_date(&f.as_of) && f.as_of <= c.version, "{}: as_of {}", p.id, f.as_of);
        }
        if let Some((b, _)) = &p.batch_multiplier {
            assert!(*b > 0.0 && *b <= 1.0, "{}: batch multiplier", p.id);
        }
    }
    for m in &c.models {
        assert!(m.source.starts_with("https://"), "{}: source address", m.id);
        assert!(c.provider(&m.provider).is_some(), "{}: unknown provider {}", m.id, m.provider);
        assert!(!m.name.is_empty(), "{}: display name", m.id);
        assert!(matches!(m.status, Status::Current | Status::Retired), "{}: status", m.id);
        let fact = m.min_cacheable.as_ref().unwrap_or_else(|| panic!("{}: minimum cacheable size has no source", m.id));
        assert!(fact.source.starts_with("https://") && is_date(&fact.as_of) && fact.as_of <= c.version, "{}", m.id);
    }
}

#[test]
fn ids_are_unique_and_references_resolve() {
    let c = catalog();
    for (i, m) in c.models.iter().enumerate() {
        assert!(c.models[..i].iter().all(|o| o.id != m.id), "duplicate id {}", m.id);
        assert_eq!(c.model(&m.id).map(|x| &x.id), Some(&m.id), "index finds {}", m.id);
        assert_eq!(c.resolve(&m.id).map(|x| &x.id), Some(&m.id), "{} resolves to itself", m.id);
    }
    let current = |id: &str| c.model(id).is_some_and(|m| m.status == Status::Current);
    assert!(current(&c.default_model), "default model is a current catalog model");
    for (p, sizes) in &c.families {
        for (size, id) in sizes {
            assert!(current(id), "{p} {size}: {id} is a current catalog model");
            assert_eq!(&c.model(id).unwrap().provider, p, "{id} is {p}'s");
        }
    }
    for id in &c.featured {
        assert!(current(id), "featured {id} is a current catalog model");
    }
}

#[test]
fn price_sets_are_plausible() {
    for m in &catalog().models {
        let mut last = None;
        for p in &m.periods {
            assert!(p.from > last || last.is_none(), "{}: periods by date", m.id);
            last = p.from;
            let sets = std::iter::once(&p.standard).chain(p.variants.iter().flatten());
            for set in sets.flat_map(|s| std::iter::once(s).chain(s.hours.iter().map(|h| &h.set))) {
                let levels = std::iter::once(&set.rates).chain(set.tiers.iter().map(|t| &t.rates));
                for r in levels {
                    for (k, x) in r.named() {
                        assert!(x.is_finite() && (0.0..1000.0).contains(&x), "{}: {k} = {x}", m.id);
                    }
                    assert!(r.cache_read <= r.input, "{}: reads cost no more than fresh input", m.id);
                }
                for w in set.tiers.windows(2) {
                    assert!(w[0].start < w[1].start, "{}: tiers by start", m.id);
                }
                if let (Some(t), Some(win)) = (set.tiers.first(), m.context_window) {
                    // Sonnet 4.5's tier describes its retired 1M beta: at the window, not inside it.
                    assert!(t.start <= win, "{}: first tier inside the context window", m.id);
                }
            }
        }
        assert!(m.min_cacheable_tokens >= 1, "{}: minimum cacheable prompt", m.id);
        for d in &m.disputed {
            assert!(
                ["min_cacheable_tokens", "context_window", "input", "output"].contains(&d.as_str()),
                "{}: {d}",
                m.id
            );
        }
    }
}

/// The facts issue 10 names, as the providers and genai-prices 0.2.3 state them.
#[test]
fn the_models_people_use_this_month() {
    let c = catalog();
    let d = c.date;
    let get = |id: &str| c.model(id).unwrap_or_else(|| panic!("{id} is in the catalog"));
    let sonnet5 = get("claude-sonnet-5").period(d).standard.clone();
    assert_eq!(
        (
            sonnet5.rates.input,
            sonnet5.rates.output,
            sonnet5.rates.cache_write_5m,
            sonnet5.rates.cache_write_1h,
            sonnet5.rates.cache_read
        ),
        (2.0, 10.0, 2.5, 4.0, 0.2),
        "Claude Sonnet 5: $2 / $10, the rise cancelled"
    );
    for id in [
        "claude-opus-5-5",
        "claude-sonnet-5-5",
        "claude-haiku-5-5",
        "gpt-6-sol",
        "gpt-6-luna",
        "gpt-6-astra",
        "gpt-6.1-sol",
        "gpt-6.1-terra",
        "gpt-5.5",
        "gpt-5.6-sol",
        "gemini-3.1-pro-preview",
        "gemini-3.5-flash",
        "gemini-3.6-flash",
        "gemini-3.7-flash",
        "gemini-3.8-flash",
        "gemini-4-argon",
        "deepseek-v4-pro",
        "deepseek-v4-flash",
        "grok-4.7",
        "mistral-large-4",
    ] {
        assert_eq!(get(id).status, Status::Current, "{id} is offered");
    }
    let haiku = get("claude-haiku-5-5").period(d).standard.clone();
    assert_eq!(haiku.tiers[0].start, 100_000);
    assert!((haiku.tiers[0].rates.input / haiku.rates.input - 5.0).abs() < 1e-12, "Haiku 5.5: 5× above 100K");
    for id in ["claude-sonnet-5-5", "claude-opus-5-5"] {
        let r = get(id).period(d).standard.rates;
        assert!((r.cache_read / r.input - 0.05).abs() < 1e-12, "{id}: reads at 0.05× input");
    }
    assert_eq!(get("claude-sonnet-4-5").context_window, Some(200_000), "the 1M beta was retired");
    let gpt = get("gpt-6-sol").period(d);
    assert_eq!(gpt.standard.tiers[0].start, 272_000);
    assert!(gpt.standard.given.cache_write_5m, "GPT-6 Sol has a cache-write price");
    assert!(
        gpt.variant(Variant::Flex).is_some()
            && gpt.variant(Variant::Priority).is_some()
            && gpt.variant(Variant::Batch).is_some()
    );
    let flash = get("gemini-3.8-flash");
    let jan = Date::parse("2027-01-01").unwrap();
    assert_eq!(flash.period(jan).from, Some(jan));
    assert!(
        (flash.rates(jan).input / flash.rates(d).input - 2.0).abs() < 1e-12,
        "Gemini 3.8 Flash doubles on 2027-01-01"
    );
    assert!(!get("deepseek-v4-pro").period(d).standard.hours.is_empty(), "DeepSeek's peak hours");
}

/// genai-prices' own worked figures (shared/notes/genai-prices.md, checked by hand).
#[test]
fn hand_checked_requests() {
    let c = catalog();
    let d = c.date;
    let at = |id: &str, batch: bool, cls: Classes| {
        let p = c.model(id).unwrap().period(d);
        let set = if batch { p.variant(Variant::Batch).unwrap() } else { &p.standard };
        loopcost::catalog::price::request_cost(set, None, &cls)
    };
    let big = Classes { input: 300_000.0, output: 1_000.0, ..Classes::default() };
    let near = |a: f64, b: f64| assert!((a - b).abs() <= 1e-12 * b, "{a} vs {b}");
    near(at("claude-haiku-5-5", false, big), 0.1525);
    near(at("gpt-6-sol", false, big), 1.215);
    near(
        at(
            "gemini-3.8-flash",
            false,
            Classes { input: 50_000.0, cache_read: 50_000.0, output: 1_000.0, ..Classes::default() },
        ),
        0.045,
    );
    let s55 =
        Classes { input: 3_000.0, cache_write_5m: 2_000.0, cache_read: 5_000.0, output: 1_000.0, ..Classes::default() };
    near(at("claude-sonnet-5-5", false, s55), 0.0215);
    near(at("claude-sonnet-5-5", true, s55), 0.01075);
}

/// Ids as logs and old files write them find the catalog entry genai-prices finds.
#[test]
fn aliases_resolve() {
    let c = catalog();
    for (alias, id) in [
        ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"),
        ("google/gemini-3.8-flash", "gemini-3.8-flash"),
        ("Claude-Opus-4-7", "claude-opus-4-7"),
        ("claude-3-5-haiku", "claude-3-5-haiku-latest"),
        ("claude-3-5-haiku-20241022", "claude-3-5-haiku-latest"),
        ("anthropic/claude-haiku-5-5", "claude-haiku-5-5"),
        ("x-ai/grok-4.7", "grok-4.7"),
        ("gpt-5.6-sol-2026-08-01", "gpt-5.6-sol"),
        ("openai/gpt-6-sol", "gpt-6-sol"),
        ("mistralai/mistral-large-4", "mistral-large-4"),
    ] {
        assert_eq!(c.resolve(alias).map(|m| m.id.as_str()), Some(id), "{alias}");
    }
    assert!(c.resolve("gemini-3.8-flash-tts").is_none_or(|m| m.id != "gemini-3.8-flash"));
    assert!(c.resolve("no-such-model").is_none());
    // Every id of the first, hand-kept catalog still opens.
    for old in [
        "claude-opus-4-7",
        "claude-opus-4-6",
        "claude-opus-4-5",
        "claude-opus-4-1",
        "claude-sonnet-4-6",
        "claude-sonnet-4-5",
        "claude-haiku-4-5",
        "claude-3-5-haiku",
        "claude-opus-4-8",
        "claude-opus-5",
        "claude-sonnet-5",
        "gpt-5",
        "gpt-5-mini",
        "gpt-4.1",
        "gpt-4.1-mini",
        "gpt-4o",
        "gpt-4o-mini",
        "gemini-2.5-pro",
        "gemini-2.5-flash",
        "gemini-2.5-flash-lite",
    ] {
        assert!(c.resolve(old).is_some(), "{old}");
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
                // Doc examples and unit tests may name a model; code may not.
                let text = text.split("#[cfg(test)]").next().unwrap_or("");
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

/// Issue 10's "done when": a scenario on Gemini 3.8 Flash shows the January price change.
#[test]
fn gemini_3_8_flash_shows_its_january_change_in_the_projection() {
    let c = catalog();
    let s = loopcost::scenario::parse(
        r#"{"stages":[{"mix":[{"model":"gemini-3.8-flash"}],"iterations":10,"system_tokens":3000,"user_tokens":200,
            "output_tokens":350,"tool_result_tokens":1700}],"traffic":{"runs_per_day":1000}}"#,
        c,
    )
    .unwrap();
    let e = loopcost::engine::evaluate(&s, c).unwrap();
    let jan = e.projection.iter().position(|r| r.month == Date::parse("2027-01-01").unwrap()).unwrap();
    assert!(!e.projection[jan].changes.is_empty() && e.projection[jan].changes[0].model == "gemini-3.8-flash");
    assert!((e.projection[jan].monthly_usd / e.projection[jan - 1].monthly_usd - 2.0).abs() < 1e-9, "it doubles");
}

/// Ids and match rules are compared in ASCII lower case (which keeps Unicode's case tables out of
/// the page): that equals genai-prices' `str.lower()` only while the catalog's ids and rules are
/// ASCII, so a catalog that is not fails here.
#[test]
fn ids_and_match_rules_are_ascii() {
    let text = include_str!("../model/src/catalog/prices.json");
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let mut texts = Vec::new();
    for m in v["models"].as_array().unwrap() {
        strings(&m["id"], &mut texts);
        strings(&m["match"], &mut texts);
    }
    for p in v["providers"].as_array().unwrap() {
        strings(&p["id"], &mut texts);
        strings(&p["model_match"], &mut texts);
        strings(&p["provider_match"], &mut texts);
    }
    assert!(texts.len() > 500, "{} texts", texts.len());
    for t in &texts {
        assert!(t.is_ascii(), "not ASCII: {t:?}");
    }
    // A reference in any case resolves as genai-prices would.
    let c = catalog();
    assert_eq!(
        c.resolve("CLAUDE-SONNET-4-5-20250929").map(|m| m.id.as_str()),
        c.resolve("claude-sonnet-4-5-20250929").map(|m| m.id.as_str())
    );
    assert!(c.resolve("claude-sonnet-4-5-20250929").is_some());
}
