// The program's values in the dashboard, end to end against the real
// `stargate serve` in headless Chromium: the plan page shows the share of
// compute in Free countries and by data-protection zone, year by year, as
// the server's plan KPIs give them (GET /api/plans/default, then a plan job
// with a minimum freedom score and its cost); a country page shows the
// partner view's `values` block and the values criteria of its upgrade
// paths, met or not, as GET /api/tier/{country} gives them. Screenshots go
// to build/test-artifacts/values-*.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifactPath, dashboardSession } from './helpers.mjs';
import { compact, usd } from '../../web/src/shared/format.js';

const session = dashboardSession('stargate-values-');
const open = session.open;

const pct = (v) => `${(100 * v).toFixed(1)}%`;

// What the plan page's Values block shows: both tables cell by cell, the
// constraint's line and the two charts as ECharts holds them.
async function shownValues(page) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-testid=plan-values]');
    const rows = (sel) => [...root.querySelectorAll(`[data-testid=${sel}] tbody tr`)].map((tr) => [...tr.children].map((c) => c.textContent.trim()));
    const charts = window.stargateCharts().filter((c) => c.id.startsWith('plan-values-'));
    return {
      free: rows('values-free-table'),
      zones: rows('values-zone-table'),
      head: [...root.querySelectorAll('[data-testid=values-zone-table] thead th')].map((th) => th.textContent.trim()),
      constraint: root.querySelector('[data-testid=freedom-constraint]').textContent.replace(/\s+/g, ' '),
      min: root.querySelector('[data-testid=freedom-min]')?.textContent,
      cost: root.querySelector('[data-testid=freedom-cost]')?.textContent,
      charts,
    };
  });
}

// The shown tables and charts hold exactly the KPIs' shares.
function assertMatchesKpis(shown, k) {
  const free = k.free_compute_share_by_year;
  const zones = k.compute_share_by_zone_year;
  const years = Object.keys(free).sort();
  assert.ok(years.length >= 3, `years with compute: ${years}`);
  assert.deepEqual(shown.free, years.map((y) => [y, pct(free[y])]));
  const order = shown.head.slice(1);
  assert.deepEqual([...order].sort(), Object.keys(zones).sort(), 'a column per zone of the KPIs');
  assert.deepEqual(shown.zones, years.map((y) => [y, ...order.map((z) => pct(zones[z][y] || 0))]));
  const byId = Object.fromEntries(shown.charts.map((c) => [c.id, c]));
  assert.deepEqual(Object.keys(byId).sort(), ['plan-values-free', 'plan-values-zones']);
  for (const c of shown.charts) {
    assert.match(c.xAxis[0].name, /year/, `${c.id}: the year axis is titled`);
    assert.match(c.yAxis[0].name, /% of installed H100e/, `${c.id}: the value axis names its unit`);
    assert.ok(c.series.every((s) => s.points === years.length), `${c.id}: a point per year`);
  }
  assert.deepEqual(byId['plan-values-zones'].series.map((s) => s.name), order, 'a stacked series per zone, in the table\'s order');
}

test('the plan page shows the server plan\'s values figures as its KPIs give them', async () => {
  const { page, problems } = await open('plan');
  await page.waitForSelector('[data-testid=plan-values] [data-testid=values-free-table]', { timeout: 120_000 });
  const plan = await page.evaluate(async () => (await fetch('/api/plans/default')).json());
  const k = plan.kpis;
  const shown = await shownValues(page);
  assertMatchesKpis(shown, k);
  assert.equal(k.min_freedom_score, 0);
  assert.match(shown.constraint, /no minimum freedom score/);
  // Some compute is outside Free countries in the default plan, so a minimum has something to move.
  assert.ok(Object.values(k.free_compute_share_by_year).some((v) => v < 0.999), JSON.stringify(k.free_compute_share_by_year));
  await page.locator('[data-testid=plan-values]').screenshot({ path: artifactPath('values-plan.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a plan job with a minimum freedom score shows its figures and what the minimum costs', async () => {
  const { page, problems } = await open('plan');
  await page.waitForSelector('[data-testid=plan-values]', { timeout: 120_000 });
  await page.fill('[data-testid=plan-min-freedom]', '70');
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/plans'),
    page.click('[data-testid=plan-run]'),
  ]);
  assert.equal(JSON.parse(request.postData()).min_freedom_score, 70);
  await page.waitForFunction(() => /plan job/.test(document.querySelector('[data-testid=plan-origin]')?.textContent || ''), null, { timeout: 300_000 });
  await page.waitForSelector('[data-testid=plan-values] [data-testid=freedom-cost]', { timeout: 30_000 });
  const id = (await page.locator('[data-testid=plan-origin]').textContent()).match(/plan job (\S+?)(:|$)/)[1];
  const job = await page.evaluate(async (jobId) => (await fetch(`/api/jobs/${jobId}`)).json(), id);
  assert.equal(job.state, 'done');
  const k = job.result.kpis;
  assert.equal(k.min_freedom_score, 70);
  const shown = await shownValues(page);
  assertMatchesKpis(shown, k);
  assert.equal(shown.min, '70');
  const cost = job.result.objective_kind === 'compute' ? `${compact(k.freedom_constraint_cost)} H100e-quarters not served` : usd(k.freedom_constraint_cost);
  assert.equal(shown.cost, cost);
  await page.locator('[data-testid=plan-values]').screenshot({ path: artifactPath('values-plan-min-freedom.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

// The country page's values block and values criteria against the API's answer
// for the same country, date and regime.
async function countryValues(page) {
  return page.evaluate(() => {
    const form = document.querySelector('#tier-form');
    // As the page asks (api.js leaves out empty parameters).
    const q = new URLSearchParams(Object.entries({ date: form.date.value, regime: form.regime.value }).filter(([, v]) => v));
    return {
      query: q.toString(),
      country: form.country.value,
      score: document.querySelector('[data-testid=freedom-score]').textContent.trim(),
      free: document.querySelector('[data-testid=rated-free]').textContent.trim(),
      zone: document.querySelector('[data-testid=data-protection-zone]').textContent.trim(),
      criteria: [...document.querySelectorAll('[data-testid=values-criteria] li')].map((li) => ({
        criterion: li.dataset.criterion, met: li.dataset.met === 'true', badge: li.querySelector('.badge').textContent.trim(),
        text: li.textContent.replace(/\s+/g, ' '),
      })),
      none: Boolean(document.querySelector('[data-testid=values-criteria-none]')),
    };
  });
}

test('a country page shows the partner view\'s values and the values criteria, met or not', async () => {
  const { page, problems } = await open('country/AE');
  await page.waitForSelector('[data-testid=country-values]', { timeout: 60_000 });
  // Under the regime in force no upgrade asks for values: the block stands alone.
  let shown = await countryValues(page);
  let api = await page.evaluate(async ([c, q]) => (await fetch(`/api/tier/${c}?${q}`)).json(), [shown.country, shown.query]);
  assert.equal(shown.score, String(api.values.freedom_score));
  assert.equal(shown.free, api.values.rated_free ? 'yes' : 'no');
  assert.equal(shown.zone, api.values.data_protection_zone || 'none');

  // Under the partner program, the first-class upgrade asks for a Freedom House score and a data-protection zone.
  await page.selectOption('#tier-form select[name=regime]', 'partner-program');
  await page.click('#tier-form button[type=submit]');
  await page.waitForSelector('[data-testid=values-criteria]', { timeout: 60_000 });
  const results = [];
  for (const code of ['AE', 'BR']) {
    if (code !== 'AE') {
      await page.selectOption('[data-testid=country-select]', code);
      await page.waitForFunction((c) => document.querySelector('#tier-out h2 .muted')?.textContent === c && document.querySelector('[data-testid=country-values]'), code, { timeout: 60_000 });
    }
    shown = await countryValues(page);
    api = await page.evaluate(async ([c, q]) => (await fetch(`/api/tier/${c}?${q}`)).json(), [shown.country, shown.query]);
    assert.equal(shown.country, code);
    assert.match(shown.query, /regime=partner-program/);
    assert.equal(shown.score, String(api.values.freedom_score));
    assert.equal(shown.free, api.values.rated_free ? 'yes' : 'no');
    assert.equal(api.values.rated_free, api.values.freedom_score >= api.values.free_min_freedom_score);
    assert.equal(shown.zone, api.values.data_protection_zone || 'none');
    const expected = api.upgrades.flatMap((u) => u.criteria.filter((c) => ['min_freedom_score', 'data_protection_zone'].includes(c.criterion)));
    assert.ok(expected.length >= 2, `${code}: values criteria in the API: ${JSON.stringify(api.upgrades).slice(0, 300)}`);
    assert.deepEqual(shown.criteria.map((c) => [c.criterion, c.met, c.badge]), expected.map((c) => [c.criterion, c.met, c.met ? 'met' : 'not met']));
    shown.criteria.forEach((c, i) => {
      assert.ok(c.text.includes(expected[i].description), c.text);
      assert.ok(c.text.includes(expected[i].evidence), c.text);
    });
    results.push(...expected.map((c) => c.met));
  }
  // AE (score 18, its own zone) meets neither; BR (72) meets the score but not the zone.
  assert.ok(results.includes(true) && results.includes(false), JSON.stringify(results));
  await page.locator('#tier-out').screenshot({ path: artifactPath('values-country.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
