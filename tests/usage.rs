//! Reading real usage logs (docs/cost-model.md, "Real usage logs"): every format from its
//! documented shape (fixtures in tests/fixtures/usage/), the token classes each one maps to, the
//! price at the catalog's rates (computed here by the spec's formula from the catalog's data),
//! the logs' own figures, duplicates, runs, damaged input, and the fitted scenario.
#![cfg(not(target_arch = "wasm32"))]

use loopcost::catalog::{Catalog, Date, Rates};
use loopcost::usage::{self, Input, Report};
use proptest::prelude::*;
use serde_json::{Value, json};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/usage");

fn file(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}/{name}")).unwrap()
}

fn read(names: &[&str]) -> (usage::Log, Report) {
    let texts: Vec<(String, String)> = names.iter().map(|n| (n.to_string(), file(n))).collect();
    let inputs: Vec<Input> = texts.iter().map(|(n, t)| Input { name: n, text: t }).collect();
    let log = usage::read(&inputs).unwrap();
    let report = usage::report(&log, Catalog::builtin());
    (log, report)
}

/// The standard rates of a catalog model on a date (the catalog is data; the arithmetic below
/// is the spec's section 1).
fn rates(id: &str, date: &str) -> Rates {
    *Catalog::builtin().resolve(id).unwrap().rates(Date::parse(date).unwrap())
}

fn cost(r: &Rates, input: f64, w5: f64, w1: f64, read: f64, out: f64) -> f64 {
    (input * r.input + w5 * r.cache_write_5m + w1 * r.cache_write_1h + read * r.cache_read + out * r.output) / 1e6
}

/// A model's fresh input, 5-minute cache writes, cache reads and output, in that order.
fn classes(t: &usage::Tokens) -> (f64, f64, f64, f64) {
    (t.input_tokens, t.cache_write_5m_tokens, t.cache_read_tokens, t.output_tokens)
}

#[track_caller]
fn close(a: f64, b: f64, rel: f64) {
    assert!((a - b).abs() <= rel * b.abs().max(1e-12), "{a} vs {b}");
}

const SESSION: &str = "claude-code/projects/-home-dev-shop/7f3c2a10-1111-4c2e-9d0a-000000000001.jsonl";
const SUBAGENT: &str =
    "claude-code/projects/-home-dev-shop/7f3c2a10-1111-4c2e-9d0a-000000000001/subagents/agent-a91f.jsonl";

#[test]
fn claude_code_sessions_count_each_request_once_and_match_their_own_cost() {
    let (log, r) = read(&[SESSION, SUBAGENT]);
    assert_eq!(log.formats, ["claude-code"]);
    // 4 main requests (the first written as two lines, one per content block; a <synthetic>
    // line; tool results, one carrying its subagent's usage) and 3 subagent requests (plus a
    // sidechain replay of a parent message).
    assert_eq!(r.requests, 7);
    assert_eq!(r.duplicates_dropped, 2);
    assert_eq!(r.runs.len(), 1, "the subagent belongs to its session");
    let sonnet = r.models.iter().find(|m| m.model == "claude-sonnet-4-5").unwrap();
    assert_eq!(sonnet.requests, 4);
    // The copy with the most tokens counts: the first turn's output is 220, not the placeholder 1.
    assert_eq!(sonnet.tokens.output_tokens, 220.0 + 180.0 + 260.0 + 640.0);
    assert_eq!(sonnet.tokens.cache_write_5m_tokens, 14000.0 + 2600.0 + 3100.0 + 900.0);
    let s = rates("claude-sonnet-4-5", "2026-11-20");
    let h = rates("claude-haiku-4-5", "2026-11-20");
    let expected = cost(&s, 18.0, 20600.0, 0.0, 50300.0, 1300.0) + cost(&h, 19.0, 9100.0, 0.0, 14200.0, 670.0);
    close(r.total_usd, expected, 1e-12);
    // The log's own costUSD, over the same requests, agrees to 1e-6.
    assert!((r.reported_usd.unwrap() - r.total_usd).abs() < 1e-6, "{:?} vs {}", r.reported_usd, r.total_usd);
    assert_eq!(r.runs[0].first.as_deref(), Some("2026-11-20T09:00:05Z"));
}

#[test]
fn claude_code_json_and_stream_json_outputs() {
    let (log, r) = read(&["claude-code-result.json", "claude-code-stream.jsonl"]);
    assert!(log.formats.contains(&"claude-code-json") && log.formats.contains(&"claude-code-stream-json"));
    // stream-json: two requests (the first written twice), the closing totals not counted again;
    // a background Haiku call only the totals show counts from them.
    let stream = r.runs.iter().find(|x| x.id.starts_with("9a8b")).unwrap();
    assert_eq!(stream.requests, 3);
    let s46 = rates("claude-sonnet-4-6", "2026-11-23");
    let h45 = rates("claude-haiku-4-5", "2026-11-23");
    close(
        stream.cost_usd,
        cost(&s46, 3.0, 9000.0, 0.0, 0.0, 95.0)
            + cost(&s46, 4.0, 1200.0, 0.0, 9000.0, 300.0)
            + cost(&h45, 2.0, 0.0, 0.0, 14934.0, 125.0),
        1e-12,
    );
    // Each output's own total_cost_usd matches to 1e-6.
    for run in &r.runs {
        assert!((run.reported_cost_usd.unwrap() - run.cost_usd).abs() < 1e-6, "{run:?}");
    }
}

#[test]
fn api_responses_and_batches() {
    let (_, r) = read(&["anthropic-message.json"]);
    let o = rates("claude-opus-4-7", "2026-11-23");
    // 1-hour writes at the 1-hour price.
    close(r.total_usd, cost(&o, 2095.0, 0.0, 4300.0, 0.0, 503.0), 1e-12);

    let (log, r) = read(&["anthropic-batch.jsonl"]);
    assert_eq!(r.requests, 2, "the errored result is not a request");
    assert!(log.requests.iter().all(|x| x.mode == usage::Mode::Batch));
    let c = Catalog::builtin();
    let haiku = c.model("claude-haiku-4-5").unwrap();
    let batch = haiku.period(c.date).variant(loopcost::catalog::Variant::Batch).unwrap().rates;
    close(r.total_usd, cost(&batch, 2100.0, 0.0, 0.0, 0.0, 140.0), 1e-12);

    let (_, r) = read(&["openai-chat.json"]);
    // prompt_tokens includes the cached tokens.
    let g = rates("gpt-4.1", "2025-11-20");
    let m = &r.models[0];
    assert_eq!((m.tokens.input_tokens, m.tokens.cache_read_tokens, m.tokens.output_tokens), (1152.0, 2048.0, 410.0));
    close(r.total_usd, cost(&g, 1152.0, 0.0, 0.0, 2048.0, 410.0), 1e-12);

    let (_, r) = read(&["openai-responses.json"]);
    let g6 = rates("gpt-6-sol", "2025-11-20");
    close(r.total_usd, cost(&g6, 6000.0, 0.0, 0.0, 30000.0, 1200.0), 1e-12);

    let (log, r) = read(&["openai-batch.jsonl"]);
    assert_eq!(log.formats, ["openai-batch"]);
    assert_eq!(r.requests, 2);
    assert!(log.requests.iter().all(|x| x.mode == usage::Mode::Batch));
}

/// Codex CLI: a session file (`~/.codex/sessions/…/rollout-*.jsonl`) and `codex exec --json`
/// output. Codex counts like OpenAI's Responses API: `input_tokens` includes
/// `cached_input_tokens` (read from the cache), `output_tokens` includes the reasoning. A
/// `token_count` event's `total_token_usage` is the session's running total, never a request.
#[test]
fn codex_sessions_count_each_turn_once() {
    let (log, r) = read(&["codex/rollout-2026-11-20T09-00-00-0199a1b2-c3d4.jsonl"]);
    assert_eq!(log.formats, ["codex"]);
    // Three turns: two with their own figures, one (the last) with only the running total,
    // whose growth is the turn. The event with no figures (`info: null`) is none.
    assert_eq!(r.requests, 3);
    assert_eq!(r.runs.len(), 1, "one file, one session");
    // Read twice, the same turns.
    let text = file("codex/rollout-2026-11-20T09-00-00-0199a1b2-c3d4.jsonl");
    let twice = usage::read(&[Input { name: "s.jsonl", text: &format!("{text}\n{text}") }]).unwrap();
    assert_eq!((twice.requests.len(), twice.duplicates), (3, 3));
    // An event written again later (the same running total, another time) is the same turn.
    let last = text.lines().rfind(|l| l.contains("last_token_usage")).unwrap();
    let again = last.replace("2026-11-20T09:00:15.000Z", "2026-11-20T09:00:16.000Z");
    let repeated = usage::read(&[Input { name: "s.jsonl", text: &format!("{text}\n{again}") }]).unwrap();
    assert_eq!(repeated.requests.len(), 3);
    let m = &r.models[0];
    assert_eq!(m.model, Catalog::builtin().resolve("gpt-5.1-codex").unwrap().id, "the model its turn_context names");
    // Fresh input 12,000 + (14,000 − 11,500) + (42,000 − 26,000 − (25,000 − 11,500)); read 0 +
    // 11,500 + 13,500; output 800 + 300 + 400: the session's final totals, split.
    assert_eq!((m.tokens.input_tokens, m.tokens.cache_read_tokens, m.tokens.output_tokens), (17000.0, 25000.0, 1500.0));
    let g = rates("gpt-5.1-codex", "2026-11-20");
    close(r.total_usd, cost(&g, 17000.0, 0.0, 0.0, 25000.0, 1500.0), 1e-12);

    // `codex exec --json`: one `turn.completed` event; it names no model, so it is listed, not priced.
    let (log, r) = read(&["codex-exec.jsonl"]);
    assert_eq!(log.formats, ["codex"]);
    assert_eq!(r.requests, 1);
    assert!(r.models.is_empty());
    let u = &r.unknown_models[0];
    assert_eq!((u.tokens.input_tokens, u.tokens.cache_read_tokens, u.tokens.output_tokens), (315.0, 24448.0, 122.0));
    assert_eq!(r.runs[0].cost_text(), "$0 + 1 unpriced", "a run never shows as costing nothing");

    // Both: the average per run is the priced run's; the unpriced run is not counted as $0.
    let (_, both) = read(&["codex/rollout-2026-11-20T09-00-00-0199a1b2-c3d4.jsonl", "codex-exec.jsonl"]);
    assert_eq!(both.runs.iter().map(|r| r.unpriced_requests).collect::<Vec<_>>(), [0, 1]);
    close(both.actual_cost_per_run_usd, cost(&g, 17000.0, 0.0, 0.0, 25000.0, 1500.0), 1e-12);
    assert!(both.notes.iter().any(|n| n.contains("over the 1 run whose every request is priced")));
}

const CODEX_PARENT: &str = "codex-fork/rollout-2026-11-21T10-00-00-019ab000-0000-7000-8000-000000000001.jsonl";
const CODEX_BRANCH: &str = "codex-fork/rollout-2026-11-21T10-02-00-019ab000-0000-7000-8000-000000000002.jsonl";
const CODEX_FORK: &str = "codex-fork/rollout-2026-11-21T10-10-00-019ab000-0000-7000-8000-000000000003.jsonl";

/// Codex sessions that continue others. A branch's file begins with a copy of the parent's
/// history (the same token counts at the same times, the same running totals): those turns are
/// the parent's. A fork's file (`session_meta` with `forked_from_id`) may begin with its
/// lineage replayed: the parent's `session_meta`, then token counts written at machine speed
/// (here 24 within a quarter of a second, then a 5-second pause); those are skipped, as ccusage
/// (the maintained reader of these files) skips them: at least 20 token counts with no pause
/// of a second, after another session's `session_meta`.
#[test]
fn codex_branches_and_forks_count_only_their_own_turns() {
    // The fixtures' own turns, by hand: the parent's three (fresh 10,000 + 3,000 + 3,000, read
    // 0 + 9,000 + 11,000, output 500 + 400 + 600), the branch's one after its copied two
    // (2,000, 6,000, 400), the fork's two after its replay (1,000 + 500, 2,000 + 3,500, 200 + 300).
    let own = (19_500.0, 0.0, 31_500.0, 2_400.0);
    let g = rates("gpt-5.1-codex", "2026-11-21");
    for names in [[CODEX_PARENT, CODEX_BRANCH, CODEX_FORK], [CODEX_FORK, CODEX_BRANCH, CODEX_PARENT]] {
        let (log, r) = read(&names);
        assert_eq!(r.requests, 6, "{names:?}");
        assert_eq!(log.duplicates, 2 + 24, "the branch's two copied turns, the fork's 24 replayed");
        assert_eq!(classes(&r.models[0].tokens), own);
        close(r.total_usd, cost(&g, own.0, 0.0, 0.0, own.2, own.3), 1e-12);
        assert!(
            r.notes.iter().any(|n| n.contains("its first 24 token counts replay the Codex session")),
            "{:?}",
            r.notes
        );
        assert!(log.problems.is_empty(), "nothing is damaged: {:?}", log.problems);
    }
    // Each run its own turns: read in order, the copies stay with the parent.
    let (_, r) = read(&[CODEX_PARENT, CODEX_BRANCH, CODEX_FORK]);
    assert_eq!(r.runs.iter().map(|x| x.requests).collect::<Vec<_>>(), [3, 1, 2]);
    // The fork alone: its replay is still its parent's.
    let (_, r) = read(&[CODEX_FORK]);
    assert_eq!(r.requests, 2);
    assert_eq!(classes(&r.models[0].tokens), (1_500.0, 0.0, 5_500.0, 500.0));
    // Read a line at a time, as the page reads a large file in slices: the same.
    let text = file(CODEX_FORK);
    let mut reader = usage::Reader::default();
    reader.begin("fork.jsonl");
    for (i, line) in text.lines().enumerate() {
        reader.lines(line, i + 1);
    }
    reader.end();
    assert_eq!(reader.finish().unwrap().requests.len(), 2);

    // A fork whose first turns are its own (a few, or with pauses between them) keeps them.
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let (head, rest) = lines.split_at(2);
    let quick: Vec<String> = head.iter().cloned().chain(rest[..5].iter().cloned()).collect();
    let kept = usage::read(&[Input { name: "f.jsonl", text: &quick.join("\n") }]).unwrap();
    assert_eq!((kept.requests.len(), kept.duplicates), (5, 0), "5 quick token counts are not a replay");
    // Each in its place in the input (what orders a run's requests that carry no time), though
    // held back while the opening was read.
    let orders: Vec<usize> = kept.requests.iter().map(|x| x.order).collect();
    assert!(orders.windows(2).all(|w| w[0] < w[1]), "{orders:?}");
    // A fork that is all replay: nothing of its own, and it says why.
    let replay_only: Vec<String> = lines[..26].to_vec();
    let err = usage::read(&[Input { name: "f.jsonl", text: &replay_only.join("\n") }]).unwrap_err();
    assert!(err.contains("no request of its own in f.jsonl: its 24 token counts replay"), "{err}");
}

/// A Codex turn the server reroutes to another model (`model_rerouted`: `fromModel` asked for,
/// `toModel` served) is billed on the model that served it, until a `turn_context` names the
/// model again.
#[test]
fn codex_turns_rerouted_to_another_model_are_priced_on_it() {
    let line = |v: Value| v.to_string();
    let count = |time: &str, input: u64, cached: u64, output: u64| {
        line(json!({"timestamp": time, "type": "event_msg", "payload": {"type": "token_count", "info": {
            "last_token_usage": {"input_tokens": input, "cached_input_tokens": cached, "output_tokens": output}}}}))
    };
    let context =
        |time: &str| line(json!({"timestamp": time, "type": "turn_context", "payload": {"model": "gpt-5.1-codex"}}));
    let text = [
        context("2026-11-21T10:00:00Z"),
        count("2026-11-21T10:00:10Z", 10_000, 0, 500),
        line(json!({"timestamp": "2026-11-21T10:00:20Z", "type": "event_msg", "payload": {
            "type": "model_rerouted", "fromModel": "gpt-5.1-codex", "toModel": "gpt-5.1-codex-mini", "reason": {"type": "server"}}})),
        count("2026-11-21T10:00:30Z", 12_000, 9_000, 400),
        context("2026-11-21T10:01:00Z"),
        count("2026-11-21T10:01:10Z", 14_000, 11_000, 600),
    ]
    .join("\n");
    let log = usage::read(&[Input { name: "rollout.jsonl", text: &text }]).unwrap();
    let r = usage::report(&log, Catalog::builtin());
    let by = |id: &str| {
        let id = Catalog::builtin().resolve(id).unwrap().id.clone();
        r.models.iter().find(|m| m.model == id).map(|m| classes(&m.tokens)).unwrap()
    };
    assert_eq!(by("gpt-5.1-codex"), (10_000.0 + 3_000.0, 0.0, 11_000.0, 500.0 + 600.0));
    assert_eq!(by("gpt-5.1-codex-mini"), (3_000.0, 0.0, 9_000.0, 400.0));
}

/// Gemini CLI's session recording: each `gemini` message's `tokens` (its response's
/// usageMetadata renamed): the prompt (`input`) includes the cached tokens, thoughts are output,
/// a tool call's prompt (`tool`) is input. The session is the run.
#[test]
fn gemini_cli_sessions() {
    let name = "gemini-cli/session-2026-11-20T12-00-3f2a9c1e.json";
    let (log, r) = read(&[name]);
    assert_eq!(log.formats, ["gemini-cli"]);
    assert_eq!(r.requests, 2, "user messages are not requests");
    assert_eq!(r.runs.len(), 1);
    assert_eq!(r.runs[0].id, "3f2a9c1e-5b7d-4e21-9a0c-7d6e5f4a3b21");
    let m = &r.models[0];
    // Fresh: 9,000 + (12,000 − 8,000 + 600); read 8,000; output 120 + 380 + 400 + 100.
    assert_eq!((m.tokens.input_tokens, m.tokens.cache_read_tokens, m.tokens.output_tokens), (13600.0, 8000.0, 1000.0));
    let f = rates("gemini-3.8-flash", "2026-11-20");
    close(r.total_usd, cost(&f, 13600.0, 0.0, 0.0, 8000.0, 1000.0), 1e-12);
    // Read twice, the same messages.
    let text = file(name);
    let twice = usage::read(&[Input { name: "s.json", text: &format!("[{text},{text}]") }]).unwrap();
    assert_eq!(twice.requests.len(), 2);
}

/// Where providers' own usage differs from the format it borrows, as genai-prices' extractors
/// read it: xAI's Chat Completions leave the reasoning out of `completion_tokens` (its
/// `total_tokens` says so); OpenAI's Responses report cache writes for the models that price
/// them; Gemini bills a tool call's prompt (`toolUsePromptTokenCount`) as input.
#[test]
fn provider_differences_in_borrowed_formats() {
    let (_, r) = read(&["xai-chat.json"]);
    let m = &r.models[0];
    assert_eq!((m.tokens.input_tokens, m.tokens.cache_read_tokens, m.tokens.output_tokens), (1000.0, 3000.0, 1450.0));
    close(r.total_usd, cost(&rates("grok-4", "2025-11-20"), 1000.0, 0.0, 0.0, 3000.0, 1450.0), 1e-12);
    // OpenAI's total counts the reasoning inside completion_tokens: nothing is added there.
    let (_, r) = read(&["openai-chat.json"]);
    assert_eq!(r.models[0].tokens.output_tokens, 410.0);

    // DeepSeek names its cache hits `prompt_cache_hit_tokens`; its reasoning is inside
    // completion_tokens (the total says so), as OpenAI's is.
    let (_, r) = read(&["deepseek-chat.json"]);
    let m = &r.models[0];
    assert_eq!((m.tokens.input_tokens, m.tokens.cache_read_tokens, m.tokens.output_tokens), (904.0, 4096.0, 900.0));

    let (_, r) = read(&["openai-responses-cache-write.json"]);
    let m = &r.models[0];
    assert_eq!(classes(&m.tokens), (2000.0, 8000.0, 30000.0, 900.0));
    close(r.total_usd, cost(&rates("gpt-6-sol", "2025-11-20"), 2000.0, 8000.0, 0.0, 30000.0, 900.0), 1e-12);

    let (_, r) = read(&["gemini-tool-use.json"]);
    let m = &r.models[0];
    assert_eq!((m.tokens.input_tokens, m.tokens.output_tokens), (2600.0, 200.0));
    close(r.total_usd, cost(&rates("gemini-3.8-flash", "2026-11-20"), 2600.0, 0.0, 0.0, 0.0, 200.0), 1e-12);
}

#[test]
fn gateways_and_traces() {
    // An OpenRouter-served trajectory: provider-prefixed ids, the gateway's own cost per call.
    let (log, r) = read(&["openrouter-trajectory.json"]);
    assert_eq!(log.formats, ["openrouter"]);
    assert_eq!(r.models[0].model, "claude-sonnet-4-5");
    assert_eq!(r.requests, 3);
    assert!((r.reported_usd.unwrap() - r.total_usd).abs() < 1e-6, "{:?} vs {}", r.reported_usd, r.total_usd);

    let (_, r) = read(&["gemini.json"]);
    let f = rates("gemini-3.8-flash", "2026-11-20");
    // Thinking tokens are output.
    close(r.total_usd, cost(&f, 50000.0, 0.0, 0.0, 50000.0, 1000.0), 1e-12);

    let (log, r) = read(&["otel-spans.json"]);
    assert_eq!(log.formats, ["opentelemetry"]);
    assert_eq!(r.runs.len(), 1, "one trace");
    let m = &r.models[0];
    // input_tokens includes cache reads and writes.
    assert_eq!(
        (m.tokens.input_tokens, m.tokens.cache_write_5m_tokens, m.tokens.cache_read_tokens),
        (1000.0 + 500.0, 7000.0, 19000.0)
    );

    // The conventions' current name for cache writes (`cache_write.input_tokens`; reasoning is
    // inside the output).
    let (_, r) = read(&["otel-genai-current.json"]);
    let m = &r.models[0];
    assert_eq!(classes(&m.tokens), (2000.0, 3000.0, 9000.0, 450.0));
    close(r.total_usd, cost(&rates("claude-sonnet-4-6", "2025-11-20"), 2000.0, 3000.0, 0.0, 9000.0, 450.0), 1e-12);

    // The older attribute names (OpenLLMetry's `cache_read_input_tokens`), in a flat map; the first
    // span's input is smaller than its cached part, so it is the fresh input alone.
    let (log, r) = read(&["otel-openllmetry.json"]);
    assert_eq!(log.formats, ["opentelemetry"]);
    assert_eq!((r.requests, r.runs.len()), (2, 1));
    let m = &r.models[0];
    assert_eq!(classes(&m.tokens), (120.0 + 100.0, 2400.0, 20000.0, 500.0));

    let (_, r) = read(&["litellm-spend.json", "litellm-spend.csv"]);
    assert_eq!(r.runs.len(), 2);
    for run in &r.runs {
        assert!((run.reported_cost_usd.unwrap() - run.cost_usd).abs() < 1e-6, "LiteLLM's spend: {run:?}");
    }

    let (log, r) = read(&["helicone.jsonl", "helicone.csv"]);
    assert_eq!(log.formats, ["helicone"]);
    assert_eq!(r.requests, 3);
    assert_eq!(r.runs.len(), 2, "by Helicone-Session-Id");
}

#[test]
fn agent_trajectories_atif_and_mini_swe_agent_through_openrouter() {
    // ATIF: prompt_tokens includes the cached tokens and the writes metrics.extra names; the model
    // id carries the gateway's and the provider's prefixes.
    let (log, r) = read(&["atif-openrouter.json"]);
    assert_eq!(log.formats, ["atif"]);
    assert_eq!(r.requests, 4, "system and user steps are not requests");
    assert_eq!(r.models[0].model, "claude-sonnet-4-5");
    let s = rates("claude-sonnet-4-5", "2026-11-21");
    close(r.total_usd, cost(&s, 600.0, 12800.0, 0.0, 26400.0, 1490.0), 1e-12);
    assert_eq!(r.runs[0].id, "tb-fix-test-7c1e");
    assert!((r.runs[0].reported_cost_usd.unwrap() - r.total_usd).abs() < 1e-6, "final_metrics.total_cost_usd");

    // mini-swe-agent: OpenRouter responses inside the messages, the run's instance_cost beside.
    let (_, r) = read(&["mini-swe-agent.traj.json"]);
    assert_eq!(r.requests, 3);
    let g = rates("gpt-4.1", "2025-11-20");
    close(r.total_usd, cost(&g, 3100.0 + 1328.0 + 1548.0, 0.0, 0.0, 3072.0 + 4352.0, 670.0), 1e-12);
    assert!((r.runs[0].reported_cost_usd.unwrap() - r.total_usd).abs() < 1e-6);
}

#[test]
fn claude_code_totals_are_what_it_billed() {
    // A stream whose events hold a message the closing totals do not count (Claude Code does
    // this): the run is priced by its totals, and the message is found (the session's usage is
    // the other events' sum) and left out of the requests.
    let mut lines: Vec<String> = file("claude-code-stream.jsonl").lines().map(str::to_string).collect();
    let extra = lines[1].replace("msg_X1", "msg_X0").replace("\"output_tokens\": 2", "\"output_tokens\": 50");
    lines.insert(1, extra);
    let text = lines.join("\n");
    let log = usage::read(&[Input { name: "s.jsonl", text: &text }]).unwrap();
    let r = usage::report(&log, Catalog::builtin());
    assert!((r.runs[0].reported_cost_usd.unwrap() - r.runs[0].cost_usd).abs() < 1e-6);
    assert!(r.notes.iter().any(|n| n.contains("1 request event the session's own totals leave out")), "{:?}", r.notes);
    assert_eq!(r.requests, 3, "X1, X2 and the background Haiku call; not X0");
    // Two such messages: both found.
    let extra = lines[1].replace("msg_X0", "msg_X9").replace("\"output_tokens\": 50", "\"output_tokens\": 70");
    lines.insert(1, extra);
    let text = lines.join("\n");
    let log = usage::read(&[Input { name: "s.jsonl", text: &text }]).unwrap();
    let r = usage::report(&log, Catalog::builtin());
    assert_eq!(r.requests, 3);
    assert!((r.runs[0].reported_cost_usd.unwrap() - r.runs[0].cost_usd).abs() < 1e-6);
    // Events that add up to less than the session's usage leave nothing out.
    let short: Vec<String> =
        file("claude-code-stream.jsonl").lines().filter(|l| !l.contains("msg_X2")).map(str::to_string).collect();
    let text = short.join("\n");
    let log = usage::read(&[Input { name: "s.jsonl", text: &text }]).unwrap();
    assert!(log.left_out.is_empty());
    let r = usage::report(&log, Catalog::builtin());
    assert!(r.notes.iter().any(|n| n.contains("priced by its session totals")), "{:?}", r.notes);
    // A run that failed before its first request: a run of no requests and no cost, not an error.
    let text = r#"{"type":"result","subtype":"error_during_execution","is_error":true,"num_turns":0,"session_id":"s0","total_cost_usd":0,"usage":{"input_tokens":0,"output_tokens":0},"modelUsage":{}}"#;
    let log = usage::read(&[Input { name: "e.json", text }]).unwrap();
    let r = usage::report(&log, Catalog::builtin());
    assert_eq!((r.requests, r.runs.len(), r.total_usd), (0, 1, 0.0));
}

#[test]
fn unknown_models_are_listed_never_priced_as_zero() {
    let text = r#"{"id":"x","type":"message","model":"acme-llm-9","usage":{"input_tokens":10,"output_tokens":5}}"#;
    let log = usage::read(&[Input { name: "x.json", text }]).unwrap();
    let r = usage::report(&log, Catalog::builtin());
    assert!(r.models.is_empty());
    assert_eq!(r.unknown_models[0].model, "acme-llm-9");
    assert_eq!(r.unknown_models[0].cost_usd, None);
    assert!(r.notes.iter().any(|n| n.contains("does not know")));
}

#[test]
fn a_damaged_line_is_reported_and_the_rest_read() {
    let text = format!(
        "{}\n{{\"sessionId\": \"s\", \"message\": {{\"usa\n{}\n",
        file(SESSION).lines().nth(2).unwrap(),
        file(SESSION).lines().nth(5).unwrap()
    );
    let log = usage::read(&[Input { name: "cut.jsonl", text: &text }]).unwrap();
    assert_eq!(log.requests.len(), 2);
    assert_eq!(log.problems.len(), 1);
    assert!(log.problems[0].starts_with("cut.jsonl:2: not valid JSON"), "{}", log.problems[0]);
}

#[test]
fn a_file_with_nothing_recognisable_names_the_formats_looked_for() {
    let e = usage::read(&[Input { name: "notes.txt", text: "hello\nworld\n" }]).unwrap_err();
    assert!(
        e.contains("no request found in notes.txt") && e.contains("Claude Code") && e.contains("OpenTelemetry"),
        "{e}"
    );
    let e = usage::read(&[Input { name: "empty.json", text: "{\"a\": [1, 2]}" }]).unwrap_err();
    assert!(e.contains("looked for"));
}

/// A Claude Code transcript for `runs` runs of a loop, written from the turn-by-turn classes the
/// engine gives a scenario (no shared prefix, so every class is a whole number): the log a real
/// agent with exactly this shape would leave.
fn simulated(s: &Value, runs: &[u32]) -> String {
    let c = Catalog::builtin();
    let mut out = String::new();
    for (i, &n) in runs.iter().enumerate() {
        let mut v = s.clone();
        v["stages"][0]["iterations"] = json!(n);
        let sc = loopcost::scenario::parse(&v.to_string(), c).unwrap();
        let e = loopcost::engine::evaluate(&sc, c).unwrap();
        for (k, t) in e.stages[0].turns.iter().enumerate() {
            let u = &t.usage;
            let secs = i as f64 * 7200.0 + k as f64 * 15.0;
            let line = json!({"sessionId": format!("run-{i}"), "requestId": format!("req-{i}-{k}"), "uuid": format!("u-{i}-{k}"),
                "parentUuid": null, "type": "assistant", "timestamp": format!("2026-11-20T{:02}:{:02}:{:02}Z", (secs / 3600.0) as u32, ((secs % 3600.0) / 60.0) as u32, (secs % 60.0) as u32),
                "message": {"id": format!("msg-{i}-{k}"), "model": sc.stages[0].mix[0].model, "usage": {
                    "input_tokens": u.input_tokens.round(), "cache_creation_input_tokens": u.cache_creation_input_tokens.round(),
                    "cache_read_input_tokens": u.cache_read_input_tokens.round(), "output_tokens": u.output_tokens.round()}}});
            out.push_str(&line.to_string());
            out.push('\n');
        }
    }
    out
}

fn loop_scenario() -> Value {
    json!({"stages": [{"mix": [{"model": "claude-sonnet-4-6"}], "iterations": 8, "system_tokens": 12000, "user_tokens": 500,
        "output_tokens": 300, "final_output_tokens": 700, "tool_result_tokens": 2000, "tool_result_growth": 200,
        "cache": {"mode": "conversation", "ttl": "5m", "seconds_per_turn": 15, "shared_prefix": false}}]})
}

#[test]
fn the_fit_recovers_the_loop_that_wrote_the_log() {
    let text = simulated(&loop_scenario(), &[8, 8, 8, 8, 8, 8]);
    let log = usage::read(&[Input { name: "sim.jsonl", text: &text }]).unwrap();
    let r = usage::report(&log, Catalog::builtin());
    let f = usage::fit(&log, &r, Catalog::builtin()).unwrap();
    let st = &f.scenario.stages[0];
    assert_eq!(st.iterations, 8);
    assert_eq!(st.cache.mode, loopcost::scenario::CacheMode::Conversation);
    assert_eq!((st.output_tokens, st.final_output_tokens), (300, Some(700)));
    assert_eq!((st.tool_result_tokens, st.tool_result_growth), (2000, 200));
    assert_eq!(st.system_tokens + st.user_tokens, 12500);
    assert_eq!(st.cache.seconds_per_turn, 15.0);
    assert!(f.relative_error.abs() < 0.02, "fit {} vs actual {}", f.fit_cost_per_run_usd, f.actual_cost_per_run_usd);
}

#[test]
fn runs_of_different_lengths_fit_within_a_quarter() {
    let text = simulated(&loop_scenario(), &[5, 7, 8, 9, 12]);
    let log = usage::read(&[Input { name: "sim.jsonl", text: &text }]).unwrap();
    let r = usage::report(&log, Catalog::builtin());
    let f = usage::fit(&log, &r, Catalog::builtin()).unwrap();
    // The runs' counts are kept (spec 10): the fit is then exact up to the shared prefix's warmth.
    assert!(f.relative_error.abs() < 0.02, "{}", f.relative_error);
    assert_eq!(
        f.scenario.stages[0].varies,
        Some(loopcost::scenario::Iterations::Counts(vec![(5, 1.0), (7, 1.0), (8, 1.0), (9, 1.0), (12, 1.0)]))
    );
    assert_eq!(f.scenario.stages[0].iterations, 8, "the median run");
    assert!(f.notes.iter().any(|n| n.contains("keeps their counts")));
}

#[test]
fn a_claude_code_session_with_a_subagent_fits_as_two_stages() {
    let (log, r) = read(&[SESSION, SUBAGENT]);
    let f = usage::fit(&log, &r, Catalog::builtin()).unwrap();
    let names: Vec<&str> = f.scenario.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["agent", "subagent"]);
    assert_eq!(f.scenario.stages[1].mix[0].model, "claude-haiku-4-5");
    assert!(f.relative_error.abs() < 0.10, "{}", f.relative_error);
    // The fitted file is a valid scenario the CLI reads back.
    let back = loopcost::scenario::parse(&f.scenario.to_json(), Catalog::builtin()).unwrap();
    assert_eq!(back, f.scenario);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Shuffled, duplicated and cut logs never panic, and duplicates never add requests.
    #[test]
    fn shuffled_duplicated_and_truncated_logs_never_panic(seed in any::<u64>(), cut in 0usize..4000, dup in 0usize..12) {
        let mut lines: Vec<String> = [
            SESSION,
            SUBAGENT,
            "claude-code-stream.jsonl",
            "anthropic-batch.jsonl",
            "helicone.jsonl",
            "codex/rollout-2026-11-20T09-00-00-0199a1b2-c3d4.jsonl",
        ]
            .iter()
            .flat_map(|f| file(f).lines().map(str::to_string).collect::<Vec<_>>())
            .collect();
        let n = lines.len();
        let mut x = seed | 1;
        for i in (1..n).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            lines.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let whole = lines.join("\n");
        let once = usage::read(&[Input { name: "all.jsonl", text: &whole }]).unwrap().requests.len();
        let mut doubled = lines.clone();
        doubled.extend(lines.iter().take(dup).cloned());
        let twice = usage::read(&[Input { name: "all.jsonl", text: &doubled.join("\n") }]).unwrap().requests.len();
        prop_assert_eq!(once, twice, "a line read twice is the same request");
        let cut_text: String = whole.chars().take(cut).collect();
        if let Ok(log) = usage::read(&[Input { name: "cut.jsonl", text: &cut_text }]) {
            let r = usage::report(&log, Catalog::builtin());
            let _ = usage::fit(&log, &r, Catalog::builtin());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// Read in chunks (as the page reads a large file), a log gives what it gives read whole:
    /// the same requests, and a damaged line reported at the same line number.
    #[test]
    fn a_log_read_in_chunks_is_the_log_read_whole(size in 1usize..3000, damaged in 0usize..20) {
        let mut lines: Vec<String> = file(SESSION).lines().map(str::to_string).collect();
        let at = damaged % lines.len();
        lines[at] = "{\"sessionId\": \"s\", \"mess".into();
        let text = lines.join("\n");
        let whole = usage::read(&[Input { name: "s.jsonl", text: &text }]).unwrap();
        let mut reader = usage::Reader::default();
        reader.begin("s.jsonl");
        prop_assert!(!reader.document(&text));
        let pieces = usage::chunks(&text, size);
        prop_assert_eq!(pieces.iter().map(|(_, p)| *p).collect::<String>(), text.clone());
        for (first, piece) in pieces {
            reader.lines(piece, first);
        }
        reader.end();
        let chunked = reader.finish().unwrap();
        prop_assert_eq!(&chunked.requests, &whole.requests);
        prop_assert_eq!(&chunked.problems, &whole.problems);
        let expected = format!("s.jsonl:{}: ", at + 1);
        prop_assert!(whole.problems[0].starts_with(&expected), "{:?}", whole.problems);
    }
}
