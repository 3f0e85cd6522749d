// The widget on someone else's page: a host page on another origin (another port) pastes the
// snippet from `loopcost link --embed`; the app is served under the documented CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { serve, launch, newPage, evaluateFile, cli, close, DIST, ROOT } from './harness.mjs';

let app, host, browser, snippet;
const hostPages = {};

before(async () => {
  // The host first: the app's frame-ancestors names its origin.
  host = await serve(DIST, {
    routes: Object.fromEntries(['/docs.html', '/no-loader.html'].map((p) => [p, (req, res) => {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        // A strict host: it allows the widget's frame and loader, nothing else from anywhere (no
        // inline styles, no inline scripts): exactly what the README tells hosts to allow.
        'content-security-policy': `default-src 'none'; frame-src ${app.url}/; script-src ${app.url}/embed.js`,
      });
      res.end(hostPages[p]);
    }])),
  });
  const csp = fs.readFileSync(path.join(DIST, 'csp.txt'), 'utf8').trim().replace("frame-ancestors 'self'", `frame-ancestors 'self' ${host.url}`);
  app = await serve(DIST, { headers: { 'content-security-policy': csp, 'x-content-type-options': 'nosniff' } });
  snippet = cli('link', 'scenarios/lookup-agent.json', '--embed', '--base', app.url + '/');
  const page = (body) => `<!doctype html><html><head><meta charset="utf-8"><title>Docs</title></head>
    <body><h1>Our agent's cost</h1><p>Some prose.</p>${body}<p id="after">After the widget.</p></body></html>`;
  hostPages['/docs.html'] = page(snippet);
  hostPages['/no-loader.html'] = page(snippet.replace(/<script[^>]*><\/script>/, ''));
  browser = await launch();
});
after(async () => { await browser?.close(); await app?.close(); await host?.close(); });

/** Opens a host page; returns the page, the iframe element and its frame, once the widget shows numbers. */
async function openHost(p) {
  const page = await newPage(browser, { width: 900, height: 800 });
  await page.goto(host.url + p);
  const iframe = page.locator('iframe[data-loopcost]');
  const frame = page.frameLocator('iframe[data-loopcost]');
  await frame.locator('[data-metric="cost_per_run"]').waitFor();
  return { page, iframe, frame };
}

/** The iframe's height on the host page. */
async function fit(page, iframe) {
  return iframe.evaluate((f) => f.getBoundingClientRect().height);
}

async function widgetMetrics(frame) {
  return frame.locator('.widget').evaluate((w) => ({
    content: Math.ceil(w.getBoundingClientRect().height),
    viewport: window.innerHeight,
    scrolls: document.documentElement.scrollHeight > window.innerHeight + 1,
  }));
}

test('the snippet: an iframe plus the loader, pointing at the app', () => {
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/#v=2&amp;c=[^"]+&amp;embed=1&amp;show=turns,cumulative" title="loopcost: Tool-recursion lookup agent" data-loopcost/);
  assert.match(snippet, /<script src="http:\/\/127\.0\.0\.1:\d+\/embed\.js" async><\/script>/);
});

test('the widget renders the right numbers on another origin, under the CSP, and fits its content', async () => {
  const { page, iframe, frame } = await openHost('/docs.html');
  // As the engine computes it.
  const value = Number(await frame.locator('[data-metric="cost_per_run"]').getAttribute('data-value'));
  close(value, evaluateFile('scenarios/lookup-agent.json').cost_usd);
  close(Number(await frame.locator('[data-metric="monthly_usd"]').getAttribute('data-value')), evaluateFile('scenarios/lookup-agent.json').monthly_usd);
  // One table and one chart, as the link says; no page chrome, no editor.
  assert.equal(await frame.locator('table[data-table="turns"]').count(), 1);
  assert.equal(await frame.locator('figure.chart').count(), 1);
  assert.equal(await frame.locator('.topbar, .editor, footer.footer').count(), 0);
  assert.match(await frame.locator('a.open-app').getAttribute('href'), /#v=2&c=.*&s=/);
  // Sized to its content: no inner scrollbar, nothing cut off.
  await page.waitForTimeout(300);
  let m = await widgetMetrics(frame);
  let h = await fit(page, iframe);
  assert.ok(!m.scrolls, `no inner scrollbar (${JSON.stringify(m)})`);
  assert.ok(Math.abs(h - m.content) <= 2, `iframe ${h}px for ${m.content}px of content`);

  // Readers can change the main inputs.
  await frame.locator('[data-field="stages.0.cache.mode"]').selectOption('conversation');
  await frame.locator('[data-field="stages.0.system_tokens"]').fill('3000');
  await page.waitForTimeout(100);
  // An edit that makes the widget taller (an invalid value brings its message and the stale
  // note): the frame follows, then shrinks back once the value is fixed.
  const input = frame.locator('[data-field="traffic.runs_per_day"]');
  await input.fill('oops');
  await page.waitForTimeout(300);
  const taller = await widgetMetrics(frame);
  h = await fit(page, iframe);
  assert.ok(taller.content > m.content, `the widget grew (${m.content} → ${taller.content})`);
  assert.ok(Math.abs(h - taller.content) <= 2 && !taller.scrolls, `still fits: iframe ${h}px for ${taller.content}px`);
  await input.fill('1000');
  await page.waitForTimeout(300);
  m = await widgetMetrics(frame);
  h = await fit(page, iframe);
  assert.ok(Math.abs(h - m.content) <= 2 && !m.scrolls, `and shrinks back: iframe ${h}px for ${m.content}px`);
  assert.deepEqual(page.errors, [], 'no CSP violation, no error, in the host page or the widget');
});

test('the loader only listens to its own widgets', async () => {
  const { page, iframe } = await openHost('/docs.html');
  await page.waitForTimeout(300);
  const before = await fit(page, iframe);
  // A message from the host page itself (not the widget's window) is ignored.
  await page.evaluate(() => window.postMessage({ type: 'loopcost:height', height: 42 }, '*'));
  await page.waitForTimeout(100);
  assert.equal(await fit(page, iframe), before);
});

test('without the loader, the fixed height still works', async () => {
  const { page, iframe, frame } = await openHost('/no-loader.html');
  close(Number(await frame.locator('[data-metric="cost_per_run"]').getAttribute('data-value')), evaluateFile('scenarios/lookup-agent.json').cost_usd);
  assert.equal(Math.round(await fit(page, iframe)), 640);
  assert.deepEqual(page.errors, []);
});

test('the Embed dialog: stage, table and chart chosen, previewed live, copied as the CLI would write them', async () => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  // The app under its own CSP: the preview is the app in a frame of itself.
  await page.goto(cli('link', 'scenarios/campaign-workflow.json', '--base', app.url + '/').trim());
  await page.locator('[data-metric="cost_per_run"]').waitFor();
  const address = page.url();
  await page.locator('[data-control="embed"]').click();
  const dialog = page.locator('dialog.embed-dialog');
  assert.ok(await dialog.evaluate((d) => d.open && d.matches(':modal')), 'a modal dialog');
  // The defaults: the first stage, the per-turn table, the cumulative chart: the CLI's snippet.
  const snippetOf = (...args) => cli('link', 'scenarios/campaign-workflow.json', '--embed', '--base', app.url + '/', ...args);
  assert.equal(await page.locator('[data-control="embed-snippet"]').inputValue(), snippetOf());
  const preview = page.frameLocator('[data-control="embed-preview"]');
  await preview.locator('table[data-table="turns"][data-stage="0"]').waitFor();
  // Stage 2, the levers, the prompt chart: the snippet and the preview follow.
  await page.locator('[data-control="embed-stage"]').selectOption('1');
  await page.locator('input[data-embed="levers"]').check();
  await page.locator('input[data-embed="prompt"]').check();
  assert.equal(await page.locator('[data-control="embed-snippet"]').inputValue(), snippetOf('--show', 'levers,prompt', '--stage', '2'));
  await preview.locator('table[data-table="levers"]').waitFor();
  await preview.locator('[data-field="stages.1.iterations"]').waitFor();
  assert.equal(await preview.locator('table[data-table="turns"]').count(), 0, 'no per-turn table when the levers are chosen');
  assert.equal(await preview.locator('svg[aria-labelledby="prompt-1-title"]').count(), 1, "stage 2's prompt chart");
  // The preview is as tall as the widget says it is (no inner scroll bar).
  await page.waitForTimeout(300);
  const fits = await page.locator('[data-control="embed-preview"]').evaluate((f) =>
    Math.abs(f.getBoundingClientRect().height - f.contentDocument.querySelector('.widget').getBoundingClientRect().height) < 40);
  assert.ok(fits, 'the preview frame fits the widget');
  // Copy: the clipboard holds the snippet shown.
  await page.locator('[data-control="embed-copy"]').click();
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippetOf('--show', 'levers,prompt', '--stage', '2'));
  // Escape closes it; the focus goes back to the Embed button; the address is unchanged.
  await page.keyboard.press('Escape');
  await page.waitForTimeout(100);
  assert.equal(await dialog.evaluate((d) => d.open), false);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.control), 'embed');
  assert.equal(page.url(), address);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the widget names its models and carries the page\'s price caveats', async () => {
  const src = cli('link', 'scenarios/campaign-workflow.json', '--embed', '--stage', '2', '--base', app.url + '/').match(/<iframe src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  const page = await newPage(browser, { width: 700, height: 900 });
  await page.goto(src);
  await page.locator('[data-metric="cost_per_run"]').waitFor();
  const scenario = JSON.parse(fs.readFileSync(path.join(ROOT, 'scenarios/campaign-workflow.json'), 'utf8'));
  const models = JSON.parse(cli('models', '--format', 'json')).models;
  const names = scenario.stages[1].mix.map((e) => models.find((m) => m.id === e.model)?.name ?? e.model);
  const shown = await page.locator('[data-widget="models"]').textContent();
  for (const n of names) assert.ok(shown.includes(n), `names ${n}: ${shown}`);
  // Every caveat the CLI reports for the scenario (unverified prices among them) is in the widget.
  const warnings = JSON.parse(cli('eval', 'scenarios/campaign-workflow.json')).warnings;
  assert.ok(warnings.some((w) => w.kind === 'unverified_price'));
  const texts = await page.locator('.widget .warnings li').allTextContents();
  assert.equal(texts.length, warnings.length);
  for (const w of warnings) assert.ok(texts.some((t) => t.endsWith(w.message)), w.message);
  assert.deepEqual(page.errors, []);
});

test('stage=2 shows the second stage: its inputs, chart and per-turn table', async () => {
  const html = cli('link', 'scenarios/campaign-workflow.json', '--embed', '--stage', '2', '--base', app.url + '/');
  const src = html.match(/<iframe src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  assert.match(src, /&stage=2$/);
  const page = await newPage(browser, { width: 700, height: 900 });
  await page.goto(src);
  await page.locator('[data-metric="cost_per_run"]').waitFor();
  const scenario = JSON.parse(fs.readFileSync(path.join(ROOT, 'scenarios/campaign-workflow.json'), 'utf8'));
  // The headline is the whole workflow's; the rest is stage 2's ("audience mapper", 5 turns).
  close(Number(await page.locator('[data-metric="cost_per_run"]').getAttribute('data-value')), evaluateFile('scenarios/campaign-workflow.json').cost_usd);
  const rows = page.locator('table[data-table="turns"][data-stage="1"] tbody tr');
  assert.equal(await rows.count(), scenario.stages[1].iterations);
  assert.equal(await page.locator('table[data-table="turns"][data-stage="0"]').count(), 0);
  const turns = page.locator('[data-field="stages.1.iterations"]');
  assert.equal(await turns.inputValue(), String(scenario.stages[1].iterations));
  await turns.fill('7');
  await page.waitForTimeout(100);
  scenario.stages[1].iterations = 7;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loopcost-')), 's.json');
  fs.writeFileSync(file, JSON.stringify(scenario));
  close(Number(await page.locator('[data-metric="cost_per_run"]').getAttribute('data-value')), JSON.parse(cli('eval', file)).cost_usd);
  assert.equal(await rows.count(), 7);
  assert.deepEqual(page.errors, []);
});
