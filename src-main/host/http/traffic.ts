import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultRule } from '../../contract/rest-entities.ts';
import type { FaultRequest, RestAdmin } from '../../app/rest-admin.ts';
import { sendJson, sendJsonText, sleep } from './io.ts';

// What both HTTP APIs do around a request: answers built as values (so an injected fault can
// replace one after the operation ran), injected faults, and the request log.

/** A response not yet written. `text` is a body already serialised (large listings); `body` is serialised here. */
export interface Answer {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
  /** The error key (Horizon) or code (/api/v1) for the request log. */
  errorKey?: string;
}

/** One request in flight: what the log will say about it. */
export class Exchange {
  readonly started = performance.now();
  operation: string | null = null;
  caller = '-';
  fault: string | null = null;

  constructor(
    readonly api: 'rest' | 'api',
    readonly method: string,
    /** Path and query as logged: the `filter` shown decoded, nothing secret (tokens never travel in the URL). */
    readonly path: string,
  ) {}
}

/** Query parameters whose values never reach the log (the APIs take no secret in the URL, but a client may send one). */
const SECRET_PARAMS = /token|password|secret/i;

/** The path and query for the log, with `filter` decoded so a person can read it and secrets masked. */
export function loggedPath(url: URL): string {
  if (!url.search) return url.pathname;
  const parts: string[] = [];
  for (const [k, v] of url.searchParams) parts.push(`${k}=${SECRET_PARAMS.test(k) ? '…' : k === 'filter' ? v : encodeURIComponent(v)}`);
  return `${url.pathname}?${parts.join('&')}`;
}

export function writeAnswer(res: ServerResponse, a: Answer): number {
  if (a.text !== undefined) return sendJsonText(res, a.status, a.text, a.headers);
  return sendJson(res, a.status, a.body, a.headers);
}

/** Writes the answer and records the exchange in the request log. */
export function finish(admin: RestAdmin, res: ServerResponse, x: Exchange, a: Answer): void {
  let bytes = 0;
  try {
    bytes = writeAnswer(res, a);
  } catch {
    // the client went away: still log what we answered
  }
  admin.log({
    wallTime: new Date().toISOString(),
    api: x.api,
    method: x.method,
    path: x.path.length > 500 ? `${x.path.slice(0, 500)}…` : x.path,
    operation: x.operation,
    status: a.status,
    durationMs: Math.round((performance.now() - x.started) * 10) / 10,
    bytes,
    caller: x.caller,
    fault: x.fault,
    errorKey: a.errorKey ?? null,
  });
}

/**
 * Runs an operation under the fault rules: the first matching rule may delay it, fail it before
 * it runs (`when: before`), or let it run and commit and then answer the failure (`when: after`).
 */
export async function withFaults(
  admin: RestAdmin,
  req: FaultRequest,
  x: Exchange,
  failure: (rule: FaultRule) => Answer,
  run: () => Promise<Answer>,
): Promise<Answer> {
  const rule = admin.pickFault(req);
  if (!rule) return run();
  x.fault = rule.id;
  const delay = admin.delayOf(rule);
  if (delay > 0) await sleep(delay);
  if (rule.status === undefined) return run();
  if (rule.when === 'after') await run();
  return failure(rule);
}

/** For 429 faults: the header Horizon's throttling answers with. */
export function faultHeaders(rule: FaultRule): Record<string, string> {
  return rule.status === 429 ? { 'x-rate-limit-retry-after-seconds': String(rule.retryAfterSeconds ?? 1) } : {};
}

export function pathOf(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}
