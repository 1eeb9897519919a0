// Path routing with history.pushState. A page module exports render(main, ctx) and may
// return a cleanup function, called before the next page renders. A view's filters live in
// the query string, so a copied address opens the same view, and a reload keeps it.

const ROUTES = [
  { pattern: /^\/(?:inbox)?$/, page: 'inbox' },
  { pattern: /^\/alerts\/([^/]+)$/, page: 'alert' },
  { pattern: /^\/post(?:\/([^/]+))?$/, page: 'post' },
  { pattern: /^\/map$/, page: 'map' },
  { pattern: /^\/network$/, page: 'network' },
  { pattern: /^\/reports$/, page: 'reports' },
  { pattern: /^\/login$/, page: 'login' },
];

/** The route for a path: {page, params: [decoded captures]} ('notfound' when none matches). */
export function match(path) {
  for (const route of ROUTES) {
    const found = route.pattern.exec(path);
    if (found) {
      return { page: route.page, params: found.slice(1).map((p) => (p === undefined ? undefined : decodeURIComponent(p))) };
    }
  }
  return { page: 'notfound', params: [] };
}

let onRoute = () => {};

/** Starts routing: renders the current address now, and on every link click and back/forward. */
export function start(handler) {
  onRoute = handler;
  window.addEventListener('popstate', () => onRoute(location.pathname, false));
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin) return;
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/static/')) return;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  onRoute(location.pathname, false);
}

/** Goes to a page of the app (path and query) without reloading it. */
export function navigate(pathAndQuery) {
  if (pathAndQuery !== location.pathname + location.search) {
    history.pushState(null, '', pathAndQuery);
  }
  onRoute(location.pathname, true);
}

/** Re-renders the current page (after a language change, a reset). */
export function refresh() {
  onRoute(location.pathname, false);
}

/** The current query as URLSearchParams. */
export function query() {
  return new URLSearchParams(location.search);
}

/** Replaces the current query (filters) without re-rendering; the page applies them itself. */
export function setQuery(params) {
  const text = params.toString();
  history.replaceState(null, '', location.pathname + (text ? `?${text}` : ''));
}
