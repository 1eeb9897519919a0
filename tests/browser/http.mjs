// An officer's session against a dashboard over plain HTTP (fetch), for the tests that need
// no page: logins, CSRF, read scope, the live stream.
export async function login(url, user, password) {
  const response = await fetch(`${url}/api/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, password }),
  });
  if (response.status !== 200) {
    throw new Error(`login ${user}: ${response.status} ${await response.text()}`);
  }
  const cookie = response.headers.get('set-cookie').split(';')[0];
  const me = await response.json();
  return new Session(url, cookie, me);
}

export class Session {
  constructor(url, cookie, me) { Object.assign(this, { url, cookie, me }); }

  async get(path) {
    return fetch(`${this.url}${path}`, { headers: { Cookie: this.cookie }, redirect: 'manual' });
  }

  async getJson(path) {
    const response = await this.get(path);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  async post(path, body, { csrf = this.me.csrf, origin } = {}) {
    const headers = { Cookie: this.cookie, 'Content-Type': 'application/json' };
    if (csrf) headers['X-CSRF-Token'] = csrf;
    if (origin) headers.Origin = origin;
    return fetch(`${this.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  }
}

// Reads a Server-Sent Events stream until `until(events)` is true or `timeoutMs` passes; each
// event {id, event, data}. `lastEventId` is sent as a reconnecting browser does.
export async function readEvents(session, { lastEventId, until, timeoutMs = 15000 } = {}) {
  const controller = new AbortController();
  const headers = { Cookie: session.cookie, Accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['Last-Event-ID'] = String(lastEventId);
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events = [];
  try {
    const response = await fetch(`${session.url}/api/events`, { headers, signal: controller.signal });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = { id: undefined, event: 'message', data: '' };
        for (const line of block.split('\n')) {
          if (line.startsWith('id: ')) event.id = line.slice(4);
          else if (line.startsWith('event: ')) event.event = line.slice(7);
          else if (line.startsWith('data: ')) event.data += line.slice(6);
        }
        if (block.startsWith(':') || block.startsWith('retry:')) continue;
        events.push(event);
        if (until && until(events)) return events;
      }
    }
  } catch (error) {
    if (error.name !== 'AbortError') throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}
