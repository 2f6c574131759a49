// Restricted-party screening: names in, hits out (POST /api/screen), each
// hit with its score, the list and entry it matched, the export-control
// terms the list gives (Entity List), and which tokens matched.
import { api } from '../api.js';
import { $, errorBox, esc } from '../ui.js';

function why(hit) {
  const parts = (hit.explanation && hit.explanation.parts) || [];
  return parts.map((p) => {
    if (p.kind === 'match') return p.query === p.listed ? esc(p.query) : `${esc(p.query)}≈${esc(p.listed)}`;
    if (p.kind === 'query_only') return `<span class="muted">+${esc(p.query)}</span>`;
    return `<span class="muted">−${esc(p.listed)}</span>`;
  }).join(' ');
}

export function hitsTable(hits) {
  if (!hits || !hits.length) return '<p class="muted">no list entry scores at or above the threshold</p>';
  const rows = hits.map((h) => `<tr data-testid="hit">
      <td class="num">${Number(h.score).toFixed(2)}</td>
      <td>${esc(h.entry_name)}${h.matched_name && h.matched_name !== h.entry_name ? `<br><span class="muted">as ${esc(h.matched_name)}</span>` : ''}</td>
      <td>${esc(h.list)}<br><span class="muted">entry ${esc(h.entry_id)} · ${esc(h.source || '')}</span></td>
      <td>${esc((h.programs || []).join(', '))}</td>
      <td>${h.license_requirement ? `${esc(h.license_requirement)}<br><span class="muted">review policy: ${esc(h.license_policy || 'not in the list read (presumption of denial applies)')}</span>` : ''}${h.federal_register_notice ? `<br><span class="cite">${esc(h.federal_register_notice)}</span>` : ''}</td>
      <td>${why(h)}</td></tr>`).join('');
  return `<div class="table-wrap"><table class="data"><thead><tr><th class="num">score</th><th>entry</th><th>list</th><th>programs</th><th>license terms</th><th>why</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export async function renderScreen(root) {
  root.innerHTML = `
    <h1>Screen names</h1>
    <p class="muted">Are these parties on a restricted-party list (OFAC SDN and non-SDN lists, the BIS Entity List and the other lists the server screens against)? One name per line; every hit says why it matched.</p>
    <form id="screen-form" class="panel" autocomplete="off">
      <label>Names<textarea name="names" rows="5" required data-testid="screen-names">Huawei Technologies Co., Ltd.
Rosoboronexport
Acme Data Centers Ltd</textarea></label>
      <label>Threshold <input name="threshold" type="number" min="0.05" max="1" step="0.01" value="0.70"></label>
      <div class="actions"><button type="submit" class="primary" data-testid="screen-submit">Screen</button></div>
    </form>
    <div id="screen-result" aria-live="polite"></div>`;
  const form = $('#screen-form', root);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = new FormData(form);
    const names = String(f.get('names')).split('\n').map((n) => n.trim()).filter((n) => n);
    const out = $('#screen-result', root);
    out.innerHTML = '<p class="muted">screening…</p>';
    try {
      const answer = await api('/api/screen', { method: 'POST', body: { names, threshold: Number(f.get('threshold')) } });
      out.innerHTML = `<p class="muted">${esc(answer.names_screened)} names against ${esc(answer.list.entries)} list entries; ${esc(answer.names_hit)} with hits</p>`
        + answer.results.map((r) => `<div class="panel" data-testid="screen-result">
          <h3>${esc(r.name)} <span class="badge ${r.hit ? 'bad' : 'ok'}">${r.hit ? 'hit' : 'clear'}</span></h3>
          ${hitsTable(r.hits)}</div>`).join('');
    } catch (e) {
      out.innerHTML = errorBox(e);
    }
  });
}
