// "Chọn trên bản đồ": a button beside a form control that opens a province map below it. A
// click on the map picks a province (area fields) or a point (point fields); the control
// itself stays the keyboard way. The map is made the first time it is opened.

import { h, replace, uid } from './dom.js';
import { t } from './i18n.js';
import { createMap } from './map_view.js';

/**
 * mapPicker({mode: 'area'|'point', label, scheme(), onArea(area) → text, onPoint(point) → text})
 * → {button, panel, update()}: `onArea`/`onPoint` fill the control and return the sentence
 * announced under the map; update() follows the control (scheme and highlight) when the map
 * is open.
 */
export function mapPicker(options) {
  const panelId = uid('map-picker');
  const canvas = h('div', { class: 'map-canvas map-picker-canvas' });
  const message = h('p', { class: 'map-picker-status', role: 'status' });
  const panel = h('div', { class: 'map-picker', id: panelId, hidden: true },
    h('p', { class: 'hint' }, t(options.mode === 'point' ? 'map_pick_point_hint' : 'map_pick_area_hint')),
    canvas,
    message);
  const button = h('button', {
    type: 'button', class: 'button-quiet map-pick', 'aria-expanded': 'false', 'aria-controls': panelId,
  }, t(options.mode === 'point' ? 'map_pick_point' : 'map_pick'),
  options.label ? h('span', { class: 'visually-hidden' }, `: ${options.label}`) : null);
  let pm = null;
  let creating = null;
  // Each map on the page is a region: its name says which field it fills, numbered when a
  // repeated field has several maps open.
  function regionName() {
    const base = `${t(options.mode === 'point' ? 'map_pick_point' : 'map_pick')}: ${options.label || ''}`;
    const same = [...document.querySelectorAll('.map-picker-canvas.pm-map')]
      .filter((el) => (el.getAttribute('aria-label') || '').startsWith(base)).length;
    return same > 0 ? `${base} (${same + 1})` : base;
  }

  function say(text) {
    replace(message, text || '');
  }

  async function open() {
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    if (!creating) {
      creating = createMap(canvas, {
        scheme: options.scheme ? options.scheme() : 'VN-2025', legend: false, ariaLabel: regionName(),
      });
      try {
        pm = await creating;
      } catch {
        canvas.hidden = true;
        say(t('map_unavailable_pick'));
        return;
      }
      if (options.mode === 'point') {
        pm.map.on('click', (event) => {
          const point = { lat: Number(event.latlng.lat.toFixed(5)), lon: Number(event.latlng.lng.toFixed(5)) };
          const where = pm.provinceAt(point);
          pm.highlight(where ? [where] : []);
          say(options.onPoint(point, where));
        });
      } else {
        pm.onAreaClick((area) => {
          pm.highlight([area]);
          say(options.onArea(area));
        });
      }
    }
    if (!pm) return;
    update();
    pm.fitVietnam();
  }

  function close() {
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  }

  function update() {
    if (!pm) return;
    if (options.scheme) pm.setScheme(options.scheme());
    if (options.current) pm.highlight(options.current());
  }

  button.addEventListener('click', () => {
    if (panel.hidden) open();
    else close();
  });
  return { button, panel, update };
}
