//! "Import usage": a log of real runs, dropped, chosen or pasted, priced at the catalog's rates
//! beside the log's own figures, with the scenario fitted to it (`crate::usage` does all of it;
//! this renders). The log never leaves the browser, and its text is only ever shown as text.
//!
//! This panel is a module of its own (the `loopcost-usage` binary, [`start`]): the page loads it
//! when "Import usage" is first opened (`super::usage_slot`), so a visit that never imports a
//! log does not download it. Its one way back into the page is [`FIT_EVENT`]: "Use this
//! scenario" sends the fitted scenario's draft, and the page takes it in.
//!
//! A large file is read in chunks of lines with a pause between them, so the page keeps
//! answering and shows how far it got.

use super::browser;
use super::memo;
use crate::format::{compact, count, count_as, group, pct, tokens, usd};
use crate::usage::{self, Fit, Report};
use leptos::prelude::*;
use std::fmt::Write;
use std::sync::Arc;

/// The element the panel is mounted in (the page renders it empty, inside "Import usage").
pub const PANEL_ID: &str = "usage-panel";
/// The window event "Use this scenario" sends: its `detail` is the fitted scenario's draft as
/// JSON text.
pub const FIT_EVENT: &str = "loopcost-fit";
/// The window event the module sends once its panel is mounted.
pub const READY_EVENT: &str = "loopcost-usage-ready";
/// The window event public/usage-loader.js sends (under this name, written there too) when the
/// module could not be loaded or started; its `detail` says why.
pub const FAILED_EVENT: &str = "loopcost-usage-failed";

/// The usage import module's start: mounts the panel in the page's [`PANEL_ID`] element and
/// says so with [`READY_EVENT`].
pub fn start() {
    let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(PANEL_ID)) else {
        return;
    };
    let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) else { return };
    leptos::mount::mount_to(el, Panel).forget();
    browser::send(READY_EVENT, "");
}

/// Bytes of JSON Lines read between two pauses.
const CHUNK: usize = 512 * 1024;
/// Problems and notes listed before "and N more".
const LISTED: usize = 8;
/// Runs listed in the runs table.
const RUNS_LISTED: usize = 20;

/// What an import produced.
#[derive(Debug, Clone, PartialEq)]
struct Imported {
    files: Vec<String>,
    report: Report,
    fit: Option<Fit>,
}

#[derive(Debug, Clone, PartialEq)]
enum Status {
    Idle,
    /// Reading: bytes done of all, and the file being read.
    Reading {
        done: usize,
        total: usize,
        file: String,
    },
    Failed(String),
    Done(Arc<Imported>),
}

/// One input: a file (read when its turn comes) or pasted text.
enum Source {
    File(web_sys::File),
    Text(String),
}

/// Bytes `start..end` of a file.
async fn slice(file: &web_sys::File, start: usize, end: usize) -> Result<Vec<u8>, String> {
    let unreadable = || "the browser could not read the file".to_string();
    let blob = file.slice_with_f64_and_f64(start as f64, end as f64).map_err(|_| unreadable())?;
    browser::bytes(&blob).await.ok_or_else(unreadable)
}

/// Does this start of a file look like JSON Lines (a first line that is a whole JSON value)?
fn starts_as_lines(head: &[u8]) -> bool {
    let Some(end) = head.iter().position(|b| *b == b'\n') else { return false };
    let first = String::from_utf8_lossy(&head[..end]);
    let first = first.trim().trim_start_matches('\u{feff}');
    first.starts_with('{') && crate::json::parse(first).is_ok()
}

/// Reads one input into `reader`: JSON Lines a chunk at a time (a file in slices of bytes, so
/// neither the reading nor the decoding holds the page up), anything else whole. `progress` is
/// told the bytes done after each chunk; false from `go_on` stops.
async fn read_source(
    reader: &mut usage::Reader,
    source: Source,
    progress: impl Fn(usize),
    go_on: impl Fn() -> bool,
) -> Result<bool, String> {
    match source {
        Source::Text(text) => {
            if !reader.document(&text) {
                for (first, piece) in usage::chunks(&text, CHUNK) {
                    reader.lines(piece, first);
                    progress(piece.len());
                    browser::next_task().await;
                    if !go_on() {
                        return Ok(false);
                    }
                }
            }
        }
        Source::File(file) => {
            let size = file.size() as usize;
            let head = slice(&file, 0, CHUNK.min(size)).await?;
            if !starts_as_lines(&head) {
                // A JSON document or a CSV table: read whole (such logs are rarely large). So is
                // a file in UTF-16 (with its byte order mark, as Windows PowerShell 5 saves
                // what it is given), lines or not; anything else as UTF-8, a damaged byte
                // replaced and the rest still read.
                let all = if head.len() >= size { head } else { slice(&file, 0, size).await? };
                let text = crate::text::decode_lenient(all)?;
                if !reader.document(&text) {
                    reader.lines(&text, 1);
                }
                progress(size);
                return Ok(go_on());
            }
            let (mut carry, mut at, mut line) = (Vec::new(), 0, 1);
            let mut next = Some(head);
            while let Some(bytes) = next.take() {
                at += bytes.len();
                carry.extend_from_slice(&bytes);
                let last = at >= size;
                // Complete lines now; the rest waits for the next slice.
                let cut = if last { carry.len() } else { carry.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1) };
                let done: Vec<u8> = carry.drain(..cut).collect();
                let text = String::from_utf8_lossy(&done);
                reader.lines(&text, line);
                line += text.matches('\n').count();
                progress(bytes.len());
                browser::next_task().await;
                if !go_on() {
                    return Ok(false);
                }
                if !last {
                    next = Some(slice(&file, at, (at + CHUNK).min(size)).await?);
                }
            }
        }
    }
    Ok(go_on())
}

/// The panel's content: the ways in, the progress, the results.
#[component]
pub fn Panel() -> impl IntoView {
    let status = RwSignal::new(Status::Idle);
    let pasted = RwSignal::new(String::new());
    let over = RwSignal::new(false);
    // Each import has a number; a newer one makes an older one stop where it is.
    let generation = StoredValue::new(0u32);

    let run = move |inputs: Vec<(String, usize, Source)>| {
        if inputs.is_empty() {
            return;
        }
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let total: usize = inputs.iter().map(|(_, n, _)| *n).sum();
        leptos::task::spawn_local(async move {
            let current = move || generation.try_get_value() == Some(mine);
            let mut reader = usage::Reader::default();
            let mut files = Vec::new();
            let done = std::cell::Cell::new(0usize);
            for (name, _, source) in inputs {
                status.set(Status::Reading { done: done.get(), total, file: name.clone() });
                browser::next_task().await;
                reader.begin(&name);
                let progress = |n: usize| {
                    done.set((done.get() + n).min(total));
                    status.set(Status::Reading { done: done.get(), total, file: name.clone() });
                };
                match read_source(&mut reader, source, progress, current).await {
                    Ok(true) => {}
                    Ok(false) => return,
                    Err(e) => {
                        if current() {
                            status.set(Status::Failed(format!("{name}: {e}.")));
                        }
                        return;
                    }
                }
                reader.end();
                files.push(name);
            }
            // Pricing and fitting come after a pause of their own.
            browser::next_task().await;
            if !current() {
                return;
            }
            let catalog = crate::catalog::Catalog::builtin();
            let result = reader.finish().map(|log| {
                let report = usage::report(&log, catalog);
                let fit = usage::fit(&log, &report, catalog);
                Imported { files, report, fit }
            });
            if current() {
                status.set(match result {
                    Ok(i) => Status::Done(Arc::new(i)),
                    Err(e) => Status::Failed(e),
                });
            }
        });
    };
    // Files dropped or chosen, each by its name; or a folder (`webkitdirectory`): its log files,
    // each named by its path in the folder (two sessions' `chat.jsonl` stay two files).
    let from_files = move |list: Option<web_sys::FileList>, folder: bool| {
        let Some(list) = list else { return };
        let mut inputs: Vec<(String, usize, Source)> = (0..list.length())
            .filter_map(|i| list.get(i))
            .map(|f| (if folder { path_in_folder(&f) } else { f.name() }, f))
            .filter(|(name, _)| !folder || crate::usage::is_log_file(name))
            .map(|(name, f)| (name, f.size() as usize, Source::File(f)))
            .collect();
        // In name order, as `loopcost usage` reads a folder: a copy of a turn found in two files
        // (a Codex branch) stays with the first, and Codex names its files by their start.
        inputs.sort_by(|a, b| a.0.cmp(&b.0));
        if folder && inputs.is_empty() {
            status.set(Status::Failed(format!("That folder holds no {}.", crate::usage::log_file_kinds())));
            return;
        }
        run(inputs);
    };
    // A file input's choice, read and then cleared (so that choosing the same again reads it again).
    let on_chosen = move |folder: bool| {
        move |ev: web_sys::Event| {
            let input: Option<web_sys::HtmlInputElement> =
                ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into(t).ok());
            if let Some(input) = input {
                from_files(input.files(), folder);
                input.set_value("");
            }
        }
    };
    let read_pasted = move |_| {
        let text = pasted.get_untracked();
        // Test builds only: a crash inside this module, for the end-to-end tests.
        #[cfg(feature = "testhooks")]
        if text == "loopcost: crash test" {
            panic!("crash test");
        }
        if text.trim().is_empty() {
            status.set(Status::Failed("Paste the text of a log first.".into()));
            return;
        }
        let n = text.len();
        run(vec![("pasted text".into(), n, Source::Text(text))]);
    };

    let imported = memo(move || match status.get() {
        Status::Done(i) => Some(i),
        _ => None,
    });
    let use_fit = move |_| {
        let Some(s) = imported.with_untracked(|i| i.as_ref().and_then(|i| i.fit.as_ref().map(|f| f.scenario.clone())))
        else {
            return;
        };
        browser::send(FIT_EVENT, &crate::json::to_text(&super::state::to_draft(&s)));
    };

    view! {
            <p class="muted">
                "Claude Code sessions (" <code>"~/.claude/projects/…/*.jsonl"</code> ", " <code>"--output-format json"</code>
                " or " <code>"stream-json"</code> "), Codex CLI sessions (" <code>"~/.codex/sessions/…/*.jsonl"</code> "), Gemini CLI sessions (" <code>"~/.gemini/tmp/…/chats/*.json"</code> "), API responses and batch results (Anthropic, OpenAI, Gemini, OpenRouter), ATIF and mini-swe-agent trajectories, OpenTelemetry GenAI spans, LiteLLM and Helicone exports: JSON, JSON Lines or CSV. "
                "The file is read in this browser and never sent anywhere."
            </p>
            <div class="dropzone" class:over=move || over.get() data-control="usage-drop"
                on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); over.set(true); }
                on:dragleave=move |_| over.set(false)
                on:drop=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    over.set(false);
                    from_files(ev.data_transfer().and_then(|d| d.files()), false);
                }>
                <p>"Drop log files here, or "</p>
                <label class="button secondary" for="usage-file">
                    "choose files"
                    <input type="file" id="usage-file" multiple class="visually-hidden" data-control="usage-file"
                        accept=".json,.jsonl,.ndjson,.csv,.txt,.log,application/json,text/csv,text/plain"
                        on:change=on_chosen(false) />
                </label>
                <label class="button secondary" for="usage-folder">
                    "choose a folder"
                    <input type="file" id="usage-folder" multiple prop:webkitdirectory=true class="visually-hidden" data-control="usage-folder"
                        on:change=on_chosen(true) />
                </label>
            </div>
            <div class="field">
                <label for="usage-paste"><span class="label-text">"Or paste log text"</span></label>
                <textarea id="usage-paste" rows="3" data-control="usage-paste" spellcheck="false"
                    placeholder="{\"type\":\"assistant\",\"message\":{\"model\":…,\"usage\":{…}}}"
                    prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                <button type="button" class="secondary small" data-action="usage-read" on:click=read_pasted>"Read pasted text"</button>
            </div>
            {move || match status.get() {
                Status::Idle | Status::Done(_) => None,
                Status::Reading { done, total, file } => Some(view! {
                    <div class="progress" role="status" data-status="reading">
                        <progress max=total.max(1).to_string() value=done.to_string()></progress>
                        <span>{format!("Reading {file}: {} of {}", bytes(done), bytes(total))}</span>
                    </div>
                }.into_any()),
                Status::Failed(e) => Some(view! { <p class="notice alert" role="alert" data-status="failed">{e}</p> }.into_any()),
            }}
            {move || imported.get().map(|i| view! { <Results imported=i use_fit=use_fit /> })}
    }
}

/// A file's path in the folder it was chosen with (`webkitRelativePath`), else its name.
fn path_in_folder(f: &web_sys::File) -> String {
    js_sys::Reflect::get(f, &"webkitRelativePath".into())
        .ok()
        .and_then(|p| p.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| f.name())
}

/// The files read, as a sentence names them: all of a few, the first three of many (a folder
/// of sessions can hold hundreds).
fn file_list(files: &[String]) -> String {
    const NAMED: usize = 3;
    if files.len() <= NAMED + 1 {
        return files.join(", ");
    }
    format!("{} and {} more files", files[..NAMED].join(", "), files.len() - NAMED)
}

fn bytes(n: usize) -> String {
    if n >= 1 << 20 { format!("{:.1} MB", n as f64 / (1 << 20) as f64) } else { format!("{} KB", n.div_ceil(1024)) }
}

#[component]
fn Results(imported: Arc<Imported>, use_fit: impl Fn(web_sys::MouseEvent) + 'static) -> impl IntoView {
    let r = &imported.report;
    let summary = format!(
        "{} read from {} ({}){}; {}.",
        count(r.requests as u64, "request"),
        file_list(&imported.files),
        r.formats.join(", "),
        if r.duplicates_dropped > 0 {
            format!(", {} dropped", count_as(r.duplicates_dropped as u64, "copy", "copies"))
        } else {
            String::new()
        },
        count(r.runs.len() as u64, "run"),
    );
    let own = r.reported_usd.zip(r.priced_usd_where_reported).map(|(theirs, ours)| {
        let d = ours - theirs;
        format!(
            "The log's own cost figure: {} for the runs that carry one; the catalog's prices give {} for the same runs ({}).",
            usd(theirs),
            usd(ours),
            if d.abs() < 5e-7 { "the same".to_string() } else { format!("{} {}", usd(d.abs()), if d > 0.0 { "more" } else { "less" }) }
        )
    });
    let fit = imported.fit.clone();
    let error = fit.as_ref().map(|f| f.relative_error);
    let mut notes: Vec<String> = r.notes.clone();
    if let Some(f) = &fit {
        notes.extend(f.notes.iter().cloned());
    }
    let problems = r.problems.clone();
    let more_problems = problems.len().saturating_sub(LISTED);
    let chart = fit.as_ref().map(|f| chart(&f.observed, &f.fitted));
    view! {
        <div class="import-results" data-table="usage">
            <p data-status="done">{summary}</p>
            <div class="import-figures">
                <div class="figure">
                    <span class="label">"Actual cost per run"</span>
                    <span class="value" data-metric="usage_actual_per_run" data-value=r.actual_cost_per_run_usd.to_string()>{usd(r.actual_cost_per_run_usd)}</span>
                    <small class="muted">{format!("{} in all, at the catalog's prices", usd(r.total_usd))}</small>
                </div>
                <div class="figure">
                    <span class="label">"Fitted scenario, per run"</span>
                    {match &fit {
                        Some(f) => view! {
                            <span class="value" data-metric="usage_fit_per_run" data-value=f.fit_cost_per_run_usd.to_string()>{usd(f.fit_cost_per_run_usd)}</span>
                            <small class="muted" data-metric="usage_fit_error" data-value=f.relative_error.to_string()>
                                {fit_error(f.relative_error)}
                            </small>
                        }.into_any(),
                        None => view! { <span class="value">"—"</span><small class="muted">"no request of a model the catalog knows"</small> }.into_any(),
                    }}
                </div>
            </div>
            {own.map(|t| view! { <p data-status="own-figure">{t}</p> })}
            {fit.is_some().then(|| view! {
                <p class="import-use">
                    <button type="button" class="primary" data-action="use-fitted" on:click=use_fit>"Use this scenario"</button>
                    <span class="muted">{if error.is_some_and(|e| e.abs() > 0.25) {
                        " The fit is far from the log: read the notes below before relying on it."
                    } else {
                        " Loads the fitted scenario into the editor (your current one is kept in My scenarios)."
                    }}</span>
                </p>
            })}
            {chart.map(|markup| view! {
                <figure class="chart">
                    <figcaption id="usage-chart-title">"Prompt size per request: each run's requests in order (dots) against the fitted scenario's turns (line)"</figcaption>
                    <svg viewBox=format!("0 0 {} {}", super::charts::W, super::charts::H) role="img" aria-labelledby="usage-chart-title" preserveAspectRatio="xMidYMid meet" inner_html=markup></svg>
                </figure>
            })}
            <ModelTable report=r.clone() />
            <RunTable report=r.clone() />
            {(!notes.is_empty()).then(|| view! {
                <ul class="notes" data-list="usage-notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            })}
            {(!problems.is_empty()).then(|| view! {
                <details class="problems">
                    <summary>{format!("{} line{} could not be read", problems.len(), if problems.len() == 1 { "" } else { "s" })}</summary>
                    <ul data-list="usage-problems">
                        {problems.into_iter().take(LISTED).map(|p| view! { <li>{p}</li> }).collect_view()}
                        {(more_problems > 0).then(|| view! { <li>{format!("… and {more_problems} more")}</li> })}
                    </ul>
                </details>
            })}
        </div>
    }
}

fn fit_error(e: f64) -> String {
    if e.abs() < 0.0005 {
        "the same as the actual".into()
    } else {
        format!("{} {} the actual", pct(e.abs()), if e > 0.0 { "above" } else { "below" })
    }
}

#[component]
fn ModelTable(report: Report) -> impl IntoView {
    let unknown = report.unknown_models.clone();
    let rows = report.models.into_iter().map(|m| (m, false)).chain(unknown.into_iter().map(|m| (m, true)));
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Usage by model">
            <table data-table="usage-models">
                <thead><tr>
                    <th scope="col">"Model"</th>
                    <th scope="col" class="num">"Requests"</th>
                    <th scope="col" class="num">"Fresh input"</th>
                    <th scope="col" class="num">"Cache writes 5m"</th>
                    <th scope="col" class="num">"Cache writes 1h"</th>
                    <th scope="col" class="num">"Cache reads"</th>
                    <th scope="col" class="num">"Output"</th>
                    <th scope="col" class="num">"Cost"</th>
                    <th scope="col" class="num">"Log's figure"</th>
                </tr></thead>
                <tbody>
                    {rows.map(|(m, unknown)| view! {
                        <tr data-model=m.model.clone()>
                            <th scope="row">{m.name.clone()}{unknown.then(|| view! { <span class="badge warn">"not in the catalog"</span> })}</th>
                            <td class="num">{group(m.requests as u64)}</td>
                            <td class="num">{tokens(m.tokens.input_tokens)}</td>
                            <td class="num">{tokens(m.tokens.cache_write_5m_tokens)}</td>
                            <td class="num">{tokens(m.tokens.cache_write_1h_tokens)}</td>
                            <td class="num">{tokens(m.tokens.cache_read_tokens)}</td>
                            <td class="num">{tokens(m.tokens.output_tokens)}</td>
                            <td class="num">{m.cost_usd.map_or("—".to_string(), usd)}</td>
                            <td class="num">{m.reported_cost_usd.map_or("—".to_string(), usd)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn RunTable(report: Report) -> impl IntoView {
    let more = report.runs.len().saturating_sub(RUNS_LISTED);
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Runs">
            <table data-table="usage-runs">
                <thead><tr>
                    <th scope="col">"Run"</th>
                    <th scope="col" class="num">"Requests"</th>
                    <th scope="col" class="num">"Cost"</th>
                    <th scope="col" class="num">"Log's figure"</th>
                    <th scope="col">"First request"</th>
                </tr></thead>
                <tbody>
                    {report.runs.into_iter().take(RUNS_LISTED).map(|run| view! {
                        <tr>
                            <th scope="row" class="run-id" title=run.id.clone()>{run.id.clone()}</th>
                            <td class="num">{group(run.requests as u64)}</td>
                            <td class="num">{run.cost_text()}</td>
                            <td class="num">{run.reported_cost_usd.map_or("—".to_string(), usd)}</td>
                            <td>{run.first.unwrap_or_else(|| "—".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {(more > 0).then(|| view! { <p class="muted">{format!("… and {more} more runs (the command line lists them all: loopcost usage FILE --format json)")}</p> })}
    }
}

/// The observed prompts (dots) against the fitted curve (a line): SVG drawn from numbers only.
fn chart(observed: &[Vec<f64>], fitted: &[f64]) -> String {
    use super::charts::{LEFT as L, RIGHT as R, W, grid, x_axis, x_label, y_of};
    let n = observed.iter().map(Vec::len).chain([fitted.len()]).max().unwrap_or(0).max(1);
    let biggest = observed.iter().flatten().chain(fitted).cloned().fold(0.0, f64::max);
    let yt = super::charts::ticks(biggest, 4);
    let y_max = *yt.last().unwrap_or(&1.0);
    let x = |k: usize| if n <= 1 { L + (W - L - R) / 2.0 } else { L + k as f64 / (n - 1) as f64 * (W - L - R) };
    let y = |v: f64| y_of(v, y_max);
    let mut out = String::with_capacity(8192);
    grid(&mut out, &yt, y_max, compact);
    x_axis(&mut out, "request in its run", W - R - 24.0);
    for k in [1, n].into_iter().take(if n > 1 { 2 } else { 1 }) {
        x_label(&mut out, x(k - 1), k);
    }
    // At most 4,000 dots: long logs are thinned evenly.
    let all: usize = observed.iter().map(Vec::len).sum();
    let step = all.div_ceil(4000).max(1);
    let mut i = 0;
    for run in observed {
        for (k, &v) in run.iter().enumerate() {
            i += 1;
            if i % step == 0 {
                let _ = write!(
                    out,
                    r#"<circle class="observed" cx="{:.1}" cy="{:.1}" r="3.5"><title>{} tokens</title></circle>"#,
                    x(k),
                    y(v),
                    group(v.round() as u64)
                );
            }
        }
    }
    if !fitted.is_empty() {
        let points: Vec<String> = fitted.iter().enumerate().map(|(k, &v)| format!("{:.1},{:.1}", x(k), y(v))).collect();
        let _ = write!(out, r#"<polyline class="fitted" points="{}"/>"#, points.join(" "));
    }
    out
}
