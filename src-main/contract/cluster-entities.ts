// Cluster operations as they cross the API edge: live migration (vMotion),
// maintenance mode, DRS recommendations and affinity rules, HA and admission
// control (vSphere names; DOMAIN.md "Cluster operations"). Plain JSON only.

export const DRS_AUTOMATION = ['manual', 'partially-automated', 'fully-automated'] as const;
export type DrsAutomation = (typeof DRS_AUTOMATION)[number];

/** vSphere HA VM restart priorities; `disabled` VMs are not restarted. */
export const HA_PRIORITIES = ['high', 'medium', 'low', 'disabled'] as const;
export type HaPriority = (typeof HA_PRIORITIES)[number];

export const HOST_FAILURE_MODES = ['power-loss', 'isolation'] as const;
export type HostFailureMode = (typeof HOST_FAILURE_MODES)[number];

/**
 * DRS rule kinds. VM-VM: keep together / keep apart. VM-host: the VMs must /
 * should run on (or must / should not run on) the hosts of a host group.
 */
export const RULE_KINDS = ['vm-affinity', 'vm-anti-affinity', 'vm-host-must', 'vm-host-should', 'vm-host-must-not', 'vm-host-should-not'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface AffinityRule {
  id: string;
  clusterId: string;
  name: string;
  kind: RuleKind;
  enabled: boolean;
  desktopIds: string[];
  /** VM-host rules: the host group (a name and its hosts); empty for VM-VM rules. */
  hostGroup: { name: string; hostIds: string[] } | null;
  /** Is the rule met right now (every VM where it should be)? */
  compliant: boolean;
  createdAt: string;
}

export interface AdmissionControl {
  policy: 'percentage' | 'host-failures' | 'disabled';
  cpuPct: number;
  memPct: number;
  hostFailures: number;
}

export interface ClusterSettings {
  clusterId: string;
  clusterName: string;
  drsAutomation: DrsAutomation;
  drsThreshold: number; // 1 conservative .. 5 aggressive
  haEnabled: boolean;
  /** Datastore heartbeating: a host is declared dead after 18 s instead of 15 s, and isolation is told from failure. */
  datastoreHeartbeat: boolean;
  defaultRestartPriority: Exclude<HaPriority, 'disabled'>;
  admissionControl: AdmissionControl;
  /** Live-migration switchover (stun) target and round cap. */
  vmotionDowntimeTargetMs: number;
  vmotionMaxRounds: number;
}

/** A pre-copy live migration plan: what the model expects before it starts. */
export interface MigrationEstimate {
  desktopId: string;
  desktopName: string;
  fromHostId: string;
  toHostId: string;
  memoryMb: number;
  dirtyMBps: number;
  linkMBps: number;
  lambda: number;
  rounds: { round: number; copiedMb: number; seconds: number }[];
  converged: boolean;
  durationSec: number;
  downtimeMs: number;
  /** Why the target would refuse the VM, if it would; null when the move is allowed. */
  refusal: string | null;
}

export interface AdmissionStatus {
  clusterId: string;
  policy: AdmissionControl['policy'];
  cpuCapacityMhz: number;
  memCapacityMb: number;
  cpuUsedMhz: number;
  memUsedMb: number;
  /** Share of capacity still free for failover (percentage policy) — vSphere's "current failover capacity". */
  cpuFailoverPct: number;
  memFailoverPct: number;
  /** Host failures the cluster tolerates with its current load. */
  toleratedHostFailures: number;
  ok: boolean;
  message: string;
}

export interface DrsRecommendation {
  id: string;
  clusterId: string;
  desktopId: string;
  desktopName: string;
  fromHostId: string;
  fromHostName: string;
  toHostId: string;
  toHostName: string;
  /** 1 = mandatory (a rule or maintenance) .. 5 = slight improvement, as vCenter ranks them. */
  priority: number;
  reason: string;
  imbalanceBefore: number;
  imbalanceAfter: number;
}

export interface HostOpsState {
  hostId: string;
  hostName: string;
  /** What vCenter shows next to the host. */
  status: 'connected' | 'entering-maintenance' | 'maintenance' | 'not-responding' | 'failed' | 'isolated' | 'powered-off' | 'powering-on';
  /** E.g. "Entering maintenance mode (3 of 12 migrated)". */
  label: string;
  migrationsIn: number;
  migrationsOut: number;
  migrationLimit: number;
  cpuPct: number;
  memPct: number;
  vmsOn: number;
}

export interface ActiveMigration {
  desktopId: string;
  desktopName: string;
  fromHostId: string;
  toHostId: string;
  startedAt: string;
  endsAt: string;
  progressPct: number;
  downtimeMs: number;
  taskId: string | null;
}

export interface HaTimelineEntry {
  at: string; // simulated
  hostId: string;
  hostName: string;
  /** Seconds since the failure. */
  offsetSec: number;
  step:
    | 'failure'
    | 'sessions-lost'
    | 'not-responding'
    | 'declared'
    | 'placement'
    | 'restart-batch'
    | 'restart-done'
    | 'restart-failed'
    | 'restart-retry'
    | 'repaired';
  message: string;
}

export interface ClusterStatus {
  clusterId: string;
  simTime: string;
  hosts: HostOpsState[];
  migrations: ActiveMigration[];
  queuedMigrations: number;
  imbalance: number;
  imbalanceTarget: number;
  admission: AdmissionStatus;
  haTimeline: HaTimelineEntry[];
  /** The next DRS pass after `simTime`; passes repeat every `drsIntervalSec` (the console counts on from here). */
  nextDrsRunAt: string;
  drsIntervalSec: number;
}

/** Desktops frozen right now by a live-migration switchover (for the sessions and thin-client views). */
export interface FrozenDesktop {
  desktopId: string;
  /** The switchover: the VM (and every session on it) is stunned from frozenAt to frozenUntil. */
  frozenAt: string;
  frozenUntil: string;
  downtimeMs: number;
  /** Still frozen at the simulated time of the answer (else it thawed within the last few seconds). */
  frozenNow: boolean;
}

export const CLUSTER_TASK_KINDS = ['vm-migrate', 'host-maintenance', 'drs-apply', 'ha-failover', 'host-power', 'host-add', 'host-remove'] as const;
export type ClusterTaskKind = (typeof CLUSTER_TASK_KINDS)[number];

/** Narrows a task of any domain (task-list mixes push image, snapshot and cluster tasks) to a cluster task. */
export function isClusterTask<T extends { kind: string }>(t: T): t is Extract<T, { kind: ClusterTaskKind }> {
  return (CLUSTER_TASK_KINDS as readonly string[]).includes(t.kind);
}

export interface ClusterTaskItem {
  desktopId: string;
  desktopName: string;
  fromHostId: string;
  toHostId: string | null;
  /** skipped: left off on purpose (an HA restart priority of disabled), not a failure. */
  state: 'pending' | 'migrating' | 'done' | 'failed' | 'waiting' | 'restarting' | 'skipped';
  reason: string | null;
  durationSec: number | null;
  downtimeMs: number | null;
  attempts: number;
}

export interface ClusterTaskDetails {
  clusterId: string;
  hostId: string | null;
  /** A line for the task list ("Entering maintenance mode (3 of 12 migrated)"). */
  status: string;
  /** Maintenance: wait for room instead of failing when VMs cannot be placed. */
  wait: boolean;
  /** HA: when the host failed and how, anchors the timeline across restarts of the app. */
  failedAt: string | null;
  mode: HostFailureMode | null;
  items: ClusterTaskItem[];
  /** HA failover: the detection and restart timeline, step by step. */
  timeline: HaTimelineEntry[];
}
