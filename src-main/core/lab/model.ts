import type {
  Cluster,
  Datastore,
  Desktop,
  GoldenImage,
  Group,
  Host,
  ImageVersion,
  LabEvent,
  LabProfile,
  Network,
  Pool,
  Session,
  Site,
  User,
} from '../../contract/entities.ts';
import type { HostCpuSpec } from '../models/cpu-perf.ts';
import type { StorageKind } from '../models/storage-queue.ts';

// The lab as generated: plain records close to the store's rows. Derived
// figures (counts, allocation) are left out: the store computes them.

export type SiteRec = Site;
/** `hypervisor`: absent = ESXi (a capacity test's lab, a lab written before issue 19). */
export type ClusterRec = Omit<Cluster, 'hostCount' | 'desktopCount' | 'cores' | 'ghzTotal' | 'ramGb' | 'hypervisor'> & { hypervisor?: Cluster['hypervisor'] };
/** `cpu`: the host's CPU model or index, hypervisor and HCI controller VM (core/models/cpu-perf.ts); absent = GHz only (the legacy mapping). */
export type HostRec = Omit<Host, 'vmCount' | 'vmsPoweredOn' | 'vcpuAllocated' | 'ramAllocatedGb'> & { cpu?: Omit<HostCpuSpec, 'ghz' | 'hyperthreading'> };
/** `kind`: the array's write penalty (core/models/storage-queue.ts); absent = every I/O costs one (flash array). */
export type DatastoreRec = Omit<Datastore, 'provisionedGb' | 'usedGb' | 'desktopCount'> & { kind?: StorageKind };
export type NetworkRec = Network;
export type ImageRec = Omit<GoldenImage, 'versions'>;
export type ImageVersionRec = ImageVersion & { imageId: string };
export type PoolRec = Omit<Pool, 'machineCount' | 'sessionCount' | 'problemCount' | 'stateCounts' | 'entitledGroupIds' | 'entitledUserIds' | 'datastoreIds'>;
/** `extraOverheadMb`: memory a confidential or nested VM costs beyond its hypervisor's per-VM overhead (issue 19; absent = 0); `cpuFactor`: its CPU demand multiplier (absent = 1). */
export type DesktopRec = Omit<Desktop, 'sessionCount'> & { usedGb: number; extraOverheadMb?: number; noLiveMigration?: boolean; cpuFactor?: number };
export type UserRec = Omit<User, 'groupIds'>;
export type GroupRec = Omit<Group, 'memberCount' | 'poolIds'>;
/** A session row; `stateSince` is when it entered its state (known once the simulation has run it). */
export type SessionRec = Omit<Session, 'userName' | 'desktopName'> & { stateSince?: string | null };

/** An event as written: the contract's LabEvent before the store numbers, stamps and acknowledges it. */
export type EventRec = Omit<LabEvent, 'id' | 'wallTime' | 'acknowledged' | 'acknowledgedBy'>;

export interface LabModel {
  name: string;
  profile: LabProfile;
  seed: number;
  simTime: string;
  sites: SiteRec[];
  /** Inter-site links (issue 19); absent in one-site labs. */
  siteLinks?: { id: string; name: string; siteA: string; siteB: string; bandwidthMbps: number; latencyMs: number }[];
  clusters: ClusterRec[];
  hosts: HostRec[];
  datastores: DatastoreRec[];
  networks: NetworkRec[];
  images: ImageRec[];
  imageVersions: ImageVersionRec[];
  pools: PoolRec[];
  poolDatastores: { poolId: string; datastoreId: string }[];
  desktops: DesktopRec[];
  groups: GroupRec[];
  users: UserRec[];
  groupMembers: { groupId: string; userId: string }[];
  entitlements: { poolId: string; principalType: 'user' | 'group'; principalId: string }[];
  sessions: SessionRec[];
  events: EventRec[];
  /** Tenants and what they own (issue 19); absent in labs without tenants. */
  tenants?: TenantRec[];
  /** Port groups configured on some hosts only (a standard vSwitch); absent: every network on every host of its cluster. */
  networkHosts?: { networkId: string; hostId: string }[];
}

export interface TenantRec {
  id: string;
  name: string;
  description: string;
  cpuShares: number;
  cpuLimitGhz: number | null;
  memLimitGb: number | null;
  poolIds: string[];
  networkIds: string[];
  datastoreIds: string[];
}
