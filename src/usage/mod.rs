//! Real usage logs (docs/cost-model.md, "Real usage logs"): read the requests of logs in the
//! formats agents and gateways write, price each at its own date with the catalog, compare with
//! the log's own cost figures, group them into runs, and fit a scenario to them ([`fit`]).
//!
//! ```
//! use loopcost::{catalog::Catalog, usage};
//! let line = r#"{"sessionId":"s1","requestId":"r1","timestamp":"2026-11-20T10:00:00Z",
//!   "message":{"id":"m1","model":"claude-sonnet-4-6","usage":{"input_tokens":1000,"output_tokens":100,
//!   "cache_creation_input_tokens":0,"cache_read_input_tokens":0}}}"#;
//! let log = usage::read(&[usage::Input { name: "session.jsonl", text: line }]).unwrap();
//! let report = usage::report(&log, Catalog::builtin());
//! assert_eq!(report.runs.len(), 1);
//! assert!(report.total_usd > 0.0);
//! ```

pub mod csv;
mod fit;
pub mod formats;

pub use fit::{Fit, MAX_SERIES, fit};
pub use formats::{Record, RunFigure};

use crate::catalog::{Catalog, Classes, Model, PriceSet, Variant, price::request_cost};
use serde::Serialize;

/// How a request was served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Standard,
    Batch,
    Flex,
    Priority,
    Fast,
}

/// One file (or standard input) to read.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// The requests of some logs, duplicates dropped.
#[derive(Debug, Clone, Default)]
pub struct Log {
    pub requests: Vec<Record>,
    pub figures: Vec<RunFigure>,
    /// Damaged lines and other things read around, each with its place.
    pub problems: Vec<String>,
    pub formats: Vec<&'static str>,
    /// Copies of a request dropped (Claude Code writes one line per content block).
    pub duplicates: usize,
    /// Request events a session's own totals leave out, per run (see `left_out`).
    pub left_out: Vec<(String, usize)>,
    /// Requests a forked Codex session's file replays from its lineage, per file (also in
    /// `duplicates`).
    pub replayed: Vec<(String, usize)>,
}

/// The formats looked for, as the error for a file with none of them names them.
pub const FORMATS: &str = "Anthropic Messages responses and usage objects, Message Batches results, Claude Code session \
transcripts and --output-format json / stream-json, OpenAI Chat Completions and Responses (and OpenRouter's), OpenAI \
Batch output, Codex CLI sessions, Gemini CLI sessions, Gemini usageMetadata, OpenTelemetry GenAI spans (gen_ai.usage.*), ATIF agent trajectories, mini-swe-agent trajectories, LiteLLM \
spend logs, Helicone exports (JSON, JSONL or CSV)";

/// What a folder of logs is read for (`loopcost usage DIR`, a folder chosen in the page): files
/// ending in one of these.
pub const LOG_EXTENSIONS: [&str; 3] = ["jsonl", "json", "csv"];

/// Whether a file in a folder of logs is read: its name ends in one of [`LOG_EXTENSIONS`].
pub fn is_log_file(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, x)| LOG_EXTENSIONS.iter().any(|e| x.eq_ignore_ascii_case(e)))
}

/// "a .jsonl, .json or .csv file": what a folder without one lacked.
pub fn log_file_kinds() -> String {
    let names: Vec<String> = LOG_EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
    format!("{} or {} file", names[..names.len() - 1].join(", "), names[names.len() - 1])
}

/// Reads logs. Fails only when none of them holds a request in a known format.
pub fn read(inputs: &[Input]) -> Result<Log, String> {
    let mut reader = Reader::default();
    for input in inputs {
        reader.begin(input.name);
        if !reader.document(input.text) {
            reader.lines(input.text, 1);
        }
        reader.end();
    }
    reader.finish()
}

/// Reads logs a piece at a time, so that a page can read a large file in chunks between which
/// it stays responsive: per input, [`Reader::begin`], then the whole text as a document (JSON or
/// CSV) or, when it is not one, its lines in chunks ([`Reader::lines`]), then [`Reader::end`].
#[derive(Debug, Default)]
pub struct Reader {
    c: formats::Collector,
    problems: Vec<String>,
    names: Vec<String>,
    /// Where the current input's records, figures and session totals start.
    start: (usize, usize, usize),
    /// Requests dropped as a forked Codex session's replay of its lineage's, per input.
    replayed: Vec<(String, usize)>,
}

impl Reader {
    pub fn begin(&mut self, name: &str) {
        self.names.push(name.to_string());
        self.start = (self.c.records.len(), self.c.figures.len(), self.c.sessions.len());
        self.c.begin_input(name);
    }

    fn name(&self) -> &str {
        self.names.last().map_or("", String::as_str)
    }

    /// Reads `text` as one JSON document or a CSV table; false when it is neither (then it is
    /// JSON Lines: read it with [`Reader::lines`]).
    pub fn document(&mut self, text: &str) -> bool {
        let text = text.trim_start_matches('\u{feff}');
        let trimmed = text.trim_start();
        let ctx = |place: String| formats::Ctx { place, ..formats::Ctx::default() };
        let name = self.name().to_string();
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            // JSON Lines also starts with `{`: its second line ends the attempt at once.
            match crate::json::parse(text) {
                Ok(v) => {
                    self.c.visit(&v, &ctx(name));
                    true
                }
                Err(_) => false,
            }
        } else if let Some(rows) = csv::records(text) {
            for (line, row) in rows {
                self.c.visit(&row, &ctx(format!("{name}:{line}")));
            }
            true
        } else {
            false
        }
    }

    /// Reads JSON Lines; `first` is the number of the text's first line in its file. A damaged
    /// line is reported with its number and skipped.
    pub fn lines(&mut self, text: &str, first: usize) {
        let name = self.name().to_string();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim().trim_start_matches('\u{feff}');
            if line.is_empty() {
                continue;
            }
            let place = format!("{name}:{}", first + i);
            match crate::json::parse(line) {
                Ok(v) => {
                    self.c.line(&v);
                    self.c.visit(&v, &formats::Ctx { place, ..formats::Ctx::default() })
                }
                Err(e) => self.problems.push(format!("{place}: not valid JSON ({}); the line was skipped", e.message)),
            }
        }
    }

    /// Ends an input: what in it names no run is the file's run.
    pub fn end(&mut self) {
        let name = self.name().to_string();
        let replayed = self.c.end_input();
        if replayed > 0 {
            self.replayed.push((name.clone(), replayed));
        }
        for r in &mut self.c.records[self.start.0..] {
            if r.run.is_none() {
                r.run = Some(name.clone());
            }
        }
        for f in &mut self.c.figures[self.start.1..] {
            if f.run.is_none() {
                f.run = Some(name.clone());
            }
        }
        for (run, _) in &mut self.c.sessions[self.start.2..] {
            if run.is_none() {
                *run = Some(name.clone());
            }
        }
    }

    /// Requests read so far (copies included).
    pub fn found(&self) -> usize {
        self.c.records.len()
    }

    pub fn finish(self) -> Result<Log, String> {
        let Reader { c, problems, names, replayed, .. } = self;
        let replays: usize = replayed.iter().map(|(_, n)| n).sum();
        if c.records.is_empty() && c.figures.is_empty() {
            if replays > 0 {
                return Err(format!(
                    "no request of its own in {}: its {} replay the Codex session it was forked from (they are counted with that session's own file)",
                    names.join(", "),
                    crate::format::count(replays as u64, "token count")
                ));
            }
            let mut msg = format!("no request found in {}: looked for {FORMATS}", names.join(", "));
            if let Some(p) = problems.first() {
                msg.push_str(&format!(" ({p})"));
            }
            return Err(msg);
        }
        let mut formats: Vec<&'static str> = Vec::new();
        for r in &c.records {
            if !formats.contains(&r.format) {
                formats.push(r.format);
            }
        }
        let mut log = Log { formats, figures: c.figures, problems, ..Log::default() };
        log.requests = dedupe(c.records, &mut log.duplicates);
        log.duplicates += replays;
        log.replayed = replayed;
        log.left_out = left_out(&mut log.requests, &c.sessions);
        settle_totals(&mut log.requests);
        Ok(log)
    }
}

/// Claude Code's session `usage` sums the requests of its main loop that it billed; a
/// `stream-json` output can hold request events that sum is without (a message it did not
/// count). Where the events add up to more than the session's `usage` and a few of them (at most
/// three) make up the difference exactly, those are left out: not requests of the run, and not
/// part of the fitted loop (they are already out of its price, which the totals give).
fn left_out(requests: &mut [Record], sessions: &[(Option<String>, crate::catalog::Classes)]) -> Vec<(String, usize)> {
    use std::collections::HashMap;
    type Key = [i64; 4];
    let key = |c: &crate::catalog::Classes| -> Key {
        [c.input, c.cache_write_5m + c.cache_write_1h, c.cache_read, c.output].map(|x| x.round() as i64)
    };
    let mut out = Vec::new();
    for (run, total) in sessions {
        let events: Vec<usize> = (0..requests.len())
            .filter(|&i| !requests[i].aggregate && requests[i].run == *run && !requests[i].sidechain)
            .collect();
        if events.is_empty() || events.len() > 400 {
            continue;
        }
        let keys: Vec<Key> = events.iter().map(|&i| key(&requests[i].classes)).collect();
        let sum = keys.iter().fold([0i64; 4], |a, k| [a[0] + k[0], a[1] + k[1], a[2] + k[2], a[3] + k[3]]);
        let t = key(total);
        let diff = [sum[0] - t[0], sum[1] - t[1], sum[2] - t[2], sum[3] - t[3]];
        if diff == [0; 4] || diff.iter().any(|d| *d < 0) {
            continue;
        }
        let minus = |a: Key, b: Key| [a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3]];
        // One event, two, or three whose sum is the difference.
        let mut found: Option<Vec<usize>> = keys.iter().position(|k| *k == diff).map(|i| vec![i]);
        if found.is_none() {
            let mut first: HashMap<Key, usize> = HashMap::new();
            for (j, kj) in keys.iter().enumerate() {
                if let Some(&i) = first.get(&minus(diff, *kj)) {
                    found = Some(vec![i, j]);
                    break;
                }
                first.entry(*kj).or_insert(j);
            }
        }
        if found.is_none() {
            'triples: for (i, ki) in keys.iter().enumerate() {
                let rest = minus(diff, *ki);
                let mut seen: HashMap<Key, usize> = HashMap::new();
                for (j, kj) in keys.iter().enumerate().skip(i + 1) {
                    if let Some(&k) = seen.get(&minus(rest, *kj)) {
                        found = Some(vec![i, k, j]);
                        break 'triples;
                    }
                    seen.entry(*kj).or_insert(j);
                }
            }
        }
        if let Some(found) = found {
            for k in &found {
                requests[events[*k]].counted = false;
                requests[events[*k]].billed = false;
            }
            out.push((run.clone().unwrap_or_default(), found.len()));
        }
    }
    out
}

/// Splits JSON Lines text into chunks of about `size` bytes at line ends, each with the number
/// of its first line: how a page reads a large log in pieces.
pub fn chunks(text: &str, size: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let (mut start, mut line) = (0, 1);
    while start < text.len() {
        let mut end = (start + size.max(1)).min(text.len());
        while end < text.len() && !text.is_char_boundary(end) {
            end += 1;
        }
        let end = match text[end..].find('\n') {
            Some(i) if end < text.len() => end + i + 1,
            _ => text.len(),
        };
        let piece = &text[start..end];
        out.push((line, piece));
        line += piece.matches('\n').count();
        start = end;
    }
    out
}

/// A session's totals (Claude Code's `--output-format json` / the closing `stream-json` event)
/// are what the tool billed: where a run has totals per model, they are its price, and its
/// per-request records only show its shape (the events can hold a message the totals do not
/// count, or usage from before a message was finished). A model the totals name but the
/// requests do not (Claude Code's background calls to a smaller model) is billed from them
/// alone. Totals that name no model are dropped where requests are listed.
fn settle_totals(requests: &mut [Record]) {
    use std::collections::HashSet;
    let mut named: HashSet<Option<String>> = HashSet::new();
    let mut listed: HashSet<(Option<String>, Option<String>)> = HashSet::new();
    let mut detailed: HashSet<Option<String>> = HashSet::new();
    for r in requests.iter() {
        if r.aggregate && r.model.is_some() {
            named.insert(r.run.clone());
        } else if !r.aggregate && r.counted {
            listed.insert((r.run.clone(), r.model.clone()));
            detailed.insert(r.run.clone());
        }
    }
    for r in requests.iter_mut() {
        if !r.aggregate {
            // (An event left out of the session's totals stays out.)
            r.billed = r.counted && !named.contains(&r.run);
        } else if r.model.is_none() {
            let dropped = detailed.contains(&r.run);
            r.billed = !dropped;
            r.counted = !dropped;
        } else {
            r.counted = !listed.contains(&(r.run.clone(), r.model.clone()));
        }
    }
}

/// Drops copies of a request: the same key counts once, with its copy holding the most tokens
/// (Claude Code's placeholder output counts on all but the last copy); a sidechain's replay of
/// a message the parent conversation already has is not a request either.
fn dedupe(records: Vec<Record>, dropped: &mut usize) -> Vec<Record> {
    use std::collections::HashMap;
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut by_message: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<Option<Record>> = Vec::with_capacity(records.len());
    for mut r in records {
        // Totals are one per run and model: a copy of them is a copy.
        if r.aggregate && r.key.is_none() {
            r.key = Some(format!("totals|{}|{}", r.run.as_deref().unwrap_or(""), r.model.as_deref().unwrap_or("")));
        }
        let existing = r.key.as_ref().and_then(|k| by_key.get(k).copied()).or_else(|| {
            let m = r.message_id.as_ref()?;
            let i = *by_message.get(m)?;
            let other = out[i].as_ref()?;
            (other.sidechain != r.sidechain).then_some(i)
        });
        match existing {
            Some(i) => {
                *dropped += 1;
                // Its copies, under whichever key, are copies of this one too.
                if let Some(k) = &r.key {
                    by_key.entry(k.clone()).or_insert(i);
                }
                let keep_new = {
                    let old = out[i].as_ref().expect("kept");
                    if old.sidechain != r.sidechain { old.sidechain } else { r.classes.total() > old.classes.total() }
                };
                if keep_new {
                    out[i] = Some(r);
                }
            }
            None => {
                let i = out.len();
                if let Some(k) = &r.key {
                    by_key.insert(k.clone(), i);
                }
                if let Some(m) = &r.message_id {
                    by_message.entry(m.clone()).or_insert(i);
                }
                out.push(Some(r));
            }
        }
    }
    out.into_iter().flatten().collect()
}

/// Tokens by class over some requests.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tokens {
    pub input_tokens: f64,
    pub cache_write_5m_tokens: f64,
    pub cache_write_1h_tokens: f64,
    pub cache_read_tokens: f64,
    pub output_tokens: f64,
}

impl Tokens {
    fn add(&mut self, c: &Classes) {
        self.input_tokens += c.input;
        self.cache_write_5m_tokens += c.cache_write_5m;
        self.cache_write_1h_tokens += c.cache_write_1h;
        self.cache_read_tokens += c.cache_read;
        self.output_tokens += c.output;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelLine {
    /// The catalog id (or, for an unknown model, the id as the log writes it).
    pub model: String,
    pub name: String,
    pub requests: usize,
    #[serde(flatten)]
    pub tokens: Tokens,
    /// `None` for a model the catalog does not know: never priced as zero silently.
    pub cost_usd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_cost_usd: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunLine {
    pub id: String,
    pub requests: usize,
    /// The price of its requests whose model the catalog knows.
    pub cost_usd: f64,
    /// Its requests of models the catalog does not know: not in `cost_usd`.
    #[serde(skip_serializing_if = "is_zero")]
    pub unpriced_requests: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_cost_usd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl RunLine {
    /// Its cost as people read it: "$0.0123", or "$0.0123 + 2 unpriced" when some of its
    /// requests are of models the catalog does not know (never shown as if they cost nothing).
    pub fn cost_text(&self) -> String {
        match self.unpriced_requests {
            0 => crate::format::usd(self.cost_usd),
            n => format!("{} + {n} unpriced", crate::format::usd(self.cost_usd)),
        }
    }
}

/// A run being summed.
struct RunSum {
    line: RunLine,
    /// Every request carries the log's own cost.
    all_reported: bool,
    first: Option<crate::catalog::Moment>,
    last: Option<crate::catalog::Moment>,
    /// The price of its request events, where its session totals are billed instead.
    events_usd: Option<f64>,
}

fn run_slot(runs: &mut Vec<RunSum>, id: String) -> usize {
    if let Some(i) = runs.iter().position(|r| r.line.id == id) {
        return i;
    }
    runs.push(RunSum {
        line: RunLine {
            id,
            requests: 0,
            cost_usd: 0.0,
            unpriced_requests: 0,
            reported_cost_usd: Some(0.0),
            first: None,
            last: None,
        },
        all_reported: true,
        first: None,
        last: None,
        events_usd: None,
    });
    runs.len() - 1
}

/// What `loopcost usage` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub formats: Vec<&'static str>,
    pub requests: usize,
    pub duplicates_dropped: usize,
    pub models: Vec<ModelLine>,
    pub unknown_models: Vec<ModelLine>,
    pub total_usd: f64,
    /// The log's own figures (Claude Code costUSD / total_cost_usd, OpenRouter usage.cost,
    /// LiteLLM spend), over the runs that carry them, beside the catalog's price of the same
    /// runs and the difference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_usd: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priced_usd_where_reported: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference_usd: Option<f64>,
    pub runs: Vec<RunLine>,
    pub actual_cost_per_run_usd: f64,
    pub problems: Vec<String>,
    pub notes: Vec<String>,
}

/// The prices one request of the log is billed at.
fn price_set(m: &Model, r: &Record, catalog: &Catalog) -> (PriceSet, Option<String>) {
    let date = r.moment.map_or(catalog.date, |t| t.date);
    let p = m.period(date);
    let (set, note) = match r.mode {
        Mode::Standard => (p.standard.clone(), None),
        Mode::Batch => match (p.variant(Variant::Batch), catalog.batch_multiplier(m)) {
            (Some(b), _) => (b.clone(), None),
            (None, Some(f)) => (p.standard.scaled(f), None),
            (None, None) => (
                p.standard.clone(),
                Some(format!("{} has no batch prices: batched requests priced at standard", m.label())),
            ),
        },
        Mode::Flex | Mode::Priority | Mode::Fast => {
            let v = match r.mode {
                Mode::Flex => Variant::Flex,
                Mode::Priority => Variant::Priority,
                _ => Variant::Fast,
            };
            match p.variant(v) {
                Some(s) => (s.clone(), None),
                None => (p.standard.clone(), None),
            }
        }
    };
    // Without a time, a price that changes by the hour is the day's average; a session total
    // is not one request, so no tier by prompt size applies to it.
    let mut set = if r.moment.is_none() { set.daily().into_owned() } else { set };
    if r.aggregate {
        set.tiers.clear();
    }
    (set, note)
}

/// The catalog model of each model id a log names, each id resolved once (resolving matches
/// aliases and prefixes: too slow to repeat for every request of a large log).
pub(crate) type Known<'a> = std::collections::HashMap<&'a str, &'a Model>;

pub(crate) fn known<'a>(log: &'a Log, catalog: &'a Catalog) -> Known<'a> {
    let mut out = Known::new();
    let mut unknown = std::collections::HashSet::new();
    for id in log.requests.iter().filter_map(|r| r.model.as_deref()) {
        if out.contains_key(id) || unknown.contains(id) {
            continue;
        }
        match catalog.resolve(id) {
            Some(m) => {
                out.insert(id, m);
            }
            None => {
                unknown.insert(id);
            }
        }
    }
    out
}

/// The catalog's price of one request (`None`: the model is unknown).
pub fn request_price(r: &Record, catalog: &Catalog) -> Option<f64> {
    let m = catalog.resolve(r.model.as_deref()?)?;
    let (set, _) = price_set(m, r, catalog);
    Some(request_cost(&set, r.moment, &r.classes))
}

/// Prices a log: per model, per run, in total, beside the log's own figures.
pub fn report(log: &Log, catalog: &Catalog) -> Report {
    let mut models: Vec<ModelLine> = Vec::new();
    let mut unknown: Vec<ModelLine> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut runs: Vec<RunSum> = Vec::new();
    let mut total = 0.0;
    let models_of = known(log, catalog);
    for r in &log.requests {
        let resolved = r.model.as_deref().and_then(|id| models_of.get(id).copied());
        let cost = resolved.map(|m| {
            let (set, note) = price_set(m, r, catalog);
            if let Some(n) = note
                && !notes.contains(&n)
            {
                notes.push(n);
            }
            request_cost(&set, r.moment, &r.classes)
        });
        let (list, id, name) = match resolved {
            Some(m) => (&mut models, m.id.clone(), m.label().to_string()),
            None => {
                let raw = r.model.clone().unwrap_or_else(|| "(no model named)".into());
                (&mut unknown, raw.clone(), raw)
            }
        };
        if !r.billed && !r.counted {
            continue;
        }
        let line = match list.iter().position(|l| l.model == id) {
            Some(i) => &mut list[i],
            None => {
                list.push(ModelLine {
                    model: id,
                    name,
                    requests: 0,
                    tokens: Tokens::default(),
                    cost_usd: cost.map(|_| 0.0),
                    reported_cost_usd: None,
                });
                list.last_mut().expect("pushed")
            }
        };
        let billed = if r.billed { cost } else { None };
        if r.counted {
            line.requests += 1;
        }
        if r.billed {
            line.tokens.add(&r.classes);
            if let (Some(c), Some(total)) = (cost, line.cost_usd.as_mut()) {
                *total += c;
            }
            if let Some(x) = r.reported_usd {
                *line.reported_cost_usd.get_or_insert(0.0) += x;
            }
            total += cost.unwrap_or(0.0);
        }
        let i = run_slot(&mut runs, r.run.clone().unwrap_or_default());
        let run = &mut runs[i];
        if r.counted {
            run.line.requests += 1;
            if cost.is_none() {
                run.line.unpriced_requests += 1;
            }
        }
        if r.billed {
            run.line.cost_usd += billed.unwrap_or(0.0);
            match r.reported_usd {
                Some(x) => *run.line.reported_cost_usd.get_or_insert(0.0) += x,
                None => run.all_reported = false,
            }
        } else {
            *run.events_usd.get_or_insert(0.0) += cost.unwrap_or(0.0);
        }
        if let Some(t) = r.moment {
            run.first = Some(run.first.map_or(t, |f| f.min(t)));
            run.last = Some(run.last.map_or(t, |l| l.max(t)));
        }
    }
    // A run whose totals hold no request at all (an error before the first one) is still a run.
    for f in &log.figures {
        run_slot(&mut runs, f.run.clone().unwrap_or_default());
    }
    let show = |t: Option<crate::catalog::Moment>| {
        t.map(|t| format!("{}T{:02}:{:02}:{:02}Z", t.date, t.minute / 60, t.minute % 60, t.millis / 1000))
    };
    let runs: Vec<RunLine> = runs
        .into_iter()
        .map(|run| {
            let mut line = run.line;
            // A session total the log reports wins over the sum of its lines.
            let figure = log
                .figures
                .iter()
                .filter(|f| f.run.as_deref() == Some(line.id.as_str()))
                .map(|f| f.usd)
                .reduce(f64::max);
            line.reported_cost_usd = figure.or(if run.all_reported { line.reported_cost_usd } else { None });
            line.first = show(run.first);
            line.last = show(run.last);
            if let Some(events) = run.events_usd
                && (events - line.cost_usd).abs() > 1e-6
            {
                notes.push(format!(
                    "run {}: priced by its session totals ({}); its request events add up to {}",
                    line.id,
                    crate::format::usd(line.cost_usd),
                    crate::format::usd(events)
                ));
            }
            line
        })
        .collect();
    let reported: Vec<&RunLine> = runs.iter().filter(|r| r.reported_cost_usd.is_some()).collect();
    let (reported_usd, priced_where) = if reported.is_empty() {
        (None, None)
    } else {
        (
            Some(reported.iter().filter_map(|r| r.reported_cost_usd).sum::<f64>()),
            Some(reported.iter().map(|r| r.cost_usd).sum::<f64>()),
        )
    };
    if !unknown.is_empty() {
        let n = unknown.iter().map(|u| u.requests).sum::<usize>();
        notes.push(format!(
            "{} of {} the catalog does not know {} listed with {} tokens and no cost: {} not in the totals",
            crate::format::count(n as u64, "request"),
            if unknown.len() == 1 { "a model" } else { "models" },
            if n == 1 { "is" } else { "are" },
            if n == 1 { "its" } else { "their" },
            if n == 1 { "it is" } else { "they are" }
        ));
    }
    for (run, n) in &log.left_out {
        notes.push(format!(
            "run {run}: {n} request event{} the session's own totals leave out {} not counted (Claude Code did not bill {})",
            if *n == 1 { "" } else { "s" },
            if *n == 1 { "is" } else { "are" },
            if *n == 1 { "it" } else { "them" }
        ));
    }
    for (file, n) in &log.replayed {
        notes.push(format!(
            "{file}: its first {} replay the Codex session it was forked from: not counted (they are that session's turns)",
            crate::format::count(*n as u64, "token count")
        ));
    }
    if log.requests.iter().any(|r| r.aggregate) {
        notes.push("session totals (Claude Code --output-format json) are priced without long-context tiers: they are not single requests".into());
    }
    // The mean over runs; a run with requests the catalog cannot price has no known cost, so
    // where other runs are priced whole, the mean is theirs.
    let whole: Vec<&RunLine> = runs.iter().filter(|r| r.unpriced_requests == 0).collect();
    let per_run = if whole.is_empty() || whole.len() == runs.len() {
        if runs.is_empty() { 0.0 } else { total / runs.len() as f64 }
    } else {
        notes.push(format!(
            "the average per run is over the {} run{} whose every request is priced; {} more {} requests of models the catalog does not know",
            whole.len(),
            if whole.len() == 1 { "" } else { "s" },
            runs.len() - whole.len(),
            if runs.len() - whole.len() == 1 { "holds" } else { "hold" }
        ));
        whole.iter().map(|r| r.cost_usd).sum::<f64>() / whole.len() as f64
    };
    models.sort_by(|a, b| b.cost_usd.unwrap_or(0.0).total_cmp(&a.cost_usd.unwrap_or(0.0)));
    Report {
        formats: log.formats.clone(),
        requests: log.requests.iter().filter(|r| r.counted).count(),
        duplicates_dropped: log.duplicates,
        models,
        unknown_models: unknown,
        total_usd: total,
        reported_usd,
        priced_usd_where_reported: priced_where,
        difference_usd: reported_usd.zip(priced_where).map(|(a, b)| b - a),
        actual_cost_per_run_usd: per_run,
        runs,
        problems: log.problems.clone(),
        notes,
    }
}
