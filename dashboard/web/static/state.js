// What every page shares: the officer (Me), the vocabulary, the unread count and the title.

import { t } from './i18n.js';

export const state = {
  me: null,
  vocabulary: null,
  unread: 0,
  titleBase: '',
};

const unreadListeners = new Set();
// Per reference, whether it was unread when last seen, so live changes adjust the count.
const unreadByReference = new Map();

/** Calls listener(count) whenever the unread count changes. */
export function onUnread(listener) {
  unreadListeners.add(listener);
  return () => unreadListeners.delete(listener);
}

function publishUnread() {
  updateTitle();
  for (const listener of unreadListeners) listener(state.unread);
}

/** Sets the unread count from the server's answer and remembers the items it came with. */
export function setUnread(count, items = []) {
  state.unread = Math.max(0, Number(count) || 0);
  for (const item of items) unreadByReference.set(item.reference, Boolean(item.unread));
  publishUnread();
}

/** Adjusts the unread count for one CaseItem seen live or opened. */
export function noteItem(item) {
  const before = unreadByReference.get(item.reference);
  const now = Boolean(item.unread);
  unreadByReference.set(item.reference, now);
  if (before === now || (before === undefined && !now)) return;
  state.unread = Math.max(0, state.unread + (now ? 1 : -1));
  publishUnread();
}

/** Marks one reference read (after POST …/read); the server said it was unread, so an
 *  alert this page had not seen before counts as one fewer too. */
export function markRead(reference) {
  const before = unreadByReference.get(reference);
  unreadByReference.set(reference, false);
  if (before === false) return;
  state.unread = Math.max(0, state.unread - 1);
  publishUnread();
}

/** Sets the tab title: "(3) alertbus – Hộp thư". */
export function setTitle(base) {
  state.titleBase = base || '';
  updateTitle();
}

function updateTitle() {
  const prefix = state.unread > 0 && state.me ? `(${state.unread}) ` : '';
  document.title = `${prefix}${t('app_name')}${state.titleBase ? ` – ${state.titleBase}` : ''}`;
}

/** The vocabulary list `name` (kinds, severities, provinces, …), [] before it is loaded. */
export function vocab(name) {
  return (state.vocabulary && state.vocabulary[name]) || [];
}

/** The label of a vocabulary value (by value or command-line name), or the value itself. */
export function vocabLabel(list, value) {
  const item = vocab(list).find((entry) => entry.value === value || entry.name === value);
  return item ? item.label : value;
}
