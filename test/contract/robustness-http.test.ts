import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PushMessage } from '../../src-main/contract/methods.ts';
import { startWebServer, type WebServer } from '../../src-main/host/web-server.ts';
import { callOnce, startServe, stopAll } from '../helpers/crash-writer.ts';
import { http, type HttpReply } from '../helpers/http-client.ts';
import { contentDigest, tempDir, tempLab, type TempLab } from '../helpers/lab.ts';
import { GOOD_WRITES, malformedVariants } from '../helpers/malformed.ts';

// The robustness-wire cases for the HTTP transports: every malformed, mistyped, unknown, oversize,
// unauthenticated, expired or cross-origin request to /api/v1 or /rest gets a structured error
// (the contract's reply, or Horizon's error body), writes nothing and sends no push.

let root: string;
let lab: TempLab;
let web: WebServer;
let nowMs = Date.parse('2026-11-24T09:00:00Z');
let access = '';

beforeAll(async () => {
  root = tempDir('vdi-http-wire-');
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html>');
  lab = tempLab('small', 1, join(root, 'lab'));
  web = await startWebServer({ host: lab.host, rendererDir: join(root, 'renderer'), port: 0, restNow: () => nowMs });
  const login = await http<{ access_token: string }>(web.port, 'POST', '/rest/login', {
    body: { username: 'administrator', password: web.token, domain: 'CORP' },
  });
  access = login.json.access_token;
});

afterAll(async () => {
  await web.close();
  lab.host.close();
  rmSync(root, { recursive: true, force: true });
});

function digest(): string {
  const db = lab.peek();
  try {
    return contentDigest(db);
  } finally {
    db.close();
  }
}

/** Runs the requests, then checks that nothing was written and nothing pushed. */
async function unchanged(run: () => Promise<void>): Promise<void> {
  const pushes: PushMessage[] = [];
  const off = lab.host.onPush((p) => pushes.push(p));
  const before = digest();
  await run();
  off();
  expect(digest()).toBe(before);
  expect(pushes).toEqual([]);
}

function horizonError(r: HttpReply, status: number, key?: string): void {
  expect(r.status, r.text).toBe(status);
  const body = r.json as { status: string; timestamp: number; error_key: string; error_message: string; errors: unknown[] };
  expect(body).toMatchObject({ status: expect.any(String), timestamp: expect.any(Number), error_key: expect.any(String), error_message: expect.any(String) });
  expect(body.errors).toEqual([{ error_key: body.error_key, error_message: body.error_message }]);
  if (key) expect(body.error_key).toBe(key);
  expect(r.headers['content-type']).toBe('application/json;charset=UTF-8');
}

function apiError(r: HttpReply, status: number, code: string): void {
  expect(r.status, r.text).toBe(status);
  expect(r.json).toMatchObject({ ok: false, error: { code, message: expect.any(String) } });
}

describe('every write method refuses malformed input over POST /api/v1 and changes nothing', () => {
  it.each(Object.keys(GOOD_WRITES))('%s', async (method) => {
    const good = GOOD_WRITES[method] as Record<string, unknown>;
    await unchanged(async () => {
      for (const v of malformedVariants(method, good)) {
        // Sent as its JSON text (a string input is a JSON string, not the text of an object).
        const r = await http<{ ok: boolean; error: { code: string; path?: unknown[] } }>(web.port, 'POST', `/api/v1/${method}`, {
          token: web.token,
          body: JSON.stringify(v.input),
        });
        expect(r.status, `${method} with ${v.label}`).toBe(400);
        expect(r.json.error.code, `${method} with ${v.label}`).toBe('invalid-input');
        if (v.path) expect(r.json.error.path?.[0], `${method} with ${v.label}`).toBe(v.path[0]);
      }
    });
  });
});

describe('bad requests to /api/v1', () => {
  it('malformed JSON, unknown methods and paths, bodies over 1 MiB, no or wrong tokens, wrong Host or Origin', async () => {
    await unchanged(async () => {
      apiError(await http(web.port, 'POST', '/api/v1/pool-set-enabled', { token: web.token, body: '{"id": "pool-2", "enabled": fal' }), 400, 'bad-request');
      apiError(await http(web.port, 'POST', '/api/v1/pool-set-enabled', { token: web.token, body: '\u0000\u0001' }), 400, 'bad-request');
      apiError(await http(web.port, 'POST', '/api/v1/no-such-method', { token: web.token, body: {} }), 404, 'unknown-method');
      apiError(await http(web.port, 'POST', '/api/v1/__proto__', { token: web.token, body: {} }), 404, 'unknown-method');
      apiError(await http(web.port, 'POST', '/api/v1/pool-set-enabled/extra', { token: web.token, body: {} }), 404, 'unknown-method');
      apiError(await http(web.port, 'POST', '/api/v1/%E0%A4%A', { token: web.token, body: {} }), 400, 'bad-request');
      const huge = JSON.stringify({ id: 'pool-2', enabled: false, pad: 'x'.repeat(2 * 1024 * 1024) });
      apiError(await http(web.port, 'POST', '/api/v1/pool-set-enabled', { token: web.token, body: huge }), 413, 'payload-too-large');
      apiError(await http(web.port, 'POST', '/api/v1/pool-set-enabled', { body: { id: 'pool-2', enabled: false } }), 401, 'unauthorized');
      apiError(await http(web.port, 'POST', '/api/v1/pool-set-enabled', { token: 'wrong', body: { id: 'pool-2', enabled: false } }), 401, 'unauthorized');
      apiError(
        await http(web.port, 'POST', '/api/v1/pool-set-enabled', {
          token: web.token,
          body: { id: 'pool-2', enabled: false },
          headers: { host: 'evil.example' },
        }),
        403,
        'unauthorized',
      );
      apiError(
        await http(web.port, 'POST', '/api/v1/pool-set-enabled', {
          token: web.token,
          body: { id: 'pool-2', enabled: false },
          headers: { origin: 'http://evil.example' },
        }),
        403,
        'unauthorized',
      );
    });
  });
});

describe('bad requests to /rest', () => {
  it('malformed JSON and wrong types in bodies, bad paging / filter / sort parameters', async () => {
    const post = (path: string, body: unknown) => http(web.port, 'POST', `/rest${path}`, { token: access, body });
    const get = (path: string) => http(web.port, 'GET', `/rest${path}`, { token: access });
    await unchanged(async () => {
      horizonError(await post('/inventory/v1/desktop-pools/action/disable', '["00000001-0000-4000-8000-000000000002"'), 400, 'rest.invalid.json');
      horizonError(await post('/inventory/v1/desktop-pools/action/disable', { id: 'pool-2' }), 400);
      horizonError(await post('/inventory/v1/desktop-pools/action/disable', [2]), 400);
      horizonError(await post('/inventory/v1/desktop-pools/action/disable', []), 400);
      horizonError(await post('/inventory/v1/machines/action/restart', { machine_ids: ['x'], force_operation: 'yes' }), 400);
      horizonError(await post('/inventory/v1/sessions/action/send-message', { message: 'x', message_type: 'LOUD', session_ids: ['x'] }), 400);
      horizonError(await post('/inventory/v1/sessions/action/send-message', { message: 42, message_type: 'INFO', session_ids: ['x'] }), 400);
      horizonError(await post('/entitlements/v1/desktop-pools', { id: 'x' }), 400);
      horizonError(await post('/inventory/v12/desktop-pools', { name: 'X', type: 'AUTOMATED', pattern_naming_settings: 'KW' }), 400);
      horizonError(
        await http(web.port, 'PUT', '/rest/inventory/v12/desktop-pools/00000001-0000-4000-8000-000000000002', { token: access, body: { enabled: 'no' } }),
        400,
      );
      horizonError(await post('/login', '{"username":'), 400);
      horizonError(await post('/login', [1, 2]), 400);
      for (const q of [
        'page=0&size=10',
        'page=1&size=-5',
        'page=x&size=10',
        'page=1&size=100000',
        'filter=%7B%22type',
        'filter=%5B%5D',
        'sort_by=nope',
        'order_by=DESC',
      ]) {
        horizonError(await get(`/inventory/v1/machines?${q}`), 400);
      }
      // Deeper than the parser follows (32), short enough for Node's 16 KiB header limit.
      const deep = `${'{"type":"Not","filter":'.repeat(100)}{"type":"Equals","name":"name","value":"x"}${'}'.repeat(100)}`;
      horizonError(await get(`/inventory/v1/machines?filter=${encodeURIComponent(deep)}`), 400, 'rest.invalid.filter');
    });
  });

  it('unknown paths and methods, bodies over 1 MiB, no / wrong / refresh / expired tokens, wrong Host or Origin', async () => {
    const login = await http<{ access_token: string; refresh_token: string }>(web.port, 'POST', '/rest/login', {
      body: { username: 'administrator', password: web.token, domain: 'CORP' },
    });
    const disable = (o: { token?: string; headers?: Record<string, string>; body?: unknown } = {}) =>
      http(web.port, 'POST', '/rest/inventory/v1/desktop-pools/action/disable', { token: access, body: ['00000001-0000-4000-8000-000000000002'], ...o });
    await unchanged(async () => {
      horizonError(await http(web.port, 'GET', '/rest/inventory/v1/nothing', { token: access }), 404, 'rest.resource.not.found');
      horizonError(await http(web.port, 'GET', '/rest/%E0%A4%A', { token: access }), 404);
      horizonError(await http(web.port, 'GET', '/rest', { token: access }), 404);
      horizonError(await http(web.port, 'DELETE', '/rest/inventory/v1/desktop-pools/action/disable', { token: access }), 405, 'rest.method.not.allowed');
      horizonError(await disable({ body: JSON.stringify(['x'.repeat(2 * 1024 * 1024)]) }), 413);
      horizonError(await disable({ token: '' }), 401, 'auth.token.missing');
      horizonError(await disable({ token: 'garbage' }), 401, 'auth.token.invalid');
      horizonError(await disable({ token: login.json.refresh_token }), 401, 'auth.token.invalid');
      horizonError(await disable({ headers: { authorization: `Basic ${access}` } }), 401);
      horizonError(await disable({ headers: { host: `evil.example:${web.port}` } }), 403);
      horizonError(await disable({ headers: { origin: 'https://evil.example' } }), 403);
      nowMs += 31 * 60 * 1000; // past the access token's 30 minutes
      horizonError(await disable({ token: login.json.access_token }), 401, 'auth.token.expired');
      horizonError(await http(web.port, 'POST', '/rest/refresh', { body: { refresh_token: 'x.y.z' } }), 400);
    });
    const renewed = await http<{ access_token: string }>(web.port, 'POST', '/rest/refresh', { body: { refresh_token: login.json.refresh_token } });
    expect(renewed.status).toBe(200);
    access = renewed.json.access_token;
  });
});

describe('a serve process survives hostile HTTP input', () => {
  const dirs: string[] = [];
  afterEach(() => {
    stopAll();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('a 20 MiB body to /api/v1 and to /rest, a truncated body, a filter nested 10,000 deep: the process lives', async () => {
    const d = tempDir('vdi-http-hostile-');
    dirs.push(d);
    const s = await startServe(d);
    const big = Buffer.alloc(20 * 1024 * 1024, 0x61);
    const api = await http(s.port, 'POST', '/api/v1/lab-info', { token: s.token, body: big }).catch((e: Error) => e);
    if (!(api instanceof Error)) expect(api.status).toBe(413);
    const rest = await http(s.port, 'POST', '/rest/login', { body: big }).catch((e: Error) => e);
    if (!(rest instanceof Error)) expect(rest.status).toBe(413);
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    // Node's HTTP parser refuses a URL over 16 KiB itself (431); shorter ones meet the token check first.
    expect(await http(s.port, 'GET', `/rest/inventory/v1/machines?filter=${encodeURIComponent(deep)}`).then((r) => r.status)).toBe(431);
    expect((await http(s.port, 'GET', `/rest/inventory/v1/machines?filter=${encodeURIComponent(deep.slice(8500, 11500))}`)).status).toBe(401);
    // A body that announces 1,000 bytes and stops after 10: the connection ends mid-request.
    await new Promise<void>((resolve) => {
      const sock = connect(s.port, '127.0.0.1', () => {
        sock.end(
          `POST /api/v1/pool-set-enabled HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nAuthorization: Bearer ${s.token}\r\nContent-Length: 1000\r\n\r\n{"id":"po`,
        );
      });
      sock.on('error', () => resolve());
      sock.on('close', () => resolve());
      sock.resume();
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(s.alive(), s.stderr()).toBe(true);
    expect(await callOnce(s, 'lab-info', {})).toMatchObject({ ok: true, result: { profile: 'small' } });
  });
});
