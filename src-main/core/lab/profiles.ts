import type { LabProfile } from '../../contract/entities.ts';
import type { ClusterDesign, DatastoreDesign, HostDesign, PoolSize, PoolTemplateKey, ProfileSpec } from './profile-types.ts';

// The built-in labs. Each is data: clusters with a host design, and pools sized for that estate. The
// generator turns one into a LabModel from a seed. The types: profile-types.ts; the pool templates:
// pool-templates.ts (both re-exported here).
export * from './profile-types.ts';
export { POOL_TEMPLATES, WORKLOAD_OF_TEMPLATE } from './pool-templates.ts';

// Both designs are the Cascade Lake generation many VDI estates still run: their cores are worth about
// what the legacy GHz mapping gave the same clock, so the labs behave as before issue 13.
const GEN5_HOST: HostDesign = {
  vendor: 'Dell',
  model: 'PowerEdge R740',
  cpuModel: 'Intel Xeon Gold 6248',
  sockets: 2,
  coresPerSocket: 20,
  ghz: 2.5,
  hyperthreading: true,
  ramGb: 768,
  nics: 2,
  nicGbps: 25,
};

const SMALL_HOST: HostDesign = {
  vendor: 'HPE',
  model: 'ProLiant DL360 Gen10',
  cpuModel: 'Intel Xeon Gold 5218',
  sockets: 2,
  coresPerSocket: 16,
  ghz: 2.3,
  hyperthreading: true,
  ramGb: 512,
  nics: 2,
  nicGbps: 25,
};

const vsan = (capacityGb: number, iopsCapacity: number): DatastoreDesign => ({
  suffix: 'vsanDatastore',
  type: 'vsan',
  media: 'all-flash',
  capacityGb,
  iopsCapacity,
  serviceTimeMs: 0.4,
});
const nvme = (capacityGb: number, iopsCapacity: number): DatastoreDesign => ({
  suffix: 'VMFS-NVME',
  type: 'vmfs',
  media: 'nvme',
  capacityGb,
  iopsCapacity,
  serviceTimeMs: 0.2,
});
const nfs = (capacityGb: number, iopsCapacity: number): DatastoreDesign => ({
  suffix: 'NFS-HYB',
  type: 'nfs',
  media: 'hybrid',
  capacityGb,
  iopsCapacity,
  serviceTimeMs: 1.5,
});

const pool = (
  template: PoolTemplateKey,
  name: string,
  namingPattern: string,
  cluster: number,
  machines: number,
  users: number,
  o: Partial<Pick<PoolSize, 'minMachines' | 'maxMachines' | 'spareMachines' | 'standby'>> = {},
): PoolSize => ({
  ...(o.standby ? { standby: true } : {}),
  template,
  name,
  namingPattern,
  cluster,
  machines,
  users,
  minMachines: o.minMachines ?? machines,
  maxMachines: o.maxMachines ?? machines,
  spareMachines: o.spareMachines ?? Math.max(1, Math.round(machines * 0.05)),
});

// The two-site lab (issue 19): Amsterdam runs the estate, Rotterdam is the recovery site with its
// own cluster, vSAN and a small local pool, joined by a 1 Gbit/s metro link (AMS–RTM is ~60 km:
// ~1 ms of fibre, 2 ms with the routers). Standby pools at Rotterdam wait for a failover.
const TWO_SITE: ProfileSpec = {
  name: 'Two-site DR lab',
  site: { code: 'ams', name: 'AMS-DC1', location: 'Amsterdam, primary datacenter' },
  clusters: [{ hosts: 4, host: SMALL_HOST, datastores: [vsan(15_360, 150_000)] }],
  secondSite: {
    code: 'rtm',
    name: 'RTM-DC2',
    location: 'Rotterdam, recovery datacenter',
    clusters: [{ hosts: 3, host: SMALL_HOST, datastores: [vsan(11_520, 120_000)] }],
    link: { name: 'AMS-RTM metro link', bandwidthMbps: 1000, latencyMs: 2 },
  },
  pools: [
    pool('kw', 'KW-Floating', 'KW-{n:3}', 0, 24, 24, { spareMachines: 3 }),
    pool('pwr', 'PWR-Dedicated', 'PWR-{n:2}', 0, 8, 8, { spareMachines: 1 }),
    pool('tw', 'TW-Floating-RTM', 'RTW-{n:3}', 1, 10, 10, { spareMachines: 2 }),
    pool('kw', 'KW-Floating-DR', 'RKW-{n:3}', 1, 24, 0, { spareMachines: 0, standby: true }),
    pool('pwr', 'PWR-Dedicated-DR', 'RPWR-{n:2}', 1, 8, 0, { spareMachines: 0, standby: true }),
  ],
  otherUsers: 6,
};

// The multi-tenant lab (issue 19): one cluster shared by two tenants, as a service provider or a
// company with separate business units runs it. Contoso owns the knowledge and task pools on the
// vSAN datastore, with no limit; Fabrikam owns the power-user pools on the NFS array, with a CPU
// limit of 40 GHz (two thirds of two hosts) and 160 GB of memory, and its VLANs are trunked only to
// hosts 3 and 4 (a standard vSwitch there): placement, vMotion, DRS and HA keep its desktops on them.
const MULTI_TENANT: ProfileSpec = {
  name: 'Multi-tenant hosting lab',
  site: { code: 'mt', name: 'MT-DC', location: 'Training room, shared hosting' },
  clusters: [{ hosts: 4, host: SMALL_HOST, datastores: [vsan(11_520, 120_000), nfs(8_192, 20_000)] }],
  pools: [
    pool('kw', 'CON-KW-Floating', 'CKW-{n:3}', 0, 20, 20, { spareMachines: 2 }),
    pool('tw', 'CON-TW-Floating', 'CTW-{n:3}', 0, 12, 12, { spareMachines: 2 }),
    pool('pwr', 'FAB-PWR-Dedicated', 'FPWR-{n:2}', 0, 6, 6, { spareMachines: 1 }),
    pool('dev', 'FAB-DEV-Linked', 'FDEV-{n:2}', 0, 4, 6, { minMachines: 4, maxMachines: 8, spareMachines: 2 }),
  ],
  otherUsers: 6,
  tenants: [
    { name: 'Contoso', description: 'Contoso Ltd: office and contact-centre staff', cpuShares: 4000, pools: [0, 1], datastores: [0] },
    {
      name: 'Fabrikam',
      description: 'Fabrikam Inc: engineers and developers, capped by contract',
      cpuShares: 4000,
      cpuLimitGhz: 40,
      memLimitGb: 160,
      pools: [2, 3],
      datastores: [1],
      portGroupHosts: [2, 3],
    },
  ],
};

export const PROFILES: Record<LabProfile, ProfileSpec> = {
  default: {
    name: 'Corp HQ VDI lab',
    site: { code: 'ams', name: 'AMS-DC1', location: 'Amsterdam, primary datacenter' },
    clusters: [
      // An older hybrid NFS array carries the knowledge and task workers: the login storm shows in its latency.
      { hosts: 8, host: GEN5_HOST, datastores: [nfs(46_080, 12_000)] },
      { hosts: 4, host: GEN5_HOST, datastores: [vsan(23_040, 200_000), nvme(15_360, 250_000)], maintenanceHosts: [3] },
    ],
    pools: [
      pool('kw', 'KW-Floating', 'KW-{n:4}', 0, 520, 520, { spareMachines: 25 }),
      pool('tw', 'TW-Floating', 'TW-{n:4}', 0, 270, 280, { spareMachines: 15 }),
      pool('pwr', 'PWR-Dedicated', 'PWR-{n:3}', 1, 60, 56, { spareMachines: 2 }),
      // Horizon's own example: min 10, max 20, spare 2, power off → 10 created, 2 on. Scaled ×2.
      pool('dev', 'DEV-Linked', 'DEV-{n:3}', 1, 20, 40, { minMachines: 20, maxMachines: 40, spareMachines: 4 }),
      pool('ms', 'CC-RDSH-Farm', 'RDSH-{n:3}', 1, 20, 140, { spareMachines: 2 }),
      pool('kiosk', 'KIOSK-Manual', 'KIOSK-{n:2}', 1, 4, 4, { spareMachines: 0 }),
    ],
    otherUsers: 40,
  },
  small: {
    name: 'Laptop demo lab',
    site: { code: 'lab', name: 'LAB-DC', location: 'Training room' },
    clusters: [{ hosts: 3, host: SMALL_HOST, datastores: [vsan(11_520, 120_000), nfs(8_192, 20_000)] }],
    pools: [
      pool('kw', 'KW-Floating', 'KW-{n:3}', 0, 22, 22, { spareMachines: 3 }),
      pool('tw', 'TW-Floating', 'TW-{n:3}', 0, 12, 12, { spareMachines: 2 }),
      pool('pwr', 'PWR-Dedicated', 'PWR-{n:2}', 0, 6, 6, { spareMachines: 1 }),
      pool('dev', 'DEV-Linked', 'DEV-{n:2}', 0, 4, 6, { minMachines: 4, maxMachines: 8, spareMachines: 2 }),
      pool('ms', 'CC-RDSH-Farm', 'RDSH-{n:2}', 0, 4, 24, { spareMachines: 1 }),
      pool('kiosk', 'KIOSK-Manual', 'KIOSK-{n:2}', 0, 2, 2, { spareMachines: 0 }),
    ],
    otherUsers: 6,
  },
  'scale-10k': {
    name: 'Enterprise scale lab (10k desktops)',
    site: { code: 'fra', name: 'FRA-DC2', location: 'Frankfurt, scale datacenter' },
    clusters: [
      { hosts: 50, host: GEN5_HOST, datastores: [vsan(288_000, 2_500_000)] },
      { hosts: 50, host: GEN5_HOST, datastores: [vsan(288_000, 2_500_000)] },
      { hosts: 50, host: GEN5_HOST, datastores: [vsan(288_000, 2_500_000)] },
      { hosts: 50, host: GEN5_HOST, datastores: [vsan(288_000, 2_500_000), nvme(61_440, 1_000_000)], maintenanceHosts: [49] },
      { hosts: 50, host: GEN5_HOST, datastores: [vsan(288_000, 2_500_000)], maintenanceHosts: [49] },
    ],
    pools: [
      pool('kw', 'KW-Floating-A', 'KWA-{n:4}', 0, 2800, 3600, { spareMachines: 120 }),
      pool('kw', 'KW-Floating-B', 'KWB-{n:4}', 1, 2800, 3600, { spareMachines: 120 }),
      pool('tw', 'TW-Floating', 'TW-{n:4}', 2, 3000, 3800, { spareMachines: 120 }),
      pool('pwr', 'PWR-Dedicated', 'PWR-{n:4}', 3, 600, 580, { spareMachines: 10 }),
      pool('dev', 'DEV-Linked', 'DEV-{n:3}', 3, 400, 500, { minMachines: 400, maxMachines: 600, spareMachines: 20 }),
      pool('ms', 'CC-RDSH-Farm', 'RDSH-{n:3}', 4, 392, 2400, { spareMachines: 10 }),
      pool('kiosk', 'KIOSK-Manual', 'KIOSK-{n:2}', 4, 8, 8, { spareMachines: 0 }),
    ],
    otherUsers: 300,
  },
  'two-site': TWO_SITE,
  'multi-tenant': MULTI_TENANT,
  // Issue 19: one site whose clusters run the four hypervisors, so the console shows each one's words
  // (vMotion / Live Migration, DRS / Dynamic Optimization / ADS / none) and refuses moves across them.
  mixed: {
    name: 'Mixed hypervisor lab',
    site: { code: 'mix', name: 'MIX-DC', location: 'Training room, four hypervisors' },
    clusters: [
      { hosts: 3, host: SMALL_HOST, datastores: [vsan(11_520, 120_000)] },
      { hosts: 2, host: SMALL_HOST, datastores: [nfs(8_192, 20_000)], hypervisor: 'hyper-v' },
      { hosts: 2, host: SMALL_HOST, datastores: [nfs(8_192, 20_000)], hypervisor: 'kvm' },
      { hosts: 2, host: SMALL_HOST, datastores: [vsan(8_192, 80_000)], hypervisor: 'ahv' },
    ],
    pools: [
      pool('kw', 'KW-Floating', 'KW-{n:3}', 0, 16, 16, { spareMachines: 2 }),
      pool('tw', 'TW-Floating', 'TW-{n:3}', 1, 10, 10, { spareMachines: 2 }),
      pool('pwr', 'PWR-Dedicated', 'PWR-{n:2}', 2, 6, 6, { spareMachines: 1 }),
      pool('dev', 'DEV-Linked', 'DEV-{n:2}', 3, 4, 6, { minMachines: 4, maxMachines: 8, spareMachines: 2 }),
      pool('ms', 'CC-RDSH-Farm', 'RDSH-{n:2}', 0, 4, 24, { spareMachines: 1 }),
      pool('kiosk', 'KIOSK-Manual', 'KIOSK-{n:2}', 1, 2, 2, { spareMachines: 0 }),
    ],
    otherUsers: 6,
  },
};
