import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../src-main/contract/methods.ts';
import { bearerAuthenticator, createApiHandler, isApiPath } from '../../src-main/host/http/api.ts';
import { loopbackGuard } from '../../src-main/host/http/io.ts';
import { TOKENS_FILE } from '../../src-main/host/http/script-tokens.ts';
import { tokenCommand } from '../../src-main/host/http/token-cli.ts';
import { startWebServer, tokenCookieName, type WebServer } from '../../src-main/host/web-server.ts';
import { http } from '../helpers/http-client.ts';
import { tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// POST /api/v1/{method} over real HTTP (the web server of serve, in-process): bearer tokens (the
// console's, script tokens made by `vdi-console token create`, Horizon access tokens), the
// contract's replies and statuses, audit, the OpenAPI document, and the handler mounted on a
// server of its own (what the desktop app's control listener will do).

let root: string;
let lab: TempLab;
let web: WebServer;
let script = '';

beforeAll(async () => {
  root = tempDir('vdi-api-');
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html>');
  lab = tempLab('small', 1, join(root, 'lab'));
  web = await startWebServer({ host: lab.host, rendererDir: join(root, 'renderer'), port: 0 });
  const out: string[] = [];
  expect(
    tokenCommand(
      ['create', '--role', 'administrator', '--name', 'nightly-report', '--data', lab.dir],
      (t) => out.push(t),
      () => undefined,
    ),
  ).toBe(0);
  script = (out[0] as string).trim();
});

afterAll(async () => {
  await web.close();
  lab.host.close();
  rmSync(root, { recursive: true, force: true });
});

const call = (method: string, body: unknown, token: string | undefined = web.token, headers: Record<string, string> = {}) =>
  http<{ ok: boolean; result?: unknown; error?: { code: string; message: string; path?: unknown[] } }>(web.port, 'POST', `/api/v1/${method}`, {
    body,
    token,
    headers,
  });

describe('POST /api/v1/{method}', () => {
  it('answers like the dispatcher: ok with 200, errors with the status of their code and the same structured error', async () => {
    const ok = await call('pool-get', { id: 'pool-1' });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual(JSON.parse(JSON.stringify(await lab.host.dispatch('pool-get', { id: 'pool-1' }))));
    const cases: [string, unknown, number, string][] = [
      ['pool-get', { id: 5 }, 400, 'invalid-input'],
      ['pool-get', { id: 'pool-404' }, 404, 'not-found'],
      ['pool-set-provisioning', { id: 'pool-6', enabled: true }, 409, 'conflict'],
      ['pool-explode', {}, 404, 'unknown-method'],
    ];
    for (const [m, input, status, code] of cases) {
      const r = await call(m, input);
      expect(r.status, m).toBe(status);
      expect(r.json).toMatchObject({ ok: false, error: { code } });
    }
    expect((await call('pool-get', { id: 5 })).json.error?.path).toEqual(['id']);
    expect((await call('lab-info', '')).status).toBe(200); // an empty body is {}
  });

  it('malformed JSON, a body over 1 MiB, and other HTTP methods are refused with a structured error', async () => {
    const bad = await http<{ ok: boolean; error: { code: string } }>(web.port, 'POST', '/api/v1/lab-info', { body: '{"x":', token: web.token });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('bad-request');
    const big = await http<{ ok: boolean; error: { code: string } }>(web.port, 'POST', '/api/v1/lab-info', {
      body: `"${'x'.repeat(1024 * 1024 + 10)}"`,
      token: web.token,
    });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('payload-too-large');
    const get = await http<{ ok: boolean }>(web.port, 'GET', '/api/v1/lab-info', { token: web.token });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await http(web.port, 'GET', '/api/v2/lab-info', { token: web.token })).status).toBe(404);
  });

  it('tokens: the console token, a script token, a Horizon access token; none or a wrong one → 401', async () => {
    const none = await call('lab-info', {}, '');
    expect(none.status).toBe(401);
    expect(none.json.error?.message).toMatch(/^Send Authorization: Bearer/);
    // A token that was sent but is not valid is said as such (a black-box run read "send a token" after a restart).
    const nope = await call('lab-info', {}, 'nope');
    expect(nope.status).toBe(401);
    expect(nope.json.error?.message).toMatch(/^The bearer token is not valid/);
    expect((await call('lab-info', {}, `${script}x`)).status).toBe(401);
    expect((await call('lab-info', {}, script)).status).toBe(200);
    const login = await http<{ access_token: string }>(web.port, 'POST', '/rest/login', {
      body: { username: 'administrator', password: web.token, domain: 'CORP' },
    });
    expect((await call('lab-info', {}, login.json.access_token)).status).toBe(200);
    // Never from the query string or a cookie.
    expect((await http(web.port, 'POST', `/api/v1/lab-info?token=${web.token}`, { body: {} })).status).toBe(401);
    expect((await http(web.port, 'POST', '/api/v1/lab-info', { body: {}, headers: { cookie: `${tokenCookieName(web.port)}=${web.token}` } })).status).toBe(401);
  });

  it('a change made with a script token is audited under its name; the token file holds only hashes', async () => {
    const r = await call('pool-set-enabled', { id: 'pool-4', enabled: false }, script);
    expect(r.status).toBe(200);
    const ev = (await lab.client.call('event-list', { objectId: 'pool-4', limit: 1 })).rows[0];
    expect(ev?.user).toBe('TOKEN\\nightly-report');
    const file = readFileSync(join(lab.dir, TOKENS_FILE), 'utf8');
    expect(file).not.toContain(script);
    expect(JSON.parse(file).tokens[0]).toMatchObject({
      id: 'tok-1',
      name: 'nightly-report',
      role: 'administrators', // `--role administrator` (the one role before roles landed) is the Administrators role
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    await lab.client.call('pool-set-enabled', { id: 'pool-4', enabled: true });
  });

  it('a revoked script token stops working at once; an unknown role is refused', async () => {
    const out: string[] = [];
    tokenCommand(
      ['create', '--role', 'administrator', '--data', lab.dir],
      (t) => out.push(t),
      () => undefined,
    );
    const token = (out[0] as string).trim();
    expect((await call('lab-info', {}, token)).status).toBe(200);
    expect(
      tokenCommand(
        ['revoke', 'tok-2', '--data', lab.dir],
        () => undefined,
        () => undefined,
      ),
    ).toBe(0);
    expect((await call('lab-info', {}, token)).status).toBe(401);
    const err: string[] = [];
    expect(
      tokenCommand(
        ['create', '--role', 'helpdesk', '--data', lab.dir],
        () => undefined,
        (t) => err.push(t),
      ),
    ).toBe(2);
    expect(JSON.parse(err[0] as string)).toMatchObject({ code: 'invalid-input', path: ['role'] });
  });

  it('a script token of each role acts with that role: help-desk and read-only cannot configure, instructor runs the clock', async () => {
    const make = (role: string) => {
      const out: string[] = [];
      expect(
        tokenCommand(
          ['create', '--role', role, '--name', `as-${role}`, '--data', lab.dir],
          (t) => out.push(t),
          () => undefined,
        ),
      ).toBe(0);
      return (out[0] as string).trim();
    };
    const tokens = { admin: make('administrators'), helpdesk: make('help-desk'), readonly: make('read-only'), instructor: make('instructor') };
    const stored = JSON.parse(readFileSync(join(lab.dir, TOKENS_FILE), 'utf8')).tokens as { name: string; role: string }[];
    expect(stored.filter((t) => t.name.startsWith('as-')).map((t) => t.role)).toEqual(['administrators', 'help-desk', 'read-only', 'instructor']);
    for (const t of Object.values(tokens)) expect((await call('pool-list', {}, t)).status).toBe(200);
    for (const t of [tokens.helpdesk, tokens.readonly, tokens.instructor]) {
      const r = await call('pool-set-enabled', { id: 'pool-4', enabled: false }, t);
      expect(r.status, r.text).toBe(403);
      expect(r.json.error?.code).toBe('forbidden');
    }
    expect((await lab.client.call('pool-get', { id: 'pool-4' })).enabled).toBe(true);
    expect((await call('clock-step', { seconds: 1 }, tokens.readonly)).status).toBe(403);
    expect((await call('clock-step', { seconds: 1 }, tokens.instructor)).status).toBe(200);
    expect((await call('pool-set-enabled', { id: 'pool-4', enabled: false }, tokens.admin)).status).toBe(200);
    await lab.client.call('pool-set-enabled', { id: 'pool-4', enabled: true });
    // A token file written before roles landed (role "administrator") still works, as Administrators.
    const file = join(lab.dir, TOKENS_FILE);
    const content = JSON.parse(readFileSync(file, 'utf8')) as { tokens: { name: string; role: string }[] };
    for (const t of content.tokens) if (t.name === 'as-administrators') t.role = 'administrator';
    writeFileSync(file, JSON.stringify(content));
    expect((await call('pool-set-enabled', { id: 'pool-4', enabled: false }, tokens.admin)).status).toBe(200);
    await lab.client.call('pool-set-enabled', { id: 'pool-4', enabled: true });
  });

  it('faults on a contract method: status with a count, then the method answers again', async () => {
    await lab.client.call('rest-fault-set', { id: 'no-pools', match: { apiMethod: 'pool-list' }, status: 500, count: 1, message: 'Injected for the test' });
    const failed = await call('pool-list', {});
    expect(failed.status).toBe(500);
    expect(failed.json.error).toMatchObject({ code: 'internal', message: 'Injected for the test' });
    expect((await call('pool-list', {})).status).toBe(200);
    // when: after — the operation runs and commits, then the client is told it failed (a retry test for non-idempotent calls).
    await lab.client.call('rest-fault-set', { id: 'after', match: { apiMethod: 'pool-set-enabled' }, status: 503, count: 1, when: 'after' });
    expect((await call('pool-set-enabled', { id: 'pool-3', enabled: false })).status).toBe(503);
    expect((await lab.client.call('pool-get', { id: 'pool-3' })).enabled).toBe(false);
    await lab.client.call('pool-set-enabled', { id: 'pool-3', enabled: true });
    const log = await lab.client.call('rest-log-list', { limit: 100 });
    expect(JSON.stringify(log)).not.toContain(web.token); // the ?token= request of the token test is masked
    expect(log.entries.find((e) => e.fault === 'no-pools')).toMatchObject({
      api: 'api',
      method: 'POST',
      path: '/api/v1/pool-list',
      status: 500,
      caller: 'console token',
    });
    await lab.client.call('rest-fault-clear', {});
  });

  it('wrong Host or Origin → 403 with a structured error, nothing runs', async () => {
    const host = await call('pool-set-enabled', { id: 'pool-2', enabled: false }, web.token, { host: `evil.example:${web.port}` });
    expect(host.status).toBe(403);
    expect(host.json).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const origin = await call('pool-set-enabled', { id: 'pool-2', enabled: false }, web.token, { origin: 'http://evil.example' });
    expect(origin.status).toBe(403);
    expect((await lab.client.call('pool-get', { id: 'pool-2' })).enabled).toBe(true);
    expect((await call('lab-info', {}, web.token, { origin: `http://localhost:${web.port}` })).status).toBe(200);
  });
});

describe('what clients send that the guard and the parser must read as a server would', () => {
  it('the Host and Origin names in any case: LOCALHOST is localhost (host names are case-insensitive); another host still 403', async () => {
    expect((await call('lab-info', {}, web.token, { host: `LOCALHOST:${web.port}` })).status).toBe(200);
    expect((await call('lab-info', {}, web.token, { host: `LocalHost:${web.port}`, origin: `HTTP://LocalHost:${web.port}` })).status).toBe(200);
    const rest = await http(web.port, 'POST', '/rest/login', {
      body: { username: 'administrator', password: web.token, domain: 'CORP' },
      headers: { host: `LOCALHOST:${web.port}` },
    });
    expect(rest.status).toBe(200);
    expect((await call('lab-info', {}, web.token, { host: `LOCALHOST.EVIL.EXAMPLE:${web.port}` })).status).toBe(403);
    expect((await call('lab-info', {}, web.token, { host: `LOCALHOST:${web.port + 1}` })).status).toBe(403);
  });

  it('a JSON body with a UTF-8 byte order mark (Windows PowerShell 5.1 files) is read; the mark alone is an empty body', async () => {
    const r = await call('pool-set-enabled', '\uFEFF{"id":"pool-4","enabled":false}');
    expect(r.status, r.text).toBe(200);
    expect((await lab.client.call('pool-get', { id: 'pool-4' })).enabled).toBe(false);
    await lab.client.call('pool-set-enabled', { id: 'pool-4', enabled: true });
    expect((await call('lab-info', '\uFEFF')).status).toBe(200);
    // Only a leading mark: one inside is still not JSON.
    expect((await call('lab-info', '{}\uFEFF')).status).toBe(400);
  });
});

describe('GET /api/openapi.json', () => {
  it('an OpenAPI 3.1 document with a path per method and its input schema, without a token', async () => {
    const r = await http<{ openapi: string; paths: Record<string, { post: { requestBody: { content: Record<string, { schema: { type?: string } }> } } }> }>(
      web.port,
      'GET',
      '/api/openapi.json',
    );
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe('3.1.0');
    expect(Object.keys(r.json.paths).sort()).toEqual(METHOD_NAMES.map((m) => `/api/v1/${m}`).sort());
    const schema = r.json.paths['/api/v1/pool-set-enabled']?.post.requestBody.content['application/json']?.schema as { properties: object; required: string[] };
    expect(schema.required.sort()).toEqual(['enabled', 'id']);
  });
});

describe('the handler on a server of its own', () => {
  it('mounts on any node:http server with its own guard and authenticator', async () => {
    let port = 0;
    const handler = createApiHandler({
      host: lab.host,
      guard: loopbackGuard(() => port),
      authenticate: bearerAuthenticator({ consoleToken: 'control-secret' }),
    });
    const server: Server = createServer((req, res) => {
      if (isApiPath(req.url)) return void handler(req, res);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
    try {
      const r = await http<{ ok: boolean; result: { profile: string } }>(port, 'POST', '/api/v1/lab-info', { token: 'control-secret', body: {} });
      expect(r.json).toMatchObject({ ok: true, result: { profile: 'small' } });
      expect((await http(port, 'POST', '/api/v1/lab-info', { token: web.token, body: {} })).status).toBe(401);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
