//! The scenario being edited, as scenario-file JSON, and the edits the editor makes to it.
//!
//! A draft can be anything a person can produce: half-typed numbers, an imported file, a
//! stored draft from an older version, a link someone altered. Every edit here accepts any
//! JSON and never panics: a part that is not the shape an edit expects is left alone (the
//! parser then says what is wrong with it, at its path). The UI's buttons call these; the
//! property tests feed them arbitrary drafts.

use crate::json::json_number;
use serde_json::{Map, Value, json};

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('.').filter(|s| !s.is_empty())
}

/// The value at a dotted path (`stages.0.mix.1.share`).
pub fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    segments(path).try_fold(v, |v, seg| match v {
        Value::Object(m) => m.get(seg),
        Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

pub fn lookup_mut<'a>(v: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    segments(path).try_fold(v, |v, seg| match v {
        Value::Object(m) => m.get_mut(seg),
        Value::Array(a) => seg.parse::<usize>().ok().and_then(move |i| a.get_mut(i)),
        _ => None,
    })
}

/// Sets the value at `path`, creating objects on the way; an index past a list's end is ignored.
pub fn set_path(root: &mut Value, path: &str, v: Value) {
    let segs: Vec<&str> = segments(path).collect();
    let Some((last, parents)) = segs.split_last() else {
        *root = v;
        return;
    };
    let mut cur = root;
    for seg in parents {
        if !cur.is_object() && !cur.is_array() {
            *cur = Value::Object(Map::new());
        }
        cur = match cur {
            Value::Object(m) => m.entry(seg.to_string()).or_insert_with(|| Value::Object(Map::new())),
            Value::Array(a) => match seg.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                Some(x) => x,
                None => return,
            },
            _ => return,
        };
    }
    match cur {
        Value::Object(m) => {
            m.insert(last.to_string(), v);
        }
        Value::Array(a) => {
            if let Some(x) = last.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                *x = v;
            }
        }
        other => {
            let mut m = Map::new();
            m.insert(last.to_string(), v);
            *other = Value::Object(m);
        }
    }
}

pub fn remove_path(root: &mut Value, path: &str) {
    let (parent, last) = match path.rsplit_once('.') {
        Some((p, l)) => (p, l),
        None => ("", path),
    };
    match lookup_mut(root, parent) {
        Some(Value::Object(m)) => {
            m.remove(last);
        }
        Some(Value::Array(a)) => {
            if let Ok(i) = last.parse::<usize>()
                && i < a.len()
            {
                a.remove(i);
            }
        }
        _ => {}
    }
}

/// Edits the list at `path`, creating it when absent (or replacing what is not a list).
pub fn edit_list(root: &mut Value, path: &str, f: impl FnOnce(&mut Vec<Value>)) {
    if !matches!(lookup(root, path), Some(Value::Array(_))) {
        set_path(root, path, Value::Array(Vec::new()));
    }
    if let Some(Value::Array(list)) = lookup_mut(root, path) {
        f(list);
    }
}

/// Reads what a person typed into a number field: `12,000`, `12 000`, `12k`, `1.5M`, `40%`.
pub fn parse_number(text: &str) -> Option<f64> {
    let t: String = text.trim().chars().filter(|c| !matches!(c, ',' | '_' | ' ' | '\u{a0}' | '$')).collect();
    let t = t.trim_end_matches('%');
    if t.is_empty() {
        return None;
    }
    let (num, mult) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 1e3),
        Some((i, 'm' | 'M')) => (&t[..i], 1e6),
        Some((i, 'b' | 'B')) => (&t[..i], 1e9),
        _ => (t, 1.0),
    };
    let x: f64 = num.parse().ok()?;
    let x = x * mult;
    x.is_finite().then_some(x)
}

/// ↑ / ↓ on a number field: a step in proportion to the value (a tenth of its order of
/// magnitude: 12,000 → 1,000, 2.3 → 0.1, 350 → 10), ten times that with Shift, never below
/// `unit` (1 for token counts and percentages); never below zero. The result is rounded to the
/// step, so 2.3 − 0.1 is 2.2, not 2.1999999999999997.
pub fn step(current: f64, up: bool, shift: bool, unit: f64) -> f64 {
    let cur = if current.is_finite() { current } else { 0.0 };
    let magnitude = if cur.abs() > 0.0 { 10f64.powf(cur.abs().log10().floor()) } else { unit };
    let mut step = (magnitude / 10.0).max(unit);
    if shift {
        step *= 10.0;
    }
    let next = (cur + if up { step } else { -step }).max(0.0);
    // Round to the step's own decimals.
    let decimals = (-step.log10().floor()).clamp(0.0, 9.0) as i32;
    let scale = 10f64.powi(decimals);
    (next * scale).round() / scale
}

/// A share rounded to 9 decimals, so sums stay tidy.
fn share_value(x: f64) -> Value {
    json_number((x * 1e9).round() / 1e9)
}

/// Sets `key` of an entry that is an object; anything else is left alone.
fn put(entry: &mut Value, key: &str, v: Value) {
    if let Some(o) = entry.as_object_mut() {
        o.insert(key.to_string(), v);
    }
}

fn share_of(entry: &Value) -> f64 {
    entry.get("share").and_then(Value::as_f64).filter(|x| x.is_finite()).unwrap_or(0.0)
}

/// Sets the share of mix entry `j` to `x` (clamped to 0..1) and rescales the others so that
/// they keep adding up to 1.
pub fn set_share(mix: &mut [Value], j: usize, x: f64) {
    if j >= mix.len() || !x.is_finite() {
        return;
    }
    let x = x.clamp(0.0, 1.0);
    let current: Vec<f64> = mix.iter().map(share_of).collect();
    let others: f64 = current.iter().enumerate().filter(|(k, _)| *k != j).map(|(_, s)| s.max(0.0)).sum();
    let n_others = mix.len().saturating_sub(1).max(1) as f64;
    for (k, e) in mix.iter_mut().enumerate() {
        let s = if k == j {
            x
        } else if others > 0.0 {
            current[k].max(0.0) / others * (1.0 - x)
        } else {
            (1.0 - x) / n_others
        };
        put(e, "share", share_value(s));
    }
}

/// Gives every mix entry an equal share (the first takes the rounding remainder).
pub fn equalize(mix: &mut [Value]) {
    let n = mix.len().max(1) as f64;
    for e in mix.iter_mut() {
        put(e, "share", share_value(1.0 / n));
    }
    let sum: f64 = mix.iter().map(share_of).sum();
    if let Some(first) = mix.first_mut() {
        let s = share_of(first) + (1.0 - sum);
        put(first, "share", share_value(s));
    }
}

/// Adds `model` to a mix and shares the runs equally.
pub fn add_to_mix(mix: &mut Vec<Value>, model: &str) {
    mix.push(json!({"model": model, "share": 0}));
    equalize(mix);
}

/// Removes mix entry `j` (never the last one) and shares the runs equally.
pub fn remove_from_mix(mix: &mut Vec<Value>, j: usize) {
    if mix.len() > 1 && j < mix.len() {
        mix.remove(j);
        equalize(mix);
    }
}

/// The model ids a mix names, in order (entries that are not objects with a model are skipped).
pub fn mix_models(mix: &[Value]) -> Vec<String> {
    mix.iter().filter_map(|e| e.get("model").and_then(Value::as_str).map(str::to_string)).collect()
}

/// What a stage's buttons do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageAction {
    Up,
    Down,
    Duplicate,
    Remove,
}

impl StageAction {
    pub fn parse(s: &str) -> Option<StageAction> {
        match s {
            "up" => Some(StageAction::Up),
            "down" => Some(StageAction::Down),
            "duplicate" => Some(StageAction::Duplicate),
            "remove" => Some(StageAction::Remove),
            _ => None,
        }
    }
}

/// Moves, duplicates or removes stage `i` (the last stage is never removed).
pub fn stage_action(stages: &mut Vec<Value>, i: usize, action: StageAction) {
    match action {
        StageAction::Up if i > 0 && i < stages.len() => stages.swap(i, i - 1),
        StageAction::Down if i + 1 < stages.len() => stages.swap(i, i + 1),
        StageAction::Duplicate if i < stages.len() => {
            let mut v = stages[i].clone();
            if let Some(n) = v.get("name").and_then(Value::as_str).map(str::to_string) {
                put(&mut v, "name", Value::String(format!("{n} (copy)")));
            }
            stages.insert(i + 1, v);
        }
        StageAction::Remove if stages.len() > 1 && i < stages.len() => {
            stages.remove(i);
        }
        _ => {}
    }
}

/// Adds a turn to (`more`) or removes the last turn from a stage's trace, keeping its
/// `iterations` equal to the trace's length. A stage with no trace is left alone.
pub fn resize_trace(root: &mut Value, stage: usize, more: bool) {
    let p = format!("stages.{stage}.turns");
    let Some(Value::Array(list)) = lookup(root, &p).cloned() else { return };
    let mut list = list;
    if more {
        let last = list
            .last()
            .filter(|t| t.is_object())
            .cloned()
            .unwrap_or(json!({"output_tokens": 0, "tool_result_tokens": 0}));
        list.push(last);
    } else if list.len() > 1 {
        list.pop();
    }
    let n = list.len();
    set_path(root, &p, Value::Array(list));
    if lookup(root, &format!("stages.{stage}")).is_some_and(Value::is_object) {
        set_path(root, &format!("stages.{stage}.iterations"), json!(n));
    }
}

/// The forms a varying turn count takes in the editor, as (value, label).
pub const VARY_FORMS: &[(&str, &str)] = &[
    ("usually", "Between min and max, usually…"),
    ("range", "Anywhere between min and max"),
    ("stop", "Stops after each turn with a chance"),
    ("counts", "As observed (from a log)"),
];

/// `iterations` made to vary around its current count n: between n/2 and 2n, usually n.
pub fn iterations_vary(current: &Value) -> Value {
    let limit = crate::scenario::limits::MAX_ITERATIONS as u64;
    let n = current.as_u64().unwrap_or(10).clamp(1, limit);
    json!({"min": n.div_ceil(2).max(1), "mode": n, "max": (2 * n).clamp(2, limit)})
}

/// `iterations` back to one count: the usual count where the distribution names one, else its
/// median (the count the tables showed).
pub fn iterations_fixed(current: &Value) -> Value {
    match crate::scenario::Iterations::from_json(current) {
        Some(crate::scenario::Iterations::Triangle { mode, .. }) => json!(mode),
        Some(d) => json!(d.median()),
        None => current.as_u64().map_or(json!(10), |n| json!(n)),
    }
}

/// The form a varying `iterations` object is in (one of [`VARY_FORMS`]).
pub fn iterations_form(current: &Value) -> &'static str {
    let Some(m) = current.as_object() else { return "" };
    if m.contains_key("counts") {
        "counts"
    } else if m.contains_key("stop_probability") {
        "stop"
    } else if m.contains_key("mode") {
        "usually"
    } else {
        "range"
    }
}

/// `iterations` in another form, keeping what the two share (the range, the usual count; a stop
/// chance of 1 / the mean).
pub fn iterations_in_form(current: &Value, form: &str) -> Value {
    let limit = crate::scenario::limits::MAX_ITERATIONS;
    let d = crate::scenario::Iterations::from_json(current);
    let field = |k: &str| current.get(k).and_then(Value::as_u64).map(|n| n.clamp(1, limit as u64) as u32);
    let (min, max) = match &d {
        Some(d) => (d.min(), d.max()),
        None => (field("min").unwrap_or(1), field("max").unwrap_or(20)),
    };
    let (min, max) = (min.min(max), max.max(min));
    let usual = d.as_ref().map_or((min + max) / 2, |d| d.median()).clamp(min, max);
    match form {
        "range" => json!({"min": min, "max": max}),
        "stop" => {
            let mean = d.as_ref().map_or(usual as f64, |d| d.mean()).max(1.0);
            let p = ((1.0 / mean) * 1000.0).round() / 1000.0;
            json!({"stop_probability": json_number(p.clamp(0.001, 1.0)), "max": max.max(1)})
        }
        "counts" => match &d {
            Some(d) => {
                let mut m = Map::new();
                for (n, p) in d.probabilities() {
                    m.insert(n.to_string(), json_number((p * 1000.0).round().max(1.0)));
                }
                json!({"counts": Value::Object(m)})
            }
            None => json!({"counts": {usual.to_string(): 1}}),
        },
        _ => json!({"min": min, "mode": usual, "max": max}),
    }
}

/// The cache prices of a model of one's own, in the order of [`Catalog::cache_multipliers`](crate::catalog::Catalog::cache_multipliers).
pub const CACHE_PRICES: [&str; 3] = ["cache_write_5m", "cache_write_1h", "cache_read"];

/// A model of one's own (a `prices` entry), started from catalog model `m`: its provider, its
/// five standard prices on `catalog`'s date, its minimum cacheable prompt and context window.
/// `k` numbers it ("my-model-2", "My model 2").
pub fn custom_model_from(m: &crate::catalog::Model, catalog: &crate::catalog::Catalog, k: usize) -> Value {
    let mut v = json!({"id": format!("my-model-{k}"), "name": format!("My model {k}"), "provider": m.provider});
    for (f, x) in m.period(catalog.date).standard.rates.named() {
        v[f] = json_number(x);
    }
    v["min_cacheable_tokens"] = json!(m.min_cacheable_tokens);
    v["context_window"] = json!(m.context_window.unwrap_or(200_000));
    v
}

/// What cache price `field` of a model of one's own would be at its provider's multipliers, given
/// its input price; `None` when the catalog knows no multiplier for it.
pub fn derived_cache_price(catalog: &crate::catalog::Catalog, model: &Value, field: &str) -> Option<f64> {
    let provider = model.get("provider")?.as_str()?;
    let input = model.get("input")?.as_f64()?;
    let i = CACHE_PRICES.iter().position(|f| *f == field)?;
    catalog.cache_multipliers(provider)?[i].map(|m| round_price(m * input))
}

/// Prices as people write them: no float noise (0.30000000000000004 is 0.3).
fn round_price(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// Whether cache price `field` of `model` is its derived value (or absent): it then follows the
/// input price and the provider.
pub fn cache_price_is_derived(catalog: &crate::catalog::Catalog, model: &Value, field: &str) -> bool {
    match (model.get(field), derived_cache_price(catalog, model, field)) {
        (None, _) => true,
        (Some(v), Some(d)) => v.as_f64().is_some_and(|x| (x - d).abs() <= 1e-9 * d.abs().max(1e-9)),
        (Some(_), None) => false,
    }
}

/// Changes `key` (`input` or `provider`) of a model of one's own; each cache price that was
/// still its derived value follows the change (one the user set stays). Returns the cache
/// prices that followed.
pub fn set_custom_model(
    catalog: &crate::catalog::Catalog,
    model: &mut Value,
    key: &str,
    value: Value,
) -> Vec<&'static str> {
    if !model.is_object() {
        return Vec::new();
    }
    let derived: Vec<&'static str> =
        CACHE_PRICES.into_iter().filter(|f| cache_price_is_derived(catalog, model, f)).collect();
    model[key] = value;
    derived
        .into_iter()
        .filter(|f| match derived_cache_price(catalog, model, f) {
            Some(x) => {
                model[*f] = json_number(x);
                true
            }
            None => false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let mut v = json!({"stages": [{"iterations": 3}]});
        assert_eq!(lookup(&v, "stages.0.iterations"), Some(&json!(3)));
        set_path(&mut v, "stages.0.cache.mode", json!("system"));
        set_path(&mut v, "traffic.runs_per_day", json!(5));
        set_path(&mut v, "stages.7.iterations", json!(1));
        assert_eq!(
            v,
            json!({"stages": [{"iterations": 3, "cache": {"mode": "system"}}], "traffic": {"runs_per_day": 5}})
        );
        remove_path(&mut v, "stages.0.cache");
        remove_path(&mut v, "stages.0");
        assert_eq!(v, json!({"stages": [], "traffic": {"runs_per_day": 5}}));
    }

    #[test]
    fn typed_numbers() {
        assert_eq!(parse_number("12,000"), Some(12000.0));
        assert_eq!(parse_number(" 12k "), Some(12000.0));
        assert_eq!(parse_number("1.5M"), Some(1.5e6));
        assert_eq!(parse_number("40%"), Some(40.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("1e400"), None);
        assert_eq!(json_number(3.0), json!(3));
        assert_eq!(json_number(0.25), json!(0.25));
    }

    #[test]
    fn arrow_steps_are_in_proportion_and_exact() {
        assert_eq!(step(2.3, false, false, 0.01), 2.2);
        assert_eq!(step(2.3, true, false, 0.01), 2.4);
        assert_eq!(step(12_000.0, true, false, 1.0), 13_000.0);
        assert_eq!(step(12_000.0, true, true, 1.0), 22_000.0);
        assert_eq!(step(350.0, false, false, 1.0), 340.0);
        assert_eq!(step(0.0, true, false, 1.0), 1.0);
        assert_eq!(step(5.0, true, false, 1.0), 6.0);
        assert_eq!(step(0.5, false, true, 1.0), 0.0);
        assert_eq!(step(f64::NAN, true, false, 1.0), 1.0);
    }

    #[test]
    fn shares_keep_adding_up() {
        let mut mix = vec![json!({"model": "a", "share": 0.5}), json!({"model": "b", "share": 0.5})];
        set_share(&mut mix, 0, 0.3);
        assert_eq!(mix[1]["share"], json!(0.7));
        add_to_mix(&mut mix, "c");
        let sum: f64 = mix.iter().map(share_of).sum();
        assert!((sum - 1.0).abs() < 1e-9);
        // Entries that are not objects (an imported file can hold anything) are left alone.
        let mut odd = vec![json!("claude-haiku-4-5"), json!(7), json!({"model": "x"})];
        set_share(&mut odd, 0, 0.5);
        equalize(&mut odd);
        remove_from_mix(&mut odd, 1);
        assert_eq!(odd[0], json!("claude-haiku-4-5"));
    }

    #[test]
    fn turn_counts_vary_and_come_back() {
        let v = iterations_vary(&json!(12));
        assert_eq!(v, json!({"min": 6, "mode": 12, "max": 24}));
        assert_eq!(iterations_form(&v), "usually");
        assert_eq!(iterations_fixed(&v), json!(12), "back to the usual count (the median would be 14)");
        assert_eq!(iterations_fixed(&json!({"min": 1, "max": 4})), json!(2), "a range: its median");
        assert_eq!(iterations_in_form(&v, "range"), json!({"min": 6, "max": 24}));
        let stop = iterations_in_form(&v, "stop");
        assert_eq!(iterations_form(&stop), "stop");
        assert!(crate::scenario::Iterations::from_json(&stop).is_some());
        // Whatever the draft holds, never a panic, always a count or a distribution.
        for junk in [json!(null), json!("x"), json!({"min": "a"}), json!({"counts": 3}), json!(-4)] {
            let _ = iterations_vary(&junk);
            assert!(iterations_fixed(&junk).is_u64());
            for (f, _) in VARY_FORMS {
                let _ = iterations_in_form(&junk, f);
            }
        }
    }
}
