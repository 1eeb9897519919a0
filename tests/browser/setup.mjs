// What the browser test files share: one federation and one Chromium per file, and waiting
// for a condition an asynchronous check reports.
import { before, after } from 'node:test';
import { launch } from './browser.mjs';

/** Starts `federation` and a browser before the file's tests (handing the browser to
 *  `onBrowser`) and stops both after them. */
export function useFederation(federation, onBrowser) {
  let browser;
  before(async () => {
    await federation.start();
    browser = await launch();
    onBrowser(browser);
  });
  after(async () => {
    await browser?.close();
    await federation.stop();
  });
}

/** Calls the asynchronous `check` until it answers something truthy, and returns that;
 *  throws "timed out: `what`" after `timeoutMs`. */
export async function until(check, what, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}
