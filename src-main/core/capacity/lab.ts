import { CAPACITY_WORKLOADS, type CapacityDefinition, type CapacityWorkload } from '../../contract/capacity-entities.ts';
import type { Workload } from '../../contract/entities.ts';
import { resolveHostCpu } from '../../shared/capacity/cpu-index.ts';
import type { DesktopRec, HostRec, LabModel, PoolRec, UserRec } from '../lab/model.ts';
import { CPU_PERF_PARAMS } from '../models/cpu-perf.ts';
import { vdiWorkload } from '../models/vdi-workloads.ts';
import { PARAMS } from '../params.ts';
import { Prng } from '../prng.ts';
import { normal } from './demand.ts';

/**
 * The workload of each launched user: a mix is spread evenly through the launch order by a
 * low-discrepancy sequence (no PRNG). It must not be the golden-ratio sequence: the engine gives
 * user i the work-loop phase (i × 0.618…) mod 1, and the same sequence here put all of one
 * workload's users in one part of the loop, so their activity rose and fell together and the
 * response curve of a mixed test oscillated. √2 − 1 is independent enough of it.
 */
const MIX_SEQUENCE_STEP = Math.SQRT2 - 1;

export function workloadsFor(def: CapacityDefinition): CapacityWorkload[] {
  const n = def.launch.sessions;
  if (typeof def.workload === 'string') return Array.from({ length: n }, () => def.workload as CapacityWorkload);
  const mix = CAPACITY_WORKLOADS.map((w) => [w, Math.max(0, (def.workload as Partial<Record<CapacityWorkload, number>>)[w] ?? 0)] as const).filter(
    ([, s]) => s > 0,
  );
  const total = mix.reduce((a, [, s]) => a + s, 0);
  return Array.from({ length: n }, (_, i) => {
    const x = ((i + 1) * MIX_SEQUENCE_STEP) % 1;
    let acc = 0;
    for (const [w, s] of mix) {
      acc += s / total;
      if (x < acc) return w;
    }
    return (mix[mix.length - 1]?.[0] ?? 'knowledge') as CapacityWorkload;
  });
}

/** Per-host efficiency of a capacity test (turbo bins, thermals, silicon): Normal(1, efficiencySigma), drawn from the seed. */
export function hostEfficiencies(def: CapacityDefinition): number[] {
  const rng = new Prng((def.seed ^ 0x0c9e11) >>> 0);
  return Array.from({ length: def.hosts.count }, () => 1 + CPU_PERF_PARAMS.efficiencySigma * normal(rng));
}

/**
 * A fresh lab for one capacity test: the definition's hosts in one cluster, one
 * datastore, one pool (single-session desktops, one per session, all powered on
 * as Login VSI's launcher expects; or multi-session hosts, vmsPerHost per host),
 * and one user per session entitled to it.
 */
export function buildCapacityLab(def: CapacityDefinition, simTime: string): LabModel {
  const h = def.hosts;
  const sh = def.sessionHost;
  const multi = sh.kind === 'multi-session';
  const cpu = resolveHostCpu(h);
  if (!cpu) throw new RangeError(`hosts: unknown CPU model ${h.cpuModel ?? ''} or no clock`);
  const efficiency = hostEfficiencies(def);
  const cvm = h.hci === 'nutanix' ? { coresConsumed: h.cvm?.coresConsumed ?? 4, vcpu: h.cvm?.vcpu ?? 12, ramGb: h.cvm?.ramGb ?? 32 } : null;
  const hosts: HostRec[] = Array.from({ length: h.count }, (_, i) => ({
    id: `h-${i + 1}`,
    name: `cap-esx${String(i + 1).padStart(2, '0')}.lab.local`,
    clusterId: 'cl-1',
    vendor: 'Capacity test',
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
      efficiency: efficiency[i] ?? 1,
    },
    hyperthreading: h.hyperthreading,
    ramGb: h.ramGb,
    nics: def.network.nics,
    nicGbps: def.network.nicGbps,
    powerState: 'poweredOn',
    connectionState: 'connected',
    powerIdleW: h.powerIdleW,
    powerPeakW: h.powerPeakW,
    rackUnits: h.rackUnits,
  }));
  const machines = multi ? h.count * sh.vmsPerHost : def.launch.sessions;
  const workloads = workloadsFor(def);
  const mainWorkload: Workload = vdiWorkload(typeof def.workload === 'string' ? def.workload : (workloads[0] ?? 'knowledge')).base;
  const pool: PoolRec = {
    id: 'pool-1',
    name: multi ? 'CAP-RDSH' : 'CAP-VDI',
    displayName: def.name.slice(0, 64),
    // Manual: the provisioner's spare-machine and power rules leave the test's machines alone.
    kind: 'manual',
    assignment: 'floating',
    automaticAssignment: true,
    sessionType: multi ? 'multi-session' : 'single-session',
    maxSessionsPerHost: multi ? sh.maxSessionsPerVm : 1,
    loadBalancing: multi ? sh.loadBalancing : 'breadth-first',
    imageId: null,
    imageVersionId: null,
    previousImageVersionId: null,
    vcpu: sh.vcpu,
    ramGb: sh.ramGb,
    diskGb: sh.diskGb,
    namingPattern: multi ? 'RDSH-{n:3}' : 'CAP-{n:5}',
    minMachines: machines,
    maxMachines: machines,
    spareMachines: 0,
    provisioning: 'up-front',
    powerPolicy: 'always-on',
    logoffAfterDisconnect: 'never',
    logoffAfterMinutes: 0,
    onLogoff: 'never',
    allowUserReset: false,
    enabled: true,
    provisioningEnabled: false,
    drainMode: false,
    defaultProtocol: def.protocol,
    workload: mainWorkload,
    cpuShares: 'normal',
    cpuReservationMhz: 0,
    cpuLimitMhz: null,
    clusterId: 'cl-1',
    networkId: 'net-1',
  };
  // Round-robin over hosts: what DRS initial placement converges to for identical VMs.
  const desktops: DesktopRec[] = Array.from({ length: machines }, (_, i) => ({
    id: `vm-${i + 1}`,
    name: multi ? `RDSH-${String(i + 1).padStart(3, '0')}` : `CAP-${String(i + 1).padStart(5, '0')}`,
    poolId: pool.id,
    hostId: `h-${(i % h.count) + 1}`,
    datastoreId: 'ds-1',
    state: 'AVAILABLE',
    powerState: 'poweredOn',
    assignedUserId: null,
    imageVersionId: null,
    vcpu: sh.vcpu,
    ramGb: sh.ramGb,
    diskGb: sh.diskGb,
    usedGb: sh.diskGb * PARAMS.storage.thinUsedShare.manual,
    ip: `10.99.${Math.floor(i / 250)}.${(i % 250) + 2}`,
    agentVersion: 'capacity test',
    problem: null,
    stateSince: simTime,
  }));
  const users: UserRec[] = workloads.map((w, i) => ({
    id: `u-${i + 1}`,
    login: `LAB\\vsi${String(i + 1).padStart(5, '0')}`,
    displayName: `Launcher user ${i + 1}`,
    department: 'Capacity test',
    email: `vsi${i + 1}@lab.local`,
    workload: vdiWorkload(w).base,
  }));
  return {
    name: def.name,
    profile: 'small',
    seed: def.seed,
    simTime,
    sites: [{ id: 'site-1', name: 'Capacity lab', location: 'simulated' }],
    clusters: [
      {
        id: 'cl-1',
        name: 'CAP-CL01',
        siteId: 'site-1',
        drsAutomation: 'fully-automated',
        drsThreshold: 3,
        haEnabled: false,
        admissionControl: { policy: 'percentage', cpuPct: 0, memPct: 0, hostFailures: 0 },
      },
    ],
    hosts,
    datastores: [
      {
        id: 'ds-1',
        name: 'CAP-DS01',
        clusterId: 'cl-1',
        type: 'vsan',
        media: 'all-flash',
        capacityGb: def.storage.capacityTb * 1024,
        iopsCapacity: def.storage.iops,
        serviceTimeMs: def.storage.serviceTimeMs,
        kind: def.storage.kind,
      },
    ],
    networks: [{ id: 'net-1', name: 'dvpg-VDI', clusterId: 'cl-1', vlan: 100, subnet: '10.99.0.0/16', portGroup: 'dvpg-VDI-CL01' }],
    images: [],
    imageVersions: [],
    pools: [pool],
    poolDatastores: [{ poolId: pool.id, datastoreId: 'ds-1' }],
    desktops,
    groups: [{ id: 'g-1', name: 'LAB\\GG-VSI-Launchers', description: 'Capacity test users' }],
    users,
    groupMembers: users.map((u) => ({ groupId: 'g-1', userId: u.id })),
    entitlements: [{ poolId: pool.id, principalType: 'group', principalId: 'g-1' }],
    sessions: [],
    events: [],
  };
}
