import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WireServerMessage } from '../contract/client.ts';
import { MAX_REQUEST_BYTES } from '../contract/client.ts';
import type { ObjectKind, PushMessage } from '../contract/index.ts';
import { REST_AUTH_PARAMS, restAdminFor } from '../app/rest-admin.ts';
import type { Host } from './host.ts';
import { bearerAuthenticator, createApiHandler, isApiPath } from './http/api.ts';
import { loopbackGuard } from './http/io.ts';
import { ScriptTokenVerifier } from './http/script-tokens.ts';
import { HorizonAuth } from './rest/auth.ts';
import { createHorizonHandler, isHorizonPath } from './rest/index.ts';

// `serve` mode: the renderer and the host over one loopback port. A random token
// (printed in the URL) guards the page, its assets (by an HttpOnly cookie set
// when the page is opened with the token) and the WebSocket. Other origins and
// other Host headers (DNS rebinding) are refused.
//
// The same port carries the HTTP APIs (same Host and Origin rules, JSON errors, bearer tokens
// instead of the URL token or cookie): POST /api/v1/{method} and GET /api/openapi.json
// (http/api.ts), and the Horizon-compatible subset under /rest (rest/index.ts). The Horizon
// administrator's password is the console token unless VDI_CONSOLE_REST_PASSWORD sets one;
// VDI_CONSOLE_REST_TOKEN_TTL (seconds) shortens access tokens, for testing expiry.

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};
const COOKIE = 'vdi_token';
/** How long lab-changed pushes are coalesced before they go out (DESIGN.md: one delta per 100 ms). */
export const PUSH_BATCH_MS = 100;

export interface WebServerOptions {
  host: Host;
  rendererDir: string;
  port?: number;
  token?: string;
  /** Password of the Horizon API's built-in administrator (default: $VDI_CONSOLE_REST_PASSWORD, else the console token). */
  restPassword?: string;
  /** Lifetime of Horizon access tokens in seconds (default: $VDI_CONSOLE_REST_TOKEN_TTL, else REST_AUTH_PARAMS). */
  restAccessTtlSeconds?: number;
  /** Wall clock of the token lifetimes, in ms (tests move it to expire tokens). */
  restNow?: () => number;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sameToken(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | null {
  const m = (req.headers.cookie ?? '').match(new RegExp(`(?:^|;\\s*)${COOKIE}=([^;]+)`));
  return m?.[1] ?? null;
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(
    `<!doctype html><title>VDI Fleet Console: access refused</title><body style="font-family:sans-serif;padding:2rem">` +
      `<h1>Access refused</h1><p data-testid="refused">${message}</p></body>`,
  );
}

export function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const root = normalize(opts.rendererDir);
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const guard = loopbackGuard(() => port);
  const envPassword = process.env.VDI_CONSOLE_REST_PASSWORD;
  const password = opts.restPassword ?? (envPassword || token);
  const envTtl = Number(process.env.VDI_CONSOLE_REST_TOKEN_TTL);
  const accessTtl = opts.restAccessTtlSeconds ?? (Number.isInteger(envTtl) && envTtl > 0 ? envTtl : undefined);
  const auth = new HorizonAuth({
    password: () => password,
    ...(accessTtl !== undefined ? { accessTtlSeconds: accessTtl } : {}),
    ...(opts.restNow ? { now: opts.restNow } : {}),
  });
  const horizon = createHorizonHandler({ host: opts.host, guard, auth });
  const api = createApiHandler({
    host: opts.host,
    guard,
    authenticate: bearerAuthenticator({ consoleToken: token, dataDir: opts.host.dataDir, horizonAccess: (t) => auth.userOf(t) }),
  });
  const tokens = new ScriptTokenVerifier(opts.host.dataDir);
  const admin = restAdminFor(opts.host.dataDir);
  admin.credentials = {
    username: REST_AUTH_PARAMS.username,
    domain: REST_AUTH_PARAMS.domain,
    dnsDomain: REST_AUTH_PARAMS.dnsDomain,
    passwordSource: opts.restPassword !== undefined || envPassword ? 'environment' : 'console-token',
    accessTokenTtlSeconds: auth.accessTtl,
    refreshTokenTtlSeconds: auth.refreshTtl,
    scriptTokens: () => tokens.list(),
  };

  const server = createServer((req, res) => {
    // The APIs answer for themselves (JSON errors, bearer tokens); a failure there must never escape.
    if (isApiPath(req.url)) return void api(req, res).catch(() => res.destroy());
    if (isHorizonPath(req.url)) return void horizon(req, res).catch(() => res.destroy());
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 403, 'Unexpected Host header.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryOk = sameToken(url.searchParams.get('token'), token);
    if (!queryOk && !sameToken(cookieToken(req), token)) {
      return refuse(res, 401, 'This console needs its access token: open the URL that <code>vdi-console serve</code> printed.');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed.');
    let rel: string;
    try {
      rel = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    } catch {
      return refuse(res, 400, 'Malformed path.'); // e.g. a truncated %-escape: never let it throw out of the handler
    }
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep)) return refuse(res, 403, 'Path outside the console.');
    if (!existsSync(file) || !statSync(file).isFile()) {
      if (rel === '/index.html') return refuse(res, 503, 'The console is not built yet: run <code>npm run build</code>.');
      res.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'cache-control': rel === '/index.html' ? 'no-store' : 'max-age=3600',
    };
    if (rel === '/index.html') {
      headers['content-security-policy'] =
        `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; ` +
        `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`;
      headers['set-cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      headers['referrer-policy'] = 'no-referrer';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy()); // the file vanished or cannot be read: drop this response, keep serving
    stream.pipe(res);
  });

  // Oversize messages get a structured error from the dispatcher; far larger ones are cut off by ws itself.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * MAX_REQUEST_BYTES });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const origin = req.headers.origin;
    const ok =
      url.pathname === '/ws' &&
      allowedHosts().has(req.headers.host ?? '') &&
      (origin === undefined || allowedOrigins().has(origin)) &&
      (sameToken(url.searchParams.get('token'), token) || sameToken(cookieToken(req), token));
    if (!ok) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      // Protocol errors (oversize frame, invalid UTF-8): ws has already closed the socket with the right code (1009, 1007).
      ws.on('error', () => clients.delete(ws));
      ws.on('message', (data, isBinary) => {
        const text = isBinary ? '' : data.toString();
        void opts.host
          .dispatchText(text)
          .then(({ id, reply }) => {
            if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, reply }));
          })
          .catch(() => ws.terminate()); // never let one client's message take the host down
      });
    });
  });

  // Pushes: events go out as they come; lab-changed kinds are coalesced per batch window.
  let pendingKinds = new Set<ObjectKind>();
  let timer: NodeJS.Timeout | null = null;
  const broadcast = (msg: WireServerMessage) => {
    const text = JSON.stringify(msg);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  };
  const unsubscribe = opts.host.onPush((msg: PushMessage) => {
    if (msg.topic !== 'lab-changed') return broadcast({ push: true, ...msg });
    for (const k of (msg as PushMessage<'lab-changed'>).payload.kinds) pendingKinds.add(k);
    timer ??= setTimeout(() => {
      timer = null;
      const kinds = [...pendingKinds];
      pendingKinds = new Set();
      broadcast({ push: true, topic: 'lab-changed', payload: { kinds } });
    }, PUSH_BATCH_MS);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            horizon.close();
            admin.credentials = null;
            if (timer) clearTimeout(timer);
            for (const ws of clients) ws.terminate();
            wss.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
