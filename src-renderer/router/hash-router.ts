import { useSyncExternalStore } from 'react';

/**
 * Hash routing (`#/hosts/h-3?tab=desktops`): the route survives serve's redirect
 * that takes `?token=` out of the address (browsers keep the fragment across it),
 * and nothing needs a server-side route table.
 */
export interface Route {
  /** The path part, always starting with `/` (`/hosts/h-3`). */
  path: string;
  segments: string[];
  query: URLSearchParams;
  /** Path + query as it appears after `#`. */
  full: string;
}

const LOCAL_EVENT = 'vdi-route';

function currentFull(): string {
  const h = location.hash.replace(/^#/, '');
  return h.startsWith('/') ? h : '/';
}

let cachedFull = '';
let cachedRoute: Route = parse('/');

function parse(full: string): Route {
  const q = full.indexOf('?');
  const path = q < 0 ? full : full.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : full.slice(q + 1));
  return { path, segments: path.split('/').filter(Boolean).map(decodeURIComponent), query, full };
}

function snapshot(): Route {
  const full = currentFull();
  if (full !== cachedFull) {
    cachedFull = full;
    cachedRoute = parse(full);
  }
  return cachedRoute;
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  window.addEventListener(LOCAL_EVENT, cb);
  return () => {
    window.removeEventListener('hashchange', cb);
    window.removeEventListener(LOCAL_EVENT, cb);
  };
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

export function currentRoute(): Route {
  return snapshot();
}

/**
 * Goes to a route; `replace` rewrites the current history entry (filters typed into a box).
 * `ifStillOn` (with replace): only if the page is still that page. A search box writes its text
 * to the URL after a pause; if the admin has clicked away meanwhile (the new hash is set at once,
 * the view unmounts a moment later), that late write must not pull them back.
 */
export function navigate(to: string, opts: { replace?: boolean; ifStillOn?: string } = {}): void {
  const target = `#${to}`;
  if (location.hash === target) return;
  if (opts.ifStillOn !== undefined && firstSegment(currentFull()) !== firstSegment(opts.ifStillOn)) return;
  if (opts.replace) {
    history.replaceState(history.state, '', target);
    window.dispatchEvent(new Event(LOCAL_EVENT));
  } else {
    location.hash = to;
  }
}

function firstSegment(path: string): string {
  return path.split(/[/?]/).filter(Boolean)[0] ?? '';
}

export function href(to: string): string {
  return `#${to}`;
}

/** Builds `/path?k=v` dropping empty values, so URLs stay short and stable. */
export function withQuery(path: string, params: Record<string, string | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    q.set(k, v === true ? '1' : v);
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
