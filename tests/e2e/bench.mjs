// `make bench` (browser half): the engine in wasm inside headless Chromium, compared with the
// native figure, on the release build in dist/. Later issues add UI timings here.
import { execFileSync } from 'node:child_process';
import { serve, launch, newPage, DIST, ROOT } from './harness.mjs';

const native = (() => {
  const out = execFileSync('cargo', ['bench', '--bench', 'engine'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const m = out.match(/NATIVE_US_PER_EVAL=([\d.]+)/);
  return m ? Number(m[1]) : NaN;
})();

const server = await serve(DIST);
const browser = await launch();
try {
  const page = await newPage(browser);
  await page.goto(server.url + '/');
  await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.loopcost_bench);
  const samples = await page.evaluate(() => {
    const b = window.wasmBindings.loopcost_bench;
    b(200); // warm-up
    const out = [];
    const start = performance.now();
    while (performance.now() - start < 2000) out.push(b(100));
    return out.sort((a, b) => a - b);
  });
  const median = samples[Math.floor(samples.length / 2)];
  const p95 = samples[Math.floor(samples.length * 0.95)];
  console.log(`engine (wasm, headless Chromium, release build): ${median.toFixed(1)} µs per evaluation (median of ${samples.length} batches, p95 ${p95.toFixed(1)} µs), ${Math.round(1e6 / median)} evaluations/s`);
  console.log(`engine (native): ${native.toFixed(1)} µs per evaluation`);
  console.log(`wasm ÷ native: ${(median / native).toFixed(2)}× (budget: within 2×)`);
} finally {
  await browser.close();
  await server.close();
}
