// Import usage (issue 11): a real log, chosen, dropped or pasted, is priced in the page beside the
// log's own cost figure, the fitted scenario is shown against it and can be used; a log that
// cannot be read says why and changes nothing; log text is only ever shown as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, newPage, metric, close, cli, pageScenario, evaluateScenario, DIST, ROOT } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(DIST); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const FIX = path.join(ROOT, 'tests/fixtures/usage');
const SESSION = path.join(FIX, 'claude-code/projects/-home-dev-shop/7f3c2a10-1111-4c2e-9d0a-000000000001.jsonl');
const SUBAGENT = path.join(FIX, 'claude-code/projects/-home-dev-shop/7f3c2a10-1111-4c2e-9d0a-000000000001/subagents/agent-a91f.jsonl');

/** The page, with "Import usage" opened and its module loaded. */
async function openImport(page) {
  await page.goto(server.url + '/');
  await metric(page, 'cost_per_run');
  await page.locator('details.import > summary').click();
  await page.locator('[data-control="usage-drop"]').waitFor();
}

/** Whatever happened to Import usage, an edit still changes the cost. */
async function calculatorAnswers(page) {
  const before = await metric(page, 'cost_per_run');
  await page.locator('[data-field="stages.0.iterations"]').fill('17');
  await page.waitForTimeout(100);
  assert.notEqual(await metric(page, 'cost_per_run'), before, 'the calculator still answers');
}

/** The sum of Claude Code's own costUSD over the requests of a transcript (each request once:
 * its lines share message.id and requestId). Read from the file, not from loopcost. */
function ownCost(...files) {
  const seen = new Map();
  for (const f of files) {
    for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const v = JSON.parse(line);
      if (v.costUSD === undefined || v.message?.model === '<synthetic>') continue;
      const key = `${v.message?.id}|${v.requestId}`;
      // A sidechain's replay of the parent's message is the parent's request.
      if ([...seen.keys()].some((k) => k.startsWith(`${v.message?.id}|`)) && !seen.has(key)) continue;
      seen.set(key, Math.max(seen.get(key) ?? 0, v.costUSD));
    }
  }
  return [...seen.values()].reduce((a, b) => a + b, 0);
}

test('a Claude Code session is priced to its own costUSD, and its fitted scenario can be used', async () => {
  const page = await newPage(browser);
  await openImport(page);
  await page.locator('[data-control="usage-file"]').setInputFiles([SESSION, SUBAGENT]);
  await page.locator('[data-status="done"]').waitFor();
  const actual = await metric(page, 'usage_actual_per_run');
  close(actual, ownCost(SESSION, SUBAGENT), 1e-6);
  assert.match(await page.locator('[data-status="own-figure"]').textContent(), /the same/);
  // Per model: the main agent's model and the subagent's.
  const models = await page.locator('[data-table="usage-models"] tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.model));
  assert.deepEqual(models.sort(), ['claude-haiku-4-5', 'claude-sonnet-4-5']);
  // The fit lands within 10 % of the actual, and its chart is drawn.
  const fitted = await metric(page, 'usage_fit_per_run');
  assert.ok(Math.abs(fitted / actual - 1) < 0.1, `fit ${fitted} vs actual ${actual}`);
  assert.ok(await page.locator('details.import svg circle.observed').count() >= 4);
  assert.equal(await page.locator('details.import svg polyline.fitted').count(), 1);
  // "Use this scenario": the editor holds the fitted scenario and the headline is its cost.
  await page.locator('[data-action="use-fitted"]').click();
  await page.waitForTimeout(100);
  const scenario = await pageScenario(page);
  assert.deepEqual(scenario.stages.map((s) => s.name), ['agent', 'subagent']);
  close(await metric(page, 'cost_per_run'), evaluateScenario(scenario).cost_usd, 1e-9);
  close(await metric(page, 'cost_per_run'), fitted, 1e-9);
  assert.deepEqual(page.errors, []);
});

test('the log reader is downloaded only when Import usage is first opened', async () => {
  const page = await newPage(browser);
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(server.url + '/');
  await metric(page, 'cost_per_run');
  await page.waitForTimeout(300);
  assert.deepEqual(requested.filter((p) => /usage/.test(p)), [], 'nothing of it before the panel is opened');
  await page.locator('details.import > summary').click();
  await page.locator('[data-control="usage-drop"]').waitFor();
  // The loader index.html names, and the module it names: each named after their content.
  const loader = await page.locator('meta[name="loopcost-usage-loader"]').getAttribute('content');
  const h = loader.match(/^usage-loader-([0-9a-f]{16})\.js$/)[1];
  assert.deepEqual(requested.filter((p) => /usage/.test(p)).sort(), [`/loopcost-usage-${h}.js`, `/loopcost-usage-${h}_bg.wasm`, `/${loader}`]);
  assert.equal(await page.locator('[data-status="usage-loading"]').count(), 0, 'the loading line is gone');
  // Closed and opened again: the same panel, not loaded twice.
  await page.locator('details.import > summary').click();
  await page.locator('details.import > summary').click();
  assert.equal(await page.locator('[data-control="usage-drop"]').count(), 1);
  assert.equal(requested.filter((p) => /usage/.test(p)).length, 3);
  assert.deepEqual(page.errors, []);
});

test('a log reader that cannot be downloaded is said in the panel, and the rest of the page works on', async () => {
  const page = await newPage(browser);
  await page.route(/loopcost-usage-[0-9a-f]+_bg\.wasm$/, (route) => route.abort());
  await page.goto(server.url + '/');
  await metric(page, 'cost_per_run');
  await page.locator('details.import > summary').click();
  const message = page.locator('[data-status="usage-unavailable"]');
  await message.waitFor();
  assert.match(await message.textContent(), /The log reader could not be loaded \(.+\)\. Reload the page to try again/);
  assert.equal(await page.locator('#panic-banner').count(), 0);
  await calculatorAnswers(page);
});

test('a crash inside Import usage says so and leaves the calculator working', async () => {
  const page = await newPage(browser);
  await openImport(page);
  // The test build's trigger: a panic inside the usage module.
  await page.locator('[data-control="usage-paste"]').fill('loopcost: crash test');
  await page.locator('[data-action="usage-read"]').click();
  await page.locator('#panic-banner').waitFor();
  assert.match(await page.locator('#panic-banner').textContent(), /^Import usage stopped working\. .*your scenario and its results are unaffected/);
  await calculatorAnswers(page);
});

test('your own scenario is kept in My scenarios when a fitted one replaces it', async () => {
  const page = await newPage(browser);
  await openImport(page);
  await page.locator('[data-field="stages.0.iterations"]').fill('17');
  await page.waitForTimeout(100);
  await page.locator('[data-control="usage-file"]').setInputFiles([path.join(FIX, 'atif-openrouter.json')]);
  await page.locator('[data-status="done"]').waitFor();
  await page.locator('[data-action="use-fitted"]').click();
  await page.locator('[role="status"], [role="alert"]').filter({ hasText: 'kept in My scenarios' }).first().waitFor();
  await page.locator('[data-control="library"] > summary').click();
  const names = await page.locator('[data-saved] .saved-name').allTextContents();
  assert.equal(names.length, 1, `${names}`);
});

test('a file dropped on the page is read like a chosen one', async () => {
  const page = await newPage(browser);
  await openImport(page);
  const text = fs.readFileSync(path.join(FIX, 'openrouter-trajectory.json'), 'utf8');
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'trajectory.json', { type: 'application/json' }));
    document.querySelector('[data-control="usage-drop"]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, text);
  await page.locator('[data-status="done"]').waitFor();
  // OpenRouter's own usage.cost, summed from the file.
  const own = JSON.parse(text).steps.reduce((a, s) => a + s.usage.cost, 0);
  close(await metric(page, 'usage_actual_per_run'), own, 1e-6);
});

test('pasted text that is no log says what was looked for; a damaged line is named; nothing else changes', async () => {
  const page = await newPage(browser);
  await openImport(page);
  const before = await metric(page, 'cost_per_run');
  await page.locator('[data-control="usage-paste"]').fill('hello\nworld');
  await page.locator('[data-action="usage-read"]').click();
  const failed = page.locator('[data-status="failed"]');
  await failed.waitFor();
  assert.match(await failed.textContent(), /no request found in pasted text: looked for .*Claude Code/);
  assert.equal(await metric(page, 'cost_per_run'), before);

  // Hostile text in a log (a model id, a damaged line) stays text.
  const lines = [
    JSON.stringify({ id: 'm1', type: 'message', model: '<img src=x onerror="window.__pwned=1">', usage: { input_tokens: 10, output_tokens: 5 } }),
    '{"type": "assistant", "message": {"usage": <script>',
    JSON.stringify({ id: 'm2', type: 'message', model: 'claude-haiku-4-5', usage: { input_tokens: 1000, output_tokens: 50 } }),
  ];
  await page.locator('[data-control="usage-paste"]').fill(lines.join('\n'));
  await page.locator('[data-action="usage-read"]').click();
  await page.locator('[data-status="done"]').waitFor();
  await page.locator('details.problems > summary').click();
  assert.match(await page.locator('[data-list="usage-problems"]').textContent(), /pasted text:2: not valid JSON/);
  assert.match(await page.locator('[data-table="usage-models"]').textContent(), /<img src=x onerror=/);
  assert.match(await page.locator('[data-table="usage-models"]').textContent(), /not in the catalog/);
  assert.equal(await page.locator('details.import img').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await metric(page, 'cost_per_run'), before);
  assert.deepEqual(page.errors, []);
});

test('a log saved by Windows tools (UTF-16 either way round, or UTF-8 with a byte order mark) is priced like the original', async () => {
  const page = await newPage(browser);
  await openImport(page);
  const text = fs.readFileSync(SESSION, 'utf8');
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const be = Buffer.from(le);
  be.swap16();
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
  const expected = ownCost(SESSION);
  for (const [name, buffer] of [['le.jsonl', le], ['be.jsonl', be], ['bom.jsonl', bom]]) {
    await page.locator('[data-control="usage-file"]').setInputFiles({ name, mimeType: 'application/x-ndjson', buffer });
    await page.locator(`[data-status="done"]:has-text("${name}")`).waitFor();
    close(await metric(page, 'usage_actual_per_run'), expected, 1e-6);
  }
  // A byte order mark before bytes that are no UTF-16: said so, nothing priced.
  await page.locator('[data-control="usage-file"]').setInputFiles({ name: 'broken.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]) });
  const failed = page.locator('[data-status="failed"]');
  await failed.waitFor();
  assert.match(await failed.textContent(), /broken\.jsonl: not text in UTF-8 \(or UTF-16 with a byte order mark\)/);
  assert.deepEqual(page.errors, []);
});

test('a large log is read in chunks with its progress shown', async () => {
  const page = await newPage(browser);
  await openImport(page);
  // 3 MB of Claude Code transcript lines: many chunks.
  const line = fs.readFileSync(SESSION, 'utf8').split('\n')[2];
  const lines = [];
  for (let i = 0, size = 0; size < 3 * 1024 * 1024; i++) {
    lines.push(line.replaceAll('msg_01A', `msg_${i}`).replaceAll('req_01A', `req_${i}`));
    size += lines[lines.length - 1].length + 1;
  }
  const text = lines.join('\n');
  let sawProgress = false;
  const watcher = page.locator('[data-status="reading"] progress').waitFor({ timeout: 20000 }).then(() => { sawProgress = true; });
  await page.locator('[data-control="usage-file"]').setInputFiles({ name: 'big.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
  await page.locator('[data-status="done"]').waitFor({ timeout: 30000 });
  await watcher.catch(() => {});
  assert.ok(sawProgress, 'progress was shown while reading');
  assert.match(await page.locator('[data-status="done"]').textContent(), /requests read from big\.jsonl/);
});

test('a Codex CLI session is read turn by turn; a run of a model the catalog does not know says so', async () => {
  const page = await newPage(browser);
  await openImport(page);
  const session = path.join(FIX, 'codex/rollout-2026-11-20T09-00-00-0199a1b2-c3d4.jsonl');
  const exec = path.join(FIX, 'codex-exec.jsonl');
  await page.locator('[data-control="usage-file"]').setInputFiles([session, exec]);
  await page.locator('[data-status="done"]').waitFor();
  // The command line reads the same files to the same figures.
  const report = JSON.parse(cli('usage', session, exec, '--format', 'json'));
  assert.equal(report.requests, 4, 'three turns of the session and the exec run');
  close(await metric(page, 'usage_actual_per_run'), report.actual_cost_per_run_usd, 1e-9);
  const runs = await page.locator('[data-table="usage-runs"] tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent));
  assert.equal(runs.length, 2);
  assert.match(runs.find((r) => r.includes('codex-exec')), /\$0 \+ 1 unpriced/, 'never shown as costing nothing');
  assert.doesNotMatch(runs.find((r) => r.includes('rollout')), /unpriced/);
  assert.match(await page.locator('.import').textContent(), /whose every request is priced/);
  assert.deepEqual(page.errors, []);
});

test('a folder chosen whole: its log files, each by its path in the folder, the rest left alone', async () => {
  // A Claude Code project folder: a session, its subagent's file in a folder of its own, and a
  // file that is no log.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopcost-folder-'));
  const project = path.join(dir, '-home-dev-shop');
  fs.mkdirSync(path.join(project, path.basename(SESSION, '.jsonl'), 'subagents'), { recursive: true });
  fs.copyFileSync(SESSION, path.join(project, path.basename(SESSION)));
  fs.copyFileSync(SUBAGENT, path.join(project, path.basename(SESSION, '.jsonl'), 'subagents', path.basename(SUBAGENT)));
  fs.writeFileSync(path.join(project, '.DS_Store'), 'not a log');
  const page = await newPage(browser);
  await openImport(page);
  await page.locator('[data-control="usage-folder"]').setInputFiles(project);
  await page.locator('[data-status="done"]').waitFor();
  // The same figures as the two files chosen one by one.
  close(await metric(page, 'usage_actual_per_run'), ownCost(SESSION, SUBAGENT), 1e-6);
  assert.match(await page.locator('.import').textContent(), /subagents\/agent-a91f\.jsonl/);
  assert.doesNotMatch(await page.locator('.import').textContent(), /DS_Store|not valid JSON/);
  // A folder with no log in it says so, and changes nothing.
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'loopcost-empty-'));
  fs.writeFileSync(path.join(empty, 'notes.md'), '# nothing here');
  await page.locator('[data-control="usage-folder"]').setInputFiles(empty);
  assert.match(await page.locator('[data-status="failed"]').textContent(), /holds no \.jsonl, \.json or \.csv file/);
  assert.deepEqual(page.errors, []);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(empty, { recursive: true, force: true });
});

test('a folder of Codex sessions that branch and fork counts each turn once', async () => {
  // The parent's 3 turns, the branch's 1 after its copy of 2, the fork's 2 after a replay of 24.
  const page = await newPage(browser);
  await openImport(page);
  await page.locator('[data-control="usage-folder"]').setInputFiles(path.join(FIX, 'codex-fork'));
  await page.locator('[data-status="done"]').waitFor();
  assert.match(await page.locator('[data-status="done"]').textContent(), /^6 requests read/);
  assert.match(await page.locator('[data-list="usage-notes"]').textContent(), /its first 24 token counts replay the Codex session it was forked from/);
  assert.equal(await page.locator('[data-list="usage-problems"]').count(), 0, 'nothing is damaged');
  // Read in name order (Codex names its files by their start): the copies stay with the parent.
  const runs = await page.locator('[data-table="usage-runs"] tbody tr').evaluateAll((rows) => rows.map((r) => r.cells[1].textContent.trim()));
  assert.deepEqual(runs, ['3', '1', '2']);
  assert.deepEqual(page.errors, []);
});

test('a folder of many files is summed up by the first three names', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopcost-many-'));
  const files = ['codex/rollout-2026-11-20T09-00-00-0199a1b2-c3d4.jsonl', 'codex-exec.jsonl', 'gemini-cli/session-2026-11-20T12-00-3f2a9c1e.json', 'openai-chat.json', 'xai-chat.json'];
  for (const f of files) fs.copyFileSync(path.join(FIX, f), path.join(dir, path.basename(f)));
  const page = await newPage(browser);
  await openImport(page);
  await page.locator('[data-control="usage-folder"]').setInputFiles(dir);
  await page.locator('[data-status="done"]').waitFor();
  const text = await page.locator('.import').textContent();
  assert.match(text, /and 2 more files/);
  // Three turns of the Codex session, the exec run, two Gemini CLI messages, two responses.
  assert.match(text, /8 requests read from/);
  assert.deepEqual(page.errors, []);
  fs.rmSync(dir, { recursive: true, force: true });
});
