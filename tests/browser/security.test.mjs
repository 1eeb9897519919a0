// What an attacker or a curious officer tries at the dashboard: markup in alert texts from
// another province, a cross-site POST, a unit reading beyond its scope (issue 14, Security).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Federation, binaries, password } from './federation.mjs';
import { officerPage } from './browser.mjs';
import { useFederation } from './setup.mjs';
import { login } from './http.mjs';
import { postAlert } from './alerts.mjs';

const federation = new Federation();
let browser;
useFederation(federation, (launched) => { browser = launched; });

const markupTitle = '<img src=x onerror=alert(1)>';
const markupText = '"><script>alert(1)</script>';

test('markup in an alert from another province is shown as text and runs nothing', async () => {
  const reference = postAlert(federation, 'hai-duong', 'animal-disease',
    { title: markupTitle, description: markupText });
  const url = federation.urls['bac-giang'];
  const page = await officerPage(browser, url, 'bg-cnty', password);
  await page.goto(`${url}/inbox`);
  const item = page.locator('.case', { hasText: reference });
  await item.first().waitFor({ timeout: 20000 });
  assert.ok((await item.first().textContent()).includes(markupTitle));
  await page.goto(`${url}/alerts/${reference}`);
  await page.getByText(markupText).first().waitFor({ timeout: 10000 });
  assert.ok((await page.locator('main').textContent()).includes(markupTitle));
  assert.equal(await page.locator('main img[src="x"], main script').count(), 0);
  await page.waitForTimeout(500);
  assert.deepEqual(page.dialogs, [], 'no script of the alert ran');
  await page.context().close();
});

test('a POST without the CSRF token, or from another site, is refused and changes nothing', async () => {
  const reference = postAlert(federation, 'quang-ninh', 'animal-disease',
    { title: 'Dịch tai xanh ở Đông Triều' });
  const session = await login(federation.urls['bac-giang'], 'bg-cnty', password);
  await session.getJson(`/api/alerts/${reference}`);
  const noToken = await session.post(`/api/alerts/${reference}/actions`,
    { type: 'ack', text: 'Đã nhận' }, { csrf: '' });
  assert.equal(noToken.status, 403);
  assert.equal((await noToken.json()).error.code, 'csrf');
  const otherSite = await session.post(`/api/alerts/${reference}/actions`,
    { type: 'ack', text: 'Đã nhận' }, { origin: 'https://evil.example' });
  assert.equal(otherSite.status, 403);
  const page = await session.getJson(`/api/alerts/${reference}`);
  const mine = page.case.receivers.find((receiver) => receiver.node.id === 'bac-giang');
  assert.notEqual(mine.state.name, 'acknowledged', 'nothing was acknowledged');
  assert.equal(page.timeline.filter((entry) => entry.type.name === 'acknowledge').length, 0);
  // The same action with the token is done.
  const done = await session.post(`/api/alerts/${reference}/actions`, { type: 'ack', text: 'Đã nhận' });
  assert.equal(done.status, 200, await done.text());
});

test("an officer sees only what the unit's key may read", async () => {
  // A second Bắc Giang dashboard whose key is the dashboard principal acting for the
  // veterinary unit, with read_kinds = [ANIMAL_DISEASE] in the registry.
  const run = federation.run;
  const config = readFileSync(join(run, 'bac-giang-dashboard.toml'), 'utf8')
    .replace(/state_dir = ".*"/, `state_dir = "${run}/bac-giang-dashboard-2"`)
    .replace(/accounts = ".*"/, `accounts = "${run}/bac-giang-accounts-2.toml"`)
    .replace(/listen = ".*"/, 'listen = "127.0.0.1:0"')
    .replace(/\[\[unit\]\][\s\S]*/, `[[unit]]\nid = "bac-giang/cnty"\nkey_file = "${run}/security/keys/bac-giang_dashboard.key"\n`);
  writeFileSync(join(run, 'bac-giang-2-dashboard.toml'), config);
  execFileSync(binaries.dashboard, ['account', 'add', 'bg-xem', '--name', 'Trịnh Văn Xem',
    '--unit', 'bac-giang/cnty', '--accounts', join(run, 'bac-giang-accounts-2.toml'),
    '--password-stdin'], { input: `${password}\n` });
  const url = await federation.startDashboard('bac-giang-2');
  const disease = postAlert(federation, 'hai-duong', 'animal-disease', { title: 'Lở mồm long móng ở Kim Thành' });
  const pest = postAlert(federation, 'hai-duong', 'crop-pest', { title: 'Rầy nâu ở Gia Lộc' });
  const session = await login(url, 'bg-xem', password);
  assert.equal(session.me.can_issue, false);
  let listed = [];
  for (let i = 0; i < 100 && !listed.includes(disease); i++) {
    listed = (await session.getJson('/api/cases?size=200')).cases.map((item) => item.reference);
    await new Promise((done) => setTimeout(done, 200));
  }
  assert.ok(listed.includes(disease), 'its own kind is listed');
  assert.ok(!listed.includes(pest), 'a kind beyond its read scope is not');
  const direct = await session.get(`/api/alerts/${pest}`);
  assert.ok([403, 404].includes(direct.status), `direct read: ${direct.status}`);
  // With a dashboard key the unit cannot close, and the page says why.
  const page = await session.getJson(`/api/alerts/${disease}`);
  const close = page.actions.find((action) => action.type === 'close');
  assert.equal(close.allowed, false);
  assert.ok(close.reason.length > 0);
});

test('a close by a unit that did not issue the alert is refused with the rule', async () => {
  const reference = postAlert(federation, 'bac-giang', 'forest-fire', { title: 'Cháy rừng ở Lục Nam' });
  const url = federation.urls['hai-duong'];
  const session = await login(url, 'hd-kiem-lam', password);
  let page;
  for (let i = 0; i < 100; i++) {
    const response = await session.get(`/api/alerts/${reference}`);
    if (response.status === 200) { page = await response.json(); break; }
    await new Promise((done) => setTimeout(done, 200));
  }
  const close = page.actions.find((action) => action.type === 'close');
  assert.equal(close.allowed, false);
  assert.match(close.reason, /Bắc Giang|đơn vị phát/);
  const refused = await session.post(`/api/alerts/${reference}/actions`, { type: 'close', text: 'Đóng' });
  assert.ok([403, 422].includes(refused.status), `status ${refused.status}`);
  const body = await refused.json();
  assert.ok(body.error.message.length > 0 && body.error.message_en.length > 0);
  const browserPage = await officerPage(browser, url, 'hd-kiem-lam', password);
  await browserPage.goto(`${url}/alerts/${reference}`);
  await browserPage.locator('.action-refused', { hasText: close.label }).first().waitFor();
  assert.ok((await browserPage.locator('.action-refused', { hasText: close.label }).first()
    .textContent()).includes(close.reason));
  await browserPage.context().close();
});
