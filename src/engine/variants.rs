//! The scenario against itself: one lever changed at a time, and the same workload at other
//! traffic levels. The UI's levers and scale tables show these; they compute nothing themselves.

use super::evaluate;
use crate::catalog::Catalog;
use crate::scenario::{CacheMode, MixEntry, Scenario, Ttl};
use serde::Serialize;

/// One lever: the scenario with a single setting changed everywhere it applies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lever {
    /// Stable id, e.g. `cache_none`, `ttl_1h`, `batch_100`, `tier_haiku`.
    pub id: &'static str,
    /// The group the lever belongs to: `cache`, `ttl`, `batch`, `model`.
    pub group: &'static str,
    pub label: String,
    pub cost_per_run: f64,
    pub monthly_usd: f64,
    /// What the lever saves against the scenario as it is (negative: it costs more).
    pub monthly_savings_usd: f64,
    /// `monthly_savings_usd / monthly_usd of the scenario`; 0 when the scenario costs nothing.
    pub savings_share: f64,
    /// The scenario already has this setting everywhere.
    pub current: bool,
    /// The lever that saves the most (there is at most one, and only when it saves anything).
    pub best: bool,
}

/// A change to apply to every stage.
fn variant(s: &Scenario, f: impl Fn(&mut Scenario)) -> Scenario {
    let mut v = s.clone();
    f(&mut v);
    v
}

/// Every lever of `s`, the best marked. An invalid scenario has none.
pub fn levers(s: &Scenario, catalog: &Catalog) -> Vec<Lever> {
    let Ok(base) = evaluate(s, catalog) else { return Vec::new() };
    let all_stages = |p: &dyn Fn(&crate::scenario::Stage) -> bool| s.stages.iter().all(p);
    let tier_label = |id: &str| s.model(catalog, id).map_or(id.to_string(), |m| m.label().to_string());
    let mut out: Vec<(&'static str, &'static str, String, Scenario, bool)> = Vec::new();
    for (id, mode, label) in [
        ("cache_none", CacheMode::None, "No caching"),
        ("cache_system", CacheMode::System, "Cache the system prompt"),
        ("cache_conversation", CacheMode::Conversation, "Cache the conversation"),
    ] {
        let v = variant(s, |v| v.stages.iter_mut().for_each(|st| st.cache.mode = mode));
        out.push((id, "cache", label.to_string(), v, all_stages(&|st| st.cache.mode == mode)));
    }
    for (id, ttl, label) in
        [("ttl_5m", Ttl::FiveMinutes, "Cache TTL 5 minutes"), ("ttl_1h", Ttl::OneHour, "Cache TTL 1 hour")]
    {
        let v = variant(s, |v| v.stages.iter_mut().for_each(|st| st.cache.ttl = ttl));
        out.push((id, "ttl", label.to_string(), v, all_stages(&|st| st.cache.ttl == ttl)));
    }
    for (id, share, label) in [("batch_0", 0.0, "No Batch API"), ("batch_100", 1.0, "Every run on the Batch API")] {
        let v = variant(s, |v| v.traffic.batch_share = share);
        out.push((id, "batch", label.to_string(), v, s.traffic.batch_share == share));
    }
    let tiers = &catalog.tiers;
    for (id, model) in [("tier_haiku", &tiers.haiku), ("tier_sonnet", &tiers.sonnet), ("tier_opus", &tiers.opus)] {
        let v = variant(s, |v| {
            v.stages.iter_mut().for_each(|st| st.mix = vec![MixEntry { model: model.clone(), share: 1.0 }])
        });
        let current = all_stages(&|st| st.mix.iter().all(|e| e.model == *model || e.share == 0.0));
        out.push((id, "model", format!("All stages on {}", tier_label(model)), v, current));
    }

    let mut levers: Vec<Lever> = out
        .into_iter()
        .filter_map(|(id, group, label, v, current)| {
            let e = evaluate(&v, catalog).ok()?;
            let savings = base.monthly_usd - e.monthly_usd;
            Some(Lever {
                id,
                group,
                label,
                cost_per_run: e.run.cost_usd,
                monthly_usd: e.monthly_usd,
                monthly_savings_usd: savings,
                savings_share: if base.monthly_usd > 0.0 { savings / base.monthly_usd } else { 0.0 },
                current,
                best: false,
            })
        })
        .collect();
    // The best lever saves the most per month; on a tie (or with no traffic) per run.
    let key = |l: &Lever| (l.monthly_savings_usd, base.run.cost_usd - l.cost_per_run);
    if let Some(best) = levers
        .iter_mut()
        .filter(|l| !l.current && key(l).1 > 1e-12 * base.run.cost_usd.max(1e-300))
        .max_by(|a, b| key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal))
    {
        best.best = true;
    }
    levers
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
