import { CAPACITY_DEFINITION, type CapacityDefinition, type CapacityDefinitionInput } from '../../contract/capacity-entities.ts';
import { type CapacityResult } from '../../contract/capacity-results.ts';

/**
 * The knobs a planner turns, each with the direction and size the model gives it (issue 13,
 * docs/CALIBRATION.md "Sensitivity"). Two bases: a Nutanix G9 node measured the Login Enterprise
 * way (users at 80 % host CPU) for the CPU-side knobs, and a Login VSI test (VSImax) on a 2 × 24-core
 * host with a hybrid array for the knobs that act through response time (RAM, vCPU, memory
 * over-commit, storage, network). `expected` is the documented change in %, [low, high]; a test holds
 * the simulator to it (test/unit/calibration-sensitivity.test.ts), `vdi-console calibrate
 * --sensitivity` prints it.
 */
export interface SensitivityKnob {
  knob: string;
  change: string;
  base: 'target' | 'vsimax';
  /** Documented change of the metric, % (low, high). */
  expected: [number, number];
  /** Why, in a few words (the mechanism). */
  mechanism: string;
  apply: (d: CapacityDefinitionInput & Record<string, unknown>) => void;
}

export const SENSITIVITY_BASES: Record<'target' | 'vsimax', CapacityDefinitionInput> = {
  target: {
    name: 'Sensitivity base: Nutanix G9, Login Enterprise knowledge workers',
    hosts: {
      count: 1,
      sockets: 2,
      coresPerSocket: 24,
      cpuModel: 'Intel Xeon Gold 6442Y',
      hyperthreading: true,
      ramGb: 1536,
      hypervisor: 'ahv',
      hci: 'nutanix',
    },
    storage: { iops: 200000, serviceTimeMs: 0.3, capacityTb: 50, kind: 'hci-rf2' },
    sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 4, os: 'win10' },
    workload: 'le-knowledge',
    protocol: 'hdx',
    launch: { sessions: 200 },
    planning: { metric: 'cpu-target' },
  },
  vsimax: {
    name: 'Sensitivity base: Login VSI knowledge workers on 2 x 24 cores and a hybrid array',
    hosts: { count: 1, sockets: 2, coresPerSocket: 24, cpuModel: 'Intel Xeon Gold 6442Y', hyperthreading: true, ramGb: 2048, hypervisor: 'esxi', hci: 'none' },
    storage: { iops: 20000, serviceTimeMs: 2, capacityTb: 50, kind: 'raid10' },
    sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 4, os: 'win10' },
    workload: 'lvsi-knowledge',
    protocol: 'blast',
    launch: { sessions: 520 },
  },
};

type Def = CapacityDefinitionInput & Record<string, unknown>;
const hosts = (d: Def) => d.hosts as Record<string, unknown>;
const sh = (d: Def) => d.sessionHost as Record<string, unknown>;

export const SENSITIVITY_KNOBS: SensitivityKnob[] = [
  {
    knob: 'CPU model',
    change: 'Gold 6442Y → Gold 6342 (same 48 cores)',
    base: 'target',
    expected: [-16, -8],
    mechanism: 'vix per core 9.78 → 8.59',
    apply: (d) => void (hosts(d).cpuModel = 'Intel Xeon Gold 6342'),
  },
  {
    knob: 'CPU model',
    change: 'Gold 6442Y → EPYC 9274F (48 cores)',
    base: 'target',
    expected: [17, 28],
    mechanism: 'vix per core 11.95',
    apply: (d) => void (hosts(d).cpuModel = 'AMD EPYC 9274F'),
  },
  {
    knob: 'SMT',
    change: 'on → off',
    base: 'target',
    expected: [-34, -25],
    mechanism: 'throughput ÷ 1.4 (smtGain)',
    apply: (d) => void (hosts(d).hyperthreading = false),
  },
  {
    knob: 'SMT',
    change: 'on → off (VSImax)',
    base: 'vsimax',
    expected: [-48, -33],
    mechanism: 'throughput ÷ 1.4, half the threads for the ready model',
    apply: (d) => void (hosts(d).hyperthreading = false),
  },
  {
    knob: 'Hypervisor',
    change: 'AHV → ESXi',
    base: 'target',
    expected: [-7, -2],
    mechanism: 'overhead 0.05 → 0.10 of guest demand',
    apply: (d) => void (hosts(d).hypervisor = 'esxi'),
  },
  { knob: 'HCI', change: 'Nutanix CVM → none', base: 'target', expected: [8, 15], mechanism: '4 cores back', apply: (d) => void (hosts(d).hci = 'none') },
  {
    knob: 'Frame rate',
    change: '30 → 16 fps',
    base: 'target',
    expected: [1.5, 5.5],
    mechanism: 'encoding 0.16 → 0.085 vix per session',
    apply: (d) => void (d.protocolFps = 16),
  },
  { knob: 'OS', change: 'Windows 10 → 11 (2 vCPU)', base: 'target', expected: [-5, -1], mechanism: 'CPU × 1.03', apply: (d) => void (sh(d).os = 'win11') },
  {
    knob: 'OS',
    change: 'Windows 10 2 vCPU → 11 3 vCPU',
    base: 'target',
    expected: [-7.5, -2.5],
    mechanism: '× 1.03 and 0.05 vix for the third vCPU',
    apply: (d) => {
      sh(d).os = 'win11';
      sh(d).vcpu = 3;
    },
  },
  { knob: 'Antivirus', change: 'off → on', base: 'target', expected: [-15, -9], mechanism: 'CPU × 1.15', apply: (d) => void (d.antivirus = true) },
  {
    knob: 'CPU target',
    change: '80 → 85 %',
    base: 'target',
    expected: [4, 9],
    mechanism: 'the target itself',
    apply: (d) => void ((d.planning as Record<string, unknown>).cpuTargetPct = 85),
  },
  {
    knob: 'Session type',
    change: 'Windows 10 desktops → WS2022 16 × 6 vCPU',
    base: 'target',
    expected: [7, 16],
    mechanism: 'per-user CPU × 0.88 on a shared OS',
    apply: (d) => {
      d.sessionHost = { kind: 'multi-session', vmsPerHost: 16, vcpu: 6, ramGb: 42, os: 'ws2022' };
      (d.launch as Record<string, unknown>).sessions = 220;
    },
  },
  {
    knob: 'RAM per desktop',
    change: '4 → 2 GB',
    base: 'vsimax',
    expected: [-6, 2],
    mechanism: 'need 2.2 GB: δ 0.09, paging ∝ δ²',
    apply: (d) => void (sh(d).ramGb = 2),
  },
  {
    knob: 'RAM per desktop',
    change: '4 → 1.5 GB',
    base: 'vsimax',
    expected: [-42, -22],
    mechanism: 'δ 0.32: ≈ 40 page-in IOPS per desktop fill the hybrid array; VSIbase +40 %',
    apply: (d) => void (sh(d).ramGb = 1.5),
  },
  {
    knob: 'RAM per desktop',
    change: '4 → 8 GB (host RAM to match)',
    base: 'vsimax',
    expected: [-3, 3],
    mechanism: 'above the working set',
    apply: (d) => {
      sh(d).ramGb = 8;
      hosts(d).ramGb = 4096;
    },
  },
  {
    knob: 'vCPU per desktop',
    change: '2 → 1',
    base: 'vsimax',
    expected: [-5, 3],
    mechanism: 'VSIbase +15 % (the parallel part runs serially); the knee stays',
    apply: (d) => void (sh(d).vcpu = 1),
  },
  {
    knob: 'vCPU per desktop',
    change: '2 → 4',
    base: 'vsimax',
    expected: [-22, -10],
    mechanism: 'co-stop (1.5 % per extra vCPU × ρ²) and 0.1 vix for idle vCPUs',
    apply: (d) => void (sh(d).vcpu = 4),
  },
  {
    knob: 'Host memory over-commit',
    change: 'host RAM 2,048 → 1,500 GB (held memory at the knee 88 → 120 % of it)',
    base: 'vsimax',
    expected: [-3, 2],
    mechanism: 'the balloon takes guest cache: no paging',
    apply: (d) => void (hosts(d).ramGb = 1500),
  },
  {
    knob: 'Host memory over-commit',
    change: 'host RAM 2,048 → 1,290 GB (held memory 88 → 140 %)',
    base: 'vsimax',
    expected: [-32, -15],
    mechanism: 'past the balloon (20 % of host memory) the host swaps: 50,000 faults × swapped share × latency per action',
    apply: (d) => void (hosts(d).ramGb = 1290),
  },
  {
    knob: 'Storage',
    change: '20,000 RAID10 → 12,000 RAID5 back-end IOPS',
    base: 'vsimax',
    expected: [-32, -15],
    mechanism: 'writes cost 4 back-end I/Os; the queue fills near 3,300 front-end IOPS',
    apply: (d) => void Object.assign(d.storage as object, { iops: 12000, kind: 'raid5' }),
  },
  {
    knob: 'Storage',
    change: '20,000 RAID10 → 8,000 RAID5 back-end IOPS',
    base: 'vsimax',
    expected: [-65, -50],
    mechanism: 'served ≤ capacity: about 2,300 front-end IOPS, logon storms included',
    apply: (d) => void Object.assign(d.storage as object, { iops: 8000, kind: 'raid5' }),
  },
  {
    knob: 'Network',
    change: '2 × 25 GbE → 1 × 1 GbE (RDP)',
    base: 'vsimax',
    expected: [-3, 3],
    mechanism: 'under 15 % of the NIC',
    apply: (d) => {
      d.network = { nicGbps: 1, nics: 1 };
      d.protocol = 'rdp';
    },
  },
  {
    knob: 'Network',
    change: '→ one 30 Mbit/s link (RDP)',
    base: 'vsimax',
    expected: [-74, -60],
    mechanism: 'NIC queue: RDP 300 kbit/s per active knowledge worker',
    apply: (d) => {
      d.network = { nicGbps: 0.03, nics: 1 };
      d.protocol = 'rdp';
    },
  },
  {
    knob: 'Protocol',
    change: 'Blast on that 30 Mbit/s link',
    base: 'vsimax',
    expected: [-22, -8],
    mechanism: 'Blast 110 kbit/s: the link fills much later',
    apply: (d) => void (d.network = { nicGbps: 0.03, nics: 1 }),
  },
];

export function knobDefinition(k: SensitivityKnob): CapacityDefinition {
  const d = structuredClone(SENSITIVITY_BASES[k.base]) as Def;
  k.apply(d);
  return CAPACITY_DEFINITION.parse(d);
}

export function baseDefinition(base: 'target' | 'vsimax'): CapacityDefinition {
  return CAPACITY_DEFINITION.parse(SENSITIVITY_BASES[base]);
}

/** The metric a base measures. */
export function metricOf(base: 'target' | 'vsimax', r: CapacityResult): number | null {
  return base === 'target' ? r.cpuTarget.users : r.vsimax;
}
