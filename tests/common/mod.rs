//! Shared by the property tests: a strategy for any valid scenario.
#![allow(dead_code)]

use loopcost::catalog::Catalog;
use loopcost::scenario::{
    Budget, Cache, CacheMode, Latency, MixEntry, Router, Scenario, ServiceTier, Stage, StageKind, Traffic, Ttl, Turn,
};
use proptest::prelude::*;

pub fn catalog() -> &'static Catalog {
    Catalog::builtin()
}

pub fn model_id() -> impl Strategy<Value = String> {
    let ids: Vec<String> = catalog().models.iter().map(|m| m.id.clone()).collect();
    proptest::sample::select(ids)
}

pub fn mix() -> impl Strategy<Value = Vec<MixEntry>> {
    prop::collection::vec((model_id(), 1u32..100), 1..4).prop_map(|entries| {
        let total: u32 = entries.iter().map(|e| e.1).sum();
        entries.into_iter().map(|(model, w)| MixEntry { model, share: w as f64 / total as f64 }).collect()
    })
}

pub fn cache() -> impl Strategy<Value = Cache> {
    (
        prop::sample::select(CacheMode::ALL.to_vec()),
        prop::sample::select(Ttl::ALL.to_vec()),
        0.0f64..5000.0,
        any::<bool>(),
    )
        .prop_map(|(mode, ttl, seconds_per_turn, shared_prefix)| Cache {
            mode,
            ttl,
            seconds_per_turn,
            shared_prefix,
        })
}

prop_compose! {
    pub fn stage()(
        kind in prop::sample::select(StageKind::ALL.to_vec()),
        mix in mix(),
        iterations in 1u32..40,
        system_tokens in 0u64..60_000,
        user_tokens in 0u64..20_000,
        output_tokens in 0u64..4_000,
        final_output_tokens in prop::option::of(0u64..8_000),
        tool_result_tokens in 0u64..30_000,
        tool_result_growth in 0u64..5_000,
        trace in any::<bool>(),
        trace_seed in prop::collection::vec((0u64..4_000, 0u64..30_000), 40),
        history_limit_tokens in prop::option::of(0u64..200_000),
        cache in cache(),
        retry_rate in prop_oneof![Just(0.0), 0.0f64..0.9],
        latency in prop_oneof![Just(Latency::Interactive), Just(Latency::Background)],
    ) -> Stage {
        let turns = trace.then(|| trace_seed[..iterations as usize]
            .iter()
            .map(|&(o, r)| Turn { output_tokens: o, tool_result_tokens: r })
            .collect());
        Stage {
            name: "stage".into(), kind, mix, iterations, varies: None, system_tokens, user_tokens, output_tokens,
            final_output_tokens, tool_result_tokens, tool_result_growth, turns, history_limit_tokens, cache, retry_rate,
            service_tier: ServiceTier::Standard, latency,
        }
    }
}

prop_compose! {
    pub fn scenario()(
        stages in prop::collection::vec(stage(), 1..4),
        router in prop::option::of((model_id(), 0u64..5_000, 0u64..100)),
        runs_per_day in prop_oneof![Just(0.0), 0.0f64..1e6],
        days_per_month in 1.0f64..31.0,
        batch_share in prop_oneof![Just(0.0), Just(1.0), 0.0f64..1.0],
        budget in prop::option::of(1.0f64..1e6),
    ) -> Scenario {
        within_offers(Scenario {
            version: 1,
            name: "property".into(),
            stages,
            router: router.map(|(model, input_tokens, output_tokens)| Router { model, input_tokens, output_tokens }),
            traffic: Traffic { runs_per_day, days_per_month, batch_share },
            budget: budget.map(|monthly_usd| Budget { monthly_usd }),
            prices_as_of: None,
            prices: Vec::new(),
        })
    }
}

/// The scenario with the settings its models do not offer taken back: the 5-minute TTL for
/// models without a 1-hour cache, no batching when a model has no Batch API prices.
pub fn within_offers(mut s: Scenario) -> Scenario {
    let c = catalog();
    let date = s.date(c);
    let models: Vec<String> = s.model_ids().iter().map(|m| m.to_string()).collect();
    if models.iter().any(|id| {
        let m = c.model(id).unwrap();
        loopcost::engine::pricing(m, date, ServiceTier::Standard, 1.0, c).is_err()
    }) {
        s.traffic.batch_share = 0.0;
    }
    for st in &mut s.stages {
        let all_1h = st.mix.iter().all(|e| {
            let m = c.model(&e.model).unwrap();
            m.period(date).standard.given.cache_write_1h && c.offers_ttl_1h(m)
        });
        if !all_1h {
            st.cache.ttl = Ttl::FiveMinutes;
        }
    }
    s
}

/// `s` with every model it uses priced at the spec's worked-example Sonnet ($3 / $15, writes
/// 3.75 and 6, reads 0.30, cacheable from 1,024 tokens, batch at half price), as the scenario's
/// own `prices`: a test about the engine's rules then does not depend on the catalog's prices.
pub fn at_spec_prices(s: &Scenario) -> Scenario {
    let mut v = s.to_value();
    let ids: Vec<String> = s.model_ids().iter().map(|m| m.to_string()).collect();
    v["prices"] = serde_json::Value::Array(
        ids.iter()
            .map(|id| {
                serde_json::json!({"id": id, "provider": "anthropic", "input": 3, "output": 15, "cache_write_5m": 3.75,
                    "cache_write_1h": 6, "cache_read": 0.3, "min_cacheable_tokens": 1024, "batch_multiplier": 0.5})
            })
            .collect(),
    );
    loopcost::scenario::parse(&v.to_string(), catalog()).unwrap()
}
