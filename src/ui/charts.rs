//! Charts in plain SVG: axes, tick labels, a legend and hover titles; they redraw with the
//! numbers. The geometry here only maps the engine's figures onto the picture.

use super::state::AppState;
use crate::catalog::Catalog;
use crate::engine::TurnResult;
use crate::format::{compact, tokens, usd};
use leptos::prelude::*;

const W: f64 = 560.0;
const H: f64 = 220.0;
const LEFT: f64 = 58.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;
/// At most this many hover targets (bars) per chart; longer stages are bucketed.
const MAX_MARKS: usize = 200;

/// Round tick values from 0 to at least `max`.
pub fn ticks(max: f64, target: usize) -> Vec<f64> {
    if !(max.is_finite() && max > 0.0) {
        return vec![0.0, 1.0];
    }
    let raw = max / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let n = (max / step).ceil() as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

fn x_of(k: f64, n: usize) -> f64 {
    let plot = W - LEFT - RIGHT;
    if n <= 1 { LEFT + plot / 2.0 } else { LEFT + (k - 1.0) / (n as f64 - 1.0) * plot }
}

fn y_of(v: f64, max: f64) -> f64 {
    TOP + (H - TOP - BOTTOM) * (1.0 - if max > 0.0 { v / max } else { 0.0 })
}

/// Turn numbers to label on the x axis.
fn x_ticks(n: usize) -> Vec<usize> {
    if n <= 10 {
        return (1..=n).collect();
    }
    let step = ticks(n as f64, 6).get(1).copied().unwrap_or(1.0).max(1.0) as usize;
    std::iter::once(1).chain((1..).map(|i| i * step).take_while(|k| *k <= n)).collect()
}

fn axes(y_ticks: Vec<f64>, y_max: f64, fmt: fn(f64) -> String, n: usize) -> impl IntoView {
    let grid = y_ticks
        .into_iter()
        .map(|t| {
            let y = y_of(t, y_max);
            view! {
                <line class="grid" x1=LEFT x2=W - RIGHT y1=y y2=y />
                <text class="tick" x=LEFT - 6.0 y=y + 4.0 text-anchor="end">{fmt(t)}</text>
            }
        })
        .collect_view();
    let xs = x_ticks(n)
        .into_iter()
        .map(|k| view! { <text class="tick" x=x_of(k as f64, n) y=H - 10.0 text-anchor="middle">{k}</text> })
        .collect_view();
    view! {
        {grid}
        {xs}
        <line class="axis" x1=LEFT x2=W - RIGHT y1=H - BOTTOM y2=H - BOTTOM />
        <text class="axis-label" x=W - RIGHT y=H - 0.0 text-anchor="end">"turn"</text>
    }
}

/// Cumulative cost by turn, stacked by token class.
#[component]
pub fn CumulativeChart(i: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let turns = Memo::new(move |_| {
        state.eval.with(|e| e.as_ref().and_then(|e| e.stages.get(i)).map(|s| s.turns.clone()).unwrap_or_default())
    });
    let title_id = format!("cum-{i}-title");
    view! {
        <figure class="chart">
            <figcaption id=title_id.clone()>"Cumulative cost by turn"</figcaption>
            {move || {
                let t = turns.get();
                let n = t.len();
                // Running sums per class: fresh, write, read, output.
                let mut acc = [0.0f64; 4];
                let stacks: Vec<[f64; 4]> = t
                    .iter()
                    .map(|r: &TurnResult| {
                        let u = &r.usage;
                        acc[0] += u.input_cost_usd;
                        acc[1] += u.cache_write_cost_usd;
                        acc[2] += u.cache_read_cost_usd;
                        acc[3] += u.output_cost_usd;
                        [acc[0], acc[0] + acc[1], acc[0] + acc[1] + acc[2], acc[0] + acc[1] + acc[2] + acc[3]]
                    })
                    .collect();
                let max = stacks.last().map_or(0.0, |s| s[3]);
                let yt = ticks(max, 4);
                let y_max = *yt.last().unwrap_or(&1.0);
                let band = |c: usize| -> String {
                    if n == 0 {
                        return String::new();
                    }
                    let lower = |k: usize| if c == 0 { 0.0 } else { stacks[k][c - 1] };
                    let mut d = String::new();
                    let pts: Vec<(f64, f64)> = if n == 1 {
                        vec![(x_of(1.0, 1) - 20.0, stacks[0][c]), (x_of(1.0, 1) + 20.0, stacks[0][c])]
                    } else {
                        (0..n).map(|k| (x_of(k as f64 + 1.0, n), stacks[k][c])).collect()
                    };
                    let lows: Vec<(f64, f64)> = if n == 1 {
                        vec![(x_of(1.0, 1) - 20.0, lower(0)), (x_of(1.0, 1) + 20.0, lower(0))]
                    } else {
                        (0..n).map(|k| (x_of(k as f64 + 1.0, n), lower(k))).collect()
                    };
                    for (j, (x, v)) in pts.iter().enumerate() {
                        d.push_str(&format!("{}{x:.1},{:.1}", if j == 0 { "M" } else { "L" }, y_of(*v, y_max)));
                    }
                    for (x, v) in lows.iter().rev() {
                        d.push_str(&format!("L{x:.1},{:.1}", y_of(*v, y_max)));
                    }
                    d.push('Z');
                    d
                };
                let classes = ["fresh", "write", "read", "output"];
                let step = n.div_ceil(MAX_MARKS).max(1);
                let slot = (W - LEFT - RIGHT) / n.max(1) as f64 * step as f64;
                let hovers = (0..n)
                    .step_by(step)
                    .map(|k| {
                        let r = &t[k];
                        let x = x_of(k as f64 + 1.0, n) - slot / 2.0;
                        let title = format!(
                            "Turn {}: {} this turn, {} so far (fresh {}, cache write {}, cache read {}, output {})",
                            r.turn,
                            usd(r.usage.cost_usd),
                            usd(r.cumulative_cost_usd),
                            usd(stacks[k][0]),
                            usd(stacks[k][1] - stacks[k][0]),
                            usd(stacks[k][2] - stacks[k][1]),
                            usd(stacks[k][3] - stacks[k][2])
                        );
                        view! { <rect class="hover" x=x y=TOP width=slot height=H - TOP - BOTTOM><title>{title}</title></rect> }
                    })
                    .collect_view();
                view! {
                    <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=title_id.clone() preserveAspectRatio="xMidYMid meet">
                        {axes(yt, y_max, usd, n)}
                        {classes.iter().enumerate().map(|(c, class)| view! { <path class=format!("band {class}") d=band(c) /> }).collect_view()}
                        {hovers}
                    </svg>
                }
            }}
            <Legend />
        </figure>
    }
}

#[component]
pub fn Legend() -> impl IntoView {
    view! {
        <ul class="legend chart-legend">
            <li><span class="swatch fresh"></span>"fresh input"</li>
            <li><span class="swatch write"></span>"cache write"</li>
            <li><span class="swatch read"></span>"cache read"</li>
            <li><span class="swatch output"></span>"output"</li>
        </ul>
    }
}

/// Prompt size by turn, split by class, with the context window and any long-context threshold.
#[component]
pub fn PromptChart(i: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let turns = Memo::new(move |_| {
        state.eval.with(|e| e.as_ref().and_then(|e| e.stages.get(i)).map(|s| s.turns.clone()).unwrap_or_default())
    });
    // The smallest window and the lowest long-context threshold among the stage's models.
    let limits = Memo::new(move |_| {
        state.scenario.with(|s| {
            let Some(s) = s else { return (None, None) };
            let Some(st) = s.stages.get(i) else { return (None, None) };
            let catalog = Catalog::builtin();
            let models: Vec<_> =
                st.mix.iter().filter(|e| e.share > 0.0).filter_map(|e| s.model(catalog, &e.model)).collect();
            let window = models.iter().map(|m| m.context_window).min();
            let threshold = models.iter().filter_map(|m| m.long_context.map(|lc| lc.threshold_tokens)).min();
            (window, threshold)
        })
    });
    let title_id = format!("prompt-{i}-title");
    view! {
        <figure class="chart">
            <figcaption id=title_id.clone()>"Prompt size by turn"</figcaption>
            {move || {
                let t = turns.get();
                let n = t.len();
                let (window, threshold) = limits.get();
                let biggest = t.iter().map(|r| r.prompt_size).fold(0.0, f64::max);
                // Show a limit line when it is within reach of the data; otherwise say where it is.
                let near = |l: Option<u64>| l.map(|l| l as f64).filter(|l| *l <= biggest * 1.6);
                let (w_line, t_line) = (near(window), near(threshold));
                let max = [Some(biggest), w_line, t_line].into_iter().flatten().fold(0.0, f64::max);
                let yt = ticks(max, 4);
                let y_max = *yt.last().unwrap_or(&1.0);
                let step = n.div_ceil(MAX_MARKS).max(1);
                let slot = (W - LEFT - RIGHT) / n.max(1) as f64;
                let bar_w = (slot * step as f64 * 0.7).max(1.0);
                let bars = (0..n).step_by(step).map(|k| {
                    let r = &t[k];
                    let u = &r.usage;
                    // The split of this turn's prompt by class (expectations, share-weighted).
                    let total = u.prompt_tokens.max(1e-12);
                    let parts = [u.input_tokens, u.cache_creation_input_tokens, u.cache_read_input_tokens].map(|x| x / total * r.prompt_size);
                    let x = LEFT + (k as f64 + 0.5) * slot - bar_w / 2.0;
                    let x = if n == 1 { x_of(1.0, 1) - bar_w / 2.0 } else { x.max(LEFT) };
                    let mut base = 0.0;
                    let segs = ["fresh", "write", "read"].iter().zip(parts).map(|(class, v)| {
                        let (y0, y1) = (y_of(base, y_max), y_of(base + v, y_max));
                        base += v;
                        view! { <rect class=format!("bar {class}") x=x y=y1 width=bar_w height=(y0 - y1).max(0.0) /> }
                    }).collect_view();
                    let title = format!(
                        "Turn {}: prompt {} tokens{}{}",
                        r.turn,
                        tokens(r.prompt_size),
                        if r.trimmed { ", history trimmed" } else { "" },
                        if r.long_context_share > 0.0 { ", long-context rates" } else { "" }
                    );
                    view! { <g><title>{title}</title>{segs}</g> }
                }).collect_view();
                let line = |v: Option<f64>, class: &'static str, label: String| v.map(|v| {
                    let y = y_of(v, y_max);
                    view! {
                        <line class=format!("limit {class}") x1=LEFT x2=W - RIGHT y1=y y2=y />
                        <text class=format!("limit-label {class}") x=W - RIGHT - 4.0 y=y - 4.0 text-anchor="end">{label}</text>
                    }
                });
                let notes: Vec<String> = [
                    (window, w_line, "context window"),
                    (threshold, t_line, "long-context pricing from"),
                ]
                .into_iter()
                .filter_map(|(l, shown, what)| match (l, shown) {
                    (Some(l), None) => Some(format!("{what} {} tokens (far above)", compact(l as f64))),
                    _ => None,
                })
                .collect();
                view! {
                    <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=title_id.clone() preserveAspectRatio="xMidYMid meet">
                        {axes(yt, y_max, compact, n)}
                        {bars}
                        {line(w_line, "window", format!("context window {}", compact(window.unwrap_or(0) as f64)))}
                        {line(t_line, "threshold", format!("long-context pricing above {}", compact(threshold.unwrap_or(0) as f64)))}
                    </svg>
                    {(!notes.is_empty()).then(|| view! { <p class="chart-note muted">{notes.join("; ")}</p> })}
                }
            }}
        </figure>
    }
}
