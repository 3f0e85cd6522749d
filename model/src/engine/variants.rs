//! The scenario against itself: one lever changed at a time, the same workload on other models,
//! and at other traffic levels. The UI's levers, comparison and scale tables show these; they
//! compute nothing themselves.

use super::evaluate_now as evaluate;
use crate::catalog::{Catalog, Model, ServiceTier, Status};
use crate::engine::Evaluation;
use crate::scenario::{CacheMode, Latency, MixEntry, Scenario, StageKind, Ttl};
use serde::Serialize;

/// One lever: the scenario with a single setting changed everywhere it applies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lever {
    /// Stable id, e.g. `cache_none`, `ttl_1h`, `batch_100`, `model_anthropic_small`,
    /// `model_cheapest`.
    pub id: String,
    /// The group the lever belongs to: `cache`, `ttl`, `batch`, `model`.
    pub group: &'static str,
    pub label: String,
    /// What else had to change for the lever to apply (a model without a 1-hour cache keeps
    /// the 5-minute one, …); empty when nothing did.
    pub note: String,
    pub cost_per_run: f64,
    pub monthly_usd: f64,
    /// What the lever saves against the scenario as it is (negative: it costs more).
    pub monthly_savings_usd: f64,
    /// `monthly_savings_usd / monthly_usd of the scenario`; 0 when the scenario costs nothing.
    pub savings_share: f64,
    /// What the lever costs besides money (latency, the model's quality, cache survival): every
    /// lever says, even when it is "nothing but the price".
    pub tradeoff: String,
    /// The lever changes what the product is (the Batch API for a stage someone waits for): it
    /// is shown with its savings, but never marked best.
    pub changes_product: bool,
    /// The scenario already has this setting everywhere.
    pub current: bool,
    /// The lever that saves the most among those that keep the product what it is (there is at
    /// most one, and only when it saves anything).
    pub best: bool,
}

/// A change to apply to every stage.
fn variant(s: &Scenario, f: impl Fn(&mut Scenario)) -> Scenario {
    let mut v = s.clone();
    f(&mut v);
    v
}

/// `s` with every stage on `model` alone, adapted to what the model offers: a 1-hour TTL falls
/// back to 5 minutes where the model has no 1-hour cache, a service tier it lacks to standard,
/// and batching to none when it has no Batch API prices. The notes say which applied.
pub fn on_model(s: &Scenario, catalog: &Catalog, model: &Model) -> (Scenario, Vec<String>) {
    let mut v = s.clone();
    let mut notes = Vec::new();
    let date = s.date(catalog);
    let period = model.period(date);
    let has_1h = period.standard.given.cache_write_1h && catalog.offers_ttl_1h(model);
    for st in &mut v.stages {
        st.mix = vec![MixEntry { model: model.id.clone(), share: 1.0 }];
        if st.cache.ttl == Ttl::OneHour && !has_1h {
            st.cache.ttl = Ttl::FiveMinutes;
            if !notes.iter().any(|n: &String| n.starts_with("5-minute")) {
                notes.push("5-minute cache (no 1-hour TTL)".to_string());
            }
        }
        if st.service_tier != ServiceTier::Standard && period.tier(st.service_tier).is_none() {
            notes.push(format!("standard tier (no {} tier)", st.service_tier.as_str()));
            st.service_tier = ServiceTier::Standard;
        }
    }
    if v.traffic.batch_share > 0.0 && super::pricing(model, date, ServiceTier::Standard, 1.0, catalog).is_err() {
        v.traffic.batch_share = 0.0;
        notes.push("no Batch API".to_string());
    }
    notes.dedup();
    (v, notes)
}

/// A lever before it is evaluated.
struct Candidate {
    id: String,
    group: &'static str,
    label: String,
    scenario: Scenario,
    /// The scenario already has it.
    current: bool,
    /// What else had to change.
    notes: Vec<String>,
    tradeoff: String,
    changes_product: bool,
}

impl Candidate {
    fn new(
        id: impl Into<String>,
        group: &'static str,
        label: impl Into<String>,
        scenario: Scenario,
        current: bool,
    ) -> Self {
        Candidate {
            id: id.into(),
            group,
            label: label.into(),
            scenario,
            current,
            notes: Vec::new(),
            tradeoff: String::new(),
            changes_product: false,
        }
    }

    fn tradeoff(mut self, t: impl Into<String>) -> Self {
        self.tradeoff = t.into();
        self
    }
}

/// What moving to `m` trades besides money, by where it sits in its provider's family.
fn model_tradeoff(catalog: &Catalog, m: &Model, size: Option<&str>) -> String {
    let provider =
        catalog.providers.iter().find(|p| p.id == m.provider).map_or(m.provider.as_str(), |p| p.name.as_str());
    match size {
        Some("small") => format!(
            "{provider}'s smallest model: faster, but it may need more turns or fail tasks a larger model finishes; check it on your own tasks."
        ),
        Some("large") => format!("{provider}'s largest model: often fewer turns and better answers, usually slower."),
        _ => format!(
            "Another model ({provider}): answers, speed and the turns it needs differ; check it on your own tasks."
        ),
    }
}

/// Every lever of `s`, the best marked. An invalid scenario has none.
pub fn levers(s: &Scenario, catalog: &Catalog) -> Vec<Lever> {
    let Ok(base) = evaluate(s, catalog) else { return Vec::new() };
    let all_stages = |p: &dyn Fn(&crate::scenario::Stage) -> bool| s.stages.iter().all(p);
    let mut out: Vec<Candidate> = Vec::new();
    for (id, mode, label, tradeoff) in [
        (
            "cache_none",
            CacheMode::None,
            "No caching",
            "Nothing but the price: every request pays the full input price.",
        ),
        (
            "cache_system",
            CacheMode::System,
            "Cache the system prompt",
            "Nothing but the price: the same requests and answers (cache hits also answer sooner).",
        ),
        (
            "cache_conversation",
            CacheMode::Conversation,
            "Cache the conversation",
            "Nothing but the price: the same requests and answers (cache hits also answer sooner).",
        ),
    ] {
        let v = variant(s, |v| v.stages.iter_mut().for_each(|st| st.cache.mode = mode));
        out.push(Candidate::new(id, "cache", label, v, all_stages(&|st| st.cache.mode == mode)).tradeoff(tradeoff));
    }
    for (id, ttl, label, tradeoff) in [
        (
            "ttl_5m",
            Ttl::FiveMinutes,
            "Cache TTL 5 minutes",
            "Cheaper cache writes, but a cache left unused for more than 5 minutes is written again.",
        ),
        (
            "ttl_1h",
            Ttl::OneHour,
            "Cache TTL 1 hour",
            "Each cache write costs more; it pays where turns or runs are more than 5 minutes apart.",
        ),
    ] {
        let v = variant(s, |v| v.stages.iter_mut().for_each(|st| st.cache.ttl = ttl));
        out.push(Candidate::new(id, "ttl", label, v, all_stages(&|st| st.cache.ttl == ttl)).tradeoff(tradeoff));
    }
    // Who waits: the Batch API answers within 24 hours, so a stage someone waits for changes
    // nature on it.
    let waited: Vec<&str> =
        s.stages.iter().filter(|st| st.latency == Latency::Interactive).map(|st| st.name.as_str()).collect();
    for (id, share, label) in [("batch_0", 0.0, "No Batch API"), ("batch_100", 1.0, "Every run on the Batch API")] {
        let v = variant(s, |v| v.traffic.batch_share = share);
        let mut c = Candidate::new(id, "batch", label, v, s.traffic.batch_share == share);
        if share == 0.0 {
            c = c.tradeoff("Answers in seconds instead of within 24 hours.");
        } else {
            let cached = s.stages.iter().any(|st| st.cache.mode != CacheMode::None && st.kind == StageKind::Loop);
            let cache_note = if cached {
                " A loop's turns wait for one another: these figures keep its cache hits, which holds only while each batch returns within the cache's lifetime."
            } else {
                ""
            };
            c.changes_product = !waited.is_empty() && share > s.traffic.batch_share;
            let changes = c.changes_product;
            c = c.tradeoff(if changes {
                format!(
                    "Changes the product: {} {} interactive (someone waits for {}), and batched requests take up to 24 hours.{cache_note} Mark the stages nobody waits for as background to compare it fairly.",
                    quote_list(&waited),
                    if waited.len() == 1 { "is" } else { "are" },
                    if waited.len() == 1 { "it" } else { "them" },
                )
            } else {
                format!("Results come within 24 hours, not seconds.{cache_note}")
            });
        }
        out.push(c);
    }
    // The sizes of the families of the providers the scenario uses.
    let mut providers: Vec<&str> = Vec::new();
    for st in &s.stages {
        for e in &st.mix {
            if let Some(m) = s.model(catalog, &e.model)
                && !providers.contains(&m.provider.as_str())
            {
                providers.push(&m.provider);
            }
        }
    }
    let on_only = |id: &str| all_stages(&|st| st.mix.iter().all(|e| e.model == id || e.share == 0.0));
    let mut swapped: Vec<&str> = Vec::new();
    for p in &providers {
        for size in ["small", "medium", "large"] {
            let Some(m) = catalog.family(p, size).and_then(|m| s.model(catalog, &m.id)) else { continue };
            let (v, notes) = on_model(s, catalog, m);
            swapped.push(&m.id);
            let mut c = Candidate::new(
                format!("model_{p}_{size}"),
                "model",
                format!("All stages on {}", m.label()),
                v,
                on_only(&m.id),
            )
            .tradeoff(model_tradeoff(catalog, m, Some(size)));
            c.notes = notes;
            out.push(c);
        }
    }
    // The cheapest of the models comparisons offer, across providers.
    if let Some(c) = cheapest(s, catalog, &featured(catalog), &base)
        && !swapped.contains(&c.model.as_str())
        && let Some(m) = s.model(catalog, &c.model)
    {
        let (v, notes) = on_model(s, catalog, m);
        let mut c = Candidate::new(
            "model_cheapest",
            "model",
            format!("All stages on {} (the cheapest of {} models compared)", m.label(), featured(catalog).len()),
            v,
            on_only(&m.id),
        )
        .tradeoff(model_tradeoff(catalog, m, None));
        c.notes = notes;
        out.push(c);
    }

    let mut levers: Vec<Lever> = out
        .into_iter()
        .filter_map(|c| {
            // A lever the scenario already has everywhere is the scenario itself: its figures
            // are the base's (the same evaluation, not done twice).
            let (cost_per_run, monthly_usd) = if c.scenario == *s {
                (base.run.cost_usd, base.monthly_usd)
            } else {
                let e = evaluate(&c.scenario, catalog).ok()?;
                (e.run.cost_usd, e.monthly_usd)
            };
            let savings = base.monthly_usd - monthly_usd;
            Some(Lever {
                id: c.id,
                group: c.group,
                label: c.label,
                note: c.notes.join("; "),
                cost_per_run,
                monthly_usd,
                monthly_savings_usd: savings,
                savings_share: if base.monthly_usd > 0.0 { savings / base.monthly_usd } else { 0.0 },
                tradeoff: c.tradeoff,
                changes_product: c.changes_product,
                current: c.current,
                best: false,
            })
        })
        .collect();
    // The best lever saves the most per month; on a tie (or with no traffic) per run.
    let key = |l: &Lever| (l.monthly_savings_usd, base.run.cost_usd - l.cost_per_run);
    if let Some(best) = levers
        .iter_mut()
        .filter(|l| !l.current && !l.changes_product && key(l).1 > 1e-12 * base.run.cost_usd.max(1e-300))
        .max_by(|a, b| key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal))
    {
        best.best = true;
    }
    levers
}

/// "'a'", "'a' and 'b'", "'a', 'b' and 'c'": stage names in a sentence.
fn quote_list(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("stage '{n}'")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        n => format!("{} and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// The models a comparison offers first: the catalog's featured models that are current.
pub fn featured(catalog: &Catalog) -> Vec<&str> {
    catalog
        .featured
        .iter()
        .filter_map(|id| catalog.model(id))
        .filter(|m| m.status == Status::Current)
        .map(|m| m.id.as_str())
        .collect()
}

/// The whole scenario on one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub model: String,
    pub name: String,
    pub provider: String,
    pub cost_per_run: f64,
    pub monthly_usd: f64,
    /// Against the scenario as it is (positive: cheaper).
    pub monthly_savings_usd: f64,
    /// Every stage already runs on this model.
    pub current: bool,
    /// What had to change for the model (see [`on_model`]).
    pub note: String,
    /// Why it could not be evaluated (a prompt that does not fit is still priced: see `overflow`).
    pub error: Option<String>,
    /// A request does not fit the model's context window.
    pub overflow: bool,
}

/// `s` with every stage on each of `models` (each provider's cache rules applied: minimum
/// cacheable size, TTLs, write prices), cheapest first. The router keeps its own model.
pub fn compare(s: &Scenario, catalog: &Catalog, models: &[&str]) -> Vec<Comparison> {
    let base = evaluate(s, catalog).ok().map(|b| b.monthly_usd);
    let mut rows: Vec<Comparison> =
        models.iter().filter_map(|id| s.model(catalog, id)).map(|m| compare_one(s, catalog, m, base)).collect();
    rows.sort_by(|a, b| a.monthly_usd.total_cmp(&b.monthly_usd));
    rows
}

/// `s` with every stage on `m`, against `base`, the scenario's own monthly cost.
fn compare_one(s: &Scenario, catalog: &Catalog, m: &Model, base: Option<f64>) -> Comparison {
    let (v, notes) = on_model(s, catalog, m);
    let current = s.stages.iter().all(|st| st.mix.iter().all(|e| e.model == m.id || e.share == 0.0));
    match evaluate(&v, catalog) {
        Ok(e) => Comparison {
            model: m.id.clone(),
            name: m.label().to_string(),
            provider: m.provider.clone(),
            cost_per_run: e.run.cost_usd,
            monthly_usd: e.monthly_usd,
            monthly_savings_usd: base.map_or(0.0, |b| b - e.monthly_usd),
            current,
            note: notes.join("; "),
            error: None,
            overflow: !e.overflows.is_empty(),
        },
        Err(issues) => Comparison {
            model: m.id.clone(),
            name: m.label().to_string(),
            provider: m.provider.clone(),
            cost_per_run: f64::NAN,
            monthly_usd: f64::NAN,
            monthly_savings_usd: f64::NAN,
            current,
            note: notes.join("; "),
            error: Some(issues.first().map(|i| i.message.clone()).unwrap_or_default()),
            overflow: false,
        },
    }
}

/// The least a model can charge for one token sent and one received: the lowest of its prices
/// on the scenario's date over every class a prompt token can be billed as (fresh, cache write,
/// cache read), every prompt-size tier, every time of day, every service tier and the Batch API.
fn price_floor(s: &Scenario, catalog: &Catalog, m: &Model) -> (f64, f64) {
    let period = m.period(s.date(catalog));
    let mut sets: Vec<&crate::catalog::PriceSet> = vec![&period.standard];
    sets.extend(period.variants.iter().flatten());
    let mut rates: Vec<crate::catalog::Rates> = Vec::new();
    for set in sets {
        rates.push(set.rates);
        rates.extend(set.tiers.iter().map(|t| t.rates));
        for h in &set.hours {
            rates.push(h.set.rates);
            rates.extend(h.set.tiers.iter().map(|t| t.rates));
        }
    }
    if let Some(f) = catalog.batch_multiplier(m) {
        let scaled: Vec<_> = rates.iter().map(|r| r.scaled(f)).collect();
        rates.extend(scaled);
    }
    let prompt = rates
        .iter()
        .flat_map(|r| [r.input, r.cache_write_5m, r.cache_write_1h, r.cache_read])
        .fold(f64::INFINITY, f64::min);
    let output = rates.iter().map(|r| r.output).fold(f64::INFINITY, f64::min);
    (prompt.max(0.0), output.max(0.0))
}

/// The cheapest of `models` for `s` (on a tie, the first of them): what [`compare`] would list
/// first among the models it could evaluate, without evaluating those that cannot be cheaper.
///
/// On one model, a run sends the same prompt and output tokens whatever the model (its stages'
/// token counts do not depend on prices), so no model can cost less a month than those tokens at
/// its `price_floor`. Models are evaluated in the order of that bound, and once the bound
/// passes the cheapest found, the rest are not evaluated.
pub fn cheapest(s: &Scenario, catalog: &Catalog, models: &[&str], base: &Evaluation) -> Option<Comparison> {
    let months = s.traffic.runs_per_day * s.traffic.days_per_month;
    let (prompt, output) =
        base.stages.iter().fold((0.0, 0.0), |a, st| (a.0 + st.usage.prompt_tokens, a.1 + st.usage.output_tokens));
    let mut order: Vec<(f64, usize, &Model)> = models
        .iter()
        .filter_map(|id| s.model(catalog, id))
        .enumerate()
        .map(|(i, m)| {
            let (p, o) = price_floor(s, catalog, m);
            // A hair below, so rounding never prunes a model that ties.
            let bound = (prompt * p + output * o) / 1e6 * months * (1.0 - 1e-9);
            (bound, i, m)
        })
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut best: Option<(f64, usize, Comparison)> = None;
    for (bound, i, m) in order {
        if best.as_ref().is_some_and(|b| bound > b.0) {
            break;
        }
        let c = compare_one(s, catalog, m, Some(base.monthly_usd));
        if c.error.is_some() || !c.monthly_usd.is_finite() {
            continue;
        }
        if best.as_ref().is_none_or(|b| (c.monthly_usd, i) < (b.0, b.1)) {
            best = Some((c.monthly_usd, i, c));
        }
    }
    best.map(|b| b.2)
}

/// The same scenario at one traffic level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScalePoint {
    pub runs_per_day: f64,
    pub cost_per_run: f64,
    pub daily_usd: f64,
    pub monthly_usd: f64,
    /// Share-weighted warm probability of the stable prefix at run start, over all stages.
    pub warm_probability: f64,
}

/// The traffic levels of the scale table.
pub const SCALE_RUNS_PER_DAY: [f64; 4] = [100.0, 1_000.0, 10_000.0, 100_000.0];

/// `s` at each of [`SCALE_RUNS_PER_DAY`]: cache warmth grows with traffic, so cost per run is
/// not constant and the line is not straight.
pub fn scale(s: &Scenario, catalog: &Catalog) -> Vec<ScalePoint> {
    SCALE_RUNS_PER_DAY
        .iter()
        .filter_map(|&runs| {
            let v = variant(s, |v| v.traffic.runs_per_day = runs);
            let e = evaluate(&v, catalog).ok()?;
            let (mut w, mut n) = (0.0, 0.0);
            for (st, r) in v.stages.iter().zip(&e.stages) {
                if st.cache.mode != CacheMode::None {
                    for m in &r.models {
                        w += m.share * m.warm_probability;
                        n += m.share;
                    }
                }
            }
            Some(ScalePoint {
                runs_per_day: runs,
                cost_per_run: e.run.cost_usd,
                daily_usd: e.daily_usd,
                monthly_usd: e.monthly_usd,
                warm_probability: if n > 0.0 { w / n } else { 0.0 },
            })
        })
        .collect()
}
