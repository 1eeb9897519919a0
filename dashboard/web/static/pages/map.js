// The map of alerts, /map: the filters bar (as on the inbox, kept in the address), the cases
// of GET /api/cases?FILTERS&size=200 on the province map, a switch between the 34 provinces
// (VN-2025) and the 63 (VN-2004) kept in the address as scheme=, and beside the map the list
// of the cases shown, so that the page is complete without the map and by keyboard. Each
// case is a marker at each of its places (CaseItem points) over its shaded provinces; a
// fire's distance to the border is in its popup and in the list. Kept current by the live
// stream.

import { h, append, replace } from '../dom.js';
import { t } from '../i18n.js';
import { get, ApiError } from '../api.js';
import { setTitle } from '../state.js';
import * as router from '../router.js';
import { live } from '../live.js';
import { filtersFrom, filtersQuery, renderFilters, renderExports } from '../filters.js';
import { compareItems } from '../case_list.js';
import { severityBadge, kindBadge, stateBadge } from '../badges.js';
import { createMap, showCases, fitCases, mapScheme, borderText, reportedBorderText } from '../map_view.js';

const SIZE = 200;
// Kinds whose places are shown with their distance to the province border.
const BORDER_KINDS = new Set(['forest-fire']);
const SCHEMES = [
  { value: 'VN-2025', key: 'map_scheme_2025' },
  { value: 'VN-2004', key: 'map_scheme_2004' },
];

function schemeFrom(query) {
  return mapScheme(query.get('scheme')) || 'VN-2025';
}

export async function render(main, context) {
  setTitle(t('map_title'));
  const start = router.query();
  let filters = filtersFrom(start);
  let scheme = schemeFrom(start);
  const items = new Map();
  let nextPage = null;
  let pending = 0;
  let loadToken = 0;
  let pm = null;
  let markers = new Map();
  let areas = new Map();
  let destroyed = false;

  const filtersBox = h('div', { class: 'filters-box' });
  const exportsBox = h('p', { class: 'exports' });
  const status = h('p', { class: 'list-status', role: 'status' });
  const updatesButton = h('button', { type: 'button', class: 'new-updates', hidden: true, onclick: () => load() });
  const mapBox = h('div', { class: 'map-canvas', id: 'alert-map' });
  const mapNote = h('p', { class: 'map-note' });
  const list = h('ul', { class: 'case-list map-list', 'aria-labelledby': 'map-list-title' });
  const listCount = h('span', { class: 'count' });
  const schemeInputs = SCHEMES.map((s) => h('input', {
    type: 'radio', name: 'map-scheme', id: `map-scheme-${s.value}`, value: s.value, checked: s.value === scheme,
  }));
  const schemeSwitch = h('fieldset', { class: 'map-scheme' },
    h('legend', null, t('map_scheme')),
    h('div', { class: 'checkbox-options' },
      SCHEMES.map((s, i) => h('span', { class: 'checkbox-option' },
        schemeInputs[i], h('label', { for: `map-scheme-${s.value}` }, t(s.key))))));

  append(main,
    h('h1', { class: 'page-title' }, t('map_title')),
    filtersBox,
    exportsBox,
    h('div', { class: 'updates-box', 'aria-live': 'polite' }, updatesButton),
    status,
    h('div', { class: 'map-layout' },
      h('section', { class: 'map-panel', 'aria-labelledby': 'map-panel-title' },
        h('h2', { id: 'map-panel-title', class: 'visually-hidden' }, t('map_title')),
        schemeSwitch,
        mapBox,
        mapNote),
      h('section', { class: 'map-side', 'aria-labelledby': 'map-list-title' },
        h('h2', { id: 'map-list-title' }, t('map_list_title'), ' ', listCount),
        list)));

  function address() {
    const query = filtersQuery(filters);
    if (scheme !== 'VN-2025') query.set('scheme', scheme);
    return query;
  }

  function drawFilters() {
    renderFilters(filtersBox, filters, (value, redraw) => {
      filters = value;
      router.setQuery(address());
      if (redraw) drawFilters();
      renderExports(exportsBox, filters);
      load();
    });
    renderExports(exportsBox, filters);
  }

  for (const input of schemeInputs) {
    input.addEventListener('change', () => {
      if (!input.checked) return;
      scheme = input.value;
      router.setQuery(address());
      if (pm) {
        pm.setScheme(scheme);
        draw(false);
      }
    });
  }

  // Focuses the map on one alert: its first marker's popup, or its shaded provinces framed
  // and the first one's popup; the focus goes to that marker or province.
  function showOnMap(item) {
    if (!pm) return;
    mapBox.scrollIntoView({ block: 'nearest' });
    const found = markers.get(item.reference) || [];
    if (found.length > 0) {
      const marker = found[0];
      pm.map.setView(marker.getLatLng(), Math.max(pm.map.getZoom(), 8));
      marker.openPopup();
      const el = marker.getElement();
      if (el) el.focus();
      return;
    }
    const shaded = areas.get(item.reference) || [];
    if (shaded.length === 0) return;
    const bounds = shaded[0].getBounds();
    for (const layer of shaded.slice(1)) bounds.extend(layer.getBounds());
    pm.map.fitBounds(bounds, { maxZoom: 9, padding: [24, 24] });
    shaded[0].openPopup(shaded[0].getBounds().getCenter());
    const first = shaded[0].getLayers()[0];
    const el = first && first.getElement();
    if (el) el.focus();
  }

  // For a fire: its distance to the border as reported, and as measured on the map from
  // each of its places.
  function borderLines(item) {
    if (!item.kind || !BORDER_KINDS.has(item.kind.name)) return [];
    const lines = [reportedBorderText(item)];
    if (pm) for (const point of item.points || []) lines.push(borderText(pm, point));
    return lines.filter((line) => line).map((line) => h('li', { class: 'map-border' }, line));
  }

  function listEntry(item) {
    const href = `/alerts/${encodeURIComponent(item.reference)}`;
    const severityName = item.severity && item.severity.name;
    const onMap = markers.has(item.reference) || areas.has(item.reference);
    return h('li', {
      class: ['case', 'map-case', `case-${severityName || 'unknown'}`, item.overdue && 'is-overdue'],
      'data-reference': item.reference,
    },
    h('div', { class: 'case-marks' }, severityBadge(item.severity), kindBadge(item.kind), stateBadge(item.state)),
    h('h3', { class: 'case-title' }, h('a', { href }, item.title || item.reference)),
    h('p', { class: 'case-meta' },
      h('span', { class: 'case-reference' }, item.reference),
      (item.areas || []).length > 0 ? h('span', null, item.areas.map((a) => a.name || a.code).join(', ')) : null,
      item.sent_text ? h('span', null, item.sent_text) : null),
    ((lines) => (lines.length > 0 ? h('ul', { class: 'map-border-lines' }, lines) : null))(borderLines(item)),
    pm && onMap
      ? h('button', { type: 'button', class: 'button-quiet map-show', onclick: () => showOnMap(item) },
        t('map_show'), h('span', { class: 'visually-hidden' }, `: ${item.reference}`))
      : null,
    pm && !onMap ? h('p', { class: 'map-absent' }, t('map_absent')) : null);
  }

  function drawMap(refit) {
    if (!pm) return;
    const all = [...items.values()];
    const shown = showCases(pm, all);
    markers = shown.markers;
    areas = shown.areas;
    const { skipped } = shown.counts;
    replace(mapNote, skipped > 0 ? t('map_skipped', { n: skipped }) : '');
    if (refit) fitCases(pm, 8);
  }

  // The map first: the list says which alerts it could draw.
  function draw(refit) {
    drawMap(refit);
    const all = [...items.values()].sort(compareItems);
    replace(list, all.length === 0 ? h('li', { class: 'case-empty' }, t('feed_none')) : all.map(listEntry));
    replace(listCount, `(${all.length}${nextPage ? '+' : ''})`);
    updatesButton.hidden = pending === 0;
    replace(updatesButton, t('new_updates', { n: pending }));
  }

  function showError(error) {
    status.classList.add('notice', 'notice-error');
    replace(status, error instanceof ApiError && error.status === 0 ? t('error_network') : t('error_generic'));
  }

  function clearStatus() {
    status.classList.remove('notice', 'notice-error');
    replace(status);
  }

  async function load() {
    const token = ++loadToken;
    pending = 0;
    replace(status, t('loading'));
    try {
      const answer = await get('/api/cases', { ...filters, size: SIZE });
      if (token !== loadToken || !context.isCurrent()) return;
      items.clear();
      for (const item of answer.cases || []) items.set(item.reference, item);
      nextPage = answer.next_page || null;
      clearStatus();
      if (nextPage) replace(status, t('map_more', { n: SIZE }));
      draw(true);
    } catch (error) {
      if (token === loadToken) showError(error);
    }
  }

  // A change to a shown alert is drawn in place; a new alert joins when no filter is set,
  // otherwise the page offers to reload (it cannot tell whether the alert matches).
  const stopCase = live.on('case', (item) => {
    if (items.has(item.reference) || Object.keys(filters).length === 0) {
      items.set(item.reference, item);
    } else {
      pending += 1;
    }
    draw(false);
  });
  const stopReset = live.on('reset', () => load());

  drawFilters();
  const loaded = load();
  try {
    const created = await createMap(mapBox, { scheme });
    if (destroyed || !context.isCurrent()) {
      created.destroy();
    } else {
      pm = created;
    }
  } catch {
    mapBox.hidden = true;
    schemeSwitch.hidden = true;
    replace(mapNote, t('map_unavailable'));
    mapNote.classList.add('notice', 'notice-error');
  }
  await loaded;
  if (pm) draw(true);
  return () => {
    destroyed = true;
    stopCase();
    stopReset();
    loadToken += 1;
    if (pm) pm.destroy();
    pm = null;
  };
}
