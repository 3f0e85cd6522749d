//! The scenario editor: stages, their mix, loop shape, caching and advanced settings; traffic,
//! budget, the router and custom models. Grouped in cards by concept; advanced fields folded.

use super::fields::{CheckField, NumberField, SelectField, TextField, field_id, number_fields};
use super::memo;
use super::state::{AppState, json_number};
use crate::catalog::Catalog;
use crate::presets::{PRESETS, preset};
use crate::scenario::Stage;
use crate::scenario::fields::{self as f, Field};
use leptos::prelude::*;
use serde_json::{Value, json};

const LONG_CONTEXT: &[Field] = &[f::LONG_CONTEXT_THRESHOLD];
const TRACE_OUTPUT: Field = f::TRACE[0];
const TRACE_TOOL: Field = f::TRACE[1];

/// Traces longer than this are edited in a scenario file, not in a table of inputs.
const MAX_TRACE_ROWS: usize = 500;

#[component]
pub fn Editor() -> impl IntoView {
    let state = expect_context::<AppState>();
    let stage_count = memo(move || state.len("stages"));
    view! {
        <section class="editor" aria-labelledby="editor-title">
            <div class="editor-head">
                <h2 id="editor-title" tabindex="-1">"Scenario"</h2>
                <PresetMenu />
            </div>
            <super::library::Library />
            <div class="card">
                <TextField path=f::SCENARIO_NAME.key label=f::SCENARIO_NAME.label placeholder="My agent" />
            </div>
            {super::rows(move || stage_count.get(), |i| view! { <StageCard i=i /> })}
            <div class="add-stage">
                <button type="button" class="secondary" on:click=move |_| add_stage(state)>
                    "+ Add a stage"
                </button>
                <p class="hint">"A workflow runs every stage once per run, each with its own model and loop."</p>
            </div>
            <TrafficCard />
            <RouterCard />
            <CustomModels />
        </section>
    }
}

#[component]
fn PresetMenu() -> impl IntoView {
    let state = expect_context::<AppState>();
    let names: Vec<(String, String)> =
        PRESETS.iter().filter_map(|(id, _)| preset(id).map(|s| (id.to_string(), s.name))).collect();
    view! {
        <div class="field preset">
            <label for="preset"><span class="label-text">"Start from a preset"</span></label>
            <select
                id="preset"
                data-control="preset"
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if let Some(s) = preset(&id) {
                        state.load(&s);
                    }
                    if let Some(el) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok()) {
                        el.set_value("");
                    }
                }
            >
                <option value="" selected>"Choose…"</option>
                {names.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
            </select>
        </div>
    }
}

fn stage_value(stage: &Stage) -> Value {
    stage.to_value()
}

fn add_stage(state: AppState) {
    let st = Stage {
        name: format!("stage {}", state.len("stages") + 1),
        iterations: 5,
        varies: None,
        system_tokens: 2000,
        user_tokens: 500,
        output_tokens: 300,
        tool_result_tokens: 1000,
        ..Stage::default()
    };
    state.edit_list("stages", |l| l.push(stage_value(&st)));
}

/// Reads a stage of the draft as a typed stage where it parses (for the trace and the labels).
fn typed_stage(state: AppState, i: usize) -> Option<Stage> {
    let v = state.get(&format!("stages.{i}"))?;
    let s = crate::scenario::parse_value(&crate::json::object([("stages", Value::Array(vec![v]))]), Catalog::builtin())
        .ok()?;
    s.stages.into_iter().next()
}

#[component]
fn StageCard(i: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    provide_context(state.scope(&format!("stages.{i}")));
    let p = move |f: &str| format!("stages.{i}.{f}");
    let base = format!("stages.{i}");
    let kind = state.watch(&p("kind"), |v| v.and_then(Value::as_str).unwrap_or("loop").to_string());
    let is_loop = Signal::derive(move || kind.get() != "fanout");
    let has_trace = state.watch(&p("turns"), |v| v.is_some_and(Value::is_array));
    let has_trace = Signal::derive(move || has_trace.get());
    let count = memo(move || state.len("stages"));
    let name = state.watch(&p("name"), |v| v.and_then(Value::as_str).unwrap_or_default().to_string());
    let heading_id = format!("stage-{i}-title");
    let labelled_by = heading_id.clone();
    let stage_cost =
        memo(move || state.eval.with(|e| e.as_ref().and_then(|e| e.stages.get(i)).map(|s| s.usage.cost_usd)));
    let ttl_hint =
        memo(move || state.scenario.with(|s| s.as_ref().map(|s| super::prices::ttl_hint(s, i)).unwrap_or_default()));

    // One handler for the stage's buttons: each says what it does in data-action.
    let act = move |ev: leptos::ev::MouseEvent| {
        let action = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|el| el.closest("[data-action]").ok().flatten())
            .and_then(|b| b.get_attribute("data-action"))
            .and_then(|a| crate::draft::StageAction::parse(&a));
        if let Some(action) = action {
            state.edit_list("stages", |l| crate::draft::stage_action(l, i, action));
        }
    };

    view! {
        <article class="card stage" aria-labelledby=labelled_by data-stage-card=i>
            <header class="stage-head">
                <h3 id=heading_id>
                    <span class="stage-no">{format!("Stage {}", i + 1)}</span>
                    <span class="stage-name">{move || name.get()}</span>
                </h3>
                <span class="stage-cost num">{move || stage_cost.get().map(|c| format!("{} / run", crate::format::usd(c)))}</span>
                <div class="stage-actions" role="group" aria-label=format!("Stage {} actions", i + 1) on:click=act>
                    <button type="button" class="icon" title="Move up" aria-label="Move stage up" data-action="up"
                        disabled=i == 0>"↑"</button>
                    <button type="button" class="icon" title="Move down" aria-label="Move stage down" data-action="down"
                        disabled=move || { i + 1 >= count.get() }>"↓"</button>
                    <button type="button" class="icon" title="Duplicate this stage" aria-label="Duplicate stage" data-action="duplicate">"Duplicate"</button>
                    <button type="button" class="icon danger" title="Remove this stage" aria-label="Remove stage" data-action="remove"
                        disabled=move || { count.get() <= 1 }>"Remove"</button>
                </div>
            </header>
            <div class="grid2">
                <TextField path=p(f::STAGE_NAME.key) label=f::STAGE_NAME.label />
                <SelectField path=p(f::KIND.key) label=f::KIND.label hint=f::KIND.hint
                    options=vec![("loop", "Agent loop"), ("fanout", "Fan-out calls")] />
            </div>
            // A row of its own: in a half-width column its choices were cut off.
            <SelectField path=p(f::LATENCY.key) label=f::LATENCY.label hint=f::LATENCY.hint
                options=vec![("interactive", "Someone waits (interactive)"), ("background", "Nobody waits (background)")] />

            <fieldset class="group">
                <legend>"Model & mix"</legend>
                <MixEditor i=i />
                <SelectField path=p(f::SERVICE_TIER.key) label=f::SERVICE_TIER.label hint=f::SERVICE_TIER.hint
                    options=vec![("standard", "Standard"), ("flex", "Flex (cheaper, slower)"), ("priority", "Priority (faster, dearer)"), ("fast", "Fast mode")] />
            </fieldset>

            <fieldset class="group">
                <legend>"Loop shape"</legend>
                <div class="grid2">
                    <super::ranges::TurnsField i=i is_loop=is_loop has_trace=has_trace />
                    {number_fields(&base, f::SHAPE, is_loop, has_trace)}
                </div>
            </fieldset>

            <fieldset class="group">
                <legend>"Caching"</legend>
                <div class="grid2">
                    <SelectField path=p(f::CACHE_MODE.key) label=f::CACHE_MODE.label hint=f::CACHE_MODE.hint
                        options=vec![("none", "None"), ("system", "System prompt"), ("conversation", "Whole conversation")] />
                    <SelectField path=p(f::CACHE_TTL.key) label=f::CACHE_TTL.label
                        options=vec![("5m", "5 minutes"), ("1h", "1 hour")]
                        live_hint=Signal::derive(move || ttl_hint.get()) />
                    {number_fields(&base, f::CACHING, is_loop, has_trace)}
                    <CheckField path=p(f::SHARED_PREFIX.key) label=f::SHARED_PREFIX.label hint=f::SHARED_PREFIX.hint />
                </div>
            </fieldset>

            <details class="group advanced">
                <summary>"Advanced: per-turn trace, history limit, retries"</summary>
                <div class="grid2">{number_fields(&base, f::ADVANCED, is_loop, has_trace)}</div>
                <TraceEditor i=i is_loop=is_loop />
            </details>
        </article>
    }
}

#[component]
fn MixEditor(i: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let mix_path = format!("stages.{i}.mix");
    let n = state.watch(&mix_path, |v| v.and_then(Value::as_array).map_or(0, Vec::len));
    // Setting one share rescales the others so that they keep adding up to 100 %.
    let set_share = {
        let p = mix_path.clone();
        move |j: usize, x: f64| state.edit_list(&p, |l| crate::draft::set_share(l, j, x))
    };
    let add = {
        let p = mix_path.clone();
        move |_| {
            let catalog = Catalog::builtin();
            state.edit_list(&p, |l| {
                let used = crate::draft::mix_models(l);
                // The next size of the first model's provider family not in the mix yet.
                let provider = used.first().and_then(|id| catalog.model(id)).map_or("", |m| m.provider.as_str());
                let next = ["small", "medium", "large"]
                    .iter()
                    .filter_map(|size| catalog.family(provider, size))
                    .map(|m| m.id.clone())
                    .find(|m| !used.contains(m))
                    .unwrap_or_else(|| catalog.default_model.clone());
                crate::draft::add_to_mix(l, &next);
            });
        }
    };
    let mix_msg_path = mix_path.clone();
    view! {
        <div class="mix" role="group" aria-label=f::MIX.label>
            {super::rows(move || n.get(), move |j| {
                let set_share = set_share.clone();
                let p = mix_path.clone();
                let entry = format!("{p}.{j}");
                view! {
                    <div class="mix-row">
                        <super::picker::ModelPicker path=format!("{entry}.model") label=format!("Model {}", j + 1) hide_label=true />
                        <NumberField path=format!("{entry}.{}", f::MIX_SHARE.key) label=f::MIX_SHARE.label unit=f::MIX_SHARE.unit num=f::MIX_SHARE.num
                            disabled=Signal::derive(move || n.get() <= 1)
                            on_number=Callback::new(move |x| set_share(j, x)) />
                        <button type="button" class="icon danger" aria-label=format!("Remove model {}", j + 1)
                            title="Remove this model" disabled=move || { n.get() <= 1 }
                            on:click=move |_| state.edit_list(&p, |l| crate::draft::remove_from_mix(l, j))>"✕"</button>
                    </div>
                }
            })}
            <super::fields::FieldMessage path=mix_msg_path />
            <button type="button" class="link" on:click=add>"+ Add a model to the mix"</button>
            <p class="hint">"Route a share of the runs to each model (a tier mix); shares always add up to 100 %."</p>
        </div>
    }
}

#[component]
fn TraceEditor(i: usize, is_loop: Signal<bool>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let turns_path = format!("stages.{i}.turns");
    let rows = state.watch(&turns_path, |v| v.and_then(Value::as_array).map(Vec::len));
    let iterations = state.watch(&format!("stages.{i}.iterations"), |v| v.and_then(Value::as_u64).unwrap_or(0));
    let toggle = {
        let p = turns_path.clone();
        move |ev: leptos::ev::Event| {
            if event_target_checked(&ev) {
                if let Some(st) = typed_stage(state, i) {
                    let trace = crate::scenario::Turn::list(&st.trace());
                    state.set(&p, trace);
                }
            } else {
                state.remove(&p);
            }
        }
    };
    let resize = move |more: bool| state.draft.update(|d| crate::draft::resize_trace(d, i, more));
    let checkbox_id = field_id(&format!("{turns_path}-toggle"));
    let too_long = memo(move || rows.get().is_none() && iterations.get() as usize > MAX_TRACE_ROWS);
    let tp = turns_path.clone();
    view! {
        <div class="trace">
            <div class="field check">
                <input type="checkbox" id=checkbox_id.clone() data-control="trace-toggle"
                    prop:checked=move || rows.get().is_some() disabled=move || too_long.get() on:change=toggle />
                <label for=checkbox_id><span class="label-text">"Edit turn by turn (a measured trace)"</span></label>
                <p class="hint">
                    {move || if too_long.get() {
                        format!("Traces of more than {MAX_TRACE_ROWS} turns are edited in a scenario file.")
                    } else {
                        "Each turn's own output and tool result replace the per-turn sizes and growth above.".to_string()
                    }}
                </p>
            </div>
            <super::fields::FieldMessage path=tp />
            {super::when(move || rows.get().is_some(), move || view! {
                <div class="table-scroll">
                    <table class="trace-table">
                        <thead><tr>
                            <th scope="col">"Turn"</th>
                            <th scope="col" class="num">"Output (tokens)"</th>
                            {super::when(move || is_loop.get(), move || view! {<th scope="col" class="num">"Tool result (tokens)"</th>})}
                        </tr></thead>
                        <tbody>
                            {super::rows(move || rows.get().unwrap_or(0), move |k| {
                                let row = format!("stages.{i}.turns.{k}");
                                let last = memo(move || k + 1 == rows.get().unwrap_or(0));
                                view! {
                                    <tr>
                                        <th scope="row">{k + 1}</th>
                                        <td><CompactNumber path=format!("{row}.{}", TRACE_OUTPUT.key) label=format!("Turn {} {}", k + 1, TRACE_OUTPUT.label) /></td>
                                        {super::when(move || is_loop.get(), move || view! {
                                            <td>
                                                {move || if last.get() {
                                                    view! { <span class="muted">"— (last turn)"</span> }.into_any()
                                                } else {
                                                    view! { <CompactNumber path=format!("stages.{i}.turns.{k}.{}", TRACE_TOOL.key) label=format!("Turn {} {}", k + 1, TRACE_TOOL.label) /> }.into_any()
                                                }}
                                            </td>
                                        })}
                                    </tr>
                                }
                            })}
                        </tbody>
                    </table>
                </div>
                <div class="row-actions">
                    <button type="button" class="secondary" on:click=move |_| resize(true)>"+ Add a turn"</button>
                    <button type="button" class="secondary" on:click=move |_| resize(false) disabled=move || { rows.get().unwrap_or(0) <= 1 }>"− Remove the last turn"</button>
                </div>
            })}
        </div>
    }
}

/// A number input for table cells: the label is for screen readers only.
#[component]
fn CompactNumber(#[prop(into)] path: String, #[prop(into)] label: String) -> impl IntoView {
    view! { <div class="compact"><NumberField path=path label=label /></div> }
}

#[component]
fn TrafficCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let batch_hint =
        memo(move || state.scenario.with(|s| s.as_ref().map(super::prices::batch_hint).unwrap_or_default()));
    let c = Catalog::builtin();
    view! {
        <section class="card" aria-labelledby="traffic-title">
            <h3 id="traffic-title">"Traffic & budget"</h3>
            <div class="grid2">
                {number_fields("", f::TRAFFIC, Signal::stored(true), Signal::stored(false))}
                <NumberField path=f::BATCH_SHARE.key label=f::BATCH_SHARE.label unit=f::BATCH_SHARE.unit
                    num=f::BATCH_SHARE.num live_hint=Signal::derive(move || batch_hint.get()) />
                <super::fields::DateField path=f::PRICES_AS_OF.key label=f::PRICES_AS_OF.label
                    hint=format!("Empty: the catalog's date ({}). Prices known to change later show in the 12-month projection.", c.version) />
            </div>
        </section>
    }
}

#[component]
fn RouterCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let on = memo(move || state.get("router").is_some());
    let toggle = move |ev: leptos::ev::Event| {
        if event_target_checked(&ev) {
            // The smallest model of the first stage's provider: a router is a small call.
            let catalog = Catalog::builtin();
            let first =
                state.get("stages.0.mix.0.model").and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            let provider = catalog.model(&first).map_or("", |m| m.provider.as_str()).to_string();
            let model = catalog.family(&provider, "small").map_or(catalog.default_model.clone(), |m| m.id.clone());
            state.set("router", json!({"model": model, "input_tokens": 400, "output_tokens": 10}));
        } else {
            state.remove("router");
        }
    };
    view! {
        <details class="card advanced" aria-label="Router">
            <summary><h3>"Router call"</h3><span class="muted">{move || if on.get() { "on" } else { "off" }}</span></summary>
            <div class="field check">
                <input type="checkbox" id="router-toggle" data-control="router-toggle" prop:checked=move || on.get() on:change=toggle />
                <label for="router-toggle"><span class="label-text">"Classify each run first"</span></label>
                <p class="hint">"One small call per run that picks the route, billed as fresh input."</p>
            </div>
            {super::when(move || on.get(), move || view! {
                <div class="grid2">
                    <super::picker::ModelPicker path=f::ROUTER_MODEL.key label=f::ROUTER_MODEL.label />
                    {number_fields("", f::ROUTER, Signal::stored(true), Signal::stored(false))}
                </div>
            })}
        </details>
    }
}

#[component]
fn CustomModels() -> impl IntoView {
    let state = expect_context::<AppState>();
    let catalog = Catalog::builtin();
    let n = memo(move || state.len("prices"));
    // The catalog model a new one starts from: stage 1's model until another is chosen.
    let chosen = RwSignal::new(None::<String>);
    let first = state.watch("stages.0.mix.0.model", |v| v.and_then(Value::as_str).map(str::to_string));
    let start = memo(move || {
        chosen
            .get()
            .or_else(|| first.get())
            .filter(|id| catalog.model(id).is_some())
            .unwrap_or_else(|| catalog.default_model.clone())
    });
    let add = move |_| {
        if let Some(m) = catalog.model(&start.get_untracked()) {
            let v = crate::draft::custom_model_from(m, catalog, state.len("prices") + 1);
            state.edit_list("prices", |l| l.push(v));
        }
    };
    let initial = start.get_untracked();
    let groups = catalog
        .providers
        .iter()
        .map(|p| {
            let models = catalog
                .models
                .iter()
                .filter(|m| m.provider == p.id && m.status != crate::catalog::Status::Retired)
                .map(|m| view! { <option value=m.id.clone() selected=m.id == initial>{m.label().to_string()}</option> })
                .collect_view();
            view! { <optgroup label=p.name.clone()>{models}</optgroup> }
        })
        .collect_view();
    view! {
        <details class="card advanced" aria-label="Custom models">
            <summary><h3>"Custom models and prices"</h3><span class="muted">{move || match n.get() { 0 => "none".to_string(), k => format!("{k}") }}</span></summary>
            <p class="hint">"Add a model the catalog lacks, or give an existing id to override its prices. Prices are USD per million tokens. A new model starts from a catalog model; its cache prices follow its input price at its provider's rates until you set them."</p>
            {super::rows(move || n.get(), move |k| view! { <CustomModel k=k /> })}
            <div class="custom-add">
                <div class="field">
                    <label for="custom-from"><span class="label-text">"Start from"</span></label>
                    <select id="custom-from" data-control="custom-from" prop:value=move || start.get()
                        on:change=move |ev| chosen.set(Some(event_target_value(&ev)))>
                        {groups}
                    </select>
                </div>
                <button type="button" class="secondary" data-action="add-custom" on:click=add>"+ Add a custom model"</button>
            </div>
        </details>
    }
}

/// Custom model `k`: its id, name and provider; its prices, the cache prices saying whether they
/// follow the input price at the provider's rates or were set; its limits and long context.
#[component]
fn CustomModel(k: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let catalog = Catalog::builtin();
    let base = format!("prices.{k}");
    let p = move |f: &str| format!("prices.{k}.{f}");
    // Input and provider: the cache prices still derived follow them.
    let follow = move |key: &'static str, v: Value| {
        let path = format!("prices.{k}");
        if let Some(mut m) = state.get(&path) {
            crate::draft::set_custom_model(catalog, &mut m, key, v);
            state.set(&path, m);
        }
    };
    let mut providers: Vec<(&'static str, &'static str)> =
        catalog.providers.iter().map(|p| (p.id.as_str(), p.name.as_str())).collect();
    providers.push(("other", "Another provider"));
    let provider_name = state.watch(&p("provider"), move |v| {
        let id = v.and_then(Value::as_str).unwrap_or_default();
        catalog.provider(id).map(|p| p.name.clone())
    });
    let cache_fields = f::RATES[2..]
        .iter()
        .map(|field: &Field| {
            let key = field.key;
            let hint = Signal::derive(move || {
                let Some(m) = state.get(&format!("prices.{k}")) else { return String::new() };
                let Some(name) = provider_name.get() else {
                    return "Set by you (no rate known for this provider).".to_string();
                };
                match crate::draft::derived_cache_price(catalog, &m, key) {
                    Some(d) if crate::draft::cache_price_is_derived(catalog, &m, key) => {
                        format!(
                            "Derived: {} at {name}'s rate; follows the input price until you type one.",
                            crate::format::per_mtok(d)
                        )
                    }
                    Some(d) => format!("Set by you; at {name}'s rate it would be {}.", crate::format::per_mtok(d)),
                    None => format!("Set by you ({name} publishes no such price)."),
                }
            });
            view! {
                <NumberField path=p(key) label=field.label unit=field.unit num=field.num live_hint=hint />
            }
        })
        .collect_view();
    let input = f::RATES[0];
    let output = f::RATES[1];
    view! {
        <fieldset class="group custom-model" data-custom=k.to_string()>
            <legend>{format!("Custom model {}", k + 1)}</legend>
            <div class="grid2">
                <TextField path=p(f::MODEL_NAME.key) label=f::MODEL_NAME.label />
                <TextField path=p(f::MODEL_ID.key) label=f::MODEL_ID.label hint=f::MODEL_ID.hint />
                <SelectField path=p(f::PROVIDER.key) label=f::PROVIDER.label options=providers
                    on_value=Callback::new(move |v: String| follow("provider", Value::String(v))) />
                <NumberField path=p(input.key) label=input.label unit=input.unit num=input.num
                    on_number=Callback::new(move |x: f64| follow("input", json_number(x))) />
                <NumberField path=p(output.key) label=output.label unit=output.unit num=output.num />
                {cache_fields}
                {number_fields(&base, f::MODEL_LIMITS, Signal::stored(true), Signal::stored(false))}
            </div>
            <LongContextEditor k=k />
            <button type="button" class="link danger" on:click=move |_| state.edit_list("prices", |l| { if k < l.len() { l.remove(k); } })>
                "Remove this model"
            </button>
        </fieldset>
    }
}

/// Long-context pricing of custom model `k`: off, or a threshold and the rates above it.
#[component]
fn LongContextEditor(k: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let path = format!("prices.{k}.{}", f::LONG_CONTEXT.key);
    let on = state.watch(&path, |v| v.is_some_and(Value::is_object));
    let toggle = {
        let path = path.clone();
        move |ev: leptos::ev::Event| {
            if !event_target_checked(&ev) {
                state.remove(&path);
                return;
            }
            // Start from the model's own rates (to be raised) and the catalog's most common threshold.
            let catalog = Catalog::builtin();
            let mut starts: Vec<u64> = catalog
                .models
                .iter()
                .filter_map(|m| m.period(catalog.date).standard.tiers.first().map(|t| t.start))
                .collect();
            starts.sort_unstable();
            let threshold = starts.chunk_by(|a, b| a == b).max_by_key(|c| c.len()).map_or(0, |c| c[0]);
            let mut block = json!({ "threshold_tokens": threshold });
            if let Some(o) = block.as_object_mut() {
                for f in crate::catalog::RATE_FIELDS {
                    o.insert(f.into(), state.get(&format!("prices.{k}.{f}")).unwrap_or(json!(0)));
                }
            }
            state.set(&path, block);
        }
    };
    let id = field_id(&format!("{path}-toggle"));
    let fields = path.clone();
    view! {
        <div class="field check">
            <input type="checkbox" id=id.clone() data-control="long-context-toggle" prop:checked=move || on.get() on:change=toggle />
            <label for=id><span class="label-text">{f::LONG_CONTEXT.label}</span></label>
            <p class="hint">"Higher rates for every token of a request whose prompt passes a threshold."</p>
        </div>
        <super::fields::FieldMessage path=path />
        {super::when(move || on.get(), move || view! {
            <div class="grid2">
                {number_fields(&fields, LONG_CONTEXT, Signal::stored(true), Signal::stored(false))}
                {number_fields(&fields, f::RATES, Signal::stored(true), Signal::stored(false))}
            </div>
        })}
    }
}
