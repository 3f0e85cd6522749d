//! "My scenarios": save, rename, duplicate, delete and load named scenarios (localStorage),
//! and import / export scenario files (the CLI's format).

use super::browser::{self, LocalStore};
use super::state::AppState;
use crate::saved::{self, Saved};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Library() -> impl IntoView {
    let state = expect_context::<AppState>();
    let list = RwSignal::new(Vec::<Saved>::new());
    let refresh = move || {
        if let Some(mut st) = LocalStore::open() {
            let (all, problems) = saved::load_all(&mut st);
            for p in problems {
                state.notify(true, p);
            }
            list.set(all);
        }
    };
    // Read again whenever something else saved (a draft kept when a link opened over it) and
    // whenever the list is opened (another tab may have saved meanwhile).
    Effect::new(move |_| {
        state.saved_changed.track();
        refresh();
    });
    let save_name = RwSignal::new(String::new());

    // One handler for every button of the list: each says what it does in data-action.
    let act = move |action: &str, id: &str| {
        let Some(mut st) = LocalStore::open() else {
            state.notify(true, "This browser does not let the page store scenarios; use Export and Import instead.");
            return;
        };
        let found = list.with_untracked(|l| l.iter().find(|s| s.id == id).cloned());
        let now = browser::now_ms();
        let draft = state.draft.get_untracked();
        let result = match (action, found) {
            ("save", _) => {
                let typed = save_name.get_untracked();
                let name = if typed.trim().is_empty() {
                    draft.get("name").and_then(|n| n.as_str()).unwrap_or("").to_string()
                } else {
                    typed
                };
                save_name.set(String::new());
                saved::save_new(&mut st, &name, &draft, now).map(|_| ())
            }
            ("open", Some(s)) => {
                state.load_draft(s.scenario);
                Ok(())
            }
            ("update", Some(s)) => saved::overwrite(&mut st, &s, &draft, now).map(|_| ()),
            ("duplicate", Some(s)) => saved::duplicate(&mut st, &s, now).map(|_| ()),
            ("rename", Some(s)) => match browser::prompt("New name for this saved scenario:", &s.name) {
                Some(name) => saved::rename(&mut st, &s, &name).map(|_| ()),
                None => Ok(()),
            },
            ("delete", Some(s)) => {
                if browser::confirm(&format!("Delete the saved scenario \"{}\"?", s.name)) {
                    saved::delete(&mut st, &s.id);
                }
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(e) = result {
            state.notify(true, e);
        }
        refresh();
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let Ok(Some(button)) = el.closest("[data-action]") else { return };
        let action = button.get_attribute("data-action").unwrap_or_default();
        let id = button
            .closest("[data-saved]")
            .ok()
            .flatten()
            .and_then(|li| li.get_attribute("data-saved"))
            .unwrap_or_default();
        act(&action, &id);
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        let name = file.name();
        leptos::task::spawn_local(async move {
            match super::browser::bytes(&file).await {
                Some(bytes) => match crate::text::decode(bytes) {
                    Ok(text) => super::share::import(state, &text, &name),
                    Err(why) => state.notify(true, format!("{name} is not a scenario file: {why}.")),
                },
                None => state.notify(true, format!("{name} could not be read.")),
            }
        });
    };
    view! {
        <details class="card library" data-control="library" on:click=on_click on:toggle=move |ev| {
            if super::browser::details_open(&ev) {
                refresh();
            }
        }>
            <summary>
                <h3>"My scenarios"</h3>
                <span class="muted">{move || match list.with(Vec::len) { 0 => "none saved".to_string(), 1 => "1 saved".into(), n => format!("{n} saved") }}</span>
            </summary>
            <div class="save-row">
                <label for="save-name" class="visually-hidden">"Name to save under"</label>
                <input type="text" id="save-name" data-control="save-name" maxlength="200" placeholder="Name (defaults to the scenario's)"
                    prop:value=move || save_name.get() on:input=move |ev| save_name.set(event_target_value(&ev)) />
                <button type="button" class="secondary" data-action="save">"Save"</button>
            </div>
            <ul class="saved-list">
                {move || list.get().into_iter().map(|s| {
                    let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(s.saved_at))
                        .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
                        .as_string()
                        .unwrap_or_default();
                    view! {
                        <li data-saved=s.id>
                            <button type="button" class="link saved-name" data-action="open" title="Open this scenario">{s.name}</button>
                            <span class="muted when">{when}</span>
                            <span class="saved-actions">
                                <button type="button" class="link" data-action="update" title="Replace with the scenario being edited">"Update"</button>
                                <button type="button" class="link" data-action="rename">"Rename"</button>
                                <button type="button" class="link" data-action="duplicate">"Duplicate"</button>
                                <button type="button" class="link danger" data-action="delete">"Delete"</button>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="import-row">
                <label for="import-file" class="button secondary">"Import a scenario file…"</label>
                <input type="file" id="import-file" data-control="import" accept=".json,application/json" class="visually-hidden" on:change=on_file />
                <p class="hint">"Scenario files are the JSON that loopcost eval reads; Export saves one."</p>
            </div>
        </details>
    }
}
