// What the form's controls share (form_fields.js, date_fields.js, commune_field.js): the
// label text, the "required" mark, the error slot beside a field, and the list of fields the
// page itself found wrong while collecting (a date that does not exist), so that the form is
// not sent with them.

import { h, replace } from './dom.js';
import { t } from './i18n.js';

export function labelText(spec) {
  return [spec.label, spec.unit ? ` (${spec.unit})` : ''].join('');
}

export function requiredMark(spec) {
  return spec.required ? h('span', { class: 'required' }, ` (${t('post_required')})`) : null;
}

/**
 * The error message under `wrapper`, tied to `inputs` (aria-invalid, aria-describedby):
 * {showError(text), clearError(), focus()}.
 */
export function errorSlot(wrapper, inputs, errorId) {
  const message = h('p', { id: errorId, class: 'field-error', hidden: true });
  wrapper.appendChild(message);
  return {
    showError(text) {
      replace(message, text);
      message.hidden = false;
      wrapper.classList.add('has-error');
      for (const input of inputs) {
        input.setAttribute('aria-invalid', 'true');
        const described = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
        if (!described.includes(errorId)) input.setAttribute('aria-describedby', [...described, errorId].join(' '));
      }
    },
    clearError() {
      message.hidden = true;
      replace(message);
      wrapper.classList.remove('has-error');
      for (const input of inputs) input.removeAttribute('aria-invalid');
    },
    focus() {
      (inputs[0] || wrapper).focus();
    },
  };
}

let invalidSlots = null;

/** Starts a collection: what reportInvalid() is told until finishCollecting() is kept. */
export function startCollecting() {
  invalidSlots = [];
}

/** The slots found wrong since startCollecting(), in the order of the form. */
export function finishCollecting() {
  const found = invalidSlots || [];
  invalidSlots = null;
  return found;
}

/** Shows `message` at `slot` and counts the field as wrong for the collection under way. */
export function reportInvalid(slot, message) {
  slot.showError(message);
  if (invalidSlots) invalidSlots.push(slot);
}
