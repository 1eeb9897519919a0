// What the pages share around the province map (static/map/province_map.js): creating it in
// the page's language, marking each marker with the references of its alerts (so the list
// beside the map and tests can find it), framing the shown cases, and the distance of a
// point to its province's border as a line of text (measured on the map, or as a fire's
// issuer reported it).
//
// Leaflet's CSS and the map's CSS are linked from index.html.

import { createProvinceMap } from './map/province_map.js';
import { t, lang } from './i18n.js';

/** Creates the map in `element` (given the class province-map); resolves to the controller. */
export async function createMap(element, options = {}) {
  element.classList.add('province-map');
  const pm = await createProvinceMap(element, { language: lang(), ariaLabel: t('map_region'), ...options });
  // Chromium puts SVG shapes with focus listeners (Leaflet's tooltips add them) in the tab
  // order: without this, Tab would stop on every unnamed province outline (34 or 63) before
  // the markers. The outlines stay clickable; the shaded provinces of alerts keep the
  // tabindex="0" the module gives them.
  const untab = (layer) => {
    const el = typeof layer.getElement === 'function' ? layer.getElement() : null;
    if (el && el instanceof SVGElement && !el.hasAttribute('tabindex')
      && !(layer.options && layer.options.pane === 'pm-areas')) {
      el.setAttribute('tabindex', '-1');
    }
  };
  pm.map.eachLayer(untab);
  pm.map.on('layeradd', (event) => untab(event.layer));
  // Leaflet follows the window's size only; the large mode and the layout change the box's.
  if (typeof ResizeObserver === 'function') {
    const observer = new ResizeObserver(() => pm.map.invalidateSize());
    observer.observe(element);
    const destroy = pm.destroy;
    pm.destroy = () => {
      observer.disconnect();
      destroy();
    };
  }
  return pm;
}

/** The map scheme ('VN-2004' | 'VN-2025') for a scheme name from the API (VN-2016 is VN-2004). */
export function mapScheme(scheme) {
  const s = String(scheme || '').trim().toUpperCase();
  if (s === 'VN-2004' || s === 'VN-2016') return 'VN-2004';
  if (s === 'VN-2025') return 'VN-2025';
  return null;
}

const pointKey = (lat, lon) => `${Number(lat)},${Number(lon)}`;

function markerLayers(pm) {
  const found = [];
  pm.map.eachLayer((layer) => {
    if (typeof layer.getLatLng !== 'function' || typeof layer.getElement !== 'function') return;
    const el = layer.getElement();
    if (el && el.classList.contains('pm-marker')) found.push(layer);
  });
  return found;
}

/**
 * Shows the cases on the map and marks each marker's element, and each shaded province's
 * path, with data-reference (the references of the alerts there, space-separated). Returns {counts, markers,
 * areas}: the module's {markers, areas, skipped}, and Maps reference → [Leaflet markers] and
 * reference → [Leaflet layers of shaded provinces].
 */
export function showCases(pm, items) {
  const counts = pm.showCases(items);
  const byPoint = new Map();
  for (const item of items) {
    for (const p of item.points || []) {
      const key = pointKey(p.lat, p.lon);
      if (!byPoint.has(key)) byPoint.set(key, []);
      if (!byPoint.get(key).includes(item.reference)) byPoint.get(key).push(item.reference);
    }
  }
  const markers = new Map();
  for (const layer of markerLayers(pm)) {
    const ll = layer.getLatLng();
    const refs = byPoint.get(pointKey(ll.lat, ll.lng)) || [];
    layer.getElement().setAttribute('data-reference', refs.join(' '));
    for (const ref of refs) {
      if (!markers.has(ref)) markers.set(ref, []);
      markers.get(ref).push(layer);
    }
  }
  const areas = new Map();
  // Shaded provinces: their popup (built from the cases it lists) names the references.
  pm.map.eachLayer((layer) => {
    if (!(layer.options && layer.options.pane === 'pm-areas') || typeof layer.getLayers !== 'function') return;
    const popup = typeof layer.getPopup === 'function' ? layer.getPopup() : null;
    const content = popup ? popup.getContent() : null;
    const box = typeof content === 'function' ? content(layer) : content;
    if (!(box instanceof Element)) return;
    const refs = [...box.querySelectorAll('a[href]')]
      .map((a) => /\/alerts\/([^/?#]+)$/.exec(a.getAttribute('href')))
      .filter(Boolean)
      .map((m) => decodeURIComponent(m[1]));
    for (const child of layer.getLayers()) {
      const el = typeof child.getElement === 'function' ? child.getElement() : null;
      if (el) el.setAttribute('data-reference', refs.join(' '));
    }
    for (const ref of refs) {
      if (!areas.has(ref)) areas.set(ref, []);
      areas.get(ref).push(layer);
    }
  });
  return { counts, markers, areas };
}

/** Frames what is drawn (markers and shaded provinces); the whole country when nothing is. */
export function fitCases(pm, maxZoom = 9) {
  const bounds = [];
  pm.map.eachLayer((layer) => {
    if (typeof layer.getLatLng === 'function' && layer.getElement && layer.getElement()
      && layer.getElement().classList.contains('pm-marker')) {
      const ll = layer.getLatLng();
      bounds.push([ll.lat, ll.lng]);
    } else if (layer.options && layer.options.pane === 'pm-areas' && typeof layer.getBounds === 'function'
      && !layer.getLayers) {
      const b = layer.getBounds();
      if (b.isValid()) bounds.push([b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]);
    }
  });
  pm.map.invalidateSize();
  if (bounds.length === 0) {
    pm.fitVietnam();
    return;
  }
  pm.map.fitBounds(bounds, { maxZoom, padding: [24, 24] });
}

/** A fire's reported distance to the border (CaseItem border_distance_km) as a line, or null. */
export function reportedBorderText(item) {
  const km = Number(item && item.border_distance_km);
  if (item.border_distance_km === null || item.border_distance_km === undefined
    || !Number.isFinite(km) || km <= 0) return null;
  const number = new Intl.NumberFormat(lang() === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 }).format(km);
  return t('map_border_reported', { km: number });
}

/** "Cách ranh giới tỉnh 3,2 km (Bắc Ninh)" for a point, or null when it lies in no province. */
export function borderText(pm, point) {
  const where = pm.provinceAt(point);
  if (!where) return null;
  const km = pm.distanceToBorderKm(point, where);
  if (km === null || km === undefined || !Number.isFinite(km)) return null;
  const number = new Intl.NumberFormat(lang() === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 1 }).format(km);
  return t('map_border_distance', { km: number, province: where.name });
}
