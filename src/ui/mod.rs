//! The browser app (Leptos, client-side rendered). Components render what the engine computed;
//! they never compute a cost themselves.
//!
//! - `state`: the scenario draft and what follows from it (parse, evaluate, levers, scale)
//! - `fields`: inputs bound to a JSON path, with labels, hints and inline messages
//! - `editor`: the scenario editor
//! - `headline`, `stages`, `charts`, `levers`: the results
//! - `costline`: the cost and the last edit's change, in view while editing
//! - `compare`, `prices`: the scenario on other models, the prices behind it and their changes
//! - `usage`: a real log priced, and the scenario fitted to it (a module of its own, loaded
//!   when the page's `usage_slot` is first opened)

pub mod browser;
pub mod charts;
pub mod compare;
pub mod costline;
pub mod editor;
pub mod embed;
pub mod fields;
pub mod headline;
pub mod levers;
pub mod library;
pub mod picker;
pub mod prices;
pub mod ranges;
pub mod share;
pub mod stages;
pub mod state;
pub mod usage;
pub mod usage_slot;

use leptos::either::Either;
use leptos::prelude::*;
pub use state::AppState;

/// Mounts the app on the page's body.
///
/// A crash must never blank the page silently. `public/guard.js` (loaded before the app) turns
/// a crash inside the wasm into a banner over the page, in every build; debug builds also log
/// the panic's message to the console. (Release builds abort at once on a panic, so a Rust panic
/// hook would never run there.)
pub fn start() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let state = share::initial_state();
    provide_context(state);
    share::sync(state);
    if share::is_embed(&state.params.get_value()) {
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.class_list().add_1("embed");
        }
        return Either::Left(view! { <main class="embedded"><embed::Widget /></main> });
    }
    Either::Right(view! {
        // Moves the focus to the editor without touching the address (the address is the share
        // link).
        <a class="skip" href="#editor-title" on:click=|ev| {
            ev.prevent_default();
            if let Some(h) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("editor-title"))
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = h.focus();
                h.scroll_into_view();
            }
        }>"Skip to the scenario editor"</a>
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true">"⟳$"</span>
                <span class="name">"loopcost"</span>
                <span class="tagline">"what your LLM agent will cost, before the bill does"</span>
            </div>
            <span class="catalog muted">{format!("Prices as of {} · genai-prices {}", crate::catalog::Catalog::builtin().version, crate::catalog::Catalog::builtin().genai_prices)}</span>
        </header>
        <main class="layout">
            <div class="col-results">
                <headline::Headline />
                <div class="results">
                    <levers::Warnings />
                    <stages::StageResults />
                    <levers::Levers />
                    <compare::Compare />
                    <usage_slot::ImportUsage />
                    <prices::Projection />
                    <levers::Scale />
                    <prices::PricesUsed />
                </div>
            </div>
            <div class="col-editor">
                <editor::Editor />
                <costline::CostLine />
            </div>
        </main>
        <footer class="footer muted">
            "Computed in your browser by the loopcost engine; nothing is sent anywhere. Prices of "
            {crate::catalog::Catalog::builtin().providers.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", ")}
            {format!(" from genai-prices {} as of {}. ", crate::catalog::Catalog::builtin().genai_prices, crate::catalog::Catalog::builtin().version)}
            <a href="https://github.com/pydantic/genai-prices" rel="noreferrer noopener" target="_blank">"genai-prices"</a>
            " · "
            <a href="cost-model.md" target="_blank">"How loopcost computes a cost"</a>
        </footer>
    })
}

/// `n()` rows made by `row`, keyed by their index: when the count changes, only the rows added
/// or removed are built or dropped (the others keep their DOM and their reactive cells, which
/// follow their own values).
///
/// Both closures are boxed, so this is one piece of code in the wasm whatever the rows are.
pub fn rows<V: IntoView + 'static>(
    n: impl Fn() -> usize + Send + Sync + 'static,
    row: impl Fn(usize) -> V + Send + Sync + 'static,
) -> impl IntoView {
    erased_rows(Box::new(n), Box::new(move |i| row(i).into_any()))
}

/// A memo of `f`: boxed, so the memo machinery exists once per value type rather than once per
/// closure (a real saving in wasm size with the app's hundred-odd memos).
pub fn memo<T: PartialEq + Send + Sync + 'static>(f: impl Fn() -> T + Send + Sync + 'static) -> Memo<T> {
    erased_memo(Box::new(f))
}

fn erased_memo<T: PartialEq + Send + Sync + 'static>(f: Box<dyn Fn() -> T + Send + Sync>) -> Memo<T> {
    Memo::new(move |_| f())
}

/// `view()` while `cond` holds (a lean `<Show>`: one piece of code in the wasm for all uses).
pub fn when<V: IntoView + 'static>(
    cond: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    erased_when(memo(cond), Box::new(move || view().into_any()))
}

fn erased_when(cond: Memo<bool>, view: Box<dyn Fn() -> AnyView + Send + Sync>) -> impl IntoView {
    move || cond.get().then(&view)
}

type Count = Box<dyn Fn() -> usize + Send + Sync>;
type Row = Box<dyn Fn(usize) -> AnyView + Send + Sync>;

fn erased_rows(n: Count, row: Row) -> impl IntoView {
    let row: std::sync::Arc<dyn Fn(usize) -> AnyView + Send + Sync> = std::sync::Arc::from(row);
    view! { <For each=move || 0..n() key=|k: &usize| *k children=move |k| row(k) /> }
}
