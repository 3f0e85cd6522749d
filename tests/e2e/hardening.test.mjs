// Bad input is normal input: for each kind of bad input a person can bring (a cut link, garbage,
// a link from a newer version, an oversized link, hostile text, a broken import, corrupt or full
// storage, absurd numbers, a scenario too big to compute), the page says what is wrong, keeps
// working, and the person's other work (the scenario being edited, saved scenarios) is intact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, newPage, metric, evaluateFile, cli, close, DIST, ROOT } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(DIST); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const b64 = (text) => Buffer.from(text).toString('base64url');

/** A context whose storage already holds a saved scenario and an edited (unsaved) draft. */
async function withWork() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('dialog', (d) => d.accept());
  await page.goto(server.url + '/');
  await metric(page, 'cost_per_run');
  await page.locator('[data-control="library"] > summary').click();
  await page.locator('[data-control="save-name"]').fill('Saved before');
  await page.locator('[data-action="save"]').click();
  await page.locator('[data-control="library"] > summary').click();
  // Then edit on, without saving: the draft differs from every saved scenario.
  const input = page.locator('[data-field="stages.0.iterations"]');
  await input.fill('13');
  await page.waitForTimeout(400); // stored once typing pauses
  return { context, page };
}

async function savedNames(page) {
  await page.locator('[data-control="library"] > summary').click();
  const names = await page.locator('[data-saved] .saved-name').allTextContents();
  await page.locator('[data-control="library"] > summary').click();
  return names;
}

test('a bad link leaves the scenario being edited as it was, and says why', async () => {
  const good = cli('link', 'scenarios/research-agent.json', '--base', server.url + '/').trim();
  const cases = [
    ['cut', good.slice(0, good.length - 60), /cut short|damaged/],
    ['garbage', server.url + '/#v=2&c=2026-11-23&s=%%%not-base64%%%', /damaged/],
    ['newer version', server.url + '/#v=9&c=2031-01-01&s=abc', /newer loopcost/],
    ['oversized', server.url + '/#v=2&s=' + 'A'.repeat(150000), /too long/],
  ];
  for (const [name, url, expected] of cases) {
    const { context, page } = await withWork();
    const before = await metric(page, 'cost_per_run');
    await page.goto(url);
    await metric(page, 'cost_per_run');
    assert.match(await page.getByRole('alert').first().textContent(), expected, name);
    assert.match(await page.getByRole('alert').first().textContent(), /Your scenario is unchanged/, name);
    assert.equal(await page.locator('[data-field="stages.0.iterations"]').inputValue(), '13', `${name}: the draft is intact`);
    close(await metric(page, 'cost_per_run'), before);
    assert.deepEqual(await savedNames(page), ['Saved before'], `${name}: saved work intact`);
    assert.deepEqual(page.errors, [], name);
    await context.close();
  }
});

test('a link opened over unsaved work keeps that work in My scenarios', async () => {
  const { context, page } = await withWork();
  const url = cli('link', 'scenarios/lookup-agent.json', '--base', server.url + '/').trim();
  await page.goto(url);
  close(await metric(page, 'cost_per_run'), evaluateFile('scenarios/lookup-agent.json').cost_usd);
  assert.match(await page.getByRole('status').filter({ hasText: 'kept in My scenarios' }).first().textContent(), /kept when a link was opened/);
  const names = await savedNames(page);
  assert.equal(names.length, 2);
  assert.ok(names.includes('Saved before') && names.some((n) => /kept when a link was opened/.test(n)), String(names));
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a link pasted into an open tab opens it', async () => {
  const { context, page } = await withWork();
  const url = cli('link', 'scenarios/support-bot.json', '--base', server.url + '/').trim();
  // Only the fragment changes: no reload.
  await page.evaluate((u) => { location.hash = u.split('#')[1]; }, url);
  await page.waitForTimeout(300);
  close(await metric(page, 'cost_per_run'), evaluateFile('scenarios/support-bot.json').cost_usd);
  assert.ok((await savedNames(page)).some((n) => /kept when a link was opened/.test(n)));
  // The next edit is of the pasted scenario, not the old one.
  await page.locator('[data-field="stages.0.output_tokens"]').fill('400');
  await page.waitForTimeout(400);
  const s = JSON.parse(cli('link', '--decode', page.url()));
  assert.equal(s.name, JSON.parse(fs.readFileSync(path.join(ROOT, 'scenarios/support-bot.json'), 'utf8')).name);
  assert.equal(s.stages[0].output_tokens, 400);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('an import whose mix entries are not objects never crashes; its problems show, with a way out', async () => {
  const { context, page } = await withWork();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loopcost-')), 'odd.json');
  fs.writeFileSync(file, JSON.stringify({ stages: [{ mix: ['claude-haiku-4-5', 7] }] }));
  await page.locator('[data-control="library"] > summary').click();
  await page.locator('[data-control="import"]').setInputFiles(file);
  await page.waitForTimeout(200);
  // The editor's buttons work on it (they used to panic on such entries).
  await page.getByRole('button', { name: '+ Add a model to the mix' }).first().click();
  await page.locator('[data-field="stages.0.mix.2.share"]').fill('50');
  await page.waitForTimeout(400);
  const note = page.locator('.stale-note');
  assert.match(await note.textContent(), /Stage 1 › Model 1: must be an object/);
  assert.equal(await page.locator('#panic-banner').count(), 0, 'no crash');
  // A fresh visit (no link) brings the stored draft back, still without a crash: nothing to
  // compute, its problems, and the way out.
  await page.goto(server.url + '/?fresh');
  await page.locator('.stale-note').waitFor();
  assert.equal(await page.locator('#panic-banner').count(), 0);
  assert.match(await page.locator('.stale-note').textContent(), /Nothing can be computed yet/);
  await page.locator('[data-action="start-over"]').click();
  close(await metric(page, 'cost_per_run'), evaluateFile('scenarios/default.json').cost_usd);
  const names = await savedNames(page);
  assert.ok(names.includes('Saved before') && names.some((n) => /set aside/.test(n)), String(names));
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('after a crash, reloading opens the last valid scenario from the address and keeps the draft', async () => {
  const { context, page } = await withWork();
  const address = page.url();
  await page.evaluate(() => localStorage.setItem('loopcost.current', JSON.stringify({ name: 'Half done', stages: 'oops' })));
  await page.goto(address.replace('#', '?again#'));
  await metric(page, 'cost_per_run');
  assert.equal(await page.locator('[data-field="stages.0.iterations"]').inputValue(), '13', 'the address\'s scenario');
  assert.ok((await savedNames(page)).some((n) => /Half done \(kept when a link was opened\)/.test(n)));
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('full storage: nothing is lost, and the page says so', async () => {
  const { context, page } = await withWork();
  await page.evaluate(() => {
    localStorage.setItem('loopcost.saved.zzz', '{broken');
    Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
  });
  // Reading the library finds the damaged entry but cannot set it aside: it stays where it is.
  await page.locator('[data-control="library"] > summary').click();
  await page.waitForTimeout(100);
  assert.match(await page.getByRole('alert').filter({ hasText: 'could not be set aside' }).first().textContent(), /left where it is/);
  assert.equal(await page.evaluate(() => localStorage.getItem('loopcost.saved.zzz')), '{broken');
  // Editing still works; keeping the draft fails loudly instead of silently.
  await page.locator('[data-field="stages.0.iterations"]').fill('14');
  await page.waitForTimeout(400);
  assert.match(await page.getByRole('alert').filter({ hasText: 'could not be kept' }).first().textContent(), /full|switched off/);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('loopcost.saved.')).length), 2);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('absurd numbers are refused at their field; a scenario too big to compute says so and the page stays responsive', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/');
  await metric(page, 'cost_per_run');
  const input = page.locator('[data-field="stages.0.iterations"]');
  for (const absurd of ['1e12', '-5', 'NaN', '99999999999999999999']) {
    await input.fill(absurd);
    await page.waitForTimeout(50);
    assert.ok(await page.locator('#f-stages-0-iterations-msg').count() === 1, absurd);
  }
  // 50 stages × 10,000 turns × 5 models, as a link: far past what the page computes per keystroke.
  const scenario = { stages: Array.from({ length: 50 }, () => ({ iterations: 10000, system_tokens: 100,
    mix: ['claude-haiku-4-5', 'claude-sonnet-4-6', 'claude-opus-4-7', 'gpt-6-sol', 'gemini-3.8-flash'].map((model) => ({ model, share: 0.2 })) })) };
  const link = server.url + '/#v=2&c=x&s=' + b64(JSON.stringify({ scenario, pinned: [] }));
  const t0 = Date.now();
  await page.goto(link);
  await page.locator('[data-notice="too-big"]').waitFor();
  assert.ok(Date.now() - t0 < 10000, 'the page did not freeze');
  assert.match(await page.locator('[data-notice="too-big"]').textContent(), /models 2,500,000 requests per run.*loopcost eval/);
  // Still editable: bring it back within the limits and the figures come back.
  await page.goto(server.url + '/');
  await metric(page, 'cost_per_run');
  assert.deepEqual(page.errors, []);
});
