//! The embeddable widget (`embed=1` in a link) and the "Embed" button that gives its snippet.
//!
//! The widget is the app without chrome: the headline, the main inputs, one chart and one table
//! (`show=<table>,<chart>`) of one stage (`stage=<n>`, from 1), and a link to the full app. It
//! posts its height to the parent page as `{type: "loopcost:height", height}` (nothing else) so
//! that `embed.js` can size the iframe; it never reads the host page.

use super::charts::{CumulativeChart, PromptChart};
use super::fields::{SelectField, number_fields};
use super::headline::Headline;
use super::levers::{Levers, Scale, Warnings};
use super::memo;
use super::picker::ModelPicker;
use super::stages::{TurnsTable, stage_memo};
use super::state::AppState;
use crate::catalog::Catalog;
use crate::link;
use crate::scenario::fields::{self as f, Field};
use leptos::prelude::*;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

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
    // The stage's models by name: the widget says what it prices even where no picker shows.
    let models = memo(move || {
        state.scenario.with(|s| s.as_ref().map(|s| s.mix_label(Catalog::builtin(), i)).unwrap_or_default())
    });
    let as_of = memo(move || state.eval.with(|e| e.as_ref().map(|e| e.prices_as_of.to_string())));
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
            <p class="widget-stage" data-widget="stage">
                {(n_stages > 1).then(|| view! {
                    {format!("Stage {} of {n_stages}: ", i + 1)}<strong>{move || stage_name.get()}</strong>" · "
                })}
                {move || if models.with(|m| m.contains(", ")) { "Models: " } else { "Model: " }}
                <strong data-widget="models">{move || models.get()}</strong>
            </p>
            <div class="widget-inputs">
                {move || single_model.get().then(|| view! { <ModelPicker path=at("mix.0.model") label="Model" /> })}
                {number_fields(&format!("stages.{i}"), STAGE_MAIN, Signal::stored(true), has_trace.into())}
                {number_fields("", TRAFFIC_MAIN, Signal::stored(true), Signal::stored(false))}
                <SelectField path=at(f::CACHE_MODE.key) label=f::CACHE_MODE.label
                    options=vec![("none", "None"), ("system", "System prompt"), ("conversation", "Whole conversation")] />
            </div>
            <div class="card widget-chart">{chart}</div>
            {table}
            // The same caveats as the page: prices to check, price changes, cache and context notes.
            <Warnings />
            <p class="widget-foot muted">
                "Computed in your browser by loopcost · prices as of "
                {move || as_of.get().unwrap_or_else(|| Catalog::builtin().version.clone())}
            </p>
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

/// What the Embed dialog offers for the widget's table and chart (the values of `show`).
const TABLE_CHOICES: [(&str, &str); 3] =
    [("turns", "Why: turn by turn"), ("levers", "What to change (levers)"), ("scale", "At other traffic levels")];
const CHART_CHOICES: [(&str, &str); 2] = [("cumulative", "Cumulative cost by turn"), ("prompt", "Prompt size by turn")];

/// The Embed dialog: the widget's choices (stage, table, chart), a live preview of the widget as
/// a reader of the host page will meet it, and the snippet to copy. A modal `<dialog>`: it keeps
/// the focus inside and closes on Escape, handing the focus back to the Embed button.
#[component]
pub fn EmbedDialog(open: RwSignal<bool>, #[prop(into)] copy: Callback<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let dialog: NodeRef<leptos::html::Dialog> = NodeRef::new();
    let stage = RwSignal::new(0usize);
    let table = RwSignal::new(link::EMBED_TABLES[0]);
    let chart = RwSignal::new(link::EMBED_CHARTS[0]);
    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        if open.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
        } else if d.open() {
            d.close();
        }
    });
    let stages = memo(move || {
        state.scenario.with(|s| s.as_ref().map(|s| s.stages.iter().map(|st| st.name.clone()).collect::<Vec<_>>()))
    });
    // The widget's address and snippet for the choices; nothing while closed (the scenario cannot
    // change while the dialog is open: it is modal).
    let made = memo(move || {
        if !open.get() {
            return None;
        }
        let show = format!("{},{}", table.get(), chart.get());
        let st = stage.get();
        let base = super::browser::address();
        let catalog = Catalog::builtin();
        state.scenario.with_untracked(|s| {
            let s = s.as_ref()?;
            Some((link::embed_url(&base, s, catalog, &show, st), link::embed_snippet(&base, s, catalog, &show, st)))
        })
    });
    // The preview's height, as the widget reports it (the same message embed.js reads).
    let frame: NodeRef<leptos::html::Iframe> = NodeRef::new();
    let height = RwSignal::new(link::EMBED_HEIGHT as f64);
    let on_message = window_event_listener(leptos::ev::message, move |ev: web_sys::MessageEvent| {
        let Some(f) = frame.get_untracked() else { return };
        let from_preview = match (ev.source(), f.content_window()) {
            (Some(src), Some(w)) => JsValue::from(src) == JsValue::from(w),
            _ => false,
        };
        let data = ev.data();
        let kind = js_sys::Reflect::get(&data, &"type".into()).ok().and_then(|v| v.as_string());
        let h = js_sys::Reflect::get(&data, &"height".into()).ok().and_then(|v| v.as_f64());
        if let (true, Some("loopcost:height"), Some(h)) = (from_preview, kind.as_deref(), h) {
            height.set(h.clamp(120.0, 4000.0));
        }
    });
    on_cleanup(move || on_message.remove());
    let choice =
        |name: &'static str, options: &'static [(&'static str, &'static str)], value: RwSignal<&'static str>| {
            view! {
                <fieldset class="embed-choice">
                    <legend>{name}</legend>
                    {options.iter().map(|&(v, label)| view! {
                        <label class="radio">
                            <input type="radio" name=format!("embed-{name}") value=v data-embed=v
                                prop:checked=move || value.get() == v on:change=move |_| value.set(v) />
                            {label}
                        </label>
                    }).collect_view()}
                </fieldset>
            }
        };
    let close = move || open.set(false);
    view! {
        <dialog class="embed-dialog" node_ref=dialog aria-labelledby="embed-title"
            on:close=move |_| open.set(false)>
            {move || open.get().then(|| view! {
                <header class="embed-head">
                    <h2 id="embed-title">"Embed this scenario"</h2>
                    <button type="button" class="icon" aria-label="Close" data-control="embed-close" on:click=move |_| close()>"✕"</button>
                </header>
                <div class="embed-body">
                    <div class="embed-choices">
                        {move || stages.get().filter(|s| s.len() > 1).map(|names| view! {
                            <div class="field">
                                <label for="embed-stage"><span class="label-text">"Stage"</span></label>
                                <select id="embed-stage" data-control="embed-stage"
                                    on:change=move |ev| stage.set(event_target_value(&ev).parse().unwrap_or(0))>
                                    {names.into_iter().enumerate().map(|(k, n)| view! {
                                        <option value=k.to_string() selected=move || stage.get() == k>{format!("Stage {}: {n}", k + 1)}</option>
                                    }).collect_view()}
                                </select>
                                <p class="hint">"Its inputs, chart and per-turn table; the headline is the whole workflow's."</p>
                            </div>
                        })}
                        {choice("Table", &TABLE_CHOICES, table)}
                        {choice("Chart", &CHART_CHOICES, chart)}
                        <div class="field">
                            <label for="embed-snippet"><span class="label-text">"Snippet"</span></label>
                            <textarea id="embed-snippet" data-control="embed-snippet" readonly rows="6"
                                prop:value=move || made.get().map(|(_, s)| s).unwrap_or_default()
                                on:focus=|ev| { event_target::<web_sys::HtmlTextAreaElement>(&ev).select() }></textarea>
                            <p class="hint">"Paste it into your docs page: the widget stays live, recomputed in the reader's browser. Include embed.js once per page; it fits the frame to the widget."</p>
                        </div>
                        <div class="row-actions">
                            <button type="button" class="primary" data-control="embed-copy"
                                on:click=move |_| { if let Some((_, s)) = made.get_untracked() { copy.run(s) } }>"Copy snippet"</button>
                            <button type="button" class="secondary" on:click=move |_| close()>"Done"</button>
                        </div>
                    </div>
                    <div class="embed-preview">
                        <p class="label-text">"Preview"</p>
                        // Keyed by its address: a new choice loads a new widget (the same frame
                        // would only see its address's fragment change, not its view settings).
                        <For each=move || made.get().map(|(url, _)| url) key=|url| url.clone() let(url)>
                            <iframe node_ref=frame src=url title="Preview of the widget" data-control="embed-preview"
                                height=move || height.get().to_string()></iframe>
                        </For>
                    </div>
                </div>
            })}
        </dialog>
    }
}
