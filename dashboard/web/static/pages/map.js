// The map of alerts: coming (it will use Leaflet, vendored under /static/vendor/, and the
// province shapes under /static/geo/).

import { renderPlaceholder } from './placeholder.js';

export function render(main) {
  renderPlaceholder(main, 'map_title', 'map_coming');
}
