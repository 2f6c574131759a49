// `stargate report` end to end: the real binary writes the HTML file for the
// global scenario's plan; headless Chromium opens it with the network off
// and every request but the file itself refused; every chart must draw, the
// map must have its country shapes, and nothing may log an error. The
// screenshot is a test artifact (build/test-artifacts/report.png).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { artifactPath, launchChromium, repoRoot, stargate, tempDir, watchedPage } from './helpers.mjs';
import { compact, usd } from '../../web/src/shared/format.js';

const dir = tempDir('stargate-report-');
const planDir = join(dir, 'plan');
const reportFile = join(dir, 'report.html');
let browser;

before(async () => {
  const plan = stargate(['plan', '--out', planDir]);
  assert.equal(plan.status, 0, plan.stderr);
  const report = stargate(['report', '--plan', planDir, '--out', reportFile, '--json']);
  assert.equal(report.status, 0, report.stderr);
  const summary = JSON.parse(report.stdout);
  assert.equal(summary.ok, true);
  assert.equal(summary.schema, 'stargate-report/1');
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
});

test('the report file is one self-contained page', () => {
  const html = readFileSync(reportFile, 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.doesNotMatch(html, /<script[^>]+\bsrc=/i, 'no external scripts');
  assert.doesNotMatch(html, /<link[^>]+\bhref=/i, 'no external stylesheets');
  assert.doesNotMatch(html, /\b(src|href)=["']?(https?:)?\/\//i, 'no network references');
  const data = JSON.parse(html.match(/<script type="application\/json" id="stargate-report-data">([^<]*)<\/script>/)[1]);
  assert.equal(data.scenario.id, 'stargate-global');
  assert.ok(data.sites.length > 10);
});

test('offline, every chart and table renders without errors', async () => {
  const context = await browser.newContext({ offline: true, viewport: { width: 1360, height: 900 } });
  const outside = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const { page, problems } = await watchedPage(context);
  await page.goto(pathToFileURL(reportFile).href);
  await page.waitForSelector('html[data-rendered]', { timeout: 30_000 });

  const counts = await page.evaluate(() => ({
    charts: document.querySelectorAll('.chart').length,
    drawn: [...document.querySelectorAll('.chart')].filter((c) => c.querySelector('svg path')).length,
    rendered: Number(document.documentElement.dataset.rendered),
    mapShapes: document.querySelectorAll('#chart-map svg path').length,
    sections: [...document.querySelectorAll('section.report-section h2')].map((h) => h.textContent),
    complianceRows: document.querySelectorAll('#section-compliance tbody tr:not(.sub)').length,
    capRows: document.querySelectorAll('#section-compliance tbody tr.sub').length,
    kpis: document.querySelectorAll('.kpi').length,
    sources: document.querySelectorAll('#section-sources li').length,
    sourcesLinked: document.querySelectorAll('#section-sources li a[href^="https://"], #section-sources li a[href^="http://"]').length,
  }));
  assert.ok(counts.charts >= 11, `expected at least 11 charts, found ${counts.charts}`);
  assert.equal(counts.drawn, counts.charts, 'every chart container holds a drawn SVG');
  assert.equal(counts.rendered, counts.charts);
  assert.ok(counts.mapShapes > 150, `the world map has its country shapes (${counts.mapShapes} paths)`);
  assert.deepEqual(counts.sections, ['Where the sites are', 'Capacity online', 'Compute by country and tier',
    'Capital expenditure and financing', 'Energy and emissions', 'Unmet demand', 'What binds', 'Compliance: tiers and caps', 'Values', 'Sources']);
  assert.ok(counts.complianceRows >= 10, `compliance table rows: ${counts.complianceRows}`);
  assert.ok(counts.capRows >= 1, 'at least one cap is listed');
  assert.equal(counts.kpis, 8);
  assert.ok(counts.sources > 20 && counts.sourcesLinked >= counts.sources, `sources listed with links: ${counts.sources}, ${counts.sourcesLinked}`);
  assert.deepEqual(outside, [], 'no request leaves the file');
  assert.deepEqual(problems, []);

  await page.screenshot({ path: artifactPath('report.png'), fullPage: true });
  await page.locator('#section-map').screenshot({ path: artifactPath('report-map.png') });
  await context.close();
});

// A hedged plan (`stargate plan --stochastic`, with a risk measure): the
// report's "Hedged plan" section shows plan.json's stochastic figures as they
// are (each cell's data-value equals plan.json's number), the deterministic
// plan beside the hedged one, one row per scenario and the cost chart.
test('a stochastic plan gets the hedged-plan section with plan.json\'s figures', async () => {
  const scenario = join(repoRoot, 'data', 'scenarios', 'small.yaml');
  const stochasticDir = join(dir, 'stochastic');
  const stochasticReport = join(dir, 'stochastic.html');
  const made = stargate(['plan', scenario, '--stochastic', '--scenarios', '3', '--seed', '5', '--risk', 'cvar:0.5:0.2', '--out', stochasticDir]);
  assert.equal(made.status, 0, made.stderr);
  const written = stargate(['report', scenario, '--plan', stochasticDir, '--out', stochasticReport, '--json']);
  assert.equal(written.status, 0, written.stderr);
  assert.equal(JSON.parse(written.stdout).stochastic, true);
  const block = JSON.parse(readFileSync(join(stochasticDir, 'plan.json'), 'utf8')).stochastic;
  const html = readFileSync(stochasticReport, 'utf8');
  const data = JSON.parse(html.match(/<script type="application\/json" id="stargate-report-data">([^<]*)<\/script>/)[1]);
  assert.deepEqual(data.stochastic, block, 'the block as written');
  assert.ok(data.deterministic && data.deterministic.kpis, 'the deterministic plan beside it');

  const context = await browser.newContext({ offline: true, viewport: { width: 1360, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(pathToFileURL(stochasticReport).href);
  await page.waitForSelector('html[data-rendered]', { timeout: 30_000 });
  const shown = await page.evaluate(() => {
    const section = document.getElementById('section-stochastic');
    if (!section) return null;
    const measures = {};
    for (const tr of section.querySelectorAll('[data-testid=stochastic-measures] tr[data-key]')) {
      const v = tr.querySelector('[data-value]');
      measures[tr.dataset.key] = v ? Number(v.dataset.value) : null;
    }
    const scenarios = [...section.querySelectorAll('[data-testid=stochastic-scenarios] tr[data-scenario]')].map((tr) => ({
      name: tr.dataset.scenario,
      values: [...tr.querySelectorAll('[data-value]')].map((c) => Number(c.dataset.value)),
    }));
    const side = [...section.querySelectorAll('[data-testid=hedged-vs-deterministic] tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    return {
      title: section.querySelector('h2').textContent,
      measures,
      scenarios,
      side,
      chartDrawn: Boolean(section.querySelector('#chart-stochastic-costs svg path')),
      bars: section.querySelectorAll('#chart-stochastic-costs svg path').length,
    };
  });
  assert.ok(shown, 'the section is there');
  assert.equal(shown.title, 'Hedged plan under policy uncertainty');
  for (const key of ['expected_cost_usd', 'wait_and_see_cost_usd', 'evpi_usd', 'mean_value_first_stage_expected_cost_usd', 'vss_usd', 'cvar_usd']) {
    assert.equal(shown.measures[key], block[key], key);
  }
  assert.equal(shown.scenarios.length, block.scenarios.length);
  shown.scenarios.forEach((row, i) => {
    const s = block.scenarios[i];
    assert.equal(row.name, s.name);
    assert.deepEqual(row.values, [s.probability, s.kpis.cost_usd, s.kpis.wait_and_see_cost_usd,
      s.kpis.served_h100e_quarters, s.kpis.unmet_h100e_quarters, s.kpis.gw_online_end]);
  });
  assert.ok(shown.side.length >= 6);
  for (const row of shown.side) assert.notEqual(row[2], 'n/a', `the deterministic side of ${row[0]}`);
  assert.ok(shown.chartDrawn && shown.bars >= block.scenarios.length, `the cost chart draws (${shown.bars} paths)`);
  assert.deepEqual(problems, []);
  await page.locator('#section-stochastic').screenshot({ path: artifactPath('report-stochastic.png') });
  await context.close();
});

// The Values section shows the report data's KPIs as they are: the share in
// Free countries and by data-protection zone, year by year, in the tables
// and the two charts, and the freedom constraint (none in the default plan).
test('the Values section shows the data\'s shares by year, in tables and charts', async () => {
  const html = readFileSync(reportFile, 'utf8');
  const data = JSON.parse(html.match(/<script type="application\/json" id="stargate-report-data">([^<]*)<\/script>/)[1]);
  const k = data.kpis;
  const free = k.free_compute_share_by_year;
  const zones = k.compute_share_by_zone_year;
  const years = Object.keys(free).sort();
  assert.ok(years.length >= 3, `years with compute: ${years}`);
  assert.ok(Object.keys(zones).length >= 2, `zones: ${Object.keys(zones)}`);
  const pct = (v) => `${(100 * v).toFixed(1)}%`;

  const context = await browser.newContext({ offline: true, viewport: { width: 1360, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(pathToFileURL(reportFile).href);
  await page.waitForSelector('html[data-rendered]', { timeout: 30_000 });
  const shown = await page.evaluate(() => {
    const rows = (sel) => [...document.querySelectorAll(`#section-values [data-testid=${sel}] tbody tr`)]
      .map((tr) => [...tr.children].map((c) => c.textContent.trim()));
    const head = [...document.querySelectorAll('#section-values [data-testid=values-zone-table] thead th')].map((th) => th.textContent.trim());
    const chart = (id) => {
      // The bundle keeps ECharts private: the drawn SVG carries the axis names and legend as text.
      const el = document.getElementById(id);
      return { svg: Boolean(el && el.querySelector('svg path')), text: el ? el.textContent : '' };
    };
    return {
      free: rows('values-free-table'),
      zones: rows('values-zone-table'),
      head,
      constraint: document.querySelector('#section-values [data-testid=freedom-constraint]').textContent,
      captions: [...document.querySelectorAll('#section-values figcaption')].map((f) => f.textContent.replace(/\s+/g, ' ').trim()),
      freeChart: chart('chart-values-free'),
      zoneChart: chart('chart-values-zones'),
    };
  });
  assert.deepEqual(shown.free, years.map((y) => [y, pct(free[y])]));
  const order = shown.head.slice(1);
  assert.deepEqual([...order].sort(), Object.keys(zones).sort(), 'a column per zone in the data');
  assert.deepEqual(shown.zones, years.map((y) => [y, ...order.map((z) => pct(zones[z][y] || 0))]));
  // Each year's zone shares add up to the whole (the engine's shares of one total).
  for (const y of years) {
    const sum = Object.values(zones).reduce((a, z) => a + (z[y] || 0), 0);
    assert.ok(Math.abs(sum - 1) < 1e-6, `zone shares in ${y} sum to ${sum}`);
  }
  assert.equal(k.min_freedom_score, 0);
  assert.match(shown.constraint, /no minimum freedom score/);
  for (const chart of [shown.freeChart, shown.zoneChart]) {
    assert.ok(chart.svg, 'the chart is drawn');
    assert.match(chart.text, /% of installed H100e/, 'the value axis is titled with its unit');
    assert.match(chart.text, /year \(installed base at year end\)/, 'the year axis is titled');
  }
  assert.match(shown.zoneChart.text, new RegExp(order[0]), 'the zone legend names the zones');
  assert.deepEqual(shown.captions, ['Share of compute in countries rated Free (% of installed H100e at year end)',
    'Share of compute by data-protection zone (% of installed H100e at year end)']);
  assert.deepEqual(problems, []);
  await page.locator('#section-values').screenshot({ path: artifactPath('report-values.png') });
  await context.close();
});

// A plan made with `--min-freedom 70`: the section names the minimum and
// shows the constraint's cost as the report data gives it.
test('with a minimum freedom score, the Values section shows what it costs', async () => {
  const minDir = join(dir, 'plan-min-freedom');
  const minReport = join(dir, 'report-min-freedom.html');
  const plan = stargate(['plan', '--min-freedom', '70', '--out', minDir]);
  assert.equal(plan.status, 0, plan.stderr);
  const report = stargate(['report', '--plan', minDir, '--out', minReport]);
  assert.equal(report.status, 0, report.stderr);
  const data = JSON.parse(readFileSync(minReport, 'utf8').match(/<script type="application\/json" id="stargate-report-data">([^<]*)<\/script>/)[1]);
  const k = data.kpis;
  assert.equal(k.min_freedom_score, 70);
  assert.ok(k.freedom_constraint_cost > 0, `the minimum binds in the default scenario: ${k.freedom_constraint_cost}`);
  const context = await browser.newContext({ offline: true, viewport: { width: 1360, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(pathToFileURL(minReport).href);
  await page.waitForSelector('html[data-rendered]', { timeout: 30_000 });
  const shown = await page.evaluate(() => ({
    min: document.querySelector('#section-values [data-testid=freedom-min]').textContent,
    cost: document.querySelector('#section-values [data-testid=freedom-cost]').textContent,
    free: [...document.querySelectorAll('#section-values [data-testid=values-free-table] tbody tr')].map((tr) => tr.lastElementChild.textContent),
  }));
  assert.equal(shown.min, '70');
  assert.equal(shown.cost, data.plan.objective_kind === 'compute' ? `${compact(k.freedom_constraint_cost)} H100e-quarters not served` : usd(k.freedom_constraint_cost));
  const free = k.free_compute_share_by_year;
  assert.deepEqual(shown.free, Object.keys(free).sort().map((y) => `${(100 * free[y]).toFixed(1)}%`));
  assert.deepEqual(problems, []);
  await context.close();
});
