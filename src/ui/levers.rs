//! "What should I change?": the levers table, the best lever highlighted, and the scale table.

use super::memo;
use super::state::AppState;
use crate::format::{compact, pct, usd};
use leptos::prelude::*;

#[component]
pub fn Levers() -> impl IntoView {
    let state = expect_context::<AppState>();
    let n = memo(move || state.levers.with(Vec::len));
    let varies = memo(move || state.eval.with(|e| e.as_ref().is_some_and(|e| e.range.is_some())));
    let best = memo(move || {
        state
            .levers
            .with(|l| l.iter().find(|l| l.best).map(|l| (l.label.clone(), l.monthly_savings_usd, l.savings_share)))
    });
    // A lever that would save more but changes what the product is: named beside the best.
    let bigger = memo(move || {
        state.levers.with(|l| {
            let best = l.iter().find(|l| l.best).map_or(0.0, |b| b.monthly_savings_usd);
            l.iter()
                .filter(|l| l.changes_product && !l.current && l.monthly_savings_usd > best)
                .max_by(|a, b| a.monthly_savings_usd.total_cmp(&b.monthly_savings_usd))
                .map(|l| (l.label.clone(), l.monthly_savings_usd))
        })
    });
    view! {
        <section class="card levers" aria-labelledby="levers-title">
            <h2 id="levers-title">"What to change"</h2>
            <p class="muted">
                "The scenario against itself, one lever changed at a time (for every stage), with what each costs besides money. A lever that changes what the product is can save the most and still not be the best."
                {move || varies.get().then_some(" Turns vary: the costs compared are averages.")}
            </p>
            // Built once; an edit changes the texts only.
            {super::when(move || best.with(Option::is_some), move || {
                let part = move |f: fn(&(String, f64, f64)) -> String| move || best.with(|b| b.as_ref().map(f).unwrap_or_default());
                view! {
                    <p class="best-callout">
                        <strong>"Best lever: "</strong>{part(|b| b.0.clone())}" saves "
                        <strong class="num">{part(|b| usd(b.1))}</strong>" a month ("{part(|b| pct(b.2))}")."
                    </p>
                }
            })}
            {super::when(move || bigger.with(Option::is_some), move || view! {
                <p class="muted" data-status="changes-product">
                    {move || bigger.with(|b| b.as_ref().map(|(label, saved)| {
                        format!("{label} would save {} a month, but changes the product: see its row.", usd(*saved))
                    }).unwrap_or_default())}
                </p>
            })}
            <div class="table-scroll" tabindex="0" role="region" aria-label="Levers">
                <table data-table="levers">
                    <thead>
                        <tr>
                            <th scope="col">"Lever"</th>
                            <th scope="col" class="num">"Per run"<small>"USD"</small></th>
                            <th scope="col" class="num">"Per month"<small>"USD"</small></th>
                            <th scope="col" class="num">"Saves a month"<small>"USD"</small></th>
                            <th scope="col" class="num">"Saves"<small>"%"</small></th>
                        </tr>
                    </thead>
                    <tbody>
                        {super::rows(move || n.get(), |k| view! { <LeverRow k=k /> })}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn LeverRow(k: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let l = memo(move || state.levers.with(|l| l.get(k).cloned()));
    // The badges follow these only, not every figure of the row.
    let flags = memo(move || l.with(|l| l.as_ref().map(|l| (l.current, l.best, l.changes_product))));
    let num = |x: f64| usd(x).replacen('$', "", 1);
    view! {
        <tr class:best=move || l.with(|l| l.as_ref().is_some_and(|l| l.best))
            class:current=move || l.with(|l| l.as_ref().is_some_and(|l| l.current))
            class:worse=move || { l.with(|l| l.as_ref().is_some_and(|l| l.monthly_savings_usd < -1e-12)) }
            data-lever=move || l.with(|l| l.as_ref().map(|l| l.id.clone()).unwrap_or_default())>
            <th scope="row">
                {move || l.with(|l| l.as_ref().map(|l| l.label.clone()).unwrap_or_default())}
                {move || flags.get().map(|(current, best, changes)| view! {
                    {current.then(|| view! { <span class="badge">"current"</span> })}
                    {best.then(|| view! { <span class="badge best">"best"</span> })}
                    {changes.then(|| view! { <span class="badge changes">"changes the product"</span> })}
                })}
                {move || l.with(|l| l.as_ref().map(|l| l.note.clone()).filter(|n| !n.is_empty()))
                    .map(|n| view! { <small class="lever-note">{n}</small> })}
                <small class="lever-tradeoff" data-tradeoff="">{move || l.with(|l| l.as_ref().map(|l| l.tradeoff.clone()).unwrap_or_default())}</small>
            </th>
            <td class="num">{move || l.with(|l| l.as_ref().map(|l| num(l.cost_per_run)).unwrap_or_default())}</td>
            <td class="num">{move || l.with(|l| l.as_ref().map(|l| num(l.monthly_usd)).unwrap_or_default())}</td>
            <td class="num">{move || l.with(|l| l.as_ref().map(|l| signed(l.monthly_savings_usd, num)).unwrap_or_default())}</td>
            <td class="num">{move || l.with(|l| l.as_ref().map(|l| signed(l.savings_share, pct)).unwrap_or_default())}</td>
        </tr>
    }
}

/// A saving shown with `show`: "—" for none, a minus sign (not a hyphen) for a cost.
fn signed(x: f64, show: fn(f64) -> String) -> String {
    if x.abs() < 5e-13 {
        "—".to_string()
    } else if x < 0.0 {
        format!("−{}", show(-x))
    } else {
        show(x)
    }
}

#[component]
pub fn Scale() -> impl IntoView {
    let state = expect_context::<AppState>();
    let points = state.scale;
    let n_points = memo(move || points.with(Vec::len));
    let varies = memo(move || state.eval.with(|e| e.as_ref().is_some_and(|e| e.range.is_some())));
    let note = memo(move || {
        points.with(|p| {
            let (first, last) = (p.first()?, p.last()?);
            let change = last.cost_per_run / first.cost_per_run - 1.0;
            Some(if change.abs() < 0.005 {
                "Cost per run is the same at every traffic level here: nothing in this scenario depends on how warm shared caches are.".to_string()
            } else {
                format!(
                    "Cost per run goes from {} at {} runs a day to {} at {} ({}): the busier the scenario, the more often other runs have left the prefix warm.",
                    usd(first.cost_per_run),
                    compact(first.runs_per_day),
                    usd(last.cost_per_run),
                    compact(last.runs_per_day),
                    if change < 0.0 { format!("−{}", pct(-change)) } else { format!("+{}", pct(change)) }
                )
            })
        })
    });
    view! {
        <section class="card scale" aria-labelledby="scale-title">
            <h2 id="scale-title">"At other traffic levels"</h2>
            <p class="muted">
                {move || note.get().unwrap_or_default()}
                {move || varies.get().then_some(" Turns vary: these are average costs.")}
            </p>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Scale">
                <table data-table="scale">
                    <thead>
                        <tr>
                            <th scope="col" class="num">"Runs a day"</th>
                            <th scope="col" class="num">"Per run"<small>"USD"</small></th>
                            <th scope="col" class="num">"Per day"<small>"USD"</small></th>
                            <th scope="col" class="num">"Per month"<small>"USD"</small></th>
                            <th scope="col" class="num">"Prefix warm at start"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {super::rows(move || n_points.get(), move |k| {
                            let p = memo(move || points.with(|p| p.get(k).cloned()));
                            let num = |x: f64| usd(x).replacen('$', "", 1);
                            view! {
                                <tr>
                                    <th scope="row" class="num">{move || p.with(|p| p.as_ref().map(|p| compact(p.runs_per_day)).unwrap_or_default())}</th>
                                    <td class="num">{move || p.with(|p| p.as_ref().map(|p| num(p.cost_per_run)).unwrap_or_default())}</td>
                                    <td class="num">{move || p.with(|p| p.as_ref().map(|p| num(p.daily_usd)).unwrap_or_default())}</td>
                                    <td class="num">{move || p.with(|p| p.as_ref().map(|p| num(p.monthly_usd)).unwrap_or_default())}</td>
                                    <td class="num">{move || p.with(|p| p.as_ref().map(|p| pct(p.warm_probability)).unwrap_or_default())}</td>
                                </tr>
                            }
                        })}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
pub fn Warnings() -> impl IntoView {
    let state = expect_context::<AppState>();
    let warnings = memo(move || state.eval.with(|e| e.as_ref().map(|e| e.warnings.clone()).unwrap_or_default()));
    // Keyed by what a warning is about (and which of its kind, when several share that): an
    // edit that rewords one (a new figure, a renamed stage) changes its text, not the list.
    type Key = (&'static str, Option<usize>, Option<String>, usize);
    let keys = |ws: &[crate::engine::Warning]| -> Vec<Key> {
        let mut keys: Vec<Key> = Vec::with_capacity(ws.len());
        for w in ws {
            let nth = keys.iter().filter(|k| k.0 == w.kind.as_str() && k.1 == w.stage && k.2 == w.model).count();
            keys.push((w.kind.as_str(), w.stage, w.model.clone(), nth));
        }
        keys
    };
    let each = move || warnings.with(|ws| keys(ws));
    let item = move |k: Key| {
        let (kind, stage) = (k.0, k.1);
        let text = memo(move || {
            let message = warnings
                .with(|ws| keys(ws).iter().position(|x| *x == k).map(|i| ws[i].message.clone()).unwrap_or_default());
            let name = state.eval.with(|e| stage.and_then(|i| e.as_ref()?.stages.get(i).map(|s| s.name.clone())));
            (name.map(|n| format!("{n}: ")), message)
        });
        view! {
            <li class=format!("warning {kind}") data-warning=kind>
                {move || text.with(|t| t.0.clone()).map(|n| view! { <strong>{n}</strong> })}
                {move || text.with(|t| t.1.clone())}
            </li>
        }
    };
    view! {
        {super::when(move || !warnings.with(Vec::is_empty), move || view! {
            <section class="card warnings" aria-labelledby="warnings-title">
                <h2 id="warnings-title">"Check these"</h2>
                <ul role="status">
                    <For each=each key=|k: &Key| k.clone() children=item />
                </ul>
            </section>
        })}
    }
}
