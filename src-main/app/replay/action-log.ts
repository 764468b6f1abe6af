import type { Db } from '../../store/db.ts';
import { all, get, run } from '../../store/stmt.ts';
import { isMethodName, methods } from '../../contract/methods.ts';
import type { ReplayAction } from '../../contract/replay-methods.ts';

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
