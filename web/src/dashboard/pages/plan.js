// Plans: the page opens on the server's plan (GET /api/plans/default: the
// scenario's own, or the one `stargate serve --plan DIR` read), can start
// another (POST /api/plans runs it as a background job), and reads the
// result with a quarter slider: capacity online up to that quarter, and
// compute by country in that quarter's year. Each plan's files, its report
// and the ledger's decisions download from here. A stochastic plan
// (`stargate plan --stochastic`) is shown beside the deterministic one, with
// the spread over its scenarios. Two plans (the
// scenario's default or finished jobs) are compared with GET /api/plans/diff,
// the view `stargate plan diff` and the report's Comparison section give.
import { api, cached } from '../api.js';
import { draw, linesOption, stackedOption } from '../../shared/charts.js';
import { downloadsPanel } from './downloads.js';
import { stochasticSection } from './stochastic.js';
import { compact, esc, percent, usd } from '../../shared/format.js';
import { PALETTE } from '../../shared/palette.js';
import { planDiffHtml } from '../../shared/plan_diff.js';
import { freeShareOption, valueYears, valuesBodyHtml, zoneShareOption } from '../../shared/values.js';
import { $, errorBox, kpi, options, progressBar } from '../ui.js';
import { waitForJob } from './jobs.js';

function yearOf(quarter) { return quarter.slice(0, 4); }

function renderResult(out, plan, charts, names, id) {
  const k = plan.kpis;
  const quarters = Object.keys(k.gw_online_by_quarter).sort();
  if (!quarters.length) {
    out.innerHTML = `<p class="muted">The plan has no quarters (status ${esc(plan.status)}).</p>`;
    return;
  }
  const countries = Object.keys(k.h100e_by_country_year)
    .sort((a, b) => Math.max(...Object.values(k.h100e_by_country_year[b])) - Math.max(...Object.values(k.h100e_by_country_year[a])));
  out.innerHTML = `
    <div class="plan-head"><span class="badge ${plan.status === 'optimal' ? 'ok' : 'warn'}">${esc(plan.status)}</span>
      scenario <b>${esc(plan.scenario)}</b>, regime <b>${esc(plan.regime)}</b>, objective ${esc(plan.objective_kind)}:
      <b>${plan.objective_kind === 'cost' ? usd(plan.objective) : `${compact(plan.objective)} H100e-quarters`}</b> (${esc(plan.solver)})
      <div class="muted small" data-testid="plan-origin">${esc(id === 'default' ? 'the server\'s plan' : `plan job ${id}`)}${plan.origin ? `: ${esc(plan.origin)}` : ''}</div></div>
    ${downloadsPanel(id, Boolean(plan.stochastic))}
    ${plan.stochastic ? '<div id="plan-stochastic"></div>' : ''}
    <div class="slider-row panel">
      <label for="quarter-slider">Quarter</label>
      <input type="range" id="quarter-slider" data-testid="quarter-slider" min="0" max="${quarters.length - 1}" value="${quarters.length - 1}" step="1">
      <b id="quarter-label" class="mono"></b>
    </div>
    <div class="kpis" id="plan-kpis"></div>
    <div class="grid2">
      <figure class="figure"><figcaption>Capacity online <span class="unit">(GW)</span></figcaption><div class="chart" id="plan-gw"></div></figure>
      <figure class="figure"><figcaption>Compute by country <span class="unit">(H100e installed at the end of the year)</span></figcaption><div class="chart tall" id="plan-h100e"></div></figure>
    </div>
    <h3>Values</h3>
    <p class="muted small">Share of the compute installed at each year's end in countries Freedom House rates Free, and by data-protection zone (the plan's KPIs).</p>
    <div id="plan-values" data-testid="plan-values">${valuesBodyHtml(k, plan.objective_kind, 'plan-values')}</div>
    <h3>What binds</h3>
    <ul class="sentences">${(plan.binding || []).slice(0, 10).map((b) => `<li>${esc(b.sentence)}</li>`).join('') || '<li class="muted">nothing reported</li>'}</ul>
    ${(plan.diagnosis || []).length ? `<h3>Why demand is unmet</h3><ul class="sentences">${plan.diagnosis.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>` : ''}`;
  const gwElement = $('#plan-gw', out);
  const h100eElement = $('#plan-h100e', out);
  const slider = $('#quarter-slider', out);
  const update = () => {
    const q = quarters[Number(slider.value)];
    const year = yearOf(q);
    $('#quarter-label', out).textContent = q;
    const byCountry = countries.map((c) => ({ c, v: (k.h100e_by_country_year[c] || {})[year] || 0 })).filter((x) => x.v > 0);
    const total = byCountry.reduce((a, x) => a + x.v, 0);
    $('#plan-kpis', out).innerHTML = [
      kpi('online', `${(k.gw_online_by_quarter[q] || 0).toFixed(2)} GW`, `in ${q}`),
      kpi('compute', `${compact(total)} H100e`, `end of ${year}`),
      kpi('countries with compute', String(byCountry.length), `end of ${year}`),
      kpi('capex (whole plan)', usd(k.capex_usd)),
      kpi('Tier 1 share (end)', percent(k.tier1_compute_share)),
      kpi('demand served (whole plan)', percent(k.served_share || 0)),
    ].join('');
    const gwChart = draw(gwElement, linesOption({
      categories: quarters,
      series: [{ name: 'GW online', values: quarters.map((x) => k.gw_online_by_quarter[x]), color: PALETTE[0], area: true }],
      xName: 'quarter', yName: 'GW', valueFormatter: (v) => `${v.toFixed(2)} GW`, markX: q,
    }), 'canvas');
    const h100eChart = draw(h100eElement, stackedOption({
      categories: byCountry.map((x) => names(x.c)),
      series: [{ name: `H100e at the end of ${year}`, values: byCountry.map((x) => x.v), color: PALETTE[2] }],
      xName: 'country', yName: 'H100e', valueFormatter: (v) => `${compact(v)} H100e`, everyLabel: true,
    }), 'canvas');
    for (const c of [gwChart, h100eChart]) if (!charts.includes(c)) charts.push(c);
  };
  slider.addEventListener('input', update);
  update();
  if (valueYears(k).length) {
    charts.push(draw($('#plan-values-free', out), freeShareOption(k), 'canvas'));
    charts.push(draw($('#plan-values-zones', out), zoneShareOption(k), 'canvas'));
  }
  if (plan.stochastic) stochasticSection($('#plan-stochastic', out), plan, charts);
}

const DEFAULT_PLAN = 'default';

function planChoices(done, selected) {
  const choices = [{ id: DEFAULT_PLAN, label: 'default: the scenario\'s plan under its own regime' },
    ...done.map((j) => ({ id: j.id, label: `${j.id} (${j.message || 'done'})` }))];
  return options(choices, selected, { value: (c) => c.id, label: (c) => c.label });
}

// The compare panel: A and B from the default plan and the finished plan
// jobs (B the newest job at first), refreshed whenever a job finishes.
function comparePanel(root, names) {
  const form = $('#diff-form', root);
  const out = $('#plan-diff', root);
  // `latest`: a job that just finished becomes B.
  const refresh = async (latest = '') => {
    const jobs = await api('/api/jobs');
    const done = (jobs.jobs || []).filter((j) => j.kind === 'plan' && j.state === 'done');
    const a = form.a.value || DEFAULT_PLAN;
    const b = latest || form.b.value || (done.length ? done[done.length - 1].id : DEFAULT_PLAN);
    form.a.innerHTML = planChoices(done, a);
    form.b.innerHTML = planChoices(done, b);
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    out.innerHTML = '<p class="muted">comparing…</p>';
    try {
      const diff = await api('/api/plans/diff', { query: { a: form.a.value, b: form.b.value } });
      out.innerHTML = planDiffHtml(diff, names);
    } catch (e) {
      out.innerHTML = errorBox(e);
    }
  });
  return refresh;
}

export async function renderPlan(root, charts) {
  const [regimes, countries, jobs] = await Promise.all([cached('/api/regimes'), cached('/api/countries'), api('/api/jobs')]);
  const names = (code) => (countries.countries.find((c) => c.iso2 === code) || { name: code }).name;
  const done = (jobs.jobs || []).filter((j) => j.kind === 'plan' && j.state === 'done');
  root.innerHTML = `
    <h1>Plan</h1>
    <p class="muted">Solve the build-out for the server's scenario: sites, accelerators and financing by quarter, within the export caps of the regime.</p>
    <form id="plan-form" class="panel inline-form">
      <label>Regime<select name="regime"><option value="by_date">in force by date</option>${options(regimes.regimes, '', { value: (r) => r.id, label: (r) => r.id })}</select></label>
      <label>Objective<select name="objective"><option value="cost">minimise cost</option><option value="compute">maximise compute</option></select></label>
      <label class="check"><input type="checkbox" name="milp"> MILP (site opening, modular builds; slower)</label>
      <label>Time limit <span class="unit">(s)</span><input type="number" name="time_limit" min="1" max="3600" step="1" value="300" data-testid="plan-time-limit" title="the solver stops here and keeps its best plan (CBC), at most 3600 s"></label>
      <label>Min. freedom score<input type="number" name="min_freedom" min="0" max="100" step="1" placeholder="none" data-testid="plan-min-freedom" title="host compute only where the Freedom House score is at least this (0-100; 70 = Free), as stargate plan --min-freedom"></label>
      <button type="submit" class="primary" data-testid="plan-run">Run plan</button>
      <label>Show<select name="previous" data-testid="plan-show"><option value="default">the server's plan</option>${options(done, '', { value: (j) => j.id, label: (j) => `${j.id} (${j.message || 'done'})` })}</select></label>
    </form>
    <div id="plan-progress"></div>
    <div id="plan-result"></div>
    <h2>Compare two plans</h2>
    <p class="muted">Per country and year, what changes from plan A to plan B in compute, capacity, capex and cost, and which constraints bind in one plan only (like <code>stargate plan diff A B</code>). "default" is the scenario's own plan, solved once by the server.</p>
    <form id="diff-form" class="panel inline-form" data-testid="plan-diff-form">
      <label>Plan A<select name="a" data-testid="plan-diff-a"></select></label>
      <label>Plan B<select name="b" data-testid="plan-diff-b"></select></label>
      <button type="submit" data-testid="plan-diff-run">Compare</button>
    </form>
    <div id="plan-diff"></div>`;
  const form = $('#plan-form', root);
  const progress = $('#plan-progress', root);
  const result = $('#plan-result', root);
  const refreshCompare = comparePanel(root, names);
  await refreshCompare();
  const show = async (id) => {
    try {
      const job = await waitForJob(id, (j) => {
        progress.innerHTML = `<div class="panel job-progress">job <code>${esc(j.id)}</code> ${esc(j.state)} ${progressBar(j.progress)} <span class="muted">${esc(j.message || '')}</span></div>`;
      });
      if (job.state !== 'done') {
        progress.innerHTML = errorBox({ message: `the plan job ended ${job.state}: ${job.message || ''}` });
        return;
      }
      progress.innerHTML = '';
      renderResult(result, job.result, charts, names, job.id);
      await refreshCompare(job.id);
    } catch (e) {
      progress.innerHTML = errorBox(e);
    }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = new FormData(form);
    result.innerHTML = '';
    try {
      const body = { regime: f.get('regime'), objective: f.get('objective'), milp: Boolean(f.get('milp')),
        time_limit_seconds: Number(f.get('time_limit')) || 300 };
      // Empty: the scenario's own minimum (none unless its options set one).
      if (String(f.get('min_freedom') || '').trim() !== '') body.min_freedom_score = Number(f.get('min_freedom'));
      const started = await api('/api/plans', { method: 'POST', body });
      form.previous.insertAdjacentHTML('beforeend', `<option value="${esc(started.job)}">${esc(started.job)}</option>`);
      form.previous.value = started.job;
      await show(started.job);
    } catch (e) {
      progress.innerHTML = errorBox(e);
    }
  });
  // The server's own plan: there is always one to show (solved on first use).
  const showDefault = async () => {
    progress.innerHTML = '<p class="muted">loading the server\'s plan (solved once on first use)…</p>';
    try {
      const plan = await api('/api/plans/default');
      progress.innerHTML = '';
      renderResult(result, plan, charts, names, 'default');
    } catch (e) {
      progress.innerHTML = errorBox(e);
    }
  };
  form.previous.addEventListener('change', () => {
    result.innerHTML = '';
    if (form.previous.value === 'default') showDefault();
    else if (form.previous.value) show(form.previous.value);
  });
  await showDefault();
}
