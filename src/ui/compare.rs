//! "What would this loop cost on another model?": the whole scenario (every stage, its caching,
//! its traffic) evaluated by the engine on each model a user would consider, each provider's
//! cache rules applied, sortable, with "use this model". Computed only while open.

use super::memo;
use super::state::AppState;
use crate::catalog::{Catalog, Status};
use crate::engine::{self, Comparison};
use crate::format::{pct, usd};
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Key {
    Model,
    Provider,
    Cost,
}

#[component]
pub fn Compare() -> impl IntoView {
    let state = expect_context::<AppState>();
    let c = Catalog::builtin();
    let open = RwSignal::new(false);
    let all = RwSignal::new(false);
    let sort = RwSignal::new((Key::Cost, true));
    let rows = memo(move || {
        if !open.get() {
            return Vec::new();
        }
        let everything = all.get();
        state.scenario.with(|s| {
            let Some(s) = s.as_ref().filter(|s| engine::work(s) <= engine::PAGE_VARIANTS_WORK_LIMIT) else {
                return Vec::new();
            };
            let ids: Vec<&str> = if everything {
                c.models.iter().filter(|m| m.status == Status::Current).map(|m| m.id.as_str()).collect()
            } else {
                engine::featured(c)
            };
            engine::compare(s, c, &ids)
        })
    });
    let sorted = memo(move || {
        let (key, asc) = sort.get();
        let mut r: Vec<Comparison> = rows.get();
        r.sort_by(|a, b| {
            let o = match key {
                Key::Model => a.name.cmp(&b.name),
                Key::Provider => a.provider.cmp(&b.provider).then(a.monthly_usd.total_cmp(&b.monthly_usd)),
                Key::Cost => a.monthly_usd.total_cmp(&b.monthly_usd),
            };
            if asc { o } else { o.reverse() }
        });
        r
    });
    let n = memo(move || sorted.with(Vec::len));
    let header = move |key: Key, label: &'static str, num: bool| {
        let aria = move || match sort.get() {
            (k, true) if k == key => "ascending",
            (k, false) if k == key => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" class:num=num aria-sort=aria>
                <button type="button" class="sort" data-sort=label
                    on:click=move |_| sort.update(|(k, asc)| if *k == key { *asc = !*asc } else { *k = key; *asc = true })>
                    {label}
                    <span aria-hidden="true">{move || match sort.get() { (k, true) if k == key => " ▲", (k, false) if k == key => " ▼", _ => "" }}</span>
                </button>
            </th>
        }
    };
    let use_model = move |id: String| {
        let Some(s) = state.scenario.get_untracked() else { return };
        let Some(m) = s.model(c, &id).cloned() else { return };
        let (v, _) = engine::on_model(&s, c, &m);
        state.load(&v);
    };
    view! {
        <details class="card compare" aria-label="Compare models" on:toggle=move |ev| {
            open.set(super::browser::details_open(&ev));
        }>
            <summary><h2>"Compare models on this scenario"</h2></summary>
            <p class="muted">
                "Every stage on one model, with that provider's cache rules (minimum cacheable size, TTLs, write prices) and its batch prices; the router keeps its model. Cheapest first."
            </p>
            <div class="field check">
                <input type="checkbox" id="compare-all" data-control="compare-all" prop:checked=move || all.get()
                    on:change=move |ev| all.set(event_target_checked(&ev)) />
                <label for="compare-all"><span class="label-text">"All current models (not only the usual ones)"</span></label>
            </div>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Model comparison">
                <table data-table="compare">
                    <thead><tr>
                        {header(Key::Model, "Model", false)}
                        {header(Key::Provider, "Provider", false)}
                        {header(Key::Cost, "Per run", true)}
                        <th scope="col" class="num">"Per month"<small>"USD"</small></th>
                        <th scope="col" class="num">"Against now"</th>
                        <th scope="col"><span class="visually-hidden">"Action"</span></th>
                    </tr></thead>
                    <tbody>
                        {super::rows(move || n.get(), move |k| {
                            let r = memo(move || sorted.with(|r| r.get(k).cloned()));
                            let text = move |f: fn(&Comparison) -> String| move || r.with(|r| r.as_ref().map(f).unwrap_or_default());
                            view! {
                                <tr data-model=text(|r| r.model.clone()) class:current=move || r.with(|r| r.as_ref().is_some_and(|r| r.current))>
                                    <th scope="row">
                                        {text(|r| r.name.clone())}
                                        {move || r.with(|r| r.as_ref().map(|r| r.current)).unwrap_or(false).then(|| view! { <span class="badge">"current"</span> })}
                                        {move || r.with(|r| r.as_ref().map(|r| {
                                            let mut notes = Vec::new();
                                            if !r.note.is_empty() { notes.push(r.note.clone()); }
                                            if r.overflow { notes.push("a request does not fit its context window".into()); }
                                            if let Some(e) = &r.error { notes.push(e.clone()); }
                                            notes.join("; ")
                                        })).filter(|n| !n.is_empty()).map(|n| view! { <small class="lever-note">{n}</small> })}
                                    </th>
                                    <td>{text(|r| Catalog::builtin().provider(&r.provider).map_or(r.provider.clone(), |p| p.name.clone()))}</td>
                                    <td class="num">{text(|r| usd(r.cost_per_run))}</td>
                                    <td class="num">{text(|r| usd(r.monthly_usd))}</td>
                                    <td class="num">{text(|r| {
                                        let now = r.monthly_usd + r.monthly_savings_usd;
                                        if !r.monthly_usd.is_finite() || now <= 0.0 || r.current { "—".into() }
                                        else if r.monthly_savings_usd >= 0.0 { format!("−{}", pct(r.monthly_savings_usd / now)) }
                                        else { format!("+{}", pct(-r.monthly_savings_usd / now)) }
                                    })}</td>
                                    <td>
                                        <button type="button" class="secondary small" data-action="use-model"
                                            disabled=move || r.with(|r| r.as_ref().is_none_or(|r| r.current || r.error.is_some()))
                                            on:click=move |_| if let Some(id) = r.with_untracked(|r| r.as_ref().map(|r| r.model.clone())) { use_model(id) }>
                                            "Use this model"
                                        </button>
                                    </td>
                                </tr>
                            }
                        })}
                    </tbody>
                </table>
            </div>
        </details>
    }
}
