//! `make fuzz`: the share-link decoder against a million hostile inputs, in the release profile
//! (as the page runs it). Inputs are valid links of every preset and of a scenario whose turns
//! vary, mutated (bytes flipped, inserted, deleted, cut, repeated; the payload's JSON edited and
//! re-encoded; parameters changed), plus random text. Every decode must return within a second,
//! with a scenario or a message; a panic prints the input that caused it and fails the run.
//!
//!     cargo run --release --example fuzz_links -- [COUNT] [SEED]

use loopcost::catalog::Catalog;
use loopcost::link;
use serde_json::{Value, json};
use std::cell::RefCell;
use std::time::Instant;

thread_local! {
    static CURRENT: RefCell<String> = const { RefCell::new(String::new()) };
}

mod common;
use common::Rng;

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=&#%+/.:{}[]\",";

fn b64url(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..chunk.len() + 1 {
            out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::new();
    for chunk in s.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= val(*c)? << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len().max(1)]);
    }
    Some(out)
}

/// A random JSON value, shaped like scenario parts now and then.
fn random_json(r: &mut Rng, depth: u32) -> Value {
    match r.below(if depth > 3 { 5 } else { 8 }) {
        0 => Value::Null,
        1 => json!(r.chance(50)),
        2 => json!([-1.0, 0.0, 0.5, 1.0, 3.0, 1e300, -1e300, 1e12][r.below(8)]),
        3 if r.chance(30) => json!([100_000_000u64, 4_000_000_000, 10_001, u64::MAX][r.below(4)]),
        3 => json!(r.below(20_000)),
        4 => json!(["claude-haiku-4-5", "gpt-6-sol", "x", "", "1h", "conversation", "2027-01-01", "<b>"][r.below(8)]),
        5 => Value::Array((0..r.below(5)).map(|_| random_json(r, depth + 1)).collect()),
        _ => {
            const KEYS: &[&str] = &[
                "stages",
                "mix",
                "model",
                "share",
                "iterations",
                "min",
                "mode",
                "max",
                "stop_probability",
                "counts",
                "prices",
                "input",
                "tiers",
                "start",
                "cache",
                "turns",
                "traffic",
                "router",
                "from",
                "standard",
                "batch",
            ];
            Value::Object(
                (0..r.below(5)).map(|_| (KEYS[r.below(KEYS.len())].to_string(), random_json(r, depth + 1))).collect(),
            )
        }
    }
}

/// Edits one random place of a JSON value.
fn mutate_json(r: &mut Rng, v: &mut Value, depth: u32) {
    match v {
        Value::Object(m) if !m.is_empty() && depth < 6 && r.chance(70) => {
            let k = m.keys().nth(r.below(m.len())).cloned().unwrap_or_default();
            if let Some(x) = m.get_mut(&k) {
                mutate_json(r, x, depth + 1);
            }
        }
        Value::Array(a) if !a.is_empty() && depth < 6 && r.chance(70) => {
            let i = r.below(a.len());
            mutate_json(r, &mut a[i], depth + 1);
        }
        _ => *v = random_json(r, depth),
    }
}

fn mutate(r: &mut Rng, seeds: &[String]) -> String {
    let base = &seeds[r.below(seeds.len())];
    match r.below(10) {
        // The payload's JSON, edited somewhere, re-encoded: exercises the scenario reader.
        0..=3 => {
            let (head, payload) = base.split_once("&s=").unwrap_or((base, ""));
            let (payload, tail) = payload.split_once('&').map_or((payload, ""), |(p, t)| (p, t));
            let Some(mut v) = b64url_decode(payload).and_then(|b| serde_json::from_slice::<Value>(&b).ok()) else {
                return base.clone();
            };
            for _ in 0..1 + r.below(3) {
                mutate_json(r, &mut v, 0);
            }
            let text = serde_json::to_string(&v).unwrap_or_default();
            let sep = if tail.is_empty() { "" } else { "&" };
            format!("{head}&s={}{sep}{tail}", b64url(text.as_bytes()))
        }
        // Bytes flipped, inserted, deleted.
        4..=6 => {
            let mut b = base.clone().into_bytes();
            for _ in 0..1 + r.below(8) {
                let i = r.below(b.len() + 1);
                match r.below(3) {
                    0 if i < b.len() => b[i] = ALPHABET[r.below(ALPHABET.len())],
                    1 => b.insert(i.min(b.len()), ALPHABET[r.below(ALPHABET.len())]),
                    _ if i < b.len() => {
                        b.remove(i);
                    }
                    _ => {}
                }
            }
            String::from_utf8_lossy(&b).into_owned()
        }
        // Cut anywhere.
        7 => base[..r.below(base.len() + 1).min(base.len())].to_string(),
        // Parameters changed or repeated.
        8 => {
            let extra = ["&v=1", "&v=2", "&v=3", "&v=", "&s=", "&c=", "&embed=1", "&stage=99", "&show=%", "#v=2&s=e30"];
            let mut out = base.clone();
            for _ in 0..1 + r.below(3) {
                out.push_str(extra[r.below(extra.len())]);
            }
            out
        }
        // Random text.
        _ => (0..r.below(300)).map(|_| ALPHABET[r.below(ALPHABET.len())] as char).collect(),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_261_123);
    let catalog = Catalog::builtin();
    // Every preset, and a scenario whose turns vary (the presets' never do).
    let varying = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/three-stages-ranges.json"))
        .ok()
        .and_then(|t| loopcost::scenario::parse(&t, catalog).ok());
    let seeds: Vec<String> = loopcost::presets::PRESETS
        .iter()
        .filter_map(|(id, _)| loopcost::presets::preset(id))
        .chain(varying)
        .map(|s| link::share_url("https://loopcost.example/", &s, catalog, &[]))
        .collect();
    std::panic::set_hook(Box::new(|info| {
        CURRENT.with(|c| eprintln!("make fuzz: the decoder panicked ({info}) on this input:\n{}", c.borrow()));
        std::process::exit(1);
    }));
    let mut r = Rng(seed | 1);
    let (mut ok, mut refused) = (0u64, 0u64);
    let t = Instant::now();
    for _ in 0..count {
        let input = mutate(&mut r, &seeds);
        CURRENT.with(|c| c.replace(input.clone()));
        let one = Instant::now();
        match link::decode(&input, catalog) {
            Ok(d) => {
                ok += 1;
                // What a decoded link leads to must work too.
                let _ = loopcost::engine::evaluate(&d.scenario, catalog);
                let _ = link::encode(&d.scenario, catalog, &d.params);
            }
            Err(e) => {
                assert!(!e.0.is_empty(), "an empty message");
                refused += 1;
            }
        }
        // A link that takes a second holds the page up as long: a failure too.
        assert!(one.elapsed().as_secs_f64() < 1.0, "{:.1} s for one link", one.elapsed().as_secs_f64());
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "make fuzz: {count} link decodes, no panic ({ok} opened, {refused} refused with a message), {secs:.1} s, {:.1} µs each (seed {seed})",
        secs * 1e6 / count as f64
    );
}
