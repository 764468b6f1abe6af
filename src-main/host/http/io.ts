import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

// Plumbing shared by the HTTP APIs (/api/v1 and the Horizon subset under /rest): bounded body
// reading, the loopback guards, bearer tokens and JSON answers.

export type BodyResult = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * Reads a request body up to `limit` bytes. A body announced or found larger is refused without
 * reading the rest (the connection is closed after the answer, so the client stops sending).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const announced = Number(req.headers['content-length'] ?? 0);
  if (Number.isFinite(announced) && announced > limit) {
    drain(req, limit);
    return Promise.resolve({ ok: false, reason: 'too-large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      resolve(r);
    };
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        chunks.length = 0;
        drain(req, limit);
        finish({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => finish({ ok: false, reason: 'aborted' }));
    req.on('aborted', () => finish({ ok: false, reason: 'aborted' }));
  });
}

/**
 * Reads and drops the rest of a refused body so the client can read the 413 it is sent; a client
 * that keeps sending far past the limit is cut off.
 */
function drain(req: IncomingMessage, limit: number): void {
  let dropped = 0;
  req.on('data', (c: Buffer) => {
    dropped += c.length;
    if (dropped > 16 * limit) req.socket.destroy();
  });
  req.resume();
}

/** The loopback guards of serve: the Host header (DNS rebinding) and, when a browser sends one, the Origin. */
export interface LoopbackGuard {
  /** Host header values accepted, e.g. `127.0.0.1:7420` and `localhost:7420` (a function: the port is known after listen). */
  allowedHosts(): ReadonlySet<string>;
  /** Origins accepted when the header is present (scripts send none). */
  allowedOrigins(): ReadonlySet<string>;
}

/** Whether a Host or Origin value is one of these: host names (and schemes) are case-insensitive (RFC 3986 3.1, 3.2.2), so LOCALHOST:7420 is localhost:7420. */
export function accepted(value: string, allowed: ReadonlySet<string>): boolean {
  if (allowed.has(value)) return true;
  const v = value.toLowerCase();
  for (const a of allowed) if (a.toLowerCase() === v) return true;
  return false;
}

/** Null when the request may go on; else why it is refused. */
export function guardRefusal(req: IncomingMessage, guard: LoopbackGuard): 'host' | 'origin' | null {
  if (!accepted(req.headers.host ?? '', guard.allowedHosts())) return 'host';
  const origin = req.headers.origin;
  if (origin !== undefined && !accepted(origin, guard.allowedOrigins())) return 'origin';
  return null;
}

/**
 * A request body without its UTF-8 byte order mark: Windows PowerShell 5.1 writes one
 * (Set-Content -Encoding UTF8) and Invoke-RestMethod -InFile sends it; JSON.parse refuses it, Jackson skips it.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A guard for a server listening on 127.0.0.1:port. */
export function loopbackGuard(port: () => number): LoopbackGuard {
  return {
    allowedHosts: () => new Set([`127.0.0.1:${port()}`, `localhost:${port()}`]),
    allowedOrigins: () => new Set([`http://127.0.0.1:${port()}`, `http://localhost:${port()}`]),
  };
}

/** The token of `Authorization: Bearer <token>` (scheme case-insensitive), else null. Never from the query string. */
export function bearerToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^bearer[ ]+([^\s]+)\s*$/i.exec(h);
  return m?.[1] ?? null;
}

export function sameSecret(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Writes a JSON answer; returns the body's size in bytes (for the request log). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number {
  const text = body === undefined ? '' : JSON.stringify(body);
  const bytes = Buffer.byteLength(text);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json;charset=UTF-8', 'content-length': String(bytes) }),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
  return bytes;
}

/** A JSON body already serialised (large listings are built as text once). */
export function sendJsonText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): number {
  // Encoded once: Buffer.byteLength then end(text) walk a 1.5 MB page of machines twice (2–3 ms of the front's CPU each).
  const body = Buffer.from(text, 'utf8');
  const bytes = body.length;
  res.writeHead(status, {
    'content-type': 'application/json;charset=UTF-8',
    'content-length': String(bytes),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
  return bytes;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
