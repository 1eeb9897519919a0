// Form controls drawn from the server's Field specs (GET /api/forms/KIND). Each control
// has collect(path, registry): it returns its value for the NewAlert document (undefined
// when empty) and registers, under the path it was sent at, where an error for that path is
// shown (registry: Map path → {showError(message), clearError(), focus()}). A value the
// page itself finds wrong (a date that does not exist) is shown at its field and reported to
// the collection (startCollecting/finishCollecting), so that the form is not sent.

import { h, uid } from './dom.js';
import { t } from './i18n.js';
import { vocab } from './state.js';
import { schemeLabel } from './filters.js';
import { mapPicker } from './map_picker.js';
import { mapScheme } from './map_view.js';
import { labelText, requiredMark, errorSlot } from './field_parts.js';
import { dateControl, dateTimeControl } from './date_fields.js';
import { communeControl } from './commune_field.js';

export { startCollecting, finishCollecting } from './field_parts.js';

/** The part of a child's path below its parent's: "a.b[0].c" under "a.b" → "c". */
export function relativePath(parentPath, childPath) {
  if (!parentPath) return childPath;
  const rest = childPath.startsWith(parentPath) ? childPath.slice(parentPath.length) : null;
  if (rest === null) return childPath.split('.').pop();
  return rest.replace(/^\[\d+\]/, '').replace(/^\./, '') || childPath.split('.').pop();
}

/** Sets obj at a path like "a.b[2].c", creating objects and arrays on the way. */
export function setPath(obj, path, value) {
  const keys = [];
  path.replace(/([^.[\]]+)|\[(\d+)\]/g, (_, name, index) => {
    keys.push(index !== undefined ? Number(index) : name);
    return '';
  });
  let target = obj;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      target[key] = value;
    } else {
      if (target[key] === undefined) target[key] = typeof keys[i + 1] === 'number' ? [] : {};
      target = target[key];
    }
  });
  return obj;
}

function number(text, integer) {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return undefined;
  const value = integer ? Number.parseInt(trimmed, 10) : Number(trimmed);
  // A value that is not a number goes as typed; the server's error names the field.
  return Number.isFinite(value) && String(trimmed).match(/^-?\d*\.?\d*(e-?\d+)?$/i) ? value : trimmed;
}

function provinceSelect(id) {
  const groups = new Map();
  for (const p of vocab('provinces')) {
    if (!groups.has(p.scheme)) groups.set(p.scheme, []);
    groups.get(p.scheme).push(p);
  }
  const schemes = [...groups.keys()].sort().reverse();
  return h('select', { id },
    h('option', { value: '' }, t('post_choose')),
    schemes.map((scheme) => h('optgroup', { label: schemeLabel(scheme) },
      groups.get(scheme).map((p) => h('option', { value: `${p.scheme}|${p.code}` }, `${p.name} (${p.code})`)))));
}

// One value: every type except group, without repetition.
function leafControl(spec) {
  const id = uid('field');
  const errorId = `${id}-error`;
  const wrapper = h('div', { class: ['field', `field-${spec.type}`] });
  let inputs;
  let read;
  let body = null; // what stands after the label, when more than the inputs
  const common = { id, 'aria-required': spec.required ? 'true' : null };
  switch (spec.type) {
    case 'textarea': {
      const input = h('textarea', { ...common, rows: 4 });
      inputs = [input];
      read = () => input.value.trim() || undefined;
      break;
    }
    case 'integer':
    case 'number': {
      const integer = spec.type === 'integer';
      const input = h('input', { ...common, type: 'text', inputmode: integer ? 'numeric' : 'decimal' });
      inputs = [input];
      read = () => number(input.value, integer);
      break;
    }
    case 'bool': {
      const input = h('input', { ...common, type: 'checkbox' });
      inputs = [input];
      read = () => input.checked;
      wrapper.classList.add('field-check');
      break;
    }
    case 'choice': {
      const input = h('select', common,
        h('option', { value: '' }, t('post_choose')),
        (spec.options || []).map((o) => h('option', { value: o.value }, o.label)));
      inputs = [input];
      read = () => input.value || undefined;
      break;
    }
    case 'area': {
      const input = provinceSelect(id);
      if (spec.required) input.setAttribute('aria-required', 'true');
      inputs = [input];
      read = () => {
        if (!input.value) return undefined;
        const [scheme, code] = input.value.split('|');
        return { code, scheme };
      };
      const selected = () => {
        const [scheme, code] = input.value ? input.value.split('|') : [];
        return code ? { code, scheme: mapScheme(scheme) } : null;
      };
      // The map shows the scheme of the province chosen, the 34 provinces before a choice.
      const picker = mapPicker({
        mode: 'area',
        label: spec.label,
        scheme: () => (selected() && selected().scheme) || 'VN-2025',
        current: () => (selected() ? [selected()] : []),
        onArea: (area) => {
          const option = [...input.options].find((o) => {
            const [scheme, code] = o.value.split('|');
            return code === area.code && mapScheme(scheme) === area.scheme;
          });
          if (!option) return t('map_pick_missing', { name: area.name });
          input.value = option.value;
          input.dispatchEvent(new Event('change', { bubbles: true }));
          return t('map_picked', { name: option.textContent });
        },
      });
      input.addEventListener('change', () => picker.update());
      body = [h('div', { class: 'field-inline' }, input, picker.button), picker.panel];
      break;
    }
    case 'point': {
      const lat = h('input', { id, type: 'text', inputmode: 'decimal', placeholder: '21.27' });
      const lon = h('input', { id: `${id}-lon`, type: 'text', inputmode: 'decimal', placeholder: '106.19' });
      inputs = [lat, lon];
      read = () => {
        const latitude = number(lat.value, false);
        const longitude = number(lon.value, false);
        return latitude === undefined && longitude === undefined ? undefined : { lat: latitude, lon: longitude };
      };
      const picker = mapPicker({
        mode: 'point',
        label: spec.label,
        onPoint: (point, where) => {
          lat.value = String(point.lat);
          lon.value = String(point.lon);
          return t(where ? 'map_point_picked' : 'map_point_picked_outside',
            { lat: lat.value, lon: lon.value, name: where ? where.name : '' });
        },
      });
      const group = h('fieldset', { class: 'field field-point' },
        h('legend', null, labelText(spec), requiredMark(spec)),
        h('div', { class: 'field-row' },
          h('div', { class: 'field' }, h('label', { for: id }, t('post_lat')), lat),
          h('div', { class: 'field' }, h('label', { for: `${id}-lon` }, t('post_lon')), lon)),
        h('div', { class: 'field-row' }, picker.button),
        picker.panel);
      const slot = errorSlot(group, inputs, errorId);
      return { el: group, collect: (path, registry) => { registry.set(path, slot); return read(); } };
    }
    default: {
      const input = h('input', { ...common, type: 'text' });
      inputs = [input];
      read = () => input.value.trim() || undefined;
      if (Array.isArray(spec.suggestions) && spec.suggestions.length > 0) {
        const listId = `${id}-list`;
        input.setAttribute('list', listId);
        wrapper.appendChild(h('datalist', { id: listId }, spec.suggestions.map((s) => h('option', { value: s }))));
      }
    }
  }
  const label = h('label', { for: id }, labelText(spec), requiredMark(spec));
  if (spec.type === 'bool') wrapper.prepend(inputs[0], label);
  else wrapper.prepend(label, ...(body || inputs));
  const slot = errorSlot(wrapper, inputs, errorId);
  return { el: wrapper, collect: (path, registry) => { registry.set(path, slot); return read(); } };
}

function groupControl(spec) {
  const children = (spec.fields || []).map((child) => ({ key: relativePath(spec.path, child.path), control: control(child) }));
  const fieldset = h('fieldset', { class: 'group' },
    h('legend', null, spec.label, requiredMark(spec)),
    children.map((c) => c.control.el));
  const slot = errorSlot(fieldset, [], uid('group-error'));
  slot.focus = () => {
    const first = fieldset.querySelector('input, select, textarea');
    if (first) first.focus();
  };
  return {
    el: fieldset,
    collect(path, registry) {
      registry.set(path, slot);
      const value = {};
      let any = false;
      for (const { key, control: child } of children) {
        const childValue = child.collect(`${path}.${key}`, registry);
        if (childValue !== undefined && childValue !== false) any = true;
        if (childValue !== undefined) setPath(value, key, childValue);
      }
      return any ? value : undefined;
    },
  };
}

function repeatedControl(spec) {
  const single = { ...spec, repeated: false };
  const list = h('ol', { class: 'repeated-list' });
  const instances = [];
  const add = (focus) => {
    const instance = control(single);
    const item = h('li', { class: 'repeated-item' }, instance.el);
    const remove = h('button', { type: 'button', class: 'button-quiet remove' }, `${t('post_remove')}: ${spec.label}`);
    remove.addEventListener('click', () => {
      const index = instances.indexOf(instance);
      if (index >= 0) instances.splice(index, 1);
      item.remove();
      addButton.focus();
    });
    item.appendChild(remove);
    instances.push(instance);
    list.appendChild(item);
    if (focus) {
      const first = item.querySelector('input, select, textarea');
      if (first) first.focus();
    }
  };
  const addButton = h('button', { type: 'button', class: 'button-quiet add', onclick: () => add(true) }, `+ ${t('post_add')}: ${spec.label}`);
  add(false);
  const wrapper = h('div', { class: 'repeated' }, list, addButton);
  const slot = errorSlot(wrapper, [], uid('repeated-error'));
  slot.focus = () => addButton.focus();
  return {
    el: wrapper,
    collect(path, registry) {
      registry.set(path, slot);
      const values = [];
      for (const instance of instances) {
        // Indices follow the array sent: an empty entry is left out and does not count.
        const probe = new Map();
        const value = instance.collect(`${path}[${values.length}]`, probe);
        if (value === undefined || value === false) continue;
        for (const [key, target] of probe) registry.set(key, target);
        values.push(value);
      }
      return values.length > 0 ? values : undefined;
    },
  };
}

function made(spec) {
  if (spec.repeated) return repeatedControl(spec);
  if (spec.type === 'group') return groupControl(spec);
  if (spec.type === 'date') return dateControl(spec);
  if (spec.type === 'datetime') return dateTimeControl(spec);
  if (spec.type === 'commune') return communeControl(spec, leafControl);
  return leafControl(spec);
}

/** The control for a Field spec: repeated, group or single value; its element has data-path. */
export function control(spec) {
  const result = made(spec);
  if (spec.path && !result.el.dataset.path) result.el.dataset.path = spec.path;
  return result;
}
