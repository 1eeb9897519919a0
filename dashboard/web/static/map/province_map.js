// The dashboard's offline map of Vietnam's provinces (Leaflet, no tile layer): the 63 VN-2004
// or the 34 VN-2025 provinces, alerts as markers (their points) over their shaded provinces
// (their areas), a severity legend and the boundary data's attribution. Alert texts are untrusted:
// everything is put in as DOM text nodes, never as HTML. The page links
// /static/vendor/leaflet/leaflet.css and /static/map/province_map.css.
//
//   const map = await createProvinceMap(document.getElementById('map'), { language: 'vi' });
//   map.showCases(caseItems);
import * as L from '../vendor/leaflet/leaflet-src.esm.js';
import * as geo from './province_geo.js';
import { ATTRIBUTION, SEVERITIES, severityOf, severityLabel, texts } from './province_map_text.js';

const MAINLAND = [[8.3, 102.1], [23.4, 109.5]];
const MAX_BOUNDS = [[5.5, 100.5], [24.5, 118.5]]; // the data reaches 116.95° E (islands)
const BASE_STYLE = { color: '#6b6b6b', weight: 1, opacity: 1, fillColor: '#f3efe6', fillOpacity: 1 };
const HIGHLIGHT_STYLE = { color: '#08306b', weight: 3, fillColor: '#c6dbef', fillOpacity: 1 };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function alertLink(href, text) {
  const a = el('a', 'pm-link', text);
  a.href = href;
  return a;
}

function caseSeverity(item) {
  return severityOf(item && item.severity && item.severity.name);
}

// Creates the map in `element` (which must have a size) and resolves to its controller once
// the boundary data is loaded. Options:
//   language    'vi' (default) | 'en': the map's own texts (legend, popups' fixed words).
//   scheme      'VN-2025' (default) | 'VN-2004': which provinces to draw first.
//   geoBase     where the geo files are (default '/static/geo/').
//   alertHref   reference -> URL of the alert's page (default '/alerts/' + encoded reference).
//   borderKinds kinds (CaseItem kind.name) whose popups show the distance to the province
//               border (default ['forest-fire']).
//   legend      show the severity legend (default true).
//   ariaLabel   the map's accessible name (default 'Bản đồ cảnh báo theo tỉnh').
export async function createProvinceMap(element, options = {}) {
  const language = options.language === 'en' ? 'en' : 'vi';
  const t = texts(language);
  const alertHref = options.alertHref || ((ref) => '/alerts/' + encodeURIComponent(ref));
  const borderKinds = new Set(options.borderKinds || ['forest-fire']);
  const numberFormat = new Intl.NumberFormat(t.numberLocale, { maximumFractionDigits: 1 });
  const data = await geo.loadProvinces(options.geoBase || '/static/geo/');

  element.classList.add('pm-map');
  element.setAttribute('role', 'region');
  element.setAttribute('aria-label', options.ariaLabel || t.ariaLabel);
  const map = L.map(element, {
    attributionControl: false,
    zoomControl: false,
    maxBounds: MAX_BOUNDS,
    maxBoundsViscosity: 1,
    zoomSnap: 0.25,
    maxZoom: 12,
  });
  L.control.zoom({ zoomInTitle: t.zoomIn, zoomOutTitle: t.zoomOut }).addTo(map);
  L.control.attribution({ prefix: 'Leaflet' }).addAttribution(ATTRIBUTION).addTo(map);
  // Leaflet names a popup's close button in English: name it in the map's language.
  map.on('popupopen', (e) => {
    const close = e.popup.getElement() && e.popup.getElement().querySelector('.leaflet-popup-close-button');
    if (close) close.setAttribute('aria-label', t.closePopup);
  });
  map.createPane('pm-areas').style.zIndex = 420;

  let scheme = geo.normaliseScheme(options.scheme) || geo.NEW;
  let highlighted = [];
  let cases = [];
  const areaCallbacks = new Set();
  const casesLayer = L.layerGroup().addTo(map);

  // A click on a province, drawn or shaded: tells the onAreaClick callbacks.
  function pickArea(props) {
    const area = { code: props.code, scheme: props.scheme, name: props.name };
    for (const callback of areaCallbacks) callback(area);
  }
  const provinceName = (props) => (language === 'en' && props.name_en ? props.name_en : props.name);
  const baseLayers = {};
  for (const s of [geo.OLD, geo.NEW]) {
    baseLayers[s] = L.geoJSON(geo.provinceFeatures(data, s), {
      style: () => BASE_STYLE,
      onEachFeature: (f, layer) => {
        layer.bindTooltip(() => el('span', 'pm-tooltip', provinceName(f.properties)), { sticky: true });
        layer.on('click', () => pickArea(f.properties));
      },
    });
  }
  baseLayers[scheme].addTo(map);

  function fitVietnam() {
    map.invalidateSize();
    map.setMinZoom(0); // the container may have shrunk since the last fit
    map.fitBounds(MAINLAND);
    map.setMinZoom(Math.max(0, map.getZoom() - 1));
  }
  fitVietnam();

  // The legend: severity colours with their labels, and which boundaries are drawn.
  const legend = L.control({ position: 'bottomright' });
  let legendScheme = null;
  legend.onAdd = () => {
    const box = el('div', 'pm-legend');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', t.legendLabel);
    box.appendChild(el('div', 'pm-legend-title', t.legendTitle));
    const list = el('ul', 'pm-legend-list');
    for (const s of SEVERITIES) {
      const item = el('li', 'pm-legend-item');
      const swatch = el('span', 'pm-swatch', s.glyph);
      swatch.setAttribute('aria-hidden', 'true');
      swatch.style.backgroundColor = s.colour;
      swatch.style.color = s.text;
      item.append(swatch, el('span', 'pm-legend-label', severityLabel(s, language)));
      list.appendChild(item);
    }
    box.appendChild(list);
    box.appendChild(el('div', 'pm-legend-note', t.areaShaded));
    legendScheme = el('div', 'pm-legend-scheme', t.schemes[scheme]);
    box.appendChild(legendScheme);
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  if (options.legend !== false) legend.addTo(map);

  function labelOf(item) {
    const s = caseSeverity(item);
    return (item.severity && item.severity.label) || severityLabel(s, language);
  }

  // The names of the areas a case names, as the server gives them ("Bắc Giang, Hải Dương").
  function areaNames(item) {
    return (item.areas || []).map((a) => a && (a.name || a.code)).filter((x) => x).join(', ');
  }

  // One case's lines in a popup: severity (colour and word), the title as a link, its
  // reference and areas, kind/state/time.
  function caseBlock(item) {
    const block = el('div', 'pm-case');
    const s = caseSeverity(item);
    const badge = el('span', 'pm-badge', labelOf(item));
    badge.style.backgroundColor = s.colour;
    badge.style.color = s.text;
    block.appendChild(badge);
    const title = item.title ? String(item.title) : t.untitled;
    block.appendChild(el('div', 'pm-case-title')).appendChild(alertLink(alertHref(String(item.reference)), title));
    block.appendChild(el('div', 'pm-case-ref', String(item.reference)));
    const where = areaNames(item);
    if (where) block.appendChild(el('div', 'pm-case-areas', t.areas(where)));
    const meta = [item.kind && item.kind.label, item.state && item.state.label, item.sent_text]
      .filter((x) => x).join(' · ');
    if (meta) block.appendChild(el('div', 'pm-case-meta', meta));
    return block;
  }

  function borderLine(point) {
    const where = geo.provinceAt(data, point, scheme);
    if (!where) return el('div', 'pm-border', t.outsideProvinces);
    const km = geo.distanceToBorderKm(data, point, where);
    const p = geo.province(data, where.code, where.scheme).properties;
    return el('div', 'pm-border', t.borderDistance(numberFormat.format(km), provinceName(p)));
  }

  function addMarker(item, point) {
    const s = caseSeverity(item);
    const label = t.markerLabel(labelOf(item), item.title ? String(item.title) : t.untitled);
    const glyph = el('span', 'pm-marker-glyph', s.glyph);
    glyph.setAttribute('aria-hidden', 'true');
    glyph.style.backgroundColor = s.colour;
    glyph.style.color = s.text;
    const icon = L.divIcon({ className: `pm-marker pm-sev-${s.name}`, html: glyph,
      iconSize: [24, 24], iconAnchor: [12, 12], popupAnchor: [0, -12], tooltipAnchor: [0, -12] });
    const marker = L.marker([point.lat, point.lon], { icon, keyboard: true, riseOnHover: true,
      zIndexOffset: s.rank * 100 });
    marker.bindTooltip(() => el('span', 'pm-tooltip', label), { direction: 'top' });
    marker.bindPopup(() => {
      const box = el('div', 'pm-popup');
      box.appendChild(caseBlock(item));
      if (item.kind && borderKinds.has(item.kind.name)) {
        box.appendChild(borderLine(point));
        const reported = Number(item.border_distance_km);
        if (item.border_distance_km !== null && item.border_distance_km !== undefined
          && Number.isFinite(reported) && reported > 0) {
          box.appendChild(el('div', 'pm-border pm-border-reported',
            t.reportedBorder(numberFormat.format(reported))));
        }
      }
      const more = Number(item.points_left_out) || 0;
      if (more > 0) box.appendChild(el('div', 'pm-more', t.morePoints(more)));
      return box;
    });
    marker.on('add', () => {
      const node = marker.getElement();
      node.setAttribute('aria-label', label);
      node.setAttribute('data-point', `${point.lat},${point.lon}`);
    });
    marker.on('popupopen', () => marker.closeTooltip());
    marker.addTo(casesLayer);
  }

  // A province shaded for the cases that name it, with the most severe case's colour.
  function addArea(code, items) {
    const f = geo.province(data, code, scheme);
    const top = items.map(caseSeverity).reduce((a, b) => (b.rank > a.rank ? b : a));
    const label = t.casesInArea(provinceName(f.properties), items.length);
    const layer = L.geoJSON(f, { pane: 'pm-areas',
      style: () => ({ color: '#333333', weight: 1.5, dashArray: '5 3', fillColor: top.colour,
        fillOpacity: 0.75 }) });
    layer.bindTooltip(() => el('span', 'pm-tooltip', label), { sticky: true });
    layer.on('click', () => pickArea(f.properties));
    layer.bindPopup(() => {
      const box = el('div', 'pm-popup');
      box.appendChild(el('div', 'pm-popup-heading', label));
      for (const item of items) box.appendChild(caseBlock(item));
      return box;
    });
    layer.on('add', () => layer.eachLayer((path) => {
      const node = path.getElement();
      if (!node) return;
      node.setAttribute('tabindex', '0');
      node.setAttribute('role', 'button');
      node.setAttribute('aria-label', label);
      L.DomEvent.on(node, 'keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          L.DomEvent.preventDefault(e);
          layer.openPopup(path.getBounds().getCenter());
        }
      });
    }));
    layer.addTo(casesLayer);
  }

  function drawCases() {
    casesLayer.clearLayers();
    const byArea = new Map();
    let markers = 0;
    let skipped = 0;
    for (const item of cases) {
      if (!item || item.reference === undefined || item.reference === null) { skipped++; continue; }
      const points = (item.points || []).filter((p) => p && Number.isFinite(Number(p.lat))
        && Number.isFinite(Number(p.lon)));
      // Areas are shaded under the markers: the alert's places and the provinces it names.
      const codes = new Set((item.areas || []).flatMap((a) => geo.resolveArea(data, a, scheme)));
      if (codes.size === 0 && points.length === 0) skipped++;
      for (const code of codes) {
        if (!byArea.has(code)) byArea.set(code, []);
        byArea.get(code).push(item);
      }
    }
    for (const [code, items] of byArea) addArea(code, items);
    // The markers, most severe first in the tab order (zIndexOffset puts them on top).
    const placed = cases.filter((item) => item && item.reference !== undefined && item.reference !== null)
      .sort((a, b) => caseSeverity(b).rank - caseSeverity(a).rank);
    for (const item of placed) {
      for (const p of item.points || []) {
        if (!p || !Number.isFinite(Number(p.lat)) || !Number.isFinite(Number(p.lon))) continue;
        addMarker(item, { lat: Number(p.lat), lon: Number(p.lon) });
        markers += 1;
      }
    }
    return { markers, areas: byArea.size, skipped };
  }

  function applyHighlight() {
    const codes = new Set(highlighted.flatMap((a) => geo.resolveArea(data, a, scheme)));
    baseLayers[scheme].eachLayer((layer) => {
      if (codes.has(layer.feature.properties.code)) {
        layer.setStyle(HIGHLIGHT_STYLE);
        layer.bringToFront();
      } else {
        layer.setStyle(BASE_STYLE);
      }
    });
  }

  return {
    // The Leaflet map, for what this module does not cover.
    map,
    // Shows these CaseItems instead of the previous ones: a marker per point, over the
    // provinces of their areas, shaded. Returns {markers, areas, skipped}.
    showCases(caseItems) {
      cases = Array.isArray(caseItems) ? caseItems.slice() : [];
      return drawCases();
    },
    // Draws the 63 ('VN-2004') or the 34 ('VN-2025') provinces; cases and highlights follow.
    setScheme(newScheme) {
      const s = geo.normaliseScheme(newScheme);
      if (!s) throw new Error(`unknown scheme ${newScheme}`);
      if (s !== scheme) {
        map.removeLayer(baseLayers[scheme]);
        scheme = s;
        baseLayers[scheme].addTo(map);
        baseLayers[scheme].bringToBack();
        if (legendScheme) legendScheme.textContent = t.schemes[scheme];
        applyHighlight();
        drawCases();
      }
      return scheme;
    },
    getScheme: () => scheme,
    // Calls callback({code, scheme, name}) when a province is clicked; returns a function that
    // removes the callback.
    onAreaClick(callback) {
      areaCallbacks.add(callback);
      return () => areaCallbacks.delete(callback);
    },
    // Outlines these provinces (area references: {code, scheme}, 'VN-2025:24', or '24' in the
    // shown scheme), replacing the previous ones; [] clears.
    highlight(areaCodes) {
      highlighted = Array.isArray(areaCodes) ? areaCodes.slice() : [];
      applyHighlight();
    },
    // Km from {lat, lon} to the province's border shared with other provinces (boundary 'all':
    // with coast and frontier); null for an unknown province.
    distanceToBorderKm: (point, area, boundary) => geo.distanceToBorderKm(data, point, area, boundary),
    // The province {code, scheme, name} holding {lat, lon} in a scheme (default the shown one).
    provinceAt: (point, inScheme) => geo.provinceAt(data, point, inScheme || scheme),
    // Back to the whole country (also after the container was resized or shown).
    fitVietnam,
    destroy() {
      areaCallbacks.clear();
      map.remove();
      element.classList.remove('pm-map');
    },
  };
}
