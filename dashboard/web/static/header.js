// The header on every page: app name, node, officer and unit, unread count, navigation,
// language, large mode (wall screen), sound and notifications, logout.

import { h, replace, uid } from './dom.js';
import { t, lang } from './i18n.js';
import { post } from './api.js';
import { state, onUnread } from './state.js';
import * as notify from './notify.js';

const LARGE_KEY = 'alertbus.large';

/** Applies the remembered large mode to <html> (called before the first render). */
export function applyLargeMode() {
  let on = false;
  try {
    on = localStorage.getItem(LARGE_KEY) === '1';
  } catch {
    on = false;
  }
  document.documentElement.classList.toggle('large', on);
}

function setLargeMode(on) {
  document.documentElement.classList.toggle('large', on);
  try {
    localStorage.setItem(LARGE_KEY, on ? '1' : '0');
  } catch {
    // Private mode: lasts for this page.
  }
}

let unreadElement = null;
onUnread(() => renderUnread());

function renderUnread() {
  if (!unreadElement) return;
  const count = state.unread;
  unreadElement.classList.toggle('has-unread', count > 0);
  replace(unreadElement, count > 0 ? t('unread', { n: count }) : t('unread_none'));
}

function navLink(href, key, current) {
  const active = current === href || (href === '/inbox' && current === '/') ||
    (href !== '/inbox' && current.startsWith(`${href}/`));
  return h('li', null, h('a', { href, class: 'nav-link', 'aria-current': active ? 'page' : null }, t(key)));
}

function toggle(labelText, checked, onchange, help) {
  const id = uid('toggle');
  const helpId = help ? `${id}-help` : null;
  return h('div', { class: 'toggle' },
    h('input', { type: 'checkbox', id, checked, 'aria-describedby': helpId, onchange: (e) => onchange(e.target.checked) }),
    h('label', { for: id }, labelText),
    help ? h('span', { id: helpId, class: 'visually-hidden' }, help) : null);
}

/**
 * Renders the header into `container`. onLanguage() is called after the language changed.
 */
export function renderHeader(container, onLanguage) {
  const me = state.me;
  const path = location.pathname;
  unreadElement = h('a', { href: '/inbox', class: 'unread-count', 'aria-live': 'polite' });
  const otherLang = lang() === 'vi' ? 'en' : 'vi';

  const brand = h('div', { class: 'brand' },
    h('a', { href: '/inbox', class: 'app-name' }, t('app_name')),
    me && me.node ? h('span', { class: 'node-name' }, `${t('node')}: ${me.node.name}`) : null);

  const officer = me ? h('div', { class: 'officer' },
    h('span', { class: 'officer-name' }, me.name || me.user),
    me.unit ? h('span', { class: 'officer-unit' }, me.unit.name) : null) : null;

  const controls = h('div', { class: 'header-controls' },
    h('button', {
      type: 'button', class: 'button-quiet', lang: otherLang,
      'aria-label': t('language_toggle_label'),
      onclick: () => onLanguage(otherLang),
    }, t('language_toggle')),
    toggle(t('large_mode'), document.documentElement.classList.contains('large'), setLargeMode),
    me ? toggle(notify.label(), notify.enabled(), notify.setEnabled, t('sound_alerts_help')) : null,
    me ? h('button', { type: 'button', class: 'button-quiet', onclick: logout }, t('logout')) : null);

  const nav = me ? h('nav', { 'aria-label': t('nav_label'), class: 'main-nav' },
    h('ul', null,
      navLink('/inbox', 'nav_inbox', path),
      me.can_issue ? navLink('/post', 'nav_post', path) : null,
      navLink('/map', 'nav_map', path),
      navLink('/network', 'nav_network', path),
      navLink('/reports', 'nav_reports', path)),
    unreadElement) : null;

  replace(container,
    h('div', { class: 'header-top' }, brand, officer, controls),
    nav);
  renderUnread();
}

async function logout() {
  try {
    await post('/api/logout', undefined, { noRedirect: true });
  } catch {
    // Logged out or not, the login page is where the officer goes next.
  }
  location.assign('/login');
}
