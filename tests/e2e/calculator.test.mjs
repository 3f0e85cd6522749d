// The calculator on the built site: edit fields, load presets, and check the numbers shown
// against the engine's (through the CLI) and the spec's worked examples.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, newPage, metric, evaluateFile, cli, close, chooseModel, modelOf, DIST, ROOT } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(DIST); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const METRICS = {
  cost_per_run: (e) => e.cost_usd,
  daily_usd: (e) => e.daily_usd,
  monthly_usd: (e) => e.monthly_usd,
  naive_cost_per_run: (e) => e.naive_cost_usd,
  prompt_tokens_per_run: (e) => e.prompt_tokens,
  input_tokens_per_run: (e) => e.input_tokens,
  cache_write_tokens_per_run: (e) => e.cache_creation_input_tokens,
  cache_read_tokens_per_run: (e) => e.cache_read_input_tokens,
  output_tokens_per_run: (e) => e.output_tokens,
};

/** The engine's result for a scenario object. */
function evaluate(scenario) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loopcost-')), 's.json');
  fs.writeFileSync(file, JSON.stringify(scenario));
  return JSON.parse(cli('eval', file));
}

async function open(width = 1280) {
  const page = await newPage(browser, { width });
  await page.goto(server.url + '/');
  await metric(page, 'cost_per_run');
  return page;
}

async function expectMetrics(page, expected) {
  for (const [name, pick] of Object.entries(METRICS)) close(await metric(page, name), pick(expected));
  if (expected.budget_used !== undefined) close(await metric(page, 'budget_used'), expected.budget_used);
}

/** Types into a field as a person would: select all, type, let the app update. */
async function type(page, field, text) {
  const input = page.locator(`[data-field="${field}"]`).first();
  await input.click();
  await input.press('Control+A');
  if (text === '') await input.press('Backspace');
  else await input.pressSequentially(text);
  await page.waitForTimeout(50);
}

test('the default scenario: every headline number is the engine\'s', async () => {
  const page = await open();
  await expectMetrics(page, evaluateFile('scenarios/default.json'));
  assert.deepEqual(page.errors, []);
});

test('editing fields recomputes on every keystroke, matching the engine', async () => {
  const page = await open();
  const scenario = JSON.parse(fs.readFileSync(path.join(ROOT, 'scenarios/default.json'), 'utf8'));
  await type(page, 'stages.0.iterations', '14');
  await type(page, 'stages.0.tool_result_tokens', '2,500');
  await type(page, 'traffic.runs_per_day', '250');
  await page.locator('[data-field="stages.0.cache.ttl"]').selectOption('1h');
  await page.waitForTimeout(50);
  Object.assign(scenario.stages[0], { iterations: 14, tool_result_tokens: 2500 });
  scenario.stages[0].cache.ttl = '1h';
  scenario.traffic.runs_per_day = 250;
  await expectMetrics(page, evaluate(scenario));
  // The per-turn table follows: one row per turn.
  assert.equal(await page.locator('table[data-table="turns"][data-stage="0"] tbody tr').count(), 14);
  assert.deepEqual(page.errors, []);
});

test('presets load and show the spec\'s worked example figures', async () => {
  const page = await open();
  await page.locator('[data-control="preset"]').selectOption('research-agent');
  await page.waitForTimeout(50);
  // Worked example 3's loop (prompts 3,200 … 12,500), priced by the engine at today's catalog.
  await expectMetrics(page, evaluateFile('scenarios/research-agent.json'));
  const prompts = await page.locator('table[data-table="turns"][data-stage="0"] tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(prompts, ['3,200', '5,250', '7,500', '9,900', '12,500']);

  await page.locator('[data-control="preset"]').selectOption('lookup-agent');
  await page.waitForTimeout(50);
  await expectMetrics(page, evaluateFile('scenarios/lookup-agent.json')); // worked example 2's loop
  assert.match(await page.locator('.naive .ratio').textContent(), /8\.3×/);

  await page.locator('[data-control="preset"]').selectOption('campaign-workflow');
  await page.waitForTimeout(50);
  await expectMetrics(page, evaluateFile('scenarios/campaign-workflow.json'));
  assert.equal(await page.locator('details.stage-result').count(), 6);
});

test('a closed stage shows its summary line; opened, its charts and table are built and follow edits', async () => {
  const page = await open();
  await page.locator('[data-control="preset"]').selectOption('campaign-workflow');
  await page.waitForTimeout(50);
  const scenario = JSON.parse(fs.readFileSync(path.join(ROOT, 'scenarios/campaign-workflow.json'), 'utf8'));
  const e = evaluateFile('scenarios/campaign-workflow.json');
  const second = page.locator('details.stage-result').nth(1);
  // Closed: its cost in the summary, nothing else built.
  const shown = Number((await second.locator('.stage-cost').textContent()).replace(/[$,]/g, ''));
  assert.ok(Math.abs(shown - e.stages[1].cost_usd) <= 0.005 * e.stages[1].cost_usd, `${shown} vs ${e.stages[1].cost_usd}`);
  assert.equal(await second.locator('table, svg').count(), 0);
  // Opened: the table has a row per turn, the charts are there.
  await second.locator('summary').click();
  const rows = second.locator('table[data-table="turns"][data-stage="1"] tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), scenario.stages[1].iterations);
  assert.ok(await second.locator('svg').count() >= 2);
  // It follows an edit of its stage's turns; closed again, it is dropped.
  await page.locator('[data-field="stages.1.iterations"]').fill(String(scenario.stages[1].iterations + 2));
  await page.waitForTimeout(100);
  assert.equal(await rows.count(), scenario.stages[1].iterations + 2);
  await second.locator('summary').click();
  await page.waitForTimeout(50);
  assert.equal(await second.locator('table, svg').count(), 0);
  assert.deepEqual(page.errors, []);
});

test('an invalid value shows a message at its field; the last result stays, marked stale', async () => {
  const page = await open();
  const before = await metric(page, 'cost_per_run');
  await type(page, 'stages.0.iterations', '0');
  const msg = page.locator('#f-stages-0-iterations-msg');
  assert.match(await msg.textContent(), /between 1 and 10,000/);
  assert.equal(await page.locator('[data-field="stages.0.iterations"]').getAttribute('aria-invalid'), 'true');
  assert.ok(await page.locator('.headline.stale').count());
  assert.equal(await metric(page, 'cost_per_run'), before);
  await type(page, 'stages.0.output_tokens', '-5');
  assert.match(await page.locator('#f-stages-0-output_tokens-msg').textContent(), /negative/);
  await type(page, 'traffic.batch_share', '150');
  // In the unit typed: percent.
  assert.equal(await page.locator('#f-traffic-batch_share-msg').textContent(), 'must be between 0% and 100% (got 150%)');
  // Absurd numbers are refused, never computed.
  await type(page, 'stages.0.system_tokens', '1e300');
  assert.ok(await page.locator('#f-stages-0-system_tokens-msg').count());
  assert.deepEqual(page.errors, [], 'no panic, no console error');
  // The page is still alive: fix the fields and it recomputes.
  await type(page, 'stages.0.iterations', '10');
  await type(page, 'stages.0.output_tokens', '350');
  await type(page, 'traffic.batch_share', '0');
  await type(page, 'stages.0.system_tokens', '3000');
  assert.equal(await page.locator('.headline.stale').count(), 0);
  close(await metric(page, 'cost_per_run'), evaluateFile('scenarios/default.json').cost_usd);
});

test('stages: add, duplicate, reorder, remove', async () => {
  const page = await open();
  const one = await metric(page, 'cost_per_run');
  await page.getByRole('button', { name: 'Duplicate stage' }).first().click();
  await page.waitForTimeout(50);
  close(await metric(page, 'cost_per_run'), 2 * one); // the same stage twice costs twice
  assert.equal(await page.locator('details.stage-result').count(), 2);
  await chooseModel(page, 'stages.1.mix.0.model', 'claude-haiku-4-5');
  await page.getByRole('button', { name: 'Move stage up' }).nth(1).click();
  await page.waitForTimeout(50);
  assert.equal(await modelOf(page, 'stages.0.mix.0.model'), 'claude-haiku-4-5');
  const scenario = JSON.parse(fs.readFileSync(path.join(ROOT, 'scenarios/default.json'), 'utf8'));
  const haiku = structuredClone(scenario.stages[0]);
  haiku.mix = [{ model: 'claude-haiku-4-5', share: 1 }];
  haiku.name = scenario.stages[0].name + ' (copy)';
  scenario.stages = [haiku, scenario.stages[0]];
  await expectMetrics(page, evaluate(scenario));
  await page.getByRole('button', { name: 'Remove stage' }).first().click();
  await page.waitForTimeout(50);
  assert.equal(await page.locator('details.stage-result').count(), 1);
  await page.getByRole('button', { name: '+ Add a stage' }).click();
  await page.waitForTimeout(50);
  assert.equal(await page.locator('details.stage-result').count(), 2);
  assert.deepEqual(page.errors, []);
});

test('a tier mix costs the share-weighted sum of its models', async () => {
  const page = await open();
  await page.getByRole('button', { name: '+ Add a model to the mix' }).click();
  await type(page, 'stages.0.mix.0.share', '30');
  const scenario = JSON.parse(fs.readFileSync(path.join(ROOT, 'scenarios/default.json'), 'utf8'));
  const second = await modelOf(page, 'stages.0.mix.1.model');
  scenario.stages[0].mix = [{ model: 'claude-sonnet-4-6', share: 0.3 }, { model: second, share: 0.7 }];
  await expectMetrics(page, evaluate(scenario));
});

test('every input has a label and a data-field; the page fits a phone', async () => {
  const page = await open(375);
  const unlabeled = await page.evaluate(() =>
    [...document.querySelectorAll('input, select')]
      .filter((el) => !(el.id && document.querySelector(`label[for="${el.id}"]`)) && !el.getAttribute('aria-label'))
      .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabeled, []);
  const withoutField = await page.evaluate(() =>
    [...document.querySelectorAll('.editor input, .editor select')]
      .filter((el) => !el.dataset.field && !el.dataset.control).map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(withoutField, []);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 375px`);
});

test('the editor works from the keyboard', async () => {
  const page = await open();
  const field = page.locator('[data-field="stages.0.iterations"]');
  await field.focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.waitForTimeout(50);
  assert.equal(await field.inputValue(), '12');
  assert.equal(await page.locator('table[data-table="turns"][data-stage="0"] tbody tr').count(), 12);
  // Tab moves on: to "varies" (part of the turn count), then to the next field.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.control), 'varies');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.field), 'stages.0.system_tokens');
});

test('budget use is coloured at 50 / 80 / 100 %', async () => {
  const page = await open();
  const monthly = await metric(page, 'monthly_usd');
  const level = async (budget) => {
    await type(page, 'budget.monthly_usd', String(budget));
    close(await metric(page, 'budget_used'), monthly / budget);
    const cls = await page.locator('.headline .budget').getAttribute('class');
    const fill = await page.locator('.headline .meter-fill').evaluate((e) => e.getBoundingClientRect().width);
    assert.ok(fill > 0, 'the meter shows');
    return cls.match(/level-(\w+)/)[1];
  };
  assert.equal(await level(monthly * 4), 'ok'); // 25 %
  assert.equal(await level(monthly / 0.6), 'notice'); // 60 %
  assert.equal(await level(monthly / 0.9), 'warn'); // 90 %
  assert.equal(await level(monthly / 1.2), 'over'); // 120 %
  // No budget: no budget figure.
  await type(page, 'budget.monthly_usd', '');
  assert.equal(await page.locator('[data-metric="budget_used"]').count(), 0);
});

test('a custom model with long-context rates prices every token of a long request at them', async () => {
  const page = await open();
  await page.locator('details[aria-label="Custom models"] > summary').click();
  await page.getByRole('button', { name: '+ Add a custom model' }).click();
  await type(page, 'prices.0.input', '10');
  await page.locator('[data-control="long-context-toggle"]').check();
  await type(page, 'prices.0.long_context.threshold_tokens', '5000');
  await type(page, 'prices.0.long_context.input', '20');
  await type(page, 'prices.0.long_context.output', '90');
  await chooseModel(page, 'stages.0.mix.0.model', 'my-model-1');
  await page.waitForTimeout(400); // the address follows once typing pauses
  const scenario = JSON.parse(cli('link', '--decode', page.url()));
  const model = scenario.prices[0];
  assert.equal(model.id, 'my-model-1');
  assert.equal(model.input, 10);
  // The long-context block is one price tier: from 5,000 prompt tokens on, every token at its rates.
  assert.equal(model.tiers[0].start, 5000);
  assert.equal(model.tiers[0].input, 20);
  assert.equal(model.tiers[0].output, 90);
  assert.equal(scenario.stages[0].mix[0].model, 'my-model-1');
  await expectMetrics(page, evaluate(scenario));
  // The default loop's prompts pass 5,000 tokens: the long-context rates apply and raise the cost.
  const without = structuredClone(scenario);
  delete without.prices[0].tiers;
  assert.ok(evaluate(without).cost_usd < await metric(page, 'cost_per_run'));
  // Turning it off removes the block.
  await page.locator('[data-control="long-context-toggle"]').uncheck();
  close(await metric(page, 'cost_per_run'), evaluate(without).cost_usd);
  assert.deepEqual(page.errors, []);
});
