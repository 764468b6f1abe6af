import type { HypervisorInfo, VirtualHardware } from '../../../src-main/contract/index.ts';

const onOff = (b: boolean) => (b ? 'on' : 'off');

export function cpuText(hw: VirtualHardware): string {
  return `${hw.sockets * hw.coresPerSocket} vCPU (${hw.sockets} socket${hw.sockets > 1 ? 's' : ''} × ${hw.coresPerSocket} core${hw.coresPerSocket > 1 ? 's' : ''}) · hot-add ${onOff(hw.cpuHotAdd)}`;
}

export function memoryText(hw: VirtualHardware): string {
  return `${hw.memoryGb} GB · reservation ${hw.memoryReservationGb ? `${hw.memoryReservationGb} GB` : 'none'} · hot-add ${onOff(hw.memoryHotAdd)}`;
}

export function firmwareText(hw: VirtualHardware): string {
  return `${hw.firmware === 'uefi' ? 'UEFI' : 'BIOS'}${hw.firmware === 'uefi' ? ` · Secure Boot ${onOff(hw.secureBoot)}` : ''} · vTPM ${hw.vtpm ? 'present' : 'none'}`;
}

const FORMAT: Record<string, string> = { vmdk: 'VMDK', vhdx: 'VHDX', qcow2: 'QCOW2', 'ahv-vdisk': 'AHV vDisk' };

export function disksText(hw: VirtualHardware): string {
  return hw.disks.map((d) => `${d.label}: ${d.sizeGb} GB ${FORMAT[d.format] ?? d.format}, ${d.provisioning}, ${d.controller}`).join(' · ');
}

export function nicsText(hw: VirtualHardware): string {
  return hw.nics.length === 0 ? 'None' : hw.nics.map((n) => `${n.label}: ${n.adapter} on ${n.portGroup} (VLAN ${n.vlan}), ${n.mac}`).join(' · ');
}

export function securityText(hw: VirtualHardware): string {
  const enc = hw.confidential === 'sev-snp' ? 'AMD SEV-SNP' : hw.confidential === 'tdx' ? 'Intel TDX' : 'none';
  return `memory encryption ${enc} · nested virtualization ${onOff(hw.nestedVirtualization)}`;
}

export function hypervisorText(hv: HypervisorInfo | undefined, type: string): string {
  return hv ? `${hv.label} (${hv.manager})` : type;
}
