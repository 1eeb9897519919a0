// Officers acting from their pages: acknowledging, posting with the form, filtering, the
// network banner, and an accessibility check of each main page (issue 14). The map is
// map.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Federation, password, waitFor } from './federation.mjs';
import { officerPage, accessibilityProblems } from './browser.mjs';
import { useFederation, until } from './setup.mjs';
import { login } from './http.mjs';
import { postAlert } from './alerts.mjs';

const federation = new Federation();
let browser;
useFederation(federation, (launched) => { browser = launched; });

test('acknowledging from the page stores the follow-up and the origin sees it', async () => {
  const reference = postAlert(federation, 'bac-giang', 'animal-disease',
    { title: 'Dịch tả lợn châu Phi ở Yên Dũng' });
  const url = federation.urls['hai-duong'];
  const page = await officerPage(browser, url, 'hd-cnty', password);
  await until(async () => (await fetchStatus(url, page, reference)) === 200, 'the alert at Hải Dương');
  await page.goto(`${url}/alerts/${reference}`);
  await page.getByRole('button', { name: /^Xác nhận/ }).first().click();
  await page.locator('.action-form textarea').fill('Đã nhận, đang giám sát các chợ đầu mối');
  await page.locator('.action-form button[type=submit]').click();
  const origin = await login(federation.urls['bac-giang'], 'bg-cnty', password);
  const seen = await until(async () => {
    const response = await origin.get(`/api/alerts/${reference}`);
    const body = response.status === 200 ? await response.json() : null;
    const receiver = body?.case.receivers.find((item) => item.node.id === 'hai-duong');
    return receiver?.acknowledged_at ? body : null;
  }, "Bắc Giang sees Hải Dương's acknowledgement", 30000);
  const entry = seen.timeline.find((item) => item.type.name === 'acknowledge');
  assert.ok(entry, 'the follow-up is in the timeline');
  assert.match(entry.officer, /Hoàng Văn Hải/);
  assert.match(entry.text, /đang giám sát/);
  const originPage = await officerPage(browser, federation.urls['bac-giang'], 'bg-cnty', password);
  await originPage.goto(`${federation.urls['bac-giang']}/alerts/${reference}`);
  await originPage.getByText('Hoàng Văn Hải').first().waitFor();
  await page.context().close();
  await originPage.context().close();
});

async function fetchStatus(url, page, reference) {
  const cookies = await page.context().cookies();
  const cookie = cookies.map((item) => `${item.name}=${item.value}`).join('; ');
  return (await fetch(`${url}/api/alerts/${reference}`, { headers: { Cookie: cookie } })).status;
}

test('an alert posted with the form at Bắc Giang reaches Hải Dương; a mistake is shown at its field', async () => {
  const url = federation.urls['bac-giang'];
  const page = await officerPage(browser, url, 'bg-cnty', password);
  await page.goto(`${url}/post/animal-disease`);
  const titleField = page.getByLabel(/^Tiêu đề/);
  await titleField.waitFor();
  // Sent without a title, past the browser's own check of required fields: the server's
  // rule comes back next to the title.
  await page.locator('main form').first().evaluate((form) => { form.noValidate = true; });
  await page.getByRole('button', { name: /^Đăng cảnh báo|^Gửi/ }).click();
  await until(async () => (await titleField.getAttribute('aria-invalid')) === 'true', 'the title marked');
  const describedBy = await titleField.getAttribute('aria-describedby');
  const message = await page.locator(`[id="${describedBy.split(' ')[0]}"]`).textContent();
  assert.ok(message.trim().length > 0, 'a message next to the title');
  const title = `Bệnh dại trên chó ở Hiệp Hòa ${Date.now()}`;
  await titleField.fill(title);
  await page.getByLabel(/^Mức độ nghiêm trọng/).selectOption({ index: 3 });
  await fillRequired(page);
  await page.getByRole('button', { name: /^Đăng cảnh báo|^Gửi/ }).click();
  await page.waitForURL(/\/alerts\/BG-/, { timeout: 20000 });
  const reference = page.url().split('/alerts/')[1];
  const there = await login(federation.urls['hai-duong'], 'hd-cnty', password);
  await until(async () => (await there.get(`/api/alerts/${reference}`)).status === 200,
    'the alert at Hải Dương', 30000);
  const hdPage = await officerPage(browser, federation.urls['hai-duong'], 'hd-cnty', password);
  await hdPage.goto(`${federation.urls['hai-duong']}/inbox`);
  await hdPage.locator('.case', { hasText: title }).first().waitFor();
  await page.context().close();
  await hdPage.context().close();
});

// The fields the animal disease form requires beyond title and severity: places in Bắc
// Giang (the unit's own province), the first choice elsewhere, a date (dd/mm/yyyy), a
// commune's 5-digit code, a word.
async function fillRequired(page) {
  for (const field of await page.locator('[required], [aria-required=true]').all()) {
    if (await field.inputValue() !== '') continue;
    const tag = await field.evaluate((element) => element.tagName);
    const format = await field.getAttribute('data-format');
    const type = await field.getAttribute('type');
    if (tag === 'SELECT') {
      const labels = await field.locator('option').allTextContents();
      const bacGiang = labels.find((label) => /^Bắc Giang/.test(label));
      if (bacGiang) await field.selectOption({ label: bacGiang });
      else await field.selectOption({ index: 1 });
    } else if (format === 'dd/mm/yyyy') await field.fill('01/12/2026');
    else if (format === 'HH:mm') await field.fill('08:00');
    else if (await field.evaluate((element) => element.classList.contains('commune-code'))) await field.fill('07360');
    else if (type === 'number') await field.fill('1');
    else await field.fill('Bệnh dại');
  }
}

test('filters narrow the list and survive a reload', async () => {
  const pest = postAlert(federation, 'quang-ninh', 'crop-pest', { title: 'Sâu keo mùa thu ở Tiên Yên' });
  const disease = postAlert(federation, 'quang-ninh', 'animal-disease', { title: 'Cúm gia cầm ở Vân Đồn' });
  const url = federation.urls['bac-giang'];
  const page = await officerPage(browser, url, 'bg-bvtv', password);
  await page.goto(`${url}/inbox`);
  await page.locator('.case', { hasText: disease }).first().waitFor({ timeout: 20000 });
  await page.getByRole('group', { name: 'Loại cảnh báo' }).getByLabel('Sinh vật gây hại cây trồng').check();
  await until(async () => new URL(page.url()).searchParams.get('kind') === 'crop-pest', 'kind in the URL');
  await page.locator('.case', { hasText: pest }).first().waitFor();
  await until(async () => (await page.locator('.case', { hasText: disease }).count()) === 0,
    'the other kind gone');
  await page.reload();
  await page.locator('.case', { hasText: pest }).first().waitFor();
  assert.equal(await page.locator('.case', { hasText: disease }).count(), 0);
  assert.equal(new URL(page.url()).searchParams.get('kind'), 'crop-pest');
  await page.context().close();
});

test('a link cut between two nodes shows the banner, and it clears when the link returns', async () => {
  const url = federation.urls['bac-giang'];
  const page = await officerPage(browser, url, 'bg-cnty', password);
  await page.goto(`${url}/network`);
  const banner = page.locator('#banner, .banner').first();
  federation.pauseBroker('quang-ninh');
  try {
    await until(async () => (await banner.isVisible()) &&
      (await banner.textContent()).includes('Quảng Ninh'), 'the banner names Quảng Ninh', 40000);
  } finally {
    federation.resumeBroker('quang-ninh');
  }
  await until(async () => !(await banner.isVisible()), 'the banner cleared', 40000);
  await page.context().close();
});

test('each main page has no serious or critical accessibility violation', async () => {
  const reference = postAlert(federation, 'bac-giang', 'unsafe-food', { title: 'Thịt lợn không rõ nguồn gốc' });
  const url = federation.urls['bac-giang'];
  const page = await officerPage(browser, url, 'bg-qlcl', password);
  for (const path of ['/inbox', `/alerts/${reference}`, '/post/unsafe-food', '/network', '/map']) {
    await page.goto(`${url}${path}`);
    await page.locator('main h1').first().waitFor();
    await page.waitForTimeout(300);
    assert.deepEqual(await accessibilityProblems(page), [], path);
  }
  await page.context().clearCookies();
  await page.goto(`${url}/login`);
  await page.locator('main h1').first().waitFor();
  assert.deepEqual(await accessibilityProblems(page), [], '/login');
  assert.deepEqual(page.problems.filter((problem) => /Content Security Policy/.test(problem)), []);
  await page.context().close();
});
