// The actions on an alert (AlertPage.actions): an allowed one is a button opening a small
// form; a refused one is a disabled button with the rules' reason shown as text beside it.

import { h, replace, uid } from './dom.js';
import { t, errorMessage } from './i18n.js';
import { post, ApiError } from './api.js';

function actionForm(reference, spec, onDone, onClose) {
  const textId = uid('action');
  const errorId = uid('action-error');
  const error = h('p', { id: errorId, class: 'field-error', role: 'alert', hidden: true });
  const textArea = h('textarea', { id: textId, name: 'text', rows: 3, 'aria-describedby': errorId });
  const extra = [];
  let quantity = null;
  let quantityUnit = null;
  let stable = null;
  if (spec.type === 'measures') {
    quantity = h('input', { type: 'number', step: 'any', min: '0', id: uid('action'), name: 'quantity', inputmode: 'decimal' });
    quantityUnit = h('input', { type: 'text', id: uid('action'), name: 'quantity_unit', list: 'quantity-units' });
    extra.push(h('div', { class: 'field-row' },
      h('div', { class: 'field' }, h('label', { for: quantity.id }, t('action_quantity')), quantity),
      h('div', { class: 'field' }, h('label', { for: quantityUnit.id }, t('action_quantity_unit')), quantityUnit,
        h('datalist', { id: 'quantity-units' }, ['kg', 'tấn', 'con', 'ha', 'lít', 'hộp', 'thùng'].map((u) => h('option', { value: u }))))));
  }
  if (spec.type === 'close') {
    stable = h('input', { type: 'checkbox', id: uid('action'), name: 'stable' });
    extra.push(h('div', { class: 'field field-check' }, stable, h('label', { for: stable.id }, t('action_stable'))));
  }
  const submit = h('button', { type: 'submit', class: 'button-primary' }, t('action_submit'));
  const form = h('form', { class: 'action-form', 'aria-label': spec.label },
    h('div', { class: 'field' }, h('label', { for: textId }, t('action_text')), textArea),
    extra,
    error,
    h('div', { class: 'form-buttons' },
      submit,
      h('button', { type: 'button', class: 'button-quiet', onclick: onClose }, t('action_cancel'))));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const action = { type: spec.type, text: textArea.value.trim() };
    if (quantity && quantity.value !== '') action.quantity = Number(quantity.value.replace(',', '.'));
    if (quantityUnit && quantityUnit.value.trim()) action.quantity_unit = quantityUnit.value.trim();
    if (stable) action.stable = stable.checked;
    submit.disabled = true;
    error.hidden = true;
    textArea.removeAttribute('aria-invalid');
    try {
      const answer = await post(`/api/alerts/${encodeURIComponent(reference)}/actions`, action);
      onDone((answer && answer.message) || t('action_done'));
    } catch (failure) {
      const body = failure instanceof ApiError ? failure.error : null;
      replace(error, failure instanceof ApiError && failure.status === 0 ? t('error_network') : errorMessage(body));
      error.hidden = false;
      if (body && body.field === 'text') textArea.setAttribute('aria-invalid', 'true');
      submit.disabled = false;
    }
  });
  return { form, focus: () => textArea.focus() };
}

/**
 * Draws the actions into `container`. onDone(message) after an action was recorded;
 * onOpenChange(open) tells whether a form is open (the page then waits before redrawing).
 */
export function renderActions(container, reference, specs, onDone, onOpenChange) {
  const formBox = h('div', { class: 'action-form-box' });
  let openButton = null;

  function close() {
    replace(formBox);
    if (openButton) {
      openButton.setAttribute('aria-expanded', 'false');
      openButton.focus();
    }
    openButton = null;
    onOpenChange(false);
  }

  const buttons = (specs || []).map((spec) => {
    if (!spec.allowed) {
      const reasonId = uid('reason');
      return h('li', { class: 'action action-refused' },
        h('button', { type: 'button', disabled: true, 'aria-describedby': reasonId }, spec.label),
        h('span', { id: reasonId, class: 'action-reason' }, spec.reason || t('action_refused')));
    }
    const button = h('button', { type: 'button', class: 'button-action', 'aria-expanded': 'false' }, spec.label);
    button.addEventListener('click', () => {
      if (openButton === button) {
        close();
        return;
      }
      if (openButton) openButton.setAttribute('aria-expanded', 'false');
      openButton = button;
      button.setAttribute('aria-expanded', 'true');
      const { form, focus } = actionForm(reference, spec, (message) => {
        openButton = null;
        onOpenChange(false);
        onDone(message);
      }, close);
      replace(formBox, h('h3', null, spec.label), form);
      onOpenChange(true);
      focus();
    });
    return h('li', { class: 'action' }, button);
  });
  replace(container, h('ul', { class: 'actions' }, buttons), formBox);
}
