import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WireServerMessage } from '../contract/client.ts';
import { MAX_REQUEST_BYTES } from '../contract/client.ts';
import type { ObjectKind, PushMessage } from '../contract/index.ts';
import { REST_AUTH_PARAMS, restAdminFor } from '../app/rest-admin.ts';
import type { HostPort as Host } from './runner/host-port.ts';
import { bearerAuthenticator, createApiHandler, isApiPath } from './http/api.ts';
import { accepted, bearerToken, loopbackGuard } from './http/io.ts';
import { SERVE_SECURITY_HEADERS, servePageCsp } from './http/security-headers.ts';
import { ScriptTokenVerifier } from './http/script-tokens.ts';
import { StaticAssets } from './http/static-assets.ts';
import { HorizonAuth } from './rest/auth.ts';
import { createHorizonHandler, isHorizonPath } from './rest/index.ts';
import { BrowserLogin } from './http/browser-login.ts';

// `serve` mode: the renderer and the host over one loopback port. A random token
// (printed in the URL) guards the page, its assets and the WebSocket. The printed
// URL is answered by a 303 to the same address without the token, setting an
// HttpOnly SameSite=Strict cookie, so the token leaves the address bar and the
// tab's history at once; the page, its assets and the renderer's WebSocket then
// go by the cookie. Scripts present the token explicitly instead (`/ws?token=` or
// a bearer header on the upgrade). Other origins and other Host headers (DNS rebinding) are
// refused. Every response carries the isolation headers of http/security-headers.ts.
//
// The same port carries the HTTP APIs (same Host and Origin rules, JSON errors, bearer tokens
// instead of the URL token or cookie): POST /api/v1/{method} and GET /api/openapi.json
// (http/api.ts), and the Horizon-compatible subset under /rest (rest/index.ts). The Horizon
// administrator's password is the console token unless VDI_CONSOLE_REST_PASSWORD sets one;
// VDI_CONSOLE_REST_TOKEN_TTL (seconds) shortens access tokens, for testing expiry.

/** The query parameter of the printed URL. */
export const TOKEN_PARAM = 'token';
/**
 * The cookie that carries the token after the first load, named for the port: browsers keep
 * cookies per host, not per port, so two consoles on one machine would otherwise overwrite each
 * other's (and a reload of the first would be refused).
 */
export function tokenCookieName(port: number): string {
  return `vdi_token_${port}`;
}
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
  /** Console pages connected now (open WebSockets): the classroom shows whether a trainee is online. */
  connections(): number;
  close(): Promise<void>;
}

function sameToken(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** A refusal page. Its policy stays SERVE_SECURITY_HEADERS' default-src 'none' (so no inline style either). */
function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><title>VDI Fleet Console: access refused</title><body><h1>Access refused</h1><p data-testid="refused">${message}</p></body>`);
}

/** The security headers as raw lines, for answers written straight to a socket (a refused upgrade). */
const RAW_SECURITY_HEADERS = Object.entries(SERVE_SECURITY_HEADERS)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');

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
  const login = new BrowserLogin(opts.host, () => port);
  const auth = new HorizonAuth({
    password: () => password,
    accounts: opts.host.accounts,
    ...(accessTtl !== undefined ? { accessTtlSeconds: accessTtl } : {}),
    ...(opts.restNow ? { now: opts.restNow } : {}),
  });
  const horizon = createHorizonHandler({ host: opts.host, guard, auth });
  const api = createApiHandler({
    host: opts.host,
    guard,
    authenticate: bearerAuthenticator({
      consoleToken: token,
      dataDir: opts.host.dataDir,
      horizonAccess: (t) => auth.userOf(t),
      accountsExist: () => opts.host.accounts.exist(),
    }),
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

  const cookieName = () => tokenCookieName(port);
  const assets = new StaticAssets();
  const server = createServer((req, res) => {
    // Set before any handler runs, the APIs' too: each writeHead merges its own headers over these.
    for (const [name, value] of Object.entries(SERVE_SECURITY_HEADERS)) res.setHeader(name, value);
    // The APIs answer for themselves (JSON errors, bearer tokens); a failure there must never escape.
    if (isApiPath(req.url)) return void api(req, res).catch(() => res.destroy());
    if (isHorizonPath(req.url)) return void horizon(req, res).catch(() => res.destroy());
    if (!accepted(req.headers.host ?? '', allowedHosts())) return refuse(res, 403, 'Unexpected Host header.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryOk = sameToken(url.searchParams.get(TOKEN_PARAM), token);
    if (!queryOk && !sameToken(cookieToken(req, cookieName()), token)) {
      return refuse(res, 401, 'This console needs its access token: open the URL that <code>vdi-console serve</code> printed.');
    }
    if (login.isPath(url.pathname)) {
      // Sign-in (http/browser-login.ts): same Host and token as the page, and no other origin may post to it.
      if (req.headers.origin !== undefined && !accepted(req.headers.origin, allowedOrigins()))
        return refuse(res, 403, 'Requests from other origins are refused.');
      return void login.handle(req, res, url.pathname).catch(() => res.destroy());
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
    if (url.searchParams.has(TOKEN_PARAM)) {
      // The printed URL: hand the token over as a cookie and send the browser to the same address
      // without it (the fragment, the console's route, is kept by the browser across a redirect).
      // After the path checks, so a bad path is refused rather than redirected. Absolute, on the
      // Host checked above: a path that reads as `//other.host` stays here.
      url.searchParams.delete(TOKEN_PARAM);
      const target = `http://${req.headers.host}${url.pathname}${url.search}`;
      const cookie = `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      if (req.headers['sec-fetch-site'] === 'cross-site') {
        // A link on another site: the browser would withhold the SameSite=Strict cookie from the
        // redirected request (it still counts as the other site's), so the page would get 401.
        // Hand over from a page of our own instead: a Refresh to the address without the token is
        // a same-site navigation (and replaces this entry). The route in the fragment is lost here.
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', refresh: `0; url=${target}`, 'set-cookie': cookie, 'cache-control': 'no-store' });
        return void res.end(
          `<!doctype html><title>VDI Fleet Console</title><body><p><a href="${target.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}">Open the console</a></p></body>`,
        );
      }
      res.writeHead(303, { location: target, 'set-cookie': cookie, 'cache-control': 'no-store' });
      return void res.end();
    }
    // The page runs under the renderer's policy (the Electron shell's), with its WebSocket origins.
    const extra: Record<string, string> =
      rel === '/index.html' ? { 'content-security-policy': servePageCsp([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]) } : {};
    if (assets.send(req, res, file, rel, extra)) return;
    if (rel === '/index.html') return refuse(res, 503, 'The console is not built yet: run <code>npm run build</code>.');
    res.writeHead(404).end();
  });

  // Oversize messages get a structured error from the dispatcher; far larger ones are cut off by ws itself.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * MAX_REQUEST_BYTES });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const origin = req.headers.origin;
    const ok =
      url.pathname === '/ws' &&
      accepted(req.headers.host ?? '', allowedHosts()) &&
      (origin === undefined || accepted(origin, allowedOrigins())) &&
      // The renderer's socket goes by the cookie; scripts name the token in the URL or a bearer header.
      (sameToken(cookieToken(req, cookieName()), token) || sameToken(url.searchParams.get(TOKEN_PARAM), token) || sameToken(bearerToken(req), token));
    if (!ok) {
      socket.write(`HTTP/1.1 401 Unauthorized\r\n${RAW_SECURITY_HEADERS}Content-Length: 0\r\nConnection: close\r\n\r\n`);
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
        // Who calls is judged per message: a sign-out or an idle session ends the socket's rights at once.
        void opts.host
          .dispatchWire(text, login.callerOf(req))
          .then((wire) => {
            if (ws.readyState === ws.OPEN) ws.send(wire);
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
        url: `http://127.0.0.1:${port}/?${TOKEN_PARAM}=${token}`,
        port,
        token,
        connections: () => clients.size,
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
