// One alert, /alerts/REF: its header, the envelope and body, the receiving provinces, the
// timeline of follow-ups, the path it travelled, the CAP link and the actions. Marked read
// when opened; redrawn when the live stream reports a change to it.

import { h, append, replace } from '../dom.js';
import { t, vietnamTime } from '../i18n.js';
import { get, post, ApiError } from '../api.js';
import { setTitle, markRead } from '../state.js';
import { live } from '../live.js';
import { rowsList } from '../rows.js';
import { severityBadge, stateBadge, overdueBadge, kindBadge } from '../badges.js';
import { renderActions } from '../actions.js';
import { createMap, showCases, fitCases, mapScheme, borderText } from '../map_view.js';

// Kinds whose points are shown with their distance to the province border.
const BORDER_KINDS = new Set(['forest-fire']);

const dash = '—';
const when = (iso, text) => text || vietnamTime(iso) || dash;

function section(id, title, ...content) {
  return h('section', { class: 'alert-section', 'aria-labelledby': id },
    h('h2', { id }, title), content);
}

function summary(item) {
  const pairs = [
    [t('alert_reference'), item.reference],
    [t('alert_kind'), item.kind && item.kind.label],
    [t('alert_severity'), item.severity && item.severity.label],
    [t('alert_state'), item.state && item.state.label],
    [t('alert_sent'), when(item.sent_at, item.sent_text)],
    [t('alert_origin'), item.origin && item.origin.name],
    [t('alert_sender'), item.sender && item.sender.name],
    [t('filter_province'), (item.areas || []).map((a) => a.name || a.code).join(', ')],
  ];
  return rowsList(pairs.filter(([, value]) => value).map(([label, value]) => ({ label, value })));
}

function receiversTable(receivers) {
  if (!receivers || receivers.length === 0) return h('p', null, dash);
  return h('div', { class: 'table-scroll', tabindex: '0' },
    h('table', { class: 'table' },
      h('thead', null, h('tr', null,
        [t('receiver_province'), t('receiver_state'), t('receiver_delivered'), t('receiver_ack_by'),
          t('receiver_ack_at'), t('receiver_due')].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', null, receivers.map((r) => h('tr', { class: r.overdue ? 'is-overdue' : null },
        h('th', { scope: 'row' }, (r.node && r.node.name) || dash),
        h('td', null, stateBadge(r.state) || dash),
        h('td', null, when(r.delivered_at)),
        h('td', null, (r.acknowledged_by && r.acknowledged_by.name) || dash),
        h('td', null, when(r.acknowledged_at)),
        h('td', null, r.due_text || when(r.acknowledge_due), ' ', overdueBadge(r.overdue)))))));
}

function timeline(entries) {
  if (!entries || entries.length === 0) return h('p', null, t('alert_timeline_none'));
  return h('ol', { class: 'timeline' }, entries.map((entry) => h('li', { class: ['entry', entry.applied === false && 'not-applied'] },
    h('p', { class: 'entry-head' },
      h('strong', null, (entry.type && entry.type.label) || dash),
      ' · ', h('time', { datetime: entry.sent_at || null }, when(entry.sent_at, entry.sent_text)),
      entry.applied === false ? h('span', { class: 'badge' }, t('entry_not_applied')) : null),
    h('p', { class: 'entry-who' },
      [entry.unit && entry.unit.name, entry.node && entry.node.name].filter(Boolean).join(' · '),
      entry.officer ? ` · ${t('entry_by')}: ${entry.officer}` : ''),
    entry.text ? h('p', { class: 'entry-text' }, entry.text) : null,
    rowsList(entry.rows, 1),
    entry.reference ? h('p', { class: 'entry-ref' }, entry.reference) : null)));
}

function pathList(path) {
  if (!path || path.length === 0) return h('p', null, dash);
  return h('ol', { class: 'path' }, path.map((node) => h('li', null, node.name || node.id)));
}

export async function render(main, context) {
  const reference = context.params[0];
  const encoded = encodeURIComponent(reference);
  setTitle(reference);
  const status = h('p', { class: 'page-status', role: 'status' });
  const content = h('div', { class: 'alert-page' });
  append(main, h('p', { class: 'back' }, h('a', { href: '/inbox' }, `← ${t('back_to_inbox')}`)), status, content);
  let formOpen = false;
  let changedWhileOpen = false;
  let markedRead = false;
  // The small map is made once and moved into each redraw of the page.
  const mapSection = section('map-title', t('alert_map'));
  const mapBox = h('div', { class: 'map-canvas map-small' });
  const borderBox = h('ul', { class: 'map-border-lines' });
  const mapNote = h('p', { class: 'map-note' });
  append(mapSection, borderBox, mapBox, mapNote);
  let pm = null;
  let creating = null;
  let mapFailed = false;
  let destroyed = false;

  function hasPlace(item) {
    return (item.points || []).length > 0 || (item.areas || []).length > 0;
  }

  // The alert's markers or provinces; for forest fires each point's distance to the border as text.
  async function drawMap(item) {
    if (mapFailed) return;
    if (!pm) {
      // The provinces of the alert's own scheme: an alert from before the merger in the 63.
      const schemes = (item.areas || []).map((a) => mapScheme(a.scheme)).filter(Boolean);
      const scheme = schemes.length > 0 && schemes.every((s) => s === 'VN-2004') ? 'VN-2004' : 'VN-2025';
      try {
        if (!creating) creating = createMap(mapBox, { scheme, legend: false });
        const created = await creating;
        if (destroyed) return;
        pm = created;
      } catch {
        mapFailed = true;
        mapBox.hidden = true;
        mapNote.classList.add('notice', 'notice-error');
        replace(mapNote, t('map_unavailable_short'));
        return;
      }
    }
    showCases(pm, [item]);
    // Points speak for themselves; provinces named without points are outlined too.
    pm.highlight((item.points || []).length > 0 ? [] : item.areas || []);
    fitCases(pm, 8);
    const lines = [];
    if (item.kind && BORDER_KINDS.has(item.kind.name)) {
      for (const point of item.points || []) {
        const line = borderText(pm, point);
        if (line) lines.push(h('li', { class: 'map-border' }, line));
      }
    }
    replace(borderBox, lines);
    borderBox.hidden = lines.length === 0;
  }

  function draw(page) {
    const item = page.case;
    setTitle(`${item.reference} · ${item.title || ''}`);
    const actionsBox = h('div', { class: 'actions-box' });
    replace(content,
      h('header', { class: 'alert-header' },
        h('div', { class: 'case-marks' },
          severityBadge(item.severity), kindBadge(item.kind), stateBadge(item.state), overdueBadge(item.overdue)),
        h('h1', null, item.title || item.reference),
        h('p', { class: 'alert-reference' }, item.reference)),
      summary(item),
      h('p', { class: ['hint', 'times-note'] }, t('times_note')),
      Array.isArray(page.actions) && page.actions.length > 0 ? section('actions-title', t('alert_actions'), actionsBox) : null,
      hasPlace(item) ? mapSection : null,
      section('envelope-title', t('alert_envelope'), rowsList(page.envelope) || h('p', null, dash)),
      section('body-title', t('alert_body'), rowsList(page.body) || h('p', null, dash)),
      section('receivers-title', t('alert_receivers'), receiversTable(item.receivers)),
      section('timeline-title', t('alert_timeline'), timeline(page.timeline)),
      section('path-title', t('alert_path'), pathList(page.path)),
      h('p', { class: 'cap-link' }, h('a', { href: `/api/alerts/${encoded}/cap.xml`, download: `${reference}.xml` }, t('alert_cap'))));
    renderActions(actionsBox, reference, page.actions, async (message) => {
      await load();
      replace(status, message);
    }, (open) => {
      formOpen = open;
      if (!open && changedWhileOpen) {
        changedWhileOpen = false;
        load();
      }
    });
    if (hasPlace(item)) drawMap(item);
  }

  async function load() {
    try {
      const page = await get(`/api/alerts/${encoded}`);
      if (!context.isCurrent()) return;
      draw(page);
      if (page.case.unread && !markedRead) {
        markedRead = true;
        post(`/api/alerts/${encoded}/read`).then(() => markRead(reference)).catch(() => { markedRead = false; });
      }
    } catch (error) {
      if (!context.isCurrent()) return;
      if (error instanceof ApiError && error.status === 404) {
        setTitle(t('alert_not_found'));
        replace(content, h('h1', null, reference), h('p', { class: 'notice' }, t('alert_not_found')));
      } else {
        replace(status, error instanceof ApiError && error.status === 0 ? t('error_network') : t('error_generic'));
      }
    }
  }

  const changed = (item) => {
    if (item && item.reference !== reference) return;
    if (formOpen) {
      changedWhileOpen = true;
      replace(status, t('updated_live'));
      return;
    }
    load().then(() => replace(status, t('updated_live')));
  };
  const stopCase = live.on('case', changed);
  // After a reset the page cannot know what changed: it reads the alert again.
  const stopReset = live.on('reset', () => changed(null));
  await load();
  return () => {
    destroyed = true;
    stopCase();
    stopReset();
    if (creating) creating.then((created) => created.destroy()).catch(() => {});
    pm = null;
  };
}
