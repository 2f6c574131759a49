// The overview: every site on a world map, sized by its grid connection and
// coloured by status, countries shaded by partner status; a click on a site
// or a country opens the country's page.
import { cached } from '../api.js';
import { draw, mapOption } from '../../shared/charts.js';
import { integer } from '../../shared/format.js';
import { $, esc, kpi, sourcesLine, table } from '../ui.js';

const PARTNER_COLORS = {
  operating: '#2e7d4f', signed: '#5aa36f', negotiating: '#d39b1c', interested: '#e8c779', none: '#d5dae2',
};
const STATUS_COLORS = {
  operating: '#1f5fae', under_construction: '#e07b12', announced: '#7a52b3', candidate: '#6b7280', cancelled: '#b3312f',
};

export async function renderMap(root, charts) {
  const [sites, countries] = await Promise.all([cached('/api/sites'), cached('/api/countries')]);
  const byCode = Object.fromEntries(countries.countries.map((c) => [c.iso2, c]));
  const regions = {};
  for (const c of countries.countries) {
    regions[c.iso2] = { color: PARTNER_COLORS[c.partner_status] || PARTNER_COLORS.none,
      text: `<b>${esc(c.name)}</b><br>partner status: ${esc(c.partner_status)}` };
  }
  const maxMw = Math.max(1, ...sites.sites.map((s) => s.grid_mw_max));
  const points = sites.sites.map((s) => ({
    id: s.id, name: s.name, lon: s.lon, lat: s.lat, size: s.grid_mw_max, color: STATUS_COLORS[s.status] || '#1d2330',
    text: `<b>${esc(s.name)}</b><br>${esc(byCode[s.country] ? byCode[s.country].name : s.country)} · ${esc(s.status.replace(/_/g, ' '))}<br>grid up to ${integer(s.grid_mw_max)} MW, ${integer(s.existing_mw)} MW existing<br>${esc(s.operator)}`,
    country: s.country,
  }));
  const totalGrid = sites.sites.reduce((a, s) => a + s.grid_mw_max, 0);
  const partners = countries.countries.filter((c) => c.partner_status !== 'none').length;
  root.innerHTML = `
    <h1>Sites</h1>
    <div class="kpis">
      ${kpi('sites', String(sites.sites.length))}
      ${kpi('grid capacity', `${(totalGrid / 1000).toFixed(1)} GW`, 'at full build-out')}
      ${kpi('countries with sites', String(new Set(sites.sites.map((s) => s.country)).size))}
      ${kpi('partner countries', String(partners), 'interested to operating')}
    </div>
    <figure class="figure"><figcaption>Sites by grid capacity <span class="unit">(circle area ∝ MW)</span></figcaption>
      <div class="chart map" id="dash-map" data-testid="map"></div></figure>
    <div class="legend-row">${Object.entries(STATUS_COLORS).map(([k, c]) => `<span><span class="swatch" style="background:${c}"></span>${k.replace(/_/g, ' ')}</span>`).join('')}
      <span>countries:</span>${Object.entries(PARTNER_COLORS).map(([k, c]) => `<span><span class="swatch" style="background:${c}"></span>${k}</span>`).join('')}</div>
    <h2>All sites</h2>
    ${table(['site', 'country', 'status', 'grid MW', 'existing MW', 'PUE', 'operator'],
    [...sites.sites].sort((a, b) => b.grid_mw_max - a.grid_mw_max).map((s) => [
      esc(s.name), `<a href="#/country/${esc(s.country)}">${esc(s.country)}</a>`, esc(s.status.replace(/_/g, ' ')),
      integer(s.grid_mw_max), integer(s.existing_mw), s.pue.toFixed(2), esc(s.operator)]), [3, 4, 5])}
    <details class="sources-list" data-testid="site-sources"><summary>Sources of the site records</summary><ul>
      ${sites.sites.map((s) => `<li>${sourcesLine(s, s.name) || `<b>${esc(s.name)}</b>: <span class="muted">no source (an assumption)</span>`}</li>`).join('')}
    </ul></details>`;
  const chart = draw($('#dash-map', root), mapOption({ regions, sites: points, maxSize: maxMw }), 'canvas');
  chart.on('click', (p) => {
    const code = p.seriesType === 'scatter' ? p.data && points.find((x) => x.id === p.data.id)?.country : p.name;
    if (code && byCode[code]) window.location.hash = `#/country/${code}`;
  });
  charts.push(chart);
}
