import type { HypervisorType } from '../../contract/hardware-entities.ts';
import type { Host, LabProfile, Workload } from '../../contract/entities.ts';
import type { PoolRec } from './model.ts';

// The shapes of a built-in lab (profiles.ts): host, datastore and cluster designs, pool templates and sizes, tenants.

/** The hardware of one host model: the Host fields a profile chooses. */
/** A host design names its CPU (shared/capacity/cpu-catalogue.ts): what a core is worth comes from SPECrate2017 per core, not the clock. */
export type HostDesign = Pick<Host, 'vendor' | 'model' | 'sockets' | 'coresPerSocket' | 'ghz' | 'hyperthreading' | 'ramGb' | 'nics' | 'nicGbps'> & {
  cpuModel: string;
};

export interface DatastoreDesign {
  suffix: string;
  type: 'vsan' | 'vmfs' | 'nfs';
  media: 'all-flash' | 'nvme' | 'hybrid';
  capacityGb: number;
  iopsCapacity: number;
  serviceTimeMs: number;
}

export interface ClusterDesign {
  hosts: number;
  host: HostDesign;
  datastores: DatastoreDesign[];
  /** Hosts (by index in the cluster) that start in maintenance mode. */
  maintenanceHosts?: number[];
  /** What the hosts run (issue 19); absent: ESXi. */
  hypervisor?: HypervisorType;
}

/** Which golden image a pool template uses, by key. */
export type ImageKey = 'w11-kw' | 'w11-tw' | 'ws2022-ms';

export type PoolTemplateKey = 'kw' | 'tw' | 'pwr' | 'dev' | 'ms' | 'kiosk';

/** Pool settings that do not depend on the lab's size. */
export type PoolTemplate = Omit<
  PoolRec,
  | 'id'
  | 'name'
  | 'namingPattern'
  | 'minMachines'
  | 'maxMachines'
  | 'spareMachines'
  | 'clusterId'
  | 'networkId'
  | 'imageId'
  | 'imageVersionId'
  | 'previousImageVersionId'
> & {
  image: ImageKey | null;
  /** The VLAN the pool's network uses, and the group whose members are entitled. */
  vlan: number;
  group: string;
};

export interface PoolSize {
  template: PoolTemplateKey;
  name: string;
  namingPattern: string;
  cluster: number; // index into the profile's clusters
  machines: number; // created now
  minMachines: number;
  maxMachines: number;
  spareMachines: number;
  users: number; // members of the pool's entitlement group
  /** A standby pool at a recovery site: nobody is entitled until a global entitlement re-routes users to it (issue 19). */
  standby?: boolean;
}

/** A second site (issue 19): its own clusters and storage, joined to the first by an inter-site link. Pools name its clusters after the first site's (index = first site's clusters + n). */
export interface SecondSiteSpec {
  code: string;
  name: string;
  location: string;
  clusters: ClusterDesign[];
  link: { name: string; bandwidthMbps: number; latencyMs: number };
}

export interface ProfileSpec {
  name: string;
  site: { code: string; name: string; location: string };
  clusters: ClusterDesign[];
  secondSite?: SecondSiteSpec;
  pools: PoolSize[];
  /** Users with no VDI group (in department groups only). */
  otherUsers: number;
  /** Tenants (issue 19): the pools (by index) they own, with those pools' networks, and datastores of cluster 0 (by index). */
  tenants?: TenantSpec[];
}

export interface TenantSpec {
  name: string;
  description: string;
  cpuShares: number;
  cpuLimitGhz?: number;
  memLimitGb?: number;
  pools: number[];
  datastores: number[];
  /** Hosts of cluster 0 (by index) that carry the tenant's port groups; absent: all of them. */
  portGroupHosts?: number[];
}
