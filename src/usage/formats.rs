//! The log formats loopcost reads, recognised by their shape wherever they sit in a document
//! (a whole file, a JSONL line, an array, any nesting), each turned into [`Record`]s with the
//! four token classes of the cost model (docs/cost-model.md, "Real usage logs").

use super::Mode;
use crate::catalog::{Classes, Moment};
use serde_json::{Map, Value};

/// One request found in a log, before duplicates are dropped and prices applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The model id as the log writes it (`None`: the log does not say).
    pub model: Option<String>,
    pub classes: Classes,
    pub moment: Option<Moment>,
    /// The run it belongs to (a session, a trajectory, a trace), when the log says.
    pub run: Option<String>,
    /// Identifies copies of the same request (Claude Code writes one line per content block).
    pub key: Option<String>,
    /// The provider's message id, for replays of a message under another request id.
    pub message_id: Option<String>,
    /// A Claude Code sidechain (subagent) request.
    pub sidechain: bool,
    /// The subagent it belongs to, when the log names one.
    pub agent: Option<String>,
    /// The log's own cost figure for this request (USD).
    pub reported_usd: Option<f64>,
    pub mode: Mode,
    pub format: &'static str,
    /// A total over several requests (a session summary): its prompt size is not one request's.
    pub aggregate: bool,
    /// Counts in the price (false: a request whose session totals are billed instead).
    pub billed: bool,
    /// Counts as a request (false: totals whose requests are listed one by one).
    pub counted: bool,
    /// Position in the input, to order a run's requests when they carry no time.
    pub order: usize,
    /// Where it was found: "file:line" or "file".
    pub place: String,
}

/// A run-level figure a log reports (Claude Code's `total_cost_usd`).
#[derive(Debug, Clone, PartialEq)]
pub struct RunFigure {
    /// `None` until the file it came from names the run.
    pub run: Option<String>,
    pub usd: f64,
    pub format: &'static str,
}

/// Where a value was found, and what its surroundings say.
#[derive(Debug, Clone, Default)]
pub struct Ctx {
    pub model: Option<String>,
    pub run: Option<String>,
    pub moment: Option<Moment>,
    pub place: String,
}

/// Collects records from values.
#[derive(Debug, Default)]
pub struct Collector {
    pub records: Vec<Record>,
    pub figures: Vec<RunFigure>,
    /// Claude Code's session `usage` (its main loop's requests, summed), per run.
    pub sessions: Vec<(Option<String>, Classes)>,
    /// What the lines read so far of a Codex CLI session file say (see [`Collector::codex`]).
    codex: Codex,
    /// Each Codex event with a running total, by its time and that total, the key of the first
    /// file's copy: a session branched from another starts with a copy of its history, the
    /// same events at the same times, which are the other session's turns.
    codex_seen: std::collections::HashMap<String, String>,
}

/// A Codex CLI session file's state between its lines: the model its last `turn_context` named,
/// the session's running token total (for events that carry only that total), and whether the
/// file opens with a replay of the session it was forked from ([`Fork`]).
#[derive(Debug, Default)]
struct Codex {
    /// The input being read (a file's name).
    file: String,
    model: Option<String>,
    totals: Option<[f64; 3]>,
    fork: Fork,
}

/// A forked Codex session (`session_meta` first, with `forked_from_id`) may begin with its
/// lineage's history written again: the parent's `session_meta`, then its token counts at
/// machine speed. Those turns are the parent session's, counted in its own file. Codex's own
/// marks are few, so the rule is ccusage's (the maintained reader of these files): the opening
/// lines are a replay when they name another session and hold at least
/// [`Fork::REPLAY_TOKEN_EVENTS`] token counts with no pause of a second or more between their
/// times; the first such pause ends the opening (and the file's end does).
#[derive(Debug, Default)]
struct Fork {
    /// Whether the opening is a replay, once known.
    decided: Option<bool>,
    started: bool,
    own_id: Option<String>,
    names_another_session: bool,
    last_time: Option<String>,
    last_seconds: Option<f64>,
    token_events: usize,
    /// The opening's requests, until it is known whether they are a replay.
    held: Vec<Record>,
    /// Requests dropped as a replay.
    dropped: usize,
}

impl Fork {
    const REPLAY_TOKEN_EVENTS: usize = 20;
    const PAUSE_SECONDS: f64 = 1.0;

    fn is_replay(&self) -> bool {
        self.names_another_session && self.token_events >= Self::REPLAY_TOKEN_EVENTS
    }

    /// Reads one line of the file before its requests are: true when it ends the opening.
    fn line(&mut self, v: &Value) -> bool {
        if self.decided.is_some() {
            return false;
        }
        let payload = v.get("payload").filter(|p| p.is_object());
        let id = payload.and_then(|p| text(p, "id"));
        let is_meta = v.get("type").and_then(Value::as_str) == Some("session_meta");
        if !self.started {
            self.started = true;
            if !(is_meta && payload.and_then(|p| text(p, "forked_from_id")).is_some()) {
                self.decided = Some(false);
                return true;
            }
            self.own_id = id;
        } else if is_meta && id.is_some() && id != self.own_id {
            self.names_another_session = true;
        }
        let token = payload.and_then(|p| p.get("type")).and_then(Value::as_str) == Some("token_count");
        let time = v.get("timestamp").and_then(Value::as_str);
        if time.is_none() || time == self.last_time.as_deref() {
            self.token_events += token as usize;
            return false;
        }
        let Some(seconds) = time.and_then(Moment::parse).map(Moment::unix_seconds) else { return false };
        if self.last_seconds.is_some_and(|last| seconds - last >= Self::PAUSE_SECONDS) {
            self.decided = Some(self.is_replay());
            return true;
        }
        self.token_events += token as usize;
        self.last_time = time.map(str::to_string);
        self.last_seconds = Some(seconds);
        false
    }
}

/// Codex's token counts `[input (cached included), cached input, output (reasoning included)]`.
fn codex_usage(u: &Value) -> [f64; 3] {
    [n(u, &["input_tokens"]), n(u, &["cached_input_tokens"]), n(u, &["output_tokens"])]
}

/// Codex's counts as the four classes: the cached input is read from the cache.
fn codex_classes([input, cached, output]: [f64; 3]) -> Classes {
    let read = cached.min(input);
    Classes { input: input - read, cache_read: read, output, ..Classes::default() }
}

/// Gemini's counts as the four classes, read under `keys` = [prompt, cached, tool-use prompt,
/// candidates, thoughts] (the API's usageMetadata names, or Gemini CLI's): the prompt includes
/// the cached tokens; a tool call's prompt (e.g. search grounding) is input too and thoughts are
/// output (genai-prices' Google extractor reads it so).
fn gemini_classes(u: &Value, [prompt, cached, tool, candidates, thoughts]: [&str; 5]) -> Classes {
    let p = n(u, &[prompt]);
    let read = n(u, &[cached]).min(p);
    Classes {
        input: p - read + n(u, &[tool]),
        cache_read: read,
        output: n(u, &[candidates]) + n(u, &[thoughts]),
        ..Classes::default()
    }
}

/// Codex events after which another model serves the session's turns: a reroute (the server
/// sending the turns to another model than the one asked for) or new thread settings.
const CODEX_MODEL_EVENTS: [&str; 5] = [
    "model_rerouted",
    "model/rerouted",
    "thread_settings_updated",
    "thread/settings/updated",
    "thread_settings_applied",
];

/// The model such an event moves to: `toModel` (a reroute's; `fromModel` is the one asked for)
/// or the model its settings name.
fn codex_new_model(p: &Value) -> Option<String> {
    let named = |v: &Value| ["toModel", "to_model", "model", "model_name"].iter().find_map(|k| text(v, k));
    named(p).or_else(|| {
        ["threadSettings", "thread_settings", "settings", "params"]
            .iter()
            .filter_map(|k| p.get(*k).filter(|x| x.is_object()))
            .find_map(named)
    })
}

/// The model a Codex payload names, directly or in its metadata.
fn codex_model(v: &Value) -> Option<String> {
    text(v, "model").or_else(|| text(v, "model_name")).or_else(|| v.get("metadata").and_then(|m| text(m, "model")))
}

fn num(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|x| x.is_finite() && *x >= 0.0)
}

fn get<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(*k))
}

fn n(v: &Value, path: &[&str]) -> f64 {
    num(get(v, path)).unwrap_or(0.0)
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty()).map(|s| s.chars().take(200).collect())
}

fn moment_of(v: &Value, keys: &[&str]) -> Option<Moment> {
    for k in keys {
        match v.get(*k) {
            Some(Value::String(s)) => {
                if let Some(m) = Moment::parse(s) {
                    return Some(m);
                }
                // OpenTelemetry writes nanoseconds as text.
                if let Ok(x) = s.parse::<f64>() {
                    return moment_number(x);
                }
            }
            Some(Value::Number(x)) => return x.as_f64().and_then(moment_number),
            _ => {}
        }
    }
    None
}

/// Seconds, milliseconds or nanoseconds since 1970, told apart by size.
fn moment_number(x: f64) -> Option<Moment> {
    let secs = if x > 1e17 {
        x / 1e9
    } else if x > 1e11 {
        x / 1e3
    } else {
        x
    };
    Moment::from_unix(secs)
}

/// Anthropic's `usage`: fresh input, writes (5-minute / 1-hour from `cache_creation`; all
/// 5-minute when absent), reads, output; and its service tier / speed.
fn anthropic_classes(u: &Value) -> (Classes, Mode) {
    let written = n(u, &["cache_creation_input_tokens"]);
    let (mut w5, w1) = match u.get("cache_creation") {
        Some(c) if c.is_object() => (n(c, &["ephemeral_5m_input_tokens"]), n(c, &["ephemeral_1h_input_tokens"])),
        _ => (written, 0.0),
    };
    if written > w5 + w1 {
        w5 = written - w1;
    }
    let mode = match (u.get("speed").and_then(Value::as_str), u.get("service_tier").and_then(Value::as_str)) {
        (Some("fast"), _) => Mode::Fast,
        (_, Some("batch")) => Mode::Batch,
        (_, Some("priority")) => Mode::Priority,
        _ => Mode::Standard,
    };
    (
        Classes {
            input: n(u, &["input_tokens"]),
            cache_write_5m: w5,
            cache_write_1h: w1,
            cache_read: n(u, &["cache_read_input_tokens"]),
            output: n(u, &["output_tokens"]),
        },
        mode,
    )
}

/// OpenAI's Chat Completions `usage` (also OpenRouter's and LiteLLM's): `prompt_tokens`
/// includes the cached tokens; cache writes count where a provider reports them.
///
/// xAI's Chat Completions leave the reasoning out of `completion_tokens` (its `total_tokens` is
/// prompt + completion + reasoning, where OpenAI's is prompt + completion): where the total says
/// so, the reasoning is added to the output, as genai-prices' xAI extractor does. Its top-level
/// `cached_prompt_text_tokens` are cache reads, as are DeepSeek's `prompt_cache_hit_tokens`.
fn chat_classes(u: &Value) -> Classes {
    let prompt = n(u, &["prompt_tokens"]);
    let read = num(get(u, &["prompt_tokens_details", "cached_tokens"]))
        .or_else(|| num(u.get("cache_read_input_tokens")))
        .or_else(|| num(u.get("cached_prompt_text_tokens")))
        .or_else(|| num(u.get("prompt_cache_hit_tokens")))
        .unwrap_or(0.0);
    let completion = n(u, &["completion_tokens"]);
    let reasoning = num(get(u, &["completion_tokens_details", "reasoning_tokens"]))
        .or_else(|| num(u.get("reasoning_tokens")))
        .unwrap_or(0.0);
    let left_out = num(u.get("total_tokens"))
        .is_some_and(|t| reasoning > 0.0 && (t - (prompt + completion + reasoning)).abs() < 0.5);
    let write = num(get(u, &["prompt_tokens_details", "cache_write_tokens"]))
        .or_else(|| num(u.get("cache_creation_input_tokens")))
        .unwrap_or(0.0);
    Classes {
        input: (prompt - read - write).max(0.0),
        cache_write_5m: write.min(prompt - read.min(prompt)).max(0.0),
        cache_write_1h: 0.0,
        cache_read: read.min(prompt),
        output: completion + if left_out { reasoning } else { 0.0 },
    }
}

/// OpenAI's Responses `usage`: `input_tokens` includes the cached ones and the cache writes
/// (`input_tokens_details.cache_write_tokens`, which the models with a write price report).
fn responses_classes(u: &Value) -> Classes {
    let input = n(u, &["input_tokens"]);
    let read = n(u, &["input_tokens_details", "cached_tokens"]).min(input);
    let write = n(u, &["input_tokens_details", "cache_write_tokens"]).min(input - read);
    Classes {
        input: input - read - write,
        cache_write_5m: write,
        cache_read: read,
        output: n(u, &["output_tokens"]),
        ..Classes::default()
    }
}

fn openai_mode(v: &Value) -> Mode {
    match v.get("service_tier").and_then(Value::as_str) {
        Some("flex") => Mode::Flex,
        Some("priority") => Mode::Priority,
        Some("fast") => Mode::Fast,
        _ => Mode::Standard,
    }
}

/// OpenTelemetry attributes, as a map or as OTLP's `[{key, value: {intValue|…}}]`.
fn otel_attributes(v: &Value) -> Option<Map<String, Value>> {
    let attrs = v.get("attributes").unwrap_or(v);
    let map: Map<String, Value> = match attrs {
        Value::Object(m) => m.clone(),
        Value::Array(list) => list
            .iter()
            .filter_map(|a| {
                let key = a.get("key")?.as_str()?.to_string();
                let val = a.get("value")?;
                let val = ["intValue", "doubleValue", "stringValue", "boolValue"]
                    .iter()
                    .find_map(|k| val.get(*k))
                    .cloned()
                    .unwrap_or_else(|| val.clone());
                Some((key, val))
            })
            .collect(),
        _ => return None,
    };
    map.keys().any(|k| k.starts_with("gen_ai.usage.")).then_some(map)
}

impl Collector {
    fn push(&mut self, r: Record) {
        self.records.push(r);
    }

    /// Input `name` begins: what one file's lines said does not carry into the next.
    pub fn begin_input(&mut self, name: &str) {
        self.codex = Codex { file: name.to_string(), ..Codex::default() };
    }

    /// A line of JSON Lines, before its requests are read: a forked Codex session's opening is
    /// held until it is known whether it replays its parent ([`Fork`]).
    pub fn line(&mut self, v: &Value) {
        if self.codex.fork.line(v) {
            self.settle_fork();
        }
    }

    /// The input ends: an opening still held is settled. Returns the requests dropped as a
    /// forked session's replay of its parent's.
    pub fn end_input(&mut self) -> usize {
        let fork = &mut self.codex.fork;
        if fork.decided.is_none() {
            fork.decided = Some(fork.is_replay());
        }
        self.settle_fork();
        self.codex.fork.dropped
    }

    fn settle_fork(&mut self) {
        let held = std::mem::take(&mut self.codex.fork.held);
        if self.codex.fork.decided == Some(true) {
            self.codex.fork.dropped += held.len();
        } else {
            self.records.extend(held);
        }
    }

    /// A Codex CLI session line (`~/.codex/sessions/…/rollout-*.jsonl`): `turn_context` names the
    /// model; an `event_msg` of type `token_count` carries the turn's usage (`last_token_usage`)
    /// beside the session's running total (`total_token_usage`, never counted itself: without
    /// the turn's own figures, the turn is the total's growth). OpenAI's classes: `input_tokens`
    /// includes `cached_input_tokens`, `output_tokens` includes the reasoning. True when `v` is
    /// such a line (the other `event_msg`s hold no request).
    fn codex(&mut self, v: &Value, ctx: &Ctx) -> bool {
        let payload = v.get("payload").filter(|p| p.is_object());
        match (v.get("type").and_then(Value::as_str), payload) {
            (Some("turn_context"), Some(p)) => {
                if let Some(m) = codex_model(p) {
                    self.codex.model = Some(m);
                }
                true
            }
            (Some("event_msg"), Some(p)) => {
                let kind = p.get("type").and_then(Value::as_str).unwrap_or("");
                if CODEX_MODEL_EVENTS.contains(&kind) {
                    // The model serving the turns from here on (a reroute, new thread settings).
                    if let Some(m) = codex_new_model(p) {
                        self.codex.model = Some(m);
                    }
                    return true;
                }
                if kind != "token_count" {
                    return true;
                }
                let info = p.get("info").filter(|i| i.is_object());
                let total = info.and_then(|i| i.get("total_token_usage")).filter(|u| u.is_object()).map(codex_usage);
                let turn =
                    info.and_then(|i| i.get("last_token_usage")).filter(|u| u.is_object()).map(codex_usage).or_else(
                        || {
                            let before = self.codex.totals.unwrap_or_default();
                            total.map(|t| [0, 1, 2].map(|k| (t[k] - before[k]).max(0.0)))
                        },
                    );
                if total.is_some() {
                    self.codex.totals = total;
                }
                let Some([input, cached, output]) = turn.filter(|t| t.iter().any(|x| *x > 0.0)) else { return true };
                let mut r = self.record(ctx, "codex");
                r.model = codex_model(p)
                    .or_else(|| info.and_then(codex_model))
                    .or_else(|| self.codex.model.clone())
                    .or(r.model);
                r.classes = codex_classes([input, cached, output]);
                r.moment = moment_of(v, &["timestamp"]).or(r.moment);
                // The session's running total grows with every turn: in one file, an event that
                // repeats it (written again, or the line read twice) is the same turn; in
                // another file, the same total at the same time is a copy of it (a branch).
                r.key = total.map(|[i, c, o]| {
                    let key = format!("codex|{}|{i}|{c}|{o}", self.codex.file);
                    match v.get("timestamp").and_then(Value::as_str) {
                        Some(time) => self.codex_seen.entry(format!("{time}|{i}|{c}|{o}")).or_insert(key).clone(),
                        None => key,
                    }
                });
                if self.codex.fork.decided.is_none() {
                    self.codex.fork.held.push(r);
                } else {
                    self.push(r);
                }
                true
            }
            _ => false,
        }
    }

    fn record(&self, ctx: &Ctx, format: &'static str) -> Record {
        Record {
            model: ctx.model.clone(),
            classes: Classes::default(),
            moment: ctx.moment,
            run: ctx.run.clone(),
            key: None,
            message_id: None,
            sidechain: false,
            agent: None,
            reported_usd: None,
            mode: Mode::Standard,
            format,
            aggregate: false,
            billed: true,
            counted: true,
            // Requests a forked Codex session holds back (see [`Fork`]) come before.
            order: self.records.len() + self.codex.fork.held.len(),
            place: ctx.place.clone(),
        }
    }

    /// Finds every request in `v`.
    pub fn visit(&mut self, v: &Value, ctx: &Ctx) {
        match v {
            Value::Array(items) => items.iter().for_each(|x| self.visit(x, ctx)),
            Value::Object(m) => {
                if self.recognise(v, ctx) {
                    return;
                }
                // Not a request: what it says about the model, the run and the time holds inside.
                let mut inner = ctx.clone();
                if let Some(model) = text(v, "model").or_else(|| text(v, "modelVersion")) {
                    inner.model = Some(model);
                }
                if let Some(r) =
                    ["session_id", "sessionId", "trajectory_id", "run_id", "traceId"].iter().find_map(|k| text(v, k))
                {
                    inner.run = Some(r);
                }
                if let Some(t) = moment_of(v, &["timestamp", "created_at", "createTime", "created"]) {
                    inner.moment = Some(t);
                }
                for x in m.values().filter(|x| x.is_object() || x.is_array()) {
                    self.visit(x, &inner);
                }
            }
            _ => {}
        }
    }

    /// Recognises `v` as one of the formats; true when it did (its inside is then not read
    /// again, so nested usage is never counted twice).
    fn recognise(&mut self, v: &Value, ctx: &Ctx) -> bool {
        if self.codex(v, ctx) {
            return true;
        }
        let kind = v.get("type").and_then(Value::as_str);
        // Claude Code `--output-format json` / the last `stream-json` event: totals.
        if kind == Some("result") && (v.get("total_cost_usd").is_some() || v.get("modelUsage").is_some()) {
            let run = text(v, "session_id").or_else(|| ctx.run.clone());
            if let Some(usd) = num(v.get("total_cost_usd")) {
                self.figures.push(RunFigure { run: run.clone(), usd, format: "claude-code-json" });
            }
            let mut ctx = ctx.clone();
            ctx.run = run;
            // The session's `usage` splits its writes into 5-minute and 1-hour; `modelUsage`
            // does not, so a model whose writes are exactly the session's takes its split.
            let session = v.get("usage").filter(|u| u.is_object()).map(|u| anthropic_classes(u).0);
            if let Some(u) = &session {
                self.sessions.push((ctx.run.clone(), *u));
            }
            match v.get("modelUsage").and_then(Value::as_object) {
                Some(models) => {
                    for (model, u) in models {
                        let mut r = self.record(&ctx, "claude-code-json");
                        r.model = Some(model.chars().take(200).collect());
                        let written = n(u, &["cacheCreationInputTokens"]);
                        let w1 = session
                            .as_ref()
                            .filter(|s| {
                                s.cache_write_1h > 0.0 && (s.cache_write_5m + s.cache_write_1h - written).abs() < 0.5
                            })
                            .map_or(0.0, |s| s.cache_write_1h);
                        r.classes = Classes {
                            input: n(u, &["inputTokens"]),
                            cache_write_5m: written - w1,
                            cache_write_1h: w1,
                            cache_read: n(u, &["cacheReadInputTokens"]),
                            output: n(u, &["outputTokens"]),
                        };
                        r.reported_usd = num(u.get("costUSD"));
                        r.aggregate = true;
                        self.push(r);
                    }
                }
                None => {
                    if let Some(u) = v.get("usage").filter(|u| u.is_object()) {
                        let mut r = self.record(&ctx, "claude-code-json");
                        (r.classes, r.mode) = anthropic_classes(u);
                        r.aggregate = true;
                        self.push(r);
                    }
                }
            }
            return true;
        }
        // An ATIF trajectory (Harbor's Agent Trajectory Interchange Format): `{schema_version,
        // session_id, agent: {model_name}, steps: [{source, model_name, metrics}], final_metrics}`;
        // `prompt_tokens` includes the cached tokens (and the cache writes `metrics.extra` names).
        if v.get("steps").is_some_and(Value::is_array)
            && v.get("agent").is_some_and(Value::is_object)
            && (v.get("schema_version").and_then(Value::as_str).is_some_and(|s| s.starts_with("ATIF"))
                || v.get("session_id").is_some())
        {
            self.atif(v, ctx);
            return true;
        }
        // mini-swe-agent's trajectory: its own cost per run; the responses inside are read as usual.
        if let Some(usd) = num(get(v, &["info", "model_stats", "instance_cost"])) {
            self.figures.push(RunFigure { run: ctx.run.clone(), usd, format: "mini-swe-agent" });
        }
        // Anthropic Message Batches results: `{custom_id, result: {type, message}}`.
        if v.get("custom_id").is_some()
            && let Some(result) = v.get("result").filter(|r| r.is_object())
        {
            if let Some(msg) =
                result.get("message").filter(|_| result.get("type").and_then(Value::as_str) == Some("succeeded"))
                && let Some(u) = msg.get("usage").filter(|u| u.is_object())
            {
                let mut r = self.record(ctx, "anthropic-batch");
                r.model = text(msg, "model").or(r.model);
                // Each request of a batch is a job of its own.
                r.run = text(v, "custom_id").or(r.run);
                (r.classes, _) = anthropic_classes(u);
                r.mode = Mode::Batch;
                r.key = text(msg, "id").map(|id| format!("msg|{id}"));
                self.push(r);
            }
            return true;
        }
        // OpenAI Batch output: `{custom_id, response: {status_code, body}}`.
        if v.get("custom_id").is_some()
            && let Some(body) = get(v, &["response", "body"]).filter(|b| b.is_object())
        {
            let before = self.records.len();
            self.visit(body, ctx);
            let job = text(v, "custom_id");
            for r in &mut self.records[before..] {
                r.mode = Mode::Batch;
                r.format = "openai-batch";
                r.run = job.clone().or(r.run.take());
            }
            return true;
        }
        // Claude Code: a transcript line (`projects/<project>/<session>.jsonl`) or a
        // `stream-json` assistant event: `{message: {id, model, usage}, sessionId | session_id}`.
        if let Some(msg) = v.get("message").filter(|m| m.get("usage").is_some_and(Value::is_object))
            && (v.get("sessionId").is_some()
                || v.get("session_id").is_some()
                || v.get("requestId").is_some()
                || v.get("parentUuid").is_some()
                || kind == Some("assistant"))
        {
            let model = text(msg, "model");
            if model.as_deref() == Some("<synthetic>") {
                return true; // not a request
            }
            let stream = v.get("session_id").is_some() && v.get("sessionId").is_none();
            let format = if stream { "claude-code-stream-json" } else { "claude-code" };
            let mut r = self.record(ctx, format);
            r.model = model.or(r.model);
            (r.classes, r.mode) = anthropic_classes(&msg["usage"]);
            r.run = text(v, "sessionId").or_else(|| text(v, "session_id")).or(r.run);
            r.moment = moment_of(v, &["timestamp"]).or(r.moment);
            r.message_id = text(msg, "id");
            r.key = match (&r.message_id, text(v, "requestId")) {
                (Some(m), Some(q)) if !stream => Some(format!("cc|{m}|{q}")),
                (Some(m), _) => Some(format!("cc|{m}")),
                _ => None,
            };
            r.sidechain = v.get("isSidechain").and_then(Value::as_bool).unwrap_or(false);
            r.agent = text(v, "agentId").or_else(|| text(v, "parent_tool_use_id"));
            r.reported_usd = num(v.get("costUSD"));
            self.push(r);
            return true;
        }
        // Other Claude Code lines (user turns, tool results, summaries) hold no request of their
        // own; a tool result's `usage` summarises a subagent whose requests have lines of their
        // own, so nothing inside them is read.
        if (v.get("sessionId").is_some() && (v.get("uuid").is_some() || v.get("parentUuid").is_some()))
            || (v.get("session_id").is_some() && matches!(kind, Some("user" | "system")))
        {
            return true;
        }
        // Gemini CLI's session recording (`~/.gemini/tmp/<project>/chats/session-*.json`):
        // `{sessionId, messages: [{id, timestamp, type: "gemini", model, tokens}]}`, its
        // `tokens` the response's usageMetadata renamed: `input` (the prompt, cached tokens
        // included), `cached`, `output`, `thoughts`, `tool` (a tool call's prompt), `total`.
        if kind == Some("gemini")
            && let Some(t) = v.get("tokens").filter(|t| t.is_object())
        {
            let mut r = self.record(ctx, "gemini-cli");
            r.model = text(v, "model").or(r.model);
            r.classes = gemini_classes(t, ["input", "cached", "tool", "output", "thoughts"]);
            r.moment = moment_of(v, &["timestamp"]).or(r.moment);
            r.key = text(v, "id").map(|id| format!("gemini-cli|{}|{id}", r.run.as_deref().unwrap_or("")));
            if r.classes.total() > 0.0 {
                self.push(r);
            }
            return true;
        }
        // Gemini: `usageMetadata` beside `modelVersion`.
        if let Some(u) = v.get("usageMetadata").filter(|u| u.is_object()) {
            let mut r = self.record(ctx, "gemini");
            r.model = text(v, "modelVersion").or_else(|| text(v, "model")).or(r.model);
            r.classes = gemini_classes(
                u,
                [
                    "promptTokenCount",
                    "cachedContentTokenCount",
                    "toolUsePromptTokenCount",
                    "candidatesTokenCount",
                    "thoughtsTokenCount",
                ],
            );
            r.key = text(v, "responseId").map(|id| format!("gemini|{id}"));
            r.moment = moment_of(v, &["createTime"]).or(r.moment);
            self.push(r);
            return true;
        }
        // OpenTelemetry GenAI spans: `gen_ai.usage.*` attributes.
        if let Some(a) = otel_attributes(v) {
            let get = |k: &str| num(a.get(k));
            let mut r = self.record(ctx, "opentelemetry");
            r.model = ["gen_ai.response.model", "gen_ai.request.model"]
                .iter()
                .find_map(|k| a.get(*k).and_then(Value::as_str).map(str::to_string))
                .or(r.model);
            // The conventions' names (cache writes: `cache_write` now, `cache_creation` before),
            // then the older ones instrumentations still write (OpenLLMetry's and others'
            // `cache_read_input_tokens`, Anthropic's spelling).
            let first = |keys: &[&str]| keys.iter().find_map(|k| get(k)).unwrap_or(0.0);
            let read = first(&["gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens"]);
            let write = first(&[
                "gen_ai.usage.cache_write.input_tokens",
                "gen_ai.usage.cache_creation.input_tokens",
                "gen_ai.usage.cache_write_input_tokens",
                "gen_ai.usage.cache_creation_input_tokens",
            ]);
            let input = get("gen_ai.usage.input_tokens").or_else(|| get("gen_ai.usage.prompt_tokens")).unwrap_or(0.0);
            // The conventions include the cached tokens in `input_tokens`; an input smaller than
            // its own cached part can only be the fresh input alone (as some instrumentations
            // copy Anthropic's `input_tokens`).
            let fresh = if input < read + write { input } else { input - read - write };
            r.classes = Classes {
                input: fresh,
                cache_write_5m: write,
                cache_read: read,
                output: get("gen_ai.usage.output_tokens")
                    .or_else(|| get("gen_ai.usage.completion_tokens"))
                    .unwrap_or(0.0),
                ..Classes::default()
            };
            r.run = text(v, "traceId")
                .or_else(|| text(v, "trace_id"))
                .or_else(|| get_str(v, &["context", "trace_id"]))
                .or_else(|| a.get("gen_ai.conversation.id").and_then(Value::as_str).map(str::to_string))
                .or(r.run);
            r.key = text(v, "spanId")
                .or_else(|| text(v, "span_id"))
                .or_else(|| get_str(v, &["context", "span_id"]))
                .map(|s| format!("span|{s}"));
            r.moment = moment_of(v, &["startTimeUnixNano", "start_time", "startTime"]).or(r.moment);
            self.push(r);
            return true;
        }
        // LiteLLM spend logs: `{request_id, model, prompt_tokens, completion_tokens, spend, …}`.
        if v.get("spend").is_some() && (v.get("prompt_tokens").is_some() || v.get("total_tokens").is_some()) {
            let mut r = self.record(ctx, "litellm");
            r.model = text(v, "model").or_else(|| text(v, "model_group")).or(r.model);
            let usage = get(v, &["metadata", "usage_object"]).filter(|u| u.is_object()).cloned();
            r.classes = chat_classes(usage.as_ref().unwrap_or(v));
            if r.classes.prompt() == 0.0 && r.classes.output == 0.0 {
                r.classes = chat_classes(v);
            }
            r.reported_usd = num(v.get("spend"));
            r.run = text(v, "session_id").or_else(|| get_str(v, &["metadata", "session_id"])).or(r.run);
            r.key = text(v, "request_id").map(|s| format!("litellm|{s}"));
            r.moment = moment_of(v, &["startTime", "start_time"]).or(r.moment);
            self.push(r);
            return true;
        }
        // Helicone exports: `{request_created_at, model, prompt_tokens, completion_tokens, …}`.
        if (v.get("request_created_at").is_some() || v.get("response_created_at").is_some())
            && (v.get("prompt_tokens").is_some() || v.get("completion_tokens").is_some())
        {
            let mut r = self.record(ctx, "helicone");
            r.model =
                text(v, "model").or_else(|| text(v, "request_model")).or_else(|| text(v, "response_model")).or(r.model);
            let prompt = n(v, &["prompt_tokens"]);
            let read = n(v, &["prompt_cache_read_tokens"]).min(prompt);
            let write = n(v, &["prompt_cache_write_tokens"]).min(prompt - read);
            r.classes = Classes {
                input: prompt - read - write,
                cache_write_5m: write,
                cache_read: read,
                output: n(v, &["completion_tokens"]),
                ..Classes::default()
            };
            let props = v.get("request_properties").or_else(|| v.get("properties"));
            r.run = props.and_then(|p| text(p, "Helicone-Session-Id")).or(r.run);
            r.key = text(v, "request_id").or_else(|| text(v, "response_id")).map(|s| format!("helicone|{s}"));
            r.moment = moment_of(v, &["request_created_at", "response_created_at"]).or(r.moment);
            self.push(r);
            return true;
        }
        // A response with a `usage` object: OpenAI Chat Completions (and OpenRouter),
        // OpenAI Responses, Anthropic Messages.
        if let Some(u) = v.get("usage").filter(|u| u.is_object()) {
            let object = v.get("object").and_then(Value::as_str);
            let mut r = self.record(ctx, "anthropic");
            r.model = text(v, "model").or(r.model);
            r.moment = moment_of(v, &["created", "created_at"]).or(r.moment);
            if u.get("prompt_tokens").is_some() || object.is_some_and(|o| o.starts_with("chat.completion")) {
                r.format =
                    if v.get("provider").is_some() || u.get("cost").is_some() { "openrouter" } else { "openai-chat" };
                r.classes = chat_classes(u);
                r.mode = openai_mode(v);
                r.reported_usd = num(u.get("cost"));
            } else if object == Some("response")
                || u.get("input_tokens_details").is_some()
                || u.get("total_tokens").is_some()
            {
                r.format = "openai-responses";
                r.classes = responses_classes(u);
                r.mode = openai_mode(v);
            } else if u.get("cached_input_tokens").is_some() {
                // `codex exec --json`'s `turn.completed` event: Codex's counts.
                r.format = "codex";
                r.classes = codex_classes(codex_usage(u));
            } else if u.get("input_tokens").is_some() || u.get("output_tokens").is_some() {
                (r.classes, r.mode) = anthropic_classes(u);
            } else {
                return false;
            }
            r.key = text(v, "id").map(|id| format!("id|{id}"));
            r.run = text(v, "session_id").or(r.run);
            self.push(r);
            return true;
        }
        // A bare Anthropic `usage` object.
        if v.get("input_tokens").is_some_and(Value::is_number) && v.get("output_tokens").is_some_and(Value::is_number) {
            let mut r = self.record(ctx, "anthropic-usage");
            if v.get("cached_input_tokens").is_some() {
                r.format = "codex";
                r.classes = codex_classes(codex_usage(v));
            } else {
                (r.classes, r.mode) = anthropic_classes(v);
            }
            self.push(r);
            return true;
        }
        false
    }
}

impl Collector {
    fn atif(&mut self, v: &Value, ctx: &Ctx) {
        let mut ctx = ctx.clone();
        ctx.run = text(v, "session_id").or(ctx.run);
        ctx.model = v.get("agent").and_then(|a| text(a, "model_name")).or(ctx.model);
        if let Some(usd) = num(get(v, &["final_metrics", "total_cost_usd"])) {
            self.figures.push(RunFigure { run: ctx.run.clone(), usd, format: "atif" });
        }
        let before = self.records.len();
        for step in v["steps"].as_array().into_iter().flatten() {
            let Some(m) = step.get("metrics").filter(|m| m.is_object()) else { continue };
            if step.get("source").and_then(Value::as_str).is_some_and(|s| s != "agent") {
                continue;
            }
            let mut r = self.record(&ctx, "atif");
            r.model = text(step, "model_name").or(r.model);
            r.classes = atif_classes(m, "prompt_tokens", "cached_tokens", "completion_tokens");
            r.reported_usd = num(m.get("cost_usd"));
            r.moment = moment_of(step, &["timestamp"]).or(r.moment);
            r.key = step.get("step_id").map(|id| format!("atif|{}|{id}", ctx.run.as_deref().unwrap_or("")));
            self.push(r);
        }
        // Only totals: one record of them.
        if self.records.len() == before
            && let Some(f) = v.get("final_metrics").filter(|f| f.is_object())
        {
            let mut r = self.record(&ctx, "atif");
            r.classes = atif_classes(f, "total_prompt_tokens", "total_cached_tokens", "total_completion_tokens");
            if r.classes.total() > 0.0 {
                r.aggregate = true;
                self.push(r);
            }
        }
    }
}

/// ATIF metrics: the prompt includes cached tokens and, where `extra` names them, cache writes.
fn atif_classes(m: &Value, prompt: &str, cached: &str, completion: &str) -> Classes {
    let p = n(m, &[prompt]);
    let read = n(m, &[cached]).min(p);
    let extra = m.get("extra").unwrap_or(&Value::Null);
    let write = num(extra.get("cache_creation_input_tokens"))
        .or_else(|| num(extra.get("cache_write_tokens")))
        .unwrap_or(0.0)
        .min(p - read);
    Classes {
        input: p - read - write,
        cache_write_5m: write,
        cache_read: read,
        output: n(m, &[completion]),
        ..Classes::default()
    }
}

fn get_str(v: &Value, path: &[&str]) -> Option<String> {
    get(v, path).and_then(Value::as_str).map(str::to_string)
}
