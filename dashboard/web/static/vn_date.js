// Dates and times as officers write and read them, whatever the browser's locale: day/month/
// year (dd/mm/yyyy) and 24-hour HH:mm, in Vietnam time (Asia/Ho_Chi_Minh, UTC+07:00 all year,
// no daylight saving). The server keeps dates as "YYYY-MM-DD" and times as RFC 3339 with
// +07:00. Pure functions (no DOM): tests/browser/vn_date.test.mjs runs them in node.

/** Vietnam's offset from UTC, all year. */
export const VIETNAM_OFFSET = '+07:00';
const OFFSET_MS = 7 * 3600 * 1000;

const pad = (n) => String(n).padStart(2, '0');

/** Days in `month` (1..12) of `year`, leap years counted. */
export function daysInMonth(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A typed date: "05/12/2026", "5/12/2026", "05-12-2026", "05.12.2026" (day first).
 * → {} when empty; {iso: "2026-12-05"}; or {error, ...details} with error one of
 * 'date_format' (not day/month/year), 'date_month' (no such month), 'date_day' (no such day
 * in that month: 31/02/2026), for the caller's message.
 */
export function parseDate(text) {
  const trimmed = String(text ?? '').trim();
  if (trimmed === '') return {};
  const match = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(trimmed);
  if (!match) return { error: 'date_format', text: trimmed };
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12) return { error: 'date_month', text: trimmed, month };
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return { error: 'date_day', text: trimmed, day, month, year, days };
  return { iso: `${year}-${pad(month)}-${pad(day)}` };
}

/**
 * A typed time of day, 24-hour: "14:30", "9:05", "14h30", "14g30", "14.30".
 * → {} when empty; {hhmm: "14:30"}; or {error: 'time_format'}.
 */
export function parseTime(text) {
  const trimmed = String(text ?? '').trim();
  if (trimmed === '') return {};
  const match = /^(\d{1,2})\s*[:hHgG.]\s*(\d{2})$/.exec(trimmed) || /^(\d{1,2})\s*[hHgG]$/.exec(trimmed);
  if (!match) return { error: 'time_format', text: trimmed };
  const hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  if (hours > 23 || minutes > 59) return { error: 'time_format', text: trimmed };
  return { hhmm: `${pad(hours)}:${pad(minutes)}` };
}

/** "2026-12-05" → "05/12/2026"; '' for anything else. */
export function dateText(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso ?? ''));
  return match ? `${match[3]}/${match[2]}/${match[1]}` : '';
}

/** "2026-12-05" and "14:30" → "2026-12-05T14:30:00+07:00". */
export function vietnamRfc3339(isoDate, hhmm) {
  return `${isoDate}T${hhmm}:00${VIETNAM_OFFSET}`;
}

/** Any ISO instant → {date: "05/12/2026", time: "14:30"} in Vietnam time; null if unreadable. */
export function vietnamParts(iso) {
  if (!iso) return null;
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return null;
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  return {
    date: `${pad(shifted.getUTCDate())}/${pad(shifted.getUTCMonth() + 1)}/${shifted.getUTCFullYear()}`,
    time: `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`,
  };
}
