import type { BootStormDefinition, BootStormResult, BootStormSample } from '../../contract/boot-storm-entities.ts';
import { resolveHostCpu } from '../../shared/capacity/cpu-index.ts';
import { Engine, P } from '../engine/engine.ts';
import type { DesktopRec, HostRec, LabModel, PoolRec } from '../lab/model.ts';
import { POWER_THROTTLES, type BootCloneKind } from '../models/boot.ts';
import { PARAMS } from '../params.ts';

/** One curve point every this many simulated seconds. */
export const BOOT_STORM_SAMPLE_SEC = 10;

/** The lab of a boot storm: the hosts in one cluster, one datastore, one pool of powered-off desktops spread round-robin. */
export function buildBootStormLab(def: BootStormDefinition, simTime: string): LabModel {
  const h = def.hosts;
  const cpu = resolveHostCpu(h);
  if (!cpu) throw new RangeError(`hosts: unknown CPU model ${h.cpuModel ?? ''} or no clock`);
  const cvm = h.hci === 'nutanix' ? { coresConsumed: h.cvm?.coresConsumed ?? 4, vcpu: h.cvm?.vcpu ?? 12, ramGb: h.cvm?.ramGb ?? 32 } : null;
  const hosts: HostRec[] = Array.from({ length: h.count }, (_, i) => ({
    id: `h-${i + 1}`,
    name: `boot-esx${String(i + 1).padStart(2, '0')}.lab.local`,
    clusterId: 'cl-1',
    vendor: 'Boot storm',
    model: `${h.sockets} × ${h.coresPerSocket} cores ${cpu.model ?? `@ ${cpu.baseGhz} GHz`}`,
    sockets: h.sockets,
    coresPerSocket: h.coresPerSocket,
    ghz: cpu.baseGhz,
    cpu: { cpuModel: h.cpuModel, specIntRatePerCore: h.specIntRatePerCore, vixPerCore: h.vixPerCore, hypervisor: h.hypervisor, cvm },
    hyperthreading: h.hyperthreading,
    ramGb: h.ramGb,
    nics: 2,
    nicGbps: 25,
    powerState: 'poweredOn',
    connectionState: 'connected',
    powerIdleW: h.powerIdleW,
    powerPeakW: h.powerPeakW,
    rackUnits: h.rackUnits,
  }));
  const dk = def.desktops;
  const multi = dk.os.startsWith('ws') || dk.os.endsWith('-ms');
  const pool: PoolRec = {
    id: 'pool-1',
    name: 'BOOT',
    displayName: def.name.slice(0, 64),
    // Manual: the pool's own power rules stay out of it; the storm asks the throttle itself.
    kind: 'manual',
    assignment: 'floating',
    automaticAssignment: true,
    sessionType: multi ? 'multi-session' : 'single-session',
    maxSessionsPerHost: 1,
    loadBalancing: 'breadth-first',
    imageId: null,
    imageVersionId: null,
    previousImageVersionId: null,
    vcpu: dk.vcpu,
    ramGb: dk.ramGb,
    diskGb: 64,
    namingPattern: 'BOOT-{n:5}',
    minMachines: dk.count,
    maxMachines: dk.count,
    spareMachines: 0,
    provisioning: 'up-front',
    powerPolicy: 'take-no-action',
    logoffAfterDisconnect: 'never',
    logoffAfterMinutes: 0,
    onLogoff: 'never',
    allowUserReset: false,
    enabled: true,
    provisioningEnabled: false,
    drainMode: false,
    defaultProtocol: 'hdx',
    workload: 'knowledge',
    cpuShares: 'normal',
    cpuReservationMhz: 0,
    cpuLimitMhz: null,
    clusterId: 'cl-1',
    networkId: 'net-1',
  };
  const desktops: DesktopRec[] = Array.from({ length: dk.count }, (_, i) => ({
    id: `vm-${i + 1}`,
    name: `BOOT-${String(i + 1).padStart(5, '0')}`,
    poolId: pool.id,
    hostId: `h-${(i % h.count) + 1}`,
    datastoreId: 'ds-1',
    state: 'AVAILABLE',
    powerState: 'poweredOff',
    assignedUserId: null,
    imageVersionId: null,
    vcpu: dk.vcpu,
    ramGb: dk.ramGb,
    diskGb: 64,
    usedGb: 64 * PARAMS.storage.thinUsedShare.manual,
    ip: `10.98.${Math.floor(i / 250)}.${(i % 250) + 2}`,
    agentVersion: 'boot storm',
    problem: null,
    stateSince: simTime,
  }));
  return {
    name: def.name,
    profile: 'small',
    seed: def.seed,
    simTime,
    sites: [{ id: 'site-1', name: 'Boot storm lab', location: 'simulated' }],
    clusters: [
      {
        id: 'cl-1',
        name: 'BOOT-CL01',
        siteId: 'site-1',
        drsAutomation: 'manual',
        drsThreshold: 3,
        haEnabled: false,
        admissionControl: { policy: 'percentage', cpuPct: 0, memPct: 0, hostFailures: 0 },
      },
    ],
    hosts,
    datastores: [
      {
        id: 'ds-1',
        name: 'BOOT-DS01',
        clusterId: 'cl-1',
        type: 'vmfs',
        media: 'all-flash',
        capacityGb: def.storage.capacityTb * 1024,
        iopsCapacity: def.storage.iops,
        serviceTimeMs: def.storage.serviceTimeMs,
        kind: def.storage.kind,
      },
    ],
    networks: [{ id: 'net-1', name: 'dvpg-VDI', clusterId: 'cl-1', vlan: 100, subnet: '10.98.0.0/16', portGroup: 'dvpg-VDI-BOOT' }],
    images: [],
    imageVersions: [],
    pools: [pool],
    poolDatastores: [{ poolId: pool.id, datastoreId: 'ds-1' }],
    desktops,
    groups: [],
    users: [],
    groupMembers: [],
    entitlements: [],
    sessions: [],
    events: [],
  };
}

const CLONE: Record<BootStormDefinition['desktops']['clone'], BootCloneKind> = {
  mcs: 'full-clone',
  'linked-clone': 'linked-clone',
  'full-clone': 'full-clone',
  'instant-clone': 'instant-clone',
  pvs: 'pvs',
};

/**
 * A boot storm on the real engine: every desktop is powered off, the broker asks to power all of
 * them on at once, and its throttle (per hosting connection) lets them through; each boot takes its
 * time from the contention it meets and registers when done. Ticks of 1 s until every desktop has
 * registered (or the limit). Reports the time until all registered, served and offered IOPS, the
 * latency's 95th percentile, host CPU, and the power actions in flight over time (the throttle's
 * plateau). Pure and deterministic for a definition and seed.
 */
export function runBootStorm(def: BootStormDefinition): BootStormResult {
  const lab = buildBootStormLab(def, PARAMS.labEpochIso);
  const e = new Engine(lab, { seed: def.seed, workday: false });
  const st = e.st;
  const pt = e.powerThrottle;
  pt.pOs[0] = def.desktops.os;
  pt.pClone[0] = CLONE[def.desktops.clone];
  const conn = pt.connections[0] as (typeof pt.connections)[number];
  conn.throttle = typeof def.throttle === 'string' ? POWER_THROTTLES[def.throttle] : def.throttle;
  conn.machines = def.machinesOnConnection ?? null;
  const N = st.dPower.length;
  for (let d = 0; d < N; d++) e.provisioner.requestPowerOn(d);
  const t0 = e.t;
  const H = st.hCapMhz.length;
  const curves: BootStormSample[] = [];
  const lat: number[] = [];
  let sumIops = 0;
  let sumOffered = 0;
  let sumCpu = 0;
  let peakIops = 0;
  let peakOffered = 0;
  let maxCpu = 0;
  let maxReady = 0;
  let maxInFlight = 0;
  let allOn: number | null = null;
  let allRegistered: number | null = null;
  let registered = 0;
  for (let s = 1; s <= def.limitSec; s++) {
    e.tick(1);
    const t = e.t;
    let on = 0;
    registered = 0;
    for (let d = 0; d < N; d++) {
      if (st.dPower[d] !== P.poweredOn) continue;
      on++;
      if (pt.registered(d, t)) registered++;
    }
    let cpu = 0;
    let hostMax = 0;
    let ready = 0;
    for (let h = 0; h < H; h++) {
      cpu += (e.hCpuPct[h] as number) / H;
      hostMax = Math.max(hostMax, e.hCpuPct[h] as number);
      ready = Math.max(ready, e.hReadyPct[h] as number);
    }
    const iops = e.storage.sServedIops[0] as number;
    const offered = e.sIops[0] as number;
    const latency = e.sLatencyMs[0] as number;
    sumIops += iops;
    sumOffered += offered;
    sumCpu += cpu;
    lat.push(latency);
    peakIops = Math.max(peakIops, iops);
    peakOffered = Math.max(peakOffered, offered);
    maxCpu = Math.max(maxCpu, cpu);
    maxReady = Math.max(maxReady, ready);
    maxInFlight = Math.max(maxInFlight, pt.inFlight);
    if (allOn === null && on === N) allOn = s;
    if (s % BOOT_STORM_SAMPLE_SEC === 0 || registered === N) {
      curves.push({
        t: s,
        registered,
        poweredOn: on,
        inFlight: pt.inFlight,
        waiting: pt.waiting,
        iops: Math.round(iops),
        offeredIops: Math.round(offered),
        latencyMs: Math.round(latency * 100) / 100,
        cpuPct: Math.round(cpu * 10) / 10,
        maxHostCpuPct: Math.round(hostMax * 10) / 10,
        readyPct: Math.round(ready * 10) / 10,
      });
    }
    if (registered === N) {
      allRegistered = s;
      break;
    }
  }
  const n = lat.length;
  const sorted = [...lat].sort((a, b) => a - b);
  const r = (x: number, k = 1) => Math.round(x * k) / k;
  void t0;
  return {
    definition: def,
    allRegisteredMin: allRegistered === null ? null : r(allRegistered / 60, 100),
    allPoweredOnMin: allOn === null ? null : r(allOn / 60, 100),
    registered,
    peakIops: Math.round(peakIops),
    avgIops: Math.round(sumIops / Math.max(1, n)),
    peakOfferedIops: Math.round(peakOffered),
    avgOfferedIops: Math.round(sumOffered / Math.max(1, n)),
    p95LatencyMs: r(sorted[Math.min(n - 1, Math.floor(0.95 * n))] ?? 0, 100),
    maxLatencyMs: r(sorted[n - 1] ?? 0, 100),
    maxCpuPct: r(maxCpu, 10),
    avgCpuPct: r(sumCpu / Math.max(1, n), 10),
    maxReadyPct: r(maxReady, 10),
    maxInFlight,
    sampleSec: BOOT_STORM_SAMPLE_SEC,
    curves,
  };
}
