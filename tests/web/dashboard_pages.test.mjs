// The dashboard's pages for every role, end to end against the real
// `stargate serve` (a fresh SQLite ledger) in headless Chromium: the plan
// page opens on the server's plan with every chart labelled and KPI cards
// without bars; every download (plan files, report, decisions) answers with
// its content type and header line; the simulation page draws histograms,
// a fan chart, tornadoes and cap-binding probabilities from a simulation
// job; a shipments file checks as a batch; the map runs over the plan's
// quarters and counts no cancelled site. A second server reads a stochastic
// plan (`stargate plan --stochastic --out DIR`, served with --plan DIR) and
// the plan page shows it beside the deterministic one; a third needs a
// token, which the downloads carry. Screenshots go to
// build/test-artifacts/pages-*.png.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { artifactPath, dashboardSession, repoRoot, stargate, startServer, stopServer, tempDir, watchedPage } from './helpers.mjs';

const OUTCOMES = ['no license required', 'license exception', 'license required', 'prohibited', 'needs review',
  'indeterminate', 'not an export'];
const session = dashboardSession('stargate-pages-', { contextOptions: { acceptDownloads: true } });
const open = session.open;

// Every chart on the page has titled axes (a value axis names its unit).
async function assertChartsLabelled(page, minimum) {
  const charts = await page.evaluate(() => window.stargateCharts());
  assert.ok(charts.length >= minimum, `${charts.length} charts, expected at least ${minimum}`);
  for (const c of charts) {
    if (!c.xAxis.length) continue; // the map has no axes
    for (const axis of [...c.xAxis, ...c.yAxis]) {
      if (axis.type === 'category' && c.xAxis.includes(axis) === false) continue; // names on the bars
      assert.ok(axis.name.trim().length > 0, `chart ${c.id} has an untitled ${axis.type} axis`);
    }
  }
  return charts;
}

// What a KPI card draws besides its text: bars, or a box edge or fill in it
// (the note once looked like a bar, a coloured edge on a tinted strip).
async function kpiBars(page) {
  return page.evaluate(() => {
    const drawn = [];
    for (const card of document.querySelectorAll('.kpi')) {
      for (const el of card.querySelectorAll('*')) {
        const s = getComputedStyle(el);
        const edge = ['Top', 'Right', 'Bottom', 'Left'].some((side) => parseFloat(s[`border${side}Width`]) > 0);
        const fill = s.backgroundColor !== 'rgba(0, 0, 0, 0)' && s.backgroundColor !== 'transparent';
        if (edge || fill || ['PROGRESS', 'METER'].includes(el.tagName) || el.getAttribute('role') === 'progressbar') drawn.push(el.outerHTML.slice(0, 80));
      }
    }
    return drawn.length;
  });
}

test('the plan page opens on the server\'s plan, labels every chart and every country bar', async () => {
  const { page, problems } = await open('plan');
  await page.waitForSelector('[data-testid=plan-origin]', { timeout: 120_000 });
  assert.match(await page.locator('[data-testid=plan-origin]').textContent(), /server's plan/);
  assert.equal(await page.locator('#plan-kpis .kpi').count() >= 4, true);
  assert.equal(await kpiBars(page), 0, 'KPI cards carry no bars');
  const charts = await assertChartsLabelled(page, 2);
  const byCountry = charts.find((c) => c.id === 'plan-h100e');
  assert.ok(byCountry.xAxis[0].categories > 8, `countries: ${byCountry.xAxis[0].categories}`);
  assert.equal(byCountry.xAxis[0].interval, 0, 'every country bar carries its label');
  assert.match(byCountry.yAxis[0].name, /H100e/);
  assert.match(charts.find((c) => c.id === 'plan-gw').yAxis[0].name, /GW/);
  // No job was needed: the jobs list is still empty.
  const jobs = await page.evaluate(async () => (await (await fetch('/api/jobs')).json()).jobs.length);
  assert.equal(jobs, 0);
  await page.screenshot({ path: artifactPath('pages-plan.png'), fullPage: true });
  // A plan job with a time limit, then back to the server's plan.
  await page.fill('[data-testid=plan-time-limit]', '60');
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/plans'),
    page.click('[data-testid=plan-run]'),
  ]);
  assert.equal(JSON.parse(request.postData()).time_limit_seconds, 60);
  await page.waitForFunction(() => /plan job/.test(document.querySelector('[data-testid=plan-origin]')?.textContent || ''), null, { timeout: 120_000 });
  await page.selectOption('[data-testid=plan-show]', 'default');
  await page.waitForFunction(() => /server's plan/.test(document.querySelector('[data-testid=plan-origin]')?.textContent || ''), null, { timeout: 60_000 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('every download answers with its content type and header line', async () => {
  // A recorded decision, so that the decisions file has a row.
  const recorded = await fetch(`${session.server.url}/api/check?record=true`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: `pages-${Date.now()}`, date: '2026-03-02', accelerator: 'H100-SXM', quantity: 8,
      destination: 'DE', consignee: 'Acme Cloud' }),
  });
  assert.equal(recorded.status, 200, await recorded.text());
  const { page, problems } = await open('plan');
  await page.waitForSelector('[data-testid=downloads]', { timeout: 120_000 });
  const links = await page.$$eval('[data-testid=downloads] a[data-download]', (as) => as.map((a) => ({
    href: a.getAttribute('href'), name: a.getAttribute('download'), testid: a.dataset.testid,
  })));
  const expected = {
    'plan.json': [/^application\/json/, /^\{/],
    'site_quarters.csv': [/^text\/csv/, /^site,country,quarter,build_mw,mw_online,grid_mw,power_mw$/],
    'installs.csv': [/^text\/csv/, /^site,country,accelerator,quarter,install_units,installed_base_units$/],
    'served.csv': [/^text\/csv/, /^demand_country,serving_country,quarter,served_h100e$/],
    'unmet.csv': [/^text\/csv/, /^country,quarter,h100e$/],
    'demand.csv': [/^text\/csv/, /^demand_row,country,quarter,demand_h100e,served_h100e,unmet_h100e$/],
    'financing.csv': [/^text\/csv/, /^financier,country,quarter,usd$/],
    'shipments.json': [/^application\/json/, /^\[/],
    'report.html': [/^text\/html/, /^<!DOCTYPE html>$/],
    'decisions.csv': [/^text\/csv/, /^seq,recorded_at,shipment_id,date,accelerator,quantity,destination,consignee,outcome,regime,tier,exception,tpp_total,recorded_by,reason$/],
  };
  assert.deepEqual(links.map((l) => l.name).sort(), Object.keys(expected).sort());
  for (const link of links) {
    const response = await fetch(`${session.server.url}${link.href}`);
    const text = await response.text();
    assert.equal(response.status, 200, `${link.href}: ${text.slice(0, 200)}`);
    const [type, head] = expected[link.name];
    assert.match(response.headers.get('content-type'), type, link.href);
    assert.match(response.headers.get('content-disposition') || '', new RegExp(`filename="${link.name.replace('.', '\\.')}"`));
    assert.match(text.split('\n')[0], head, `${link.href} starts with: ${text.split('\n')[0].slice(0, 120)}`);
    if (link.name === 'plan.json') assert.ok(JSON.parse(text).kpis, 'plan.json has its KPIs');
    if (link.name === 'decisions.csv') assert.match(text, /pages-\d+,2026-03-02,H100-SXM,8,DE,Acme Cloud,/);
    if (link.name === 'report.html') assert.match(text, /stargate-report-bundle/);
  }
  // The links work in the browser too: a click saves the file.
  for (const testid of ['download-site_quarters.csv', 'download-decisions']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testid}"]`)]);
    const saved = artifactPath(`pages-${download.suggestedFilename()}`);
    await download.saveAs(saved);
    assert.equal(await download.failure(), null);
  }
  await page.screenshot({ path: artifactPath('pages-downloads.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the simulation page pictures a simulation job: histograms, fan, tornado, cap-binding probabilities', async () => {
  const { page, problems } = await open('simulation');
  assert.equal(await page.locator('[data-testid=sim-none]').count(), 1, 'no simulation yet');
  await page.fill('input[name=runs]', '400');
  await page.click('[data-testid=sim-run]');
  await page.waitForSelector('[data-testid=tornado]', { timeout: 180_000 });
  assert.equal(await page.locator('[data-testid=histogram]').count() >= 2, true);
  assert.equal(await page.locator('[data-testid=fan]').count(), 1);
  assert.equal(await page.locator('[data-testid=tornado]').count(), 2);
  const kpis = await page.locator('[data-testid=sim-kpis]').textContent();
  assert.match(kpis, /P10 .* P90/);
  assert.equal(await kpiBars(page), 0);
  const caps = await page.locator('[data-testid=cap-binding] tbody tr').count();
  const job = await page.evaluate(async () => {
    const id = window.location.hash.split('/')[2];
    return (await (await fetch(`/api/jobs/${id}`)).json()).result;
  });
  assert.equal(caps, Object.keys(job.cap_binding_probability).length);
  assert.equal(job.tornado.drivers.length, 7);
  const npv = job.histograms.find((h) => h.id === 'npv_overall');
  assert.equal(npv.bins.reduce((a, b) => a + b.count, 0), 400, 'every run in one bin');
  const charts = await assertChartsLabelled(page, 6);
  assert.ok(charts.some((c) => /NPV/.test(c.xAxis[0].name) && /USD/.test(c.xAxis[0].name)), 'the NPV axis names its unit');
  await page.screenshot({ path: artifactPath('pages-simulation.png'), fullPage: true });
  // The jobs page opens a finished simulation.
  await page.goto(`${session.server.url}/#/jobs`);
  await page.waitForSelector('[data-testid=open-simulation]', { timeout: 30_000 });
  await page.click('[data-testid=open-simulation]');
  await page.waitForSelector('[data-testid=tornado]', { timeout: 60_000 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a shipments file is checked as a batch and answered as a table', async () => {
  const dir = tempDir('stargate-batch-');
  const csv = join(dir, 'shipments.csv');
  writeFileSync(csv, 'id,date,accelerator,quantity,destination,consignee\n'
    + 'b1,2026-03-02,H100-SXM,8,DE,Acme Cloud\nb2,2026-03-02,H100-SXM,5000,"United Arab Emirates",G42\nb3,2026-03-03,H100-SXM,100,CN,"Acme, Shanghai"\n');
  const json = join(dir, 'shipments.json');
  writeFileSync(json, JSON.stringify([
    { id: 'j1', date: '2026-03-02', accelerator: 'H100-SXM', quantity: 16, destination: 'Japan', consignee: 'Acme KK' },
    { id: 'j2', date: '2026-03-02', accelerator: 'B200', quantity: 64, destination: 'IN', consignee: 'Acme India' }]));
  const { page, problems } = await open('check');
  for (const [file, ids] of [[csv, ['b1', 'b2', 'b3']], [json, ['j1', 'j2']]]) {
    await page.setInputFiles('[data-testid=batch-file]', file);
    await page.click('[data-testid=batch-submit]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=batch-row]').length === n
      && [...document.querySelectorAll('[data-testid=batch-row] code')].every((c, i, all) => all.length === n), ids.length, { timeout: 30_000 });
    const rows = await page.$$eval('[data-testid=batch-row]', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
    assert.deepEqual(rows.map((r) => r[1]).sort(), ids);
    for (const r of rows) assert.ok(OUTCOMES.includes(r[7]), `outcome ${r[7]}`);
    if (file === csv) {
      const cn = rows.find((r) => r[1] === 'b3');
      assert.equal(cn[6], 'Acme, Shanghai', 'a quoted CSV field is one column');
      assert.notEqual(cn[7], 'no license required');
    }
  }
  await page.click('[data-testid=batch-row] button');
  await page.waitForSelector('#batch-detail [data-testid=trace]');
  await page.screenshot({ path: artifactPath('pages-check-batch.png'), fullPage: true });
  // A malformed file is refused with the server's located message.
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '[{"id": "x1", ');
  await page.setInputFiles('[data-testid=batch-file]', bad);
  await page.click('[data-testid=batch-submit]');
  await page.waitForSelector('#batch-result .error-box');
  assert.match(await page.locator('#batch-result .error-box').textContent(), /line|JSON/i);
  assert.deepEqual(problems.filter((p) => !/status of 400/.test(p)), []);
  await page.close();
});

test('the map runs over the plan\'s quarters and counts no cancelled site', async () => {
  const { page, problems } = await open('map');
  await page.waitForSelector('[data-testid=map-slider]:not([disabled])', { timeout: 120_000 });
  const plan = await page.evaluate(async () => (await (await fetch('/api/plans/default/sites')).json()));
  const cancelled = plan.sites.filter((s) => s.status === 'cancelled');
  assert.ok(cancelled.length > 0, 'the scenario has a cancelled site');
  const gwAt = (i) => plan.sites.filter((s) => s.status !== 'cancelled').reduce((a, s) => a + s.mw_online[i], 0) / 1000;
  const shown = async () => Number((await page.locator('[data-testid=map-gw] .value').textContent()).replace(/[^0-9.]/g, ''));
  const last = plan.quarters.length - 1;
  assert.equal(await page.locator('[data-testid=map-quarter]').textContent(), plan.quarters[last]);
  assert.ok(Math.abs(await shown() - gwAt(last)) < 0.006, `${await shown()} GW shown, ${gwAt(last)} in the plan`);
  await page.screenshot({ path: artifactPath('pages-map-end.png'), fullPage: false });
  await page.locator('[data-testid=map-slider]').fill('0');
  assert.equal(await page.locator('[data-testid=map-quarter]').textContent(), plan.quarters[0]);
  assert.ok(Math.abs(await shown() - gwAt(0)) < 0.006);
  assert.ok(gwAt(0) < gwAt(last), 'the plan grows');
  assert.equal(await page.locator('[data-testid=map-sites] [data-testid=cancelled]').count(), cancelled.length);
  assert.match(await page.locator('#page').textContent(), /cancelled site.*counted in no total/);
  assert.equal(await kpiBars(page), 0);
  await page.screenshot({ path: artifactPath('pages-map-start.png'), fullPage: false });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a stochastic plan is shown beside the deterministic one, with the spread over scenarios', async () => {
  const dir = tempDir('stargate-stochastic-');
  const scenario = join(repoRoot, 'data', 'scenarios', 'small.yaml');
  const made = stargate(['plan', scenario, '--stochastic', '--scenarios', '3', '--seed', '5', '--out', dir]);
  assert.equal(made.status, 0, made.stderr);
  const stochastic = JSON.parse((await import('node:fs')).readFileSync(join(dir, 'plan.json'), 'utf8')).stochastic;
  const other = await startServer(['--scenario', scenario, '--plan', dir, '--no-screening']);
  try {
    const { page, problems } = await open('plan', other.url);
    await page.waitForSelector('[data-testid=stochastic]', { timeout: 120_000 });
    const text = await page.locator('[data-testid=stochastic-kpis]').textContent();
    for (const label of ['expected cost', 'wait-and-see', 'EVPI', 'VSS']) assert.match(text, new RegExp(label));
    // "$360M", "$8.54B": three significant figures of plan.json's values.
    const shown = (label) => {
      const m = text.match(new RegExp(`${label}\\s*\\$([0-9.]+)([kMBT]?)`));
      assert.ok(m, `${label} in: ${text}`);
      return Number(m[1]) * { '': 1, k: 1e3, M: 1e6, B: 1e9, T: 1e12 }[m[2]];
    };
    for (const [label, value] of [['EVPI', stochastic.evpi_usd], ['VSS', stochastic.vss_usd],
      ['expected cost \\(hedged\\)', stochastic.expected_cost_usd]]) {
      assert.ok(Math.abs(shown(label) - value) <= 0.006 * Math.abs(value), `${label}: ${shown(label)} vs ${value}`);
    }
    const side = await page.$$eval('[data-testid=hedged-vs-deterministic] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.ok(side.length >= 5);
    for (const row of side) assert.notEqual(row[2], 'n/a', `the deterministic side of ${row[0]}`);
    assert.equal(await page.locator('[data-testid=stochastic-scenarios] tbody tr').count(), stochastic.scenarios.length);
    assert.equal(await page.locator('[data-testid=download-first_stage\\.csv]').count(), 1);
    const first = await fetch(`${other.url}/api/plans/default/files/first_stage.csv`);
    assert.match((await first.text()).split('\n')[0], /^decision,site_or_financier,commitment,country,quarter,value,mean_value_plan$/);
    await assertChartsLabelled(page, 3);
    await page.screenshot({ path: artifactPath('pages-plan-stochastic.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    assert.equal(await stopServer(other), 0);
  }
});

test('with a token, the downloads carry it and still save their files', async () => {
  const dir = tempDir('stargate-token-');
  const tokens = join(dir, 'tokens.txt');
  const viewer = 'pages-viewer-token-aaaaaaaaaaaa';
  writeFileSync(tokens, `${viewer} viewer vera\n`);
  const other = await startServer(['--tokens', tokens, '--scenario', join(repoRoot, 'data', 'scenarios', 'small.yaml'),
    '--ledger', `sqlite:${join(dir, 'ledger.db')}`, '--no-screening']);
  try {
    // A plain link cannot send the token: the server refuses it.
    assert.equal((await fetch(`${other.url}/api/plans/default/files/unmet.csv`)).status, 401);
    // The token in local storage before the first request, as the token panel leaves it.
    const withToken = await session.browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    await withToken.addInitScript((t) => localStorage.setItem('stargate.token', t), viewer);
    const { page, problems } = await watchedPage(withToken);
    await page.goto(`${other.url}/#/plan`);
    await page.waitForSelector('[data-testid=downloads]', { timeout: 120_000 });
    for (const [testid, head] of [['download-unmet.csv', /^country,quarter,h100e$/], ['download-decisions', /^seq,recorded_at,/]]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testid}"]`)]);
      const saved = artifactPath(`pages-token-${download.suggestedFilename()}`);
      await download.saveAs(saved);
      const text = (await import('node:fs')).readFileSync(saved, 'utf8');
      assert.match(text.split('\n')[0], head, `${testid}: ${text.slice(0, 100)}`);
    }
    assert.deepEqual(problems, []);
    await withToken.close();
  } finally {
    assert.equal(await stopServer(other), 0);
  }
});
