//! The `loopcost` command line: evaluates scenario files with the same engine as the app.
//!
//! Kept in the library (not in `src/bin`) so the tests can run it with their own input and
//! output. Exit codes: 0 success, 1 an input/output failure, 2 an invalid scenario or usage.

use crate::catalog::Catalog;
use crate::engine::{self, Evaluation};
use crate::format::{self, group, tokens, usd};
use crate::scenario::{self, Scenario};
use std::io::{Read, Write};

pub const USAGE: &str = "\
loopcost: what an LLM agent loop will cost, before the bill does

usage:
  loopcost eval FILE [--format json|table]   evaluate a scenario file (- reads stdin)
  loopcost models [--search TEXT] [--format table|json]
                                             list the price catalog (TEXT: part of an id,
                                             name, provider or alias)
  loopcost link FILE [--base URL]            print the share address of a scenario file
  loopcost link FILE --embed [--show T,C] [--stage N]
                                             print an HTML snippet that embeds it (iframe + loader);
                                             T: turns|levers|scale, C: cumulative|prompt, N: the
                                             stage (from 1) whose inputs, chart and turns it shows
  loopcost link --decode URL                 print the scenario JSON of a share address
  loopcost usage FILE|DIR... [--format json|table]
                                             price a usage log (Claude Code, Codex and Gemini CLI
                                             sessions, API responses, OpenRouter, LiteLLM, Helicone,
                                             OpenTelemetry; - reads stdin; a folder is read whole)
                                             and fit a scenario to it
  loopcost help                              this text

eval prints the result as JSON by default; --format table prints it for people.
link uses --base (default: $LOOPCOST_BASE_URL, else http://127.0.0.1:8080/, the address of
`make serve`) as the address of the app.
Exit status: 0 ok, 1 file not readable, 2 invalid scenario or usage (messages on stderr).
";

/// Everything a command needs from the outside world.
pub struct Io<'a> {
    pub stdin: &'a mut dyn Read,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    /// Reads a file by path (the tests give their own; the binary's decodes with [`text_of`]).
    pub read_file: &'a dyn Fn(&str) -> std::io::Result<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Table,
}

/// Runs the command line and returns the exit status.
pub fn run(args: &[String], io: &mut Io) -> i32 {
    match run_inner(args, io) {
        Ok(()) => 0,
        Err((code, msg)) => {
            let _ = writeln!(io.stderr, "{msg}");
            code
        }
    }
}

type Outcome = Result<(), (i32, String)>;

fn usage_error(msg: impl Into<String>) -> (i32, String) {
    (2, format!("loopcost: {}\n\n{USAGE}", msg.into()))
}

fn take_format(args: &mut Vec<String>, default: Format) -> Result<Format, (i32, String)> {
    let mut format = default;
    while let Some(i) = args.iter().position(|a| a == "--format" || a.starts_with("--format=")) {
        let value = if let Some(v) = args[i].strip_prefix("--format=") {
            let v = v.to_string();
            args.remove(i);
            v
        } else {
            args.remove(i);
            if i >= args.len() {
                return Err(usage_error("--format needs a value: json or table"));
            }
            args.remove(i)
        };
        format = match value.as_str() {
            "json" => Format::Json,
            "table" => Format::Table,
            other => return Err(usage_error(format!("unknown format \"{other}\": use json or table"))),
        };
    }
    Ok(format)
}

fn run_inner(args: &[String], io: &mut Io) -> Outcome {
    let mut args: Vec<String> = args.to_vec();
    if args.is_empty() {
        return Err(usage_error("no command given"));
    }
    let cmd = args.remove(0);
    let catalog = Catalog::builtin();
    match cmd.as_str() {
        "help" | "--help" | "-h" => write_out(io, USAGE),
        "eval" => {
            let format = take_format(&mut args, Format::Json)?;
            let [file] = args.as_slice() else {
                return Err(usage_error("eval takes one scenario file (or - for stdin)"));
            };
            let scenario = read_scenario(file, io, catalog)?;
            let result = engine::evaluate(&scenario, catalog).map_err(|issues| invalid(file, &issues))?;
            let text = match format {
                Format::Json => serde_json::to_string_pretty(&result).expect("results serialize") + "\n",
                Format::Table => table(&scenario, &result, catalog),
            };
            write_out(io, &text)
        }
        "models" => {
            let format = take_format(&mut args, Format::Table)?;
            let search = take_option(&mut args, "--search")?;
            if !args.is_empty() {
                return Err(usage_error("models takes no arguments besides --search and --format"));
            }
            let text = match (format, &search) {
                (Format::Json, None) => serde_json::to_string_pretty(&catalog.to_value()).unwrap_or_default() + "\n",
                (Format::Json, Some(q)) => {
                    let found: Vec<serde_json::Value> =
                        crate::catalog::search(catalog, q).iter().map(|m| m.to_value()).collect();
                    serde_json::to_string_pretty(&found).unwrap_or_default() + "\n"
                }
                (Format::Table, _) => models_table(catalog, search.as_deref()),
            };
            if search.is_some() && crate::catalog::search(catalog, search.as_deref().unwrap_or("")).is_empty() {
                write_out(io, &text)?;
                return Err((1, format!("loopcost: no model matches \"{}\"", search.unwrap_or_default())));
            }
            write_out(io, &text)
        }
        "link" => link(args, io, catalog),
        "usage" => usage(args, io, catalog),
        other => Err(usage_error(format!("unknown command \"{other}\""))),
    }
}

/// The default app address for `link`.
pub const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";

fn take_option(args: &mut Vec<String>, name: &str) -> Result<Option<String>, (i32, String)> {
    let Some(i) = args.iter().position(|a| a == name || a.starts_with(&format!("{name}="))) else { return Ok(None) };
    let arg = args.remove(i);
    if let Some(v) = arg.strip_prefix(&format!("{name}=")) {
        return Ok(Some(v.to_string()));
    }
    if i >= args.len() {
        return Err(usage_error(format!("{name} needs a value")));
    }
    Ok(Some(args.remove(i)))
}

fn link(mut args: Vec<String>, io: &mut Io, catalog: &Catalog) -> Outcome {
    if let Some(url) = take_option(&mut args, "--decode")? {
        if !args.is_empty() {
            return Err(usage_error("link --decode takes one address"));
        }
        let decoded = crate::link::decode(&url, catalog).map_err(|e| (2, format!("loopcost: {e}")))?;
        if !decoded.changed.is_empty() {
            let ids: Vec<&str> = decoded.changed.iter().map(|m| m.id.as_str()).collect();
            let _ = writeln!(
                io.stderr,
                "note: this link was made with the prices of {}; these models' prices have changed since: {} (the JSON below prices them at today's catalog)",
                decoded.catalog_version,
                ids.join(", ")
            );
        }
        return write_out(io, &(decoded.scenario.to_json_pretty() + "\n"));
    }
    let base = take_option(&mut args, "--base")?
        .or_else(|| std::env::var("LOOPCOST_BASE_URL").ok())
        .unwrap_or_else(|| DEFAULT_BASE.to_string());
    let show = take_option(&mut args, "--show")?;
    let stage = take_option(&mut args, "--stage")?;
    let embed = match args.iter().position(|a| a == "--embed") {
        Some(i) => {
            args.remove(i);
            true
        }
        None => false,
    };
    let [file] = args.as_slice() else {
        return Err(usage_error("link takes one scenario file (or - for stdin), or --decode URL"));
    };
    let scenario = read_scenario(file, io, catalog)?;
    let stage = match stage {
        None => 0,
        Some(v) => crate::link::stage_index(&v, scenario.stages.len()).ok_or_else(|| {
            usage_error(format!("--stage must be a stage number from 1 to {} (got {v})", scenario.stages.len()))
        })?,
    };
    let text = if embed {
        crate::link::embed_snippet(&base, &scenario, catalog, show.as_deref().unwrap_or(crate::link::EMBED_SHOW), stage)
    } else {
        crate::link::share_url(&base, &scenario, catalog, &[]) + "\n"
    };
    write_out(io, &text)
}

/// Writes a command's output. A reader that stopped reading (`loopcost models | head`) is not an
/// error: it has what it wanted, as with any command-line tool.
fn write_out(io: &mut Io, text: &str) -> Outcome {
    match io.stdout.write_all(text.as_bytes()).and_then(|()| io.stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err((1, format!("loopcost: cannot write output: {e}"))),
        _ => Ok(()),
    }
}

fn invalid(file: &str, issues: &[scenario::Issue]) -> (i32, String) {
    let mut msg = format!("loopcost: {file} is not a valid scenario:");
    for i in issues {
        msg.push_str(&format!("\n  {i}"));
    }
    (2, msg)
}

/// Every log file in the folder `p`, read recursively for the files
/// [`crate::usage::is_log_file`] takes, in name order. Each folder is read once, however many
/// links lead to it (a link to a folder above would otherwise be followed forever).
fn log_files(p: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![p.to_path_buf()];
    while let Some(dir) = stack.pop() {
        if !seen.insert(std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone())) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let q = e.path();
            if q.is_dir() {
                stack.push(q);
            } else if crate::usage::is_log_file(&q.to_string_lossy()) {
                out.push(q.to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

fn usage(mut args: Vec<String>, io: &mut Io, catalog: &Catalog) -> Outcome {
    let format = take_format(&mut args, Format::Json)?;
    if args.is_empty() {
        return Err(usage_error("usage takes one or more log files or folders (or - for stdin)"));
    }
    let mut texts: Vec<(String, String)> = Vec::new();
    for a in &args {
        if a == "-" {
            texts.push(("stdin".into(), read_stdin(io)?));
            continue;
        }
        let folder = std::path::Path::new(a).is_dir();
        let files = if folder { log_files(std::path::Path::new(a)) } else { vec![a.clone()] };
        if files.is_empty() {
            return Err((1, format!("loopcost: {a} holds no {}", crate::usage::log_file_kinds())));
        }
        for f in files {
            match (io.read_file)(&f) {
                Ok(text) => texts.push((f, text)),
                // A file named on the command line must be read; one found in a folder is
                // skipped, said so, and the rest are read.
                Err(e) if folder => {
                    let _ = writeln!(io.stderr, "loopcost: skipped {f}: {e}");
                }
                Err(e) => return Err((1, format!("loopcost: cannot read {f}: {e}"))),
            }
        }
    }
    let inputs: Vec<crate::usage::Input> =
        texts.iter().map(|(n, t)| crate::usage::Input { name: n, text: t }).collect();
    let log = crate::usage::read(&inputs).map_err(|e| (2, format!("loopcost: {e}")))?;
    let report = crate::usage::report(&log, catalog);
    let fit = crate::usage::fit(&log, &report, catalog);
    let text = match format {
        Format::Json => {
            let mut v = serde_json::to_value(&report).unwrap_or_default();
            if let (Some(f), Some(o)) = (&fit, v.as_object_mut()) {
                o.insert("fit".into(), f.scenario.to_value());
                o.insert("fit_cost_per_run_usd".into(), serde_json::json!(f.fit_cost_per_run_usd));
                o.insert("fit_relative_error".into(), serde_json::json!(f.relative_error));
                o.insert("fit_notes".into(), serde_json::json!(f.notes));
            }
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        Format::Table => usage_table(&report, fit.as_ref()),
    };
    write_out(io, &text)
}

/// A usage report for people.
pub fn usage_table(r: &crate::usage::Report, fit: Option<&crate::usage::Fit>) -> String {
    let mut out = format!(
        "{} read ({}), {} of a request dropped\n\n",
        format::count(r.requests as u64, "request"),
        r.formats.join(", "),
        format::count_as(r.duplicates_dropped as u64, "copy", "copies"),
    );
    let mut rows = vec![
        ["model", "requests", "input", "write 5m", "write 1h", "read", "output", "cost"].map(String::from).to_vec(),
    ];
    for m in r.models.iter().chain(&r.unknown_models) {
        let t = &m.tokens;
        rows.push(vec![
            m.name.clone(),
            group(m.requests as u64),
            tokens(t.input_tokens),
            tokens(t.cache_write_5m_tokens),
            tokens(t.cache_write_1h_tokens),
            tokens(t.cache_read_tokens),
            tokens(t.output_tokens),
            m.cost_usd.map_or("unknown model".into(), usd),
        ]);
    }
    columns(&mut out, "", &rows, "lrrrrrrr");
    out.push_str(&format!("\nTotal at the catalog's prices: {}\n", usd(r.total_usd)));
    if let (Some(rep), Some(ours), Some(d)) = (r.reported_usd, r.priced_usd_where_reported, r.difference_usd) {
        out.push_str(&format!(
            "The log's own figure: {} (ours for the same runs {}, difference {})\n",
            usd(rep),
            usd(ours),
            usd(if d.abs() < 5e-10 { 0.0 } else { d })
        ));
    }
    out.push_str(&format!(
        "{}, {} per run on average\n",
        format::count(r.runs.len() as u64, "run"),
        usd(r.actual_cost_per_run_usd)
    ));
    let mut rows = vec![["run", "requests", "cost", "log's figure", "first", "last"].map(String::from).to_vec()];
    for run in r.runs.iter().take(20) {
        // The end of a long id (a file's path) tells runs apart.
        let n = run.id.chars().count();
        let id: String =
            if n > 40 { format!("…{}", run.id.chars().skip(n - 39).collect::<String>()) } else { run.id.clone() };
        rows.push(vec![
            id,
            group(run.requests as u64),
            run.cost_text(),
            run.reported_cost_usd.map_or("-".into(), usd),
            run.first.clone().unwrap_or_else(|| "-".into()),
            run.last.clone().unwrap_or_else(|| "-".into()),
        ]);
    }
    out.push('\n');
    columns(&mut out, "  ", &rows, "lrrrll");
    if r.runs.len() > 20 {
        out.push_str(&format!("  … and {} more runs\n", r.runs.len() - 20));
    }
    if let Some(f) = fit {
        out.push_str(&format!(
            "\nFitted scenario: {} per run ({} the log's {}); the scenario file is in --format json's \"fit\"\n",
            usd(f.fit_cost_per_run_usd),
            format::pct(f.relative_error.abs()) + if f.relative_error >= 0.0 { " above" } else { " below" },
            usd(f.actual_cost_per_run_usd)
        ));
        for st in &f.scenario.stages {
            out.push_str(&format!(
                "  {}: {} turns on {}, prefix {}, first message {}, output {} a turn, tool results {} + {} a turn, cache {} {}\n",
                st.name,
                st.iterations,
                st.mix.iter().map(|e| e.model.as_str()).collect::<Vec<_>>().join(" + "),
                group(st.system_tokens),
                group(st.user_tokens),
                group(st.output_tokens),
                group(st.tool_result_tokens),
                group(st.tool_result_growth),
                st.cache.mode.as_str(),
                st.cache.ttl.as_str()
            ));
        }
        for n in &f.notes {
            out.push_str(&format!("  note: {n}\n"));
        }
    }
    for n in r.notes.iter().chain(&r.problems) {
        out.push_str(&format!("! {n}\n"));
    }
    out
}

/// [`crate::text::decode`] for the standard library's readers: undecodable bytes are an I/O error.
pub fn text_of(bytes: Vec<u8>) -> std::io::Result<String> {
    crate::text::decode(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

fn read_stdin(io: &mut Io) -> Result<String, (i32, String)> {
    let mut bytes = Vec::new();
    io.stdin
        .read_to_end(&mut bytes)
        .and_then(|_| text_of(bytes))
        .map_err(|e| (1, format!("loopcost: cannot read stdin: {e}")))
}

/// Reads and parses a scenario file, or stdin for `-`.
pub fn read_scenario(file: &str, io: &mut Io, catalog: &Catalog) -> Result<Scenario, (i32, String)> {
    let text = if file == "-" {
        read_stdin(io)?
    } else {
        (io.read_file)(file).map_err(|e| (1, format!("loopcost: cannot read {file}: {e}")))?
    };
    scenario::parse(&text, catalog).map_err(|issues| invalid(file, &issues))
}

/// Right-aligned columns under a header row.
/// `align` has one letter per column, `l` or `r`; missing letters mean `r`.
fn columns(out: &mut String, indent: &str, rows: &[Vec<String>], align: &str) {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> =
        (0..n).map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0)).collect();
    for r in rows {
        let mut line = String::from(indent);
        for (c, cell) in r.iter().enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            let pad = widths[c] - cell.chars().count();
            if align.as_bytes().get(c) == Some(&b'l') {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// The result for people.
pub fn table(s: &Scenario, e: &Evaluation, catalog: &Catalog) -> String {
    let mut out = String::new();
    let title = if s.name.is_empty() { "Scenario" } else { &s.name };
    out.push_str(&format!("{title}\n\n"));
    let ratio = e.real_over_naive.map(|r| format!(" ({} the naive estimate)", format::times(r))).unwrap_or_default();
    let mut head = vec![
        vec!["cost per run".into(), usd(e.run.cost_usd), format!("naive {}{ratio}", usd(e.naive_cost_usd))],
        vec!["per day".into(), usd(e.daily_usd), format!("{} runs a day", format::compact(e.runs_per_day))],
        vec!["per month".into(), usd(e.monthly_usd), format!("{} days", e.days_per_month)],
    ];
    if let Some(r) = &e.range {
        let w = r.words(e.run.cost_usd, e.budget_monthly_usd);
        head[0][0] = "cost per run (average)".into();
        head.insert(1, vec!["range per run".into(), w.per_run, w.tail]);
        head.push(vec!["month, p10 – p90".into(), w.monthly.replace(" (p10 – p90)", ""), String::new()]);
        if let (Some(p), Some(b)) = (r.budget_exceed_probability, e.budget_monthly_usd) {
            head.push(vec![
                "over budget".into(),
                format::pct(p),
                format!("chance of going over {} in a month", usd(b)),
            ]);
        }
    }
    if let (Some(used), Some(b)) = (e.budget_used, e.budget_monthly_usd) {
        head.push(vec!["budget used".into(), format::pct(used), format!("of {} a month", usd(b))]);
    }
    head.push(vec![
        "tokens per run".into(),
        tokens(e.run.prompt_tokens),
        format!(
            "prompt: {} fresh, {} cache write, {} cache read; {} output",
            tokens(e.run.input_tokens),
            tokens(e.run.cache_creation_input_tokens),
            tokens(e.run.cache_read_input_tokens),
            tokens(e.run.output_tokens)
        ),
    ]);
    columns(&mut out, "  ", &head, "lrl");
    for (i, (st, sr)) in s.stages.iter().zip(&e.stages).enumerate() {
        let mix = st
            .mix
            .iter()
            .map(|m| {
                let label = s.model(catalog, &m.model).map_or(m.model.as_str(), |m| m.label());
                if st.mix.len() == 1 { label.to_string() } else { format!("{label} {}", format::pct(m.share)) }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let count = match &st.varies {
            Some(d) => format!("{} (the table: the median run, {})", d.describe(), st.iterations),
            None => format!("{} {}", st.iterations, if st.iterations == 1 { "request" } else { "requests" }),
        };
        out.push_str(&format!(
            "\nStage {} \"{}\": {}, {count}, {}, cache {}: {} per run{}\n",
            i + 1,
            st.name,
            st.kind.as_str(),
            mix,
            st.cache.mode.as_str(),
            usd(sr.usage.cost_usd),
            if st.varies.is_some() { " on average" } else { "" }
        ));
        let mut rows = vec![
            ["turn", "prompt", "fresh", "cache write", "cache read", "output", "cost", "cumulative"]
                .map(String::from)
                .to_vec(),
        ];
        let n = sr.turns.len();
        for (k, t) in sr.turns.iter().enumerate() {
            if n > 40 && k == 20 {
                rows.push(vec!["…".into()]);
            }
            if n > 40 && (20..n - 10).contains(&k) {
                continue;
            }
            let u = &t.usage;
            rows.push(vec![
                format!("{}{}", t.turn, if t.trimmed { "*" } else { "" }),
                tokens(u.prompt_tokens),
                tokens(u.input_tokens),
                tokens(u.cache_creation_input_tokens),
                tokens(u.cache_read_input_tokens),
                tokens(u.output_tokens),
                usd(u.cost_usd),
                usd(t.cumulative_cost_usd),
            ]);
        }
        columns(&mut out, "  ", &rows, "");
    }
    if let Some(r) = &e.router {
        out.push_str(&format!(
            "\nRouter call ({}): {} in, {} out: {}\n",
            r.model,
            tokens(r.usage.input_tokens),
            tokens(r.usage.output_tokens),
            usd(r.usage.cost_usd)
        ));
    }
    if !e.warnings.is_empty() {
        out.push_str("\nWarnings\n");
        for w in &e.warnings {
            out.push_str(&format!("  ! {}\n", w.message));
        }
    }
    out
}

/// The catalog for people: current prices (USD per million tokens, at the catalog's date),
/// `*` marking a cache price the source does not publish (billed at the input price).
pub fn models_table(catalog: &Catalog, search: Option<&str>) -> String {
    let date = catalog.date;
    let models = match search {
        Some(q) => crate::catalog::search(catalog, q),
        None => catalog.models.iter().collect(),
    };
    let mut out = format!(
        "Price catalog of {} (genai-prices {} + overlay): {} of {} models, USD per million tokens\n\n",
        catalog.version,
        catalog.genai_prices,
        models.len(),
        catalog.models.len()
    );
    let mut rows = vec![
        [
            "model",
            "provider",
            "input",
            "output",
            "write 5m",
            "write 1h",
            "read",
            "above",
            "tiers",
            "min cache",
            "context",
            "status",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let price = |x: f64, given: bool| {
        let s = format!("{x:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        if given { s } else { format!("{s}*") }
    };
    for m in &models {
        let p = m.period(date);
        let set = &p.standard;
        let (r, g) = (&set.rates, set.given);
        let mut status = m.status.as_str().to_string();
        if !m.disputed.is_empty() {
            status.push_str(" (check: ");
            status.push_str(&m.disputed.join(", "));
            status.push(')');
        }
        if let Some(next) = m.periods.iter().filter_map(|p| p.from).find(|d| *d > date) {
            status.push_str(&format!(", changes {next}"));
        }
        if !set.hours.is_empty() {
            status.push_str(", varies by hour");
        }
        let above = set.tiers.iter().map(|t| format::compact(t.start as f64)).collect::<Vec<_>>().join(",");
        let variants: Vec<&str> =
            crate::catalog::Variant::ALL.iter().filter(|v| p.variant(**v).is_some()).map(|v| v.as_str()).collect();
        rows.push(vec![
            m.id.clone(),
            m.provider.clone(),
            price(r.input, true),
            price(r.output, true),
            price(r.cache_write_5m, g.cache_write_5m),
            price(r.cache_write_1h, g.cache_write_1h),
            price(r.cache_read, g.cache_read),
            if above.is_empty() { "-".into() } else { above },
            if variants.is_empty() { "-".into() } else { variants.join(",") },
            group(m.min_cacheable_tokens),
            m.context_window.map_or("?".into(), group),
            status,
        ]);
    }
    columns(&mut out, "", &rows, "llrrrrrllrrl");
    out.push_str("\n* no published price: billed at the input price (1-hour writes at the 5-minute price).\n");
    out.push_str("above: prompt sizes over which every token of a request is billed at higher rates.\n");
    out.push_str("Batch API without batch prices of its own: ");
    out.push_str(
        &catalog
            .providers
            .iter()
            .map(|p| match &p.batch_multiplier {
                Some((b, _)) => format!("{} × {b}", p.name),
                None => format!("{}: none", p.name),
            })
            .collect::<Vec<_>>()
            .join(", "),
    );
    out.push_str(".\nSources: genai-prices (https://github.com/pydantic/genai-prices); ");
    out.push_str(&catalog.providers.iter().map(|p| p.pricing_url.as_str()).collect::<Vec<_>>().join(", "));
    out.push('\n');
    out
}
