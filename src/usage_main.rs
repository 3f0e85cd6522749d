//! The usage import module, built by Trunk (`index.html`) with `--features web` beside the app
//! and loaded by the page when "Import usage" is first opened (`public/usage-loader.js`).

fn main() {
    loopcost::ui::usage::start();
}
