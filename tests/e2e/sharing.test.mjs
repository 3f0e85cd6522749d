// Share links, saved scenarios and exports, on the built site in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, newPage, metric, evaluateFile, cli, close, DIST, ROOT } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(DIST); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const METRICS = ['cost_per_run', 'daily_usd', 'monthly_usd', 'naive_cost_per_run', 'prompt_tokens_per_run',
  'input_tokens_per_run', 'cache_write_tokens_per_run', 'cache_read_tokens_per_run', 'output_tokens_per_run'];

async function type(page, field, text) {
  const input = page.locator(`[data-field="${field}"]`).first();
  await input.click();
  await input.press('Control+A');
  await input.pressSequentially(text);
  await page.waitForTimeout(50);
}

async function open(url = server.url + '/', opts = {}) {
  const page = await newPage(browser, opts);
  await page.goto(url);
  await metric(page, 'cost_per_run');
  return page;
}

const b64 = {
  decode: (s) => Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'),
  encode: (s) => Buffer.from(s, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
};

/** A link whose payload `edit` changed. */
function tamper(url, edit, params = {}) {
  const [base, frag] = url.split('#');
  const p = new URLSearchParams(frag);
  const payload = JSON.parse(b64.decode(p.get('s')));
  edit(payload);
  const parts = [`v=${params.v ?? p.get('v')}`, `c=${params.c ?? p.get('c')}`, `s=${b64.encode(JSON.stringify(payload))}`];
  return `${base}#${parts.join('&')}`;
}

function tmpFile(name, text) {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loopcost-')), name);
  fs.writeFileSync(f, text);
  return f;
}

test('every edit updates the address without history entries or scroll jumps; a fresh browser reproduces every number', async () => {
  const page = await open();
  const historyBefore = await page.evaluate(() => history.length);
  await page.evaluate(() => window.scrollTo(0, 600));
  // Edit without the test runner scrolling to the fields: as typed, one event per edit.
  await page.evaluate(() => {
    const set = (field, value, type) => {
      const el = document.querySelector(`[data-field="${field}"]`);
      el.value = value;
      el.dispatchEvent(new Event(type, { bubbles: true }));
    };
    set('stages.0.iterations', '13', 'input');
    set('stages.0.system_tokens', '4500', 'input');
    set('stages.0.cache.mode', 'system', 'change');
  });
  // The address is written once typing pauses (200 ms).
  await page.waitForTimeout(400);
  const url = page.url();
  assert.match(url, /#v=2&c=\d{4}-\d\d-\d\d&s=[A-Za-z0-9_-]+$/);
  assert.equal(await page.evaluate(() => history.length), historyBefore, 'no history spam');
  // The browser may nudge the position to keep what is on screen in place as tables grow
  // (scroll anchoring); a jump would be to the top or to an anchor.
  const scrolled = await page.evaluate(() => window.scrollY);
  assert.ok(Math.abs(scrolled - 600) < 40, `no scroll jump (scrollY ${scrolled})`);
  const shown = {};
  for (const m of METRICS) shown[m] = await metric(page, m);

  // A new browser, with no storage: the address alone.
  const other = await launch();
  try {
    const fresh = await newPage(other);
    await fresh.goto(url);
    for (const m of METRICS) assert.equal(await metric(fresh, m), shown[m], m);
    assert.equal(await fresh.locator('[data-field="stages.0.iterations"]').inputValue(), '13');
    assert.equal(await fresh.locator('[data-field="stages.0.cache.mode"]').inputValue(), 'system');
    assert.deepEqual(fresh.errors, []);
  } finally {
    await other.close();
  }
  // And it is the CLI's link format: `loopcost link --decode` reads the same scenario.
  const decoded = JSON.parse(cli('link', '--decode', url));
  assert.equal(decoded.stages[0].iterations, 13);
  assert.equal(decoded.stages[0].system_tokens, 4500);
});

test('a link made by the CLI opens with the engine\'s numbers', async () => {
  const url = cli('link', 'scenarios/campaign-workflow.json', '--base', server.url + '/').trim();
  const page = await open(url);
  const e = evaluateFile('scenarios/campaign-workflow.json');
  close(await metric(page, 'cost_per_run'), e.cost_usd);
  close(await metric(page, 'monthly_usd'), e.monthly_usd);
  assert.equal(await page.locator('details.stage-result').count(), 6);
});

test('bad links: an alert says what is wrong, the default scenario shows, nothing breaks', async () => {
  const good = cli('link', 'scenarios/research-agent.json', '--base', server.url + '/').trim();
  const defaultCost = evaluateFile('scenarios/default.json').cost_usd;
  const cases = [
    ['truncated', good.slice(0, good.length - 60), /cut short|damaged/],
    ['garbage', server.url + '/#v=1&c=2026-11-22&s=!!!not-base64!!!', /damaged/],
    ['not JSON', server.url + '/#v=1&c=2026-11-22&s=' + b64.encode('hello there'), /damaged/],
    ['unknown version', server.url + '/#v=7&c=2031-01-01&s=abc', /newer loopcost/],
    ['oversized', server.url + '/#v=1&s=' + 'A'.repeat(150000), /too long/],
    ['invalid scenario', tamper(good, (p) => { p.scenario.stages[0].iterations = 0; }), /not valid.*iterations/],
  ];
  for (const [name, url, expected] of cases) {
    const page = await newPage(browser);
    await page.goto(url);
    await metric(page, 'cost_per_run');
    const alert = page.getByRole('alert').first();
    assert.match(await alert.textContent(), expected, name);
    close(await metric(page, 'cost_per_run'), defaultCost);
    assert.deepEqual(page.errors, [], name);
    await page.context().close();
  }
});

test('text from a link is shown as text, never as markup', async () => {
  const good = cli('link', 'scenarios/research-agent.json', '--base', server.url + '/').trim();
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const url = tamper(good, (p) => { p.scenario.name = hostile; p.scenario.stages[0].name = hostile; });
  const page = await open(url);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; d.dismiss(); });
  await page.waitForTimeout(200);
  assert.equal(await page.locator('[data-field="name"]').inputValue(), hostile);
  assert.ok((await page.locator('.stage-name').first().textContent()).includes('<img'), 'rendered as text');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.equal(dialogs, 0);
});

test('a link made with older prices says so and shows the cost at both', async () => {
  const good = cli('link', 'scenarios/research-agent.json', '--base', server.url + '/').trim();
  // Made when Sonnet cost twice as much on every class.
  const old = tamper(good, (p) => {
    // Pinned rows: [id, provider, min, window, [input, output, write 5m, write 1h, read], batch, …].
    for (const set of p.pinned[0].slice(4)) for (const k of [0, 1, 2, 3, 4]) if (set && set[k] != null) set[k] *= 2;
  }, { c: '2026-01-01' });
  const page = await open(old);
  const notice = page.locator('[data-notice="prices-changed"]');
  assert.match(await notice.textContent(), /2026-01-01/);
  // Today's prices (the engine's figure), and twice that at the shared prices.
  const today = evaluateFile('scenarios/research-agent.json').cost_usd;
  close(await metric(page, 'cost_per_run'), today);
  close(await metric(page, 'shared_cost_per_run'), 2 * today);
  // Keeping the shared prices pins them into the scenario.
  await notice.getByRole('button', { name: 'Keep the shared prices' }).click();
  await page.waitForTimeout(50);
  close(await metric(page, 'cost_per_run'), 2 * today);
});

test('saved scenarios: save, reload, rename, duplicate, delete', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('dialog', (d) => d.type() === 'prompt' ? d.accept('Renamed agent') : d.accept());
  await page.goto(server.url + '/');
  await metric(page, 'cost_per_run');
  await type(page, 'stages.0.iterations', '7');
  await page.locator('[data-control="library"] > summary').click();
  await page.locator('[data-control="save-name"]').fill('My agent');
  await page.locator('[data-action="save"]').click();
  assert.equal(await page.locator('[data-saved]').count(), 1);
  // The scenario being edited survives a reload (from storage, with no link).
  await type(page, 'stages.0.iterations', '9');
  await page.goto(server.url + '/');
  await metric(page, 'cost_per_run');
  assert.equal(await page.locator('[data-field="stages.0.iterations"]').inputValue(), '9');
  await page.locator('[data-control="library"] > summary').click();
  assert.equal(await page.locator('[data-saved] .saved-name').textContent(), 'My agent');
  await page.locator('[data-saved] [data-action="rename"]').click();
  assert.equal(await page.locator('[data-saved] .saved-name').textContent(), 'Renamed agent');
  await page.locator('[data-saved] [data-action="duplicate"]').click();
  assert.equal(await page.locator('[data-saved]').count(), 2);
  await page.locator('[data-saved] [data-action="open"]').first().click();
  await page.waitForTimeout(50);
  assert.equal(await page.locator('[data-field="stages.0.iterations"]').inputValue(), '7');
  await page.locator('[data-saved] [data-action="delete"]').first().click();
  assert.equal(await page.locator('[data-saved]').count(), 1);
  await context.close();
});

test('corrupt storage is reported and the other saved scenarios survive', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem('loopcost.current', '{"stages": [{"iterations": ');
    localStorage.setItem('loopcost.saved.aaa', '{"name": "Good one", "saved_at": 1, "scenario": {"version": 1}}');
    localStorage.setItem('loopcost.saved.bbb', 'not json at all');
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url + '/');
  await metric(page, 'cost_per_run');
  const alerts = await page.getByRole('alert').allTextContents();
  assert.ok(alerts.some((a) => /could not be read back/.test(a)), alerts.join(' | '));
  assert.ok(alerts.some((a) => /saved scenario could not be read/.test(a)), alerts.join(' | '));
  close(await metric(page, 'cost_per_run'), evaluateFile('scenarios/default.json').cost_usd);
  await page.locator('[data-control="library"] > summary').click();
  assert.deepEqual(await page.locator('[data-saved] .saved-name').allTextContents(), ['Good one']);
  // Nothing was deleted: the damaged entries are kept aside.
  const kept = await page.evaluate(() => [localStorage.getItem('loopcost.damaged.bbb'), localStorage.getItem('loopcost.damaged.current')]);
  assert.deepEqual(kept, ['not json at all', '{"stages": [{"iterations": ']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('export and import scenario files, CSV, Markdown and the link to the clipboard', async () => {
  const context = await browser.newContext({ acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(server.url + '/');
  await metric(page, 'cost_per_run');
  await page.locator('[data-control="preset"]').selectOption('lookup-agent');
  await page.waitForTimeout(50);
  const download = async (control) => {
    await page.locator('.share-bar .menu > summary').click();
    const [d] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-control="${control}"]`).click()]);
    return { name: d.suggestedFilename(), text: fs.readFileSync(await d.path(), 'utf8') };
  };
  const json = await download('export-json');
  assert.equal(json.name, 'tool-recursion-lookup-agent.json');
  // The CLI reads what the app exports: the same figures as the preset file.
  const e = JSON.parse(cli('eval', tmpFile('s.json', json.text)));
  const lookup = evaluateFile('scenarios/lookup-agent.json');
  close(e.cost_usd, lookup.cost_usd);
  const csv = await download('export-turns-csv');
  assert.equal(csv.text.trim().split('\n').length, 1 + 4);
  const levers = await download('export-levers-csv');
  assert.match(levers.text, /^lever,label,/);
  await page.locator('.share-bar .menu > summary').click();
  await page.locator('[data-control="copy-markdown"]').click();
  await page.waitForTimeout(100);
  const md = await page.evaluate(() => navigator.clipboard.readText());
  const cell = md.match(/\| Cost per run \| \$([\d.,]+) \|/);
  assert.ok(cell, md);
  close(Number(cell[1].replace(/,/g, '')), lookup.cost_usd, 5e-4); // shown to four significant digits
  await page.locator('[data-control="copy-link"]').click();
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());

  // Import: a scenario file becomes the scenario.
  await page.locator('[data-control="library"] > summary').click();
  await page.locator('[data-control="import"]').setInputFiles(path.join(ROOT, 'scenarios/research-agent.json'));
  await page.waitForTimeout(200);
  const research = evaluateFile('scenarios/research-agent.json').cost_usd;
  close(await metric(page, 'cost_per_run'), research);
  await page.locator('[data-control="import"]').setInputFiles(tmpFile('broken.json', '{"stages": ['));
  await page.waitForTimeout(200);
  assert.match(await page.getByRole('alert').first().textContent(), /broken\.json is not a scenario file/);
  close(await metric(page, 'cost_per_run'), research, 1e-9);
  // Saved by Windows PowerShell 5 (UTF-16 with its byte order mark): read like UTF-8.
  const utf16 = Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from(fs.readFileSync(path.join(ROOT, 'scenarios/lookup-agent.json'), 'utf8'), 'utf16le'),
  ]);
  await page.locator('[data-control="import"]').setInputFiles({ name: 'lookup.json', mimeType: 'application/json', buffer: utf16 });
  await page.waitForTimeout(200);
  close(await metric(page, 'cost_per_run'), lookup.cost_usd);
  // Bytes that are no text: said so, and the scenario stays.
  const bytes = Buffer.from([0x7b, 0xff, 0xd8, 0x7d]);
  await page.locator('[data-control="import"]').setInputFiles({ name: 'photo.json', mimeType: 'application/json', buffer: bytes });
  await page.waitForTimeout(200);
  assert.match(await page.getByRole('alert').first().textContent(), /photo\.json is not a scenario file: not text in UTF-8/);
  close(await metric(page, 'cost_per_run'), lookup.cost_usd);
  await context.close();
});

test('a crash shows a banner and leaves the page in place', async () => {
  const page = await open();
  const before = await metric(page, 'cost_per_run');
  // A panic inside the wasm, not a missing function: the test build exports the trigger.
  assert.equal(await page.evaluate(() => typeof window.wasmBindings?.loopcost_crash_test), 'function');
  await page.evaluate(() => setTimeout(() => window.wasmBindings.loopcost_crash_test(), 0));
  await page.locator('#panic-banner').waitFor();
  assert.match(await page.locator('#panic-banner').textContent(), /Reload the page to continue/);
  assert.equal(await page.locator('#panic-banner').getAttribute('role'), 'alert');
  assert.equal(await metric(page, 'cost_per_run'), before, 'the numbers stay on screen');
  assert.match(page.url(), /#v=2/, 'the scenario is still in the address');
});
