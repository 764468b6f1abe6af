import type { BootStormDefinition } from '../../contract/boot-storm-entities.ts';
import type { CapacityDefinition } from '../../contract/capacity-entities.ts';
import { resolveHostCpu } from '../../shared/capacity/cpu-index.ts';
import type { DesktopRec, HostRec, LabModel, PoolRec } from '../lab/model.ts';
import { PARAMS } from '../params.ts';

// The one-cluster labs the capacity test (lab.ts) and the boot storm (boot-storm.ts) run on: identical
// hosts in one cluster, one datastore, one network, one manual pool of machines spread round-robin
// over the hosts (what DRS initial placement converges to for identical VMs). Each caller sets what
// differs (names, the pool's sizing and power, the machines' power state, users).

type HostsSpec = CapacityDefinition['hosts'] | BootStormDefinition['hosts'];

/** The test's hosts: `h.count` identical ones (throws RangeError for an unknown CPU model). */
export function testHosts(h: HostsSpec, o: { prefix: string; vendor: string; nics: number; nicGbps: number; efficiency?: readonly number[] }): HostRec[] {
  const cpu = resolveHostCpu(h);
  if (!cpu) throw new RangeError(`hosts: unknown CPU model ${h.cpuModel ?? ''} or no clock`);
  const cvm = h.hci === 'nutanix' ? { coresConsumed: h.cvm?.coresConsumed ?? 4, vcpu: h.cvm?.vcpu ?? 12, ramGb: h.cvm?.ramGb ?? 32 } : null;
  return Array.from({ length: h.count }, (_, i) => ({
    id: `h-${i + 1}`,
    name: `${o.prefix}-esx${String(i + 1).padStart(2, '0')}.lab.local`,
    clusterId: 'cl-1',
    vendor: o.vendor,
    model: `${h.sockets} × ${h.coresPerSocket} cores ${cpu.model ?? `@ ${cpu.baseGhz} GHz`}`,
    sockets: h.sockets,
    coresPerSocket: h.coresPerSocket,
    ghz: cpu.baseGhz,
    cpu: {
      cpuModel: h.cpuModel,
      specIntRatePerCore: h.specIntRatePerCore,
      vixPerCore: h.vixPerCore,
      hypervisor: h.hypervisor,
      cvm,
      ...(o.efficiency ? { efficiency: o.efficiency[i] ?? 1 } : {}),
    },
    hyperthreading: h.hyperthreading,
    ramGb: h.ramGb,
    nics: o.nics,
    nicGbps: o.nicGbps,
    powerState: 'poweredOn',
    connectionState: 'connected',
    powerIdleW: h.powerIdleW,
    powerPeakW: h.powerPeakW,
    rackUnits: h.rackUnits,
  }));
}

/** What differs between the tests' pools. */
export type TestPoolFields = Pick<
  PoolRec,
  | 'name'
  | 'displayName'
  | 'sessionType'
  | 'maxSessionsPerHost'
  | 'loadBalancing'
  | 'vcpu'
  | 'ramGb'
  | 'diskGb'
  | 'namingPattern'
  | 'powerPolicy'
  | 'defaultProtocol'
  | 'workload'
> & { machines: number };

/** The test's pool: manual (the provisioner's spare-machine rules leave its machines alone), floating, its size fixed. */
export function testPool(f: TestPoolFields): PoolRec {
  const { machines, ...rest } = f;
  return {
    id: 'pool-1',
    kind: 'manual',
    assignment: 'floating',
    automaticAssignment: true,
    imageId: null,
    imageVersionId: null,
    previousImageVersionId: null,
    minMachines: machines,
    maxMachines: machines,
    spareMachines: 0,
    provisioning: 'up-front',
    logoffAfterDisconnect: 'never',
    logoffAfterMinutes: 0,
    onLogoff: 'never',
    allowUserReset: false,
    enabled: true,
    provisioningEnabled: false,
    drainMode: false,
    cpuShares: 'normal',
    cpuReservationMhz: 0,
    cpuLimitMhz: null,
    clusterId: 'cl-1',
    networkId: 'net-1',
    ...rest,
  };
}

/** The pool's machines, round-robin over `hosts` hosts, on the one datastore. */
export function testDesktops(
  pool: PoolRec,
  n: number,
  hosts: number,
  o: { name(i: number): string; powerState: DesktopRec['powerState']; subnet: number; agentVersion: string; simTime: string },
): DesktopRec[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `vm-${i + 1}`,
    name: o.name(i),
    poolId: pool.id,
    hostId: `h-${(i % hosts) + 1}`,
    datastoreId: 'ds-1',
    state: 'AVAILABLE',
    powerState: o.powerState,
    assignedUserId: null,
    imageVersionId: null,
    vcpu: pool.vcpu,
    ramGb: pool.ramGb,
    diskGb: pool.diskGb,
    usedGb: pool.diskGb * PARAMS.storage.thinUsedShare.manual,
    ip: `10.${o.subnet}.${Math.floor(i / 250)}.${(i % 250) + 2}`,
    agentVersion: o.agentVersion,
    problem: null,
    stateSince: o.simTime,
  }));
}

/** The lab around them: one site, one cluster (HA off), one datastore, one network. */
export function testLab(o: {
  name: string;
  seed: number;
  simTime: string;
  site: string;
  cluster: { name: string; drsAutomation: LabModel['clusters'][number]['drsAutomation'] };
  hosts: HostRec[];
  datastore: { name: string; type: LabModel['datastores'][number]['type']; storage: CapacityDefinition['storage'] | BootStormDefinition['storage'] };
  network: { subnet: number; portGroup: string };
  pool: PoolRec;
  desktops: DesktopRec[];
  people?: Pick<LabModel, 'groups' | 'users' | 'groupMembers' | 'entitlements'>;
}): LabModel {
  const s = o.datastore.storage;
  return {
    name: o.name,
    profile: 'small',
    seed: o.seed,
    simTime: o.simTime,
    sites: [{ id: 'site-1', name: o.site, location: 'simulated' }],
    clusters: [
      {
        id: 'cl-1',
        name: o.cluster.name,
        siteId: 'site-1',
        drsAutomation: o.cluster.drsAutomation,
        drsThreshold: 3,
        haEnabled: false,
        admissionControl: { policy: 'percentage', cpuPct: 0, memPct: 0, hostFailures: 0 },
      },
    ],
    hosts: o.hosts,
    datastores: [
      {
        id: 'ds-1',
        name: o.datastore.name,
        clusterId: 'cl-1',
        type: o.datastore.type,
        media: 'all-flash',
        capacityGb: s.capacityTb * 1024,
        iopsCapacity: s.iops,
        serviceTimeMs: s.serviceTimeMs,
        kind: s.kind,
      },
    ],
    networks: [{ id: 'net-1', name: 'dvpg-VDI', clusterId: 'cl-1', vlan: 100, subnet: `10.${o.network.subnet}.0.0/16`, portGroup: o.network.portGroup }],
    images: [],
    imageVersions: [],
    pools: [o.pool],
    poolDatastores: [{ poolId: o.pool.id, datastoreId: 'ds-1' }],
    desktops: o.desktops,
    groups: o.people?.groups ?? [],
    users: o.people?.users ?? [],
    groupMembers: o.people?.groupMembers ?? [],
    entitlements: o.people?.entitlements ?? [],
    sessions: [],
    events: [],
  };
}
