import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listActions, replayOrigin } from '../../src-main/store/action-log.ts';
import { digestDifference, labDigest } from '../../src-main/store/lab-file/digest.ts';
import { replayLab, type ScratchOpener } from '../../src-main/app/replay/replayer.ts';
import { currentView, isOpening } from '../../src-main/app/replay/views.ts';
import { restAdminFor, type RestAdmin } from '../../src-main/app/rest-admin.ts';
import { openHost } from '../../src-main/host/host.ts';
import { openDatabase } from '../../src-main/store/db.ts';
import { replayCommand } from '../../src-main/host/replay-cli.ts';
import { startWorkerHost } from '../../src-main/host/runner/worker-host.ts';
import { vi } from 'vitest';
import { tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// Defects a review found in replay (review of the issue-17/18 merge): each case failed before its fix.

const dirs: string[] = [];
const labs: TempLab[] = [];
const scratch = (): string => {
  const d = tempDir('vdi-replay-defects-');
  dirs.push(d);
  return d;
};
const open: ScratchOpener = (o) => openHost({ ...o, user: 'CORP\\replayer', wallClock: () => new Date('2026-12-01T10:00:00Z') });
const newLab = (): TempLab => {
  const l = tempLab('small', 3);
  labs.push(l);
  return l;
};

afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Replays the lab's log to its clock now and returns the tables that differ from the live lab (empty: exact). */
async function replayDifference(lab: TempLab): Promise<string[]> {
  const now = Math.round(Date.parse((await lab.client.call('clock-get', {})).simTime) / 1000);
  const db = openDatabase(lab.host.dbPath);
  const origin = replayOrigin(db);
  const actions = listActions(db);
  db.close();
  if (!origin) throw new Error('no origin');
  const r = await replayLab({ origin, actions, to: now, dir: scratch(), cacheDir: null, open });
  const d = labDigest(r.host.dbPath);
  r.host.close();
  return digestDifference(labDigest(lab.host.dbPath), d);
}

describe('lab-reset and replay agree', () => {
  it('a reset restores the profile’s Trends retention, so the reset lab replays exactly', async () => {
    const lab = newLab();
    const c = lab.client;
    await c.call('trend-retention-set', { fiveMinuteDays: 2, hourlyDays: 30, dailyDays: 400 });
    await c.call('lab-reset', { confirm: true, profile: 'small', seed: 3 });
    const kept = await c.call('trend-retention-get', {});
    expect(kept.map((l) => l.days)).toEqual([7, 90, 730]);
    await c.call('clock-step', { seconds: 1800 });
    await c.call('pool-set-enabled', { id: 'pool-2', enabled: false });
    await c.call('clock-step', { seconds: 600 });
    expect(await replayDifference(lab)).toEqual([]);
  }, 300_000);
});

describe('an image version created while the engine runs (black-box round 5)', () => {
  it('enters the running engine as it enters one a later process builds: the lab cut after it replays exactly', async () => {
    const dir = tempDir('vdi-replay-defects-');
    const first = tempLab('small', 3, dir);
    await first.client.call('clock-step', { seconds: 900 });
    await first.client.call('image-version-create', { imageId: 'img-1', notes: 'monthly patches' });
    first.host.close();
    // A new process (every `vdi-console call` is one) opens the lab and runs on.
    const lab = tempLab('small', 3, dir);
    labs.push(lab);
    await lab.client.call('clock-step', { seconds: 600 });
    expect(await replayDifference(lab)).toEqual([]);
  }, 300_000);
});

describe('vdi-console replay on a lab whose console runs the clock (black-box round 5)', () => {
  it('compares the replay with the lab at the instant it read, not with where the clock has gone since', async () => {
    // serve's host: a worker thread whose clock runs while this thread replays (as serve and the CLI are two processes).
    const dir = tempDir('vdi-replay-defects-');
    dirs.push(dir);
    const host = await startWorkerHost({ dataDir: dir, lab: 'small', seed: 3, run: true, user: 'CORP\\replay-test' });
    try {
      const call = async (method: string, input: unknown) => {
        const r = await host.dispatch(method, input);
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        return r.result as { simTime: string };
      };
      await call('clock-step', { seconds: 1800 });
      await call('pool-set-enabled', { id: 'pool-2', enabled: false });
      await call('clock-set', { speed: 'max' });
      const out: string[] = [];
      const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
      let code: number;
      try {
        code = await replayCommand({ dataDir: dir });
      } finally {
        write.mockRestore();
      }
      const report = JSON.parse(out.join('')) as { to: string; identical: boolean; differingTables: string[] };
      expect(report.differingTables).toEqual([]);
      expect(report.identical).toBe(true);
      expect(code).toBe(0);
      // The lab ran on meanwhile: the comparison was of one instant, not of a paused lab.
      expect(Date.parse((await call('clock-get', {})).simTime)).toBeGreaterThan(Date.parse(report.to));
    } finally {
      await host.close();
    }
  }, 300_000);
});

describe('events written by requests the action log does not record', () => {
  it('replay reproduces them (same ids), so a later acknowledge by id names the same event', async () => {
    const lab = newLab();
    const c = lab.client;
    await c.call('clock-step', { seconds: 900 });
    // Not actions of the simulation, but each writes a line in the lab's events: a checkpoint saved, a capacity definition saved.
    await c.call('checkpoint-save', { name: 'before the change' });
    await c.call('capacity-definition-save', {
      definition: {
        name: 'Tiny',
        hosts: { count: 1, sockets: 1, coresPerSocket: 4, ghz: 2.4, hyperthreading: true, ramGb: 128 },
        storage: { iops: 20000, serviceTimeMs: 0.5, capacityTb: 5 },
        sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 4 },
        workload: 'knowledge',
        launch: { sessions: 30, timeframeSec: 600 },
      },
    });
    await c.call('clock-step', { seconds: 300 });
    await c.call('pool-set-enabled', { id: 'pool-2', enabled: false });
    await c.call('clock-step', { seconds: 300 });
    const newest = (await c.call('event-list', { limit: 1 })).rows[0];
    if (!newest) throw new Error('no event');
    await c.call('event-acknowledge', { ids: [newest.id] });
    await c.call('clock-step', { seconds: 300 });
    expect(await replayDifference(lab)).toEqual([]);
  }, 300_000);
});

describe('a read-only view of a moment', () => {
  it('shows the lab at that moment, but the HTTP API’s fault rules and request log stay the console’s', async () => {
    const lab = newLab();
    const c = lab.client;
    const start = Math.round(Date.parse((await c.call('clock-get', {})).simTime) / 1000);
    await c.call('clock-step', { seconds: 1200 });
    await c.call('rest-fault-set', { id: 'flaky', match: { pathPrefix: '/inventory/' }, status: 503 });
    restAdminFor(lab.dir).log({
      wallTime: '2026-12-01T10:00:00.000Z',
      api: 'rest',
      method: 'GET',
      path: '/inventory/v1/machines',
      operation: 'listMachines',
      status: 503,
      durationMs: 3,
      bytes: 120,
      caller: 'administrator',
      fault: 'flaky',
      errorKey: null,
    } as Parameters<RestAdmin['log']>[0]);
    const liveLog = await c.call('rest-log-list', {});
    expect(liveLog.total).toBe(1);

    await c.call('replay-view-open', { at: new Date((start + 600) * 1000).toISOString() });
    expect((await c.call('clock-get', {})).simTime).toBe(new Date((start + 600) * 1000).toISOString()); // the lab: the moment
    expect((await c.call('rest-fault-list', {})).map((f) => f.id)).toEqual(['flaky']); // the console's rules
    expect(await c.call('rest-log-list', {})).toEqual(liveLog);
    // A rule set while viewing is the console's (the live HTTP API applies it), and the list shows it at once.
    await c.call('rest-fault-set', { id: 'slow', match: { operationId: 'listMachines' }, delayMs: 100 });
    expect((await c.call('rest-fault-list', {})).map((f) => f.id).sort()).toEqual(['flaky', 'slow']);
    expect((await c.call('checkpoint-list', {})).length).toBe(0);
    await c.call('replay-view-close', {});
    expect((await c.call('rest-fault-list', {})).map((f) => f.id).sort()).toEqual(['flaky', 'slow']);
  }, 300_000);

  it('while a moment is being opened, changes of the lab, a second open, a close and a branch are refused', async () => {
    const lab = newLab();
    const c = lab.client;
    const start = Math.round(Date.parse((await c.call('clock-get', {})).simTime) / 1000);
    await c.call('clock-step', { seconds: 1800 });
    const before = labDigest(lab.host.dbPath).digest;
    const opening = lab.host.dispatch('replay-view-open', { at: new Date((start + 1200) * 1000).toISOString() });
    // The replay yields while it runs: these arrive while the view is being opened.
    const [write, second, close, branch] = await Promise.all([
      lab.host.dispatch('pool-set-enabled', { id: 'pool-2', enabled: false }),
      lab.host.dispatch('replay-view-open', { at: new Date((start + 600) * 1000).toISOString() }),
      lab.host.dispatch('replay-view-close', {}),
      lab.host.dispatch('replay-branch', { confirm: true }),
    ]);
    for (const [name, r] of [
      ['write', write],
      ['second open', second],
      ['close', close],
      ['branch', branch],
    ] as const) {
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.error.code, name).toBe('conflict');
    }
    if (!write.ok) expect(write.error.message).toMatch(/being opened/);
    expect((await opening).ok).toBe(true);
    expect((await c.call('replay-view-get', {})).simTime).toBe(new Date((start + 1200) * 1000).toISOString());
    await c.call('replay-view-close', {});
    expect(labDigest(lab.host.dbPath).digest).toBe(before);
    expect((await c.call('pool-get', { id: 'pool-2' })).enabled).toBe(true);
  }, 300_000);
});

describe('Host.close', () => {
  it('closes an open view’s scratch lab and removes its folder', async () => {
    const lab = newLab();
    const c = lab.client;
    const start = Math.round(Date.parse((await c.call('clock-get', {})).simTime) / 1000);
    await c.call('clock-step', { seconds: 900 });
    await c.call('replay-view-open', { at: new Date((start + 300) * 1000).toISOString() });
    const v = currentView(lab.dir);
    if (!v) throw new Error('no view');
    expect(existsSync(join(lab.dir, 'replay', 'view', 'lab.sqlite'))).toBe(true);
    lab.host.close();
    expect(currentView(lab.dir)).toBeUndefined();
    expect(existsSync(join(lab.dir, 'replay', 'view'))).toBe(false);
    // Its scratch host is closed: its database handle with it (a read of the lab is not answered).
    await expect(v.host.dispatch('pool-list', {})).rejects.toThrow(/not open/);
  }, 300_000);

  it('gives the live clock back the speed it had before the view, in the console that opens the lab next', async () => {
    // Found by a black-box run: serve killed while a moment was shown came back with the live clock paused and the speed it
    // had before the view forgotten (the view and that speed lived in the dead console's memory).
    const lab = newLab();
    const c = lab.client;
    const start = Math.round(Date.parse((await c.call('clock-get', {})).simTime) / 1000);
    await c.call('clock-step', { seconds: 900 });
    await c.call('clock-set', { speed: '600' });
    await c.call('replay-view-open', { at: new Date((start + 300) * 1000).toISOString() });
    expect((await c.call('clock-get', {})).simTime).toBe(new Date((start + 300) * 1000).toISOString()); // the view's clock
    lab.host.close({ flush: false }); // as a crash leaves it
    const again = openHost({ dataDir: lab.dir, wallClock: () => new Date('2026-12-01T10:00:00Z') });
    try {
      expect((await again.dispatch('clock-get', {})) as unknown).toMatchObject({ ok: true, result: { speed: '600', running: true } });
      expect((await again.dispatch('replay-view-get', {})) as unknown).toMatchObject({ ok: true, result: { open: false } });
      // Closed on purpose without resuming: the clock stays paused, also for the next console.
      await again.dispatch('clock-set', { speed: '60' });
      const start2 = Math.round(Date.parse(((await again.dispatch('clock-get', {})) as { result: { simTime: string } }).result.simTime) / 1000);
      await again.dispatch('replay-view-open', { at: new Date((start2 - 60) * 1000).toISOString() });
      await again.dispatch('replay-view-close', { resume: false });
    } finally {
      again.close();
    }
    const third = openHost({ dataDir: lab.dir, wallClock: () => new Date('2026-12-01T10:00:00Z') });
    try {
      expect((await third.dispatch('clock-get', {})) as unknown).toMatchObject({ ok: true, result: { speed: 'paused' } });
    } finally {
      third.close();
    }
  }, 300_000);

  it('drops a view that was being opened when it closed', async () => {
    const lab = newLab();
    const c = lab.client;
    const start = Math.round(Date.parse((await c.call('clock-get', {})).simTime) / 1000);
    await c.call('clock-step', { seconds: 1800 });
    const opening = lab.host.dispatch('replay-view-open', { at: new Date((start + 1500) * 1000).toISOString() });
    // Close while the replay is under way (not on a guessed delay: on a quiet machine one tick may be most of it).
    for (let i = 0; i < 10_000 && !isOpening(lab.dir); i++) await new Promise((r) => setImmediate(r));
    expect(isOpening(lab.dir)).toBe(true);
    lab.host.close();
    // The closed console cannot answer (its audit trail is closed too): what matters is that nothing of the view stays open.
    const r = await opening.catch((err: unknown) => ({ ok: false as const, err }));
    expect(r.ok).toBe(false);
    expect(currentView(lab.dir)).toBeUndefined();
    expect(existsSync(join(lab.dir, 'replay', 'view'))).toBe(false);
  }, 300_000);
});
