// Number formats with units, shared by the report and the dashboard.

const SCALES = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

// 1234567 -> "1.23M"; small numbers keep up to `digits` significant digits.
export function compact(value, digits = 3) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  const abs = Math.abs(value);
  for (const [scale, suffix] of SCALES) {
    if (abs >= scale) return `${trim((value / scale).toPrecision(digits))}${suffix}`;
  }
  if (abs === 0) return '0';
  if (abs >= 1) return trim(value.toPrecision(Math.max(digits, String(Math.round(abs)).length)));
  return trim(value.toPrecision(digits));
}

function trim(text) {
  return text.includes('e') ? text : text.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

export const usd = (v) => (v < 0 ? `-$${compact(-v)}` : `$${compact(v)}`);
export const percent = (v, digits = 1) => (v === null || v === undefined ? 'n/a' : `${(100 * v).toFixed(digits)}%`);
export const integer = (v) => Math.round(v).toLocaleString('en-US');
export const gw = (v) => `${v.toFixed(v < 10 ? 2 : 1)} GW`;
export const mw = (v) => `${integer(v)} MW`;
export const tpp = (v) => compact(v);

// Escapes text for innerHTML.
export function esc(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
