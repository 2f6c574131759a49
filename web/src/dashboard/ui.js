// Small DOM helpers for the dashboard pages.
import { esc } from '../shared/format.js';

export { esc };

export function $(selector, root = document) { return root.querySelector(selector); }

export function errorBox(error) {
  const expected = error && error.expected ? `<div class="muted">expected: ${esc(error.expected)}</div>` : '';
  const code = error && error.code ? `<span class="badge bad">${esc(error.code)}</span> ` : '';
  return `<div class="error-box" role="alert">${code}${esc(error && error.message ? error.message : String(error))}${expected}</div>`;
}

export function kpi(label, value, note = '') {
  return `<div class="kpi"><div class="label">${esc(label)}</div><div class="value">${esc(value)}</div><div class="note">${esc(note)}</div></div>`;
}

export function options(list, selected, { value = (x) => x, label = (x) => x } = {}) {
  return list.map((x) => {
    const v = value(x);
    return `<option value="${esc(v)}"${v === selected ? ' selected' : ''}>${esc(label(x))}</option>`;
  }).join('');
}

export function table(head, rows, numeric = []) {
  const th = head.map((h, i) => `<th${numeric.includes(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('');
  return `<div class="table-wrap"><table class="data"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

export function outcomeClass(outcome) {
  if (outcome === 'no_license_required' || outcome === 'not_an_export' || outcome === 'license_exception') return 'ok';
  if (outcome === 'license_required') return 'warn';
  // Held, not permitted: indeterminate (chip class unknown) and needs_review (possible list match).
  if (outcome === 'indeterminate' || outcome === 'needs_review') return 'warn';
  return 'bad';
}

export function progressBar(fraction, cls = '') {
  const pct = Math.max(0, Math.min(1, fraction || 0)) * 100;
  return `<div class="bar ${cls}" role="progressbar" aria-valuenow="${pct.toFixed(0)}" aria-valuemin="0" aria-valuemax="100"><span style="width:${pct.toFixed(1)}%"></span></div>`;
}

export function today() {
  return new Date().toISOString().slice(0, 10);
}
