//! Turns that vary from run to run (docs/cost-model.md, "Cost ranges"): the editor's "varies"
//! toggle beside a stage's turn count, with the distribution drawn small; and, in the results,
//! the cost of a run against its number of turns with the distribution beneath. What is drawn
//! is the engine's (each count's probability and cost); this only maps it onto the picture.

use super::fields::NumberField;
use super::memo;
use super::state::AppState;
use crate::draft::{VARY_FORMS, iterations_fixed, iterations_form, iterations_in_form, iterations_vary};
use crate::engine::IterationCost;
use crate::format::{compact, group, pct, usd, usd_tick};
use crate::scenario::fields as f;
use leptos::prelude::*;
use serde_json::Value;
use std::fmt::Write;

/// The turn count of stage `i`: one number, or, with "varies", a distribution in one of its forms.
#[component]
pub fn TurnsField(i: usize, is_loop: Signal<bool>, has_trace: Signal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let path = format!("stages.{i}.iterations");
    let raw = state.watch(&path, |v| v.cloned());
    let varies = memo(move || raw.with(|v| v.as_ref().is_some_and(Value::is_object)));
    let form = memo(move || raw.with(|v| v.as_ref().map_or("", iterations_form)));
    let check_id = format!("stage-{i}-varies");
    let form_id = format!("stage-{i}-vary-form");
    let toggle = {
        let path = path.clone();
        move |ev| {
            let current = state.get(&path).unwrap_or(Value::Null);
            let next = if event_target_checked(&ev) { iterations_vary(&current) } else { iterations_fixed(&current) };
            state.set(&path, next);
        }
    };
    let choose = {
        let path = path.clone();
        move |ev| {
            let current = state.get(&path).unwrap_or(Value::Null);
            state.set(&path, iterations_in_form(&current, &event_target_value(&ev)));
        }
    };
    let p = move |k: &str| format!("stages.{i}.iterations.{k}");
    let fixed_path = path.clone();
    view! {
        <div class="turns-field wide" data-control="turns">
            {move || {
                let field = if is_loop.get() { f::TURNS } else { f::CALLS };
                let (label, unit) = (field.label, field.unit);
                if !varies.get() {
                    return view! {
                        <NumberField path=fixed_path.clone() label=label unit=unit hint=field.hint disabled=has_trace />
                    }
                    .into_any();
                }
                let fields = match form.get() {
                    "range" => view! {
                        <NumberField path=p(f::FEWEST.key) label=f::FEWEST.label unit=f::FEWEST.unit />
                        <NumberField path=p(f::MOST.key) label=f::MOST.label unit=f::MOST.unit />
                    }
                    .into_any(),
                    "stop" => view! {
                        <NumberField path=p(f::STOP_CHANCE.key) label=f::STOP_CHANCE.label unit=f::STOP_CHANCE.unit num=f::STOP_CHANCE.num
                            hint="After each turn, the run ends with this chance." />
                        <NumberField path=p(f::AT_MOST.key) label=f::AT_MOST.label unit=f::AT_MOST.unit />
                    }
                    .into_any(),
                    "counts" => view! {
                        <p class="hint wide">"The counts observed in a log: switch to another form to edit them by hand."</p>
                    }
                    .into_any(),
                    _ => view! {
                        <NumberField path=p(f::FEWEST.key) label=f::FEWEST.label unit=f::FEWEST.unit />
                        <NumberField path=p(f::USUALLY.key) label=f::USUALLY.label unit=f::USUALLY.unit />
                        <NumberField path=p(f::MOST.key) label=f::MOST.label unit=f::MOST.unit />
                    }
                    .into_any(),
                };
                view! {
                    <fieldset class="vary">
                        <legend>{format!("{label} per run vary")}</legend>
                        <div class="field">
                            <label for=form_id.clone()><span class="label-text">"How"</span></label>
                            <select id=form_id.clone() data-control="vary-form" on:change=choose.clone()>
                                {VARY_FORMS.iter().map(|(v, l)| view! { <option value=*v selected=move || form.get() == *v>{*l}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="vary-fields">{fields}</div>
                        <VarySummary i=i />
                    </fieldset>
                }
                .into_any()
            }}
            <div class="field check">
                <input type="checkbox" id=check_id.clone() data-control="varies" prop:checked=move || varies.get()
                    disabled=move || has_trace.get() on:change=toggle />
                <label for=check_id><span class="label-text">"Varies from run to run"</span></label>
            </div>
        </div>
    }
}

/// Stage `i`'s distribution of turns and costs when it varies, and whether it does.
fn varies(state: AppState, i: usize) -> (Memo<Option<crate::engine::StageRange>>, Memo<bool>) {
    let range = memo(move || state.eval.with(|e| e.as_ref().and_then(|e| e.stages.get(i)?.varies.clone())));
    (range, memo(move || range.with(Option::is_some)))
}

/// Under the varying fields: the distribution drawn small, its mean and the run the tables show.
///
/// Built once while the stage varies: an edit elsewhere changes the costs, not the
/// distribution, so only the sentence's cost changes in the DOM.
#[component]
fn VarySummary(i: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (range, shown) = varies(state, i);
    let bars =
        memo(move || range.with(|r| r.as_ref().map(|r| svg(&r.distribution, Layer::SmallBars)).unwrap_or_default()));
    let text = memo(move || {
        range.with(|r| {
            r.as_ref()
                .map(|r| {
                    format!(
                        "{:.1} turns on average; the tables show the median run, {}; {} on average for this stage.",
                        r.mean_iterations,
                        group(r.median_iterations as u64),
                        usd(r.expected_cost_usd)
                    )
                })
                .unwrap_or_default()
        })
    });
    move || {
        shown.get().then(|| {
            view! {
                <div class="vary-summary">
                    <svg viewBox=format!("0 0 {W} {SMALL_H}") class="vary-bars" role="img"
                        aria-label="How likely each number of turns is" preserveAspectRatio="none" inner_html=move || bars.get()></svg>
                    <p class="hint">{move || text.get()}</p>
                </div>
            }
        })
    }
}

/// In a stage's results: what a run costs against its number of turns (the line), with how
/// likely each count is beneath (the bars).
///
/// The figure is built once while the stage varies; an edit redraws the drawing and the note
/// inside it, and only when they changed.
#[component]
pub fn RangeChart(i: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let (range, shown) = varies(state, i);
    // Two layers: the bars change only with the distribution; an edit elsewhere redraws only
    // the cost line and its axis.
    let layer =
        move |l: Layer| memo(move || range.with(|r| r.as_ref().map(|r| svg(&r.distribution, l)).unwrap_or_default()));
    let (axes, bars, line) = (layer(Layer::Axes), layer(Layer::Bars), layer(Layer::Line));
    let note = memo(move || {
        range.with(|r| {
            r.as_ref()
                .map(|r| {
                    let (lo, hi) = (
                        r.distribution.first().map_or(0, |d| d.iterations),
                        r.distribution.last().map_or(0, |d| d.iterations),
                    );
                    format!(
                        "{lo} to {hi} turns; {} on average, {} at the average length ({:.1} turns).",
                        usd(r.expected_cost_usd),
                        usd(r.cost_at_mean_iterations_usd),
                        r.mean_iterations
                    )
                })
                .unwrap_or_default()
        })
    });
    let title_id = format!("range-{i}-title");
    move || {
        shown.get().then(|| {
            view! {
                <figure class="chart range-chart" data-chart="range">
                    <figcaption id=title_id.clone()>"Cost of a run by its number of turns, and how likely each is"</figcaption>
                    <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=title_id.clone() preserveAspectRatio="xMidYMid meet">
                        <g inner_html=move || axes.get()></g>
                        <g inner_html=move || bars.get()></g>
                        <g inner_html=move || line.get()></g>
                    </svg>
                    <p class="chart-note muted">{move || note.get()}</p>
                </figure>
            }
        })
    }
}

use super::charts::{BOTTOM, H, LEFT, RIGHT, TOP, W};
/// The height of the small distribution drawn under the turns field.
const SMALL_H: f64 = 40.0;

/// A layer of the distribution's drawing. The full chart draws three, bottom to top: the axes
/// and grid, the bars, the cost line; the bars change only with the distribution, the others with
/// the costs.
#[derive(Clone, Copy, PartialEq)]
enum Layer {
    /// The bars alone, the small drawing under the turns field.
    SmallBars,
    Axes,
    Bars,
    Line,
}

/// One layer of the distribution's drawing: SVG made from numbers only.
fn svg(d: &[IterationCost], layer: Layer) -> String {
    let with_cost = layer != Layer::SmallBars;
    let mut out = String::with_capacity(4096);
    let (Some(first), Some(last)) = (d.first(), d.last()) else { return out };
    let (lo, hi) = (first.iterations as f64, last.iterations as f64);
    let (left, right, top, bottom) = if with_cost { (LEFT, RIGHT, TOP, BOTTOM) } else { (0.0, 0.0, 2.0, 0.0) };
    let h = if with_cost { H } else { SMALL_H };
    let plot_w = W - left - right;
    // Each count has a slot of its own; its bar and its point sit in the middle.
    let slot = plot_w / (hi - lo + 1.0);
    let x = |n: f64| left + (n - lo + 0.5) * slot;
    let bar_w = (slot * 0.8).max(0.5);
    // Bars: the lower third of a full chart, the whole of a small one.
    let bars_h = if with_cost { (h - top - bottom) * 0.3 } else { h - top };
    let p_max = d.iter().map(|c| c.probability).fold(0.0, f64::max).max(1e-300);
    for c in d.iter().filter(|_| matches!(layer, Layer::SmallBars | Layer::Bars)) {
        let bh = c.probability / p_max * bars_h;
        let _ = write!(
            out,
            r#"<rect class="prob" x="{:.2}" y="{:.2}" width="{bar_w:.2}" height="{bh:.2}"><title>{}: {}</title></rect>"#,
            x(c.iterations as f64) - bar_w / 2.0,
            h - bottom - bh,
            crate::format::count(c.iterations as u64, "turn"),
            pct(c.probability)
        );
    }
    if !matches!(layer, Layer::Axes | Layer::Line) {
        return out;
    }
    // The axes and the line are drawn in the full chart's frame.
    let c_max = d.iter().map(|c| c.cost_usd).fold(0.0, f64::max);
    let ticks = super::charts::ticks(c_max, 4);
    let y_max = *ticks.last().unwrap_or(&1.0);
    let y = |v: f64| super::charts::y_of(v, y_max);
    if layer == Layer::Axes {
        super::charts::grid(&mut out, &ticks, y_max, usd_tick);
        for n in [lo, hi].iter().take(if hi > lo { 2 } else { 1 }) {
            super::charts::x_label(&mut out, x(*n), compact(*n));
        }
        super::charts::x_axis(&mut out, "turns in the run", W - RIGHT);
        return out;
    }
    let points: Vec<String> = d.iter().map(|c| format!("{:.1},{:.1}", x(c.iterations as f64), y(c.cost_usd))).collect();
    let _ = write!(out, r#"<polyline class="cost-line" points="{}"/>"#, points.join(" "));
    out
}
