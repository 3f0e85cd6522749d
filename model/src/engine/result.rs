//! What an evaluation returns (spec section 7).

use super::usage::Usage;
use crate::catalog::Date;
use crate::scenario::StageKind;
use serde::{Serialize, Serializer};

fn date_text<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.to_string())
}

/// One run of a scenario, and what it adds up to per day and per month. Every cost is billed
/// (batch discount applied) except `naive_cost_usd`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Per run: the sum of the stages and the router call; when stages vary, the expectation
    /// over their iteration counts (spec 10).
    #[serde(flatten)]
    pub run: Usage,
    /// The range of a run's cost and the month's, when stages vary.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub range: Option<super::ranges::Range>,
    /// One request per stage, prompt S + U and output F, fresh, share-weighted: what people
    /// expect before they learn about the loop.
    pub naive_cost_usd: f64,
    /// `cost_usd / naive_cost_usd`; `None` when the naive estimate is zero.
    pub real_over_naive: Option<f64>,
    /// What the batch discount took off one run.
    pub batch_savings_usd: f64,
    pub runs_per_day: f64,
    pub days_per_month: f64,
    pub daily_usd: f64,
    pub monthly_usd: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_monthly_usd: Option<f64>,
    /// monthly ÷ budget, when a budget is set (1 = 100 %).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_used: Option<f64>,
    pub stages: Vec<StageResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub router: Option<RouterResult>,
    pub overflows: Vec<Overflow>,
    pub warnings: Vec<Warning>,
    /// The date the prices are those of (the scenario's `prices_as_of`, else the catalog's).
    #[serde(serialize_with = "date_text")]
    pub prices_as_of: Date,
    /// The next 12 months at the prices in effect on each month's first day (spec 9.4).
    pub projection: Vec<ProjectionRow>,
}

/// One month of the projection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectionRow {
    /// The day the month is priced at: the scenario's date for the first row, else the 1st.
    #[serde(serialize_with = "date_text")]
    pub month: Date,
    pub monthly_usd: f64,
    /// Against the row before (0 for the first).
    pub delta_usd: f64,
    /// The models whose prices changed since the row before.
    pub changes: Vec<PriceChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PriceChange {
    pub model: String,
    pub name: String,
    /// The day the new prices start.
    #[serde(serialize_with = "date_text")]
    pub date: Date,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageResult {
    pub name: String,
    pub kind: StageKind,
    /// When its number of turns varies: the cost of each count (its `cost_usd` is then the
    /// expectation, its `turns` the run of median length).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub varies: Option<super::ranges::StageRange>,
    #[serde(flatten)]
    pub usage: Usage,
    pub naive_cost_usd: f64,
    /// The same stage with caching off (equal to `cost_usd` when caching is off).
    pub uncached_cost_usd: f64,
    /// Per model of the mix: its share-weighted part of the stage (the parts add up to it).
    pub models: Vec<ModelResult>,
    /// Per turn, share-weighted over the mix.
    pub turns: Vec<TurnResult>,
}

impl StageResult {
    /// Per turn, the cost so far by token class: `[fresh input, cache write, cache read, output]`
    /// summed over turns 1..=k (the four add up to the turn's `cumulative_cost_usd`).
    pub fn cumulative_by_class(&self) -> Vec<[f64; 4]> {
        let mut acc = [0.0f64; 4];
        self.turns
            .iter()
            .map(|r| {
                let u = &r.usage;
                acc[0] += u.input_cost_usd;
                acc[1] += u.cache_write_cost_usd;
                acc[2] += u.cache_read_cost_usd;
                acc[3] += u.output_cost_usd;
                acc
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelResult {
    pub model: String,
    pub share: f64,
    /// w: the probability that the stable prefix is warm when a run starts.
    pub warm_probability: f64,
    /// What batching took off this model's part: billed ÷ unbatched cost (1: no batch).
    pub batch_factor: f64,
    #[serde(flatten)]
    pub usage: Usage,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnResult {
    /// 1-based.
    pub turn: u32,
    /// P_k: the size of this turn's prompt as sent (no retries, no shares).
    pub prompt_size: f64,
    pub trimmed: bool,
    /// Share of the mix whose prices bill this turn at a tier above the base rates (long context).
    pub long_context_share: f64,
    #[serde(flatten)]
    pub usage: Usage,
    pub cumulative_cost_usd: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouterResult {
    pub model: String,
    #[serde(flatten)]
    pub usage: Usage,
}

/// A request that does not fit its model's context window. The cost is still computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overflow {
    /// Stage index, or `None` for the router call.
    pub stage: Option<usize>,
    pub model: String,
    /// First turn (1-based) whose prompt + output exceed the window.
    pub turn: u32,
    pub tokens: f64,
    pub context_window: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    ContextOverflow,
    CacheCostsMore,
    PrefixBelowMinimum,
    LongContextPricing,
    TrimRewritesCache,
    UnverifiedPrice,
    PriceChange,
}

impl WarningKind {
    /// The JSON name, e.g. `context_overflow`.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::ContextOverflow => "context_overflow",
            WarningKind::CacheCostsMore => "cache_costs_more",
            WarningKind::PrefixBelowMinimum => "prefix_below_minimum",
            WarningKind::LongContextPricing => "long_context_pricing",
            WarningKind::TrimRewritesCache => "trim_rewrites_cache",
            WarningKind::UnverifiedPrice => "unverified_price",
            WarningKind::PriceChange => "price_change",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub kind: WarningKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    pub message: String,
}
