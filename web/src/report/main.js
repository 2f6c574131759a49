// The report page: reads the data `stargate report` embedded in the HTML file
// (<script type="application/json" id="stargate-report-data">) and draws the
// header, key figures, charts and tables into <main id="stargate-report">.
// Everything it needs is in this bundle, so the file works offline.
import baseCss from '../shared/base.css';
import reportCss from './report.css';
import { SVGRenderer } from 'echarts/renderers';
import { echarts } from '../shared/echarts.js';
import { resizeOnWindowChange } from '../shared/charts.js';
import { compact, esc, gw, percent, usd } from '../shared/format.js';
import { renderSections } from './sections.js';

echarts.use([SVGRenderer]);

function kpiCards(data) {
  const k = data.kpis;
  const s = data.series;
  const last = data.quarters[data.quarters.length - 1];
  const installed = s.h100e_installed[s.h100e_installed.length - 1] || 0;
  // The plan's KPIs as computed once in the engine (plan.json's kpis).
  const demandTotal = k.demand_h100e_quarters || 0;
  const unmetTotal = k.unmet_h100e_quarters || 0;
  const cards = [
    ['Capacity online', gw(k.gw_online_by_quarter[last] || 0), `at ${last}`],
    ['Compute installed', `${compact(installed)} H100e`, `at ${last}`],
    ['Capital expenditure', usd(k.capex_usd), `facilities ${usd(k.shell_capex_usd)}, chips ${usd(k.chip_capex_usd)}`],
    ['Compute in Tier 1', percent(k.tier1_compute_share), `of installed H100e at ${last}`],
    ['Energy', `${compact(k.energy_mwh / 1e6)} TWh`, `${usd(k.opex_energy_usd)} of electricity`],
    ['Emissions', `${compact(k.co2_tonnes / 1e6)} Mt CO₂`, 'at each country\'s grid intensity'],
    ['Demand served', percent(k.served_share || 0), `${compact(k.served_h100e_quarters || 0)} of ${compact(demandTotal)} H100e-quarters; ${compact(unmetTotal)} unmet`],
  ];
  if (data.finance && data.finance.overall) {
    const o = data.finance.overall;
    cards.push(['Project NPV', usd(o.npv_usd), `at ${percent(o.discount_rate)}; IRR ${o.irr === null ? 'n/a' : percent(o.irr)}`]);
  } else {
    cards.push(['Utilization', percent(k.utilization), 'served / installed H100e-quarters']);
  }
  return `<div class="kpis">${cards.map(([label, value, note]) =>
    `<div class="kpi"><div class="label">${esc(label)}</div><div class="value">${esc(value)}</div><div class="note">${esc(note)}</div></div>`).join('')}</div>`;
}

function header(data) {
  const p = data.plan;
  const statusClass = p.status === 'optimal' ? 'ok' : (p.status === 'feasible' || p.status === 'time_limit' ? 'warn' : 'bad');
  const objective = p.objective_kind === 'compute' ? `${compact(p.objective)} H100e-quarters served` : usd(p.objective);
  return `<header class="report-header">
    <h1>${esc(data.title)}</h1>
    <div class="subtitle">${esc(data.scenario.description || '')}</div>
    <dl>
      <div><dt>scenario</dt><dd>${esc(data.scenario.id)}</dd></div>
      <div><dt>horizon</dt><dd>${esc(data.scenario.start)} – ${esc(data.scenario.end)}</dd></div>
      <div><dt>regime</dt><dd>${esc(p.regime === 'by_date' ? 'in force by date' : p.regime)}</dd></div>
      <div><dt>plan</dt><dd><span class="badge ${statusClass}">${esc(p.status)}</span> ${esc(p.origin)}</dd></div>
      <div><dt>objective (${esc(p.objective_kind || 'cost')})</dt><dd>${esc(objective)}</dd></div>
      ${p.solver ? `<div><dt>solver</dt><dd>${esc(p.solver)}</dd></div>` : ''}
    </dl>
  </header>`;
}

function main() {
  const style = document.createElement('style');
  style.textContent = baseCss + reportCss;
  document.head.appendChild(style);

  const root = document.getElementById('stargate-report');
  const source = document.getElementById('stargate-report-data');
  let data;
  try {
    data = JSON.parse(source.textContent);
  } catch (e) {
    root.innerHTML = `<h1>Stargate report</h1><p class="note-box">The report's data could not be read: ${esc(e.message)}</p>`;
    throw e;
  }
  if (data.schema !== 'stargate-report/1') {
    root.innerHTML = `<h1>Stargate report</h1><p class="note-box">This bundle draws schema stargate-report/1; the file holds ${esc(data.schema)}. Rebuild the report with a matching stargate.</p>`;
    return;
  }
  root.innerHTML = `${header(data)}${kpiCards(data)}<div id="sections"></div>
    <footer class="report-footer">Written by <code>stargate report</code> from the plan ${esc(data.plan.origin)}.
    Charts: Apache ECharts. Country shapes: Natural Earth 1:110m via world-atlas. Tiers: ${esc(data.framework.name)} (${esc(data.framework.id)}) for “Tier 1/2/3”; the regime in force for groups and caps.</footer>`;
  const charts = renderSections(document.getElementById('sections'), data);
  resizeOnWindowChange(() => charts);
  window.stargateReport = { charts: charts.length };
  document.documentElement.dataset.rendered = String(charts.length);
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', main);
} else {
  main();
}
