// The report's sections, each a heading, a line on how to read it, and its
// figures and tables. Country colours are fixed by installed compute at the
// horizon's end, so a country has the same colour in every chart.
import {
  OTHER_COLOR, barLineOption, draw, linesOption, mapOption, rankedBarsOption, stackedOption, topSeries,
} from '../shared/charts.js';
import { compact, esc, integer, percent, usd } from '../shared/format.js';
import { valuesSection } from './values.js';
import { PALETTE, colorMap, tierColor } from '../shared/palette.js';
import { planDiffHtml } from '../shared/plan_diff.js';

const TOP = 10;

function context(data) {
  const s = data.series;
  const lastYear = data.years.length - 1;
  const weight = {};
  for (const [c, v] of Object.entries(s.h100e_by_country_year)) weight[c] = v[lastYear] || 0;
  for (const [c, v] of Object.entries(s.gw_online_by_country)) weight[c] = (weight[c] || 0) + 1e-3 * Math.max(...v);
  for (const [c, v] of Object.entries(s.unmet_by_country)) weight[c] = (weight[c] || 0) + 1e-9 * v.reduce((a, b) => a + b, 0);
  const order = Object.keys(weight).sort((a, b) => weight[b] - weight[a] || a.localeCompare(b));
  const colors = colorMap(order);
  const name = (code) => (data.countries[code] ? data.countries[code].name : code);
  return { order, colors, name };
}

// Stacked series per country, top ones by weight then "other countries".
function countrySeries(ctx, rows, scale = 1) {
  return topSeries(rows, ctx.order, TOP).map((s) => ({
    name: s.key ? ctx.name(s.key) : s.name,
    color: s.key ? ctx.colors.get(s.key) : OTHER_COLOR,
    values: s.values.map((v) => v * scale),
  }));
}

function figure(id, title, unit, { wide = false, cls = '', source = '' } = {}) {
  return `<figure class="figure${wide ? ' wide' : ''}">
    <figcaption>${esc(title)} <span class="unit">${unit ? `(${esc(unit)})` : ''}</span></figcaption>
    ${source ? `<div class="source">${esc(source)}</div>` : ''}
    <div class="chart ${cls}" id="${id}" data-chart="${id}"></div>
  </figure>`;
}

function section(id, title, lead, body) {
  return `<section class="report-section" id="section-${id}"><h2>${esc(title)}</h2>${lead ? `<p class="lead">${lead}</p>` : ''}${body}</section>`;
}

function table(head, rows, { numeric = [] } = {}) {
  const th = head.map((h, i) => `<th${numeric.includes(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows.map((r) => (typeof r === 'string' ? r
    : `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`)).join('');
  return `<div class="table-wrap"><table class="data"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

// ---------------------------------------------------------------- sections

function mapSection(data, ctx, plots) {
  const regions = {};
  const tierNames = {};
  for (const c of Object.values(data.countries)) if (c.framework_tier) tierNames[c.framework_tier] = c.framework_tier_name;
  const tierIds = Object.keys(tierNames).sort((a, b) => tierNames[a].localeCompare(tierNames[b]));
  for (const [code, c] of Object.entries(data.countries)) {
    if (!c.framework_tier) continue;
    regions[code] = {
      color: tierColor(c.framework_tier) + '55',
      text: `<b>${esc(c.name)}</b><br>${esc(c.framework_tier_name)} (framework); ${esc(c.tier_name || c.tier)} (in force)<br>partner status: ${esc(c.partner_status)}`,
    };
  }
  const maxMw = Math.max(1, ...data.sites.map((s) => s.mw_online_end));
  const sites = data.sites.map((s) => ({
    id: s.id,
    name: s.name,
    lon: s.lon,
    lat: s.lat,
    size: s.mw_online_end,
    color: ctx.colors.get(s.country) || '#1d2330',
    text: `<b>${esc(s.name)}</b><br>${esc(ctx.name(s.country))} · ${esc(s.status.replace(/_/g, ' '))}<br>`
      + `${integer(s.mw_online_end)} MW online at the end (grid up to ${integer(s.grid_mw_max)} MW)<br>`
      + `${compact(s.h100e_end)} H100e installed · operator ${esc(s.operator)}`,
  }));
  plots.push(['chart-map', mapOption({ regions, sites, maxSize: maxMw })]);
  const legend = tierIds.map((t) => `<span><span class="swatch" style="background:${tierColor(t)}88"></span>${esc(tierNames[t])}</span>`).join('')
    + '<span><span class="swatch" style="background:#e9ecf1"></span>not in the scenario</span>'
    + '<span>● site: area ∝ MW online at the horizon\'s end, coloured by country</span><span>○ site with no capacity online</span>';
  const ranked = [...data.sites].sort((a, b) => b.mw_online_end - a.mw_online_end || a.id.localeCompare(b.id));
  const rows = ranked.map((s) => [
    esc(s.name), esc(ctx.name(s.country)), `<span class="nowrap">${esc(s.status.replace(/_/g, ' '))}</span>`, integer(s.mw_online_end), integer(s.built_mw),
    integer(s.grid_mw_max), compact(s.accelerators_end), compact(s.h100e_end),
  ]);
  return section('map', 'Where the sites are',
    `Each circle is a site, sized by the capacity online at ${esc(data.scenario.end)}; countries are shaded by their tier under the ${esc(data.framework.name)}. Drag and scroll to zoom.`,
    `${figure('chart-map', 'Sites by capacity online', `MW at ${data.scenario.end}`, { cls: 'map' })}
     <div class="legend-row">${legend}</div>
     <h3 style="margin-top:14px">Sites</h3>
     ${table(['site', 'country', 'status', 'MW online (end)', 'MW built in plan', 'grid limit MW', 'accelerators (end)', 'H100e (end)'], rows, { numeric: [3, 4, 5, 6, 7] })}`);
}

function capacitySection(data, ctx, plots) {
  plots.push(['chart-gw', stackedOption({
    kind: 'line', categories: data.quarters, series: countrySeries(ctx, data.series.gw_online_by_country),
    xName: 'quarter', yName: 'GW online', valueFormatter: (v) => `${v.toFixed(3)} GW`, yFormatter: (v) => v.toFixed(1),
  })]);
  return section('capacity', 'Capacity online',
    'Data-center capacity (facility MW, including cooling at each site\'s PUE) online by country, quarter by quarter, as construction completes after each site\'s lead time.',
    figure('chart-gw', 'GW online by country', 'GW, end of quarter', { cls: 'tall' }));
}

function computeSection(data, ctx, plots) {
  const years = data.years.map(String);
  plots.push(['chart-accelerators', stackedOption({
    categories: years, series: countrySeries(ctx, data.series.accelerators_by_country_year),
    xName: 'year (installed base at year end)', yName: 'accelerators', valueFormatter: (v) => `${integer(v)} units`,
  })]);
  plots.push(['chart-h100e', stackedOption({
    categories: years, series: countrySeries(ctx, data.series.h100e_by_country_year),
    xName: 'year (installed base at year end)', yName: 'H100-equivalents', valueFormatter: (v) => `${compact(v)} H100e`,
  })]);
  const total = data.series.h100e_installed;
  const tierSeries = data.series.h100e_by_tier.map((t, i) => ({
    name: t.name,
    color: tierColor(t.id),
    values: t.h100e.map((v, q) => (total[q] > 0 ? (100 * v) / total[q] : 0)),
  }));
  plots.push(['chart-tiers', stackedOption({
    kind: 'line', categories: data.quarters, series: tierSeries, percent: true,
    xName: 'quarter', yName: '% of installed H100e', valueFormatter: (v) => `${v.toFixed(1)}%`, yFormatter: (v) => `${v}%`,
  })]);
  return section('compute', 'Compute by country and tier',
    `Accelerators installed and their compute in H100-equivalents (TPP ÷ 15,832), by country at each year's end; and the share of installed compute in each tier of the ${esc(data.framework.name)} (${percent(data.kpis.tier1_compute_share)} in Tier 1 at the end).`,
    `<div class="grid2">${figure('chart-accelerators', 'Accelerators by country', 'units installed')}
      ${figure('chart-h100e', 'H100-equivalents by country', 'H100e installed')}</div>
     <div style="margin-top:14px">${figure('chart-tiers', 'Share of compute by tier', '% of installed H100e', { source: `Tiers: ${data.framework.name}` })}</div>`);
}

function moneySection(data, ctx, plots) {
  const years = data.years.map(String);
  const capex = data.series.capex_by_year;
  plots.push(['chart-capex', stackedOption({
    categories: years,
    series: [
      { name: 'facilities (shells, power, cooling)', values: capex.facility_usd.map((v) => v / 1e9), color: PALETTE[0] },
      { name: 'accelerators', values: capex.chips_usd.map((v) => v / 1e9), color: PALETTE[1] },
    ],
    xName: 'year', yName: 'USD billions', valueFormatter: (v) => `$${v.toFixed(2)}B`,
  })]);
  const funding = data.series.funding_by_financier_year;
  const fundOrder = Object.keys(funding).sort((a, b) => funding[b].reduce((x, y) => x + y, 0) - funding[a].reduce((x, y) => x + y, 0));
  const fin = (id) => (data.financiers[id] ? data.financiers[id].name : id);
  plots.push(['chart-funding', stackedOption({
    categories: years,
    series: topSeries(funding, fundOrder, 8, 'other financiers').map((s, i) => ({
      name: s.key ? fin(s.key) : s.name, color: s.key ? PALETTE[i % PALETTE.length] : OTHER_COLOR, values: s.values.map((v) => v / 1e9),
    })),
    xName: 'year', yName: 'USD billions', valueFormatter: (v) => `$${v.toFixed(2)}B`,
  })]);
  let financeTable = '';
  if (data.finance) {
    const rows = data.finance.financiers.map((f) => [
      esc(f.name || f.id), esc((f.kind || '').replace(/_/g, ' ')), esc(f.role), usd(f.paid_in_usd), usd(f.received_usd),
      percent(f.discount_rate), usd(f.npv_usd), f.irr === null ? 'n/a' : percent(f.irr), esc(f.payback_quarter || 'never'),
    ]);
    const o = data.finance.overall;
    rows.push(`<tr><td><b>whole program</b></td><td>project</td><td>all</td><td class="num">${usd(o.paid_in_usd)}</td><td class="num">${usd(o.received_usd)}</td><td class="num">${percent(o.discount_rate)}</td><td class="num"><b>${usd(o.npv_usd)}</b></td><td class="num">${o.irr === null ? 'n/a' : percent(o.irr)}</td><td class="num">${esc(o.payback_quarter || 'never')}</td></tr>`);
    financeTable = `<h3 style="margin-top:14px">Returns by financier</h3>
      <p class="muted">Cash flows until ${esc(data.finance.cash_flows_until)}; NPV at each financier's cost of capital. Debt ${usd(o.debt_usd)}, equity ${usd(o.equity_usd)}, revenue ${usd(o.revenue_usd)}.</p>
      ${table(['financier', 'kind', 'role', 'paid in', 'received', 'rate', 'NPV', 'IRR', 'payback'], rows, { numeric: [3, 4, 5, 6, 7, 8] })}`;
  } else if (data.finance_note) {
    financeTable = `<p class="note-box">No returns by financier: ${esc(data.finance_note)}</p>`;
  }
  return section('money', 'Capital expenditure and financing',
    `What the plan spends each year (${usd(data.kpis.capex_usd)} in all) and who pays for it. ${data.kpis.unfunded_usd > 1 ? `<b>${usd(data.kpis.unfunded_usd)} of capex is unfunded</b>: no eligible financier's commitment covers it.` : 'All capex lies within the eligible financiers\' commitments.'}`,
    `<div class="grid2">${figure('chart-capex', 'Capex by year', 'USD billions', { cls: 'tall' })}
      ${figure('chart-funding', 'Financing by financier', 'USD billions paid in', { cls: 'tall' })}</div>${financeTable}`);
}

function energySection(data, ctx, plots) {
  const e = data.series.energy_by_year;
  plots.push(['chart-energy', barLineOption({
    categories: data.years.map(String),
    xName: 'year',
    bar: { name: 'electricity used', axis: 'TWh', values: e.mwh.map((v) => v / 1e6), formatter: (v) => v.toFixed(0), tooltip: (v) => `${v.toFixed(2)} TWh` },
    line: { name: 'CO₂ emitted', axis: 'Mt CO₂', values: e.co2_tonnes.map((v) => v / 1e6), formatter: (v) => v.toFixed(1), tooltip: (v) => `${v.toFixed(2)} Mt` },
  })]);
  const lastYear = data.years.length - 1;
  const co2 = data.series.co2_by_country_year;
  const co2Order = Object.keys(co2).sort((a, b) => co2[b][lastYear] - co2[a][lastYear]);
  plots.push(['chart-co2', stackedOption({
    categories: data.years.map(String),
    series: topSeries(co2, co2Order, TOP).map((s) => ({
      name: s.key ? ctx.name(s.key) : s.name, color: s.key ? ctx.colors.get(s.key) : OTHER_COLOR, values: s.values.map((v) => v / 1e6),
    })),
    xName: 'year', yName: 'Mt CO₂', valueFormatter: (v) => `${v.toFixed(3)} Mt`,
  })]);
  return section('energy', 'Energy and emissions',
    `Electricity of the installed accelerators at each site's PUE (${compact(data.kpis.energy_mwh / 1e6)} TWh, ${usd(data.kpis.opex_energy_usd)}), and the CO₂ it emits at each country's average grid intensity (${compact(data.kpis.co2_tonnes / 1e6)} Mt).`,
    `<div class="grid2">${figure('chart-energy', 'Electricity and CO₂ by year', 'TWh, Mt CO₂')}
      ${figure('chart-co2', 'CO₂ by country', 'Mt CO₂ per year')}</div>`);
}

function unmetSection(data, ctx, plots) {
  plots.push(['chart-unmet', stackedOption({
    categories: data.quarters, series: countrySeries(ctx, data.series.unmet_by_country),
    xName: 'quarter', yName: 'H100e not served', valueFormatter: (v) => `${compact(v)} H100e`,
  })]);
  plots.push(['chart-demand', linesOption({
    categories: data.quarters,
    series: [
      { name: 'demand', values: data.series.demand_h100e, color: '#1d2330', dashed: true },
      { name: 'served', values: data.series.served_h100e, color: PALETTE[2], area: true },
      { name: 'installed', values: data.series.h100e_installed, color: PALETTE[0] },
    ],
    xName: 'quarter', yName: 'H100-equivalents', valueFormatter: (v) => `${compact(v)} H100e`,
  })]);
  const k = data.kpis;
  const unmet = Object.entries(k.unmet_h100e_quarters_by_country || {}).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  return section('unmet', 'Unmet demand',
    unmet.length
      ? `Demand the plan cannot serve, by country and quarter: ${compact(k.unmet_h100e_quarters || 0)} of ${compact(k.demand_h100e_quarters)} H100e-quarters. The next section says what stops it.`
      : 'The plan serves all demand in every quarter.',
    `<div class="grid2">${figure('chart-unmet', 'Unmet demand by country', 'H100e per quarter')}
      ${figure('chart-demand', 'Demand, served and installed', 'H100e per quarter')}</div>`);
}

// "grid[site,2027Q1]" -> "site · 2027Q1" (the family is the bar's colour).
function shortLabel(constraint) {
  const m = constraint.match(/^[^[]+\[(.*)\]$/);
  return m ? m[1].split(',').join(' · ') : constraint;
}

function bindingSection(data, ctx, plots) {
  const families = [...new Set(data.plan.binding.map((b) => b.family))];
  const familyColor = colorMap(families);
  const cost = data.plan.objective_kind !== 'compute';
  const valueText = (v) => (cost ? usd(v) : `${compact(v)} H100e-q`);
  const top = data.plan.binding.slice(0, 15);
  let body;
  if (top.length) {
    const xName = cost ? 'USD saved per extra unit' : 'H100e-quarters gained per extra unit';
    plots.push(['chart-binding', rankedBarsOption({
      items: top.map((b) => ({ label: shortLabel(b.constraint), value: b.value_per_unit, color: familyColor.get(b.family), detail: `${b.constraint}: ${b.sentence}` })),
      xName, valueFormatter: valueText,
    })]);
    // The same constraint over several quarters ("grid[site,2027Q1]", ...) summed:
    // what one more unit held through the whole horizon would be worth.
    const groups = new Map();
    for (const b of data.plan.binding) {
      const key = b.constraint.replace(/,\d{4}Q[1-4]\]$/, ']').replace(/\[\d{4}Q[1-4]\]$/, '');
      const g = groups.get(key) || { label: key, value: 0, quarters: 0, family: b.family, unit: b.unit };
      g.value += b.value_per_unit;
      g.quarters += 1;
      groups.set(key, g);
    }
    const ranked = [...groups.values()].sort((a, b) => b.value - a.value).slice(0, 15);
    plots.push(['chart-binding-groups', rankedBarsOption({
      items: ranked.map((g) => ({ label: shortLabel(g.label), value: g.value, color: familyColor.get(g.family),
        detail: `binding in ${g.quarters} quarter${g.quarters === 1 ? '' : 's'}; one more ${g.unit} in each is worth this much in all` })),
      xName, valueFormatter: valueText,
    })]);
    const legend = families.map((f) => `<span><span class="swatch" style="background:${familyColor.get(f)}"></span>${esc(f)}</span>`).join('');
    body = `<div class="grid2">${figure('chart-binding', 'Binding constraints by value of one more unit', cost ? 'USD per unit, one quarter' : 'H100e-quarters per unit', { cls: 'tall' })}
      ${figure('chart-binding-groups', 'Summed over the quarters each binds', cost ? 'USD per unit' : 'H100e-quarters per unit', { cls: 'tall', source: `of the ${data.plan.binding.length} binding constraints the plan reports` })}</div>
      <div class="legend-row">${legend}</div>
      ${table(['constraint', 'kind', 'unit', 'value of one more unit', 'in words'], data.plan.binding.map((b) => [
        `<code class="nowrap">${esc(b.constraint)}</code>`, esc(b.family), esc(b.unit), valueText(b.value_per_unit), esc(b.sentence)]), { numeric: [3] })}`;
  } else {
    body = '<p class="muted">No constraint binds with a value worth reporting (or the plan was read without duals).</p>';
  }
  const diagnosis = data.plan.diagnosis.length
    ? `<h3 style="margin-top:14px">Why demand is unmet</h3><ul class="sentences">${data.plan.diagnosis.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>`
    : '';
  // The objective's parts as the engine computed them (kpis.objective_usd_by_term).
  const terms = data.kpis.objective_usd_by_term || {};
  const termNames = { facility_capex: 'facility capex', chip_capex: 'chip capex', energy: 'energy', financing_cost: 'financing cost', unfunded_penalty: 'unfunded-capex penalty', unmet_demand_value: 'unmet demand' };
  const breakdown = Object.keys(terms).length
    ? `<h3 style="margin-top:14px">The objective, part by part (present values)</h3>
      ${table(['part', 'USD'], Object.entries(termNames).map(([key, name]) => [esc(name), usd(terms[key] || 0)]), { numeric: [1] })}
      <p class="muted">Unmet demand is valued at ${usd(data.kpis.unmet_value_usd_per_h100e_quarter || 0)} per H100e-quarter; a shadow price's sentence says how much of it is unmet demand avoided and what one unit costs to buy.</p>`
    : '';
  return section('binding', 'What binds',
    'The constraints that hold the plan back, ranked by what one more unit of each would be worth (the dual value from the solver).',
    body + breakdown + diagnosis);
}

function complianceSection(data) {
  const c = data.compliance;
  const runs = c.regimes_in_force.map((r) => `<div class="regime-run"><b>${esc(r.from)}–${esc(r.to)}</b>: ${esc(r.name)} <span class="muted">(${esc(r.regime || 'none')})</span></div>`).join('');
  const tierBadge = (t) => (t && t.id
    ? `<span class="badge" style="background:${tierColor(t.id)}" title="${esc(t.regime || '')}">${esc(t.name || t.id)}</span>` : '<span class="muted">—</span>');
  const shareBar = (share) => `<div class="bar ${share > 0.95 ? 'bad' : share > 0.7 ? 'warn' : ''}"><span style="width:${Math.min(100, 100 * share).toFixed(1)}%"></span></div>`;
  const rows = [];
  const countries = [...c.countries].sort((a, b) => b.h100e_end - a.h100e_end || a.country.localeCompare(b.country));
  for (const row of countries) {
    const shares = row.caps.map((cap) => (cap.limit_tpp > 0 ? (cap.used_before_tpp + cap.plan_tpp) / cap.limit_tpp : 0));
    const tightest = shares.length ? Math.max(...shares) : null;
    const changed = row.tier_start.id !== row.tier_end.id || row.tier_start.name !== row.tier_end.name;
    rows.push(`<tr><td class="nowrap"><b>${esc(row.country)}</b> ${esc(row.name)}</td>
      <td>${changed ? `${tierBadge(row.tier_start)} → ${tierBadge(row.tier_end)}` : tierBadge(row.tier_end)}</td><td>${tierBadge(row.framework_tier)}</td>
      <td class="num">${row.sites}</td><td class="num">${compact(row.h100e_end)}</td>
      <td class="num">${row.caps.length || '<span class="muted">none</span>'}</td><td class="num"></td><td class="num"></td><td class="num"></td>
      <td>${tightest === null ? '' : `<div class="share">${shareBar(tightest)}<span>${percent(tightest)} of the tightest</span></div>`}</td></tr>`);
    row.caps.forEach((cap, i) => {
      rows.push(`<tr class="sub"><td colspan="6" style="padding-left:26px"><code>${esc(cap.id)}</code> · ${esc(cap.window)}${cap.consignees.length ? ` · for ${esc(cap.consignees.join(', '))}` : ''}<br><span class="muted">${esc(cap.description)} [${esc(cap.cite)}]</span></td>
        <td class="num">${compact(cap.limit_tpp)}</td><td class="num">${compact(cap.used_before_tpp + cap.plan_tpp)}</td><td class="num">${compact(cap.left_tpp)}</td>
        <td><div class="share">${shareBar(shares[i])}<span>${percent(shares[i])}</span></div></td></tr>`);
    });
  }
  return section('compliance', 'Compliance: tiers and caps',
    `Each country the plan builds in or serves, with its group under the regime in force at ${esc(data.scenario.start)} and ${esc(data.scenario.end)} (${esc(c.regime_choice === 'by_date' ? 'regimes by date' : c.regime_choice)}; an arrow when it changes), its tier in the ${esc(data.framework.name)}, and every export cap on it: the limit in TPP (total processing performance), what is used (before the plan, plus the plan's shipments in the cap's window) and what is left.`,
    `<div class="regime-runs">${runs}</div>
     ${table(['country', 'group in force', 'framework tier', 'sites', 'H100e (end)', 'caps', 'limit TPP', 'used TPP', 'left TPP', 'share used'], rows, { numeric: [3, 4, 5, 6, 7, 8] })}`);
}

// With `stargate report --compare DIR_B`: this plan (A) against B, the
// document `stargate plan diff A B --json` prints, as the dashboard shows it.
function comparisonSection(data, ctx) {
  const d = data.comparison;
  if (!d) return '';
  const differs = d.by_country_year.length || d.binding_only_in_a.length || d.binding_only_in_b.length;
  return section('comparison', 'Comparison',
    `This report's plan (A) against another plan of the same scenario (B), as <code>stargate plan diff A B</code> computes it: per country and year what changes in compute, capacity, capex and cost, and the constraints that bind in one plan only.${differs ? '' : ' <b>The two plans do not differ.</b>'}`,
    planDiffHtml(d, ctx.name));
}

// A link only for http(s) URLs (the engine gives no others), opened apart
// from the report.
function sourceLink(url) {
  return /^https?:\/\//.test(url)
    ? `<a href="${esc(url)}" target="_blank" rel="noopener noreferrer">${esc(url)}</a>` : esc(url);
}

function citedBy(names, shown = 6) {
  const head = names.slice(0, shown).join('; ');
  return names.length > shown ? `${head}; and ${names.length - shown} more` : head;
}

// What the records behind the report cite, as the bibliography gives it:
// title, date and link(s); a source that is only a URL is its own link.
function sourcesSection(data) {
  const s = data.sources;
  if (!s) return '';
  const items = s.entries.map((e) => `<li>${e.title ? `<span class="source-title">${esc(e.title)}</span>${e.date ? ` (${esc(e.date)})` : ''}. ` : ''}${e.urls.map(sourceLink).join(' · ')}
    <div class="cited-by">cited by ${esc(citedBy(e.cited_by))}</div></li>`).join('');
  const notes = [];
  if (s.bibliography_note) notes.push(`<p class="note-box">${esc(s.bibliography_note)}.</p>`);
  if (s.unresolved > 0) {
    notes.push(`<p class="note-box">${s.unresolved} cited source${s.unresolved === 1 ? ' is' : 's are'} not in the bibliography (docs/sources.md), cited by ${esc(citedBy(s.unresolved_cited_by))}.</p>`);
  }
  return section('sources', 'Sources',
    `The publications behind the sites, countries, accelerators, financiers, demand, supply and regimes this report draws on (${s.entries.length}), from the project's bibliography (docs/sources.md).`,
    `${notes.join('')}${items ? `<div class="sources-box"><ol class="sources" data-testid="sources">${items}</ol></div>` : '<p class="muted">The report\'s records cite no sources.</p>'}`);
}

// A hedged plan (`stargate plan --stochastic`): plan.json's `stochastic`
// block as written (the engine's figures, never recomputed here) beside the
// scenario's deterministic plan, and the spread over the scenarios. Each
// figure cell carries its exact value in data-value.
function endOf(map) {
  const keys = Object.keys(map || {}).sort();
  return keys.length ? map[keys[keys.length - 1]] : 0;
}

function h100eAtEnd(kpis) {
  const years = Object.values(kpis.h100e_by_country_year || {});
  let last = 0;
  for (const y of years) for (const k of Object.keys(y)) last = Math.max(last, Number(k));
  return years.reduce((a, y) => a + (y[last] || 0), 0);
}

function cell(value, text) {
  return value === null || value === undefined ? '<span class="muted">n/a</span>'
    : `<span data-value="${esc(String(value))}">${esc(text(value))}</span>`;
}

function stochasticSection(data, ctx, plots) {
  const st = data.stochastic;
  if (!st) return '';
  const scenarios = st.scenarios || [];
  const det = data.deterministic;
  const measures = [
    ['expected_cost_usd', 'expected cost of the hedged plan', st.expected_cost_usd, 'each scenario\'s cost under the shared first stage, weighted by its probability'],
    ['wait_and_see_cost_usd', 'wait-and-see cost', st.wait_and_see_cost_usd, 'each scenario solved alone, as if it were known in advance'],
    ['evpi_usd', 'EVPI (expected value of perfect information)', st.evpi_usd, 'expected − wait-and-see: the most knowing the future would be worth'],
    ['mean_value_first_stage_expected_cost_usd', 'mean-value plan\'s first stage, expected cost', st.mean_value_first_stage_expected_cost_usd,
      st.mean_value_first_stage_expected_cost_usd === null ? `infeasible in ${(st.mean_value_infeasible_in || []).join(', ')}` : 'planning for the average scenario, then adapting in each'],
    ['vss_usd', 'VSS (value of the stochastic solution)', st.vss_usd, 'mean-value expected − hedged expected: what hedging saves'],
  ];
  if (st.risk) measures.push(['cvar_usd', `CVaR at α = ${st.risk.alpha} (weight ${st.risk.weight})`, st.cvar_usd, `the mean cost of the worst ${percent(1 - st.risk.alpha, 0)} of outcomes`]);
  const measureRows = measures.map(([key, label, value, note]) => `<tr data-key="${key}"><td>${esc(label)}</td><td class="num">${cell(value, usd)}</td><td class="muted">${esc(note)}</td></tr>`);

  const k = data.kpis;
  const dk = det ? det.kpis : null;
  const objective = (kind, v) => (kind === 'compute' ? `${compact(v)} H100e-quarters` : usd(v));
  const sideRows = [
    ['objective (present value)', [data.plan.objective, (v) => objective(data.plan.objective_kind, v)], det ? [det.objective, (v) => objective(det.objective_kind, v)] : null],
    ['GW online at the end', [endOf(k.gw_online_by_quarter), (v) => v.toFixed(2)], dk ? [endOf(dk.gw_online_by_quarter), (v) => v.toFixed(2)] : null],
    ['H100e installed at the end', [h100eAtEnd(k), compact], dk ? [h100eAtEnd(dk), compact] : null],
    ['demand served', [k.served_share || 0, percent], dk ? [dk.served_share || 0, percent] : null],
    ['unmet H100e-quarters', [k.unmet_h100e_quarters || 0, compact], dk ? [dk.unmet_h100e_quarters || 0, compact] : null],
    ['capex', [k.capex_usd || 0, usd], dk ? [dk.capex_usd || 0, usd] : null],
    ['Tier 1 share of compute', [k.tier1_compute_share || 0, percent], dk ? [dk.tier1_compute_share || 0, percent] : null],
  ].map(([label, hedged, other]) => [esc(label), cell(hedged[0], hedged[1]), other ? cell(other[0], other[1]) : '<span class="muted">n/a</span>']);

  const scenarioRows = scenarios.map((x) => {
    return `<tr data-scenario="${esc(x.name)}"><td>${esc(x.name)}${x.name === st.reference_scenario ? ' <span class="muted">(shown above)</span>' : ''}</td>
      <td class="num">${cell(x.probability, percent)}</td><td>${esc(x.regime || '')}</td>
      <td class="num">${cell(x.kpis.cost_usd, usd)}</td><td class="num">${cell(x.kpis.wait_and_see_cost_usd, usd)}</td>
      <td class="num">${cell(x.kpis.served_h100e_quarters, compact)}</td><td class="num">${cell(x.kpis.unmet_h100e_quarters, compact)}</td>
      <td class="num">${cell(x.kpis.gw_online_end, (v) => v.toFixed(2))}</td></tr>`;
  });
  const option = stackedOption({
    categories: scenarios.map((x) => x.name),
    series: [
      { name: 'hedged plan', values: scenarios.map((x) => x.kpis.cost_usd), color: PALETTE[0] },
      { name: 'wait-and-see', values: scenarios.map((x) => x.kpis.wait_and_see_cost_usd), color: PALETTE[1] },
    ],
    xName: 'scenario', yName: 'USD', yFormatter: usd, valueFormatter: usd, everyLabel: true,
  });
  // Side by side, not stacked: two costs of the same scenario.
  for (const series of option.series) delete series.stack;
  plots.push(['chart-stochastic-costs', option]);
  return section('stochastic', 'Hedged plan under policy uncertainty',
    `A two-stage plan (<code>stargate plan --stochastic</code>): construction starts and financing up to <b>${esc(st.decide_until)}</b> are shared by all ${scenarios.length} scenarios; installs and shipments adapt to each. The rest of this report is the hedged plan as it unfolds in scenario <b>${esc(st.reference_scenario)}</b>, the most probable.`,
    `<div data-testid="stochastic-measures">${table(['measure', 'USD', 'how to read it'], measureRows, { numeric: [1] })}</div>
     <h3 style="margin-top:14px">Hedged beside deterministic</h3>
     <p class="muted">The hedged plan in scenario ${esc(st.reference_scenario)} against the deterministic plan of the base scenario (one future: no multipliers, no delays, no regime change)${det ? ', solved when the report was written' : ' (not solved: see the warning of <code>stargate report</code>)'}.</p>
     <div data-testid="hedged-vs-deterministic">${table(['', 'hedged', 'deterministic'], sideRows, { numeric: [1, 2] })}</div>
     <h3 style="margin-top:14px">Spread over the scenarios</h3>
     ${figure('chart-stochastic-costs', 'Cost by scenario', 'USD, present value; hedged plan beside wait-and-see')}
     <div data-testid="stochastic-scenarios">${table(['scenario', 'probability', 'regime', 'cost (hedged)', 'wait-and-see', 'served H100e-quarters', 'unmet H100e-quarters', 'GW online at the end'], scenarioRows, { numeric: [1, 3, 4, 5, 6, 7] })}</div>`);
}

export function renderSections(root, data) {
  const ctx = context(data);
  const plots = [];
  root.innerHTML = [
    stochasticSection(data, ctx, plots),
    mapSection(data, ctx, plots),
    capacitySection(data, ctx, plots),
    computeSection(data, ctx, plots),
    moneySection(data, ctx, plots),
    energySection(data, ctx, plots),
    unmetSection(data, ctx, plots),
    bindingSection(data, ctx, plots),
    comparisonSection(data, ctx),
    complianceSection(data),
    valuesSection(data, plots),
    sourcesSection(data),
  ].join('');
  return plots.map(([id, option]) => draw(document.getElementById(id), option, 'svg'));
}
