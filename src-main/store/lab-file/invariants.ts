import { z } from 'zod';
import { ALARM_EVALUATOR_SAVED, ALARM_LOGON_BUCKET, ALARM_LOGON_SECTION } from '../../contract/alarm-entities.ts';
import { LabError } from '../../contract/errors.ts';
import type { Db } from '../db.ts';
import { readEngineState } from '../engine-state.ts';
import { idCounts } from '../engine-ids.ts';
import type { Domain } from '../../core/engine/durable/remap.ts';
import { damagedRow, parseStored, rowKey, zodReason } from '../stored-json.ts';

// What must hold between a lab's rows, beyond each row on its own: references (declared foreign
// keys and the ones the schema cannot declare), counts against their limits, states that can be
// true together, and the engine's saved state. Each check is one query on our own copy of the
// file (never on the file itself) and stops at the first row that breaks it, named.

/** The first row that breaks a declared foreign key: table, key, column, and the row it misses. */
export function checkForeignKeys(db: Db): void {
  const v = db.prepare('PRAGMA foreign_key_check').get() as { table: string; rowid: number | null; parent: string; fkid: number } | undefined;
  if (!v) return;
  const fk = (db.prepare('SELECT "from", "to" FROM pragma_foreign_key_list(?) WHERE id = ?').all(v.table, v.fkid) as { from: string; to: string }[])[0];
  const keyCols = (db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').all(v.table) as { name: string }[]).map((c) => c.name);
  const row =
    v.rowid === null
      ? undefined
      : (db.prepare(`SELECT ${[...keyCols, fk?.from ?? 'rowid'].map((c) => `"${c}"`).join(', ')} FROM "${v.table}" WHERE rowid = ?`).get(v.rowid) as
          Record<string, unknown> | undefined);
  const key = row ? rowKey(Object.fromEntries(keyCols.map((k) => [k, row[k]]))) : `rowid ${v.rowid ?? '?'}`;
  const value = row && fk ? JSON.stringify(row[fk.from]) : 'its value';
  throw damagedRow({ table: v.table, key, column: fk?.from ?? 'a reference' }, `${value} is not a row of ${v.parent}`);
}

/** Pool `pool` with more machines than its maximum: checked before anything is copied (a file may hold any number). */
export function checkPoolSizes(db: Db, schema: string): void {
  const over = db
    .prepare(
      `SELECT p.id, p.name, p.max_machines AS max, count(*) AS n FROM "${schema}".desktops d JOIN "${schema}".pools p ON p.id = d.pool_id
       GROUP BY p.id HAVING count(*) > p.max_machines LIMIT 1`,
    )
    .get() as { id: string; name: string; max: number; n: number } | undefined;
  if (over) {
    throw damagedRow(
      { table: 'pools', key: rowKey({ id: over.id }), column: 'max_machines' },
      `pool ${over.id} (${over.name}) has ${over.n.toLocaleString('en-US')} machines, more than its maximum of ${over.max}`,
    );
  }
}

/** Checks that find a row breaking a rule: the query returns its table, key and column, and why. */
const RULES: { sql: string; why: (r: Record<string, unknown>) => string }[] = [
  {
    // A session runs on a desktop of the pool it was brokered from.
    sql: `SELECT 'sessions' AS t, s.id AS k, 'pool_id' AS c, s.pool_id AS v, d.pool_id AS w FROM sessions s JOIN desktops d ON d.id = s.desktop_id
          WHERE s.pool_id <> d.pool_id LIMIT 1`,
    why: (r) => `session in pool ${String(r.v)} on a desktop of pool ${String(r.w)}`,
  },
  {
    // A single-session desktop holds one session at a time; a multi-session host no more than its pool allows.
    sql: `SELECT 'sessions' AS t, max(s.id) AS k, 'desktop_id' AS c, s.desktop_id AS v, count(*) AS n, p.max_sessions_per_host AS m
          FROM sessions s JOIN pools p ON p.id = s.pool_id WHERE s.state <> 'logged-off'
          GROUP BY s.desktop_id HAVING count(*) > (CASE p.session_type WHEN 'single-session' THEN 1 ELSE p.max_sessions_per_host END) LIMIT 1`,
    why: (r) => `desktop ${String(r.v)} holds ${String(r.n)} sessions at once, more than its pool allows`,
  },
  {
    // An entitlement names a user or a group that exists.
    sql: `SELECT 'entitlements' AS t, e.pool_id || '/' || e.principal_id AS k, 'principal_id' AS c, e.principal_id AS v FROM entitlements e
          WHERE (e.principal_type = 'user' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = e.principal_id))
             OR (e.principal_type = 'group' AND NOT EXISTS (SELECT 1 FROM groups g WHERE g.id = e.principal_id)) LIMIT 1`,
    why: (r) => `${String(r.v)} is not a user or group of the lab`,
  },
  {
    // A snapshot's parent is an older snapshot of the same desktop: the tree has no loop (its walks would never end).
    sql: `SELECT 'snapshots' AS t, s.id AS k, 'parent_id' AS c, s.parent_id AS v FROM snapshots s LEFT JOIN snapshots p ON p.id = s.parent_id
          WHERE s.parent_id IS NOT NULL AND (p.id IS NULL OR p.desktop_id <> s.desktop_id OR p.seq >= s.seq) LIMIT 1`,
    why: (r) => `${String(r.v)} is not an older snapshot of the same desktop`,
  },
  {
    // "You are here" is a snapshot of the desktop itself.
    sql: `SELECT 'desktop_snapshot_state' AS t, s.desktop_id AS k, 'current_snapshot_id' AS c, s.current_snapshot_id AS v
          FROM desktop_snapshot_state s LEFT JOIN snapshots p ON p.id = s.current_snapshot_id
          WHERE s.current_snapshot_id IS NOT NULL AND (p.id IS NULL OR p.desktop_id <> s.desktop_id) LIMIT 1`,
    why: (r) => `${String(r.v)} is not a snapshot of this desktop`,
  },
];

/** Checks the rules between rows; throws `store-corrupt` naming the first row that breaks one. */
export function checkReferences(db: Db): void {
  for (const rule of RULES) {
    const r = db.prepare(rule.sql).get() as Record<string, unknown> | undefined;
    if (r) throw damagedRow({ table: String(r.t), key: String(r.k), column: String(r.c) }, rule.why(r));
  }
}

/**
 * Bytes the engine's per-entity arrays may take once read: entities × record bytes over all
 * domains. Reading the saved state allocates them before it reads a record (engine-state.ts
 * readEntities), so a few KB of JSON could name thousands of entities whose layout lists any
 * number of arrays of up to 64 elements each: gigabytes asked by a file of ordinary size. A
 * scale-10k lab needs 1.8 MB (10,059 desktops × 47 bytes, 11,188 users × 122); counted as this
 * check counts (8 bytes an element), 3.6 MB. 64 MiB is 18 times that.
 */
export const MAX_ENGINE_RECORD_BYTES = 64 * 1024 * 1024;
/** Bytes one element of an engine array takes at most (Float64). */
const MAX_ELEMENT_BYTES = 8;

/** The engine state's index space and layouts ask for no more memory than a lab can need (checked before they are used). */
function checkEngineSize(db: Db): void {
  const kv = new Map(
    (db.prepare("SELECT key, value FROM engine_state WHERE key = 'ids' OR key LIKE 'layout:%'").all() as { key: string; value: string }[]).map((r) => [
      r.key,
      r.value,
    ]),
  );
  const ids = kv.get('ids');
  if (ids === undefined) return;
  const parse = (key: string, text: string): unknown => parseStored<unknown>(text, { table: 'engine_state', key: rowKey({ key }), column: 'value' });
  // Each domain's count, from the header (store/engine-ids.ts) or an older lab's single row, before any chunk is read.
  const counts = idCounts(parse('ids', ids)) ?? {};
  let bytes = 0;
  for (const [key, text] of kv) {
    if (!key.startsWith('layout:')) continue;
    const layout = parse(key, text) as { strides?: unknown };
    const count = counts[key.slice('layout:'.length) as Domain] ?? 0;
    const perEntity = Array.isArray(layout?.strides)
      ? layout.strides.reduce((n: number, x: unknown) => n + (typeof x === 'number' && x > 0 ? x : 0), 0) * MAX_ELEMENT_BYTES
      : 0;
    bytes += count * perEntity;
  }
  if (bytes > MAX_ENGINE_RECORD_BYTES) {
    throw damagedRow(
      { table: 'engine_state', key: rowKey({ key: 'ids' }), column: 'value' },
      `its entities and layouts would take ${bytes} bytes, more than a lab's engine may (${MAX_ENGINE_RECORD_BYTES})`,
    );
  }
}

/** The host's own part of the engine state (app/simulation.ts AppSaved): read outside the engine's own checks. */
const APP_DOC = z.looseObject({
  metrics: z.looseObject({ hostIds: z.array(z.string()), dsIds: z.array(z.string()), clusterIds: z.array(z.string()), poolIds: z.array(z.string()) }),
  nextSample: z.number().finite(),
  alarms: ALARM_EVALUATOR_SAVED.optional(),
});

/**
 * The engine's saved state reads (header, index space, layouts, entity records, array chunks, the
 * queue's rows), is of the lab's moment, and the host's part of it has its shape. What only the
 * engine can judge (an event it cannot run, an index past its arrays) is its own check when it
 * opens: it then starts from the lab's rows and says so in the event log (app/simulation.ts).
 */
export function checkEngineState(db: Db, simTime: string): void {
  checkEngineSize(db);
  let stored: ReturnType<typeof readEngineState>;
  try {
    stored = readEngineState(db);
  } catch (err) {
    throw new LabError(
      'store-corrupt',
      `The lab's engine state (engine_state, engine_entities, engine_deltas, engine_arrays, engine_queue) is damaged: ${(err as Error).message}`,
    );
  }
  if (!stored) return;
  const at = (k: string) => ({ table: 'engine_state', key: rowKey({ key: k }), column: 'value' });
  if (Math.abs(stored.t - Date.parse(simTime) / 1000) > 1e-3) {
    throw damagedRow(at('header'), `its time ${new Date(stored.t * 1000).toISOString()} is not the lab's ${simTime}`);
  }
  if (stored.doc.app !== undefined) {
    const app = APP_DOC.safeParse(stored.doc.app);
    if (!app.success) throw damagedRow(at('doc:app'), zodReason(app.error));
  }
  // The alarm window's logons, one section per minute (app/alarms/evaluator.ts sections()).
  for (const [key, value] of Object.entries(stored.doc)) {
    if (!key.startsWith(ALARM_LOGON_SECTION)) continue;
    if (!/^-?\d+$/.test(key.slice(ALARM_LOGON_SECTION.length))) throw damagedRow(at(`doc:${key}`), 'the section is not named by a minute');
    const bucket = ALARM_LOGON_BUCKET.safeParse(value);
    if (!bucket.success) throw damagedRow(at(`doc:${key}`), zodReason(bucket.error));
  }
}
