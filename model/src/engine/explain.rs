//! "Explain": each headline figure as its formula with the numbers filled in, so a reader can
//! check the arithmetic by hand.

use super::Evaluation;
use crate::catalog::Catalog;
use crate::format::{pct, per_mtok, tokens, usd};
use crate::scenario::Scenario;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The `data-metric` it explains: `cost_per_run`, `daily_usd`, `monthly_usd`,
    /// `naive_cost_per_run`, `budget_used`.
    pub metric: &'static str,
    pub lines: Vec<String>,
}

/// The explanations for an evaluation of `s`.
#[cfg_attr(loopcost_size, optimize(size))]
pub fn explain(s: &Scenario, e: &Evaluation, catalog: &Catalog) -> Vec<Explanation> {
    let mut run = vec![
        "Each request costs (fresh × input + cache write × write price + cache read × read price + output × output price) ÷ 1,000,000; \
         a stage adds up its requests × (1 + retry rate), share-weighted over its model mix."
            .to_string(),
    ];
    for (st, r) in s.stages.iter().zip(&e.stages) {
        let what = crate::format::count(st.iterations as u64, st.kind.noun());
        run.push(format!("Stage \"{}\" ({what}): {}", st.name, usd(r.usage.cost_usd)));
        for m in &r.models {
            let Some(model) = s.model(catalog, &m.model) else { continue };
            let Ok(p) = super::pricing(model, e.prices_as_of, st.service_tier, s.traffic.batch_share, catalog) else {
                continue;
            };
            let base = &p.interactive.rates;
            let write = |r: &crate::catalog::Rates| match st.cache.ttl {
                crate::scenario::Ttl::FiveMinutes => r.cache_write_5m,
                crate::scenario::Ttl::OneHour => r.cache_write_1h,
            };
            let u = &m.usage;
            let share = if r.models.len() > 1 { format!(" ({} of runs)", pct(m.share)) } else { String::new() };
            let tier = if st.service_tier == crate::catalog::ServiceTier::Standard {
                String::new()
            } else {
                format!(", {} tier", st.service_tier.as_str())
            };
            let tiered: Vec<u32> = r.turns.iter().filter(|t| t.long_context_share > 0.0).map(|t| t.turn).collect();
            if tiered.is_empty() && p.batch.is_none() {
                run.push(format!(
                    "  {}{share}{tier}: {} fresh × {} + {} written × {} + {} read × {} + {} out × {} = {}",
                    model.label(),
                    tokens(u.input_tokens),
                    per_mtok(base.input),
                    tokens(u.cache_creation_input_tokens),
                    per_mtok(write(base)),
                    tokens(u.cache_read_input_tokens),
                    per_mtok(base.cache_read),
                    tokens(u.output_tokens),
                    per_mtok(base.output),
                    usd(u.cost_usd)
                ));
                continue;
            }
            run.push(format!(
                "  {}{share}{tier}: {} fresh, {} written, {} read, {} out = {}",
                model.label(),
                tokens(u.input_tokens),
                tokens(u.cache_creation_input_tokens),
                tokens(u.cache_read_input_tokens),
                tokens(u.output_tokens),
                usd(u.cost_usd)
            ));
            let rates = |r: &crate::catalog::Rates| {
                format!(
                    "{} fresh, {} written, {} read, {} out",
                    per_mtok(r.input),
                    per_mtok(write(r)),
                    per_mtok(r.cache_read),
                    per_mtok(r.output)
                )
            };
            run.push(format!("    base rates per million tokens: {}", rates(base)));
            for t in &p.interactive.tiers {
                let turns: Vec<u32> = r
                    .turns
                    .iter()
                    .filter(|tr| tr.long_context_share > 0.0 && tr.prompt_size > t.start as f64)
                    .map(|tr| tr.turn)
                    .collect();
                if let (Some(first), Some(last)) = (turns.first(), turns.last()) {
                    let which = if first == last { format!("turn {first}") } else { format!("turns {first}–{last}") };
                    run.push(format!(
                        "    {which}: prompt over {} tokens, the whole request at {}",
                        crate::format::group(t.start),
                        rates(&t.rates)
                    ));
                }
            }
            if let Some(b) = &p.batch {
                run.push(format!(
                    "    {} of runs through the Batch API at {} (this model's part billed at {} of its unbatched cost)",
                    pct(p.batch_share),
                    rates(&b.rates),
                    pct(m.batch_factor)
                ));
            }
        }
    }
    if let Some(r) = &e.router {
        run.push(format!("Router call ({}): {}", r.model, usd(r.usage.cost_usd)));
    }
    if e.batch_savings_usd > 0.0 {
        run.push(format!(
            "Batch API on {} of runs: −{} already taken off the figures above",
            pct(s.traffic.batch_share),
            usd(e.batch_savings_usd)
        ));
    }
    run.push(format!("= {} per run", usd(e.run.cost_usd)));

    let mut out = vec![
        Explanation { metric: "cost_per_run", lines: run },
        Explanation {
            metric: "daily_usd",
            lines: vec![format!(
                "{} per run × {} runs a day = {}",
                usd(e.run.cost_usd),
                tokens(e.runs_per_day),
                usd(e.daily_usd)
            )],
        },
        Explanation {
            metric: "monthly_usd",
            lines: vec![format!("{} a day × {} days = {}", usd(e.daily_usd), e.days_per_month, usd(e.monthly_usd))],
        },
    ];

    let mut naive = vec![
        "What a per-token table suggests: per stage one request, (system + user) tokens of fresh input and the final output, \
         with no loop, no cache, no retries, no batch."
            .to_string(),
    ];
    for (st, r) in s.stages.iter().zip(&e.stages) {
        let f = st.turns.as_ref().and_then(|t| t.last()).map_or(st.final_output(), |t| t.output_tokens);
        naive.push(format!(
            "Stage \"{}\": ({} + {}) in, {} out = {}",
            st.name,
            tokens(st.system_tokens as f64),
            tokens(st.user_tokens as f64),
            tokens(f as f64),
            usd(r.naive_cost_usd)
        ));
    }
    naive.push(format!("= {} per run", usd(e.naive_cost_usd)));
    if let Some(x) = e.real_over_naive {
        naive.push(format!("The real run costs {} ÷ {} = {x:.1}× that.", usd(e.run.cost_usd), usd(e.naive_cost_usd)));
    }
    out.push(Explanation { metric: "naive_cost_per_run", lines: naive });

    if let (Some(used), Some(b)) = (e.budget_used, e.budget_monthly_usd) {
        out.push(Explanation {
            metric: "budget_used",
            lines: vec![format!("{} a month ÷ {} budget = {}", usd(e.monthly_usd), usd(b), pct(used))],
        });
    }
    out
}
