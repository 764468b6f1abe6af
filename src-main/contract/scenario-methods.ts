import { z } from 'zod';
import { method } from './define.ts';
import { LAB_PROFILES } from './entities.ts';
import { predicateSchema, type Scenario } from './scenario-schema.ts';
import { CLASS_SPEEDS } from './classroom.ts';

/** A scenario in the catalogue (built-in). */
export interface ScenarioSummary {
  id: string;
  title: string;
  summary: string;
  topics: string[];
  timeLimitSec: number;
  objectives: number;
  lab: string;
}

export interface ScoreLine {
  id: string;
  label: string;
  points: number;
  max: number;
  /** How the points were reached, in words. */
  detail: string;
}

export interface ScenarioAction {
  at: string;
  method: string;
  target: string | null;
  user: string;
}

export interface ScenarioObjectiveStatus {
  id: string;
  text: string;
  kind: 'reach' | 'keep';
  /** met (reach: held once; keep: never broken so far), open, failed (missed its deadline, or a keep broken). */
  state: 'met' | 'open' | 'failed';
  holdsNow: boolean;
  at: string | null;
  deadline: string | null;
}

export interface ScenarioStatus {
  running: boolean;
  scenario: Pick<Scenario, 'id' | 'title' | 'summary' | 'briefing' | 'timeLimitSec' | 'expertPath'> | null;
  startedAt: string | null;
  endsAt: string | null;
  now: string;
  elapsedSec: number;
  finishedAt: string | null;
  finishReason: 'time-limit' | 'objectives-met' | 'trainee' | null;
  objectives: ScenarioObjectiveStatus[];
  /**
   * Every hint, in order: that it exists and when it unlocks (`unlocksAt`, simulated). Its text is
   * empty until then: the API never gives a hint before its time. The expert path likewise is
   * empty while the scenario runs (it is the answer) and given once it is finished.
   */
  hints: { afterSec: number; unlocksAt: string | null; text: string; unlocked: boolean }[];
  /** Classroom (serve --class): hints the instructor sent to this trainee, newest last. */
  instructorHints: { at: string; text: string }[];
  /** Classroom: the instructor paused the class; the trainee's clock stays paused until the instructor resumes it. */
  pausedByInstructor: boolean;
  /** Figures the rubric reads, live. */
  figures: { failures: number; slowLogonMinutes: number; userMinutesLost: number; detectedAt: string | null; firstFaultAt: string | null };
  actions: ScenarioAction[];
  /** The debrief's score once finished (and the score so far while running). */
  score: { total: number; max: number; lines: ScoreLine[] } | null;
}

export interface DebriefEntry {
  at: string;
  lane: 'fault' | 'alarm' | 'action' | 'objective';
  text: string;
}

const sid = z.string().regex(/^[a-z0-9-]{1,60}$/);

export const scenarioMethods = {
  'scenario-catalogue': method<{ scenarios: ScenarioSummary[] }>()({
    description: 'Training: the built-in scenarios (resources/scenarios/), each with its title, summary, topics and time limit.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'scenario-get': method<Scenario>()({
    description:
      'Training: one built-in scenario, whole (briefing, timeline, objectives, hints, rubric, expert path). While that scenario is being played in this lab, the hints not yet unlocked come with empty text and the expert path is empty (scenario-status gives them as they unlock).',
    input: z.strictObject({ id: sid }),
    mutates: false,
    permission: 'read',
  }),
  'scenario-check': method<{ valid: boolean; errors: { path: string; message: string }[]; scenario: Scenario | null }>()({
    description:
      'Training: validates a scenario file (its JSON as an object) against the format and the lab it starts from; lists every problem with its path.',
    input: z.strictObject({ scenario: z.record(z.string(), z.unknown()) }),
    mutates: false,
    permission: 'read',
  }),
  'scenario-start': method<{ id: string; title: string; timeLimitSec: number; clockSpeed: string }>()({
    description:
      'Training: starts a scenario: the lab is replaced by its starting lab (profile and seed, or a checkpoint file under resources/scenarios/, checked like a restore; the current lab is discarded, requires confirm: true), warmed up, its fault timeline planned and its objectives judged every simulated minute. `paused` leaves the clock paused (scripted runs).',
    input: z.strictObject({
      id: sid.optional(),
      scenario: z.record(z.string(), z.unknown()).optional(),
      confirm: z.literal(true),
      paused: z.boolean().optional(),
    }),
    mutates: true,
    permission: 'simulate',
  }),
  'scenario-status': method<ScenarioStatus>()({
    description:
      'Training: the scenario under way (or the last one): timer, objectives with their live state, hints unlocked, the rubric figures and the score.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'scenario-finish': method<ScenarioStatus>()({
    description: 'Training: ends the scenario under way now (the trainee is done) and scores it (requires confirm: true).',
    input: z.strictObject({ confirm: z.literal(true) }),
    mutates: true,
    permission: 'simulate',
  }),
  'scenario-debrief': method<{ status: ScenarioStatus; timeline: DebriefEntry[] }>()({
    description:
      "Training: the debrief: the score by rubric line and a timeline of faults, alarms, the trainee's actions and objectives met, side by side, with the expert's path.",
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'scenario-extend': method<ScenarioStatus>()({
    description:
      "Training (classroom): gives the scenario under way more time, in simulated minutes. Only the class's instructor can (serve --class calls it in the console's own process); a trainee's page, the APIs and the CLI are refused.",
    input: z.strictObject({ minutes: z.number().int().min(1).max(240) }),
    mutates: true,
    permission: 'simulate',
  }),
  'scenario-hint-send': method<ScenarioStatus>()({
    description:
      "Training (classroom): sends the trainee a hint from the instructor; the trainee's scenario page shows it at once. Only the class's instructor can (serve --class); a trainee's page, the APIs and the CLI are refused.",
    input: z.strictObject({ text: z.string().trim().min(1).max(500) }),
    mutates: true,
    permission: 'simulate',
  }),
  'scenario-class-pause': method<ScenarioStatus>()({
    description:
      "Training (classroom): the instructor pauses this trainee's lab (a lock: the trainee cannot run, step or change the clock, restart the scenario, reset the lab or restore a checkpoint until the instructor resumes) or resumes it at the class's speed (or the scenario's). Only the class's instructor can (serve --class); a trainee's page, the APIs and the CLI are refused.",
    input: z.strictObject({ paused: z.boolean(), speed: z.enum(CLASS_SPEEDS).optional() }),
    mutates: true,
    permission: 'simulate',
  }),
  'scenario-author': method<{ scenario: Scenario }>()({
    description:
      "Training (authoring): builds a scenario file from the current lab (its profile and seed, warmed up to now), the faults injected in it (as the timeline, at their offsets), and the objectives, hints and rubric given. Returns the file's content, validated.",
    input: z.strictObject({
      id: sid,
      title: z.string().trim().min(1).max(120),
      summary: z.string().trim().min(1).max(300),
      briefing: z.string().trim().min(1).max(4000),
      timeLimitSec: z
        .number()
        .min(60)
        .max(7 * 86400),
      objectives: z
        .array(
          z.strictObject({
            id: z.string().regex(/^[a-z0-9-]{1,40}$/),
            text: z.string().trim().min(1).max(300),
            check: predicateSchema,
            points: z.number().int().min(0).max(100),
          }),
        )
        .min(1)
        .max(20),
      hints: z
        .array(
          z.strictObject({
            afterSec: z
              .number()
              .min(0)
              .max(7 * 86400),
            text: z.string().trim().min(1).max(1000),
          }),
        )
        .max(20)
        .optional(),
      expertPath: z.array(z.string().trim().min(1).max(1000)).min(1).max(30),
      profile: z.enum(LAB_PROFILES).optional(),
    }),
    mutates: false,
    permission: 'simulate',
  }),
};
