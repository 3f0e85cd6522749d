//! The cost engine: the cost model of `docs/cost-model.md`, in plain Rust with no web dependencies.
//!
//! [`evaluate`] turns a [`Scenario`] into an [`Evaluation`]: per turn, per stage, per run, per
//! day and per month. The UI, the share-link codec and the CLI all call it; nothing else computes
//! a cost.
//!
//! ```
//! use loopcost_model::{catalog::Catalog, engine, scenario};
//! let s = scenario::parse(r#"{"stages":[{"mix":[{"model":"claude-sonnet-4-6"}],
//!     "system_tokens":1200,"user_tokens":2580,"output_tokens":350}]}"#, Catalog::builtin()).unwrap();
//! let e = engine::evaluate(&s, Catalog::builtin()).unwrap();
//! assert!((e.run.cost_usd - 0.01659).abs() < 1e-12);
//! ```

mod cache;
mod explain;
mod ranges;
mod result;
mod shape;
mod usage;
mod variants;

pub use cache::warm_probability;
pub use explain::{Explanation, explain};
pub use ranges::{EXACT_OUTCOMES, IterationCost, Percentiles, Range, RangeWords, SAMPLES, StageRange, normal_cdf};
pub use result::*;
pub use shape::{TurnShape, shape};
pub use usage::{Pricing, PricingError, Request, Usage, pricing, request_usage, uncached_cost};
pub use variants::{
    Comparison, Lever, SCALE_RUNS_PER_DAY, ScalePoint, cheapest, compare, featured, levers, on_model, scale,
};

use crate::catalog::{Catalog, Date, Model, ServiceTier, Status};
use crate::format;
use crate::scenario::{CacheMode, Issue, Scenario, Stage, validate};
use cache::CacheContext;
use usage::request_usage_and_unbatched;

/// The work one evaluation of `s` takes: requests modelled, over every stage's turns and every
/// model of its mix (the router counts one). The page caps it (see [`PAGE_WORK_LIMIT`]).
pub fn work(s: &Scenario) -> u64 {
    // A varying stage prices each of its turns four times (w = 0 and 1, as the last turn or not).
    let stages: u64 = s
        .stages
        .iter()
        .map(|st| {
            let turns = st.varies.as_ref().map_or(st.iterations as u64, |d| 4 * d.max() as u64 + st.iterations as u64);
            turns * st.mix.len().max(1) as u64
        })
        .sum();
    stages + u64::from(s.router.is_some())
}

/// The most work the page puts into one evaluation (a few tens of milliseconds in a browser):
/// past it, the page asks for the CLI rather than freeze on every keystroke.
pub const PAGE_WORK_LIMIT: u64 = 250_000;

/// The most work the page puts into the levers, comparisons and the traffic table, which
/// evaluate the scenario again a dozen or more times.
pub const PAGE_VARIANTS_WORK_LIMIT: u64 = 20_000;

/// Evaluates a scenario. Invalid scenarios are refused with their issues, never computed.
pub fn evaluate(s: &Scenario, catalog: &Catalog) -> Result<Evaluation, Vec<Issue>> {
    let issues = validate(s, catalog);
    if !issues.is_empty() {
        return Err(issues);
    }
    let mut e = evaluate_valid(s, catalog, s.date(catalog), true);
    let date = e.prices_as_of;
    e.projection = projection(s, catalog, date, &e);
    for row in &e.projection {
        if row.changes.is_empty() {
            continue;
        }
        let names: Vec<String> = row.changes.iter().map(|c| format!("{} ({})", c.name, c.date.short())).collect();
        let delta = row.delta_usd;
        let sign = if delta >= 0.0 { "+" } else { "−" };
        e.warnings.push(Warning {
            kind: WarningKind::PriceChange,
            stage: None,
            model: row.changes.first().map(|c| c.model.clone()),
            message: format!(
                "prices change for {}: {sign}{} a month from {} ({} instead of {})",
                names.join(", "),
                format::usd(delta.abs()),
                row.month.month_name(),
                format::usd(row.monthly_usd),
                format::usd(row.monthly_usd - delta)
            ),
        });
    }
    Ok(e)
}

/// [`evaluate`] without the 12-month projection and without the range of a run's cost (levers,
/// comparisons and the scale table need only the expected cost at the scenario's date).
pub fn evaluate_now(s: &Scenario, catalog: &Catalog) -> Result<Evaluation, Vec<Issue>> {
    let issues = validate(s, catalog);
    if !issues.is_empty() {
        return Err(issues);
    }
    Ok(evaluate_valid(s, catalog, s.date(catalog), false))
}

/// The next 12 months (spec 9.4): each month priced at the rates in effect on its first day
/// (the first row at the scenario's own date). Only dates where a model's prices change are
/// evaluated again; the other rows repeat the row before.
fn projection(s: &Scenario, catalog: &Catalog, date: Date, base: &Evaluation) -> Vec<ProjectionRow> {
    let models: Vec<&Model> = s.model_ids().into_iter().filter_map(|id| s.model(catalog, id)).collect();
    // Most models have one price for all time: then no month differs from the first.
    let dated = models.iter().any(|m| m.periods.len() > 1);
    let periods = |d: Date| -> Vec<*const crate::catalog::Period> {
        if dated { models.iter().map(|m| m.period(d) as *const _).collect() } else { Vec::new() }
    };
    let mut rows: Vec<ProjectionRow> = Vec::with_capacity(12);
    let mut prev_periods = periods(date);
    let mut prev_date = date;
    for i in 0..12 {
        let d = if i == 0 { date } else { date.first_of_month_after(i) };
        let now = periods(d);
        let (monthly, changes) = if i == 0 {
            (base.monthly_usd, Vec::new())
        } else if now == prev_periods {
            (rows[i as usize - 1].monthly_usd, Vec::new())
        } else {
            let changes = models
                .iter()
                .zip(now.iter().zip(&prev_periods))
                .filter(|(_, (a, b))| a != b)
                .map(|(m, _)| PriceChange {
                    model: m.id.clone(),
                    name: m.label().to_string(),
                    date: m.changes(prev_date, d).last().unwrap_or(d),
                })
                .collect();
            (evaluate_valid(s, catalog, d, false).monthly_usd, changes)
        };
        let delta = if i == 0 { 0.0 } else { monthly - rows[i as usize - 1].monthly_usd };
        rows.push(ProjectionRow { month: d, monthly_usd: monthly, delta_usd: delta, changes });
        prev_periods = now;
        prev_date = d;
    }
    rows
}

struct Acc<'a> {
    s: &'a Scenario,
    catalog: &'a Catalog,
    date: Date,
    overflows: Vec<Overflow>,
    warnings: Vec<Warning>,
    batch_savings: f64,
    /// Per model in use: does a caching stage use it, and its largest prompt.
    used: Vec<(String, bool, f64)>,
    /// Whether to write the warnings (the notes a person reads); levers and comparisons, which
    /// read only costs, leave them out.
    notes: bool,
}

/// `full`: also the range of a run's cost (percentiles, the month's range) when stages vary, and
/// the warnings; without it, varying stages still count at their expected cost and `warnings`
/// is empty (the overflows are still listed).
fn evaluate_valid(s: &Scenario, catalog: &Catalog, date: Date, full: bool) -> Evaluation {
    let mut acc = Acc {
        s,
        catalog,
        date,
        overflows: Vec::new(),
        warnings: Vec::new(),
        batch_savings: 0.0,
        used: Vec::new(),
        notes: full,
    };
    let mut shapes = Vec::new();
    let mut stages = Vec::with_capacity(s.stages.len());
    let mut varying: Vec<StageRange> = Vec::new();
    for (i, stage) in s.stages.iter().enumerate() {
        shape(stage, &mut shapes);
        let mut result = acc.stage(i, stage, &shapes);
        if let Some(d) = &stage.varies {
            let (expected, range) = acc.varying(i, stage, d, &result.usage);
            result.usage = expected;
            varying.push(range.clone());
            result.varies = Some(range);
        }
        stages.push(result);
    }

    let router = s.router.as_ref().map(|r| {
        let m = s.model(catalog, &r.model).expect("validated");
        let p = acc.pricing(m, ServiceTier::Standard);
        let req = Request::uncached(r.input_tokens as f64, r.output_tokens as f64);
        let (u, _, unbatched) = request_usage_and_unbatched(&req, &p, Default::default());
        acc.batch_savings += unbatched - u.cost_usd;
        let total = (r.input_tokens + r.output_tokens) as f64;
        if let Some(window) = m.context_window.filter(|w| total > *w as f64) {
            acc.overflows.push(Overflow {
                stage: None,
                model: m.id.clone(),
                turn: 1,
                tokens: total,
                context_window: window,
            });
        }
        acc.note_use(m, false, r.input_tokens as f64);
        RouterResult { model: m.id.clone(), usage: u }
    });

    let mut run = Usage::default();
    for st in &stages {
        run.add(&st.usage);
    }
    if let Some(r) = &router {
        run.add(&r.usage);
    }
    let naive: f64 = stages.iter().map(|st| st.naive_cost_usd).sum();
    if acc.notes {
        acc.model_warnings();
        for o in &acc.overflows {
            let place = match o.stage {
                Some(i) => format!("stage \"{}\", turn {}", s.stages[i].name, o.turn),
                None => "the router call".into(),
            };
            acc.warnings.push(Warning {
                kind: WarningKind::ContextOverflow,
                stage: o.stage,
                model: Some(o.model.clone()),
                message: format!(
                    "{place}: {} tokens do not fit the {} context window of {}; this request cannot run as modelled",
                    format::tokens(o.tokens),
                    format::group(o.context_window),
                    o.model
                ),
            });
        }
    }

    let t = s.traffic;
    let daily = run.cost_usd * t.runs_per_day;
    let monthly = daily * t.days_per_month;
    let range = (full && !varying.is_empty()).then(|| {
        let varied: f64 = varying.iter().map(|r| r.expected_cost_usd).sum();
        let refs: Vec<&StageRange> = varying.iter().collect();
        ranges::run_range(
            run.cost_usd - varied,
            &refs,
            t.runs_per_day * t.days_per_month,
            s.budget.map(|b| b.monthly_usd),
        )
    });
    Evaluation {
        range,
        run,
        naive_cost_usd: naive,
        real_over_naive: if naive > 0.0 { Some(run.cost_usd / naive) } else { None },
        batch_savings_usd: acc.batch_savings,
        runs_per_day: t.runs_per_day,
        days_per_month: t.days_per_month,
        daily_usd: daily,
        monthly_usd: monthly,
        budget_monthly_usd: s.budget.map(|b| b.monthly_usd),
        budget_used: s.budget.map(|b| monthly / b.monthly_usd),
        stages,
        router,
        overflows: acc.overflows,
        warnings: acc.warnings,
        prices_as_of: date,
        projection: Vec::new(),
    }
}

/// The site of an address: `platform.claude.com` for a pricing page's address.
/// "Check current pricing at anthropic.com/pricing." (the provider's pricing page), or without
/// the page where the catalog has none.
fn check_at(catalog: &Catalog, m: &Model) -> String {
    match catalog.provider(&m.provider).map(|p| p.pricing_url.as_str()).filter(|u| !u.is_empty()) {
        Some(url) => {
            format!("Check current pricing at {}.", after_scheme(url).trim_end_matches('/'))
        }
        None => "Check current pricing.".to_string(),
    }
}

fn host(url: &str) -> &str {
    let rest = after_scheme(url);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// An address without its scheme (`https://`). A byte search: these notes are written on every
/// evaluation, and a substring searcher costs more to set up than the search.
fn after_scheme(url: &str) -> &str {
    match url.as_bytes().windows(3).position(|w| w == b"://") {
        Some(i) => &url[i + 3..],
        None => url,
    }
}

/// The first letter in lower case (our own sentences, which start with an ASCII letter: the
/// ASCII rule keeps Unicode's case tables, 10 KB gzipped, out of the page).
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_ascii_lowercase().to_string() + c.as_str()).unwrap_or_default()
}

/// A catalog field, as people say it.
fn field_words(field: &str) -> &str {
    match field {
        "min_cacheable_tokens" => "minimum cacheable prompt size",
        "context_window" => "context window",
        "long_context" | "tiers" => "long-context pricing",
        "cache_write_5m" => "5-minute cache write price",
        "cache_write_1h" => "1-hour cache write price",
        "cache_read" => "cache read price",
        "input" => "input price",
        "output" => "output price",
        other => other,
    }
}

impl Acc<'_> {
    fn pricing<'m>(&self, m: &'m Model, tier: ServiceTier) -> Pricing<'m> {
        pricing(m, self.date, tier, self.s.traffic.batch_share, self.catalog).expect("validated")
    }

    fn stage(&mut self, index: usize, stage: &Stage, shapes: &[TurnShape]) -> StageResult {
        let n = shapes.len();
        let retry = 1.0 + stage.retry_rate;
        let system = stage.system_tokens as f64;
        let naive_prompt = (stage.system_tokens + stage.user_tokens) as f64;
        let naive_output = match &stage.turns {
            Some(t) => t.last().map_or(0, |t| t.output_tokens),
            None => stage.final_output(),
        } as f64;
        let mut turns: Vec<TurnResult> = shapes
            .iter()
            .enumerate()
            .map(|(k, sh)| TurnResult {
                turn: k as u32 + 1,
                prompt_size: sh.prompt,
                trimmed: sh.trimmed,
                long_context_share: 0.0,
                usage: Usage::default(),
                cumulative_cost_usd: 0.0,
            })
            .collect();
        let mut models = Vec::with_capacity(stage.mix.len());
        let (mut naive, mut uncached) = (0.0, 0.0);
        let caching = stage.cache.mode != CacheMode::None;
        let largest = shapes.iter().fold(0.0, |a: f64, t| if t.prompt > a { t.prompt } else { a });

        for entry in &stage.mix {
            let m = self.s.model(self.catalog, &entry.model).expect("validated");
            let p = self.pricing(m, stage.service_tier);
            let w = warm_probability(&stage.cache, stage.iterations, self.s.traffic.runs_per_day, entry.share);
            let ctx = CacheContext::new(&stage.cache, stage.kind, system, m.min_cacheable_tokens as f64, w);
            let weight = retry * entry.share;
            let mut mu = Usage::default();
            let mut unbatched = 0.0;
            let mut no_cache = 0.0;
            let mut overflow = None;
            let mut first_tier: Option<(usize, usize)> = None;
            // Without price tiers, an uncached request's cost is linear in its tokens: the stage's
            // uncached cost is its token totals' (one pricing instead of one per turn).
            let flat = p.interactive.tiers.is_empty() && p.batch.as_ref().is_none_or(|b| b.tiers.is_empty());
            let (mut prompt_sum, mut output_sum) = (0.0, 0.0);
            let window = m.context_window.map_or(f64::INFINITY, |w| w as f64);
            for k in 0..n {
                let req = ctx.request(shapes, k);
                let (u, tier, alone) = request_usage_and_unbatched(&req, &p, stage.cache.ttl);
                unbatched += alone;
                turns[k].usage.add_scaled(&u, weight);
                // Scaled once, after the loop.
                mu.add(&u);
                if tier > 0 {
                    turns[k].long_context_share += entry.share;
                    first_tier.get_or_insert((k, tier));
                }
                if caching {
                    if flat {
                        prompt_sum += shapes[k].prompt;
                        output_sum += shapes[k].output;
                    } else {
                        no_cache += uncached_cost(shapes[k].prompt, shapes[k].output, &p) * weight;
                    }
                }
                let total = shapes[k].prompt + shapes[k].output;
                if total > window && overflow.is_none() {
                    overflow = Some((k, total));
                }
            }
            // Scaled like `mu`, so that equal batch and standard rates save exactly nothing.
            mu.scale(weight);
            unbatched *= weight;
            if !caching {
                no_cache = mu.cost_usd;
            } else if flat {
                no_cache = uncached_cost(prompt_sum, output_sum, &p) * weight;
            }
            self.batch_savings += unbatched - mu.cost_usd;
            // The naive estimate: one uncached request at the interactive prices.
            naive += request_usage_and_unbatched(&Request::uncached(naive_prompt, naive_output), &p, stage.cache.ttl).2
                * entry.share;
            uncached += no_cache;

            if entry.share > 0.0 {
                self.note_use(m, caching, largest);
                if let Some((k, tokens)) = overflow {
                    self.overflows.push(Overflow {
                        stage: Some(index),
                        model: m.id.clone(),
                        turn: k as u32 + 1,
                        tokens,
                        context_window: m.context_window.unwrap_or(0),
                    });
                }
                if let Some((k, tier)) = first_tier {
                    let start = p.interactive.tiers[tier - 1].start;
                    self.warn(
                        WarningKind::LongContextPricing,
                        index,
                        Some(m),
                        move || format!(
                            "from turn {} the prompt passes {} tokens: {} bills the whole request at its higher rates for prompts over {}",
                            k + 1,
                            format::group(start),
                            m.label(),
                            format::group(start)
                        ),
                    );
                }
                if caching && system < m.min_cacheable_tokens as f64 {
                    let consequence = if stage.cache.mode == CacheMode::System {
                        "so nothing is cached: system caching does nothing here"
                    } else {
                        "so it gets no cache breakpoint of its own"
                    };
                    self.warn(
                        WarningKind::PrefixBelowMinimum,
                        index,
                        Some(m),
                        move || format!(
                            "the stable prefix ({} tokens) is below {}'s minimum cacheable size of {} tokens, {consequence}",
                            format::group(stage.system_tokens),
                            m.label(),
                            format::group(m.min_cacheable_tokens)
                        ),
                    );
                }
            }
            let billed_over_unbatched = if unbatched > 0.0 { mu.cost_usd / unbatched } else { 1.0 };
            models.push(ModelResult {
                model: m.id.clone(),
                share: entry.share,
                warm_probability: w,
                batch_factor: billed_over_unbatched,
                usage: mu,
            });
        }

        let mut usage = Usage::default();
        let mut cumulative = 0.0;
        for t in &mut turns {
            cumulative += t.usage.cost_usd;
            t.cumulative_cost_usd = cumulative;
            usage.add(&t.usage);
        }
        if caching && usage.cost_usd > uncached * (1.0 + 1e-12) {
            let cost = usage.cost_usd;
            self.warn(WarningKind::CacheCostsMore, index, None, || {
                format!(
                    "caching costs more than no caching here ({} vs {} per run): the cache writes are not read often enough to pay back their premium",
                    format::usd(cost),
                    format::usd(uncached)
                )
            });
        }
        let trimmed = turns.iter().filter(|t| t.trimmed).count();
        if stage.cache.mode == CacheMode::Conversation && trimmed > 0 {
            self.warn(WarningKind::TrimRewritesCache, index, None, || {
                format!(
                    "history trimming drops turns on {trimmed} of {n} turns; each of those rewrites everything after the stable prefix to the cache"
                )
            });
        }
        StageResult {
            name: stage.name.clone(),
            kind: stage.kind,
            varies: None,
            usage,
            naive_cost_usd: naive,
            uncached_cost_usd: uncached,
            models,
            turns,
        }
    }

    /// A varying stage (spec 10): its expected usage, and the cost of each count. Each turn up
    /// to the longest run is priced at w = 0 and w = 1, as the last turn and not (see `ranges`).
    fn varying(
        &mut self,
        index: usize,
        stage: &Stage,
        d: &crate::scenario::Iterations,
        median_run: &Usage,
    ) -> (Usage, StageRange) {
        let dist = d.probabilities();
        let longest = dist.last().map_or(1, |(n, _)| *n);
        let mut st = stage.clone();
        st.iterations = longest;
        st.varies = None;
        let mut shapes = Vec::new();
        shape(&st, &mut shapes);
        let regular = stage.output_tokens as f64;
        // The last turn's output (a fan-out's calls all write the same).
        let last = match stage.kind {
            crate::scenario::StageKind::Loop => stage.final_output() as f64,
            crate::scenario::StageKind::Fanout => regular,
        };
        let retry = 1.0 + stage.retry_rate;
        let mut per_n = vec![Usage::default(); dist.len()];
        for entry in &stage.mix {
            let m = self.s.model(self.catalog, &entry.model).expect("validated");
            let p = self.pricing(m, stage.service_tier);
            let weight = retry * entry.share;
            let system = stage.system_tokens as f64;
            let priced = |warm: f64, k: usize, output: f64| {
                let ctx = CacheContext::new(&stage.cache, stage.kind, system, m.min_cacheable_tokens as f64, warm);
                let mut req = ctx.request(&shapes, k);
                req.output = output;
                let (u, _) = request_usage(&req, &p, stage.cache.ttl);
                let mut w = Usage::default();
                w.add_scaled(&u, weight);
                w
            };
            let n = shapes.len();
            let (mut t0, mut t1, mut l0, mut l1) =
                (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
            for k in 0..n {
                let (a, b) = (priced(0.0, k, regular), priced(1.0, k, regular));
                // The last turn differs in its output only, which w does not touch.
                let c = if last == regular { a } else { priced(0.0, k, last) };
                let mut d = c;
                d.add(&b);
                d.add_scaled(&a, -1.0);
                t0.push(a);
                t1.push(b);
                l0.push(c);
                l1.push(d);
            }
            let runs_per_day = self.s.traffic.runs_per_day;
            let usages = ranges::stage_usages(&dist, &t0, &t1, &l0, &l1, |n| {
                warm_probability(&stage.cache, n, runs_per_day, entry.share)
            });
            for (acc, u) in per_n.iter_mut().zip(&usages) {
                acc.add(u);
            }
            // A run longer than the median may not fit where the median run does.
            if entry.share > 0.0
                && let Some(window) = m.context_window
                && let Some(k) = shapes.iter().position(|t| t.prompt + t.output.max(last) > window as f64)
            {
                let beyond: f64 = dist.iter().filter(|(n, _)| *n as usize > k).map(|(_, p)| p).sum();
                if beyond > 0.0 && k as u32 >= stage.iterations {
                    self.warn(WarningKind::ContextOverflow, index, Some(m), move || {
                        format!(
                            "runs of more than {k} turns ({} of runs) do not fit {}'s {} context window from turn {}",
                            format::pct(beyond),
                            m.label(),
                            format::group(window),
                            k + 1
                        )
                    });
                }
            }
        }
        // The median run was evaluated as it is: its own figures (a distribution of one count is
        // then exactly the fixed count).
        for (u, (n, _)) in per_n.iter_mut().zip(&dist) {
            if *n == stage.iterations {
                *u = *median_run;
            }
        }
        let mut expected = Usage::default();
        for (u, (_, p)) in per_n.iter().zip(&dist) {
            expected.add_scaled(u, *p);
        }
        let costs: Vec<f64> = per_n.iter().map(|u| u.cost_usd).collect();
        (expected, ranges::stage_range(&dist, &costs, stage.iterations))
    }

    /// A warning about stage `stage` (on model `m`, or the stage as a whole); its message is
    /// written only when notes are.
    fn warn(&mut self, kind: WarningKind, stage: usize, m: Option<&Model>, message: impl FnOnce() -> String) {
        if self.notes {
            let model = m.map(|m| m.id.clone());
            self.warnings.push(Warning { kind, stage: Some(stage), model, message: message() });
        }
    }

    fn note_use(&mut self, m: &Model, caching: bool, largest_prompt: f64) {
        match self.used.iter_mut().find(|u| u.0 == m.id) {
            Some(u) => {
                u.1 |= caching;
                u.2 = u.2.max(largest_prompt);
            }
            None => self.used.push((m.id.clone(), caching, largest_prompt)),
        }
    }

    /// One note per model in use whose price is not a current catalog entry, or whose disputed
    /// values matter to this scenario (the caching minimum only when caching is on, the window
    /// and long-context block only when prompts pass the long-context threshold).
    fn model_warnings(&mut self) {
        for (id, caching, largest) in std::mem::take(&mut self.used) {
            let Some(m) = self.s.model(self.catalog, &id) else { continue };
            let first_tier = m.period(self.date).standard.tiers.first().map(|t| t.start);
            let matters = |field: &str| match field {
                "min_cacheable_tokens" => caching,
                "context_window" | "long_context" | "tiers" => first_tier.is_none_or(|t| largest > t as f64),
                _ => true,
            };
            let disputed: Vec<&str> = m.disputed.iter().map(String::as_str).filter(|f| matters(f)).collect();
            let message = match m.status {
                Status::Unverified => {
                    let mut t = format!("{}'s prices are unverified", m.label());
                    if !m.source.is_empty() {
                        t.push_str(&format!(" (from {}", host(&m.source)));
                        if !m.as_of.is_empty() {
                            t.push_str(&format!(", {}", m.as_of));
                        }
                        t.push(')');
                    }
                    if let Some(first) = m.comments.split(". ").next().filter(|c| !c.trim().is_empty()) {
                        t.push_str(&format!("; the catalog notes: {}", first.trim_end_matches('.')));
                    }
                    t.push_str(&format!(". {}", check_at(self.catalog, m)));
                    t
                }
                Status::Retired => format!(
                    "{} is retired (deprecated by its provider): check it is still served before relying on these figures",
                    m.label()
                ),
                _ if !disputed.is_empty() => {
                    let mut parts = Vec::new();
                    for f in &disputed {
                        match (*f, &m.min_cacheable) {
                            ("min_cacheable_tokens", Some(fact)) if fact.assumed => parts.push(format!(
                                "no minimum cacheable prompt size is published for it, so {} tokens is assumed (as {} says of the provider, {})",
                                format::group(m.min_cacheable_tokens),
                                host(&fact.source),
                                fact.as_of
                            )),
                            ("min_cacheable_tokens", Some(fact)) => parts.push(format!(
                                "sources disagree on its minimum cacheable prompt size: {} tokens per {} ({}), but {}",
                                format::group(m.min_cacheable_tokens),
                                host(&fact.source),
                                fact.as_of,
                                lower_first(fact.disputed.trim_end_matches('.'))
                            )),
                            (f, _) => parts.push(format!("sources disagree on its {}", field_words(f))),
                        }
                    }
                    format!("{}: {}. {}", m.label(), parts.join("; ").trim_end_matches('.'), check_at(self.catalog, m))
                }
                _ => continue,
            };
            self.warnings.push(Warning {
                kind: WarningKind::UnverifiedPrice,
                stage: None,
                model: Some(m.id.clone()),
                message,
            });
        }
    }
}
