import { CPU_INDEX_PARAMS, resolveHostCpu, type HostCpuInput } from '../../shared/capacity/cpu-index.ts';

/**
 * CPU throughput of a host, in VDI index units ("vix", shared/capacity/cpu-index.ts), and what
 * the hypervisor, an HCI controller VM and SMT do to it. The engine keeps vSphere's view of CPU
 * (MHz of the host's own cores: capacity = cores × base MHz, as vCenter and Prism show it);
 * workloads demand vix, and each host converts vix to its MHz with `mhzPerVix`. A faster core
 * does the same work in fewer MHz: this is how Nutanix's "MHz per session" falls from 905 (Gold
 * 5220) to 768 (Gold 6442Y) while the work per session stays the same.
 *
 * | parameter | value | kind | source |
 * |---|---|---|---|
 * | `smtGain` | 0.40 | est | shared/capacity/cpu-index.ts (the wizard shows what a host is worth with it) |
 * | `hypervisorOverhead` | AHV 0.05, KVM 0.05, ESXi 0.10, Hyper-V 0.10, XenServer 0.10 of guest demand | fit / est | ESXi − AHV = 5 points from the same G9 hardware (AHV 130 / 155 vs ESXi 120 / 150 users; RA-2053, RA-2150 vs the consolidated vSphere RAs). KVM = AHV (AHV is KVM); Hyper-V, XenServer: no same-hardware data, set to ESXi's (XenServer 7.1 → 8.0 +6 % CPU, GO-EUC, shows the order) |
 * | `nutanixCvm` | 4 cores consumed, 12 vCPU, 32 GB | src | cores: Nutanix Sizer wiki (VDI: 4 cores per node, 4–6 by workload mix); vCPU / RAM: RA-2053 / RA-2150 test environment (the consolidated ESXi RAs used 16 vCPU / 48 GB) |
 * | `efficiencySigma` | 0.015 | est | per-host spread (turbo bins, thermals, silicon): Normal(1, σ) per host and seed in a capacity test |
 */
export const CPU_PERF_PARAMS = {
  smtGain: CPU_INDEX_PARAMS.smtGain,
  hypervisorOverhead: { esxi: 0.1, ahv: 0.05, kvm: 0.05, 'hyper-v': 0.1, xenserver: 0.1 },
  nutanixCvm: { coresConsumed: 4, vcpu: 12, ramGb: 32 },
  efficiencySigma: 0.015,
} as const;

export type Hypervisor = keyof typeof CPU_PERF_PARAMS.hypervisorOverhead;
export const HYPERVISORS = Object.keys(CPU_PERF_PARAMS.hypervisorOverhead) as Hypervisor[];

/** The CPU side of a host as the engine needs it (from a host record or a capacity definition). */
export interface HostCpuSpec extends HostCpuInput {
  hyperthreading: boolean;
  hypervisor?: Hypervisor | undefined;
  /** A hyper-converged controller VM on the host (Nutanix CVM), or none. */
  cvm?: { coresConsumed: number; vcpu: number; ramGb: number } | null | undefined;
  /** Host efficiency multiplier (1 = catalogue figure). */
  efficiency?: number | undefined;
}

export interface HostPerf {
  /** Per physical core, SMT on (the catalogue figure × efficiency). */
  vixPerCore: number;
  /** Throughput of the whole host: cores × vix per core, ÷ (1 + smtGain) with SMT off. */
  capacityVix: number;
  /** vCenter's capacity: cores × base MHz. */
  capacityMhz: number;
  /** MHz of this host's cores that one vix of work takes. */
  mhzPerVix: number;
  /** Share added to guest demand by the hypervisor. */
  overhead: number;
  /** The controller VM's CPU (MHz), vCPUs and RAM (MB); 0 without one. */
  cvmMhz: number;
  cvmVcpu: number;
  cvmRamMb: number;
}

export function hostPerf(cores: number, spec: HostCpuSpec): HostPerf {
  const cpu = resolveHostCpu(spec);
  if (!cpu) throw new RangeError(`host CPU: unknown model or no clock (${spec.cpuModel ?? 'no model'}, ${spec.ghz ?? 'no'} GHz)`);
  const p = CPU_PERF_PARAMS;
  const vixPerCore = cpu.vixPerCore * (spec.efficiency ?? 1);
  const perCore = spec.hyperthreading ? vixPerCore : vixPerCore / (1 + p.smtGain);
  const baseMhz = cpu.baseGhz * 1000;
  const cvm = spec.cvm ?? null;
  return {
    vixPerCore,
    capacityVix: cores * perCore,
    capacityMhz: cores * baseMhz,
    mhzPerVix: baseMhz / perCore,
    overhead: p.hypervisorOverhead[spec.hypervisor ?? 'esxi'],
    cvmMhz: cvm ? cvm.coresConsumed * baseMhz : 0,
    cvmVcpu: cvm ? cvm.vcpu : 0,
    cvmRamMb: cvm ? cvm.ramGb * 1024 : 0,
  };
}

/**
 * Speed of one vCPU (vix): a core's throughput shared by its two threads. With the sibling thread
 * idle a vCPU gets vixPerCore / (1 + smtGain); as the host fills, the sibling is busy and each
 * thread gets half the core (design §1.3: linear in host utilisation). SMT off: the whole core.
 */
export function vcpuSpeedVix(vixPerCore: number, hyperthreading: boolean, hostUtilization: number): number {
  const g = CPU_PERF_PARAMS.smtGain;
  if (!hyperthreading) return vixPerCore / (1 + g);
  const u = Math.min(1, Math.max(0, hostUtilization));
  return vixPerCore * (1 / (1 + g) + (0.5 - 1 / (1 + g)) * u);
}
