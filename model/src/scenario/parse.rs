//! Reading a scenario from JSON. Every problem becomes an [`Issue`] naming its field; parsing
//! goes on after a problem so that one pass reports them all.

use super::*;
use crate::catalog::{Clause, Date, Hours, Period, PriceSet, Rates, Status, Tier, Variant};
use crate::format::group as thousands;
use serde_json::{Map, Value};

/// Parses and validates a scenario file. On success the scenario is ready to evaluate.
#[cfg_attr(loopcost_size, optimize(size))]
pub fn parse(text: &str, catalog: &Catalog) -> Result<Scenario, Vec<Issue>> {
    let value = crate::json::parse(text).map_err(|e| vec![Issue::new("", format!("not valid JSON: {e}"))])?;
    parse_value(&value, catalog)
}

/// Parses and validates a scenario already read as JSON.
#[cfg_attr(loopcost_size, optimize(size))]
pub fn parse_value(value: &Value, catalog: &Catalog) -> Result<Scenario, Vec<Issue>> {
    let mut r = Reader::default();
    let mut scenario = r.scenario(value);
    if let Some(s) = &mut scenario {
        canonical_ids(s, catalog);
    }
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

/// Model ids as written (aliases such as `claude-sonnet-4-5-20250929` or
/// `google/gemini-3.8-flash`) replaced by the catalog ids they name; the scenario's own models
/// and unknown ids are left as they are (validation reports the unknown ones).
#[cfg_attr(loopcost_size, optimize(size))]
fn canonical_ids(s: &mut Scenario, catalog: &Catalog) {
    let own: Vec<String> = s.prices.iter().map(|m| m.id.clone()).collect();
    let fix = |id: &mut String| {
        if own.contains(id) || catalog.model(id).is_some() {
            return;
        }
        if let Some(m) = catalog.resolve(id) {
            *id = m.id.clone();
        }
    };
    for st in &mut s.stages {
        st.mix.iter_mut().for_each(|e| fix(&mut e.model));
    }
    if let Some(r) = &mut s.router {
        fix(&mut r.model);
    }
}

const SCENARIO_FIELDS: &[&str] =
    &["version", "name", "stages", "router", "traffic", "budget", "prices_as_of", "prices"];
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
    "service_tier",
    "retry_rate",
    "latency",
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
    "tiers",
    "batch",
    "flex",
    "priority",
    "fast",
    "prices",
    "min_cacheable_tokens",
    "context_window",
    "long_context",
    "status",
    "match",
    "disputed",
    "note",
    "comments",
    "source",
    "as_of",
    "batch_multiplier",
];
/// A price set's fields; the first six are those of a time-of-day window's set.
const PRICE_SET_FIELDS: &[&str] =
    &["input", "output", "cache_write_5m", "cache_write_1h", "cache_read", "tiers", "hours"];
const TIER_FIELDS: &[&str] = &["start", "input", "output", "cache_write_5m", "cache_write_1h", "cache_read"];
const HOURS_FIELDS: &[&str] =
    &["from", "to", "input", "output", "cache_write_5m", "cache_write_1h", "cache_read", "tiers"];
const PERIOD_FIELDS: &[&str] = &["from", "standard", "batch", "flex", "priority", "fast"];
const LONG_CONTEXT_FIELDS: &[&str] =
    &["threshold_tokens", "input", "output", "cache_write_5m", "cache_write_1h", "cache_read"];
/// Limits on one model entry's price structure.
const MAX_TIERS: usize = 20;
const MAX_PERIODS: usize = 50;

/// Reads one model entry (the catalog's, or a scenario's `prices` entry) with the scenario
/// reader's checks and messages. The status is the entry's own; [`parse_value`] marks a
/// scenario's entries custom.
#[cfg_attr(loopcost_size, optimize(size))]
pub fn read_model(path: &str, v: &Value) -> Result<Model, Vec<Issue>> {
    let mut r = Reader::default();
    let m = r.model(path, v);
    match m {
        Some(m) if r.issues.is_empty() => Ok(m),
        _ => Err(r.issues),
    }
}

#[cfg_attr(loopcost_size, optimize(size))]
fn join(base: &str, key: &str) -> String {
    if base.is_empty() { key.to_string() } else { format!("{base}.{key}") }
}

/// A short rendering of a JSON value for messages: never the whole of a long string.
#[cfg_attr(loopcost_size, optimize(size))]
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
#[cfg_attr(loopcost_size, optimize(size))]
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

#[cfg_attr(loopcost_size, optimize(size))]
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
    #[cfg_attr(loopcost_size, optimize(size))]
    fn err(&mut self, path: &str, message: impl Into<String>) {
        self.issues.push(Issue::new(path, message));
    }

    /// The value as an object, with every unknown key reported.
    #[cfg_attr(loopcost_size, optimize(size))]
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

    #[cfg_attr(loopcost_size, optimize(size))]
    fn field<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
        map.get(key).filter(|v| !v.is_null())
    }

    /// A number of turns that fits the scenario's type; a larger one is refused with the number
    /// as given, never kept truncated.
    #[cfg_attr(loopcost_size, optimize(size))]
    fn turns(&mut self, path: &str, n: u64) -> Option<u32> {
        match u32::try_from(n) {
            Ok(n) => Some(n),
            Err(_) => {
                self.err(path, super::turns_out_of_range(n));
                None
            }
        }
    }

    /// A whole, non-negative number (token counts, iterations); `None` when absent.
    #[cfg_attr(loopcost_size, optimize(size))]
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

    /// `iterations` as a distribution (spec 10): which form the fields name, each of them read.
    /// Their ranges are checked by `validate`.
    #[cfg_attr(loopcost_size, optimize(size))]
    fn distribution(&mut self, path: &str, v: &Value) -> Option<Iterations> {
        let map = self.object(path, v, iterations::FIELDS)?;
        let count = |me: &mut Self, key: &str| -> Option<u32> {
            match Self::field(map, key) {
                None => {
                    me.err(&join(path, key), "is required");
                    None
                }
                Some(v) => me.whole(&join(path, key), v, "iterations").and_then(|n| me.turns(&join(path, key), n)),
            }
        };
        let has = |key: &str| Self::field(map, key).is_some();
        let extra = |me: &mut Self, allowed: &[&str], form: &str| {
            for key in map.keys().filter(|k| !allowed.contains(&k.as_str()) && iterations::FIELDS.contains(&k.as_str()))
            {
                me.err(&join(path, key), format!("does not go with {form}"));
            }
        };
        if has("counts") {
            extra(self, &["counts"], "counts");
            let p = join(path, "counts");
            let Some(counts) = Self::field(map, "counts").and_then(Value::as_object) else {
                self.err(&p, "must be an object of turns → runs, such as {\"5\": 12, \"8\": 3}");
                return None;
            };
            let mut out: Vec<(u32, f64)> = Vec::with_capacity(counts.len().min(limits::MAX_ITERATIONS as usize));
            for (k, c) in counts.iter().take(limits::MAX_ITERATIONS as usize + 1) {
                let shown: String = k.chars().take(20).collect();
                let Some(n) = k.trim().parse::<u32>().ok().filter(|n| *n >= 1 && *n <= limits::MAX_ITERATIONS) else {
                    self.err(
                        &p,
                        format!(
                            "\"{shown}\" is not a number of turns between 1 and {}",
                            thousands(limits::MAX_ITERATIONS as u64)
                        ),
                    );
                    continue;
                };
                match c.as_f64() {
                    Some(x) if x.is_finite() && x >= 0.0 => {
                        if x > 0.0 {
                            out.push((n, x));
                        }
                    }
                    _ => self.err(&join(&p, k), format!("must be a number of runs, not {}", show(c))),
                }
            }
            out.sort_by_key(|(n, _)| *n);
            out.dedup_by_key(|(n, _)| *n);
            if out.is_empty() {
                self.err(&p, "must count at least one run");
                return None;
            }
            return Some(Iterations::Counts(out));
        }
        if has("stop_probability") {
            extra(self, &["stop_probability", "max"], "stop_probability");
            let p = self.opt_number(path, map, "stop_probability");
            let max = count(self, "max");
            return Some(Iterations::Stop { p: p?, max: max? });
        }
        if has("mode") {
            let (min, mode, max) = (count(self, "min"), count(self, "mode"), count(self, "max"));
            return Some(Iterations::Triangle { min: min?, mode: mode?, max: max? });
        }
        if !has("min") && !has("max") {
            self.err(path, "must give min and max (and mode, the usual count), stop_probability and max, or counts");
            return None;
        }
        let (min, max) = (count(self, "min"), count(self, "max"));
        Some(Iterations::Range { min: min?, max: max? })
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn tokens(&mut self, path: &str, map: &Map<String, Value>, key: &str, default: u64) -> u64 {
        self.opt_tokens(path, map, key).unwrap_or(default)
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn opt_tokens(&mut self, path: &str, map: &Map<String, Value>, key: &str) -> Option<u64> {
        let v = Self::field(map, key)?;
        self.whole(&join(path, key), v, "tokens")
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn number(&mut self, path: &str, map: &Map<String, Value>, key: &str, default: f64) -> f64 {
        self.opt_number(path, map, key).unwrap_or(default)
    }

    #[cfg_attr(loopcost_size, optimize(size))]
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

    #[cfg_attr(loopcost_size, optimize(size))]
    fn required_number(&mut self, path: &str, map: &Map<String, Value>, key: &str) -> f64 {
        if Self::field(map, key).is_none() {
            self.err(&join(path, key), "is required");
            return 0.0;
        }
        self.number(path, map, key, 0.0)
    }

    #[cfg_attr(loopcost_size, optimize(size))]
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

    #[cfg_attr(loopcost_size, optimize(size))]
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

    #[cfg_attr(loopcost_size, optimize(size))]
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

    #[cfg_attr(loopcost_size, optimize(size))]
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

    #[cfg_attr(loopcost_size, optimize(size))]
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
        if let Some(d) = self.string("", map, "prices_as_of") {
            match Date::parse(&d) {
                Some(d) => s.prices_as_of = Some(d),
                None => self.err("prices_as_of", format!("must be a date YYYY-MM-DD, not {}", show(&Value::String(d)))),
            }
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

    #[cfg_attr(loopcost_size, optimize(size))]
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
            if v.is_object() {
                if let Some(d) = self.distribution(&p, v) {
                    st.iterations = d.median();
                    st.varies = Some(d);
                }
            } else if let Some(n) = self.whole(&p, v, "iterations").and_then(|n| self.turns(&p, n)) {
                st.iterations = n;
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
        let tiers = ServiceTier::ALL.map(|t| (t.as_str(), t));
        st.service_tier = self.choice(path, map, "service_tier", &tiers, st.service_tier);
        st.retry_rate = self.number(path, map, "retry_rate", 0.0);
        let latencies = Latency::ALL.map(|l| (l.as_str(), l));
        st.latency = self.choice(path, map, "latency", &latencies, st.latency);
        Some(st)
    }

    #[cfg_attr(loopcost_size, optimize(size))]
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

    /// One price set: `input` and `output` (required), the cache prices (optional: a class with
    /// no price is billed as [`Rates::derive`] says), `tiers` by prompt size and, where
    /// `allow_hours`, `hours` windows.
    #[cfg_attr(loopcost_size, optimize(size))]
    fn price_set(&mut self, path: &str, v: &Value, allow_hours: bool) -> Option<PriceSet> {
        let fields: &[&str] = if allow_hours { PRICE_SET_FIELDS } else { &PRICE_SET_FIELDS[..6] };
        let map = self.object(path, v, fields)?;
        Some(self.price_set_of(path, map, allow_hours))
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn price_set_of(&mut self, path: &str, map: &Map<String, Value>, allow_hours: bool) -> PriceSet {
        let opt = |r: &mut Self, k: &str| r.opt_number(path, map, k);
        let input = self.required_number(path, map, "input");
        let output = self.required_number(path, map, "output");
        let (w5, w1, read) = (opt(self, "cache_write_5m"), opt(self, "cache_write_1h"), opt(self, "cache_read"));
        let (rates, given) = Rates::derive(input, output, w5, w1, read);
        let mut set = PriceSet::flat(rates, given);
        if let Some(tiers) = self.list(path, map, "tiers") {
            let mut below = (input, output, w5, w1, read);
            for (i, t) in tiers.iter().take(MAX_TIERS + 1).enumerate() {
                let p = format!("{path}.tiers.{i}");
                let Some(t) = self.object(&p, t, TIER_FIELDS) else { continue };
                if Self::field(t, "start").is_none() {
                    self.err(&join(&p, "start"), "is required");
                }
                let start = self.tokens(&p, t, "start", 0);
                if set.tiers.last().is_some_and(|last| last.start >= start) {
                    self.err(&join(&p, "start"), "tiers must be listed by increasing start");
                }
                // A class a tier leaves out keeps the price of the level below it.
                let level = (
                    self.opt_number(&p, t, "input").unwrap_or(below.0),
                    self.opt_number(&p, t, "output").unwrap_or(below.1),
                    self.opt_number(&p, t, "cache_write_5m").or(below.2),
                    self.opt_number(&p, t, "cache_write_1h").or(below.3),
                    self.opt_number(&p, t, "cache_read").or(below.4),
                );
                let (r, _) = Rates::derive(
                    level.0,
                    level.1,
                    level.2.filter(|_| given.cache_write_5m),
                    level.3.filter(|_| given.cache_write_1h),
                    level.4.filter(|_| given.cache_read),
                );
                set.tiers.push(Tier { start, rates: r });
                below = level;
            }
            if tiers.len() > MAX_TIERS {
                self.err(&join(path, "tiers"), format!("has {} tiers; the limit is {MAX_TIERS}", tiers.len()));
            }
        }
        if allow_hours && let Some(hours) = self.list(path, map, "hours") {
            for (i, h) in hours.iter().take(MAX_TIERS + 1).enumerate() {
                let p = format!("{path}.hours.{i}");
                let Some(h) = self.object(&p, h, HOURS_FIELDS) else { continue };
                let time = |r: &mut Self, k: &str| -> u16 {
                    let v = r.string(&p, h, k);
                    match v.as_deref().and_then(minute_of_day) {
                        Some(m) => m,
                        None => {
                            r.err(&join(&p, k), "must be a time of day \"HH:MM\" (UTC)");
                            0
                        }
                    }
                };
                let (from, to) = (time(self, "from"), time(self, "to"));
                let inner = self.price_set_of(&p, h, false);
                set.hours.push(Hours { from, to, set: inner });
            }
        }
        set
    }

    #[cfg_attr(loopcost_size, optimize(size))]
    fn model(&mut self, path: &str, v: &Value) -> Option<Model> {
        let map = self.object(path, v, MODEL_FIELDS)?;
        let id = self.string(path, map, "id");
        if id.is_none() && Self::field(map, "id").is_none() {
            self.err(&join(path, "id"), "is required");
        }
        let mut periods = Vec::new();
        if let Some(list) = self.list(path, map, "prices") {
            for (i, p) in list.iter().take(MAX_PERIODS + 1).enumerate() {
                let pp = format!("{path}.prices.{i}");
                let Some(pm) = self.object(&pp, p, PERIOD_FIELDS) else { continue };
                let from = match self.string(&pp, pm, "from") {
                    None => None,
                    Some(s) => match Date::parse(&s) {
                        Some(d) => Some(d),
                        None => {
                            self.err(&join(&pp, "from"), "must be a date YYYY-MM-DD");
                            None
                        }
                    },
                };
                if i == 0 && from.is_some() {
                    self.err(&join(&pp, "from"), "the first prices hold from the start: leave out \"from\"");
                }
                if i > 0 && from.is_none() {
                    self.err(&join(&pp, "from"), "is required: the date these prices start");
                }
                let standard = match Self::field(pm, "standard") {
                    Some(sv) => self.price_set(&join(&pp, "standard"), sv, true),
                    None => {
                        self.err(&join(&pp, "standard"), "is required");
                        None
                    }
                };
                let variants = self.variants(&pp, pm);
                if let Some(standard) = standard {
                    if periods.last().is_some_and(|last: &Period| last.from >= from) {
                        self.err(&join(&pp, "from"), "prices must be listed by date");
                    }
                    periods.push(Period { from, standard, variants });
                }
            }
            if list.is_empty() {
                self.err(&join(path, "prices"), "needs at least one set of prices");
            }
            if list.len() > MAX_PERIODS {
                self.err(&join(path, "prices"), format!("has {} periods; the limit is {MAX_PERIODS}", list.len()));
            }
        } else {
            let mut standard = self.price_set_of(path, map, false);
            if let Some(v) = Self::field(map, "long_context") {
                let p = join(path, "long_context");
                if let Some(lc) = self.object(&p, v, LONG_CONTEXT_FIELDS) {
                    if Self::field(lc, "threshold_tokens").is_none() {
                        self.err(&join(&p, "threshold_tokens"), "is required");
                    }
                    let start = self.tokens(&p, lc, "threshold_tokens", 0);
                    let num = |r: &mut Self, k: &str| r.required_number(&p, lc, k);
                    let rates = Rates {
                        input: num(self, "input"),
                        output: num(self, "output"),
                        cache_write_5m: num(self, "cache_write_5m"),
                        cache_write_1h: num(self, "cache_write_1h"),
                        cache_read: num(self, "cache_read"),
                    };
                    if standard.tiers.is_empty() {
                        standard.tiers.push(Tier { start, rates });
                    } else {
                        self.err(&p, "give either long_context or tiers, not both");
                    }
                }
            }
            let variants = self.variants(path, map);
            periods.push(Period { from: None, standard, variants });
        }
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
        let comments: String = self.string(path, map, "comments").unwrap_or_default().chars().take(4000).collect();
        let status = match self.string(path, map, "status").as_deref() {
            Some("current") => Status::Current,
            Some("retired") => Status::Retired,
            Some("unverified") => Status::Unverified,
            _ => Status::Custom,
        };
        let (min_cacheable_tokens, min_cacheable) = match Self::field(map, "min_cacheable_tokens") {
            Some(v @ Value::Object(o)) => {
                let p = join(path, "min_cacheable_tokens");
                let n = match o.get("value") {
                    Some(x) => self.whole(&join(&p, "value"), x, "tokens").unwrap_or(1024),
                    None => {
                        self.err(&join(&p, "value"), "is required");
                        1024
                    }
                };
                (n, Some(crate::catalog::Fact::read_value(v)))
            }
            _ => (self.tokens(path, map, "min_cacheable_tokens", 1024), None),
        };
        let aliases = match Self::field(map, "match") {
            None => None,
            Some(v) => match Clause::from_value(v) {
                Ok(c) => Some(c),
                Err(e) => {
                    self.err(&join(path, "match"), e);
                    None
                }
            },
        };
        Some(Model {
            id: id.unwrap_or_default(),
            provider,
            name,
            status,
            context_window: Some(self.tokens(path, map, "context_window", 200_000)),
            min_cacheable_tokens,
            min_cacheable,
            periods,
            batch_multiplier: self.opt_number(path, map, "batch_multiplier"),
            aliases,
            disputed,
            note,
            comments,
            source,
            as_of,
        })
    }

    /// The optional `batch`, `flex`, `priority` and `fast` price sets of a period (or of a flat
    /// entry).
    #[cfg_attr(loopcost_size, optimize(size))]
    fn variants(&mut self, path: &str, map: &Map<String, Value>) -> [Option<PriceSet>; 4] {
        Variant::ALL
            .map(|v| Self::field(map, v.as_str()).and_then(|x| self.price_set(&join(path, v.as_str()), x, true)))
    }
}

/// `"HH:MM"` → minutes after midnight.
#[cfg_attr(loopcost_size, optimize(size))]
fn minute_of_day(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && s.len() == 5).then_some(h * 60 + m).or((s == "24:00").then_some(1440))
}
