import type { AlarmDefinition, AlarmEvaluatorSaved, AlarmSeverity } from '../../contract/alarm-entities.ts';
import type { PushMessage } from '../../contract/methods.ts';
import type { Engine } from '../../core/engine/engine.ts';
import type { SessionChange } from '../../core/engine/sessions/params.ts';
import type { LabModel } from '../../core/lab/model.ts';
import { activeAlarms, listAlarmDefinitions, openAlarm, resetAlarm, setAlarmLevel, setAlarmWorst } from '../../store/alarms.ts';
import type { Db } from '../../store/db.ts';
import type { EventDrafts } from '../event-drafts.ts';
import { LogonWindow } from './logon-window.ts';
import { ALARM_EVAL_SECONDS, METRIC_READERS, oldestSnapshots, type ReadContext, type Reading } from './metrics.ts';

export { ALARM_EVAL_SECONDS };
/** The window of the rate metrics (failed connections, logon duration): Director's 5-minute view. */
export const ALARM_WINDOW_SECONDS = 300;

interface Active {
  id: number | null; // null until the flush wrote it
  definitionId: string;
  objectId: string;
  name: string;
  level: number; // 1 warning, 2 critical
  worst: number;
  /** The evaluation that last read its object (an alarm whose object was not read resets). */
  seen: number;
}
/**
 * What happened to an alarm, written by the next flush. `level` is the alarm's level then: the alarm (`a`) may have
 * moved on by the time the flush writes (several evaluations run between two flushes, and where a run is cut into
 * flushes is not part of the lab), so nothing a transition writes may be read from `a` but its row id.
 */
type Transition =
  | { kind: 'open'; a: Active; def: AlarmDefinition; name: string; value: number; level: number; at: number; seq: number }
  | { kind: 'level'; a: Active; def: AlarmDefinition; name: string; value: number; from: number; level: number; worst: number; at: number; seq: number }
  | { kind: 'worst'; a: Active; worst: number }
  | { kind: 'reset'; a: Active; def: AlarmDefinition; name: string; value: number | null; at: number; seq: number };

const SEV: AlarmSeverity[] = ['warning', 'warning', 'critical'];
const iso = (t: number) => new Date(t * 1000).toISOString();
const minute = (t: number) => Math.floor(t / 60) * 60;
/** Whether a breach since `since` (-1: none) has lasted the definition's duration at `t` (module level: judge runs per object and minute). */
const held = (since: number, t: number, durationSeconds: number) => since >= 0 && t - since >= durationSeconds - 1e-9;

/** Whether `v` is on the bad side of threshold `x`, moved `margin` toward the good side (the reset point). */
function beyond(def: AlarmDefinition, v: number, x: number | null, margin = 0): boolean {
  if (x === null) return false;
  return def.direction === 'above' ? v > x - margin : v < x + margin;
}

/**
 * Alarms, judged on the simulated-minute grid inside the run (so the result is the same however the
 * run is cut into flushes and processes) and written by the flush in its transaction:
 *
 * | value now | breach held ≥ duration | alarm | becomes |
 * |---|---|---|---|
 * | beyond critical | yes | none / warning | critical (triggered: an escalation asks again) |
 * | beyond warning only | yes | none | warning |
 * | back inside a level by more than the reset margin | — | warning / critical | one level down, or reset |
 * | object gone, definition disabled or deleted | — | any | reset |
 *
 * Each transition is an event (warning, error/critical, or info on reset) numbered by the engine's
 * journal, so it lands in the log in the order it happened.
 */
export class AlarmEvaluator {
  nextEval: number;
  private defs: AlarmDefinition[] = [];
  /** Per definition id, per object id (no key strings built per reading: 10,000 sessions are read every minute). */
  private active = new Map<string, Map<string, Active>>();
  private breaches = new Map<string, Map<string, { w: number; c: number; seen: number }>>();
  private round = 0;
  private failures = new Map<string, Map<number, number>>();
  private logons = new Map<string, Map<number, [number, number]>>();
  /** The last logon per user of the window (the user logon alarm), saved as sections of their own (logon-window.ts). */
  readonly logonWindow: LogonWindow;
  private refused = new Map<string, number>();
  private transitions: Transition[] = [];
  private snapshots: { id: string; name: string; oldest: number }[] = [];
  /** Wall milliseconds spent evaluating (the bench reads it). */
  spentMs = 0;

  constructor(
    private readonly db: Db,
    t: number,
    saved?: AlarmEvaluatorSaved,
    /** The engine state's document, whose logon sections the window reads back (LogonWindow). */
    doc?: Record<string, unknown>,
  ) {
    this.nextEval = saved?.nextEval ?? Math.ceil(t / ALARM_EVAL_SECONDS) * ALARM_EVAL_SECONDS;
    for (const [d, o, w, c] of saved?.breaches ?? []) this.of(this.breaches, d).set(o, { w, c, seen: 0 });
    for (const [p, b] of saved?.failures ?? []) this.failures.set(p, new Map(b));
    for (const [p, b] of saved?.logons ?? []) this.logons.set(p, new Map(b.map(([m, n, s]) => [m, [n, s]])));
    this.logonWindow = new LogonWindow(saved?.userLogons, doc);
    for (const [p, at] of saved?.refused ?? []) this.refused.set(p, at);
    this.reload();
  }

  /** Reads the snapshots' ages again (the flush calls it, in its transaction). */
  readSnapshots(): void {
    this.snapshots = oldestSnapshots(this.db);
  }

  /** Reads the definitions and the active alarms again (after open, or a definition changed: call after a flush). */
  reload(): void {
    this.readSnapshots();
    this.defs = listAlarmDefinitions(this.db);
    this.active.clear();
    for (const a of activeAlarms(this.db)) {
      this.of(this.active, a.definitionId).set(a.objectId, { ...a, level: a.severity === 'critical' ? 2 : 1, seen: 0 });
    }
    const ids = new Set(this.defs.map((d) => d.id));
    for (const d of [...this.breaches.keys()]) if (!ids.has(d)) this.breaches.delete(d);
  }

  private of<V>(m: Map<string, Map<string, V>>, defId: string): Map<string, V> {
    let inner = m.get(defId);
    if (!inner) m.set(defId, (inner = new Map()));
    return inner;
  }

  /**
   * In key order, not the maps' (which depends on how they were filled: in this process, or read back
   * from the store): the saved state is then one function of the evaluator's state, so a lab replayed
   * from a checkpoint and the live one it copies are the same bytes (app/replay). The evaluation never
   * depends on the maps' order.
   */
  save(): AlarmEvaluatorSaved {
    const byKey = <T extends [string | number, ...unknown[]]>(xs: T[]): T[] => xs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return {
      nextEval: this.nextEval,
      breaches: byKey([...this.breaches].map(([d, m]) => [d, m] as [string, typeof m])).flatMap(([d, m]) =>
        byKey([...m].map(([o, b]) => [o, b] as [string, typeof b])).map(([o, b]) => [d, o, b.w, b.c] as [string, string, number, number]),
      ),
      failures: byKey([...this.failures].map(([p, m]) => [p, byKey([...m])] as [string, [number, number][]])),
      logons: byKey(
        [...this.logons].map(
          ([p, m]) => [p, byKey([...m]).map(([t, [n, s]]) => [t, n, s] as [number, number, number])] as [string, [number, number, number][]],
        ),
      ),
      refused: byKey([...this.refused]),
    };
  }

  /** Counts what the rate metrics need from the engine's session changes (failed connections, finished logons). */
  note(changes: readonly SessionChange[], e: Engine): void {
    const st = e.st;
    for (const c of changes) {
      if (c.kind === 'failed') {
        const pool = st.ids.pools[c.pool ?? -1];
        if (pool === undefined) continue;
        let m = this.failures.get(pool);
        if (!m) this.failures.set(pool, (m = new Map()));
        m.set(minute(c.at), (m.get(minute(c.at)) ?? 0) + 1);
        if (c.failure === 'no-desktop') this.refused.set(pool, c.at);
      } else if (c.kind === 'active' && c.logonSec !== undefined) {
        // The pool of the desktop the logon finished on, as the change says: the user's pool now is -1 if they logged off
        // since (a host failure's forced logoffs run before the flush collects), and when changes are collected is not the lab's.
        const pool = st.ids.pools[c.desktop >= 0 ? (st.dPool[c.desktop] as number) : (st.uPool[c.user] as number)];
        if (pool !== undefined) {
          let m = this.logons.get(pool);
          if (!m) this.logons.set(pool, (m = new Map()));
          const b = m.get(minute(c.at)) ?? [0, 0];
          m.set(minute(c.at), [b[0] + 1, b[1] + c.logonSec]);
        }
        const user = st.ids.users[c.user];
        if (user !== undefined) this.logonWindow.note(user, c.at, c.logonSec);
      }
    }
  }

  /** Judges every enabled definition at the engine's time (on the minute grid). */
  evaluate(e: Engine, lab: LabModel, sessionId: (u: number) => string | undefined, sessionUser?: (id: string) => number | undefined): void {
    const started = performance.now();
    const t = e.t;
    this.nextEval = (Math.floor(t / ALARM_EVAL_SECONDS) + 1) * ALARM_EVAL_SECONDS;
    this.prune(t);
    const ctx: ReadContext = {
      e,
      lab,
      t,
      snapshots: this.snapshots,
      failureRate: (p) => {
        let n = 0;
        for (const v of this.failures.get(p)?.values() ?? []) n += v;
        return n / (ALARM_WINDOW_SECONDS / 60);
      },
      logonAvg: (p) => {
        let n = 0;
        let s = 0;
        for (const [c, sum] of this.logons.get(p)?.values() ?? []) {
          n += c;
          s += sum;
        }
        return n > 0 ? s / n : Number.NaN;
      },
      userLogons: () => this.logonWindow.logons(),
      sessionId,
      sessionUser,
      refusedSince: (p, since) => (this.refused.get(p) ?? Number.NEGATIVE_INFINITY) > since,
      matters: (metric) => {
        const defs = this.defs.filter((d) => d.enabled && d.metric === metric);
        const watched = new Set<string>();
        for (const d of defs) {
          for (const o of this.active.get(d.id)?.keys() ?? []) watched.add(o);
          for (const o of this.breaches.get(d.id)?.keys() ?? []) watched.add(o);
        }
        return {
          beyond: (v) => defs.some((d) => beyond(d, v, d.warning, d.resetMargin) || beyond(d, v, d.critical, d.resetMargin)),
          watched,
        };
      },
    };
    const readings = new Map<string, Reading[]>();
    const round = ++this.round;
    const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    for (const def of this.defs) {
      const active = this.of(this.active, def.id);
      const breaches = this.of(this.breaches, def.id);
      if (def.enabled) {
        let list = readings.get(def.metric);
        if (!list) readings.set(def.metric, (list = METRIC_READERS[def.metric](ctx)));
        for (const r of list) this.judge(e, def, r, active, breaches, t, round);
      }
      // Alarms whose object is gone or has no figure, or whose definition is off: reset, in object id order (not the
      // map's, which depends on how it was filled: in this process, or read back from the store).
      const gone = [...active].filter(([, a]) => a.seen !== round).sort(([x], [y]) => cmp(x, y));
      for (const [o, a] of gone) {
        active.delete(o);
        this.transitions.push({ kind: 'reset', a, def, name: '', value: null, at: t, seq: e.journal.next() });
      }
      for (const [o, b] of breaches) if (b.seen !== round) breaches.delete(o);
    }
    this.spentMs += performance.now() - started;
  }

  private judge(
    e: Engine,
    def: AlarmDefinition,
    r: Reading,
    actives: Map<string, Active>,
    breaches: Map<string, { w: number; c: number; seen: number }>,
    t: number,
    round: number,
  ): void {
    const v = r.value;
    let b = breaches.get(r.id);
    const w = beyond(def, v, def.warning);
    const c = beyond(def, v, def.critical);
    if (w || c) {
      if (!b) breaches.set(r.id, (b = { w: -1, c: -1, seen: round }));
      b.seen = round;
      b.w = w ? (b.w < 0 ? t : b.w) : -1;
      b.c = c ? (b.c < 0 ? t : b.c) : -1;
    } else if (b) {
      breaches.delete(r.id);
      b = undefined;
    }
    const target = b && held(b.c, t, def.durationSeconds) ? 2 : b && held(b.w, t, def.durationSeconds) ? 1 : 0;
    const a = actives.get(r.id);
    if (a) a.seen = round;
    const level = a?.level ?? 0;
    let next = target;
    if (target < level) {
      // Down only past the reset margin: a value hovering at the threshold does not flap.
      next = level;
      while (next > 0 && !beyond(def, v, next === 2 ? def.critical : def.warning, def.resetMargin)) next--;
      if (next === 1 && def.warning === null) next = 0;
      next = Math.max(next, target);
    }
    if (!a) {
      if (next === 0) return;
      const name = typeof r.name === 'string' ? r.name : r.name(r.id);
      const fresh: Active = { id: null, definitionId: def.id, objectId: r.id, name, level: next, worst: v, seen: round };
      actives.set(r.id, fresh);
      this.transitions.push({ kind: 'open', a: fresh, def, name, value: v, level: next, at: t, seq: e.journal.next() });
      return;
    }
    const worse = def.direction === 'above' ? v > a.worst : v < a.worst;
    if (worse) a.worst = v;
    if (next === 0) {
      actives.delete(r.id);
      this.transitions.push({ kind: 'reset', a, def, name: a.name, value: v, at: t, seq: e.journal.next() });
    } else if (next !== level) {
      const from = level;
      a.level = next;
      this.transitions.push({ kind: 'level', a, def, name: a.name, value: v, from, level: next, worst: a.worst, at: t, seq: e.journal.next() });
    } else if (worse) this.transitions.push({ kind: 'worst', a, worst: v });
  }

  private prune(t: number): void {
    const from = minute(t) - ALARM_WINDOW_SECONDS; // evaluated on the minute: the window's buckets are the 5 minutes before t
    for (const m of [this.failures, this.logons] as Map<string, Map<number, unknown>>[]) {
      for (const [p, b] of m) {
        for (const s of b.keys()) if (s < from) b.delete(s);
        if (b.size === 0) m.delete(p);
      }
    }
    this.logonWindow.prune(t - ALARM_WINDOW_SECONDS);
    for (const [p, at] of this.refused) if (at <= t - ALARM_EVAL_SECONDS) this.refused.delete(p);
  }

  /** Whether the next flush has alarm rows to write. */
  pending(): number {
    return this.transitions.length;
  }

  /** Writes the transitions since the last flush (inside the flush's transaction), their events into `drafts`. */
  persist(drafts: EventDrafts): PushMessage[] {
    const list = this.transitions;
    this.transitions = [];
    for (const tr of list) {
      const a = tr.a;
      if (tr.kind === 'worst') {
        if (a.id !== null) setAlarmWorst(this.db, a.id, tr.worst);
        continue;
      }
      const at = iso(tr.at);
      const unit = tr.def.unit === 'condition' || tr.def.unit === 'state' ? '' : ` ${tr.def.unit}`;
      const shown = (v: number | null) => (v === null ? '' : `${v}${unit}`);
      const limit = (lvl: number) => {
        const x = lvl === 2 ? tr.def.critical : tr.def.warning;
        return tr.def.unit === 'condition' ? '' : ` (${tr.def.direction} ${x}${unit}${tr.def.durationSeconds ? ` for ${tr.def.durationSeconds} s` : ''})`;
      };
      const name = tr.name || a.name || a.objectId;
      const kind = tr.def.objectKind;
      if (tr.kind === 'open') {
        a.id = openAlarm(this.db, {
          definitionId: a.definitionId,
          objectKind: kind,
          objectId: a.objectId,
          objectName: name,
          severity: SEV[tr.level] as AlarmSeverity,
          value: tr.value,
          at,
        });
        drafts.add(tr.seq, at, {
          type: tr.level === 2 ? 'error' : 'warning',
          severity: tr.level === 2 ? 'critical' : 'warning',
          objectKind: kind,
          objectId: a.objectId,
          objectName: name,
          user: 'system',
          message: `Alarm "${tr.def.name}" ${SEV[tr.level]} on ${name}: ${shown(tr.value)}${limit(tr.level)}`,
        });
      } else if (tr.kind === 'level') {
        if (a.id !== null) setAlarmLevel(this.db, a.id, SEV[tr.level] as AlarmSeverity, tr.value, tr.worst, tr.level > tr.from, at);
        drafts.add(tr.seq, at, {
          type: tr.level === 2 ? 'error' : 'warning',
          severity: tr.level === 2 ? 'critical' : 'warning',
          objectKind: kind,
          objectId: a.objectId,
          objectName: name,
          user: 'system',
          message: `Alarm "${tr.def.name}" on ${name} went from ${SEV[tr.from]} to ${SEV[tr.level]}: ${shown(tr.value)}${limit(tr.level)}`,
        });
      } else {
        if (a.id !== null) resetAlarm(this.db, a.id, tr.value ?? a.worst, at);
        drafts.add(tr.seq, at, {
          type: 'info',
          severity: 'info',
          objectKind: kind,
          objectId: a.objectId,
          objectName: name,
          user: 'system',
          message:
            tr.value === null
              ? `Alarm "${tr.def.name}" on ${name} reset (no longer watched: the object is gone or has no figure, or the definition is off)`
              : `Alarm "${tr.def.name}" on ${name} reset: ${shown(tr.value)}`,
        });
      }
    }
    return list.length ? [{ topic: 'lab-changed', payload: { kinds: ['lab'] } }] : [];
  }
}
