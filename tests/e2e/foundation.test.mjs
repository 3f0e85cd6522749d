// The built site loads, renders a computed cost, and asks for nothing but its own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, newPage, metric, evaluateFile, close, DIST, DEPLOY } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(DIST); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('the page shows the default scenario cost per run, as the engine computes it', async () => {
  const page = await newPage(browser);
  const outside = [];
  page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) outside.push(r.url()); });
  await page.goto(server.url + '/');
  const shown = await metric(page, 'cost_per_run');
  close(shown, evaluateFile('scenarios/default.json').cost_usd);
  assert.match(await page.title(), /loopcost/);
  assert.ok(await page.locator('link[rel="icon"]').count() >= 1, 'favicon linked');
  assert.deepEqual(outside, [], 'no request leaves the site');
  assert.deepEqual(page.errors, []);
});

test('the deployable dist/ computes the same, from a sub-path of a static host, under its CSP, without test hooks', async () => {
  const csp = fs.readFileSync(path.join(DEPLOY, 'csp.txt'), 'utf8').trim();
  const sub = await serve(DEPLOY, { prefix: '/some/sub/path', headers: { 'content-security-policy': csp, 'x-content-type-options': 'nosniff' } });
  try {
    const page = await newPage(browser);
    await page.goto(sub.url + '/');
    const shown = await metric(page, 'cost_per_run');
    close(shown, evaluateFile('scenarios/default.json').cost_usd);
    const hooks = await page.evaluate(() => Object.keys(window.wasmBindings || {}).filter((k) => /crash|bench/.test(k)));
    assert.deepEqual(hooks, [], 'no test hook in the deployable build');
    // Import usage, the module loaded on demand, loads from the sub-path under the same policy;
    // the test build's crash trigger is ordinary text here.
    await page.locator('details.import > summary').click();
    await page.locator('[data-control="usage-paste"]').fill('loopcost: crash test');
    await page.locator('[data-action="usage-read"]').click();
    await page.locator('[data-status="failed"]').waitFor();
    assert.equal(await page.locator('#panic-banner').count(), 0);
    assert.deepEqual(page.errors, []);
  } finally {
    await sub.close();
  }
});

test('the page links its own account of the cost model, shipped with it', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/');
  await metric(page, 'cost_per_run');
  const href = await page.locator('.explain-more a').first().getAttribute('href');
  const res = await page.request.get(new URL(href, server.url + '/').toString());
  assert.equal(res.status(), 200);
  assert.match(await res.text(), /# How loopcost computes a cost/);
});
