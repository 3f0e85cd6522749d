//! Writes a Claude Code session transcript of a given size, as Claude Code writes them (the usage
//! import's benchmark workload): `cargo run --release --example sample_log -- OUT.jsonl [MB]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: sample_log OUT.jsonl [MB]");
        std::process::exit(2);
    };
    let mb: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10.0);
    let text = loopcost::bench::claude_code_transcript((mb * 1024.0 * 1024.0) as usize);
    if let Err(e) = std::fs::write(&out, text) {
        eprintln!("sample_log: {out}: {e}");
        std::process::exit(1);
    }
}
