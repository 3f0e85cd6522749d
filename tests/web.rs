//! Components in headless Chromium (wasm-bindgen-test): `make test-wasm`.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element to mount a component into.
fn container() -> web_sys::HtmlElement {
    use wasm_bindgen::JsCast;
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

#[wasm_bindgen_test]
fn app_renders_the_default_cost_per_run() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), loopcost::ui::App);
    let el = root.query_selector("[data-metric=cost_per_run]").unwrap().expect("cost_per_run element");
    let value: f64 = el.get_attribute("data-value").unwrap().parse().unwrap();
    assert!(value > 0.0, "a positive cost, got {value}");
    assert!(el.text_content().unwrap().starts_with('$'));
    drop(handle);
}
