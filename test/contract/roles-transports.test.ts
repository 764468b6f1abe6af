import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_PARAMS } from '../../src-main/host/account-gate.ts';
import { sessionCookieName } from '../../src-main/host/http/browser-login.ts';
import { startWebServer, tokenCookieName, type WebServer } from '../../src-main/host/web-server.ts';
import { http } from '../helpers/http-client.ts';
import { tempDir, tempLab, type TempLab } from '../helpers/lab.ts';
import { openHost } from '../../src-main/host/host.ts';

// Issue 16: the same roles on every transport (WebSocket as the browser, /api/v1, the Horizon
// /rest API), the browser sign-in with its rate limit and lockout, and the console token naming
// nobody once the lab has accounts.

let lab: TempLab;
let web: WebServer;
let now = Date.parse('2026-11-24T09:00:00Z');
beforeAll(async () => {
  lab = tempLab('small', 1, undefined, { wallClock: () => new Date(now) });
  mkdirSync(join(lab.dir, 'renderer'));
  web = await startWebServer({ host: lab.host, rendererDir: join(lab.dir, 'renderer'), port: 0 });
});
afterAll(async () => {
  await web.close();
  lab.dispose();
});

const tokenCookie = () => `${tokenCookieName(web.port)}=${web.token}`;
const origin = () => `http://127.0.0.1:${web.port}`;

async function login(name: string, password: string) {
  return http<{ ok: boolean; error?: { message: string; reason: string } }>(web.port, 'POST', '/auth/login', {
    headers: { cookie: tokenCookie(), origin: origin() },
    body: { name, password },
  });
}

function sessionOf(r: { headers: Record<string, unknown> }): string {
  const set = (r.headers['set-cookie'] as string[] | undefined)?.[0] ?? '';
  const m = new RegExp(`${sessionCookieName(web.port)}=([^;]+)`).exec(set);
  if (!m) throw new Error(`no session cookie in ${set}`);
  return `${sessionCookieName(web.port)}=${m[1]}`;
}

/** A browser's socket (token cookie, and the session cookie when signed in): one call, its reply. */
async function wsCall(cookie: string, method: string, input: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string } }> {
  const ws = new WebSocket(`ws://127.0.0.1:${web.port}/ws`, { headers: { cookie, origin: origin() } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  try {
    return await new Promise((resolve) => {
      ws.on('message', (data: Buffer) => {
        const msg = JSON.parse(data.toString()) as { id?: number; reply?: { ok: boolean } };
        if (msg.id === 1) resolve(msg.reply as never);
      });
      ws.send(JSON.stringify({ id: 1, method, input }));
    });
  } finally {
    ws.close();
  }
}

describe('a lab without accounts', () => {
  it('behaves as before: the token holder is the local administrator everywhere', async () => {
    expect((await http(web.port, 'GET', '/auth/session', { headers: { cookie: tokenCookie() } })).json).toMatchObject({ accountsExist: false, signedIn: true });
    expect(await wsCall(tokenCookie(), 'session-whoami', {})).toMatchObject({ ok: true, result: { role: 'administrators', transport: 'websocket' } });
    const api = await http<{ ok: boolean; result: { role: string; transport: string } }>(web.port, 'POST', '/api/v1/session-whoami', {
      token: web.token,
      body: {},
    });
    expect(api.json.result).toMatchObject({ role: 'administrators', transport: 'http-api' });
  });
});

describe('a lab with accounts', () => {
  beforeAll(async () => {
    await lab.client.call('account-create', { name: 'root', role: 'administrators', password: 'admin password 1' });
    await lab.client.call('account-create', { name: 'helpdesk', role: 'help-desk', password: 'helpdesk password 1' });
    await lab.client.call('account-create', { name: 'victim', role: 'read-only', password: 'victim password 1' });
  });

  it('asks the browser to sign in; the token alone names nobody', async () => {
    expect((await http(web.port, 'GET', '/auth/session', { headers: { cookie: tokenCookie() } })).json).toMatchObject({ accountsExist: true, signedIn: false });
    expect(await wsCall(tokenCookie(), 'session-whoami', {})).toMatchObject({ ok: true, result: { permissions: [], accountsExist: true } });
    expect(await wsCall(tokenCookie(), 'pool-list', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const api = await http<{ ok: boolean; error: { code: string } }>(web.port, 'POST', '/api/v1/pool-list', { token: web.token, body: {} });
    expect(api.status).toBe(401);
    expect(api.json.error.code).toBe('unauthorized');
    // The sign-in page's POST needs the token too, and refuses other origins.
    expect((await http(web.port, 'POST', '/auth/login', { body: { name: 'root', password: 'admin password 1' } })).status).toBe(401);
    expect(
      (
        await http(web.port, 'POST', '/auth/login', {
          headers: { cookie: tokenCookie(), origin: 'http://evil.example' },
          body: { name: 'root', password: 'x' },
        })
      ).status,
    ).toBe(403);
  });

  it('a Help Desk account signed in on the socket logs a user off but cannot change a pool', async () => {
    const r = await login('helpdesk', 'helpdesk password 1');
    expect(r.status).toBe(200);
    const cookie = `${tokenCookie()}; ${sessionOf(r)}`;
    expect(await wsCall(cookie, 'session-whoami', {})).toMatchObject({ ok: true, result: { user: 'helpdesk', role: 'help-desk' } });
    expect(await wsCall(cookie, 'pool-update', { id: 'pool-1', displayName: 'changed' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const s = await lab.client.call('session-connect', { userId: 'u-1', clientDevice: 'windows', network: 'lan' });
    expect(await wsCall(cookie, 'session-logoff', { ids: [s.sessionId] })).toMatchObject({ ok: true });
    // Signed out: the same cookie names nobody again.
    await http(web.port, 'POST', '/auth/logout', { headers: { cookie, origin: origin() } });
    expect(await wsCall(cookie, 'pool-list', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('the Horizon REST login and /api/v1 with its token act as the account, with its role', async () => {
    const r = await http<{ access_token: string }>(web.port, 'POST', '/rest/login', {
      body: { username: 'helpdesk', password: 'helpdesk password 1', domain: 'CORP' },
    });
    expect(r.status).toBe(200);
    const token = r.json.access_token;
    const pools = await http<{ id: string; display_name: string }[]>(web.port, 'GET', '/rest/inventory/v1/desktop-pools', { token });
    expect(pools.status).toBe(200);
    const pool = pools.json[0] as { id: string; display_name: string };
    const put = await http<{ error_key?: string; errors?: { error_key: string }[] }>(web.port, 'PUT', `/rest/inventory/v1/desktop-pools/${pool.id}`, {
      token,
      body: { display_name: 'changed by help desk' },
    });
    expect(put.status).toBe(403);
    expect((await http<{ display_name: string }>(web.port, 'GET', `/rest/inventory/v1/desktop-pools/${pool.id}`, { token })).json.display_name).toBe(
      pool.display_name,
    );
    const api = await http<{ ok: boolean; error: { code: string } }>(web.port, 'POST', '/api/v1/pool-set-enabled', {
      token,
      body: { id: 'pool-1', enabled: false },
    });
    expect(api.status).toBe(403);
    expect(api.json.error.code).toBe('forbidden');
    const who = await http<{ result: { role: string; transport: string } }>(web.port, 'POST', '/api/v1/session-whoami', { token, body: {} });
    expect(who.json.result).toMatchObject({ role: 'help-desk', transport: 'http-api' });
    // The old built-in administrator with the console token no longer logs in.
    expect((await http(web.port, 'POST', '/rest/login', { body: { username: 'administrator', password: web.token, domain: 'CORP' } })).status).toBe(401);
    const trail = await lab.client.call('audit-list', { user: 'helpdesk', outcome: 'error', limit: 50 });
    expect(new Set(trail.rows.map((x) => x.transport))).toEqual(new Set(['rest', 'http-api', 'websocket']));
  });

  it(`locks an account after ${LOGIN_PARAMS.lockoutThreshold} failures for ${LOGIN_PARAMS.lockoutMinutes} minutes, right password or not`, async () => {
    now += 3_600_000; // a fresh minute for the client throttle
    for (let i = 1; i < LOGIN_PARAMS.lockoutThreshold; i++) expect((await login('victim', `wrong ${i}`)).status).toBe(401);
    const last = await login('victim', 'wrong again');
    expect(last.status).toBe(423);
    expect(last.headers['retry-after']).toBe(String(LOGIN_PARAMS.lockoutMinutes * 60));
    expect((await login('victim', 'victim password 1')).status).toBe(423);
    now += (LOGIN_PARAMS.lockoutMinutes - 1) * 60_000;
    expect((await login('victim', 'victim password 1')).status).toBe(423);
    now += 2 * 60_000;
    expect((await login('victim', 'victim password 1')).status).toBe(200);
    const rows = (await lab.client.call('audit-list', { method: 'login', user: 'victim', limit: 20 })).rows;
    expect(rows.map((r) => r.code).reverse()).toEqual([
      ...Array(LOGIN_PARAMS.lockoutThreshold - 1).fill('bad-credentials'),
      'locked',
      'locked',
      'locked',
      null,
    ]);
  });

  it('a lock, and the failures before one, hold in the next process (a restart, a `vdi-console call --as`)', async () => {
    // Found by a black-box run: a serve restart cleared a lock, and `call --as` (a process per call) never counted failures.
    const dir = tempDir('vdi-lockout-');
    let t = Date.parse('2026-11-24T12:00:00Z');
    const open = () => openHost({ dataDir: dir, lab: 'small', seed: 1, wallClock: () => new Date(t) });
    try {
      let h = open();
      expect((await h.dispatch('account-create', { name: 'root', role: 'administrators', password: 'admin password 1' })).ok).toBe(true);
      expect((await h.dispatch('account-create', { name: 'mallory', role: 'read-only', password: 'mallory password 1' })).ok).toBe(true);
      // Four failures, one process each (as `call --as` makes them).
      for (let i = 1; i < LOGIN_PARAMS.lockoutThreshold; i++) {
        h.close();
        h = open();
        expect(await h.accounts.login('Mallory', `wrong ${i}`, 'cli', 'local')).toMatchObject({ ok: false, reason: 'bad-credentials' });
        t += 10_000;
      }
      h.close();
      h = open();
      expect(await h.accounts.login('mallory', 'wrong again', 'cli', 'local')).toMatchObject({ ok: false, reason: 'locked' });
      // A restart keeps the lock, right password or not, until it runs out.
      h.close();
      t += 60_000;
      h = open();
      expect(await h.accounts.login('mallory', 'mallory password 1', 'cli', 'local')).toMatchObject({ ok: false, reason: 'locked' });
      h.close();
      t += LOGIN_PARAMS.lockoutMinutes * 60_000;
      h = open();
      expect(await h.accounts.login('mallory', 'mallory password 1', 'cli', 'local')).toMatchObject({ ok: true });
      h.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`throttles a client past ${LOGIN_PARAMS.clientAttemptsPerMinute} attempts a minute`, async () => {
    now += 3_600_000;
    const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'a10', 'a11', 'a12'];
    const statuses: number[] = [];
    for (const n of names) statuses.push((await login(n, 'guess')).status);
    expect(statuses.slice(0, LOGIN_PARAMS.clientAttemptsPerMinute)).toEqual(Array(LOGIN_PARAMS.clientAttemptsPerMinute).fill(401));
    expect(statuses.slice(LOGIN_PARAMS.clientAttemptsPerMinute)).toEqual([429, 429]);
    // Even the right password waits out the minute.
    expect((await login('root', 'admin password 1')).status).toBe(429);
    now += 61_000;
    expect((await login('root', 'admin password 1')).status).toBe(200);
  });
});
