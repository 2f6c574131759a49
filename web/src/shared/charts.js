// Option builders for the charts the report and the dashboard share, so both
// look the same: titles in the page, units on the axes, no animation (pages
// are read and printed, and tests take screenshots).
import { echarts } from './echarts.js';
import { compact, esc } from './format.js';
import { OTHER_COLOR, PALETTE } from './palette.js';
import { registerWorldMap } from './world.js';

// A concrete font list, not 'inherit': ECharts measures text on a canvas with
// this font, and a name it cannot resolve makes legends overlap.
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif";
const LEGEND_FONT_SIZE = 11.5;
const LEGEND_TEXT_MAX = 190;
const AXIS_LABEL = { color: '#4a5263', fontSize: 11 };
const AXIS_NAME = { color: '#4a5263', fontSize: 12, fontWeight: 600 };

// Draws `option` into `element`; returns the chart. `renderer` is 'svg' for
// the report (crisp in print) and 'canvas' for the dashboard.
export function draw(element, option, renderer = 'svg') {
  const chart = echarts.getInstanceByDom(element) || echarts.init(element, null, { renderer });
  chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...fitLegend(option, chart.getWidth()) }, true);
  return chart;
}

let measureContext = null;
function textWidth(text) {
  measureContext = measureContext || document.createElement('canvas').getContext('2d');
  measureContext.font = `${LEGEND_FONT_SIZE}px ${FONT}`;
  return Math.min(LEGEND_TEXT_MAX, measureContext.measureText(text).width);
}

// Legends wrap onto as many rows as the chart's width needs (nothing hides
// behind a pager, so print shows every name); the plot starts below them.
export function fitLegend(option, width) {
  if (!option.legend || !option.grid || Array.isArray(option.grid) || !width) return option;
  const names = (option.series || []).map((s) => s.name).filter(Boolean);
  if (!names.length) return option;
  let rows = 1;
  let x = 0;
  for (const name of names) {
    const w = 14 + 5 + textWidth(name) + 10;
    if (x > 0 && x + w > width - 8) {
      rows += 1;
      x = 0;
    }
    x += w;
  }
  return { ...option, grid: { ...option.grid, top: 16 + rows * 20 + 14 } };
}

// Keeps every chart on the page sized to its box.
export function resizeOnWindowChange(getCharts) {
  let pending = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => getCharts().forEach((c) => c.resize()));
  });
}

// Keys ordered by weight, the first `keep` kept and the rest summed into
// "other": [{name, values}] with values summed element-wise.
export function topSeries(rows, order, keep, otherLabel = 'other countries') {
  const keys = order.filter((k) => rows[k]);
  const kept = keys.slice(0, keep);
  const rest = keys.slice(keep);
  const out = kept.map((k) => ({ key: k, values: rows[k] }));
  if (rest.length) {
    const length = rows[rest[0]].length;
    const sum = new Array(length).fill(0);
    for (const k of rest) rows[k].forEach((v, i) => { sum[i] += v; });
    out.push({ key: null, name: `${otherLabel} (${rest.length})`, values: sum });
  }
  return out;
}

function valueAxis(name, formatter, extra = {}) {
  return {
    type: 'value',
    name,
    nameLocation: 'middle',
    nameGap: 52,
    nameTextStyle: AXIS_NAME,
    axisLabel: { ...AXIS_LABEL, formatter: formatter || ((v) => compact(v)) },
    splitLine: { lineStyle: { color: '#e6e9ef' } },
    ...extra,
  };
}

// Labels every category when `every` is set (slanted when there are many,
// so none is skipped); otherwise ECharts shows a readable subset and the
// tooltip names each one.
function categoryAxis(categories, name, every = false) {
  const slanted = every && categories.length > 8;
  return {
    type: 'category',
    data: categories,
    name,
    nameLocation: 'middle',
    nameGap: slanted ? 84 : 28,
    nameTextStyle: AXIS_NAME,
    axisLabel: every
      ? { ...AXIS_LABEL, interval: 0, rotate: slanted ? 40 : 0, width: 90, overflow: 'truncate' }
      : AXIS_LABEL,
    axisTick: { alignWithLabel: true, interval: every ? 0 : 'auto' },
  };
}

function legend(extra = {}) {
  return {
    type: 'plain', top: 0, left: 0, right: 0, itemWidth: 14, itemHeight: 10, itemGap: 10,
    textStyle: { fontSize: LEGEND_FONT_SIZE, width: LEGEND_TEXT_MAX, overflow: 'truncate' },
    tooltip: { show: true },
    ...extra,
  };
}

function tooltip(valueFormatter) {
  return { trigger: 'axis', confine: true, valueFormatter: valueFormatter || ((v) => compact(v)), order: 'valueDesc' };
}

// series: [{name, values, color?}]
// `everyLabel`: label every category (a bar per country), never a subset.
export function stackedOption({ kind = 'bar', categories, series, xName, yName, yFormatter, valueFormatter, percent = false, everyLabel = false }) {
  return {
    color: PALETTE,
    grid: { left: 70, right: 18, top: 44, bottom: everyLabel && categories.length > 8 ? 104 : 46 },
    legend: legend(),
    tooltip: tooltip(valueFormatter),
    xAxis: categoryAxis(categories, xName, everyLabel),
    yAxis: valueAxis(yName, yFormatter, percent ? { max: 100 } : {}),
    series: series.map((s) => ({
      name: s.name,
      type: kind,
      stack: 'total',
      data: s.values,
      itemStyle: s.color ? { color: s.color } : undefined,
      lineStyle: kind === 'line' ? { width: 1 } : undefined,
      areaStyle: kind === 'line' ? { opacity: 0.85 } : undefined,
      symbol: 'none',
      barMaxWidth: 46,
      emphasis: { focus: 'series' },
    })),
  };
}

// Plain lines (not stacked).
export function linesOption({ categories, series, xName, yName, yFormatter, valueFormatter, markX }) {
  return {
    color: PALETTE,
    grid: { left: 70, right: 18, top: 44, bottom: 46 },
    legend: legend(),
    tooltip: tooltip(valueFormatter),
    xAxis: categoryAxis(categories, xName),
    yAxis: valueAxis(yName, yFormatter),
    series: series.map((s, i) => ({
      name: s.name,
      type: 'line',
      data: s.values,
      symbol: 'none',
      lineStyle: { width: 2, type: s.dashed ? 'dashed' : 'solid' },
      itemStyle: s.color ? { color: s.color } : undefined,
      areaStyle: s.area ? { opacity: 0.15 } : undefined,
      markLine: i === 0 && markX !== undefined
        ? { symbol: 'none', silent: true, label: { formatter: markX }, lineStyle: { color: '#1d2330', type: 'solid' }, data: [{ xAxis: markX }] }
        : undefined,
    })),
  };
}

// Bars on the left axis and a line on the right one, each with its unit.
export function barLineOption({ categories, bar, line, xName }) {
  return {
    grid: { left: 70, right: 70, top: 44, bottom: 46 },
    legend: legend(),
    tooltip: { trigger: 'axis', confine: true },
    xAxis: categoryAxis(categories, xName),
    yAxis: [
      valueAxis(bar.axis, bar.formatter),
      valueAxis(line.axis, line.formatter, { splitLine: { show: false }, nameGap: 50 }),
    ],
    series: [
      { name: bar.name, type: 'bar', data: bar.values, itemStyle: { color: bar.color || PALETTE[0] }, barMaxWidth: 46,
        tooltip: { valueFormatter: bar.tooltip } },
      { name: line.name, type: 'line', yAxisIndex: 1, data: line.values, itemStyle: { color: line.color || PALETTE[3] },
        lineStyle: { width: 2.5 }, symbolSize: 7, tooltip: { valueFormatter: line.tooltip } },
    ],
  };
}

// Horizontal bars, largest on top: [{label, value, color, detail}].
export function rankedBarsOption({ items, xName, valueFormatter }) {
  const rows = [...items].reverse();
  return {
    grid: { left: 232, right: 64, top: 10, bottom: 46 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => `<b>${esc(rows[p.dataIndex].label)}</b><br>${esc(valueFormatter(p.value))}<br><span style="white-space:normal">${esc(rows[p.dataIndex].detail || '')}</span>`,
      extraCssText: 'max-width:420px;white-space:normal',
    },
    xAxis: valueAxis(xName, valueFormatter, { nameGap: 30 }),
    yAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { ...AXIS_LABEL, width: 222, overflow: 'truncate' } },
    series: [{
      type: 'bar',
      data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.color || PALETTE[0] } })),
      barMaxWidth: 18,
      label: { show: true, position: 'right', formatter: (p) => valueFormatter(p.value), fontSize: 11, color: '#333' },
    }],
  };
}

// A world map: countries filled by `regions` ({code: {color, text}}), sites as
// circles sized by `size` ([{name, lon, lat, size, color, text}]).
export function mapOption({ regions, sites, maxSize }) {
  const map = registerWorldMap();
  const scale = (v) => (v > 0 ? 6 + 30 * Math.sqrt(v / (maxSize || 1)) : 7);
  return {
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => {
        if (p.seriesType === 'scatter') return p.data.text;
        const r = regions[p.name];
        return r ? r.text : '';
      },
    },
    geo: {
      map,
      roam: true,
      scaleLimit: { min: 1, max: 8 },
      top: 10,
      bottom: 10,
      left: 10,
      right: 10,
      itemStyle: { areaColor: '#e9ecf1', borderColor: '#ffffff', borderWidth: 0.6 },
      emphasis: { label: { show: false }, itemStyle: { areaColor: '#cdd6e4' } },
      select: { disabled: true },
      regions: Object.entries(regions).map(([name, r]) => ({
        name,
        itemStyle: { areaColor: r.color, borderColor: '#ffffff', borderWidth: 0.6 },
        emphasis: { itemStyle: { areaColor: r.color, opacity: 0.8 } },
      })),
    },
    series: [{
      type: 'scatter',
      coordinateSystem: 'geo',
      data: sites.map((s) => ({ name: s.name, value: [s.lon, s.lat, s.size], text: s.text, id: s.id,
        itemStyle: s.size > 0
          ? { color: s.color || '#1d2330', borderColor: '#fff', borderWidth: 1, opacity: 0.85 }
          : { color: '#ffffff', borderColor: s.color || '#1d2330', borderWidth: 1.5, opacity: 1 } })),
      symbolSize: (v) => scale(v[2]),
      emphasis: { scale: 1.2 },
      zlevel: 1,
    }],
  };
}

export { OTHER_COLOR };

// A rectangle from value x0 to x1 at category or value y (custom series).
function rectItem(horizontal) {
  return (params, api) => {
    if (horizontal) {
      const y = api.value(0);
      const a = api.coord([api.value(1), y]);
      const b = api.coord([api.value(2), y]);
      const h = api.size([0, 1])[1] * 0.62;
      return { type: 'rect', shape: { x: Math.min(a[0], b[0]), y: a[1] - h / 2, width: Math.max(1, Math.abs(b[0] - a[0])), height: h },
        style: api.style() };
    }
    const a = api.coord([api.value(0), api.value(2)]);
    const b = api.coord([api.value(1), 0]);
    return { type: 'rect', shape: { x: a[0] + 0.5, y: a[1], width: Math.max(1, b[0] - a[0] - 1), height: b[1] - a[1] },
      style: api.style() };
  };
}

function percentileMarks(marks, formatter) {
  return {
    symbol: 'none',
    silent: false,
    label: { formatter: (p) => `${p.name} ${formatter(p.value)}`, fontSize: 11, color: '#1d2330' },
    lineStyle: { color: '#1d2330', type: 'dashed' },
    // Staggered heights: close percentiles must not write over each other.
    data: marks.filter((m) => Number.isFinite(m.value)).map((m, i) => ({ name: m.name, xAxis: m.value, label: { distance: 4 + 14 * i } })),
  };
}

// A histogram of run values: bins [{from, to, count}], the percentiles
// marked ([{name: 'P10', value}]), both axes titled with their units.
export function histogramOption({ bins, marks = [], xName, yName = 'runs', valueFormatter, color = PALETTE[0] }) {
  const lo = bins.length ? bins[0].from : 0;
  const hi = bins.length ? bins[bins.length - 1].to : 1;
  const pad = hi > lo ? 0 : Math.abs(lo) * 0.05 + 1;
  return {
    grid: { left: 70, right: 40, top: 58, bottom: 52 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => (p.seriesType === 'custom'
        ? `${esc(valueFormatter(p.value[0]))} to ${esc(valueFormatter(p.value[1]))}<br><b>${p.value[2]}</b> runs`
        : `${esc(p.name)}: ${esc(valueFormatter(p.value))}`),
    },
    xAxis: valueAxis(xName, valueFormatter, { nameGap: 30, min: lo - pad, max: hi + pad, scale: true, splitLine: { show: false } }),
    yAxis: valueAxis(yName, (v) => compact(v), { nameGap: 44, minInterval: 1 }),
    series: [{
      type: 'custom',
      name: yName,
      renderItem: rectItem(false),
      itemStyle: { color, opacity: 0.85 },
      encode: { x: [0, 1], y: 2 },
      data: bins.map((b) => [b.from, b.to, b.count]),
      markLine: percentileMarks(marks, valueFormatter),
    }],
  };
}

// A fan chart: P10..P90 as a band, P50 as a line, by category (year).
export function fanOption({ categories, p10, p50, p90, xName, yName, valueFormatter, color = PALETTE[0] }) {
  return {
    color: [color],
    grid: { left: 70, right: 18, top: 44, bottom: 46 },
    legend: legend({ data: ['P50', 'P10 to P90'] }),
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: (items) => {
        const i = items[0].dataIndex;
        return `<b>${esc(categories[i])}</b><br>P90 ${esc(valueFormatter(p90[i]))}<br>P50 ${esc(valueFormatter(p50[i]))}<br>P10 ${esc(valueFormatter(p10[i]))}`;
      },
    },
    xAxis: { ...categoryAxis(categories, xName, true), boundaryGap: false },
    yAxis: valueAxis(yName, valueFormatter),
    series: [
      { name: 'P10', type: 'line', stack: 'band', data: p10, symbol: 'none', lineStyle: { width: 1, type: 'dashed', color } },
      { name: 'P10 to P90', type: 'line', stack: 'band', data: p90.map((v, i) => v - p10[i]), symbol: 'none',
        lineStyle: { width: 1, type: 'dashed', color }, areaStyle: { color, opacity: 0.18 }, itemStyle: { color } },
      { name: 'P50', type: 'line', data: p50, symbol: 'circle', symbolSize: 6, lineStyle: { width: 2.5, color }, itemStyle: { color } },
    ],
  };
}

// A tornado: one bar per driver from the metric's P10 to P90 with that
// driver alone uncertain, widest on top, the base value marked.
// rows: [{label, p10, p90, detail}]
export function tornadoOption({ rows, base, xName, valueFormatter }) {
  const sorted = [...rows].sort((a, b) => Math.abs(a.p90 - a.p10) - Math.abs(b.p90 - b.p10));
  const values = sorted.flatMap((r) => [r.p10, r.p90]).concat([base]).filter(Number.isFinite);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo) * 0.04 || 1;
  return {
    grid: { left: 170, right: 30, top: 24, bottom: 52 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p) => {
        if (p.seriesType !== 'custom') return `${esc(p.name)}: ${esc(valueFormatter(p.value))}`;
        const r = sorted[p.dataIndex];
        return `<b>${esc(r.label)}</b><br>P10 ${esc(valueFormatter(r.p10))}, P90 ${esc(valueFormatter(r.p90))}<br><span class="muted">${esc(r.detail || '')}</span>`;
      },
      extraCssText: 'max-width:380px;white-space:normal',
    },
    xAxis: valueAxis(xName, valueFormatter, { nameGap: 30, min: lo - pad, max: hi + pad, scale: true }),
    yAxis: { type: 'category', data: sorted.map((r) => r.label), axisLabel: { ...AXIS_LABEL, interval: 0, width: 160, overflow: 'truncate' } },
    series: [{
      type: 'custom',
      name: 'P10 to P90',
      renderItem: rectItem(true),
      itemStyle: { color: PALETTE[0], opacity: 0.85 },
      encode: { x: [1, 2], y: 0 },
      data: sorted.map((r, i) => [i, r.p10, r.p90]),
      markLine: percentileMarks([{ name: 'base', value: base }], valueFormatter),
    }],
  };
}
