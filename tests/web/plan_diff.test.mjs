// The plan diff in the browser, both places it is shown. The dashboard's plan
// page compares the server's default plan with a finished plan job under the
// stricter AI Diffusion framework: its table must hold exactly the rows and
// figures GET /api/plans/diff answers, with labelled columns, and the
// constraints that bind in one plan only. The report written with
// `--compare` must show the same rows in its Comparison section, offline.
// Screenshots: build/test-artifacts/plan-diff-*.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { artifactPath, launchChromium, stargate, startServer, stopServer, tempDir, watchedPage } from './helpers.mjs';

const STRICTER = 'ai-diffusion-2025';
const COLUMNS = ['country', 'year', 'H100e in A', 'H100e in B', 'H100e change', 'MW change', 'capex change (USD)',
  'cost change (USD)'];
let server;
let browser;

before(async () => {
  server = await startServer([]);
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  if (server) {
    const code = await stopServer(server);
    assert.equal(code, 0, `stargate serve exited with ${code}:\n${server.log()}`);
  }
});

async function api(path, init = {}) {
  const response = await fetch(`${server.url}${path}`, {
    ...init, headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  });
  const body = await response.json();
  assert.ok(response.ok, `${path}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

async function finishedPlan(regime) {
  const { job } = await api('/api/plans', { method: 'POST', body: JSON.stringify({ regime }) });
  for (let i = 0; i < 1200; i++) {
    const j = await api(`/api/jobs/${job}`);
    if (!['queued', 'running'].includes(j.state)) {
      assert.equal(j.state, 'done', JSON.stringify(j).slice(0, 300));
      return job;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`plan job ${job} did not finish`);
}

// The table's rows as the page holds them: [country, year, h100e change, capex change].
async function tableRows(page) {
  return page.locator('[data-testid=plan-diff-row]').evaluateAll((rows) => rows.map((r) => [
    r.dataset.country, Number(r.dataset.year), Number(r.dataset.h100eChange), Number(r.dataset.capexChange)]));
}

const apiRows = (diff) => diff.by_country_year.map((r) => [r.country, r.year, r.h100e_change, r.capex_usd_change]);

test('the plan page compares the default plan with a plan job, as the API does', async () => {
  const job = await finishedPlan(STRICTER);
  const diff = await api(`/api/plans/diff?a=default&b=${job}`);
  assert.ok(diff.by_country_year.length > 0, 'the two regimes give different plans');

  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}/#/plan`);
  await page.waitForSelector('#page[data-ready="true"]', { timeout: 60_000 });
  // B starts as the newest finished job, A as the default plan.
  assert.equal(await page.inputValue('[data-testid=plan-diff-a]'), 'default');
  assert.equal(await page.inputValue('[data-testid=plan-diff-b]'), job);
  await page.click('[data-testid=plan-diff-run]');
  await page.locator('[data-testid=plan-diff]').waitFor({ timeout: 60_000 });

  const heads = await page.locator('[data-testid=plan-diff-table] thead th').allTextContents();
  assert.deepEqual(heads.map((h) => h.trim()), COLUMNS);
  assert.deepEqual(await tableRows(page), apiRows(diff));
  // Who A and B are: the default plan by date, the job under the stricter regime.
  assert.match(await page.locator('[data-testid=plan-diff-side-a]').textContent(), /default[\s\S]*in force by date/);
  assert.match(await page.locator('[data-testid=plan-diff-side-b]').textContent(), new RegExp(`${job}[\\s\\S]*${STRICTER}`));
  // Saudi Arabia's line shows its gain under the stricter regime, signed.
  const saudi = page.locator('[data-testid=plan-diff-row][data-country=SA][data-year="2030"]');
  assert.equal(await saudi.count(), 1);
  assert.match(await saudi.locator('td').nth(4).textContent(), /^\+/);
  assert.equal(await page.locator('[data-testid=plan-diff-binding-a]').count(), diff.binding_only_in_a.length);
  assert.equal(await page.locator('[data-testid=plan-diff-binding-b]').count(), diff.binding_only_in_b.length);

  // A plan against itself: the view says there is no difference.
  await page.selectOption('[data-testid=plan-diff-b]', 'default');
  await page.click('[data-testid=plan-diff-run]');
  await page.locator('[data-testid=plan-diff-empty]').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('[data-testid=plan-diff-row]').count(), 0);
  await page.screenshot({ path: artifactPath('plan-diff-dashboard.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the report written with --compare shows the same rows in its Comparison section', async () => {
  const dir = tempDir('stargate-plan-diff-');
  for (const [name, regime] of [['by-date', 'by_date'], ['stricter', STRICTER]]) {
    const r = stargate(['plan', '--regime', regime, '--out', join(dir, name)]);
    assert.equal(r.status, 0, r.stderr);
  }
  const cli = stargate(['plan', 'diff', join(dir, 'by-date'), join(dir, 'stricter'), '--json']);
  assert.equal(cli.status, 0, cli.stderr);
  const diff = JSON.parse(cli.stdout);
  const file = join(dir, 'report.html');
  const report = stargate(['report', '--plan', join(dir, 'by-date'), '--compare', join(dir, 'stricter'), '--out', file]);
  assert.equal(report.status, 0, report.stderr);

  const context = await browser.newContext({ offline: true, viewport: { width: 1360, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('html[data-rendered]', { timeout: 30_000 });
  const section = page.locator('#section-comparison');
  assert.equal(await section.locator('h2').textContent(), 'Comparison');
  const heads = await section.locator('[data-testid=plan-diff-table] thead th').allTextContents();
  assert.deepEqual(heads.map((h) => h.trim()), COLUMNS);
  assert.deepEqual(await tableRows(section), apiRows(diff));
  assert.match(await section.locator('[data-testid=plan-diff-side-b]').textContent(), new RegExp(STRICTER));
  await section.screenshot({ path: artifactPath('plan-diff-report.png') });
  assert.deepEqual(problems, []);
  await context.close();
});
