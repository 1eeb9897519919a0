// The red banner on every page: a province link down, the province server (broker) out of
// reach, or the live stream to the dashboard itself down. It clears when all is well.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { live } from './live.js';

let network = null;
let streamUp = true;
let element = null;
let shown = '';

/** Mounts the banner in `container` and follows the network and stream state. */
export function mountBanner(container) {
  element = container;
  live.on('network', (value) => {
    network = value;
    render();
  });
  live.on('status', ({ up }) => {
    streamUp = up;
    render();
  });
  render();
}

/** Feeds the banner a Network object fetched by a page (GET /api/network). */
export function setNetwork(value) {
  network = value;
  render();
}

/** The problems to show now, as sentences. */
export function problems() {
  const lines = [];
  if (!streamUp) lines.push(t('banner_stream_down'));
  if (network && network.broker && network.broker.connected === false) lines.push(t('banner_broker_down'));
  const down = network && Array.isArray(network.down) ? network.down.filter(Boolean) : [];
  if (down.length > 0) lines.push(t('banner_links_down', { names: down.join(', ') }));
  return lines;
}

/** Redraws the banner (also after a language change). */
export function render() {
  if (!element) return;
  const lines = problems();
  // Redrawn only when the words change: the banner is an alert region, and a screen reader
  // would otherwise read it again at every network report (every 5 s).
  const key = `${document.documentElement.lang}|${lines.join('|')}`;
  if (key === shown) return;
  shown = key;
  element.hidden = lines.length === 0;
  replace(element, lines.map((line) => h('p', { class: 'banner-line' }, line)));
}
