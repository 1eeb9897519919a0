// A view that is coming: its title and a sentence saying what it will show.

import { h, append } from '../dom.js';
import { t } from '../i18n.js';
import { setTitle } from '../state.js';

export function renderPlaceholder(main, titleKey, textKey) {
  setTitle(t(titleKey));
  append(main,
    h('h1', null, t(titleKey)),
    h('div', { class: 'notice' },
      h('p', null, t('coming_soon')),
      h('p', null, t(textKey))),
    h('p', null, h('a', { href: '/inbox' }, t('back_to_inbox'))));
}
