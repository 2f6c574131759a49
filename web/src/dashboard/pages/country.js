// A country's page: its tier under the regime in force (or a chosen one) on
// a date, how controlled chips are treated there, the caps with what is used
// and left, and the upgrade path with each criterion met or missing.
import { api, cached } from '../api.js';
import { compact, integer } from '../../shared/format.js';
import { tierColor } from '../../shared/palette.js';
import { $, errorBox, esc, kpi, options, outcomeClass, sourcesLine, table, today } from '../ui.js';

function treatments(t) {
  const rows = [];
  for (const tr of t.treatments) {
    if (!tr.rules.length) {
      rows.push([`<b>${esc(tr.classification)}</b>`, '', '<span class="badge ok">no license required</span>', '', '']);
      continue;
    }
    tr.rules.forEach((r, i) => rows.push([
      i === 0 ? `<b>${esc(tr.classification)}</b>` : '',
      r.condition ? `if ${esc(r.condition)}` : (i === 0 ? 'always' : 'otherwise'),
      `<span class="badge ${outcomeClass(r.outcome)}">${esc(r.outcome.replace(/_/g, ' '))}</span>${r.exception ? ` <code>${esc(r.exception)}</code>` : ''}${r.review_policy ? ` <span class="muted">${esc(r.review_policy.replace(/_/g, ' '))}</span>` : ''}`,
      r.try && r.try.length ? esc(r.try.join(' → ')) : '',
      `<span class="cite">${esc(r.cite)}</span>`,
    ]));
  }
  return table(['class', 'condition', 'treatment', 'exceptions tried first', 'citation'], rows);
}

function caps(t) {
  if (!t.caps.length) return '<p class="muted">No cap applies on this date.</p>';
  return table(['cap', 'window', 'consignee', 'limit TPP', 'used TPP', 'left TPP', 'used', 'citation'], t.caps.map((c) => {
    const share = c.limit_tpp > 0 ? c.used_tpp / c.limit_tpp : 0;
    return [`<code>${esc(c.id)}</code><div class="muted small">${esc(c.description)}${c.multiplied_by ? `; multiplied by ${esc(c.multiplied_by)}` : ''}</div>`,
      esc(c.window), esc(c.consignee || 'any'), compact(c.limit_tpp), compact(c.used_tpp), compact(c.remaining_tpp),
      `<div class="bar ${share > 0.95 ? 'bad' : share > 0.7 ? 'warn' : ''}" title="${(100 * share).toFixed(1)}%"><span style="width:${Math.min(100, 100 * share).toFixed(1)}%"></span></div>`,
      `<span class="cite">${esc(c.cite)}</span>`];
  }), [3, 4, 5]);
}

function upgrades(t) {
  if (!t.upgrades.length) return `<p class="muted">No upgrade path from ${esc(t.tier_name || t.tier)} in this regime.</p>`;
  return t.upgrades.map((u) => `<div class="upgrade panel">
      <div class="upgrade-head"><b>${esc(u.name)}</b> <code>${esc(u.id)}</code>
        <span class="badge ${u.met ? 'ok' : 'warn'}">${u.met ? 'met' : 'not met'}</span></div>
      <div class="muted">unlocks: ${esc(u.unlocks)}</div>
      <ul class="criteria">${u.criteria.map((c) => `<li class="${c.met ? 'met' : 'missing'}"><span class="mark">${c.met ? '✔' : '✘'}</span>
        <b>${esc(c.description)}</b> <span class="muted">(${esc(c.criterion)})</span>: ${esc(c.evidence)}</li>`).join('')}</ul>
      <div class="cite">${esc(u.cite)}</div></div>`).join('');
}

export async function renderCountry(root, code) {
  const [countries, regimes, sites] = await Promise.all([cached('/api/countries'), cached('/api/regimes'), cached('/api/sites')]);
  const list = [...countries.countries].sort((a, b) => a.name.localeCompare(b.name));
  const selected = (code || 'DE').toUpperCase();
  root.innerHTML = `
    <h1>Country</h1>
    <form id="tier-form" class="panel inline-form">
      <label>Country<select name="country" data-testid="country-select">${options(list, selected, { value: (c) => c.iso2, label: (c) => `${c.name} (${c.iso2})` })}</select></label>
      <label>Date<input type="date" name="date" value="${today()}"></label>
      <label>Regime<select name="regime"><option value="">in force on the date</option>${options(regimes.regimes, '', { value: (r) => r.id, label: (r) => r.id })}</select></label>
      <button type="submit" class="primary">Show</button>
    </form>
    <div id="tier-out"></div>`;
  const form = $('#tier-form', root);
  const show = async () => {
    const f = new FormData(form);
    const c = f.get('country');
    if (window.location.hash !== `#/country/${c}`) history.replaceState(null, '', `#/country/${c}`);
    const out = $('#tier-out', root);
    out.innerHTML = '<p class="muted">loading…</p>';
    try {
      const t = await api(`/api/tier/${encodeURIComponent(c)}`, { query: { date: f.get('date'), regime: f.get('regime') } });
      const profile = list.find((x) => x.iso2 === c) || {};
      const mySites = sites.sites.filter((s) => s.country === c);
      const compliance = profile.compliance || {};
      out.innerHTML = `
        <div class="country-head">
          <h2>${esc(t.name)} <span class="muted">${esc(t.country)}</span></h2>
          <span class="badge big" style="background:${tierColor(t.tier)}" data-testid="tier">${esc(t.tier_name || t.tier)}</span>
          <span class="muted">under <b>${esc(t.regime)}</b> on ${esc(t.date)}</span>
        </div>
        <p>${esc(t.how)} <span class="cite">[${esc(t.cite)}]</span></p>
        ${t.home ? '<p class="note">Shipments within this country are not exports: no license is needed.</p>' : ''}
        ${t.headquarters_rule ? `<p class="note">Entities headquartered here are treated as if in ${esc(t.tier_name || t.tier)} wherever they are.</p>` : ''}
        <div class="kpis">
          ${kpi('partner status', (profile.partner_status || 'n/a').replace(/_/g, ' '))}
          ${kpi('sites', String(mySites.length), mySites.map((s) => s.id).join(', '))}
          ${kpi('caps', String(t.caps.length), t.caps.length ? `${compact(t.caps.reduce((a, c) => a + c.remaining_tpp, 0))} TPP left` : 'none on this date')}
          ${kpi('LPP per consignee', t.lpp_tpp_per_consignee_per_year ? `${compact(t.lpp_tpp_per_consignee_per_year)} TPP` : 'n/a', 'per calendar year')}
          ${kpi('diversion incidents', String(compliance.diversion_incidents ?? 'n/a'))}
        </div>
        <h3>Controlled chips</h3>${treatments(t)}
        <h3>Caps</h3>${caps(t)}
        <h3>Upgrade path</h3>${upgrades(t)}
        ${mySites.length ? `<h3>Sites</h3>${table(['site', 'status', 'grid MW', 'existing MW', 'operator'], mySites.map((s) =>
          [`${esc(s.name)}${sourcesLine(s)}`, esc(s.status.replace(/_/g, ' ')), integer(s.grid_mw_max), integer(s.existing_mw), esc(s.operator)]), [2, 3])}` : ''}
        ${sourcesLine(profile, `Sources of ${profile.name || c}'s figures`)}`;
    } catch (e) {
      out.innerHTML = errorBox(e);
    }
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); show(); });
  form.country.addEventListener('change', show);
  await show();
}
