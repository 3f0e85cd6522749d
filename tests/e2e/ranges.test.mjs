// Cost ranges (issue 13): "between 5 and 40 turns, usually 12" in the page; the expected cost,
// the p90 run and the chance of going over budget, as the engine computes them (through the
// CLI); the range travels in a share link and shows in the widget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, metric, close, pageScenario, evaluateScenario, cli, DIST } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(DIST); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function open() {
  const page = await newPage(browser);
  await page.goto(server.url + '/');
  await metric(page, 'cost_per_run');
  return page;
}

/** Turns of stage 1 made to vary: 5 to 40, usually 12, typed as a newcomer would. */
async function vary(page) {
  await page.locator('[data-control="varies"]').first().check();
  await page.locator('[data-field="stages.0.iterations.min"]').fill('5');
  await page.locator('[data-field="stages.0.iterations.mode"]').fill('12');
  await page.locator('[data-field="stages.0.iterations.max"]').fill('40');
  await page.waitForTimeout(100);
}

test('between 5 and 40 turns, usually 12: the average, the p90 run and the budget risk', async () => {
  const page = await open();
  const fixed = await metric(page, 'cost_per_run');
  await vary(page);
  const s = await pageScenario(page);
  assert.deepEqual(s.stages[0].iterations, { min: 5, mode: 12, max: 40 });
  const e = evaluateScenario(s);
  close(await metric(page, 'cost_per_run'), e.cost_usd);
  close(await metric(page, 'monthly_usd'), e.monthly_usd);
  close(await metric(page, 'p10_usd'), e.p10_usd);
  close(await metric(page, 'p50_usd'), e.p50_usd);
  close(await metric(page, 'p90_usd'), e.p90_usd);
  close(await metric(page, 'cost_at_mean_iterations_usd'), e.cost_at_mean_iterations_usd);
  close(await metric(page, 'monthly_p90_usd'), e.monthly_p90_usd);
  close(await metric(page, 'budget_exceed_probability'), e.budget_exceed_probability);
  assert.ok(e.p90_usd > e.cost_usd && e.cost_usd > e.cost_at_mean_iterations_usd, 'the long tail costs');
  assert.notEqual(await metric(page, 'cost_per_run'), fixed);
  const line = await page.locator('[data-status="range"]').textContent();
  assert.match(line, /Turns vary: these are averages\..*p10 – p90.*the long tail adds/);
  assert.match(await page.locator('.budget').textContent(), /chance of going over \$8,000\.00 in a month/);
  // The stage's chart: a run's cost by its turns, the distribution beneath.
  assert.equal(await page.locator('[data-chart="range"] rect.prob').count(), 36);
  assert.equal(await page.locator('[data-chart="range"] polyline.cost-line').count(), 1);
  // The per-turn table shows the median run.
  const median = e.stages[0].varies.median_iterations;
  assert.equal(await page.locator('table[data-table="turns"][data-stage="0"] tbody tr').count(), median);
  assert.deepEqual(page.errors, []);
});

test('a range that cannot be says why at its field; the other forms and back to one count', async () => {
  const page = await open();
  await vary(page);
  await page.locator('[data-field="stages.0.iterations.min"]').fill('50');
  await page.waitForTimeout(100);
  assert.match(await page.locator('#f-stages-0-iterations-mode-msg').textContent(), /at least the fewest \(50; got 12\)/);
  await page.locator('[data-field="stages.0.iterations.min"]').fill('5');
  // A chance of stopping after each turn.
  await page.locator('[data-control="vary-form"]').selectOption('stop');
  await page.locator('[data-field="stages.0.iterations.stop_probability"]').fill('10');
  await page.waitForTimeout(100);
  let s = await pageScenario(page);
  assert.deepEqual(s.stages[0].iterations, { stop_probability: 0.1, max: 40 });
  close(await metric(page, 'cost_per_run'), evaluateScenario(s).cost_usd);
  // Unticked: one count again (here the median run; from "usually", the usual count).
  const median = evaluateScenario(s).stages[0].varies.median_iterations;
  await page.locator('[data-control="varies"]').first().uncheck();
  await page.waitForTimeout(100);
  s = await pageScenario(page);
  assert.equal(s.stages[0].iterations, median);
  assert.equal(await page.locator('[data-status="range"]').count(), 0);
});

test('a maximum typed far too large is named at its field; the page keeps answering', async () => {
  const page = await open();
  await vary(page);
  const before = await metric(page, 'cost_per_run');
  // Each keystroke of 4,000,000,000 is a maximum; the last ones used to take the page down
  // (every count up to it listed: "RuntimeError: unreachable").
  await page.locator('[data-field="stages.0.iterations.max"]').fill('');
  await page.locator('[data-field="stages.0.iterations.max"]').pressSequentially('4000000000');
  await page.waitForTimeout(200);
  assert.match(await page.locator('#f-stages-0-iterations-max-msg').textContent(), /must be between 1 and 10,000 turns \(got 4,000,000,000\)/);
  assert.equal(await page.locator('#panic-banner').count(), 0, 'no crash');
  // The last valid results stay (those of the keystroke 4,000), marked stale.
  await page.locator('.stale-note').waitFor();
  await page.locator('[data-field="stages.0.iterations.max"]').fill('40');
  await page.waitForTimeout(100);
  assert.equal(await metric(page, 'cost_per_run'), before);
  assert.deepEqual(page.errors, []);
});

test('the range travels in a share link and shows in the widget', async () => {
  const page = await open();
  await vary(page);
  const p90 = await metric(page, 'p90_usd');
  const s = await pageScenario(page);
  // A fresh browser opening the address sees the same range.
  const other = await newPage(browser);
  await other.goto(page.url());
  close(await metric(other, 'p90_usd'), p90);
  // The widget, from the CLI's embed link.
  const file = (await import('node:os')).tmpdir() + '/loopcost-range.json';
  (await import('node:fs')).writeFileSync(file, JSON.stringify(s));
  const link = cli('link', file, '--base', server.url + '/', '--embed').match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  const widget = await newPage(browser);
  await widget.goto(link);
  close(await metric(widget, 'p90_usd'), p90);
  assert.match(await widget.locator('[data-status="range"]').textContent(), /p10 – p90/);
});
