// A list of CaseItems: each a link to its alert page, with reference, kind, severity,
// title, origin province, time, state, overdue and unread marks, and the search snippet.

import { h, replace } from './dom.js';
import { t, vietnamTime } from './i18n.js';
import { severityBadge, stateBadge, overdueBadge, unreadBadge, kindBadge, severityRank } from './badges.js';

const OPEN_STATES = new Set(['active', 'stable']);

/** Order of the lists: open alerts first, then the most severe, then the newest. */
export function compareItems(a, b) {
  const openA = OPEN_STATES.has(a.state && a.state.name) ? 1 : 0;
  const openB = OPEN_STATES.has(b.state && b.state.name) ? 1 : 0;
  if (openA !== openB) return openB - openA;
  const severity = severityRank(b.severity && b.severity.name) - severityRank(a.severity && a.severity.name);
  if (severity !== 0) return severity;
  return String(b.sent_at || '').localeCompare(String(a.sent_at || ''));
}

function snippet(parts) {
  if (!Array.isArray(parts) || parts.length === 0) return null;
  return h('p', { class: 'case-snippet' },
    parts.map((part) => (part.match ? h('mark', null, part.text) : part.text)));
}

function originText(item) {
  const names = [];
  if (item.origin && item.origin.name) names.push(item.origin.name);
  if (item.sender && item.sender.name && item.sender.name !== (item.origin && item.origin.name)) {
    names.push(item.sender.name);
  }
  return names.join(' · ');
}

/** When the alert waits for my acknowledgement: my node's deadline, as text. */
function myDeadline(item, me) {
  if (!item.waiting_for_me || !me || !me.node || !Array.isArray(item.receivers)) return null;
  const mine = item.receivers.find((r) => r.node && r.node.id === me.node.id);
  if (!mine || !(mine.due_text || mine.acknowledge_due)) return null;
  return h('span', { class: ['case-due', mine.overdue && 'is-overdue'] },
    `${t('receiver_due')}: ${mine.due_text || vietnamTime(mine.acknowledge_due)}`);
}

/** One CaseItem as a list entry (me: the officer, for the deadline of my node). */
export function caseEntry(item, me) {
  const href = `/alerts/${encodeURIComponent(item.reference)}`;
  const sent = item.sent_text || vietnamTime(item.sent_at);
  const severityName = item.severity && item.severity.name;
  return h('li', {
    class: ['case', item.unread && 'is-unread', item.overdue && 'is-overdue', `case-${severityName || 'unknown'}`],
    'data-reference': item.reference,
  },
  h('div', { class: 'case-marks' },
    severityBadge(item.severity), kindBadge(item.kind), stateBadge(item.state),
    overdueBadge(item.overdue), unreadBadge(item.unread)),
  h('h3', { class: 'case-title' }, h('a', { href }, item.title || item.reference)),
  h('p', { class: 'case-meta' },
    h('span', { class: 'case-reference' }, item.reference),
    originText(item) ? h('span', null, `${t('from_province')}: ${originText(item)}`) : null,
    sent ? h('time', { datetime: item.sent_at || null }, sent) : null,
    item.follow_up_count ? h('span', null, t('follow_ups', { n: item.follow_up_count })) : null,
    myDeadline(item, me)),
  snippet(item.snippet));
}

/** Fills `list` (a <ul>) with the items, or a sentence when there are none. */
export function renderList(list, items, emptyText, me) {
  if (items.length === 0) {
    replace(list, h('li', { class: 'case-empty' }, emptyText));
    return;
  }
  replace(list, items.map((item) => caseEntry(item, me)));
}
