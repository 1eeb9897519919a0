// Any address the app does not know.

import { h, append } from '../dom.js';
import { t } from '../i18n.js';
import { setTitle } from '../state.js';

export function render(main) {
  setTitle(t('not_found'));
  append(main,
    h('h1', null, t('not_found')),
    h('p', null, h('a', { href: '/inbox' }, t('back_to_inbox'))));
}
