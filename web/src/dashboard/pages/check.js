// Shipment check: a form for one shipment, POST /api/check, and the decision
// with its trace: each rule step with its inputs, result and citation.
import { api, cached } from '../api.js';
import { compact, integer } from '../../shared/format.js';
import { $, errorBox, esc, options, outcomeClass, sourcesLine, today } from '../ui.js';
import { hitsTable } from './screen.js';
import { batchPanel, wireBatch } from './batch.js';

// Exact figures where they are short (quantities, TPP per chip), compact
// ones for the billions of cap arithmetic.
function inputText(v) {
  if (typeof v === 'number') return Math.abs(v) < 1e7 ? v.toLocaleString('en-US', { maximumFractionDigits: 4 }) : compact(v, 4);
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function traceTable(trace) {
  const rows = trace.map((step, i) => {
    const inputs = Object.entries(step.inputs || {}).map(([k, v]) =>
      `<span class="kv"><span class="k">${esc(k)}</span> ${esc(inputText(v))}</span>`).join(' ');
    return `<tr><td class="num">${i + 1}</td><td><code>${esc(step.rule)}</code></td><td>${inputs}</td><td>${esc(step.result)}</td><td class="cite">${esc(step.cite)}</td></tr>`;
  }).join('');
  return `<div class="table-wrap"><table class="data trace" data-testid="trace"><thead><tr><th class="num">#</th><th>rule</th><th>inputs</th><th>result</th><th>citation</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function capsTable(caps) {
  if (!caps || !caps.length) return '';
  const rows = caps.map((c) => {
    const used = c.limit_tpp > 0 ? c.used_tpp_after / c.limit_tpp : 0;
    return `<tr><td><code>${esc(c.id)}</code></td><td class="num">${compact(c.limit_tpp)}</td><td class="num">${compact(c.used_tpp_before)}</td><td class="num">${compact(c.used_tpp_after)}</td><td class="num">${compact(c.remaining_tpp)}</td>
      <td style="min-width:120px"><div class="bar ${used > 0.95 ? 'bad' : used > 0.7 ? 'warn' : ''}"><span style="width:${Math.min(100, 100 * used).toFixed(1)}%"></span></div></td></tr>`;
  }).join('');
  return `<h3>Caps this shipment counts against <span class="muted">(TPP)</span></h3>
    <div class="table-wrap"><table class="data"><thead><tr><th>cap</th><th class="num">limit</th><th class="num">used before</th><th class="num">used after</th><th class="num">left</th><th>used</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

// A clear result against an old list is not clear today: name every list
// past the staleness bound with its date.
function staleLists(screening) {
  const stale = (screening.lists || []).filter((l) => l.stale);
  if (stale.length === 0) return '';
  const named = stale.map((l) => `${esc(l.id)} (data of ${esc(l.data_of)}, ${esc(l.age_days)} days old)`).join(', ');
  return `<p class="warning-box" data-testid="stale-lists">Screened against lists older than ${esc(screening.stale_after_days)} days: ${named}. A party listed since is not found; run <code>stargate lists update</code>.</p>`;
}

// The screening of one shipment's parties, from the check's answer.
function screeningSection(screening, index) {
  if (!screening || !screening.enabled) {
    return '<h3>Screening</h3><p class="muted" data-testid="screening-off">screening was off for this check</p>';
  }
  const refs = (screening.shipment_parties || [])[index] || [];
  const parts = refs.map((ref) => {
    const p = screening.parties[ref.party];
    const cls = p.status === 'match' ? 'bad' : p.status === 'possible_match' ? 'warn' : 'ok';
    return `<div data-testid="screened-party"><p><span class="muted">${esc(ref.field.replace(/_/g, ' '))}</span> ${esc(p.name)}
      <span class="badge ${cls}" data-testid="screening-status">${esc(p.status.replace(/_/g, ' '))}</span></p>
      ${p.hits.length ? hitsTable(p.hits) : ''}</div>`;
  }).join('');
  return `<h3>Screening <span class="muted">(against ${esc(screening.list_entries)} list entries; match at ${esc(screening.threshold)}, review from ${esc(screening.review_threshold)})</span></h3>${staleLists(screening)}${parts}`;
}

export function decisionCard(d, recorded, screening, index) {
  const facts = [
    ['regime', d.regime],
    ['classification', d.classification],
    ['tier', d.tier],
    ['review policy', d.review_policy ? d.review_policy.replace(/_/g, ' ') : null],
    ['exception', d.exception],
    ['TPP shipped', d.tpp_total !== undefined ? integer(d.tpp_total) : null],
    ['license conditions', d.conditions && d.conditions.length ? d.conditions.join('; ') : null],
  ].filter(([, v]) => v !== null && v !== undefined && v !== '');
  return `<div class="decision panel" data-testid="decision">
    <div class="decision-head">
      <span class="badge big ${outcomeClass(d.outcome)}" data-testid="decision-outcome">${esc(d.outcome.replace(/_/g, ' '))}</span>
      <span class="decision-id">shipment <code>${esc(d.id)}</code></span>
      ${recorded ? `<span class="badge info" data-testid="recorded">recorded in the ledger as entry #${esc(recorded.first_seq)}</span>` : ''}
    </div>
    ${d.reason ? `<p>${esc(d.reason)}</p>` : ''}
    <dl class="facts">${facts.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>
    ${screening !== undefined ? screeningSection(screening, index) : ''}
    ${capsTable(d.caps)}
    <h3>Trace <span class="muted">(rules applied in order, with their citations)</span></h3>
    ${traceTable(d.trace || [])}
  </div>`;
}

export async function renderCheck(root) {
  const [acc, countries, regimes] = await Promise.all([cached('/api/accelerators'), cached('/api/countries'), cached('/api/regimes')]);
  const accelerators = acc.accelerators;
  const countryList = [...countries.countries].sort((a, b) => a.name.localeCompare(b.name));
  const label = (c) => `${c.name} (${c.iso2})`;
  root.innerHTML = `
    <h1>Check a shipment</h1>
    <p class="muted">Is this shipment allowed, under which rule, and how much of each cap does it use? The decision comes with the trace of rules applied and their citations.</p>
    <form id="check-form" class="panel form-grid" autocomplete="off">
      <label>Shipment id<input name="id" value="dash-${Date.now().toString(36)}" required></label>
      <label>Date<input name="date" type="date" value="${today()}" required></label>
      <label>Accelerator<select name="accelerator">${options(accelerators, 'H100-SXM', { value: (a) => a.id, label: (a) => `${a.id} (${a.vendor})` })}</select></label>
      <label>Quantity<input name="quantity" type="number" min="1" step="1" value="1000" required></label>
      <label>Destination<select name="destination">${options(countryList, 'AE', { value: (c) => c.iso2, label })}</select></label>
      <label>Consignee<input name="consignee" value="G42" required></label>
      <label>Consignee headquarters<select name="consignee_hq"><option value="">same as destination</option>${options(countryList, '', { value: (c) => c.iso2, label })}</select></label>
      <label>End use<input name="end_use" value="datacenter"></label>
      <label>Validated end user<select name="veu"><option value="">none</option><option value="uveu">UVEU</option><option value="nveu">NVEU</option></select></label>
      <label>Regime<select name="regime"><option value="">in force on the date</option>${options(regimes.regimes, '', { value: (r) => r.id, label: (r) => `${r.id}${r.illustrative ? ' (illustrative)' : ''}` })}</select></label>
      <label class="check"><input type="checkbox" name="record"> record the decision in the ledger</label>
      <div class="actions"><button type="submit" class="primary" data-testid="check-submit">Check</button></div>
    </form>
    <div id="check-result" aria-live="polite"></div>
    ${batchPanel()}`;
  const form = $('#check-form', root);
  wireBatch(root, () => form.regime.value, decisionCard);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = new FormData(form);
    const shipment = {
      id: f.get('id'), date: f.get('date'), accelerator: f.get('accelerator'), quantity: Number(f.get('quantity')),
      destination: f.get('destination'), consignee: f.get('consignee'),
    };
    for (const key of ['consignee_hq', 'end_use', 'veu']) if (f.get(key)) shipment[key] = f.get(key);
    const out = $('#check-result', root);
    out.innerHTML = '<p class="muted">checking…</p>';
    try {
      const answer = await api('/api/check', {
        method: 'POST', body: shipment, query: { regime: f.get('regime'), record: f.get('record') ? 'true' : '' },
      });
      const decisions = answer.decisions || [];
      out.innerHTML = decisions.map((d, i) => decisionCard(d, answer.recorded && decisions.length === 1 ? answer.recorded : null, answer.screening, i)).join('')
        || '<p class="muted">no decision returned</p>';
      // The chip's figures (TPP, die area) decide its class: say where they come from.
      const chip = accelerators.find((a) => a.id === shipment.accelerator);
      if (decisions.length && chip) out.insertAdjacentHTML('beforeend', sourcesLine(chip, `Sources of the ${chip.name || chip.id} figures`));
      if (answer.recorded && decisions.length !== 1) out.insertAdjacentHTML('afterbegin', `<p class="note">recorded ${esc(answer.recorded.count)} entries in the ledger</p>`);
    } catch (e) {
      out.innerHTML = errorBox(e);
    }
  });
}
