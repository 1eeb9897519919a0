// The entry point: loads the officer (Me) and the vocabulary, draws the header and the
// banner, opens the live stream and routes to the page for the address.

import { h, replace } from './dom.js';
import { t, setLang, lang } from './i18n.js';
import { get, setCsrf, ApiError } from './api.js';
import { state, setUnread, noteItem, setTitle } from './state.js';
import * as router from './router.js';
import { live } from './live.js';
import { renderHeader, applyLargeMode } from './header.js';
import { mountBanner, setNetwork, render as renderBanner } from './banner.js';
import * as notify from './notify.js';

const PAGES = {
  inbox: () => import('./pages/inbox.js'),
  alert: () => import('./pages/alert.js'),
  post: () => import('./pages/post.js'),
  map: () => import('./pages/map.js'),
  network: () => import('./pages/network.js'),
  reports: () => import('./pages/reports.js'),
  login: () => import('./pages/login.js'),
  notfound: () => import('./pages/notfound.js'),
};

const header = document.getElementById('site-header');
const main = document.getElementById('main');
const skipLink = document.querySelector('.skip-link');
let cleanup = null;
let renderToken = 0;

applyLargeMode();

async function loadVocabulary() {
  state.vocabulary = await get('/api/vocabulary');
}

async function refreshUnread() {
  try {
    const inbox = await get('/api/inbox', { size: 1 });
    setUnread(inbox.unread, [...(inbox.waiting || []), ...(inbox.feed || [])]);
  } catch {
    // The count stays as it was; the banner tells of connection trouble.
  }
}

function showFailure(error, retry) {
  const message = error instanceof ApiError && error.status === 0 ? t('error_network') : t('error_generic');
  replace(main, h('div', { class: 'notice notice-error', role: 'alert' },
    h('p', null, message),
    h('button', { type: 'button', onclick: retry }, t('retry'))));
}

async function renderRoute(path, isNavigation) {
  const token = ++renderToken;
  if (cleanup) {
    try {
      cleanup();
    } catch {
      // A page's cleanup failing must not stop the next page.
    }
    cleanup = null;
  }
  const route = router.match(path);
  if (route.page !== 'login' && !state.me) {
    location.assign(`/login?next=${encodeURIComponent(path + location.search)}`);
    return;
  }
  renderHeader(header, changeLanguage);
  replace(skipLink, t('skip_to_content'));
  replace(main, h('p', { class: 'loading' }, t('loading')));
  try {
    const module = await PAGES[route.page]();
    if (token !== renderToken) return;
    replace(main);
    const context = { params: route.params, me: state.me, isCurrent: () => token === renderToken };
    const result = await module.render(main, context);
    if (token !== renderToken) {
      if (typeof result === 'function') result();
      return;
    }
    cleanup = typeof result === 'function' ? result : null;
  } catch (error) {
    if (token !== renderToken) return;
    setTitle('');
    showFailure(error, () => renderRoute(location.pathname, false));
  }
  if (isNavigation) {
    window.scrollTo(0, 0);
    main.focus({ preventScroll: true });
  }
}

async function changeLanguage(value) {
  setLang(value);
  live.restart();
  try {
    if (state.me) await loadVocabulary();
  } catch {
    // Labels stay in the old language until the next load.
  }
  renderBanner();
  router.refresh();
}

async function boot() {
  setLang(lang());
  mountBanner(document.getElementById('banner'));
  if (location.pathname === '/login') {
    router.start(renderRoute);
    return;
  }
  try {
    state.me = await get('/api/me');
    setCsrf(state.me.csrf);
    await loadVocabulary();
  } catch (error) {
    renderHeader(header, changeLanguage);
    showFailure(error, () => location.reload());
    return;
  }
  // The count follows each change at once, and is then taken again from the server, which
  // alone knows the alerts this page never listed.
  let recount = null;
  live.on('case', (item) => {
    noteItem(item);
    notify.announce(item, state.me);
    clearTimeout(recount);
    recount = setTimeout(refreshUnread, 2000);
  });
  live.on('reset', refreshUnread);
  // A stream closed for good may mean the session ended: /api/me then leads to the login page.
  live.on('closed', () => get('/api/me').catch(() => {}));
  live.start();
  get('/api/network').then(setNetwork).catch(() => {});
  refreshUnread();
  router.start(renderRoute);
}

boot();
