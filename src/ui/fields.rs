//! Inputs bound to a JSON path of the draft, each with its label, unit, one-sentence hint and
//! inline message. Every input carries `data-field` = its path.

use super::memo;
use super::state::{AppState, json_number, parse_number};
use leptos::html;
use leptos::prelude::*;
use serde_json::Value;

pub use crate::scenario::fields::{Field, Num, Only};

/// An element id for a JSON path.
pub fn field_id(path: &str) -> String {
    format!("f-{}", path.replace('.', "-"))
}

/// A number field's text for its JSON value.
fn show(num: Num, v: &Value) -> String {
    match v {
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or(0.0);
            let x = if num == Num::Percent { x * 100.0 } else { x };
            // Up to 6 decimals, without float noise like 0.30000000000000004.
            let s = format!("{x:.6}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => crate::json::to_text(other),
    }
}

/// The smallest ↑ / ↓ step of a number field.
fn step_unit(num: Num) -> f64 {
    match num {
        Num::Whole | Num::Percent => 1.0,
        Num::Decimal => 0.01,
    }
}

/// The message shown under a field: the parser's, at exactly this path.
#[component]
pub fn FieldMessage(#[prop(into)] path: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = format!("{}-msg", field_id(&path));
    let message = state.message_at(&path);
    move || message.get().map(|m| view! { <p class="field-msg" id=id.clone()>{m}</p> })
}

/// A number input.
#[component]
pub fn NumberField(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(into, optional)] unit: String,
    #[prop(into, optional)] hint: String,
    #[prop(optional)] num: Num,
    /// Empty means "absent" (an optional setting) rather than an error.
    #[prop(optional)]
    optional: bool,
    #[prop(into, optional)] placeholder: String,
    #[prop(into, optional)] disabled: Signal<bool>,
    /// Called instead of writing the number to `path` (which still receives text it cannot read).
    #[prop(optional)]
    on_number: Option<Callback<f64>>,
    /// A hint that follows the scenario (quoting the catalog's prices), shown after `hint`.
    #[prop(optional)]
    live_hint: Option<Signal<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = field_id(&path);
    let msg_id = format!("{id}-msg");
    let hint_id = format!("{id}-hint");
    let input: NodeRef<html::Input> = NodeRef::new();
    let value = state.watch(&path, |v| v.cloned());
    let p = path.clone();
    let message = state.message_at(&p);
    let has_error = memo(move || message.with(Option::is_some));

    // Show the draft's value unless the input already says the same thing (no cursor jumps).
    Effect::new(move |_| {
        let v = value.get().unwrap_or(Value::Null);
        let Some(el) = input.get() else { return };
        let shown = el.value();
        let same = match (&v, parse_number(&shown)) {
            (Value::Number(n), Some(x)) => {
                let x = if num == Num::Percent { x / 100.0 } else { x };
                (n.as_f64().unwrap_or(f64::NAN) - x).abs() <= 1e-12 * x.abs().max(1.0)
            }
            (Value::String(s), _) => *s == shown,
            (Value::Null, None) => shown.trim().is_empty(),
            _ => false,
        };
        if !same {
            el.set_value(&show(num, &v));
        }
    });

    let p = path.clone();
    let write = move |text: String| {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            if optional {
                state.remove(&p);
            } else {
                state.set(&p, Value::String(String::new()));
            }
            return;
        }
        match parse_number(trimmed) {
            Some(x) => {
                let x = if num == Num::Percent { x / 100.0 } else { x };
                match on_number {
                    Some(cb) => cb.run(x),
                    None => state.set(&p, json_number(x)),
                }
            }
            None => state.set(&p, Value::String(text)),
        }
    };
    let write2 = write.clone();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let delta = match ev.key().as_str() {
            "ArrowUp" => 1.0,
            "ArrowDown" => -1.0,
            _ => return,
        };
        ev.prevent_default();
        let Some(el) = input.get() else { return };
        let cur = parse_number(&el.value()).unwrap_or(0.0);
        let next = crate::draft::step(cur, delta > 0.0, ev.shift_key(), step_unit(num));
        let text = format!("{next}");
        el.set_value(&text);
        write2(text);
    };
    let describedby =
        if hint.is_empty() && live_hint.is_none() { msg_id.clone() } else { format!("{hint_id} {msg_id}") };
    let inputmode = if num == Num::Whole { "numeric" } else { "decimal" };
    view! {
        <div class="field" class:invalid=move || has_error.get()>
            <label for=id.clone()>
                <span class="label-text">{label}</span>
                {(!unit.is_empty()).then(|| view! { <span class="unit">{unit.clone()}</span> })}
            </label>
            <input
                type="text"
                id=id.clone()
                node_ref=input
                inputmode=inputmode
                autocomplete="off"
                spellcheck="false"
                data-field=path.clone()
                placeholder=placeholder
                disabled=move || disabled.get()
                aria-invalid=move || if has_error.get() { "true" } else { "false" }
                aria-describedby=describedby
                on:input=move |ev| write(event_target_value(&ev))
                on:keydown=on_key
            />
            {(!hint.is_empty() || live_hint.is_some()).then(|| view! {
                <p class="hint" id=hint_id.clone()>{hint.clone()}{move || live_hint.map(|h| h.get())}</p>
            })}
            <FieldMessage path=path.clone() />
        </div>
    }
}

/// A date (`YYYY-MM-DD`); empty removes the setting.
#[component]
pub fn DateField(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(into, optional)] hint: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = field_id(&path);
    let value = state.watch(&path, |v| v.and_then(Value::as_str).map(str::to_string).unwrap_or_default());
    let p = path.clone();
    view! {
        <div class="field">
            <label for=id.clone()><span class="label-text">{label}</span></label>
            <input type="date" id=id.clone() data-field=path.clone() prop:value=move || value.get()
                aria-describedby=format!("{id}-hint {id}-msg")
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if v.trim().is_empty() { state.remove(&p) } else { state.set(&p, Value::String(v)) }
                } />
            <p class="hint" id=format!("{id}-hint")>{hint}</p>
            <FieldMessage path=path />
        </div>
    }
}

/// A text input (names).
#[component]
pub fn TextField(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(into, optional)] hint: String,
    #[prop(into, optional)] placeholder: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = field_id(&path);
    let input: NodeRef<html::Input> = NodeRef::new();
    let value = state.watch(&path, |v| v.and_then(Value::as_str).map(str::to_string).unwrap_or_default());
    Effect::new(move |_| {
        let v = value.get();
        if let Some(el) = input.get()
            && el.value() != v
        {
            el.set_value(&v);
        }
    });
    let p = path.clone();
    view! {
        <div class="field">
            <label for=id.clone()><span class="label-text">{label}</span></label>
            <input
                type="text"
                id=id
                node_ref=input
                maxlength="200"
                autocomplete="off"
                data-field=path.clone()
                placeholder=placeholder
                on:input=move |ev| state.set(&p, Value::String(event_target_value(&ev)))
            />
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint.clone()}</p> })}
            <FieldMessage path=path />
        </div>
    }
}

/// A choice among fixed values (stage kind, cache mode, TTL).
#[component]
pub fn SelectField(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(into, optional)] hint: String,
    /// `(value, label)` pairs.
    options: Vec<(&'static str, &'static str)>,
    #[prop(into, optional)] disabled: Signal<bool>,
    /// A hint that follows the scenario, shown after `hint`.
    #[prop(optional)]
    live_hint: Option<Signal<String>>,
    /// Called with the chosen value instead of writing it to `path`.
    #[prop(optional)]
    on_value: Option<Callback<String>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = field_id(&path);
    // Absent, the field shows its default: the first option.
    let first = options.first().map_or("", |o| o.0);
    let value = state.watch(&path, move |v| v.and_then(Value::as_str).unwrap_or(first).to_string());
    let p = path.clone();
    view! {
        <div class="field">
            <label for=id.clone()><span class="label-text">{label}</span></label>
            <select
                id=id
                data-field=path.clone()
                disabled=move || disabled.get()
                prop:value=move || value.get()
                on:change=move |ev| match on_value {
                    Some(cb) => cb.run(event_target_value(&ev)),
                    None => state.set(&p, Value::String(event_target_value(&ev))),
                }
            >
                {options
                    .into_iter()
                    .map(|(v, l)| view! { <option value=v selected=move || value.get() == v>{l}</option> })
                    .collect_view()}
            </select>
            {(!hint.is_empty() || live_hint.is_some()).then(|| view! {
                <p class="hint">{hint.clone()}{move || live_hint.map(|h| h.get())}</p>
            })}
            <FieldMessage path=path />
        </div>
    }
}

/// A true / false setting.
#[component]
pub fn CheckField(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(into, optional)] hint: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let id = field_id(&path);
    let checked = state.watch(&path, |v| v.and_then(Value::as_bool).unwrap_or(true));
    let p = path.clone();
    view! {
        <div class="field check">
            <input
                type="checkbox"
                id=id.clone()
                data-field=path.clone()
                prop:checked=move || checked.get()
                on:change=move |ev| state.set(&p, Value::Bool(event_target_checked(&ev)))
            />
            <label for=id><span class="label-text">{label}</span></label>
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint.clone()}</p> })}
            <FieldMessage path=path />
        </div>
    }
}

/// Which stages a field applies to.
/// The number fields of `specs` under `base` (`""` for top-level paths). `is_loop` and
/// `has_trace` switch stage fields on and off.
pub fn number_fields(
    base: &str,
    specs: &'static [Field],
    is_loop: Signal<bool>,
    has_trace: Signal<bool>,
) -> impl IntoView + use<> {
    specs
        .iter()
        .map(|f| {
            let path = if base.is_empty() { f.key.to_string() } else { format!("{base}.{}", f.key) };
            let disabled = Signal::derive(move || f.traced && has_trace.get());
            let shown = memo(move || match f.only {
                Only::Always => true,
                Only::Loop => is_loop.get(),
                Only::Fanout => !is_loop.get(),
            });
            move || {
                shown.get().then(|| {
                    view! {
                        <NumberField path=path.clone() label=f.label unit=f.unit hint=f.hint num=f.num
                            optional=f.optional placeholder=f.placeholder disabled=disabled />
                    }
                })
            }
        })
        .collect_view()
}
