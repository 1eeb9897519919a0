// Small labelled marks: severity (colour AND text), state, overdue, unread. Colour never
// carries meaning alone.

import { h } from './dom.js';
import { t } from './i18n.js';

const SEVERITIES = ['minor', 'moderate', 'severe', 'extreme'];

/** Rank of a severity name, 0 (unknown) … 4 (extreme). */
export function severityRank(name) {
  return SEVERITIES.indexOf(name) + 1;
}

/** {name, label} → a coloured badge with the label as text. */
export function severityBadge(severity) {
  if (!severity) return null;
  const known = SEVERITIES.includes(severity.name) ? severity.name : 'unknown';
  return h('span', { class: ['badge', 'severity', `severity-${known}`] }, severity.label || severity.name);
}

export function stateBadge(state) {
  if (!state) return null;
  return h('span', { class: ['badge', 'state', `state-${String(state.name || '').replace(/[^a-z_-]/gi, '')}`] },
    state.label || state.name);
}

export function overdueBadge(overdue) {
  return overdue ? h('span', { class: ['badge', 'overdue'] }, t('overdue')) : null;
}

export function unreadBadge(unread) {
  return unread ? h('span', { class: ['badge', 'unread'] }, t('unread_mark')) : null;
}

export function kindBadge(kind) {
  return kind ? h('span', { class: ['badge', 'kind'] }, kind.label || kind.name) : null;
}
