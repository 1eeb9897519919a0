// The dashboard end to end: three real brokers, three real dashboards, Debian's Chromium.
// Each test says what an officer does and what must follow (docs/DASHBOARD.md; issue 14).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Federation, password, waitFor } from './federation.mjs';
import { officerPage, accessibilityProblems } from './browser.mjs';
import { useFederation } from './setup.mjs';
import { login, readEvents } from './http.mjs';
import { postAlert } from './alerts.mjs';

const federation = new Federation();
let browser;
useFederation(federation, (launched) => { browser = launched; });

// The case as a node's dashboard serves it to one of its officers (API, not the page).
async function caseAt(node, user, reference) {
  const session = await login(federation.urls[node], user, password);
  return session.getJson(`/api/alerts/${reference}`);
}

test('every page and every call needs a login', async () => {
  const url = federation.urls['bac-giang'];
  for (const page of ['/', '/inbox', '/map', '/network', '/post/animal-disease', '/alerts/BG-2026-00001']) {
    const response = await fetch(`${url}${page}`, { redirect: 'manual' });
    assert.equal(response.status, 303, page);
    assert.match(response.headers.get('location'), /^\/login\?next=/, page);
  }
  for (const call of ['/api/me', '/api/inbox', '/api/cases', '/api/events', '/api/network',
    '/api/vocabulary', '/api/forms/animal-disease', '/api/export/cases.csv']) {
    const response = await fetch(`${url}${call}`);
    assert.equal(response.status, 401, call);
  }
  const post = await fetch(`${url}/api/alerts`, { method: 'POST', body: '{}' });
  assert.equal(post.status, 401);
  const wrong = await fetch(`${url}/api/login`, { method: 'POST',
    body: JSON.stringify({ user: 'bg-cnty', password: 'not-the-password' }) });
  assert.equal(wrong.status, 401);
  const page = await fetch(`${url}/login`);
  assert.match(page.headers.get('content-security-policy'), /script-src 'self'/);
});

test('an alert posted with alertctl at another node appears in the inbox, with the unread count', async () => {
  const page = await officerPage(browser, federation.urls['bac-giang'], 'bg-cnty', password);
  await page.goto(`${federation.urls['bac-giang']}/inbox`);
  const title = `Cúm gia cầm A/H5N1 tại Thanh Hà ${Date.now()}`;
  const reference = postAlert(federation, 'hai-duong', 'animal-disease', { title });
  const item = page.locator('.case', { hasText: title });
  await item.first().waitFor({ timeout: 20000 });
  assert.match(await item.first().textContent(), new RegExp(reference));
  const unread = Number((await page.locator('.unread-count').textContent()).match(/\d+/)[0]);
  assert.ok(unread >= 1, `unread ${unread}`);
  assert.match(await page.title(), /^\(\d+\)/);
  assert.deepEqual(page.dialogs, []);
  await page.context().close();
});

test('a dashboard restarted while alerts are posted shows all of them afterwards', async () => {
  const url = federation.urls['bac-giang'];
  const page = await officerPage(browser, url, 'bg-cnty', password);
  await page.goto(`${url}/inbox`);
  // The page is up, its live stream open (the header's network state came through it).
  await page.locator('#feed-title').waitFor();
  await page.waitForTimeout(1500);
  await federation.killDashboard('bac-giang');
  const titles = [1, 2, 3].map((n) => `Cháy rừng keo ở Hoành Bồ, đợt ${n} ${Date.now()}`);
  const references = titles.map((title) => postAlert(federation, 'quang-ninh', 'forest-fire', { title }));
  await federation.startDashboard('bac-giang');
  assert.equal(federation.urls['bac-giang'], url, 'the dashboard came back at its address');
  for (const title of titles) {
    await page.locator('.case', { hasText: title }).first().waitFor({ timeout: 30000 });
  }
  const session = await login(url, 'bg-kiem-lam', password);
  const inbox = await session.getJson('/api/inbox?kind=forest-fire');
  const listed = [...inbox.waiting, ...inbox.feed].map((item) => item.reference);
  for (const reference of references) assert.ok(listed.includes(reference), reference);
  await page.context().close();
});

test('a browser reconnecting with Last-Event-ID gets exactly what it missed', async () => {
  const session = await login(federation.urls['hai-duong'], 'hd-qlcl', password);
  const { position } = await session.getJson('/api/inbox');
  // One browser stays connected and sees every change; the other was away and comes back
  // with the last id it had.
  const stayed = readEvents(session, { lastEventId: position, timeoutMs: 12000 });
  const missed = [1, 2].map((n) => postAlert(federation, 'bac-giang', 'unsafe-food',
    { title: `Lô giò lụa nhiễm hàn the, lô ${n} ${Date.now()}` }));
  const live = latestPerCase((await stayed).filter((event) => event.event === 'case'));
  const back = (await readEvents(session, { lastEventId: position, timeoutMs: 4000 }))
    .filter((event) => event.event === 'case');
  for (const reference of missed) assert.ok(live.has(reference), `live saw ${reference}`);
  const seen = back.map((event) => JSON.parse(event.data).reference);
  assert.equal(new Set(seen).size, seen.length, 'each case once');
  for (const event of back) assert.ok(positionOf(event) > position, 'nothing before the id');
  const lastLive = Math.max(...[...live.values()]);
  const backUpToLive = new Map(back.filter((event) => positionOf(event) <= lastLive)
    .map((event) => [JSON.parse(event.data).reference, positionOf(event)]));
  assert.deepEqual(backUpToLive, live);
});

// reference -> the id of its latest change.
function latestPerCase(events) {
  const latest = new Map();
  for (const event of events) latest.set(JSON.parse(event.data).reference, positionOf(event));
  return latest;
}

// The broker's case position in a stream event's id ("POSITION/REFERENCE").
function positionOf(event) {
  return Number(event.id.split('/')[0]);
}
