import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src-main/contract/client.ts';
import { openHost, type Host } from '../../src-main/host/host.ts';
import { listActions, replayOrigin } from '../../src-main/store/action-log.ts';
import { digestDifference, labDigest, type LabDigest } from '../../src-main/store/lab-file/digest.ts';
import { listCheckpoints, replayLab, type ScratchOpener } from '../../src-main/app/replay/replayer.ts';
import { currentView } from '../../src-main/app/replay/views.ts';
import { openDatabase } from '../../src-main/store/db.ts';
import { SCRIPT, WALL, offset } from '../helpers/durable.ts';
import { tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// Replay and scrub (issue 17 part 4). A session of varied admin actions runs through the real
// dispatcher with the clock stepped between them; the lab's seed plus the action log it recorded
// must replay into a fresh lab with the same state (every lab table: engine state, queue, rows,
// events) at the end and at moments in between; a scrub (view) of a moment equals the live lab at
// that moment; the view refuses changes; a branch continues deterministically.

const dirs: string[] = [];
const scratch = (): string => {
  const d = tempDir('vdi-replay-');
  dirs.push(d);
  return d;
};
const open: ScratchOpener = (o) => openHost({ ...o, user: 'CORP\\replayer', wallClock: () => new Date('2026-12-01T10:00:00Z') });

let lab: TempLab;
let start = 0;
/** Live digests taken at moments of the session (simulated seconds → digest), after the actions of that moment. */
const live = new Map<number, LabDigest>();
/** What a read returned live at those moments. */
const liveFiles = new Map<number, Map<string, string[]>>();
const liveReads = new Map<number, { desktops: string; clock: string }>();

async function at(c: Client, off: number): Promise<void> {
  const now = await offset(c, start * 1000);
  if (off > now) await c.call('clock-step', { seconds: off - now });
}

async function remember(c: Client): Promise<number> {
  const t = Math.round(Date.parse((await c.call('clock-get', {})).simTime) / 1000);
  live.set(t, labDigest(lab.host.dbPath));
  if (process.env.REPLAY_DEBUG) liveFiles.set(t, (await import('../helpers/durable.ts')).storeRows(lab.host.dbPath));
  const desktops = await c.call('desktop-detail-list', { limit: 50 });
  liveReads.set(t, { desktops: JSON.stringify(desktops.rows.map((r) => [r.id, r.state, r.hostId])), clock: (await c.call('clock-get', {})).simTime });
  return t;
}

/** The session: the durable engine's morning script plus pool edits, a logoff, faults (one a host failure), a pool disabled and enabled. */
const EXTRA = [
  {
    at: 3000,
    async run(c: Client) {
      await c.call('pool-update', { id: 'pool-2', displayName: 'Task workers (edited)', spareMachines: 3 });
    },
  },
  {
    at: 8100,
    async run(c: Client) {
      await c.call('fault-inject', { kind: 'datastore-latency-spike', targetId: 'ds-1', params: { serviceFactor: 4 }, delaySec: 60, durationSec: 1200 });
    },
  },
  {
    at: 7200,
    async run(c: Client) {
      // A host failure fault: its start and end run the HA model and write task rows from the flush, not from a request.
      await c.call('fault-inject', { kind: 'host-isolation', targetId: 'h-3', delaySec: 90, durationSec: 900 });
    },
  },
  {
    at: 8000,
    async run(c: Client) {
      const s = (await c.call('session-list', {})).find((x) => x.state === 'active' || x.state === 'idle');
      if (s) await c.call('session-logoff', { ids: [s.id] });
      await c.call('pool-set-enabled', { id: 'pool-3', enabled: false });
    },
  },
  {
    at: 8700,
    async run(c: Client) {
      await c.call('pool-set-enabled', { id: 'pool-3', enabled: true });
    },
  },
];
const STEPS = [...SCRIPT.map((s) => ({ at: s.at, run: s.run })), ...EXTRA].sort((a, b) => a.at - b.at);
const END_OFFSET = 10_200;

beforeAll(async () => {
  lab = tempLab('small', 1);
  const c = lab.client;
  start = Date.parse((await c.call('clock-get', {})).simTime) / 1000;
  await c.call('clock-set', { speed: '60' }); // clock speed changes are not actions: the replay must not need them
  await c.call('clock-set', { speed: 'paused' });
  for (const s of STEPS) {
    await at(c, s.at);
    await s.run(c);
    if (s.at === 6600 || s.at === 8700) await remember(c);
  }
  await at(c, END_OFFSET);
  await remember(c);
}, 600_000);

afterAll(() => {
  lab.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the action log', () => {
  it('records every change of the simulation with its simulated instant, in order, and not the clock or reads', () => {
    const db = openDatabase(lab.host.dbPath);
    try {
      const actions = listActions(db);
      const methods = actions.map((a) => a.method);
      for (const m of [
        'pool-update',
        'fault-inject',
        'session-logoff',
        'pool-set-enabled',
        'host-enter-maintenance',
        'pool-push-image',
        'snapshot-take',
        'host-fail',
        'host-repair',
      ])
        expect(methods).toContain(m);
      expect(methods).not.toContain('clock-step');
      expect(methods).toContain('clock-set'); // a speed change writes its line in the event log: replayed too
      expect(methods.some((m) => m.endsWith('-list') || m.endsWith('-get'))).toBe(false);
      // Instants never go back, and each is a whole second on the tick grid at the step the action followed.
      for (let i = 1; i < actions.length; i++) expect((actions[i] as { t: number }).t).toBeGreaterThanOrEqual((actions[i - 1] as { t: number }).t);
      const fault = actions.find((a) => a.method === 'fault-inject' && (a.input as { kind?: string }).kind === 'datastore-latency-spike');
      expect(fault?.t).toBe(start + 8100);
      expect(fault?.user).toBe('CORP\\test-admin');
      expect(fault?.input).toMatchObject({ kind: 'datastore-latency-spike', targetId: 'ds-1' });
      expect(replayOrigin(db)).toEqual({ profile: 'small', seed: 1, startTime: new Date(start * 1000).toISOString() });
    } finally {
      db.close();
    }
  });

  it('refused requests leave no action', async () => {
    const db = openDatabase(lab.host.dbPath);
    try {
      const before = listActions(db).length;
      const r = await lab.host.dispatch('pool-set-enabled', { id: 'pool-404', enabled: false });
      expect(r.ok).toBe(false);
      expect(listActions(db).length).toBe(before);
    } finally {
      db.close();
    }
  });
});

describe('replay', () => {
  it('the seed plus the action log reproduce the lab exactly, at the end and at moments in between', async () => {
    const db = openDatabase(lab.host.dbPath);
    const origin = replayOrigin(db);
    const actions = listActions(db);
    db.close();
    if (!origin) throw new Error('no origin');
    const cache = scratch();
    const moments = [...live.keys()].sort((a, b) => a - b);
    const end = moments[moments.length - 1] as number;
    // The end first, from the seed (writing periodic checkpoints on the way)…
    const full = await replayLab({ origin, actions, to: end, dir: scratch(), cacheDir: cache, open });
    expect(full.startedFrom).toBeNull();
    expect(full.applied).toBe(actions.length);
    const replayed = labDigest(full.host.dbPath);
    full.host.close();
    expect(digestDifference(live.get(end) as LabDigest, replayed)).toEqual([]);
    expect(replayed.digest).toBe((live.get(end) as LabDigest).digest);
    expect(full.checkpointsWritten).toBeGreaterThan(5);
    // …then each earlier moment from the nearest checkpoint before it (a scrub).
    for (const t of moments.slice(0, -1)) {
      const r = await replayLab({ origin, actions, to: t, dir: scratch(), cacheDir: cache, open });
      if (process.env.REPLAY_DEBUG) {
        const { storeRows, firstDifference } = await import('../helpers/durable.ts');
        const cp = scratch();
        const { writeCheckpoint } = await import('../../src-main/app/replay/replayer.ts');
        writeCheckpoint(r.host.dbPath, cp, 'x.sqlite');
        console.log(t, firstDifference(liveFiles.get(t) as Map<string, string[]>, storeRows(join(cp, 'x.sqlite'))));
      }
      expect(r.startedFrom).not.toBeNull();
      expect(r.startedFrom as number).toBeLessThanOrEqual(t);
      expect(t - (r.startedFrom as number)).toBeLessThan(15 * 60);
      const d = labDigest(r.host.dbPath);
      r.host.close();
      expect(digestDifference(live.get(t) as LabDigest, d), `at ${new Date(t * 1000).toISOString()}`).toEqual([]);
    }
    expect(listCheckpoints(cache).length).toBeLessThanOrEqual(48);
  }, 600_000);
});

describe('scrub: a read-only view of a moment', () => {
  it('shows the lab as it was, refuses every change, and goes back to live', async () => {
    const c = lab.client;
    const moment = [...live.keys()].sort((a, b) => a - b)[0] as number;
    const liveNow = (await c.call('clock-get', {})).simTime;
    const view = await c.call('replay-view-open', { at: new Date(moment * 1000).toISOString() });
    expect(view).toMatchObject({ open: true, simTime: new Date(moment * 1000).toISOString(), liveSimTime: liveNow });
    // Reads show the moment: the clock, the machines, and the whole lab file equals the live one then.
    expect((await c.call('clock-get', {})).simTime).toBe(liveReads.get(moment)?.clock);
    const rows = await c.call('desktop-detail-list', { limit: 50 });
    expect(JSON.stringify(rows.rows.map((r) => [r.id, r.state, r.hostId]))).toBe(liveReads.get(moment)?.desktops);
    const v = currentView(lab.dir);
    expect(v).toBeDefined();
    expect(digestDifference(live.get(moment) as LabDigest, labDigest((v as { host: { dbPath: string } }).host.dbPath))).toEqual([]);

    // Every change is refused with a clear error, the live lab untouched.
    const before = labDigest(lab.host.dbPath).digest;
    for (const [m, input] of [
      ['pool-set-enabled', { id: 'pool-2', enabled: false }],
      ['clock-step', { seconds: 60 }],
      ['session-logoff', { ids: ['sess-1'] }],
      ['checkpoint-save', { name: 'x' }],
      ['fault-inject', { kind: 'broker-slowness' }],
    ] as const) {
      const r = await lab.host.dispatch(m, input);
      expect(r.ok, m).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('conflict');
        expect(r.error.message).toMatch(/read-only/);
      }
    }
    expect(labDigest(lab.host.dbPath).digest).toBe(before);

    const back = await c.call('replay-view-close', {});
    expect(back.open).toBe(false);
    expect((await c.call('clock-get', {})).simTime).toBe(liveNow);
    expect(currentView(lab.dir)).toBeUndefined();
  }, 300_000);

  it('a moment outside the lab is refused and opens nothing', async () => {
    const r = await lab.host.dispatch('replay-view-open', { at: new Date((start + 999_999) * 1000).toISOString() });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', path: ['at'] } });
    expect((await lab.client.call('replay-view-get', {})).open).toBe(false);
  });
});

describe('branch from here', () => {
  it('makes the moment the live lab (the old attempt kept) and continues deterministically', async () => {
    const c = lab.client;
    const moment = [...live.keys()].sort((a, b) => a - b)[1] as number;
    await c.call('replay-view-open', { at: new Date(moment * 1000).toISOString() });
    const b = await c.call('replay-branch', { confirm: true });
    expect(b.simTime).toBe(new Date(moment * 1000).toISOString());
    const list = await c.call('checkpoint-list', {});
    expect(list.map((x) => x.id)).toEqual(expect.arrayContaining([b.branchCheckpointId, b.keptCheckpointId]));
    expect((await c.call('replay-view-get', {})).open).toBe(false);
    expect((await c.call('clock-get', {})).simTime).toBe(new Date(moment * 1000).toISOString());
    expect(digestDifference(live.get(moment) as LabDigest, labDigest(lab.host.dbPath))).toEqual([]);

    // The new attempt: a different action, then on; its own log replays it exactly.
    await c.call('pool-set-drain', { id: 'pool-5', drain: true });
    await c.call('clock-step', { seconds: 900 });
    await c.call('fault-inject', { kind: 'broker-slowness', durationSec: 300 });
    await c.call('clock-step', { seconds: 600 });
    const db = openDatabase(lab.host.dbPath);
    const origin = replayOrigin(db);
    const actions = listActions(db);
    db.close();
    if (!origin) throw new Error('the branch lost its origin');
    expect(actions[actions.length - 2]?.method).toBe('pool-set-drain');
    const to = Math.round(Date.parse((await c.call('clock-get', {})).simTime) / 1000);
    const r = await replayLab({ origin, actions, to, dir: scratch(), cacheDir: join(lab.dir, 'replay', 'checkpoints'), open });
    const d = labDigest(r.host.dbPath);
    r.host.close();
    expect(digestDifference(labDigest(lab.host.dbPath), d)).toEqual([]);
  }, 600_000);
});

void WALL;
