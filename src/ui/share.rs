//! Sharing: the address kept in step with the scenario, the notices a link can bring, copy-link
//! and the exports (CSV, Markdown, scenario file).

use super::browser;
use super::state::{AppState, Notice, SharedPrices};
use crate::catalog::Catalog;
use crate::format::usd;
use crate::link;
use crate::presets;
use crate::saved;
use crate::scenario::Scenario;
use leptos::prelude::*;
use serde_json::Value;

/// What the page starts with: the scenario being edited before a reload (else the default),
/// then the link's scenario over it when the address holds one. Problems become notices;
/// nothing here can fail the page or lose the person's work.
pub fn initial_state() -> AppState {
    let hash = browser::hash();
    let params: Vec<(String, String)> =
        link::params(&hash).into_iter().filter(|(k, _)| !["v", "c", "s"].contains(&k.as_str())).collect();
    let embed = is_embed(&params);
    let mut notices = Vec::new();
    // A widget on someone's page never reads or writes the reader's own scenario.
    let stored = if embed {
        None
    } else {
        match browser::LocalStore::open().map(|mut st| saved::load_current(&mut st)) {
            Some(Ok(v)) => v,
            Some(Err(msg)) => {
                notices.push(Notice { alert: true, text: msg });
                None
            }
            None => None,
        }
    };
    let state = AppState::with_draft(stored.unwrap_or_else(default_draft));
    state.notices.set(notices);
    state.params.set_value(params);
    if link::has_scenario(&hash) {
        open_link(state, &hash);
    }
    state
}

fn default_draft() -> Value {
    super::state::to_draft(&presets::default_scenario())
}

/// Is this draft one the person made (rather than a preset, unchanged)?
fn is_own_work(draft: &Value) -> bool {
    !presets::PRESETS.iter().filter_map(|(id, _)| presets::preset(id)).any(|p| &super::state::to_draft(&p) == draft)
}

/// Before `new` replaces the draft: the draft, when it is the person's own work (not a preset)
/// and differs from `new`, is kept in My scenarios, and a notice says where.
pub fn keep_own_work(state: AppState, new: &Value, why: &str) {
    let old = state.draft.get_untracked();
    if &old == new || !is_own_work(&old) {
        return;
    }
    let kept = browser::LocalStore::open().map(|mut st| saved::keep(&mut st, &old, why, browser::now_ms()));
    state.saved_changed.update(|n| *n += 1);
    match kept {
        Some(Ok(Some(name))) => {
            state.notify(false, format!("Your previous scenario was kept in My scenarios as \"{name}\"."))
        }
        Some(Err(e)) => state.notify(true, format!("Your previous scenario could not be kept ({e}).")),
        _ => {}
    }
}

/// Opens a share link over what is being edited. The link's scenario replaces the draft; the
/// draft, when it is the person's own work and not saved yet, is first kept in My scenarios. A
/// link that cannot be read changes nothing and says why.
pub fn open_link(state: AppState, fragment: &str) {
    let catalog = Catalog::builtin();
    match link::decode(fragment, catalog) {
        Ok(d) => {
            let new = super::state::to_draft(&d.scenario);
            if !is_embed(&d.params) {
                keep_own_work(state, &new, "kept when a link was opened");
            }
            state.load_draft(new);
            if !d.changed.is_empty() {
                state
                    .shared
                    .set(Some(SharedPrices { catalog_version: d.catalog_version.clone(), models: d.changed.clone() }));
            }
            state.params.set_value(d.params);
        }
        Err(e) => {
            let rest = if is_own_work(&state.draft.get_untracked()) {
                "Your scenario is unchanged."
            } else {
                "Showing the default scenario instead."
            };
            state.notify(true, format!("{e} {rest}"));
        }
    }
}

pub fn is_embed(params: &[(String, String)]) -> bool {
    params.iter().any(|(k, v)| k == "embed" && v != "0")
}

/// Keeps the address and the browser's storage in step with the scenario.
///
/// Writes wait until typing pauses (`SETTLE`): they are kept off the keystroke path, and
/// browsers throttle address changes made too often. Leaving the page writes at once.
pub fn sync(state: AppState) {
    let embed = is_embed(&state.params.get_value());
    let write = move || {
        // The address always shows the last valid scenario, so a copied address always opens.
        state.scenario.with_untracked(|s| {
            if let Some(s) = s {
                browser::replace_hash(&link::encode(s, Catalog::builtin(), &state.params.get_value()));
            }
        });
        // The draft as edited (even when not valid yet) survives a reload. A widget on
        // someone's page never overwrites the scenario its reader was editing in the app.
        if !embed {
            state.draft.with_untracked(|d| {
                if let Some(mut st) = browser::LocalStore::open()
                    && let Err(e) = saved::save_current(&mut st, d)
                {
                    state.notify(true, format!("Your scenario could not be kept for the next visit: {e}."));
                }
            });
        }
    };
    // A link pasted into the address of an open tab only changes the fragment: open it.
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        let fragment = browser::hash();
        let current = state
            .scenario
            .with_untracked(|s| s.as_ref().map(|s| link::encode(s, Catalog::builtin(), &state.params.get_value())));
        if link::has_scenario(&fragment) && current.as_deref() != Some(fragment.as_str()) {
            open_link(state, &fragment);
        }
    });
    on_cleanup(move || on_hash.remove());
    let pending = StoredValue::new(false);
    Effect::new(move |first: Option<()>| {
        state.scenario.track();
        state.draft.track();
        if first.is_none() {
            write();
        } else if !pending.get_value() {
            pending.set_value(true);
            set_timeout(
                move || {
                    pending.set_value(false);
                    write();
                },
                SETTLE,
            );
        }
    });
    let on_hide = window_event_listener(leptos::ev::pagehide, move |_| {
        if pending.get_value() {
            write();
        }
    });
    on_cleanup(move || on_hide.remove());
}

/// How long typing must pause before the address and storage are written.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(200);

/// The share address of the current scenario.
pub fn share_url(state: AppState, params: &[(String, String)]) -> Option<String> {
    state.scenario.with(|s| s.as_ref().map(|s| link::share_url(&browser::address(), s, Catalog::builtin(), params)))
}

/// Notices: a bad link or unreadable storage (alerts), and prices that changed since a link
/// was made (information, with both figures).
#[component]
pub fn Notices() -> impl IntoView {
    let state = expect_context::<AppState>();
    let dismiss = move |text: String| state.notices.update(|n| n.retain(|x| x.text != text));
    view! {
        {move || state.notices.get().into_iter().map(|n| {
            let text = n.text.clone();
            view! {
                <div class=if n.alert { "notice alert" } else { "notice info" } role=if n.alert { "alert" } else { "status" }>
                    <span>{n.text}</span>
                    <button type="button" class="link" on:click=move |_| dismiss(text.clone())>"Dismiss"</button>
                </div>
            }
        }).collect_view()}
        <SharedPricesNotice />
    }
}

#[component]
fn SharedPricesNotice() -> impl IntoView {
    let state = expect_context::<AppState>();
    let keep = move |_| {
        // Pin the shared prices into the scenario as its own models.
        if let (Some(sh), Some(s)) = (state.shared.get_untracked(), state.scenario.get_untracked()) {
            let pinned: Scenario = link::with_models(&s, &sh.models);
            state.load(&pinned);
        }
    };
    move || {
        let sh = state.shared.get()?;
        let then = state.shared_eval.get()?;
        let now = state.eval.get()?;
        let names: Vec<String> = sh
            .models
            .iter()
            .map(|m| {
                Catalog::builtin()
                    .model(&m.id)
                    .map_or(format!("{} (no longer listed)", m.id), |c| c.label().to_string())
            })
            .collect();
        Some(view! {
            <div class="notice info" role="status" data-notice="prices-changed">
                <p>
                    {format!(
                        "This link was made with the prices of {}; since then the prices of {} have changed.",
                        if sh.catalog_version.is_empty() { "an earlier catalog".to_string() } else { sh.catalog_version.clone() },
                        names.join(", ")
                    )}
                </p>
                <p>
                    "At the shared prices: "
                    <strong class="num" data-metric="shared_cost_per_run" data-value=then.run.cost_usd.to_string()>{usd(then.run.cost_usd)}</strong>
                    {format!(" a run, {} a month. ", usd(then.monthly_usd))}
                    "At today's ("{Catalog::builtin().version.clone()}"): "
                    <strong class="num">{usd(now.run.cost_usd)}</strong>
                    {format!(" a run, {} a month (shown above).", usd(now.monthly_usd))}
                </p>
                <button type="button" class="secondary" on:click=keep>"Keep the shared prices"</button>
                " "
                <button type="button" class="link" on:click=move |_| state.shared.set(None)>"Use today's prices"</button>
            </div>
        })
    }
}

#[derive(Clone, Copy)]
enum Export {
    TurnsCsv,
    RangesCsv,
    LeversCsv,
    CopyMarkdown,
    Markdown,
    Json,
}

const EXPORTS: [(Export, &str, &str); 6] = [
    (Export::TurnsCsv, "export-turns-csv", "Per-turn table (CSV)"),
    (Export::RangesCsv, "export-ranges-csv", "Cost by number of turns (CSV)"),
    (Export::LeversCsv, "export-levers-csv", "Levers table (CSV)"),
    (Export::CopyMarkdown, "copy-markdown", "Copy as Markdown"),
    (Export::Markdown, "export-markdown", "Markdown file"),
    (Export::Json, "export-json", "Scenario file (JSON)"),
];

/// Copy link, exports, embed: one click from the headline.
#[component]
pub fn ShareBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    // None: nothing copied yet; Some(""): copied; Some(text): copying was refused, show it.
    let copied = RwSignal::new(None::<String>);
    let embedding = RwSignal::new(false);
    let copy_text = move |text: String, _what: &'static str| {
        leptos::task::spawn_local(async move {
            let ok = browser::copy(&text).await;
            copied.set(Some(if ok { String::new() } else { text }));
        });
    };
    let copy_link = move |_| {
        if let Some(url) = share_url(state, &state.params.get_value()) {
            copy_text(url, "link");
        }
    };
    let name = move || state.scenario.with(|s| s.as_ref().map(|s| browser::file_stem(&s.name)).unwrap_or_default());
    let export = move |what: Export| {
        let catalog = Catalog::builtin();
        let levers = state.levers.get_untracked();
        let text = state.scenario.with_untracked(|s| {
            state.eval.with_untracked(|e| {
                let (s, e) = (s.as_ref()?, e.as_ref()?);
                Some(match what {
                    Export::TurnsCsv => crate::export::turns_csv(s, e),
                    Export::RangesCsv => crate::export::ranges_csv(s, e),
                    Export::LeversCsv => crate::export::levers_csv(&levers),
                    Export::CopyMarkdown | Export::Markdown => crate::export::markdown(s, e, &levers, &catalog.version),
                    Export::Json => s.to_json_pretty() + "\n",
                })
            })
        });
        let Some(text) = text else { return };
        match what {
            Export::CopyMarkdown => copy_text(text, "text"),
            Export::TurnsCsv => browser::download(&format!("{}-turns.csv", name()), "text/csv", &text),
            Export::RangesCsv => browser::download(&format!("{}-by-turns.csv", name()), "text/csv", &text),
            Export::LeversCsv => browser::download(&format!("{}-levers.csv", name()), "text/csv", &text),
            Export::Markdown => browser::download(&format!("{}.md", name()), "text/markdown", &text),
            Export::Json => browser::download(&format!("{}.json", name()), "application/json", &text),
        }
    };
    // The menu closes once something is chosen.
    let menu: NodeRef<leptos::html::Details> = NodeRef::new();
    let export = move |what: Export| {
        if let Some(m) = menu.get_untracked() {
            m.set_open(false);
        }
        export(what);
    };
    view! {
        <div class="share-bar" role="group" aria-label="Share and export">
            <button type="button" class="primary" data-control="copy-link" on:click=copy_link>"Copy link"</button>
            <details class="menu" node_ref=menu on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                // Escape closes the menu and gives the focus back to its button.
                if ev.key() == "Escape"
                    && let Some(m) = menu.get_untracked()
                    && m.open()
                {
                    ev.prevent_default();
                    m.set_open(false);
                    if let Some(s) = m.first_element_child().and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok()) {
                        let _ = s.focus();
                    }
                }
            }>
                <summary class="button" data-control="export-menu">"Export"</summary>
                <div class="menu-items">
                    {EXPORTS.iter().map(|&(what, control, label)| view! {
                        <button type="button" data-control=control on:click=move |_| export(what)>{label}</button>
                    }).collect_view()}
                </div>
            </details>
            <button type="button" class="secondary" data-control="embed" title="Put this scenario, live, on another page: choose what it shows and copy its snippet"
                aria-haspopup="dialog" on:click=move |_| embedding.set(true)>"Embed"</button>
            <super::embed::EmbedDialog open=embedding copy=Callback::new(move |text| copy_text(text, "snippet")) />
            {move || copied.get().map(|text| if text.is_empty() {
                view! { <span class="copied" role="status">"Copied."</span> }.into_any()
            } else {
                view! {
                    <span class="copied" role="status">
                        "Copying is blocked here; select and copy: "
                        <input type="text" readonly value=text aria-label="Text to copy" class="copy-fallback"
                            on:focus=|ev| { event_target::<web_sys::HtmlInputElement>(&ev).select() } />
                    </span>
                }.into_any()
            })}
        </div>
    }
}

/// Reads an imported scenario file into the draft; a problem becomes a notice.
pub fn import(state: AppState, text: &str, file_name: &str) {
    match crate::json::parse(text) {
        Ok(v @ Value::Object(_)) => {
            // A file that parses opens in its full form: every field the file left out shows
            // the default the results use. One that does not opens as written, its problems
            // marked at their fields.
            let v = match crate::scenario::parse_value(&v, Catalog::builtin()) {
                Ok(s) => super::state::to_draft(&s),
                Err(_) => v,
            };
            state.load_draft(v);
            state.notices.update(|n| n.retain(|x| !x.alert));
        }
        Ok(_) => state.notify(true, format!("{file_name} is not a scenario file (it holds no JSON object).")),
        Err(e) => state.notify(true, format!("{file_name} is not a scenario file: {e}.")),
    }
}
