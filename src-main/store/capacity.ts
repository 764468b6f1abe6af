import type { CapacityDefinition } from '../contract/capacity-entities.ts';
import type { CapacityDefinitionRecord, CapacityResult, CapacityRun, CapacityRunState, CapacityRunSummary } from '../contract/capacity-results.ts';
import type { Db } from './db.ts';
import { parseStored, rowKey } from './stored-json.ts';

// Capacity test definitions and runs (migration 009). Results are stored whole as
// JSON; the headline figures have their own columns for lists.

interface RunRow {
  id: string;
  name: string;
  sweep_id: string | null;
  sweep_label: string | null;
  state: CapacityRunState;
  progress: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  wall_ms: number | null;
  error: string | null;
  definition: string;
  vsimax: number | null;
  vsimax_reached: number | null;
  sessions_launched: number | null;
  bottleneck: string | null;
  users_per_core: number | null;
  result?: string | null;
}

const SUMMARY_COLS =
  'id, name, sweep_id, sweep_label, state, progress, created_at, started_at, finished_at, wall_ms, error, definition, vsimax, vsimax_reached, sessions_launched, bottleneck, users_per_core';

function toSummary(r: RunRow): CapacityRunSummary {
  return {
    id: r.id,
    name: r.name,
    sweepId: r.sweep_id,
    sweepLabel: r.sweep_label,
    state: r.state,
    progress: r.progress,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    wallMs: r.wall_ms,
    error: r.error,
    definition: parseStored<CapacityDefinition>(r.definition, { table: 'capacity_runs', key: rowKey({ id: r.id }), column: 'definition' }),
    vsimax: r.vsimax,
    vsimaxReached: r.vsimax_reached === null ? null : r.vsimax_reached === 1,
    sessionsLaunched: r.sessions_launched,
    bottleneck: r.bottleneck as CapacityRunSummary['bottleneck'],
    usersPerCore: r.users_per_core,
  };
}

export function listCapacityDefinitions(db: Db): CapacityDefinitionRecord[] {
  const rows = db.prepare('SELECT id, name, definition, saved_at FROM capacity_definitions ORDER BY name, seq').all() as {
    id: string;
    name: string;
    definition: string;
    saved_at: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    source: 'saved',
    name: r.name,
    definition: parseStored<CapacityDefinition>(r.definition, { table: 'capacity_definitions', key: rowKey({ id: r.id }), column: 'definition' }),
    savedAt: r.saved_at,
  }));
}

export function getCapacityDefinition(db: Db, id: string): CapacityDefinitionRecord | null {
  return listCapacityDefinitions(db).find((d) => d.id === id) ?? null;
}

/** Inserts (id undefined) or replaces a saved definition; returns the record. */
export function saveCapacityDefinition(db: Db, id: string | undefined, def: CapacityDefinition, savedAt: string): CapacityDefinitionRecord {
  const json = JSON.stringify(def);
  if (id) {
    db.prepare('UPDATE capacity_definitions SET name = ?, definition = ?, saved_at = ? WHERE id = ?').run(def.name, json, savedAt, id);
    return { id, source: 'saved', name: def.name, definition: def, savedAt };
  }
  const seq = nextSeq(db, 'capacity_definitions');
  const newId = `capdef-${seq}`;
  db.prepare('INSERT INTO capacity_definitions (seq, id, name, definition, saved_at) VALUES (?, ?, ?, ?, ?)').run(seq, newId, def.name, json, savedAt);
  return { id: newId, source: 'saved', name: def.name, definition: def, savedAt };
}

export function deleteCapacityDefinition(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM capacity_definitions WHERE id = ?').run(id).changes > 0;
}

/** AUTOINCREMENT's next value, so ids never repeat even after deletes. */
function nextSeq(db: Db, table: 'capacity_definitions' | 'capacity_runs'): number {
  const r = db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').get(table) as { seq: number } | undefined;
  const max = (db.prepare(`SELECT max(seq) AS m FROM ${table}`).get() as { m: number | null }).m ?? 0;
  return Math.max(r?.seq ?? 0, max) + 1;
}

/** The id the next sweep takes: its first run's number (sweep-12 starts with cap-12). */
export function nextSweepId(db: Db): string {
  return `sweep-${nextSeq(db, 'capacity_runs')}`;
}

export function insertCapacityRun(
  db: Db,
  run: { name: string; sweepId: string | null; sweepLabel: string | null; definition: CapacityDefinition; createdAt: string },
): CapacityRunSummary {
  const seq = nextSeq(db, 'capacity_runs');
  const id = `cap-${seq}`;
  db.prepare(
    `INSERT INTO capacity_runs (seq, id, name, sweep_id, sweep_label, state, progress, created_at, definition)
     VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?)`,
  ).run(seq, id, run.name, run.sweepId, run.sweepLabel, run.createdAt, JSON.stringify(run.definition));
  return getCapacityRunSummary(db, id) as CapacityRunSummary;
}

export function getCapacityRunSummary(db: Db, id: string): CapacityRunSummary | null {
  const r = db.prepare(`SELECT ${SUMMARY_COLS} FROM capacity_runs WHERE id = ?`).get(id) as RunRow | undefined;
  return r ? toSummary(r) : null;
}

export function getCapacityRun(db: Db, id: string): CapacityRun | null {
  const r = db.prepare(`SELECT ${SUMMARY_COLS}, result FROM capacity_runs WHERE id = ?`).get(id) as RunRow | undefined;
  if (!r) return null;
  return {
    ...toSummary(r),
    result: r.result ? parseStored<CapacityResult>(r.result, { table: 'capacity_runs', key: rowKey({ id: r.id }), column: 'result' }) : null,
  };
}

export function listCapacityRuns(db: Db, opts: { sweepId?: string; limit?: number }): CapacityRunSummary[] {
  const where = opts.sweepId ? 'WHERE sweep_id = ?' : '';
  const args: (string | number)[] = opts.sweepId ? [opts.sweepId] : [];
  const rows = db.prepare(`SELECT ${SUMMARY_COLS} FROM capacity_runs ${where} ORDER BY seq DESC LIMIT ?`).all(...args, opts.limit ?? 200) as RunRow[];
  return rows.map(toSummary);
}

export function markCapacityRunStarted(db: Db, id: string, at: string): void {
  db.prepare("UPDATE capacity_runs SET state = 'running', started_at = ? WHERE id = ? AND state = 'queued'").run(at, id);
}

export function setCapacityRunProgress(db: Db, id: string, progress: number): void {
  db.prepare("UPDATE capacity_runs SET progress = ? WHERE id = ? AND state = 'running'").run(progress, id);
}

export function finishCapacityRun(
  db: Db,
  id: string,
  f: { state: Exclude<CapacityRunState, 'queued' | 'running'>; at: string; wallMs: number | null; error: string | null; result: CapacityResult | null },
): void {
  const r = f.result;
  db.prepare(
    `UPDATE capacity_runs SET state = ?, finished_at = ?, wall_ms = ?, error = ?, progress = CASE WHEN ? = 'completed' THEN 1 ELSE progress END,
       vsimax = ?, vsimax_reached = ?, sessions_launched = ?, bottleneck = ?, users_per_core = ?, result = ?
     WHERE id = ? AND state IN ('queued', 'running')`,
  ).run(
    f.state,
    f.at,
    f.wallMs,
    f.error,
    f.state,
    r?.vsimax ?? null,
    r ? (r.vsimaxReached ? 1 : 0) : null,
    r?.sessionsLaunched ?? null,
    r?.bottleneck.resource ?? null,
    r?.usersPerCore ?? null,
    r ? JSON.stringify(r) : null,
    id,
  );
}

export function deleteCapacityRun(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM capacity_runs WHERE id = ?').run(id).changes > 0;
}

/** A run left queued or running by a crash is never shown as running: it is marked interrupted. Returns how many. */
export function markInterruptedCapacityRuns(db: Db, at: string): number {
  return db
    .prepare(
      "UPDATE capacity_runs SET state = 'interrupted', finished_at = ?, error = 'The console stopped while this run was in progress; start it again.' WHERE state IN ('queued', 'running')",
    )
    .run(at).changes;
}
