//! The browser app's entry point, built by Trunk (`index.html`) with `--features web`.

fn main() {
    loopcost::ui::start();
}
