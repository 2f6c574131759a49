// Two plans side by side, as `stargate plan diff A B --json` gives them (the
// same document GET /api/plans/diff answers and the report embeds as its
// "comparison"): who A and B are, per country and year what changes from A
// to B, and the constraints that bind in one plan only. Shared by the
// report's Comparison section and the dashboard's plan page, so both show
// the same columns; nothing here recomputes a figure, it only formats them.
import { compact, esc, percent, usd } from './format.js';

function signed(value, format) {
  if (Math.abs(value) < 1e-9) return '0';
  return value > 0 ? `+${format(value)}` : format(value);
}

const signedUsd = (v) => signed(v, usd);
const signedNumber = (v) => signed(v, (x) => compact(x));

function objectiveText(kind, value) {
  return kind === 'compute' ? `${compact(value)} H100e-quarters served` : `${usd(value)} discounted cost`;
}

function regimeText(regime) {
  return regime === 'by_date' ? 'in force by date' : regime;
}

function plansTable(d) {
  const row = (side) => `<tr data-testid="plan-diff-side-${side}"><th scope="row">${side.toUpperCase()}</th>
    <td><code>${esc(d[side])}</code></td><td>${esc(regimeText(d[`regime_${side}`]))}</td>
    <td>${esc(d[`objective_kind_${side}`] || 'cost')}</td>
    <td class="num">${esc(objectiveText(d[`objective_kind_${side}`], d[`objective_${side}`]))}</td>
    <td class="num">${esc(percent(d[`served_share_${side}`]))}</td></tr>`;
  return `<div class="table-wrap"><table class="data plan-diff-plans">
    <thead><tr><th>plan</th><th>from</th><th>regime</th><th>objective</th><th class="num">objective value</th><th class="num">demand served</th></tr></thead>
    <tbody>${row('a')}${row('b')}</tbody></table></div>`;
}

function changesTable(d, countryName) {
  if (!d.by_country_year.length) {
    return '<p class="muted" data-testid="plan-diff-empty">The two plans do not differ in any country and year: the same compute, capacity, capex and cost everywhere.</p>';
  }
  const head = ['country', 'year', 'H100e in A', 'H100e in B', 'H100e change', 'MW change', 'capex change (USD)', 'cost change (USD)'];
  const numeric = new Set([2, 3, 4, 5, 6, 7]);
  const th = head.map((h, i) => `<th${numeric.has(i) ? ' class="num"' : ''} scope="col">${esc(h)}</th>`).join('');
  // Raw figures ride along as data attributes, for whoever reads the table
  // by machine (the browser tests compare them with the API's answer).
  const rows = d.by_country_year.map((r) => `<tr data-testid="plan-diff-row" data-country="${esc(r.country)}" data-year="${r.year}" data-h100e-change="${r.h100e_change}" data-mw-change="${r.mw_change}" data-capex-change="${r.capex_usd_change}" data-cost-change="${r.cost_usd_change}">
      <td class="nowrap"><b>${esc(r.country)}</b> ${esc(countryName(r.country))}</td><td>${r.year}</td>
      <td class="num">${esc(compact(r.h100e_a))}</td><td class="num">${esc(compact(r.h100e_b))}</td>
      <td class="num">${esc(signedNumber(r.h100e_change))}</td>
      <td class="num" title="${esc(`A ${compact(r.mw_a)} MW, B ${compact(r.mw_b)} MW`)}">${esc(signedNumber(r.mw_change))}</td>
      <td class="num" title="${esc(`A ${usd(r.capex_usd_a)}, B ${usd(r.capex_usd_b)}`)}">${esc(signedUsd(r.capex_usd_change))}</td>
      <td class="num" title="${esc(`A ${usd(r.cost_usd_a)}, B ${usd(r.cost_usd_b)}`)}">${esc(signedUsd(r.cost_usd_change))}</td></tr>`).join('');
  return `<div class="table-wrap"><table class="data plan-diff-table" data-testid="plan-diff-table"><thead><tr>${th}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function bindingList(title, side, list) {
  const items = list.length
    ? list.map((b) => `<li data-testid="plan-diff-binding-${side}"><code class="nowrap">${esc(b.constraint)}</code> <span class="muted">(${esc(b.family)}, per ${esc(b.unit)})</span>: ${esc(b.sentence)}</li>`).join('')
    : '<li class="muted">none</li>';
  return `<h3>${esc(title)} (${list.length})</h3><ul class="sentences">${items}</ul>`;
}

// The whole view as HTML. `countryName` turns an ISO code into a name.
export function planDiffHtml(d, countryName = (code) => code) {
  return `<div class="plan-diff" data-testid="plan-diff">
    ${plansTable(d)}
    <h3>Change from A to B, per country and year</h3>
    <p class="muted">H100e and MW are installed and online at the end of the year (its Q4, or the horizon's last quarter); capex (facilities and chips) and cost (capex and energy) are spent in the year. Only countries and years where something differs are listed.</p>
    ${changesTable(d, countryName)}
    ${bindingList('Binds in A only', 'a', d.binding_only_in_a)}
    ${bindingList('Binds in B only', 'b', d.binding_only_in_b)}
  </div>`;
}
