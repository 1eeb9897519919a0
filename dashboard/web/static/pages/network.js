// The network: the province server (broker) connection and the links to the other
// provinces with their lag, from GET /api/network and then the live `network` events.

import { h, append, replace } from '../dom.js';
import { t, lang, vietnamTime } from '../i18n.js';
import { get, ApiError } from '../api.js';
import { setTitle } from '../state.js';
import { live } from '../live.js';
import { setNetwork } from '../banner.js';

function connection(connected) {
  return h('span', { class: ['badge', connected ? 'link-up' : 'link-down'] },
    connected ? t('network_connected') : t('network_disconnected'));
}

function lag(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const locale = lang() === 'vi' ? 'vi-VN' : 'en-GB';
  return t('seconds', { n: Number(seconds).toLocaleString(locale, { maximumFractionDigits: 1 }) });
}

function draw(box, network) {
  const broker = network.broker || {};
  const links = network.links || [];
  replace(box,
    h('section', { 'aria-labelledby': 'broker-title' },
      h('h2', { id: 'broker-title' }, t('network_broker')),
      h('p', null,
        network.node ? `${network.node.name}: ` : '',
        connection(broker.connected),
        broker.since ? ` ${t('network_since', { t: vietnamTime(broker.since) })}` : '')),
    h('section', { 'aria-labelledby': 'links-title' },
      h('h2', { id: 'links-title' }, t('network_links')),
      links.length === 0 ? h('p', null, t('network_no_links')) :
        h('div', { class: 'table-scroll', tabindex: '0' },
          h('table', { class: 'table' },
            h('thead', null, h('tr', null,
              h('th', { scope: 'col' }, t('network_peer')),
              h('th', { scope: 'col' }, t('network_state')),
              h('th', { scope: 'col', class: 'number' }, t('network_lag_events')),
              h('th', { scope: 'col', class: 'number' }, t('network_lag_seconds')),
              h('th', { scope: 'col' }, t('network_last_contact')),
              h('th', { scope: 'col' }, t('network_last_error')))),
            h('tbody', null, links.map((link) => h('tr', { class: link.connected ? null : 'is-down' },
              h('th', { scope: 'row' }, (link.peer && (link.peer.name || link.peer.id)) || '—'),
              h('td', null, connection(link.connected)),
              h('td', { class: 'number' }, link.lag_events === undefined || link.lag_events === null ? '—' : String(link.lag_events)),
              h('td', { class: 'number' }, lag(link.lag_seconds)),
              h('td', null, vietnamTime(link.last_contact) || '—'),
              h('td', null, link.last_error || '—'))))))));
}

export async function render(main, context) {
  setTitle(t('network_title'));
  const box = h('div', { class: 'network' });
  const status = h('p', { role: 'status' });
  append(main, h('h1', null, t('network_title')), status, box);
  let last = '';
  const drawIfChanged = (network) => {
    const key = JSON.stringify(network);
    if (key === last || !context.isCurrent()) return;
    last = key;
    draw(box, network);
  };
  const stop = live.on('network', drawIfChanged);
  try {
    const network = await get('/api/network');
    setNetwork(network);
    drawIfChanged(network);
  } catch (error) {
    replace(status, error instanceof ApiError && error.status === 0 ? t('error_network') : t('error_generic'));
  }
  return stop;
}
