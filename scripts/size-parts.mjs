// `make size-parts`: what each part of the app costs in the download, measured by building the
// app with parts taken out. Each build is the release build's wasm (same flags, wasm-opt -Oz)
// plus its JavaScript glue, gzipped -9, in a scratch copy of HEAD (the working tree is left
// alone). About a minute a build on a warm machine (its first run also builds the dependencies
// into target/size-parts); `node scripts/size-parts.mjs quick` builds only the floors.
//
//   - floors: a minimal Leptos page (a counter); the engine, catalog and presets evaluating one
//     scenario with no Leptos; the app's state, share links and saved scenarios without any
//     component; the whole app;
//   - each component of the page alone taken out of the whole app.
import { execFileSync, execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv[2] === 'quick';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loopcost-size-'));
execFileSync('git', ['worktree', 'add', '--detach', '-f', work, 'HEAD'], { cwd: ROOT, stdio: 'ignore' });
const mod = path.join(work, 'src/ui/mod.rs');
const main = path.join(work, 'src/main.rs');
const original = { [mod]: fs.readFileSync(mod, 'utf8'), [main]: fs.readFileSync(main, 'utf8') };
const wasmOpt = path.join(ROOT, 'node_modules/binaryen/bin/wasm-opt');
// A build directory of its own: in the app's, cargo could leave a part-removed build where Trunk
// picks up the app's (the copy of the same binary name is not always refreshed).
const TARGET = path.join(ROOT, 'target/size-parts');

/** `text` with each of `cuts` removed; a cut that is not there is an error, not a silent no-op. */
function without(text, cuts) {
  for (const c of cuts) {
    if (!text.includes(c)) throw new Error(`size-parts: src/ui/mod.rs no longer has ${c}`);
    text = text.replace(c, '');
  }
  return text;
}

/** Builds the app as `files` say (path → text) and returns wasm + glue gzipped, in KiB. */
function build(files) {
  for (const [f, text] of Object.entries({ ...original, ...files })) fs.writeFileSync(f, text);
  const env = `source ${ROOT}/.tools/wasm-env.sh && source ${ROOT}/.tools/wasm-release-env.sh && `;
  execSync(env + 'cargo build --release --bin loopcost-web --features web --no-default-features --target wasm32-unknown-unknown',
    { cwd: work, shell: '/bin/bash', stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CARGO_TARGET_DIR: TARGET } });
  const out = path.join(work, 'out');
  fs.rmSync(out, { recursive: true, force: true });
  execFileSync('wasm-bindgen', [path.join(TARGET, 'wasm32-unknown-unknown/release/loopcost-web.wasm'), '--out-dir', out, '--target', 'web', '--no-typescript']);
  execFileSync(wasmOpt, ['-Oz', '--detect-features', path.join(out, 'loopcost-web_bg.wasm'), '-o', path.join(out, 'opt.wasm')]);
  const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(out, f)), { level: 9 }).length;
  return (gz('opt.wasm') + gz('loopcost-web.js')) / 1024;
}

const COMPONENTS = ['<editor::Editor />', '<headline::Headline />', '<stages::StageResults />', '<levers::Warnings />', '<levers::Levers />',
  '<compare::Compare />', '<usage_slot::ImportUsage />', '<prices::Projection />', '<levers::Scale />', '<prices::PricesUsed />',
  '<costline::CostLine />', '<embed::Widget />'];
const COUNTER = `use leptos::prelude::*;
fn main() {
    leptos::mount::mount_to_body(|| {
        let (n, set_n) = signal(0);
        view! { <button on:click=move |_| set_n.update(|v| *v += 1)>{move || n.get()}</button> }
    });
}
`;
const ENGINE_ONLY = `fn main() {
    let s = loopcost::presets::default_scenario();
    let r = loopcost::engine::evaluate(&s, loopcost::catalog::Catalog::builtin()).map(|e| e.naive_cost_usd.to_string());
    if let Some(b) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        b.set_text_content(Some(&r.unwrap_or_default()));
    }
}
`;

const rows = [];
function measure(what, files) {
  const kib = build(files);
  rows.push([what, kib]);
  console.log(`${kib.toFixed(1).padStart(7)} KiB  ${what}`);
  return kib;
}
try {
  console.log('floors (wasm + glue, gzipped -9):');
  measure('a minimal Leptos page (a counter)', { [main]: COUNTER });
  measure('the engine, the catalog and the presets, evaluating one scenario, no Leptos', { [main]: ENGINE_ONLY });
  measure("the app's state, share links and saved scenarios, without any component", { [mod]: without(original[mod], COMPONENTS) });
  const whole = measure('the whole app (what opens the page)', {});
  if (!quick) {
    console.log('each component alone taken out of the whole app (what it costs):');
    for (const c of COMPONENTS) {
      const kib = build({ [mod]: without(original[mod], [c]) });
      const cost = Math.abs(whole - kib) < 0.05 ? 0 : whole - kib;
      console.log(`${cost.toFixed(1).padStart(7)} KiB  ${c}`);
    }
  }
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', work], { cwd: ROOT, stdio: 'ignore' });
}
