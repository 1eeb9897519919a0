// The map (issue 14): /map draws a posted alert's marker at its place, coloured and labelled
// with its severity, over its shaded province, with a popup naming it by reference, title (as
// text), kind and areas, and for a fire its distance to the border, as reported and as
// measured on the map; the alert's own page shows the same marker and distance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Federation, password } from './federation.mjs';
import { officerPage, accessibilityProblems } from './browser.mjs';
import { useFederation, until } from './setup.mjs';
import { login } from './http.mjs';
import { postAlert } from './alerts.mjs';

const federation = new Federation();
let browser;
useFederation(federation, (launched) => { browser = launched; });

test("the map shows the fire's marker at its place with its severity, and its distance to the border", async () => {
  // The sample fire (deploy/samples/forest-fire.json): EXTREME, at 21.29 N, 106.39 E in Lục
  // Nam, Bắc Giang, reported 3.2 km from the border. The title holds markup, shown as text.
  const title = 'Cháy rừng thông ở Lục Nam <b>khẩn</b>';
  const reference = postAlert(federation, 'bac-giang', 'forest-fire', { title });
  const url = federation.urls['hai-duong'];
  const officer = await login(url, 'hd-kiem-lam', password);
  const item = await until(async () => {
    const answer = await officer.getJson('/api/cases?kind=forest-fire&size=200');
    return answer.cases.find((entry) => entry.reference === reference);
  }, 'the fire in the case list at Hải Dương', 30000);
  // The case list carries the place and the reported distance (not only the alert's page).
  assert.deepEqual(item.points, [{ lat: 21.29, lon: 106.39 }]);
  assert.equal(item.border_distance_km, 3.2);
  assert.equal(item.severity.name, 'extreme');

  const page = await officerPage(browser, url, 'hd-kiem-lam', password);
  await page.goto(`${url}/map?kind=forest-fire`);
  const marker = page.locator(`.province-map .pm-marker[data-reference~="${reference}"]`);
  await marker.first().waitFor({ timeout: 20000 });
  assert.equal(await marker.count(), 1);
  assert.equal(await marker.getAttribute('data-point'), '21.29,106.39');
  // Severity as colour and as text: the label names it, the legend pairs colour and word.
  const label = await marker.getAttribute('aria-label');
  assert.equal(label, `${item.severity.label}: ${title}`);
  assert.match(await marker.getAttribute('class'), /pm-sev-extreme/);
  const legend = page.locator('.pm-legend');
  assert.match(await legend.textContent(), new RegExp(item.severity.label));
  // Its province stays shaded under the marker.
  await page.locator(`.province-map path[data-reference~="${reference}"]`).first()
    .waitFor({ state: 'attached' });
  // The list beside the map says how far the fire is from the border, reported and measured
  // (on the 34-province map, where Bắc Giang is part of Bắc Ninh since 2025).
  const entry = page.locator(`.map-case[data-reference="${reference}"]`);
  await entry.getByText('Khoảng cách đến ranh giới tỉnh (đơn vị báo cáo): 3,2 km').waitFor();
  await entry.getByText(/Cách ranh giới tỉnh [0-9]+(,[0-9]+)? km \(Bắc Ninh\)/).waitFor();

  // With markers and shaded provinces drawn, axe-core finds no serious or critical violation.
  assert.deepEqual(await accessibilityProblems(page), [], '/map with a marker');

  // The popup, by keyboard: reference, title as text linking to the page, kind, areas, distances.
  await marker.focus();
  await page.keyboard.press('Enter');
  const popup = page.locator('.leaflet-popup .pm-popup');
  await popup.waitFor();
  const link = popup.locator('.pm-case-title a');
  assert.equal(await link.textContent(), title);
  assert.equal(await popup.locator('.pm-case-title b').count(), 0);
  assert.equal(await link.getAttribute('href'), `/alerts/${encodeURIComponent(reference)}`);
  assert.equal(await popup.locator('.pm-case-ref').textContent(), reference);
  assert.match(await popup.locator('.pm-case-areas').textContent(), /Bắc Giang/);
  assert.match(await popup.locator('.pm-case-meta').textContent(), new RegExp(item.kind.label));
  assert.match(await popup.textContent(), /Khoảng cách đến ranh giới tỉnh \(đơn vị báo cáo\): 3,2 km/);
  assert.match(await popup.textContent(), /Cách ranh giới tỉnh [0-9]+(,[0-9]+)? km \(Bắc Ninh\)/);

  // The link opens its page, which shows the same marker and the measured distance.
  await link.click();
  await page.waitForURL(`${url}/alerts/${encodeURIComponent(reference)}`);
  const own = page.locator(`.province-map .pm-marker[data-reference~="${reference}"]`);
  await own.first().waitFor({ timeout: 20000 });
  assert.equal(await own.first().getAttribute('data-point'), '21.29,106.39');
  await page.getByText(/Cách ranh giới tỉnh [0-9]+(,[0-9]+)? km/).first().waitFor();
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.problems.filter((problem) => /Content Security Policy/.test(problem)), []);
  await page.context().close();
});

test('an alert without a place is a shaded province on the map, with no marker', async () => {
  const reference = postAlert(federation, 'quang-ninh', 'unsafe-food', { title: 'Chả mực không rõ nguồn gốc' });
  const url = federation.urls['hai-duong'];
  const page = await officerPage(browser, url, 'hd-qlcl', password);
  await page.goto(`${url}/map?kind=unsafe-food`);
  await page.locator(`.province-map path[data-reference~="${reference}"]`).first()
    .waitFor({ state: 'attached', timeout: 30000 });
  assert.equal(await page.locator(`.province-map .pm-marker[data-reference~="${reference}"]`).count(), 0);
  await page.context().close();
});
