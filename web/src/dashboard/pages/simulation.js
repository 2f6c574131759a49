// A finished Monte Carlo simulation (POST /api/simulations, then
// GET /api/jobs/{id}): histograms of the project's NPV and of GW online at
// the end with P10/P50/P90 marked, a fan chart of GW online by year, a
// tornado of the drivers (each uncertainty alone, the others at their most
// likely value) and the probability that each country's cap binds. The
// histograms and the tornado come with the job's result (the server's
// sim_pictures.h); the rest is `stargate simulate --json`.
import { api } from '../api.js';
import { draw, fanOption, histogramOption, rankedBarsOption, tornadoOption } from '../../shared/charts.js';
import { compact, esc, percent, usd } from '../../shared/format.js';
import { PALETTE } from '../../shared/palette.js';
import { $, errorBox, kpi, options, table } from '../ui.js';
import { waitForJob } from './jobs.js';

function formatter(unit) {
  if (unit === 'USD') return usd;
  if (unit === 'GW') return (v) => `${Number(v).toFixed(2)} GW`;
  if (unit === 'share') return (v) => percent(v);
  return (v) => `${compact(v)} ${unit}`;
}

function axisName(h) {
  return `${h.label} (${h.unit})`;
}

function renderResult(out, job, charts, countryName) {
  const r = job.result;
  const metrics = r.metrics || [];
  const histograms = (r.histograms || []).filter(Boolean);
  const npv = histograms.find((h) => h.id === 'npv_overall');
  const gwEnd = histograms.find((h) => h.id.startsWith('gw_online_'));
  const gwYears = metrics.filter((m) => /^gw_online_\d{4}$/.test(m.id)).sort((a, b) => a.id.localeCompare(b.id));
  const caps = Object.entries(r.cap_binding_probability || {}).sort((a, b) => b[1] - a[1]);
  const tornado = r.tornado;
  const pct = (h) => (h ? `P10 ${formatter(h.unit)(h.p10)} · P90 ${formatter(h.unit)(h.p90)}` : '');
  out.innerHTML = `
    <p class="plan-head">Simulation <code>${esc(job.id)}</code>: <b>${esc(r.runs)}</b> runs, seed ${esc(r.seed)}, over ${esc(r.plan)}
      ${r.failed_runs ? `<span class="badge warn">${esc(r.failed_runs)} runs failed</span>` : ''}
      <span class="muted small">uncertainty: ${esc(r.uncertainty)}; assumptions: ${esc(r.assumptions)}</span></p>
    <div class="kpis" data-testid="sim-kpis">
      ${npv ? kpi('NPV of the project, P50', usd(npv.p50), pct(npv)) : ''}
      ${gwEnd ? kpi(`${gwEnd.label}, P50`, formatter('GW')(gwEnd.p50), pct(gwEnd)) : ''}
      ${kpi('countries whose cap may bind', String(caps.filter(([, p]) => p > 0).length), caps.length ? `highest: ${countryName(caps[0][0])} ${percent(caps[0][1])}` : 'no capped country')}
    </div>
    <div class="grid2">
      ${histograms.map((h) => `<figure class="figure" data-testid="histogram"><figcaption>${esc(h.label)} <span class="unit">(${esc(h.unit)}; runs per bin, P10/P50/P90 dashed)</span></figcaption>
        <div class="chart" id="hist-${esc(h.id.replace(/[^a-z0-9]/gi, '-'))}"></div></figure>`).join('')}
      ${gwYears.length ? `<figure class="figure" data-testid="fan"><figcaption>GW online by year <span class="unit">(GW; P50 line, P10 to P90 band)</span></figcaption>
        <div class="chart" id="sim-fan"></div></figure>` : ''}
    </div>
    ${tornado ? `<h2>What drives the spread</h2>
      <p class="muted">Each driver alone uncertain (${esc(tornado.runs)} runs each), the others held at ${esc(tornado.held_at)}; the bar spans that driver's P10 to P90, the dashed line is the base.</p>
      <div class="grid2">
        ${histograms.filter((h) => tornado.base[h.id] !== undefined).slice(0, 2).map((h) => `<figure class="figure" data-testid="tornado"><figcaption>Tornado: ${esc(h.label)} <span class="unit">(${esc(h.unit)})</span></figcaption>
          <div class="chart" id="tornado-${esc(h.id.replace(/[^a-z0-9]/gi, '-'))}"></div></figure>`).join('')}
      </div>` : '<p class="muted">No tornado for re-optimized runs.</p>'}
    <h2>Cap-binding probabilities</h2>
    <p class="muted">The share of runs in which a country's export cap limits what the plan can ship there.</p>
    ${caps.length ? `<figure class="figure"><figcaption>Probability that the cap binds <span class="unit">(share of runs, by country)</span></figcaption>
      <div class="chart" id="sim-caps" style="height:${Math.max(160, 40 + caps.length * 28)}px"></div></figure>
      ${table(['country', 'probability the cap binds'], caps.map(([c, p]) => [esc(countryName(c)), percent(p)]), [1]).replace('<table class="data">', '<table class="data" data-testid="cap-binding">')}`
    : '<p class="muted">No country has a cap in this scenario.</p>'}
    <h2>Every metric</h2>
    ${table(['metric', 'unit', 'P10', 'P50', 'P90', 'mean'], metrics.map((m) => [esc(m.label), esc(m.unit),
    ...[m.p10, m.p50, m.p90, m.mean].map((v) => esc(formatter(m.unit)(v)))]), [2, 3, 4, 5])}`;
  for (const h of histograms) {
    const f = formatter(h.unit);
    charts.push(draw($(`#hist-${h.id.replace(/[^a-z0-9]/gi, '-')}`, out), histogramOption({
      bins: h.bins, xName: axisName(h), yName: 'runs', valueFormatter: f,
      marks: [{ name: 'P10', value: h.p10 }, { name: 'P50', value: h.p50 }, { name: 'P90', value: h.p90 }],
      color: h.unit === 'USD' ? PALETTE[0] : PALETTE[2],
    }), 'canvas'));
  }
  if (gwYears.length) {
    charts.push(draw($('#sim-fan', out), fanOption({
      categories: gwYears.map((m) => m.id.slice(-4)), p10: gwYears.map((m) => m.p10), p50: gwYears.map((m) => m.p50),
      p90: gwYears.map((m) => m.p90), xName: 'year (end)', yName: 'GW online', valueFormatter: formatter('GW'),
    }), 'canvas'));
  }
  if (tornado) {
    for (const h of histograms.filter((x) => tornado.base[x.id] !== undefined).slice(0, 2)) {
      const rows = tornado.drivers.filter((d) => d.metrics[h.id]).map((d) => ({
        label: d.driver, p10: d.metrics[h.id].p10, p90: d.metrics[h.id].p90, detail: d.what,
      }));
      charts.push(draw($(`#tornado-${h.id.replace(/[^a-z0-9]/gi, '-')}`, out), tornadoOption({
        rows, base: tornado.base[h.id], xName: axisName(h), valueFormatter: formatter(h.unit),
      }), 'canvas'));
    }
  }
  if (caps.length) {
    charts.push(draw($('#sim-caps', out), rankedBarsOption({
      items: caps.map(([c, p]) => ({ label: countryName(c), value: p, color: PALETTE[3], detail: `${percent(p)} of ${r.runs} runs` })),
      xName: 'probability (share of runs)', valueFormatter: (v) => percent(v),
    }), 'canvas'));
  }
}

export async function renderSimulation(root, charts, id, countries) {
  const countryName = (code) => ((countries.find((c) => c.iso2 === code) || {}).name ? `${countries.find((c) => c.iso2 === code).name} (${code})` : code);
  const jobs = (await api('/api/jobs')).jobs || [];
  const sims = jobs.filter((j) => j.kind === 'simulation' && j.state === 'done');
  const plans = jobs.filter((j) => j.kind === 'plan' && j.state === 'done');
  const chosen = id || (sims.length ? sims[sims.length - 1].id : '');
  root.innerHTML = `
    <h1>Simulation</h1>
    <p class="muted">Monte Carlo over a plan: construction delays, capex overruns, chip shortfalls, price paths, a regime change and tier changes drawn per run (data/uncertainty.yaml).</p>
    <form id="sim-run" class="panel inline-form">
      <label>Runs<input type="number" name="runs" min="1" max="1000000" value="1000"></label>
      <label>Seed<input type="number" name="seed" min="0" value="1"></label>
      <label>Plan<select name="plan_job"><option value="">the server's plan</option>${options(plans, '', { value: (j) => j.id, label: (j) => j.id })}</select></label>
      <button type="submit" class="primary" data-testid="sim-run">Run simulation</button>
      <label>or open<select name="open" data-testid="sim-open"><option value="">a finished simulation…</option>${options(sims, chosen, { value: (j) => j.id, label: (j) => j.id })}</select></label>
    </form>
    <div id="sim-progress"></div>
    <div id="sim-result">${chosen ? '' : '<p class="muted" data-testid="sim-none">No simulation has finished yet: run one above.</p>'}</div>`;
  const form = $('#sim-run', root);
  const progress = $('#sim-progress', root);
  const out = $('#sim-result', root);
  const open = async (jobId) => {
    try {
      const job = await waitForJob(jobId, (j) => {
        progress.innerHTML = j.state === 'done' ? '' : `<div class="panel job-progress">job <code>${esc(j.id)}</code> ${esc(j.state)} <span class="muted">${esc(j.message || '')}</span></div>`;
      });
      if (job.state !== 'done') {
        progress.innerHTML = errorBox({ message: `the simulation ended ${job.state}: ${job.message || ''}` });
        return;
      }
      if (job.kind !== 'simulation') throw new Error(`job ${jobId} is a ${job.kind}, not a simulation`);
      if (window.location.hash !== `#/simulation/${job.id}`) history.replaceState(null, '', `#/simulation/${job.id}`);
      renderResult(out, job, charts, countryName);
    } catch (e) {
      progress.innerHTML = errorBox(e);
    }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = new FormData(form);
    const body = { runs: Number(f.get('runs')), seed: Number(f.get('seed')) };
    if (f.get('plan_job')) body.plan_job = f.get('plan_job');
    out.innerHTML = '';
    try {
      const started = await api('/api/simulations', { method: 'POST', body });
      await open(started.job);
    } catch (e) {
      progress.innerHTML = errorBox(e);
    }
  });
  form.open.addEventListener('change', () => form.open.value && open(form.open.value));
  if (chosen) await open(chosen);
}
