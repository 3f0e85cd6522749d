//! The cost line: what a run and a month cost, and what the last edit changed, kept in view
//! while editing at every width (it sticks to the bottom of the screen while the editor is on
//! it). It is also the page's polite live region: the figures are announced to a screen reader
//! a moment after the typing stops, not on every keystroke.

use super::memo;
use super::state::AppState;
use crate::format::{edit_change, usd};
use leptos::leptos_dom::helpers::{TimeoutHandle, set_timeout_with_handle};
use leptos::prelude::*;
use std::time::Duration;

/// How long the figures must rest before they are announced.
const ANNOUNCE_AFTER: Duration = Duration::from_millis(900);

/// What an edit changed: per run and per month, and the month before it.
#[derive(Clone, Copy, PartialEq)]
struct Change {
    run: f64,
    month: f64,
    before: f64,
}

#[component]
pub fn CostLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    let figures = memo(move || state.eval.with(|e| e.as_ref().map(|e| (e.run.cost_usd, e.monthly_usd))));
    let change: RwSignal<Option<Change>> = RwSignal::new(None);
    // Every edit of the draft: the figures against those before it (unchanged figures say so).
    Effect::new(move |prev: Option<Option<(f64, f64)>>| {
        state.draft.track();
        let now = figures.get();
        if let (Some(Some(a)), Some(b)) = (prev, now) {
            change.set(Some(Change { run: b.0 - a.0, month: b.1 - a.1, before: a.1 }));
        }
        now
    });
    let announced = RwSignal::new(String::new());
    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    Effect::new(move |_| {
        let text = figures.get().map(|(r, m)| format!("{} per run, {} per month", usd(r), usd(m))).unwrap_or_default();
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        pending.set_value(set_timeout_with_handle(move || announced.set(text), ANNOUNCE_AFTER).ok());
    });
    on_cleanup(move || {
        if let Some(h) = pending.try_get_value().flatten() {
            h.clear();
        }
    });
    view! {
        <div class="costline" class:stale=move || state.stale.get() data-status="costline">
            <span class="cl-figure">
                <strong class="num" data-costline="run">{move || figures.get().map_or_else(|| "—".into(), |f| usd(f.0))}</strong>
                " a run"
            </span>
            <span class="cl-figure">
                <strong class="num" data-costline="month">{move || figures.get().map_or_else(|| "—".into(), |f| usd(f.1))}</strong>
                " a month"
            </span>
            <span class="cl-change muted" data-costline="change">
                {move || {
                    if state.stale.get() {
                        return "A field needs fixing: these are the last figures that could be computed".to_string();
                    }
                    change.get().map_or_else(|| "Edit any field: what it changes shows here".into(), |c| edit_change(c.run, c.month, c.before))
                }}
            </span>
            <span class="visually-hidden" role="status" aria-live="polite" data-costline="announce">{move || announced.get()}</span>
        </div>
    }
}
