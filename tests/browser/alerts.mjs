// Alerts for the browser tests, posted with alertctl as an officer at a terminal would: the
// shipped samples (deploy/samples) with the test's own title, texts, unit and province.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './federation.mjs';

const provinces = {
  'bac-giang': { code: '24', scheme: 'VN-2004', name: 'Bắc Giang' },
  'hai-duong': { code: '30', scheme: 'VN-2004', name: 'Hải Dương' },
  'quang-ninh': { code: '22', scheme: 'VN-2004', name: 'Quảng Ninh' },
};
const samples = {
  'animal-disease': ['animal-disease.json', 'cnty'],
  'crop-pest': ['crop-pest.json', 'bvtv'],
  'forest-fire': ['forest-fire.json', 'kiem-lam'],
  'unsafe-food': ['unsafe-food.json', 'qlcl'],
};

let count = 0;

// Posts an alert of `kind` from `node`'s unit of that kind; returns its reference. `severity`
// (the document's name, e.g. "MODERATE") replaces the sample's.
export function postAlert(federation, node, kind, { title, description, severity } = {}) {
  const [file, unit] = samples[kind];
  const alert = JSON.parse(readFileSync(join(root, 'deploy/samples', file), 'utf8'));
  alert.sender_unit = `${node}/${unit}`;
  alert.areas = [provinces[node]];
  if (title !== undefined) alert.title = title;
  if (description !== undefined) alert.description = description;
  if (severity !== undefined) alert.severity = severity;
  const path = join(federation.run, `alert-${++count}.json`);
  writeFileSync(path, JSON.stringify(alert));
  const ack = JSON.parse(federation.alertctl(node, alert.sender_unit, ['--json', 'post',
    '--file', path]));
  return ack.reference;
}
