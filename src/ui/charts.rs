//! Charts in plain SVG: axes, tick labels, a legend and hover titles; they redraw with the
//! numbers. The geometry here only maps the engine's figures onto the picture.
//!
//! Each chart's content is drawn as one SVG fragment from a memo, so a redraw is one DOM
//! change per chart. Its text is made here from numbers only and escaped all the same: nothing
//! from a scenario (names, links) ever reaches it.

use super::memo;
use super::stages::StageMemo;
use super::state::AppState;
use crate::catalog::Catalog;
use crate::format::{compact, tokens, usd, usd_tick};
use leptos::prelude::*;
use std::fmt::Write;

// Every full-size chart of the page (per turn, cost by turns, a usage log) is drawn in this
// frame, with the grid and axes below.
pub(super) const W: f64 = 560.0;
pub(super) const H: f64 = 220.0;
pub(super) const LEFT: f64 = 58.0;
pub(super) const RIGHT: f64 = 12.0;
pub(super) const TOP: f64 = 12.0;
pub(super) const BOTTOM: f64 = 28.0;
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

/// Text for SVG markup.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn x_of(k: f64, n: usize) -> f64 {
    let plot = W - LEFT - RIGHT;
    if n <= 1 { LEFT + plot / 2.0 } else { LEFT + (k - 1.0) / (n as f64 - 1.0) * plot }
}

pub(super) fn y_of(v: f64, max: f64) -> f64 {
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

/// Grid lines, tick labels and the x axis.
fn axes(out: &mut String, y_ticks: &[f64], y_max: f64, fmt: fn(f64) -> String, n: usize) {
    grid(out, y_ticks, y_max, fmt);
    for k in x_ticks(n) {
        x_label(out, x_of(k as f64, n), k);
    }
    x_axis(out, "turn", W - RIGHT);
}

/// A horizontal grid line at each of `y_ticks`, labelled with `fmt` on the left.
pub(super) fn grid(out: &mut String, y_ticks: &[f64], y_max: f64, fmt: fn(f64) -> String) {
    for &t in y_ticks {
        let y = y_of(t, y_max);
        let _ = write!(
            out,
            r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text class="tick" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            esc(&fmt(t))
        );
    }
}

/// A label under the x axis at `x`.
pub(super) fn x_label(out: &mut String, x: f64, text: impl std::fmt::Display) {
    let _ = write!(out, r#"<text class="tick" x="{x:.1}" y="{}" text-anchor="middle">{text}</text>"#, H - 10.0);
}

/// The x axis, and what it counts written at `label_x`.
pub(super) fn x_axis(out: &mut String, label: &str, label_x: f64) {
    let _ = write!(
        out,
        r#"<line class="axis" x1="{LEFT}" x2="{x2}" y1="{y}" y2="{y}"/><text class="axis-label" x="{label_x}" y="{H}" text-anchor="end">{label}</text>"#,
        x2 = W - RIGHT,
        y = H - BOTTOM
    );
}

/// The chart frame: caption, the SVG drawn from `markup`, and what follows it.
fn frame(title: &'static str, title_id: String, markup: Memo<String>, after: impl IntoView) -> impl IntoView {
    view! {
        <figure class="chart">
            <figcaption id=title_id.clone()>{title}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=title_id preserveAspectRatio="xMidYMid meet"
                inner_html=move || markup.get()></svg>
            {after}
        </figure>
    }
}

/// Cumulative cost by turn, stacked by token class.
#[component]
pub fn CumulativeChart(i: usize, stage: StageMemo) -> impl IntoView {
    let markup = memo(move || {
        stage.with(|s| {
            let Some(s) = s.as_ref() else { return String::new() };
            let (t, n) = (&s.turns, s.turns.len());
            // The engine's running sums per class, stacked for drawing: fresh, + write, + read, + output.
            let stacks: Vec<[f64; 4]> =
                s.cumulative_by_class().into_iter().map(|[a, b, c, d]| [a, a + b, a + b + c, a + b + c + d]).collect();
            let max = stacks.last().map_or(0.0, |s| s[3]);
            let yt = ticks(max, 4);
            let y_max = *yt.last().unwrap_or(&1.0);
            let mut out = String::with_capacity(4096);
            axes(&mut out, &yt, y_max, usd_tick, n);
            // With one turn, a short flat band keeps the picture readable.
            let xs: Vec<f64> = if n == 1 {
                vec![x_of(1.0, 1) - 20.0, x_of(1.0, 1) + 20.0]
            } else {
                (0..n).map(|k| x_of(k as f64 + 1.0, n)).collect()
            };
            let at = |k: usize| k.min(n.saturating_sub(1));
            for (c, class) in ["fresh", "write", "read", "output"].iter().enumerate() {
                if n == 0 {
                    break;
                }
                let _ = write!(out, r#"<path class="band {class}" d=""#);
                for (j, x) in xs.iter().enumerate() {
                    let _ =
                        write!(out, "{}{x:.1},{:.1}", if j == 0 { "M" } else { "L" }, y_of(stacks[at(j)][c], y_max));
                }
                for (j, x) in xs.iter().enumerate().rev() {
                    let low = if c == 0 { 0.0 } else { stacks[at(j)][c - 1] };
                    let _ = write!(out, "L{x:.1},{:.1}", y_of(low, y_max));
                }
                out.push_str(r#"Z"/>"#);
            }
            let step = n.div_ceil(MAX_MARKS).max(1);
            let slot = (W - LEFT - RIGHT) / n.max(1) as f64 * step as f64;
            for k in (0..n).step_by(step) {
                let r = &t[k];
                let s = stacks[k];
                let title = format!(
                    "Turn {}: {} this turn, {} so far (fresh {}, cache write {}, cache read {}, output {})",
                    r.turn,
                    usd(r.usage.cost_usd),
                    usd(r.cumulative_cost_usd),
                    usd(s[0]),
                    usd(s[1] - s[0]),
                    usd(s[2] - s[1]),
                    usd(s[3] - s[2])
                );
                let _ = write!(
                    out,
                    r#"<rect class="hover" x="{:.1}" y="{TOP}" width="{slot:.1}" height="{}"><title>{}</title></rect>"#,
                    x_of(k as f64 + 1.0, n) - slot / 2.0,
                    H - TOP - BOTTOM,
                    esc(&title)
                );
            }
            out
        })
    });
    frame("Cumulative cost by turn", format!("cum-{i}-title"), markup, view! { <Legend /> })
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
pub fn PromptChart(i: usize, stage: StageMemo) -> impl IntoView {
    let state = expect_context::<AppState>();
    // The smallest window and the lowest long-context threshold among the stage's models.
    let limits = memo(move || {
        state.scenario.with(|s| {
            let Some(s) = s else { return (None, None) };
            let Some(st) = s.stages.get(i) else { return (None, None) };
            let catalog = Catalog::builtin();
            let date = s.date(catalog);
            let models: Vec<_> =
                st.mix.iter().filter(|e| e.share > 0.0).filter_map(|e| s.model(catalog, &e.model)).collect();
            let window = models.iter().filter_map(|m| m.context_window).min();
            let threshold = models
                .iter()
                .filter_map(|m| m.period(date).tier(st.service_tier)?.tiers.first().map(|t| t.start))
                .min();
            (window, threshold)
        })
    });
    // (markup, note about limits drawn off the chart)
    let drawing = memo(move || {
        let (window, threshold) = limits.get();
        stage.with(|s| {
            let Some(t) = s.as_ref().map(|s| &s.turns) else {
                return (String::new(), String::new());
            };
            let n = t.len();
            let biggest = t.iter().map(|r| r.prompt_size).fold(0.0, f64::max);
            // Draw a limit line when it is within reach of the data; otherwise say where it is.
            let near = |l: Option<u64>| l.map(|l| l as f64).filter(|l| *l <= biggest * 1.6);
            let (w_line, t_line) = (near(window), near(threshold));
            let max = [Some(biggest), w_line, t_line].into_iter().flatten().fold(0.0, f64::max);
            let yt = ticks(max, 4);
            let y_max = *yt.last().unwrap_or(&1.0);
            let mut out = String::with_capacity(4096);
            axes(&mut out, &yt, y_max, compact, n);
            let step = n.div_ceil(MAX_MARKS).max(1);
            let slot = (W - LEFT - RIGHT) / n.max(1) as f64;
            let bar_w = (slot * step as f64 * 0.7).max(1.0);
            for k in (0..n).step_by(step) {
                let r = &t[k];
                let u = &r.usage;
                // This turn's prompt split by class (expectations, share-weighted).
                let total = u.prompt_tokens.max(1e-12);
                let parts = [u.input_tokens, u.cache_creation_input_tokens, u.cache_read_input_tokens]
                    .map(|x| x / total * r.prompt_size);
                let x = if n == 1 { x_of(1.0, 1) - bar_w / 2.0 } else { (LEFT + (k as f64 + 0.5) * slot - bar_w / 2.0).max(LEFT) };
                let title = format!(
                    "Turn {}: prompt {} tokens{}{}",
                    r.turn,
                    tokens(r.prompt_size),
                    if r.trimmed { ", history trimmed" } else { "" },
                    if r.long_context_share > 0.0 { ", billed at higher (long-context) rates" } else { "" }
                );
                let _ = write!(out, "<g><title>{}</title>", esc(&title));
                let mut base = 0.0;
                for (class, v) in ["fresh", "write", "read"].iter().zip(parts) {
                    let (y0, y1) = (y_of(base, y_max), y_of(base + v, y_max));
                    base += v;
                    let _ = write!(
                        out,
                        r#"<rect class="bar {class}" x="{x:.1}" y="{y1:.1}" width="{bar_w:.1}" height="{:.1}"/>"#,
                        (y0 - y1).max(0.0)
                    );
                }
                out.push_str("</g>");
            }
            for (v, class, label) in [
                (w_line, "window", format!("context window {}", compact(window.unwrap_or(0) as f64))),
                (t_line, "threshold", format!("higher rates above {}", compact(threshold.unwrap_or(0) as f64))),
            ] {
                if let Some(v) = v {
                    let y = y_of(v, y_max);
                    let _ = write!(
                        out,
                        r#"<line class="limit {class}" x1="{LEFT}" x2="{x2}" y1="{y:.1}" y2="{y:.1}"/><text class="limit-label {class}" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
                        W - RIGHT - 4.0,
                        y - 4.0,
                        esc(&label),
                        x2 = W - RIGHT
                    );
                }
            }
            let notes: Vec<String> = [(window, w_line, "context window"), (threshold, t_line, "higher rates from")]
                .into_iter()
                .filter_map(|(l, shown, what)| match (l, shown) {
                    (Some(l), None) => Some(format!("{what} {} tokens (far above)", compact(l as f64))),
                    _ => None,
                })
                .collect();
            (out, notes.join("; "))
        })
    });
    let markup = memo(move || drawing.with(|d| d.0.clone()));
    let note = memo(move || drawing.with(|d| d.1.clone()));
    frame(
        "Prompt size by turn",
        format!("prompt-{i}-title"),
        markup,
        view! { <p class="chart-note muted">{move || note.get()}</p> },
    )
}
