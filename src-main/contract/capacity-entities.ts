import { CONFIDENTIAL_KINDS } from './hardware-entities.ts';
import { z } from 'zod';
import { LOAD_BALANCING, PROTOCOLS, WORKLOADS, type Protocol, type Workload } from './entities.ts';

// Capacity evaluation (Login VSI's method, DOMAIN.md "Capacity measure"): the test
// definition (a JSON file a planner edits), the run and its result. Plain JSON only.

export const THRESHOLD_RULES = ['base+1000', 'base*1.25+3000'] as const;
export type ThresholdRule = (typeof THRESHOLD_RULES)[number];

export const CAPACITY_RESOURCES = ['cpu', 'memory', 'storage', 'network'] as const;
export type CapacityResource = (typeof CAPACITY_RESOURCES)[number];

/** Host memory states (ESXi), as the curves carry them. */
export const CAPACITY_MEMORY_STATES = ['high', 'clear', 'soft', 'hard', 'low'] as const;
export type CapacityMemoryState = (typeof CAPACITY_MEMORY_STATES)[number];

/**
 * Workloads a capacity test can run (issue 13): the lab's task / knowledge / power (= Login VSI 4.1's),
 * Login VSI 4.1 and Login Enterprise by name, and Microsoft's multi-session sizing classes
 * (core/models/vdi-workloads.ts has every figure and its source).
 */
export const CAPACITY_WORKLOADS = [
  ...WORKLOADS,
  'lvsi-task',
  'lvsi-office',
  'lvsi-knowledge',
  'lvsi-power',
  'le-task',
  'le-knowledge',
  'ms-light',
  'ms-medium',
  'ms-heavy',
] as const;
export type CapacityWorkload = (typeof CAPACITY_WORKLOADS)[number];

/** Guest OS of the desktops or session hosts: a factor on CPU, I/O, memory and logon. */
export const CAPACITY_OS = ['win7', 'win10', 'win11', 'ws2012r2', 'ws2016', 'ws2019', 'ws2022', 'win10-ms', 'win11-ms'] as const;
export type CapacityOs = (typeof CAPACITY_OS)[number];

export const HYPERVISOR_KINDS = ['esxi', 'ahv', 'kvm', 'hyper-v', 'xenserver'] as const;
export type HypervisorKind = (typeof HYPERVISOR_KINDS)[number];

/** The array's write penalty (RAID10 2, RAID5 4, RAID6 6, HCI 2 / 3 copies, a flash array with NVRAM 1). */
export const STORAGE_KINDS = ['flash-array', 'raid10', 'raid5', 'raid6', 'hci-rf2', 'hci-rf3'] as const;
export type StorageKindName = (typeof STORAGE_KINDS)[number];

export const CAPACITY_METRICS = ['vsimax', 'cpu-target'] as const;
export type CapacityMetric = (typeof CAPACITY_METRICS)[number];

const workloadMix = z
  .partialRecord(z.enum(CAPACITY_WORKLOADS), z.number().min(0).max(1000))
  .refine((m) => Object.values(m).some((v) => (v ?? 0) > 0), { message: 'a workload mix needs at least one workload with a share above 0' });

/** Issue 19: VM flags the capacity tool sizes with (shared/hypervisors/catalogue.ts: their named CPU and memory overheads). */
const vmFlags = z.strictObject({ confidential: z.enum(CONFIDENTIAL_KINDS).default('none'), nestedVirtualization: z.boolean().default(false) }).optional();

const singleSession = z.strictObject({
  kind: z.literal('single-session'),
  vmFlags,
  /** A vGPU per desktop: the profile's frame buffer caps desktops per GPU (NVIDIA vGPU user guide), a density limit beside VSImax. */
  vgpu: z.strictObject({ profile: z.string().min(1).max(40), gpusPerHost: z.number().int().min(1).max(16) }).optional(),
  /** vCPUs and RAM of each desktop VM (one per user). */
  vcpu: z.number().int().min(1).max(64),
  ramGb: z.number().min(1).max(1024),
  diskGb: z.number().min(16).max(4096).default(64),
  /** Guest OS; default Windows 10. */
  os: z.enum(CAPACITY_OS).optional(),
});

const multiSession = z.strictObject({
  kind: z.literal('multi-session'),
  vmFlags,
  /** Session host VMs per physical host; users share them. */
  vmsPerHost: z.number().int().min(1).max(256),
  vcpu: z.number().int().min(1).max(128),
  ramGb: z.number().min(4).max(4096),
  diskGb: z.number().min(16).max(4096).default(120),
  /** Max sessions per session host VM (Horizon's max sessions per RDS host). */
  maxSessionsPerVm: z.number().int().min(1).max(500).default(500),
  loadBalancing: z.enum(LOAD_BALANCING).default('breadth-first'),
  /** Guest OS; default Windows Server 2016 (Microsoft's users-per-vCPU table predates 2022). */
  os: z.enum(CAPACITY_OS).optional(),
});

/** A hyper-converged node's controller VM (Nutanix CVM); every figure has the Nutanix default. */
const controllerVm = z.strictObject({
  coresConsumed: z.number().min(0).max(64).default(4),
  vcpu: z.number().int().min(0).max(64).default(12),
  ramGb: z.number().min(0).max(512).default(32),
});

/** The hosts of a capacity test or a boot storm: identical hosts in one cluster. */
export const CAPACITY_HOSTS = z
  .strictObject({
    count: z.number().int().min(1, 'the test needs at least 1 host').max(64),
    sockets: z.number().int().min(1, 'a host needs at least 1 socket').max(8),
    coresPerSocket: z.number().int().min(1, 'a host needs at least 1 core per socket').max(128),
    /** Base clock. Optional when `cpuModel` names a catalogue CPU (its base clock is used). */
    ghz: z.number().min(0.5).max(6).optional(),
    /**
     * The CPU, from the catalogue (shared/capacity/cpu-catalogue.ts: "Intel Xeon Gold 6442Y", "EPYC 9274F"),
     * or its SPECrate2017_int_base per core, or the VDI index per core directly. Without any of them,
     * `ghz` stands for a Skylake / Cascade Lake core at that clock (docs/CALIBRATION.md).
     */
    cpuModel: z.string().trim().min(2).max(80).optional(),
    specIntRatePerCore: z.number().min(0.5).max(40).optional(),
    vixPerCore: z.number().min(0.5).max(40).optional(),
    hyperthreading: z.boolean(),
    hypervisor: z.enum(HYPERVISOR_KINDS).default('esxi'),
    /** Hyper-converged: a controller VM per host takes CPU and RAM (Nutanix CVM: 4 cores, 12 vCPU, 32 GB). */
    hci: z.enum(['none', 'nutanix']).default('none'),
    cvm: controllerVm.optional(),
    ramGb: z.number().min(8).max(24576),
    /** Power draw for the consolidation report (DOMAIN.md power model); defaults are a current 2-socket server. */
    powerIdleW: z.number().min(10).max(5000).default(180),
    powerPeakW: z.number().min(10).max(10000).default(720),
    rackUnits: z.number().int().min(1).max(10).default(2),
  })
  .refine((h) => h.ghz !== undefined || h.cpuModel !== undefined, { message: 'give the clock (ghz) or a CPU model (cpuModel)', path: ['ghz'] });

/** Shared storage: one datastore for the test's hosts. */
export const CAPACITY_STORAGE = z.strictObject({
  /** Back-end IOPS the array serves (a write costs its kind's write penalty). */
  iops: z.number().min(100).max(10_000_000),
  serviceTimeMs: z.number().min(0.05).max(50),
  capacityTb: z.number().min(0.1).max(10_000),
  kind: z.enum(STORAGE_KINDS).default('flash-array'),
});

/**
 * A capacity test definition. Every field a planner would type; defaults where
 * Login VSI has one. Objects are strict: a misspelt field is an error naming it.
 */
export const CAPACITY_DEFINITION = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).default(''),
  hosts: CAPACITY_HOSTS,
  storage: CAPACITY_STORAGE,
  network: z.strictObject({ nicGbps: z.number().min(0.01).max(400), nics: z.number().int().min(1).max(16).default(2) }).default({ nicGbps: 25, nics: 2 }),
  sessionHost: z.discriminatedUnion('kind', [singleSession, multiSession]),
  workload: z.union([z.enum(CAPACITY_WORKLOADS), workloadMix], {
    error: `workload must be task, knowledge, power (Login VSI 4.1), one of ${CAPACITY_WORKLOADS.slice(3).join(', ')}, or a mix such as {"knowledge": 0.7, "task": 0.3}`,
  }),
  protocol: z.enum(PROTOCOLS).default('blast'),
  /** Display frame rate the protocol is held to (default 30; Nutanix's tests often limit HDX to 16). */
  protocolFps: z.number().min(1).max(60).default(30),
  /** An on-access security agent: false, true (× 1.15 CPU) or its CPU factor (1–2). */
  antivirus: z.union([z.boolean(), z.number().min(1).max(2)]).default(false),
  launch: z.strictObject({
    sessions: z.number().int().min(1, 'launch at least 1 session').max(20_000),
    /** Login VSI's default launch window: 2,880 s (48 min). */
    timeframeSec: z.number().int().min(60).max(14_400).default(2880),
    /** Time after the last launch with every session running (Login Enterprise's steady state). */
    steadyStateSec: z.number().int().min(0).max(7200).default(0),
  }),
  threshold: z.strictObject({ rule: z.enum(THRESHOLD_RULES).default('base+1000') }).default({ rule: 'base+1000' }),
  planning: z
    .strictObject({
      /** Users the design must carry (for "hosts needed"). */
      targetUsers: z.number().int().min(1).max(1_000_000).default(1000),
      /** Operate this far below VSImax (share of VSImax kept as headroom). */
      safetyMarginPct: z.number().min(0).max(90).default(20),
      /** Spare hosts for failover: N+1 by default. */
      haSpareHosts: z.number().int().min(0).max(16).default(1),
      /** Login Enterprise's density: users per host with the steady host CPU at this % (editable). */
      cpuTargetPct: z.number().min(10).max(100).default(80),
      /** Which metric the recommendations size on: VSImax (Login VSI) or the density at the CPU target (Login Enterprise). */
      metric: z.enum(CAPACITY_METRICS).default('vsimax'),
    })
    .default({ targetUsers: 1000, safetyMarginPct: 20, haSpareHosts: 1, cpuTargetPct: 80, metric: 'vsimax' }),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
});

/** What a file or the wizard provides (defaults may be left out). */
export type CapacityDefinitionInput = z.input<typeof CAPACITY_DEFINITION>;
/** A parsed definition: every default filled in. */
export type CapacityDefinition = z.output<typeof CAPACITY_DEFINITION>;
export type CapacityWorkloadMix = Partial<Record<CapacityWorkload, number>>;

/** Fields a sweep may vary (dotted paths into the definition). */
export const CAPACITY_SWEEP_KEYS = [
  'hosts.count',
  'hosts.sockets',
  'hosts.coresPerSocket',
  'hosts.ghz',
  'hosts.cpuModel',
  'hosts.specIntRatePerCore',
  'hosts.vixPerCore',
  'hosts.hyperthreading',
  'hosts.hypervisor',
  'hosts.hci',
  'hosts.ramGb',
  'storage.iops',
  'storage.serviceTimeMs',
  'storage.kind',
  'network.nicGbps',
  'sessionHost.kind',
  'sessionHost.vcpu',
  'sessionHost.ramGb',
  'sessionHost.vmsPerHost',
  'sessionHost.loadBalancing',
  'sessionHost.os',
  'workload',
  'protocol',
  'protocolFps',
  'antivirus',
  'launch.sessions',
  'launch.timeframeSec',
  'threshold.rule',
  'planning.cpuTargetPct',
  'seed',
] as const;
export type CapacitySweepKey = (typeof CAPACITY_SWEEP_KEYS)[number];
export type CapacitySweepValue = number | string | boolean;
