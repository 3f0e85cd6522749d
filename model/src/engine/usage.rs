//! Token and cost totals, and what one request costs (spec section 1).

use crate::catalog::{Catalog, Date, Model, PriceSet, ServiceTier, Variant};
use crate::scenario::Ttl;
use serde::Serialize;
use std::borrow::Cow;

/// Tokens, requests and cost, as expectations (fractional where caching is probabilistic).
/// The four `*_cost_usd` parts add up to `cost_usd`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Usage {
    /// The whole prompt sent: input + cache creation + cache read.
    pub prompt_tokens: f64,
    /// Fresh input.
    pub input_tokens: f64,
    pub cache_creation_input_tokens: f64,
    pub cache_read_input_tokens: f64,
    pub output_tokens: f64,
    pub requests: f64,
    pub cost_usd: f64,
    pub input_cost_usd: f64,
    pub cache_write_cost_usd: f64,
    pub cache_read_cost_usd: f64,
    pub output_cost_usd: f64,
}

impl Usage {
    #[inline(always)]
    pub fn add(&mut self, o: &Usage) {
        self.prompt_tokens += o.prompt_tokens;
        self.input_tokens += o.input_tokens;
        self.cache_creation_input_tokens += o.cache_creation_input_tokens;
        self.cache_read_input_tokens += o.cache_read_input_tokens;
        self.output_tokens += o.output_tokens;
        self.requests += o.requests;
        self.cost_usd += o.cost_usd;
        self.input_cost_usd += o.input_cost_usd;
        self.cache_write_cost_usd += o.cache_write_cost_usd;
        self.cache_read_cost_usd += o.cache_read_cost_usd;
        self.output_cost_usd += o.output_cost_usd;
    }

    /// Multiplies every token count, request count and cost by `f`.
    pub fn scale(&mut self, f: f64) {
        let mut scaled = Usage::default();
        scaled.add_scaled(self, f);
        *self = scaled;
    }

    /// Adds `o` with every token count, request count and cost multiplied by `f`.
    #[inline(always)]
    pub fn add_scaled(&mut self, o: &Usage, f: f64) {
        self.prompt_tokens += o.prompt_tokens * f;
        self.input_tokens += o.input_tokens * f;
        self.cache_creation_input_tokens += o.cache_creation_input_tokens * f;
        self.cache_read_input_tokens += o.cache_read_input_tokens * f;
        self.output_tokens += o.output_tokens * f;
        self.requests += o.requests * f;
        self.cost_usd += o.cost_usd * f;
        self.input_cost_usd += o.input_cost_usd * f;
        self.cache_write_cost_usd += o.cache_write_cost_usd * f;
        self.cache_read_cost_usd += o.cache_read_cost_usd * f;
        self.output_cost_usd += o.output_cost_usd * f;
    }

    /// Multiplies the costs only (the batch discount leaves token counts alone).
    #[inline(always)]
    pub fn scale_costs(&mut self, f: f64) {
        self.cost_usd *= f;
        self.input_cost_usd *= f;
        self.cache_write_cost_usd *= f;
        self.cache_read_cost_usd *= f;
        self.output_cost_usd *= f;
    }
}

/// One request's expected prompt split by class, and its output.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Request {
    pub fresh: f64,
    pub write: f64,
    pub read: f64,
    pub output: f64,
}

impl Request {
    #[inline(always)]
    pub fn prompt(&self) -> f64 {
        self.fresh + self.write + self.read
    }

    /// All fresh input: no caching.
    pub fn uncached(prompt: f64, output: f64) -> Request {
        Request { fresh: prompt, write: 0.0, read: 0.0, output }
    }
}

/// The prices one model's requests are billed at in a scenario (spec 9.3): the stage's service
/// tier for the share of runs not sent through the Batch API, the batch prices for the rest.
/// Both are the prices in effect on the scenario's date, averaged over the day where they change
/// by the hour.
#[derive(Debug, Clone, PartialEq)]
pub struct Pricing<'a> {
    /// Borrowed from the catalog where the catalog has the set as billed (no hourly windows to
    /// average, no batch multiplier to apply).
    pub interactive: Cow<'a, PriceSet>,
    /// `None` when no run is batched.
    pub batch: Option<Cow<'a, PriceSet>>,
    /// β: the share of runs sent through the Batch API.
    pub batch_share: f64,
}

impl Pricing<'_> {
    /// Unbatched prices only.
    pub fn interactive(set: PriceSet) -> Pricing<'static> {
        Pricing { interactive: Cow::Owned(set), batch: None, batch_share: 0.0 }
    }
}

/// Why a model cannot be priced as a scenario asks.
#[derive(Debug, Clone, PartialEq)]
pub enum PricingError {
    /// The model offers no such service tier on the scenario's date.
    NoServiceTier(ServiceTier),
    /// Runs are batched, but the model has no batch prices and its provider no batch multiplier.
    NoBatch,
}

/// The prices of `model` for a stage on `date`.
pub fn pricing<'a>(
    model: &'a Model,
    date: Date,
    tier: ServiceTier,
    batch_share: f64,
    catalog: &Catalog,
) -> Result<Pricing<'a>, PricingError> {
    let period = model.period(date);
    let interactive = period.tier(tier).ok_or(PricingError::NoServiceTier(tier))?.daily();
    let batch = if batch_share > 0.0 {
        Some(match period.variant(Variant::Batch) {
            Some(set) => set.daily(),
            None => Cow::Owned(
                period.standard.daily().scaled(catalog.batch_multiplier(model).ok_or(PricingError::NoBatch)?),
            ),
        })
    } else {
        None
    };
    Ok(Pricing { interactive, batch, batch_share })
}

/// Prices are per million tokens: a multiplication, not a division, on every request (the
/// engine's innermost loop).
const PER_MTOK: f64 = 1e-6;

#[inline(always)]
fn class_costs(req: &Request, set: &PriceSet, ttl: Ttl) -> ([f64; 4], usize) {
    let (r, tier) = set.at(req.prompt());
    let write_rate = match ttl {
        Ttl::FiveMinutes => r.cache_write_5m,
        Ttl::OneHour => r.cache_write_1h,
    };
    (
        [
            req.fresh * r.input * PER_MTOK,
            req.write * write_rate * PER_MTOK,
            req.read * r.cache_read * PER_MTOK,
            req.output * r.output * PER_MTOK,
        ],
        tier,
    )
}

/// What a request with no caching costs: the `cost_usd` of [`request_usage`] for
/// [`Request::uncached`], without the rest of the breakdown (the engine needs it on every turn).
#[inline(always)]
pub fn uncached_cost(prompt_tokens: f64, output_tokens: f64, p: &Pricing) -> f64 {
    let one = |set: &PriceSet| {
        let (r, _) = set.at(prompt_tokens);
        prompt_tokens * r.input * PER_MTOK + output_tokens * r.output * PER_MTOK
    };
    match &p.batch {
        None => one(&p.interactive),
        Some(b) => (1.0 - p.batch_share) * one(&p.interactive) + p.batch_share * one(b),
    }
}

/// What one request costs (before retries and shares), batch share included, and the price
/// tier its standard prices bill it at (0: base rates; more: a tier by prompt size).
#[inline(always)]
pub fn request_usage(req: &Request, p: &Pricing, ttl: Ttl) -> (Usage, usize) {
    let (u, tier, _) = request_usage_and_unbatched(req, p, ttl);
    (u, tier)
}

/// [`request_usage`], and what the request would cost with no run batched (the interactive
/// prices alone), from the same class costs: the engine needs both on every turn.
#[inline(always)]
pub fn request_usage_and_unbatched(req: &Request, p: &Pricing, ttl: Ttl) -> (Usage, usize, f64) {
    let (mut c, tier) = class_costs(req, &p.interactive, ttl);
    let unbatched = c[0] + c[1] + c[2] + c[3];
    if let Some(b) = &p.batch {
        let (cb, _) = class_costs(req, b, ttl);
        let beta = p.batch_share;
        // (1 − β)·c + β·cb, written so that equal batch and standard rates (some models' Batch
        // tables repeat the standard one) give exactly the unbatched cost and no rounding-sized
        // "savings".
        for i in 0..4 {
            c[i] -= beta * (c[i] - cb[i]);
        }
    }
    let usage = Usage {
        prompt_tokens: req.prompt(),
        input_tokens: req.fresh,
        cache_creation_input_tokens: req.write,
        cache_read_input_tokens: req.read,
        output_tokens: req.output,
        requests: 1.0,
        cost_usd: c[0] + c[1] + c[2] + c[3],
        input_cost_usd: c[0],
        cache_write_cost_usd: c[1],
        cache_read_cost_usd: c[2],
        output_cost_usd: c[3],
    };
    (usage, tier, unbatched)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn the_unbatched_cost_is_the_interactive_prices_cost() {
        let c = Catalog::builtin();
        let req = Request { fresh: 1_234.5, write: 20_000.25, read: 180_000.0, output: 777.0 };
        for m in &c.models {
            for beta in [0.0, 0.3, 1.0] {
                let Ok(p) = pricing(m, c.date, ServiceTier::Standard, beta, c) else { continue };
                for ttl in [Ttl::FiveMinutes, Ttl::OneHour] {
                    let (u, tier, unbatched) = request_usage_and_unbatched(&req, &p, ttl);
                    assert_eq!((u, tier), request_usage(&req, &p, ttl));
                    let alone =
                        request_usage(&req, &Pricing::interactive(p.interactive.clone().into_owned()), ttl).0.cost_usd;
                    assert_eq!(unbatched, alone, "{} at β = {beta}", m.id);
                }
            }
        }
    }

    #[test]
    fn the_uncached_shortcut_is_the_full_breakdowns_cost() {
        let c = Catalog::builtin();
        for m in &c.models {
            for beta in [0.0, 0.3] {
                let Ok(p) = pricing(m, c.date, ServiceTier::Standard, beta, c) else { continue };
                for prompt in [0.0, 1.0, 4_321.5, 199_999.0, 200_000.0, 200_001.0, 750_000.25] {
                    let full = request_usage(&Request::uncached(prompt, 777.0), &p, Ttl::FiveMinutes).0.cost_usd;
                    let short = uncached_cost(prompt, 777.0, &p);
                    assert!((short - full).abs() <= 1e-15 * full.abs().max(1e-300), "{} at {prompt}", m.id);
                }
            }
        }
    }
}
