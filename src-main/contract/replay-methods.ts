import { z } from 'zod';
import { method } from './define.ts';

/**
 * Replay and scrub (issue 17, part 4). Every admin request that changed the simulation is in the
 * lab's action log with the simulated instant it took effect at; the lab's seed plus that log
 * replays the lab exactly (app/replay). A debrief scrubs the timeline: a moment opens read-only
 * (a scratch copy of the lab replayed to it, served instead of the live lab while the view is open;
 * every change is refused), and "branch from here" makes that moment the live lab, the old
 * attempt kept as a checkpoint.
 */

/** One recorded admin action, as the timeline lists it. */
export interface ReplayAction {
  seq: number;
  simTime: string;
  method: string;
  /** The validated input, as it was sent (JSON). */
  input: unknown;
  user: string;
}

/** An event of the lab at warning level or above, for the timeline beside the actions. */
export interface ReplayMarker {
  simTime: string;
  severity: 'warning' | 'error' | 'critical';
  message: string;
}

/** The moment a read-only view shows, when one is open. */
export interface ReplayViewState {
  open: boolean;
  /** The simulated time the view shows (null when closed). */
  simTime: string | null;
  /** The live lab's time (where "Back to live" returns). */
  liveSimTime: string;
  /** Actions of the log the view's lab has applied. */
  actionsApplied: number;
  /** The clock speed the live lab had when the view opened (given back on close). */
  liveSpeed: string | null;
}

export interface ReplayTimeline {
  /** How the lab began: generated from profile + seed at startTime. null: the lab's history before the log was not recorded (a lab that ran before migration 016 added the action log, or imported from one): it cannot be replayed. */
  origin: { profile: string; seed: number; startTime: string } | null;
  /** Where the live lab is now. */
  now: string;
  actions: ReplayAction[];
  markers: ReplayMarker[];
  /** Moments a scrub starts from without replaying from the seed (cached checkpoints of this timeline). */
  checkpoints: string[];
  /** Checkpoints are taken every this many simulated minutes while replaying (REPLAY_PARAMS). */
  checkpointMinutes: number;
  view: ReplayViewState;
}

const SIM_TIME = z.iso.datetime({ message: 'a simulated time in ISO 8601 (UTC), e.g. 2026-01-05T09:42:00Z' });

export const replayMethods = {
  'replay-timeline': method<ReplayTimeline>()({
    description: "The lab's recorded admin actions with their simulated times, the warning/error events beside them, and the open read-only view, if any.",
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'replay-view-get': method<ReplayViewState>()({
    description: 'Whether the console shows a past moment read-only (and which), or the live lab.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'replay-view-open': method<ReplayViewState>()({
    description:
      'Open a past moment read-only: the lab is replayed from its seed (or the nearest cached checkpoint) and its action log to that simulated time; every read then shows it and every change is refused until replay-view-close. The live clock pauses meanwhile.',
    input: z.strictObject({ at: SIM_TIME }),
    mutates: true,
    runs: true,
    permission: 'simulate',
  }),
  'replay-view-close': method<ReplayViewState>()({
    description: 'Back to live: close the read-only view; the live clock gets back the speed it had (resume: false leaves it paused).',
    input: z.strictObject({ resume: z.boolean().default(true) }),
    mutates: true,
    runs: true,
    permission: 'simulate',
  }),
  'replay-branch': method<{ branchCheckpointId: string; keptCheckpointId: string; simTime: string }>()({
    description:
      'Branch from the moment the view shows: the live lab is saved as a checkpoint (kept), then replaced by the viewed moment (also kept as a checkpoint); a new attempt continues from there, paused.',
    input: z.strictObject({ confirm: z.literal(true, { message: 'replay-branch replaces the live lab: send confirm: true' }) }),
    mutates: true,
    runs: true,
    permission: 'simulate',
  }),
};
