// The map's geometry helpers (dashboard/web/static/map/province_geo.js) on the real data, in
// node without a browser: the 63 and 34 provinces, areas across schemes, the province holding
// a point and the distance from a point to a province's border.
// Run: node --test tests/browser/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const web = join(root, 'dashboard', 'web', 'static');
// In a browser the vendored UMD build, imported as a module, sets self.topojson, which the
// ES-module wrapper reads. Node loads that .js file as CommonJS instead: do its part here.
globalThis.self ??= globalThis;
self.topojson ??= createRequire(import.meta.url)(join(web, 'vendor', 'topojson-client', 'topojson-client.js'));
const geo = await import(join(web, 'map', 'province_geo.js'));
const read = (name) => JSON.parse(readFileSync(join(web, 'geo', name), 'utf8'));
const data = geo.buildProvinces(read('vn-provinces-2016.topojson'), read('provinces.json'));

test('63 VN-2004 and 34 VN-2025 provinces, all with polygons', () => {
  const old = geo.provinceFeatures(data, 'VN-2004');
  const merged = geo.provinceFeatures(data, 'VN-2025');
  assert.equal(old.length, 63);
  assert.equal(merged.length, 34);
  for (const f of [...old, ...merged]) {
    assert.ok(['Polygon', 'MultiPolygon'].includes(f.geometry.type), f.properties.name);
    assert.ok(f.geometry.coordinates.length > 0, f.properties.name);
  }
  assert.equal(geo.province(data, '24', 'VN-2025').properties.name, 'Bắc Ninh');
  assert.equal(geo.province(data, '24', 'VN-2016').properties.name, 'Bắc Giang');
});

test('areas resolve across schemes', () => {
  assert.deepEqual(geo.resolveArea(data, { code: '30', scheme: 'VN-2004' }, 'VN-2025'), ['31']);
  assert.deepEqual(geo.resolveArea(data, 'VN-2025:24', 'VN-2004'), ['24', '27']);
  assert.deepEqual(geo.resolveArea(data, '22', 'VN-2025'), ['22']);
  assert.deepEqual(geo.resolveArea(data, { code: '07480', scheme: 'VN-2004' }, 'VN-2025'), []);
  assert.deepEqual(geo.resolveArea(data, { code: '24', scheme: 'VN-1999' }, 'VN-2025'), []);
});

test('the province holding a point', () => {
  assert.deepEqual(geo.provinceAt(data, { lat: 21.3, lon: 106.4 }, 'VN-2004'),
    { code: '24', scheme: 'VN-2004', name: 'Bắc Giang' });
  assert.deepEqual(geo.provinceAt(data, { lat: 21.3, lon: 106.4 }, 'VN-2025'),
    { code: '24', scheme: 'VN-2025', name: 'Bắc Ninh' });
  assert.equal(geo.provinceAt(data, { lat: 20.95, lon: 107.08 }, 'VN-2025').name, 'Quảng Ninh');
  assert.equal(geo.provinceAt(data, { lat: 10.78, lon: 106.7 }, 'VN-2004').code, '79');
  assert.equal(geo.provinceAt(data, { lat: 15, lon: 112 }, 'VN-2025'), null); // open sea
});

test('distance to the border', () => {
  // Lục Nam (21.29, 106.39) lies a few km from Chí Linh (Hải Dương): close to the VN-2004
  // border of Bắc Giang and to the VN-2025 border of Bắc Ninh (with Hải Phòng).
  const p = { lat: 21.3, lon: 106.4 };
  const old = geo.distanceToBorderKm(data, p, { code: '24', scheme: 'VN-2004' });
  const merged = geo.distanceToBorderKm(data, p, { code: '24', scheme: 'VN-2025' });
  assert.ok(old > 0.5 && old < 25, `VN-2004: ${old}`);
  assert.ok(merged >= old - 1e-9 && merged < 40, `VN-2025: ${merged}`);
  // Hà Nội's centre is some 10–30 km from its nearest neighbour; with the coast counted,
  // a coastal city (Hạ Long) is much nearer its boundary than its land border.
  const hanoi = geo.distanceToBorderKm(data, { lat: 21.03, lon: 105.85 }, 'VN-2025:01');
  assert.ok(hanoi > 5 && hanoi < 40, `Hà Nội: ${hanoi}`);
  const halongLand = geo.distanceToBorderKm(data, { lat: 20.95, lon: 107.08 }, 'VN-2025:22');
  const halongAll = geo.distanceToBorderKm(data, { lat: 20.95, lon: 107.08 }, 'VN-2025:22', 'all');
  assert.ok(halongAll < halongLand, `${halongAll} < ${halongLand}`);
  assert.equal(geo.distanceToBorderKm(data, p, { code: '99', scheme: 'VN-2025' }), null);
});

test('great-circle distance', () => {
  // Hà Nội to Thành phố Hồ Chí Minh, about 1,140 km.
  const d = geo.haversineKm(21.0285, 105.8542, 10.7769, 106.7009);
  assert.ok(Math.abs(d - 1140) < 15, String(d));
});
