// The half-yearly and yearly reports of the plan (GET /api/report): the period and the scope
// chosen here, the report read in a new tab (HTML) or downloaded (PDF, Excel, CSV, Markdown).
// The choice is kept in the address (period=, scope=) so that it can be shared.

import { h, append, replace, uid } from '../dom.js';
import { t, lang } from '../i18n.js';
import { withQuery } from '../api.js';
import { state, setTitle } from '../state.js';

function currentYearAndHalf() {
  const now = new Date(Date.now() + 7 * 3600 * 1000);  // Vietnam time.
  return { year: now.getUTCFullYear(), half: now.getUTCMonth() < 6 ? 'H1' : 'H2' };
}

function parsePeriod(text) {
  const match = /^(\d{4})(?:-(H1|H2))?$/.exec(text || '');
  if (!match) return null;
  return { year: Number(match[1]), half: match[2] || 'year' };
}

function select(id, options, value) {
  return h('select', { id, name: id },
    options.map(([optionValue, label]) => h('option', { value: optionValue, selected: String(optionValue) === String(value) }, label)));
}

export function render(main) {
  setTitle(t('reports_title'));
  const params = new URLSearchParams(location.search);
  const now = currentYearAndHalf();
  const chosen = parsePeriod(params.get('period')) || { year: now.year, half: now.half };
  const scope = params.get('scope') === 'network' ? 'network' : 'unit';
  const years = [];
  for (let year = now.year; year >= now.year - 5; year--) years.push([year, String(year)]);
  const yearId = uid('report');
  const halfId = uid('report');
  const scopeId = uid('report');
  const yearSelect = select(yearId, years, chosen.year);
  const halfSelect = select(halfId, [['H1', t('reports_h1')], ['H2', t('reports_h2')], ['year', t('reports_whole_year')]], chosen.half);
  const unitName = (state.me && state.me.unit && state.me.unit.name) || '';
  const scopeSelect = select(scopeId, [['unit', t('reports_scope_unit', { unit: unitName })], ['network', t('reports_scope_network')]], scope);
  const links = h('div', { class: 'report-links' });

  const update = () => {
    const period = halfSelect.value === 'year' ? yearSelect.value : `${yearSelect.value}-${halfSelect.value}`;
    const query = { period, scope: scopeSelect.value };
    history.replaceState(null, '', withQuery('/reports', query, false));
    const link = (format, label, download) => h('a', {
      href: withQuery('/api/report', { ...query, format, lang: lang() }, false),
      class: download ? 'button-quiet' : 'button-primary',
      target: download ? null : '_blank', rel: download ? null : 'noopener', download: download ? '' : null,
    }, label);
    replace(links,
      h('p', null, link('html', t('reports_read'), false)),
      h('p', null, `${t('reports_download')}: `,
        link('pdf', t('reports_pdf'), true), ' ', link('xlsx', t('reports_xlsx'), true), ' ',
        link('csv', t('reports_csv'), true), ' ', link('md', t('reports_md'), true)),
      h('p', { class: 'hint' }, t('reports_slow')));
  };
  for (const control of [yearSelect, halfSelect, scopeSelect]) control.addEventListener('change', update);

  append(main,
    h('h1', null, t('reports_title')),
    h('p', null, t('reports_intro')),
    h('form', { class: 'report-form', 'aria-label': t('reports_title') },
      h('div', { class: 'field-row' },
        h('div', { class: 'field' }, h('label', { for: yearId }, t('reports_year')), yearSelect),
        h('div', { class: 'field' }, h('label', { for: halfId }, t('reports_period')), halfSelect),
        h('div', { class: 'field' }, h('label', { for: scopeId }, t('reports_scope')), scopeSelect))),
    links);
  update();
}
