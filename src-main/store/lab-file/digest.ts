import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { KEPT_TABLES } from './load.ts';
import { KEPT_ID_KINDS } from '../ids.ts';
import type { Db } from '../db.ts';
import { readEngineState } from '../engine-state.ts';
import { VIEW_LIVE_SPEED_META } from '../sim-sync.ts';

/**
 * A digest of a lab's whole state — every row of every lab table (the engine's saved state, its
 * queue and arrays included) — without what the wall clock stamps or what is not the lab: columns
 * named wall_time, the wall times of acknowledgements, meta's created_at and clock_speed, and the
 * tables a lab file never carries (KEPT_TABLES: checkpoint list, settings, accounts, capacity) with
 * their id counters (KEPT_ID_KINDS).
 * The engine's entity records count as they read back (engineRecordRows), not as base rows and deltas.
 * Two labs with equal digests are the same simulated estate at the same instant.
 */
const WALL_COLUMNS = new Set(['wall_time', 'acknowledged_at']);
const NOT_STATE_META = new Set(['created_at', 'clock_speed', VIEW_LIVE_SPEED_META]);

export interface LabDigest {
  digest: string;
  /** Per table: its digest and row count (to name where two labs differ). */
  tables: Record<string, { digest: string; rows: number }>;
}

export function labDigest(file: string | Database.Database): LabDigest {
  // A connection given is the caller's (it may read in a transaction of its own: one instant of a lab that runs on).
  const db = typeof file === 'string' ? new Database(file, { readonly: true, fileMustExist: true }) : file;
  try {
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
      .map((r) => r.name)
      .filter((n) => !KEPT_TABLES.has(n));
    const tables: LabDigest['tables'] = {};
    const whole = createHash('sha256');
    const engine = engineRecordRows(db);
    for (const name of names) {
      const replaced = engine.get(name);
      if (replaced === null) continue;
      const rows = (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
        .filter((r) => !(name === 'meta' && NOT_STATE_META.has(String(r.key))))
        .filter((r) => !(name === 'id_counters' && (KEPT_ID_KINDS as readonly string[]).includes(String(r.kind))))
        .map((r) => {
          const kept = Object.fromEntries(Object.entries(r).filter(([k]) => !WALL_COLUMNS.has(k)));
          return JSON.stringify(kept, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v));
        })
        .sort();
      if ((name === 'engine_entities' || name === 'engine_state') && replaced) rows.splice(0, rows.length, ...[...replaced].sort());
      const h = createHash('sha256');
      for (const row of rows) h.update(row).update('\n');
      const digest = h.digest('hex');
      tables[name] = { digest, rows: rows.length };
      whole.update(`${name}:${digest}\n`);
    }
    return { digest: whole.digest('hex'), tables };
  } finally {
    if (typeof file === 'string') db.close();
  }
}

/** The tables whose digests differ between two labs (empty when they are the same). */
export function digestDifference(a: LabDigest, b: LabDigest): string[] {
  const names = new Set([...Object.keys(a.tables), ...Object.keys(b.tables)]);
  return [...names].filter((n) => a.tables[n]?.digest !== b.tables[n]?.digest).map((n) => `${n} (${a.tables[n]?.rows ?? 0} vs ${b.tables[n]?.rows ?? 0} rows)`);
}

/**
 * The engine's entity records as they read back (base rows with the deltas applied, store/engine-state.ts), for
 * comparing two labs: which records sit in a base row and which in a delta, and where the rotation of base rows
 * stands, depend on when the flushes happened; what the records hold does not. Per table: the rows to compare instead
 * (`engine_state`: its rows as `SELECT *` gives them as JSON, the index space as one row), or null to leave the table out.
 */
export function engineRecordRows(db: Db): Map<string, string[] | null> {
  const has = (t: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t) !== undefined;
  if (!has('engine_state') || !has('engine_entities')) return new Map();
  const state = readEngineState(db);
  const recordArrays = new Set(Object.values(state?.layouts ?? {}).flatMap((l) => l?.names ?? []));
  const records = [...(state?.arrays ?? [])].filter(([name]) => recordArrays.has(name));
  // The index space counts as the ids it names, not as the rows that hold them: an older lab's single row and the
  // header with its chunks (store/engine-ids.ts) are the same index space, and a lab keeps the older row until a write
  // of its ids (a rebuild, an entity added) replaces it.
  const kept = (db.prepare('SELECT * FROM engine_state').all() as { key: string }[])
    .filter((r) => !r.key.startsWith('rotation:') && !(state && (r.key === 'ids' || r.key.startsWith('ids:'))))
    .map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v)));
  if (state) kept.push(JSON.stringify({ key: 'ids', value: JSON.stringify(state.ids) }));
  return new Map<string, string[] | null>([
    ['engine_deltas', null],
    ['engine_state', kept],
    ['engine_entities', records.map(([name, a]) => `${name}:${Buffer.from(a.raw).toString('base64')}`).sort()],
  ]);
}
