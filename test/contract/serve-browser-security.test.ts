import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { WebSocket, type ClientOptions, type RawData } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES } from '../../src-main/host/http/security-headers.ts';
import { startWebServer, type WebServer } from '../../src-main/host/web-server.ts';
import { http, type HttpReply } from '../helpers/http-client.ts';
import { tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// Browser mode (issue 20, finding 12): the token printed in serve's URL leaves the address bar at
// once (a 303 to the same address without it, with an HttpOnly SameSite=Strict cookie); the page,
// its assets and the WebSocket then work on the cookie alone, and scripts can still present the
// token explicitly. Every response of the port carries the isolation headers, and the refusal
// pages a strict policy of their own.

const INDEX_MARKER = '<!-- console index -->';
const ASSET_MARKER = '/* console asset */';

let root: string;
let lab: TempLab;
let web: WebServer;

beforeAll(async () => {
  root = tempDir('vdi-browser-');
  const renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), `<!doctype html><title>console</title>${INDEX_MARKER}`);
  writeFileSync(join(renderer, 'assets', 'app.js'), `${ASSET_MARKER}\nconsole.log(1);`);
  lab = tempLab('small', 1, join(root, 'lab'));
  web = await startWebServer({ host: lab.host, rendererDir: renderer, port: 0 });
});

afterAll(async () => {
  await web.close();
  lab.host.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => http(web.port, 'GET', path, { headers });

/** The `name=value` part of the one cookie a response sets, and its attributes. */
function setCookieOf(r: HttpReply): { pair: string; attributes: string[] } {
  const all = r.headers['set-cookie'] ?? [];
  expect(all).toHaveLength(1);
  const [pair = '', ...attributes] = (all[0] ?? '').split(';').map((s) => s.trim());
  return { pair, attributes };
}

/** What a browser does with the printed URL: follow the 303 and keep the cookie. */
async function browserCookie(): Promise<string> {
  const r = await get(`/?token=${web.token}`);
  expect(r.status).toBe(303);
  return setCookieOf(r).pair;
}

type Attempt = { kind: 'open'; ws: WebSocket } | { kind: 'refused'; status: number; headers: IncomingHttpHeaders };

function connect(path: string, options: ClientOptions = {}): Promise<Attempt> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${web.port}${path}`, options);
    ws.once('open', () => resolve({ kind: 'open', ws }));
    ws.once('unexpected-response', (req, res) => {
      resolve({ kind: 'refused', status: res.statusCode ?? 0, headers: res.headers });
      req.destroy();
    });
    ws.once('error', reject);
  });
}

/** Opens a socket and answers one lab-info over it. */
async function labInfoOver(path: string, options: ClientOptions): Promise<unknown> {
  const a = await connect(path, options);
  if (a.kind !== 'open') throw new Error(`the WebSocket was refused with ${a.status}`);
  try {
    const reply = new Promise<unknown>((resolve) => a.ws.once('message', (d: RawData) => resolve(JSON.parse(String(d)))));
    a.ws.send(JSON.stringify({ id: 7, method: 'lab-info', input: {} }));
    return await reply;
  } finally {
    a.ws.terminate();
  }
}

describe('the token leaves the address after the first load', () => {
  it('GET /?token=… → 303 to the same address without the token, setting an HttpOnly SameSite=Strict cookie', async () => {
    const r = await get(`/?token=${web.token}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe(`http://127.0.0.1:${web.port}/`);
    expect(r.headers.location).not.toContain(web.token);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.text).not.toContain(web.token);
    const { pair, attributes } = setCookieOf(r);
    expect(pair.endsWith(`=${web.token}`)).toBe(true);
    expect(attributes).toContain('HttpOnly');
    expect(attributes).toContain('SameSite=Strict');
    expect(attributes).toContain('Path=/');
  });

  it('keeps the rest of the address: the path, other parameters, the Host it was opened on', async () => {
    const other = await get(`/index.html?view=hosts&token=${web.token}&x=1`);
    expect(other.status).toBe(303);
    expect(other.headers.location).toBe(`http://127.0.0.1:${web.port}/index.html?view=hosts&x=1`);
    const local = await get(`/?token=${web.token}`, { host: `localhost:${web.port}` });
    expect(local.status).toBe(303);
    expect(local.headers.location).toBe(`http://localhost:${web.port}/`);
  });

  it('never redirects off the console (a path that reads as //host is kept on this host)', async () => {
    for (const path of [`/%2e//evil.example/?token=${web.token}`, `/.//evil.example/?token=${web.token}`]) {
      const r = await get(path);
      expect(r.status).toBe(303);
      expect(new URL(r.headers.location ?? '').host).toBe(`127.0.0.1:${web.port}`);
    }
  });

  it('opened from a link on another site: a page of our own hands over by Refresh (a 303 would lose the Strict cookie)', async () => {
    const r = await get(`/?token=${web.token}&x=1`, { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' });
    expect(r.status).toBe(200);
    expect(r.headers.refresh).toBe(`0; url=http://127.0.0.1:${web.port}/?x=1`);
    expect(r.headers.location).toBeUndefined();
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.text).not.toContain(web.token);
    expect(r.text).not.toContain(INDEX_MARKER);
    const { pair, attributes } = setCookieOf(r);
    expect(pair.endsWith(`=${web.token}`)).toBe(true);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    // Typed, pasted or opened from a terminal (none), or from the console itself: the 303.
    for (const site of ['none', 'same-origin', 'same-site']) expect((await get(`/?token=${web.token}`, { 'sec-fetch-site': site })).status).toBe(303);
    // A wrong token from another site is refused like any other.
    const wrong = await get('/?token=wrong', { 'sec-fetch-site': 'cross-site' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(wrong.headers.refresh).toBeUndefined();
  });

  it('a wrong token is refused (401) and sets no cookie; a POST with the token still gets 405', async () => {
    const r = await get('/?token=wrong');
    expect(r.status).toBe(401);
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(r.headers.location).toBeUndefined();
    expect((await http(web.port, 'POST', `/?token=${web.token}`)).status).toBe(405);
  });

  it('the cookie is named for the port: two consoles on one machine do not overwrite each other', async () => {
    const { pair } = setCookieOf(await get(`/?token=${web.token}`));
    expect(pair.split('=')[0]).toContain(String(web.port));
  });
});

describe('the cookie alone opens the page, its assets and the WebSocket', () => {
  it('a reload of the stripped address with the cookie → the page', async () => {
    const cookie = await browserCookie();
    const page = await get('/', { cookie });
    expect(page.status).toBe(200);
    expect(page.text).toContain(INDEX_MARKER);
    expect(page.headers['set-cookie']).toBeUndefined();
    const asset = await get('/assets/app.js', { cookie });
    expect(asset.status).toBe(200);
    expect(asset.text).toContain(ASSET_MARKER);
  });

  it('a fresh browser without the cookie → the 401 page', async () => {
    const r = await get('/');
    expect(r.status).toBe(401);
    expect(r.text).toContain('Access refused');
    expect(r.text).not.toContain(INDEX_MARKER);
  });

  it('the renderer’s WebSocket: /ws with the cookie and its Origin, no token in the URL', async () => {
    const cookie = await browserCookie();
    const reply = await labInfoOver('/ws', { origin: `http://127.0.0.1:${web.port}`, headers: { cookie } });
    expect(reply).toMatchObject({ id: 7, reply: { ok: true, result: { profile: 'small', seed: 1 } } });
  });

  it('scripts present the token explicitly: in the WS URL or as a bearer header', async () => {
    expect(await labInfoOver(`/ws?token=${web.token}`, {})).toMatchObject({ reply: { ok: true } });
    expect(await labInfoOver('/ws', { headers: { authorization: `Bearer ${web.token}` } })).toMatchObject({ reply: { ok: true } });
    const wrong = await connect('/ws', { headers: { authorization: 'Bearer wrong' } });
    if (wrong.kind === 'open') wrong.ws.terminate();
    expect(wrong.kind === 'refused' && wrong.status).toBe(401);
  });

  it('the cookie of another console (another port) opens nothing here', async () => {
    const { pair } = setCookieOf(await get(`/?token=${web.token}`));
    const [name = ''] = pair.split('=');
    const foreign = `${name.replace(String(web.port), String(web.port + 1))}=${web.token}`;
    expect((await get('/', { cookie: foreign })).status).toBe(401);
  });
});

describe('isolation headers on every response', () => {
  const ISOLATION: Record<string, string> = {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };

  const directives = (csp: string | undefined): Map<string, string> =>
    new Map(
      (csp ?? '')
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((p) => p[0])
        .map(([name = '', ...values]) => [name, values.join(' ')]),
    );

  function expectIsolated(what: string, r: { headers: IncomingHttpHeaders }): Map<string, string> {
    for (const [name, value] of Object.entries(ISOLATION)) expect(r.headers[name], `${what}: ${name}`).toBe(value);
    const csp = directives(r.headers['content-security-policy'] as string | undefined);
    expect(csp.get('frame-ancestors'), `${what}: CSP frame-ancestors`).toBe("'none'");
    return csp;
  }

  const strict = (what: string, r: { headers: IncomingHttpHeaders }) => {
    const csp = expectIsolated(what, r);
    expect(csp.get('default-src'), `${what}: CSP default-src`).toBe("'none'");
  };

  it('the page: the renderer’s own policy (the one the Electron shell sends) plus its WebSocket origins', async () => {
    const cookie = await browserCookie();
    const r = await get('/', { cookie });
    expect(r.status).toBe(200);
    const csp = expectIsolated('page', r);
    for (const [name, values] of Object.entries(CSP_DIRECTIVES)) {
      if (name === 'connect-src') continue;
      expect(csp.get(name), `page: CSP ${name}`).toBe(values.join(' '));
    }
    expect(csp.get('connect-src')).toBe(`'self' ws://127.0.0.1:${web.port} ws://localhost:${web.port}`);
  });

  it('assets (and a missing one), the redirect, 405', async () => {
    const cookie = await browserCookie();
    strict('asset', await get('/assets/app.js', { cookie }));
    strict('missing asset', await get('/assets/none.js', { cookie }));
    strict('303', await get(`/?token=${web.token}`));
    strict('cross-site hand-over', await get(`/?token=${web.token}`, { 'sec-fetch-site': 'cross-site' }));
    strict('405', await http(web.port, 'POST', '/', { headers: { cookie } }));
  });

  it('/api/v1, the OpenAPI document and /rest: answers and errors', async () => {
    const ok = await http(web.port, 'POST', '/api/v1/lab-info', { token: web.token, body: {} });
    expect(ok.status).toBe(200);
    strict('api 200', ok);
    strict('api 401', await http(web.port, 'POST', '/api/v1/lab-info', { token: 'wrong', body: {} }));
    strict('openapi', await get('/api/openapi.json'));
    strict('rest 401', await get('/rest/inventory/v1/desktop-pools'));
    strict('rest login 400', await http(web.port, 'POST', '/rest/login', { body: {} }));
  });

  it('the 401 and 403 pages: nosniff and default-src none', async () => {
    const unauthorized = await get('/');
    expect(unauthorized.status).toBe(401);
    strict('401', unauthorized);
    const forbidden = await get(`/?token=${web.token}`, { host: `evil.example:${web.port}` });
    expect(forbidden.status).toBe(403);
    strict('403', forbidden);
    expect(forbidden.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('host names in Host and Origin are compared without regard to case (RFC 3986): LOCALHOST is localhost', async () => {
    const upper = await get(`/?token=${web.token}`, { host: `LOCALHOST:${web.port}` });
    expect(upper.status).not.toBe(403);
    const mixedOrigin = await get(`/?token=${web.token}`, { host: `Localhost:${web.port}`, origin: `HTTP://LocalHost:${web.port}` });
    expect(mixedOrigin.status).not.toBe(403);
    const other = await get(`/?token=${web.token}`, { host: `LOCALHOST.evil.example:${web.port}` });
    expect(other.status).toBe(403);
  });

  it('a refused WebSocket upgrade', async () => {
    const a = await connect('/ws');
    if (a.kind === 'open') a.ws.terminate();
    if (a.kind !== 'refused') throw new Error('the upgrade was accepted');
    expect(a.status).toBe(401);
    strict('ws 401', a);
  });
});
