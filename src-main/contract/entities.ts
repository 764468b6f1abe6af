import type { HypervisorType } from './hardware-entities.ts';
// Entity shapes as they cross the API edge. Names follow Horizon (DOMAIN.md),
// with the Citrix / AVD equivalents given in the UI where it helps.
// Everything here is plain JSON: no Dates, no Maps, no classes.

/** Horizon machine states; keep the names, admins search for them. */
export const MACHINE_STATES = [
  'PROVISIONING',
  'PROVISIONING_ERROR',
  'WAIT_FOR_AGENT',
  'CUSTOMIZING',
  'AVAILABLE',
  'CONNECTED',
  'DISCONNECTED',
  'MAINTENANCE',
  'AGENT_UNREACHABLE',
  'ERROR',
  'DELETING',
  'ALREADY_USED',
] as const;
export type MachineState = (typeof MACHINE_STATES)[number];

/** States that Horizon counts and lists as "problem machines". */
export const PROBLEM_STATES: readonly MachineState[] = ['PROVISIONING_ERROR', 'AGENT_UNREACHABLE', 'ERROR', 'ALREADY_USED'];

export const POWER_STATES = ['poweredOn', 'poweredOff', 'suspended'] as const;
export type PowerState = (typeof POWER_STATES)[number];

export const POOL_KINDS = ['instant-clone', 'linked-clone', 'full-clone', 'manual'] as const;
export type PoolKind = (typeof POOL_KINDS)[number];
export const ASSIGNMENTS = ['floating', 'dedicated'] as const;
export type Assignment = (typeof ASSIGNMENTS)[number];
export const SESSION_TYPES = ['single-session', 'multi-session'] as const;
export type SessionType = (typeof SESSION_TYPES)[number];
export const POWER_POLICIES = ['take-no-action', 'always-on', 'suspend', 'power-off'] as const;
export type PowerPolicy = (typeof POWER_POLICIES)[number];
export const LOGOFF_AFTER_DISCONNECT = ['immediately', 'never', 'after'] as const;
export type LogoffAfterDisconnect = (typeof LOGOFF_AFTER_DISCONNECT)[number];
export const ON_LOGOFF = ['never', 'refresh', 'delete'] as const;
export type OnLogoff = (typeof ON_LOGOFF)[number];
export const PROVISIONING_MODES = ['up-front', 'on-demand'] as const;
export type ProvisioningMode = (typeof PROVISIONING_MODES)[number];
export const LOAD_BALANCING = ['breadth-first', 'depth-first'] as const;
export type LoadBalancing = (typeof LOAD_BALANCING)[number];
export const PROTOCOLS = ['blast', 'pcoip', 'hdx', 'rdp'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const WORKLOADS = ['task', 'knowledge', 'power'] as const;
export const CPU_SHARES_LEVELS = ['low', 'normal', 'high'] as const;
export type CpuSharesLevel = (typeof CPU_SHARES_LEVELS)[number];
export type Workload = (typeof WORKLOADS)[number];

export const HOST_CONNECTION_STATES = ['connected', 'maintenance', 'notResponding', 'disconnected'] as const;
export type HostConnectionState = (typeof HOST_CONNECTION_STATES)[number];

export const EVENT_TYPES = ['audit-success', 'audit-failure', 'error', 'warning', 'info'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const OBJECT_KINDS = ['lab', 'site', 'cluster', 'host', 'datastore', 'network', 'image', 'pool', 'desktop', 'user', 'group', 'session'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

export const LAB_PROFILES = ['default', 'small', 'scale-10k', 'two-site', 'mixed', 'multi-tenant'] as const;
export type LabProfile = (typeof LAB_PROFILES)[number];

export interface LabInfo {
  name: string;
  profile: LabProfile;
  seed: number;
  schemaVersion: number;
  createdAt: string; // wall clock, ISO
  simTime: string; // simulated clock, ISO (UTC)
  counts: { hosts: number; desktops: number; users: number; pools: number };
}

export interface Site {
  id: string;
  name: string;
  location: string;
}

export interface Cluster {
  id: string;
  name: string;
  siteId: string;
  /** What the cluster's hosts run (issue 19): its words for migration, balancing and HA, its disk format and overheads (shared/hypervisors). */
  hypervisor: HypervisorType;
  drsAutomation: 'manual' | 'partially-automated' | 'fully-automated';
  drsThreshold: number; // 1 conservative .. 5 aggressive
  haEnabled: boolean;
  admissionControl: { policy: 'percentage' | 'host-failures'; cpuPct: number; memPct: number; hostFailures: number };
  hostCount: number;
  desktopCount: number;
  cores: number;
  /**
   * CPU capacity in GHz as the simulation schedules it and HA admission control counts it:
   * cores × GHz plus the hyper-threading gain (core/models/cpu.ts), summed over the hosts.
   */
  ghzTotal: number;
  ramGb: number;
}

export interface Host {
  id: string;
  name: string;
  clusterId: string;
  vendor: string;
  model: string;
  sockets: number;
  coresPerSocket: number;
  ghz: number;
  /** The CPU model from the catalogue (shared/capacity/cpu-catalogue.ts); null or absent: the clock stands for a Skylake / Cascade Lake core. */
  cpuModel?: string | null;
  hyperthreading: boolean;
  ramGb: number;
  nics: number;
  nicGbps: number;
  powerState: PowerState;
  connectionState: HostConnectionState;
  powerIdleW: number;
  powerPeakW: number;
  rackUnits: number;
  // Allocation, derived from the desktops placed on the host.
  vmCount: number;
  vmsPoweredOn: number;
  vcpuAllocated: number;
  ramAllocatedGb: number;
}

export interface Datastore {
  id: string;
  name: string;
  clusterId: string;
  type: 'vsan' | 'vmfs' | 'nfs';
  media: 'all-flash' | 'nvme' | 'hybrid';
  capacityGb: number;
  provisionedGb: number;
  usedGb: number;
  iopsCapacity: number;
  serviceTimeMs: number;
  desktopCount: number;
}

export interface Network {
  id: string;
  name: string;
  clusterId: string;
  vlan: number;
  subnet: string;
  portGroup: string;
}

export interface ImageVersion {
  id: string;
  version: number;
  snapshot: string;
  createdAt: string;
  notes: string;
}

export interface GoldenImage {
  id: string;
  name: string;
  os: string;
  workload: Workload;
  vcpu: number;
  ramGb: number;
  diskGb: number;
  versions: ImageVersion[];
}

export interface Pool {
  id: string;
  name: string;
  displayName: string;
  kind: PoolKind;
  assignment: Assignment;
  automaticAssignment: boolean;
  sessionType: SessionType;
  maxSessionsPerHost: number; // multi-session only; 1 for single-session
  loadBalancing: LoadBalancing;
  imageId: string | null;
  imageVersionId: string | null;
  /** The version before the last push image: what a rollback returns to. */
  previousImageVersionId: string | null;
  vcpu: number;
  ramGb: number;
  diskGb: number;
  namingPattern: string;
  minMachines: number;
  maxMachines: number;
  spareMachines: number;
  provisioning: ProvisioningMode;
  powerPolicy: PowerPolicy;
  logoffAfterDisconnect: LogoffAfterDisconnect;
  logoffAfterMinutes: number; // used when logoffAfterDisconnect = 'after'
  onLogoff: OnLogoff;
  allowUserReset: boolean;
  enabled: boolean;
  provisioningEnabled: boolean;
  drainMode: boolean;
  defaultProtocol: Protocol;
  workload: Workload;
  /** CPU allocation of each machine (vSphere resource settings): shares level, reservation and limit in MHz (null = unlimited). */
  cpuShares: CpuSharesLevel;
  cpuReservationMhz: number;
  cpuLimitMhz: number | null;
  clusterId: string;
  datastoreIds: string[];
  networkId: string;
  // Derived counts
  machineCount: number;
  sessionCount: number;
  problemCount: number;
  stateCounts: Partial<Record<MachineState, number>>;
  entitledGroupIds: string[];
  entitledUserIds: string[];
}

export interface Desktop {
  id: string;
  name: string;
  poolId: string;
  hostId: string;
  datastoreId: string;
  state: MachineState;
  powerState: PowerState;
  assignedUserId: string | null;
  imageVersionId: string | null;
  vcpu: number;
  ramGb: number;
  diskGb: number;
  ip: string;
  agentVersion: string;
  problem: string | null; // why it is a problem machine, in words
  stateSince: string; // simulated ISO time
  sessionCount: number;
}

/** One row of the desktops table: compact, because 10,000 of them cross the wire. */
export interface DesktopRow {
  id: string;
  name: string;
  pool: string;
  host: string;
  datastore: string;
  state: MachineState;
  powerState: PowerState;
  /** The connected user (first session on a multi-session host), else the dedicated owner, as Horizon's Machines view shows. */
  user: string | null;
  sessions: number;
}

export interface Session {
  id: string;
  userId: string;
  userName: string;
  desktopId: string;
  desktopName: string;
  poolId: string;
  state: 'connecting' | 'active' | 'idle' | 'disconnected' | 'reconnecting' | 'logged-off';
  protocol: Protocol;
  clientDevice: string;
  startedAt: string;
}

export interface User {
  id: string;
  login: string; // DOMAIN\\name
  displayName: string;
  department: string;
  email: string;
  workload: Workload;
  groupIds: string[];
}

export interface Group {
  id: string;
  name: string;
  description: string;
  memberCount: number;
  poolIds: string[]; // pools this group is entitled to
}

export interface Entitlement {
  poolId: string;
  principalType: 'user' | 'group';
  principalId: string;
  principalName: string;
}

export interface LabEvent {
  id: number;
  simTime: string;
  wallTime: string;
  type: EventType;
  severity: Severity;
  objectKind: ObjectKind;
  objectId: string | null;
  objectName: string | null;
  user: string;
  message: string;
  acknowledged: boolean;
  acknowledgedBy: string | null;
}

export interface DashboardSummary {
  simTime: string;
  hosts: { total: number; connected: number; maintenance: number; notResponding: number; poweredOff: number };
  desktops: {
    total: number;
    byState: Partial<Record<MachineState, number>>;
    byPower: Partial<Record<PowerState, number>>;
    problems: number;
  };
  sessions: { total: number; active: number; idle: number; disconnected: number };
  capacity: {
    cores: number;
    vcpuAllocated: number;
    vcpuPerCore: number;
    ramGb: number;
    ramAllocatedGb: number;
    storageCapacityGb: number;
    storageUsedGb: number;
  };
  pools: { total: number; enabled: number };
  users: { total: number; entitled: number };
  events: { unacknowledged: number; warnings: number; errors: number };
}

export const SCALING_PHASES = ['ramp-up', 'peak', 'ramp-down', 'off-peak'] as const;
export type ScalingPhaseName = (typeof SCALING_PHASES)[number];

/** One phase of a scaling plan (AVD names). */
export interface ScalingPhase {
  name: ScalingPhaseName;
  start: string; // HH:MM, simulated time of day
  /** Power on another session host when sessions exceed this share of the running hosts' capacity. */
  capacityThresholdPct: number;
  /** Never fewer than this share of the pool's session hosts powered on. */
  minHostsPct: number;
  loadBalancing: LoadBalancing;
}

export interface ScalingPlan {
  phases: ScalingPhase[]; // in the order ramp-up, peak, ramp-down, off-peak
  /** Spare capacity kept on top of the sessions (Citrix default 10 %). */
  capacityBufferPct: number;
  /** A session host with no sessions is powered off only after this long. */
  powerOffDelayMinutes: number;
  weekdaysOnly: boolean;
}

// Tracked operations (push image, snapshot and cluster tasks) have their own file.
export type { ClusterTask, PushImageDetails, PushImageTask, Task } from './tasks.ts';

/** The vendor whose words the console speaks (a display preference: the API keeps one set of names). */
export const VOCABULARIES = ['horizon', 'citrix', 'avd'] as const;
export type Vocabulary = (typeof VOCABULARIES)[number];

export interface Settings {
  theme: 'light' | 'dark' | 'system';
  lastRoute: string;
  sidebarOpen: boolean;
  /** Horizon, Citrix (Studio / Director) or Azure Virtual Desktop terms in the console. */
  vocabulary: Vocabulary;
}
