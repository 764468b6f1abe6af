import { z } from 'zod';
import { CAPACITY_HOSTS, CAPACITY_OS, CAPACITY_STORAGE } from './capacity-entities.ts';

// A boot storm (issue 13): N desktops powered on at once through the broker's power-action
// throttle, on hosts and storage described as in a capacity test. Plain JSON only.

/** How the desktops' disks come to be (core/models/boot.ts): the boot's I/O differs by kind. */
export const BOOT_CLONE_KINDS = ['mcs', 'linked-clone', 'full-clone', 'instant-clone', 'pvs'] as const;

/** Named power-action throttles (core/models/boot.ts POWER_THROTTLES has each one's figures and source). */
export const POWER_THROTTLE_NAMES = ['citrix', 'citrix-2203-sample', 'xendesktop-pool-manager', 'horizon', 'none'] as const;
export type PowerThrottleName = (typeof POWER_THROTTLE_NAMES)[number];

const customThrottle = z.strictObject({
  maxActive: z.number().int().min(1).max(100_000),
  maxPercent: z.number().min(1).max(100),
  maxNewPerMinute: z.number().int().min(1).max(100_000),
  extraSpinUpSec: z.number().min(0).max(3600).default(0),
  holdsUntil: z.enum(['task', 'registered']).default('task'),
});

export const BOOT_STORM_DEFINITION = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).default(''),
  hosts: CAPACITY_HOSTS,
  storage: CAPACITY_STORAGE,
  desktops: z.strictObject({
    count: z.number().int().min(1).max(20_000),
    vcpu: z.number().int().min(1).max(64),
    ramGb: z.number().min(1).max(4096),
    os: z.enum(CAPACITY_OS).default('win10'),
    clone: z.enum(BOOT_CLONE_KINDS).default('mcs'),
  }),
  /** The broker's throttle on the hosting connection: a named preset or the figures. */
  throttle: z.union([z.enum(POWER_THROTTLE_NAMES), customThrottle]).default('citrix'),
  /** Machines on the hosting connection (a percentage cap counts them); default: the storm's desktops. */
  machinesOnConnection: z.number().int().min(1).max(1_000_000).optional(),
  /** The storm ends when every desktop registered, or after this long. */
  limitSec: z.number().int().min(60).max(86_400).default(7200),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
});
export type BootStormDefinitionInput = z.input<typeof BOOT_STORM_DEFINITION>;
export type BootStormDefinition = z.output<typeof BOOT_STORM_DEFINITION>;

/** One point of a boot storm, every `sampleSec`. */
export interface BootStormSample {
  t: number;
  registered: number;
  poweredOn: number;
  /** Power actions holding a throttle slot, and requests still waiting for one. */
  inFlight: number;
  waiting: number;
  /** Front-end IOPS the array served and the IOPS offered; datastore latency. */
  iops: number;
  offeredIops: number;
  latencyMs: number;
  /** Host CPU averaged over the hosts, and the busiest host; CPU ready (worst host). */
  cpuPct: number;
  maxHostCpuPct: number;
  readyPct: number;
}

export interface BootStormResult {
  definition: BootStormDefinition;
  /** Minutes until every desktop registered (null when the limit came first), and until every one was powered on. */
  allRegisteredMin: number | null;
  allPoweredOnMin: number | null;
  registered: number;
  /** Served front-end IOPS: peak and average over the storm (until all registered); the same for the IOPS offered. */
  peakIops: number;
  avgIops: number;
  peakOfferedIops: number;
  avgOfferedIops: number;
  /** Datastore latency over the storm: 95th percentile and maximum (ms). */
  p95LatencyMs: number;
  maxLatencyMs: number;
  /** Host CPU (% , mean of the hosts) over the storm: maximum and average; CPU ready's maximum. */
  maxCpuPct: number;
  avgCpuPct: number;
  maxReadyPct: number;
  /** The most power actions in flight at once (the throttle's plateau). */
  maxInFlight: number;
  sampleSec: number;
  curves: BootStormSample[];
}
