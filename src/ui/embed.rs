//! The embeddable widget (`embed=1` in a link) and the "Embed" button that gives its snippet.
//!
//! The widget is the app without chrome: the headline, the main inputs, one chart and one table
//! (`show=<table>,<chart>`) of one stage (`stage=<n>`, from 1), and a link to the full app. It
//! posts its height to the parent page as `{type: "loopcost:height", height}` (nothing else) so
//! that `embed.js` can size the iframe; it never reads the host page.

use super::charts::{CumulativeChart, PromptChart};
use super::fields::{SelectField, number_fields};
use super::headline::Headline;
use super::levers::{Levers, Scale};
use super::memo;
use super::picker::ModelPicker;
use super::stages::{TurnsTable, stage_memo};
use super::state::AppState;
use crate::catalog::Catalog;
use crate::link;
use crate::scenario::fields::{self as f, Field};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The inputs a reader of the widget can change: the shown stage's, then the traffic.
/// (The editor's fields, without their hints: the widget is small.)
const STAGE_MAIN: &[Field] =
    &[Field { hint: "", ..f::TURNS }.traced(), Field { hint: "", ..f::SHAPE[0] }, Field { hint: "", ..f::SHAPE[2] }];
const TRAFFIC_MAIN: &[Field] = &[Field { hint: "", ..f::TRAFFIC[0] }];

#[component]
pub fn Widget() -> impl IntoView {
    let state = expect_context::<AppState>();
    let params = state.params.get_value();
    let param = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let (table, chart) = link::embed_show(param("show"));
    // The widget cannot add or remove stages, so the count at load time holds.
    let n_stages = state.len("stages");
    let i = link::embed_stage(param("stage"), n_stages);
    let stage = stage_memo(state, i);
    let at = move |f: &str| format!("stages.{i}.{f}");
    let name = memo(move || state.scenario.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default()));
    // In a workflow, say which stage the inputs, chart and table are.
    let stage_name = state.watch(&at("name"), |v| v.and_then(|v| v.as_str()).unwrap_or("").to_string());
    // The full app, on the same scenario.
    let open = memo(move || super::share::share_url(state, &[]).unwrap_or_default());
    let single_model = state.watch(&at("mix"), |v| v.and_then(|m| m.as_array()).is_some_and(|m| m.len() == 1));
    // A measured trace fixes the turns and their outputs: those inputs are then read-only.
    let has_trace = state.watch(&at("turns"), |v| v.is_some_and(|t| t.is_array()));
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            report_height(&el);
        }
    });
    let chart = match chart {
        "prompt" => view! { <PromptChart i=i stage=stage /> }.into_any(),
        _ => view! { <CumulativeChart i=i stage=stage /> }.into_any(),
    };
    let table = match table {
        "levers" => view! { <Levers /> }.into_any(),
        "scale" => view! { <Scale /> }.into_any(),
        _ => view! { <div class="card"><TurnsTable i=i stage=stage /></div> }.into_any(),
    };
    view! {
        <div class="widget" node_ref=root>
            <header class="widget-head">
                <strong class="widget-name">{move || name.get()}</strong>
                <a class="open-app" href=move || open.get() target="_blank" rel="noopener noreferrer">"Open in loopcost ↗"</a>
            </header>
            <Headline compact=true />
            {(n_stages > 1).then(|| view! {
                <p class="widget-stage">{format!("Stage {} of {n_stages}: ", i + 1)}<strong>{move || stage_name.get()}</strong></p>
            })}
            <div class="widget-inputs">
                {move || single_model.get().then(|| view! { <ModelPicker path=at("mix.0.model") label="Model" /> })}
                {number_fields(&format!("stages.{i}"), STAGE_MAIN, Signal::stored(true), has_trace.into())}
                {number_fields("", TRAFFIC_MAIN, Signal::stored(true), Signal::stored(false))}
                <SelectField path=at(f::CACHE_MODE.key) label=f::CACHE_MODE.label
                    options=vec![("none", "None"), ("system", "System prompt"), ("conversation", "Whole conversation")] />
            </div>
            <div class="card widget-chart">{chart}</div>
            {table}
            <p class="widget-foot muted">{format!("Computed in your browser by loopcost · prices as of {}", Catalog::builtin().version)}</p>
        </div>
    }
}

/// Posts the widget's height to the parent page whenever it changes.
fn report_height(el: &web_sys::HtmlDivElement) {
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    if parent == window {
        return; // not in a frame
    }
    let target: web_sys::Element = el.clone().unchecked_into();
    let post = move || {
        let height = target.get_bounding_client_rect().height().ceil();
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &"loopcost:height".into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &height.into());
        // Only a height leaves the widget, so any origin may receive it.
        let _ = parent.post_message(&msg, "*");
    };
    post();
    let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |_| post());
    if let Ok(observer) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        observer.observe(el);
        // Disconnected with the widget; the stored callback is freed with its owner.
        let held = StoredValue::new_local((observer, cb));
        on_cleanup(move || held.with_value(|(observer, _)| observer.disconnect()));
    }
}
