//! Fitting a scenario to a log: from the runs, a complete scenario whose evaluation reproduces
//! the observed cost per run, so that every lever of the page starts from measured reality.
//!
//! Per stage (the main conversation; each subagent as a stage of its own): the model mix, the
//! number of turns (the median run's), the stable prefix S (the first request's cached part),
//! the first user message U, the output per turn and of the last turn, the tool results and
//! their growth (a least-squares fit of how the prompt grows turn over turn), a history limit
//! where the prompt shrinks (compaction), the cache mode and lifetime (from which buckets are
//! written and read) and the time between requests (the median gap).

use super::{Known, Log, Mode, Record, Report};
use crate::catalog::Catalog;
use crate::scenario::{Cache, CacheMode, Latency, MixEntry, Scenario, ServiceTier, Stage, StageKind, Traffic, Ttl};
use serde::Serialize;

/// A fitted scenario and how close it comes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    #[serde(serialize_with = "scenario_json")]
    pub scenario: Scenario,
    /// The engine's cost per run for the fitted scenario.
    pub fit_cost_per_run_usd: f64,
    /// The log's cost per run at the catalog's prices (known models only).
    pub actual_cost_per_run_usd: f64,
    /// fit ÷ actual − 1.
    pub relative_error: f64,
    pub notes: Vec<String>,
    /// The observed prompt size of each main-conversation request, per run (at most
    /// [`MAX_SERIES`] runs), in order: what the page draws against the fitted curve.
    #[serde(skip)]
    pub observed: Vec<Vec<f64>>,
    /// The fitted scenario's prompt size per turn of its first stage (the engine's).
    #[serde(skip)]
    pub fitted: Vec<f64>,
}

/// Runs drawn in the observed-against-fitted chart.
pub const MAX_SERIES: usize = 50;

fn scenario_json<S: serde::Serializer>(s: &Scenario, ser: S) -> Result<S::Ok, S::Error> {
    s.to_value().serialize(ser)
}

fn median(mut xs: Vec<f64>) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 { xs[n / 2] } else { (xs[n / 2 - 1] + xs[n / 2]) / 2.0 }
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() { 0.0 } else { xs.iter().sum::<f64>() / xs.len() as f64 }
}

fn round(x: f64) -> u64 {
    if x.is_finite() && x > 0.0 { x.round() as u64 } else { 0 }
}

/// One conversation: a run's main requests, or one subagent's.
type Thread<'a> = Vec<&'a Record>;

/// Splits a run's requests (in order) into its main conversation and its subagents'.
fn threads<'a>(run: &[&'a Record]) -> (Thread<'a>, Vec<Thread<'a>>) {
    let mut main = Vec::new();
    let mut subs: Vec<(Option<String>, Thread<'a>)> = Vec::new();
    let mut last_was_side = false;
    for r in run {
        if !r.sidechain {
            main.push(*r);
            last_was_side = false;
            continue;
        }
        // A subagent is named by its agent id; without one, a run of sidechain requests.
        let slot = match &r.agent {
            Some(a) => subs.iter().position(|(id, _)| id.as_ref() == Some(a)),
            None if last_was_side => subs.len().checked_sub(1),
            None => None,
        };
        match slot {
            Some(i) => subs[i].1.push(*r),
            None => subs.push((r.agent.clone(), vec![*r])),
        }
        last_was_side = true;
    }
    (main, subs.into_iter().map(|(_, t)| t).collect())
}

/// The stage a set of conversations of the same kind looks like.
/// A fitted stage, and the share of its runs that found the stable prefix warm.
struct Fitted {
    stage: Stage,
    warm: f64,
}

fn fit_stage(name: &str, threads: &[Thread], models: &Known, notes: &mut Vec<String>) -> Option<Fitted> {
    let threads: Vec<&Thread> = threads.iter().filter(|t| !t.is_empty()).collect();
    if threads.is_empty() {
        return None;
    }
    // The mix: each catalog model's share of the requests.
    let mut counts: Vec<(String, usize)> = Vec::new();
    for r in threads.iter().flat_map(|t| t.iter()) {
        let Some(m) = r.model.as_deref().and_then(|id| models.get(id)) else { continue };
        match counts.iter_mut().find(|(id, _)| *id == m.id) {
            Some((_, n)) => *n += 1,
            None => counts.push((m.id.clone(), 1)),
        }
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.truncate(crate::scenario::limits::MAX_MIX);
    let kept: usize = counts.iter().map(|(_, n)| n).sum();
    let mut mix: Vec<MixEntry> = counts
        .iter()
        .map(|(id, n)| MixEntry { model: id.clone(), share: (*n as f64 / kept as f64 * 1e6).round() / 1e6 })
        .collect();
    let sum: f64 = mix.iter().map(|e| e.share).sum();
    mix[0].share += 1.0 - sum;

    // Turns: where runs differ, their observed counts (spec 10), the per-turn tables showing the
    // median run.
    let limit = crate::scenario::limits::MAX_ITERATIONS as usize;
    let mut histogram: Vec<(u32, f64)> = Vec::new();
    for t in &threads {
        let l = t.len().clamp(1, limit) as u32;
        match histogram.iter_mut().find(|(n, _)| *n == l) {
            Some((_, c)) => *c += 1.0,
            None => histogram.push((l, 1.0)),
        }
    }
    histogram.sort_by_key(|(n, _)| *n);
    let varies = (histogram.len() > 1).then(|| crate::scenario::Iterations::Counts(histogram.clone()));
    let n = varies.as_ref().map_or(histogram[0].0, |d| d.median()) as usize;
    if let Some(d) = &varies {
        notes.push(format!(
            "{name}: runs take {} to {} turns: the fit keeps their counts ({})",
            d.min(),
            d.max(),
            d.describe()
        ));
    }
    let prompt = |r: &Record| r.classes.prompt();
    // S: the stable prefix (system prompt and tools). Where most runs find a prefix already
    // cached, it is what their first request reads; else what the first request caches.
    let found: Vec<f64> = threads.iter().map(|t| t[0].classes.cache_read).filter(|r| *r > 0.0).collect();
    let s = if !found.is_empty() && found.len() * 2 >= threads.len() {
        median(found)
    } else {
        median(
            threads
                .iter()
                .map(|t| t[0].classes.cache_read + t[0].classes.cache_write_5m + t[0].classes.cache_write_1h)
                .collect(),
        )
    };
    // How often the prefix was warm when a run started.
    let warm = if s > 0.0 {
        threads.iter().map(|t| (t[0].classes.cache_read / s).min(1.0)).sum::<f64>() / threads.len() as f64
    } else {
        0.0
    };
    let p1 = median(threads.iter().map(|t| prompt(t[0])).collect());
    let u = (p1 - s).max(0.0);
    let outs: Vec<f64> = threads.iter().flat_map(|t| t[..t.len() - 1].iter().map(|r| r.classes.output)).collect();
    let lasts: Vec<f64> = threads.iter().map(|t| t[t.len() - 1].classes.output).collect();
    // Output is billed by the token: its mean, not its median, keeps the cost (a turn that
    // writes a file outweighs many short ones).
    let o = if outs.is_empty() { mean(&lasts) } else { mean(&outs) };
    let f = mean(&lasts);
    // Tool results: res_k = P_{k+1} − P_k − out_k, fitted as R + (k − 1) G (least squares, k
    // from 1). A turn whose prompt shrinks was compacted: the history was cut.
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    let mut shrinks = Vec::new();
    for t in &threads {
        for k in 0..t.len().saturating_sub(1) {
            let res = prompt(t[k + 1]) - prompt(t[k]) - t[k].classes.output;
            if res < -(o.max(1.0)) {
                shrinks.push(prompt(t[k]) - s - u);
                continue;
            }
            xs.push(k as f64);
            ys.push(res.max(0.0));
        }
    }
    let (r0, g) = if xs.is_empty() {
        (0.0, 0.0)
    } else {
        let m = xs.len() as f64;
        let (sx, sy) = (xs.iter().sum::<f64>(), ys.iter().sum::<f64>());
        let sxx: f64 = xs.iter().map(|x| x * x).sum();
        let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| x * y).sum();
        let den = m * sxx - sx * sx;
        let g = if den.abs() > 1e-9 { ((m * sxy - sx * sy) / den).max(0.0) } else { 0.0 };
        let r = ((sy - g * sx) / m).max(0.0);
        (r, g)
    };
    let history_limit = (!shrinks.is_empty()).then(|| round(median(shrinks)).max(1));
    // Caching: which buckets are written and read.
    let all: Vec<&Record> = threads.iter().flat_map(|t| t.iter().copied()).collect();
    let written: f64 = all.iter().map(|r| r.classes.cache_write_5m + r.classes.cache_write_1h).sum();
    let written_1h: f64 = all.iter().map(|r| r.classes.cache_write_1h).sum();
    let read: f64 = all.iter().map(|r| r.classes.cache_read).sum();
    let later: Vec<&&Record> = threads.iter().flat_map(|t| t.iter().skip(1)).collect();
    let later_writing = later.iter().filter(|r| r.classes.cache_write_5m + r.classes.cache_write_1h > 0.0).count();
    // Reads with no write ever reported: the provider caches by itself (OpenAI, Gemini) and bills
    // the writes as input, which is how the engine's conversation mode bills them on such models.
    let implicit = written == 0.0 && read > 0.0;
    let mode = if written + read == 0.0 {
        CacheMode::None
    } else if implicit || (!later.is_empty() && later_writing * 2 >= later.len()) {
        CacheMode::Conversation
    } else {
        CacheMode::System
    };
    let ttl = if written_1h * 2.0 > written { Ttl::OneHour } else { Ttl::FiveMinutes };
    let gaps: Vec<f64> = threads
        .iter()
        .flat_map(|t| t.windows(2).filter_map(|w| Some(w[1].moment?.unix_seconds() - w[0].moment?.unix_seconds())))
        .filter(|g| *g >= 0.0)
        .collect();
    let seconds_per_turn =
        if gaps.is_empty() { Cache::default().seconds_per_turn } else { (median(gaps) * 10.0).round() / 10.0 };
    let fast = all.iter().filter(|r| r.mode == Mode::Fast).count() * 2 > all.len();
    let stage = Stage {
        name: name.to_string(),
        kind: StageKind::Loop,
        mix,
        iterations: n as u32,
        varies,
        system_tokens: round(s),
        user_tokens: round(u),
        output_tokens: round(o),
        final_output_tokens: (round(f) != round(o)).then_some(round(f)),
        tool_result_tokens: round(r0),
        tool_result_growth: round(g),
        turns: None,
        history_limit_tokens: history_limit,
        cache: Cache { mode, ttl, seconds_per_turn: seconds_per_turn.min(86_400.0), shared_prefix: true },
        service_tier: if fast { ServiceTier::Fast } else { ServiceTier::Standard },
        retry_rate: 0.0,
        latency: Latency::Interactive,
    };
    Some(Fitted { stage, warm })
}

/// The part of each run's session totals per model that its listed requests do not account for.
fn beyond_listed(log: &Log, models: &Known) -> Vec<Record> {
    let mut out = Vec::new();
    for t in log.requests.iter().filter(|r| r.aggregate && !r.counted) {
        if t.model.as_deref().and_then(|id| models.get(id)).is_none() {
            continue;
        }
        let mut listed = crate::catalog::Classes::default();
        for r in log.requests.iter().filter(|r| !r.aggregate && r.counted && r.run == t.run && r.model == t.model) {
            listed.add(&r.classes);
        }
        let left = |a: f64, b: f64| (a - b).max(0.0);
        let c = &t.classes;
        let written = left(c.cache_write_5m + c.cache_write_1h, listed.cache_write_5m + listed.cache_write_1h);
        let w1 = written.min(c.cache_write_1h);
        let rest = crate::catalog::Classes {
            input: left(c.input, listed.input),
            cache_write_5m: written - w1,
            cache_write_1h: w1,
            cache_read: left(c.cache_read, listed.cache_read),
            output: left(c.output, listed.output),
        };
        // Counting differences of a few tokens are not calls.
        if rest.total() >= (c.total() * 0.01).max(1.0) {
            let mut r = t.clone();
            r.classes = rest;
            out.push(r);
        }
    }
    out
}

/// Session totals with no requests listed (Claude Code's background calls, or a log of totals
/// only) have no turns to fit: each model becomes a one-request stage whose fresh input is the
/// totals' input, cache writes and reads at the model's input price (the same cost), spread over
/// the runs.
fn totals_stages(
    totals: &[&Record],
    runs: usize,
    date: crate::catalog::Date,
    models: &Known,
    notes: &mut Vec<String>,
) -> Vec<Stage> {
    let mut by_model: Vec<(&crate::catalog::Model, f64, f64)> = Vec::new();
    for r in totals {
        let Some(m) = r.model.as_deref().and_then(|id| models.get(id).copied()) else { continue };
        let p = m.rates(date);
        let c = &r.classes;
        let cost = c.input * p.input
            + c.cache_write_5m * p.cache_write_5m
            + c.cache_write_1h * p.cache_write_1h
            + c.cache_read * p.cache_read;
        let equivalent = if p.input > 0.0 { cost / p.input } else { c.prompt() };
        match by_model.iter_mut().find(|(x, ..)| x.id == m.id) {
            Some((_, i, o)) => {
                *i += equivalent;
                *o += c.output;
            }
            None => by_model.push((m, equivalent, c.output)),
        }
    }
    let runs = runs.max(1) as f64;
    by_model
        .into_iter()
        .take(crate::scenario::limits::MAX_STAGES.saturating_sub(2))
        .map(|(m, input, output)| {
            notes.push(format!(
                "{}: calls the log gives only as session totals, fitted as one request a run of {} input tokens at the input price (the cost of their fresh input, cache writes and reads)",
                m.label(),
                round(input / runs)
            ));
            Stage {
                name: format!("{} (session totals)", m.label()),
                kind: StageKind::Loop,
                mix: vec![MixEntry { model: m.id.clone(), share: 1.0 }],
                iterations: 1,
                varies: None,
                system_tokens: 0,
                user_tokens: round(input / runs),
                output_tokens: round(output / runs),
                final_output_tokens: None,
                tool_result_tokens: 0,
                tool_result_growth: 0,
                turns: None,
                history_limit_tokens: None,
                cache: Cache { mode: CacheMode::None, ..Cache::default() },
                service_tier: ServiceTier::Standard,
                retry_rate: 0.0,
                latency: Latency::Interactive,
            }
        })
        .collect()
}

/// Fits a scenario to a log; `None` when it has no request of a known model.
pub fn fit(log: &Log, report: &Report, catalog: &Catalog) -> Option<Fit> {
    let mut notes = Vec::new();
    let models = super::known(log, catalog);
    let all_known: Vec<&Record> = log
        .requests
        .iter()
        .filter(|r| r.counted && r.model.as_deref().is_some_and(|id| models.contains_key(id)))
        .collect();
    if all_known.is_empty() {
        return None;
    }
    let run_count = {
        let mut ids: Vec<Option<&str>> = all_known.iter().map(|r| r.run.as_deref()).collect();
        ids.sort();
        ids.dedup();
        ids.len()
    };
    let (mut totals, known): (Vec<&Record>, Vec<&Record>) = all_known.iter().partition(|r| r.aggregate);
    // Totals above what a model's listed requests add up to are calls the log shows no event for.
    let beyond = beyond_listed(log, &models);
    totals.extend(beyond.iter());
    // Runs, their requests in order.
    let mut runs: Vec<(String, Vec<&Record>)> = Vec::new();
    for r in &known {
        let id = r.run.clone().unwrap_or_default();
        match runs.iter_mut().find(|(k, _)| *k == id) {
            Some((_, list)) => list.push(r),
            None => runs.push((id, vec![r])),
        }
    }
    for (_, list) in &mut runs {
        list.sort_by(|a, b| {
            let key = |r: &Record| r.moment.map_or(f64::NAN, |m| m.unix_seconds());
            key(a).total_cmp(&key(b)).then(a.order.cmp(&b.order))
        });
    }
    let mut mains = Vec::new();
    let mut subagents: Vec<Vec<Thread>> = Vec::new();
    for (_, list) in &runs {
        let (main, subs) = threads(list);
        mains.push(main);
        subagents.push(subs);
    }
    let mut stages = Vec::new();
    let main = fit_stage("agent", &mains, &models, &mut notes);
    let main_warm = main.as_ref().map(|f| (f.warm, f.stage.clone()));
    stages.extend(main.map(|f| f.stage));
    // Subagents: as many stages as the median run starts, each the typical subagent.
    let per_run = median(subagents.iter().map(|s| s.len() as f64).collect()).round() as usize;
    if per_run > 0 {
        let all: Vec<Thread> = subagents.into_iter().flatten().collect();
        if let Some(Fitted { stage: st, .. }) = fit_stage("subagent", &all, &models, &mut notes) {
            for k in 0..per_run.min(crate::scenario::limits::MAX_STAGES - 1) {
                let mut s = st.clone();
                s.name = if per_run == 1 { "subagent".into() } else { format!("subagent {}", k + 1) };
                stages.push(s);
            }
        }
    }
    let date = all_known.iter().filter_map(|r| r.moment).max().map_or(catalog.date, |m| m.date);
    stages.extend(totals_stages(&totals, run_count, date, &models, &mut notes));
    if stages.is_empty() {
        return None;
    }
    // Traffic: runs a day over the span the log covers (at least a day).
    let times: Vec<f64> = all_known.iter().filter_map(|r| r.moment.map(|m| m.unix_seconds())).collect();
    let span_days = match (times.iter().cloned().reduce(f64::min), times.iter().cloned().reduce(f64::max)) {
        (Some(a), Some(b)) => ((b - a) / 86_400.0).max(1.0),
        _ => 1.0,
    };
    let batched = all_known.iter().filter(|r| r.mode == Mode::Batch).count() as f64 / all_known.len() as f64;
    let mut scenario = Scenario {
        name: "Fitted from a usage log".into(),
        stages,
        traffic: Traffic {
            runs_per_day: ((run_count as f64 / span_days) * 100.0).round() / 100.0,
            days_per_month: 30.0,
            batch_share: (batched * 1e4).round() / 1e4,
        },
        ..Scenario::default()
    };
    // Runs the log sent through the Batch API: nobody waited for those stages.
    if batched > 0.5 {
        for st in &mut scenario.stages {
            st.latency = Latency::Background;
        }
    }
    // The prefix is warm at a run's start as often as runs (of this scenario, or anything else
    // sharing the prefix) come: where the log found it warm more often than its own rate of
    // runs explains, the rate is raised to match, and the note says so.
    if let Some((warm, st)) = main_warm
        && warm > 0.0
        && st.cache.mode != CacheMode::None
    {
        let ttl = st.cache.ttl.seconds();
        let t = st.cache.seconds_per_turn;
        let window = if t <= ttl { ttl + (st.iterations.saturating_sub(1)) as f64 * t } else { ttl };
        let share = st.mix.first().map_or(1.0, |m| m.share).max(1e-6);
        let needed = -(1.0 - warm.min(0.999)).ln() / window * 86_400.0 / share;
        let observed = scenario.traffic.runs_per_day;
        if needed > observed * 1.05 {
            let rate = ((needed * 100.0).round() / 100.0).min(crate::scenario::limits::MAX_RUNS_PER_DAY);
            let shown = if times.is_empty() {
                "the log gives no times".to_string()
            } else {
                format!("the log itself shows {observed} a day")
            };
            notes.push(format!(
                "the stable prefix was warm at {:.0}% of run starts: runs_per_day is {rate} ({shown}) so the model keeps it as warm; set your own traffic for monthly figures",
                warm * 100.0
            ));
            scenario.traffic.runs_per_day = rate;
        }
    }
    // Prices on the date the log was made (its last request), when it says.
    if all_known.iter().any(|r| r.moment.is_some()) {
        scenario.prices_as_of = Some(date);
    }
    let mut e = crate::engine::evaluate(&scenario, catalog);
    if e.is_err() {
        // What a model of the log does not offer is taken back (no batch, the 5-minute cache).
        scenario.traffic.batch_share = 0.0;
        for st in &mut scenario.stages {
            st.cache.ttl = Ttl::FiveMinutes;
            st.service_tier = ServiceTier::Standard;
        }
        e = crate::engine::evaluate(&scenario, catalog);
    }
    let e = e.ok()?;
    let actual = report.actual_cost_per_run_usd;
    let fit_cost = e.run.cost_usd;
    let observed = mains
        .iter()
        .filter(|t| !t.is_empty())
        .take(MAX_SERIES)
        .map(|t| t.iter().map(|r| r.classes.prompt()).collect())
        .collect();
    let fitted = e.stages.first().map(|st| st.turns.iter().map(|t| t.prompt_size).collect()).unwrap_or_default();
    Some(Fit {
        relative_error: if actual > 0.0 { fit_cost / actual - 1.0 } else { 0.0 },
        scenario,
        fit_cost_per_run_usd: fit_cost,
        actual_cost_per_run_usd: actual,
        notes,
        observed,
        fitted,
    })
}
