// Opt-in sound (a WebAudio beep, no file) and desktop notification for severe and extreme
// alerts of the officer's own kinds (Me.kinds), as they arrive on the live stream.

import { t } from './i18n.js';

const STORAGE_KEY = 'alertbus.sound';
const LOUD = new Set(['severe', 'extreme']);

let audio = null;
const announced = new Set();

/** Whether the officer turned sound and notifications on (remembered in localStorage). */
export function enabled() {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

/** Turns sound and notifications on or off; called from the checkbox's change (a user
 *  gesture, which the browser needs to allow audio and ask the notification permission). */
export function setEnabled(on) {
  try {
    localStorage.setItem(STORAGE_KEY, on ? '1' : '0');
  } catch {
    // Private mode: lasts for this page.
  }
  if (!on) return;
  unlockAudio();
  if ('Notification' in window && Notification.permission === 'default') {
    Notification.requestPermission().catch(() => {});
  }
}

function unlockAudio() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  if (!audio) audio = new Context();
  if (audio.state === 'suspended') audio.resume().catch(() => {});
}

// After a reload with sound on, the browser lets audio start only after the officer's first
// click or key press on the page.
function unlockOnFirstGesture() {
  const unlock = () => {
    if (enabled()) unlockAudio();
    window.removeEventListener('pointerdown', unlock, true);
    window.removeEventListener('keydown', unlock, true);
  };
  window.addEventListener('pointerdown', unlock, true);
  window.addEventListener('keydown', unlock, true);
}
unlockOnFirstGesture();

/** Two short tones. */
export function beep() {
  unlockAudio();
  if (!audio) return;
  const start = audio.currentTime + 0.02;
  [0, 0.3].forEach((offset, index) => {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = index === 0 ? 880 : 660;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.25);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.3);
  });
}

/** Whether a CaseItem calls for sound: severe/extreme, one of my kinds, unread, open. */
export function isLoud(item, me) {
  if (!item || !me || !item.unread) return false;
  const severity = item.severity && item.severity.name;
  const kind = item.kind && item.kind.name;
  const open = !item.state || ['active', 'stable'].includes(item.state.name);
  return LOUD.has(severity) && (me.kinds || []).includes(kind) && open;
}

/** Rings and notifies once per reference for a live CaseItem that calls for it. */
export function announce(item, me) {
  if (!enabled() || !isLoud(item, me) || announced.has(item.reference)) return;
  announced.add(item.reference);
  beep();
  if ('Notification' in window && Notification.permission === 'granted') {
    const origin = item.origin && item.origin.name ? ` – ${item.origin.name}` : '';
    let note;
    try {
      note = new Notification(`${item.severity.label}: ${item.kind.label}${origin}`, {
        body: `${item.reference}\n${item.title || ''}`,
        tag: item.reference,
        lang: document.documentElement.lang,
      });
    } catch {
      // Some browsers (Android) allow notifications only from a service worker: sound alone.
      return;
    }
    note.addEventListener('click', () => {
      window.focus();
      location.assign(`/alerts/${encodeURIComponent(item.reference)}`);
    });
  }
}

/** The checkbox's text, for the header. */
export function label() {
  return t('sound_alerts');
}
