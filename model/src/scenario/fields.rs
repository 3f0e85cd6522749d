//! Every field of a scenario as the page shows it: its label, unit, hint and kind of number, in
//! one place. The editor draws its inputs from these declarations, and [`place`] names a file
//! path (`stages.0.mix.1.share`) the way the page labels it ("Stage 1 (planner) › Model 2
//! share"), so that a message about a field speaks the page's words.

use serde_json::Value;

/// How a number field shows and stores its value.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub enum Num {
    /// A whole number (tokens, iterations).
    #[default]
    Whole,
    /// Any number (seconds, runs a day, dollars).
    Decimal,
    /// Shown as a percentage, stored as a fraction (shares, rates).
    Percent,
}

/// Which kind of stage a stage field belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Only {
    Always,
    Loop,
    Fanout,
}

/// One field: its key under its parent (`system_tokens`, `cache.ttl`, `traffic.runs_per_day`),
/// and how the page presents it.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub hint: &'static str,
    pub num: Num,
    pub optional: bool,
    pub placeholder: &'static str,
    pub only: Only,
    /// Disabled while the stage has a per-turn trace (the trace replaces it).
    pub traced: bool,
}

impl Field {
    pub const fn new(key: &'static str, label: &'static str, unit: &'static str, hint: &'static str) -> Field {
        Field {
            key,
            label,
            unit,
            hint,
            num: Num::Whole,
            optional: false,
            placeholder: "",
            only: Only::Always,
            traced: false,
        }
    }
    pub const fn num(self, num: Num) -> Field {
        Field { num, ..self }
    }
    pub const fn optional(self, placeholder: &'static str) -> Field {
        Field { optional: true, placeholder, ..self }
    }
    pub const fn only(self, only: Only) -> Field {
        Field { only, ..self }
    }
    pub const fn traced(self) -> Field {
        Field { traced: true, ..self }
    }
}

// The scenario's own fields.
pub const SCENARIO_NAME: Field = Field::new("name", "Scenario name", "", "");
pub const PRICES_AS_OF: Field = Field::new("prices_as_of", "Prices as of", "", "");
pub const BATCH_SHARE: Field =
    Field::new("traffic.batch_share", "Sent through the Batch API", "% of runs", "").num(Num::Percent);
pub const ROUTER_MODEL: Field = Field::new("router.model", "Router model", "", "");

/// Traffic and budget.
pub const TRAFFIC: &[Field] = &[
    Field::new(
        "traffic.runs_per_day",
        "Runs a day",
        "",
        "How many times a day the whole workflow runs; also how warm shared caches stay.",
    )
    .num(Num::Decimal),
    Field::new("traffic.days_per_month", "Days a month", "", "Days of traffic in a billing month.").num(Num::Decimal),
    Field::new(
        "budget.monthly_usd",
        "Monthly budget",
        "USD",
        "Alerts at 50 %, 80 % and 100 % of it; empty for no budget.",
    )
    .num(Num::Decimal)
    .optional("none"),
];

/// The router call's sizes.
pub const ROUTER: &[Field] = &[
    Field::new("router.input_tokens", "Router input", "tokens", ""),
    Field::new("router.output_tokens", "Router output", "tokens", ""),
];

// A stage's fields.
pub const STAGE_NAME: Field = Field::new("name", "Stage name", "", "");
pub const KIND: Field = Field::new(
    "kind",
    "Kind",
    "",
    "A loop re-sends its whole history every turn; a fan-out makes independent calls that share only the prefix.",
);
pub const LATENCY: Field = Field::new(
    "latency",
    "Who waits for it",
    "",
    "Interactive stages are not moved to the Batch API (results within 24 hours) by the levers.",
);
pub const SERVICE_TIER: Field = Field::new(
    "service_tier",
    "Service tier",
    "",
    "Where the models offer it (OpenAI's flex, priority and fast tiers; Anthropic's fast mode); the prices come from the catalog.",
);
pub const MIX: Field = Field::new("mix", "Model mix", "", "");
pub const MIX_SHARE: Field = Field::new("share", "Share", "% of runs", "").num(Num::Percent);
pub const CACHE_MODE: Field = Field::new(
    "cache.mode",
    "Prompt caching",
    "",
    "System: one breakpoint after the prefix. Conversation: also one at the end of every prompt.",
);
pub const CACHE_TTL: Field = Field::new("cache.ttl", "Cache lifetime (TTL)", "", "");
pub const SHARED_PREFIX: Field = Field::new(
    "cache.shared_prefix",
    "Runs share the prefix",
    "",
    "Other runs of this scenario keep the prefix warm (the probability grows with traffic).",
);

/// The turn count of a loop stage, and of a fan-out stage (its calls).
pub const TURNS: Field = Field::new(
    "iterations",
    "Turns",
    "per run",
    "Requests of the loop in one run; each re-sends the whole history so far.",
);
pub const CALLS: Field = Field::new("iterations", "Calls", "per run", "Independent calls this stage makes in one run.");

/// A turn count that varies from run to run, in each of its forms (under `iterations`).
pub const FEWEST: Field = Field::new("min", "Fewest", "turns", "");
pub const USUALLY: Field = Field::new("mode", "Usually", "turns", "");
pub const MOST: Field = Field::new("max", "Most", "turns", "");
pub const STOP_CHANCE: Field =
    Field::new("stop_probability", "Chance of stopping", "% each turn", "").num(Num::Percent);
/// The cap of the "chance of stopping" form.
pub const AT_MOST: Field = Field::new("max", "At most", "turns", "");
pub const OBSERVED: Field = Field::new("counts", "Observed counts", "", "");

/// A stage's loop shape. (The turn count comes first, [`TURNS`]: it may vary from run to run.)
pub const SHAPE: &[Field] = &[
    Field::new(
        "system_tokens",
        "Stable prefix",
        "tokens",
        "System prompt plus tool definitions: identical on every request, the part caching can reuse.",
    ),
    Field::new(
        "user_tokens",
        "User input",
        "tokens",
        "The first user message of the loop, or each fan-out call's own input.",
    ),
    Field::new(
        "output_tokens",
        "Output per turn",
        "tokens",
        "What the model writes on every turn but the last; appended to the history.",
    )
    .traced(),
    Field::new(
        "final_output_tokens",
        "Final answer",
        "tokens",
        "Output of the last turn; empty means the same as every other turn.",
    )
    .optional("same as output")
    .only(Only::Loop)
    .traced(),
    Field::new("tool_result_tokens", "Tool result", "tokens", "The tool result appended after turn 1.")
        .only(Only::Loop)
        .traced(),
    Field::new(
        "tool_result_growth",
        "Tool result growth",
        "tokens / turn",
        "Each later tool result is this much larger than the one before.",
    )
    .only(Only::Loop)
    .traced(),
];

pub const CACHING: &[Field] = &[Field::new(
    "cache.seconds_per_turn",
    "Time between requests",
    "seconds",
    "Model latency plus tool time; past the TTL the cache has expired before the next turn.",
)
.num(Num::Decimal)];

pub const ADVANCED: &[Field] = &[
    Field::new(
        "history_limit_tokens",
        "History limit",
        "tokens",
        "Oldest turns are dropped once the history passes this; each drop rewrites the cache.",
    )
    .optional("no limit")
    .only(Only::Loop),
    Field::new(
        "retry_rate",
        "Retry rate",
        "%",
        "Share of requests sent twice in full; every token and cost of the stage grows by it.",
    )
    .num(Num::Percent),
];

/// A turn of a measured trace (under `turns.<k>`).
pub const TRACE: &[Field] = &[
    Field::new("output_tokens", "output tokens", "tokens", ""),
    Field::new("tool_result_tokens", "tool result tokens", "tokens", ""),
];

// A custom model's fields (under `prices.<k>`).
pub const MODEL_NAME: Field = Field::new("name", "Display name", "", "");
pub const MODEL_ID: Field = Field::new("id", "Id", "", "What stages and mixes refer to.");
pub const PROVIDER: Field = Field::new("provider", "Provider", "", "");

/// The five prices of a model, and of its long-context block (catalog::RATE_FIELDS).
pub const RATES: &[Field] = &[
    Field::new("input", "Input", "$ / MTok", "").num(Num::Decimal),
    Field::new("output", "Output", "$ / MTok", "").num(Num::Decimal),
    Field::new("cache_write_5m", "Cache write, 5 min", "$ / MTok", "").num(Num::Decimal),
    Field::new("cache_write_1h", "Cache write, 1 hour", "$ / MTok", "").num(Num::Decimal),
    Field::new("cache_read", "Cache read", "$ / MTok", "").num(Num::Decimal),
];

/// A custom model's other numbers.
pub const MODEL_LIMITS: &[Field] = &[
    Field::new("min_cacheable_tokens", "Minimum cacheable prompt", "tokens", ""),
    Field::new("context_window", "Context window", "tokens", ""),
    Field::new("batch_multiplier", "Batch price", "% of normal", "Empty: the provider's (none known for a new one).")
        .num(Num::Percent)
        .optional("none"),
];

/// A custom model's long-context pricing: its threshold; its rates are [`RATES`].
pub const LONG_CONTEXT: Field = Field::new("long_context", "Long-context pricing", "", "");
pub const LONG_CONTEXT_THRESHOLD: Field = Field::new(
    "threshold_tokens",
    "Above",
    "prompt tokens",
    "A request whose prompt exceeds this is billed entirely at the rates below.",
);

/// Between the parts of a [`place`].
pub const SEP: &str = " › ";

fn find<'a>(key: &str, groups: &[&'a [Field]]) -> Option<&'a Field> {
    groups.iter().flat_map(|g| g.iter()).find(|f| f.key == key)
}

/// A file path (`stages.0.iterations.max`) named as the page labels the field ("Stage 1
/// (planner) › Turns › Most"); `draft` is the scenario as written, for stage and model names and
/// a stage's kind. A part the page has no field for stays as written, so nothing is lost.
pub fn place(path: &str, draft: &Value) -> String {
    let parts: Vec<&str> = if path.is_empty() { Vec::new() } else { path.split('.').collect() };
    let at = |p: &[&str]| p.iter().try_fold(draft, |v, k| v.get(k).or_else(|| v.get(k.parse::<usize>().ok()?)));
    let mut out: Vec<String> = Vec::new();
    let rest: &[&str] = match parts.as_slice() {
        [] => return "The scenario".into(),
        ["stages"] => return "Stages".into(),
        ["prices"] => return "Custom models".into(),
        ["router"] => return "Router call".into(),
        ["stages", i, rest @ ..] if i.parse::<usize>().is_ok() => {
            let n = i.parse::<usize>().unwrap_or(0) + 1;
            let stage = at(&["stages", i]);
            out.push(named(format!("Stage {n}"), stage.and_then(|s| s.get("name"))));
            let is_loop = stage.and_then(|s| s.get("kind")).and_then(Value::as_str) != Some("fanout");
            stage_place(rest, stage, is_loop, &mut out)
        }
        ["prices", k, rest @ ..] if k.parse::<usize>().is_ok() => {
            let n = k.parse::<usize>().unwrap_or(0) + 1;
            let model = at(&["prices", k]);
            out.push(named(format!("Custom model {n}"), model.and_then(|m| m.get("name"))));
            model_place(rest, &mut out)
        }
        _ => {
            let top = [SCENARIO_NAME, PRICES_AS_OF, BATCH_SHARE, ROUTER_MODEL];
            match find(path, &[&top, TRAFFIC, ROUTER]) {
                Some(f) => return f.label.into(),
                None => &parts,
            }
        }
    };
    if !rest.is_empty() {
        out.push(rest.join("."));
    }
    out.join(SEP)
}

/// "Stage 2 (writer)", or "Stage 2" for a stage without a name.
fn named(what: String, name: Option<&Value>) -> String {
    match name.and_then(Value::as_str).map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("{what} ({n})"),
        None => what,
    }
}

/// The labels of a stage field's path, pushed onto `out`; what is left unnamed is returned.
fn stage_place<'p>(rest: &'p [&'p str], stage: Option<&Value>, is_loop: bool, out: &mut Vec<String>) -> &'p [&'p str] {
    let turns = if is_loop { TURNS } else { CALLS };
    match rest {
        [] => &[],
        ["mix"] => {
            out.push(MIX.label.into());
            &[]
        }
        ["mix", j] | ["mix", j, "model"] if j.parse::<usize>().is_ok() => {
            out.push(format!("Model {}", j.parse::<usize>().unwrap_or(0) + 1));
            &[]
        }
        ["mix", j, "share"] if j.parse::<usize>().is_ok() => {
            out.push(format!("Model {} share", j.parse::<usize>().unwrap_or(0) + 1));
            &[]
        }
        ["iterations"] => {
            out.push(turns.label.into());
            &[]
        }
        ["iterations", key, more @ ..] => {
            out.push(turns.label.into());
            let stop = stage.and_then(|s| s.get("iterations")).is_some_and(|d| d.get("stop_probability").is_some());
            let forms: &[Field] =
                if stop { &[STOP_CHANCE, AT_MOST, OBSERVED] } else { &[FEWEST, USUALLY, MOST, OBSERVED] };
            match find(key, &[forms]) {
                Some(f) => {
                    out.push(f.label.into());
                    more
                }
                None => &rest[1..],
            }
        }
        ["turns"] => {
            out.push("Per-turn trace".into());
            &[]
        }
        ["turns", k, more @ ..] if k.parse::<usize>().is_ok() => {
            let n = k.parse::<usize>().unwrap_or(0) + 1;
            match more {
                [key] if find(key, &[TRACE]).is_some() => {
                    out.push(format!("Turn {n} {}", find(key, &[TRACE]).map_or("", |f| f.label)));
                    &[]
                }
                _ => {
                    out.push(format!("Turn {n}"));
                    more
                }
            }
        }
        ["cache"] => {
            out.push("Caching".into());
            &[]
        }
        _ => {
            let key = rest.join(".");
            let single = [STAGE_NAME, KIND, LATENCY, SERVICE_TIER, CACHE_MODE, CACHE_TTL, SHARED_PREFIX];
            match find(&key, &[&single, SHAPE, CACHING, ADVANCED]) {
                Some(f) => {
                    out.push(f.label.into());
                    &[]
                }
                None => rest,
            }
        }
    }
}

/// The labels of a custom model field's path, pushed onto `out`; what is left is returned.
fn model_place<'p>(rest: &'p [&'p str], out: &mut Vec<String>) -> &'p [&'p str] {
    match rest {
        [] => &[],
        ["long_context", more @ ..] => {
            out.push(LONG_CONTEXT.label.into());
            match more {
                [key] if find(key, &[&[LONG_CONTEXT_THRESHOLD], RATES]).is_some() => {
                    out.push(find(key, &[&[LONG_CONTEXT_THRESHOLD], RATES]).map_or("", |f| f.label).into());
                    &[]
                }
                _ => more,
            }
        }
        [key] => match find(key, &[&[MODEL_NAME, MODEL_ID, PROVIDER], RATES, MODEL_LIMITS]) {
            Some(f) => {
                out.push(f.label.into());
                &[]
            }
            None => rest,
        },
        _ => rest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn draft() -> Value {
        json!({
            "name": "Support bot",
            "stages": [
                {"name": "planner", "mix": [{"model": "a", "share": 0.5}, {"model": "b", "share": 0.5}],
                 "iterations": {"min": 3, "max": 2}},
                {"name": "", "kind": "fanout", "iterations": 4},
                {"name": "x", "iterations": {"stop_probability": 2, "max": 30}}
            ],
            "prices": [{"id": "mine", "name": "My model", "long_context": {"threshold_tokens": 0}}]
        })
    }

    #[test]
    fn paths_are_named_as_the_page_labels_them() {
        let d = draft();
        let cases = [
            ("", "The scenario"),
            ("name", "Scenario name"),
            ("stages", "Stages"),
            ("stages.0", "Stage 1 (planner)"),
            ("stages.0.iterations", "Stage 1 (planner) › Turns"),
            ("stages.0.iterations.max", "Stage 1 (planner) › Turns › Most"),
            ("stages.0.iterations.min", "Stage 1 (planner) › Turns › Fewest"),
            ("stages.2.iterations.max", "Stage 3 (x) › Turns › At most"),
            ("stages.2.iterations.stop_probability", "Stage 3 (x) › Turns › Chance of stopping"),
            ("stages.1.iterations", "Stage 2 › Calls"),
            ("stages.0.mix", "Stage 1 (planner) › Model mix"),
            ("stages.0.mix.1.model", "Stage 1 (planner) › Model 2"),
            ("stages.0.mix.1.share", "Stage 1 (planner) › Model 2 share"),
            ("stages.0.system_tokens", "Stage 1 (planner) › Stable prefix"),
            ("stages.0.tool_result_growth", "Stage 1 (planner) › Tool result growth"),
            ("stages.0.cache.ttl", "Stage 1 (planner) › Cache lifetime (TTL)"),
            ("stages.0.cache.seconds_per_turn", "Stage 1 (planner) › Time between requests"),
            ("stages.0.retry_rate", "Stage 1 (planner) › Retry rate"),
            ("stages.0.service_tier", "Stage 1 (planner) › Service tier"),
            ("stages.0.turns", "Stage 1 (planner) › Per-turn trace"),
            ("stages.0.turns.4.output_tokens", "Stage 1 (planner) › Turn 5 output tokens"),
            ("traffic.batch_share", "Sent through the Batch API"),
            ("traffic.runs_per_day", "Runs a day"),
            ("budget.monthly_usd", "Monthly budget"),
            ("router.model", "Router model"),
            ("router.input_tokens", "Router input"),
            ("prices_as_of", "Prices as of"),
            ("prices", "Custom models"),
            ("prices.0.id", "Custom model 1 (My model) › Id"),
            ("prices.0.cache_read", "Custom model 1 (My model) › Cache read"),
            ("prices.0.batch_multiplier", "Custom model 1 (My model) › Batch price"),
            ("prices.0.long_context.threshold_tokens", "Custom model 1 (My model) › Long-context pricing › Above"),
            ("prices.0.long_context.input", "Custom model 1 (My model) › Long-context pricing › Input"),
        ];
        for (path, want) in cases {
            assert_eq!(place(path, &d), want, "{path}");
        }
    }

    #[test]
    fn what_the_page_has_no_field_for_stays_as_written() {
        let d = draft();
        assert_eq!(place("prices.0.tiers.1.start", &d), "Custom model 1 (My model) › tiers.1.start");
        assert_eq!(place("stages.0.bogus", &d), "Stage 1 (planner) › bogus");
        assert_eq!(place("version", &d), "version");
        // A stage the draft does not have (or a draft that is not an object) still gets a number.
        assert_eq!(place("stages.9.iterations", &json!(null)), "Stage 10 › Turns");
    }
}
