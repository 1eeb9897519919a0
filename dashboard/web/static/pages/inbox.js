// The inbox: "Chờ tôi xác nhận" (alerts waiting for my acknowledgement) first, then the
// feed, both kept current by the live stream; the filters bar above, in the address.

import { h, append, replace } from '../dom.js';
import { t } from '../i18n.js';
import { get, ApiError } from '../api.js';
import { setTitle, setUnread } from '../state.js';
import * as router from '../router.js';
import { live } from '../live.js';
import { filtersFrom, filtersQuery, renderFilters, renderExports } from '../filters.js';
import { compareItems, renderList } from '../case_list.js';

export async function render(main, context) {
  setTitle(t('inbox_title'));
  let filters = filtersFrom(router.query());
  const items = new Map();
  let nextPage = null;
  // Waiting alerts the server counted but did not send (it sends the newest 100), and whether
  // there were more than it looked through.
  let waitingHidden = 0;
  let waitingMore = false;
  let pending = 0;
  let loadToken = 0;

  const filtersBox = h('div', { class: 'filters-box' });
  const exportsBox = h('p', { class: 'exports' });
  const waitingList = h('ul', { class: 'case-list', 'aria-labelledby': 'waiting-title' });
  const feedList = h('ul', { class: 'case-list', 'aria-labelledby': 'feed-title' });
  const waitingCount = h('span', { class: 'count' });
  const waitingNote = h('p', { class: 'list-note', hidden: true });
  const feedCount = h('span', { class: 'count' });
  const status = h('p', { class: 'list-status', role: 'status' });
  const moreButton = h('button', { type: 'button', class: 'load-more', hidden: true, onclick: loadMore }, t('load_more'));
  const updatesButton = h('button', { type: 'button', class: 'new-updates', hidden: true, onclick: () => load() });
  const updatesBox = h('div', { class: 'updates-box', 'aria-live': 'polite' }, updatesButton);

  append(main,
    h('h1', { class: 'page-title' }, t('inbox_title')),
    filtersBox,
    exportsBox,
    updatesBox,
    status,
    h('section', { class: 'waiting', 'aria-labelledby': 'waiting-title' },
      h('h2', { id: 'waiting-title' }, t('waiting_title'), ' ', waitingCount),
      waitingList,
      waitingNote),
    h('section', { class: 'feed', 'aria-labelledby': 'feed-title' },
      h('h2', { id: 'feed-title' }, t('feed_title'), ' ', feedCount),
      feedList,
      moreButton));

  function drawFilters() {
    renderFilters(filtersBox, filters, (value, redraw) => {
      filters = value;
      router.setQuery(filtersQuery(filters));
      if (redraw) drawFilters();
      renderExports(exportsBox, filters);
      load();
    });
    renderExports(exportsBox, filters);
  }

  function draw() {
    const all = [...items.values()].sort(compareItems);
    const waiting = all.filter((item) => item.waiting_for_me);
    const feed = all.filter((item) => !item.waiting_for_me);
    renderList(waitingList, waiting, t('waiting_none'), context.me);
    renderList(feedList, feed, t('feed_none'), context.me);
    const waitingTotal = waiting.length + waitingHidden;
    replace(waitingCount, `(${waitingTotal}${waitingMore ? '+' : ''})`);
    waitingNote.hidden = waitingHidden === 0;
    replace(waitingNote, waitingHidden === 0 ? '' : t('waiting_hidden', { shown: waiting.length, n: waitingTotal }));
    replace(feedCount, `(${feed.length}${nextPage ? '+' : ''})`);
    moreButton.hidden = !nextPage;
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
      const answer = await get('/api/inbox', filters);
      if (token !== loadToken || !context.isCurrent()) return;
      items.clear();
      for (const item of [...(answer.waiting || []), ...(answer.feed || [])]) items.set(item.reference, item);
      nextPage = answer.next_page || null;
      // Waiting alerts on the page: those sent as waiting, and feed items that wait too.
      const waitingShown = [...items.values()].filter((item) => item.waiting_for_me).length;
      waitingHidden = Math.max(0, (answer.waiting_total || 0) - waitingShown);
      waitingMore = Boolean(answer.waiting_more);
      setUnread(answer.unread, [...items.values()]);
      clearStatus();
      draw();
    } catch (error) {
      if (token === loadToken) showError(error);
    }
  }

  async function loadMore() {
    if (!nextPage) return;
    moreButton.disabled = true;
    try {
      const answer = await get('/api/inbox', { ...filters, page: nextPage });
      for (const item of [...(answer.waiting || []), ...(answer.feed || [])]) if (!items.has(item.reference)) items.set(item.reference, item);
      nextPage = answer.next_page || null;
      clearStatus();
      draw();
    } catch (error) {
      showError(error);
    } finally {
      moreButton.disabled = false;
    }
  }

  // A change to an alert on the list is shown in place. A new alert joins the list when no
  // filter is set; with filters, the page cannot tell whether it matches, so it offers to reload.
  const stopCase = live.on('case', (item) => {
    if (items.has(item.reference) || Object.keys(filters).length === 0) {
      items.set(item.reference, item);
      draw();
    } else {
      pending += 1;
      draw();
    }
  });
  const stopReset = live.on('reset', () => load());

  drawFilters();
  await load();
  return () => {
    stopCase();
    stopReset();
    loadToken += 1;
  };
}
