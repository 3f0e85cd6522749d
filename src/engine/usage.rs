//! Token and cost totals, and what one request costs (spec section 1).

use crate::catalog::{Model, Rates};
use crate::scenario::Ttl;
use serde::Serialize;

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
    pub fn add(&mut self, o: &Usage) {
        self.add_scaled(o, 1.0);
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

/// The rates a request is billed at: the long-context block's for the whole request once its
/// prompt exceeds the threshold, else the model's.
#[inline(always)]
pub fn rates_for(model: &Model, prompt_tokens: f64) -> (&Rates, bool) {
    match &model.long_context {
        Some(lc) if prompt_tokens > lc.threshold_tokens as f64 => (&lc.rates, true),
        _ => (&model.rates, false),
    }
}

/// What a request with no caching costs: the `cost_usd` of [`request_usage`] for
/// [`Request::uncached`], without the rest of the breakdown (the engine needs it on every turn).
#[inline(always)]
pub fn uncached_cost(prompt_tokens: f64, output_tokens: f64, model: &Model) -> f64 {
    let (r, _) = rates_for(model, prompt_tokens);
    prompt_tokens * r.input / 1e6 + output_tokens * r.output / 1e6
}

/// What one request costs (before retries, shares and batch).
#[inline(always)]
pub fn request_usage(req: &Request, model: &Model, ttl: Ttl) -> (Usage, bool) {
    let (r, long) = rates_for(model, req.prompt());
    let write_rate = match ttl {
        Ttl::FiveMinutes => r.cache_write_5m,
        Ttl::OneHour => r.cache_write_1h,
    };
    let input_cost_usd = req.fresh * r.input / 1e6;
    let cache_write_cost_usd = req.write * write_rate / 1e6;
    let cache_read_cost_usd = req.read * r.cache_read / 1e6;
    let output_cost_usd = req.output * r.output / 1e6;
    let usage = Usage {
        prompt_tokens: req.prompt(),
        input_tokens: req.fresh,
        cache_creation_input_tokens: req.write,
        cache_read_input_tokens: req.read,
        output_tokens: req.output,
        requests: 1.0,
        cost_usd: input_cost_usd + cache_write_cost_usd + cache_read_cost_usd + output_cost_usd,
        input_cost_usd,
        cache_write_cost_usd,
        cache_read_cost_usd,
        output_cost_usd,
    };
    (usage, long)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn the_uncached_shortcut_is_the_full_breakdowns_cost() {
        for m in &Catalog::builtin().models {
            for prompt in [0.0, 1.0, 4_321.5, 199_999.0, 200_000.0, 200_001.0, 750_000.25] {
                let full = request_usage(&Request::uncached(prompt, 777.0), m, Ttl::FiveMinutes).0.cost_usd;
                assert_eq!(uncached_cost(prompt, 777.0, m), full, "{} at {prompt}", m.id);
            }
        }
    }
}
