// The overview: the server's plan on a world map over time. A slider picks
// the quarter; each site's circle is sized by the MW the plan has online
// there then (GET /api/plans/default/sites), with its H100e installed in
// the tooltip and the table; countries are shaded by partner status.
// Cancelled sites are drawn as hollow red rings, marked cancelled, and
// counted in no total. A click on a site or a country opens the country.
import { api, cached } from '../api.js';
import { draw, mapOption } from '../../shared/charts.js';
import { compact, integer } from '../../shared/format.js';
import { $, esc, kpi, sourcesLine, table } from '../ui.js';

const PARTNER_COLORS = {
  operating: '#2e7d4f', signed: '#5aa36f', negotiating: '#d39b1c', interested: '#e8c779', none: '#d5dae2',
};
const STATUS_COLORS = {
  operating: '#1f5fae', under_construction: '#e07b12', announced: '#7a52b3', candidate: '#6b7280', cancelled: '#b3312f',
};

const statusText = (s) => s.replace(/_/g, ' ');

export async function renderMap(root, charts) {
  const [sites, countries] = await Promise.all([cached('/api/sites'), cached('/api/countries')]);
  const byCode = Object.fromEntries(countries.countries.map((c) => [c.iso2, c]));
  const regions = {};
  for (const c of countries.countries) {
    regions[c.iso2] = { color: PARTNER_COLORS[c.partner_status] || PARTNER_COLORS.none,
      text: `<b>${esc(c.name)}</b><br>partner status: ${esc(c.partner_status)}` };
  }
  const live = sites.sites.filter((s) => s.status !== 'cancelled');
  const cancelled = sites.sites.filter((s) => s.status === 'cancelled');
  const totalGrid = live.reduce((a, s) => a + s.grid_mw_max, 0);
  const partners = countries.countries.filter((c) => c.partner_status !== 'none').length;
  root.innerHTML = `
    <h1>Sites and the plan over time</h1>
    <div class="slider-row panel">
      <label for="map-slider">Quarter</label>
      <input type="range" id="map-slider" data-testid="map-slider" min="0" max="0" value="0" step="1" disabled>
      <b id="map-quarter" class="mono" data-testid="map-quarter">loading the plan…</b>
    </div>
    <div class="kpis" id="map-kpis"></div>
    <figure class="figure"><figcaption>Sites by MW online in the plan <span class="unit">(circle area ∝ MW online in the quarter; hollow: nothing online yet; red ring: cancelled)</span></figcaption>
      <div class="chart map" id="dash-map" data-testid="map"></div></figure>
    <div class="legend-row">${Object.entries(STATUS_COLORS).map(([k, c]) => `<span><span class="swatch" style="background:${c}"></span>${statusText(k)}</span>`).join('')}
      <span>countries:</span>${Object.entries(PARTNER_COLORS).map(([k, c]) => `<span><span class="swatch" style="background:${c}"></span>${k}</span>`).join('')}</div>
    <p class="muted small">Grid capacity of the ${live.length} sites not cancelled: ${(totalGrid / 1000).toFixed(1)} GW at full build-out;
      ${cancelled.length ? `${cancelled.length} cancelled site${cancelled.length > 1 ? 's' : ''} (${cancelled.map((s) => esc(s.name)).join(', ')}) counted in no total` : 'no site is cancelled'}; ${partners} partner countries.</p>
    <h2>All sites <span class="muted" id="sites-quarter"></span></h2>
    <div id="map-table"></div>
    <details class="sources-list" data-testid="site-sources"><summary>Sources of the site records</summary><ul>
      ${sites.sites.map((s) => `<li>${sourcesLine(s, s.name) || `<b>${esc(s.name)}</b>: <span class="muted">no source (an assumption)</span>`}</li>`).join('')}
    </ul></details>`;
  let plan = null;
  try {
    plan = await api('/api/plans/default/sites');
  } catch (e) {
    $('#map-quarter', root).textContent = `no plan: ${e.message}`;
  }
  const quarters = plan ? plan.quarters : [];
  const byId = Object.fromEntries((plan ? plan.sites : []).map((s) => [s.id, s]));
  const maxMw = Math.max(1, ...sites.sites.map((s) => s.grid_mw_max));
  const element = $('#dash-map', root);
  const slider = $('#map-slider', root);
  let chart = null;
  const update = () => {
    const i = Number(slider.value);
    const q = quarters[i] || '';
    const at = (s, key) => (byId[s.id] && q ? byId[s.id][key][i] || 0 : 0);
    $('#map-quarter', root).textContent = q || 'no plan';
    $('#sites-quarter', root).textContent = q ? `(plan in ${q})` : '';
    const points = sites.sites.map((s) => {
      const isCancelled = s.status === 'cancelled';
      const mwOnline = isCancelled ? 0 : at(s, 'mw_online');
      const h100e = isCancelled ? 0 : at(s, 'h100e');
      return {
        id: s.id, name: s.name, lon: s.lon, lat: s.lat, size: mwOnline, color: STATUS_COLORS[s.status] || '#1d2330', country: s.country,
        text: `<b>${esc(s.name)}</b>${isCancelled ? ' <b style="color:#b3312f">CANCELLED</b>' : ''}<br>${esc(byCode[s.country] ? byCode[s.country].name : s.country)} · ${esc(statusText(s.status))}<br>`
          + (isCancelled ? 'not in the plan, counted in no total' : `${q}: ${integer(mwOnline)} MW online, ${compact(h100e)} H100e installed`)
          + `<br>grid up to ${integer(s.grid_mw_max)} MW<br>${esc(s.operator)}`,
      };
    });
    const counted = sites.sites.filter((s) => s.status !== 'cancelled');
    const gwOnline = counted.reduce((a, s) => a + at(s, 'mw_online'), 0) / 1000;
    const h100eTotal = counted.reduce((a, s) => a + at(s, 'h100e'), 0);
    const active = counted.filter((s) => at(s, 'mw_online') > 0).length;
    $('#map-kpis', root).innerHTML = [
      kpi('online in the plan', `${gwOnline.toFixed(2)} GW`, q ? `in ${q}; cancelled sites not counted` : ''),
      kpi('compute installed', `${compact(h100eTotal)} H100e`, q ? `in ${q}` : ''),
      kpi('sites with capacity online', `${active} of ${counted.length}`, cancelled.length ? `${cancelled.length} cancelled, not counted` : ''),
      kpi('grid capacity (not cancelled)', `${(totalGrid / 1000).toFixed(1)} GW`, 'at full build-out'),
    ].join('').replace('<div class="kpi">', '<div class="kpi" data-testid="map-gw">');
    $('#map-table', root).innerHTML = table(['site', 'country', 'status', `MW online`, 'H100e installed', 'grid MW', 'PUE', 'operator'],
      [...sites.sites].sort((a, b) => at(b, 'mw_online') - at(a, 'mw_online') || b.grid_mw_max - a.grid_mw_max).map((s) => {
        const isCancelled = s.status === 'cancelled';
        return [
          isCancelled ? `<span class="status-cancelled">${esc(s.name)}</span>` : esc(s.name),
          `<a href="#/country/${esc(s.country)}">${esc(s.country)}</a>`,
          isCancelled ? '<span class="badge bad" data-testid="cancelled">cancelled</span>' : esc(statusText(s.status)),
          isCancelled ? '–' : integer(at(s, 'mw_online')), isCancelled ? '–' : compact(at(s, 'h100e')),
          integer(s.grid_mw_max), s.pue.toFixed(2), esc(s.operator)];
      }), [3, 4, 5, 6]).replace('<table class="data">', '<table class="data" data-testid="map-sites">');
    chart = draw(element, mapOption({ regions, sites: points, maxSize: maxMw }), 'canvas');
    if (!charts.includes(chart)) {
      charts.push(chart);
      chart.on('click', (p) => {
        const code = p.seriesType === 'scatter' ? p.data && sites.sites.find((x) => x.id === p.data.id)?.country : p.name;
        if (code && byCode[code]) window.location.hash = `#/country/${code}`;
      });
    }
  };
  if (quarters.length) {
    slider.max = String(quarters.length - 1);
    slider.value = String(quarters.length - 1);
    slider.disabled = false;
  }
  slider.addEventListener('input', update);
  update();
}
