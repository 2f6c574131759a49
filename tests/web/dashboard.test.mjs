// The dashboard end to end: the real `stargate serve` on a loopback port
// (with a fresh SQLite ledger) serves web/dist; headless Chromium loads it,
// runs a shipment check from the form, and must see the decision with its
// cited trace, the map of sites, a country's tier page and the ledger's
// verification. Screenshots go to build/test-artifacts/dashboard-*.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { artifactPath, dashboardSession } from './helpers.mjs';

const OUTCOMES = ['no license required', 'license exception', 'license required', 'prohibited'];
const session = dashboardSession('stargate-dashboard-', { readyTimeoutMs: 30_000 });
const open = session.open;

test('a shipment check shows the decision and its trace with citations', async () => {
  const { page, problems } = await open('check');
  await page.selectOption('select[name=accelerator]', 'H100-SXM');
  await page.fill('input[name=quantity]', '2000');
  await page.selectOption('select[name=destination]', 'AE');
  await page.fill('input[name=consignee]', 'G42');
  await page.fill('input[name=date]', '2026-03-02');
  await page.check('input[name=record]');
  await page.click('[data-testid=check-submit]');
  const outcome = page.locator('[data-testid=decision-outcome]');
  await outcome.waitFor({ timeout: 30_000 });
  assert.ok(OUTCOMES.includes((await outcome.textContent()).trim()), await outcome.textContent());
  const steps = page.locator('[data-testid=trace] tbody tr');
  assert.ok(await steps.count() >= 3, 'the trace has its rule steps');
  const cites = await page.locator('[data-testid=trace] td.cite').allTextContents();
  assert.ok(cites.some((c) => /CFR|FR /.test(c)), `the trace cites the regulation: ${cites.join(' | ')}`);
  assert.match(await page.locator('[data-testid=decision]').textContent(), /recorded/);
  await page.screenshot({ path: artifactPath('dashboard-check.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a check to a listed party is refused with the list entry shown', async () => {
  const { page, problems } = await open('check');
  await page.fill('input[name=id]', `dash-listed-${Date.now()}`);
  await page.selectOption('select[name=destination]', 'AE');
  await page.fill('input[name=consignee]', 'Rosoboronexport');
  await page.fill('input[name=date]', '2026-03-02');
  await page.click('[data-testid=check-submit]');
  const outcome = page.locator('[data-testid=decision-outcome]');
  await outcome.waitFor({ timeout: 30_000 });
  assert.notEqual((await outcome.textContent()).trim(), 'no license required');
  assert.equal((await page.locator('[data-testid=screening-status]').first().textContent()).trim(), 'match');
  assert.match(await page.locator('[data-testid=hit]').first().textContent(), /ROSOBORON|Rosoboron/i);
  // The shipped SDN snapshot (2024-05-03) is stale: the card says so, with its date.
  assert.match(await page.locator('[data-testid=stale-lists]').first().textContent(), /ofac-sdn \(data of 2024-05-03, \d+ days old\)/);
  await page.screenshot({ path: artifactPath('dashboard-check-listed.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the screening page finds a party on the Entity List and explains the hit', async () => {
  const { page, problems } = await open('screen');
  await page.fill('[data-testid=screen-names]', 'Huawei Technologies Co., Ltd.\nAcme Data Centers Ltd');
  await page.click('[data-testid=screen-submit]');
  await page.waitForSelector('[data-testid=screen-result]', { timeout: 30_000 });
  const results = page.locator('[data-testid=screen-result]');
  assert.equal(await results.count(), 2);
  const first = await results.nth(0).textContent();
  assert.match(first, /Entity List/);
  assert.match(first, /Huawei Technologies Co\., Ltd\./);
  assert.match(await results.nth(1).textContent(), /clear/);
  await page.screenshot({ path: artifactPath('dashboard-screen.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the ledger holds the recorded decision and verifies', async () => {
  const { page, problems } = await open('ledger');
  await page.waitForSelector('[data-testid=verify] .badge');
  assert.match(await page.locator('[data-testid=verify]').textContent(), /intact/);
  assert.match(await page.locator('[data-testid=ledger]').textContent(), /H100-SXM/);
  await page.screenshot({ path: artifactPath('dashboard-ledger.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the map draws every site and a country page shows its tier and upgrade path', async () => {
  const { page, problems } = await open('map');
  assert.equal(await page.locator('[data-testid=map] canvas').count() > 0, true);
  assert.ok(await page.locator('[data-testid=site-sources] a[href^="http"]').count() > 10, 'the site records link their sources');
  await page.screenshot({ path: artifactPath('dashboard-map.png'), fullPage: true });
  await page.goto(`${session.server.url}/#/country/AE`);
  await page.waitForSelector('[data-testid=tier]', { timeout: 30_000 });
  assert.ok((await page.locator('[data-testid=tier]').textContent()).trim().length > 0);
  // The country's sources (docs/sources.md keys in data/) show as linked titles, never bare keys.
  const sources = await page.evaluate(async () => {
    const line = [...document.querySelectorAll('[data-testid=sources]')].pop();
    const ae = (await (await fetch('/api/countries')).json()).countries.find((c) => c.iso2 === 'AE');
    return {
      text: line ? line.textContent : '',
      links: line ? [...line.querySelectorAll('a')].map((a) => a.href) : [],
      keys: ae.provenance.references.filter((r) => r.title).map((r) => r.key),
    };
  });
  assert.ok(sources.keys.length > 0, 'AE cites bibliography keys');
  assert.ok(sources.links.length >= sources.keys.length && sources.links.every((h) => /^https?:\/\//.test(h)), sources.links.join(' '));
  for (const key of sources.keys) assert.doesNotMatch(sources.text, new RegExp(`\\b${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`), `bare key ${key} in: ${sources.text}`);
  // The partner's view in plain words: the plan by year, caps in H100 and chips, terms with tooltips.
  await page.waitForSelector('[data-testid=glossary]', { timeout: 60_000 });
  const view = await page.evaluate(() => ({
    text: document.querySelector('#tier-out').textContent,
    terms: [...document.querySelectorAll('#tier-out .term[title]')].map((t) => t.getAttribute('title')),
    glossary: document.querySelectorAll('[data-testid=glossary] dt').length,
    plan: document.querySelectorAll('[data-testid=plan-by-year] tbody tr').length,
    legal: [...document.querySelectorAll('#tier-out .legal-links a')].map((a) => a.href),
  }));
  assert.ok(view.glossary >= 4, `terms explained: ${view.glossary}`);
  assert.ok(view.terms.length > 0 && view.terms.every((t) => t.length > 10), 'terms carry their meaning as a tooltip');
  assert.ok(view.plan > 0, 'the server plan gives AE compute by year');
  assert.match(view.text, /H100e/);
  assert.ok(view.legal.some((h) => /ecfr\.gov|federalregister\.gov/.test(h)), view.legal.join(' '));
  assert.doesNotMatch(view.text, /\(source: |program\.md#/);
  await page.screenshot({ path: artifactPath('dashboard-country.png'), fullPage: true });
  // A country by name in the address, as the API takes it.
  await page.goto(`${session.server.url}/#/country/germany`);
  await page.waitForFunction(() => (document.querySelector('#tier-out h2') || {}).textContent?.includes('Germany'), null, { timeout: 30_000 });
  assert.equal(await page.locator('[data-testid=country-select]').inputValue(), 'DE');
  assert.deepEqual(problems, []);
  await page.close();
});
