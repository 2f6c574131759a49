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
  return `<div class="kpi"><div class="label">${esc(label)}</div><div class="value">${esc(value)}</div>${note ? `<div class="note">${esc(note)}</div>` : ''}</div>`;
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

// A record's sources as the API gives them (provenance.references, resolved
// from docs/sources.md): each a title (date) linked to its URL(s), or the URL
// itself; a key that resolves to nothing is counted, never shown bare.
export function sourcesLine(record, label = 'Sources') {
  const refs = (record && record.provenance && record.provenance.references) || [];
  if (!refs.length) return '';
  const link = (url, text) => (/^https?:\/\//.test(url)
    ? `<a href="${esc(url)}" target="_blank" rel="noopener noreferrer">${esc(text)}</a>` : esc(text));
  const shown = [];
  let unresolved = 0;
  for (const r of refs) {
    const urls = r.urls || [];
    if (r.title && urls.length) {
      const more = urls.slice(1).map((u, i) => link(u, `[${i + 2}]`)).join(' ');
      shown.push(`${link(urls[0], r.title)}${r.date ? ` <span class="muted">(${esc(r.date)})</span>` : ''}${more ? ` ${more}` : ''}`);
    } else if (urls.length) {
      shown.push(urls.map((u) => link(u, u)).join(' '));
    } else {
      unresolved += 1;
    }
  }
  if (unresolved) shown.push(`<span class="muted">${unresolved} not in the bibliography</span>`);
  return `<div class="sources-line" data-testid="sources"><span class="label">${esc(label)}:</span> ${shown.join('; ')}</div>`;
}
