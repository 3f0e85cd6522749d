//! Property tests of the engine (proptest): for any valid scenario, the invariants the spec
//! implies hold.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{catalog, scenario};
use loopcost::engine::{Evaluation, Usage, evaluate};
use loopcost::scenario::{CacheMode, MixEntry, Scenario, Stage, Traffic, parse, validate};
use proptest::prelude::*;

fn finite_usage(u: &Usage) -> bool {
    [
        u.prompt_tokens,
        u.input_tokens,
        u.cache_creation_input_tokens,
        u.cache_read_input_tokens,
        u.output_tokens,
        u.requests,
        u.cost_usd,
        u.input_cost_usd,
        u.cache_write_cost_usd,
        u.cache_read_cost_usd,
        u.output_cost_usd,
    ]
    .iter()
    .all(|x| x.is_finite() && *x >= -1e-9)
}

fn all_finite(e: &Evaluation) -> bool {
    finite_usage(&e.run)
        && [e.naive_cost_usd, e.daily_usd, e.monthly_usd, e.batch_savings_usd].iter().all(|x| x.is_finite())
        && e.real_over_naive.is_none_or(f64::is_finite)
        && e.budget_used.is_none_or(f64::is_finite)
        && e.stages.iter().all(|s| {
            finite_usage(&s.usage)
                && s.uncached_cost_usd.is_finite()
                && s.models.iter().all(|m| finite_usage(&m.usage) && m.warm_probability.is_finite())
                && s.turns.iter().all(|t| finite_usage(&t.usage) && t.cumulative_cost_usd.is_finite())
        })
}

fn eval(s: &Scenario) -> Evaluation {
    evaluate(s, catalog()).unwrap_or_else(|e| panic!("valid scenario refused: {e:?}"))
}

fn rel_eq(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn valid_scenarios_evaluate_to_finite_numbers(s in scenario()) {
        prop_assert_eq!(validate(&s, catalog()), vec![]);
        let e = eval(&s);
        prop_assert!(all_finite(&e), "non-finite or negative figure in {:?}", e.run);
        // Parts add up: the stages and the router make the run; the classes make the prompt.
        let parts: f64 = e.stages.iter().map(|s| s.usage.cost_usd).sum::<f64>()
            + e.router.as_ref().map_or(0.0, |r| r.usage.cost_usd);
        prop_assert!(rel_eq(parts, e.run.cost_usd));
        let u = e.run;
        prop_assert!(rel_eq(u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens, u.prompt_tokens));
        prop_assert!(rel_eq(u.input_cost_usd + u.cache_write_cost_usd + u.cache_read_cost_usd + u.output_cost_usd, u.cost_usd));
    }

    #[test]
    fn caching_never_changes_prompt_tokens(s in scenario()) {
        let mut plain = s.clone();
        for st in &mut plain.stages {
            st.cache.mode = CacheMode::None;
        }
        let (a, b) = (eval(&s), eval(&plain));
        prop_assert!(rel_eq(a.run.prompt_tokens, b.run.prompt_tokens));
        for (x, y) in a.stages.iter().zip(&b.stages) {
            for (tx, ty) in x.turns.iter().zip(&y.turns) {
                prop_assert!(rel_eq(tx.usage.prompt_tokens, ty.usage.prompt_tokens));
            }
        }
    }

    #[test]
    fn the_batch_share_mixes_standard_and_batch_prices_linearly(s in scenario(), beta in 0.0f64..1.0) {
        // Spec 9.3: request cost = (1 − β) × cost at the service tier + β × cost at batch rates.
        let at = |b: f64| { let mut v = s.clone(); v.traffic.batch_share = b; v };
        let all = evaluate(&at(1.0), catalog());
        prop_assume!(all.is_ok(), "a model of this scenario has no Batch API prices");
        let (n, a, m) = (eval(&at(0.0)), all.unwrap(), eval(&at(beta)));
        prop_assert!(rel_eq(m.run.cost_usd, (1.0 - beta) * n.run.cost_usd + beta * a.run.cost_usd));
        prop_assert!(rel_eq(m.monthly_usd, (1.0 - beta) * n.monthly_usd + beta * a.monthly_usd));
        // Batch prices are never above the standard ones in the catalog, and batching leaves the
        // naive estimate and every token count alone.
        prop_assert!(a.run.cost_usd <= n.run.cost_usd * (1.0 + 1e-9));
        prop_assert!(rel_eq(a.naive_cost_usd, n.naive_cost_usd));
        prop_assert!(rel_eq(a.run.prompt_tokens, n.run.prompt_tokens));
        // The savings are the unbatched cost less the cost, to the rounding of the costs (not of
        // the savings, which can be a tiny difference of two large figures).
        prop_assert!((m.batch_savings_usd - (n.run.cost_usd - m.run.cost_usd)).abs() <= 1e-9 * n.run.cost_usd.max(1e-12));
        // A model whose Batch rates are its standard ones saves nothing, not a rounding error.
        if rel_eq(a.run.cost_usd, n.run.cost_usd) {
            prop_assert_eq!(m.batch_savings_usd, 0.0);
        }
    }

    #[test]
    fn a_tier_mix_costs_the_share_weighted_sum_of_its_models(s in scenario()) {
        let st = &s.stages[0];
        let mixed = eval(&Scenario { stages: vec![st.clone()], router: None, ..s.clone() });
        let mut sum = 0.0;
        for m in &st.mix {
            // Each model alone, with the traffic it sees inside the mix (its share of the runs),
            // so that its cache warmth is the same.
            let alone = Scenario {
                stages: vec![Stage { mix: vec![MixEntry { model: m.model.clone(), share: 1.0 }], ..st.clone() }],
                router: None,
                traffic: Traffic { runs_per_day: s.traffic.runs_per_day * m.share, ..s.traffic },
                ..s.clone()
            };
            sum += m.share * eval(&alone).run.cost_usd;
        }
        prop_assert!(rel_eq(mixed.run.cost_usd, sum), "{} vs {}", mixed.run.cost_usd, sum);
    }

    #[test]
    fn without_caching_cost_never_decreases_as_the_loop_grows(
        s in scenario(), stage_index in 0usize..3, more_iterations in 1u32..20, more in 1u64..5_000
    ) {
        // History trimming is left out: it drops larger tool results sooner, so a bigger result
        // can make later prompts smaller (see `trimming_can_make_bigger_results_cheaper`).
        let mut base = s.clone();
        for st in &mut base.stages {
            st.cache.mode = CacheMode::None;
            st.turns = None;
            st.history_limit_tokens = None;
        }
        let i = stage_index % base.stages.len();
        let cost = |s: &Scenario| eval(s).run.cost_usd;
        let c0 = cost(&base);
        let grow = |f: &dyn Fn(&mut Stage)| {
            let mut t = base.clone();
            f(&mut t.stages[i]);
            cost(&t)
        };
        let tol = 1e-12 * c0.max(1.0);
        prop_assert!(grow(&|st| st.iterations += more_iterations) >= c0 - tol);
        prop_assert!(grow(&|st| st.tool_result_tokens += more) >= c0 - tol);
        prop_assert!(grow(&|st| st.tool_result_growth += more) >= c0 - tol);
        prop_assert!(grow(&|st| st.output_tokens += more) >= c0 - tol);
        prop_assert!(grow(&|st| st.final_output_tokens = Some(st.final_output() + more)) >= c0 - tol);
    }

    #[test]
    fn scenario_files_round_trip(s in scenario()) {
        let back = parse(&s.to_json(), catalog()).unwrap_or_else(|e| panic!("{e:?}"));
        prop_assert_eq!(back, s);
    }
}

#[test]
fn trimming_can_make_bigger_results_cheaper() {
    // With a 1,000-token history limit, 600-token pairs are kept one at a time, but 1,100-token
    // pairs are each dropped at once: the later prompts shrink.
    let mut s = loopcost::presets::default_scenario();
    let st = &mut s.stages[0];
    st.cache.mode = CacheMode::None;
    st.iterations = 4;
    (st.system_tokens, st.user_tokens, st.output_tokens, st.final_output_tokens) = (1000, 0, 100, None);
    (st.tool_result_tokens, st.tool_result_growth, st.history_limit_tokens) = (500, 0, Some(1000));
    let small = eval(&s).run.prompt_tokens;
    s.stages[0].tool_result_tokens = 1000;
    let big = eval(&s).run.prompt_tokens;
    assert_eq!((small, big), (1000.0 + 3.0 * 1600.0, 4000.0));
}

/// The cheapest model is found without evaluating every model (a price floor prunes those that
/// cannot be cheaper): it must be exactly the one a full comparison lists first.
fn full_comparison_first(s: &Scenario) -> Option<(String, f64)> {
    let c = catalog();
    loopcost::engine::compare(s, c, &loopcost::engine::featured(c))
        .into_iter()
        .filter(|x| x.error.is_none())
        .min_by(|a, b| a.monthly_usd.partial_cmp(&b.monthly_usd).unwrap_or(std::cmp::Ordering::Equal))
        .map(|x| (x.model, x.monthly_usd))
}

fn pruned_first(s: &Scenario) -> Option<(String, f64)> {
    let c = catalog();
    let base = loopcost::engine::evaluate_now(s, c).ok()?;
    loopcost::engine::cheapest(s, c, &loopcost::engine::featured(c), &base).map(|x| (x.model, x.monthly_usd))
}

#[test]
fn the_cheapest_model_of_every_preset_is_the_full_comparisons_first() {
    for (name, _) in loopcost::presets::PRESETS {
        let s = loopcost::presets::preset(name).unwrap();
        assert_eq!(pruned_first(&s), full_comparison_first(&s), "{name}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn the_cheapest_model_is_the_full_comparisons_first(s in scenario()) {
        prop_assert_eq!(pruned_first(&s), full_comparison_first(&s));
    }
}

// What levers, comparisons and the traffic table evaluate (costs only: no projection, range or
// warnings) is the full evaluation's figures, bit for bit.
fn costs_only_agrees(s: &Scenario) -> Result<(), TestCaseError> {
    let c = catalog();
    let (Ok(full), Ok(now)) = (loopcost::engine::evaluate(s, c), loopcost::engine::evaluate_now(s, c)) else {
        return Ok(());
    };
    prop_assert!(now.warnings.is_empty());
    prop_assert_eq!(now.run, full.run);
    prop_assert_eq!(now.monthly_usd, full.monthly_usd);
    prop_assert_eq!(now.batch_savings_usd, full.batch_savings_usd);
    prop_assert_eq!(&now.overflows, &full.overflows);
    for (a, b) in now.stages.iter().zip(&full.stages) {
        prop_assert_eq!(&a.turns, &b.turns);
        prop_assert_eq!(&a.models, &b.models);
    }
    Ok(())
}

#[test]
fn costs_only_evaluation_of_every_preset_is_the_full_ones() {
    for (name, _) in loopcost::presets::PRESETS {
        let s = loopcost::presets::preset(name).unwrap();
        costs_only_agrees(&s).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn costs_only_evaluation_is_the_full_ones(s in scenario()) {
        costs_only_agrees(&s)?;
    }
}
