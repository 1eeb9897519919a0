// The map's province index (dashboard/web/static/geo/provinces.json): re-running its generator
// gives the committed file byte for byte, the 63 boundary features map to 63 distinct VN-2004
// provinces, and the 34 VN-2025 provinces cover them all. Needs node and python3, no browser.
// Run: node --test tests/browser/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const geo = join(root, 'dashboard', 'web', 'static', 'geo');
const script = join(geo, 'make_province_index.py');
const committed = readFileSync(join(geo, 'provinces.json'), 'utf8');
const index = JSON.parse(committed);

function withTemp(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'geo-test-'));
  try { return fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

test('the generator reproduces the committed provinces.json', () => {
  withTemp((dir) => {
    const out = join(dir, 'provinces.json');
    execFileSync('python3', [script, '--out', out]);
    assert.equal(readFileSync(out, 'utf8'), committed);
  });
});

test('63 features map to 63 distinct VN-2004 codes', () => {
  const topo = JSON.parse(readFileSync(join(geo, 'vn-provinces-2016.topojson'), 'utf8'));
  const geometries = topo.objects[index.object].geometries;
  assert.equal(geometries.length, 63);
  assert.equal(index.features.length, 63);
  assert.equal(new Set(index.features.map((f) => f.code)).size, 63);
  assert.deepEqual(index.features.map((f) => f.index).sort((a, b) => a - b), [...Array(63).keys()]);
  for (const f of index.features) {
    assert.equal(geometries[f.index].properties.shapeISO, f.shapeISO);
    assert.match(f.code, /^\d\d$/);
  }
  const byName = Object.fromEntries(index.features.map((f) => [f.shapeName, f]));
  assert.equal(byName['TP. Ho Chi Minh'].code, '79');
  assert.equal(byName['Thua Thien - Hue'].code, '46');
  assert.equal(byName['Ba Ria - Vung Tau'].code, '77');
  assert.equal(byName['Bac Giang'].code, '24');
  assert.equal(byName['Bac Giang'].vn2025.code, '24');
  assert.equal(byName['Hai Duong'].vn2025.code, '31');
});

test('34 VN-2025 provinces cover the 63 exactly once', () => {
  assert.equal(index.vn2025.length, 34);
  assert.equal(new Set(index.vn2025.map((p) => p.code)).size, 34);
  const members = index.vn2025.flatMap((p) => p.members);
  assert.equal(members.length, 63);
  assert.deepEqual([...members].sort(), index.features.map((f) => f.code).sort());
  for (const p of index.vn2025) {
    for (const code of p.members) {
      assert.equal(index.features.find((f) => f.code === code).vn2025.code, p.code);
    }
  }
});

test('the generator fails loudly on an unmatched province', () => {
  withTemp((dir) => {
    const table = readFileSync(join(root, 'deploy', 'areas', 'provinces.csv'), 'utf8')
      .replace('VN-2004,46,Thừa Thiên Huế,Thua Thien Hue,46', 'VN-2004,46,Huế,Hue,46');
    writeFileSync(join(dir, 'p.csv'), table);
    const out = join(dir, 'out.json');
    const run = spawnSync('python3', [script, '--table', join(dir, 'p.csv'), '--out', out], { encoding: 'utf8' });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /Thua Thien - Hue/);
    assert.throws(() => readFileSync(out));
  });
});
