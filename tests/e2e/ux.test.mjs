// The page as a user meets it (issue 15): the cost stays in view while editing, at a phone's
// width and a laptop's, in light and dark; each edit says what it changed; the figures are
// announced to a screen reader once the typing stops.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, metric, DIST } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(DIST); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function open(opts = {}) {
  const page = await newPage(browser, opts);
  await page.goto(server.url + '/');
  await metric(page, 'cost_per_run');
  return page;
}

/** Whether the element is wholly inside the viewport. */
async function inView(page, selector) {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
  });
}

for (const [width, height] of [[375, 812], [1280, 800]]) {
  for (const colorScheme of ['light', 'dark']) {
    test(`${width} px, ${colorScheme}: editing the router, the cost is in view and follows the edit`, async () => {
      const page = await open({ width, height, colorScheme });
      // The last card of the editor: the router, opened and switched on, its field edited.
      await page.locator('details[aria-label="Router"] > summary').click();
      await page.locator('[data-control="router-toggle"]').check();
      const field = page.locator('[data-field="router.input_tokens"]');
      await field.scrollIntoViewIfNeeded();
      await field.fill('4000');
      await page.waitForTimeout(150);
      assert.ok(await inView(page, '[data-field="router.input_tokens"]'), 'the field being edited is on screen');
      assert.ok(await inView(page, '[data-costline="run"]'), 'the cost line is on screen');
      const run = await metric(page, 'cost_per_run');
      const shown = await page.locator('[data-costline="run"]').textContent();
      assert.equal(shown, await page.locator('[data-metric="cost_per_run"]').textContent(), 'the same figure as the headline');
      assert.ok(run > 0);
      assert.match(await page.locator('[data-costline="change"]').textContent(), /^Last edit: ▲ \$/);
      if (width >= 1000) assert.ok(await inView(page, '[data-metric="cost_per_run"]'), 'the headline stays in view on a wide screen');
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }
}

test('each edit says what it changed: up, down, or nothing', async () => {
  const page = await open();
  const field = page.locator('[data-field="stages.0.system_tokens"]');
  const before = await metric(page, 'monthly_usd');
  const was = Number(await field.inputValue());
  await field.fill(String(was * 2));
  await page.waitForTimeout(100);
  assert.ok((await metric(page, 'monthly_usd')) > before);
  assert.match(await page.locator('[data-costline="change"]').textContent(), /^Last edit: ▲ \$[\d.,]+ a run, \$[\d.,]+ a month \(\+[\d.]+%\)$/);
  await field.fill(String(was));
  await page.waitForTimeout(100);
  close2(await metric(page, 'monthly_usd'), before);
  assert.match(await page.locator('[data-costline="change"]').textContent(), /^Last edit: ▼ \$/);
  await page.locator('[data-field="name"]').fill('Renamed');
  await page.waitForTimeout(100);
  assert.equal(await page.locator('[data-costline="change"]').textContent(), 'Last edit: no change in cost');
  // A field that cannot be computed: the cost line says its figures are the last good ones.
  await field.fill('-3');
  await page.waitForTimeout(100);
  assert.match(await page.locator('[data-costline="change"]').textContent(), /needs fixing/);
  await page.context().close();
});

function close2(a, b) { assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${a} vs ${b}`); }

test('a polite live region announces the cost once the typing stops', async () => {
  const page = await open();
  const live = page.locator('[role="status"][aria-live="polite"][data-costline="announce"]');
  assert.equal(await live.count(), 1);
  await page.locator('[data-field="stages.0.system_tokens"]').fill('9000');
  // Not on every keystroke: a moment after the last one.
  await page.waitForTimeout(1300);
  const run = await page.locator('[data-metric="cost_per_run"]').textContent();
  const month = await page.locator('[data-metric="monthly_usd"]').textContent();
  assert.equal(await live.textContent(), `${run} per run, ${month} per month`);
  await page.context().close();
});
