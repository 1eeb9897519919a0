// Posting an alert: /post chooses the kind (only the unit's own kinds, Me.kinds), /post/KIND
// draws the form the server describes (GET /api/forms/KIND), builds the NewAlert document
// from it, and POSTs it; field errors (422) are shown next to their fields.

import { h, append, replace } from '../dom.js';
import { t, errorMessage } from '../i18n.js';
import { get, post, ApiError } from '../api.js';
import { setTitle, vocab, vocabLabel } from '../state.js';
import * as router from '../router.js';
import { control, setPath, startCollecting, finishCollecting } from '../form_fields.js';

function chooseKind(main, me) {
  const kinds = me.kinds || [];
  append(main,
    h('h1', null, t('post_title')),
    kinds.length === 0 ? h('p', { class: 'notice' }, t('post_no_kinds')) : [
      h('h2', null, t('post_choose_kind')),
      h('ul', { class: 'kind-choices' }, kinds.map((name) => h('li', null,
        h('a', { href: `/post/${encodeURIComponent(name)}`, class: 'kind-choice' }, vocabLabel('kinds', name))))),
    ]);
}

/** The registered error target for an error's field: the path itself, or its nearest parent. */
function targetFor(registry, field) {
  let path = field || '';
  while (path) {
    if (registry.has(path)) return registry.get(path);
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    path = cut > 0 ? path.slice(0, cut) : '';
  }
  return null;
}

async function kindForm(main, me, kind, context) {
  const form = await get(`/api/forms/${encodeURIComponent(kind)}`);
  if (!context.isCurrent()) return;
  const kindLabel = (form.kind && form.kind.label) || vocabLabel('kinds', kind);
  setTitle(`${t('post_title')}: ${kindLabel}`);
  const fields = (form.fields || []).map((spec) => ({ spec, control: control(spec) }));
  const summary = h('div', { class: 'form-summary', role: 'alert', tabindex: '-1', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button-primary' }, t('post_submit'));
  const element = h('form', { class: 'post-form', novalidate: true },
    summary,
    fields.map((f) => f.control.el),
    h('div', { class: 'form-buttons' }, submit));
  append(main,
    h('p', { class: 'back' }, h('a', { href: '/post' }, `← ${t('post_choose_kind')}`)),
    h('h1', null, `${t('post_title')}: ${kindLabel}`),
    element);

  let registry = new Map();
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const slot of registry.values()) slot.clearError();
    summary.hidden = true;
    registry = new Map();
    const newAlert = { kind };
    startCollecting();
    for (const { spec, control: c } of fields) {
      const value = c.collect(spec.path, registry);
      if (value !== undefined) setPath(newAlert, spec.path, value);
    }
    // What the page already knows is wrong (a date that does not exist) is not sent.
    const invalid = finishCollecting();
    if (invalid.length > 0) {
      replace(summary, h('p', null, t('post_fix_first', { n: invalid.length })));
      summary.hidden = false;
      invalid[0].focus();
      return;
    }
    submit.disabled = true;
    replace(submit, t('post_sending'));
    try {
      const answer = await post('/api/alerts', newAlert);
      router.navigate(`/alerts/${encodeURIComponent(answer.reference)}`);
      return;
    } catch (failure) {
      showErrors(failure);
    }
    submit.disabled = false;
    replace(submit, t('post_submit'));
  });

  function showErrors(failure) {
    if (!(failure instanceof ApiError) || failure.status === 0) {
      replace(summary, h('p', null, t('error_network')));
      summary.hidden = false;
      summary.focus();
      return;
    }
    const unplaced = [];
    const placed = new Map();
    for (const error of failure.errors) {
      const target = targetFor(registry, error.field);
      if (!target) {
        unplaced.push(errorMessage(error));
        continue;
      }
      if (!placed.has(target)) placed.set(target, []);
      placed.get(target).push(errorMessage(error));
    }
    for (const [target, messages] of placed) target.showError(messages.join(' '));
    const first = placed.size > 0 ? placed.keys().next().value : null;
    const count = failure.errors.length;
    replace(summary,
      failure.status === 422 && count > 0 ? h('p', null, t('post_errors', { n: count })) : null,
      unplaced.length > 0 ? h('ul', null, unplaced.map((m) => h('li', null, m))) : null,
      failure.status !== 422 && unplaced.length === 0 ? h('p', null, errorMessage(failure.error)) : null);
    summary.hidden = false;
    if (first) first.focus();
    else summary.focus();
  }
}

export async function render(main, context) {
  const me = context.me;
  const kind = context.params[0];
  setTitle(t('post_title'));
  if (!me.can_issue) {
    append(main, h('h1', null, t('post_title')), h('p', { class: 'notice' }, t('post_cannot_issue')));
    return;
  }
  if (!kind) {
    chooseKind(main, me);
    return;
  }
  if (!(me.kinds || []).includes(kind) && vocab('kinds').length > 0) {
    chooseKind(main, me);
    return;
  }
  await kindForm(main, me, kind, context);
}
