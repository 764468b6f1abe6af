import { afterEach, describe, expect, it } from 'vitest';
import type { ApiCallError, Client } from '../../src-main/contract/client.ts';
import type { SnapshotTask } from '../../src-main/contract/snapshot-methods.ts';
import { SNAPSHOT_COST } from '../../src-main/core/snapshots/cost.ts';
import { SNAPSHOT_RULES } from '../../src-main/core/snapshots/rules.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

// Desktop snapshots through the real dispatcher: the truth table of the rules (each with its
// structured error and nothing written), revert outcomes, and the tracked tasks.
// Small lab, seed 1: DEV-01 (vm-41) runs with nobody on it at 07:00, DEV-03 (vm-43) is powered
// off, PWR-02 (vm-36) is suspended, KW-009 (vm-9) is AGENT_UNREACHABLE.

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});
function lab(): TempLab {
  const l = tempLab('small', 1);
  labs.push(l);
  return l;
}

async function refused(l: TempLab, call: () => Promise<unknown>, code: string, path?: (string | number)[], message?: RegExp): Promise<void> {
  const peek = l.peek();
  const before = contentDigest(peek);
  const err = await call().then(
    () => null,
    (e: unknown) => (e as ApiCallError).error,
  );
  expect(err, 'the call should have been refused').not.toBeNull();
  expect(err?.code).toBe(code);
  if (path) expect(err?.path).toEqual(path);
  if (message) expect(err?.message).toMatch(message);
  expect(contentDigest(peek), 'a refused call writes nothing').toBe(before);
  peek.close();
}

/** Steps the paused clock until the task is no longer running (at most `max` seconds). */
async function finish(c: Client, taskId: string, max = 600): Promise<SnapshotTask> {
  for (let t = 0; t < max; t += 5) {
    const task = (await c.call('task-list', {})).find((x) => x.id === taskId);
    if (task && task.state !== 'running' && task.state !== 'scheduled') return task as SnapshotTask;
    await c.call('clock-step', { seconds: 5 });
  }
  throw new Error(`${taskId} did not finish within ${max} s`);
}

describe('taking a snapshot: the rules', () => {
  it('refuses a desktop that is still provisioning (its disks are being cloned)', async () => {
    const l = lab();
    const pool = await l.client.call('pool-create', {
      name: 'NEW-IC',
      displayName: 'New',
      namingPattern: 'NEW-{n:2}',
      maxMachines: 2,
      imageId: 'img-1',
      imageVersionId: 'imgv-1-3',
      clusterId: 'cl-1',
      datastoreIds: ['ds-1'],
      networkId: 'net-3',
    });
    const d = (await l.client.call('desktop-list', { poolId: pool.id })).rows[0];
    expect(d?.state).toBe('PROVISIONING');
    await refused(l, () => l.client.call('snapshot-take', { desktopId: d?.id ?? '', name: 'x' }), 'conflict', ['desktopId'], /PROVISIONING/);
  });

  it('refuses a disk-only snapshot of a running desktop without quiesce, and says why; quiesced or with memory it is taken', async () => {
    const l = lab();
    await refused(
      l,
      () => l.client.call('snapshot-take', { desktopId: 'vm-41', name: 'raw', includeMemory: false, quiesce: false }),
      'conflict',
      ['quiesce'],
      /quiesce/,
    );
    const q = await l.client.call('snapshot-take', { desktopId: 'vm-41', name: 'quiesced', includeMemory: false, quiesce: true });
    expect(q).toMatchObject({ includeMemory: false, quiesced: true, memoryGb: 0, depth: 1, powerState: 'poweredOn' });
    const m = await l.client.call('snapshot-take', { desktopId: 'vm-41', name: 'with memory', includeMemory: true });
    expect(m).toMatchObject({ includeMemory: true, memoryGb: 8, depth: 2, parentId: q.id });
  });

  it('cannot quiesce a guest whose agent does not answer (KW-009), but memory works', async () => {
    const l = lab();
    await refused(
      l,
      () => l.client.call('snapshot-take', { desktopId: 'vm-9', name: 'q', includeMemory: false, quiesce: true }),
      'conflict',
      ['quiesce'],
      /VMware Tools/,
    );
    expect(await l.client.call('snapshot-take', { desktopId: 'vm-9', name: 'm', includeMemory: true })).toMatchObject({ includeMemory: true });
  });

  it('a powered-off desktop is snapshotted without memory (there is none), a suspended one keeps its state', async () => {
    const l = lab();
    expect(await l.client.call('snapshot-take', { desktopId: 'vm-43', name: 'off', includeMemory: true })).toMatchObject({
      includeMemory: false,
      memoryGb: 0,
      powerState: 'poweredOff',
    });
    expect(await l.client.call('snapshot-take', { desktopId: 'vm-36', name: 'susp', includeMemory: true })).toMatchObject({
      includeMemory: true,
      powerState: 'suspended',
    });
  });

  it(`stops at the chain limit of ${SNAPSHOT_RULES.maxChainDepth} levels; more than ${SNAPSHOT_RULES.warnChainDepth} is flagged`, async () => {
    const l = lab();
    for (let i = 1; i <= SNAPSHOT_RULES.maxChainDepth; i++) await l.client.call('snapshot-take', { desktopId: 'vm-43', name: `s${i}` });
    const tree = await l.client.call('snapshot-list', { desktopId: 'vm-43' });
    expect(tree.chainDepth).toBe(32);
    expect(tree.warnings.join(' ')).toMatch(/32 levels/);
    await refused(l, () => l.client.call('snapshot-take', { desktopId: 'vm-43', name: 'one too many' }), 'conflict', ['desktopId'], /limit of 32/);
  });

  it('refuses a desktop that does not exist, and bad names', async () => {
    const l = lab();
    await refused(l, () => l.client.call('snapshot-take', { desktopId: 'vm-404', name: 'x' }), 'not-found', ['desktopId']);
    await refused(l, () => l.client.call('snapshot-take', { desktopId: 'vm-41', name: '   ' }), 'invalid-input', ['name']);
    await refused(l, () => l.client.call('snapshot-take', { desktopId: 'vm-41', name: 'x'.repeat(81) }), 'invalid-input', ['name']);
  });

  it('flags a snapshot older than 72 h', async () => {
    const l = lab();
    await l.client.call('snapshot-take', { desktopId: 'vm-43', name: 'old' });
    await l.client.call('clock-step', { seconds: 73 * 3600 });
    expect((await l.client.call('snapshot-list', { desktopId: 'vm-43' })).warnings.join(' ')).toMatch(/73 h old/);
  });
});

describe('reverting', () => {
  it('to a snapshot without memory powers the desktop off; with memory of a running VM it resumes running', async () => {
    const l = lab();
    const c = l.client;
    const disk = await c.call('snapshot-take', { desktopId: 'vm-41', name: 'disk', includeMemory: false, quiesce: true });
    const mem = await c.call('snapshot-take', { desktopId: 'vm-41', name: 'mem', includeMemory: true });
    const p1 = await c.call('snapshot-revert-preview', { snapshotId: disk.id });
    expect(p1).toMatchObject({ powerStateAfter: 'poweredOff', machineStateAfter: 'AVAILABLE' });
    await finish(c, (await c.call('snapshot-revert', { snapshotId: disk.id })).id);
    expect(await c.call('desktop-get', { id: 'vm-41' })).toMatchObject({ powerState: 'poweredOff' });
    expect((await c.call('snapshot-list', { desktopId: 'vm-41' })).currentId).toBe(disk.id);

    const p2 = await c.call('snapshot-revert-preview', { snapshotId: mem.id });
    expect(p2.powerStateAfter).toBe('poweredOn');
    await finish(c, (await c.call('snapshot-revert', { snapshotId: mem.id })).id);
    expect(await c.call('desktop-get', { id: 'vm-41' })).toMatchObject({ powerState: 'poweredOn', state: 'AVAILABLE' });
    expect((await c.call('snapshot-list', { desktopId: 'vm-41' })).currentId).toBe(mem.id);
  });

  it('is a tracked task: running with progress 0/1, then completed at its simulated end', async () => {
    const l = lab();
    const c = l.client;
    const s = await c.call('snapshot-take', { desktopId: 'vm-41', name: 'mem', includeMemory: true });
    const preview = await c.call('snapshot-revert-preview', { snapshotId: s.id });
    const t0 = Date.parse((await c.call('clock-get', {})).simTime);
    const task = await c.call('snapshot-revert', { snapshotId: s.id });
    expect(task).toMatchObject({ kind: 'snapshot-revert', state: 'running', done: 0, total: 1, objectId: 'vm-41' });
    const done = await finish(c, task.id);
    expect(done).toMatchObject({ state: 'completed', done: 1, total: 1 });
    const item = done.details.items[0];
    expect(item?.status).toBe('done');
    // It ends when the preview said it would (opBaseSec + memory read), on the tick grid.
    expect((item?.endsAt ?? 0) - t0 / 1000).toBeGreaterThanOrEqual(preview.durationSec);
    expect((item?.endsAt ?? 0) - t0 / 1000).toBeLessThanOrEqual(preview.durationSec + 1);
  });

  it('of a snapshot of another desktop is refused and changes nothing', async () => {
    const l = lab();
    const s = await l.client.call('snapshot-take', { desktopId: 'vm-43', name: 'dev3' });
    await refused(l, () => l.client.call('snapshot-revert', { snapshotId: s.id, desktopId: 'vm-41' }), 'not-found', ['snapshotId'], /another desktop/);
    await refused(l, () => l.client.call('snapshot-revert', { snapshotId: 'snap-404' }), 'not-found', ['snapshotId']);
  });

  it('one snapshot task per desktop at a time', async () => {
    const l = lab();
    const s = await l.client.call('snapshot-take', { desktopId: 'vm-41', name: 'a', includeMemory: true });
    await l.client.call('snapshot-revert', { snapshotId: s.id });
    await refused(l, () => l.client.call('snapshot-revert', { snapshotId: s.id }), 'conflict', ['snapshotId'], /another snapshot task/);
    await refused(l, () => l.client.call('snapshot-take', { desktopId: 'vm-41', name: 'b' }), 'conflict', ['desktopId']);
    await refused(l, () => l.client.call('snapshot-delete', { snapshotId: s.id }), 'conflict', ['snapshotId']);
  });

  it('the preview names the session and user that lose their work; the revert disconnects exactly them', async () => {
    const l = lab();
    const c = l.client;
    await c.call('clock-step', { seconds: 2 * 3600 }); // 09:00: the morning storm has people on their desktops
    const sessions = await c.call('session-list', {});
    const s = sessions.find((x) => x.state === 'active' && x.poolId !== 'pool-5');
    expect(s, 'a single-session desktop with an active session at 09:00').toBeDefined();
    if (!s) return;
    const snap = await c.call('snapshot-take', { desktopId: s.desktopId, name: 'before patch', includeMemory: true });
    await c.call('clock-step', { seconds: 600 });
    const still = (await c.call('session-list', { userId: s.userId })).find((x) => x.desktopId === s.desktopId);
    expect(still, 'the user is still on the desktop 10 minutes later').toBeDefined();
    const preview = await c.call('snapshot-revert-preview', { snapshotId: snap.id });
    expect(preview.sessions.map((x) => x.userId)).toEqual([s.userId]);
    expect(preview.sessions[0]?.outcome).toMatch(/ends.*10 min.*lost/);
    expect(preview.lostMinutes).toBe(10);
    expect(preview.discardedGb).toBeGreaterThan(0);
    await finish(c, (await c.call('snapshot-revert', { snapshotId: snap.id })).id);
    expect((await c.call('session-list', { userId: s.userId })).filter((x) => x.desktopId === s.desktopId)).toEqual([]);
    const ev = (await c.call('event-list', { objectId: s.desktopId, limit: 5 })).rows.map((e) => e.message).join('\n');
    expect(ev).toMatch(new RegExp(`reverted to snapshot "before patch".*the sessions of ${preview.sessions[0]?.userLogin.replace(/\\/g, '\\\\')} ended`));
  });

  it('fixes a simulated bad update', async () => {
    const l = lab();
    const c = l.client;
    const snap = await c.call('snapshot-take', { desktopId: 'vm-41', name: 'before update', includeMemory: true });
    const broken = await c.call('desktop-simulate-failure', { id: 'vm-41', kind: 'bad-update' });
    expect(broken).toMatchObject({ state: 'AGENT_UNREACHABLE' });
    expect(broken.problem).toMatch(/Bad update/);
    await c.call('clock-step', { seconds: 120 });
    expect((await c.call('desktop-get', { id: 'vm-41' })).state, 'a broken desktop stays broken').toBe('AGENT_UNREACHABLE');
    await finish(c, (await c.call('snapshot-revert', { snapshotId: snap.id })).id);
    expect(await c.call('desktop-get', { id: 'vm-41' })).toMatchObject({ state: 'AVAILABLE', powerState: 'poweredOn', problem: null });
    expect((await c.call('desktop-list', { problemsOnly: true })).rows.map((r) => r.id)).not.toContain('vm-41');
  });
});

describe('deleting, delete all, consolidate', () => {
  it('a delete is a task that removes the snapshot, keeps its children under its parent, and frees space', async () => {
    const l = lab();
    const c = l.client;
    const a = await c.call('snapshot-take', { desktopId: 'vm-36', name: 'a', includeMemory: true });
    const b = await c.call('snapshot-take', { desktopId: 'vm-36', name: 'b', includeMemory: true });
    const used0 = (await c.call('datastore-list', {})).find((d) => d.id === 'ds-2')?.usedGb ?? 0;
    const preview = await c.call('snapshot-delete-preview', { snapshotId: a.id });
    expect(preview.freedGb).toBeCloseTo(a.memoryGb, 1);
    expect(preview.sessions).toEqual([]);
    await finish(c, (await c.call('snapshot-delete', { snapshotId: a.id })).id);
    const tree = await c.call('snapshot-list', { desktopId: 'vm-36' });
    expect(tree.snapshots.map((s) => [s.id, s.parentId])).toEqual([[b.id, null]]);
    expect(tree.currentId).toBe(b.id);
    const used1 = (await c.call('datastore-list', {})).find((d) => d.id === 'ds-2')?.usedGb ?? 0;
    expect(used0 - used1).toBeGreaterThanOrEqual(Math.floor(preview.freedGb) - 1);
  });

  it('delete all empties the tree; consolidation is refused when not needed and clears an orphaned delta', async () => {
    const l = lab();
    const c = l.client;
    await refused(l, () => c.call('snapshot-delete-all', { desktopId: 'vm-43' }), 'conflict', ['desktopId'], /no snapshots/);
    await c.call('snapshot-take', { desktopId: 'vm-43', name: 'a' });
    await c.call('snapshot-take', { desktopId: 'vm-43', name: 'b' });
    await finish(c, (await c.call('snapshot-delete-all', { desktopId: 'vm-43' })).id);
    expect(await c.call('snapshot-list', { desktopId: 'vm-43' })).toMatchObject({ snapshots: [], currentId: null, chainDepth: 0, totalGb: 0 });

    await refused(l, () => c.call('snapshot-consolidate', { desktopId: 'vm-43' }), 'conflict', ['desktopId'], /no consolidation/);
    await c.call('desktop-simulate-failure', { id: 'vm-43', kind: 'orphaned-delta' });
    const t = await c.call('snapshot-list', { desktopId: 'vm-43' });
    expect(t.orphanGb).toBeGreaterThan(0);
    expect(t.warnings.join(' ')).toMatch(/consolidation is needed/);
    const task = await finish(c, (await c.call('snapshot-consolidate', { desktopId: 'vm-43' })).id);
    expect(task.state).toBe('completed');
    expect((await c.call('snapshot-list', { desktopId: 'vm-43' })).orphanGb).toBe(0);
  });
});

describe('bulk: a whole pool', () => {
  it('takes a snapshot of every desktop a few at a time with progress, skipping the ones the rules refuse, then reverts them all', async () => {
    const l = lab();
    const c = l.client;
    const task = await c.call('snapshot-bulk-take', { poolId: 'pool-1', name: 'before class', includeMemory: false, quiesce: true });
    expect(task).toMatchObject({ kind: 'snapshot-take', objectKind: 'pool', total: 22, done: 0 });
    expect(task.details.concurrency).toBe(SNAPSHOT_COST.bulkConcurrency);
    await c.call('clock-step', { seconds: 4 });
    const mid = (await c.call('task-list', { objectId: 'pool-1' }))[0] as SnapshotTask;
    expect(mid.details.items.filter((i) => i.status === 'running').length).toBeLessThanOrEqual(SNAPSHOT_COST.bulkConcurrency);
    const done = await finish(c, task.id);
    expect(done.state).toBe('completed');
    // KW-009's agent does not answer: it cannot be quiesced and is reported, not fatal.
    expect(done.details.items.find((i) => i.desktopName === 'KW-009')).toMatchObject({ status: 'failed', error: expect.stringMatching(/VMware Tools/) });
    expect(done.details.items.filter((i) => i.status === 'done')).toHaveLength(21);
    expect((await c.call('snapshot-list', { desktopId: 'vm-1' })).snapshots.map((s) => s.name)).toEqual(['before class']);

    const rev = await c.call('snapshot-bulk-revert', { poolId: 'pool-1', name: 'before class' });
    expect(rev.details.items.find((i) => i.desktopName === 'KW-009')).toMatchObject({ status: 'skipped' });
    const revDone = await finish(c, rev.id);
    expect(revDone).toMatchObject({ state: 'completed', done: 22, total: 22 });
    await refused(l, () => c.call('snapshot-bulk-revert', { poolId: 'pool-1', name: 'no such' }), 'conflict', ['name']);
    await refused(l, () => c.call('snapshot-bulk-take', { poolId: 'pool-404', name: 'x' }), 'not-found', ['poolId']);
  });

  it("Revert all's preview names only the sessions on desktops that have the snapshot (black-box round 5: it listed the whole pool)", async () => {
    const l = lab();
    const c = l.client;
    await c.call('clock-step', { seconds: 2 * 3600 }); // 09:00: the pool is busy
    const sessions = await c.call('session-list', { poolId: 'pool-1' });
    const one = sessions[0];
    if (!one || sessions.length < 3) throw new Error('too few sessions in pool-1');
    await c.call('snapshot-take', { desktopId: one.desktopId, name: 'only-one', includeMemory: true });
    const impact = await c.call('snapshot-bulk-revert-preview', { poolId: 'pool-1', name: 'only-one' });
    expect(impact).toMatchObject({ poolId: 'pool-1', name: 'only-one', desktops: 1, skipped: 21 });
    expect(impact.sessions.map((s) => s.sessionId)).toEqual([one.id]);
    expect(impact.sessions[0]).toMatchObject({ desktopName: one.desktopName, outcome: expect.stringMatching(/^ends/) });
    expect(await c.call('snapshot-bulk-revert-preview', { poolId: 'pool-1', name: 'no such' })).toMatchObject({ desktops: 0, skipped: 22, sessions: [] });
  });

  it('task-cancel stops a bulk task: desktops not finished are skipped and unchanged', async () => {
    const l = lab();
    const c = l.client;
    const task = await c.call('snapshot-bulk-take', { poolId: 'pool-2', name: 'c', includeMemory: true });
    await c.call('clock-step', { seconds: 12 });
    const cancelled = await c.call('task-cancel', { id: task.id });
    expect(cancelled.state).toBe('cancelled');
    const after = (await c.call('task-list', { objectId: 'pool-2' })).find((t) => t.id === task.id) as SnapshotTask;
    const done = after.details.items.filter((i) => i.status === 'done').map((i) => i.desktopId);
    await c.call('clock-step', { seconds: 120 });
    for (const it of after.details.items) {
      const n = (await c.call('snapshot-list', { desktopId: it.desktopId })).snapshots.length;
      expect(n, it.desktopName).toBe(done.includes(it.desktopId) ? 1 : 0);
    }
  });

  it('a bulk task whose pool is deleted meanwhile ends: the deleted desktops are skipped', async () => {
    const l = lab();
    const c = l.client;
    await c.call('clock-step', { seconds: 1 });
    const task = await c.call('snapshot-bulk-take', { poolId: 'pool-4', name: 'x', includeMemory: true });
    await c.call('clock-step', { seconds: 2 });
    await c.call('pool-delete', { id: 'pool-4', force: true });
    const done = await finish(c, task.id);
    expect(done.state).not.toBe('running');
    expect(done.details.items.every((i) => i.status === 'skipped' || i.status === 'done')).toBe(true);
    expect(done.details.items.some((i) => i.error === 'the desktop was deleted')).toBe(true);
  });
});
