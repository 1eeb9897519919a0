// The live stream: one EventSource on /api/events for the whole page.
// `case` events carry a CaseItem, `reset` asks the lists to reload, `network` carries the
// Network object. The browser itself resends Last-Event-ID when it reconnects after a drop;
// when the stream is closed for good (an error status), a new EventSource is opened after a
// pause (from the last change seen, `after=`) and the lists are reloaded. The stream's
// texts (labels, names, dates) are in the language it was opened with (`lang=`): a change of
// language opens it again, from the last event seen (`after=`).

import { lang } from './i18n.js';

const DOWN_AFTER_MS = 5000;
const REOPEN_AFTER_MS = 5000;

class Live extends EventTarget {
  constructor() {
    super();
    this.source = null;
    this.up = true;
    this.downTimer = null;
    this.reopenTimer = null;
    this.opened = false;
    this.lastId = '';
  }

  /** Opens the stream (once). */
  start() {
    if (this.source) return;
    this.open(false);
  }

  open(isReopen) {
    const query = new URLSearchParams({ lang: lang() });
    if (this.lastId) query.set('after', this.lastId);
    const source = new EventSource(`/api/events?${query}`);
    this.source = source;
    source.addEventListener('open', () => {
      this.setUp(true);
      if (isReopen) this.emit('reset', null);
    });
    source.addEventListener('error', () => {
      this.scheduleDown();
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        clearTimeout(this.reopenTimer);
        this.reopenTimer = setTimeout(() => this.open(true), REOPEN_AFTER_MS);
        this.emit('closed', null);
      }
    });
    source.addEventListener('case', (event) => {
      if (event.lastEventId) this.lastId = event.lastEventId;
      this.emitJson('case', event);
    });
    source.addEventListener('network', (event) => this.emitJson('network', event));
    source.addEventListener('reset', () => this.emit('reset', null));
  }

  /** Opens the stream again in the language now chosen, from the last change it delivered
   *  (none missed, none twice). */
  restart() {
    if (!this.source) return;
    this.source.close();
    clearTimeout(this.reopenTimer);
    this.open(!this.lastId);
  }

  emitJson(type, event) {
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    this.emit(type, data);
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  // A short drop (the browser reconnects within a second or two) is not worth a banner.
  scheduleDown() {
    if (this.downTimer || !this.up) return;
    this.downTimer = setTimeout(() => {
      this.downTimer = null;
      if (this.source && this.source.readyState !== EventSource.OPEN) this.setUp(false);
    }, DOWN_AFTER_MS);
  }

  setUp(up) {
    if (up) {
      clearTimeout(this.downTimer);
      this.downTimer = null;
    }
    if (this.up === up) return;
    this.up = up;
    this.emit('status', { up });
  }

  /** Calls listener(detail) for events of `type` until the returned function is called. */
  on(type, listener) {
    const wrapped = (event) => listener(event.detail);
    this.addEventListener(type, wrapped);
    return () => this.removeEventListener(type, wrapped);
  }
}

export const live = new Live();
