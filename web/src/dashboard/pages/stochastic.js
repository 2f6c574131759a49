// The hedged plan of `stargate plan --stochastic` (plan.json's `stochastic`
// block, docs/outputs.md) beside the deterministic plan the server solves
// for the scenario (the answer's `deterministic`), and the spread over the
// scenarios: expected cost, wait-and-see cost, EVPI, VSS, CVaR and each
// scenario's KPIs.
import { draw, stackedOption } from '../../shared/charts.js';
import { compact, esc, percent, usd } from '../../shared/format.js';
import { PALETTE } from '../../shared/palette.js';
import { $, kpi, table } from '../ui.js';

function endOf(map) {
  const keys = Object.keys(map || {}).sort();
  return keys.length ? map[keys[keys.length - 1]] : 0;
}

function totalAtEnd(byCountryYear) {
  let year = 0;
  for (const years of Object.values(byCountryYear || {})) for (const y of Object.keys(years)) year = Math.max(year, Number(y));
  return Object.values(byCountryYear || {}).reduce((a, years) => a + (years[year] || 0), 0);
}

function side(plan) {
  const k = plan.kpis || {};
  return {
    cost: plan.objective_kind === 'cost' ? usd(plan.objective) : `${compact(plan.objective)} H100e-quarters`,
    gw: `${endOf(k.gw_online_by_quarter).toFixed(2)} GW`,
    h100e: `${compact(totalAtEnd(k.h100e_by_country_year))} H100e`,
    served: percent(k.served_share || 0),
    capex: usd(k.capex_usd || 0),
    tier1: percent(k.tier1_compute_share || 0),
  };
}

export function stochasticSection(root, plan, charts) {
  const st = plan.stochastic;
  const hedged = side(plan);
  const det = plan.deterministic ? side(plan.deterministic) : null;
  const rows = [
    ['objective (cost of the plan\'s scenario)', hedged.cost, det ? det.cost : 'n/a'],
    ['GW online at the end', hedged.gw, det ? det.gw : 'n/a'],
    ['H100e installed at the end', hedged.h100e, det ? det.h100e : 'n/a'],
    ['demand served', hedged.served, det ? det.served : 'n/a'],
    ['capex', hedged.capex, det ? det.capex : 'n/a'],
    ['Tier 1 share of compute', hedged.tier1, det ? det.tier1 : 'n/a'],
  ];
  const scenarios = st.scenarios || [];
  const mult = (v) => (v === undefined || v === null ? '' : `×${Number(v).toFixed(2)}`);
  root.innerHTML = `
    <section data-testid="stochastic">
    <h2>Hedged plan under policy uncertainty</h2>
    <p class="muted">A two-stage plan (<code>stargate plan --stochastic</code>): construction starts and financing up to
      <b>${esc(st.decide_until)}</b> are shared by all ${scenarios.length} scenarios; installs and shipments adapt to each.
      The tables below are the hedged plan in scenario <b>${esc(st.reference_scenario)}</b>.</p>
    <div class="kpis" data-testid="stochastic-kpis">
      ${kpi('expected cost (hedged)', usd(st.expected_cost_usd), 'over the scenarios, by probability')}
      ${kpi('wait-and-see cost', usd(st.wait_and_see_cost_usd), 'each scenario known in advance')}
      ${kpi('EVPI', usd(st.evpi_usd), 'what knowing the future would be worth')}
      ${kpi('mean-value plan, expected', st.mean_value_first_stage_expected_cost_usd === null ? 'infeasible' : usd(st.mean_value_first_stage_expected_cost_usd), 'planning for the average scenario')}
      ${kpi('VSS', st.vss_usd === null ? 'n/a' : usd(st.vss_usd), 'what hedging saves over planning for the mean')}
      ${st.risk ? kpi('CVaR', usd(st.cvar_usd), `α ${st.risk.alpha}, weight ${st.risk.weight}`) : ''}
    </div>
    <h3>Hedged beside deterministic</h3>
    ${table(['', `hedged (scenario ${st.reference_scenario})`, 'deterministic (the scenario\'s plan, solved on the server)'], rows.map((r) => r.map(esc)), [1, 2])
    .replace('<table class="data">', '<table class="data" data-testid="hedged-vs-deterministic">')}
    <h3>Spread over the scenarios</h3>
    <figure class="figure"><figcaption>Cost by scenario <span class="unit">(USD, present value; hedged plan against wait-and-see)</span></figcaption>
      <div class="chart" id="stochastic-costs"></div></figure>
    ${table(['scenario', 'probability', 'regime', 'demand', 'supply', 'chip price', 'delay (quarters)', 'cost', 'wait-and-see', 'unmet H100e-quarters', 'GW at end'],
    scenarios.map((x) => [esc(x.name), percent(x.probability), esc(x.regime || ''), mult(x.demand_multiplier), mult(x.supply_multiplier),
      mult(x.chip_price_multiplier), String(x.construction_delay_quarters ?? ''), usd(x.kpis.cost_usd), usd(x.kpis.wait_and_see_cost_usd),
      compact(x.kpis.unmet_h100e_quarters), (x.kpis.gw_online_end || 0).toFixed(2)]), [1, 3, 4, 5, 6, 7, 8, 9, 10])
    .replace('<table class="data">', '<table class="data" data-testid="stochastic-scenarios">')}
    </section>`;
  const chart = draw($('#stochastic-costs', root), {
    ...stackedOption({
      categories: scenarios.map((x) => x.name),
      series: [
        { name: 'hedged plan', values: scenarios.map((x) => x.kpis.cost_usd), color: PALETTE[0] },
        { name: 'wait-and-see', values: scenarios.map((x) => x.kpis.wait_and_see_cost_usd), color: PALETTE[1] },
      ],
      xName: 'scenario', yName: 'USD', yFormatter: usd, valueFormatter: usd, everyLabel: true,
    }),
  }, 'canvas');
  // Side by side, not stacked: two costs of the same scenario.
  chart.setOption({ series: [{ stack: null }, { stack: null }] });
  charts.push(chart);
}
