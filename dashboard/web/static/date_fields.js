// Date and date-time inputs written the Vietnamese way whatever the browser's locale: text
// inputs for dd/mm/yyyy and 24-hour HH:mm (not <input type=date>, which shows the browser's
// own format), with the format and the time zone (Vietnam time, UTC+07:00) said beside them
// and tied with aria-describedby. A date that does not exist (31/02/2026) is refused at its
// field, in the page's language, before anything is sent. Values go to the server as
// "YYYY-MM-DD" and RFC 3339 with +07:00 (vn_date.js).

import { h, uid } from './dom.js';
import { t } from './i18n.js';
import { parseDate, parseTime, dateText, vietnamRfc3339 } from './vn_date.js';
import { labelText, requiredMark, errorSlot, reportInvalid } from './field_parts.js';

/** The message for a parseDate()/parseTime() error, in the current language. */
export function dateMessage(result) {
  return t(result.error, result);
}

function dateInput(id, describedBy, required) {
  return h('input', {
    id,
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    placeholder: 'dd/mm/yyyy',
    maxlength: 10,
    size: 10,
    'data-format': 'dd/mm/yyyy',
    'aria-describedby': describedBy,
    'aria-required': required ? 'true' : null,
  });
}

function timeInput(id, describedBy, required) {
  return h('input', {
    id,
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    placeholder: 'HH:mm',
    maxlength: 5,
    size: 5,
    'data-format': 'HH:mm',
    'aria-describedby': describedBy,
    'aria-required': required ? 'true' : null,
  });
}

// On leaving an input: a typed value in the usual form ("5/12/2026" → "05/12/2026"), then
// the field's error at once, or none: check() → the first parse result with an error, if any.
function checkOnChange(input, parse, shown, slot, check) {
  input.addEventListener('change', () => {
    const result = parse(input.value);
    if (result.iso || result.hhmm) input.value = shown(result);
    const problem = check();
    if (problem) slot.showError(dateMessage(problem));
    else slot.clearError();
  });
}

const firstError = (...results) => results.find((r) => r.error);

/** A date field ("YYYY-MM-DD"): one text input, dd/mm/yyyy. */
export function dateControl(spec) {
  const id = uid('field');
  const hintId = `${id}-hint`;
  const input = dateInput(id, hintId, spec.required);
  const wrapper = h('div', { class: ['field', 'field-date'] },
    h('label', { for: id }, labelText(spec), requiredMark(spec)),
    input,
    h('span', { id: hintId, class: 'hint' }, t('date_hint')));
  const slot = errorSlot(wrapper, [input], `${id}-error`);
  checkOnChange(input, parseDate, (r) => dateText(r.iso), slot, () => firstError(parseDate(input.value)));
  return {
    el: wrapper,
    collect(path, registry) {
      registry.set(path, slot);
      const result = parseDate(input.value);
      if (result.error) {
        reportInvalid(slot, dateMessage(result));
        return undefined;
      }
      return result.iso;
    },
  };
}

/** A time (Timestamp): a date and a time of day in Vietnam time → RFC 3339 with +07:00. */
export function dateTimeControl(spec) {
  const id = uid('field');
  const zoneId = `${id}-zone`;
  const dateHintId = `${id}-date-hint`;
  const timeHintId = `${id}-time-hint`;
  const date = dateInput(id, `${dateHintId} ${zoneId}`, spec.required);
  const time = timeInput(`${id}-time`, `${timeHintId} ${zoneId}`, spec.required);
  const group = h('fieldset', { class: ['field', 'field-datetime'] },
    h('legend', null, labelText(spec), requiredMark(spec)),
    h('div', { class: 'field-row' },
      h('div', { class: 'field' },
        h('label', { for: id }, t('date_label')), date,
        h('span', { id: dateHintId, class: 'hint' }, t('date_hint'))),
      h('div', { class: 'field' },
        h('label', { for: `${id}-time` }, t('time_label')), time,
        h('span', { id: timeHintId, class: 'hint' }, t('time_hint')))),
    h('p', { id: zoneId, class: 'hint zone' }, t('vietnam_zone')));
  const slot = errorSlot(group, [date, time], `${id}-error`);
  // One message for the pair: the first of their errors, cleared when both are right.
  const check = () => firstError(parseDate(date.value), parseTime(time.value));
  checkOnChange(date, parseDate, (r) => dateText(r.iso), slot, check);
  checkOnChange(time, parseTime, (r) => r.hhmm, slot, check);
  return {
    el: group,
    collect(path, registry) {
      registry.set(path, slot);
      const day = parseDate(date.value);
      const hour = parseTime(time.value);
      const problem = firstError(day, hour);
      if (problem) {
        reportInvalid(slot, dateMessage(problem));
        return undefined;
      }
      if (!day.iso && !hour.hhmm) return undefined;
      if (!day.iso || !hour.hhmm) {
        reportInvalid(slot, t(day.iso ? 'time_missing' : 'date_missing'));
        return undefined;
      }
      return vietnamRfc3339(day.iso, hour.hhmm);
    },
  };
}

/**
 * A date of the filters bar: {el, read()} where read() → {value: "YYYY-MM-DD" or ''} or
 * {error} (shown at the field); `current` is the filter's value ("YYYY-MM-DD").
 */
export function dateFilter(labelTextValue, current) {
  const id = uid('filter');
  const hintId = `${id}-hint`;
  const input = dateInput(id, hintId, false);
  input.value = dateText(current);
  const wrapper = h('div', { class: ['field', 'field-date'] },
    h('label', { for: id }, labelTextValue),
    input,
    h('span', { id: hintId, class: 'hint' }, t('date_hint')));
  const slot = errorSlot(wrapper, [input], `${id}-error`);
  return {
    el: wrapper,
    input,
    read() {
      const result = parseDate(input.value);
      if (result.error) {
        slot.showError(dateMessage(result));
        return { error: true };
      }
      slot.clearError();
      if (result.iso) input.value = dateText(result.iso);
      return { value: result.iso || '' };
    },
  };
}
