// The half-yearly and yearly reports: coming.

import { renderPlaceholder } from './placeholder.js';

export function render(main) {
  renderPlaceholder(main, 'reports_title', 'reports_coming');
}
