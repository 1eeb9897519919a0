// Province geometry for the dashboard's map, without Leaflet: loads the 63 VN-2004 provinces
// (geo/vn-provinces-2016.topojson, geoBoundaries, CC BY-SA 4.0) and their index
// (geo/provinces.json), builds the 34 VN-2025 provinces by merging their members
// (topojson-client's merge), and answers: which provinces an area reference means in a
// scheme, which province holds a point, and how far a point is from a province's border.
import { feature, merge, mesh } from '../vendor/topojson-client/topojson-client.esm.js';

export const OLD = 'VN-2004';
export const NEW = 'VN-2025';
const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE = (EARTH_RADIUS_KM * Math.PI) / 180;

// The scheme name as the protocol writes it. docs/DASHBOARD.md once calls the old scheme
// "VN-2016" (the boundaries' year); it is the same list of 63 codes.
export function normaliseScheme(scheme) {
  const s = String(scheme || '').trim().toUpperCase();
  if (s === OLD || s === 'VN-2016') return OLD;
  if (s === NEW) return NEW;
  return null;
}

async function fetchJson(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

// Loads both files from `geoBase` (a URL ending in '/') and returns the province data the map
// and the functions below use.
export async function loadProvinces(geoBase) {
  const [topology, index] = await Promise.all([
    fetchJson(geoBase + 'vn-provinces-2016.topojson'),
    fetchJson(geoBase + 'provinces.json'),
  ]);
  return buildProvinces(topology, index);
}

export function buildProvinces(topology, index) {
  const object = topology.objects[index.object];
  if (!object) throw new Error(`province data: no object ${index.object}`);
  const geometries = object.geometries;
  const oldByCode = new Map();
  const codeOfGeometry = new Map(); // topology geometry object -> VN-2004 code
  const successor = new Map(); // VN-2004 code -> VN-2025 code
  for (const entry of index.features) {
    const geometry = geometries[entry.index];
    codeOfGeometry.set(geometry, entry.code);
    successor.set(entry.code, entry.vn2025.code);
    const geo = feature(topology, geometry);
    geo.properties = { code: entry.code, scheme: OLD, name: entry.name, name_en: entry.name_en };
    oldByCode.set(entry.code, { feature: geo, bbox: bboxOf(geo.geometry) });
  }
  const newByCode = new Map();
  for (const entry of index.vn2025) {
    const members = entry.features.map((i) => geometries[i]);
    const geo = {
      type: 'Feature',
      properties: { code: entry.code, scheme: NEW, name: entry.name, name_en: entry.name_en,
        members: entry.members.slice() },
      geometry: merge(topology, members),
    };
    newByCode.set(entry.code, { feature: geo, bbox: bboxOf(geo.geometry) });
  }
  return {
    topology, object, codeOfGeometry, successor,
    byScheme: { [OLD]: oldByCode, [NEW]: newByCode },
    borders: new Map(), // cache: "scheme:code:kind" -> MultiLineString coordinates
  };
}

// All province features of a scheme (GeoJSON, properties {code, scheme, name, name_en}).
export function provinceFeatures(data, scheme) {
  return [...data.byScheme[normaliseScheme(scheme)].values()].map((p) => p.feature);
}

export function province(data, code, scheme) {
  const entry = data.byScheme[normaliseScheme(scheme)]?.get(String(code));
  return entry ? entry.feature : null;
}

// Parses an area reference: {code, scheme}, "VN-2025:24", or "24" (then `defaultScheme`).
export function parseArea(area, defaultScheme) {
  if (area && typeof area === 'object') {
    return { code: String(area.code ?? '').trim(), scheme: normaliseScheme(area.scheme) };
  }
  const text = String(area ?? '').trim();
  const colon = text.lastIndexOf(':');
  if (colon > 0) return { code: text.slice(colon + 1), scheme: normaliseScheme(text.slice(0, colon)) };
  return { code: text, scheme: normaliseScheme(defaultScheme) };
}

// The province codes of `scheme` an area reference covers: itself, its VN-2025 successor, or
// its VN-2004 members. Codes the data does not know (communes, typos) give [].
export function resolveArea(data, area, scheme) {
  const target = normaliseScheme(scheme);
  const { code, scheme: from } = parseArea(area, target);
  if (!from || !data.byScheme[from].has(code)) return [];
  if (from === target) return [code];
  if (from === OLD) return [data.successor.get(code)];
  return data.byScheme[NEW].get(code).feature.properties.members.slice();
}

// The province of `scheme` that holds the point, as {code, scheme, name}, or null (the sea,
// abroad, or a gap of the simplified boundaries).
export function provinceAt(data, point, scheme) {
  const target = normaliseScheme(scheme) || NEW;
  const lon = Number(point.lon);
  const lat = Number(point.lat);
  for (const [code, entry] of data.byScheme[OLD]) {
    const [w, s, e, n] = entry.bbox;
    if (lon < w || lon > e || lat < s || lat > n) continue;
    if (!geometryContains(entry.feature.geometry, lon, lat)) continue;
    const found = target === OLD ? code : data.successor.get(code);
    const p = data.byScheme[target].get(found).feature.properties;
    return { code: p.code, scheme: p.scheme, name: p.name };
  }
  return null;
}

// The shortest distance in km from the point to the border of province {code, scheme}.
// `boundary`: 'provinces' (default) counts only the lines it shares with other provinces,
// which is what "ranh giới tỉnh" means for a fire; 'all' adds the coast and the national
// frontier. Local equirectangular search, then the great-circle length to the nearest point
// found. Null when the province is unknown.
export function distanceToBorderKm(data, point, area, boundary = 'provinces') {
  const { code, scheme } = parseArea(area, NEW);
  if (!scheme || !data.byScheme[scheme].has(code)) return null;
  const lines = borderLines(data, code, scheme, boundary === 'all' ? 'all' : 'provinces');
  const lat0 = Number(point.lat);
  const lon0 = Number(point.lon);
  if (!Number.isFinite(lat0) || !Number.isFinite(lon0) || lines.length === 0) return null;
  const kx = KM_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180);
  let best = Infinity;
  let nearest = null;
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      const ax = (line[i - 1][0] - lon0) * kx;
      const ay = (line[i - 1][1] - lat0) * KM_PER_DEGREE;
      const bx = (line[i][0] - lon0) * kx;
      const by = (line[i][1] - lat0) * KM_PER_DEGREE;
      const dx = bx - ax;
      const dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
      const x = ax + t * dx;
      const y = ay + t * dy;
      const d2 = x * x + y * y;
      if (d2 < best) {
        best = d2;
        nearest = [lon0 + x / kx, lat0 + y / KM_PER_DEGREE];
      }
    }
  }
  return haversineKm(lat0, lon0, nearest[1], nearest[0]);
}

function borderLines(data, code, scheme, kind) {
  const key = `${scheme}:${code}:${kind}`;
  if (!data.borders.has(key)) {
    const codeOf = (g) => {
      const old = data.codeOfGeometry.get(g);
      return scheme === OLD ? old : data.successor.get(old);
    };
    const filter = kind === 'all'
      ? (a, b) => (a === b ? codeOf(a) === code : (codeOf(a) === code) !== (codeOf(b) === code))
      : (a, b) => a !== b && (codeOf(a) === code) !== (codeOf(b) === code);
    data.borders.set(key, mesh(data.topology, data.object, filter).coordinates);
  }
  return data.borders.get(key);
}

export function haversineKm(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2
    + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function polygonsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

function bboxOf(geometry) {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      for (const [x, y] of ring) {
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < s) s = y;
        if (y > n) n = y;
      }
    }
  }
  return [w, s, e, n];
}

// Even-odd rule over each polygon's rings (so holes count), true if any polygon holds it.
function geometryContains(geometry, x, y) {
  for (const polygon of polygonsOf(geometry)) {
    let inside = false;
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
    if (inside) return true;
  }
  return false;
}
