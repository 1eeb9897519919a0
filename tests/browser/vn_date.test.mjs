// The Vietnamese dates and times of the dashboard (dashboard/web/static/vn_date.js), in node
// without a browser: dd/mm/yyyy and 24-hour HH:mm whatever the locale, impossible dates
// refused with what is wrong, RFC 3339 with +07:00 out, Vietnam time back.
// Run: node --test tests/browser/vn_date.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vn = await import(join(root, 'dashboard', 'web', 'static', 'vn_date.js'));

test('a day-first date is read as day/month/year', () => {
  assert.deepEqual(vn.parseDate('05/12/2026'), { iso: '2026-12-05' });
  assert.deepEqual(vn.parseDate(' 5/1/2026 '), { iso: '2026-01-05' });
  assert.deepEqual(vn.parseDate('05-12-2026'), { iso: '2026-12-05' });
  assert.deepEqual(vn.parseDate('05.12.2026'), { iso: '2026-12-05' });
  assert.deepEqual(vn.parseDate('29/02/2028'), { iso: '2028-02-29' });
  assert.deepEqual(vn.parseDate(''), {});
});

test('a date that does not exist says why', () => {
  assert.deepEqual(vn.parseDate('31/02/2026'),
    { error: 'date_day', text: '31/02/2026', day: 31, month: 2, year: 2026, days: 28 });
  assert.equal(vn.parseDate('29/02/2026').error, 'date_day');
  assert.equal(vn.parseDate('31/04/2026').days, 30);
  assert.deepEqual(vn.parseDate('12/13/2026'), { error: 'date_month', text: '12/13/2026', month: 13 });
  assert.equal(vn.parseDate('00/12/2026').error, 'date_day');
  for (const text of ['2026-12-05', '12/05/26', '5 tháng 12', 'hôm nay', '05/12/2026 14:30']) {
    assert.equal(vn.parseDate(text).error, 'date_format', text);
  }
});

test('a time is 24-hour hours and minutes', () => {
  assert.deepEqual(vn.parseTime('14:30'), { hhmm: '14:30' });
  assert.deepEqual(vn.parseTime('9:05'), { hhmm: '09:05' });
  assert.deepEqual(vn.parseTime('14h30'), { hhmm: '14:30' });
  assert.deepEqual(vn.parseTime('7h'), { hhmm: '07:00' });
  assert.deepEqual(vn.parseTime('00:00'), { hhmm: '00:00' });
  assert.deepEqual(vn.parseTime(''), {});
  for (const text of ['24:00', '14:60', '2:30 PM', '1430', '14']) {
    assert.equal(vn.parseTime(text).error, 'time_format', text);
  }
});

test('values go out as the server keeps them and come back in Vietnam time', () => {
  assert.equal(vn.vietnamRfc3339('2026-12-05', '14:30'), '2026-12-05T14:30:00+07:00');
  assert.equal(vn.dateText('2026-12-05'), '05/12/2026');
  assert.equal(vn.dateText('05/12/2026'), '');
  // 23:30 UTC is already the next day in Vietnam.
  assert.deepEqual(vn.vietnamParts('2026-12-04T23:30:00Z'), { date: '05/12/2026', time: '06:30' });
  assert.deepEqual(vn.vietnamParts('2026-12-05T14:30:00+07:00'), { date: '05/12/2026', time: '14:30' });
  assert.equal(vn.vietnamParts('not a time'), null);
});
