// The report's Values section: how much of the plan's compute sits in
// countries Freedom House rates Free and in each data-protection zone, year
// by year, and what the plan's minimum freedom score cost when it had one.
// The figures are the report data's KPIs (plan.json's kpis), drawn by the
// helpers the dashboard's plan page shares (shared/values.js).
import { esc } from '../shared/format.js';
import { freeShareOption, valueYears, valuesBodyHtml, zoneShareOption } from '../shared/values.js';

export function valuesSection(data, plots) {
  const k = data.kpis;
  if (valueYears(k).length) {
    plots.push(['chart-values-free', freeShareOption(k)]);
    plots.push(['chart-values-zones', zoneShareOption(k)]);
  }
  const threshold = k.free_min_freedom_score ?? 70;
  return `<section class="report-section" id="section-values"><h2>Values</h2>
    <p class="lead">Where the plan's compute sits against the program's values: the share of installed H100e at each year's end in countries
    Freedom House rates Free (a score of at least ${esc(String(threshold))} of 100), and the share in each data-protection zone
    (the EU, or a law the EU found adequate, as the scenario's countries name it).</p>
    ${valuesBodyHtml(k, data.plan.objective_kind, 'chart-values')}</section>`;
}
