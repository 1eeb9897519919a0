// Rows (label/value, or label and nested rows for a group) as a definition list.

import { h } from './dom.js';

/** [Row] → <dl>; a group becomes a term with a nested list as its description. */
export function rowsList(rows, level = 0) {
  if (!Array.isArray(rows) || rows.length === 0) return null;
  return h('dl', { class: ['rows', level > 0 && 'rows-nested'] },
    rows.map((row) => {
      if (Array.isArray(row.rows)) {
        return h('div', { class: 'row row-group' },
          h('dt', null, row.label),
          h('dd', null, rowsList(row.rows, level + 1)));
      }
      return h('div', { class: 'row' },
        h('dt', null, row.label),
        h('dd', null, valueText(row.value)));
    }));
}

function valueText(value) {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
