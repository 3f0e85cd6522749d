//! `make fuzz`: damaged files, in the release profile: usage logs and scenario files.
//!
//! Usage logs are the test fixtures (`tests/fixtures/usage`, every format); scenario files the
//! presets and the benchmarks' scenarios. Their JSON is edited: fields removed, set to absurd
//! numbers (1e308, 2⁶⁴, −1, 0.5, 10⁸), to strings where numbers belong, to model ids, dates and
//! dates that do not exist, to null, arrays and copies; JSONL lines are edited one by one, CSV
//! bytes changed. A log must be read, priced, fitted and the fit evaluated again from its
//! scenario file (as the page's "Use this scenario" does), or refused with a message. A scenario
//! must be refused with messages, or evaluated with its levers, scale table, exports and share
//! link (which must open again). A panic, a fit or a link that does not read back, or a file
//! over one second prints the input and fails the run (one found so: a maximum of 10⁸ turns).
//!
//!     cargo run --release --example fuzz_files -- [COUNT] [SEED]

use loopcost::catalog::Catalog;
use loopcost::{engine, export, link, scenario, usage};
use serde_json::Value;
use std::cell::RefCell;
use std::path::Path;
use std::time::Instant;

thread_local! {
    static CURRENT: RefCell<(String, String)> = const { RefCell::new((String::new(), String::new())) };
}

mod common;
use common::Rng;

const NUMBERS: [&str; 16] = [
    "0",
    "-1",
    "1e308",
    "-1e308",
    "18446744073709551616",
    "9007199254740993",
    "0.5",
    "1e-300",
    "4294967296",
    "2147483648",
    "-0",
    "1e20",
    "123456789012",
    "3",
    "1",
    "100000000",
];

const STRINGS: [&str; 14] = [
    "",
    "claude-sonnet-4-5-20250929",
    "gpt-6",
    "<synthetic>",
    "2026-13-45T99:99:99Z",
    "1970-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "2026-11-20",
    "ü\u{0}x",
    "google/gemini-3.8-flash",
    "NaN",
    "-5",
    "1e400",
    "null",
];

fn number(r: &mut Rng) -> Value {
    serde_json::from_str(r.pick(&NUMBERS)).expect("a JSON number")
}

fn string(r: &mut Rng) -> Value {
    Value::String(r.pick(&STRINGS).to_string())
}

/// Edits one place of `v`, chosen at random, going down into objects and arrays.
fn edit(v: &mut Value, r: &mut Rng) {
    match v {
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let Some(k) = keys.get(r.below(keys.len())) else { return };
            let new = match r.below(10) {
                0 => {
                    m.remove(k);
                    return;
                }
                1 => number(r),
                2 => string(r),
                3 => Value::Null,
                4 => Value::Array(vec![]),
                5 => Value::Array(vec![m[k].clone(), m[k].clone()]),
                _ => return edit(m.get_mut(k).expect("a key of the object"), r),
            };
            m.insert(k.clone(), new);
        }
        Value::Array(a) if !a.is_empty() => {
            let i = r.below(a.len());
            match r.below(6) {
                0 => {
                    a.remove(i);
                }
                1 => a.push(a[i].clone()),
                _ => edit(&mut a[i], r),
            }
        }
        Value::String(_) if r.below(2) == 0 => *v = string(r),
        _ => *v = number(r),
    }
}

fn edited(v: &Value, r: &mut Rng, most: usize) -> String {
    let mut v = v.clone();
    for _ in 0..1 + r.below(most) {
        edit(&mut v, r);
    }
    serde_json::to_string(&v).expect("JSON")
}

/// A damaged copy of a fixture.
fn damage(name: &str, text: &str, r: &mut Rng) -> String {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return edited(&v, r, 4);
    }
    if name.ends_with(".jsonl") {
        let lines: Vec<String> = text
            .lines()
            .map(|l| match serde_json::from_str::<Value>(l) {
                Ok(v) if r.below(3) == 0 => edited(&v, r, 3),
                _ => l.to_string(),
            })
            .collect();
        return lines.join("\n");
    }
    let mut b = text.as_bytes().to_vec();
    for _ in 0..3 {
        if !b.is_empty() {
            let j = r.below(b.len());
            b[j] = b"0123456789,\"\n-.e"[r.below(16)];
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

fn fixtures(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("the fixtures").flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            fixtures(&p, out);
        } else if let Ok(text) = std::fs::read_to_string(&p) {
            out.push((p.file_name().expect("a file name").to_string_lossy().into_owned(), text));
        }
    }
}

fn fail(why: &str) -> ! {
    CURRENT.with(|c| {
        let (name, text) = &*c.borrow();
        eprintln!("make fuzz: {why}, on this damaged {name}:\n{text}");
    });
    std::process::exit(1);
}

/// What became of the damaged files of one kind.
#[derive(Default)]
struct Tally {
    refused: u64,
    read: u64,
    /// Logs fitted (their fit evaluated), scenarios evaluated.
    whole: u64,
}

/// A damaged usage log: read, priced, fitted, the fit read back and evaluated; or refused.
fn log(name: &str, input: &str, catalog: &Catalog, t: &mut Tally) {
    match usage::read(&[usage::Input { name, text: input }]) {
        Ok(log) => {
            t.read += 1;
            let report = usage::report(&log, catalog);
            if let Some(fit) = usage::fit(&log, &report, catalog) {
                t.whole += 1;
                // The fit's scenario file, read back and evaluated.
                let file: Value = serde_json::to_value(&fit).expect("a fit serialises");
                match scenario::parse_value(&file["scenario"], catalog) {
                    Ok(s) => {
                        let _ = engine::evaluate(&s, catalog);
                    }
                    Err(e) => fail(&format!("the fitted scenario does not read back ({})", e[0].message)),
                }
            }
        }
        Err(e) if e.is_empty() => fail("an empty message"),
        Err(_) => t.refused += 1,
    }
}

/// A damaged scenario file: refused with messages, or evaluated with everything the page and
/// the CLI make of it.
fn scenario_file(input: &str, catalog: &Catalog, t: &mut Tally) {
    let s = match scenario::parse(input, catalog) {
        Ok(s) => s,
        Err(issues) => {
            if issues.is_empty() || issues.iter().any(|i| i.message.is_empty()) {
                fail("a refusal without a message");
            }
            t.refused += 1;
            return;
        }
    };
    t.read += 1;
    let Ok(e) = engine::evaluate(&s, catalog) else { return };
    t.whole += 1;
    let levers = engine::levers(&s, catalog);
    let _ = engine::scale(&s, catalog);
    let _ = export::turns_csv(&s, &e);
    let _ = export::ranges_csv(&s, &e);
    let _ = export::markdown(&s, &e, &levers, "fuzz");
    let url = link::share_url("https://loopcost.example/", &s, catalog, &[]);
    if let Err(e) = link::decode(&url, catalog) {
        fail(&format!("its share link does not open ({})", e.0));
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_261_204);
    let catalog = Catalog::builtin();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut logs = Vec::new();
    fixtures(&root.join("tests/fixtures/usage"), &mut logs);
    let mut scenarios = Vec::new();
    fixtures(&root.join("scenarios"), &mut scenarios);
    fixtures(&root.join("benches"), &mut scenarios);
    scenarios.retain(|(name, _)| name.ends_with(".json"));
    std::panic::set_hook(Box::new(|info| fail(&format!("panicked ({info})"))));
    let mut r = Rng(seed | 1);
    let (mut logs_done, mut scenarios_done) = (Tally::default(), Tally::default());
    let t = Instant::now();
    for i in 0..count {
        let is_log = i % 2 == 0;
        let from = if is_log { &logs } else { &scenarios };
        let (name, text) = &from[r.below(from.len())];
        let input = damage(name, text, &mut r);
        CURRENT.with(|c| c.replace((name.clone(), input.clone())));
        let one = Instant::now();
        if is_log {
            log(name, &input, catalog, &mut logs_done);
        } else {
            scenario_file(&input, catalog, &mut scenarios_done);
        }
        if one.elapsed().as_secs_f64() > 1.0 {
            fail("over a second");
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let (l, s) = (&logs_done, &scenarios_done);
    println!(
        "make fuzz: {count} damaged files, no panic, {secs:.1} s (seed {seed}): {} logs read ({} fitted, the fit evaluated), {} refused with a message; {} scenarios read ({} evaluated with levers, scale, exports and a link that opens), {} refused with messages",
        l.read, l.whole, l.refused, s.read, s.whole, s.refused
    );
}
