import { z } from 'zod';
import type { CapacityDefinition, CapacityMemoryState, CapacityResource, ThresholdRule } from './capacity-entities.ts';
import type { Protocol, Workload } from './entities.ts';

// Capacity evaluation's results: a run's curves, its verdict, the run records, exports,
// comparisons and the consolidation report. The definition is in capacity-entities.ts.

/** One point of the curves (every `sampleSec` of the test). */
export interface CapacitySample {
  /** Seconds since the test started. */
  t: number;
  activeSessions: number;
  launched: number;
  /** Mean logon duration (s) of the sessions launched in this step (null: none launched). */
  logonSec: number | null;
  /** Mean response time of the action sets timed in this interval (ms). */
  responseMs: number;
  /** VSI index: trimmed mean (top and bottom 2% dropped) of the recent samples (ms); null before enough samples. */
  indexMs: number | null;
  /** Host CPU utilization and CPU ready per vCPU (worst host). */
  cpuPct: number;
  /**
   * Host CPU without the desktops still waiting for their user (single-session: powered on for the
   * launcher, idle): the steady CPU of an estate where every desktop has its user, which is what
   * Login Enterprise's density at a CPU target measures (worst host).
   */
  cpuInUsePct: number;
  readyPct: number;
  /** The busiest desktop / session-host VM: its CPU demand as % of its own vCPUs' capacity. */
  vmCpuPct: number;
  /**
   * Memory the VMs demand as % of the host's physical RAM (over 100 under over-commitment:
   * the excess is ballooned, compressed or swapped) and the ESXi memory state (worst host).
   */
  memPct: number;
  memState: CapacityMemoryState;
  swappedMb: number;
  storageLatencyMs: number;
  /** Front-end IOPS the array served; those offered (served + queued); of the offered, writes. */
  iops: number;
  offeredIops: number;
  writeIops: number;
  /** Offered back-end I/O (writes × the write penalty) as % of the array's capacity. */
  storagePct: number;
  /** Display protocol traffic as % of the host's NIC capacity (worst host). */
  networkPct: number;
}

/** EUX-style score per minute (0 worst – 10 best; 10 at VSIbase, 5 at the threshold). */
export interface CapacityEuxPoint {
  minute: number;
  score: number;
  responseMs: number;
  activeSessions: number;
}

export interface CapacityUtilization {
  cpuPct: number;
  readyPct: number;
  vmCpuPct: number;
  memPct: number;
  memState: CapacityMemoryState;
  storageLatencyMs: number;
  storagePct: number;
  iops: number;
  networkPct: number;
}

export interface CapacityBottleneck {
  /** 'none' when no resource crossed its limit during the test. */
  resource: CapacityResource | 'none';
  /** In words: "CPU: ready time passed 10% per vCPU at 212 sessions". */
  sentence: string;
  /** Active sessions when the resource crossed its limit (null when none did). */
  atSessions: number | null;
}

export interface CapacityRecommendations {
  safetyMarginPct: number;
  targetUsers: number;
  haSpareHosts: number;
  /** True when VSImax was not reached: the figures are lower bounds (the hosts carried at least this many). */
  lowerBound: boolean;
  usersPerHostAtVsimax: number;
  usersPerCoreAtVsimax: number;
  usersPerHostSafe: number;
  usersPerCoreSafe: number;
  /** Hosts needed to carry targetUsers at the safe figure, and with the HA spares (N+1). */
  hostsForTarget: number;
  hostsWithHa: number;
  notes: string[];
}

/** What a host's CPU is worth in the model (shared/capacity/cpu-index.ts). */
export interface CapacityHostCpu {
  /** Catalogue model, when the definition names one. */
  model: string | null;
  /** catalogue, spec (SPECrate figure given), index (vix given) or ghz (the legacy mapping). */
  source: 'catalogue' | 'spec' | 'index' | 'ghz';
  baseGhz: number;
  specIntRatePerCore: number | null;
  vixPerCore: number;
  /** One host's throughput (vix): cores × vix per core, ÷ (1 + SMT gain) with SMT off. */
  hostVix: number;
}

/** Login Enterprise's density: users per host with the steady host CPU at the target. */
export interface CapacityCpuTarget {
  targetPct: number;
  /** Users (all hosts) where the steady host CPU reaches the target; null when the test ended below it. */
  users: number | null;
  reached: boolean;
  usersPerHost: number | null;
  usersPerCore: number | null;
  /** CPU ready % per vCPU at that load. */
  readyPct: number | null;
  /** Nutanix's "MHz per session": host CPU × cores × base MHz / sessions, at that load (a display figure, never an input). */
  mhzPerSession: number | null;
}

export interface CapacityResult {
  definition: CapacityDefinition;
  hostCpu: CapacityHostCpu;
  cpuTarget: CapacityCpuTarget;
  /** null when the index never crossed the threshold: see vsimaxReached and sessionsLaunched. */
  vsimax: number | null;
  vsimaxReached: boolean;
  vsibaseMs: number;
  thresholdMs: number;
  thresholdRule: ThresholdRule;
  sessionsLaunched: number;
  /** Sessions that started but never became active (stuck in logon) or whose connection failed. */
  stuckSessions: number;
  failedSessions: number;
  /** (stuck + failed) / launched × 100; the guideline is ≤ 1%. */
  stuckFailedPct: number;
  withinStuckGuideline: boolean;
  bottleneck: CapacityBottleneck;
  /** Resource use at the knee (VSImax, or the end of the test when not reached). */
  utilizationAtKnee: CapacityUtilization;
  /** Capacity sessions (VSImax, else sessions launched) per physical core / host, and per session-host vCPU. */
  usersPerCore: number;
  usersPerHost: number;
  usersPerVcpu: number;
  physicalCores: number;
  sessionHostVcpus: number;
  sampleSec: number;
  curves: CapacitySample[];
  eux: CapacityEuxPoint[];
  recommendations: CapacityRecommendations;
  /** Simulated seconds the test covered. */
  durationSec: number;
}

// ---- runs ----

export const CAPACITY_RUN_STATES = ['queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type CapacityRunState = (typeof CAPACITY_RUN_STATES)[number];

/** A run without its curves (lists and compare pickers). */
export interface CapacityRunSummary {
  id: string;
  name: string;
  /** Runs started together by one sweep share this id; null for a single run. */
  sweepId: string | null;
  /** What this run of a sweep varies: "hosts.coresPerSocket=18, workload=task". */
  sweepLabel: string | null;
  state: CapacityRunState;
  /** 0–1. */
  progress: number;
  createdAt: string; // wall clock, ISO
  startedAt: string | null;
  finishedAt: string | null;
  wallMs: number | null;
  error: string | null;
  definition: CapacityDefinition;
  vsimax: number | null;
  vsimaxReached: boolean | null;
  sessionsLaunched: number | null;
  bottleneck: CapacityResource | 'none' | null;
  usersPerCore: number | null;
}

export interface CapacityRun extends CapacityRunSummary {
  result: CapacityResult | null;
}

export interface CapacityDefinitionRecord {
  id: string;
  /** 'saved' in this lab's store, 'example' shipped in resources/capacity (read-only). */
  source: 'saved' | 'example';
  name: string;
  definition: CapacityDefinition;
  savedAt: string | null;
}

export interface CapacityProgress {
  runId: string;
  sweepId: string | null;
  state: CapacityRunState;
  progress: number;
  launched: number;
  activeSessions: number;
  /** Latest VSI index (ms), when there is one. */
  indexMs: number | null;
  error: string | null;
}

export interface CapacitySweepStarted {
  sweepId: string;
  runs: CapacityRunSummary[];
}

export const CAPACITY_EXPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type CapacityExportFormat = (typeof CAPACITY_EXPORT_FORMATS)[number];

export interface CapacityExport {
  filename: string;
  mimeType: string;
  text: string;
}

/** What the wizard shows before a run: the definition with its defaults, and rule-of-thumb estimates. */
export interface CapacityDefinitionCheck {
  definition: CapacityDefinition;
  physicalCores: number;
  logicalCpus: number;
  /** Host CPU capacity as vCenter counts it (cores × base GHz), all hosts. */
  cpuCapacityGhz: number;
  /** What the hosts' CPU is worth in the model: model, index per core, throughput per host. */
  hostCpu: CapacityHostCpu;
  ramGb: number;
  /** vCPUs of the session hosts per physical core when every launched session has its VM (single-session) or all session hosts run. */
  vcpuPerCore: number;
  /** Citrix's rule of five and ten: physical cores × 5 (single-session) or × 10 (multi-session). */
  ruleOfThumbSessions: number;
  /** Launch rate: seconds between two session launches. */
  launchIntervalSec: number;
}

/** Several completed runs side by side (breadth vs depth-first, 2 vs 4 vCPU, Blast vs RDP…). */
export interface CapacityComparison {
  runs: CapacityRunSummary[];
  /** The definition fields whose values differ between the runs ("sessionHost.vcpu": [2, 4]). */
  differences: { path: string; values: (string | number | boolean | null)[] }[];
  /** Headline figures, one value per run in the order of `runs`. */
  rows: { label: string; values: (string | number | null)[] }[];
  /** A printable HTML page: the response curves overlaid, the figures as a table. */
  html: string;
}

// ---- consolidation report ----

/** Editable assumptions; defaults from DOMAIN.md "Consolidation arithmetic" and the power model. */
export const CONSOLIDATION_ASSUMPTIONS = z.strictObject({
  /** Users to carry (defaults to the definition's planning.targetUsers). */
  targetUsers: z.number().int().min(1).max(1_000_000).optional(),
  /** Physical servers (or PCs) in place today; default: 10× the hosts after (DOMAIN.md: 10:1 is common). */
  serversBefore: z.number().int().min(1).max(1_000_000).optional(),
  utilizationBeforePct: z.number().min(1).max(100).default(12),
  idleWattsBefore: z.number().min(1).max(5000).default(66),
  peakWattsBefore: z.number().min(1).max(10000).default(247),
  rackUnitsBefore: z.number().min(0).max(10).default(1),
  /** Yearly support, maintenance and licences per server before / host after. */
  yearlyCostPerServerBefore: z.number().min(0).max(1e7).default(1200),
  yearlyCostPerHostAfter: z.number().min(0).max(1e7).default(4000),
  /** Purchase price of one new host. */
  hostPrice: z.number().min(0).max(1e7).default(25000),
  /** Electricity price per kWh and the facility's PUE (cooling overhead). */
  kwhPrice: z.number().min(0).max(10).default(0.15),
  pue: z.number().min(1).max(4).default(1.6),
  currency: z.string().min(1).max(8).default('EUR'),
});
export type ConsolidationAssumptionsInput = z.input<typeof CONSOLIDATION_ASSUMPTIONS>;
export type ConsolidationAssumptions = z.output<typeof CONSOLIDATION_ASSUMPTIONS> & { targetUsers: number; serversBefore: number };

export interface ConsolidationSide {
  servers: number;
  utilizationPct: number;
  watts: number;
  kwhPerYear: number;
  energyCostPerYear: number;
  rackUnits: number;
  yearlyCost: number;
}

export interface ConsolidationReport {
  runId: string;
  assumptions: ConsolidationAssumptions;
  before: ConsolidationSide;
  after: ConsolidationSide;
  /** servers before : hosts after. */
  consolidationRatio: number;
  savingsPerYear: number;
  capex: number;
  /** Years until the new hosts pay for themselves (null when they never do). */
  paybackYears: number | null;
  notes: string[];
}

export type { Protocol, Workload };
