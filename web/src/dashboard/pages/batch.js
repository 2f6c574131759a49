// Batch check on the check page: a shipments file (CSV with a header line,
// or JSON: one shipment or an array, as `stargate check FILE` reads) sent as
// is to POST /api/check, and every decision as a row of a table; a row's
// button opens its full decision with the trace.
import { api } from '../api.js';
import { esc, integer } from '../../shared/format.js';
import { $, errorBox, outcomeClass } from '../ui.js';

// RFC 4180 rows (quoted fields, doubled quotes), for showing the file's
// columns beside each decision; the server parses the file itself.
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((x) => x !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.some((x) => x !== '')) rows.push(row);
  if (!rows.length) return [];
  const head = rows[0].map((h) => h.trim());
  return rows.slice(1).map((r) => Object.fromEntries(head.map((h, i) => [h, (r[i] || '').trim()])));
}

function isJson(name, text) {
  return /\.json$/i.test(name) || /^\s*[[{]/.test(text);
}

function shipmentsOf(name, text) {
  try {
    if (isJson(name, text)) {
      const parsed = JSON.parse(text);
      return Array.isArray(parsed) ? parsed : [parsed];
    }
    return parseCsv(text);
  } catch { return []; }
}

function chipName(a) {
  return typeof a === 'string' ? a : a && typeof a === 'object' ? `custom (${integer(a.tpp || 0)} TPP)` : '';
}

export function batchPanel() {
  return `<h2>Check a batch of shipments</h2>
    <p class="muted">A file of shipments, CSV with a header line (<code>id,date,accelerator,quantity,destination,consignee</code>, and optionally
      <code>consignee_hq,end_use,veu</code>) or JSON (a shipment or an array of them, like <code>shipments.json</code> of a plan). They are decided in date order, each using caps later ones see.</p>
    <form id="batch-form" class="panel upload-row" data-testid="batch-form">
      <label>Shipments file<input type="file" name="file" accept=".csv,.json,text/csv,application/json" data-testid="batch-file" required></label>
      <label class="check"><input type="checkbox" name="record"> record the decisions in the ledger</label>
      <button type="submit" class="primary" data-testid="batch-submit">Check the file</button>
    </form>
    <div id="batch-result" aria-live="polite"></div>`;
}

// `regimeOf()`: the regime the single-shipment form has chosen ('' by date);
// `decisionCard(d, recorded, screening, index)` draws one decision.
export function wireBatch(root, regimeOf, decisionCard) {
  const form = $('#batch-form', root);
  const out = $('#batch-result', root);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = form.file.files[0];
    if (!file) return;
    out.innerHTML = '<p class="muted">checking…</p>';
    try {
      const text = await file.text();
      const json = isJson(file.name, text);
      const answer = await api('/api/check', {
        method: 'POST', raw: text, contentType: json ? 'application/json' : 'text/csv',
        query: { regime: regimeOf(), record: form.record.checked ? 'true' : '' },
      });
      const byId = Object.fromEntries(shipmentsOf(file.name, text).map((s) => [String(s.id), s]));
      const decisions = answer.decisions || [];
      const counts = {};
      for (const d of decisions) counts[d.outcome] = (counts[d.outcome] || 0) + 1;
      const rows = decisions.map((d, i) => {
        const s = byId[d.id] || {};
        return `<tr data-testid="batch-row"><td class="num">${i + 1}</td><td><code>${esc(d.id)}</code></td><td>${esc(s.date || '')}</td><td>${esc(chipName(s.accelerator))}</td>
          <td class="num">${s.quantity !== undefined && s.quantity !== '' ? integer(Number(s.quantity)) : ''}</td><td>${esc(s.destination || '')}</td><td>${esc(s.consignee || '')}</td>
          <td><span class="badge ${outcomeClass(d.outcome)}" data-testid="batch-outcome">${esc(d.outcome.replace(/_/g, ' '))}</span></td>
          <td>${esc(d.regime || '')}</td><td>${esc(d.tier || '')}</td><td>${esc(d.exception || '')}</td>
          <td class="num">${d.tpp_total !== undefined ? integer(d.tpp_total) : ''}</td>
          <td><button type="button" data-open="${i}">trace</button></td></tr>`;
      }).join('');
      out.innerHTML = `
        <p data-testid="batch-summary"><b>${decisions.length}</b> shipments decided${answer.recorded ? `, ${esc(answer.recorded.count)} ledger entries recorded` : ''}:
          ${Object.entries(counts).map(([o, n]) => `<span class="badge ${outcomeClass(o)}">${n} ${esc(o.replace(/_/g, ' '))}</span>`).join(' ')}</p>
        <div class="table-wrap"><table class="data" data-testid="batch-table"><thead><tr><th class="num">#</th><th>shipment</th><th>date</th><th>accelerator</th><th class="num">quantity</th>
          <th>destination</th><th>consignee</th><th>outcome</th><th>regime</th><th>tier</th><th>exception</th><th class="num">TPP</th><th></th></tr></thead>
          <tbody>${rows}</tbody></table></div>
        <div id="batch-detail"></div>`;
      out.querySelector('tbody').addEventListener('click', (e) => {
        const i = e.target.dataset && e.target.dataset.open;
        if (i === undefined) return;
        $('#batch-detail', out).innerHTML = decisionCard(decisions[Number(i)], null, answer.screening, Number(i));
      });
    } catch (e) {
      out.innerHTML = errorBox(e);
    }
  });
}
