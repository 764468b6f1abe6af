import { afterEach, describe, expect, it } from 'vitest';
import { tempLab, type TempLab } from '../helpers/lab.ts';

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});
const HOUR = 3600;

const versions = async (l: TempLab, poolId: string) => {
  const rows = await l.client.call('desktop-list', { poolId });
  const ids = await Promise.all(rows.rows.map((r) => l.client.call('desktop-get', { id: r.id })));
  const by: Record<string, number> = {};
  for (const d of ids) by[d.imageVersionId ?? 'none'] = (by[d.imageVersionId ?? 'none'] ?? 0) + 1;
  return by;
};

describe('push image during a workday', () => {
  it('wait for logoff: unused machines at once, machines in use at logoff, no session lost; then roll back', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('clock-step', { seconds: 2 * HOUR }); // 09:00, users at work
    const inUse = (await client.call('pool-get', { id: 'pool-1' })).sessionCount;
    expect(inUse).toBeGreaterThan(5);
    const v4 = await client.call('image-version-create', { imageId: 'img-1', notes: 'December CU' });
    expect(v4).toMatchObject({ id: 'imgv-1-4', version: 4 });
    const task = await client.call('pool-push-image', { poolId: 'pool-1', imageVersionId: v4.id });
    expect(task).toMatchObject({ state: 'scheduled', total: 22, details: { previousImageVersionId: 'imgv-1-3', logoffPolicy: 'wait' } });
    await client.call('clock-step', { seconds: 10 * 60 });
    const running = (await client.call('task-list', { objectId: 'pool-1' }))[0];
    expect(running?.state).toBe('running');
    expect(running?.done).toBe(22 - inUse); // every unused machine, the unreachable one recreated too
    expect((await client.call('pool-get', { id: 'pool-1' })).sessionCount).toBe(inUse); // nobody was logged off
    await client.call('clock-step', { seconds: 10 * HOUR }); // evening: everyone has logged off
    const done = (await client.call('task-list', { objectId: 'pool-1' }))[0];
    expect(done).toMatchObject({ state: 'completed' });
    expect((await versions(lab, 'pool-1'))[v4.id]).toBeGreaterThanOrEqual(20);
    const rollback = await client.call('pool-rollback-image', { poolId: 'pool-1' });
    expect(rollback.details).toMatchObject({ imageVersionId: 'imgv-1-3', rollback: true });
    await client.call('clock-step', { seconds: 30 * 60 });
    expect((await client.call('task-list', { objectId: 'pool-1' }))[0]).toMatchObject({ state: 'completed' });
    expect((await client.call('pool-get', { id: 'pool-1' })).imageVersionId).toBe('imgv-1-3');
  });

  it('force logoff: users are warned, logged off after the grace period, and every machine is updated', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('clock-step', { seconds: 2 * HOUR });
    const inUse = (await client.call('pool-get', { id: 'pool-1' })).sessionCount;
    expect(inUse).toBeGreaterThan(0);
    const task = await client.call('pool-push-image', { poolId: 'pool-1', imageVersionId: 'imgv-1-2', logoffPolicy: 'force', graceMinutes: 5 });
    const warning = (await client.call('event-list', { objectId: 'pool-1', severity: 'warning', limit: 1 })).rows[0];
    expect(warning?.message).toBe(`Push image ${task.id} on ${warning?.objectName}: ${inUse} users warned that they will be logged off in 5 min`);
    // The warning is on every user's screen, from the push.
    const sessions = await client.call('session-list', { poolId: 'pool-1' });
    expect(sessions.length).toBe(inUse);
    for (const s of sessions) {
      const screen = await client.call('session-screen', { id: s.id });
      expect(screen.messages[0]).toMatchObject({ severity: 'warning', title: 'Your desktop is being updated', from: `Horizon (push image ${task.id})` });
      expect(screen.messages[0]?.body).toMatch(/logged off in 5 minutes/);
    }
    await client.call('clock-step', { seconds: 4 * 60 });
    expect((await client.call('pool-get', { id: 'pool-1' })).sessionCount).toBeGreaterThan(0);
    await client.call('clock-step', { seconds: 5 * 60 });
    expect((await client.call('task-list', { objectId: 'pool-1' }))[0]?.state).toBe('completed');
  });

  it('a machine in maintenance mode waits; back from it during the push, it is recomposed and the push ends (black-box round 5)', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    const idle = (await client.call('desktop-list', { poolId: 'pool-1' })).rows.find((r) => r.state === 'AVAILABLE');
    if (!idle) throw new Error('no available machine');
    await client.call('desktop-set-maintenance', { id: idle.id, maintenance: true });
    await client.call('clock-step', { seconds: 2 * HOUR }); // 09:00: machines in use keep the push running (wait for logoff)
    const task = await client.call('pool-push-image', { poolId: 'pool-1', imageVersionId: 'imgv-1-2' });
    await client.call('clock-step', { seconds: 10 * 60 });
    expect((await client.call('task-list', { objectId: 'pool-1' })).find((t) => t.id === task.id)?.state).toBe('running');
    expect((await client.call('desktop-get', { id: idle.id })).imageVersionId).toBe('imgv-1-3'); // it waits
    await client.call('desktop-set-maintenance', { id: idle.id, maintenance: false });
    expect((await client.call('desktop-get', { id: idle.id })).state).toBe('PROVISIONING'); // not handed out on the old image
    await client.call('clock-step', { seconds: 10 * 60 });
    expect((await client.call('desktop-get', { id: idle.id })).imageVersionId).toBe('imgv-1-2');
    await client.call('clock-step', { seconds: 12 * HOUR });
    const done = (await client.call('task-list', { objectId: 'pool-1' })).find((t) => t.id === task.id);
    expect(done?.state).toBe('completed');
    expect(done?.done).toBe(done?.total);
    expect((await client.call('desktop-get', { id: idle.id })).imageVersionId).toBe('imgv-1-2');
  });

  it('a scheduled push starts at its time and can be cancelled before', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    const t = await client.call('pool-push-image', { poolId: 'pool-1', imageVersionId: 'imgv-1-2', startAt: '2026-01-05T20:00:00Z' });
    await client.call('clock-step', { seconds: HOUR });
    expect((await client.call('task-list', {}))[0]).toMatchObject({ id: t.id, state: 'scheduled', done: 0 });
    const cancelled = await client.call('task-cancel', { id: t.id });
    expect(cancelled.state).toBe('cancelled');
    expect((await client.call('pool-get', { id: 'pool-1' })).imageVersionId).toBe('imgv-1-3');
    expect(await lab.host.dispatch('task-cancel', { id: t.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('stop on first error: a full datastore stops the push and says why', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    // Fill the NFS datastore to the last few GB with full clones of 4 TB disks.
    const ds = (await client.call('datastore-list', {})).find((d) => d.id === 'ds-2');
    if (!ds) throw new Error('no ds-2');
    const free = ds.capacityGb - ds.usedGb;
    const perMachine = 4096 * 0.45;
    const n = Math.floor(free / perMachine);
    const rest = free - n * perMachine - 2; // leave 2 GB: less than one instant clone needs
    const base = {
      kind: 'full-clone' as const,
      assignment: 'dedicated' as const,
      imageId: 'img-1',
      imageVersionId: 'imgv-1-3',
      clusterId: 'cl-1',
      datastoreIds: ['ds-2'],
      networkId: 'net-3',
    };
    await client.call('pool-create', { ...base, name: 'FILL', displayName: 'Fill', namingPattern: 'FILL-{n:2}', maxMachines: n, diskGb: 4096 });
    await client.call('pool-create', {
      ...base,
      name: 'FILL2',
      displayName: 'Fill 2',
      namingPattern: 'FILLB-{n:2}',
      maxMachines: 1,
      diskGb: Math.max(16, rest / 0.45),
    });
    await client.call('clock-step', { seconds: 60 });
    const task = await client.call('pool-push-image', { poolId: 'pool-2', imageVersionId: 'imgv-2-1' });
    await client.call('clock-step', { seconds: 5 * 60 });
    const after = (await client.call('task-list', { objectId: 'pool-2' }))[0];
    expect(after).toMatchObject({ id: task.id, state: 'failed' });
    expect(after?.kind === 'push-image' ? after.details.errors[0]?.reason : undefined).toMatch(/Datastore NFS-HYB-CL01 is full/);
    expect((await client.call('event-list', { objectId: 'pool-2', severity: 'error', limit: 1 })).rows[0]?.message).toMatch(
      /stopped on its first error.*the pool keeps its previous image/,
    );
    // As after a cancel, the pool's image is its previous one (black-box round 5: it claimed the version that failed).
    expect((await client.call('pool-get', { id: 'pool-2' })).imageVersionId).toBe(task.details.previousImageVersionId);
  });
});
