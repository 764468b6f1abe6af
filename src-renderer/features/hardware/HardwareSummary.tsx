import type { HardwareFigures, HypervisorCatalogue, HypervisorType, VirtualHardware } from '../../../src-main/contract/index.ts';
import type { DetailField } from '../../components/DetailCard.tsx';
import { formatInt } from '../../components/format.ts';
import { cpuText, disksText, firmwareText, hypervisorText, memoryText, nicsText, securityText } from './hardware-text.ts';

/** The term/value rows of a VM's or template's hardware, in the words of its cluster's hypervisor. */
export function hardwareFields(
  hw: VirtualHardware,
  f: HardwareFigures,
  hvType: HypervisorType,
  catalogue: HypervisorCatalogue | undefined,
  guestOs: string,
): DetailField[] {
  const hv = catalogue?.hypervisors.find((h) => h.type === hvType);
  const vgpu = hw.vgpuProfile ? catalogue?.vgpuProfiles.find((p) => p.name === hw.vgpuProfile) : undefined;
  return [
    { term: 'Hypervisor', value: hypervisorText(hv, hvType), testId: 'hw-hypervisor' },
    { term: 'Guest OS', value: guestOs, testId: 'hw-guest' },
    { term: 'CPU', value: cpuText(hw), testId: 'hw-cpu' },
    { term: 'vNUMA', value: f.vnumaExposed ? 'Exposed to the guest' : 'Off (CPU hot-add gives one virtual NUMA node)', testId: 'hw-vnuma' },
    { term: 'Memory', value: memoryText(hw), testId: 'hw-memory' },
    { term: 'Overhead', value: `${formatInt(f.overheadMb)} MB per VM${f.cpuFactor > 1 ? ` · CPU × ${f.cpuFactor.toFixed(2)}` : ''}`, testId: 'hw-overhead' },
    { term: 'Firmware', value: firmwareText(hw), testId: 'hw-firmware' },
    { term: 'Disks', value: `${disksText(hw)} · ${Math.round(f.thinShare * 100)} % allocated`, testId: 'hw-disks' },
    { term: 'Network adapters', value: nicsText(hw), testId: 'hw-nics' },
    { term: 'vGPU', value: vgpu ? `${vgpu.name}: ${vgpu.frameBufferGb} GB frame buffer, ${vgpu.perGpu} per ${vgpu.gpu} GPU` : 'None', testId: 'hw-vgpu' },
    { term: 'Security', value: securityText(hw), testId: 'hw-security' },
    {
      term: hv?.terms.liveMigration ?? 'Live migration',
      value: f.liveMigration ? 'Allowed' : 'Not possible (confidential VM: power it off to move it)',
      testId: 'hw-migration',
    },
  ];
}
