import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiCallError, Client } from '../../src-main/contract/client.ts';
import type { ApiError } from '../../src-main/contract/errors.ts';
import { openHost } from '../../src-main/host/host.ts';
import { createClient } from '../../src-main/contract/client.ts';
import { memoryTransport } from '../../src-main/host/host.ts';
import { LATEST_VERSION } from '../../src-main/store/db.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

// Issue 20, findings 1, 3 and 11: a lab file (a checkpoint in the checkpoints folder, or an
// imported one) is untrusted input. A file that is not wholly a valid lab is refused with
// `store-corrupt` naming the first bad row or schema object, and the live lab stays exactly as it
// was; nothing in such a file is executed (views, triggers) or adopted as it is.

const labs: TempLab[] = [];
/** Labs a test damaged on purpose: their stored invariants are not checked at the end. */
const damaged = new Set<TempLab>();
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose({ invariants: !damaged.has(l) });
  damaged.clear();
});
function lab(): TempLab {
  const l = tempLab('small', 1);
  labs.push(l);
  return l;
}

const errorOf = (p: Promise<unknown>): Promise<ApiError | null> =>
  p.then(
    () => null,
    (e: unknown) => (e as ApiCallError).error,
  );

/** A saved checkpoint of `l` and the path of its file. */
async function saved(l: TempLab): Promise<{ id: string; path: string }> {
  const cp = await l.client.call('checkpoint-save', { name: 'base' });
  const db = l.peek();
  const file = (db.prepare('SELECT file FROM checkpoints WHERE id = ?').get(cp.id) as { file: string }).file;
  db.close();
  return { id: cp.id, path: join(l.dir, 'checkpoints', file) };
}

/** Changes a checkpoint file in place with SQL (foreign keys off, as any SQLite tool opens it). */
function tamper(path: string, sql: string, opts: { writableSchema?: boolean } = {}): void {
  const db = new Database(path);
  db.pragma('foreign_keys = OFF'); // better-sqlite3 turns them on; a hand-edited file has whatever its editor allowed
  if (opts.writableSchema) {
    db.unsafeMode(true); // better-sqlite3 opens in SQLite's defensive mode, which forbids writing the schema
    db.pragma('writable_schema = ON');
  }
  db.exec(sql);
  db.close();
}

async function importBytes(c: Client, name: string, bytes: Buffer) {
  const { uploadId, chunkBytes } = await c.call('checkpoint-import-begin', { name, sizeBytes: bytes.length });
  for (let off = 0; off < bytes.length; off += chunkBytes) {
    await c.call('checkpoint-import-chunk', { uploadId, offset: off, data: bytes.subarray(off, off + chunkBytes).toString('base64') });
  }
  return c.call('checkpoint-import-finish', { uploadId });
}

/** Everything the lab holds and the checkpoint folder's files: equal before and after means the refusal changed nothing. */
function snapshotOf(l: TempLab, skip: string[] = []): { digest: string; files: string[] } {
  const db = l.peek();
  try {
    return { digest: contentDigest(db, skip), files: readdirSync(join(l.dir, 'checkpoints')).sort() };
  } finally {
    db.close();
  }
}

/** Restores a tampered checkpoint: refused as store-corrupt with a message matching `message`, and the lab exactly as before. */
async function expectRestoreRefused(l: TempLab, id: string, message: RegExp): Promise<ApiError> {
  const before = snapshotOf(l);
  const err = await errorOf(l.client.call('checkpoint-restore', { id, confirm: true }));
  expect(err, 'the restore is refused').not.toBeNull();
  expect(err?.code, err?.message).toBe('store-corrupt');
  expect(err?.message).toMatch(message);
  expect(snapshotOf(l), 'the lab is byte-identical').toEqual(before);
  return err as ApiError;
}

/** Imports a tampered file: refused as store-corrupt, no checkpoint added, no file left behind. */
async function expectImportRefused(l: TempLab, bytes: Buffer, message: RegExp): Promise<ApiError> {
  // An upload takes an id from its counter (ids are never reused); nothing else may change.
  const before = snapshotOf(l, ['id_counters']);
  const err = await errorOf(importBytes(l.client, 'hostile', bytes));
  expect(err, 'the import is refused').not.toBeNull();
  expect(err?.code, err?.message).toBe('store-corrupt');
  expect(err?.message).toMatch(message);
  expect(snapshotOf(l, ['id_counters']), 'nothing added').toEqual(before);
  return err as ApiError;
}

const RULE_SQL = (desktopIds: string) =>
  `INSERT INTO cluster_rules (id, cluster_id, name, kind, enabled, desktop_ids, host_group, created_at)
   VALUES ('rule-9', 'cl-1', 'bad', 'vm-affinity', 1, '${desktopIds}', NULL, '2026-01-05T07:00:00.000Z')`;
const TASK_SQL = (details: string, kind = 'push-image') =>
  `INSERT INTO tasks (id, kind, object_kind, object_id, object_name, state, done, total, created_at, start_at, finished_at, user, details)
   VALUES ('task-99', '${kind}', 'pool', 'pool-1', 'KW-Floating', 'running', 0, 1, '2026-01-05T07:00:00.000Z', '2026-01-05T07:00:00.000Z', NULL, 'me', '${details}')`;

describe('finding 1: one malformed value in a checkpoint', () => {
  it('a cluster_rules row whose desktop_ids is `{not json`: restore refuses it naming the row, the lab is untouched and the folder opens again', async () => {
    const l = lab();
    const cp = await saved(l);
    tamper(cp.path, RULE_SQL('{not json'));
    const err = await expectRestoreRefused(l, cp.id, /cluster_rules.*rule-9.*desktop_ids/);
    expect(err.message).toMatch(/JSON/);
    expect(await l.client.call('rule-list', {})).toEqual([]);
    // A new process on the folder (what `serve` does) starts and lists the rules.
    l.host.close();
    const again = openHost({ dataDir: l.dir, run: false });
    try {
      const c = createClient(memoryTransport(again));
      expect(await c.call('rule-list', {})).toEqual([]);
      await c.call('clock-step', { seconds: 60 });
    } finally {
      again.close();
    }
    // (dispose closes the first host again: a no-op)
  });

  it('the same file through checkpoint-import-finish is refused, and no checkpoint is added', async () => {
    const l = lab();
    const cp = await saved(l);
    tamper(cp.path, RULE_SQL('{not json'));
    await expectImportRefused(l, readFileSync(cp.path), /cluster_rules.*rule-9.*desktop_ids/);
    expect((await l.client.call('checkpoint-list', {})).map((x) => x.id)).toEqual([cp.id]);
  });

  it.each([
    ['not JSON', '{not json'],
    ['JSON of the wrong shape', '{"imageVersionId": 5}'],
  ])('a task whose details are %s: restore and import refuse it; clock-step and task-list go on working', async (_label, details) => {
    const l = lab();
    const cp = await saved(l);
    tamper(cp.path, TASK_SQL(details));
    await expectRestoreRefused(l, cp.id, /tasks.*task-99.*details/);
    await expectImportRefused(l, readFileSync(cp.path), /tasks.*task-99.*details/);
    await l.client.call('clock-step', { seconds: 120 });
    expect(await l.client.call('task-list', {})).toEqual([]);
  });

  it("meta.sim_time = 'not-a-time' is store-corrupt (not internal), and the lab is not replaced", async () => {
    const l = lab();
    const cp = await saved(l);
    await l.client.call('clock-step', { seconds: 300 });
    const before = await l.client.call('clock-get', {});
    tamper(cp.path, "UPDATE meta SET value = 'not-a-time' WHERE key = 'sim_time'");
    await expectRestoreRefused(l, cp.id, /meta.*sim_time/);
    await expectImportRefused(l, readFileSync(cp.path), /meta.*sim_time/);
    expect(await l.client.call('clock-get', {})).toEqual(before);
  });
});

/** SQL adding `n` powered-off desktops to `pool` (copies of its first one), in one statement. */
const extraDesktops = (pool: string, n: number) =>
  `INSERT INTO desktops (id, name, pool_id, host_id, datastore_id, state, power_state, assigned_user_id, image_version_id, vcpu, ram_gb, disk_gb,
     used_gb, ip, agent_version, problem, state_since)
   WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})
   SELECT 'x-' || i, 'X-' || i, d.pool_id, d.host_id, d.datastore_id, 'AVAILABLE', 'poweredOff', NULL, d.image_version_id, d.vcpu, d.ram_gb, d.disk_gb,
     0, '10.9.0.1', d.agent_version, NULL, d.state_since FROM n, (SELECT * FROM desktops WHERE pool_id = '${pool}' LIMIT 1) d`;

describe('finding 1: a damaged row of the live lab is a structured error naming it, and the host stays up', () => {
  it.each<[string, string, (c: Client) => Promise<unknown>, RegExp]>([
    ['cluster_rules.desktop_ids', RULE_SQL('{not json'), (c) => c.call('rule-list', {}), /cluster_rules.*rule-9.*desktop_ids/],
    ['tasks.details', TASK_SQL('{not json'), (c) => c.call('task-list', {}), /tasks.*task-99.*details/],
    ['settings.value', "INSERT INTO settings (key, value) VALUES ('theme', '{not json')", (c) => c.call('settings-get', {}), /settings.*theme.*value/],
    [
      'scaling_plans.plan',
      "INSERT INTO scaling_plans (pool_id, plan) VALUES ('pool-5', '{\"phases\": 3}')",
      (c) => c.call('pool-get-scaling-plan', { id: 'pool-5' }),
      /scaling_plans.*pool-5.*plan/,
    ],
    [
      'checkpoints.counts',
      `INSERT INTO checkpoints (id, name, notes, file, sim_time, created_at, size_bytes, schema_version, profile, seed, origin, counts)
       VALUES ('ckpt-9', 'x', '', 'ckpt-9-1.sqlite', '2026-01-05T07:00:00.000Z', '2026-01-05T07:00:00.000Z', 1, ${LATEST_VERSION}, 'small', 1, 'saved', '{not json')`,
      (c) => c.call('checkpoint-list', {}),
      /checkpoints.*ckpt-9.*counts/,
    ],
  ])('%s', async (_label, sql, read, message) => {
    const l = lab();
    damaged.add(l);
    await l.client.call('clock-step', { seconds: 60 });
    l.host.close();
    tamper(join(l.dir, 'lab.sqlite'), sql);
    const host = openHost({ dataDir: l.dir });
    try {
      const c = createClient(memoryTransport(host));
      const err = await errorOf(read(c));
      expect(err?.code, err?.message).toBe('store-corrupt');
      expect(err?.message).toMatch(message);
      expect((await c.call('lab-info', {})).profile, 'the host still answers').toBe('small');
    } finally {
      host.close();
    }
  });
});

describe('finding 3: a file is read, never run', () => {
  /** A view in place of session_history, listing `rows` made-up rows (none of the lab's own). */
  const viewSql = (rows: string) => `
    DROP TABLE session_history;
    CREATE VIEW session_history AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n ${rows})
      SELECT 'h-' || i AS id, 'u-1' AS user_id, 'pool-1' AS pool_id, 'vm-1' AS desktop_id, 'KW-001' AS desktop_name, 'blast' AS protocol,
        'windows' AS client_device, 'lan' AS network, '2026-01-05T07:00:00.000Z' AS started_at, '2026-01-05T07:10:00.000Z' AS ended_at,
        NULL AS logon_seconds, NULL AS logon_phases, NULL AS logon_context, NULL AS end_reason FROM n`;

  it('a table replaced by a view (WITH RECURSIVE, 5,000 rows): restore and import refuse it by name', async () => {
    const l = lab();
    const cp = await saved(l);
    tamper(cp.path, viewSql('WHERE i < 5000'));
    await expectRestoreRefused(l, cp.id, /session_history.*view/);
    await expectImportRefused(l, readFileSync(cp.path), /session_history.*view/);
  });

  it('a view whose recursive CTE never ends is refused without ever being run', async () => {
    const l = lab();
    const cp = await saved(l);
    tamper(cp.path, viewSql(''));
    // Run, the CTE would never end (the old restore never replied): an answer at all is the proof it was not run.
    await expectRestoreRefused(l, cp.id, /session_history.*view/);
    await expectImportRefused(l, readFileSync(cp.path), /session_history.*view/);
  });

  it.each([
    ['a trigger', 'CREATE TRIGGER t_boom AFTER INSERT ON desktops BEGIN DELETE FROM users; END', /trigger.*t_boom/],
    ['an unknown table', 'CREATE TABLE extra (x INTEGER) STRICT', /table.*extra/],
    ['a virtual table', 'CREATE VIRTUAL TABLE notes USING fts5(body)', /notes/],
    ['an index of its own', 'CREATE INDEX my_index ON desktops(name, ip)', /index.*my_index/],
    ['a column too many', "ALTER TABLE pools ADD COLUMN colour TEXT NOT NULL DEFAULT 'red'", /pools.*colour/],
    ['a table that is not STRICT', "UPDATE sqlite_master SET sql = replace(sql, ') STRICT', ')') WHERE name = 'sites'", /sites.*STRICT/],
  ])('a file with %s is refused by name', async (label, sql, message) => {
    const l = lab();
    const cp = await saved(l);
    tamper(cp.path, sql, { writableSchema: label.includes('STRICT') });
    await expectRestoreRefused(l, cp.id, message);
  });

  it('200,000 desktops in a pool whose maximum is 22: refused by the pool limit, naming the pool', async () => {
    const l = lab();
    const cp = await saved(l);
    tamper(cp.path, extraDesktops('pool-1', 200_000));
    await expectRestoreRefused(l, cp.id, /pool-1.*200,?022.*22/);
    expect((await l.client.call('pool-get', { id: 'pool-1' })).machineCount).toBe(22);
  });

  it('an image-version note of 2 MiB (the API takes 500 characters): restore and import refuse it, naming the value (black-box round 5)', async () => {
    const l = lab();
    const cp = await saved(l);
    tamper(cp.path, `UPDATE image_versions SET notes = printf('%.*c', 2 * 1024 * 1024, 'x') WHERE id = 'imgv-1-1'`);
    await expectRestoreRefused(l, cp.id, /image_versions.*notes.*2097152 bytes of text/);
    await expectImportRefused(l, readFileSync(cp.path), /image_versions.*notes.*2097152 bytes/);
    expect((await l.client.call('image-list', {})).length).toBeGreaterThan(0);
  });

  it('one desktop past the maximum is refused through import too', async () => {
    const l = lab();
    const cp = await saved(l);
    tamper(cp.path, extraDesktops('pool-2', 1));
    await expectImportRefused(l, readFileSync(cp.path), /pool-2.*13.*12/);
  });
});

describe('finding 11: what a hostile file breaks is store-corrupt, never internal', () => {
  /** A step of SQL on the file; `true`: the step rewrites the schema text (the next step sees it). */
  type Step = [string, boolean];
  const unschema = (table: string, from: string, to: string): Step => [
    `UPDATE sqlite_master SET sql = replace(sql, '${from}', '${to}') WHERE name = '${table}'`,
    true,
  ];
  it.each<[string, Step[], RegExp]>([
    [
      "a CHECK constraint (the file's table declared without it)",
      [unschema('clusters', 'CHECK (drs_threshold BETWEEN 1 AND 5)', ''), ["UPDATE clusters SET drs_threshold = 9 WHERE id = 'cl-1'", false]],
      /clusters.*cl-1.*CHECK/,
    ],
    ['a foreign key', [["UPDATE desktops SET pool_id = 'pool-404' WHERE id = 'vm-1'", false]], /desktops.*vm-1.*pool/],
    [
      "NOT NULL (the file's column declared without it)",
      [unschema('sites', 'location TEXT NOT NULL', 'location TEXT'), ['UPDATE sites SET location = NULL', false]],
      /sites.*location/,
    ],
    [
      "a column type (the file's table not STRICT)",
      [unschema('hosts', ') STRICT', ')'), ["UPDATE hosts SET sockets = 'many' WHERE id = 'h-1'", false]],
      /hosts.*STRICT|hosts.*h-1.*sockets/,
    ],
    // Version 10: the tables are at a newer shape (011 added hosts.cpu_model). Not LATEST - 1: a migration that only widens a
    // CHECK (014) leaves the columns as they were, and a file claiming the version before it is then read correctly.
    ['an older schema whose tables are already at a newer version', [[`PRAGMA user_version = 10`, false]], /engine_state|schema|cpu_model/],
  ])('%s', async (_label, steps, message) => {
    const l = lab();
    const cp = await saved(l);
    for (const [sql, writableSchema] of steps) tamper(cp.path, sql, { writableSchema });
    await expectRestoreRefused(l, cp.id, message);
    await expectImportRefused(l, readFileSync(cp.path), message);
  });
});

describe('what passes in full is restored', () => {
  it('an untouched checkpoint written by this version restores, through import too', async () => {
    const l = lab();
    const cp = await saved(l);
    await l.client.call('clock-step', { seconds: 600 });
    const bytes = readFileSync(cp.path);
    const imported = await importBytes(l.client, 'again', bytes);
    await l.client.call('checkpoint-restore', { id: imported.id, confirm: true });
    expect((await l.client.call('clock-get', {})).simTime).toBe('2026-01-05T07:00:00.000Z');
    rmSync(cp.path);
    writeFileSync(cp.path, bytes);
    await l.client.call('checkpoint-restore', { id: cp.id, confirm: true });
  });

  it('a checkpoint of the schema before the engine state (9) is brought up to this version by our migrations, through import and restore', async () => {
    const l = lab();
    const cp = await saved(l);
    await l.client.call('clock-step', { seconds: 600 });
    // What migrations 10 and later added (019: the tenant tables, 020: host GPUs, 021: engine deltas, 023: unmanaged VMs, 024: the hour's metric and trend rollups), taken away again: the file a console of schema 9 wrote.
    tamper(
      cp.path,
      `ALTER TABLE hosts DROP COLUMN cpu_model; DROP TABLE engine_state; DROP TABLE engine_arrays; DROP TABLE engine_entities; DROP TABLE engine_deltas; DROP TABLE engine_queue; DROP TABLE metric_samples;
       DROP TABLE session_samples; DROP TABLE id_counters; DROP TABLE checkpoint_uploads; DROP TABLE admin_accounts; DROP INDEX events_key;
       ALTER TABLE events DROP COLUMN key; ALTER TABLE sessions DROP COLUMN disconnect_reason;
       DROP TABLE alarms; DROP TABLE alarm_definitions; DROP INDEX events_time; DROP TABLE replay_actions;
       DROP TABLE pool_hardware; DROP TABLE desktop_hardware; ALTER TABLE clusters DROP COLUMN hypervisor;
       DROP TABLE trend_rollups; DROP TABLE rollup_retention; DROP INDEX metric_rollups_level;
       DROP TABLE global_entitlement_routes; DROP TABLE global_entitlement_pools; DROP TABLE global_entitlements; DROP TABLE dr_runs;
       DROP TABLE recovery_plan_groups; DROP TABLE recovery_plans; DROP TABLE protection_group_pools; DROP TABLE protection_groups;
       DROP TABLE site_status; DROP TABLE site_links;
       DROP TABLE tenant_pools; DROP TABLE tenant_networks; DROP TABLE tenant_datastores; DROP TABLE network_hosts; DROP TABLE tenants; DROP TABLE host_gpus; DROP TABLE unmanaged_vms; DROP TABLE metric_rollups_recent; DROP TABLE trend_rollups_recent;
       DELETE FROM meta WHERE key IN ('replay_origin', 'replay_start'); PRAGMA user_version = 9`,
    );
    const imported = await importBytes(l.client, 'old', readFileSync(cp.path));
    expect(imported).toMatchObject({ notes: 'Imported (schema 9)', schemaVersion: LATEST_VERSION, simTime: '2026-01-05T07:00:00.000Z' });
    await l.client.call('checkpoint-restore', { id: imported.id, confirm: true });
    await l.client.call('checkpoint-restore', { id: cp.id, confirm: true });
    expect((await l.client.call('clock-get', {})).simTime).toBe('2026-01-05T07:00:00.000Z');
    await l.client.call('clock-step', { seconds: 600 });
    expect((await l.client.call('session-list', {})).length).toBeGreaterThan(0);
  });
});

describe("finding 3: a file's engine state asks for no more memory than a lab can need", () => {
  it('an index space and a layout that would take 100 MB, written in 20 KB of JSON: refused naming the row, before anything is allocated', async () => {
    const l = lab();
    await l.client.call('clock-step', { seconds: 600 }); // the checkpoint holds the engine's state
    const cp = await saved(l);
    // 2,000 desktop ids of the engine, each with 100 arrays of 64 Float64 (51 KB a desktop); the records themselves
    // removed, so nothing else about the file is wrong: read as it is, it asks for 102 MB of zeroes and is taken.
    const names = Array.from({ length: 100 }, (_, i) => `x${i}`);
    const layout = { names, types: names.map(() => 'Float64Array'), strides: names.map(() => 64), bytes: names.length * 64 * 8 };
    const db = new Database(cp.path);
    // The index space's header (store/engine-ids.ts): each domain's count, and the ids in chunks.
    const header = JSON.parse((db.prepare("SELECT value FROM engine_state WHERE key = 'ids'").get() as { value: string }).value) as {
      chunk: number;
      counts: Record<string, number>;
    };
    db.close();
    const ids = Array.from({ length: 2000 }, (_, i) => `d${i}`);
    header.counts.desktop = ids.length;
    const chunks = Array.from({ length: Math.ceil(ids.length / header.chunk) }, (_, c) => ids.slice(c * header.chunk, (c + 1) * header.chunk));
    tamper(
      cp.path,
      `UPDATE engine_state SET value = '${JSON.stringify(header)}' WHERE key = 'ids';
       DELETE FROM engine_state WHERE key LIKE 'ids:desktop:%';
       ${chunks.map((list, c) => `INSERT INTO engine_state (key, value) VALUES ('ids:desktop:${c}', '${JSON.stringify(list)}');`).join('\n')}
       UPDATE engine_state SET value = '${JSON.stringify(layout)}' WHERE key = 'layout:desktop';
       DELETE FROM engine_entities WHERE domain = 'desktop'`,
    );
    expect(readFileSync(cp.path).length, 'a file of an ordinary size').toBeLessThan(4 * 1024 * 1024);
    const message = /engine_state.*ids.*value.*would take 10\d{7} bytes, more than a lab's engine may/;
    await expectRestoreRefused(l, cp.id, message);
    await expectImportRefused(l, readFileSync(cp.path), message);
  });
});

describe("a file's alarm window (the engine state's per-minute logon sections) is checked like the rest", () => {
  it.each([
    ['a section that is not a list of logons', `'{"u-1":1}'`, /alarmLogons:60.*value/],
    ['a logon whose time is not a number', `'[["u-1","noon",12]]'`, /alarmLogons:60.*value/],
  ])('%s: refused naming the row', async (_label, value, message) => {
    const l = lab();
    await l.client.call('clock-step', { seconds: 600 });
    const cp = await saved(l);
    tamper(cp.path, `INSERT INTO engine_state (key, value) VALUES ('doc:alarmLogons:60', ${value})`);
    await expectRestoreRefused(l, cp.id, message);
    await expectImportRefused(l, readFileSync(cp.path), message);
  });
});

describe('finding 1: a lab the engine cannot open is never committed', () => {
  /**
   * 500,000 metric samples in the last hour's window: every row is of its table's type, so the file passes
   * the lab-file checks, but the engine's sampler cannot take them in (it spreads them into one call's
   * arguments, past the stack). Any such file stands for the rest: what only opening the engine finds.
   */
  const SAMPLES = `INSERT INTO metric_samples (ts, row)
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000) SELECT 2000000000 + i, x'' FROM n`;

  it.each([
    ['a host that has not opened the simulation yet', false],
    ['a host whose simulation runs', true],
  ])('%s refuses the restore; the lab stays as it was and its folder opens again', async (_label, opened) => {
    const l = lab();
    if (opened) await l.client.call('clock-step', { seconds: 60 });
    const cp = await saved(l);
    tamper(cp.path, SAMPLES);
    await expectRestoreRefused(l, cp.id, /could not be opened.*not restored/);
    // The host goes on with the lab it had, and a new process on the folder (what `serve` does) opens it.
    await l.client.call('clock-step', { seconds: 60 });
    l.host.close();
    const again = openHost({ dataDir: l.dir, run: false });
    try {
      const c = createClient(memoryTransport(again));
      await c.call('clock-step', { seconds: 60 });
      expect((await c.call('clock-get', {})).simTime).toBe(opened ? '2026-01-05T07:03:00.000Z' : '2026-01-05T07:02:00.000Z');
    } finally {
      again.close();
    }
  });
});
