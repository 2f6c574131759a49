// The API contract, checked with third-party tools: docs/openapi.yaml must
// be valid OpenAPI 3.0 (@apidevtools/swagger-parser), and every operation in
// it is driven against the real `stargate serve` on a loopback port with
// valid and invalid requests. Each answer's status must be one the
// operation lists, and its body must match that response's schema
// (openapi-response-validator). Valid request bodies must match the
// document's request schema, and bodies that schema refuses (an extra
// member, an empty batch) must be refused by the server too. Two servers:
// one with everything (tokens, a SQLite ledger, a screening list, a 1 MiB
// body limit), one bare (no ledger, no list) for the 409 answers.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ContractChecker, fetchAnswer, loadDocument, operationsOf, rawRequest } from './contract_tools.mjs';
import { repoRoot, startServer, stopServer, tempDir } from './helpers.mjs';

const VIEWER = 'contract-viewer-token-aaaaaaaa';
const PLANNER = 'contract-planner-token-bbbbbbb';
const COMPLIANCE = 'contract-compliance-token-ccc';
const SCENARIO = join(repoRoot, 'data', 'scenarios', 'small.yaml');
const SCREEN_LIST = join(repoRoot, 'src', 'stargate', 'screen', 'testdata', 'ofac');

let document;
let checker;
let full;
let bare;

before(async () => {
  const dir = tempDir('stargate-contract-');
  const tokens = join(dir, 'tokens.txt');
  writeFileSync(tokens, `${VIEWER} viewer vera\n${PLANNER} planner pat\n${COMPLIANCE} compliance carl\n`);
  const common = ['--tokens', tokens, '--scenario', SCENARIO, '--max-body-mib', '1'];
  full = await startServer([...common, '--ledger', `sqlite:${join(dir, 'ledger.db')}`, '--screen-list', SCREEN_LIST]);
  bare = await startServer([...common, '--no-screening']);
});

after(async () => {
  for (const server of [full, bare]) {
    if (!server) continue;
    const code = await stopServer(server);
    assert.equal(code, 0, `stargate serve exited with ${code}:\n${server.log()}`);
  }
  if (checker) {
    const operations = operationsOf(document).length;
    console.log(`api contract: ${operations} operations, ${checker.answers} answers validated against docs/openapi.yaml`);
  }
});

const shipment = (id, extra = {}) => ({
  id, date: '2025-06-01', accelerator: 'H100-SXM', quantity: 8, destination: 'DE', consignee: `Acme ${id}`, ...extra,
});
const chip = (id) => shipment(id, { accelerator: { tpp: 790000, die_area_mm2: 10000 }, destination: 'IN', quantity: 100 });

// One request of operation `method path` (document form) sent to `target`
// through fetch(), checked against the document; returns the parsed body.
async function send(server, method, path, target, options = {}, what = '') {
  const answer = await fetchAnswer(server.url, method, target, options);
  if (options.expect !== undefined) {
    assert.equal(answer.status, options.expect, `${method} ${target} (${what}): ${answer.body.slice(0, 300)}`);
  }
  return checker.check(method, path, answer, what || target);
}

// The same through a raw socket (`lines`: header fields after the request line).
async function sendRaw(server, method, path, target, lines, body = '', expect, what = '') {
  const head = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...lines];
  if (body.length) head.push(`Content-Length: ${Buffer.byteLength(body)}`);
  const answer = await rawRequest(server.url, `${head.join('\r\n')}\r\n\r\n${body}`);
  assert.equal(answer.status, expect, `${method} ${target} (${what}): ${answer.body.slice(0, 300)}`);
  return checker.check(method, path, answer, what);
}

async function awaitJob(id) {
  for (let i = 0; i < 600; i++) {
    const job = await send(full, 'GET', '/api/jobs/{id}', `/api/jobs/${id}`, { token: VIEWER, expect: 200 }, 'poll');
    if (['done', 'failed', 'cancelled'].includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} did not finish`);
}

test('docs/openapi.yaml is valid OpenAPI 3.0', async () => {
  document = await loadDocument();
  assert.match(document.openapi, /^3\.0\./);
  checker = new ContractChecker(document);
  assert.ok(operationsOf(document).length >= 20);
});

// A concrete target for a path template.
const SAMPLE_IDS = { '{id}': 'oct-2023', '{country}': 'AE', '{name}': 'plan.json' };
function concrete(path) {
  if (path === '/api/jobs/{id}') return '/api/jobs/plan-999-000000';
  if (path.startsWith('/api/plans/{id}')) return path.replace('{id}', 'default').replace('{name}', 'plan.json');
  return path.replace(/\{[a-z]+\}/g, (m) => SAMPLE_IDS[m]);
}

test('every operation refuses what the transport and the dispatcher refuse, as documented', async () => {
  assert.ok(checker, 'the document loaded');
  for (const { method, path, operation } of operationsOf(document)) {
    // The compliance role may call every operation: what is refused here is the request's shape.
    const auth = `Authorization: Bearer ${COMPLIANCE}`;
    const target = concrete(path);
    const needsToken = !(operation.security && operation.security.length === 0);
    // An unknown query parameter: 400 naming it, on every route.
    const bad = await sendRaw(full, method, path, `${target}?bogus_parameter=1`, [auth], '', 400, 'unknown query');
    assert.match(bad.error.message, /query parameter 'bogus_parameter' is not known/);
    // A NUL in the path, percent-encoded: 400 (it used to be served).
    await sendRaw(full, method, path, `${target}%00x`, [auth], '', 400, 'NUL in the path');
    // Two Authorization headers: 400, whichever they are.
    await sendRaw(full, method, path, target, [auth, `Authorization: Bearer ${VIEWER}`], '', 400, 'two tokens');
    // No token: 401 (but for /api/health).
    if (needsToken) await sendRaw(full, method, path, target, [], '', 401, 'no token');
    // The size limits, whatever the method.
    await sendRaw(full, method, path, `${target}?q=${'a'.repeat(9000)}`, [auth], '', 414, 'a 9 KB target');
    await sendRaw(full, method, path, target, [auth, `X-Big: ${'b'.repeat(33 * 1024)}`], '', 431, '33 KiB of fields');
    await sendRaw(full, method, path, target, [auth, 'Content-Type: application/json'], ' '.repeat((1 << 20) + 1), 413,
      'a body over 1 MiB');
  }
});

test('data and rules operations answer as documented', async () => {
  for (const path of ['/api/health', '/api/scenario', '/api/accelerators', '/api/countries', '/api/sites',
    '/api/financiers', '/api/regimes']) {
    await send(full, 'GET', path, path, { token: VIEWER, expect: 200 });
  }
  await send(full, 'GET', '/api/regimes/{id}', '/api/regimes/ai-diffusion-2025', { token: VIEWER, expect: 200 });
  await send(full, 'GET', '/api/regimes/{id}', '/api/regimes/oct2023', { token: VIEWER, expect: 404 });
  const diff = '/api/regimes/diff';
  await send(full, 'GET', diff, `${diff}?a=oct-2023&b=ai-diffusion-2025`, { token: VIEWER, expect: 200 });
  await send(full, 'GET', diff, `${diff}?a=oct-2023&b=ai-diffusion-2025&country=ae&date=2025-06-01`,
    { token: VIEWER, expect: 200 });
  await send(full, 'GET', diff, `${diff}?a=oct-2023`, { token: VIEWER, expect: 400 });
  await send(full, 'GET', diff, `${diff}?a=oct-2023&b=nope`, { token: VIEWER, expect: 400 });
  await send(full, 'GET', diff, `${diff}?a=oct-2023&b=ai-diffusion-2025&date=2025-02-30`, { token: VIEWER, expect: 400 });
  await send(full, 'GET', diff, `${diff}?a=oct-2023&b=ai-diffusion-2025&country=ZZ`, { token: VIEWER });
  const tier = '/api/tier/{country}';
  await send(full, 'GET', tier, '/api/tier/AE?date=2025-06-01', { token: VIEWER, expect: 200 });
  await send(full, 'GET', tier, '/api/tier/de?regime=oct-2023', { token: VIEWER, expect: 200 });
  await send(full, 'GET', tier, '/api/tier/ZZ', { token: VIEWER, expect: 404 });
  await send(full, 'GET', tier, '/api/tier/AE?date=2025-13-01', { token: VIEWER, expect: 400 });
  await send(full, 'GET', tier, '/api/tier/AE?regime=nope', { token: VIEWER, expect: 400 });
});

test('checks answer as documented, and the request schema agrees with the server', async () => {
  const path = '/api/check';
  const valid = [shipment('s1'), [shipment('s2'), chip('s3')], [chip('s4')]];
  for (const body of valid) {
    assert.ok(checker.requestAccepts('POST', path, body), `the document refuses a valid body: ${JSON.stringify(body)}`);
    await send(full, 'POST', path, path, { token: VIEWER, body, expect: 200 });
  }
  await send(full, 'POST', path, `${path}?regime=ai-diffusion-2025&trace=false`, { token: VIEWER, body: shipment('s5'),
    expect: 200 });
  const recorded = await send(full, 'POST', path, `${path}?record=true`, { token: COMPLIANCE, body: [chip('s6')],
    expect: 200 });
  assert.equal(recorded.recorded.count, 2); // the consignee's screening, then the decision
  // The parties a decision screens: the end user and the consignee's owners.
  const parties = shipment('s16', { end_user: 'Acme Research', owners: [{ name: 'Acme Holdings', share: 0.6 },
    { name: 'Other Holdings', share: 0.4 }] });
  assert.ok(checker.requestAccepts('POST', path, parties));
  await send(full, 'POST', path, path, { token: VIEWER, body: parties, expect: 200 });
  const overOwned = shipment('s17', { owners: [{ name: 'A', share: 0.6 }, { name: 'B', share: 0.6 }] });
  await send(full, 'POST', path, path, { token: VIEWER, body: overOwned, expect: 400 }, 'owners past 100%');
  await send(full, 'POST', path, path, { token: VIEWER, contentType: 'text/csv', expect: 200,
    body: 'id,date,accelerator,quantity,destination,consignee\ns7,2025-06-01,H100-SXM,8,DE,Acme\n' });
  // What the document's schema refuses, the server refuses.
  const refused = [[], shipment('s8', { colour: 'red' }), shipment('s9', { quantity: 0 }), { id: 's10' },
    shipment('s11', { accelerator: { tpp: 1, die_area_mm2: 1, speed: 2 } }), shipment('s12', { destination: '' })];
  for (const body of refused) {
    assert.equal(checker.requestAccepts('POST', path, body), false, `the document accepts ${JSON.stringify(body)}`);
    await send(full, 'POST', path, path, { token: VIEWER, body, expect: 400 }, JSON.stringify(body));
  }
  // A country by name is a country; a misspelt one is refused by the server with a suggestion.
  assert.ok(checker.requestAccepts('POST', path, shipment('s18', { destination: 'Germany' })));
  await send(full, 'POST', path, path, { token: VIEWER, body: shipment('s18', { destination: 'Germany' }), expect: 200 });
  await send(full, 'POST', path, path, { token: VIEWER, body: shipment('s19', { destination: 'Germny' }), expect: 400 }, 'misspelt country');
  await send(full, 'POST', path, path, { token: VIEWER, body: '{"id": ', expect: 400 }, 'malformed JSON');
  await send(full, 'POST', path, path, { token: VIEWER, body: '', expect: 400 }, 'no body');
  await send(full, 'POST', path, `${path}?record=maybe`, { token: COMPLIANCE, body: shipment('s13'), expect: 400 });
  await send(full, 'POST', path, `${path}?record=true`, { token: VIEWER, body: shipment('s14'), expect: 403 });
  await send(bare, 'POST', path, `${path}?record=true`, { token: COMPLIANCE, body: shipment('s15'), expect: 409 });
});

test('screening and the ledger answer as documented', async () => {
  const screen = '/api/screen';
  const names = { names: ['Vladimir Putin', 'Acme Cloud'], threshold: 0.8, max_hits: 3 };
  assert.ok(checker.requestAccepts('POST', screen, names));
  await send(full, 'POST', screen, screen, { token: VIEWER, body: names, expect: 200 });
  for (const body of [{ names: [] }, { names: ['x'], color: 1 }, { names: ['x'], threshold: 0 }, {}]) {
    assert.equal(checker.requestAccepts('POST', screen, body), false, JSON.stringify(body));
    await send(full, 'POST', screen, screen, { token: VIEWER, body, expect: 400 }, JSON.stringify(body));
  }
  await send(bare, 'POST', screen, screen, { token: VIEWER, body: names, expect: 409 });
  await send(full, 'GET', '/api/ledger', '/api/ledger?limit=5&after=0&kind=shipment_decision',
    { token: VIEWER, expect: 200 });
  await send(full, 'GET', '/api/ledger', '/api/ledger', { token: VIEWER, expect: 200 });
  await send(full, 'GET', '/api/ledger', '/api/ledger?limit=5000', { token: VIEWER, expect: 400 });
  await send(full, 'GET', '/api/ledger', '/api/ledger?kind=decisions', { token: VIEWER, expect: 400 });
  await send(full, 'GET', '/api/ledger', '/api/ledger?limit=1&limit=2', { token: VIEWER, expect: 400 });
  await send(bare, 'GET', '/api/ledger', '/api/ledger', { token: VIEWER, expect: 409 });
  await send(full, 'GET', '/api/ledger/verify', '/api/ledger/verify', { token: VIEWER, expect: 200 });
  await send(bare, 'GET', '/api/ledger/verify', '/api/ledger/verify', { token: VIEWER, expect: 409 });
});

test('plans, simulations, jobs and finance answer as documented', async () => {
  const plans = '/api/plans';
  const sims = '/api/simulations';
  const jobs = '/api/jobs/{id}';
  const planBody = { regime: 'by_date', objective: 'cost', milp: false, time_limit_seconds: 60 };
  assert.ok(checker.requestAccepts('POST', plans, planBody));
  const plan = await send(full, 'POST', plans, plans, { token: PLANNER, body: planBody, expect: 202 });
  await send(full, 'POST', plans, plans, { token: VIEWER, body: {}, expect: 403 });
  assert.ok(checker.requestAccepts('POST', plans, { min_freedom_score: 70 }));
  for (const body of [{ objective: 'speed' }, { regim: 'by_date' }, { time_limit_seconds: 0 },
    { min_freedom_score: 101 }, { min_freedom_score: -1 }, { min_freedom_score: 'free' }]) {
    assert.equal(checker.requestAccepts('POST', plans, body), false, JSON.stringify(body));
    const error = await send(full, 'POST', plans, plans, { token: PLANNER, body, expect: 400 }, JSON.stringify(body));
    if ('min_freedom_score' in body) assert.match(JSON.stringify(error), /min_freedom_score/, 'the error names the member');
  }
  const done = await awaitJob(plan.job);
  assert.equal(done.state, 'done', JSON.stringify(done).slice(0, 300));
  await send(full, 'GET', '/api/jobs', '/api/jobs', { token: VIEWER, expect: 200 });
  await send(full, 'GET', jobs, '/api/jobs/plan-999-000000', { token: VIEWER, expect: 404 });

  const simBody = { runs: 20, seed: 7, plan_job: plan.job };
  assert.ok(checker.requestAccepts('POST', sims, simBody));
  const sim = await send(full, 'POST', sims, sims, { token: PLANNER, body: simBody, expect: 202 });
  await send(full, 'POST', sims, sims, { token: VIEWER, body: {}, expect: 403 });
  await send(full, 'POST', sims, sims, { token: PLANNER, body: { plan_job: 'plan-999-000000' }, expect: 404 });
  await send(full, 'POST', sims, sims, { token: PLANNER, body: { plan_job: sim.job }, expect: 400 }, 'a simulation job');
  for (const body of [{ runs: 0 }, { seeds: 1 }]) {
    assert.equal(checker.requestAccepts('POST', sims, body), false, JSON.stringify(body));
    await send(full, 'POST', sims, sims, { token: PLANNER, body, expect: 400 }, JSON.stringify(body));
  }
  await awaitJob(sim.job);

  // Cancelling: a long simulation runs (one job worker), a plan waits behind it.
  const long = await send(full, 'POST', sims, sims, { token: PLANNER, body: { runs: 100000, plan_job: plan.job },
    expect: 202 });
  const queued = await send(full, 'POST', plans, plans, { token: PLANNER, body: {}, expect: 202 });
  await send(full, 'DELETE', jobs, `/api/jobs/${queued.job}`, { token: VIEWER, expect: 403 });
  await send(full, 'DELETE', jobs, `/api/jobs/${queued.job}`, { token: PLANNER, expect: 200 }, 'queued');
  await send(full, 'DELETE', jobs, `/api/jobs/${long.job}`, { token: PLANNER, expect: 200 }, 'running');
  await send(full, 'DELETE', jobs, `/api/jobs/${plan.job}`, { token: PLANNER, expect: 409 }, 'finished');
  await send(full, 'DELETE', jobs, '/api/jobs/plan-999-000000', { token: PLANNER, expect: 404 });

  const planDiff = '/api/plans/diff';
  const diff = await send(full, 'GET', planDiff, `${planDiff}?a=default&b=${plan.job}`, { token: VIEWER, expect: 200 });
  assert.equal(diff.b, plan.job);
  // The other objective builds another plan: rows to hold against the schema.
  const compute = await send(full, 'POST', plans, plans, { token: PLANNER, body: { objective: 'compute' }, expect: 202 });
  assert.equal((await awaitJob(compute.job)).state, 'done');
  const rows = await send(full, 'GET', planDiff, `${planDiff}?a=${plan.job}&b=${compute.job}`, { token: VIEWER, expect: 200 });
  assert.ok(rows.by_country_year.length > 0, 'the two objectives give different plans');
  await send(full, 'GET', planDiff, `${planDiff}?a=default`, { token: VIEWER, expect: 400 }, 'one plan');
  await send(full, 'GET', planDiff, `${planDiff}?a=default&b=plan-999-000000`, { token: VIEWER, expect: 404 });
  await send(full, 'GET', planDiff, `${planDiff}?a=default&b=${sim.job}`, { token: VIEWER, expect: 400 }, 'a sim job');
  await send(full, 'GET', planDiff, `${planDiff}?a=default&b=${queued.job}`, { token: VIEWER, expect: 409 }, 'cancelled');

  // A plan as a document, its sites by quarter, its files and its report: the default plan and a job's.
  for (const id of ['default', plan.job]) {
    await send(full, 'GET', '/api/plans/{id}', `/api/plans/${id}`, { token: VIEWER, expect: 200 });
    const sites = await send(full, 'GET', '/api/plans/{id}/sites', `/api/plans/${id}/sites`, { token: VIEWER, expect: 200 });
    assert.ok(sites.sites.every((x) => x.mw_online.length === sites.quarters.length));
    for (const name of ['plan.json', 'installs.csv', 'shipments.json']) {
      await send(full, 'GET', '/api/plans/{id}/files/{name}', `/api/plans/${id}/files/${name}`, { token: VIEWER, expect: 200 }, name);
    }
  }
  await send(full, 'GET', '/api/plans/{id}/report', '/api/plans/default/report', { token: VIEWER }, 'with or without a web build');
  await send(full, 'GET', '/api/plans/{id}/report', `/api/plans/${sim.job}/report`, { token: VIEWER, expect: 400 }, 'a sim job');
  for (const path of ['/api/plans/{id}', '/api/plans/{id}/sites']) {
    await send(full, 'GET', path, path.replace('{id}', 'plan-999-000000'), { token: VIEWER, expect: 404 });
    await send(full, 'GET', path, path.replace('{id}', sim.job), { token: VIEWER, expect: 400 }, 'a sim job');
    await send(full, 'GET', path, path.replace('{id}', queued.job), { token: VIEWER, expect: 409 }, 'cancelled');
  }
  const file = '/api/plans/{id}/files/{name}';
  await send(full, 'GET', file, '/api/plans/default/files/passwd', { token: VIEWER, expect: 404 }, 'not a plan file');
  await send(full, 'GET', file, '/api/plans/default/files/first_stage.csv', { token: VIEWER, expect: 404 }, 'not stochastic');
  await send(full, 'GET', file, `/api/plans/${sim.job}/files/plan.json`, { token: VIEWER, expect: 400 }, 'a sim job');
  const decisions = '/api/ledger/decisions.csv';
  await send(full, 'GET', decisions, decisions, { token: VIEWER, expect: 200 });
  await send(bare, 'GET', decisions, decisions, { token: VIEWER, expect: 409 });
  await send(full, 'GET', '/api/finance', `/api/finance?job=${plan.job}`, { token: VIEWER, expect: 200 });
  await send(full, 'GET', '/api/finance', '/api/finance', { token: VIEWER, expect: 200 }, 'the scenario\'s plan');
  await send(full, 'GET', '/api/finance', '/api/finance?job=plan-999-000000', { token: VIEWER, expect: 404 });
  await send(full, 'GET', '/api/finance', `/api/finance?job=${sim.job}`, { token: VIEWER, expect: 400 }, 'a sim job');
});

test('every operation of the document was driven, with a success and a refusal', () => {
  for (const { method, path } of operationsOf(document)) {
    const seen = checker.statuses.get(`${method} ${path}`) ?? new Set();
    assert.ok([...seen].some((s) => s < 300), `${method} ${path} never succeeded: ${[...seen]}`);
    assert.ok([...seen].some((s) => s >= 400), `${method} ${path} was never refused: ${[...seen]}`);
  }
});
