//! "Import usage" in the page: the panel, closed; its module (`super::usage`, built as the
//! `loopcost-usage` binary) loaded when the panel is first opened; and the fitted scenario the
//! module sends back, taken into the editor.
//!
//! Most visits never import a log, and the log reader (every format, pricing by date, the fit,
//! the panel) is an eighth of the app: loading it on demand keeps it out of the first download.
//! The two modules share nothing but the page: the module mounts itself in [`PANEL_ID`] and
//! talks back with window events ([`READY_EVENT`], [`FAILED_EVENT`], [`FIT_EVENT`]).

use super::browser;
use super::share::keep_own_work;
use super::state::AppState;
use super::usage::{FAILED_EVENT, FIT_EVENT, PANEL_ID, READY_EVENT};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The module's starter, as a release build names it (`<meta name="loopcost-usage-loader">`,
/// written by scripts/hash-modules.mjs with the content-hashed name), else as Trunk copies it
/// (public/usage-loader.js, beside index.html).
fn loader() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=loopcost-usage-loader]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "usage-loader.js".into())
}

#[derive(Debug, Clone, PartialEq)]
enum Module {
    NotLoaded,
    Loading,
    Ready,
    Failed(String),
}

#[component]
pub fn ImportUsage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let module = RwSignal::new(Module::NotLoaded);
    let ready = window_event_listener_untyped(READY_EVENT, move |_| module.set(Module::Ready));
    let failed = window_event_listener_untyped(FAILED_EVENT, move |ev| {
        module.set(Module::Failed(browser::detail(&ev).unwrap_or_else(|| "it did not start".into())))
    });
    let fit = window_event_listener_untyped(FIT_EVENT, move |ev| {
        if let Some(text) = browser::detail(&ev) {
            take_fit(state, &text);
        }
    });
    on_cleanup(move || {
        ready.remove();
        failed.remove();
        fit.remove();
    });
    let on_toggle = move |ev: web_sys::Event| {
        if browser::details_open(&ev) && module.get_untracked() == Module::NotLoaded {
            module.set(Module::Loading);
            load();
        }
    };
    view! {
        <details class="card import" aria-label="Import usage" on:toggle=on_toggle>
            <summary><h2>"Import usage: price a real log and fit a scenario to it"</h2></summary>
            {move || match module.get() {
                Module::Loading => Some(view! {
                    <p class="muted" role="status" data-status="usage-loading">"Loading the log reader…"</p>
                }.into_any()),
                Module::Failed(why) => Some(view! {
                    <p class="notice alert" role="alert" data-status="usage-unavailable">
                        {format!("The log reader could not be loaded ({why}). Reload the page to try again; your scenario is kept.")}
                    </p>
                }.into_any()),
                Module::NotLoaded | Module::Ready => None,
            }}
            // The module's own: nothing of this page's renders inside it.
            <div id=PANEL_ID></div>
        </details>
    }
}

/// Adds the loader to the page. A loader that cannot be fetched fires `error` on its element;
/// one that runs reports a module that cannot be loaded with [`FAILED_EVENT`].
fn load() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let (Ok(script), Some(head)) = (doc.create_element("script"), doc.head()) else { return };
    let _ = script.set_attribute("type", "module");
    let _ = script.set_attribute("src", &loader());
    let on_error = wasm_bindgen::closure::Closure::once_into_js(|| {
        browser::send(FAILED_EVENT, "its loader could not be downloaded")
    });
    let _ = script.add_event_listener_with_callback("error", on_error.unchecked_ref());
    let _ = head.append_child(&script);
}

/// The fitted scenario's draft, into the editor; the person's own work is kept first.
fn take_fit(state: AppState, text: &str) {
    let Ok(new) = crate::json::parse(text) else { return };
    keep_own_work(state, &new, "kept when a fitted scenario was used");
    state.load_draft(new);
    state.notify(false, "The scenario fitted to your log is now in the editor: every lever starts from it.");
}
