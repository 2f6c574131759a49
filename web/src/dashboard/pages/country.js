// A country's page: the same plain-language answer as `stargate tier`
// (GET /api/tier/{country}, report::PartnerViewJson): what the country gets
// under the server's plan by year, its tier and how controlled chips are
// treated there, every cap and allowance in TPP, H100e and chips of the
// current generation, and the upgrade path as a checklist with what each
// path unlocks in H100e. Every term carries a tooltip from docs/glossary.md
// (the answer's `glossary`), and every rule links to its legal text.
import { api, cached } from '../api.js';
import { integer } from '../../shared/format.js';
import { tierColor } from '../../shared/palette.js';
import { $, errorBox, esc, kpi, options, sourcesLine, table, today } from '../ui.js';

// "49,900": three significant figures, as the CLI rounds (an amount in chips is an estimate).
export function rounded(value) {
  if (!(value > 0)) return '0';
  if (value < 10) return String(Math.round(value * 10) / 10);
  const magnitude = 10 ** (Math.floor(Math.log10(value)) - 2);
  return integer(Math.round(value / magnitude) * magnitude);
}

// The glossary's terms found in `text`, wrapped with their meaning as a tooltip.
function withTerms(text, glossary) {
  let html = esc(text);
  const terms = [...glossary].sort((a, b) => b.term.length - a.term.length);
  const placed = [];
  for (const g of terms) {
    const needle = esc(g.term);
    const at = html.indexOf(needle);
    if (at < 0 || placed.some(([s, e]) => at < e && at + needle.length > s)) continue;
    const tag = `<span class="term" tabindex="0" data-term="${esc(g.key)}" title="${esc(g.meaning)}">${needle}</span>`;
    html = html.slice(0, at) + tag + html.slice(at + needle.length);
    const shift = tag.length - needle.length;
    for (const p of placed) if (p[0] > at) { p[0] += shift; p[1] += shift; }
    placed.push([at, at + tag.length]);
  }
  return html;
}

function links(list) {
  if (!list || !list.length) return '';
  return `<div class="legal-links muted small">legal text: ${list.map((l) => `<a href="${esc(l.url)}" target="_blank" rel="noopener noreferrer">${esc(l.label)}</a>`).join('; ')}</div>`;
}

function amount(a, t) {
  const cur = t.reference_chips.current;
  const chips = cur && cur.tpp > 0 && cur.id !== t.reference_chips.h100.id ? ` = about ${rounded(a.chips)} ${esc(cur.id)}` : '';
  return `${integer(a.tpp)} TPP = about <b>${rounded(a.h100e)} H100</b>${chips}`;
}

function amountOf(tpp, t) {
  const h = t.reference_chips.h100.tpp;
  const c = t.reference_chips.current.tpp;
  return { tpp, h100e: h > 0 ? tpp / h : 0, chips: c > 0 ? tpp / c : 0 };
}

function planSection(t) {
  if (!t.plan) return '<p class="muted">The server has no feasible plan to show.</p>';
  const years = t.plan_by_year || [];
  if (!years.some((y) => y.h100e > 0 || y.mw_online > 0)) {
    return `<p data-testid="plan-none">The plan builds no site and installs no chip in ${esc(t.name)}.</p>`;
  }
  return `<p class="muted small">${esc(t.plan.origin)}; installed at each year's end.</p>${table(['year', 'H100e', 'chips', 'MW online', 'chips by type'], years.map((y) => [
    String(y.year), rounded(y.h100e), rounded(y.chips), rounded(y.mw_online),
    esc(Object.entries(y.chips_by_type || {}).map(([id, n]) => `${rounded(n)} ${id}`).join(', ')),
  ]), [1, 2, 3]).replace('<table class="data">', '<table class="data" data-testid="plan-by-year">')}`;
}

function treatments(t, glossary) {
  return `<ul class="plain-list" data-testid="treatments">${t.plain_treatments.map((l) => `<li>${withTerms(l.chips, glossary)}${l.condition ? `, ${esc(l.condition)}` : ''}: <b>${withTerms(l.answer, glossary)}</b>${links(l.links)}</li>`).join('')}</ul>`;
}

function caps(t, glossary) {
  const lpp = t.lpp ? `<div class="panel" data-testid="lpp"><b>${withTerms('License Exception LPP (Low Processing Performance)', glossary)}</b>, per buyer per calendar year, not counted against any cap: ${amount(t.lpp, t)}${links(t.lpp.links)}</div>` : '';
  if (!t.caps.length) return `${lpp}<p class="muted">No ${withTerms('country cap', glossary)} applies to ${esc(t.name)} on this date.</p>`;
  return `${lpp}${t.caps.map((c) => `<div class="panel cap" data-testid="cap">
      <div><b>${esc(c.title)}</b> <span class="muted">(${esc(c.window)}${c.consignee ? `, for ${esc(c.consignee)}` : ''})</span></div>
      <div>limit: ${amount({ tpp: c.limit_tpp, h100e: c.limit_h100e, chips: c.limit_chips }, t)}</div>
      <div>used: ${amount(amountOf(c.used_tpp, t), t)}</div>
      <div>left: ${amount({ tpp: c.remaining_tpp, h100e: c.remaining_h100e, chips: c.remaining_chips }, t)}</div>
      ${c.multiplied_by_plain ? `<div>raised by: ${esc(c.multiplied_by_plain)}</div>` : ''}${links(c.links)}</div>`).join('')}`;
}

function upgrades(t) {
  if (!t.upgrades.length) return `<p class="muted" data-testid="no-upgrade">This regime has no upgrade path from ${esc(t.tier_name || t.tier)}${t.caps.length ? '' : ' (no country cap applies here to lift)'}.</p>`;
  return t.upgrades.map((u) => `<div class="upgrade panel" data-testid="upgrade">
      <div class="upgrade-head"><b>${esc(u.name)}</b>
        <span class="badge ${u.met ? 'ok' : 'warn'}">${u.met ? 'met' : 'not met'}</span></div>
      <div>unlocks: <b>${esc(u.unlocks_plain)}</b></div>
      <ul class="criteria">${u.criteria.map((c) => `<li class="${c.met ? 'met' : 'missing'}"><span class="mark">${c.met ? '☑' : '☐'}</span>
        ${esc(c.description)}: <span class="muted">${esc(c.evidence)}</span></li>`).join('')}</ul>${links(u.links)}</div>`).join('');
}

// The criteria of an upgrade that are the program's values (rules::Criterion
// kMinFreedomScore, kDataProtectionZone), as the engine judged them.
const VALUES_CRITERIA = ['min_freedom_score', 'data_protection_zone'];

// The partner view's `values` block (Freedom House score, rated Free or not,
// data-protection zone) and every values criterion of the upgrade paths, met
// or not, with the engine's evidence.
function valuesPanel(t) {
  const v = t.values;
  if (!v) return '<p class="muted">The server gives no values for this country.</p>';
  const criteria = t.upgrades.flatMap((u) => u.criteria.filter((c) => VALUES_CRITERIA.includes(c.criterion)).map((c) => ({ upgrade: u.name, ...c })));
  const list = criteria.length
    ? `<ul class="criteria" data-testid="values-criteria">${criteria.map((c) => `<li class="${c.met ? 'met' : 'missing'}" data-criterion="${esc(c.criterion)}" data-met="${c.met}">
        <span class="mark">${c.met ? '☑' : '☐'}</span> <span class="badge ${c.met ? 'ok' : 'warn'}">${c.met ? 'met' : 'not met'}</span>
        ${esc(c.description)}: <span class="muted">${esc(c.evidence)}</span> <span class="muted small">(${esc(c.upgrade)})</span></li>`).join('')}</ul>`
    : `<p class="muted" data-testid="values-criteria-none">No upgrade path from ${esc(t.tier_name || t.tier)} under this regime asks for a values criterion.</p>`;
  return `<div class="kpis" data-testid="country-values">
      <div class="kpi"><div class="label">Freedom House score</div><div class="value" data-testid="freedom-score">${esc(String(v.freedom_score))}</div><div class="note">of 100</div></div>
      <div class="kpi"><div class="label">rated Free</div><div class="value" data-testid="rated-free">${v.rated_free ? 'yes' : 'no'}</div><div class="note">Free at a score of ${esc(String(v.free_min_freedom_score))} or more</div></div>
      <div class="kpi"><div class="label">data-protection zone</div><div class="value" data-testid="data-protection-zone">${esc(v.data_protection_zone || 'none')}</div></div>
    </div>${list}`;
}

function glossaryList(glossary) {
  if (!glossary.length) return '';
  return `<h3>Terms used</h3><dl class="glossary" data-testid="glossary">${glossary.map((g) => `<dt>${esc(g.term)}</dt><dd>${esc(g.meaning)}${g.urls.length ? ` <a href="${esc(g.urls[0])}" target="_blank" rel="noopener noreferrer">legal text</a>` : ''}</dd>`).join('')}</dl>`;
}

export async function renderCountry(root, code) {
  const [countries, regimes, sites] = await Promise.all([cached('/api/countries'), cached('/api/regimes'), cached('/api/sites')]);
  const list = [...countries.countries].sort((a, b) => a.name.localeCompare(b.name));
  // A name or code in any case, as the API takes it ("#/country/germany").
  const asked = decodeURIComponent(code || 'DE');
  const selected = (list.find((c) => c.iso2 === asked.toUpperCase() || c.name.toLowerCase() === asked.toLowerCase()) || {}).iso2 || asked;
  root.innerHTML = `
    <h1>Country</h1>
    <form id="tier-form" class="panel inline-form">
      <label>Country<select name="country" data-testid="country-select">${options(list, selected, { value: (c) => c.iso2, label: (c) => `${c.name} (${c.iso2})` })}</select></label>
      <label>Date<input type="date" name="date" value="${today()}"></label>
      <label>Regime<select name="regime"><option value="">in force on the date</option>${options(regimes.regimes, '', { value: (r) => r.id, label: (r) => r.name || r.id })}</select></label>
      <button type="submit" class="primary">Show</button>
    </form>
    <div id="tier-out"></div>`;
  const form = $('#tier-form', root);
  const show = async (country) => {
    const f = new FormData(form);
    const c = country || f.get('country');
    const out = $('#tier-out', root);
    out.innerHTML = '<p class="muted">loading…</p>';
    try {
      const t = await api(`/api/tier/${encodeURIComponent(c)}`, { query: { date: f.get('date'), regime: f.get('regime') } });
      if (window.location.hash !== `#/country/${t.country}`) history.replaceState(null, '', `#/country/${t.country}`);
      if (form.country.value !== t.country) form.country.value = t.country;
      const glossary = t.glossary || [];
      const profile = list.find((x) => x.iso2 === t.country) || {};
      const mySites = sites.sites.filter((s) => s.country === t.country);
      const last = (t.plan_by_year || []).filter((y) => y.h100e > 0).pop();
      const cur = t.reference_chips.current;
      out.innerHTML = `
        <div class="country-head">
          <h2>${esc(t.name)} <span class="muted">${esc(t.country)}</span></h2>
          <span class="badge big term" style="background:${tierColor(t.tier)}" data-testid="tier" title="${esc(t.tier_meaning)}">${esc(t.tier_name || t.tier)}</span>
          <span class="muted">under <b>${esc(t.regime_name)}</b> on ${esc(t.date)}</span>
        </div>
        ${t.tier_meaning ? `<p data-testid="tier-meaning">${esc(t.tier_meaning)}</p>` : ''}
        <p class="muted">why: ${withTerms(t.how_plain, glossary)}</p>${links(t.tier_links)}
        ${t.home ? '<p class="note">Shipments within this country are not exports: no license is needed.</p>' : ''}
        ${t.headquarters_rule ? `<p class="note">Companies headquartered here are treated as if in ${esc(t.tier_name || t.tier)} wherever they are.</p>` : ''}
        <div class="kpis">
          ${kpi('plan: H100e installed', last ? rounded(last.h100e) : '0', last ? `by the end of ${last.year}` : 'nothing planned')}
          ${kpi('caps', String(t.caps.length), t.caps.length ? `largest: about ${rounded(Math.max(...t.caps.map((c) => c.remaining_h100e)))} H100e left` : 'none on this date')}
          ${kpi('partner status', (profile.partner_status || 'n/a').replace(/_/g, ' '))}
          ${kpi('sites', String(mySites.length), mySites.map((s) => s.name).join(', '))}
        </div>
        <p class="muted small">Amounts in ${withTerms('TPP (Total Processing Performance)', glossary)}, in ${withTerms('H100e (H100-equivalents)', glossary)} (1 H100 = ${integer(t.reference_chips.h100.tpp)} TPP)${cur && cur.tpp > 0 ? ` and in ${esc(cur.id)} chips (${integer(cur.tpp)} TPP each: ${esc(cur.why)})` : ''}.</p>
        <h3>What the plan gives ${esc(t.name)}</h3>${planSection(t)}
        <h3>Controlled chips, for a buyer headquartered in ${esc(t.name)}</h3>${treatments(t, glossary)}
        <h3>Caps and allowances</h3>${caps(t, glossary)}
        <h3>How to move up</h3>${upgrades(t)}
        <h3>Values</h3>${valuesPanel(t)}
        ${glossaryList(glossary)}
        ${sourcesLine(profile, `Sources of ${profile.name || t.name}'s figures`)}`;
    } catch (e) {
      out.innerHTML = errorBox(e);
    }
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); show(); });
  form.country.addEventListener('change', () => show());
  await show(selected);
}
