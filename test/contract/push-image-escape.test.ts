import { afterEach, describe, expect, it } from 'vitest';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// Issue #14: a cancelled push must never leave the pool in a state nothing can change,
// and a push that waits for logoff must say for whom and let the admin force the rest.

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});
const HOUR = 3600;

describe('push image: no dead ends', () => {
  it('after a cancel, the machines already recomposed can be brought back (rollback and re-push are accepted)', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('clock-step', { seconds: 2 * HOUR }); // users at work: some machines are in use
    const task = await client.call('pool-push-image', { poolId: 'pool-1', imageVersionId: 'imgv-1-2' });
    await client.call('clock-step', { seconds: 10 * 60 });
    const cancelled = await client.call('task-cancel', { id: task.id });
    expect(cancelled.state).toBe('cancelled');
    const pool = await client.call('pool-get', { id: 'pool-1' });
    expect(pool.imageVersionId).toBe('imgv-1-3');

    const status = await client.call('pool-image-status', { id: 'pool-1' });
    const onV2 = status.versions.find((v) => v.imageVersionId === 'imgv-1-2')?.machines ?? 0;
    expect(onV2).toBeGreaterThan(0); // the dead end of the issue: the pool says v3, these run v2
    expect(status.activePush).toBeNull();
    expect(status.waiting.filter((w) => w.imageVersionId === 'imgv-1-2').every((w) => w.reason === 'stranded' || w.reason === 'in-use')).toBe(true);
    expect(status.waiting.length).toBe(onV2);

    // Pushing the pool's own version is accepted now: it brings those machines back.
    const back = await client.call('pool-push-image', { poolId: 'pool-1', imageVersionId: 'imgv-1-3' });
    expect(back).toMatchObject({ state: 'scheduled', details: { imageVersionId: 'imgv-1-3', previousImageVersionId: 'imgv-1-3' } });
    expect((await client.call('pool-get', { id: 'pool-1' })).previousImageVersionId).toBe(pool.previousImageVersionId); // rollback target kept
    await client.call('clock-step', { seconds: 12 * HOUR }); // evening: everyone has logged off
    expect((await client.call('task-list', { objectId: 'pool-1' }))[0]).toMatchObject({ id: back.id, state: 'completed' });
    const after = await client.call('pool-image-status', { id: 'pool-1' });
    expect(after.versions.map((v) => v.imageVersionId)).toEqual(['imgv-1-3']);
    expect(after.waiting).toEqual([]);
    // Now that every machine runs it, the same push is refused, and the message says why.
    const again = await lab.host.dispatch('pool-push-image', { poolId: 'pool-1', imageVersionId: 'imgv-1-3' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', path: ['imageVersionId'] } });
    if (!again.ok) expect(again.error.message).toMatch(/all its machines already run version 3/);
  });

  it('rollback after a cancel is accepted while machines run the cancelled version', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('clock-step', { seconds: 2 * HOUR });
    const v4 = await client.call('image-version-create', { imageId: 'img-1', notes: 'bad update' });
    const t = await client.call('pool-push-image', { poolId: 'pool-1', imageVersionId: v4.id });
    await client.call('clock-step', { seconds: 10 * 60 });
    await client.call('task-cancel', { id: t.id });
    const pool = await client.call('pool-get', { id: 'pool-1' });
    expect(pool).toMatchObject({ imageVersionId: 'imgv-1-3', previousImageVersionId: 'imgv-1-3' });
    // "Roll back to version 3" used to answer "already runs that image version" here.
    const rb = await client.call('pool-rollback-image', { poolId: 'pool-1' });
    expect(rb.details).toMatchObject({ imageVersionId: 'imgv-1-3', rollback: true });
  });
});

describe('push image: what it waits for, and forcing the rest', () => {
  it('a push not started yet that is switched to forced logoff says when the users are logged off: the grace after its start (black-box round 5)', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('clock-step', { seconds: HOUR }); // 08:00
    const t = await client.call('pool-push-image', { poolId: 'pool-1', imageVersionId: 'imgv-1-2', startAt: '2026-01-05T12:00:00Z' });
    const forced = await client.call('task-push-force', { id: t.id, graceMinutes: 1 });
    expect(forced.details.forced?.logoffAt).toBe('2026-01-05T12:01:00.000Z');
    const audit = (await client.call('event-list', { objectId: 'pool-1', limit: 1 })).rows[0];
    expect(audit?.message).toMatch(/logged off at 12:01, 1 min after the push starts$/);
  });

  it('lists the machines in use with their sessions, and a forced switch logs them off after the grace period', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('clock-step', { seconds: 2 * HOUR });
    const t = await client.call('pool-push-image', { poolId: 'pool-1', imageVersionId: 'imgv-1-2' });
    await client.call('clock-step', { seconds: 10 * 60 });
    const status = await client.call('pool-image-status', { id: 'pool-1' });
    expect(status.activePush?.id).toBe(t.id);
    expect(status.imageVersionId).toBe('imgv-1-2');
    const inUse = status.waiting.filter((w) => w.reason === 'in-use');
    expect(inUse.length).toBeGreaterThan(0);
    expect(inUse.every((w) => w.sessions.length > 0 && w.imageVersionId === 'imgv-1-3')).toBe(true);
    expect(status.summary).toMatchObject({ inUse: inUse.length, sessions: inUse.reduce((n, w) => n + w.sessions.length, 0) });
    expect(status.summary.users).toBeGreaterThan(0);
    const sessionIds = inUse.flatMap((w) => w.sessions.map((s) => s.id));

    const forced = await client.call('task-push-force', { id: t.id, graceMinutes: 5 });
    expect(forced.details.logoffPolicy).toBe('force');
    expect(forced.details.forced).toMatchObject({ by: 'CORP\\test-admin' });
    const audit = (await client.call('event-list', { objectId: 'pool-1', limit: 1 })).rows[0];
    expect(audit?.message).toMatch(new RegExp(`${t.id} on .* switched to forced logoff: ${status.summary.sessions} session.* logged off in 5 min$`));
    // The users see a warning on their screens.
    const detail = await client.call('session-get', { id: sessionIds[0]! });
    expect(detail.messages.at(-1)).toMatchObject({ severity: 'warning', title: 'Your desktop is being updated' });
    // A second switch is refused and says when the logoff is.
    expect(await lab.host.dispatch('task-push-force', { id: t.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    await client.call('clock-step', { seconds: 3 * 60 }); // inside the grace period: still logged on
    const live = new Set((await client.call('session-list', {})).map((s) => s.id));
    expect(sessionIds.some((id) => live.has(id))).toBe(true);
    await client.call('clock-step', { seconds: 3 * 60 }); // grace over
    const after = new Set((await client.call('session-list', {})).map((s) => s.id));
    expect(sessionIds.filter((id) => after.has(id))).toEqual([]);
    await client.call('clock-step', { seconds: 20 * 60 });
    expect((await client.call('task-list', { objectId: 'pool-1' }))[0]).toMatchObject({ id: t.id, state: 'completed' });
  });
});
