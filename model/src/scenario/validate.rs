//! Value checks on a typed scenario. [`crate::engine::evaluate`] runs them too, so a scenario
//! built in code (by the UI or the link decoder) can never reach the arithmetic out of range.

use super::parse::suggest;
use super::*;
use crate::catalog::{PriceSet, Rates};
use crate::engine::{PricingError, pricing};
use crate::format::group as thousands;
use limits::*;

/// Every problem with one model entry's values (prices in range, limits sane), its paths under
/// `path` (a link's pinned prices are checked with it).
pub fn validate_model(path: &str, m: &Model, catalog: &Catalog) -> Vec<Issue> {
    let s = Scenario::default();
    let mut v = Check { issues: Vec::new(), scenario: &s, catalog };
    v.model(path, m);
    v.issues
}

/// Every problem with a scenario's values; empty when it can be evaluated.
pub fn validate(s: &Scenario, catalog: &Catalog) -> Vec<Issue> {
    let mut v = Check { issues: Vec::new(), scenario: s, catalog };
    v.scenario();
    v.issues
}

struct Check<'a> {
    issues: Vec<Issue>,
    scenario: &'a Scenario,
    catalog: &'a Catalog,
}

impl Check<'_> {
    /// Paths are formatted only when there is a problem to report: checking a valid
    /// scenario allocates nothing per field.
    fn err(&mut self, path: impl std::fmt::Display, message: impl Into<String>) {
        let issue = Issue::new(path.to_string(), message);
        if !self.issues.contains(&issue) {
            self.issues.push(issue);
        }
    }

    fn tokens(&mut self, path: impl std::fmt::Display, n: u64) {
        if n > MAX_TOKENS {
            self.err(path, format!("{} tokens is over the limit of {}", thousands(n), thousands(MAX_TOKENS)));
        }
    }

    /// A finite number in [min, max] (or [min, max) when `max_open`); the message's numbers
    /// grouped as people read them (1,000,000,000, not 1000000000).
    fn range(&mut self, path: impl std::fmt::Display, x: f64, min: f64, max: f64, max_open: bool, unit: &str) -> bool {
        self.bounded(path, x, (min, max, max_open), unit, crate::format::number)
    }

    /// A share of a whole (a fraction in files, a percentage in the page): in [0, 1] (or [0, 1)
    /// when `max_open`), said in percent: "must be between 0% and 100% (got -5%)".
    fn share(&mut self, path: impl std::fmt::Display, x: f64, max_open: bool) -> bool {
        self.bounded(path, x, (0.0, 1.0, max_open), "", crate::format::pct)
    }

    fn bounded(
        &mut self,
        path: impl std::fmt::Display,
        x: f64,
        (min, max, max_open): (f64, f64, bool),
        unit: &str,
        show: fn(f64) -> String,
    ) -> bool {
        let ok = x.is_finite() && x >= min && if max_open { x < max } else { x <= max };
        if !ok {
            let got = if x.is_finite() { show(x) } else { "not a number".into() };
            let message = if max_open {
                format!("must be at least {} and below {}{unit} (got {got})", show(min), show(max))
            } else {
                format!("must be between {} and {}{unit} (got {got})", show(min), show(max))
            };
            self.err(path, message);
        }
        ok
    }

    /// A distribution of iteration counts (spec 10): counts between 1 and the limit, in order.
    fn distribution(&mut self, p: &str, d: &Iterations) {
        let count = |me: &mut Self, key: &str, n: u32| {
            if n == 0 || n > MAX_ITERATIONS {
                me.err(format!("{p}.{key}"), super::turns_out_of_range(n as u64));
                return false;
            }
            true
        };
        match *d {
            Iterations::Range { min, max } => {
                if count(self, "min", min) && count(self, "max", max) && min > max {
                    self.err(format!("{p}.max"), format!("must be at least the fewest ({min}; got {max})"));
                }
            }
            Iterations::Triangle { min, mode, max } => {
                if count(self, "min", min) & count(self, "mode", mode) & count(self, "max", max) {
                    if mode < min {
                        self.err(
                            format!("{p}.mode"),
                            format!("the usual count must be at least the fewest ({min}; got {mode})"),
                        );
                    } else if mode > max {
                        self.err(
                            format!("{p}.mode"),
                            format!("the usual count must not exceed the most ({max}; got {mode})"),
                        );
                    }
                }
            }
            Iterations::Stop { p: prob, max } => {
                count(self, "max", max);
                if !(prob.is_finite() && prob > 0.0 && prob <= 1.0) {
                    let got = if prob.is_finite() { crate::format::pct(prob) } else { "not a number".into() };
                    self.err(format!("{p}.stop_probability"), format!("must be above 0% and at most 100% (got {got})"));
                }
            }
            Iterations::Counts(ref c) => {
                if c.len() > MAX_ITERATIONS as usize {
                    self.err(
                        format!("{p}.counts"),
                        format!("has more than {} counts", thousands(MAX_ITERATIONS as u64)),
                    );
                }
                if c.iter().any(|(n, _)| *n == 0 || *n > MAX_ITERATIONS) || c.iter().map(|(_, k)| k).sum::<f64>() <= 0.0
                {
                    self.err(format!("{p}.counts"), "must count runs of 1 to 10,000 turns");
                }
            }
        }
    }

    fn model_ref(&mut self, path: impl std::fmt::Display, id: &str) {
        if id.is_empty() {
            self.err(path, "choose a model");
        } else if self.scenario.model(self.catalog, id).is_none() {
            let known = self
                .catalog
                .models
                .iter()
                .map(|m| m.id.as_str())
                .chain(self.scenario.prices.iter().map(|m| m.id.as_str()));
            let shown: String = id.chars().take(60).collect();
            let hint = suggest(id, known)
                .map(|s| format!(" (did you mean \"{s}\"?)"))
                .unwrap_or_else(|| " (run `loopcost models` for the list, or define it under \"prices\")".into());
            self.err(path, format!("unknown model \"{shown}\"{hint}"));
        }
    }

    fn scenario(&mut self) {
        let s = self.scenario;
        if s.version != FORMAT_VERSION {
            self.err(
                "version",
                format!(
                    "this is version {} of the scenario format; loopcost reads version {FORMAT_VERSION}",
                    s.version
                ),
            );
        }
        if s.name.chars().count() > MAX_NAME_CHARS {
            self.err("name", format!("is longer than {MAX_NAME_CHARS} characters"));
        }
        if s.stages.is_empty() {
            self.err("stages", "a scenario needs at least one stage");
        }
        if s.stages.len() > MAX_STAGES {
            self.err("stages", format!("has {} stages; the limit is {MAX_STAGES}", s.stages.len()));
        }
        for (i, st) in s.stages.iter().enumerate() {
            self.stage(&format!("stages.{i}"), st);
        }
        if let Some(r) = &s.router {
            self.model_ref("router.model", &r.model);
            if let Some(m) = s.model(self.catalog, &r.model)
                && let Err(PricingError::NoBatch) =
                    pricing(m, s.date(self.catalog), ServiceTier::Standard, s.traffic.batch_share, self.catalog)
            {
                self.err(
                    "traffic.batch_share",
                    format!("the router's model {} has no Batch API prices: set the batch share to 0 or choose another model", m.label()),
                );
            }
            self.tokens("router.input_tokens", r.input_tokens);
            self.tokens("router.output_tokens", r.output_tokens);
        }
        let t = s.traffic;
        self.range("traffic.runs_per_day", t.runs_per_day, 0.0, MAX_RUNS_PER_DAY, false, " runs a day");
        if !(t.days_per_month.is_finite() && t.days_per_month > 0.0 && t.days_per_month <= MAX_DAYS_PER_MONTH) {
            self.err(
                "traffic.days_per_month",
                format!("must be more than 0 and at most {MAX_DAYS_PER_MONTH} (got {})", shown(t.days_per_month)),
            );
        }
        self.share("traffic.batch_share", t.batch_share, false);
        if let Some(b) = s.budget
            && !(b.monthly_usd.is_finite() && b.monthly_usd > 0.0 && b.monthly_usd <= MAX_BUDGET)
        {
            self.err("budget.monthly_usd", "must be a positive amount of dollars");
        }
        if s.prices.len() > MAX_CUSTOM_MODELS {
            self.err("prices", format!("has {} models; the limit is {MAX_CUSTOM_MODELS}", s.prices.len()));
        }
        for (i, m) in s.prices.iter().enumerate() {
            let p = format!("prices.{i}");
            if m.id.trim().is_empty() {
                self.err(format!("{p}.id"), "a custom model needs an id");
            } else if s.prices[..i].iter().any(|o| o.id == m.id) {
                self.err(format!("{p}.id"), format!("\"{}\" is defined twice", m.id));
            }
            self.model(&p, m);
        }
    }

    /// A model entry's prices and limits.
    fn model(&mut self, p: &str, m: &Model) {
        for (j, period) in m.periods.iter().enumerate() {
            let pp = if m.periods.len() == 1 { p.to_string() } else { format!("{p}.prices.{j}") };
            self.price_set(&pp, &period.standard);
            for v in crate::catalog::Variant::ALL {
                if let Some(set) = period.variant(v) {
                    self.price_set(&format!("{pp}.{}", v.as_str()), set);
                }
            }
        }
        self.tokens(format_args!("{p}.min_cacheable_tokens"), m.min_cacheable_tokens);
        if m.context_window.is_some_and(|w| w == 0 || w > 100 * MAX_TOKENS) {
            self.err(format!("{p}.context_window"), "must be between 1 and 10,000,000,000 tokens");
        }
        if let Some(b) = m.batch_multiplier {
            self.share(format_args!("{p}.batch_multiplier"), b, false);
        }
    }

    fn rates(&mut self, path: &str, r: &Rates) {
        for (key, x) in r.named() {
            self.range(format_args!("{path}.{key}"), x, 0.0, MAX_PRICE, false, " $ per million tokens");
        }
    }

    fn price_set(&mut self, path: &str, set: &PriceSet) {
        self.rates(path, &set.rates);
        for (i, t) in set.tiers.iter().enumerate() {
            self.tokens(format_args!("{path}.tiers.{i}.start"), t.start);
            self.rates(&format!("{path}.tiers.{i}"), &t.rates);
        }
        for (i, h) in set.hours.iter().enumerate() {
            self.price_set(&format!("{path}.hours.{i}"), &h.set);
        }
    }

    /// Can every model of the stage be priced as the stage asks (service tier, TTL, batch)?
    fn offers(&mut self, p: &str, st: &Stage) {
        let s = self.scenario;
        let date = s.date(self.catalog);
        for e in &st.mix {
            let Some(m) = s.model(self.catalog, &e.model) else { continue };
            match pricing(m, date, st.service_tier, s.traffic.batch_share, self.catalog) {
                Ok(_) => {}
                Err(PricingError::NoServiceTier(t)) => self.err(
                    format!("{p}.service_tier"),
                    format!("{} offers no {} service tier on {date}; choose standard or another model", m.label(), t.as_str()),
                ),
                Err(PricingError::NoBatch) => self.err(
                    "traffic.batch_share",
                    format!("{} has no Batch API prices (and its provider no batch discount): set the batch share to 0 or choose another model", m.label()),
                ),
            }
            if st.cache.mode != CacheMode::None && st.cache.ttl == Ttl::OneHour {
                let set = &m.period(date).standard;
                if !set.given.cache_write_1h || !self.catalog.offers_ttl_1h(m) {
                    self.err(
                        format!("{p}.cache.ttl"),
                        format!(
                            "{} has no 1-hour cache (no 1-hour cache write price): use the 5-minute TTL",
                            m.label()
                        ),
                    );
                }
            }
        }
    }

    fn stage(&mut self, p: &str, st: &Stage) {
        if st.name.chars().count() > MAX_NAME_CHARS {
            self.err(format!("{p}.name"), format!("is longer than {MAX_NAME_CHARS} characters"));
        }
        if st.mix.is_empty() {
            self.err(format!("{p}.mix"), "choose at least one model");
        }
        if st.mix.len() > MAX_MIX {
            self.err(format!("{p}.mix"), format!("has {} models; the limit is {MAX_MIX}", st.mix.len()));
        }
        let mut all_shares_ok = true;
        for (i, e) in st.mix.iter().enumerate() {
            self.model_ref(format_args!("{p}.mix.{i}.model"), &e.model);
            all_shares_ok &= self.share(format_args!("{p}.mix.{i}.share"), e.share, false);
        }
        let sum: f64 = st.mix.iter().map(|e| e.share).sum();
        if all_shares_ok && !st.mix.is_empty() && (sum - 1.0).abs() > SHARE_TOLERANCE {
            self.err(format!("{p}.mix"), format!("shares add up to {}%, not 100%", round_pct(sum)));
        }
        if st.iterations == 0 || st.iterations > MAX_ITERATIONS {
            self.err(format!("{p}.iterations"), super::turns_out_of_range(st.iterations as u64));
        }
        for (key, n) in [
            ("system_tokens", st.system_tokens),
            ("user_tokens", st.user_tokens),
            ("output_tokens", st.output_tokens),
            ("final_output_tokens", st.final_output_tokens.unwrap_or(0)),
            ("tool_result_tokens", st.tool_result_tokens),
            ("tool_result_growth", st.tool_result_growth),
            ("history_limit_tokens", st.history_limit_tokens.unwrap_or(0)),
        ] {
            self.tokens(format_args!("{p}.{key}"), n);
        }
        if let Some(d) = &st.varies {
            self.distribution(&format!("{p}.iterations"), d);
            if st.turns.is_some() {
                self.err(
                    format!("{p}.turns"),
                    "a trace of turns fixes the number of turns: it cannot go with turns that vary from run to run"
                        .to_string(),
                );
            }
        }
        if let Some(turns) = &st.turns {
            if turns.len() != st.iterations as usize {
                self.err(
                    format!("{p}.turns"),
                    format!(
                        "the trace has {} but the turn count is {}: they must match",
                        crate::format::count(turns.len() as u64, "turn"),
                        thousands(st.iterations as u64)
                    ),
                );
            }
            for (i, t) in turns.iter().enumerate().take(MAX_ITERATIONS as usize) {
                self.tokens(format_args!("{p}.turns.{i}.output_tokens"), t.output_tokens);
                self.tokens(format_args!("{p}.turns.{i}.tool_result_tokens"), t.tool_result_tokens);
            }
        }
        self.range(
            format_args!("{p}.cache.seconds_per_turn"),
            st.cache.seconds_per_turn,
            0.0,
            MAX_SECONDS_PER_TURN,
            false,
            " seconds",
        );
        self.share(format_args!("{p}.retry_rate"), st.retry_rate, true);
        if self.issues.iter().all(|i| !i.path.starts_with(&format!("{p}.mix")) && i.path != "traffic.batch_share") {
            self.offers(p, st);
        }
    }
}

fn round_pct(x: f64) -> String {
    let pct = x * 100.0;
    let s = format!("{pct:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A number as the messages show it: grouped, or "not a number".
fn shown(x: f64) -> String {
    if x.is_finite() { crate::format::number(x) } else { "not a number".into() }
}
