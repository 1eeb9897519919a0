// The README's pictures of the dashboard: a federation with the four sample alerts and an
// acknowledgement, photographed as a Bắc Giang veterinary officer sees it (docs/screenshots).
// Usage: node tests/browser/screenshots.mjs   (after a build; ALERTBUS_BUILD as for the tests)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Federation, password, root } from './federation.mjs';
import { launch, officerPage } from './browser.mjs';
import { login } from './http.mjs';
import { postAlert } from './alerts.mjs';

const out = join(root, 'docs/screenshots');
mkdirSync(out, { recursive: true });
const federation = new Federation();
const browser = await launch();
try {
  await federation.start();
  const disease = postAlert(federation, 'hai-duong', 'animal-disease',
    { title: 'Dịch tả lợn châu Phi tại xã Thanh Hồng, huyện Thanh Hà' });
  const fire = postAlert(federation, 'bac-giang', 'forest-fire');
  postAlert(federation, 'hai-duong', 'crop-pest');
  postAlert(federation, 'quang-ninh', 'unsafe-food');
  const url = federation.urls['bac-giang'];
  const officer = await login(url, 'bg-cnty', password);
  for (let i = 0; i < 100; i++) {
    if ((await officer.get(`/api/alerts/${disease}`)).status === 200) break;
    await new Promise((done) => setTimeout(done, 200));
  }
  const quangNinh = await login(federation.urls['quang-ninh'], 'qn-cnty', password);
  for (let i = 0; i < 100; i++) {
    if ((await quangNinh.get(`/api/alerts/${disease}`)).status === 200) break;
    await new Promise((done) => setTimeout(done, 200));
  }
  await quangNinh.post(`/api/alerts/${disease}/actions`,
    { type: 'ack', text: 'Đã nhận, tăng cường kiểm soát vận chuyển lợn qua chốt Đông Triều' });
  await new Promise((done) => setTimeout(done, 3000));
  const page = await officerPage(browser, url, 'bg-cnty', password, { viewport: { width: 1280, height: 900 } });
  const shots = [
    ['inbox', '/inbox', '.case'],
    ['alert', `/alerts/${disease}`, '.province-map'],
    ['post', '/post/animal-disease', 'main form'],
    ['map', '/map', '.province-map [data-reference]'],
    ['network', '/network', 'table'],
  ];
  for (const [name, path, ready] of shots) {
    await page.goto(`${url}${path}`);
    await page.locator(ready).first().waitFor({ state: 'attached', timeout: 20000 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: name === 'alert' || name === 'map' });
    console.error(`${name}.png`);
  }
  const phone = await officerPage(browser, url, 'bg-kiem-lam', password, { viewport: { width: 390, height: 844 } });
  await phone.goto(`${url}/alerts/${fire}`);
  await phone.locator('.province-map').first().waitFor();
  await phone.waitForTimeout(800);
  await phone.screenshot({ path: join(out, 'alert-phone.png') });
} finally {
  await browser.close();
  await federation.stop();
}
