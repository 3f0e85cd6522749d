//! The `loopcost` command line, run as a user runs it (the real binary).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn loopcost(args: &[&str], stdin: impl AsRef<[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_loopcost"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_ref()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A shipped scenario file with its models priced at the spec's worked-example Sonnet ($3 /
/// $15), so that the figures below are the spec's, whatever the catalog says today.
fn at_spec_prices(file: &str) -> String {
    let text = std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut ids: Vec<String> = Vec::new();
    for st in v["stages"].as_array().unwrap() {
        for e in st["mix"].as_array().unwrap() {
            ids.push(e["model"].as_str().unwrap().to_string());
        }
    }
    ids.dedup();
    v["prices"] = ids
        .iter()
        .map(|id| serde_json::json!({"id": id, "input": 3, "output": 15, "cache_write_5m": 3.75, "cache_write_1h": 6, "cache_read": 0.3}))
        .collect();
    v.to_string()
}

#[test]
fn eval_prints_json_with_the_spec_fields() {
    let out = loopcost(&["eval", "-"], at_spec_prices("scenarios/research-agent.json"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Section 7's fields, per run and per stage and turn.
    for f in [
        "prompt_tokens",
        "input_tokens",
        "cache_creation_input_tokens",
        "cache_read_input_tokens",
        "output_tokens",
        "requests",
        "cost_usd",
        "naive_cost_usd",
        "daily_usd",
        "monthly_usd",
        "overflows",
    ] {
        assert!(v.get(f).is_some(), "missing {f}");
    }
    assert!(v["stages"][0]["turns"][4]["cost_usd"].is_number());
    assert!(v["stages"][0]["models"][0]["warm_probability"].is_number());
    // Worked example 3: $0.1428 a run, $142.80 a day at 1,000 runs.
    assert!((v["cost_usd"].as_f64().unwrap() - 0.1428).abs() < 1e-12);
    assert!((v["daily_usd"].as_f64().unwrap() - 142.8).abs() < 1e-9);
}

#[test]
fn files_saved_by_windows_tools_read_like_plain_utf8() {
    // Windows editors (Notepad, PowerShell's `Out-File`) start UTF-8 files with U+FEFF.
    let plain = at_spec_prices("scenarios/research-agent.json");
    let out = loopcost(&["eval", "-"], format!("\u{feff}{plain}"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Worked example 3's $0.1428 a run, as without the mark.
    assert!((v["cost_usd"].as_f64().unwrap() - 0.1428).abs() < 1e-12);
    // Windows PowerShell 5's `>` writes UTF-16 (little-endian, with its mark).
    let utf16: Vec<u8> = [0xff, 0xfe].into_iter().chain(plain.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let out = loopcost(&["eval", "-"], &utf16);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!((v["cost_usd"].as_f64().unwrap() - 0.1428).abs() < 1e-12);
    // Bytes that are no text at all are a file that cannot be read (exit 1), said so.
    let out = loopcost(&["eval", "-"], [0x7b, 0xff, 0x7d]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("not text in UTF-8"), "{}", text(&out.stderr));
}

#[test]
fn eval_reads_stdin_and_prints_a_table() {
    let scenario = at_spec_prices("scenarios/lookup-agent.json");
    let out = loopcost(&["eval", "-", "--format", "table"], &scenario);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(table.contains("Tool-recursion lookup agent"));
    assert!(table.contains("$0.04251"), "{table}");
    assert!(table.contains("5,150"), "the last prompt of worked example 2");
    assert!(table.contains("8.3×"));
}

#[test]
fn invalid_scenario_exits_2_with_every_problem_named() {
    let bad = r#"{"stages":[{"iteratons":3,"iterations":0,"mix":[{"model":"claude-sonet-4-6","share":0.6},
        {"model":"claude-haiku-4-5","share":0.3}],"system_tokens":-3,"user_tokens":2.5,
        "turns":[{"output_tokens":1}]}]}"#;
    let out = loopcost(&["eval", "-"], bad);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    for expected in [
        "stages.0.iteratons: unknown field \"iteratons\" (did you mean \"iterations\"?)",
        "stages.0.iterations: must be between 1 and 10,000 turns (got 0)",
        "stages.0.mix.0.model: unknown model \"claude-sonet-4-6\" (did you mean \"claude-sonnet-4-6\"?)",
        "stages.0.mix: shares add up to 90%, not 100%",
        "stages.0.system_tokens: must not be negative (got -3)",
        "stages.0.user_tokens: must be a whole number of tokens (got 2.5)",
        "stages.0.turns: the trace has 1 turn but the turn count is 0",
    ] {
        assert!(err.contains(expected), "missing «{expected}» in:\n{err}");
    }
}

#[test]
fn too_many_iterations_and_broken_json() {
    let out = loopcost(&["eval", "-"], r#"{"stages":[{"iterations":10001}]}"#);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("stages.0.iterations: must be between 1 and 10,000 turns (got 10,001)"));

    let out = loopcost(&["eval", "-"], r#"{"stages":[{"iterations":3"#);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not valid JSON"));
    // A number the field cannot hold is refused as given, never truncated.
    let out = loopcost(&["eval", "-"], r#"{"stages":[{"iterations":1e12}]}"#);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("stages.0.iterations: must be between 1 and 10,000 turns (got 1,000,000,000,000)"), "{err}");
}

#[test]
fn missing_file_and_bad_usage() {
    let out = loopcost(&["eval", "no/such/file.json"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot read no/such/file.json"));
    let out = loopcost(&["frobnicate"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown command"));
    let out = loopcost(&["eval", "x.json", "--format", "yaml"], "");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn models_lists_the_catalog() {
    let out = loopcost(&["models"], "");
    assert_eq!(out.status.code(), Some(0));
    let t = text(&out.stdout);
    for m in &loopcost::catalog::Catalog::builtin().models {
        assert!(t.contains(&m.id), "{} missing", m.id);
    }
    assert!(t.contains("Batch API"));
    let json = loopcost(&["models", "--format", "json"], "");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(v["models"].as_array().unwrap().len() >= 10);
}

#[test]
fn link_embed_names_the_stage_to_show() {
    let out = loopcost(
        &["link", "scenarios/campaign-workflow.json", "--embed", "--stage", "2", "--base", "https://x.example/"],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = text(&out.stdout);
    assert!(html.starts_with("<iframe src=\"https://x.example/#v=2&amp;"), "{html}");
    assert!(html.contains("&amp;embed=1&amp;show=turns,cumulative&amp;stage=2\""), "{html}");
    assert!(html.contains("<script src=\"https://x.example/embed.js\" async></script>"), "{html}");

    let out = loopcost(&["link", "scenarios/campaign-workflow.json", "--embed", "--stage", "9"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--stage must be a stage number from 1 to"), "{}", text(&out.stderr));
}

#[cfg(unix)]
#[test]
fn usage_reads_each_folder_once_and_skips_what_is_not_text() {
    let log = "tests/fixtures/usage/claude-code-stream.jsonl";
    let alone = loopcost(&["usage", log], "");
    assert_eq!(alone.status.code(), Some(0), "{}", text(&alone.stderr));
    let alone: serde_json::Value = serde_json::from_slice(&alone.stdout).unwrap();

    // logs/a holds the log, a link back up to logs/ (followed, it never ends) and a .json file
    // that is no text; logs/b links to a.
    let root = std::env::temp_dir().join(format!("loopcost-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("a")).unwrap();
    std::fs::create_dir_all(root.join("b")).unwrap();
    std::fs::copy(format!("{}/{log}", env!("CARGO_MANIFEST_DIR")), root.join("a/session.jsonl")).unwrap();
    std::fs::write(root.join("a/photo.json"), [0x7b, 0xff, 0xd8, 0x7d]).unwrap();
    std::os::unix::fs::symlink("..", root.join("a/up")).unwrap();
    std::os::unix::fs::symlink("../a", root.join("b/to-a")).unwrap();
    let out = loopcost(&["usage", root.to_str().unwrap()], "");
    let _ = std::fs::remove_dir_all(&root);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("skipped") && stderr.contains("photo.json"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The log read once: the same requests, copies and cost as reading it alone.
    assert_eq!(v["duplicates_dropped"], alone["duplicates_dropped"]);
    assert_eq!(v["requests"], alone["requests"]);
    assert_eq!(v["total_usd"], alone["total_usd"]);
    assert_eq!(v["models"], alone["models"]);
}

/// A standard output whose reader has gone (`loopcost models | head -1`), or which fails otherwise.
struct Gone(std::io::ErrorKind);

impl Write for Gone {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(self.0.into())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_reader_that_stops_reading_is_no_error() {
    let run = |kind| {
        let (mut stdin, mut stdout, mut stderr) = (std::io::empty(), Gone(kind), Vec::new());
        let read_file = |_: &str| Ok(String::new());
        let mut io =
            loopcost::cli::Io { stdin: &mut stdin, stdout: &mut stdout, stderr: &mut stderr, read_file: &read_file };
        let code = loopcost::cli::run(&["models".into(), "--format".into(), "json".into()], &mut io);
        (code, text(&stderr))
    };
    assert_eq!(run(std::io::ErrorKind::BrokenPipe), (0, String::new()));
    // Any other failure to write is one.
    let (code, said) = run(std::io::ErrorKind::StorageFull);
    assert_eq!(code, 1);
    assert!(said.contains("cannot write output"), "{said}");
}
