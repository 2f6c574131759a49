// The program's values as a plan meets them, shared by the report's Values
// section and the dashboard's plan page: the share of year-end installed
// H100e in countries Freedom House rates Free, the share by data-protection
// zone, and what a minimum freedom score cost the plan. Every figure is read
// from the plan's KPIs as the engine computed them (plan::Kpis:
// free_compute_share_by_year, compute_share_by_zone_year,
// min_freedom_score, freedom_constraint_cost), never recomputed here.
import { stackedOption } from './charts.js';
import { compact, esc, percent, usd } from './format.js';
import { PALETTE } from './palette.js';

// Years with compute, ascending (the engine leaves out years with none).
export function valueYears(kpis) {
  const years = new Set(Object.keys(kpis.free_compute_share_by_year || {}));
  for (const byYear of Object.values(kpis.compute_share_by_zone_year || {})) for (const y of Object.keys(byYear)) years.add(y);
  return [...years].sort();
}

// Zones by their share in the last year, largest first, so the stack's
// order and colours follow where the compute ends up.
export function zoneOrder(kpis) {
  const zones = kpis.compute_share_by_zone_year || {};
  const years = valueYears(kpis);
  const last = years[years.length - 1];
  return Object.keys(zones).sort((a, b) => ((zones[b][last] || 0) - (zones[a][last] || 0)) || a.localeCompare(b));
}

// The cost of the freedom constraint in the objective's unit.
export function freedomCostText(kpis, objectiveKind) {
  const cost = kpis.freedom_constraint_cost || 0;
  return objectiveKind === 'compute' ? `${compact(cost)} H100e-quarters not served` : usd(cost);
}

// One paragraph on the planner's freedom constraint: its minimum and cost,
// or that the plan had none.
export function freedomConstraintHtml(kpis, objectiveKind) {
  if (!(kpis.min_freedom_score > 0)) {
    return '<p class="muted" data-testid="freedom-constraint">The plan had no minimum freedom score for hosting (<code>stargate plan --min-freedom N</code> adds one).</p>';
  }
  return `<p data-testid="freedom-constraint">The plan hosts compute only in countries with a Freedom House score of at least
    <b data-testid="freedom-min">${esc(String(kpis.min_freedom_score))}</b>; that constraint costs
    <b data-testid="freedom-cost">${esc(freedomCostText(kpis, objectiveKind))}</b> (the objective with it minus the objective without it).</p>`;
}

function tableHtml(testid, head, rows) {
  const th = head.map((h, i) => `<th${i ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => (i ? `<td class="num">${c}</td>` : `<th scope="row">${c}</th>`)).join('')}</tr>`).join('');
  return `<div class="table-wrap"><table class="data" data-testid="${testid}"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

// Year by year: the share in Free countries.
export function freeShareTable(kpis) {
  const free = kpis.free_compute_share_by_year || {};
  const rows = valueYears(kpis).map((y) => [esc(y), y in free ? percent(free[y]) : 'n/a']);
  return tableHtml('values-free-table', ['year', `share of H100e in Free countries (score ≥ ${kpis.free_min_freedom_score ?? 70})`], rows);
}

// Year by year, a column per zone; a zone with no compute that year shows 0.0%.
export function zoneShareTable(kpis) {
  const zones = kpis.compute_share_by_zone_year || {};
  const order = zoneOrder(kpis);
  const rows = valueYears(kpis).map((y) => [esc(y), ...order.map((z) => percent(zones[z][y] || 0))]);
  return tableHtml('values-zone-table', ['year', ...order], rows);
}

// The two chart options: the Free share as bars (0-100%), and the zones
// stacked to 100%.
export function freeShareOption(kpis) {
  const free = kpis.free_compute_share_by_year || {};
  const years = valueYears(kpis);
  return stackedOption({
    categories: years,
    series: [{ name: 'in countries rated Free', values: years.map((y) => 100 * (free[y] || 0)), color: PALETTE[2] }],
    percent: true,
    xName: 'year (installed base at year end)',
    yName: '% of installed H100e',
    valueFormatter: (v) => `${v.toFixed(1)}%`,
    yFormatter: (v) => `${v}%`,
  });
}

export function zoneShareOption(kpis) {
  const zones = kpis.compute_share_by_zone_year || {};
  const years = valueYears(kpis);
  return stackedOption({
    categories: years,
    series: zoneOrder(kpis).map((z, i) => ({ name: z, values: years.map((y) => 100 * (zones[z][y] || 0)), color: PALETTE[i % PALETTE.length] })),
    percent: true,
    xName: 'year (installed base at year end)',
    yName: '% of installed H100e',
    valueFormatter: (v) => `${v.toFixed(1)}%`,
    yFormatter: (v) => `${v}%`,
  });
}

// The figures and tables as HTML; chart containers get ids `${prefix}-free`
// and `${prefix}-zones` for the caller to draw freeShareOption/zoneShareOption into.
export function valuesBodyHtml(kpis, objectiveKind, prefix) {
  if (!kpis.free_compute_share_by_year) {
    return '<p class="muted" data-testid="values-none">This plan\'s KPIs carry no values figures (its plan.json was written before stargate computed them).</p>';
  }
  if (!valueYears(kpis).length) {
    return `<p class="muted" data-testid="values-none">The plan installs no compute, so it has no values figures.</p>${freedomConstraintHtml(kpis, objectiveKind)}`;
  }
  const fig = (id, title, unit) => `<figure class="figure"><figcaption>${esc(title)} <span class="unit">(${esc(unit)})</span></figcaption>
    <div class="chart" id="${id}" data-chart="${id}"></div></figure>`;
  return `${freedomConstraintHtml(kpis, objectiveKind)}
    <div class="grid2">${fig(`${prefix}-free`, 'Share of compute in countries rated Free', '% of installed H100e at year end')}
      ${fig(`${prefix}-zones`, 'Share of compute by data-protection zone', '% of installed H100e at year end')}</div>
    <div class="grid2" style="margin-top:14px">${freeShareTable(kpis)}${zoneShareTable(kpis)}</div>`;
}
