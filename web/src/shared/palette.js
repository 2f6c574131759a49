// Colours that stay apart on screen and in print, and the tier colours both
// the report and the dashboard use.
export const PALETTE = [
  '#1f5fae', '#e07b12', '#2e9e5b', '#c8363b', '#7a52b3', '#8c5a3c', '#d45fa8', '#6b7280',
  '#b5a11a', '#1ba3b8', '#9ec5f0', '#f4b56a', '#96d6a8', '#f19a9d', '#c3b2e0', '#c9a38c',
];
export const OTHER_COLOR = '#b8bec9';

// Groups of the shipped regimes: green for the most favoured, amber for the
// licensed middle, red for the restricted, slate for "everyone else".
export const TIER_COLORS = {
  tier1: '#2e7d4f',
  tier2: '#c98a12',
  tier3: '#b3312f',
  d1_d4: '#c98a12',
  d5_macau: '#b3312f',
  other: '#5b6b88',
  home: '#1f5fae',
};

// Colour of a group id, with a stable fallback for regimes with other names.
export function tierColor(id) {
  if (TIER_COLORS[id]) return TIER_COLORS[id];
  let hash = 0;
  for (const ch of String(id)) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

// A fixed colour per key, in the order keys are first given.
export function colorMap(keys) {
  const map = new Map();
  keys.forEach((k, i) => map.set(k, PALETTE[i % PALETTE.length]));
  return map;
}
