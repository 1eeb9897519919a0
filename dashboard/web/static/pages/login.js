// Logging in: user name and password, POST /api/login, then back to `next` (a path of this
// site only). A wrong password and too many attempts (with the wait) are said in words.

import { h, append, replace } from '../dom.js';
import { t, errorMessage } from '../i18n.js';
import { post, ApiError } from '../api.js';
import { setTitle } from '../state.js';

/** `next` when it is a path on this site, else the inbox. */
export function safeNext(value) {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return '/inbox';
  }
  if (value.startsWith('/login') || value.startsWith('/api/')) return '/inbox';
  return value;
}

function waitText(seconds) {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return t('minutes', { n: minutes });
}

export function render(main) {
  setTitle(t('login_title'));
  const next = safeNext(new URLSearchParams(location.search).get('next'));
  const error = h('p', { id: 'login-error', class: 'field-error', role: 'alert', hidden: true });
  const user = h('input', { id: 'login-user', name: 'user', type: 'text', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'button-primary' }, t('login_submit'));
  const form = h('form', { class: 'login-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'login-user' }, t('login_user')), user),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, t('login_password')), password),
    error,
    h('div', { class: 'form-buttons' }, submit));
  append(main, h('div', { class: 'login' }, h('h1', null, t('login_title')), form));
  user.focus();

  function fail(text, field) {
    replace(error, text);
    error.hidden = false;
    for (const input of [user, password]) {
      input.setAttribute('aria-describedby', 'login-error');
      input.toggleAttribute('aria-invalid', false);
    }
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!user.value.trim()) return fail(`${t('login_user')}: ${t('post_required')}`, user);
    if (!password.value) return fail(`${t('login_password')}: ${t('post_required')}`, password);
    submit.disabled = true;
    try {
      await post('/api/login', { user: user.value.trim(), password: password.value }, { noRedirect: true });
      location.assign(next);
      return;
    } catch (failure) {
      password.value = '';
      if (failure instanceof ApiError && failure.status === 429) {
        fail(t('login_too_many', { wait: waitText(failure.retryAfter || 900) }), null);
      } else if (failure instanceof ApiError && failure.status === 401) {
        fail(t('login_bad'), password);
      } else if (failure instanceof ApiError && failure.status === 0) {
        fail(t('error_network'), null);
      } else {
        fail(errorMessage(failure.error), null);
      }
    }
    submit.disabled = false;
  });
}
