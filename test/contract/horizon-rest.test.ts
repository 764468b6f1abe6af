import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/lab.ts';
import { LabHttp, http, startServeWith, stopServes, type ServeProcess } from '../helpers/http-client.ts';

// The Horizon REST subset over real HTTP against a running `vdi-console serve` (small lab, seed 1):
// each resource answers in Horizon's shapes, and what a script does through /rest shows up in the
// lab (read back through /api/v1, as the console sees it).

type Obj = Record<string, unknown>;
const dirs: string[] = [];
let s: ServeProcess;
let lab: LabHttp;

beforeAll(async () => {
  const dir = tempDir('vdi-horizon-');
  dirs.push(dir);
  s = await startServeWith(dir);
  lab = new LabHttp(s.port, s.token);
  await lab.login();
  await lab.api('clock-step', { seconds: 2 * 3600 }); // 09:00: sessions in every pool
}, 180_000);

afterAll(async () => {
  await stopServes();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const POOL = (n: number) => `00000001-0000-4000-8000-${String(n).padStart(12, '0')}`;

function expectError(r: { status: number; json: unknown }, status: number, key?: string) {
  expect(r.status).toBe(status);
  const body = r.json as Obj;
  expect(body).toMatchObject({ status: expect.any(String), timestamp: expect.any(Number), error_key: expect.any(String), error_message: expect.any(String) });
  expect((body.errors as Obj[])[0]).toEqual({ error_key: body.error_key, error_message: body.error_message });
  if (key) expect(body.error_key).toBe(key);
}

/** A user entitled to this pool (through a group) without a session now. */
async function idleUserOf(poolId: string): Promise<string> {
  const busy = new Set((await lab.api<{ userId: string }[]>('session-list', {})).map((r) => r.userId));
  for (const e of await lab.api<{ principalType: string; principalId: string }[]>('entitlement-list', { poolId })) {
    if (e.principalType !== 'group') continue;
    const users = await lab.api<{ rows: { id: string }[] }>('user-list', { groupId: e.principalId, limit: 500 });
    const free = users.rows.find((u) => !busy.has(u.id));
    if (free) return free.id;
  }
  throw new Error(`no idle user entitled to ${poolId}`);
}

describe('login, refresh, logout', () => {
  it('tokens come from /rest/login; a wrong password, a UPN or no token are refused with Horizon error bodies', async () => {
    expectError(
      await http(s.port, 'POST', '/rest/login', { body: { username: 'administrator', password: 'wrong', domain: 'CORP' } }),
      401,
      'auth.invalid.credentials',
    );
    expectError(await http(s.port, 'POST', '/rest/login', { body: { username: 'administrator@corp.local', password: s.token, domain: 'CORP' } }), 400);
    expectError(await http(s.port, 'GET', '/rest/inventory/v1/desktop-pools'), 401, 'auth.token.missing');
    // The console token is for /api/v1; /rest takes the tokens of /rest/login.
    expectError(await http(s.port, 'GET', '/rest/inventory/v1/desktop-pools', { token: s.token }), 401, 'auth.token.invalid');
    const other = new LabHttp(s.port, s.token);
    await other.login();
    const refreshed = await http<{ access_token: string }>(s.port, 'POST', '/rest/refresh', { body: { refresh_token: other.refresh } });
    expect(refreshed.status).toBe(200);
    expect((await http(s.port, 'GET', '/rest/inventory/v1/farms', { token: refreshed.json.access_token })).status).toBe(200);
    expect((await http(s.port, 'POST', '/rest/logout', { body: { Refresh_token: other.refresh } })).status).toBe(200);
    expectError(await http(s.port, 'GET', '/rest/inventory/v1/farms', { token: refreshed.json.access_token }), 401);
    expectError(await http(s.port, 'POST', '/rest/refresh', { body: { refresh_token: other.refresh } }), 400, 'auth.refresh.token.invalid');
  });
});

describe('desktop pools', () => {
  it('v1 and v12 list every pool; an RDS pool points at its farm; get by id; unknown id 404', async () => {
    const v1 = await lab.rest<Obj[]>('GET', '/inventory/v1/desktop-pools');
    expect(v1.json.map((p) => p.name).sort()).toEqual(['CC-RDSH-Farm', 'DEV-Linked', 'KIOSK-Manual', 'KW-Floating', 'PWR-Dedicated', 'TW-Floating']);
    const v12 = await lab.rest<Obj[]>('GET', '/inventory/v12/desktop-pools');
    const rds = v12.json.find((p) => p.type === 'RDS') as Obj;
    expect(rds.farm_id).toBe(`00000004-0000-4000-8000-${(rds.id as string).slice(-12)}`);
    const kw = (await lab.rest<Obj>('GET', `/inventory/v12/desktop-pools/${POOL(1)}`)).json;
    expect(kw).toMatchObject({ name: 'KW-Floating', type: 'AUTOMATED', source: 'INSTANT_CLONE', user_assignment: 'FLOATING', entra_sso_enabled: false });
    expect((kw.pattern_naming_settings as Obj).naming_pattern).toBe('KW-{n:fixed=3}');
    expectError(await lab.rest('GET', `/inventory/v12/desktop-pools/${POOL(99)}`), 404);
    // A path id is read percent-decoded, as Horizon's server reads it: the 404 names the id, not its escaped form.
    const escaped = await lab.rest<Obj>('GET', `/inventory/v12/desktop-pools/${encodeURIComponent('no such/pool')}`);
    expectError(escaped, 404);
    expect(escaped.json.error_message).toContain('no such/pool');
    expect(escaped.json.error_message).not.toContain('%2F');
    const filtered = await lab.rest<Obj[]>(
      'GET',
      `/inventory/v12/desktop-pools?filter=${encodeURIComponent('{"type":"StartsWith","name":"name","value":"kw"}')}`,
    );
    expect(filtered.json.map((p) => p.name)).toEqual(['KW-Floating']);
  });

  it('a pool disabled through /rest refuses the next connection; enabled again it accepts', async () => {
    const user = await idleUserOf('pool-2');
    const off = await lab.rest<Obj[]>('POST', '/inventory/v1/desktop-pools/action/disable', [POOL(2), POOL(99)]);
    expect(off.json).toEqual([
      { id: POOL(2), status_code: 200 },
      expect.objectContaining({ id: POOL(99), status_code: 404, errors: [expect.objectContaining({ error_key: expect.any(String) })] }),
    ]);
    const refused = await lab.apiReply('session-connect', { userId: user, poolId: 'pool-2', clientDevice: 'windows', network: 'lan' });
    expect(refused.status).toBe(409);
    expect(refused.json.error?.message).toMatch(/pool-disabled/);
    const events = await lab.api<{ rows: { user: string; message: string }[] }>('event-list', { objectId: 'pool-2', type: 'audit-success', limit: 1 });
    expect(events.rows[0]).toMatchObject({ user: 'CORP\\administrator', message: expect.stringMatching(/disabled/) });
    await lab.rest('POST', '/inventory/v1/desktop-pools/action/enable', [POOL(2)]);
    const ok = await lab.apiReply('session-connect', { userId: user, poolId: 'pool-2', clientDevice: 'windows', network: 'lan' });
    expect(ok.status).toBe(200);
  });

  it('provisioning of a manual pool is refused for that item only', async () => {
    const r = await lab.rest<Obj[]>('POST', '/inventory/v1/desktop-pools/action/enable-provisioning', [POOL(6), POOL(4)]);
    expect(r.json.map((i) => i.status_code)).toEqual([400, 200]);
  });

  it('create (201), update (204) and delete (204) a pool through v12', async () => {
    const images = (await lab.rest<Obj[]>('GET', '/external/v3/base-vms')).json;
    const snapshots = (await lab.rest<Obj[]>('GET', `/external/v3/base-snapshots?base_vm_id=${images[0]?.id as string}`)).json;
    const spec = {
      name: 'REST-IC',
      type: 'AUTOMATED',
      source: 'INSTANT_CLONE',
      entra_sso_enabled: false,
      provisioning_settings: {
        parent_vm_id: images[0]?.id,
        base_snapshot_id: snapshots.at(-1)?.id,
        host_or_cluster_id: 'domain-c1',
        resource_pool_id: 'x',
        vm_folder_id: 'y',
      },
      pattern_naming_settings: { naming_pattern: 'RIC-{n:fixed=2}', max_number_of_machines: 2, provisioning_time: 'UP_FRONT' },
      storage_settings: { datastores: [{ datastore_id: 'datastore-1' }] },
      session_settings: { power_policy: 'ALWAYS_POWERED_ON', disconnected_session_timeout_policy: 'NEVER' },
    };
    const created = await lab.rest('POST', '/inventory/v12/desktop-pools', spec);
    expect(created.status).toBe(201);
    expectError(await lab.rest('POST', '/inventory/v12/desktop-pools', spec), 409); // the name is taken
    const pool = (await lab.rest<Obj[]>('GET', '/inventory/v12/desktop-pools')).json.find((p) => p.name === 'REST-IC') as Obj;
    expect(pool).toMatchObject({ num_machines: 2, session_settings: expect.objectContaining({ power_policy: 'ALWAYS_POWERED_ON' }) });
    const put = await lab.rest('PUT', `/inventory/v12/desktop-pools/${pool.id as string}`, {
      display_name: 'Made over REST',
      enabled: false,
      entra_sso_enabled: false,
    });
    expect(put.status).toBe(204);
    expect((await lab.rest<Obj>('GET', `/inventory/v12/desktop-pools/${pool.id as string}`)).json).toMatchObject({
      display_name: 'Made over REST',
      enabled: false,
    });
    expect((await lab.rest('DELETE', `/inventory/v12/desktop-pools/${pool.id as string}`)).status).toBe(204);
    expectError(await lab.rest('GET', `/inventory/v12/desktop-pools/${pool.id as string}`), 404);
    expectError(await lab.rest('POST', '/inventory/v12/desktop-pools', { ...spec, name: 'X', type: 'RDS' }), 400, 'rest.not.simulated');
  });

  it('push image: schedule for later, list the task, cancel it', async () => {
    const kw = (await lab.rest<Obj>('GET', `/inventory/v12/desktop-pools/${POOL(1)}`)).json;
    const prov = kw.provisioning_settings as Obj;
    const snaps = (await lab.rest<Obj[]>('GET', `/external/v3/base-snapshots?base_vm_id=${prov.parent_vm_id as string}`)).json;
    const other = snaps.find((x) => x.id !== prov.base_snapshot_id) as Obj;
    const later = Date.parse('2027-01-01T00:00:00Z');
    const r = await lab.rest<Obj[]>('POST', `/inventory/v3/desktop-pools/${POOL(1)}/action/schedule-push-image`, {
      logoff_policy: 'WAIT_FOR_LOGOFF',
      parent_vm_id: prov.parent_vm_id,
      snapshot_id: other.id,
      start_time: later,
    });
    expect(r.json).toEqual([{ id: POOL(1), status_code: 200 }]);
    const tasks = (await lab.rest<Obj[]>('GET', `/inventory/v1/desktop-pools/${POOL(1)}/tasks`)).json;
    expect(tasks[0]).toMatchObject({ operation: 'PUSH_IMAGE', schedule_time: later });
    const status = (await lab.rest<Obj>('GET', `/inventory/v12/desktop-pools/${POOL(1)}`)).json.provisioning_status_data as Obj;
    expect(status).toMatchObject({ instant_clone_operation: 'SCHEDULE_PUSH_IMAGE', instant_clone_pending_image_snapshot_id: other.id });
    expect((await lab.rest('POST', `/inventory/v1/desktop-pools/${POOL(1)}/action/cancel-scheduled-push-image`)).status).toBe(204);
    expectError(await lab.rest('POST', `/inventory/v1/desktop-pools/${POOL(1)}/action/cancel-scheduled-push-image`), 404);
    expectError(
      await lab.rest('POST', `/inventory/v3/desktop-pools/${POOL(1)}/action/schedule-push-image`, {
        logoff_policy: 'WAIT_FOR_LOGOFF',
        snapshot_id: other.id,
        selective_push_image: true,
      }),
      400,
      'rest.not.simulated',
    );
  });
});

describe('machines', () => {
  it('pages concatenate to the whole list; HAS_MORE_RECORDS only before the last page; X-TOTAL-COUNT; page past the end 400', async () => {
    await lab.api('clock-set', { speed: 'paused' });
    const all = await lab.rest<Obj[]>('GET', '/inventory/v1/machines');
    const desktops = await lab.api<{ total: number }>('desktop-detail-list', { sessionType: 'single-session', limit: 1 });
    expect(all.json.length).toBe(desktops.total); // single-session machines only: session hosts are RDS servers
    const last = Math.ceil(all.json.length / 10);
    const pages: Obj[] = [];
    for (let page = 1; page <= last; page++) {
      const r = await lab.rest<Obj[]>('GET', `/inventory/v1/machines?page=${page}&size=10`);
      expect(r.headers['x-total-count']).toBe(String(all.json.length));
      pages.push(...r.json);
      if (page < last) expect(r.headers.has_more_records).toBe('TRUE');
      else expect(r.headers.has_more_records).toBeUndefined();
    }
    expect(pages.map((m) => m.id)).toEqual(all.json.map((m) => m.id));
    expectError(await lab.rest('GET', `/inventory/v1/machines?page=${last + 1}&size=10`), 400, 'rest.invalid.page');
    expectError(await lab.rest('GET', '/inventory/v1/machines?page=1&size=1001'), 400);
  });

  it('filters (And, Or, Not, StartsWith, Contains on user_ids) and sorting', async () => {
    const f = (json: unknown) => `filter=${encodeURIComponent(JSON.stringify(json))}`;
    const kw = await lab.rest<Obj[]>('GET', `/inventory/v10/machines?${f({ type: 'StartsWith', name: 'name', value: 'kw-' })}&sort_by=name&order_by=DESC`);
    expect(kw.json.length).toBe(22);
    expect(kw.json[0]?.name).toBe('KW-022');
    const assigned = kw.json.length ? await lab.rest<Obj[]>('GET', `/inventory/v10/machines?${f({ type: 'StartsWith', name: 'name', value: 'PWR' })}`) : null;
    const owner = (assigned?.json.find((m) => (m.user_ids as string[]).length > 0)?.user_ids as string[])[0] as string;
    const mine = await lab.rest<Obj[]>('GET', `/inventory/v1/machines?${f({ type: 'Contains', name: 'user_ids', value: owner })}`);
    expect(mine.json.length).toBe(1);
    const all = (await lab.rest<Obj[]>('GET', '/inventory/v1/machines')).json;
    const notKw = await lab.rest<Obj[]>('GET', `/inventory/v1/machines?${f({ type: 'Not', filter: { type: 'StartsWith', name: 'name', value: 'KW' } })}`);
    expect(notKw.json.length).toBe(all.length - 22);
    const either = await lab.rest<Obj[]>(
      'GET',
      `/inventory/v1/machines?${f({
        type: 'Or',
        filters: [
          { type: 'Equals', name: 'desktop_pool_id', value: POOL(3) },
          { type: 'Equals', name: 'desktop_pool_id', value: POOL(6) },
        ],
      })}`,
    );
    expect(either.json.length).toBe(8);
    expectError(await lab.rest('GET', `/inventory/v1/machines?${f({ type: 'EndsWith', name: 'name', value: '1' })}`), 400, 'rest.invalid.filter');
  });

  it('maintenance through /rest shows in the lab; a machine with a session is refused for that item', async () => {
    const machines = (await lab.rest<Obj[]>('GET', '/inventory/v10/machines')).json;
    const free = machines.find((m) => m.state === 'AVAILABLE' && !m.session_id) as Obj;
    const busy = machines.find((m) => m.session_id) as Obj;
    const r = await lab.rest<Obj[]>('POST', '/inventory/v1/machines/action/enter-maintenance', [free.id, busy.id]);
    expect(r.json.map((i) => i.status_code)).toEqual([200, 400]);
    const internal = `vm-${Number((free.id as string).slice(-12))}`;
    expect((await lab.api<{ state: string }>('desktop-get', { id: internal })).state).toBe('MAINTENANCE');
    expect((await lab.rest<Obj>('GET', `/inventory/v1/machines/${free.id as string}`)).json).toMatchObject({
      state: 'MAINTENANCE',
      managed_machine_data: expect.objectContaining({ in_maintenance_mode: true }),
    });
    await lab.rest('POST', '/inventory/v1/machines/action/exit-maintenance', [free.id]);
    expect((await lab.api<{ state: string }>('desktop-get', { id: internal })).state).toBe('AVAILABLE');
  });

  it('reset of a machine without a session, restart with force_operation, assign and unassign users', async () => {
    const machines = (await lab.rest<Obj[]>('GET', '/inventory/v10/machines')).json;
    const free = machines.find((m) => m.state === 'AVAILABLE' && !m.session_id && m.desktop_pool_user_assignment === 'FLOATING') as Obj;
    expect((await lab.rest<Obj[]>('POST', '/inventory/v1/machines/action/reset', [free.id])).json[0]?.status_code).toBe(200);
    expect((await lab.rest<Obj>('GET', `/inventory/v1/machines/${free.id as string}`)).json.state).toBe('WAITING_FOR_AGENT');
    const busy = machines.find((m) => m.session_id && m.desktop_pool_source === 'INSTANT_CLONE') as Obj;
    expect((await lab.rest<Obj[]>('POST', '/inventory/v1/machines/action/restart', { machine_ids: [busy.id] })).json[0]?.status_code).toBe(400);
    expect(
      (await lab.rest<Obj[]>('POST', '/inventory/v1/machines/action/restart', { machine_ids: [busy.id], force_operation: true })).json[0]?.status_code,
    ).toBe(200);
    const pwr = machines.find((m) => m.desktop_pool_user_assignment === 'DEDICATED' && (m.user_ids as string[]).length === 0) as Obj | undefined;
    if (pwr) {
      const sid = (await lab.rest<Obj[]>('GET', `/entitlements/v1/desktop-pools/${pwr.desktop_pool_id as string}`)).json as unknown as Obj;
      expect(sid).toBeTruthy();
    }
  });
});

describe('sessions', () => {
  it('a session logged off through /rest is gone from the console; send-message reaches the user', async () => {
    const sessions = (await lab.rest<Obj[]>('GET', '/inventory/v7/sessions')).json;
    const connected = sessions.filter((x) => x.session_state === 'CONNECTED');
    expect(connected.length).toBeGreaterThan(2);
    const [a, b] = connected as [Obj, Obj];
    expect(a).toMatchObject({ session_type: 'DESKTOP', agent_version: expect.any(String), user_id: expect.stringMatching(/^S-1-5-21-/) });
    const msg = await lab.rest<Obj[]>('POST', '/inventory/v1/sessions/action/send-message', {
      message: 'Patch tonight\nSave your work.',
      message_type: 'WARNING',
      session_ids: [b.id],
    });
    expect(msg.json).toEqual([{ id: b.id, status_code: 200 }]);
    const internalB = `sess-${Number((b.id as string).slice(-12))}`;
    const detail = await lab.api<{ messages: { title: string; severity: string }[] }>('session-get', { id: internalB });
    // The first line is the title, the rest the body: the user does not read the first line twice.
    expect(detail.messages.at(-1)).toMatchObject({ title: 'Patch tonight', body: 'Save your work.', severity: 'warning' });
    const off = await lab.rest<Obj[]>('POST', '/inventory/v1/sessions/action/logoff?forced=true', [a.id, 'not-a-session']);
    expect(off.json.map((i) => i.status_code)).toEqual([200, 404]);
    const internalA = `sess-${Number((a.id as string).slice(-12))}`;
    expect((await lab.api<{ id: string }[]>('session-list', {})).some((r) => r.id === internalA)).toBe(false);
    expectError(await lab.rest('GET', `/inventory/v1/sessions/${a.id as string}`), 404);
  });

  it('filters by session_state and machine_id; v1 and v7 get', async () => {
    const f = encodeURIComponent(JSON.stringify({ type: 'Equals', name: 'session_state', value: 'CONNECTED' }));
    const list = (await lab.rest<Obj[]>('GET', `/inventory/v1/sessions?filter=${f}`)).json;
    expect(list.every((x) => x.session_state === 'CONNECTED')).toBe(true);
    const one = list.find((x) => x.machine_id) as Obj;
    const byMachine = encodeURIComponent(JSON.stringify({ type: 'Equals', name: 'machine_id', value: one.machine_id }));
    expect((await lab.rest<Obj[]>('GET', `/inventory/v1/sessions?filter=${byMachine}`)).json.map((x) => x.id)).toEqual([one.id]);
    expect((await lab.rest<Obj>('GET', `/inventory/v7/sessions/${one.id as string}`)).json).toMatchObject({
      id: one.id,
      internal_session_id: expect.any(String),
    });
  });
});

describe('farms, RDS servers, entitlements, monitor, Help Desk, external', () => {
  it('one farm with its RDS servers', async () => {
    const farms = (await lab.rest<Obj[]>('GET', '/inventory/v9/farms')).json;
    expect(farms).toHaveLength(1);
    expect(farms[0]).toMatchObject({ name: 'CC-RDSH-Farm', type: 'AUTOMATED', source: 'INSTANT_CLONE', entra_sso_enabled: false });
    const rds = (await lab.rest<Obj[]>('GET', '/inventory/v6/rds-servers')).json;
    expect(rds).toHaveLength(4);
    expect(rds.every((r) => r.farm_id === farms[0]?.id)).toBe(true);
    expectError(await lab.rest('GET', `/inventory/v1/machines/00000002-${(rds[0]?.id as string).slice(9)}`), 404);
  });

  it('entitlements: add and remove a user by SID; duplicate pool ids are refused', async () => {
    const users = (await lab.rest<Obj[]>('GET', '/external/v1/ad-users-or-groups?group_only=false&page=1&size=5')).json;
    const sid = users[0]?.id as string;
    const add = await lab.rest<Obj[]>('POST', '/entitlements/v1/desktop-pools', [{ id: POOL(4), ad_user_or_group_ids: [sid, 'S-1-5-21-1-2-3-4'] }]);
    expect(add.json[0]).toMatchObject({
      id: POOL(4),
      status_code: 404,
      details: [{ ad_user_or_group_id: sid, status_code: 200 }, expect.objectContaining({ status_code: 404 })],
    });
    expect((await lab.rest<Obj>('GET', `/entitlements/v1/desktop-pools/${POOL(4)}`)).json.ad_user_or_group_ids).toContain(sid);
    const del = await lab.rest<Obj[]>('DELETE', '/entitlements/v1/desktop-pools', [{ id: POOL(4), ad_user_or_group_ids: [sid] }]);
    expect(del.json, `${del.status} ${del.text}`).toEqual([{ id: POOL(4), status_code: 200, details: [{ ad_user_or_group_id: sid, status_code: 200 }] }]);
    expect((await lab.rest<Obj>('GET', `/entitlements/v1/desktop-pools/${POOL(4)}`)).json.ad_user_or_group_ids).not.toContain(sid);
    expectError(await lab.rest('POST', '/entitlements/v1/desktop-pools', [{ id: POOL(4) }, { id: POOL(4) }]), 400);
  });

  it('monitor figures agree with the console', async () => {
    const summary = await lab.api<{ total: number; byState: Record<string, number> }>('session-summary', {});
    const m = (await lab.rest<Obj>('GET', '/monitor/v1/sessions/metrics')).json;
    expect(m.num_sessions).toBe(summary.total);
    const counts = (await lab.rest<{ virtual_center_vm_counts: Obj }>('GET', '/monitor/v2/machines/count-metrics')).json;
    const prepared = counts.virtual_center_vm_counts.prepared_count as Record<string, number>;
    const machines = (await lab.rest<Obj[]>('GET', '/inventory/v1/machines')).json;
    expect(prepared.available).toBe(machines.filter((x) => x.state === 'AVAILABLE').length);
    const pools = (await lab.rest<Obj[]>('GET', `/monitor/v1/desktop-pools/metrics?ids=${POOL(1)},${POOL(2)}`)).json;
    expect(pools.map((p) => p.id)).toEqual([POOL(1), POOL(2)]);
    expectError(await lab.rest('GET', '/monitor/v1/desktop-pools/metrics'), 400);
    const health = (await lab.rest<Obj[]>('GET', '/monitor/v1/health-metrics')).json;
    expect(health.map((h) => h.component)).toEqual(['ESX_HOST', 'DATASTORE', 'RDS_SERVER', 'FARM']);
    expect((await lab.rest<Obj>('GET', '/monitor/v2/system-metrics')).json).toMatchObject({
      health_metrics_info: expect.objectContaining({ component: 'ALL' }),
    });
    const usage = (await lab.rest<Obj[]>('GET', '/monitor/v1/datastores/usage-metrics?datastore_id=datastore-1')).json;
    expect(usage.length).toBeGreaterThan(0);
  });

  it('Help Desk: logon segments (v1 object, v3 bare string), display protocol; pod_id is for CPA', async () => {
    const sessions = (await lab.rest<Obj[]>('GET', '/inventory/v7/sessions')).json;
    let read = 0;
    for (const x of sessions.slice(0, 10)) {
      const r = await lab.rest<{ logon_segment_data: string }>('GET', `/helpdesk/v1/logon-timing/logon-segment?session_id=${x.id as string}`);
      if (r.status !== 200) continue;
      const tree = JSON.parse(r.json.logon_segment_data) as { v1: { d: number } };
      expect(tree.v1.d).toBeGreaterThan(0);
      const v3 = await lab.rest<string>(
        'GET',
        `/helpdesk/v3/logon-timing/logon-segment?internal_session_id=${encodeURIComponent(x.internal_session_id as string)}`,
      );
      expect(JSON.parse(v3.json)).toEqual(tree);
      read++;
    }
    expect(read).toBeGreaterThan(0);
    const blast = sessions.find((x) => x.session_protocol === 'BLAST') as Obj;
    const perf = await lab.rest<Obj>('GET', `/helpdesk/v1/performance/display-protocol?session_id=${blast.id as string}`);
    expect((perf.json.blast_performance_data as Obj).session_round_trip_time).toEqual(expect.any(Number));
    expectError(await lab.rest('GET', `/helpdesk/v1/performance/display-protocol?session_id=${blast.id as string}&pod_id=x`), 409);
  });

  it('external: a user by SID, audit events of what /rest did', async () => {
    const users = (await lab.rest<Obj[]>('GET', '/external/v1/ad-users-or-groups?group_only=false&page=1&size=3')).json;
    const u = (await lab.rest<Obj>('GET', `/external/v1/ad-users-or-groups/${users[0]?.id as string}`)).json;
    expect(u).toMatchObject({ group: false, login_name: expect.any(String), domain: 'corp.local', group_membership_ids: expect.any(Array) });
    const f = encodeURIComponent(JSON.stringify({ type: 'Contains', name: 'message', value: 'disabled' }));
    const events = (await lab.rest<Obj[]>('GET', `/external/v2/audit-events?filter=${f}`)).json;
    expect(events.some((e) => e.severity === 'AUDIT_SUCCESS' && e.desktop_pool_name === 'TW-Floating')).toBe(true);
  });
});

describe('the versions between v1 and the current one', () => {
  it('answer the current objects narrowed to their fields (v4 pools have no v12-only fields; v2 machines page like v1)', async () => {
    const v12 = (await lab.rest<Obj[]>('GET', '/inventory/v12/desktop-pools')).json;
    const v4 = (await lab.rest<Obj[]>('GET', '/inventory/v4/desktop-pools')).json;
    expect(v4.map((p) => p.id)).toEqual(v12.map((p) => p.id));
    expect(v4.every((p) => !('entra_sso_enabled' in p) && typeof p.name === 'string')).toBe(true);
    const m2 = await lab.rest<Obj[]>('GET', '/inventory/v2/machines?page=1&size=5');
    expect(m2.json).toHaveLength(5);
    expect(m2.headers.has_more_records).toBe('TRUE');
    expect((await lab.rest<Obj>('GET', `/inventory/v5/farms/00000004-0000-4000-8000-000000000005`)).json).toMatchObject({ name: 'CC-RDSH-Farm' });
    expect((await lab.rest<Obj[]>('GET', '/inventory/v3/sessions')).status).toBe(200);
  });
});

describe('what is not routed, and injected faults', () => {
  it('404 for unknown paths, 405 with Allow, 409 for Cloud Pod Architecture, repeated slashes collapse', async () => {
    expectError(await lab.rest('GET', '/inventory/v1/application-pools'), 404, 'rest.resource.not.found');
    const m = await lab.rest('PATCH', '/inventory/v1/machines');
    expectError(m, 405);
    expect(m.headers.allow).toContain('GET');
    // Allow names only what answers: DELETE machines and GET /login are Horizon operations this lab answers 404 (black-box round 6).
    expect(m.headers.allow).not.toContain('DELETE');
    const login = await lab.rest('PUT', '/login');
    expectError(login, 405);
    expect(login.headers.allow).toBe('POST');
    expectError(await lab.rest('GET', '/inventory/v1/global-sessions'), 409, 'federation.cpa.not.initialized');
    expect((await lab.rest('GET', '//inventory/v1/farms')).status).toBe(200);
    expectError(await lab.rest('POST', '/inventory/v1/machines/action/shutdown', []), 404);
  });

  it('a fault set through the API fails the matching operation its count of times, and the request log shows it (no secrets)', async () => {
    await lab.api('rest-fault-set', { id: 'flaky-farms', match: { operationId: 'listFarms' }, status: 503, count: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await lab.rest('GET', '/inventory/v1/farms')).status);
    expect(codes).toEqual([503, 503, 200]);
    await lab.api('rest-fault-set', { id: 'throttle', match: { pathPrefix: '/inventory/v1/farms' }, status: 429, retryAfterSeconds: 3, count: 1 });
    const t = await lab.rest('GET', '/inventory/v1/farms');
    expectError(t, 429, 'common.api-throttle-limit.exceeded.error');
    expect(t.headers['x-rate-limit-retry-after-seconds']).toBe('3');
    const log = await lab.api<{ entries: { path: string; status: number; fault: string | null; caller: string; operation: string }[] }>('rest-log-list', {
      limit: 50,
    });
    expect(log.entries.filter((e) => e.fault === 'flaky-farms').map((e) => e.status)).toEqual([503, 503]);
    expect(log.entries[0]).toMatchObject({ operation: 'listFarms', caller: 'CORP\\administrator' });
    const text = JSON.stringify(await lab.api('rest-log-list', { limit: 5000 }));
    expect(text).not.toContain(s.token);
    expect(text).not.toContain(lab.access);
    await lab.api('rest-fault-clear', {});
  });
});
