import { serve, launch, newPage, DIST } from './harness.mjs';
const server = await serve(DIST);
const browser = await launch();
const page = await newPage(browser);
await page.goto(server.url + '/');
await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.loopcost_bench);
for (let r = 0; r < 4; r++) {
  const samples = await page.evaluate(() => {
    const b = window.wasmBindings.loopcost_bench;
    b(200);
    const out = [];
    const start = performance.now();
    while (performance.now() - start < 2000) out.push(b(100));
    return out;
  });
  samples.sort((a, b) => a - b);
  const q = (x) => samples[Math.floor(samples.length * x)].toFixed(1);
  console.log(`n=${samples.length} min ${q(0)} p10 ${q(0.1)} p25 ${q(0.25)} p50 ${q(0.5)} p75 ${q(0.75)} p90 ${q(0.9)}`);
}
await browser.close(); await server.close();
