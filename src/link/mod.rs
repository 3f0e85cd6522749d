//! Share links: a scenario in the address, versioned, compact and pinned to its prices.
//!
//! The scenario travels in the URL fragment (after `#`), so it never reaches a server:
//!
//! ```text
//! https://host/path/#v=1&c=2026-11-22&s=eyJzY2VuYXJpbyI6…
//! ```
//!
//! - `v`: the link format version (1). Later versions add readers; v1 links keep decoding.
//! - `c`: the price catalog version the link was made with.
//! - `s`: base64url (no padding) of the JSON `{"scenario": …, "pinned": […]}`, where `scenario`
//!   is the scenario file with default values left out and `pinned` holds the catalog prices
//!   of every model it uses, so that the link shows the same numbers whatever later catalogs
//!   say (and can show both when they differ).
//! - Other parameters (`embed`, `show`) are view settings; unknown ones are ignored.
//!
//! Decoding runs the scenario file parser, so a link can never hold anything a file could not.

mod base64;

use crate::catalog::{Catalog, Model, PriceSet, RATE_FIELDS, Rates, Variant};
use crate::scenario::{self, Scenario, Stage};
use serde_json::{Map, Value, json};

/// The link format this build writes (2: pinned prices with tiers and service-tier variants).
/// Format 1 links are still read.
pub const VERSION: u32 = 2;
/// Longer addresses are refused before anything is decoded.
pub const MAX_CHARS: usize = 100_000;

/// Why a link could not be opened, in words for the person who followed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError(pub String);

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A decoded link.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The scenario, to be evaluated at today's prices.
    pub scenario: Scenario,
    /// The catalog version the link was made with.
    pub catalog_version: String,
    /// The models whose shared prices differ from today's catalog (or that it no longer has),
    /// as the link pinned them. Empty when nothing changed.
    pub changed: Vec<Model>,
    /// View settings (`embed`, `show`, …) as given.
    pub params: Vec<(String, String)>,
}

impl Decoded {
    /// The scenario at the prices it was shared with: the changed models pinned as overrides.
    pub fn at_shared_prices(&self) -> Scenario {
        with_models(&self.scenario, &self.changed)
    }

    pub fn param(&self, key: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// `s` with `models` added to its own prices (its own entries win).
pub fn with_models(s: &Scenario, models: &[Model]) -> Scenario {
    let mut out = s.clone();
    for m in models {
        if !out.prices.iter().any(|p| p.id == m.id) {
            out.prices.push(m.clone());
        }
    }
    out
}

/// The scenario JSON with every value that equals its default left out (the mix never: the
/// default model belongs to the catalog and may change).
pub fn minimal_json(s: &Scenario) -> Value {
    let mut v = s.to_value();
    let default_stage = Stage::default().to_value();
    let default_traffic = scenario::Traffic::default().to_value();
    let strip = |obj: &mut Map<String, Value>, defaults: &Value, keep: &[&str]| {
        obj.retain(|k, val| keep.contains(&k.as_str()) || defaults.get(k) != Some(val));
    };
    if let Some(top) = v.as_object_mut() {
        if top.get("name") == Some(&json!("")) {
            top.remove("name");
        }
        if let Some(Value::Object(t)) = top.get_mut("traffic") {
            strip(t, &default_traffic, &[]);
        }
        if top.get("traffic").is_some_and(|t| t.as_object().is_some_and(Map::is_empty)) {
            top.remove("traffic");
        }
        if let Some(Value::Array(stages)) = top.get_mut("stages") {
            for st in stages.iter_mut().filter_map(Value::as_object_mut) {
                if let (Some(Value::Object(c)), Some(dc)) = (st.get_mut("cache"), default_stage.get("cache")) {
                    strip(c, dc, &[]);
                }
                strip(st, &default_stage, &["mix"]);
                if st.get("cache").is_some_and(|c| c.as_object().is_some_and(Map::is_empty)) {
                    st.remove("cache");
                }
            }
        }
    }
    whole_numbers(&mut v);
    v
}

/// `2.0` → `2`: shorter, and reads back as the same number.
fn whole_numbers(v: &mut Value) {
    match v {
        Value::Number(n) => {
            if let Some(x) = n.as_f64().filter(|x| n.is_f64() && x.fract() == 0.0 && x.abs() < 9.0e15) {
                *v = Value::from(x as i64);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(whole_numbers),
        Value::Object(o) => o.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// The fields of a v1 pinned model, in the order a v1 link lists them (positional, to keep
/// links short): `[id, provider, input, output, cache_write_5m, cache_write_1h, cache_read,
/// min_cacheable_tokens, context_window, long_context?, batch_multiplier?]`, with
/// `long_context` as `[threshold_tokens, input, output, cache_write_5m, cache_write_1h,
/// cache_read]` or `null`. Links of format 1 are still read.
const PINNED_V1: [&str; 9] = [
    "id",
    "provider",
    "input",
    "output",
    "cache_write_5m",
    "cache_write_1h",
    "cache_read",
    "min_cacheable_tokens",
    "context_window",
];

/// A price set as a link row: `[input, output, cache_write_5m, cache_write_1h, cache_read,
/// tiers?]`, a cache price the source did not publish as `null`, each tier as `[start, input,
/// output, cache_write_5m, cache_write_1h, cache_read]`.
fn set_row(set: &PriceSet) -> Value {
    let rates = |r: &Rates| -> Vec<Value> {
        r.named().iter().map(|(k, x)| if set.given.has(k) { json!(x) } else { Value::Null }).collect()
    };
    let mut row = rates(&set.rates);
    if !set.tiers.is_empty() {
        let tiers: Vec<Value> = set
            .tiers
            .iter()
            .map(|t| {
                let mut r = vec![json!(t.start)];
                r.extend(rates(&t.rates));
                Value::Array(r)
            })
            .collect();
        row.push(Value::Array(tiers));
    }
    Value::Array(row)
}

/// A [`set_row`] back into price-set JSON (then read by the scenario reader).
fn set_from_row(row: &Value) -> Value {
    let Some(row) = row.as_array() else { return Value::Null };
    let mut m = Map::new();
    for (k, v) in RATE_FIELDS.iter().zip(row) {
        if !v.is_null() {
            m.insert(k.to_string(), v.clone());
        }
    }
    if let Some(Value::Array(tiers)) = row.get(RATE_FIELDS.len()) {
        let tiers = tiers
            .iter()
            .map(|t| {
                let mut o = Map::new();
                let t = t.as_array().cloned().unwrap_or_default();
                o.insert("start".into(), t.first().cloned().unwrap_or(Value::Null));
                for (k, v) in RATE_FIELDS.iter().zip(t.iter().skip(1)) {
                    if !v.is_null() {
                        o.insert(k.to_string(), v.clone());
                    }
                }
                Value::Object(o)
            })
            .collect();
        m.insert("tiers".into(), Value::Array(tiers));
    }
    Value::Object(m)
}

/// The catalog entries a scenario uses (stage mixes and router), minus those it overrides,
/// reduced to what pricing needs on the scenario's date: `[id, provider, min_cacheable_tokens,
/// context_window, standard, batch, flex, priority, fast]` (trailing `null`s left out), each
/// set a [`set_row`] averaged over the day.
fn pinned(s: &Scenario, catalog: &Catalog) -> Vec<Value> {
    let date = s.date(catalog);
    let mut out = Vec::new();
    for id in s.model_ids() {
        if s.prices.iter().any(|p| p.id == id) {
            continue;
        }
        let Some(m) = catalog.model(id) else { continue };
        let period = m.period(date);
        let mut row = vec![
            json!(m.id),
            json!(m.provider),
            json!(m.min_cacheable_tokens),
            m.context_window.map_or(Value::Null, |w| json!(w)),
            set_row(&period.standard.daily()),
        ];
        for v in Variant::ALL {
            row.push(period.variant(v).map_or(Value::Null, |set| set_row(&set.daily())));
        }
        while row.last().is_some_and(Value::is_null) {
            row.pop();
        }
        out.push(Value::Array(row));
    }
    out
}

/// A pinned model's row back into a model entry (then read by the scenario reader).
fn unpin(row: &Value, version: u32) -> Value {
    let Some(row) = row.as_array() else { return Value::Null };
    let mut m = Map::new();
    if version == 1 {
        for (k, v) in PINNED_V1.iter().zip(row) {
            m.insert(k.to_string(), v.clone());
        }
        if let Some(Value::Array(lc)) = row.get(PINNED_V1.len()) {
            let mut l = Map::new();
            l.insert("threshold_tokens".into(), lc.first().cloned().unwrap_or(Value::Null));
            for (k, v) in RATE_FIELDS.iter().zip(lc.iter().skip(1)) {
                l.insert(k.to_string(), v.clone());
            }
            m.insert("long_context".into(), Value::Object(l));
        }
        if let Some(b) = row.get(PINNED_V1.len() + 1).filter(|b| !b.is_null()) {
            m.insert("batch_multiplier".into(), b.clone());
        }
        return Value::Object(m);
    }
    for (k, v) in ["id", "provider", "min_cacheable_tokens", "context_window"].iter().zip(row) {
        if !v.is_null() {
            m.insert(k.to_string(), v.clone());
        }
    }
    if let Some(Value::Object(std)) = row.get(4).map(set_from_row) {
        m.extend(std);
    }
    for (v, cell) in Variant::ALL.iter().zip(row.iter().skip(5)) {
        if !cell.is_null() {
            m.insert(v.as_str().into(), set_from_row(cell));
        }
    }
    Value::Object(m)
}

/// The fragment (without `#`) for a scenario, plus any view parameters.
pub fn encode(s: &Scenario, catalog: &Catalog, params: &[(String, String)]) -> String {
    let mut pinned = Value::Array(pinned(s, catalog));
    whole_numbers(&mut pinned);
    let text = crate::json::to_text(&crate::json::object([("scenario", minimal_json(s)), ("pinned", pinned)]));
    let mut out = format!("v={VERSION}&c={}&s={}", catalog.version, base64::encode(text.as_bytes()));
    for (k, v) in params {
        if !["v", "c", "s"].contains(&k.as_str()) {
            out.push('&');
            out.push_str(&percent_encode(k));
            out.push('=');
            out.push_str(&percent_encode(v));
        }
    }
    out
}

/// The app's address as people give it, made usable: the fragment and query dropped, and a
/// folder written with its trailing slash (`https://docs.example.com` →
/// `https://docs.example.com/`, `https://x/loopcost` → `https://x/loopcost/`); an address that
/// names a page (`…/index.html`) is kept as it is.
pub fn app_base(base: &str) -> String {
    let base = base.trim().split(['#', '?']).next().unwrap_or("");
    let (scheme, rest) = match base.split_once("://") {
        Some((s, r)) => (format!("{s}://"), r),
        None => (String::new(), base),
    };
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let last = path.rsplit('/').next().unwrap_or("");
    let path = if path.is_empty() {
        "/".to_string()
    } else if path.ends_with('/') || last.contains('.') {
        path.to_string()
    } else {
        format!("{path}/")
    };
    format!("{scheme}{host}{path}")
}

/// The folder of an app address (where `embed.js` lives next to `index.html`).
fn app_dir(base: &str) -> String {
    let base = app_base(base);
    match base.rfind('/') {
        Some(i) => base[..=i].to_string(),
        None => base,
    }
}

/// A full share address: the app's address ([`app_base`]) + `#` + the fragment.
pub fn share_url(base: &str, s: &Scenario, catalog: &Catalog, params: &[(String, String)]) -> String {
    format!("{}#{}", app_base(base), encode(s, catalog, params))
}

/// The widget's height when no loader script sizes it (CSS pixels).
pub const EMBED_HEIGHT: u32 = 640;

/// What the widget shows by default: one table and one chart.
pub const EMBED_SHOW: &str = "turns,cumulative";

/// The tables and charts a widget can show (`show=<table>,<chart>`).
pub const EMBED_TABLES: [&str; 3] = ["turns", "levers", "scale"];
pub const EMBED_CHARTS: [&str; 2] = ["cumulative", "prompt"];

/// `show` read leniently: an unknown or missing part takes the default.
pub fn embed_show(show: Option<&str>) -> (&'static str, &'static str) {
    let parts: Vec<&str> = show.unwrap_or("").split(',').map(str::trim).collect();
    let table = EMBED_TABLES.iter().find(|t| parts.contains(t)).copied().unwrap_or(EMBED_TABLES[0]);
    let chart = EMBED_CHARTS.iter().find(|c| parts.contains(c)).copied().unwrap_or(EMBED_CHARTS[0]);
    (table, chart)
}

/// A stage number as people write it (from 1, as the app numbers stages) to a stage index, when
/// it names one of `stages` stages.
pub fn stage_index(number: &str, stages: usize) -> Option<usize> {
    number.trim().parse::<usize>().ok().filter(|k| (1..=stages).contains(k)).map(|k| k - 1)
}

/// A widget's `stage` read leniently: missing, unreadable or out of range means the first stage.
pub fn embed_stage(stage: Option<&str>, stages: usize) -> usize {
    stage.and_then(|v| stage_index(v, stages)).unwrap_or(0)
}

/// The widget's address: the app's, with the scenario and the view settings (`embed=1`,
/// `show=<table>,<chart>`, and `stage=<n>` for a stage after the first).
pub fn embed_url(base: &str, s: &Scenario, catalog: &Catalog, show: &str, stage: usize) -> String {
    let (table, chart) = embed_show(Some(show));
    let mut params = vec![("embed".to_string(), "1".to_string()), ("show".to_string(), format!("{table},{chart}"))];
    if stage > 0 && stage < s.stages.len() {
        params.push(("stage".to_string(), (stage + 1).to_string()));
    }
    share_url(base, s, catalog, &params)
}

/// Text for an HTML attribute value in double quotes.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The HTML to paste into a docs page: the widget's iframe and the loader that sizes it.
/// `base` is the app's address; `embed.js` is expected next to it. `stage` is the index of the
/// stage whose inputs, chart and per-turn table the widget shows.
pub fn embed_snippet(base: &str, s: &Scenario, catalog: &Catalog, show: &str, stage: usize) -> String {
    let dir = app_dir(base);
    let url = embed_url(base, s, catalog, show, stage);
    let title =
        if s.name.is_empty() { "loopcost: what this agent costs".to_string() } else { format!("loopcost: {}", s.name) };
    // No inline style: a host page whose CSP forbids 'unsafe-inline' still shows it. The
    // attributes size it; the loader fits its height to the content.
    format!(
        "<iframe src=\"{}\" title=\"{}\" data-loopcost loading=\"lazy\" referrerpolicy=\"no-referrer\" \
         width=\"100%\" height=\"{EMBED_HEIGHT}\" frameborder=\"0\"></iframe>\n<script src=\"{}embed.js\" async></script>\n",
        attr(&url),
        attr(&title),
        attr(&dir)
    )
}

fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~,".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(x) = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(x);
            i += 3;
            continue;
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The parameters of a link: everything after `#` of an address (or the fragment itself).
///
/// Links arrive as people paste them: wrapped over lines by a mail program, in `<…>` or quotes,
/// followed by a sentence's full stop, or with the `#` escaped as `%23` by a chat program. None
/// of a link's own characters is whitespace, a quote, an angle bracket or such a mark at its end,
/// so these are read past.
pub fn params(link: &str) -> Vec<(String, String)> {
    let link: String = link.chars().filter(|c| !c.is_whitespace()).collect();
    let mut link = link.trim_start_matches(['<', '"', '\'', '(']);
    // What follows a link in a sentence, and whitespace a browser or an editor escaped at its
    // end (a link copied with the space after it): never part of a link.
    loop {
        let before = link.len();
        link = link.trim_end_matches(['>', '"', '\'', ')', '.', ',', ';', ':', '!', '?']);
        for escaped in ["%20", "%0A", "%0a", "%0D", "%0d", "%09"] {
            link = link.strip_suffix(escaped).unwrap_or(link);
        }
        if link.len() == before {
            break;
        }
    }
    let frag = match link.split_once('#').or_else(|| link.split_once("%23")) {
        Some((_, f)) => f,
        None => link,
    };
    frag.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(p), String::new()),
        })
        .collect()
}

/// Does this address carry a scenario at all (rather than no fragment, or only view settings)?
pub fn has_scenario(link: &str) -> bool {
    params(link).iter().any(|(k, _)| k == "s" || k == "v")
}

/// Reads a link (a full address or its fragment). Every failure is a message for people.
pub fn decode(link: &str, catalog: &Catalog) -> Result<Decoded, LinkError> {
    let err = |m: &str| Err(LinkError(m.to_string()));
    if link.len() > MAX_CHARS {
        return Err(LinkError(format!(
            "This link is too long to be a loopcost link ({} characters; the limit is {}).",
            link.len(),
            MAX_CHARS
        )));
    }
    let params = params(link);
    let get = |k: &str| params.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let Some(v) = get("v") else {
        return err("This link holds no loopcost scenario (it has no format version).");
    };
    let version = match v.parse::<u32>() {
        Ok(n @ 1..=VERSION) => n,
        Ok(n) if n > VERSION => {
            return Err(LinkError(format!(
                "This link was made by a newer loopcost (link format {n}); this version reads formats 1 to {VERSION}. Open it where it was made, or update."
            )));
        }
        _ => {
            let shown: String = v.chars().take(20).collect();
            return Err(LinkError(format!("This link has an unknown format version (\"{shown}\").")));
        }
    };
    let Some(payload) = get("s") else { return err("This link is missing its scenario (no s= part).") };
    let Some(bytes) = base64::decode(payload) else {
        return err(
            "This link is damaged: its scenario is not readable (it may have been cut short or altered when copied).",
        );
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return err("This link is damaged: its scenario is not readable text.");
    };
    let value = crate::json::parse(&text).map_err(|e| {
        LinkError(if e.message.contains("cut short") {
            "This link is cut short: part of it is missing. Copy the whole address again.".to_string()
        } else {
            format!("This link is damaged: {e}.")
        })
    })?;
    let Some(s) = value.get("scenario") else { return err("This link is damaged: it has no scenario.") };
    // The scenario's own models, and the catalog models it was shared with.
    let own: Vec<String> = s
        .get("prices")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(|m| m.get("id").and_then(Value::as_str).map(str::to_string)).collect())
        .unwrap_or_default();
    let pinned: Vec<Model> = pinned_models(&value, version).into_iter().filter(|m| !own.contains(&m.id)).collect();
    // Pinned prices are data from the address: out-of-range ones mean a damaged link.
    for (i, m) in pinned.iter().enumerate() {
        if let Some(issue) = scenario::validate_model(&format!("pinned.{i}"), m, catalog).first() {
            return Err(LinkError(format!(
                "This link is damaged: the prices it was shared with are not valid ({issue})."
            )));
        }
    }
    // A model today's catalog no longer has is priced as it was shared, today too.
    let mut s = s.clone();
    let missing: Vec<&Model> = pinned.iter().filter(|m| catalog.model(&m.id).is_none()).collect();
    if !missing.is_empty()
        && let Some(obj) = s.as_object_mut()
    {
        let prices = obj.entry("prices").or_insert_with(|| Value::Array(Vec::new()));
        if let Some(list) = prices.as_array_mut() {
            list.extend(missing.iter().map(|m| m.to_value()));
        }
    }
    let scenario = scenario::parse_value(&s, catalog).map_err(|issues| {
        let list: Vec<String> = issues.iter().take(3).map(|i| i.to_string()).collect();
        let more = if issues.len() > 3 { format!(" (and {} more)", issues.len() - 3) } else { String::new() };
        LinkError(format!("The scenario in this link is not valid: {}{more}.", list.join("; ")))
    })?;
    let date = scenario.date(catalog);
    let changed: Vec<Model> = pinned
        .into_iter()
        .filter(|m| catalog.model(&m.id).is_none_or(|today| !today.same_prices(m, date, catalog)))
        .collect();
    Ok(Decoded {
        scenario,
        catalog_version: get("c").unwrap_or("").chars().take(20).collect(),
        changed,
        params: params.into_iter().filter(|(k, _)| !["v", "c", "s"].contains(&k.as_str())).collect(),
    })
}

fn pinned_models(payload: &Value, version: u32) -> Vec<Model> {
    payload
        .get("pinned")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .enumerate()
                .take(scenario::limits::MAX_CUSTOM_MODELS)
                .filter_map(|(i, row)| {
                    let mut m = scenario::read_model(&format!("pinned.{i}"), &unpin(row, version)).ok()?;
                    // A window the catalog did not know stays unknown.
                    if version > 1 && row.get(3).is_some_and(Value::is_null) {
                        m.context_window = None;
                    }
                    Some(m)
                })
                .collect()
        })
        .unwrap_or_default()
}
