//! `loopcost`: the command-line face of the engine. See `loopcost help` and the README.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let read_file = |path: &str| std::fs::read(path).and_then(loopcost::cli::text_of);
    let mut io =
        loopcost::cli::Io { stdin: &mut stdin, stdout: &mut stdout, stderr: &mut stderr, read_file: &read_file };
    std::process::exit(loopcost::cli::run(&args, &mut io));
}
