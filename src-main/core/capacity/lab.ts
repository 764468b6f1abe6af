import { CAPACITY_WORKLOADS, type CapacityDefinition, type CapacityWorkload } from '../../contract/capacity-entities.ts';
import type { Workload } from '../../contract/entities.ts';
import type { LabModel, UserRec } from '../lab/model.ts';
import { testDesktops, testHosts, testLab, testPool } from './test-lab.ts';
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
  const hosts = testHosts(h, {
    prefix: 'cap',
    vendor: 'Capacity test',
    nics: def.network.nics,
    nicGbps: def.network.nicGbps,
    efficiency: hostEfficiencies(def),
  });
  const machines = multi ? h.count * sh.vmsPerHost : def.launch.sessions;
  const workloads = workloadsFor(def);
  const mainWorkload: Workload = vdiWorkload(typeof def.workload === 'string' ? def.workload : (workloads[0] ?? 'knowledge')).base;
  // Manual (testPool): the provisioner's spare-machine and power rules leave the test's machines alone.
  const pool = testPool({
    name: multi ? 'CAP-RDSH' : 'CAP-VDI',
    displayName: def.name.slice(0, 64),
    sessionType: multi ? 'multi-session' : 'single-session',
    maxSessionsPerHost: multi ? sh.maxSessionsPerVm : 1,
    loadBalancing: multi ? sh.loadBalancing : 'breadth-first',
    vcpu: sh.vcpu,
    ramGb: sh.ramGb,
    diskGb: sh.diskGb,
    namingPattern: multi ? 'RDSH-{n:3}' : 'CAP-{n:5}',
    machines,
    powerPolicy: 'always-on',
    defaultProtocol: def.protocol,
    workload: mainWorkload,
  });
  const desktops = testDesktops(pool, machines, h.count, {
    name: (i) => (multi ? `RDSH-${String(i + 1).padStart(3, '0')}` : `CAP-${String(i + 1).padStart(5, '0')}`),
    powerState: 'poweredOn',
    subnet: 99,
    agentVersion: 'capacity test',
    simTime,
  });
  const users: UserRec[] = workloads.map((w, i) => ({
    id: `u-${i + 1}`,
    login: `LAB\\vsi${String(i + 1).padStart(5, '0')}`,
    displayName: `Launcher user ${i + 1}`,
    department: 'Capacity test',
    email: `vsi${i + 1}@lab.local`,
    workload: vdiWorkload(w).base,
  }));
  return testLab({
    name: def.name,
    seed: def.seed,
    simTime,
    site: 'Capacity lab',
    cluster: { name: 'CAP-CL01', drsAutomation: 'fully-automated' },
    hosts,
    datastore: { name: 'CAP-DS01', type: 'vsan', storage: def.storage },
    network: { subnet: 99, portGroup: 'dvpg-VDI-CL01' },
    pool,
    desktops,
    people: {
      groups: [{ id: 'g-1', name: 'LAB\\GG-VSI-Launchers', description: 'Capacity test users' }],
      users,
      groupMembers: users.map((u) => ({ groupId: 'g-1', userId: u.id })),
      entitlements: [{ poolId: pool.id, principalType: 'group', principalId: 'g-1' }],
    },
  });
}
