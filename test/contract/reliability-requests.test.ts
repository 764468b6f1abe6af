import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import DatabaseCtor from 'better-sqlite3';
import type { Reply } from '../../src-main/contract/errors.ts';
import { ApiCallError } from '../../src-main/contract/client.ts';
import { END, firstDifference, open, storeRows } from '../helpers/durable.ts';
import { assertLabInvariants } from '../helpers/invariants.ts';
import { contentDigest, tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// Issue 20: requests that race each other, refused requests, data that left references behind.

let lab: TempLab | null = null;
afterEach(() => {
  lab?.dispose();
  lab = null;
});

const meta = (l: TempLab, key: string): string => {
  const db = l.peek();
  try {
    return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string }).value;
  } finally {
    db.close();
  }
};

/** Lets a step run a few slices: resolves once the engine's clock has moved past `from`. */
async function untilMoved(l: TempLab, from: string): Promise<string> {
  for (let i = 0; i < 100_000; i++) {
    await new Promise((r) => setImmediate(r));
    const t = (await l.client.call('clock-get', {})).simTime;
    if (t > from) return t;
  }
  throw new Error('the step never moved the clock');
}

async function rejection(p: Promise<unknown>): Promise<ApiCallError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiCallError) return err;
    throw err;
  }
  throw new Error('expected the call to be refused');
}

describe('forced pool delete (finding 4)', () => {
  it('logs every session off into Help Desk history; messages to them still point at a session', async () => {
    lab = tempLab('small', 1);
    const c = lab.client;
    await c.call('clock-step', { seconds: 3 * 3600 });
    const pool = (await c.call('pool-list', {})).sort((a, b) => b.sessionCount - a.sessionCount)[0]!;
    expect(pool.sessionCount).toBeGreaterThan(1);
    const sessions = (await c.call('session-list', {})).filter((s) => s.poolId === pool.id);
    await c.call('session-send-message', { ids: [sessions[0]!.id], severity: 'warning', title: 'Maintenance', body: 'Save your work' });
    await c.call('pool-delete', { id: pool.id, force: true });
    const db = lab.peek();
    const history = db.prepare('SELECT id, end_reason FROM session_history WHERE pool_id = ?').all(pool.id) as { id: string; end_reason: string }[];
    expect(new Set(history.map((h) => h.id))).toEqual(new Set(sessions.map((s) => s.id)));
    for (const h of history) expect(h.end_reason).toMatch(/deleted/);
    const help = await c.call('helpdesk-user', { userId: sessions[0]!.userId });
    expect(JSON.stringify(help)).toContain(sessions[0]!.id);
    await assertLabInvariants(db, c);
    db.close();
  });
});

describe('cluster rules and deleted VMs (finding 5)', () => {
  it('a deleted VM leaves the DRS rules; a rule left with none goes; the audit trail says so', async () => {
    lab = tempLab('small', 1);
    const c = lab.client;
    const cluster = (await c.call('cluster-list', {}))[0]!;
    const pools = await c.call('pool-list', {});
    const victim = pools.find((p) => p.clusterId === cluster.id)!;
    const other = pools.find((p) => p.clusterId === cluster.id && p.id !== victim.id)!;
    const vms = (await c.call('desktop-list', { poolId: victim.id, limit: 100 })).rows.map((d) => d.id);
    const keep = (await c.call('desktop-list', { poolId: other.id, limit: 100 })).rows.map((d) => d.id);
    const only = await c.call('rule-create', {
      clusterId: cluster.id,
      name: 'victims apart',
      kind: 'vm-anti-affinity',
      desktopIds: vms.slice(0, 2),
      enabled: true,
    });
    const mixed = await c.call('rule-create', {
      clusterId: cluster.id,
      name: 'mixed together',
      kind: 'vm-affinity',
      desktopIds: [vms[2]!, keep[0]!, keep[1]!],
      enabled: true,
    });
    await c.call('pool-delete', { id: victim.id, force: true });
    const rules = await c.call('rule-list', { clusterId: cluster.id });
    expect(rules.find((r) => r.id === only.id)).toBeUndefined();
    expect(rules.find((r) => r.id === mixed.id)?.desktopIds).toEqual([keep[0], keep[1]]);
    const events = await c.call('event-list', { limit: 20 });
    expect(events.rows.map((e) => e.message).join('\n')).toMatch(/DRS rule "victims apart" deleted/);
    const db = lab.peek();
    await assertLabInvariants(db, c);
    db.close();
  });
});

describe('one ordering for requests that move the lab (findings 6 and 7)', () => {
  it('a clock-set acknowledged while a checkpoint is saved holds (engine and store agree)', async () => {
    lab = tempLab('small', 1);
    const c = lab.client;
    await c.call('clock-step', { seconds: 600 });
    const save = c.call('checkpoint-save', { name: 'racing', notes: '' });
    const set = await c.call('clock-set', { speed: 'max' });
    await save;
    expect(set.speed).toBe('max');
    expect((await c.call('clock-get', {})).speed).toBe('max');
    expect(meta(lab, 'clock_speed')).toBe('max');
    await c.call('clock-set', { speed: 'paused' });
  });

  it('a restore stops a step under way: the clock stays where the restore put it, the event is on the restored timeline', async () => {
    lab = tempLab('small', 1);
    const c = lab.client;
    await c.call('clock-step', { seconds: 600 });
    const cp = await c.call('checkpoint-save', { name: 'ten past', notes: '' });
    const start = (await c.call('clock-get', {})).simTime;
    const step = rejection(c.call('clock-step', { seconds: 7 * 86400 }));
    await untilMoved(lab, start);
    const restored = await c.call('checkpoint-restore', { id: cp.id, confirm: true });
    const stopped = await step;
    expect(stopped.error.code).toBe('conflict');
    expect(stopped.error.message).toMatch(/checkpoint was restored/);
    expect(restored.simTime).toBe(cp.simTime);
    // Nothing of the old timeline runs afterwards.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    const clock = await c.call('clock-get', {});
    expect(clock.simTime).toBe(cp.simTime);
    expect(clock.speed).toBe('paused');
    const ev = (await c.call('event-list', { limit: 50 })).rows.find((e) => e.message.startsWith('Lab restored'));
    expect(ev?.simTime).toBe(cp.simTime);
    const db = lab.peek();
    await assertLabInvariants(db, c);
    db.close();
  });

  it('a lab reset stops a step under way; its event is stamped on the new lab', async () => {
    lab = tempLab('small', 1);
    const c = lab.client;
    const start = (await c.call('clock-get', {})).simTime;
    const step = rejection(c.call('clock-step', { seconds: 7 * 86400 }));
    await untilMoved(lab, start);
    const info = await c.call('lab-reset', { profile: 'small', seed: 7, confirm: true });
    const stopped = await step;
    expect(stopped.error.message).toMatch(/lab was reset/);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect((await c.call('clock-get', {})).simTime).toBe(info.simTime);
    const ev = (await c.call('event-list', { limit: 50 })).rows.find((e) => e.message.startsWith('Lab regenerated'));
    expect(ev?.simTime).toBe(info.simTime);
  });

  it('pausing stops a step; running the clock during a step is refused; a second step waits for the first', async () => {
    lab = tempLab('small', 1);
    const c = lab.client;
    const start = (await c.call('clock-get', {})).simTime;
    const first = c.call('clock-step', { seconds: 600 });
    const second = c.call('clock-step', { seconds: 600 });
    const [a, b] = await Promise.all([first, second]);
    expect(Date.parse(a.simTime) - Date.parse(start)).toBe(600_000);
    expect(Date.parse(b.simTime) - Date.parse(start)).toBe(1_200_000);
    const long = rejection(c.call('clock-step', { seconds: 7 * 86400 }));
    await untilMoved(lab, b.simTime);
    const refused = await rejection(c.call('clock-set', { speed: 'max' }));
    expect(refused.error.code).toBe('conflict');
    const paused = await c.call('clock-set', { speed: 'paused' });
    const stopped = await long;
    expect(stopped.error.message).toMatch(/clock was paused/);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect((await c.call('clock-get', {})).simTime).toBe(paused.simTime);
    expect(meta(lab, 'sim_time')).toBe(paused.simTime);
  });
});

describe('a refused request changes nothing (finding 8)', () => {
  it('while a step runs with changes not yet written, a not-found reply leaves every byte; the run ends as one without refusals', async () => {
    // The reference: the same step, no refusals.
    const refDir = tempDir('vdi-ref-');
    const ref = open(refDir);
    await ref.client.call('clock-step', { seconds: END });
    ref.host.close();

    // The step commits only when many rows wait (not every 250 ms of wall time), so its uncommitted changes are there to be
    // seen between slices however loaded the machine is.
    lab = tempLab('small', 1, tempDir(), { stepCommitMs: 1e9 });
    const c = lab.client;
    const db = lab.peek();
    const start = (await c.call('clock-get', {})).simTime;
    const step = c.call('clock-step', { seconds: END });
    let refusals = 0;
    let pendingSeen = 0;
    for (let i = 0; i < 40; i++) {
      const now = ((await lab.host.dispatch('clock-get', {})) as Reply<{ simTime: string }> & { ok: true }).result.simTime;
      if (now >= new Date(Date.parse(start) + END * 1000).toISOString()) break;
      const stored = (db.prepare("SELECT value FROM meta WHERE key = 'sim_time'").get() as { value: string }).value;
      if (now > stored) pendingSeen++;
      const before = contentDigest(db);
      // A mutating request runs synchronously up to its reply: the second digest, taken before anything else can run
      // (a slice of the step may continue in the very next microtask), sees exactly what the refused request left.
      const replied = lab.host.dispatch('host-fail', { hostId: 'h-404', mode: 'power-loss' });
      const after = contentDigest(db);
      expect((await replied).ok).toBe(false);
      expect(after).toBe(before);
      refusals++;
      await new Promise((r) => setTimeout(r, 5));
    }
    await step;
    expect(refusals).toBeGreaterThan(0);
    expect(pendingSeen).toBeGreaterThan(0);
    db.close();
    lab.host.close();
    const diff = firstDifference(storeRows(refDir + '/lab.sqlite'), storeRows(lab.host.dbPath));
    expect(diff).toBeNull();
  });
});

describe('input that would be altered is refused (finding 10)', () => {
  it('a lone surrogate in a name, and non-JSON objects in-process, are invalid-input and change nothing', async () => {
    lab = tempLab('small', 1);
    const db = lab.peek();
    const before = contentDigest(db);
    const pool = (await lab.client.call('pool-list', {}))[0]!;
    const bad: [string, unknown][] = [
      ['pool-update', { id: pool.id, displayName: 'Finance \udfff' }],
      // A NUL: SQLite's length() stops at it, so a name would pass our checks and fail the store's later (campaign seed 20261205).
      ['snapshot-take', { desktopId: 'vm-1', name: '\u0000' + 'x'.repeat(79) }],
      ['pool-update', { id: pool.id, displayName: 'Fi\u0000nance' }],
      ['pool-update', { id: pool.id, displayName: 'ok', ['x\ud800']: 1 }],
      ['pool-update', { id: pool.id, displayName: new Date() }],
      ['event-list', new Map([['limit', 5]])],
      ['desktop-list', { limit: 10, search: /vm/ }],
      ['desktop-list', { limit: Number.NaN }],
      ['pool-update', { id: pool.id, displayName: Object.assign(Object.create({ inherited: true }) as object, { a: 1 }) }],
      ['pool-update', new Error('boom')],
      ['pool-update', { id: pool.id, displayName: 'x', extra: new Set([1]) }],
    ];
    for (const [method, input] of bad) {
      const r = await lab.host.dispatch(method, input);
      expect(r.ok, `${method} ${String(input)}`).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid-input');
    }
    expect(contentDigest(db)).toBe(before);
    // A well-formed pair of surrogates (an emoji) is a character like any other.
    const ok = await lab.host.dispatch('pool-update', { id: pool.id, displayName: 'Finance 📈' });
    expect(ok.ok).toBe(true);
    expect((await lab.client.call('pool-get', { id: pool.id })).displayName).toBe('Finance 📈');
    db.close();
  });
});

describe('a defect in a step does not leave the engine ahead of the store', () => {
  it('a flush that fails stops the step, the engine goes back to the committed lab, and the lab goes on once the cause is gone', async () => {
    lab = tempLab('small', 1);
    const c = lab.client;
    await c.call('clock-step', { seconds: 600 });
    const committed = (await c.call('clock-get', {})).simTime;
    // A store that refuses the step's writes (a stand-in for any defect in a flush).
    const w = new DatabaseCtor(lab.host.dbPath);
    w.exec("CREATE TRIGGER refuse AFTER UPDATE ON meta WHEN NEW.key = 'sim_time' BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    w.close();
    const failed = await rejection(c.call('clock-step', { seconds: 3600 }));
    expect(failed.error.code).toBe('internal');
    const clock = await c.call('clock-get', {});
    expect(clock.simTime).toBe(committed); // the engine is where the store is, not where the failed step had run to
    expect(clock.speed).toBe('paused');
    expect(meta(lab, 'sim_time')).toBe(committed);
    const fix = new DatabaseCtor(lab.host.dbPath);
    fix.exec('DROP TRIGGER refuse');
    fix.close();
    const again = await c.call('clock-step', { seconds: 3600 });
    expect(Date.parse(again.simTime) - Date.parse(committed)).toBe(3600_000);
    const events = await c.call('event-list', { severity: 'error', limit: 5 });
    // The event log says what happened (the defect's message included).
    expect(events.rows.find((e) => /went back to its last saved state/.test(e.message))?.message).toMatch(/disk says no/);
  });
});

describe('objects created while the engine did not name them (campaign: a saved checkpoint that did not restore)', () => {
  it('image versions created, the process killed before a rebuild: the next process writes ids that match its records, and its checkpoint restores', async () => {
    const dir = tempDir();
    let l = tempLab('small', 1, dir);
    await l.client.call('clock-step', { seconds: 600 });
    // Versions the running engine does not list yet (creating one changes no machine, so the engine is not rebuilt).
    for (let i = 0; i < 3; i++) await l.client.call('image-version-create', { imageId: 'img-1', notes: `patch ${i}` });
    l.host.close({ flush: false }); // what a SIGKILL leaves
    l = tempLab('small', 1, dir);
    lab = l;
    await l.client.call('clock-step', { seconds: 600 });
    const db = l.peek();
    // The index space's header (store/engine-ids.ts) counts each domain's ids.
    const { counts } = JSON.parse((db.prepare("SELECT value FROM engine_state WHERE key = 'ids'").get() as { value: string }).value) as {
      counts: Record<string, number>;
    };
    for (const r of db.prepare('SELECT domain, count(*) AS n FROM engine_entities GROUP BY domain').all() as { domain: string; n: number }[]) {
      expect(r.n, r.domain).toBe(counts[r.domain]);
    }
    db.close();
    const cp = await l.client.call('checkpoint-save', { name: 'after the kill', notes: '' });
    await l.client.call('clock-step', { seconds: 600 });
    const restored = await l.client.call('checkpoint-restore', { id: cp.id, confirm: true });
    expect(restored.simTime).toBe(cp.simTime);
  });
});

describe('a task item the store refuses fails alone', () => {
  it('a bulk snapshot whose stored name the store cannot hold fails its items; the steps and the lab go on', async () => {
    const dir = tempDir();
    let l = tempLab('small', 1, dir);
    const task = await l.client.call('snapshot-bulk-take', { poolId: 'pool-1', name: 'Before the class' });
    l.host.close();
    // A name the API now refuses (a NUL: SQLite's length() stops at it), as an older version could have stored it.
    const w = new DatabaseCtor(join(dir, 'lab.sqlite'));
    const row = w.prepare('SELECT details FROM tasks WHERE id = ?').get(task.id) as { details: string };
    const details = JSON.parse(row.details) as { name: string };
    details.name = '\u0000' + 'x'.repeat(79);
    w.prepare('UPDATE tasks SET details = ? WHERE id = ?').run(JSON.stringify(details), task.id);
    w.close();
    l = tempLab('small', 1, dir);
    lab = l;
    await l.client.call('clock-step', { seconds: 900 });
    const done = (await l.client.call('task-list', { objectId: 'pool-1' })).find((t) => t.id === task.id);
    expect(done?.state).toBe('failed');
    const again = await l.client.call('clock-step', { seconds: 60 }); // the lab is not stuck on it
    expect(again.simTime > task.createdAt).toBe(true);
    const events = await l.client.call('event-list', { severity: 'warning', limit: 50 });
    expect(events.rows.some((e) => /store refused it/.test(e.message))).toBe(true);
  });
});
