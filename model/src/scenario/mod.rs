//! A scenario: the workflow whose cost the engine computes (spec section 2).
//!
//! These are plain Rust types. [`parse`] reads them from the JSON scenario format with a clear
//! message per problem, [`validate`] checks the values of a typed scenario (the UI and the link
//! codec build them directly), and [`Scenario::to_value`] writes the canonical JSON form: every
//! field spelled out in the spec's order (absent options left out), so a saved file shows all
//! its settings.

pub mod fields;
mod iterations;
mod parse;
mod validate;

pub use iterations::{Iterations, quantile};
pub use parse::read_model;
pub use parse::{parse, parse_value};
pub use validate::{validate, validate_model};

pub use crate::catalog::ServiceTier;
use crate::catalog::{Catalog, Date, Model};
use serde_json::{Map, Value, json};
use std::fmt;

/// The scenario format's version; files and links carry it.
pub const FORMAT_VERSION: u32 = 1;

/// Limits that keep every result finite and every loop short. Values past them are reported as
/// invalid input rather than computed.
pub mod limits {
    /// Iterations of one stage (spec: 1..=10,000).
    pub const MAX_ITERATIONS: u32 = 10_000;
    /// Any single token count in a scenario.
    pub const MAX_TOKENS: u64 = 100_000_000;
    pub const MAX_STAGES: usize = 50;
    pub const MAX_MIX: usize = 20;
    pub const MAX_RUNS_PER_DAY: f64 = 1e9;
    pub const MAX_DAYS_PER_MONTH: f64 = 31.0;
    pub const MAX_SECONDS_PER_TURN: f64 = 86_400.0;
    /// USD per million tokens.
    pub const MAX_PRICE: f64 = 10_000.0;
    pub const MAX_BUDGET: f64 = 1e15;
    pub const MAX_CUSTOM_MODELS: usize = 50;
    pub const MAX_NAME_CHARS: usize = 200;
    /// Mix shares must sum to 1 within this.
    pub const SHARE_TOLERANCE: f64 = 1e-6;
}

/// One problem with a scenario, at a JSON path such as `stages.0.iterations` (the same path the
/// UI puts on the input as `data-field`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub path: String,
    pub message: String,
}

impl Issue {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue { path: path.into(), message: message.into() }
    }
}

/// The one message for a number of turns outside 1 ..= [`limits::MAX_ITERATIONS`], with the
/// number as it was given (never a truncated one): "must be between 1 and 10,000 turns (got
/// 1,000,000,000,000)".
pub fn turns_out_of_range(n: u64) -> String {
    format!(
        "must be between 1 and {} turns (got {})",
        crate::format::group(limits::MAX_ITERATIONS as u64),
        crate::format::group(n)
    )
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() { write!(f, "{}", self.message) } else { write!(f, "{}: {}", self.path, self.message) }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub version: u32,
    pub name: String,
    pub stages: Vec<Stage>,
    pub router: Option<Router>,
    pub traffic: Traffic,
    pub budget: Option<Budget>,
    /// The date the scenario is priced at (spec 9.4); `None`: the catalog's date.
    pub prices_as_of: Option<Date>,
    /// Models added or overridden by this scenario; an entry replaces a catalog entry of the
    /// same id whole.
    pub prices: Vec<Model>,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            version: FORMAT_VERSION,
            name: String::new(),
            stages: vec![Stage::default()],
            router: None,
            traffic: Traffic::default(),
            budget: None,
            prices_as_of: None,
            prices: Vec::new(),
        }
    }
}

impl Scenario {
    /// The model entry an id resolves to: the scenario's own `prices` first, then the catalog.
    pub fn model<'a>(&'a self, catalog: &'a Catalog, id: &str) -> Option<&'a Model> {
        self.prices.iter().find(|m| m.id == id).or_else(|| catalog.model(id))
    }

    /// The models of stage `i` by name, with their shares when there are several: "Claude
    /// Sonnet 4.6", or "Claude Haiku 4.5 (70%), Claude Sonnet 4.6 (30%)".
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn mix_label(&self, catalog: &Catalog, i: usize) -> String {
        let Some(stage) = self.stages.get(i) else { return String::new() };
        let name = |id: &str| self.model(catalog, id).map_or(id.to_string(), |m| m.label().to_string());
        match stage.mix.as_slice() {
            [one] => name(&one.model),
            mix => mix
                .iter()
                .map(|e| format!("{} ({})", name(&e.model), crate::format::pct(e.share)))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The date the scenario is priced at: its own `prices_as_of`, else the catalog's date.
    pub fn date(&self, catalog: &Catalog) -> Date {
        self.prices_as_of.unwrap_or(catalog.date)
    }

    /// Every model id the scenario uses (stage mixes, then the router), each once.
    pub fn model_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        let all = self.stages.iter().flat_map(|st| st.mix.iter().map(|e| e.model.as_str()));
        for id in all.chain(self.router.iter().map(|r| r.model.as_str())) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        ids
    }

    /// Canonical JSON, pretty-printed.
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).unwrap_or_default()
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn to_json(&self) -> String {
        crate::json::to_text(&self.to_value())
    }

    /// The scenario file's JSON: every field, in the spec's order; absent options left out.
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("version".into(), json!(self.version));
        m.insert("name".into(), json!(self.name));
        m.insert("stages".into(), Value::Array(self.stages.iter().map(Stage::to_value).collect()));
        if let Some(r) = &self.router {
            m.insert(
                "router".into(),
                json!({"model": r.model, "input_tokens": r.input_tokens, "output_tokens": r.output_tokens}),
            );
        }
        m.insert("traffic".into(), self.traffic.to_value());
        if let Some(b) = self.budget {
            m.insert("budget".into(), json!({"monthly_usd": b.monthly_usd}));
        }
        if let Some(d) = self.prices_as_of {
            m.insert("prices_as_of".into(), json!(d.to_string()));
        }
        if !self.prices.is_empty() {
            m.insert("prices".into(), Value::Array(self.prices.iter().map(Model::to_value).collect()));
        }
        Value::Object(m)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum StageKind {
    /// An agent loop: every turn re-sends the whole history.
    #[default]
    Loop,
    /// Independent calls that share only the stable prefix.
    Fanout,
}

impl StageKind {
    pub const ALL: [StageKind; 2] = [StageKind::Loop, StageKind::Fanout];
    pub fn as_str(self) -> &'static str {
        match self {
            StageKind::Loop => "loop",
            StageKind::Fanout => "fanout",
        }
    }

    /// What one of its requests is called: "turn" (a loop) or "call" (a fan-out).
    pub fn noun(self) -> &'static str {
        match self {
            StageKind::Loop => "turn",
            StageKind::Fanout => "call",
        }
    }
}

/// Whether someone waits for a stage's answers (a loopcost field beside the spec's): an
/// interactive stage cannot move to the Batch API, whose results come within 24 hours, without
/// changing what the product is. Stages are interactive unless the scenario says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Latency {
    /// A person (or a caller) waits for the answer.
    #[default]
    Interactive,
    /// Nobody waits: a queue, a nightly job; hours are fine.
    Background,
}

impl Latency {
    pub const ALL: [Latency; 2] = [Latency::Interactive, Latency::Background];
    pub fn as_str(self) -> &'static str {
        match self {
            Latency::Interactive => "interactive",
            Latency::Background => "background",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MixEntry {
    pub model: String,
    pub share: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Turn {
    pub output_tokens: u64,
    pub tool_result_tokens: u64,
}

impl Turn {
    /// A trace as JSON.
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn list(turns: &[Turn]) -> Value {
        Value::Array(
            turns
                .iter()
                .map(|t| json!({"output_tokens": t.output_tokens, "tool_result_tokens": t.tool_result_tokens}))
                .collect(),
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub name: String,
    pub kind: StageKind,
    pub mix: Vec<MixEntry>,
    /// The runs' number of turns; when they vary, the median of [`Stage::varies`] (the run the
    /// per-turn tables show).
    pub iterations: u32,
    /// How the number of turns varies from run to run (spec 10); `None`: always `iterations`.
    pub varies: Option<Iterations>,
    pub system_tokens: u64,
    pub user_tokens: u64,
    pub output_tokens: u64,
    /// F; `None` means "same as `output_tokens`".
    pub final_output_tokens: Option<u64>,
    pub tool_result_tokens: u64,
    pub tool_result_growth: u64,
    pub turns: Option<Vec<Turn>>,
    pub history_limit_tokens: Option<u64>,
    pub cache: Cache,
    /// The service tier of the stage's non-batch requests (spec 9.3).
    pub service_tier: ServiceTier,
    pub retry_rate: f64,
    /// Whether someone waits for the stage (written to files only when `background`).
    pub latency: Latency,
}

impl Default for Stage {
    fn default() -> Self {
        Stage::with_model(&Catalog::builtin().default_model)
    }
}

impl Stage {
    /// The spec's default stage, on one model.
    pub fn with_model(model: &str) -> Stage {
        Stage {
            name: "agent".into(),
            kind: StageKind::Loop,
            mix: vec![MixEntry { model: model.into(), share: 1.0 }],
            iterations: 1,
            varies: None,
            system_tokens: 0,
            user_tokens: 0,
            output_tokens: 0,
            final_output_tokens: None,
            tool_result_tokens: 0,
            tool_result_growth: 0,
            turns: None,
            history_limit_tokens: None,
            cache: Cache::default(),
            service_tier: ServiceTier::Standard,
            retry_rate: 0.0,
            latency: Latency::Interactive,
        }
    }

    /// F: the last turn's output when no trace is given.
    #[inline(always)]
    pub fn final_output(&self) -> u64 {
        self.final_output_tokens.unwrap_or(self.output_tokens)
    }

    /// Output and tool result of turn `k` (1-based), from the trace when there is one, else
    /// from O, F, R and G (spec section 3). The last turn's tool result is 0 (it is ignored).
    #[inline(always)]
    pub fn turn(&self, k: u32) -> Turn {
        let n = self.iterations;
        if let Some(t) = self.turns.as_ref().and_then(|t| t.get(k as usize - 1)) {
            return Turn {
                output_tokens: t.output_tokens,
                tool_result_tokens: if k < n { t.tool_result_tokens } else { 0 },
            };
        }
        match self.kind {
            StageKind::Fanout => Turn { output_tokens: self.output_tokens, tool_result_tokens: 0 },
            StageKind::Loop => Turn {
                output_tokens: if k == n { self.final_output() } else { self.output_tokens },
                tool_result_tokens: if k < n {
                    self.tool_result_tokens + (k as u64 - 1) * self.tool_result_growth
                } else {
                    0
                },
            },
        }
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("name".into(), json!(self.name));
        m.insert("kind".into(), json!(self.kind.as_str()));
        m.insert(
            "mix".into(),
            Value::Array(self.mix.iter().map(|e| json!({"model": e.model, "share": e.share})).collect()),
        );
        m.insert(
            "iterations".into(),
            self.varies.as_ref().map_or_else(|| json!(self.iterations), Iterations::to_value),
        );
        m.insert("system_tokens".into(), json!(self.system_tokens));
        m.insert("user_tokens".into(), json!(self.user_tokens));
        m.insert("output_tokens".into(), json!(self.output_tokens));
        if let Some(f) = self.final_output_tokens {
            m.insert("final_output_tokens".into(), json!(f));
        }
        m.insert("tool_result_tokens".into(), json!(self.tool_result_tokens));
        m.insert("tool_result_growth".into(), json!(self.tool_result_growth));
        if let Some(t) = &self.turns {
            m.insert("turns".into(), Turn::list(t));
        }
        if let Some(h) = self.history_limit_tokens {
            m.insert("history_limit_tokens".into(), json!(h));
        }
        let c = &self.cache;
        m.insert(
            "cache".into(),
            json!({"mode": c.mode.as_str(), "ttl": c.ttl.as_str(), "seconds_per_turn": c.seconds_per_turn, "shared_prefix": c.shared_prefix}),
        );
        m.insert("service_tier".into(), json!(self.service_tier.as_str()));
        m.insert("retry_rate".into(), json!(self.retry_rate));
        if self.latency != Latency::Interactive {
            m.insert("latency".into(), json!(self.latency.as_str()));
        }
        Value::Object(m)
    }

    /// The explicit per-turn trace equivalent to this stage's settings.
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn trace(&self) -> Vec<Turn> {
        (1..=self.iterations).map(|k| self.turn(k)).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CacheMode {
    #[default]
    None,
    /// One breakpoint after the stable prefix.
    System,
    /// Breakpoints after the prefix and at the end of every prompt.
    Conversation,
}

impl CacheMode {
    pub const ALL: [CacheMode; 3] = [CacheMode::None, CacheMode::System, CacheMode::Conversation];
    pub fn as_str(self) -> &'static str {
        match self {
            CacheMode::None => "none",
            CacheMode::System => "system",
            CacheMode::Conversation => "conversation",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ttl {
    #[default]
    FiveMinutes,
    OneHour,
}

impl Ttl {
    pub const ALL: [Ttl; 2] = [Ttl::FiveMinutes, Ttl::OneHour];
    pub fn seconds(self) -> f64 {
        match self {
            Ttl::FiveMinutes => 300.0,
            Ttl::OneHour => 3600.0,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Ttl::FiveMinutes => "5m",
            Ttl::OneHour => "1h",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cache {
    pub mode: CacheMode,
    pub ttl: Ttl,
    pub seconds_per_turn: f64,
    pub shared_prefix: bool,
}

impl Default for Cache {
    fn default() -> Self {
        Cache { mode: CacheMode::None, ttl: Ttl::FiveMinutes, seconds_per_turn: 10.0, shared_prefix: true }
    }
}

/// One classification call per run, billed as fresh input.
#[derive(Debug, Clone, PartialEq)]
pub struct Router {
    pub model: String,
    pub input_tokens: u64,
    pub output_tokens: u64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Traffic {
    pub runs_per_day: f64,
    pub days_per_month: f64,
    pub batch_share: f64,
}

impl Traffic {
    #[cfg_attr(loopcost_size, optimize(size))]
    pub fn to_value(&self) -> Value {
        json!({"runs_per_day": self.runs_per_day, "days_per_month": self.days_per_month, "batch_share": self.batch_share})
    }
}

impl Default for Traffic {
    fn default() -> Self {
        Traffic { runs_per_day: 1000.0, days_per_month: 30.0, batch_share: 0.0 }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    pub monthly_usd: f64,
}
