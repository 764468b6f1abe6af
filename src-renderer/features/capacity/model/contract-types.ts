// TEMPORARY: the capacity contract's types as the backend branch drafted them
// (src-main/contract/capacity-entities.ts on `capacity-core`). Once that branch is
// merged this file only re-exports theirs.

export type Workload = 'task' | 'knowledge' | 'power';
export type Protocol = 'blast' | 'pcoip' | 'hdx' | 'rdp';
export const THRESHOLD_RULES = ['base+1000', 'base*1.25+3000'] as const;
export type ThresholdRule = (typeof THRESHOLD_RULES)[number];
export type CapacityResource = 'cpu' | 'memory' | 'storage' | 'network';
export type CapacityMemoryState = 'high' | 'clear' | 'soft' | 'hard' | 'low';

export interface CapacityDefinition {
  name: string;
  description: string;
  hosts: { count: number; sockets: number; coresPerSocket: number; ghz: number; hyperthreading: boolean; ramGb: number; powerIdleW: number; powerPeakW: number; rackUnits: number };
  storage: { iops: number; serviceTimeMs: number; capacityTb: number };
  network: { nicGbps: number; nics: number };
  sessionHost:
    | { kind: 'single-session'; vcpu: number; ramGb: number; diskGb: number }
    | { kind: 'multi-session'; vmsPerHost: number; vcpu: number; ramGb: number; diskGb: number; maxSessionsPerVm: number; loadBalancing: 'breadth-first' | 'depth-first' };
  workload: Workload | Partial<Record<Workload, number>>;
  protocol: Protocol;
  launch: { sessions: number; timeframeSec: number; steadyStateSec: number };
  threshold: { rule: ThresholdRule };
  planning: { targetUsers: number; safetyMarginPct: number; haSpareHosts: number };
  seed: number;
}

export const CAPACITY_SWEEP_KEYS = [
  'hosts.count',
  'hosts.sockets',
  'hosts.coresPerSocket',
  'hosts.ghz',
  'hosts.hyperthreading',
  'hosts.ramGb',
  'storage.iops',
  'storage.serviceTimeMs',
  'network.nicGbps',
  'sessionHost.kind',
  'sessionHost.vcpu',
  'sessionHost.ramGb',
  'sessionHost.vmsPerHost',
  'sessionHost.loadBalancing',
  'workload',
  'protocol',
  'launch.sessions',
  'launch.timeframeSec',
  'threshold.rule',
  'seed',
] as const;
export type CapacitySweepKey = (typeof CAPACITY_SWEEP_KEYS)[number];
export type CapacitySweepValue = number | string | boolean;

export interface CapacitySample {
  t: number;
  activeSessions: number;
  launched: number;
  responseMs: number;
  indexMs: number | null;
  cpuPct: number;
  readyPct: number;
  memPct: number;
  memState: CapacityMemoryState;
  swappedMb: number;
  storageLatencyMs: number;
  iops: number;
  storagePct: number;
  networkPct: number;
}
export interface CapacityEuxPoint {
  minute: number;
  score: number;
  responseMs: number;
  activeSessions: number;
}
export interface CapacityUtilization {
  cpuPct: number;
  readyPct: number;
  memPct: number;
  memState: CapacityMemoryState;
  storageLatencyMs: number;
  storagePct: number;
  iops: number;
  networkPct: number;
}
export interface CapacityBottleneck {
  resource: CapacityResource | 'none';
  sentence: string;
  atSessions: number | null;
}
export interface CapacityRecommendations {
  safetyMarginPct: number;
  targetUsers: number;
  haSpareHosts: number;
  lowerBound: boolean;
  usersPerHostAtVsimax: number;
  usersPerCoreAtVsimax: number;
  usersPerHostSafe: number;
  usersPerCoreSafe: number;
  hostsForTarget: number;
  hostsWithHa: number;
  notes: string[];
}
export interface CapacityResult {
  definition: CapacityDefinition;
  vsimax: number | null;
  vsimaxReached: boolean;
  vsibaseMs: number;
  thresholdMs: number;
  thresholdRule: ThresholdRule;
  sessionsLaunched: number;
  stuckSessions: number;
  failedSessions: number;
  stuckFailedPct: number;
  withinStuckGuideline: boolean;
  bottleneck: CapacityBottleneck;
  utilizationAtKnee: CapacityUtilization;
  usersPerCore: number;
  usersPerHost: number;
  usersPerVcpu: number;
  physicalCores: number;
  sessionHostVcpus: number;
  sampleSec: number;
  curves: CapacitySample[];
  eux: CapacityEuxPoint[];
  recommendations: CapacityRecommendations;
  durationSec: number;
}
export type CapacityRunState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';
export interface CapacityRunSummary {
  id: string;
  name: string;
  sweepId: string | null;
  sweepLabel: string | null;
  state: CapacityRunState;
  progress: number;
  createdAt: string;
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
  indexMs: number | null;
  error: string | null;
}
export interface ConsolidationAssumptions {
  targetUsers: number;
  serversBefore: number;
  utilizationBeforePct: number;
  idleWattsBefore: number;
  peakWattsBefore: number;
  rackUnitsBefore: number;
  yearlyCostPerServerBefore: number;
  yearlyCostPerHostAfter: number;
  hostPrice: number;
  kwhPrice: number;
  pue: number;
  currency: string;
}
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
  consolidationRatio: number;
  savingsPerYear: number;
  capex: number;
  paybackYears: number | null;
  notes: string[];
}
