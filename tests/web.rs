//! Components in headless Chromium (wasm-bindgen-test): `make test-wasm`.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// The app mounted in a fresh element; the handle keeps it alive. Each starts from the default
/// scenario: what an earlier test left in storage is cleared first.
fn mount() -> (HtmlElement, impl Drop) {
    let w = web_sys::window().unwrap();
    if let Some(st) = w.local_storage().ok().flatten() {
        let _ = st.clear();
    }
    // And no scenario in the address either (replaced, so no hashchange reaches other apps).
    let _ = w.history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#"));
    let el: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&el).unwrap();
    let handle = leptos::mount::mount_to(el.clone(), loopcost::ui::App);
    (el, handle)
}

/// Lets the reactive system flush (effects run as microtasks).
async fn tick() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn q(root: &Element, sel: &str) -> Element {
    root.query_selector(sel).unwrap().unwrap_or_else(|| panic!("no element matches {sel}"))
}

fn metric(root: &Element, name: &str) -> f64 {
    q(root, &format!("[data-metric={name}]")).get_attribute("data-value").unwrap().parse().unwrap()
}

async fn type_into(root: &Element, field: &str, text: &str) {
    let input: HtmlInputElement = q(root, &format!("input[data-field='{field}']")).unchecked_into();
    input.set_value(text);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    tick().await;
}

#[wasm_bindgen_test]
async fn every_headline_metric_is_rendered() {
    let (root, _h) = mount();
    for m in [
        "cost_per_run",
        "daily_usd",
        "monthly_usd",
        "naive_cost_per_run",
        "prompt_tokens_per_run",
        "input_tokens_per_run",
        "cache_write_tokens_per_run",
        "cache_read_tokens_per_run",
        "output_tokens_per_run",
        "budget_used",
    ] {
        assert!(metric(&root, m).is_finite(), "{m}");
    }
    // Daily is the run cost times the default scenario's 1,000 runs a day.
    let (run, daily) = (metric(&root, "cost_per_run"), metric(&root, "daily_usd"));
    assert!((daily - run * 1000.0).abs() <= 1e-9 * daily);
    assert!(q(&root, "[data-metric=cost_per_run]").text_content().unwrap().starts_with('$'));
}

#[wasm_bindgen_test]
async fn an_edit_recomputes_and_a_bad_value_is_reported_at_its_field() {
    let (root, _h) = mount();
    // One fresh turn of 1,000 prompt tokens and 100 output on the default model.
    type_into(&root, "stages.0.cache.seconds_per_turn", "10").await;
    let before = metric(&root, "cost_per_run");
    type_into(&root, "stages.0.iterations", "12").await;
    let after = metric(&root, "cost_per_run");
    assert!(after > before, "two more turns cost more: {before} → {after}");
    assert_eq!(root.query_selector_all("table[data-table=turns][data-stage='0'] tbody tr").unwrap().length(), 12);

    type_into(&root, "stages.0.system_tokens", "lots").await;
    let msg = q(&root, "#f-stages-0-system_tokens-msg").text_content().unwrap();
    assert!(msg.contains("must be a number"), "{msg}");
    let input = q(&root, "input[data-field='stages.0.system_tokens']");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(q(&root, ".headline").class_list().contains("stale"));
    assert_eq!(metric(&root, "cost_per_run"), after, "the last valid result stays");

    type_into(&root, "stages.0.system_tokens", "3k").await;
    assert!(root.query_selector("#f-stages-0-system_tokens-msg").unwrap().is_none());
    assert!(!q(&root, ".headline").class_list().contains("stale"));
}

#[wasm_bindgen_test]
async fn mix_shares_stay_at_one_hundred_percent() {
    let (root, _h) = mount();
    let add: HtmlElement = root.query_selector_all(".mix button.link").unwrap().get(0).unwrap().unchecked_into();
    add.click();
    tick().await;
    let share = |j: usize| -> String {
        q(&root, &format!("input[data-field='stages.0.mix.{j}.share']")).unchecked_into::<HtmlInputElement>().value()
    };
    assert_eq!((share(0), share(1)), ("50".to_string(), "50".to_string()));
    type_into(&root, "stages.0.mix.0.share", "70").await;
    assert_eq!(share(1), "30");
}

#[wasm_bindgen_test]
async fn levers_mark_one_best() {
    let (root, _h) = mount();
    tick().await;
    assert_eq!(root.query_selector_all("table[data-table=levers] tr.best").unwrap().length(), 1);
    assert!(root.query_selector_all("table[data-table=levers] tbody tr").unwrap().length() >= 10);
}

/// The usage import panel, mounted as its module mounts it (the page loads that module when
/// "Import usage" is first opened; here the panel is mounted directly).
fn mount_usage_panel() -> (HtmlElement, impl Drop) {
    let el: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&el).unwrap();
    let handle = leptos::mount::mount_to(el.clone(), loopcost::ui::usage::Panel);
    (el, handle)
}

#[wasm_bindgen_test]
async fn pasted_usage_is_priced_and_fitted() {
    let (root, _h) = mount_usage_panel();
    let area: web_sys::HtmlTextAreaElement = q(&root, "[data-control=usage-paste]").unchecked_into();
    // Two requests of a loop on Haiku 4.5 (fresh input 1,000 then 1,400; output 100 each).
    area.set_value(concat!(
        r#"{"id":"m1","type":"message","model":"claude-haiku-4-5","usage":{"input_tokens":1000,"output_tokens":100}}"#,
        "\n",
        r#"{"id":"m2","type":"message","model":"claude-haiku-4-5","usage":{"input_tokens":1400,"output_tokens":100}}"#,
    ));
    area.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    q(&root, "[data-action=usage-read]").unchecked_into::<HtmlElement>().click();
    for _ in 0..50 {
        tick().await;
        if root.query_selector("[data-status=done]").unwrap().is_some() {
            break;
        }
    }
    // The price is the catalog's: Haiku 4.5's rates, read from the catalog, by section 1.
    let c = loopcost::catalog::Catalog::builtin();
    let r = c.resolve("claude-haiku-4-5").unwrap().rates(c.date);
    let expected = (2400.0 * r.input + 200.0 * r.output) / 1e6;
    let actual = metric(&root, "usage_actual_per_run");
    assert!((actual - expected).abs() < 1e-12, "{actual} vs {expected}");
    assert!(metric(&root, "usage_fit_per_run") > 0.0);
    assert_eq!(root.query_selector_all("[data-table=usage-models] tbody tr").unwrap().length(), 1);

    // "Use this scenario" hands the fitted scenario's draft to the page as a window event.
    let sent = std::rc::Rc::new(std::cell::RefCell::new(None::<String>));
    let keep = sent.clone();
    let listener =
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            *keep.borrow_mut() = e.detail().as_string();
        });
    let w = web_sys::window().unwrap();
    w.add_event_listener_with_callback(loopcost::ui::usage::FIT_EVENT, listener.as_ref().unchecked_ref()).unwrap();
    q(&root, "[data-action=use-fitted]").unchecked_into::<HtmlElement>().click();
    w.remove_event_listener_with_callback(loopcost::ui::usage::FIT_EVENT, listener.as_ref().unchecked_ref()).unwrap();
    let draft = sent.borrow().clone().expect("the fitted scenario was sent");
    let draft = loopcost::json::parse(&draft).unwrap();
    assert_eq!(draft["stages"][0]["mix"][0]["model"], "claude-haiku-4-5");
}

#[wasm_bindgen_test]
async fn a_fitted_scenario_sent_by_the_usage_module_is_taken_into_the_editor() {
    let (root, _h) = mount();
    tick().await;
    let mut draft = loopcost::ui::state::to_draft(&loopcost::presets::default_scenario());
    draft["stages"][0]["iterations"] = 17.into();
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&loopcost::json::to_text(&draft).into());
    let ev = web_sys::CustomEvent::new_with_event_init_dict(loopcost::ui::usage::FIT_EVENT, &init).unwrap();
    web_sys::window().unwrap().dispatch_event(&ev).unwrap();
    tick().await;
    let field: HtmlInputElement = q(&root, "input[data-field='stages.0.iterations']").unchecked_into();
    assert_eq!(field.value(), "17");
    assert!(root.text_content().unwrap().contains("The scenario fitted to your log is now in the editor"));
}

#[wasm_bindgen_test]
async fn turns_that_vary_show_the_range() {
    let (root, _h) = mount();
    let check: HtmlInputElement = q(&root, "[data-control=varies]").unchecked_into();
    check.click();
    tick().await;
    tick().await;
    let (p10, mean, p90) = (metric(&root, "p10_usd"), metric(&root, "cost_per_run"), metric(&root, "p90_usd"));
    assert!(p10 < mean && mean < p90, "{p10} {mean} {p90}");
    assert!(q(&root, "[data-status=range]").text_content().unwrap().contains("the long tail adds"));
    // Back to one count: no range.
    check.click();
    tick().await;
    tick().await;
    assert!(root.query_selector("[data-status=range]").unwrap().is_none());
    // Let the address and storage writes that wait for typing to pause happen now, not in the
    // next test.
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 800).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}
