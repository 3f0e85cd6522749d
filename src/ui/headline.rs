//! The headline: what a run costs, and a month of them; the budget; where the tokens go; and
//! "how?" for each figure. Always visible (sticky on a wide screen).

use super::fields::field_id;
use super::memo;
use super::state::AppState;
use crate::engine::Evaluation;
use crate::format::{pct, times, tokens, usd};
use crate::scenario::fields::place;
use leptos::prelude::*;

/// One figure: `data-metric` names it, `data-value` holds it unrounded.
#[component]
fn Figure(
    #[prop(into)] metric: &'static str,
    value: Memo<Option<f64>>,
    format: fn(f64) -> String,
    #[prop(into)] label: String,
    #[prop(optional)] big: bool,
) -> impl IntoView {
    view! {
        <div class="figure" class:big=big>
            <div class="figure-value num" data-metric=metric data-value=move || value.get().map(|v| v.to_string()).unwrap_or_default()>
                {move || value.get().map(format).unwrap_or_else(|| "—".into())}
            </div>
            <div class="figure-label">{label}</div>
            {super::when(move || value.with(Option::is_some), move || view! { <How metric=metric more=true /> })}
        </div>
    }
}

/// "How?": the engine's explanation of `metric`, step by step. Its lines are built when it is
/// opened (and dropped when closed): a closed one costs nothing on each edit.
#[component]
fn How(metric: &'static str, #[prop(optional)] more: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = RwSignal::new(false);
    view! {
        <details class="explain" on:toggle=move |ev| {
            open.set(super::browser::details_open(&ev));
        }>
            <summary>"How?"</summary>
            {super::when(move || open.get(), move || {
                let lines = memo(move || {
                    state.explain.with(|x| x.iter().find(|x| x.metric == metric).map(|x| x.lines.clone()).unwrap_or_default())
                });
                view! { <ul>{move || lines.get().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> }
            })}
            {more.then(|| view! {
                <p class="explain-more"><a href="cost-model.md" target="_blank">"Every rule, with worked examples"</a></p>
            })}
        </details>
    }
}

fn pick(state: AppState, f: fn(&Evaluation) -> Option<f64>) -> Memo<Option<f64>> {
    memo(move || state.eval.with(|e| e.as_ref().and_then(f)))
}

/// `compact`: for the widget, without the share bar.
#[component]
pub fn Headline(#[prop(optional)] compact: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let cost = pick(state, |e| Some(e.run.cost_usd));
    let daily = pick(state, |e| Some(e.daily_usd));
    let monthly = pick(state, |e| Some(e.monthly_usd));
    let naive = pick(state, |e| Some(e.naive_cost_usd));
    let ratio = pick(state, |e| e.real_over_naive);
    let budget = pick(state, |e| e.budget_used);
    let budget_usd = pick(state, |e| e.budget_monthly_usd);
    let runs = pick(state, |e| Some(e.runs_per_day));
    let days = pick(state, |e| Some(e.days_per_month));
    let overflow = memo(move || {
        state.eval.with(|e| {
            e.as_ref().and_then(|e| {
                e.warnings
                    .iter()
                    .find(|w| w.kind == crate::engine::WarningKind::ContextOverflow)
                    .map(|w| (w.message.clone(), e.overflows.len()))
            })
        })
    });
    // When turns vary: the chance of going over the budget in a month.
    let exceed = memo(move || {
        state.eval.with(|e| {
            let e = e.as_ref()?;
            let r = e.range.as_ref()?;
            let p = r.budget_exceed_probability?;
            Some((p, r.words(e.run.cost_usd, e.budget_monthly_usd).budget?))
        })
    });
    let level = move || match budget.get() {
        Some(u) if u >= 1.0 => "over",
        Some(u) if u >= 0.8 => "warn",
        Some(u) if u >= 0.5 => "notice",
        _ => "ok",
    };
    view! {
        <section class="headline" aria-labelledby="headline-title" class:stale=move || state.stale.get()>
            <h2 id="headline-title" class="visually-hidden">"What it costs"</h2>
            <super::share::Notices />
            <StaleNote />
            <div class="figures">
                <Figure metric="cost_per_run" value=cost format=usd label="per run" big=true />
                <Figure metric="daily_usd" value=daily format=usd label="per day" />
                <Figure metric="monthly_usd" value=monthly format=usd label="per month" />
            </div>
            <p class="daily-note muted">
                {move || {
                    let (r, d) = (runs.get(), days.get());
                    format!(
                        "{} run{} a day × {} day{} a month",
                        r.map(tokens).unwrap_or_default(),
                        if r == Some(1.0) { "" } else { "s" },
                        d.map(|d| d.to_string()).unwrap_or_default(),
                        if d == Some(1.0) { "" } else { "s" },
                    )
                }}
            </p>
            <RangeLine />
            {move || overflow.get().map(|(msg, n)| view! {
                <p class="overflow" role="alert">
                    <strong>"Context overflow: "</strong>{msg}
                    {(n > 1).then(|| format!(" (and {} more)", n - 1))}
                </p>
            })}
            <div class="naive">
                <span class="ratio num">{move || ratio.get().map(times).unwrap_or_else(|| "—".into())}</span>
                " the naive estimate of "
                <span class="num" data-metric="naive_cost_per_run" data-value=move || naive.get().map(|v| v.to_string()).unwrap_or_default()>
                    {move || naive.get().map(usd).unwrap_or_default()}
                </span>
                " a run (one request per stage, no loop)"
                <NaiveExplain />
            </div>
            {super::when(move || budget.get().is_some(), move || view! {
                <div class=move || format!("budget level-{}", level())>
                    <div class="budget-text">
                        <span class="num" data-metric="budget_used" data-value=move || budget.get().map(|v| v.to_string()).unwrap_or_default()>
                            {move || budget.get().map(pct).unwrap_or_default()}
                        </span>
                        {move || format!(" of the {} monthly budget", budget_usd.get().map(usd).unwrap_or_default())}
                        {move || match level() {
                            "over" => " — over budget",
                            "warn" => " — above 80 %",
                            "notice" => " — above 50 %",
                            _ => "",
                        }}
                        {move || exceed.get().map(|(p, text)| view! {
                            <span class="exceed">
                                " · "
                                <span class="num" data-metric="budget_exceed_probability" data-value=p.to_string()>{text}</span>
                            </span>
                        })}
                    </div>
                    <div class="meter" role="meter" aria-label="Budget used" aria-valuemin="0" aria-valuemax="100"
                        aria-valuenow=move || budget.get().map(|u| format!("{:.0}", u * 100.0)).unwrap_or_default()>
                        <div class="meter-fill" style:width=move || format!("{:.1}%", budget.get().unwrap_or(0.0).min(1.0) * 100.0)></div>
                        <span class="tick t50"></span>
                        <span class="tick t80"></span>
                    </div>
                </div>
            })}
            <TokenSplit />
            {(!compact).then(|| view! { <super::share::ShareBar /> })}
        </section>
    }
}

/// When turns vary (spec 10): the figures above are averages; the range of a run and of a month,
/// and what the long tail adds.
#[component]
fn RangeLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    let words = memo(move || {
        state.eval.with(|e| {
            let e = e.as_ref()?;
            let r = e.range.as_ref()?;
            Some((r.clone(), r.words(e.run.cost_usd, e.budget_monthly_usd)))
        })
    });
    // Built once while turns vary; an edit updates the figures in place.
    let shown = memo(move || words.with(Option::is_some));
    let field =
        move |f: fn(&crate::engine::Range) -> f64| memo(move || words.with(|w| w.as_ref().map_or(0.0, |(r, _)| f(r))));
    let (p10, p50, p90) = (field(|r| r.p10_usd), field(|r| r.p50_usd), field(|r| r.p90_usd));
    let (m10, m90, at_mean) =
        (field(|r| r.monthly_p10_usd), field(|r| r.monthly_p90_usd), field(|r| r.cost_at_mean_iterations_usd));
    let sampled = memo(move || {
        words.with(|w| w.as_ref().is_some_and(|(r, _)| r.percentiles == crate::engine::Percentiles::Sampled))
    });
    let tail = memo(move || words.with(|w| w.as_ref().map(|(_, w)| w.tail.clone()).unwrap_or_default()));
    move || {
        shown.get().then(|| {
            view! {
                <p class="range-line" data-status="range">
                    <strong>"Turns vary: these are averages. "</strong>
                    "A run: "
                    <span class="num" data-metric="p10_usd" data-value=move || p10.get().to_string()>{move || usd(p10.get())}</span>
                    " – "
                    <span class="num" data-metric="p90_usd" data-value=move || p90.get().to_string()>{move || usd(p90.get())}</span>
                    " (p10 – p90, median "
                    <span class="num" data-metric="p50_usd" data-value=move || p50.get().to_string()>{move || usd(p50.get())}</span>
                    {move || {
                        sampled.get().then(|| format!(", from {} seeded draws", crate::format::group(crate::engine::SAMPLES as u64)))
                    }}
                    "); "
                    <span data-metric="cost_at_mean_iterations_usd" data-value=move || at_mean.get().to_string()>{move || tail.get()}</span>
                    ". A month: "
                    <span class="num" data-metric="monthly_p10_usd" data-value=move || m10.get().to_string()>{move || usd(m10.get().max(0.0))}</span>
                    " – "
                    <span class="num" data-metric="monthly_p90_usd" data-value=move || m90.get().to_string()>{move || usd(m90.get())}</span>
                    " (p10 – p90)."
                </p>
            }
        })
    }
}

#[component]
fn NaiveExplain() -> impl IntoView {
    view! { <How metric="naive_cost_per_run" /> }
}

/// Where a run's tokens go: one bar in the token-class colours, with the counts.
#[component]
fn TokenSplit() -> impl IntoView {
    let state = expect_context::<AppState>();
    let prompt = pick(state, |e| Some(e.run.prompt_tokens));
    type Class = (&'static str, &'static str, &'static str, fn(&Evaluation) -> Option<f64>);
    let classes: [Class; 4] = [
        ("input_tokens_per_run", "fresh", "fresh input", |e| Some(e.run.input_tokens)),
        ("cache_write_tokens_per_run", "write", "cache write", |e| Some(e.run.cache_creation_input_tokens)),
        ("cache_read_tokens_per_run", "read", "cache read", |e| Some(e.run.cache_read_input_tokens)),
        ("output_tokens_per_run", "output", "output", |e| Some(e.run.output_tokens)),
    ];
    let memos: Vec<_> = classes.iter().map(|c| (c.0, c.1, c.2, pick(state, c.3))).collect();
    let total =
        memo(move || state.eval.with(|e| e.as_ref().map_or(0.0, |e| e.run.prompt_tokens + e.run.output_tokens)));
    let bar = memos.clone();
    view! {
        <div class="tokens">
            <div class="tokens-head">
                <span>"Tokens per run: "</span>
                <span class="num" data-metric="prompt_tokens_per_run" data-value=move || prompt.get().map(|v| v.to_string()).unwrap_or_default()>
                    {move || prompt.get().map(tokens).unwrap_or_default()}
                </span>
                <span class="muted">" prompt"</span>
            </div>
            <div class="split-bar" aria-hidden="true">
                {bar.into_iter().map(|(_, class, _, m)| view! {
                    <span class=format!("seg {class}") style:width=move || {
                        let t = total.get();
                        format!("{:.2}%", if t > 0.0 { m.get().unwrap_or(0.0) / t * 100.0 } else { 0.0 })
                    }></span>
                }).collect_view()}
            </div>
            <ul class="legend">
                {memos.into_iter().map(|(metric, class, label, m)| view! {
                    <li>
                        <span class=format!("swatch {class}")></span>
                        <span class="num" data-metric=metric data-value=move || m.get().map(|v| v.to_string()).unwrap_or_default()>
                            {move || m.get().map(tokens).unwrap_or_default()}
                        </span>
                        " " {label}
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// While the draft has problems: say so, list them, and link each to its field.
#[component]
fn StaleNote() -> impl IntoView {
    let state = expect_context::<AppState>();
    let issues = memo(move || state.parsed.with(|p| p.as_ref().err().cloned().unwrap_or_default()));
    // Nothing was ever valid (a damaged import or stored draft): there is no last result to show.
    let nothing = memo(move || state.scenario.with(Option::is_none));
    let start_over = move |_| {
        // The draft is kept in My scenarios (never lost), then the default scenario loads.
        let draft = state.draft.get_untracked();
        let kept = super::browser::LocalStore::open()
            .map(|mut st| crate::saved::keep(&mut st, &draft, "set aside", super::browser::now_ms()));
        state.saved_changed.update(|n| *n += 1);
        state.load(&crate::presets::default_scenario());
        match kept {
            Some(Ok(Some(name))) => {
                state.notify(false, format!("The scenario with problems was kept in My scenarios as \"{name}\"."))
            }
            Some(Err(e)) => state.notify(
                true,
                format!("The scenario with problems could not be kept ({e}); export it first if you need it."),
            ),
            _ => {}
        }
    };
    view! {
        {move || state.too_big.get().map(|m| view! { <div class="stale-note" role="status" data-notice="too-big">{m}</div> })}
        {super::when(move || state.stale.get(), move || view! {
            <div class="stale-note" role="status">
                <strong>{move || if nothing.get() { "Nothing can be computed yet. " } else { "Showing the last valid result. " }}</strong>
                {move || {
                    let n = issues.with(Vec::len);
                    match (n, nothing.get()) {
                        (1, false) => "Fix this to update it:".to_string(),
                        (1, true) => "Fix this problem:".to_string(),
                        (n, false) => format!("Fix these {n} problems to update it:"),
                        (n, true) => format!("Fix these {n} problems:"),
                    }
                }}
                <ul>
                    {move || issues.get().into_iter().take(8).map(|i| {
                        let id = field_id(&i.path);
                        // Named as the page labels the field, not by its path in a file.
                        let text = state.draft.with_untracked(|d| {
                            if i.path.is_empty() { i.message.clone() } else { format!("{}: {}", place(&i.path, d), i.message) }
                        });
                        view! {
                            <li><button type="button" class="link" on:click=move |_| focus(&id)>{text}</button></li>
                        }
                    }).collect_view()}
                </ul>
                {move || (issues.with(Vec::len) > 8).then(|| format!("… and {} more.", issues.with(Vec::len) - 8))}
                <p>
                    "Or "
                    <button type="button" class="link" data-action="start-over" on:click=start_over>
                        "start from the default scenario"
                    </button>
                    " (this one is kept in My scenarios), or choose a preset."
                </p>
            </div>
        })}
    }
}

/// Focuses the input with this id, opening any folded section around it.
pub fn focus(id: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(el) = doc.get_element_by_id(id) else { return };
    let mut parent = el.parent_element();
    while let Some(p) = parent {
        if p.tag_name().eq_ignore_ascii_case("details") {
            let _ = p.set_attribute("open", "");
        }
        parent = p.parent_element();
    }
    if let Ok(h) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
        let _ = h.focus();
    }
}
