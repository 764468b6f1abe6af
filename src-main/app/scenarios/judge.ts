import type { ScenarioAction, ScenarioObjectiveStatus, ScenarioStatus, ScoreLine } from '../../contract/scenario-methods.ts';
import type { Scenario } from '../../contract/scenario-schema.ts';
import type { Engine } from '../../core/engine/engine.ts';
import type { SessionChange } from '../../core/engine/sessions/params.ts';
import { U } from '../../core/engine/state.ts';
import type { LabModel } from '../../core/lab/model.ts';
import type { Db } from '../../store/db.ts';
import { SCENARIO_PARAMS as P } from './params.ts';
import { holds, type PredicateContext } from './predicates.ts';
import { poolSnapshotCount } from '../../store/snapshots.ts';
import { actionObjects, actionTarget, countsAsAction } from './judge-actions.ts';
import { plan } from './timeline-faults.ts';

const iso = (t: number) => new Date(t * 1000).toISOString();
const minute = (t: number) => Math.floor(t / 60) * 60;

/** The judge's whole state: saved in the engine's durable state (app doc), so a scenario survives a restart. */
export interface JudgeSaved {
  scenario: Scenario;
  startedAt: number;
  nextEval: number;
  finishedAt: number | null;
  finishReason: ScenarioStatus['finishReason'];
  objectives: { id: string; metAt: number | null; failedAt: number | null; holdsNow: boolean }[];
  /** Per timeline entry: the fault it became (id), or null while its condition has not held. */
  injected: (number | null)[];
  held: [string, number][];
  /** `objects`: how many objects the action named (sessions logged off, desktops reset); absent means 1. */
  actions: { at: number; method: string; target: string | null; user: string; objects?: number }[];
  /** Failed connections per pool id, per simulated minute. */
  failures: [string, [number, number][]][];
  failureCount: number;
  slowLogonMinutes: number;
  detectedAt: number | null;
  /** When a host failure of the timeline happened (at the start), or null. */
  incidentAt?: number | null;
  /** Classroom (serve --class): simulated seconds the instructor added to the time limit. */
  extraSec?: number;
  /** Classroom: hints the instructor sent, with the simulated time they arrived. */
  instructorHints?: { at: number; text: string }[];
  /** Classroom: the instructor paused the class; the trainee cannot run the clock until the instructor resumes. */
  instructorPaused?: boolean;
}

export { actionObjects, actionTarget, countsAsAction } from './judge-actions.ts';

/**
 * Judges a training scenario on the simulated-minute grid inside the run (like the alarms: the same
 * result however the run is cut into flushes and processes): conditional faults of the timeline,
 * objectives (reach / keep, with deadlines), the rubric's figures (time to detect, user-minutes
 * lost), and the trainee's actions, which the dispatcher hands it in the action's transaction.
 */
export class ScenarioJudge {
  private held: Map<string, number>;
  private failures = new Map<string, Map<number, number>>();

  constructor(
    private s: JudgeSaved,
    private readonly db: Db,
  ) {
    this.held = new Map(s.held);
    for (const [p, m] of s.failures) this.failures.set(p, new Map(m));
  }

  /** A new attempt, on a lab the engine has just warmed up: timed faults are planned now. */
  static start(scenario: Scenario, e: Engine, db: Db): ScenarioJudge {
    const injected = scenario.timeline.map((entry) => (entry.atSec === undefined || entry.fault === undefined ? null : plan(e, entry, e.t + entry.atSec)));
    return new ScenarioJudge(
      {
        scenario,
        startedAt: e.t,
        nextEval: e.t + P.evalSeconds,
        finishedAt: null,
        finishReason: null,
        objectives: scenario.objectives.map((o) => ({ id: o.id, metAt: null, failedAt: null, holdsNow: false })),
        injected,
        held: [],
        actions: [],
        failures: [],
        failureCount: 0,
        slowLogonMinutes: 0,
        detectedAt: null,
        incidentAt: scenario.timeline.some((x) => x.hostFailure !== undefined) ? e.t : null,
      },
      db,
    );
  }

  get running(): boolean {
    return this.s.finishedAt === null;
  }
  get nextEval(): number {
    return this.running ? this.s.nextEval : Number.POSITIVE_INFINITY;
  }

  save(): JudgeSaved {
    return {
      ...this.s,
      held: [...this.held],
      failures: [...this.failures].map(([p, m]) => [p, [...m]]),
      objectives: this.s.objectives.map((o) => ({ ...o })),
      injected: [...this.s.injected],
      actions: this.s.actions.map((a) => ({ ...a })),
      ...(this.s.instructorHints ? { instructorHints: this.s.instructorHints.map((h) => ({ ...h })) } : {}),
    };
  }

  /** Failed connections of the run (the session changes the simulation collects). */
  note(changes: readonly SessionChange[], e: Engine): void {
    if (!this.running) return;
    for (const c of changes) {
      if (c.kind !== 'failed') continue;
      const pool = e.st.ids.pools[c.pool ?? -1] ?? '*';
      let m = this.failures.get(pool);
      if (!m) this.failures.set(pool, (m = new Map()));
      m.set(minute(c.at), (m.get(minute(c.at)) ?? 0) + 1);
      this.s.failureCount++;
    }
  }

  /** An admin action that committed (called in its transaction). */
  noteAction(method: string, input: unknown, user: string, e: Engine): void {
    if (!this.running || !countsAsAction(method)) return;
    const target = actionTarget(input);
    this.s.actions.push({ at: e.t, method, target, user, objects: actionObjects(input) });
    if (this.s.actions.length > P.keepActions) this.s.actions.shift();
    const first = this.firstFaultAt(e);
    if (this.s.detectedAt === null && first !== null && e.t >= first) this.s.detectedAt = e.t;
    // The console's side of a fix: the timeline's fault whose cause this action removes ends now.
    this.s.scenario.timeline.forEach((entry, i) => {
      const id = this.s.injected[i];
      if (id == null || !entry.clearedBy || entry.clearedBy.method !== method) return;
      if (entry.clearedBy.target !== undefined && entry.clearedBy.target !== target) return;
      const f = e.faults.get(id);
      if (f && (f.state === 'active' || f.state === 'scheduled')) e.faults.clear(id, e.t);
    });
  }

  /** When the first fault of the timeline started (null: none yet). */
  firstFaultAt(e: Engine): number | null {
    let first: number | null = this.s.incidentAt ?? null;
    for (const id of this.s.injected) {
      const f = id == null ? undefined : e.faults.get(id);
      if (f && f.state !== 'scheduled' && !(f.state === 'cleared' && f.endAt === null)) first = first === null ? f.startAt : Math.min(first, f.startAt);
    }
    return first;
  }

  private ctx(e: Engine, lab: LabModel): PredicateContext {
    return {
      e,
      lab,
      startedAt: this.s.startedAt,
      failures: (pool, since) => {
        let n = 0;
        for (const [p, m] of this.failures) if (pool === undefined || p === pool) for (const [t, k] of m) if (t >= minute(since)) n += k;
        return n;
      },
      snapshots: (pool) => poolSnapshotCount(this.db, pool),
      actions: this.s.actions,
      held: this.held,
    };
  }

  /** One evaluation (the simulation calls it when `nextEval` is reached). */
  evaluate(e: Engine, lab: LabModel): void {
    if (!this.running) return;
    const t = e.t;
    this.s.nextEval = t + P.evalSeconds;
    const ctx = this.ctx(e, lab);
    const sc = this.s.scenario;
    // Conditional faults: the first evaluation at which their condition holds.
    sc.timeline.forEach((entry, i) => {
      if (this.s.injected[i] !== null || !entry.when || entry.fault === undefined) return;
      if (holds(entry.when, ctx, `w${i}`)) this.s.injected[i] = plan(e, entry, t);
    });
    // Users sitting in a slow logon lose this minute.
    const st = e.st;
    for (let u = 0; u < st.uState.length; u++) if (st.uState[u] === U.logon && (st.uLogonSec[u] as number) > P.slowLogonSec) this.s.slowLogonMinutes++;
    const elapsed = t - this.s.startedAt;
    sc.objectives.forEach((o, i) => {
      const r = this.s.objectives[i] as JudgeSaved['objectives'][number];
      r.holdsNow = holds(o.check, ctx, `o:${o.id}`);
      if (r.failedAt !== null) return;
      if (o.kind === 'keep') {
        if (!r.holdsNow) r.failedAt = t;
      } else if (r.metAt === null) {
        if (r.holdsNow) r.metAt = t;
        else if (o.withinSec !== undefined && elapsed > o.withinSec) r.failedAt = t;
      }
    });
    const reach = sc.objectives.map((o, i) => [o, this.s.objectives[i]] as const).filter(([o]) => o.kind === 'reach');
    if (reach.every(([, r]) => r?.metAt !== null) && reach.length > 0) this.finish(t, 'objectives-met');
    else if (elapsed >= this.timeLimitSec - 1e-9) this.finish(t, 'time-limit');
  }

  /** The scenario's time limit plus what the instructor added (classroom). */
  get timeLimitSec(): number {
    return this.s.scenario.timeLimitSec + (this.s.extraSec ?? 0);
  }

  /** Classroom: the instructor gives this attempt more time. */
  extend(seconds: number): void {
    this.s.extraSec = (this.s.extraSec ?? 0) + seconds;
  }

  /** Classroom: a hint the instructor sent, shown on the trainee's page from now on. */
  addInstructorHint(at: number, text: string): void {
    (this.s.instructorHints ??= []).push({ at, text });
  }

  /** Classroom: paused by the instructor (a lock the trainee cannot lift). */
  get instructorPaused(): boolean {
    return this.s.instructorPaused === true;
  }
  setInstructorPaused(paused: boolean): void {
    if (paused) this.s.instructorPaused = true;
    else delete this.s.instructorPaused;
  }

  finish(t: number, why: NonNullable<ScenarioStatus['finishReason']>): void {
    if (!this.running) return;
    this.s.finishedAt = t;
    this.s.finishReason = why;
    // Keep objectives that were never broken are met at the end.
    this.s.scenario.objectives.forEach((o, i) => {
      const r = this.s.objectives[i];
      if (r && o.kind === 'keep' && r.failedAt === null) r.metAt = t;
    });
  }

  userMinutesLost(): number {
    return this.s.failureCount * P.minutesLostPerFailure + this.s.slowLogonMinutes;
  }

  /** The score by rubric line (so far, while running). */
  score(e: Engine): { total: number; max: number; lines: ScoreLine[] } {
    const sc = this.s.scenario;
    const lines: ScoreLine[] = [];
    const now = this.s.finishedAt ?? e.t;
    sc.objectives.forEach((o, i) => {
      const r = this.s.objectives[i];
      const met = r?.metAt != null && r.failedAt === null;
      lines.push({
        id: `objective:${o.id}`,
        label: o.text,
        points: met ? o.points : 0,
        max: o.points,
        detail: met
          ? `met at +${Math.round(((r?.metAt as number) - this.s.startedAt) / 60)} min`
          : r?.failedAt != null
            ? `failed at +${Math.round((r.failedAt - this.s.startedAt) / 60)} min`
            : 'not met',
      });
    });
    const graded = (label: string, id: string, took: number | null, limit: number, max: number, what: string) => {
      const pts = took === null ? 0 : took <= limit ? max : took <= limit * P.lateMultiple ? Math.round(max / 2) : 0;
      lines.push({
        id,
        label,
        points: pts,
        max,
        detail: took === null ? `not ${what}` : `${what} after ${Math.round(took / 60)} min (full marks within ${Math.round(limit / 60)} min)`,
      });
    };
    const first = this.firstFaultAt(e);
    const detectTook = this.s.detectedAt === null ? null : this.s.detectedAt - (first ?? this.s.startedAt);
    graded(
      'Time to detect',
      'detect',
      first === null && this.s.actions.length > 0 ? 0 : detectTook,
      sc.rubric.detect.withinSec,
      sc.rubric.detect.points,
      'acted',
    );
    const reach = sc.objectives.map((o, i) => [o, this.s.objectives[i]] as const).filter(([o]) => o.kind === 'reach');
    const resolved =
      reach.length > 0 && reach.every(([, r]) => r?.metAt != null && r.failedAt === null) ? Math.max(...reach.map(([, r]) => r?.metAt as number)) : null;
    graded(
      'Time to resolve',
      'resolve',
      resolved === null ? null : resolved - this.s.startedAt,
      sc.rubric.resolve.withinSec,
      sc.rubric.resolve.points,
      'resolved',
    );
    const lost = this.userMinutesLost();
    const budget = sc.rubric.userMinutes.budget;
    const frac = lost <= budget ? 1 : Math.max(0, 1 - (lost - budget) / Math.max(1, budget * (P.userMinutesZeroAt - 1)));
    lines.push({
      id: 'user-minutes',
      label: 'User-minutes lost',
      points: Math.round(sc.rubric.userMinutes.points * frac),
      max: sc.rubric.userMinutes.points,
      detail: `${lost} user-minutes lost (${this.s.failureCount} failed connections × ${P.minutesLostPerFailure} min, ${this.s.slowLogonMinutes} min in logons over ${P.slowLogonSec} s); budget ${budget}`,
    });
    // A collateral line scores what the trainee's actions spared: with no action at all there is nothing to credit (a trainee
    // who never opened the console scored 28/90 on them and the user-minutes, as much before the class started: black-box round 6).
    const acted = this.s.actions.length > 0;
    for (const c of sc.rubric.collateral) {
      const n = this.s.actions.filter((a) => a.method === c.match.method && (c.match.target === undefined || a.target === c.match.target)).length;
      lines.push({
        id: `collateral:${c.id}`,
        label: c.text,
        points: acted ? Math.max(0, c.points - n * c.perAction) : 0,
        max: c.points,
        detail: !acted ? 'no action taken yet' : n ? `${n} such action(s)` : 'none',
      });
    }
    void now;
    return { total: lines.reduce((s, l) => s + l.points, 0), max: lines.reduce((s, l) => s + l.max, 0), lines };
  }

  status(e: Engine): ScenarioStatus {
    const sc = this.s.scenario;
    const now = this.s.finishedAt ?? e.t;
    const elapsed = now - this.s.startedAt;
    const first = this.firstFaultAt(e);
    return {
      running: this.running,
      // The expert path is the answer: only once the attempt is over.
      scenario: {
        id: sc.id,
        title: sc.title,
        summary: sc.summary,
        briefing: sc.briefing,
        timeLimitSec: this.timeLimitSec,
        expertPath: this.running ? [] : sc.expertPath,
      },
      startedAt: iso(this.s.startedAt),
      endsAt: iso(this.s.startedAt + this.timeLimitSec),
      now: iso(e.t),
      elapsedSec: elapsed,
      finishedAt: this.s.finishedAt === null ? null : iso(this.s.finishedAt),
      finishReason: this.s.finishReason,
      objectives: sc.objectives.map((o, i): ScenarioObjectiveStatus => {
        const r = this.s.objectives[i];
        return {
          id: o.id,
          text: o.text,
          kind: o.kind,
          state:
            r?.failedAt != null
              ? 'failed'
              : r?.metAt != null || (o.kind === 'keep' && this.running)
                ? o.kind === 'keep' && this.running
                  ? 'open'
                  : 'met'
                : 'open',
          holdsNow: r?.holdsNow ?? false,
          at: r?.metAt != null ? iso(r.metAt) : r?.failedAt != null ? iso(r.failedAt) : null,
          deadline: o.withinSec === undefined ? null : iso(this.s.startedAt + o.withinSec),
        };
      }),
      hints: this.hints(e),
      instructorHints: (this.s.instructorHints ?? []).map((h) => ({ at: iso(h.at), text: h.text })),
      pausedByInstructor: this.instructorPaused,
      figures: {
        failures: this.s.failureCount,
        slowLogonMinutes: this.s.slowLogonMinutes,
        userMinutesLost: this.userMinutesLost(),
        detectedAt: this.s.detectedAt === null ? null : iso(this.s.detectedAt),
        firstFaultAt: first === null ? null : iso(first),
      },
      actions: this.s.actions.map((a): ScenarioAction => ({ at: iso(a.at), method: a.method, target: a.target, user: a.user })),
      score: this.score(e),
    };
  }

  /** The hints: each one's unlock time, and its text only once the simulated clock has reached it (during the attempt). */
  hints(e: Engine): ScenarioStatus['hints'] {
    const elapsed = (this.s.finishedAt ?? e.t) - this.s.startedAt;
    return this.s.scenario.hints.map((h) => {
      const unlocked = elapsed >= h.afterSec - 1e-9;
      return { afterSec: h.afterSec, unlocksAt: iso(this.s.startedAt + h.afterSec), text: unlocked ? h.text : '', unlocked };
    });
  }

  /** The faults of the timeline, with what became of them (for the debrief). */
  faultIds(): number[] {
    return this.s.injected.filter((x): x is number => x !== null);
  }
  get startedAt(): number {
    return this.s.startedAt;
  }
  get scenario(): Scenario {
    return this.s.scenario;
  }
}
