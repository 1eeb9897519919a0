// The post form's dates, times and communes (issue 14): typed the Vietnamese way (dd/mm/yyyy,
// 24-hour HH:mm, Vietnam time) in a browser whose own locale and time zone are others; a
// date that does not exist refused at its field in both languages; the commune typed (code
// and name) and a province's code refused there by the page and by the server; the filters'
// dates; no serious accessibility violation on the forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Federation, password, root } from './federation.mjs';
import { officerPage, accessibilityProblems } from './browser.mjs';
import { useFederation, until } from './setup.mjs';
import { login } from './http.mjs';

const federation = new Federation();
let browser;
useFederation(federation, (launched) => { browser = launched; });

const pad = (n) => String(n).padStart(2, '0');

// The day `daysAhead` from today in Vietnam, as dd/mm/yyyy.
function vietnamDay(daysAhead) {
  const day = new Date(Date.now() + 7 * 3600 * 1000 + daysAhead * 86400 * 1000);
  return `${pad(day.getUTCDate())}/${pad(day.getUTCMonth() + 1)}/${day.getUTCFullYear()}`;
}

// A browser in New York, in English: what the pages show must not follow it.
const elsewhere = { locale: 'en-US', timezoneId: 'America/New_York' };

// The animal-disease form with what it requires, the commune typed; `expires` {date, time}.
async function fillAnimalDisease(page, title, { expires, communeCode = '07360' } = {}) {
  await page.getByLabel(/^Tiêu đề/).fill(title);
  await page.getByLabel(/^Mức độ nghiêm trọng/).selectOption({ index: 3 });
  if (expires) {
    const group = page.locator('[data-path="expires"]');
    await group.getByLabel('Ngày', { exact: true }).fill(expires.date);
    await group.getByLabel('Giờ', { exact: true }).fill(expires.time);
  }
  const commune = page.locator('[data-path="animal_disease.outbreaks[0].commune"]').first();
  const province = commune.locator('select');
  const labels = await province.locator('option').allTextContents();
  await province.selectOption({ label: labels.find((label) => /^Bắc Giang/.test(label)) });
  await commune.getByLabel(/^Tên xã/).fill('xã Lục Ngạn');
  await commune.getByLabel(/^Mã xã/).fill(communeCode);
  for (const field of await page.locator('[aria-required=true]').all()) {
    if (await field.inputValue() !== '') continue;
    const tag = await field.evaluate((element) => element.tagName);
    const format = await field.getAttribute('data-format');
    if (tag === 'SELECT') {
      // Places in Bắc Giang, the unit's own province; the first choice elsewhere.
      const options = await field.locator('option').allTextContents();
      const bacGiang = options.find((label) => /^Bắc Giang/.test(label));
      await field.selectOption(bacGiang ? { label: bacGiang } : { index: 1 });
    }
    else if (format === 'dd/mm/yyyy') await field.fill(vietnamDay(-2));
    else if (format === 'HH:mm') await field.fill('08:00');
    else if ((await field.getAttribute('inputmode')) === 'numeric' || (await field.getAttribute('inputmode')) === 'decimal') await field.fill('1');
    else await field.fill('Bệnh dại');
  }
}

const submit = (page) => page.getByRole('button', { name: /^Đăng cảnh báo|^Post the alert/ }).click();

// The text of the error an input is described by (its last aria-describedby id).
async function errorOf(page, input) {
  await until(async () => (await input.getAttribute('aria-invalid')) === 'true', 'the field marked');
  const ids = (await input.getAttribute('aria-describedby')).split(' ');
  return (await page.locator(`[id="${ids[ids.length - 1]}"]`).textContent()).trim();
}

test('a time typed dd/mm/yyyy HH:mm in a New York browser is that Vietnam time on the alert page', async () => {
  const url = federation.urls['bac-giang'];
  const page = await officerPage(browser, url, 'bg-cnty', password, elsewhere);
  await page.goto(`${url}/post/animal-disease`);
  await page.getByLabel(/^Tiêu đề/).waitFor();
  const group = page.locator('[data-path="expires"]');
  // The format and the time zone are said beside the field, and tied to its inputs.
  const dateInput = group.getByLabel('Ngày', { exact: true });
  assert.equal(await dateInput.getAttribute('type'), 'text');
  assert.equal(await dateInput.getAttribute('placeholder'), 'dd/mm/yyyy');
  const described = (await dateInput.getAttribute('aria-describedby')).split(' ');
  const hints = await Promise.all(described.map((id) => page.locator(`[id="${id}"]`).textContent()));
  assert.ok(hints.some((text) => /ngày\/tháng\/năm/.test(text)), hints.join(' | '));
  assert.ok(hints.some((text) => /Giờ Việt Nam \(UTC\+07:00, Asia\/Ho_Chi_Minh\)/.test(text)), hints.join(' | '));

  const day = vietnamDay(3);
  const title = `Dại trên chó, hết hiệu lực ${day} 14:30 (${Date.now()})`;
  await fillAnimalDisease(page, title, { expires: { date: day, time: '14:30' } });
  await submit(page);
  await page.waitForURL(/\/alerts\/BG-/, { timeout: 20000 });
  const reference = decodeURIComponent(page.url().split('/alerts/')[1]);
  await page.locator('main h1', { hasText: 'Dại trên chó' }).waitFor();
  const main = await page.locator('main').textContent();
  assert.ok(main.includes(`${day} 14:30`), `the page shows ${day} 14:30`);
  assert.match(main, /giờ Việt Nam \(UTC\+07:00\)/);
  // The commune as typed, with the province's scheme.
  assert.ok(main.includes('xã Lục Ngạn (07360, VN-2004)'), 'the commune on the page');

  // Stored as that instant, RFC 3339 in Vietnam time in the alert's CAP export.
  const session = await login(url, 'bg-cnty', password);
  const cap = await (await session.get(`/api/alerts/${encodeURIComponent(reference)}/cap.xml`)).text();
  const [dd, mm, yyyy] = day.split('/');
  assert.ok(cap.includes(`<expires>${yyyy}-${mm}-${dd}T14:30:00+07:00</expires>`), 'expires in the CAP');
  // No script error (a resource the browser asks for itself, such as an icon, may be absent).
  assert.deepEqual(page.problems.filter((problem) => !/^Failed to load resource/.test(problem)), []);
  await page.context().close();
});

test('a date that does not exist is refused at its field, in Vietnamese and in English', async () => {
  const url = federation.urls['bac-giang'];
  const page = await officerPage(browser, url, 'bg-cnty', password, elsewhere);
  const posts = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/alerts')) posts.push(request.url());
  });
  await page.goto(`${url}/post/animal-disease`);
  await page.getByLabel(/^Tiêu đề/).waitFor();
  await fillAnimalDisease(page, 'Ngày không có thật', { expires: { date: '31/02/2026', time: '10:00' } });
  await submit(page);
  const dateInput = page.locator('[data-path="expires"] input[data-format="dd/mm/yyyy"]');
  const message = await errorOf(page, dateInput);
  assert.match(message, /31\/02\/2026 không có thật: tháng 2\/2026 chỉ có 28 ngày/);
  assert.equal(await dateInput.evaluate((element) => element === document.activeElement), true, 'focus on the date');
  assert.match(await page.locator('.form-summary').textContent(), /1 ô chưa đúng/);
  assert.deepEqual(posts, [], 'nothing sent');
  assert.match(page.url(), /\/post\/animal-disease$/);
  // Corrected, the error goes when the field is left.
  await dateInput.fill('28/02/2026');
  await dateInput.press('Tab');
  await until(async () => (await dateInput.getAttribute('aria-invalid')) === null, 'the error cleared');

  await page.evaluate(() => localStorage.setItem('alertbus.lang', 'en'));
  await page.reload();
  await page.getByLabel(/^Title/).waitFor();
  const group = page.locator('[data-path="expires"]');
  await group.getByLabel('Date', { exact: true }).fill('29/02/2027');
  await group.getByLabel('Time', { exact: true }).fill('25:00');
  await submit(page);
  const english = await errorOf(page, group.locator('input[data-format="dd/mm/yyyy"]'));
  assert.match(english, /29\/02\/2027 is not a real date: month 2 of 2027 has only 28 days/);
  assert.deepEqual(posts, [], 'nothing sent');
  await page.context().close();
});

test("the commune is typed, and a province's code there is refused by the page and the server", async () => {
  const url = federation.urls['bac-giang'];
  const page = await officerPage(browser, url, 'bg-cnty', password);
  await page.goto(`${url}/post/animal-disease`);
  await page.getByLabel(/^Tiêu đề/).waitFor();
  const commune = page.locator('[data-path="animal_disease.outbreaks[0].commune"]').first();
  // A province list, a name and a code: not a province list alone.
  assert.equal(await commune.locator('select').count(), 1);
  assert.equal(await commune.getByLabel(/^Tên xã/).count(), 1);
  await fillAnimalDisease(page, 'Mã tỉnh trong ô xã', { communeCode: '24' });
  await submit(page);
  const message = await errorOf(page, commune.getByLabel(/^Mã xã/));
  assert.match(message, /Mã xã «24» phải gồm đúng 5 chữ số/);
  assert.match(page.url(), /\/post\/animal-disease$/);

  // What another client would send: the server refuses it and names the field.
  const document = JSON.parse(readFileSync(join(root, 'deploy/samples/animal-disease.json'), 'utf8'));
  document.animal_disease.outbreaks[0].commune = { code: '24', scheme: 'VN-2004', name: 'Bắc Giang' };
  const session = await login(url, 'bg-cnty', password);
  const response = await session.post('/api/alerts', document);
  assert.equal(response.status, 422);
  const body = await response.json();
  const error = body.errors.find((e) => e.field === 'animal_disease.outbreaks[0].commune.code');
  assert.ok(error, JSON.stringify(body.errors));
  assert.match(error.message, /không phải mã xã: mã xã gồm 5 chữ số/);
  assert.match(error.message_en, /is not a commune's code/);
  await page.context().close();
});

test('the filters take dd/mm/yyyy dates and refuse one that does not exist', async () => {
  const url = federation.urls['bac-giang'];
  const page = await officerPage(browser, url, 'bg-cnty', password, elsewhere);
  await page.goto(`${url}/inbox`);
  const from = page.getByLabel('Từ ngày');
  await from.waitFor();
  assert.equal(await from.getAttribute('type'), 'text');
  await from.fill('1/12/2026');
  await from.press('Tab');
  await until(async () => new URL(page.url()).searchParams.get('from') === '2026-12-01', 'from in the URL');
  await page.reload();
  assert.equal(await page.getByLabel('Từ ngày').inputValue(), '01/12/2026');
  const untilField = page.getByLabel('Đến ngày');
  await untilField.fill('31/11/2026');
  await untilField.press('Tab');
  assert.match(await errorOf(page, untilField), /31\/11\/2026 không có thật: tháng 11\/2026 chỉ có 30 ngày/);
  assert.equal(new URL(page.url()).searchParams.get('until'), null);
  assert.equal(new URL(page.url()).searchParams.get('from'), '2026-12-01');
  assert.deepEqual(await accessibilityProblems(page), [], '/inbox with a wrong date');
  await page.context().close();
});

test('the forms with dates, times and communes have no serious accessibility violation', async () => {
  const url = federation.urls['bac-giang'];
  for (const [user, kind] of [['bg-cnty', 'animal-disease'], ['bg-kiem-lam', 'forest-fire']]) {
    const page = await officerPage(browser, url, user, password);
    await page.goto(`${url}/post/${kind}`);
    await page.locator('main h1').first().waitFor();
    await page.locator('[data-path="expires"]').waitFor();
    assert.deepEqual(await accessibilityProblems(page), [], kind);
    // With errors shown.
    const group = page.locator('[data-path="expires"]');
    await group.locator('input[data-format="dd/mm/yyyy"]').fill('31/02/2026');
    await group.locator('input[data-format="HH:mm"]').fill('10:00');
    await submit(page);
    await errorOf(page, group.locator('input[data-format="dd/mm/yyyy"]'));
    assert.deepEqual(await accessibilityProblems(page), [], `${kind} with an error`);
    await page.context().close();
  }
});
