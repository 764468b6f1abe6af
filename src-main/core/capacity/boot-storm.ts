import type { BootStormDefinition, BootStormResult, BootStormSample } from '../../contract/boot-storm-entities.ts';
import { Engine, P } from '../engine/engine.ts';
import type { LabModel } from '../lab/model.ts';
import { testDesktops, testHosts, testLab, testPool } from './test-lab.ts';
import { POWER_THROTTLES, type BootCloneKind } from '../models/boot.ts';
import { PARAMS } from '../params.ts';

/** One curve point every this many simulated seconds. */
export const BOOT_STORM_SAMPLE_SEC = 10;

/**
 * Datastore space a PVS-streamed desktop holds (GB): its write-cache disk, not its vDisk (streamed from
 * the PVS server). Source: Citrix Provisioning docs, "Selecting the write cache destination" (the
 * target's write cache is a file on a disk attached to the VM, reset at each boot), and the small
 * write-cache disk per VM that practitioners attach for desktop targets ("a small (10GB) disk",
 * muratsenelblog.wordpress.com 2017; Citrix blog "PVS Write Cache Sizing Considerations", 2011: size
 * depends on the writes between reboots). 10 GB is that common size, not a measurement. Without it,
 * B3's 1,270 desktops counted 32 GB each on a 20 TB array: the datastore was full from the start and
 * every VM stunned (faults/space.ts).
 */
export const PVS_WRITE_CACHE_GB = 10;

/** The lab of a boot storm: the hosts in one cluster, one datastore, one pool of powered-off desktops spread round-robin. */
export function buildBootStormLab(def: BootStormDefinition, simTime: string): LabModel {
  const h = def.hosts;
  const hosts = testHosts(h, { prefix: 'boot', vendor: 'Boot storm', nics: 2, nicGbps: 25 });
  const dk = def.desktops;
  const multi = dk.os.startsWith('ws') || dk.os.endsWith('-ms');
  // Manual (testPool): the pool's own power rules stay out of it; the storm asks the throttle itself.
  const pool = testPool({
    name: 'BOOT',
    displayName: def.name.slice(0, 64),
    sessionType: multi ? 'multi-session' : 'single-session',
    maxSessionsPerHost: 1,
    loadBalancing: 'breadth-first',
    vcpu: dk.vcpu,
    ramGb: dk.ramGb,
    diskGb: 64,
    namingPattern: 'BOOT-{n:5}',
    machines: dk.count,
    powerPolicy: 'take-no-action',
    defaultProtocol: 'hdx',
    workload: 'knowledge',
  });
  const desktops = testDesktops(pool, dk.count, h.count, {
    name: (i) => `BOOT-${String(i + 1).padStart(5, '0')}`,
    powerState: 'poweredOff',
    subnet: 98,
    agentVersion: 'boot storm',
    simTime,
  });
  // A PVS target streams its disk from the PVS server: what it holds on the datastore is its write-cache disk.
  if (dk.clone === 'pvs') for (const d of desktops) d.usedGb = PVS_WRITE_CACHE_GB;
  return testLab({
    name: def.name,
    seed: def.seed,
    simTime,
    site: 'Boot storm lab',
    cluster: { name: 'BOOT-CL01', drsAutomation: 'manual' },
    hosts,
    datastore: { name: 'BOOT-DS01', type: 'vmfs', storage: def.storage },
    network: { subnet: 98, portGroup: 'dvpg-VDI-BOOT' },
    pool,
    desktops,
  });
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
