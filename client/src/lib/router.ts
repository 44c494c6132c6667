/**
 * A small router on the History API: the current location is a store,
 * routes are patterns like `/salons/:id`.
 */
import { createStore } from './store';

export interface Location {
  pathname: string;
  search: string;
}

function current(): Location {
  return { pathname: window.location.pathname, search: window.location.search };
}

export const location = createStore<Location>(
  typeof window === 'undefined' ? { pathname: '/', search: '' } : current(),
);

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => location.set(current()));
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.href);
  if (url.origin !== window.location.origin) {
    window.location.assign(url.href);
    return;
  }
  const target = url.pathname + url.search + url.hash;
  if (opts.replace) window.history.replaceState(null, '', target);
  else if (target !== window.location.pathname + window.location.search + window.location.hash) {
    window.history.pushState(null, '', target);
  }
  location.set(current());
}

/** Updates the query string in place (no new history entry, no re-render of the route). */
export function replaceQuery(params: Record<string, string | number | undefined | null>): void {
  const url = new URL(window.location.href);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') url.searchParams.delete(k);
    else url.searchParams.set(k, String(v));
  }
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  location.set(current());
}

/** Matches `/salons/:id` against `/salons/7` → `{ id: '7' }`; null when it does not match. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const a = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i] as string;
    const val = a[i] as string;
    if (seg.startsWith(':')) {
      try {
        params[seg.slice(1)] = decodeURIComponent(val);
      } catch {
        return null;
      }
    } else if (seg !== val) return null;
  }
  return params;
}

/** The current path and query, for "come back here after signing in". */
export function here(): string {
  return window.location.pathname + window.location.search;
}

/** A `next` parameter is only followed within the app. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}
