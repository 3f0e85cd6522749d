//! Reading a scenario from JSON. Every problem becomes an [`Issue`] naming its field; parsing
//! goes on after a problem so that one pass reports them all.

use super::*;
use crate::catalog::{LongContext, RATE_FIELDS, Rates, Status};
use serde_json::{Map, Value};

/// Parses and validates a scenario file. On success the scenario is ready to evaluate.
pub fn parse(text: &str, catalog: &Catalog) -> Result<Scenario, Vec<Issue>> {
    let value = crate::json::parse(text).map_err(|e| vec![Issue::new("", format!("not valid JSON: {e}"))])?;
    parse_value(&value, catalog)
}

/// Parses and validates a scenario already read as JSON.
pub fn parse_value(value: &Value, catalog: &Catalog) -> Result<Scenario, Vec<Issue>> {
    let mut r = Reader::default();
    let scenario = r.scenario(value);
    let mut issues = r.issues;
    if let Some(s) = &scenario {
        // Value checks only make sense on what parsed; skip paths that already have a problem.
        for issue in validate(s, catalog) {
            if !issues.iter().any(|i| i.path == issue.path) {
                issues.push(issue);
            }
        }
    }
    match scenario {
        Some(s) if issues.is_empty() => Ok(s),
        _ => Err(issues),
    }
}

const SCENARIO_FIELDS: &[&str] = &["version", "name", "stages", "router", "traffic", "budget", "prices"];
const STAGE_FIELDS: &[&str] = &[
    "name",
    "kind",
    "mix",
    "iterations",
    "system_tokens",
    "user_tokens",
    "output_tokens",
    "final_output_tokens",
    "tool_result_tokens",
    "tool_result_growth",
    "turns",
    "history_limit_tokens",
    "cache",
    "retry_rate",
];
const MIX_FIELDS: &[&str] = &["model", "share"];
const TURN_FIELDS: &[&str] = &["output_tokens", "tool_result_tokens"];
const CACHE_FIELDS: &[&str] = &["mode", "ttl", "seconds_per_turn", "shared_prefix"];
const ROUTER_FIELDS: &[&str] = &["model", "input_tokens", "output_tokens"];
const TRAFFIC_FIELDS: &[&str] = &["runs_per_day", "days_per_month", "batch_share"];
const BUDGET_FIELDS: &[&str] = &["monthly_usd"];
const MODEL_FIELDS: &[&str] = &[
    "id",
    "provider",
    "name",
    "input",
    "output",
    "cache_write_5m",
    "cache_write_1h",
    "cache_read",
    "min_cacheable_tokens",
    "context_window",
    "long_context",
    "status",
    "disputed",
    "note",
    "source",
    "as_of",
    "batch_multiplier",
];
const LONG_CONTEXT_FIELDS: &[&str] =
    &["threshold_tokens", "input", "output", "cache_write_5m", "cache_write_1h", "cache_read"];

/// Reads one model entry (the catalog's, or a scenario's `prices` entry) with the scenario
/// reader's checks and messages. The status is the entry's own; [`parse_value`] marks a
/// scenario's entries custom.
pub(crate) fn read_model(path: &str, v: &Value) -> Result<Model, Vec<Issue>> {
    let mut r = Reader::default();
    let m = r.model(path, v);
    match m {
        Some(m) if r.issues.is_empty() => Ok(m),
        _ => Err(r.issues),
    }
}

fn join(base: &str, key: &str) -> String {
    if base.is_empty() { key.to_string() } else { format!("{base}.{key}") }
}

/// A short rendering of a JSON value for messages: never the whole of a long string.
pub(crate) fn show(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            if short.len() < s.len() { format!("\"{short}…\"") } else { format!("\"{short}\"") }
        }
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
        other => crate::json::to_text(other),
    }
}

/// The candidate closest to `word` when it looks like a typo of it.
pub(crate) fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(&word, &c.to_ascii_lowercase());
        let limit = (c.len().max(word.len()) / 3).clamp(1, 4);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[derive(Default)]
struct Reader {
    issues: Vec<Issue>,
}

impl Reader {
    fn err(&mut self, path: &str, message: impl Into<String>) {
        self.issues.push(Issue::new(path, message));
    }

    /// The value as an object, with every unknown key reported.
    fn object<'v>(&mut self, path: &str, v: &'v Value, fields: &[&str]) -> Option<&'v Map<String, Value>> {
        let Some(map) = v.as_object() else {
            self.err(path, format!("must be an object {{…}}, not {}", show(v)));
            return None;
        };
        for key in map.keys() {
            if !fields.contains(&key.as_str()) {
                let hint = match suggest(key, fields.iter().copied()) {
                    Some(s) => format!(" (did you mean \"{s}\"?)"),
                    None => format!(" (known fields: {})", fields.join(", ")),
                };
                let shown: String = key.chars().take(40).collect();
                self.err(&join(path, key), format!("unknown field \"{shown}\"{hint}"));
            }
        }
        Some(map)
    }

    fn field<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
        map.get(key).filter(|v| !v.is_null())
    }

    /// A whole, non-negative number (token counts, iterations); `None` when absent.
    fn whole(&mut self, path: &str, v: &Value, what: &str) -> Option<u64> {
        let Some(x) = v.as_f64() else {
            self.err(path, format!("must be a number of {what}, not {}", show(v)));
            return None;
        };
        if let Some(n) = v.as_u64() {
            return Some(n);
        }
        if x < 0.0 {
            self.err(path, format!("must not be negative (got {x})"));
        } else if x.fract() != 0.0 {
            self.err(path, format!("must be a whole number of {what} (got {x})"));
        } else if x > u64::MAX as f64 {
            self.err(path, format!("is far too large (got {x})"));
        } else {
            return Some(x as u64);
        }
        None
    }

    fn tokens(&mut self, path: &str, map: &Map<String, Value>, key: &str, default: u64) -> u64 {
        self.opt_tokens(path, map, key).unwrap_or(default)
    }

    fn opt_tokens(&mut self, path: &str, map: &Map<String, Value>, key: &str) -> Option<u64> {
        let v = Self::field(map, key)?;
        self.whole(&join(path, key), v, "tokens")
    }

    fn number(&mut self, path: &str, map: &Map<String, Value>, key: &str, default: f64) -> f64 {
        self.opt_number(path, map, key).unwrap_or(default)
    }

    fn opt_number(&mut self, path: &str, map: &Map<String, Value>, key: &str) -> Option<f64> {
        let v = Self::field(map, key)?;
        match v.as_f64() {
            Some(x) => Some(x),
            None => {
                self.err(&join(path, key), format!("must be a number, not {}", show(v)));
                None
            }
        }
    }

    fn required_number(&mut self, path: &str, map: &Map<String, Value>, key: &str) -> f64 {
        if Self::field(map, key).is_none() {
            self.err(&join(path, key), "is required");
            return 0.0;
        }
        self.number(path, map, key, 0.0)
    }

    fn string(&mut self, path: &str, map: &Map<String, Value>, key: &str) -> Option<String> {
        let v = Self::field(map, key)?;
        match v.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.err(&join(path, key), format!("must be text in quotes, not {}", show(v)));
                None
            }
        }
    }

    fn boolean(&mut self, path: &str, map: &Map<String, Value>, key: &str, default: bool) -> bool {
        match Self::field(map, key) {
            None => default,
            Some(Value::Bool(b)) => *b,
            Some(v) => {
                self.err(&join(path, key), format!("must be true or false, not {}", show(v)));
                default
            }
        }
    }

    fn choice<T: Copy>(
        &mut self,
        path: &str,
        map: &Map<String, Value>,
        key: &str,
        options: &[(&str, T)],
        default: T,
    ) -> T {
        let Some(v) = Self::field(map, key) else { return default };
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        match v.as_str().and_then(|s| options.iter().find(|(n, _)| *n == s)) {
            Some((_, t)) => *t,
            None => {
                let hint = v
                    .as_str()
                    .and_then(|s| suggest(s, names.iter().copied()))
                    .map(|s| format!(" (did you mean \"{s}\"?)"))
                    .unwrap_or_default();
                let list = names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
                self.err(&join(path, key), format!("must be one of {list}, not {}{hint}", show(v)));
                default
            }
        }
    }

    fn list<'v>(&mut self, path: &str, map: &'v Map<String, Value>, key: &str) -> Option<&'v Vec<Value>> {
        let v = Self::field(map, key)?;
        match v.as_array() {
            Some(a) => Some(a),
            None => {
                self.err(&join(path, key), format!("must be a list […], not {}", show(v)));
                None
            }
        }
    }

    fn scenario(&mut self, v: &Value) -> Option<Scenario> {
        let map = self.object("", v, SCENARIO_FIELDS)?;
        let mut s = Scenario { stages: Vec::new(), ..Scenario::default() };
        if let Some(v) = Self::field(map, "version") {
            match v.as_u64() {
                Some(n) if n <= u32::MAX as u64 => s.version = n as u32,
                _ => self.err("version", format!("must be the number {FORMAT_VERSION}, not {}", show(v))),
            }
        }
        s.name = self.string("", map, "name").unwrap_or_default();
        match self.list("", map, "stages") {
            Some(stages) => {
                for (i, st) in stages.iter().take(limits::MAX_STAGES + 1).enumerate() {
                    if let Some(stage) = self.stage(&format!("stages.{i}"), st) {
                        s.stages.push(stage);
                    }
                }
                if stages.len() > limits::MAX_STAGES {
                    self.err("stages", format!("has {} stages; the limit is {}", stages.len(), limits::MAX_STAGES));
                }
            }
            None if Self::field(map, "stages").is_none() => s.stages.push(Stage::default()),
            None => {}
        }
        if let Some(v) = Self::field(map, "router") {
            s.router = self.router("router", v);
        }
        if let Some(v) = Self::field(map, "traffic")
            && let Some(t) = self.object("traffic", v, TRAFFIC_FIELDS)
        {
            let d = Traffic::default();
            s.traffic = Traffic {
                runs_per_day: self.number("traffic", t, "runs_per_day", d.runs_per_day),
                days_per_month: self.number("traffic", t, "days_per_month", d.days_per_month),
                batch_share: self.number("traffic", t, "batch_share", d.batch_share),
            };
        }
        if let Some(v) = Self::field(map, "budget")
            && let Some(b) = self.object("budget", v, BUDGET_FIELDS)
            && Self::field(b, "monthly_usd").is_some()
        {
            s.budget = Some(Budget { monthly_usd: self.number("budget", b, "monthly_usd", 0.0) });
        }
        if let Some(list) = self.list("", map, "prices") {
            for (i, m) in list.iter().take(limits::MAX_CUSTOM_MODELS + 1).enumerate() {
                if let Some(mut model) = self.model(&format!("prices.{i}"), m) {
                    // Whatever status the file gives, a scenario's own entry is custom.
                    model.status = Status::Custom;
                    s.prices.push(model);
                }
            }
            if list.len() > limits::MAX_CUSTOM_MODELS {
                self.err("prices", format!("has {} models; the limit is {}", list.len(), limits::MAX_CUSTOM_MODELS));
            }
        }
        Some(s)
    }

    fn stage(&mut self, path: &str, v: &Value) -> Option<Stage> {
        let map = self.object(path, v, STAGE_FIELDS)?;
        let mut st = Stage::default();
        if let Some(name) = self.string(path, map, "name") {
            st.name = name;
        }
        st.kind = self.choice(path, map, "kind", &[("loop", StageKind::Loop), ("fanout", StageKind::Fanout)], st.kind);
        if let Some(mix) = self.list(path, map, "mix") {
            st.mix.clear();
            let single = mix.len() == 1;
            for (i, e) in mix.iter().take(limits::MAX_MIX + 1).enumerate() {
                let p = format!("{path}.mix.{i}");
                let Some(e) = self.object(&p, e, MIX_FIELDS) else { continue };
                let model = self.string(&p, e, "model");
                if model.is_none() && Self::field(e, "model").is_none() {
                    self.err(&join(&p, "model"), "is required");
                }
                let share =
                    if single { self.number(&p, e, "share", 1.0) } else { self.required_number(&p, e, "share") };
                st.mix.push(MixEntry { model: model.unwrap_or_default(), share });
            }
        }
        if let Some(v) = Self::field(map, "iterations") {
            let p = join(path, "iterations");
            if let Some(n) = self.whole(&p, v, "iterations") {
                st.iterations = n.min(u32::MAX as u64) as u32;
            }
        }
        st.system_tokens = self.tokens(path, map, "system_tokens", 0);
        st.user_tokens = self.tokens(path, map, "user_tokens", 0);
        st.output_tokens = self.tokens(path, map, "output_tokens", 0);
        st.final_output_tokens = self.opt_tokens(path, map, "final_output_tokens");
        st.tool_result_tokens = self.tokens(path, map, "tool_result_tokens", 0);
        st.tool_result_growth = self.tokens(path, map, "tool_result_growth", 0);
        if let Some(turns) = self.list(path, map, "turns") {
            let mut out = Vec::with_capacity(turns.len().min(limits::MAX_ITERATIONS as usize));
            for (i, t) in turns.iter().take(limits::MAX_ITERATIONS as usize + 1).enumerate() {
                let p = format!("{path}.turns.{i}");
                let Some(t) = self.object(&p, t, TURN_FIELDS) else { continue };
                if Self::field(t, "output_tokens").is_none() {
                    self.err(&join(&p, "output_tokens"), "is required");
                }
                out.push(Turn {
                    output_tokens: self.tokens(&p, t, "output_tokens", 0),
                    tool_result_tokens: self.tokens(&p, t, "tool_result_tokens", 0),
                });
            }
            st.turns = Some(out);
        }
        st.history_limit_tokens = self.opt_tokens(path, map, "history_limit_tokens");
        if let Some(v) = Self::field(map, "cache") {
            let p = join(path, "cache");
            if let Some(c) = self.object(&p, v, CACHE_FIELDS) {
                let d = Cache::default();
                st.cache = Cache {
                    mode: self.choice(
                        &p,
                        c,
                        "mode",
                        &[
                            ("none", CacheMode::None),
                            ("system", CacheMode::System),
                            ("conversation", CacheMode::Conversation),
                        ],
                        d.mode,
                    ),
                    ttl: self.choice(&p, c, "ttl", &[("5m", Ttl::FiveMinutes), ("1h", Ttl::OneHour)], d.ttl),
                    seconds_per_turn: self.number(&p, c, "seconds_per_turn", d.seconds_per_turn),
                    shared_prefix: self.boolean(&p, c, "shared_prefix", d.shared_prefix),
                };
            }
        }
        st.retry_rate = self.number(path, map, "retry_rate", 0.0);
        Some(st)
    }

    fn router(&mut self, path: &str, v: &Value) -> Option<Router> {
        let map = self.object(path, v, ROUTER_FIELDS)?;
        let model = self.string(path, map, "model");
        if model.is_none() && Self::field(map, "model").is_none() {
            self.err(&join(path, "model"), "is required");
        }
        Some(Router {
            model: model.unwrap_or_default(),
            input_tokens: self.tokens(path, map, "input_tokens", 0),
            output_tokens: self.tokens(path, map, "output_tokens", 0),
        })
    }

    fn rates(&mut self, path: &str, map: &Map<String, Value>) -> Rates {
        Rates {
            input: self.required_number(path, map, RATE_FIELDS[0]),
            output: self.required_number(path, map, RATE_FIELDS[1]),
            cache_write_5m: self.required_number(path, map, RATE_FIELDS[2]),
            cache_write_1h: self.required_number(path, map, RATE_FIELDS[3]),
            cache_read: self.required_number(path, map, RATE_FIELDS[4]),
        }
    }

    fn model(&mut self, path: &str, v: &Value) -> Option<Model> {
        let map = self.object(path, v, MODEL_FIELDS)?;
        let id = self.string(path, map, "id");
        if id.is_none() && Self::field(map, "id").is_none() {
            self.err(&join(path, "id"), "is required");
        }
        let rates = self.rates(path, map);
        let long_context = match Self::field(map, "long_context") {
            None => None,
            Some(v) => {
                let p = join(path, "long_context");
                self.object(&p, v, LONG_CONTEXT_FIELDS).map(|lc| {
                    if Self::field(lc, "threshold_tokens").is_none() {
                        self.err(&join(&p, "threshold_tokens"), "is required");
                    }
                    LongContext {
                        threshold_tokens: self.tokens(&p, lc, "threshold_tokens", 0),
                        rates: self.rates(&p, lc),
                    }
                })
            }
        };
        let disputed = match self.list(path, map, "disputed") {
            Some(list) => list.iter().filter_map(|d| d.as_str().map(str::to_string)).take(20).collect(),
            None => Vec::new(),
        };
        let short = |s: Option<String>| s.map(|s| s.chars().take(limits::MAX_NAME_CHARS).collect()).unwrap_or_default();
        let provider = short(self.string(path, map, "provider"));
        let name = short(self.string(path, map, "name"));
        let note = short(self.string(path, map, "note"));
        let source = short(self.string(path, map, "source"));
        let as_of = short(self.string(path, map, "as_of"));
        let status = match self.string(path, map, "status").as_deref() {
            Some("current") => Status::Current,
            Some("retired") => Status::Retired,
            Some("unverified") => Status::Unverified,
            _ => Status::Custom,
        };
        Some(Model {
            id: id.unwrap_or_default(),
            provider,
            name,
            rates,
            min_cacheable_tokens: self.tokens(path, map, "min_cacheable_tokens", 1024),
            context_window: self.tokens(path, map, "context_window", 200_000),
            long_context,
            status,
            disputed,
            note,
            source,
            as_of,
            batch_multiplier: self.opt_number(path, map, "batch_multiplier"),
        })
    }
}
