// The fetch wrapper: JSON in and out, lang= on every GET, X-CSRF-Token on every POST,
// a 401 sends the officer to /login?next=<this page>.

import { lang } from './i18n.js';

let csrfToken = '';

/** Remembers the session's CSRF token (from Me.csrf) for later POSTs. */
export function setCsrf(token) {
  csrfToken = token || '';
}

/** A failed call: HTTP status (0 when the server could not be reached), the body's
 *  `error` and `errors`, and Retry-After in seconds when the server sent one. */
export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super(body && body.error ? body.error.message : `HTTP ${status}`);
    this.status = status;
    this.error = body && body.error ? body.error : null;
    this.errors = body && Array.isArray(body.errors) ? body.errors : this.error ? [this.error] : [];
    this.retryAfter = retryAfter;
  }
}

/** The page's own path and query, for ?next= after logging in. */
export function currentPath() {
  return location.pathname + location.search;
}

export function loginUrl(next = currentPath()) {
  return next && !next.startsWith('/login') ? `/login?next=${encodeURIComponent(next)}` : '/login';
}

/** Builds "/api/x?a=1&a=2&lang=vi" from a params object (arrays repeat the name). */
export function withQuery(path, params = {}, addLang = true) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of [value].flat()) {
      if (item !== null && item !== undefined && item !== '') query.append(key, item);
    }
  }
  if (addLang) query.set('lang', lang());
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

async function call(method, url, body, options = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, null, null);
  }
  if (response.status === 401 && !options.noRedirect) {
    location.assign(loginUrl());
    // The page is leaving; callers wait for nothing.
    return new Promise(() => {});
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const retry = Number(response.headers.get('Retry-After'));
    throw new ApiError(response.status, data, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return data;
}

/** GET path?params&lang=…; resolves to the JSON answer, rejects with ApiError. */
export function get(path, params = {}) {
  return call('GET', withQuery(path, params));
}

/** POST path with a JSON body (undefined: none); resolves to the JSON answer or null (204). */
export function post(path, body, options = {}) {
  return call('POST', path, body, options);
}
