import { LabError } from '../../contract/errors.ts';
import type { DebriefEntry, ScenarioStatus } from '../../contract/scenario-methods.ts';
import { scenarioSchema, type Scenario } from '../../contract/scenario-schema.ts';
import { generateLab } from '../../core/lab/generate.ts';
import { replaceLab } from '../lab-setup.ts';
import { labInfo } from '../../store/meta.ts';
import type { AppContext, Handlers } from '../context.ts';
import { BUILT_IN_SCENARIOS } from '../scenarios/builtin.ts';
import type { ScenarioJudge } from '../scenarios/judge.ts';
import { checkScenario, checkScenarioFile } from '../scenarios/check.ts';
import { faultRow } from './faults.ts';
import { clusterHostHandlers } from './cluster-hosts.ts';
import { systemProblemsBetween } from '../../store/events.ts';
import { OBJECT_KINDS } from '../../contract/entities.ts';
import type { ClockSpeed } from '../../contract/simulation.ts';
import { adoptLab, checkLabFile, type CheckedLab } from '../../store/checkpoint-files.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setMeta } from '../../store/sim-sync.ts';
import { setViewLiveSpeed } from '../replay/views.ts';
import { appendAction } from '../../store/action-log.ts';
import { engineView } from '../../core/engine/engine-view.ts';
import type { Simulation } from '../simulation.ts';
import { builtInScenarioDir, resolveCheckpointFile } from '../scenarios/checkpoint-source.ts';

function builtIn(id: string): Scenario {
  const s = BUILT_IN_SCENARIOS.find((x) => x.id === id);
  if (!s) throw new LabError('not-found', `No built-in scenario "${id}"`, ['id']);
  return s;
}

function idle(ctx: AppContext): ScenarioStatus {
  const sim = ctx.services.simulation();
  return {
    running: false,
    scenario: null,
    startedAt: null,
    endsAt: null,
    now: sim.clock().simTime,
    elapsedSec: 0,
    finishedAt: null,
    finishReason: null,
    objectives: [],
    hints: [],
    instructorHints: [],
    pausedByInstructor: false,
    figures: { failures: 0, slowLogonMinutes: 0, userMinutesLost: 0, detectedAt: null, firstFaultAt: null },
    actions: [],
    score: null,
  };
}

function status(ctx: AppContext): ScenarioStatus {
  const sim = ctx.services.simulation();
  return sim.scenario ? sim.scenario.status(sim.engine) : idle(ctx);
}

/**
 * The judge of the scenario under way, for the instructor's classroom methods. Only the process
 * that holds the lab (serve --class's instructor, transport in-process) may call them: every
 * transport a trainee can reach (the page's WebSocket, the HTTP APIs, the control port) is refused.
 */
function classroomJudge(ctx: AppContext, what: string): ScenarioJudge {
  if ((ctx.call.transport ?? 'in-process') !== 'in-process')
    throw new LabError('forbidden', `Only the class's instructor can ${what} (vdi-console serve --class): not from ${ctx.call.transport}`);
  const judge = ctx.services.simulation().scenario;
  if (!judge?.running) throw new LabError('conflict', 'No scenario is under way');
  return judge;
}

/**
 * The classroom's lock: while the instructor has paused the class, a trainee (any transport but the
 * instructor's in-process one) cannot run, step or change the clock, nor escape the pause by
 * replacing the lab (a new attempt, a reset, a checkpoint restore or a branch).
 */
export function refuseIfInstructorPaused(ctx: AppContext, what: string, path: string[] = []): void {
  if ((ctx.call.transport ?? 'in-process') === 'in-process') return;
  // The lock is the lab's (the judge's saved state): a process that has not opened the engine yet opens it to know (a
  // one-shot `vdi-console call` on a trainee's folder while the class is stopped stepped and reset a locked lab).
  if (!ctx.services.simulation().scenario?.instructorPaused) return;
  throw new LabError('conflict', `Paused by the instructor: you cannot ${what} until the instructor resumes the class`, path);
}

/** Host failures at the start go through the cluster's own machinery (a tracked HA failover task), on the warmed-up lab. */
function beginAttempt(sc: Scenario, s: Simulation, ctx: AppContext, speed: ClockSpeed): void {
  s.beginScenario(sc);
  const failures = sc.timeline.filter((t) => t.hostFailure !== undefined);
  if (failures.length) ctx.pushes.push(...s.flush());
  for (const f of failures)
    clusterHostHandlers['host-fail']({ hostId: f.target as string, mode: f.hostFailure === 'isolation' ? 'isolation' : 'power-loss' }, ctx);
  s.setSpeed(speed);
}

/**
 * A scenario that starts from a checkpoint file (lab.checkpointFile). Replacing the lab by a file's
 * cannot happen in the dispatcher's transaction (SQLite attaches the file and switches foreign keys
 * only outside one), so it runs as checkpoint-restore does: here, inside the request's transaction,
 * the file is found (never outside the scenario's folder) and read whole into a scratch copy with
 * every check of a restore or an import (integrity, schema version, migrations, every row), and
 * nothing of the lab changes (a refusal here is the request's, the lab untouched). Once that
 * transaction committed, `afterCommit` copies the checked rows over the lab in one transaction of
 * its own, reopens the engine on them, warms it up, starts the judge and sets the clock, all in that
 * same transaction: it lands whole or not at all (the engine goes back to the old lab then).
 *
 * The action log: the restored lab's log is the checkpoint's own (its history from its seed), and
 * the scenario-start is appended to it at the checkpoint's instant, like any recorded request: a
 * replay of the attempt runs the checkpoint's history from the seed, then this start (which restores
 * the same file, the same rows the replay reached), then the trainee's actions.
 */
function startFromCheckpoint(
  sc: Scenario,
  lab: Extract<Scenario['lab'], { checkpointFile: string }>,
  input: { id?: string | undefined; scenario?: Record<string, unknown> | undefined; paused?: boolean | undefined },
  ctx: AppContext,
): { id: string; title: string; timeLimitSec: number; clockSpeed: string } {
  if (!ctx.services.dataDir) throw new LabError('internal', 'This host has no data folder to read a checkpoint into');
  const file = resolveCheckpointFile(lab.checkpointFile, ctx.services.scenarioDir ?? builtInScenarioDir(), lab.sha256);
  // A scratch folder of this start's own (the checkpoints folder is swept by restores and saves): two starts, or a start
  // and a restore, never read each other's copy (each check's scratch name is unique too, store/checkpoint-files.ts).
  const folder = mkdtempSync(join(tmpdir(), 'vdi-scenario-start-'));
  const drop = () => rmSync(folder, { recursive: true, force: true });
  let checked: CheckedLab;
  try {
    checked = checkLabFile(file, folder);
  } catch (err) {
    drop();
    if (err instanceof LabError)
      throw new LabError(err.code, `The scenario's checkpoint "${lab.checkpointFile}" cannot be used: ${err.message}`, ['scenario', 'lab', 'checkpointFile']);
    throw err;
  }
  const speed: ClockSpeed = input.paused ? 'paused' : sc.clockSpeed;
  // Nothing of the lab changes in this transaction: no action line, no event.
  ctx.unchanged = true;
  const logged = { ...(input.id !== undefined ? { id: input.id } : { scenario: input.scenario }), confirm: true, ...(input.paused ? { paused: true } : {}) };
  ctx.afterCommit = async () => {
    const sim = ctx.services.simulation();
    sim.stopStep('a training scenario started');
    try {
      await sim.whole('checkpoint-restore', async () => {
        try {
          adoptLab(ctx.db, checked, () => {
            setMeta(ctx.db, 'clock_speed', 'paused');
            sim.rebuild(true);
            ctx.replaceLab();
            const at = sim.clock().simTime;
            appendAction(ctx.db, { simTime: at, method: 'scenario-start', input: logged, user: ctx.user, wallTime: ctx.wallTime() });
            ctx.audit({
              objectKind: 'lab',
              objectId: null,
              objectName: sc.title,
              message: `Training: scenario "${sc.title}" started from the checkpoint file ${lab.checkpointFile} (simulated ${at.slice(0, 16).replace('T', ' ')}); the previous lab was discarded`,
            });
            beginAttempt(sc, sim, ctx, speed);
            ctx.pushes.push(...sim.flush());
          });
        } catch (err) {
          // The transaction rolled back: the lab is as it was, and the engine goes back to it.
          sim.reopen();
          if (err instanceof LabError) throw err;
          throw new LabError('store-corrupt', `The scenario's checkpoint could not be opened, so the scenario did not start: ${(err as Error).message}`);
        }
      });
    } finally {
      checked.dispose();
      drop();
    }
    ctx.changed(...OBJECT_KINDS);
    ctx.pushes.push({ topic: 'lab-restored', payload: { checkpointId: '', name: sc.title, simTime: sim.clock().simTime } });
    ctx.pushes.push({ topic: 'clock', payload: sim.clock() });
  };
  return { id: sc.id, title: sc.title, timeLimitSec: sc.timeLimitSec, clockSpeed: speed };
}

/**
 * Training scenarios (issue 17, parts 2, 3 and 5). A start replaces the lab by the scenario's
 * starting lab (like lab-reset) and, once the new engine is open, warms it up and hands it to the
 * judge (app/scenarios/judge.ts); the judge's state is part of the engine's durable state.
 */
export const scenarioHandlers: Pick<
  Handlers,
  | 'scenario-catalogue'
  | 'scenario-get'
  | 'scenario-check'
  | 'scenario-start'
  | 'scenario-status'
  | 'scenario-finish'
  | 'scenario-debrief'
  | 'scenario-author'
  | 'scenario-extend'
  | 'scenario-hint-send'
  | 'scenario-class-pause'
> = {
  'scenario-catalogue': () => ({
    scenarios: BUILT_IN_SCENARIOS.map((s) => ({
      id: s.id,
      title: s.title,
      summary: s.summary,
      topics: s.topics,
      timeLimitSec: s.timeLimitSec,
      objectives: s.objectives.length,
      lab: 'profile' in s.lab ? `${s.lab.profile} lab, seed ${s.lab.seed}` : `saved lab ${s.lab.checkpointFile.replace(/^.*\//, '').replace(/\.[^.]*$/, '')}`,
    })),
  }),
  'scenario-get': (input, ctx) => {
    const sc = builtIn(input.id);
    // The scenario being played: its hints only as they unlock, its expert path only at the end (the same rule as scenario-status).
    const judge = ctx.services.simulation().scenario;
    if (!judge?.running || judge.scenario.id !== sc.id) return sc;
    const hints = judge.hints(ctx.services.simulation().engine);
    return { ...sc, hints: sc.hints.map((h, i) => ({ afterSec: h.afterSec, text: hints[i]?.text ?? '' })), expertPath: [] };
  },
  'scenario-check': (input, ctx) => checkScenarioFile(input.scenario, ctx.services.scenarioDir ?? builtInScenarioDir()),
  'scenario-start': (input, ctx) => {
    refuseIfInstructorPaused(ctx, 'start a scenario');
    if ((input.id === undefined) === (input.scenario === undefined))
      throw new LabError('invalid-input', 'give a built-in scenario id or a scenario file, not both', ['id']);
    let sc: Scenario;
    if (input.id !== undefined) sc = builtIn(input.id);
    else {
      const checked = checkScenarioFile(input.scenario, ctx.services.scenarioDir ?? builtInScenarioDir());
      if (!checked.scenario) {
        const first = checked.errors[0];
        throw new LabError(
          'invalid-input',
          `The scenario file is not valid: ${first?.path}: ${first?.message}${checked.errors.length > 1 ? ` (and ${checked.errors.length - 1} more)` : ''}`,
          ['scenario', ...(first?.path.split('.') ?? [])],
        );
      }
      sc = checked.scenario;
    }
    const sim = ctx.services.simulation();
    if (sim.busy) throw new LabError('conflict', 'A checkpoint is being saved or restored: start the scenario once it is done');
    if (!('profile' in sc.lab)) return startFromCheckpoint(sc, sc.lab, input, ctx);
    sim.stopStep('a training scenario started');
    replaceLab(ctx.db, sc.lab.profile, sc.lab.seed, ctx.wallTime());
    ctx.replaceLab();
    const speed = input.paused ? 'paused' : sc.clockSpeed;
    ctx.afterLabOpen = (s) => beginAttempt(sc, s, ctx, speed);
    ctx.audit({
      objectKind: 'lab',
      objectId: null,
      objectName: labInfo(ctx.db).name,
      message: `Training: scenario "${sc.title}" started on a new ${sc.lab.profile} lab (seed ${sc.lab.seed}); the previous lab was discarded`,
    });
    ctx.changed('lab', 'cluster', 'host', 'datastore', 'network', 'image', 'pool', 'desktop', 'user', 'group', 'session');
    // The judge starts once the dispatcher has opened the new lab (after this handler): scenario-status reads it.
    return { id: sc.id, title: sc.title, timeLimitSec: sc.timeLimitSec, clockSpeed: speed };
  },
  'scenario-status': (_input, ctx) => status(ctx),
  'scenario-finish': (_input, ctx) => {
    const sim = ctx.services.simulation();
    if (!sim.scenario?.running) throw new LabError('conflict', 'No scenario is under way');
    sim.scenario.finish(sim.engine.t, 'trainee');
    const st = sim.scenario.status(sim.engine);
    ctx.audit({
      objectKind: 'lab',
      objectId: null,
      objectName: st.scenario?.title ?? 'scenario',
      message: `Training: scenario "${st.scenario?.title}" finished by the trainee: ${st.score?.total} of ${st.score?.max} points`,
    });
    return st;
  },
  'scenario-extend': (input, ctx) => {
    const judge = classroomJudge(ctx, 'give a trainee more time');
    judge.extend(input.minutes * 60);
    const st = judge.status(ctx.services.simulation().engine);
    ctx.audit({
      objectKind: 'lab',
      objectId: null,
      objectName: st.scenario?.title ?? 'scenario',
      message: `Training: the instructor gave ${input.minutes} more minute(s); the scenario now ends at ${st.endsAt}`,
    });
    ctx.changed('lab');
    return st;
  },
  'scenario-hint-send': (input, ctx) => {
    const judge = classroomJudge(ctx, 'send a hint');
    const sim = ctx.services.simulation();
    judge.addInstructorHint(sim.engine.t, input.text);
    ctx.audit({ objectKind: 'lab', objectId: null, objectName: judge.scenario.title, message: `Training: the instructor sent a hint: ${input.text}` });
    ctx.changed('lab');
    return judge.status(sim.engine);
  },
  'scenario-class-pause': (input, ctx) => {
    if ((ctx.call.transport ?? 'in-process') !== 'in-process')
      throw new LabError('forbidden', `Only the class's instructor can pause or resume the class (vdi-console serve --class): not from ${ctx.call.transport}`);
    const sim = ctx.services.simulation();
    const judge = sim.scenario;
    if (!judge) throw new LabError('conflict', 'No scenario was started in this lab');
    if (judge.instructorPaused === input.paused && (input.paused ? sim.speed === 'paused' : !judge.running || sim.speed !== 'paused')) {
      ctx.unchanged = true;
      return judge.status(sim.engine);
    }
    judge.setInstructorPaused(input.paused);
    // The trainee's console may show a past moment (replay view), which holds the live clock paused: the class's pause or
    // resume then becomes the speed closing the view gives back (found by a black-box run: a trainee viewing the past when
    // the class was paused got the clock running again by closing the view).
    // The class's speed when it has one (a class runs in the room's time), else the scenario's own.
    const speed = input.speed ?? judge.scenario.clockSpeed;
    const resumeAt = input.paused ? 'paused' : judge.running ? speed : null;
    if (resumeAt !== null && setViewLiveSpeed(ctx.db, ctx.services.dataDir, resumeAt)) {
      if (sim.stepping) sim.stopStep('the instructor paused the class');
    } else if (input.paused) {
      if (sim.stepping) sim.stopStep('the instructor paused the class');
      else if (sim.speed !== 'paused') sim.setSpeed('paused');
    } else if (judge.running && sim.speed === 'paused') sim.setSpeed(speed);
    ctx.audit({
      objectKind: 'lab',
      objectId: null,
      objectName: judge.scenario.title,
      message: input.paused ? 'Training: the instructor paused the class' : `Training: the instructor resumed the class (clock ${sim.speed})`,
    });
    ctx.pushes.push({ topic: 'clock', payload: sim.clock() });
    ctx.changed('lab');
    return judge.status(sim.engine);
  },
  'scenario-debrief': (_input, ctx) => {
    const sim = ctx.services.simulation();
    const judge = sim.scenario;
    if (!judge) return { status: idle(ctx), timeline: [] };
    const st = judge.status(sim.engine);
    const e = sim.engine;
    const v = engineView(e);
    const timeline: DebriefEntry[] = [];
    for (const f of judge.scenario.timeline) {
      if (f.hostFailure && st.startedAt)
        timeline.push({
          at: st.startedAt,
          lane: 'fault',
          text: `Host ${v.hostName(v.hostIndex(f.target ?? '')) ?? f.target} failed (${f.hostFailure})`,
        });
    }
    for (const id of judge.faultIds()) {
      const f = e.faults.get(id);
      if (!f) continue;
      const row = faultRow(e, f);
      if (row.state !== 'scheduled') timeline.push({ at: row.startAt, lane: 'fault', text: `${row.label} on ${row.target.name} started` });
      if ((row.state === 'ended' || row.state === 'cleared') && row.endAt)
        timeline.push({ at: row.endAt, lane: 'fault', text: `${row.label} on ${row.target.name} ${row.state}` });
    }
    const alarms = systemProblemsBetween(ctx.db, st.startedAt, st.finishedAt ?? st.now);
    for (const a of alarms) timeline.push({ at: a.at, lane: 'alarm', text: a.message });
    for (const a of st.actions) timeline.push({ at: a.at, lane: 'action', text: `${a.user}: ${a.method}${a.target ? ` ${a.target}` : ''}` });
    for (const o of st.objectives) if (o.at) timeline.push({ at: o.at, lane: 'objective', text: `${o.state === 'failed' ? 'Failed' : 'Met'}: ${o.text}` });
    timeline.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    return { status: st, timeline };
  },
  'scenario-author': (input, ctx) => {
    const sim = ctx.services.simulation();
    const e = sim.engine;
    const info = labInfo(ctx.db);
    const start = Date.parse(generateLab(info.profile, info.seed).simTime) / 1000;
    const warmupSec = Math.max(0, Math.min(86400, Math.round(e.t - start)));
    const timeline = e.faults
      .all()
      .filter((f) => f.state === 'scheduled' || f.state === 'active')
      .map((f) => {
        const row = faultRow(e, f);
        return {
          atSec: Math.max(0, Math.round(f.startAt - e.t)),
          fault: f.kind,
          ...(row.target.type === 'global' ? {} : { target: row.target.id ?? undefined }),
          params: { ...f.params },
          ...(f.endAt !== null ? { durationSec: Math.max(1, Math.round(f.endAt - Math.max(f.startAt, e.t))) } : {}),
        };
      })
      .reverse();
    const raw = {
      format: 1,
      id: input.id,
      title: input.title,
      summary: input.summary,
      topics: [],
      briefing: input.briefing,
      lab: { profile: input.profile ?? info.profile, seed: info.seed, warmupSec },
      clockSpeed: '60',
      timeLimitSec: input.timeLimitSec,
      timeline,
      objectives: input.objectives.map((o) => ({ ...o, kind: 'reach' })),
      hints: input.hints ?? [],
      rubric: {
        detect: { withinSec: Math.max(60, Math.round(input.timeLimitSec / 4)), points: 10 },
        resolve: { withinSec: Math.max(60, Math.round(input.timeLimitSec / 2)), points: 20 },
        userMinutes: { budget: 60, points: 10 },
        collateral: [{ id: 'needless-logoffs', text: 'Users logged off needlessly', match: { method: 'session-logoff' }, perAction: 5, points: 10 }],
      },
      expertPath: input.expertPath,
    };
    const checked = checkScenario(raw);
    if (!checked.scenario) {
      const first = checked.errors[0];
      throw new LabError('invalid-input', `The scenario would not be valid: ${first?.path}: ${first?.message}`, (first?.path ?? '').split('.'));
    }
    return { scenario: scenarioSchema.parse(raw) };
  },
};
