import type { Answer } from '../http/traffic.ts';
import { HorizonError, badRequest } from './errors.ts';
import { HORIZON_FIELDS } from './horizon-fields.ts';

/**
 * Paging, filtering and sorting of list operations, as Omnissa's pagination and filter guide
 * describes them:
 *
 * | rule                                                    | answer                                       |
 * |---------------------------------------------------------|----------------------------------------------|
 * | `page` and `size` both given                            | records (page−1)·size+1 … page·size          |
 * | only one of them                                        | the whole list (no default page)             |
 * | not a positive integer, or size > 1000                  | 400                                          |
 * | page past the last one (except page 1 of nothing)       | 400                                          |
 * | more records after this page                            | header HAS_MORE_RECORDS: TRUE (absent on the last page) |
 * | paged answer                                            | header X-TOTAL-COUNT: total after the filter |
 * | `filter` (URL-encoded JSON, or raw as some helpers send) | And/Or/Not/Equals/NotEquals/Contains/StartsWith/EndsWith/Between |
 * | field not filterable with that type (per the 2512 type)  | 400                                          |
 * | `sort_by` not a sortable field, `order_by` ≠ ASC/DESC, `order_by` alone | 400                          |
 *
 * Filters are evaluated on the Horizon objects themselves (REST ids, Horizon enums), so a value is
 * compared exactly as the client sees it. Strings compare case-insensitively. A field the lab does
 * not fill is absent: Equals/Contains/… are false for it and NotEquals is true — the request is valid.
 */
export const MAX_PAGE_SIZE = 1000;

export type Filter =
  | { type: 'And' | 'Or'; filters: Filter[] }
  | { type: 'Not'; filter: Filter }
  | { type: 'Equals' | 'NotEquals' | 'Contains' | 'StartsWith' | 'EndsWith'; name: string; value: unknown }
  | { type: 'Between'; name: string; from: unknown; to: unknown };

export interface ListQuery {
  page: { page: number; size: number } | null;
  filter: Filter | null;
  sort: { field: string; desc: boolean } | null;
}

const CODE: Record<string, string> = { Equals: 'E', NotEquals: 'N', Contains: 'C', StartsWith: 'S', EndsWith: 'X', Between: 'B' };

/** `managedMachineData.hostName` → `managed_machine_data.host_name` (the spec names one nested filter field in camelCase). */
function snake(name: string): string {
  return name
    .split('.')
    .map((s) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))
    .join('.');
}

function positiveInt(text: string, what: string): number {
  if (!/^\d{1,9}$/.test(text.trim()) || Number(text) < 1) throw badRequest(`rest.invalid.${what}`, `${what} must be a positive integer, got '${text}'`);
  return Number(text);
}

function parseFilter(raw: unknown, fields: Record<string, string>, type: string, depth = 0): Filter {
  if (depth > 32) throw badRequest('rest.invalid.filter', 'Filter nested too deeply');
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badRequest('rest.invalid.filter', 'A filter is a JSON object with a type');
  const f = raw as Record<string, unknown>;
  const t = f.type;
  if (t === 'And' || t === 'Or') {
    if (!Array.isArray(f.filters) || f.filters.length === 0) throw badRequest('rest.invalid.filter', `${t} needs a non-empty filters list`);
    return { type: t, filters: f.filters.map((x) => parseFilter(x, fields, type, depth + 1)) };
  }
  if (t === 'Not') return { type: 'Not', filter: parseFilter(f.filter, fields, type, depth + 1) };
  if (typeof t !== 'string' || !(t in CODE)) throw badRequest('rest.invalid.filter', `Unknown filter type ${JSON.stringify(t)}`);
  if (typeof f.name !== 'string' || f.name === '') throw badRequest('rest.invalid.filter', `${t} needs a field name`);
  const name = snake(f.name);
  const allowed = fields[name];
  if (allowed === undefined || !allowed.includes(CODE[t] as string)) {
    throw badRequest('rest.invalid.filter', `Field '${f.name}' of ${type} does not support the ${t} filter`);
  }
  if (t === 'Between') {
    const from = f.from_value ?? f.fromValue;
    const to = f.to_value ?? f.toValue;
    if (from === undefined || to === undefined) throw badRequest('rest.invalid.filter', 'Between needs from_value and to_value');
    // Every field of 2512 that supports Between is an integer (times in ms, durations).
    if (num(from) === null || num(to) === null) throw badRequest('rest.invalid.filter', `Between on '${f.name}' takes numbers`);
    return { type: 'Between', name, from, to };
  }
  if (!('value' in f) || f.value === null) throw badRequest('rest.invalid.filter', `${t} needs a value`);
  // A script's mistake is a 400, not an empty page: text matches take text; Equals/NotEquals a text, number or boolean
  // (or a list of them, for a field that is a list).
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if ((t === 'Contains' || t === 'StartsWith' || t === 'EndsWith') && typeof f.value !== 'string') {
    throw badRequest('rest.invalid.filter', `${t} on '${f.name}' takes a text value, not ${JSON.stringify(f.value)}`);
  }
  if (!scalar(f.value) && !(Array.isArray(f.value) && f.value.length > 0 && f.value.every(scalar))) {
    throw badRequest('rest.invalid.filter', `${t} on '${f.name}' takes a text, number or boolean value, not ${JSON.stringify(f.value).slice(0, 80)}`);
  }
  return { type: t as 'Equals', name, value: f.value };
}

/** Reads page/size, filter and sort_by/order_by for an operation whose flags say which apply (others are ignored). */
export function parseListQuery(url: URL, op: { paged: boolean; filtered: boolean; sorted: boolean; type: string }): ListQuery {
  const q = url.searchParams;
  const fields = HORIZON_FIELDS[op.type] ?? {};
  let page: ListQuery['page'] = null;
  if (op.paged && q.has('page') && q.has('size')) {
    page = { page: positiveInt(q.get('page') as string, 'page'), size: positiveInt(q.get('size') as string, 'size') };
    if (page.size > MAX_PAGE_SIZE) throw badRequest('rest.invalid.size', `size must be at most ${MAX_PAGE_SIZE}`);
  }
  let filter: Filter | null = null;
  const text = op.filtered ? q.get('filter') : null;
  if (text !== null && text.trim() !== '') {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw badRequest('rest.invalid.filter', 'filter is not valid JSON');
    }
    filter = parseFilter(raw, fields, op.type);
  }
  let sort: ListQuery['sort'] = null;
  if (op.sorted) {
    const by = q.get('sort_by');
    const order = q.get('order_by');
    if (order !== null && by === null) throw badRequest('rest.invalid.sort', 'order_by needs sort_by');
    if (order !== null && order !== 'ASC' && order !== 'DESC') throw badRequest('rest.invalid.sort', 'order_by is ASC or DESC');
    if (by !== null) {
      const field = snake(by);
      if (!(fields[field] ?? '').includes('*')) throw badRequest('rest.invalid.sort', `${op.type} cannot be sorted by '${by}'`);
      sort = { field, desc: order === 'DESC' };
    }
  }
  return { page, filter, sort };
}

// ---- evaluation on Horizon objects ----

function valueAt(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

function scalarEquals(field: unknown, value: unknown): boolean {
  if (typeof field === 'string') return typeof value === 'string' && field.toLowerCase() === value.toLowerCase();
  if (typeof field === 'number') return (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '')) && field === Number(value);
  if (typeof field === 'boolean') return field === (value === true || value === 'true');
  return false;
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

export function matches(obj: unknown, f: Filter): boolean {
  switch (f.type) {
    case 'And':
      return f.filters.every((x) => matches(obj, x));
    case 'Or':
      return f.filters.some((x) => matches(obj, x));
    case 'Not':
      return !matches(obj, f.filter);
    case 'Between': {
      const v = num(valueAt(obj, f.name));
      const from = num(f.from);
      const to = num(f.to);
      return v !== null && from !== null && to !== null && v >= from && v <= to;
    }
    default: {
      const v = valueAt(obj, f.name);
      if (v === undefined || v === null) return f.type === 'NotEquals';
      if (Array.isArray(v)) {
        const wanted = Array.isArray(f.value) ? f.value : [f.value];
        const has = wanted.some((w) => v.some((x) => scalarEquals(x, w)));
        return f.type === 'NotEquals' ? !has : f.type === 'Equals' || f.type === 'Contains' ? has : false;
      }
      if (f.type === 'Equals') return scalarEquals(v, f.value);
      if (f.type === 'NotEquals') return !scalarEquals(v, f.value);
      if (typeof v !== 'string' || typeof f.value !== 'string') return false;
      const a = v.toLowerCase();
      const b = f.value.toLowerCase();
      return f.type === 'Contains' ? a.includes(b) : f.type === 'StartsWith' ? a.startsWith(b) : a.endsWith(b);
    }
  }
}

/** Absent values first in ASC, last in DESC (SQLite's order of NULLs); ties keep the default order. */
export function sortItems<T>(items: T[], sort: { field: string; desc: boolean }): T[] {
  const keyed = items.map((item, i) => ({ item, i, k: lower(valueAt(item, sort.field)) }));
  keyed.sort((a, b) => {
    const x = a.k;
    const y = b.k;
    let c = 0;
    if (x === undefined || x === null) c = y === undefined || y === null ? 0 : -1;
    else if (y === undefined || y === null) c = 1;
    else c = (x as number | string) < (y as number | string) ? -1 : (x as number | string) > (y as number | string) ? 1 : 0;
    return (sort.desc ? -c : c) || a.i - b.i;
  });
  return keyed.map((k) => k.item);
}

/** The headers and the slice of a paged answer; throws 400 for a page past the end. */
export function pageOf(total: number, page: { page: number; size: number }): { offset: number; headers: Record<string, string> } {
  const offset = (page.page - 1) * page.size;
  if (offset > 0 && offset >= total)
    throw new HorizonError(400, 'rest.invalid.page', `page ${page.page} is past the last page (${total} records, size ${page.size})`);
  const headers: Record<string, string> = { 'X-TOTAL-COUNT': String(total) };
  if (offset + page.size < total) headers.HAS_MORE_RECORDS = 'TRUE';
  return { offset, headers };
}

/** Filter → sort → page → (project onto an older version) → a JSON array answer. */
export function listAnswer(items: unknown[], q: ListQuery, project?: (o: unknown) => unknown): Answer {
  let out = q.filter ? items.filter((x) => matches(x, q.filter as Filter)) : items;
  if (q.sort) out = sortItems(out, q.sort);
  const page = q.page ? pageOf(out.length, q.page) : null;
  if (page && q.page) out = out.slice(page.offset, page.offset + q.page.size);
  return { status: 200, text: JSON.stringify(project ? out.map(project) : out), ...(page ? { headers: page.headers } : {}) };
}
