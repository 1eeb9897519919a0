// A tiny element builder. Every text goes into the page through createTextNode or
// textContent: alert texts come from other provinces and are never parsed as HTML.

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'multiple', 'required']);

/**
 * h('a', {href: '/inbox', class: 'nav'}, 'Hộp thư', otherNode)
 * - attrs: plain attributes (setAttribute); `class` may be an array (falsy entries dropped);
 *   `value`, `checked`, `disabled`, `selected`, `hidden`, `multiple`, `required` set as
 *   properties; a function under `onclick`, `oninput`, … is added with addEventListener;
 *   null, undefined and false skip the attribute.
 * - children: strings and numbers become text nodes, arrays are flattened, null/false skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value);
      } else if (key === 'class') {
        const names = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
        if (names) el.className = names;
      } else if (PROPERTIES.has(key)) {
        el[key] = value;
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

/** Appends children (text, nodes, nested arrays) to el, as text where they are text. */
export function append(el, ...children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces everything inside el with children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Sets an element's text (textContent, never HTML). */
export function text(el, value) {
  el.textContent = value === null || value === undefined ? '' : String(value);
  return el;
}

let idCounter = 0;
/** A fresh id for label/for and aria-describedby pairs. */
export function uid(prefix = 'f') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
