import type {
  ConfidentialKind,
  DiskController,
  DiskFormat,
  HypervisorCatalogue,
  HypervisorInfo,
  HypervisorType,
  NicAdapter,
  VgpuProfileInfo,
} from '../../contract/hardware-entities.ts';
import { ESXI_MEMORY } from '../capacity/memory.ts';

// Issue 19: what each hypervisor a cluster can run brings — its words for the same operations,
// its disk format, its adapters and controllers, what it can hot-add, its per-VM memory overhead —
// and the costs of confidential computing, nested virtualization and vGPU profiles. Pure data and
// arithmetic: the engine (per-VM memory overhead), the handlers (what may be edited) and the
// console (the cluster's words) read the same table. The CPU virtualization overhead per hypervisor
// is the capacity model's (core/models/cpu-perf.ts `hypervisorOverhead`, sourced there) and is
// copied here only for display (the unit test checks the two agree).

interface HypervisorSpec {
  label: string;
  manager: string;
  diskFormat: DiskFormat;
  diskFormatLabel: string;
  terms: HypervisorInfo['terms'];
  balancing: HypervisorInfo['balancing'];
  cpuHotAdd: boolean;
  memoryHotAdd: boolean;
  /** vCPU hot-add turns vNUMA off (vSphere: a VM with CPU hot-add gets one virtual NUMA node). */
  hotAddDisablesVnuma: boolean;
  confidential: ConfidentialKind[];
  nested: boolean;
  nicAdapters: NicAdapter[];
  diskControllers: DiskController[];
  /** MAC addresses the hypervisor hands out (its OUI). */
  macOui: string;
  memoryOverhead: HypervisorInfo['memoryOverhead'];
  cpuOverheadShare: number;
}

export const HYPERVISOR_SPECS: Record<HypervisorType, HypervisorSpec> = {
  esxi: {
    label: 'VMware ESXi',
    manager: 'vCenter Server',
    diskFormat: 'vmdk',
    diskFormatLabel: 'VMDK',
    terms: { liveMigration: 'vMotion', balancing: 'DRS', ha: 'vSphere HA', snapshot: 'snapshot', template: 'VM template' },
    balancing: { available: true, name: 'DRS', note: 'Distributed Resource Scheduler: manual, partially or fully automated, threshold 1–5.' },
    cpuHotAdd: true,
    memoryHotAdd: true,
    // vSphere 8 API VirtualNuma.exposeVnumaOnCpuHotadd: "ESXi will enforce the VM to have single virtual NUMA node when CPU hotadd is enabled" (the default before 8.0 U1).
    hotAddDisablesVnuma: true,
    // vSphere 7.0 U1+ runs AMD SEV-ES guests (vSphere docs "Securing virtual machines with AMD SEV-ES": no vMotion, no memory
    // snapshots, no hot-add); Intel TDX is not supported. Modelled as the AMD option with those restrictions.
    confidential: ['sev-snp'],
    nested: true,
    nicAdapters: ['vmxnet3', 'e1000e'],
    diskControllers: ['pvscsi', 'lsi-sas', 'nvme', 'sata'],
    macOui: '00:50:56',
    memoryOverhead: {
      baseMb: ESXI_MEMORY.overheadBaseMb,
      perGbMb: ESXI_MEMORY.overheadPerGbMb,
      perExtraVcpuMb: ESXI_MEMORY.overheadPerExtraVcpuMb,
      source: 'VMware vSphere Resource Management, "Overhead Memory on Virtual Machines" (shared/DOMAIN.md: ≈ 18 MB + 7.4 MB per GB + 4 MB per extra vCPU)',
    },
    cpuOverheadShare: 0.1,
  },
  'hyper-v': {
    label: 'Microsoft Hyper-V',
    manager: 'System Center Virtual Machine Manager',
    diskFormat: 'vhdx',
    diskFormatLabel: 'VHDX',
    terms: {
      liveMigration: 'Live Migration',
      balancing: 'Dynamic Optimization',
      ha: 'Failover Clustering',
      snapshot: 'checkpoint',
      template: 'VM template (SCVMM)',
    },
    balancing: {
      available: true,
      name: 'Dynamic Optimization',
      note: 'SCVMM Dynamic Optimization moves VMs by Live Migration when a host passes its CPU / memory thresholds.',
    },
    // Hyper-V (Windows Server 2016+): memory of a running VM with static memory can be changed; vCPUs cannot be hot-added (Microsoft Learn, "What's new in Hyper-V on Windows Server 2016": hot add/remove memory; no processor hot-add).
    cpuHotAdd: false,
    memoryHotAdd: true,
    hotAddDisablesVnuma: false,
    // Windows Server 2025 Hyper-V: AMD SEV-SNP and Intel TDX guests are Azure-only (not on-premises) — modelled as none.
    confidential: [],
    nested: true,
    nicAdapters: ['synthetic', 'legacy'],
    diskControllers: ['scsi', 'ide'],
    macOui: '00:15:5d',
    memoryOverhead: {
      baseMb: 24,
      perGbMb: 8,
      perExtraVcpuMb: 0,
      // Not confirmed: Microsoft's current Hyper-V docs publish no per-VM overhead formula; the figure is the Windows Server 2008 R2
      // planning guidance as widely quoted. The stored pages searched (2026-12) had only Aidan Finn's 2008 measurement of the
      // "Hyper-V VM VID Partition – Overhead bytes" counter (well under 1 % of assigned RAM) and Altaro's note that the hypervisor
      // itself takes ≈ 300 MB per host: neither gives a per-GB figure to replace this one, so it stays, named as unconfirmed.
      // Searched again 2026-12-06 (docs and pages corpora: "Hyper-V virtual machine memory overhead per VM 32 MB plus 8 MB per GB",
      // "Hyper-V host reserve memory overhead for each virtual machine", "… first GB 32 MB each additional GB 8 MB"): the docs
      // corpus had only Windows Virtual PC COM properties (MaximumMemoryPerVM) and OpenShift Virtualization's own formula, the
      // pages corpus the same two third-party posts plus TechNet Magazine's Dynamic Memory article (no figure). Still no Microsoft source.
      source:
        "Windows Server 2008 R2 Hyper-V planning guidance (unconfirmed in current Microsoft docs): 32 MB for the first GB of a VM's memory and 8 MB for each additional GB",
    },
    cpuOverheadShare: 0.1,
  },
  kvm: {
    label: 'KVM (Proxmox VE / oVirt)',
    manager: 'Proxmox VE / oVirt Engine',
    diskFormat: 'qcow2',
    diskFormatLabel: 'QCOW2',
    terms: { liveMigration: 'live migration', balancing: null, ha: 'HA manager', snapshot: 'snapshot', template: 'template' },
    balancing: {
      available: false,
      name: null,
      note: 'No automatic load balancing is modelled (Proxmox VE has none before its CRS; oVirt scheduling policies are not modelled).',
    },
    cpuHotAdd: true,
    memoryHotAdd: true,
    hotAddDisablesVnuma: false,
    confidential: ['sev-snp', 'tdx'],
    nested: true,
    nicAdapters: ['virtio-net', 'e1000'],
    diskControllers: ['virtio-scsi', 'virtio-blk', 'sata', 'ide'],
    macOui: '52:54:00',
    memoryOverhead: {
      baseMb: 72,
      perGbMb: 2,
      perExtraVcpuMb: 8,
      // Confirmed in oVirt engine's VmOverheadCalculatorImpl (getStaticOverheadInMb: fixedOverhead 64 on x86 + vmRam / 512;
      // getPossibleOverheadInMb: 8 × vCPUs + 8 × I/O threads + video RAM): 72 + 8 × (vCPUs − 1) = 64 + 8 × vCPUs. Video RAM and
      // I/O threads are left out (a desktop's display adapter is counted in its guest memory here).
      source: 'oVirt engine VmOverheadCalculatorImpl: 64 MB fixed QEMU overhead (x86) + page tables (RAM / 512 ≈ 2 MB per GB) + 8 MB per vCPU',
    },
    cpuOverheadShare: 0.05,
  },
  ahv: {
    label: 'Nutanix AHV',
    manager: 'Prism Central',
    diskFormat: 'ahv-vdisk',
    diskFormatLabel: 'AHV vDisk',
    terms: { liveMigration: 'live migration', balancing: 'ADS', ha: 'AHV HA', snapshot: 'snapshot', template: 'VM template' },
    balancing: { available: true, name: 'ADS', note: 'Acropolis Dynamic Scheduling: moves VMs off CPU or storage hotspots; not tunable like DRS.' },
    // Nutanix AHV Admin Guide: memory and vCPU hot-plug for running VMs (vCPU only as sockets).
    cpuHotAdd: true,
    memoryHotAdd: true,
    hotAddDisablesVnuma: false,
    confidential: [],
    nested: true,
    nicAdapters: ['virtio-net', 'e1000'],
    diskControllers: ['scsi', 'sata', 'ide'],
    macOui: '50:6b:8d',
    // AHV is KVM/QEMU: the same per-VM overhead.
    memoryOverhead: { baseMb: 72, perGbMb: 2, perExtraVcpuMb: 8, source: 'AHV is KVM/QEMU: the oVirt figures (64 MB + RAM / 512 + 8 MB per vCPU)' },
    cpuOverheadShare: 0.05,
  },
};

/** The hypervisor's memory overhead for one VM (MB). */
export function hypervisorOverheadMb(hv: HypervisorType, ramGb: number, vcpu: number): number {
  const m = HYPERVISOR_SPECS[hv].memoryOverhead;
  return m.baseMb + m.perGbMb * ramGb + m.perExtraVcpuMb * Math.max(0, vcpu - 1);
}

/**
 * Confidential computing. Costs and restrictions:
 * - CPU: SEV-SNP and TDX leave CPU-bound work almost untouched and slow memory- and I/O-heavy work
 *   (bounce buffers, encrypted page walks). 1.05 for a desktop mix: rcastellotti.dev, "Performance
 *   Evaluation of AMD SEV" (2023, QEMU/KVM: CPU-bound workloads negligible, memory operations slower)
 *   and Red Hat Developer, "Confidential virtual machines versus VMs: latency analysis" (2025).
 * - Memory: guest memory is pinned (no ballooning, no page sharing, no swap) and the guest keeps
 *   SWIOTLB bounce buffers for I/O: Linux sizes them at 6 % of guest memory for a CoCo guest,
 *   at least 64 MB and at most 1 GB (kernel mem_encrypt / swiotlb_adjust_size).
 * - No snapshot with memory, no live migration (SEV-SNP / TDX 1.0 guests; vSphere docs "vMotion
 *   not supported" for SEV-ES VMs, QEMU has no SNP migration upstream).
 */
export const CONFIDENTIAL_PARAMS: Record<
  Exclude<ConfidentialKind, 'none'>,
  { label: string; cpuFactor: number; memoryOverheadShare: number; memoryOverheadMinMb: number; memoryOverheadMaxMb: number; source: string }
> = {
  'sev-snp': {
    label: 'AMD SEV-SNP',
    cpuFactor: 1.05,
    memoryOverheadShare: 0.06,
    memoryOverheadMinMb: 64,
    memoryOverheadMaxMb: 1024,
    source: 'CPU: rcastellotti.dev "Performance Evaluation of AMD SEV" (2023); memory: Linux swiotlb_adjust_size for encrypted guests (6 %, 64 MB – 1 GB)',
  },
  tdx: {
    label: 'Intel TDX',
    cpuFactor: 1.05,
    memoryOverheadShare: 0.06,
    memoryOverheadMinMb: 64,
    memoryOverheadMaxMb: 1024,
    source:
      'CPU: Red Hat Developer "Confidential virtual machines versus VMs: latency analysis" (2025); memory: Linux swiotlb_adjust_size for encrypted guests (6 %, 64 MB – 1 GB)',
  },
};

/**
 * Nested virtualization (a hypervisor inside the VM, as training labs do): the VM's own work pays the
 * exits of the inner hypervisor. CPU ×1.10: Microsoft's measurements of Hyper-V nested in Hyper-V
 * (Larry Exchange, "Performance Overhead of Nested Virtualization on Windows Server 2016 TP4": CPU
 * benchmark within ~10 % of the L1 VM) and NestCloud (5.2 % CPU, 5.7 % memory with hardware
 * assists). Memory: the inner hypervisor's own footprint and shadow (EPT-on-EPT) tables, 5.7 %
 * (NestCloud) with a floor of 256 MB (an estimate: a minimal inner hypervisor).
 */
export const NESTED_PARAMS = {
  cpuFactor: 1.1,
  memoryOverheadShare: 0.057,
  memoryOverheadMinMb: 256,
  source: 'Microsoft "Performance Overhead of Nested Virtualization on Windows Server 2016 TP4" (CPU ≈ 10 %); NestCloud (CPU 5.2 %, memory 5.7 %)',
} as const;

/** Memory a confidential or nested VM costs beyond the hypervisor's overhead (MB). */
export function flagsOverheadMb(ramGb: number, confidential: ConfidentialKind, nested: boolean): number {
  let mb = 0;
  if (confidential !== 'none') {
    const c = CONFIDENTIAL_PARAMS[confidential];
    mb += Math.min(c.memoryOverheadMaxMb, Math.max(c.memoryOverheadMinMb, ramGb * 1024 * c.memoryOverheadShare));
  }
  if (nested) mb += Math.max(NESTED_PARAMS.memoryOverheadMinMb, ramGb * 1024 * NESTED_PARAMS.memoryOverheadShare);
  return mb;
}

/** CPU demand multiplier of the flags. */
export function flagsCpuFactor(confidential: ConfidentialKind, nested: boolean): number {
  return (confidential === 'none' ? 1 : CONFIDENTIAL_PARAMS[confidential].cpuFactor) * (nested ? NESTED_PARAMS.cpuFactor : 1);
}

/**
 * NVIDIA vGPU profiles. NVIDIA's vGPU deployment guide for Citrix Virtual Apps and Desktops ("vGPU
 * profiles", docs.nvidia.com/vgpu/deployment/citrix-virtual-apps, 2025-10): "The division of the frame
 * buffer defines the number of users possible per GPU with that specific profile", and a GPU runs in
 * equal-size mode by default (every vGPU on it has the same frame buffer; mixed sizes need vGPU 17+
 * and mixed-size mode, not modelled). NVIDIA's vGPU type tables: the maximum per board is the maximum
 * per GPU × the physical GPUs per board. Frame buffers: A16 board = 4 GPUs of 16 GB (64 users per board
 * at 1 GB, NVIDIA A16 product brief PB-10518-001); A40 48 GB; L4 24 GB. So a GPU carries
 * floor(GPU frame buffer ÷ profile frame buffer) desktops of one profile.
 */
export const VGPU_GPUS = { A16: 16, A40: 48, L4: 24 } as const;
export type VgpuGpu = keyof typeof VGPU_GPUS;
const profile = (gpu: VgpuGpu, fbGb: number, suffix: 'B' | 'Q'): VgpuProfileInfo => ({
  name: `${gpu}-${fbGb}${suffix}`,
  gpu,
  frameBufferGb: fbGb,
  gpuFrameBufferGb: VGPU_GPUS[gpu],
  perGpu: Math.floor(VGPU_GPUS[gpu] / fbGb),
});
export const VGPU_PROFILES: readonly VgpuProfileInfo[] = [
  profile('A16', 1, 'B'),
  profile('A16', 2, 'B'),
  profile('A16', 2, 'Q'),
  profile('A16', 4, 'Q'),
  profile('A40', 2, 'Q'),
  profile('A40', 4, 'Q'),
  profile('A40', 8, 'Q'),
  profile('L4', 2, 'Q'),
  profile('L4', 4, 'Q'),
];

export function vgpuProfile(name: string): VgpuProfileInfo | undefined {
  return VGPU_PROFILES.find((p) => p.name === name);
}

/** How many desktops of a profile a host with `gpus` physical GPUs carries. */
export function vgpuDesktopsPerHost(name: string, gpus: number): number {
  const p = vgpuProfile(name);
  return p ? p.perGpu * gpus : 0;
}

export function hypervisorInfo(hv: HypervisorType): HypervisorInfo {
  const s = HYPERVISOR_SPECS[hv];
  return {
    type: hv,
    label: s.label,
    manager: s.manager,
    diskFormat: s.diskFormat,
    diskFormatLabel: s.diskFormatLabel,
    terms: { ...s.terms },
    balancing: { ...s.balancing },
    cpuHotAdd: s.cpuHotAdd,
    memoryHotAdd: s.memoryHotAdd,
    confidential: [...s.confidential],
    nested: s.nested,
    nicAdapters: [...s.nicAdapters],
    diskControllers: [...s.diskControllers],
    memoryOverhead: { ...s.memoryOverhead },
    cpuOverheadShare: s.cpuOverheadShare,
  };
}

export function hypervisorCatalogue(): HypervisorCatalogue {
  return {
    hypervisors: (Object.keys(HYPERVISOR_SPECS) as HypervisorType[]).map(hypervisorInfo),
    vgpuProfiles: VGPU_PROFILES.map((p) => ({ ...p })),
    confidential: (Object.keys(CONFIDENTIAL_PARAMS) as Exclude<ConfidentialKind, 'none'>[]).map((kind) => {
      const c = CONFIDENTIAL_PARAMS[kind];
      return {
        kind,
        label: c.label,
        cpuFactor: c.cpuFactor,
        memoryOverheadShare: c.memoryOverheadShare,
        memoryOverheadMinMb: c.memoryOverheadMinMb,
        source: c.source,
      };
    }),
    nested: { cpuFactor: NESTED_PARAMS.cpuFactor, memoryOverheadShare: NESTED_PARAMS.memoryOverheadShare, source: NESTED_PARAMS.source },
  };
}
