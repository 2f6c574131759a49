// The ledger: the latest entries, and its verification status (every entry
// matches its hash and link, and the running totals match the entries).
import { api } from '../api.js';
import { compact } from '../../shared/format.js';
import { $, errorBox, esc } from '../ui.js';

function summary(e) {
  const b = e.entry || {};
  if (e.kind === 'shipment_decision') {
    const s = b.shipment || {};
    const d = b.decision || {};
    return `<code>${esc(s.id)}</code>: ${esc(s.quantity)} × ${esc(s.accelerator)} → ${esc(s.destination)}${s.consignee ? ` (${esc(s.consignee)})` : ''}: <b>${esc((d.outcome || '?').replace(/_/g, ' '))}</b>${d.exception ? ` ${esc(d.exception)}` : ''}`;
  }
  if (e.kind === 'commitment') return `${esc(b.financier)}: $${compact(b.amount_usd || 0)} on ${esc(b.date)}`;
  if (e.kind === 'screening') return `${esc(b.name)}: ${esc(b.result)}`;
  if (e.kind === 'tier_change') return `${esc(b.country)}: ${esc(b.from)} → ${esc(b.to)} from ${esc(b.effective)}`;
  return `<code>${esc(JSON.stringify(b))}</code>`;
}

function increments(inc) {
  return Object.entries(inc || {}).map(([k, v]) => `<code>${esc(k)}</code> ${v < 0 ? '−' : '+'}${compact(Math.abs(v))}`).join('<br>');
}

export async function renderLedger(root) {
  root.innerHTML = `
    <h1>Ledger</h1>
    <p class="muted">The tamper-evident record of decisions, commitments, screenings and tier changes: each entry is chained to the one before by its SHA-256 hash.</p>
    <div class="panel verify-row"><div id="verify" data-testid="verify">checking…</div><button id="verify-again">Verify again</button></div>
    <div class="inline-form" style="margin:12px 0"><label>Show the last <select id="limit"><option>25</option><option selected>50</option><option>200</option></select> entries</label></div>
    <div id="entries"></div>`;
  let headSeq = null;
  const verify = async () => {
    const box = $('#verify', root);
    box.innerHTML = 'checking…';
    try {
      const v = await api('/api/ledger/verify');
      headSeq = v.head ? v.head.seq : null;
      box.innerHTML = v.ok
        ? `<span class="badge ok big">intact</span> ${compact(v.entries_checked)} entries and ${compact(v.counters_checked)} running totals checked in ${(1000 * (v.seconds || 0)).toFixed(0)} ms; head <b>#${esc(v.head.seq)}</b> <code class="hash">${esc(v.head.hash)}</code>`
        : `<span class="badge bad big">tampered</span> ${esc(v.problem || '')} at entry #${esc(v.first_bad_seq)}: ${esc(v.message || '')}`;
    } catch (e) {
      box.innerHTML = errorBox(e);
    }
  };
  const list = async () => {
    const out = $('#entries', root);
    try {
      // Entries come oldest first from `after`; the newest are just below the head.
      const limit = Number($('#limit', root).value);
      const after = headSeq === null ? undefined : Math.max(0, headSeq - limit);
      const page = await api('/api/ledger', { query: { limit, after } });
      const entries = (page.entries || []).slice(-limit).reverse();
      out.innerHTML = entries.length
        ? `<div class="table-wrap"><table class="data" data-testid="ledger"><thead><tr><th class="num">seq</th><th>kind</th><th>recorded (UTC)</th><th>what</th><th>counts against</th><th>hash</th></tr></thead><tbody>${entries.map((e) => `<tr>
            <td class="num">${esc(e.seq)}</td><td>${esc(e.kind.replace(/_/g, ' '))}</td><td class="mono small">${esc((e.recorded_at || '').replace('T', ' ').slice(0, 19))}</td>
            <td>${summary(e)}</td><td class="small">${increments(e.increments)}</td><td><code class="hash" title="${esc(e.hash)}">${esc((e.hash || '').slice(0, 12))}…</code></td></tr>`).join('')}</tbody></table></div>`
        : '<p class="muted">The ledger is empty. Record a decision from the Check page.</p>';
    } catch (e) {
      out.innerHTML = errorBox(e);
    }
  };
  $('#verify-again', root).addEventListener('click', verify);
  $('#limit', root).addEventListener('change', list);
  await verify();
  await list();
}
