// The Stargate dashboard, served by `stargate serve` at /: a single page with
// hash routes for the site map, plans, countries, shipment checks, the ledger
// and background jobs. It talks only to the server's /api.
import baseCss from '../shared/base.css';
import dashboardCss from './dashboard.css';
import { api, setToken, token } from './api.js';
import { CanvasRenderer } from 'echarts/renderers';
import { echarts } from '../shared/echarts.js';
import { resizeOnWindowChange } from '../shared/charts.js';
import { $, errorBox, esc } from './ui.js';
import { renderMap } from './pages/map.js';
import { renderPlan } from './pages/plan.js';
import { renderCountry } from './pages/country.js';
import { renderCheck } from './pages/check.js';
import { renderScreen } from './pages/screen.js';
import { renderLedger } from './pages/ledger.js';
import { renderJobs } from './pages/jobs.js';
import { renderSimulation } from './pages/simulation.js';
import { cached } from './api.js';

echarts.use([CanvasRenderer]);

const ROUTES = [
  { path: 'map', label: 'Map', render: (root, charts) => renderMap(root, charts) },
  { path: 'plan', label: 'Plan', render: (root, charts) => renderPlan(root, charts) },
  { path: 'simulation', label: 'Simulation',
    render: async (root, charts, arg) => renderSimulation(root, charts, arg, (await cached('/api/countries')).countries) },
  { path: 'country', label: 'Countries', render: (root, charts, arg) => renderCountry(root, arg) },
  { path: 'check', label: 'Check', render: (root) => renderCheck(root) },
  { path: 'screen', label: 'Screening', render: (root) => renderScreen(root) },
  { path: 'ledger', label: 'Ledger', render: (root) => renderLedger(root) },
  { path: 'jobs', label: 'Jobs', render: (root, charts, arg, isCurrent) => renderJobs(root, charts, isCurrent) },
];

let charts = [];
let generation = 0;

function shell() {
  const style = document.createElement('style');
  style.textContent = baseCss + dashboardCss;
  document.head.appendChild(style);
  document.getElementById('app').innerHTML = `
    <header class="topbar">
      <a class="brand" href="#/map">Stargate</a>
      <nav>${ROUTES.map((r) => `<a href="#/${r.path}" data-route="${r.path}">${r.label}</a>`).join('')}</nav>
      <div class="server">
        <span id="health" class="muted">connecting…</span>
        <button id="token-button" title="API token">${token() ? 'token set' : 'set token'}</button>
      </div>
    </header>
    <div id="token-panel" class="token-panel" hidden>
      <form id="token-form"><label>Bearer token <input name="token" type="password" autocomplete="off" value=""></label>
      <button type="submit" class="primary">Save</button> <button type="button" id="token-clear">Clear</button>
      <span class="muted">kept in this browser's local storage; sent as <code>Authorization: Bearer …</code></span></form>
    </div>
    <main id="page" class="page"></main>`;
  $('#token-button').addEventListener('click', () => { $('#token-panel').hidden = !$('#token-panel').hidden; });
  $('#token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    setToken(new FormData(e.target).get('token'));
    location.reload();
  });
  $('#token-clear').addEventListener('click', () => { setToken(''); location.reload(); });
  api('/api/health').then((h) => {
    $('#health').innerHTML = `<span class="dot ok"></span>server ${esc(h.version || '')}`;
  }).catch((e) => {
    $('#health').innerHTML = `<span class="dot bad"></span>server unreachable: ${esc(e.message)}`;
  });
}

async function route() {
  const [path, arg] = (window.location.hash.replace(/^#\/?/, '') || 'map').split('/');
  const r = ROUTES.find((x) => x.path === path) || ROUTES[0];
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.route === r.path));
  document.title = `${r.label} · Stargate`;
  charts.forEach((c) => c.dispose());
  charts = [];
  const mine = ++generation;
  const root = $('#page');
  root.dataset.page = r.path;
  root.dataset.ready = 'false';
  root.innerHTML = '<p class="muted">loading…</p>';
  try {
    await r.render(root, charts, arg ? decodeURIComponent(arg) : undefined, () => mine === generation);
  } catch (e) {
    if (mine === generation) root.innerHTML = errorBox(e);
  }
  if (mine === generation) root.dataset.ready = 'true';
}

// For the browser tests and the curious: each chart's axis titles and how
// its category labels are shown (interval 0: every one).
window.stargateCharts = () => charts.filter((c) => !c.isDisposed()).map((c) => {
  const o = c.getOption();
  const axis = (a) => ({ name: a.name || '', type: a.type, interval: a.axisLabel ? a.axisLabel.interval : undefined,
    categories: Array.isArray(a.data) ? a.data.length : 0 });
  return { id: c.getDom().id, xAxis: (o.xAxis || []).map(axis), yAxis: (o.yAxis || []).map(axis),
    series: (o.series || []).map((x) => ({ type: x.type, name: x.name, points: Array.isArray(x.data) ? x.data.length : 0 })) };
});

shell();
resizeOnWindowChange(() => charts);
window.addEventListener('hashchange', route);
route();
