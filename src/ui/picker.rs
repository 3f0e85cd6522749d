//! The model picker: a combobox over the whole catalog (a couple of hundred models). Type to
//! search by id, name, provider or alias; results are grouped by provider, retired models marked,
//! each with its input / output price. Keyboard: ↓ / ↑ move, Enter chooses, Escape closes; the
//! active option is announced through `aria-activedescendant`.

use super::fields::{FieldMessage, field_id};
use super::memo;
use super::state::AppState;
use crate::catalog::{Catalog, Model, Status};
use crate::format::per_mtok;
use leptos::html;
use leptos::prelude::*;
use serde_json::Value;
use std::sync::OnceLock;

/// One line of the list.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub retired: bool,
    /// "$2 / $10 per MTok".
    pub price: String,
    /// Tiers, time-of-day prices, a coming change.
    pub extra: String,
}

/// What the picker says about a catalog model's prices on the catalog's date.
pub fn describe(m: &Model, catalog: &Catalog) -> Choice {
    let date = catalog.date;
    let set = &m.period(date).standard;
    let r = &set.rates;
    let mut extra = Vec::new();
    if let Some(t) = set.tiers.first() {
        extra.push(format!(
            "above {}: {} / {}",
            crate::format::compact(t.start as f64),
            per_mtok(t.rates.input),
            per_mtok(t.rates.output)
        ));
    }
    if !set.hours.is_empty() {
        extra.push("varies by hour".to_string());
    }
    if let Some(next) = m.periods.iter().filter_map(|p| p.from).find(|d| *d > date) {
        let after = m.rates(next);
        extra.push(format!("{} / {} from {}", per_mtok(after.input), per_mtok(after.output), next.short()));
    }
    Choice {
        id: m.id.clone(),
        name: m.label().to_string(),
        provider: catalog.provider(&m.provider).map_or(m.provider.clone(), |p| p.name.clone()),
        retired: m.status == Status::Retired,
        price: format!("{} / {}", per_mtok(r.input), per_mtok(r.output)),
        extra: extra.join(" · "),
    }
}

fn choices() -> &'static Vec<Choice> {
    static ALL: OnceLock<Vec<Choice>> = OnceLock::new();
    ALL.get_or_init(|| {
        let c = Catalog::builtin();
        c.models.iter().map(|m| describe(m, c)).collect()
    })
}

/// The choices for a query, grouped by provider (groups in order of their best match).
fn results(query: &str, own: &[(String, String)]) -> Vec<(String, Vec<Choice>)> {
    let c = Catalog::builtin();
    let q = query.trim().to_ascii_lowercase();
    let mut groups: Vec<(String, Vec<Choice>)> = Vec::new();
    let mine: Vec<Choice> = own
        .iter()
        .filter(|(id, name)| {
            q.is_empty() || id.to_ascii_lowercase().contains(&q) || name.to_ascii_lowercase().contains(&q)
        })
        .map(|(id, name)| Choice {
            id: id.clone(),
            name: name.clone(),
            provider: "Your models".into(),
            retired: false,
            price: "your prices".into(),
            extra: String::new(),
        })
        .collect();
    if !mine.is_empty() {
        groups.push(("Your models".into(), mine));
    }
    let all = choices();
    let found: Vec<&Choice> = if q.is_empty() {
        // Everything, current models first within each provider.
        let mut v: Vec<&Choice> = all.iter().collect();
        v.sort_by_key(|x| x.retired);
        v
    } else {
        crate::catalog::search(c, &q).into_iter().filter_map(|m| all.iter().find(|x| x.id == m.id)).collect()
    };
    for x in found {
        match groups.iter_mut().find(|(p, _)| *p == x.provider) {
            Some((_, list)) => list.push(x.clone()),
            None => groups.push((x.provider.clone(), vec![x.clone()])),
        }
    }
    if q.is_empty() {
        // Providers in catalog order.
        let order: Vec<String> = c.providers.iter().map(|p| p.name.clone()).collect();
        groups.sort_by_key(|(p, _)| order.iter().position(|o| o == p).map_or(0, |i| i + 1));
    }
    groups
}

/// The text the closed picker shows for a model id.
/// A model of the scenario's own shows its name (it replaces a catalog model of the same id).
fn shown(id: &str, own: &[(String, String)]) -> String {
    if let Some((_, name)) = own.iter().find(|(i, _)| i == id) {
        return name.clone();
    }
    match Catalog::builtin().model(id) {
        Some(m) => m.label().to_string(),
        None => id.to_string(),
    }
}

/// A model picker bound to the JSON path of a model id (`stages.0.mix.1.model`, `router.model`).
#[component]
pub fn ModelPicker(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(optional)] hide_label: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = field_id(&path);
    let list_id = format!("{id}-list");
    let value = state.watch(&path, |v| v.and_then(Value::as_str).map(str::to_string).unwrap_or_default());
    let open = RwSignal::new(false);
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let input: NodeRef<html::Input> = NodeRef::new();
    let own = state.custom_models;
    let found = memo(move || if open.get() { own.with(|o| results(&query.get(), o)) } else { Vec::new() });
    let flat =
        memo(move || found.with(|g| g.iter().flat_map(|(_, l)| l.iter().map(|c| c.id.clone())).collect::<Vec<_>>()));
    let opt_id = {
        let id = id.clone();
        move |k: usize| format!("{id}-opt-{k}")
    };
    let p = path.clone();
    let message = state.message_at(&p);
    let has_error = memo(move || message.with(Option::is_some));

    // The closed picker shows the chosen model's name.
    Effect::new(move |_| {
        let v = value.get();
        if !open.get()
            && let Some(el) = input.get()
        {
            el.set_value(&own.with(|o| shown(&v, o)));
        }
    });
    let p = path.clone();
    let choose = move |model: String| {
        state.set(&p, Value::String(model));
        open.set(false);
        query.set(String::new());
    };
    let choose2 = choose.clone();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = flat.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                if open.get() {
                    active.update(|a| *a = if n == 0 { 0 } else { (*a + 1) % n });
                } else {
                    query.set(String::new());
                    active.set(0);
                    open.set(true);
                    if let Some(el) = input.get() {
                        el.select();
                    }
                }
            }
            "ArrowUp" => {
                ev.prevent_default();
                active.update(|a| *a = if n == 0 { 0 } else { (*a + n - 1) % n });
            }
            "Enter" if open.get() => {
                ev.prevent_default();
                if let Some(m) = flat.with(|f| f.get(active.get()).cloned()) {
                    choose2(m);
                }
            }
            "Escape" if open.get() => {
                ev.prevent_default();
                open.set(false);
                if let Some(el) = input.get() {
                    el.set_value(&own.with_untracked(|o| shown(&value.get_untracked(), o)));
                }
            }
            _ => {}
        }
    };
    let opt = opt_id.clone();
    let active_id = move || if open.get() && flat.with(|f| !f.is_empty()) { Some(opt(active.get())) } else { None };
    let list = list_id.clone();
    let opt_scroll = opt_id.clone();
    let listbox = move || {
        open.get().then(|| {
            let mut k = 0usize;
            let groups = found.get();
            let total: usize = groups.iter().map(|(_, l)| l.len()).sum();
            let views = groups
                .into_iter()
                .map(|(provider, list)| {
                    let options = list
                        .into_iter()
                        .map(|c| {
                            let i = k;
                            k += 1;
                            let choose = choose.clone();
                            let model = c.id.clone();
                            view! {
                                <div role="option" id=opt_id(i) class="option" data-model=c.id.clone()
                                    class:active=move || active.get() == i
                                    aria-selected=move || if active.get() == i { "true" } else { "false" }
                                    on:mousedown=|ev| ev.prevent_default()
                                    on:mousemove=move |_| if active.get_untracked() != i { active.set(i) }
                                    on:click=move |_| choose(model.clone())>
                                    <span class="opt-name">{c.name.clone()}
                                        {c.retired.then(|| view! { <span class="badge retired">"retired"</span> })}
                                    </span>
                                    <span class="opt-price num">{c.price.clone()}</span>
                                    {(!c.extra.is_empty()).then(|| view! { <span class="opt-extra muted">{c.extra.clone()}</span> })}
                                    {(c.name != c.id).then(|| view! { <span class="opt-id muted">{c.id.clone()}</span> })}
                                </div>
                            }
                        })
                        .collect_view();
                    let name = provider.clone();
                    view! {
                        <div role="group" class="opt-group" aria-label=provider>
                            <div class="opt-group-name" aria-hidden="true">{name}</div>
                            {options}
                        </div>
                    }
                })
                .collect_view();
            view! {
                <div class="listbox" role="listbox" id=list.clone() aria-label="Models">
                    {(total == 0).then(|| view! { <div class="opt-none muted">"No model matches. Add it under Custom models and prices."</div> })}
                    {views}
                    <div class="opt-foot muted">"USD per million tokens, input / output, at the catalog's prices"</div>
                </div>
            }
        })
    };
    // Keep the active option in view while moving through the list.
    Effect::new(move |_| {
        let k = active.get();
        if !open.get() {
            return;
        }
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&opt_scroll(k)))
        {
            el.scroll_into_view_with_bool(false);
        }
    });
    view! {
        <div class="field model picker" class:invalid=move || has_error.get()>
            <label for=id.clone() class:visually-hidden=hide_label><span class="label-text">{label}</span></label>
            <div class="combo">
                <input
                    type="text"
                    id=id.clone()
                    node_ref=input
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    aria-autocomplete="list"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls=list_id.clone()
                    aria-activedescendant=active_id
                    aria-invalid=move || if has_error.get() { "true" } else { "false" }
                    aria-describedby=format!("{id}-msg")
                    data-field=path.clone()
                    data-value=move || value.get()
                    placeholder="Search models"
                    on:focus=move |_| {
                        // Typing replaces the shown name rather than appending to it.
                        if let Some(el) = input.get() {
                            el.select();
                        }
                    }
                    on:click=move |_| {
                        if !open.get() {
                            query.set(String::new());
                            active.set(0);
                            open.set(true);
                            if let Some(el) = input.get() {
                                el.select();
                            }
                        }
                    }
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        active.set(0);
                        open.set(true);
                    }
                    on:keydown=on_key
                    on:blur=move |_| {
                        open.set(false);
                        if let Some(el) = input.get() {
                            el.set_value(&own.with_untracked(|o| shown(&value.get_untracked(), o)));
                        }
                    }
                />
                <span class="combo-arrow" aria-hidden="true">"▾"</span>
                {listbox}
            </div>
            <FieldMessage path=path />
        </div>
    }
}
