import Database from 'better-sqlite3';
import type { Db } from './db.ts';
import { sqliteBindingOptions } from './native-binding.ts';
import { all, get, run } from './stmt.ts';
import { isMethodName, methods } from '../contract/methods.ts';
import type { ReplayAction } from '../contract/replay-methods.ts';

/**
 * The lab's action log (migration 016): every admin request that changed the simulation, in commit
 * order, with the simulated instant (whole seconds, on the tick grid) it took effect at. The dispatcher
 * appends a row inside the request's own transaction (a refused request leaves none), after the
 * engine caught up to that instant; a replay runs the lab to the instant and sends the same request.
 *
 * Not recorded, because they are not changes of the simulated estate or are whole-lab operations the
 * log itself follows:
 * - `clock-step`: a replay runs the engine to each action's instant, and the engine's state is the
 *   same however a run is cut (the durable engine's invariant). `clock-set` IS recorded: a speed change
 *   writes its line in the lab's event log (a replay's scratch lab steps whatever its speed);
 * - `lab-reset` (a new lab: its log starts empty), checkpoints (a restore brings the checkpoint's own
 *   log back with its rows), the replay methods themselves;
 * - what is not the lab's state: console preferences (`settings-set`), admin accounts, capacity
 *   definitions and runs (kept tables, their own engines).
 */
const NOT_RECORDED: ReadonlySet<string> = new Set(['clock-step', 'lab-reset', 'settings-set']);
const NOT_RECORDED_PREFIXES = ['checkpoint-', 'replay-', 'capacity-', 'account-'] as const;

export function recordsAction(method: string): boolean {
  if (!isMethodName(method)) return false;
  const def = methods[method];
  if (!def.mutates || def.runs) return false;
  if (def.permission === 'accounts' || def.permission === 'self') return false;
  if (NOT_RECORDED.has(method)) return false;
  return !NOT_RECORDED_PREFIXES.some((p) => method.startsWith(p));
}

/**
 * A line the lab's events got from a request the log does not record (a checkpoint saved or restored,
 * a lab reset, a capacity definition or run, an account change): not a change of the simulation, but
 * a row of the lab's events, whose ids every later event and acknowledgement depend on. The log keeps
 * it as a note (this pseudo-method, the event as its input), at the instant the store had last
 * written (the engine's events up to it are in the table before it, live and replayed alike); a
 * replay writes the same row at that point (`replayNote`), so the events, their ids and an
 * acknowledgement naming one of them are the same. Not a contract method: no request can send it.
 */
export const EVENT_NOTE = '(event)';

export interface EventNote {
  key: string | null;
  simTime: string;
  type: string;
  severity: string;
  objectKind: string;
  objectId: string | null;
  objectName: string | null;
  user: string;
  message: string;
}

/** Records an event row written by a request the log does not record (call in the transaction that wrote it). */
export function appendEventNote(db: Db, e: EventNote, wallTime: string): void {
  const stored = get<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'sim_time'")?.value;
  if (!stored || replayOrigin(db) === null) return; // a lab whose log is not complete is not replayed anyway
  const note: EventNote = {
    key: e.key,
    simTime: e.simTime,
    type: e.type,
    severity: e.severity,
    objectKind: e.objectKind,
    objectId: e.objectId,
    objectName: e.objectName,
    user: e.user,
    message: e.message,
  };
  appendAction(db, { simTime: stored, method: EVENT_NOTE, input: note, user: e.user, wallTime });
}

/** Writes a note's event row and its log row into a replayed lab (a connection of its own; the scratch lab is between requests). */
/** `replayNote` on a lab file another connection (the replaying host's) has open. */
export function replayNoteInFile(dbPath: string, a: StoredAction, wallTime: string): void {
  const db = new Database(dbPath, { fileMustExist: true, ...sqliteBindingOptions() });
  try {
    replayNote(db, a, wallTime);
  } finally {
    db.close();
  }
}

export function replayNote(db: Db, a: StoredAction, wallTime: string): void {
  const e = a.input as EventNote;
  db.transaction(() => {
    run(
      db,
      `INSERT INTO events (key, sim_time, wall_time, type, severity, object_kind, object_id, object_name, user, message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      e.key,
      e.simTime,
      wallTime,
      e.type,
      e.severity,
      e.objectKind,
      e.objectId,
      e.objectName,
      e.user,
      e.message,
    );
    run(
      db,
      'INSERT INTO replay_actions (seq, sim_t, sim_time, method, input, user, wall_time) VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM replay_actions), ?, ?, ?, ?, ?, ?)',
      a.t,
      a.simTime,
      a.method,
      a.inputJson,
      a.user,
      wallTime,
    );
  })();
}

export interface StoredAction extends ReplayAction {
  /** Simulated seconds since the epoch (on the tick grid). */
  t: number;
  /** The input as stored (JSON text). */
  inputJson: string;
}

export function appendAction(db: Db, a: { simTime: string; method: string; input: unknown; user: string; wallTime: string }): void {
  const t = Math.round(Date.parse(a.simTime) / 1000);
  run(
    db,
    'INSERT INTO replay_actions (seq, sim_t, sim_time, method, input, user, wall_time) VALUES ((SELECT coalesce(max(seq), 0) + 1 FROM replay_actions), ?, ?, ?, ?, ?, ?)',
    t,
    a.simTime,
    a.method,
    JSON.stringify(a.input ?? {}),
    a.user,
    a.wallTime,
  );
}

interface Row {
  seq: number;
  sim_t: number;
  sim_time: string;
  method: string;
  input: string;
  user: string;
}

export function listActions(db: Db): StoredAction[] {
  return all<Row>(db, 'SELECT seq, sim_t, sim_time, method, input, user FROM replay_actions ORDER BY seq').map((r) => ({
    seq: r.seq,
    t: r.sim_t,
    simTime: r.sim_time,
    method: r.method,
    inputJson: r.input,
    input: JSON.parse(r.input) as unknown,
    user: r.user,
  }));
}

export function actionCount(db: Db): number {
  return get<{ n: number }>(db, 'SELECT count(*) AS n FROM replay_actions')?.n ?? 0;
}

/** How the lab began, when its log is complete since it was generated (meta replay_origin = 'seed'); null otherwise. */
export interface ReplayOrigin {
  profile: string;
  seed: number;
  /** The generated lab's simulated time (ISO). */
  startTime: string;
}

export function replayOrigin(db: Db): ReplayOrigin | null {
  const rows = all<{ key: string; value: string }>(db, "SELECT key, value FROM meta WHERE key IN ('profile', 'seed', 'replay_origin', 'replay_start')");
  const m = new Map(rows.map((r) => [r.key, r.value]));
  if (m.get('replay_origin') !== 'seed' || !m.has('profile') || !m.has('seed') || !m.has('replay_start')) return null;
  return { profile: m.get('profile') as string, seed: Number(m.get('seed')), startTime: m.get('replay_start') as string };
}
