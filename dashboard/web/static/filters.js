// The filters bar above a list: kind, minimum severity, province, origin, state, dates,
// overdue only, free text. Values use the API's FILTERS names and are kept in the page's
// query string; every change is applied at once. Dates are typed dd/mm/yyyy (date_fields.js)
// and sent as YYYY-MM-DD, days in Vietnam time; one that does not exist is shown at its
// field and the filters wait for it to be corrected.

import { h, replace, uid } from './dom.js';
import { t } from './i18n.js';
import { vocab } from './state.js';
import { withQuery } from './api.js';
import { dateFilter } from './date_fields.js';

/** The FILTERS names, in the order they appear in an address. */
export const FILTER_NAMES = ['kind', 'severity', 'province', 'origin', 'state', 'from', 'until', 'overdue', 'q'];
const REPEATED = new Set(['kind', 'state']);

/** The filters in a query string, as {name: value or [values]}; only FILTERS names. */
export function filtersFrom(query) {
  const filters = {};
  for (const name of FILTER_NAMES) {
    const values = query.getAll(name).filter((v) => v !== '');
    if (values.length === 0) continue;
    filters[name] = REPEATED.has(name) ? values : values[0];
  }
  return filters;
}

/** {name: value} → URLSearchParams in a stable order. */
export function filtersQuery(filters) {
  const query = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    for (const value of [filters[name]].flat()) {
      if (value !== undefined && value !== null && value !== '') query.append(name, value);
    }
  }
  return query;
}

function field(labelText, control, extraClass) {
  const id = control.id || uid('filter');
  control.id = id;
  return h('div', { class: ['field', extraClass] }, h('label', { for: id }, labelText), control);
}

function select(name, items, current) {
  return h('select', { name },
    h('option', { value: '' }, t('filter_any')),
    items.map((item) => h('option', { value: item.value, selected: item.value === current }, item.label)));
}

function provinceSelect(current) {
  const groups = new Map();
  for (const province of vocab('provinces')) {
    if (!groups.has(province.scheme)) groups.set(province.scheme, []);
    groups.get(province.scheme).push(province);
  }
  // The current scheme first.
  const schemes = [...groups.keys()].sort().reverse();
  return h('select', { name: 'province' },
    h('option', { value: '' }, t('filter_any')),
    schemes.map((scheme) => h('optgroup', { label: schemeLabel(scheme) },
      groups.get(scheme).map((p) => {
        const value = `${p.scheme}:${p.code}`;
        const selected = current === value || current === p.code && p.scheme === schemes[0];
        return h('option', { value, selected }, `${p.name} (${p.code})`);
      }))));
}

/** "VN-2025 (từ 1/7/2025)" — the scheme with words an officer recognises. */
export function schemeLabel(scheme) {
  if (/2025/.test(scheme)) return `${scheme} (${t('scheme_2025')})`;
  return `${scheme} (${t('scheme_2004')})`;
}

function checkboxGroup(name, legend, items, current) {
  return h('fieldset', { class: ['field', 'checkbox-group'] },
    h('legend', null, legend),
    h('div', { class: 'checkbox-options' },
      items.map((item) => {
        const id = uid('filter');
        return h('span', { class: 'checkbox-option' },
          h('input', { type: 'checkbox', id, name, value: item.value, checked: current.includes(item.value) }),
          h('label', { for: id }, item.label));
      })));
}

const byName = (list) => vocab(list).map((item) => ({ value: item.name || item.value, label: item.label }));
const byValue = (list) => vocab(list).map((item) => ({ value: item.value || item.name, label: item.label }));

// The filters in the form; null while a date is wrong (shown at its field).
function readForm(form, dates) {
  const data = new FormData(form);
  const filters = {};
  for (const name of FILTER_NAMES) {
    const values = data.getAll(name).map((v) => String(v).trim()).filter(Boolean);
    if (values.length === 0) continue;
    filters[name] = REPEATED.has(name) ? values : values[0];
  }
  let wrong = false;
  for (const [name, date] of Object.entries(dates)) {
    const read = date.read();
    if (read.error) wrong = true;
    else if (read.value) filters[name] = read.value;
  }
  return wrong ? null : filters;
}

/**
 * Draws the filters bar into `container` from `filters`; onChange(filters, redraw) after each
 * change (redraw: the form itself must be drawn again, after 'clear filters').
 */
export function renderFilters(container, filters, onChange) {
  const kinds = [filters.kind || []].flat();
  const states = [filters.state || []].flat();
  const active = Object.keys(filters).length;
  const search = h('input', { type: 'search', name: 'q', value: filters.q || '', autocomplete: 'off' });
  const dates = { from: dateFilter(t('filter_from'), filters.from), until: dateFilter(t('filter_until'), filters.until) };
  const form = h('form', { class: 'filters-form', role: 'search', 'aria-label': t('filters_title') },
    field(t('filter_q'), search, 'field-wide'),
    checkboxGroup('kind', t('filter_kind'), byName('kinds'), kinds),
    field(t('filter_severity'), select('severity', byName('severities'), filters.severity)),
    checkboxGroup('state', t('filter_state'), byName('states'), states),
    field(t('filter_province'), provinceSelect(filters.province)),
    field(t('filter_origin'), select('origin', byValue('nodes'), filters.origin)),
    dates.from.el,
    dates.until.el,
    h('div', { class: ['field', 'field-check'] },
      h('input', { type: 'checkbox', name: 'overdue', value: '1', id: 'filter-overdue', checked: filters.overdue === '1' }),
      h('label', { for: 'filter-overdue' }, t('filter_overdue'))),
    h('div', { class: 'filters-actions' },
      h('button', { type: 'reset', class: 'button-quiet' }, t('filter_clear'))));

  let timer = null;
  const apply = () => {
    clearTimeout(timer);
    const read = readForm(form, dates);
    if (read) onChange(read);
  };
  form.addEventListener('change', (event) => {
    if (event.target !== search) apply();
  });
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(apply, 400);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply();
  });
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    onChange({}, true);
  });

  const details = h('details', { class: 'filters', open: active > 0 || window.innerWidth > 700 },
    h('summary', null, active > 0 ? `${t('filters_title')} (${active})` : t('filters_title')),
    form);
  replace(container, details);
}

/** Draws the links to export the filtered view (CSV, GeoJSON) into `container`. */
export function renderExports(container, filters) {
  const query = filtersQuery(filters);
  const params = {};
  for (const key of query.keys()) params[key] = query.getAll(key);
  replace(container,
    h('span', { class: 'exports-label' }, `${t('export_label')}:`),
    h('a', { href: withQuery('/api/export/cases.csv', params), download: '' }, t('export_csv')),
    h('a', { href: withQuery('/api/export/cases.geojson', params), download: '' }, t('export_geojson')));
}
