// Hypervisor types and virtual hardware (issue 19): this domain's part of the method map (spread into `methods` in methods.ts).
import { z } from 'zod';
import { method } from './define.ts';
import type { Cluster } from './entities.ts';
import {
  GPU_MODELS,
  HARDWARE_CHANGE,
  type HostGpu,
  HYPERVISOR_TYPES,
  type DesktopHardware,
  type DesktopHardwareSetResult,
  type HypervisorCatalogue,
  type PoolHardware,
  type PoolHardwareSetResult,
} from './hardware-entities.ts';

const id = z.string().min(1).max(64);

export const hardwareMethods = {
  'hypervisor-catalogue': method<HypervisorCatalogue>()({
    description:
      'The hypervisor types a cluster can run (their words, disk format, balancing, hot-add, overheads), the vGPU profiles and the costs of confidential and nested VMs.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'desktop-hardware-get': method<DesktopHardware>()({
    description:
      "A VM's virtual hardware (vCPU topology, memory, disks, vNICs, firmware, vTPM, vGPU, confidential and nested flags), its figures and any change waiting for a power cycle.",
    input: z.strictObject({ desktopId: id }),
    mutates: false,
    permission: 'read',
  }),
  'desktop-hardware-set': method<DesktopHardwareSetResult>()({
    description:
      "Edits a VM's virtual hardware. Powered off: applied. Running: vCPUs and memory grow at once where hot-add is on (and the hypervisor and guest allow it); the rest waits for the next power cycle.",
    input: HARDWARE_CHANGE.extend({ desktopId: id }),
    mutates: true,
    permission: 'configure',
  }),
  'pool-hardware-get': method<PoolHardware>()({
    description: "A desktop pool's template virtual hardware (what its new machines get).",
    input: z.strictObject({ poolId: id }),
    mutates: false,
    permission: 'read',
  }),
  'pool-hardware-set': method<PoolHardwareSetResult>()({
    description: "Edits a desktop pool's template virtual hardware: machines provisioned from now on get it; existing machines keep theirs.",
    input: HARDWARE_CHANGE.extend({ poolId: id }),
    mutates: true,
    permission: 'configure',
  }),
  'cluster-set-hypervisor': method<Cluster>()({
    description:
      'Changes the hypervisor a cluster runs (ESXi, Hyper-V, KVM, AHV): its hosts are reinstalled, so only a cluster with no VM and no desktop pool, whose hosts are all in maintenance mode (or that has none), can change.',
    input: z.strictObject({ clusterId: id, hypervisor: z.enum(HYPERVISOR_TYPES) }),
    mutates: true,
    permission: 'configure',
  }),
  'host-gpu-list': method<HostGpu[]>()({
    description: "Every host's physical GPUs (model, count, frame buffer) with the vGPU VMs running on them: slots used and free per profile.",
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'host-gpu-set': method<HostGpu | null>()({
    description:
      "Sets a host's physical GPUs (an NVIDIA model from the vGPU catalogue and a count of GPUs; an A16 board is 4) or removes them (gpu null). Refused while vGPU VMs run on the host: power them off or migrate them first.",
    input: z.strictObject({ hostId: id, gpu: z.strictObject({ model: z.enum(GPU_MODELS), gpus: z.number().int().min(1).max(16) }).nullable() }),
    mutates: true,
    permission: 'configure',
  }),
};
