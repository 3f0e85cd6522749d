// `make bench`: every performance budget, measured, and a non-zero exit naming each one missed.
// Budgets are issue 14's (speed) unless said otherwise:
//  - the download to open the app: wasm + js + css of the deployable dist/, gzipped -9, without
//    what the page loads on demand (≤ 200 KiB; scripts/bundle.mjs);
//  - the engine natively (3 stages × 100 turns ≤ 20 µs) and in wasm (within 1.5× of native);
//    with cost ranges (issue 13: 3 stages varying up to 200 turns ≤ 200 µs);
//  - the UI on the largest preset: input event → every result updated (p95 ≤ 4 ms; with turns
//    varying, issue 13's p95 ≤ 16 ms), and DOM mutations per edit against the displayed values
//    that edit changed (≤ 1.2×, worst of five kinds of edit);
//  - first results visible after navigation (≤ 300 ms);
//  - the usage import of a 10 MB Claude Code transcript (issue 11): natively (≤ 1 s) and in the
//    page, file chosen → results shown (≤ 3 s).
// The browser half runs on the release build with its test hooks (target/dist-test).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { serve, launch, newPage, DIST, DEPLOY, ROOT } from './harness.mjs';
import { measure, kib } from '../../scripts/bundle.mjs';

/** Every budget checked: [what, measured, limit, unit]. */
const budgets = [];
function budget(what, measured, limit, unit) {
  budgets.push([what, measured, limit, unit]);
}

const LARGEST_PRESET = 'campaign-workflow';

/** The native benchmark (benches/engine.rs) for `seconds`: its report lines and figures. */
function nativeBench(seconds) {
  const out = execFileSync('cargo', ['bench', '--bench', 'engine'], {
    // The first call may compile the benchmark: its progress goes to stderr.
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', seconds >= 2 ? 'inherit' : 'ignore'], env: { ...process.env, LOOPCOST_BENCH_SECONDS: String(seconds) },
  });
  const m = out.match(/NATIVE_US_PER_EVAL=([\d.]+)/);
  const b = out.match(/NATIVE_BEST_US_PER_EVAL=([\d.]+)/);
  const r = out.match(/NATIVE_RANGES_US_PER_EVAL=([\d.]+)/);
  return {
    lines: out.split('\n').filter((l) => l.startsWith('engine') || l.startsWith('  of which')),
    median: m ? Number(m[1]) : NaN,
    best: b ? Number(b[1]) : NaN,
    ranges: r ? Number(r[1]) : NaN,
  };
}

const quantile = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * q))]; };

// --- the download ----------------------------------------------------------------------------
// scripts/bundle.mjs says which files open the app and which the page loads on demand.
{
  const m = measure(DEPLOY);
  for (const f of m.files) console.log(`  ${f.name.padEnd(44)} ${kib(f.gz).padStart(7)} KiB gzipped${f.later ? '  on demand' : ''}`);
  console.log(`download to open the app (wasm + js + css of dist/): ${kib(m.open.gz)} KiB gzipped (budget 200 KiB, issue 14); on demand, when Import usage is first opened: ${kib(m.later.gz)} KiB`);
  budget('download to open the app, gzipped', m.open.gz / 1024, 200, 'KiB');
}

const server = await serve(DIST);
const browser = await launch();
try {
  // --- engine in wasm ---------------------------------------------------------------------
  // This machine's speed drifts by half within minutes, so native and wasm take turns, a second
  // each, and the ratio is taken per round (the median of the rounds' ratios is reported).
  {
    const native = nativeBench(2);
    process.stdout.write(native.lines.join('\n') + '\n');
    const page = await newPage(browser);
    await page.goto(server.url + '/');
    await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.loopcost_bench);
    const wasmFor = (ms) => page.evaluate((ms) => {
      const b = window.wasmBindings.loopcost_bench;
      b(200); // warm-up (batches of 1,000: performance.now() is coarsened to 0.1 ms here, 0.1 µs an evaluation)
      const out = [];
      const start = performance.now();
      while (performance.now() - start < ms) out.push(b(1000));
      return out;
    }, ms);
    const all = [];
    const ratios = [];
    for (let round = 0; round < 7; round++) {
      const n = nativeBench(1).median;
      const w = await wasmFor(1000);
      all.push(...w);
      ratios.push(quantile(w, 0.5) / n);
    }
    const median = quantile(all, 0.5);
    console.log(`engine (wasm, headless Chromium, release build): ${median.toFixed(1)} µs per evaluation (median of ${all.length} batches, p95 ${quantile(all, 0.95).toFixed(1)} µs, best ${Math.min(...all).toFixed(1)} µs), ${Math.round(1e6 / median)} evaluations/s`);
    console.log(`wasm ÷ native: ${quantile(ratios, 0.5).toFixed(2)}× (median of 7 alternating rounds; rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×; budget: within 1.5×)`);
    budget('engine, native, 3 stages × 100 turns', native.median, 20, 'µs');
    budget('engine with cost ranges, native, 3 stages varying up to 200 turns', native.ranges, 200, 'µs');
    budget('engine, wasm ÷ native', quantile(ratios, 0.5), 1.5, '×');
  }

  // --- first results visible ----------------------------------------------------------------
  {
    const times = [];
    for (let i = 0; i < 5; i++) {
      const page = await newPage(browser);
      await page.addInitScript(() => {
        new MutationObserver((_, obs) => {
          const el = document.querySelector('[data-metric="cost_per_run"]');
          if (el && el.getAttribute('data-value')) { window.__firstResults = performance.now(); obs.disconnect(); }
        }).observe(document, { childList: true, subtree: true, attributes: true });
      });
      await page.goto(server.url + '/');
      await page.waitForFunction(() => window.__firstResults !== undefined);
      times.push(await page.evaluate(() => window.__firstResults));
      await page.context().close();
    }
    console.log(`first results visible: ${quantile(times, 0.5).toFixed(0)} ms after navigation start (median of 5 loads, max ${Math.max(...times).toFixed(0)} ms; budget 300 ms)`);
    budget('first results visible after navigation', quantile(times, 0.5), 300, 'ms');
  }

  // --- input → results, and DOM mutations per edit, on the largest preset ------------------
  {
    const page = await newPage(browser);
    await page.goto(server.url + '/');
    await page.locator('[data-metric="cost_per_run"]').waitFor();
    await page.locator('[data-control="preset"]').selectOption(LARGEST_PRESET);
    await page.waitForTimeout(100);
    const result = await page.evaluate(async () => {
      // A macrotask: runs after every microtask the reactive system queued.
      const settle = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
      // "Updated" = the last DOM change the edit caused (a MutationObserver timestamps each
      // batch); "settled" also includes whatever the browser did before the next task ran
      // (often a style, layout and paint frame).
      let last = 0;
      const mo = new MutationObserver(() => { last = performance.now(); });
      mo.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      const edit = async (field, value) => {
        const input = document.querySelector(`[data-field="${field}"]`);
        input.value = value;
        const t0 = performance.now();
        last = t0;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await settle();
        return [last - t0, performance.now() - t0];
      };
      // 300 measured edits after 20 of warm-up: a p95 over 100 moved by a millisecond between
      // runs on this machine (five slow edits decide it); over 300 it is steadier.
      const times = [], settled = [];
      for (let i = 0; i < 320; i++) {
        const [u, s] = await edit('stages.1.system_tokens', String(2500 + (i % 7) * 100));
        times.push(u); settled.push(s);
      }
      mo.disconnect();
      // The texts on the page, each text node with what it says.
      const texts = () => {
        const out = new Map();
        const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let t = w.nextNode(); t; t = w.nextNode()) if (t.data.trim()) out.set(t, t.data);
        return out;
      };
      // DOM mutations an edit causes, and the displayed values it changed (texts that now say
      // something else, appeared or went away).
      const mutations = async (field, value) => {
        let n = 0;
        const before = texts();
        const obs = new MutationObserver((list) => { n += list.length; });
        obs.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
        await edit(field, value);
        await settle();
        obs.disconnect();
        const after = texts();
        let changed = 0;
        for (const [t, d] of after) if (before.get(t) !== d) changed++;
        for (const t of before.keys()) if (!after.has(t)) changed++;
        return { n, changed };
      };
      await edit('stages.1.system_tokens', '2500');
      const cells = document.querySelectorAll('table[data-table="turns"] td').length;
      return {
        times: times.slice(20),
        settled: settled.slice(20),
        cells,
        tokenEdit: await mutations('stages.1.system_tokens', '2600'),
        outputEdit: await mutations('stages.5.output_tokens', '2000'),
        nameEdit: await mutations('stages.2.name', 'content writer'),
        trafficEdit: await mutations('traffic.days_per_month', '31'),
        // One more turn: one row more in the stage's per-turn table, and the totals.
        turnsEdit: await mutations('stages.1.iterations', String(Number(document.querySelector('[data-field="stages.1.iterations"]').value) + 1)),
      };
    });
    const t = result.times;
    const st = result.settled;
    console.log(`input → all results updated in the DOM (${LARGEST_PRESET}, ${t.length} edits): median ${quantile(t, 0.5).toFixed(2)} ms, p95 ${quantile(t, 0.95).toFixed(2)} ms, max ${Math.max(...t).toFixed(2)} ms (budget: p95 ≤ 4 ms)`);
    budget('edit → results in the DOM, p95', quantile(t, 0.95), 4, 'ms');
    console.log(`input → next task (DOM updated plus any frame the browser rendered first): median ${quantile(st, 0.5).toFixed(2)} ms, p95 ${quantile(st, 0.95).toFixed(2)} ms`);
    const m = (r) => `${r.n} for ${r.changed} changed values`;
    console.log(`DOM mutations per single-field edit (${result.cells} per-turn table cells on the page): ` +
      `a stage's prompt size ${m(result.tokenEdit)}, the last stage's output ${m(result.outputEdit)}, ` +
      `days per month ${m(result.trafficEdit)}, a stage name ${m(result.nameEdit)}, one more turn ${m(result.turnsEdit)}`);
    const ratio = Math.max(...['tokenEdit', 'outputEdit', 'trafficEdit', 'nameEdit', 'turnsEdit'].map((k) => result[k].n / Math.max(1, result[k].changed)));
    budget('DOM mutations per changed value, worst of five edits', ratio, 1.2, '×');
  }

  // --- the same edit when turns vary (cost ranges): the largest preset, every loop stage's
  // turns varying (usually its count, from half to twice it) --------------------------------
  {
    const page = await newPage(browser);
    await page.goto(server.url + '/');
    await page.locator('[data-metric="cost_per_run"]').waitFor();
    await page.locator('[data-control="preset"]').selectOption(LARGEST_PRESET);
    await page.waitForTimeout(100);
    const boxes = page.locator('[data-control="varies"]');
    const n = await boxes.count();
    for (let i = 0; i < n; i++) await boxes.nth(i).check();
    await page.locator('[data-status="range"]').waitFor();
    const times = await page.evaluate(async () => {
      const settle = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
      let last = 0;
      const mo = new MutationObserver(() => { last = performance.now(); });
      mo.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      const out = [];
      for (let i = 0; i < 60; i++) {
        const input = document.querySelector('[data-field="stages.1.system_tokens"]');
        input.value = String(2500 + (i % 7) * 100);
        const t0 = performance.now();
        last = t0;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await settle();
        out.push(last - t0);
      }
      mo.disconnect();
      return out.slice(10);
    });
    console.log(`input → all results updated, ${n} stages' turns varying (${LARGEST_PRESET}): median ${quantile(times, 0.5).toFixed(2)} ms, p95 ${quantile(times, 0.95).toFixed(2)} ms (budget: p95 ≤ 16 ms)`);
    budget('edit → results in the DOM with turns varying, p95', quantile(times, 0.95), 16, 'ms');
    await page.context().close();
  }

  // --- usage import: a 10 MB Claude Code transcript, natively and in the page ----------------
  {
    const out = execFileSync('cargo', ['bench', '--bench', 'usage'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    process.stdout.write(out.split('\n').filter((l) => l.startsWith('usage')).join('\n') + '\n');
    const m = out.match(/NATIVE_USAGE_MS=([\d.]+)/);
    budget('usage import, 10 MB Claude Code transcript, native', m ? Number(m[1]) : NaN, 1000, 'ms');

    const file = path.join(ROOT, 'target/bench-10mb.jsonl');
    execFileSync('cargo', ['run', '--release', '--example', 'sample_log', '--', file, '10'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    const times = [];
    const ready = [];
    let longest = 0;
    for (let i = 0; i < 3; i++) {
      const page = await newPage(browser);
      await page.goto(server.url + '/');
      await page.locator('[data-metric="cost_per_run"]').waitFor();
      const opened = await page.evaluate(() => performance.now());
      await page.locator('details.import > summary').click();
      await page.locator('[data-control="usage-drop"]').waitFor();
      ready.push(await page.evaluate(() => performance.now()) - opened);
      await page.evaluate(() => {
        window.__long = [];
        new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
      });
      const t0 = await page.evaluate(() => performance.now());
      await page.locator('[data-control="usage-file"]').setInputFiles(file);
      await page.locator('[data-status="done"]').waitFor({ timeout: 60000 });
      times.push(await page.evaluate(() => performance.now()) - t0);
      longest = Math.max(longest, ...(await page.evaluate(() => window.__long)), 0);
      await page.context().close();
    }
    console.log(`usage import in the page: ${quantile(times, 0.5).toFixed(0)} ms for the 10 MB transcript, file chosen → results shown (median of 3; longest task ${longest.toFixed(0)} ms; budget 3,000 ms)`);
    budget('usage import, 10 MB, in the page', quantile(times, 0.5), 3000, 'ms');
    console.log(`Import usage opened → its module loaded and the panel shown: ${quantile(ready, 0.5).toFixed(0)} ms (median of 3 fresh pages; the local test server, uncompressed, no caching)`);
  }
} finally {
  await browser.close();
  await server.close();
}

console.log('\nbudgets:');
const missed = [];
for (const [what, measured, limit, unit] of budgets) {
  const ok = measured <= limit;
  if (!ok) missed.push(what);
  console.log(`  ${ok ? 'ok  ' : 'MISS'} ${what}: ${measured.toFixed(measured < 10 ? 2 : 1)} ${unit} (budget ${limit} ${unit})`);
}
if (missed.length) {
  console.error(`\nmake bench: ${missed.length} budget(s) missed: ${missed.join('; ')}`);
  process.exitCode = 1;
} else {
  console.log('\nmake bench: every budget met');
}
