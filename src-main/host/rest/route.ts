import type { ApiError, Reply } from '../../contract/errors.ts';
import type { Answer } from '../http/traffic.ts';
import { HorizonError, badRequest, itemStatus } from './errors.ts';
import type { Lab } from './lab.ts';
import { parseListQuery, type ListQuery } from './query.ts';

/** What a route handler gets. */
export interface RouteCtx {
  url: URL;
  params: Record<string, string>;
  lab: Lab;
  /** The parsed JSON body (400 when it is not JSON); undefined when the body is empty. */
  body(): Promise<unknown>;
  /** page/size, filter, sort_by/order_by as this route's flags allow. */
  list(): ListQuery;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Template under /rest, e.g. `/inventory/v1/machines/{id}`. */
  path: string;
  operationId: string;
  /** Login, refresh and logout need no bearer token. */
  open?: boolean;
  /** An operation of Horizon's API this lab does not do (answers 404): not named in a 405's Allow. */
  unsupported?: boolean;
  /** The response type whose fields may be filtered / sorted, and which of paging, filter, sort the operation has. */
  list?: { type: string; paged: boolean; filtered: boolean; sorted: boolean };
  handle(c: RouteCtx): Promise<Answer>;
}

export function ok(body: unknown, status = 200): Answer {
  return body === undefined ? { status } : { status, text: JSON.stringify(body) };
}

export const noContent = (): Answer => ({ status: 204 });

export function listQuery(route: Route, url: URL): ListQuery {
  return route.list ? parseListQuery(url, route.list) : { page: null, filter: null, sort: null };
}

/** Bodies of bulk actions: a JSON array of id strings (duplicates answered once each, in order). */
export function idList(body: unknown, what = 'ids'): string[] {
  if (!Array.isArray(body) || body.length === 0 || !body.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 200)) {
    throw badRequest('rest.invalid.field', `The body must be a non-empty JSON array of ${what}`);
  }
  // The lab's lookups take 2,000 ids a call; Horizon documents no limit, scripts send a page (≤ 1,000) at a time.
  if (body.length > 2000) throw badRequest('rest.invalid.field', `At most 2000 ${what} at once`);
  return [...new Set(body as string[])];
}

/**
 * A boolean query parameter (`forced`, `enforce_associated_session_check`, `group_only`, …) read as
 * Horizon's Spring binding reads it: true / on / yes / 1 and false / off / no / 0 in any case;
 * absent or empty is `undefined` (the operation's default); anything else is 400, so a mistyped
 * safety flag never silently falls back to its default.
 */
export function queryBool(url: URL, name: string): boolean | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === 'on' || v === 'yes' || v === '1') return true;
  if (v === 'false' || v === 'off' || v === 'no' || v === '0') return false;
  throw badRequest('rest.invalid.field', `${name} must be true or false, got '${raw.slice(0, 40)}'`);
}

export function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('rest.invalid.json', 'The body must be a JSON object');
  return body as Record<string, unknown>;
}

// ---- BulkItemResponseInfo ----

export interface ItemError {
  status: number;
  key: string;
  message: string;
}

export function bulkItem(id: string, err: ItemError | null): Record<string, unknown> {
  if (!err) return { id, status_code: 200 };
  return { id, status_code: err.status, errors: [{ error_key: err.key, error_message: err.message }], timestamp: Date.now() };
}

export function itemError(e: ApiError): ItemError {
  const status = itemStatus(e);
  const key = status === 404 ? 'rest.resource.not.found' : status === 403 ? 'auth.privilege.missing' : status === 500 ? 'rest.internal' : 'lab.conflict';
  return { status, key, message: e.message };
}

/**
 * Runs an all-or-nothing contract method over many ids so each id gets its own answer: the method
 * refuses the whole call at the first bad id (`path: ['ids', i]`); that id is marked failed and
 * the call repeated without it. Each attempt is one transaction, so nothing is half applied.
 */
export async function bulkRetry(ids: string[], call: (ids: string[]) => Promise<Reply<unknown>>, chunk = 1000): Promise<Map<string, ItemError | null>> {
  const out = new Map<string, ItemError | null>();
  // The contract takes at most `chunk` ids per call: bigger requests go in several calls.
  for (let i = 0; i < ids.length; i += chunk) for (const [k, v] of await bulkChunk(ids.slice(i, i + chunk), call)) out.set(k, v);
  return out;
}

async function bulkChunk(ids: string[], call: (ids: string[]) => Promise<Reply<unknown>>, maxRetries = 50): Promise<Map<string, ItemError | null>> {
  const out = new Map<string, ItemError | null>();
  let rest = [...ids];
  for (let attempt = 0; rest.length > 0; attempt++) {
    const r = await call(rest);
    if (r.ok) {
      for (const id of rest) out.set(id, null);
      break;
    }
    const i = r.error.path?.[0] === 'ids' ? r.error.path[1] : undefined;
    if (typeof i !== 'number' || attempt >= maxRetries || rest[i] === undefined) {
      for (const id of rest) out.set(id, itemError(r.error));
      break;
    }
    out.set(rest[i] as string, itemError(r.error));
    rest = rest.filter((_, k) => k !== i);
  }
  return out;
}

/** A route that answers like an unrouted one (for operations documented but not simulated). */
export function unsupported(method: Route['method'], path: string, operationId: string): Route {
  return {
    method,
    path,
    operationId,
    unsupported: true,
    handle: () => {
      throw new HorizonError(404, 'rest.resource.not.found', `${method} /rest${path} is not supported by this lab`);
    },
  };
}
