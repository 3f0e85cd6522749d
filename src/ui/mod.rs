//! The browser app (Leptos, client-side rendered). Components render what the engine computed;
//! they never compute a cost themselves.

use crate::catalog::Catalog;
use crate::engine;
use crate::presets;
use leptos::prelude::*;

/// Mounts the app on the page's body.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let scenario = RwSignal::new(presets::default_scenario());
    let result = Memo::new(move |_| scenario.with(|s| engine::evaluate(s, Catalog::builtin()).ok()));
    let cost = move || result.with(|r| r.as_ref().map(|e| e.run.cost_usd).unwrap_or(f64::NAN));
    view! {
        <main class="app">
            <h1>"loopcost"</h1>
            <p class="metric">
                "Cost per run: "
                <strong data-metric="cost_per_run" data-value=move || cost().to_string()>
                    {move || crate::format::usd(cost())}
                </strong>
            </p>
        </main>
    }
}

/// The engine benchmark in wasm (`make bench` calls it as `window.wasmBindings.loopcost_bench`):
/// evaluates the benchmark workload `n` times and returns microseconds per evaluation.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn loopcost_bench(n: u32) -> f64 {
    let s = crate::bench::scenario();
    let perf = web_sys::window().and_then(|w| w.performance());
    let now = || perf.as_ref().map_or(0.0, |p| p.now());
    let t = now();
    let checksum = crate::bench::run(&s, n.max(1));
    let elapsed_ms = now() - t;
    if checksum.is_nan() {
        return f64::NAN;
    }
    elapsed_ms * 1000.0 / n.max(1) as f64
}
