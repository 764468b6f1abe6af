// The app:// protocol: serves the built renderer (out/renderer) and nothing else.
// `resolveAppPath` is the only place a URL becomes a file path; it is pure and
// takes the `path` flavour as a parameter so tests can check Windows rules too.
import nodePath from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME } from './origin.ts';
import { SECURITY_HEADERS } from './csp.ts';

/**
 * Registered before `ready`. `standard` gives the scheme real origins and relative
 * URL resolution; `secure` makes it a secure context like https; `supportFetchAPI`
 * lets the page fetch its own assets; `codeCache` speeds up the second start.
 * `corsEnabled` is left off on purpose: it would let other origins read our files.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

export type PathFlavour = Pick<typeof nodePath, 'join' | 'resolve' | 'relative' | 'isAbsolute' | 'sep'>;

export type ResolvedAppPath = { ok: true; file: string } | { ok: false; status: 400 | 404 };

const INDEX_FILE = 'index.html';

/**
 * Maps an app:// URL to a file inside `rootDir`, or says why not.
 *
 * The URL parser already folds `.` / `..` segments (also `%2e%2e`), but a segment
 * can still carry an encoded separator (`..%2f..%2fetc`) that only appears after
 * decoding, so every segment is decoded on its own and rejected if it could
 * change directory. The final containment check catches anything that slips by.
 */
export function resolveAppPath(rootDir: string, requestUrl: string, path: PathFlavour = nodePath): ResolvedAppPath {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '' || url.username !== '' || url.password !== '') {
    return { ok: false, status: 404 };
  }
  const segments: string[] = [];
  for (const raw of url.pathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, status: 400 };
    }
    if (segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) return { ok: false, status: 400 };
    segments.push(segment);
  }
  if (segments.length === 0) segments.push(INDEX_FILE);
  const root = path.resolve(rootDir);
  const file = path.resolve(root, path.join(...segments));
  const rel = path.relative(root, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return { ok: false, status: 400 };
  return { ok: true, file };
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(file: string): string {
  return MIME_TYPES[nodePath.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface AppProtocolOptions {
  /** The built renderer folder (out/renderer). */
  rootDir: string;
  /** Reads a whole file; rejects with `code: 'ENOENT'` / `'EISDIR'` when there is none. */
  readFile: (file: string) => Promise<Uint8Array>;
}

function errorResponse(status: number): Response {
  const text = status === 404 ? 'Not found' : status === 405 ? 'Method not allowed' : status === 400 ? 'Bad request' : 'Error';
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
}

/** The `protocol.handle` handler: GET/HEAD of files under `rootDir`, with the CSP on every response. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return errorResponse(405);
    const resolved = resolveAppPath(options.rootDir, request.url);
    if (!resolved.ok) return errorResponse(resolved.status);
    let body: Uint8Array;
    try {
      body = await options.readFile(resolved.file);
    } catch (err) {
      const code = errorCode(err);
      return errorResponse(code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR' ? 404 : 500);
    }
    const headers = { ...SECURITY_HEADERS, 'Content-Type': mimeTypeFor(resolved.file), 'Cache-Control': 'no-cache' };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
