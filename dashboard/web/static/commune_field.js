// A commune (Outbreak.commune, DangerLevel.communes): an Area whose code is a commune's
// 5-digit code ("07360"), with its name at the time of issue. The dashboard has no commune
// table (deploy/areas holds provinces only), so the officer chooses the province (list or
// map: it gives the code scheme, VN-2004 or VN-2025) and types the commune's name and code.
// A province's 2-digit code is refused here and by the broker (docs/PROTOCOL.md).

import { h, uid } from './dom.js';
import { t } from './i18n.js';
import { labelText, requiredMark, errorSlot, reportInvalid } from './field_parts.js';

function textField(id, label, hint, attrs, required) {
  const hintId = `${id}-hint`;
  const input = h('input', {
    id,
    type: 'text',
    autocomplete: 'off',
    'aria-describedby': hintId,
    'aria-required': required ? 'true' : null,
    ...attrs,
  });
  const wrapper = h('div', { class: 'field' },
    h('label', { for: id }, label),
    input,
    h('span', { id: hintId, class: 'hint' }, hint));
  return { input, wrapper, slot: errorSlot(wrapper, [input], `${id}-error`) };
}

/** The control of a commune spec; `provinceControl(spec)` makes the province chooser. */
export function communeControl(spec, provinceControl) {
  const id = uid('commune');
  const province = provinceControl({ ...spec, type: 'area', label: t('commune_province'), required: false, unit: '' });
  const name = textField(`${id}-name`, t('commune_name'), t('commune_name_hint'), {}, spec.required);
  const code = textField(`${id}-code`, t('commune_code'), t('commune_code_hint'),
    { inputmode: 'numeric', maxlength: 5, size: 6, class: 'commune-code' }, spec.required);
  const group = h('fieldset', { class: ['field', 'field-commune'] },
    h('legend', null, labelText(spec), requiredMark(spec)),
    province.el,
    h('div', { class: 'field-row' }, name.wrapper, code.wrapper));
  const slot = errorSlot(group, [], `${id}-error`);
  slot.focus = () => name.input.focus();
  return {
    el: group,
    collect(path, registry) {
      registry.set(path, slot);
      registry.set(`${path}.name`, name.slot);
      registry.set(`${path}.code`, code.slot);
      // The province stands for the scheme: an error of the scheme is shown at it.
      const chosen = province.collect(`${path}.scheme`, registry);
      const nameText = name.input.value.trim();
      const codeText = code.input.value.trim();
      if (!nameText && !codeText) return undefined;
      if (codeText && !/^\d{5}$/.test(codeText)) {
        reportInvalid(code.slot, t('commune_code_format', { text: codeText }));
        return undefined;
      }
      const commune = {};
      if (codeText) commune.code = codeText;
      if (nameText) commune.name = nameText;
      if (chosen) commune.scheme = chosen.scheme;
      return commune;
    },
  };
}
