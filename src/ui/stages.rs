//! "Why?": per stage, the charts and the per-turn table. Each cell is its own reactive text, so
//! an edit updates the cells whose numbers changed, not whole tables; a closed stage has only
//! its summary line (its charts and table are built when it is opened).

use super::charts::{CumulativeChart, PromptChart};
use super::memo;
use super::state::AppState;
use crate::engine::{StageResult, TurnResult, Usage};
use crate::format::{pct, tokens, usd};
use leptos::prelude::*;

/// Rows shown before "show all": long loops stay light until asked for.
const ROWS_SHOWN: usize = 100;

#[component]
pub fn StageResults() -> impl IntoView {
    let state = expect_context::<AppState>();
    let n = memo(move || state.eval.with(|e| e.as_ref().map_or(0, |e| e.stages.len())));
    view! {
        <section class="stages" aria-labelledby="why-title">
            <h2 id="why-title">"Why: turn by turn"</h2>
            {super::rows(move || n.get(), |i| view! { <StageResult i=i /> })}
        </section>
    }
}

/// One stage's results: what its rows, totals and charts depend on, so that an edit to one
/// stage re-runs only that stage's cells.
pub type StageMemo = Memo<Option<StageResult>>;

fn stage_field<T: PartialEq + Send + Sync + Clone + 'static>(
    stage: StageMemo,
    f: impl Fn(&StageResult) -> T + Send + Sync + 'static,
) -> Memo<Option<T>> {
    memo(move || stage.with(|s| s.as_ref().map(&f)))
}

#[component]
fn StageResult(i: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let stage = stage_memo(state, i);
    let name = stage_field(stage, |s| s.name.clone());
    let cost = stage_field(stage, |s| s.usage.cost_usd);
    let turns = stage_field(stage, |s| s.turns.len());
    let varies = stage_field(stage, |s| {
        s.varies.as_ref().map(|r| {
            (r.distribution.first().map_or(0, |d| d.iterations), r.distribution.last().map_or(0, |d| d.iterations))
        })
    });
    let kind = stage_field(stage, |s| s.kind);
    let share = memo(move || {
        state.eval.with(|e| {
            e.as_ref().and_then(|e| Some(e.stages.get(i)?.usage.cost_usd / e.run.cost_usd)).filter(|x| x.is_finite())
        })
    });
    // A closed stage's charts and table are not built (nor kept up to date on every edit): they
    // are made when it is opened and dropped when it is closed again.
    let open = RwSignal::new(i == 0);
    view! {
        <details class="card stage-result" open=i == 0 on:toggle=move |ev| {
            open.set(super::browser::details_open(&ev));
        }>
            <summary>
                <h3>
                    <span class="stage-no">{format!("Stage {}", i + 1)}</span>
                    <span class="stage-name">{move || name.get().unwrap_or_default()}</span>
                </h3>
                <span class="muted">
                    {move || {
                        let n = turns.get().unwrap_or(0);
                        let unit = kind.get().unwrap_or_default().noun();
                        match varies.get().flatten() {
                            Some((lo, hi)) => format!("{lo}–{hi} {unit}s, the median run ({n}) below; on average"),
                            None => crate::format::count(n as u64, unit),
                        }
                    }}
                </span>
                <span class="num stage-cost">{move || cost.get().map(usd).unwrap_or_default()}</span>
                <span class="muted">{move || share.get().map(|s| format!("{} of the run", pct(s))).unwrap_or_default()}</span>
            </summary>
            {super::when(move || open.get(), move || view! {
                <super::ranges::RangeChart i=i />
                <div class="charts">
                    <CumulativeChart i=i stage=stage />
                    <PromptChart i=i stage=stage />
                </div>
                <TurnsTable i=i stage=stage />
            })}
        </details>
    }
}

/// One stage's per-turn table: `<table data-table="turns" data-stage="i">`.
#[component]
pub fn TurnsTable(i: usize, stage: StageMemo) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = stage_field(stage, |s| s.name.clone());
    let turns = stage_field(stage, |s| s.turns.len());
    // The first turn that does not fit a model's context window, if any.
    let overflow_from = memo(move || {
        state
            .eval
            .with(|e| e.as_ref().and_then(|e| e.overflows.iter().filter(|o| o.stage == Some(i)).map(|o| o.turn).min()))
    });
    let show_all = RwSignal::new(false);
    let shown = move || {
        let n = turns.get().unwrap_or(0);
        if show_all.get() { n } else { n.min(ROWS_SHOWN) }
    };
    let caption_id = format!("turns-{i}-caption");
    let labelled_by = caption_id.clone();
    view! {
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby=labelled_by>
                <table class="turns" data-table="turns" data-stage=i>
                    <caption id=caption_id>{move || format!("Per-turn costs of stage {} ({})", i + 1, name.get().unwrap_or_default())}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Turn"</th>
                            <th scope="col" class="num">"Prompt"<small>"tokens"</small></th>
                            <th scope="col" class="num"><span class="swatch fresh"></span>"Fresh"<small>"tokens"</small></th>
                            <th scope="col" class="num"><span class="swatch write"></span>"Cache write"<small>"tokens"</small></th>
                            <th scope="col" class="num"><span class="swatch read"></span>"Cache read"<small>"tokens"</small></th>
                            <th scope="col" class="num"><span class="swatch output"></span>"Output"<small>"tokens"</small></th>
                            <th scope="col" class="num">"Cost"<small>"USD"</small></th>
                            <th scope="col" class="num">"Cumulative"<small>"USD"</small></th>
                        </tr>
                    </thead>
                    <tbody>
                        {super::rows(shown, move |k| view! { <TurnRow k=k stage=stage overflow_from=overflow_from /> })}
                    </tbody>
                    <tfoot>
                        <StageTotalRow stage=stage />
                    </tfoot>
                </table>
            </div>
            {super::when(move || { turns.get().unwrap_or(0) > ROWS_SHOWN }, move || view! {
                <button type="button" class="secondary" on:click=move |_| show_all.update(|s| *s = !*s)>
                    {move || if show_all.get() {
                        format!("Show the first {ROWS_SHOWN} turns only")
                    } else {
                        format!("Show all {} turns", turns.get().unwrap_or(0))
                    }}
                </button>
            })}
    }
}

/// The results of stage `i`, for components that show one stage.
pub fn stage_memo(state: AppState, i: usize) -> StageMemo {
    memo(move || state.eval.with(|e| e.as_ref().and_then(|e| e.stages.get(i).cloned())))
}

fn dollars(x: f64) -> String {
    usd(x).replacen('$', "", 1)
}

/// One cell of a row held in `row`: a reactive text, `get` of the row shown with `fmt`. No memo
/// of its own: a row changes as a whole, and the text node is only written when its text
/// differs (one reactive node per cell instead of two: less bookkeeping on every edit).
fn cell<R: Send + Sync + 'static>(row: Memo<Option<R>>, get: fn(&R) -> f64, fmt: fn(f64) -> String) -> impl IntoView {
    view! { <td class="num">{move || row.with(|r| r.as_ref().map(|r| fmt(get(r)))).unwrap_or_default()}</td> }
}

#[component]
fn TurnRow(k: usize, stage: StageMemo, overflow_from: Memo<Option<u32>>) -> impl IntoView {
    let row = memo(move || stage.with(|s| s.as_ref().and_then(|s| s.turns.get(k).cloned())));
    let flags = memo(move || {
        let over = overflow_from.get().is_some_and(|t| t as usize <= k + 1);
        row.with(|r| r.as_ref().map(|r| (r.trimmed, r.long_context_share > 0.0, over)).unwrap_or_default())
    });
    view! {
        <tr class=move || {
            let (trimmed, long, over) = flags.get();
            [(trimmed, "trimmed"), (long, "long"), (over, "overflow")].iter().filter(|c| c.0).map(|c| c.1).collect::<Vec<_>>().join(" ")
        }>
            <th scope="row">
                {k + 1}
                {move || {
                    let (trimmed, long, over) = flags.get();
                    let mut marks = Vec::new();
                    if trimmed { marks.push(("✂", "history trimmed on this turn")); }
                    if long { marks.push(("⇧", "billed at long-context rates")); }
                    if over { marks.push(("!", "exceeds the context window")); }
                    marks.into_iter().map(|(m, t)| view! { <span class="mark" title=t aria-label=t>{m}</span> }).collect_view()
                }}
            </th>
            {cell(row, |r: &TurnResult| r.usage.prompt_tokens, tokens)}
            {cell(row, |r: &TurnResult| r.usage.input_tokens, tokens)}
            {cell(row, |r: &TurnResult| r.usage.cache_creation_input_tokens, tokens)}
            {cell(row, |r: &TurnResult| r.usage.cache_read_input_tokens, tokens)}
            {cell(row, |r: &TurnResult| r.usage.output_tokens, tokens)}
            {cell(row, |r: &TurnResult| r.usage.cost_usd, dollars)}
            {cell(row, |r: &TurnResult| r.cumulative_cost_usd, dollars)}
        </tr>
    }
}

#[component]
fn StageTotalRow(stage: StageMemo) -> impl IntoView {
    let u = memo(move || stage.with(|s| s.as_ref().map(|s| s.usage)));
    view! {
        <tr>
            <th scope="row">"Total"</th>
            {cell(u, |u: &Usage| u.prompt_tokens, tokens)}
            {cell(u, |u: &Usage| u.input_tokens, tokens)}
            {cell(u, |u: &Usage| u.cache_creation_input_tokens, tokens)}
            {cell(u, |u: &Usage| u.cache_read_input_tokens, tokens)}
            {cell(u, |u: &Usage| u.output_tokens, tokens)}
            {cell(u, |u: &Usage| u.cost_usd, dollars)}
            <td></td>
        </tr>
    }
}
