// Debian's Chromium driven by playwright-core (headless, no sandbox: the tests run as root),
// one browser context per officer, with what a page must never do recorded: a dialog opened
// (an injected alert(1) that ran), a console error, a CSP violation.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export async function launch() {
  return chromium.launch({
    executablePath: process.env.ALERTBUS_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
}

// A logged-in page of `user` at `url`; page.problems lists what went wrong on it.
// `locale` and `timezoneId` are the browser's own (the pages must not depend on them).
export async function officerPage(browser, url, user, password,
  { viewport, locale = 'vi-VN', timezoneId = 'Asia/Ho_Chi_Minh' } = {}) {
  const context = await browser.newContext({
    viewport: viewport || { width: 1280, height: 900 }, locale, timezoneId,
  });
  const page = await context.newPage();
  page.problems = [];
  page.dialogs = [];
  page.on('dialog', async (dialog) => {
    page.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(message.text());
  });
  page.on('pageerror', (error) => page.problems.push(String(error)));
  await page.goto(`${url}/login`);
  await page.getByLabel(/Tên đăng nhập/).fill(user);
  await page.getByLabel(/Mật khẩu/).fill(password);
  await page.getByRole('button', { name: /Đăng nhập/ }).click();
  await page.waitForURL((target) => !target.pathname.startsWith('/login'));
  return page;
}

// axe-core's serious and critical violations on the page as it is now.
export async function accessibilityProblems(page) {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const result = await page.evaluate(async () => window.axe.run(document, {
    resultTypes: ['violations'],
  }));
  return result.violations
    .filter((violation) => ['serious', 'critical'].includes(violation.impact))
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes
      .map((node) => node.target.join(' ')).slice(0, 3).join('; ')})`);
}
