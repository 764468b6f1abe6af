import { z } from 'zod';

// Issue 19: hypervisor types per cluster and the virtual hardware of each VM (vCPU topology,
// memory, disks, vNICs, firmware, vTPM, vGPU, confidential computing, nested virtualization).
// The arithmetic and the per-hypervisor facts are in shared/hypervisors/.

/** What a cluster's hosts run. */
export const HYPERVISOR_TYPES = ['esxi', 'hyper-v', 'kvm', 'ahv'] as const;
export type HypervisorType = (typeof HYPERVISOR_TYPES)[number];

export const DISK_FORMATS = ['vmdk', 'vhdx', 'qcow2', 'ahv-vdisk'] as const;
export type DiskFormat = (typeof DISK_FORMATS)[number];
export const DISK_PROVISIONING = ['thin', 'thick'] as const;
export const DISK_CONTROLLERS = ['pvscsi', 'lsi-sas', 'nvme', 'sata', 'scsi', 'ide', 'virtio-scsi', 'virtio-blk'] as const;
export type DiskController = (typeof DISK_CONTROLLERS)[number];
export const NIC_ADAPTERS = ['vmxnet3', 'e1000e', 'synthetic', 'legacy', 'virtio-net', 'e1000'] as const;
export type NicAdapter = (typeof NIC_ADAPTERS)[number];
export const FIRMWARE_TYPES = ['bios', 'uefi'] as const;
export type Firmware = (typeof FIRMWARE_TYPES)[number];
/** Memory encryption of a confidential VM: none, AMD SEV-SNP or Intel TDX. */
export const CONFIDENTIAL_KINDS = ['none', 'sev-snp', 'tdx'] as const;
export type ConfidentialKind = (typeof CONFIDENTIAL_KINDS)[number];

const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/;

export const VIRTUAL_DISK = z.strictObject({
  label: z.string().trim().min(1).max(40),
  sizeGb: z.number().min(1).max(65_536),
  provisioning: z.enum(DISK_PROVISIONING),
  controller: z.enum(DISK_CONTROLLERS),
});
export type VirtualDisk = z.output<typeof VIRTUAL_DISK> & { format: DiskFormat };

export const VIRTUAL_NIC = z.strictObject({
  label: z.string().trim().min(1).max(40),
  adapter: z.enum(NIC_ADAPTERS),
  /** A network (port group / VLAN) of the VM's cluster. */
  networkId: z.string().min(1).max(64),
  /** Lower-case colon form; omitted: the hypervisor assigns one from its own range. */
  mac: z.string().regex(MAC, 'a MAC address is six lower-case hex pairs separated by colons (00:50:56:aa:bb:cc)').optional(),
});
export type VirtualNic = Required<z.output<typeof VIRTUAL_NIC>> & { portGroup: string; vlan: number };

/** The editable part of a VM's virtual hardware (every field optional: what is given changes). */
export const HARDWARE_CHANGE = z.strictObject({
  sockets: z.number().int().min(1).max(8).optional(),
  coresPerSocket: z.number().int().min(1).max(64).optional(),
  cpuHotAdd: z.boolean().optional(),
  memoryGb: z.number().min(1).max(4096).optional(),
  memoryReservationGb: z.number().min(0).max(4096).optional(),
  memoryHotAdd: z.boolean().optional(),
  firmware: z.enum(FIRMWARE_TYPES).optional(),
  secureBoot: z.boolean().optional(),
  vtpm: z.boolean().optional(),
  /** An NVIDIA vGPU profile name (shared/hypervisors VGPU_PROFILES), or null for none. */
  vgpuProfile: z.string().min(1).max(40).nullable().optional(),
  confidential: z.enum(CONFIDENTIAL_KINDS).optional(),
  nestedVirtualization: z.boolean().optional(),
  disks: z.array(VIRTUAL_DISK).min(1).max(16).optional(),
  nics: z.array(VIRTUAL_NIC).min(0).max(10).optional(),
});
export type HardwareChange = z.output<typeof HARDWARE_CHANGE>;

/** A VM's whole virtual hardware. */
export interface VirtualHardware {
  sockets: number;
  coresPerSocket: number;
  cpuHotAdd: boolean;
  memoryGb: number;
  memoryReservationGb: number;
  memoryHotAdd: boolean;
  firmware: Firmware;
  secureBoot: boolean;
  vtpm: boolean;
  vgpuProfile: string | null;
  confidential: ConfidentialKind;
  nestedVirtualization: boolean;
  disks: VirtualDisk[];
  nics: VirtualNic[];
}

/** Figures that follow from the hardware and the hypervisor (the console shows them, the engine uses them). */
export interface HardwareFigures {
  vcpu: number;
  /** The hypervisor's per-VM memory overhead plus the confidential / nested extras (MB). */
  overheadMb: number;
  /** CPU demand multiplier from confidential computing and nested virtualization (1 = none). */
  cpuFactor: number;
  /** The guest sees virtual NUMA nodes (false on vSphere when CPU hot-add is on). */
  vnumaExposed: boolean;
  /** Live migration allowed (confidential VMs cannot be live-migrated). */
  liveMigration: boolean;
  /** Snapshots with memory allowed (confidential VMs: disk-only). */
  memorySnapshots: boolean;
  /** Provisioned and thin-allocated share of the disks. */
  provisionedGb: number;
  thinShare: number;
}

export interface DesktopHardware {
  desktopId: string;
  desktopName: string;
  poolId: string;
  clusterId: string;
  hypervisor: HypervisorType;
  guestOs: string;
  powerState: 'poweredOn' | 'poweredOff' | 'suspended';
  /** What the VM runs with now. */
  hardware: VirtualHardware;
  figures: HardwareFigures;
  /** Changes saved but waiting for the next power cycle (null: none). */
  pending: VirtualHardware | null;
  /** Why the pending change waits (no hot-add, guest, hot-remove …). */
  pendingReasons: string[];
  /** 'pool': the VM still has its pool's template hardware; 'vm': edited on this VM. */
  source: 'pool' | 'vm';
  /**
   * What the running simulation charges for the VM now (null: not in the engine): the CPU demand multiplier it
   * applies (the confidential / nested flags' named factor) and the host CPU the VM used in the last tick (MHz; 0 when off).
   */
  running: { cpuFactor: number; hostCpuMhz: number } | null;
}

export interface DesktopHardwareSetResult extends DesktopHardware {
  /** What happened to the change: applied to the running VM, waiting for a power cycle, or applied at once to a VM that is off. */
  applied: 'hot-added' | 'pending' | 'applied';
  notes: string[];
}

export interface PoolHardware {
  poolId: string;
  poolName: string;
  clusterId: string;
  hypervisor: HypervisorType;
  guestOs: string;
  hardware: VirtualHardware;
  figures: HardwareFigures;
  source: 'default' | 'template';
}

export interface PoolHardwareSetResult extends PoolHardware {
  /** Existing machines that keep their hardware (new machines get the template). */
  existingMachines: number;
  notes: string[];
}

/** One hypervisor as the console describes it (shared/hypervisors/catalogue.ts). */
export interface HypervisorInfo {
  type: HypervisorType;
  label: string;
  manager: string;
  diskFormat: DiskFormat;
  diskFormatLabel: string;
  terms: { liveMigration: string; balancing: string | null; ha: string; snapshot: string; template: string };
  balancing: { available: boolean; name: string | null; note: string };
  cpuHotAdd: boolean;
  memoryHotAdd: boolean;
  confidential: ConfidentialKind[];
  nested: boolean;
  nicAdapters: NicAdapter[];
  diskControllers: DiskController[];
  memoryOverhead: { baseMb: number; perGbMb: number; perExtraVcpuMb: number; source: string };
  cpuOverheadShare: number;
}

export interface VgpuProfileInfo {
  name: string;
  gpu: string;
  frameBufferGb: number;
  gpuFrameBufferGb: number;
  perGpu: number;
}

export interface HypervisorCatalogue {
  hypervisors: HypervisorInfo[];
  vgpuProfiles: VgpuProfileInfo[];
  confidential: { kind: ConfidentialKind; label: string; cpuFactor: number; memoryOverheadShare: number; memoryOverheadMinMb: number; source: string }[];
  nested: { cpuFactor: number; memoryOverheadShare: number; source: string };
}

/** Physical GPU models a host can carry (the vGPU catalogue's; shared/hypervisors/catalogue.ts VGPU_GPUS). */
export const GPU_MODELS = ['A16', 'A40', 'L4'] as const;
export type GpuModel = (typeof GPU_MODELS)[number];

/** A host's physical GPUs and the vGPU VMs running on them (issue 19, migration 020). */
export interface HostGpu {
  hostId: string;
  model: GpuModel;
  /** Physical GPUs (an A16 board is 4). */
  gpus: number;
  frameBufferGbPerGpu: number;
  /** GPUs running a profile now (equal-size mode: one profile per GPU). */
  gpusInUse: number;
  /** Per profile running on the host: its VMs, the GPUs they occupy, VMs per GPU, and its slots (its GPUs' and the free GPUs'). */
  profiles: { profile: string; vms: number; gpus: number; perGpu: number; slots: number }[];
}
