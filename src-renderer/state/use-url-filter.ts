import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { navigate, useRoute } from '../router/hash-router.ts';

/** A list's sort, as the tables take it. */
export interface UrlSort {
  key: string;
  direction: 'asc' | 'desc';
}

/** How one filter field sits in the URL: its query key, and the values it may take (others read as empty). */
export interface FieldCodec {
  key: string;
  values?: readonly string[];
}

type FilterValue = string | boolean;

const SEARCH_TO_URL_MS = 300;

export interface UrlFilter<F extends { [K in keyof F]: FilterValue }> {
  /** The filter the URL holds; its search field is what the box shows (at typing speed). */
  filter: F;
  /** The filter to apply to rows: the search a moment behind the box (useDeferredValue). */
  effective: F;
  searchText: string;
  setSearchText(v: string): void;
  setFilter(patch: Partial<F>): void;
  clear(): void;
  isFiltered: boolean;
  /** The sort the URL holds (`sort=rtt.desc`), or the default. */
  sort: UrlSort | undefined;
  setSort(s: UrlSort): void;
  /** Other query parameters of the page (`selected`), kept across filter changes. */
  param(key: string): string | null;
  setParam(key: string, value: string | null): void;
}

/**
 * One list's filters, search box and sort kept in the page's URL, so a link or a reload shows the
 * same list (one hook instead of a copy in each view). The search box updates at typing speed and
 * writes the URL after a pause; the box follows the URL only when someone else changed it (back, a
 * link); a late write never pulls the admin back to a page they left (`ifStillOn`). Query
 * parameters the hook does not manage (`selected`, `tab`) are kept as they are.
 */
export function useUrlFilter<F extends { [K in keyof F]: FilterValue }>(opts: {
  path: string;
  empty: F;
  fields: { [K in keyof F]: FieldCodec };
  searchField?: keyof F & string;
  defaultSort?: UrlSort;
}): UrlFilter<F> {
  const { path, empty, fields, defaultSort } = opts;
  const searchField = opts.searchField ?? ('search' as keyof F & string);
  const route = useRoute();
  const query = route.query;

  const filter = useMemo(() => {
    const out = { ...empty };
    for (const k of Object.keys(fields) as (keyof F)[]) {
      const codec = fields[k];
      const raw = query.get(codec.key);
      const blank = empty[k];
      if (typeof blank === 'boolean') (out as Record<keyof F, FilterValue>)[k] = raw === '1';
      else if (raw !== null && (!codec.values || codec.values.includes(raw))) (out as Record<keyof F, FilterValue>)[k] = raw;
    }
    return out;
    // `fields` and `empty` are constants of the calling view.
  }, [query]);

  const sortParam = query.get('sort');
  const sort = useMemo<UrlSort | undefined>(() => {
    const m = sortParam ? /^(.+)\.(asc|desc)$/.exec(sortParam) : null;
    return m ? { key: m[1] as string, direction: m[2] as 'asc' | 'desc' } : defaultSort;
  }, [sortParam, defaultSort?.key, defaultSort?.direction]);

  /** The URL for a new filter / params, keeping what this hook does not manage. */
  const urlFor = useCallback(
    (f: F, extra: Record<string, string | null> = {}) => {
      const q = new URLSearchParams(currentQuery());
      for (const k of Object.keys(fields) as (keyof F)[]) {
        const v = f[k];
        const key = fields[k].key;
        if (v === '' || v === false || v === undefined) q.delete(key);
        else q.set(key, v === true ? '1' : String(v));
      }
      for (const [k, v] of Object.entries(extra)) {
        if (v === null || v === '') q.delete(k);
        else q.set(k, v);
      }
      const s = q.toString();
      return s ? `${path}?${s}` : path;
    },
    [path],
  );

  const searchInUrl = String(filter[searchField] ?? '');
  const [searchText, setSearchText] = useState(searchInUrl);
  const pushed = useRef(searchInUrl);
  useEffect(() => {
    if (searchInUrl !== pushed.current) {
      pushed.current = searchInUrl;
      setSearchText(searchInUrl);
    }
  }, [searchInUrl]);
  useEffect(() => {
    if (searchText === searchInUrl) return;
    const t = setTimeout(() => {
      pushed.current = searchText;
      navigate(urlFor({ ...filter, [searchField]: searchText }), { replace: true, ifStillOn: path });
    }, SEARCH_TO_URL_MS);
    return () => clearTimeout(t);
  }, [searchText, searchInUrl, filter, searchField, urlFor, path]);
  const deferred = useDeferredValue(searchText);

  const live = useMemo(() => ({ ...filter, [searchField]: searchText }), [filter, searchField, searchText]);
  const effective = useMemo(() => ({ ...filter, [searchField]: deferred }), [filter, searchField, deferred]);
  const isFiltered = (Object.keys(fields) as (keyof F)[]).some((k) => {
    const v = live[k] as FilterValue;
    return typeof v === 'string' ? v.trim() !== '' : v === true;
  });

  return {
    filter: live,
    effective,
    searchText,
    setSearchText,
    setFilter: (patch) => navigate(urlFor({ ...live, ...patch }), { replace: true }),
    clear: () => {
      setSearchText('');
      pushed.current = '';
      navigate(urlFor(empty), { replace: true });
    },
    isFiltered,
    sort,
    setSort: (s) => navigate(urlFor(live, { sort: `${s.key}.${s.direction}` }), { replace: true }),
    param: (key) => query.get(key),
    setParam: (key, value) => navigate(urlFor(live, { [key]: value }), { replace: true }),
  };
}

function currentQuery(): string {
  const h = location.hash.replace(/^#/, '');
  const i = h.indexOf('?');
  return i < 0 ? '' : h.slice(i + 1);
}
