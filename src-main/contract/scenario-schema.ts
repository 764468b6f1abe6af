import { z } from 'zod';
import { LAB_PROFILES } from './entities.ts';
import { RULE_KINDS, type RuleKind } from './cluster-entities.ts';
import { FAULT_KINDS, type FaultKind } from './fault-methods.ts';
import { CLOCK_SPEEDS } from './simulation.ts';

/**
 * Training scenarios (issue 17, part 2): the scenario file format. A scenario is JSON: a starting
 * lab, a timeline of faults (at a simulated time or when a condition holds), objectives as
 * predicates over the lab, hints that unlock over time, a time limit and a scoring rubric.
 * Built-in ones live in resources/scenarios/; docs/SCENARIOS.md describes the format for authors.
 */

export const SCENARIO_FORMAT = 1;
const sec = (max: number) => z.number().min(0).max(max);
const DAY = 86400;
const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
const op = z.enum(['below', 'above']);

/** Host failures a scenario can start with: power loss, network isolation, a purple screen (PSOD: to HA, a host that stopped). */
export const HOST_FAILURES = ['power-loss', 'isolation', 'psod'] as const;

/** Host memory states, best first (ESXi's names; DOMAIN.md). */
export const HOST_MEMORY_STATES = ['high', 'clear', 'soft', 'hard', 'low'] as const;

/**
 * The predicate language: each is a fact about the lab at one instant, evaluated against the live
 * engine every simulated minute. `forSec` (where allowed) asks the fact to have held that long.
 */
export type Predicate =
  | { is: 'all'; of: Predicate[] }
  | { is: 'any'; of: Predicate[] }
  | { is: 'not'; of: Predicate }
  | { is: 'pool-can-logon'; pool: string }
  | { is: 'pool-available'; pool: string; atLeast: number }
  | { is: 'pool-image-version'; pool: string; version: number }
  | { is: 'pool-failures'; pool?: string; withinSec: number; atMost: number }
  | { is: 'host-cpu'; host?: string; op: 'below' | 'above'; pct: number; forSec?: number }
  | { is: 'host-memory'; host?: string; atWorst: (typeof HOST_MEMORY_STATES)[number] }
  | { is: 'host-state'; host: string; state: 'connected' | 'maintenance' | 'failed' | 'powered-off' }
  | { is: 'host-sessions'; host: string; atMost: number }
  | { is: 'datastore-latency'; datastore?: string; op: 'below' | 'above'; ms: number; forSec?: number }
  | { is: 'snapshots'; pool: string; atMost: number }
  /**
   * DRS rules: with `vms`, an enabled rule (of `kind`, if given) covering all of them exists and is
   * kept where they run now; without, no enabled rule (of `kind`) is broken.
   */
  | { is: 'drs-rule'; kind?: RuleKind; vms?: string[] }
  | { is: 'fault-active'; kind?: FaultKind; target?: string }
  | { is: 'action'; method: string; target?: string }
  | { is: 'elapsed'; atLeastSec: number };

export const PREDICATE_KINDS = [
  'all',
  'any',
  'not',
  'pool-can-logon',
  'pool-available',
  'pool-image-version',
  'pool-failures',
  'host-cpu',
  'host-memory',
  'host-state',
  'host-sessions',
  'datastore-latency',
  'snapshots',
  'drs-rule',
  'fault-active',
  'action',
  'elapsed',
] as const satisfies readonly Predicate['is'][];

const count = z.number().int().min(0).max(1_000_000);
export const predicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.discriminatedUnion('is', [
    z.strictObject({ is: z.literal('all'), of: z.array(predicateSchema).min(1).max(20) }),
    z.strictObject({ is: z.literal('any'), of: z.array(predicateSchema).min(1).max(20) }),
    z.strictObject({ is: z.literal('not'), of: predicateSchema }),
    z.strictObject({ is: z.literal('pool-can-logon'), pool: id }),
    z.strictObject({ is: z.literal('pool-available'), pool: id, atLeast: count }),
    z.strictObject({ is: z.literal('pool-image-version'), pool: id, version: z.number().int().min(1).max(10_000) }),
    z.strictObject({ is: z.literal('pool-failures'), pool: id.optional(), withinSec: sec(DAY).min(60), atMost: count }),
    z.strictObject({ is: z.literal('host-cpu'), host: id.optional(), op, pct: z.number().min(0).max(100), forSec: sec(DAY).optional() }),
    z.strictObject({ is: z.literal('host-memory'), host: id.optional(), atWorst: z.enum(HOST_MEMORY_STATES) }),
    z.strictObject({ is: z.literal('host-state'), host: id, state: z.enum(['connected', 'maintenance', 'failed', 'powered-off']) }),
    z.strictObject({ is: z.literal('host-sessions'), host: id, atMost: count }),
    z.strictObject({ is: z.literal('datastore-latency'), datastore: id.optional(), op, ms: z.number().min(0).max(100_000), forSec: sec(DAY).optional() }),
    z.strictObject({ is: z.literal('snapshots'), pool: id, atMost: count }),
    z.strictObject({ is: z.literal('drs-rule'), kind: z.enum(RULE_KINDS).optional(), vms: z.array(id).min(1).max(32).optional() }),
    z.strictObject({ is: z.literal('fault-active'), kind: z.enum(FAULT_KINDS as [FaultKind, ...FaultKind[]]).optional(), target: id.optional() }),
    z.strictObject({ is: z.literal('action'), method: id, target: id.optional() }),
    z.strictObject({ is: z.literal('elapsed'), atLeastSec: sec(7 * DAY) }),
  ]),
);

/**
 * A checkpoint file's path relative to the scenario: forward slashes, no absolute path, no `..` or
 * `.` segment, a .vdilab or .sqlite file (the path is resolved under the scenario's folder only).
 */
export const checkpointPath = z
  .string()
  .min(1)
  .max(200)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.includes('\\'), {
    message: 'a path relative to the scenario file (no absolute path, no backslash)',
  })
  .refine((p) => p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..'), {
    message: 'the checkpoint must be inside the scenario\'s folder: no ".." or "." segment, no empty one',
  })
  .refine((p) => /^[A-Za-z0-9._/-]+\.(vdilab|sqlite)$/.test(p), { message: 'a .vdilab or .sqlite file name of letters, digits, ".", "_", "-"' });

/** An admin action as the scenario matches it: a contract method and, optionally, the object it names. */
const actionMatch = z.strictObject({ method: id, target: id.optional() });

/**
 * A timeline entry: a catalogue fault at a time or when a condition holds, or a host failure at the
 * start (power loss, isolation, or a PSOD — which vSphere HA handles as a host that stopped: its VMs
 * restart elsewhere), run by the cluster's host-fail machinery with HA. A host failure later on is
 * the catalogue's host-power-loss / host-isolation / host-psod fault (the same HA machinery).
 */
const timelineEntry = z
  .strictObject({
    /** Simulated seconds after the start. */
    atSec: sec(7 * DAY).optional(),
    /** Or: the first evaluation at which this holds. */
    when: predicateSchema.optional(),
    fault: z.enum(FAULT_KINDS as [FaultKind, ...FaultKind[]]).optional(),
    hostFailure: z.enum(HOST_FAILURES).optional(),
    target: id.optional(),
    params: z.record(z.string().max(64), z.number().finite()).optional(),
    durationSec: z
      .number()
      .positive()
      .max(7 * DAY)
      .optional(),
    /** The admin action that removes the cause (the console's side of the fix): the fault is cleared when the trainee does it. */
    clearedBy: actionMatch.optional(),
    note: z.string().max(500).optional(),
  })
  .refine((e) => (e.atSec === undefined) !== (e.when === undefined), { message: 'give atSec or when, not both', path: ['atSec'] })
  .refine((e) => (e.fault === undefined) !== (e.hostFailure === undefined), { message: 'give a fault or a hostFailure, not both', path: ['fault'] })
  .refine((e) => e.hostFailure === undefined || (e.atSec === 0 && e.target !== undefined && e.durationSec === undefined && e.clearedBy === undefined), {
    message:
      'a hostFailure happens at the start (atSec 0) on a target host, and lasts until the trainee repairs the host; for one later, on a condition or for a duration, use the fault host-power-loss, host-isolation or host-psod',
    path: ['hostFailure'],
  });

const objective = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  text: text(300),
  /** `reach`: must hold at some evaluation (and then counts as met); `keep`: must never be false while the scenario runs. */
  kind: z.enum(['reach', 'keep']).default('reach'),
  check: predicateSchema,
  /** Reach objectives: seconds after the start by which it must be met. */
  withinSec: sec(7 * DAY).optional(),
  points: z.number().int().min(0).max(100),
});

const collateral = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  text: text(300),
  match: actionMatch,
  /** Points lost per action, up to `points`. */
  perAction: z.number().int().min(1).max(100),
  points: z.number().int().min(1).max(100),
});
/**
 * The lab of a scenario is one of two shapes: a union's own message ("Invalid input") named neither. This says which
 * shape the value was read as (a checkpointFile key: a lab file) and its first problem.
 */
function labError(iss: { input?: unknown; errors?: readonly (readonly { path: readonly PropertyKey[]; message: string }[])[] }): string {
  const v = iss.input;
  if (v === undefined) return 'is required: { profile, seed } (a built-in lab) or { checkpointFile, sha256 } (a lab file)';
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return 'must be an object: { profile, seed } (a built-in lab) or { checkpointFile, sha256 } (a lab file)';
  const file = 'checkpointFile' in v;
  const first = iss.errors?.[file ? 1 : 0]?.[0];
  const at = first && first.path.length ? `${first.path.map(String).join('.')}: ` : '';
  return `${file ? 'a lab file' : 'a built-in lab ({ profile, seed })'}: ${at}${first?.message ?? 'not valid'}`;
}

export const scenarioSchema = z.strictObject({
  format: z.literal(SCENARIO_FORMAT),
  id: z.string().regex(/^[a-z0-9-]{1,60}$/, 'lower-case letters, digits and dashes'),
  title: text(120),
  summary: text(300),
  topics: z.array(text(40)).max(10).default([]),
  briefing: text(4000),
  lab: z.union(
    [
      z.strictObject({
        profile: z.enum(LAB_PROFILES),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1),
        warmupSec: sec(DAY).default(0),
      }),
      /**
       * A lab saved as a checkpoint file (a lab database, as checkpoint-save writes it), by a path
       * relative to the scenario: a built-in's or one sent through the API under resources/scenarios/,
       * `vdi-console scenario check|run FILE`'s next to FILE. Never absolute, never `..`.
       */
      z.strictObject({
        checkpointFile: checkpointPath,
        /** The file's SHA-256 (hex) as the author shipped it: a file changed since (edited, swapped, damaged) is refused. Built-ins carry it. */
        sha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the file, 64 lower-case hex digits')
          .optional(),
        warmupSec: sec(DAY).default(0),
      }),
    ],
    { error: labError },
  ),
  clockSpeed: z.enum(CLOCK_SPEEDS).default('60'),
  timeLimitSec: z
    .number()
    .min(60)
    .max(7 * DAY),
  timeline: z.array(timelineEntry).max(50),
  objectives: z.array(objective).min(1).max(20),
  hints: z.array(z.strictObject({ afterSec: sec(7 * DAY), text: text(1000) })).max(20),
  rubric: z.strictObject({
    /** Time to detect: the first admin action after the first fault starts. */
    detect: z.strictObject({ withinSec: z.number().min(1).max(DAY), points: z.number().int().min(0).max(100) }),
    /** Time to resolve: every reach objective met. */
    resolve: z.strictObject({
      withinSec: z
        .number()
        .min(1)
        .max(7 * DAY),
      points: z.number().int().min(0).max(100),
    }),
    /** User-minutes lost: failed connections and slow logons, against a budget. */
    userMinutes: z.strictObject({ budget: z.number().min(0).max(1_000_000), points: z.number().int().min(0).max(100) }),
    collateral: z.array(collateral).max(20),
  }),
  expertPath: z.array(text(1000)).min(1).max(30),
});

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type TimelineEntry = Scenario['timeline'][number];
export type Objective = Scenario['objectives'][number];
