// Downloads of a plan's files (GET /api/plans/{id}/files/{name}), its HTML
// report (GET /api/plans/{id}/report) and the decisions the ledger holds
// (GET /api/ledger/decisions.csv). Plain links on an open server; with a
// token set, a click fetches the file with the token and saves it (a link
// cannot send an Authorization header).
import { token } from '../api.js';
import { esc } from '../../shared/format.js';
import { errorBox } from '../ui.js';

// The files `stargate plan --out DIR` writes, with what each holds.
export const PLAN_FILES = [
  ['plan.json', 'status, KPIs, binding constraints'],
  ['site_quarters.csv', 'MW built and online per site and quarter'],
  ['installs.csv', 'accelerators installed per site and quarter'],
  ['served.csv', 'demand served, by country served and serving'],
  ['unmet.csv', 'unmet demand per country and quarter'],
  ['demand.csv', 'demand, served and unmet per demand row'],
  ['financing.csv', 'capex funded per financier'],
  ['shipments.json', 'the shipments the plan implies (check\'s input)'],
];

function link(href, name, title, testid) {
  return `<a href="${esc(href)}" download="${esc(name)}" data-download data-testid="${esc(testid)}" title="${esc(title)}">${esc(name)}</a>`;
}

export function downloadsPanel(id, stochastic = false) {
  const base = `/api/plans/${encodeURIComponent(id)}`;
  const files = stochastic ? [...PLAN_FILES, ['first_stage.csv', 'the hedged first-stage decisions']] : PLAN_FILES;
  return `<div class="panel downloads" data-testid="downloads">
    <div><b>Plan files</b> <span class="muted small">(as <code>stargate plan --out</code> writes them)</span>:
      ${files.map(([name, what]) => link(`${base}/files/${name}`, name, what, `download-${name}`)).join(' · ')}</div>
    <div><b>Report</b>: ${link(`${base}/report`, 'report.html', 'the self-contained HTML report of this plan (stargate report)', 'download-report')}
      · <b>Decisions</b>: ${link('/api/ledger/decisions.csv', 'decisions.csv', 'every shipment decision recorded in the ledger', 'download-decisions')}
      <span class="muted small">(the ledger's recorded checks; needs a server with --ledger)</span></div>
    <div class="download-error"></div>
  </div>`;
}

async function saveWithToken(anchor) {
  const response = await fetch(anchor.href, { headers: { Authorization: `Bearer ${token()}` } });
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    try { message = (await response.json()).error.message || message; } catch { /* not JSON */ }
    throw new Error(message);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = anchor.getAttribute('download') || '';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

document.addEventListener('click', (event) => {
  const anchor = event.target.closest && event.target.closest('a[data-download]');
  if (!anchor || !token()) return;
  event.preventDefault();
  saveWithToken(anchor).catch((e) => {
    const box = anchor.closest('.downloads')?.querySelector('.download-error');
    if (box) box.innerHTML = errorBox(e);
  });
});
