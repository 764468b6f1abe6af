import type { TenantFence } from './tenant-fence.ts';
import type { VgpuSlots } from './vgpu-slots.ts';
import type { ClusterTaskKind, DrsAutomation, HaTimelineEntry, HostFailureMode, RuleKind } from '../../../contract/cluster-entities.ts';

/**
 * What the cluster parts (migration, HA, DRS, maintenance, placement, admission) share: the
 * types of jobs and settings, and the narrow face of ClusterOps they use. Each part depends on
 * this file, not on ClusterOps itself, so the cluster domain has no import cycle.
 */

export interface ClusterCfg {
  id: string;
  name: string;
  drs: DrsAutomation;
  threshold: number;
  haEnabled: boolean;
  dsHeartbeat: boolean;
  defaultPriority: number; // 1 low, 2 medium, 3 high
  ac: { policy: 'percentage' | 'host-failures' | 'disabled'; cpuPct: number; memPct: number; hostFailures: number };
  downtimeTargetMs: number;
  maxRounds: number;
}

export interface JobItem {
  d: number;
  from: number;
  toHostId: string | null;
  state: 'pending' | 'migrating' | 'done' | 'failed' | 'waiting' | 'restarting' | 'skipped';
  reason: string | null;
  durationSec: number | null;
  downtimeMs: number | null;
  attempts: number;
}

/** The engine side of a tracked task: the tracker mirrors it into the tasks table at each flush. */
export interface Job {
  taskId: string;
  kind: ClusterTaskKind;
  cluster: number;
  host: number;
  wait: boolean;
  items: JobItem[];
  state: 'running' | 'completed' | 'failed';
  status: string;
  finishedAt: number | null;
  changed: boolean;
  failedAt: number | null;
  mode: HostFailureMode | null;
  /** HA failover jobs: their timeline (persisted with the task). */
  timeline: HaTimelineEntry[];
}

/** Something that happened, for the events page (written by the tracker at flush time, at its simulated time). */
export interface ClusterLog {
  at: number;
  /** Its place among the engine's notes (the event log's order). */
  seq: number;
  severity: 'info' | 'warning' | 'error' | 'critical';
  /** Datastore, pool, network and lab too: an injected fault's start and end are told through this log (faults/faults.ts). */
  objectKind: 'host' | 'desktop' | 'cluster' | 'datastore' | 'pool' | 'network' | 'lab';
  objectId: string;
  objectName: string;
  message: string;
}

/** A saved job, with where each saved item position went (-1: dropped). */
export type JobRef = { job: Job; at: Int32Array };
/** Saved jobs by task id. */
export type JobRefs = Map<string, JobRef>;

/** Host modes: maintenance 0 none, 1 entering, 2 in; failure 0 none, 1 power loss, 2 isolation. */
export const MAINT = { none: 0, entering: 1, in: 2 } as const;
export const FAIL = { none: 0, 'power-loss': 1, isolation: 2 } as const;

export interface Rule {
  id: string;
  name: string;
  cluster: number;
  kind: RuleKind;
  enabled: boolean;
  vms: number[];
  hosts: Set<number>;
  hostGroup: string;
}

/** The live migrations, as the other cluster parts use them. */
export interface MigrationPort {
  readonly dMig: Int32Array;
  request(d: number, to: number, job: Job | null, item: JobItem | null, at: number): void;
  pump(at: number): void;
  isQueued(d: number): boolean;
  abortOn(h: number, at: number): void;
}

/** vSphere HA, as the other cluster parts use it. */
export interface HaPort {
  retryWaiting(at: number): void;
}

/** ClusterOps as its parts see it: host modes, jobs, rules and the shared steps of a job. */
export interface ClusterContext {
  readonly clusters: ClusterCfg[];
  readonly hCluster: Int32Array;
  readonly hName: string[];
  readonly hNicGbps: Float64Array;
  readonly hMaint: Uint8Array;
  readonly hFail: Uint8Array;
  readonly hBootUntil: Float64Array;
  readonly dPriority: Int8Array;
  readonly dFreezeMs: Float32Array;
  readonly rules: Rule[];
  readonly planned: Map<number, number>;
  readonly mig: MigrationPort;
  readonly ha: HaPort;
  /** Tenant isolation (issue 19): the networks and datastore a VM may use on a host (tenant-fence.ts). */
  readonly fence: TenantFence;
  /** vGPU density (issue 19): a host's free vGPU slots for a VM's profile (vgpu-slots.ts). */
  readonly vgpu: VgpuSlots;
  dName(d: number): string;
  /** User u's login, as the event log names users. */
  uName(u: number): string;
  usable(h: number): boolean;
  /** Host h runs VMs now: powered on and answering (a failed or isolated host runs nothing the lab can use). */
  runsVms(h: number): boolean;
  /** VM d may be powered on where it is registered: its host takes VMs (see usable). */
  canPowerOn(d: number): boolean;
  placedOn(d: number): number;
  rulesOf(d: number): Rule[];
  moveDesktop(d: number, to: number): void;
  itemDone(job: Job | null, item: JobItem, to: number, durationSec: number, downtimeMs: number, at: number): void;
  itemFailed(job: Job | null, item: JobItem | null, reason: string, at: number): void;
  noRoom(job: Job | null, item: JobItem | null, why: string[], at: number): boolean;
  /** Retries the queued migrations and HA restarts a little later (once, however often asked). */
  scheduleRetry(at: number): void;
  finishJob(job: Job, state: 'completed' | 'failed', at: number): void;
  note(at: number, severity: ClusterLog['severity'], objectKind: ClusterLog['objectKind'], objectId: string, objectName: string, message: string): void;
  hostNote(at: number, h: number, severity: ClusterLog['severity'], message: string): void;
  markHost(h: number): void;
}
