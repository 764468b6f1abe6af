import Database from 'better-sqlite3';
import { createClient, type Client } from '../../src-main/contract/client.ts';
import type { LabProfile } from '../../src-main/contract/entities.ts';
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
      else out.set(table, table === 'engine_state' ? (out.get(table) ?? []).filter((r) => rows.includes(r)) : rows);
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
