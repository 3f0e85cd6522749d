//! Results out of the app: CSV for spreadsheets (unrounded numbers), Markdown for pull requests
//! and docs. Pure functions of an evaluation; the UI and tests call them alike.

use crate::engine::{Evaluation, Lever};
use crate::format::{pct, times, tokens, usd};
use crate::scenario::Scenario;
use std::fmt::Write;

/// A CSV field: quoted when it holds a comma, quote or line break. A leading `=`, `+`, `-` or
/// `@` is prefixed with `'` so spreadsheets never run a name as a formula.
fn field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// Every turn of every stage, one row each.
pub fn turns_csv(s: &Scenario, e: &Evaluation) -> String {
    let mut out = String::from(
        "stage,stage_name,turn,prompt_tokens,input_tokens,cache_creation_input_tokens,cache_read_input_tokens,output_tokens,requests,cost_usd,cumulative_cost_usd,trimmed,long_context_share\n",
    );
    for (i, (st, r)) in s.stages.iter().zip(&e.stages).enumerate() {
        for t in &r.turns {
            let u = &t.usage;
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{},{},{},{},{}",
                i + 1,
                field(&st.name),
                t.turn,
                u.prompt_tokens,
                u.input_tokens,
                u.cache_creation_input_tokens,
                u.cache_read_input_tokens,
                u.output_tokens,
                u.requests,
                u.cost_usd,
                t.cumulative_cost_usd,
                t.trimmed,
                t.long_context_share
            );
        }
    }
    out
}

/// The cost of a run of each stage by its number of turns (spec 10): every count a varying stage
/// can take with its probability; a stage that does not vary, its one count.
pub fn ranges_csv(s: &Scenario, e: &Evaluation) -> String {
    let mut out = String::from("stage,stage_name,iterations,probability,cost_usd\n");
    for (i, (st, r)) in s.stages.iter().zip(&e.stages).enumerate() {
        match &r.varies {
            Some(v) => {
                for d in &v.distribution {
                    let _ = writeln!(
                        out,
                        "{},{},{},{},{}",
                        i + 1,
                        field(&st.name),
                        d.iterations,
                        d.probability,
                        d.cost_usd
                    );
                }
            }
            None => {
                let _ = writeln!(out, "{},{},{},1,{}", i + 1, field(&st.name), st.iterations, r.usage.cost_usd);
            }
        }
    }
    out
}

/// The levers table, with what each lever trades besides money.
pub fn levers_csv(levers: &[Lever]) -> String {
    let mut out = String::from(
        "lever,label,note,cost_per_run_usd,monthly_usd,monthly_savings_usd,savings_share,current,best,changes_product,tradeoff\n",
    );
    for l in levers {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{}",
            l.id,
            field(&l.label),
            field(&l.note),
            l.cost_per_run,
            l.monthly_usd,
            l.monthly_savings_usd,
            l.savings_share,
            l.current,
            l.best,
            l.changes_product,
            field(&l.tradeoff)
        );
    }
    out
}

/// Text for a Markdown table cell.
fn md(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A summary for a pull request or a doc page: headline, stages, levers.
pub fn markdown(s: &Scenario, e: &Evaluation, levers: &[Lever], catalog_version: &str) -> String {
    let mut out = String::new();
    let title = if s.name.is_empty() { "Scenario" } else { &s.name };
    let _ = writeln!(out, "### {}\n", md(title));
    let _ = writeln!(out, "| | |\n|---|---:|");
    let _ = writeln!(
        out,
        "| Cost per run{} | {} |",
        if e.range.is_some() { " (average)" } else { "" },
        usd(e.run.cost_usd)
    );
    if let Some(r) = &e.range {
        let w = r.words(e.run.cost_usd, e.budget_monthly_usd);
        let _ = writeln!(out, "| Range per run | {} ({}) |", w.per_run, w.tail);
    }
    let _ = writeln!(out, "| Per day ({} runs) | {} |", tokens(e.runs_per_day), usd(e.daily_usd));
    let _ = writeln!(out, "| Per month ({} days) | {} |", e.days_per_month, usd(e.monthly_usd));
    if let Some(r) = &e.range {
        let w = r.words(e.run.cost_usd, e.budget_monthly_usd);
        let _ = writeln!(out, "| Month, p10 – p90 | {} |", w.monthly.replace(" (p10 – p90)", ""));
        if let Some(b) = w.budget {
            let _ = writeln!(out, "| Budget risk | {b} |");
        }
    }
    if let Some(x) = e.real_over_naive {
        let _ = writeln!(out, "| Naive estimate per run | {} ({} less than real) |", usd(e.naive_cost_usd), times(x));
    }
    if let (Some(u), Some(b)) = (e.budget_used, e.budget_monthly_usd) {
        let _ = writeln!(out, "| Budget used | {} of {} |", pct(u), usd(b));
    }
    let _ = writeln!(
        out,
        "| Tokens per run | {} prompt ({} fresh, {} cache write, {} cache read), {} output |",
        tokens(e.run.prompt_tokens),
        tokens(e.run.input_tokens),
        tokens(e.run.cache_creation_input_tokens),
        tokens(e.run.cache_read_input_tokens),
        tokens(e.run.output_tokens)
    );
    let _ = writeln!(
        out,
        "\n| Stage | Kind | Requests | Prompt tokens | Output tokens | Cost per run |\n|---|---|---:|---:|---:|---:|"
    );
    for (st, r) in s.stages.iter().zip(&e.stages) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            md(&st.name),
            st.kind.as_str(),
            tokens(r.usage.requests),
            tokens(r.usage.prompt_tokens),
            tokens(r.usage.output_tokens),
            usd(r.usage.cost_usd)
        );
    }
    if !levers.is_empty() {
        let _ = writeln!(out, "\n| Lever | Per month | Saves | Besides money |\n|---|---:|---:|---|");
        for l in levers.iter().filter(|l| !l.current) {
            let saves = if l.monthly_savings_usd >= 0.0 {
                format!("{} ({})", usd(l.monthly_savings_usd), pct(l.savings_share))
            } else {
                format!("costs {} more", usd(-l.monthly_savings_usd))
            };
            let best = if l.best { " **(best)**" } else { "" };
            let _ =
                writeln!(out, "| {}{best} | {} | {saves} | {} |", md(&l.label), usd(l.monthly_usd), md(&l.tradeoff));
        }
    }
    for w in &e.warnings {
        let _ = writeln!(out, "\n> ⚠ {}", md(&w.message));
    }
    let _ = writeln!(out, "\n_Computed by loopcost with prices as of {catalog_version}._");
    out
}
