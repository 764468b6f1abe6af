import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../src-main/host/web-server.ts';
import { http, type HttpReply } from '../helpers/http-client.ts';
import { contentDigest, tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// What a script sends to the Horizon subset, read as a Connection Server reads it, and who the
// request log says sent it. Query parameters of the Horizon subset are typed in the 2512 spec (boolean `forced`,
// `enforce_associated_session_check`, `group_only`, `enforce`; integer Between bounds). A value of
// the wrong type is a 400 that changes nothing — never a silent fall-back to the default, which for
// `enforce_associated_session_check` would delete a pool with its sessions.

type Obj = Record<string, unknown>;
let root: string;
let lab: TempLab;
let web: WebServer;
let access = '';

beforeAll(async () => {
  root = tempDir('vdi-horizon-params-');
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html>');
  lab = tempLab('small', 1, join(root, 'lab'));
  await lab.client.call('clock-step', { seconds: 2 * 3600 }); // 09:00: sessions in every pool
  web = await startWebServer({ host: lab.host, rendererDir: join(root, 'renderer'), port: 0 });
  const login = await http<{ access_token: string }>(web.port, 'POST', '/rest/login', {
    body: { username: 'administrator', password: web.token, domain: 'CORP' },
  });
  access = login.json.access_token;
}, 120_000);

afterAll(async () => {
  await web.close();
  lab.host.close();
  rmSync(root, { recursive: true, force: true });
});

const rest = <T = unknown>(method: string, path: string, body?: unknown) => http<T>(web.port, method, `/rest${path}`, { token: access, body });

function digest(): string {
  const db = lab.peek();
  try {
    return contentDigest(db);
  } finally {
    db.close();
  }
}

function badRequest(r: HttpReply, key: string): void {
  expect(r.status, r.text).toBe(400);
  expect(r.json).toMatchObject({ status: 'BAD_REQUEST', error_key: key, error_message: expect.any(String) });
}

describe('typed query parameters of /rest', () => {
  it('a boolean parameter that is not true / false (Spring spellings) is 400 and changes nothing', async () => {
    const sessions = (await rest<Obj[]>('GET', '/inventory/v7/sessions')).json;
    const session = sessions.find((s) => s.session_state === 'CONNECTED') as Obj;
    const pools = (await rest<Obj[]>('GET', '/inventory/v12/desktop-pools')).json;
    const busyPool = pools.find((p) => sessions.some((s) => s.desktop_pool_id === p.id)) as Obj;
    const machine = (await rest<Obj[]>('GET', '/inventory/v1/machines?page=1&size=1')).json[0] as Obj;
    expect(session && busyPool && machine).toBeTruthy();

    const before = digest();
    badRequest(await rest('POST', '/inventory/v1/sessions/action/logoff?forced=maybe', [session.id]), 'rest.invalid.field');
    badRequest(await rest('DELETE', `/inventory/v12/desktop-pools/${busyPool.id as string}?enforce_associated_session_check=ture`), 'rest.invalid.field');
    badRequest(await rest('DELETE', `/inventory/v1/desktop-pools/${busyPool.id as string}?enforce_associated_session_check=2`), 'rest.invalid.field');
    badRequest(await rest('POST', '/inventory/v1/machines/action/enter-maintenance?enforce=sure', [machine.id]), 'rest.invalid.field');
    badRequest(await rest('POST', '/inventory/v1/machines/action/reset?enforce=x', [machine.id]), 'rest.invalid.field');
    badRequest(await rest('GET', '/external/v1/ad-users-or-groups?group_only=groups'), 'rest.invalid.field');
    expect(digest()).toBe(before);
    expect((await rest('GET', `/inventory/v7/sessions/${session.id as string}`)).status).toBe(200);
    expect((await rest('GET', `/inventory/v12/desktop-pools/${busyPool.id as string}`)).status).toBe(200);
  });

  it('TRUE, yes, 1 read as true and FALSE, no, 0 as false, as Horizon reads them', async () => {
    const sizes = async (q: string) => {
      const list = (await rest<Obj[]>('GET', `/external/v1/ad-users-or-groups?${q}`)).json;
      return { groups: list.filter((x) => x.group === true).length, users: list.filter((x) => x.group !== true).length };
    };
    const both = await sizes('');
    expect(both.groups).toBeGreaterThan(0);
    expect(both.users).toBeGreaterThan(0);
    for (const t of ['true', 'TRUE', 'yes', '1']) expect(await sizes(`group_only=${t}`)).toEqual({ groups: both.groups, users: 0 });
    for (const f of ['false', 'False', 'no', '0']) expect(await sizes(`group_only=${f}`)).toEqual({ groups: 0, users: both.users });
    expect(await sizes('group_only=')).toEqual(both);
  });

  it('a text match takes text, Equals a text, number or boolean: other values are 400, not an empty list (black-box round 5)', async () => {
    const f = (type: string, value: unknown) => encodeURIComponent(JSON.stringify({ type, name: 'name', value }));
    for (const [type, value] of [
      ['Contains', 42],
      ['StartsWith', ['KW']],
      ['Equals', { a: 1 }],
      ['NotEquals', []],
      ['Equals', [{ a: 1 }]],
    ] as const) {
      badRequest(await rest('GET', `/inventory/v1/machines?filter=${f(type, value)}`), 'rest.invalid.filter');
    }
    const some = await rest<Obj[]>('GET', `/inventory/v1/machines?filter=${f('StartsWith', 'KW')}`);
    expect(some.status).toBe(200);
    expect(some.json.length).toBeGreaterThan(0);
  });

  it('Between takes numbers: other bounds are 400, not an empty list', async () => {
    const f = (v: unknown) => encodeURIComponent(JSON.stringify({ type: 'Between', name: 'start_time', from_value: v, to_value: v }));
    badRequest(await rest('GET', `/inventory/v7/sessions?filter=${f('yesterday')}`), 'rest.invalid.filter');
    badRequest(await rest('GET', `/inventory/v1/sessions?filter=${f(true)}`), 'rest.invalid.filter');
    const ok = await rest<Obj[]>(
      'GET',
      `/inventory/v7/sessions?filter=${encodeURIComponent(JSON.stringify({ type: 'Between', name: 'start_time', from_value: '0', to_value: 9e15 }))}`,
    );
    expect(ok.status).toBe(200);
    expect(ok.json.length).toBeGreaterThan(0);
  });

  it('a JSON body that starts with a UTF-8 byte order mark (PowerShell 5.1 -InFile) is read as JSON', async () => {
    const bom = (o: unknown) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(o))]);
    const login = await http<Obj>(web.port, 'POST', '/rest/login', {
      headers: { 'content-type': 'application/json' },
      body: bom({ username: 'administrator', password: web.token, domain: 'CORP' }),
    });
    expect(login.status, login.text).toBe(200);
    expect(login.json.access_token).toEqual(expect.any(String));
    const pools = (await rest<Obj[]>('GET', '/inventory/v12/desktop-pools')).json;
    const enable = await rest<Obj[]>('POST', '/inventory/v1/desktop-pools/action/enable', bom([pools[0]?.id]));
    expect(enable.json).toEqual([{ id: pools[0]?.id, status_code: 200 }]);
    badRequest(await rest('POST', '/inventory/v1/desktop-pools/action/enable', Buffer.from([0xef, 0xbb, 0xbf])), 'rest.invalid.field');
  });
});

describe('the request log of /rest', () => {
  it('names no caller for a failed login, and the signed-in user for a login that succeeds', async () => {
    const login = (password: string) => http(web.port, 'POST', '/rest/login', { body: { username: 'administrator', password, domain: 'CORP' } });
    expect((await login('wrong')).status).toBe(401);
    expect((await login(web.token)).status).toBe(200);
    const log = await lab.client.call('rest-log-list', { limit: 2 });
    expect(log.entries.map((e) => [e.operation, e.status, e.caller])).toEqual([
      ['loginUser', 200, 'CORP\\administrator'],
      ['loginUser', 401, '-'],
    ]);
  });
});

describe('injected faults', () => {
  it('never apply to the fault administration: a rule over all of /api/v1 can still be listed and cleared over HTTP', async () => {
    const api = (method: string, body: unknown) => http<{ ok: boolean; result?: unknown }>(web.port, 'POST', `/api/v1/${method}`, { token: web.token, body });
    expect((await api('rest-fault-set', { id: 'all-api', match: { pathPrefix: '/api/v1' }, status: 503 })).status).toBe(200);
    expect((await api('lab-info', {})).status).toBe(503); // the rule works
    const list = await api('rest-fault-list', {});
    expect(list.status).toBe(200);
    expect(list.json.result).toEqual([expect.objectContaining({ id: 'all-api', fired: 1 })]);
    expect((await api('rest-fault-clear', { id: 'all-api' })).json).toEqual({ ok: true, result: { removed: 1 } });
    expect((await api('lab-info', {})).status).toBe(200);
  });
});

// Last in the file: once the lab has accounts, /rest/login takes them instead of the built-in administrator.
describe('an account whose role lacks the permission', () => {
  it('is refused item by item with 403 auth.privilege.missing, and nothing changes', async () => {
    await lab.client.call('account-create', { name: 'admin.one', role: 'administrators', password: 'Correct-Horse-9' });
    await lab.client.call('account-create', { name: 'ro.one', role: 'read-only', password: 'Correct-Horse-9' });
    const login = await http<{ access_token: string }>(web.port, 'POST', '/rest/login', {
      body: { username: 'ro.one', password: 'Correct-Horse-9', domain: 'CORP' },
    });
    expect(login.status, login.text).toBe(200);
    const ro = (method: string, path: string, body?: unknown) => http<Obj[]>(web.port, method, `/rest${path}`, { token: login.json.access_token, body });
    const pools = (await ro('GET', '/inventory/v12/desktop-pools')).json;
    const machine = ((await ro('GET', '/inventory/v1/machines?page=1&size=1')).json[0] as Obj).id;
    const before = digest();
    for (const [path, id] of [
      ['/inventory/v1/desktop-pools/action/disable', pools[0]?.id],
      ['/inventory/v1/machines/action/enter-maintenance', machine],
    ] as const) {
      const r = await ro('POST', path, [id]);
      expect(r.status, r.text).toBe(200);
      expect(r.json).toEqual([
        {
          id,
          status_code: 403,
          errors: [{ error_key: 'auth.privilege.missing', error_message: expect.stringContaining('read-only') }],
          timestamp: expect.any(Number),
        },
      ]);
    }
    expect(digest()).toBe(before);
  });
});
