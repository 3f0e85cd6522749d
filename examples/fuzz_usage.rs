//! `make fuzz`: usage import against damaged logs, in the release profile. Inputs are the test
//! fixtures (`tests/fixtures/usage`, every format), their JSON edited: fields removed, set to
//! absurd numbers (1e308, 2⁶⁴, −1, 0.5), to strings where numbers belong, to model ids, dates and
//! dates that do not exist, to null, arrays and copies; JSONL lines edited one by one; CSV bytes
//! changed. Each must be read, priced, fitted and the fit evaluated again from its scenario file
//! as the page's "Use this scenario" does, or refused with a message; a panic, a fit whose
//! scenario does not read back, or a case over one second prints the input and fails the run.
//!
//!     cargo run --release --example fuzz_usage -- [COUNT] [SEED]

use loopcost::catalog::Catalog;
use loopcost::usage;
use serde_json::Value;
use std::cell::RefCell;
use std::path::Path;
use std::time::Instant;

thread_local! {
    static CURRENT: RefCell<(String, String)> = const { RefCell::new((String::new(), String::new())) };
}

/// xorshift64*: a small deterministic generator (no dependency, same inputs every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

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

fn main() {
    let mut args = std::env::args().skip(1);
    let count: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_261_204);
    let catalog = Catalog::builtin();
    let mut files = Vec::new();
    fixtures(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/usage"), &mut files);
    std::panic::set_hook(Box::new(|info| fail(&format!("usage import panicked ({info})"))));
    let mut r = Rng(seed | 1);
    let (mut fitted, mut read, mut refused) = (0u64, 0u64, 0u64);
    let t = Instant::now();
    for _ in 0..count {
        let (name, text) = &files[r.below(files.len())];
        let input = damage(name, text, &mut r);
        CURRENT.with(|c| c.replace((name.clone(), input.clone())));
        let one = Instant::now();
        match usage::read(&[usage::Input { name, text: &input }]) {
            Ok(log) => {
                read += 1;
                let report = usage::report(&log, catalog);
                if let Some(fit) = usage::fit(&log, &report, catalog) {
                    fitted += 1;
                    // The fit's scenario file, read back and evaluated.
                    let file: Value = serde_json::to_value(&fit).expect("a fit serialises");
                    match loopcost::scenario::parse_value(&file["scenario"], catalog) {
                        Ok(s) => {
                            let _ = loopcost::engine::evaluate(&s, catalog);
                        }
                        Err(e) => fail(&format!("the fitted scenario does not read back ({})", e[0].message)),
                    }
                }
            }
            Err(e) if e.is_empty() => fail("an empty message"),
            Err(_) => refused += 1,
        }
        if one.elapsed().as_secs_f64() > 1.0 {
            fail("over a second");
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "make fuzz: {count} damaged logs, no panic ({read} read, {fitted} of them fitted and the fit evaluated, {refused} refused with a message), {secs:.1} s (seed {seed})"
    );
}
