import Database from 'better-sqlite3';
import { createClient, type Client } from '../../src-main/contract/client.ts';
import type { LabProfile } from '../../src-main/contract/entities.ts';
import type { FaultKind } from '../../src-main/contract/fault-catalogue.ts';
import { memoryTransport, openHost, type Host } from '../../src-main/host/host.ts';
import type { Db } from '../../src-main/store/db.ts';
import { engineRecordRows } from '../../src-main/store/lab-file/digest.ts';

// The durable-engine invariant (issue 12): one scripted run of a lab, cut in many ways
// (processes that stop and start, crashes, no-op rebuilds), must leave the same store.

export const WALL = () => new Date('2026-11-24T09:00:00Z');

/** An admin action of the script, at a simulated offset (s) from the lab's start; it picks its targets from the lab as it is then. */
export interface ScriptStep {
  at: number;
  label: string;
  run(c: Client): Promise<void>;
}

async function firstSession(c: Client, pred: (s: { state: string; poolId: string }) => boolean = () => true) {
  const rows = await c.call('session-list', {});
  const s = rows.find((r) => pred(r));
  if (!s) throw new Error('the script expected a session');
  return s;
}

/**
 * A morning in the small lab that touches every kind of work in flight: logons, a manual
 * connection, a reset desktop booting, a live migration, a maintenance evacuation, a push
 * image, a snapshot, a host failure with the HA timeline, a repair.
 */
export const SCRIPT: ScriptStep[] = [
  {
    at: 5400,
    label: 'connect a user from the thin-client view',
    async run(c) {
      const users = await c.call('user-list', { limit: 100 });
      const busy = new Set((await c.call('session-list', {})).map((s) => s.userId));
      const u = users.rows.find((x) => !busy.has(x.id));
      if (u) await c.call('session-connect', { userId: u.id, clientDevice: 'thin-client', network: 'branch-wan' });
    },
  },
  {
    at: 5460,
    label: 'reset a desktop under a session (it boots: WAIT_FOR_AGENT)',
    async run(c) {
      const s = await firstSession(c, (x) => x.state === 'active' || x.state === 'idle');
      await c.call('session-reset-desktop', { ids: [s.id] });
    },
  },
  {
    at: 6000,
    label: 'live-migrate a busy desktop',
    async run(c) {
      const s = await firstSession(c, (x) => x.state === 'active' || x.state === 'idle');
      await c.call('vm-migrate', { desktopIds: [s.desktopId] });
    },
  },
  {
    at: 6600,
    label: 'put a host in maintenance mode (evacuation)',
    async run(c) {
      await c.call('host-enter-maintenance', { hostId: 'h-3', wait: true });
    },
  },
  {
    at: 7200,
    label: 'push an image to a pool',
    async run(c) {
      const v = await c.call('image-version-create', { imageId: 'img-1', notes: 'December CU' });
      const pool = (await c.call('pool-list', {})).find((p) => p.imageId === 'img-1' && p.sessionType === 'single-session');
      if (pool) await c.call('pool-push-image', { poolId: pool.id, imageVersionId: v.id, logoffPolicy: 'wait' });
    },
  },
  {
    at: 7500,
    label: 'take a snapshot with memory, and one of a whole pool',
    async run(c) {
      const s = await firstSession(c, (x) => x.state === 'active' || x.state === 'idle');
      await c.call('snapshot-take', { desktopId: s.desktopId, name: 'before patch', includeMemory: true });
      // A bulk take is a tracked task whose desktops the engine works through over time.
      await c.call('snapshot-bulk-take', { poolId: s.poolId, name: 'class snapshot' });
    },
  },
  {
    at: 7800,
    label: 'take the host out of maintenance',
    async run(c) {
      await c.call('host-exit-maintenance', { hostId: 'h-3' });
    },
  },
  {
    at: 8400,
    label: 'fail a host (HA timeline)',
    async run(c) {
      await c.call('host-fail', { hostId: 'h-2', mode: 'power-loss' });
    },
  },
  {
    at: 9300,
    label: 'repair it',
    async run(c) {
      await c.call('host-repair', { hostId: 'h-2' });
    },
  },
];

/**
 * A second morning in the small lab: training faults of every target type (a datastore, a pool, a
 * host, a client network, the broker), one that ends by a clear and one that fails a host, with
 * admin changes in between that reload or rebuild the engine (provisioning off and on, a bigger
 * pool, a desktop in maintenance, a pool disabled and enabled, DRS, a push cancelled).
 */
export const FAULTS_SCRIPT: ScriptStep[] = [
  { at: 3700, label: 'datastore latency spike', run: fault('datastore-latency-spike', 'ds-1', 1200) },
  { at: 3900, label: 'pool exhaustion', run: fault('pool-exhaustion', 'pool-1', 900) },
  { at: 4100, label: 'memory hog until cleared', run: fault('host-memory-hog', 'h-1') },
  {
    at: 4300,
    label: 'disconnect a session',
    async run(c) {
      await c.call('session-disconnect', { ids: [(await firstSession(c, (x) => x.state === 'active')).id] });
    },
  },
  { at: 4500, label: 'provisioning off', run: (c) => c.call('pool-set-provisioning', { id: 'pool-2', enabled: false }).then(() => undefined) },
  { at: 4700, label: 'network impairment', run: fault('network-impairment', 'home-broadband', 900) },
  { at: 4900, label: 'broker slowness', run: fault('broker-slowness', undefined, 600) },
  { at: 5100, label: 'provisioning on', run: (c) => c.call('pool-set-provisioning', { id: 'pool-2', enabled: true }).then(() => undefined) },
  { at: 5300, label: 'snapshot growth', run: fault('snapshot-growth', 'pool-3', 1800) },
  { at: 5500, label: 'datastore fill', run: fault('datastore-fill', 'ds-2', 1200) },
  {
    at: 5700,
    label: 'log a session off',
    async run(c) {
      await c.call('session-logoff', { ids: [(await firstSession(c, (x) => x.state === 'active' || x.state === 'idle')).id] });
    },
  },
  { at: 5900, label: 'a host fails (PSOD)', run: fault('host-psod', 'h-2') },
  { at: 6700, label: 'DRS to manual', run: (c) => c.call('cluster-set-drs', { clusterId: 'cl-1', automation: 'manual', threshold: 2 }).then(() => undefined) },
  {
    at: 6900,
    label: 'a desktop into maintenance',
    async run(c) {
      const d = (await c.call('desktop-list', { poolId: 'pool-1', state: 'AVAILABLE' })).rows[0];
      if (!d) throw new Error('the script expected an available desktop in pool-1');
      await c.call('desktop-set-maintenance', { id: d.id, maintenance: true });
    },
  },
  {
    at: 7100,
    label: 'a bigger pool (rebuild)',
    async run(c) {
      const p = await c.call('pool-get', { id: 'pool-1' });
      await c.call('pool-update', { id: 'pool-1', maxMachines: p.maxMachines + 2 });
    },
  },
  {
    at: 7300,
    label: 'clear the memory hog',
    async run(c) {
      const f = (await c.call('fault-list', {})).faults.find((x) => x.kind === 'host-memory-hog' && x.state === 'active');
      if (!f) throw new Error('the script expected the memory hog active');
      await c.call('fault-clear', { id: f.id });
    },
  },
  {
    at: 7500,
    label: 'push an image to a pool',
    async run(c) {
      const v = await c.call('image-version-create', { imageId: 'img-1', notes: 'hotfix' });
      await c.call('pool-push-image', { poolId: 'pool-4', imageVersionId: v.id, logoffPolicy: 'wait' });
    },
  },
  {
    at: 7700,
    label: 'cancel the push',
    async run(c) {
      const t = (await c.call('task-list', { active: true })).find((x) => x.kind === 'push-image');
      if (t) await c.call('task-cancel', { id: t.id });
    },
  },
  {
    at: 7900,
    label: 'the desktop out of maintenance',
    async run(c) {
      for (const d of (await c.call('desktop-list', { poolId: 'pool-1', state: 'MAINTENANCE' })).rows)
        await c.call('desktop-set-maintenance', { id: d.id, maintenance: false });
    },
  },
  { at: 8300, label: 'pool disabled', run: (c) => c.call('pool-set-enabled', { id: 'pool-5', enabled: false }).then(() => undefined) },
  { at: 8500, label: 'pool enabled', run: (c) => c.call('pool-set-enabled', { id: 'pool-5', enabled: true }).then(() => undefined) },
];

function fault(kind: FaultKind, targetId: string | undefined, durationSec?: number): (c: Client) => Promise<void> {
  return async (c) => {
    await c.call('fault-inject', { kind, ...(targetId ? { targetId } : {}), ...(durationSec ? { durationSec } : {}) });
  };
}

export const END = 10_800;

/** A lab folder opened in this process, as a new process would open it. */
export function open(dir: string, profile: LabProfile = 'small'): { host: Host; client: Client } {
  const host = openHost({ dataDir: dir, lab: profile, seed: 1, user: 'CORP\\script', wallClock: WALL });
  return { host, client: createClient(memoryTransport(host)) };
}

/** Simulated seconds since the lab's start, as the stored clock says. */
export async function offset(c: Client, start: number): Promise<number> {
  return (Date.parse((await c.call('clock-get', {})).simTime) - start) / 1000;
}

/**
 * The store as rows, table by table, without what the wall clock stamps (events.wall_time;
 * a checkpoint's or capacity run's creation time): what must be equal between two runs of the
 * same script, whatever processes ran it.
 */
export function storeRows(path: string): Map<string, string[]> {
  const db = new Database(path, { readonly: true });
  try {
    const out = new Map<string, string[]>();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    for (const { name } of tables) {
      const rows = (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]).map((r) => {
        const { wall_time: _w, ...rest } = r;
        return JSON.stringify(rest, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
      });
      out.set(name, rows.sort());
    }
    for (const [table, rows] of engineRecordRows(db as unknown as Db)) {
      if (rows === null) out.delete(table);
      else out.set(table, [...rows].sort());
    }
    return out;
  } finally {
    db.close();
  }
}

/** The first difference between two stores, in words (or null): which table, and a row each side has that the other lacks. */
export function firstDifference(a: Map<string, string[]>, b: Map<string, string[]>): string | null {
  for (const [table, rowsA] of a) {
    const rowsB = b.get(table);
    if (!rowsB) return `table ${table} is missing`;
    if (rowsA.length === rowsB.length && rowsA.every((r, i) => r === rowsB[i])) continue;
    const setB = new Set(rowsB);
    const setA = new Set(rowsA);
    const onlyA = rowsA.filter((r) => !setB.has(r)).slice(0, 2);
    const onlyB = rowsB.filter((r) => !setA.has(r)).slice(0, 2);
    return `${table}: ${rowsA.length} vs ${rowsB.length} rows; only in the first: ${onlyA.map((r) => r.slice(0, 400)).join(' || ')}; only in the second: ${onlyB.map((r) => r.slice(0, 400)).join(' || ')}`;
  }
  for (const table of b.keys()) if (!a.has(table)) return `table ${table} is extra`;
  return null;
}

export { engineRecordRows };
