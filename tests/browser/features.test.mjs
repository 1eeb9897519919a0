// The dashboard's remaining features end to end (issue 14): the English toggle, the large
// mode and a phone-sized window, sound and desktop notifications, the reports page against
// `alertctl report`, the exports (CSV, GeoJSON, CAP), HTTPS, and axe-core in English and
// large mode. One federation for the whole file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { Federation, password, root } from './federation.mjs';
import { officerPage, accessibilityProblems } from './browser.mjs';
import { useFederation, until } from './setup.mjs';
import { login } from './http.mjs';
import { postAlert } from './alerts.mjs';
import { parseCsv, download, selfSignedCertificate, startTlsDashboard } from './files.mjs';

const federation = new Federation();
let browser;
useFederation(federation, (launched) => { browser = launched; });

// Waits until the node's dashboard serves the alert to `user` (one login per officer: each
// costs an Argon2id hash).
const sessions = new Map();
async function arrived(node, user, reference) {
  if (!sessions.has(user)) sessions.set(user, await login(federation.urls[node], user, password));
  const session = sessions.get(user);
  await until(async () => (await session.get(`/api/alerts/${reference}`)).status === 200,
    `${reference} at ${node}`, 30000);
}

const caseEntry = (page, reference) => page.locator(`.case[data-reference="${reference}"]`).first();

test('Vietnamese by default, and the English toggle switches labels, severities and dates for good', async () => {
  const earlier = postAlert(federation, 'hai-duong', 'animal-disease', { title: 'Lở mồm long móng ở Gia Lộc' });
  await arrived('bac-giang', 'bg-cnty', earlier);
  const url = federation.urls['bac-giang'];
  const page = await officerPage(browser, url, 'bg-cnty', password);
  await page.goto(`${url}/inbox`);
  await caseEntry(page, earlier).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  assert.equal(await page.locator('main h1').textContent(), 'Hộp thư cảnh báo');
  const nav = await page.locator('.main-nav').textContent();
  for (const word of ['Hộp thư', 'Đăng cảnh báo', 'Bản đồ', 'Mạng lưới', 'Báo cáo']) assert.ok(nav.includes(word), word);
  assert.equal(await caseEntry(page, earlier).locator('.severity').textContent(), 'Nghiêm trọng');
  assert.match(await caseEntry(page, earlier).locator('time').textContent(), /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await until(async () => (await page.locator('main h1').textContent()) === 'Alert inbox', 'the inbox in English');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const english = async (entry) => {
    await until(async () => (await entry.locator('.severity').textContent()) === 'Severe', 'Severe');
    assert.equal(await entry.locator('.kind').textContent(), 'Animal disease');
    // English dates are written year first (as alertctl writes them), never day/month.
    assert.match(await entry.locator('time').textContent(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  };
  await english(caseEntry(page, earlier));
  // An alert that comes in live, after the switch, is in English too.
  const live = postAlert(federation, 'quang-ninh', 'animal-disease', { title: 'Cúm gia cầm ở Đông Triều' });
  await caseEntry(page, live).waitFor({ timeout: 30000 });
  await english(caseEntry(page, live));

  await page.reload();
  await until(async () => (await page.locator('main h1').textContent()) === 'Alert inbox', 'English after a reload');
  await english(caseEntry(page, live));
  await page.goto(`${url}/alerts/${live}`);
  await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const details = await page.locator('main').textContent();
  for (const word of ['General information', 'Receiving provinces', 'Severe']) assert.ok(details.includes(word), word);
  assert.ok(!details.includes('Nghiêm trọng'), 'no Vietnamese severity');
  await page.goto(`${url}/network`);
  await until(async () => (await page.locator('main h1').textContent()) === 'Network', 'the network page in English');
  assert.equal(await page.getByRole('button', { name: 'Chuyển sang Tiếng Việt' }).textContent(), 'Tiếng Việt');
  // Nothing failed on the pages (a missing favicon aside).
  assert.deepEqual(page.problems.filter((problem) => !/Failed to load resource/.test(problem)), []);
  await page.context().close();
});

// How far the page scrolls past the window's right edge, and what reaches there (some of it
// may be inside a box that scrolls on its own, as a wide table does).
async function sideScroll(page) {
  return page.evaluate(() => {
    const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('main *, header *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5).map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    return { overflow, wide };
  });
}

test('large mode toggles and stays; a phone-sized window scrolls no page sideways', async () => {
  const url = federation.urls['bac-giang'];
  const page = await officerPage(browser, url, 'bg-kiem-lam', password);
  await page.goto(`${url}/inbox`);
  const rootSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await rootSize();
  await page.getByLabel('Chữ lớn').check();
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('large')));
  assert.ok(await rootSize() > normal * 1.3, 'the text is larger');
  await page.reload();
  await page.locator('main h1').waitFor();
  assert.ok(await page.getByLabel('Chữ lớn').isChecked(), 'still on after a reload');
  await page.goto(`${url}/network`);
  await page.locator('main h1').waitFor();
  assert.ok(await rootSize() > normal * 1.3, 'and on another page');
  await page.getByLabel('Chữ lớn').uncheck();
  await page.reload();
  await page.locator('main h1').waitFor();
  assert.equal(await rootSize(), normal);
  await page.context().close();

  const food = postAlert(federation, 'hai-duong', 'unsafe-food',
    { title: 'Lô chả lụa nhiễm hàn the phân phối tới nhiều chợ đầu mối của tỉnh Bắc Giang' });
  await arrived('bac-giang', 'bg-qlcl', food);
  const phone = await officerPage(browser, url, 'bg-qlcl', password, { viewport: { width: 390, height: 844 } });
  for (const path of ['/inbox', `/alerts/${food}`, '/post/unsafe-food']) {
    await phone.goto(`${url}${path}`);
    await phone.locator('main h1').first().waitFor();
    if (path === '/inbox') await caseEntry(phone, food).waitFor();
    else await phone.waitForTimeout(300);
    for (const large of [false, true]) {
      await phone.getByLabel('Chữ lớn').setChecked(large);
      const { overflow, wide } = await sideScroll(phone);
      assert.equal(overflow, 0, `${path}${large ? ' (large)' : ''}: ${wide.join(', ')}`);
    }
    await phone.getByLabel('Chữ lớn').uncheck();
  }
  await phone.context().close();
});

// A page of `user` whose window.Notification records each notification shown, with the
// permission granted, and whose AudioContext counts the tones it plays; `optIn` ticks the
// header's sound and notifications box.
async function notifiedPage(url, user, optIn) {
  const page = await officerPage(browser, url, user, password);
  await page.context().grantPermissions(['notifications'], { origin: url });
  await page.context().addInitScript(() => {
    window.shownNotifications = [];
    class RecordedNotification extends EventTarget {
      constructor(title, options = {}) {
        super();
        window.shownNotifications.push({ title, body: options.body, tag: options.tag });
      }

      close() {}

      static get permission() { return 'granted'; }

      static requestPermission() { return Promise.resolve('granted'); }
    }
    window.Notification = RecordedNotification;
    window.tonesPlayed = 0;
    const node = () => ({ connect: (next) => next });
    window.AudioContext = class RecordedAudio {
      constructor() { Object.assign(this, { state: 'running', currentTime: 0, destination: node() }); }

      resume() { return Promise.resolve(); }

      createGain() {
        return { ...node(), gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} } };
      }

      createOscillator() {
        return { ...node(), frequency: {}, start: () => { window.tonesPlayed += 1; }, stop() {} };
      }
    };
  });
  await page.goto(`${url}/inbox`);
  await page.locator('main h1').waitFor();
  if (optIn) await page.getByLabel('Chuông và thông báo').check();
  return page;
}

test('a severe alert of my kinds rings and is notified once when I opted in, and nothing else does', async () => {
  const url = federation.urls['bac-giang'];
  const optedIn = await notifiedPage(url, 'bg-cnty', true);
  const quiet = await notifiedPage(url, 'bg-cnty', false);
  const shown = (page) => page.evaluate(() => window.shownNotifications);
  const severe = postAlert(federation, 'hai-duong', 'animal-disease',
    { title: 'Dịch tả lợn châu Phi tái phát ở Ninh Giang' });
  const moderate = postAlert(federation, 'hai-duong', 'animal-disease',
    { title: 'Bệnh tai xanh ở Cẩm Giàng', severity: 'MODERATE' });
  const otherKind = postAlert(federation, 'hai-duong', 'unsafe-food', { title: 'Bánh phở chứa chất tẩy trắng' });
  for (const reference of [severe, moderate, otherKind]) {
    await caseEntry(optedIn, reference).waitFor({ timeout: 30000 });
    await caseEntry(quiet, reference).waitFor({ timeout: 30000 });
  }
  // The case changes again as the other nodes receive it: still one notification.
  await optedIn.waitForTimeout(2000);
  const notes = await shown(optedIn);
  assert.equal(notes.length, 1, JSON.stringify(notes));
  assert.equal(notes[0].tag, severe);
  assert.match(notes[0].title, /Nghiêm trọng/);
  assert.match(notes[0].body, /Ninh Giang/);
  assert.deepEqual(await shown(quiet), []);
  // The sound: one beep (two tones) with the notification, none on the quiet page.
  assert.equal(await optedIn.evaluate(() => window.tonesPlayed), 2);
  assert.equal(await quiet.evaluate(() => window.tonesPlayed), 0);
  await optedIn.context().close();
  await quiet.context().close();
});

// Every table of a report, row by row, as text: the figures, not the layout.
async function reportTables(page) {
  return page.evaluate(() => [...document.querySelectorAll('table')].map((table) =>
    [...table.rows].map((row) => [...row.cells].map((cell) => cell.textContent.trim()))));
}

test('the reports page shows the figures of alertctl report for the same period', async () => {
  postAlert(federation, 'bac-giang', 'animal-disease', { title: 'Dịch tả lợn châu Phi ở Lạng Giang' });
  const reference = postAlert(federation, 'hai-duong', 'animal-disease', { title: 'Cúm gia cầm ở Tứ Kỳ' });
  await arrived('bac-giang', 'bg-cnty', reference);
  const url = federation.urls['bac-giang'];
  const page = await officerPage(browser, url, 'bg-cnty', password);
  for (const scope of ['unit', 'network']) {
    await page.goto(`${url}/reports?scope=${scope}`);
    const period = await until(async () => new URL(page.url()).searchParams.get('period'), 'the period in the address');
    const [tab] = await Promise.all([page.context().waitForEvent('page'),
      page.getByRole('link', { name: /^Xem báo cáo/ }).click()]);
    await tab.waitForLoadState();
    const shown = await reportTables(tab);
    await tab.close();
    const args = ['report', '--period', period, '--format', 'html'];
    if (scope === 'unit') args.push('--unit', 'bac-giang/cnty');
    const html = federation.alertctl('bac-giang', 'bac-giang/cnty', args);
    const printed = await browser.newPage();
    await printed.setContent(html);
    const expected = await reportTables(printed);
    await printed.close();
    assert.ok(expected.length > 3, `the report has tables (${expected.length})`);
    assert.deepEqual(withoutTimes(shown), withoutTimes(expected), scope);
  }
  await page.context().close();
});

// The report's tables less the cells that say when it was made (to the minute).
function withoutTimes(tables) {
  return tables.map((rows) => rows.filter((cells) => !cells.some((cell) => /lập lúc|made at/i.test(cell))));
}

test('exports: CSV of the filtered view, GeoJSON with the geometry, CAP 1.2 of one alert', async () => {
  const tag = `xuat${Date.now()}`;
  const risky = ['=HYPERLINK("http://x.invalid","y")', '+84 912 345 678', '-1+2', '@SUM(A1)'];
  const references = risky.map((start) => postAlert(federation, 'quang-ninh', 'unsafe-food',
    { title: `${start} ${tag}` }));
  const fire = postAlert(federation, 'quang-ninh', 'forest-fire', { title: `Cháy rừng ở Ba Chẽ ${tag}` });
  postAlert(federation, 'quang-ninh', 'unsafe-food', { title: 'Nước mắm giả nhãn hiệu' });
  const url = federation.urls['bac-giang'];
  const session = await login(url, 'bg-qlcl', password);
  await until(async () => (await session.getJson(`/api/cases?q=${tag}`)).cases.length === 5, 'the five alerts at Bắc Giang', 30000);
  const page = await officerPage(browser, url, 'bg-qlcl', password);

  await page.goto(`${url}/inbox?kind=unsafe-food&q=${tag}`);
  await caseEntry(page, references[0]).waitFor();
  const csv = await download(page, page.getByRole('link', { name: 'Tải CSV' }));
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark');
  const [header, ...rows] = parseCsv(csv.bytes.subarray(3).toString('utf8'));
  for (const name of ['Số hiệu', 'Loại cảnh báo', 'Mức độ nghiêm trọng', 'Tiêu đề', 'Tỉnh phát']) {
    assert.ok(header.includes(name), name);
  }
  const column = (name) => header.indexOf(name);
  assert.deepEqual(rows.map((row) => row[column('Số hiệu')]).sort(), [...references].sort(), 'only the filtered cases');
  for (const row of rows) {
    const title = row[column('Tiêu đề')];
    assert.ok(title.startsWith("'") && risky.some((start) => title === `'${start} ${tag}`), title);
    assert.equal(row[column('Loại cảnh báo')], 'Thực phẩm không bảo đảm an toàn');
  }

  await page.goto(`${url}/inbox?kind=forest-fire&q=${tag}`);
  await caseEntry(page, fire).waitFor();
  const geojson = JSON.parse((await download(page, page.getByRole('link', { name: 'Tải GeoJSON' }))).bytes);
  assert.equal(geojson.type, 'FeatureCollection');
  assert.equal(geojson.features.length, 1);
  const [feature] = geojson.features;
  assert.equal(feature.type, 'Feature');
  assert.equal(feature.properties.reference, fire);
  assert.deepEqual(feature.geometry, { type: 'Point', coordinates: [106.39, 21.29] });

  await page.goto(`${url}/alerts/${fire}`);
  const cap = await download(page, page.getByRole('link', { name: /Tải bản CAP/ }));
  const file = join(federation.run, cap.name);
  writeFileSync(file, cap.bytes);
  // xmllint parses it and checks it against OASIS's schema of CAP 1.2.
  execFileSync('xmllint', ['--noout', '--nonet', '--schema',
    join(root, 'tests/support/cap/CAP-v1.2.xsd'), file], { stdio: ['ignore', 'ignore', 'pipe'] });
  const xml = cap.bytes.toString('utf8');
  assert.match(xml, /<alert xmlns="urn:oasis:names:tc:emergency:cap:1\.2"/);
  assert.match(xml, /<severity>Extreme<\/severity>/);
  assert.ok(xml.includes(tag));
  await page.context().close();
});

test('over TLS the dashboard serves HTTPS and its session cookie is Secure, HttpOnly, SameSite=Strict', async () => {
  const certificate = selfSignedCertificate(join(federation.run, 'tls'));
  const dashboard = await startTlsDashboard(federation, 'bac-giang', certificate);
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'vi-VN' });
  try {
    assert.match(dashboard.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const setCookie = await new Promise((done, fail) => {
      const request = https.request(`${dashboard.url}/api/login`, {
        method: 'POST', ca: readFileSync(certificate.cert), headers: { 'Content-Type': 'application/json' },
      }, (response) => {
        response.resume();
        done(response.statusCode === 200 ? response.headers['set-cookie'] : `status ${response.statusCode}`);
      });
      request.on('error', fail);
      request.end(JSON.stringify({ user: 'bg-cnty', password }));
    });
    const session = String(setCookie).split(/;\s*/);
    for (const attribute of ['Secure', 'HttpOnly', 'SameSite=Strict']) assert.ok(session.includes(attribute), `${attribute}: ${setCookie}`);
    // An action must come from this HTTPS origin: the same host over plain HTTP is another
    // origin, refused even with the right token.
    const request = (method, path, headers = {}, body = undefined) => new Promise((done, fail) => {
      const sent = https.request(`${dashboard.url}${path}`, {
        method, ca: readFileSync(certificate.cert), headers: { Cookie: session[0], ...headers },
      }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => { text += chunk; });
        response.on('end', () => done({ status: response.statusCode, text }));
      });
      sent.on('error', fail);
      sent.end(body);
    });
    const me = JSON.parse((await request('GET', '/api/me')).text);
    const host = new URL(dashboard.url).host;
    const logout = (origin) => request('POST', '/api/logout',
      { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf, Origin: origin }, '{}');
    assert.equal((await logout(`http://${host}`)).status, 403);
    assert.equal((await request('GET', '/api/me')).status, 200, 'the refused logout changed nothing');
    assert.equal((await logout(`https://${host}`)).status, 204);
    assert.equal((await request('GET', '/api/me')).status, 401);
    // Plain HTTP on the same port is not served.
    await assert.rejects(fetch(dashboard.url.replace('https:', 'http:') + '/login'));

    const page = await context.newPage();
    await page.goto(`${dashboard.url}/login`);
    await page.getByLabel(/Tên đăng nhập/).fill('bg-cnty');
    await page.getByLabel(/Mật khẩu/).fill(password);
    await page.getByRole('button', { name: /Đăng nhập/ }).click();
    await page.waitForURL((target) => !target.pathname.startsWith('/login'));
    await page.locator('main h1').waitFor();
    const cookie = (await context.cookies()).find((item) => item.name === 'alertbus_session');
    assert.deepEqual([cookie.secure, cookie.httpOnly, cookie.sameSite], [true, true, 'Strict']);
    assert.equal(await page.locator('.officer-name').textContent(), 'Nguyễn Văn An');
  } finally {
    await context.close();
    await dashboard.stop();
  }
});

test('every page has no serious or critical accessibility violation in English and large mode', async () => {
  const reference = postAlert(federation, 'hai-duong', 'unsafe-food', { title: 'Thịt trâu nhập lậu không rõ nguồn gốc' });
  await arrived('bac-giang', 'bg-qlcl', reference);
  const url = federation.urls['bac-giang'];
  const page = await officerPage(browser, url, 'bg-qlcl', password);
  const pages = ['/inbox', `/alerts/${reference}`, '/post', '/post/unsafe-food', '/map', '/network', '/reports'];
  const check = async (mode, paths) => {
    for (const path of paths) {
      await page.goto(`${url}${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForTimeout(300);
      assert.deepEqual(await accessibilityProblems(page), [], `${path} (${mode})`);
    }
  };
  // In Vietnamese, the pages acting.test.mjs does not check.
  await check('Vietnamese', ['/post', '/reports']);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByLabel('Large text').check();
  await check('English, large', pages);
  await page.context().clearCookies();
  await page.goto(`${url}/login`);
  await page.locator('main h1').first().waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('large')));
  assert.deepEqual(await accessibilityProblems(page), [], '/login (English, large)');
  assert.deepEqual(page.problems.filter((problem) => /Content Security Policy/.test(problem)), []);
  await page.context().close();
});
