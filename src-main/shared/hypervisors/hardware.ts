import type {
  ConfidentialKind,
  HardwareChange,
  HardwareFigures,
  HypervisorType,
  VirtualDisk,
  VirtualHardware,
  VirtualNic,
} from '../../contract/hardware-entities.ts';
import { flagsCpuFactor, flagsOverheadMb, HYPERVISOR_SPECS, hypervisorOverheadMb, vgpuProfile } from './catalogue.ts';

// A VM's virtual hardware: its defaults from the pool, the rules every hypervisor enforces when it
// is edited, and what a change to a running VM does (hot-added now, or pending until the next power
// cycle). Pure: the handlers (app/handlers/hardware.ts) apply the outcome to the store and the engine.

/** One refusal: the field it is about (a path into the change) and why. */
export interface HardwareProblem {
  path: (string | number)[];
  message: string;
  /** 'invalid-input': the hardware itself is wrong; 'conflict': it cannot be done to this VM now. */
  code: 'invalid-input' | 'conflict' | 'not-found';
}

export interface NetworkRef {
  id: string;
  portGroup: string;
  vlan: number;
}

/** Windows 11 needs UEFI, Secure Boot and a TPM 2.0 (Microsoft, "Windows 11 system requirements"; on a VM: a vTPM). */
export function requiresVtpm(guestOs: string): boolean {
  return /windows 11/i.test(guestOs);
}

/**
 * What the guest can take hot. Windows 10 / 11 (64-bit) and Windows Server 2016+ accept CPU and memory
 * hot-add (VMware Compatibility Guide, guest OS features "Hot Add Memory" / "Hot Add vCPU");
 * older Windows (7, Server 2012) only memory; anything else, neither.
 */
export function guestHotAdd(guestOs: string): { cpu: boolean; memory: boolean } {
  if (/windows (10|11)|windows server (2016|2019|2022|2025)/i.test(guestOs)) return { cpu: true, memory: true };
  if (/windows (7|8)|windows server 2012/i.test(guestOs)) return { cpu: false, memory: true };
  return { cpu: false, memory: false };
}

/** A MAC address in the hypervisor's range, the same for the same key (a VM keeps its MAC). */
export function macFor(hv: HypervisorType, key: string, nic = 0): string {
  let h = 0x811c9dc5;
  const s = `${key}#${nic}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `${HYPERVISOR_SPECS[hv].macOui}:${hex((h >>> 16) & 0x3f)}:${hex((h >>> 8) & 0xff)}:${hex(h & 0xff)}`;
}

export interface DefaultHardwareInput {
  hv: HypervisorType;
  vcpu: number;
  ramGb: number;
  diskGb: number;
  guestOs: string;
  network: NetworkRef;
  /** What the MAC is derived from (the VM's or the pool's id). */
  key: string;
}

/** The hardware a VM of a pool starts with: what its admins would build (one socket, thin disk, the fast adapters, UEFI). */
export function defaultHardware(i: DefaultHardwareInput): VirtualHardware {
  const spec = HYPERVISOR_SPECS[i.hv];
  const win11 = requiresVtpm(i.guestOs);
  return {
    sockets: 1,
    coresPerSocket: i.vcpu,
    // VMware's VDI guidance: leave CPU hot-add off (it disables vNUMA); both off as a pool template would be.
    cpuHotAdd: false,
    memoryGb: i.ramGb,
    memoryReservationGb: 0,
    memoryHotAdd: false,
    firmware: 'uefi',
    secureBoot: true,
    vtpm: win11,
    vgpuProfile: null,
    confidential: 'none',
    nestedVirtualization: false,
    disks: [{ label: 'Hard disk 1', sizeGb: i.diskGb, provisioning: 'thin', controller: spec.diskControllers[0] ?? 'scsi', format: spec.diskFormat }],
    nics: [
      {
        label: 'Network adapter 1',
        adapter: spec.nicAdapters[0] ?? 'e1000',
        networkId: i.network.id,
        portGroup: i.network.portGroup,
        vlan: i.network.vlan,
        mac: macFor(i.hv, i.key),
      },
    ],
  };
}

/** The hardware after a change (disks take the hypervisor's format, NICs their network's port group and a MAC). */
export function mergeHardware(cur: VirtualHardware, change: HardwareChange, hv: HypervisorType, networks: readonly NetworkRef[], key: string): VirtualHardware {
  const spec = HYPERVISOR_SPECS[hv];
  const disks: VirtualDisk[] = change.disks ? change.disks.map((d) => ({ ...d, format: spec.diskFormat })) : cur.disks.map((d) => ({ ...d }));
  const nics: VirtualNic[] = change.nics
    ? change.nics.map((n, k) => {
        const net = networks.find((x) => x.id === n.networkId);
        return { ...n, portGroup: net?.portGroup ?? '', vlan: net?.vlan ?? 0, mac: n.mac ?? cur.nics[k]?.mac ?? macFor(hv, key, k) };
      })
    : cur.nics.map((n) => ({ ...n }));
  const { disks: _d, nics: _n, ...rest } = change;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<VirtualHardware>;
  return { ...cur, ...defined, disks, nics };
}

export const vcpuOf = (h: Pick<VirtualHardware, 'sockets' | 'coresPerSocket'>): number => h.sockets * h.coresPerSocket;

/** Everything wrong with hardware `hw` on hypervisor `hv` for guest `guestOs` (empty: fine). `before`: the VM's hardware now, for what may not shrink. */
export function checkHardware(
  hw: VirtualHardware,
  hv: HypervisorType,
  guestOs: string,
  networks: readonly NetworkRef[],
  before: VirtualHardware | null,
): HardwareProblem[] {
  const spec = HYPERVISOR_SPECS[hv];
  const out: HardwareProblem[] = [];
  const bad = (path: (string | number)[], message: string, code: HardwareProblem['code'] = 'invalid-input') => out.push({ path, message, code });
  if (vcpuOf(hw) > 64) bad(['coresPerSocket'], `${hw.sockets} sockets × ${hw.coresPerSocket} cores = ${vcpuOf(hw)} vCPUs: at most 64 for a desktop VM`);
  if (hw.memoryReservationGb > hw.memoryGb)
    bad(['memoryReservationGb'], `a reservation of ${hw.memoryReservationGb} GB is more than the VM's ${hw.memoryGb} GB of memory`);
  if (hw.firmware === 'bios' && hw.secureBoot) bad(['secureBoot'], 'Secure Boot needs UEFI firmware, not BIOS');
  if (hw.firmware === 'bios' && hw.vtpm) bad(['vtpm'], 'a vTPM needs UEFI firmware, not BIOS');
  if (requiresVtpm(guestOs) && !(hw.firmware === 'uefi' && hw.secureBoot && hw.vtpm)) {
    const missing = [hw.firmware !== 'uefi' ? 'UEFI firmware' : null, !hw.secureBoot ? 'Secure Boot' : null, !hw.vtpm ? 'a vTPM' : null]
      .filter(Boolean)
      .join(', ');
    bad(
      [!hw.vtpm ? 'vtpm' : hw.firmware !== 'uefi' ? 'firmware' : 'secureBoot'],
      `${guestOs} requires UEFI with Secure Boot and a TPM 2.0: this VM would lack ${missing}`,
    );
  }
  if (hw.cpuHotAdd && !spec.cpuHotAdd) bad(['cpuHotAdd'], `${spec.label} cannot hot-add vCPUs to a running VM`);
  if (hw.memoryHotAdd && !spec.memoryHotAdd) bad(['memoryHotAdd'], `${spec.label} cannot hot-add memory to a running VM`);
  if (hw.vgpuProfile !== null && !vgpuProfile(hw.vgpuProfile)) bad(['vgpuProfile'], `no vGPU profile "${hw.vgpuProfile}"`);
  if (hw.confidential !== 'none') {
    if (!spec.confidential.includes(hw.confidential))
      bad(
        ['confidential'],
        `${spec.label} cannot run ${hw.confidential === 'tdx' ? 'Intel TDX' : 'AMD SEV-SNP'} confidential VMs${spec.confidential.length ? ` (it offers ${spec.confidential.join(', ')})` : ''}`,
      );
    if (hw.firmware !== 'uefi') bad(['firmware'], 'a confidential VM boots from UEFI (OVMF), not BIOS');
    if (hw.cpuHotAdd || hw.memoryHotAdd)
      bad(
        [hw.cpuHotAdd ? 'cpuHotAdd' : 'memoryHotAdd'],
        'a confidential VM cannot have CPU or memory hot-add (its memory is encrypted and measured at launch)',
      );
    if (hw.vgpuProfile !== null)
      bad(['vgpuProfile'], 'a vGPU cannot be given to a confidential VM (time-sliced vGPUs are not supported with memory encryption)');
    if (hw.memoryReservationGb < hw.memoryGb) bad(['memoryReservationGb'], `a confidential VM's memory is pinned: reserve all of it (${hw.memoryGb} GB)`);
  }
  hw.disks.forEach((d, k) => {
    if (!spec.diskControllers.includes(d.controller))
      bad(['disks', k, 'controller'], `${spec.label} has no ${d.controller} controller (${spec.diskControllers.join(', ')})`);
    const old = before?.disks[k];
    if (old && d.sizeGb < old.sizeGb) bad(['disks', k, 'sizeGb'], `${d.label}: a virtual disk cannot shrink (${old.sizeGb} GB → ${d.sizeGb} GB)`, 'conflict');
  });
  const labels = new Set<string>();
  hw.disks.forEach((d, k) => (labels.has(d.label) ? bad(['disks', k, 'label'], `two disks are called "${d.label}"`) : labels.add(d.label)));
  hw.nics.forEach((n, k) => {
    if (!spec.nicAdapters.includes(n.adapter)) bad(['nics', k, 'adapter'], `${spec.label} has no ${n.adapter} adapter (${spec.nicAdapters.join(', ')})`);
    if (!networks.some((x) => x.id === n.networkId)) bad(['nics', k, 'networkId'], `no network "${n.networkId}" in the VM's cluster`, 'not-found');
  });
  return out;
}

export interface FigureInput {
  hv: HypervisorType;
  /** Share of a thin disk that is written (the clone type's: core/params.ts thinUsedShare). */
  thinWrittenShare: number;
}

export function hardwareFigures(hw: VirtualHardware, i: FigureInput): HardwareFigures {
  const spec = HYPERVISOR_SPECS[i.hv];
  const vcpu = vcpuOf(hw);
  const provisionedGb = hw.disks.reduce((s, d) => s + d.sizeGb, 0);
  const allocated = hw.disks.reduce((s, d) => s + (d.provisioning === 'thick' ? d.sizeGb : d.sizeGb * i.thinWrittenShare), 0);
  return {
    vcpu,
    overheadMb: Math.round(hypervisorOverheadMb(i.hv, hw.memoryGb, vcpu) + flagsOverheadMb(hw.memoryGb, hw.confidential, hw.nestedVirtualization)),
    cpuFactor: flagsCpuFactor(hw.confidential, hw.nestedVirtualization),
    vnumaExposed: !(spec.hotAddDisablesVnuma && hw.cpuHotAdd),
    liveMigration: hw.confidential === 'none',
    memorySnapshots: hw.confidential === 'none',
    provisionedGb,
    thinShare: provisionedGb > 0 ? allocated / provisionedGb : 0,
  };
}

/** Memory overhead of a VM's flags beyond the hypervisor's (MB), for the engine. */
export function extraOverheadMb(hw: Pick<VirtualHardware, 'memoryGb' | 'confidential' | 'nestedVirtualization'>): number {
  return flagsOverheadMb(hw.memoryGb, hw.confidential as ConfidentialKind, hw.nestedVirtualization);
}

export interface ChangePlan {
  /** The hardware the VM runs with after the request (hot-added parts included). */
  now: VirtualHardware;
  /** The whole requested hardware, when some of it waits for a power cycle. */
  pending: VirtualHardware | null;
  /** Why it waits (empty when nothing does). */
  reasons: string[];
  /** Parts applied to the running VM. */
  hotAdded: string[];
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What a change does to a VM. Powered off: all of it at once. Running (or suspended): vCPUs and memory
 * grow at once where the VM has hot-add on, the hypervisor can and the guest supports it; a vCPU or
 * memory decrease waits for the power cycle (memory hot-remove does not exist; Windows cannot take
 * vCPUs away); firmware, Secure Boot, vTPM, vGPU, hot-add flags, topology, confidential and nested
 * flags wait; disks and vNICs hot-plug (SCSI / virtio / synthetic), except on an IDE controller.
 */
export function planChange(cur: VirtualHardware, next: VirtualHardware, running: boolean, hv: HypervisorType, guestOs: string): ChangePlan {
  if (!running) return { now: next, pending: null, reasons: [], hotAdded: [] };
  const spec = HYPERVISOR_SPECS[hv];
  const guest = guestHotAdd(guestOs);
  const now: VirtualHardware = { ...cur, disks: cur.disks.map((d) => ({ ...d })), nics: cur.nics.map((n) => ({ ...n })) };
  const reasons: string[] = [];
  const hotAdded: string[] = [];
  const curV = vcpuOf(cur);
  const nextV = vcpuOf(next);
  if (nextV !== curV || next.sockets !== cur.sockets) {
    if (nextV < curV) reasons.push(`vCPUs ${curV} → ${nextV}: vCPUs cannot be removed from a running VM`);
    else if (!cur.cpuHotAdd) reasons.push(`vCPUs ${curV} → ${nextV}: CPU hot-add is off on this VM`);
    else if (!spec.cpuHotAdd) reasons.push(`vCPUs ${curV} → ${nextV}: ${spec.label} cannot hot-add vCPUs`);
    else if (!guest.cpu) reasons.push(`vCPUs ${curV} → ${nextV}: ${guestOs} cannot take vCPUs hot`);
    else if (next.coresPerSocket !== cur.coresPerSocket)
      reasons.push(`vCPUs ${curV} → ${nextV}: cores per socket can only change at power-on (hot-add adds sockets)`);
    else {
      now.sockets = next.sockets;
      hotAdded.push(`vCPUs ${curV} → ${nextV}`);
    }
  }
  if (next.memoryGb !== cur.memoryGb) {
    if (next.memoryGb < cur.memoryGb) reasons.push(`memory ${cur.memoryGb} → ${next.memoryGb} GB: memory hot-remove does not exist`);
    else if (!cur.memoryHotAdd) reasons.push(`memory ${cur.memoryGb} → ${next.memoryGb} GB: memory hot-add is off on this VM`);
    else if (!spec.memoryHotAdd) reasons.push(`memory ${cur.memoryGb} → ${next.memoryGb} GB: ${spec.label} cannot hot-add memory`);
    else if (!guest.memory) reasons.push(`memory ${cur.memoryGb} → ${next.memoryGb} GB: ${guestOs} cannot take memory hot`);
    else {
      now.memoryGb = next.memoryGb;
      hotAdded.push(`memory ${cur.memoryGb} → ${next.memoryGb} GB`);
    }
  }
  if (next.memoryReservationGb !== cur.memoryReservationGb) {
    // A reservation is a scheduler setting: it changes on a running VM (vSphere, Hyper-V) as long as the memory it reserves exists.
    if (next.memoryReservationGb <= now.memoryGb) now.memoryReservationGb = next.memoryReservationGb;
    else reasons.push(`reservation ${next.memoryReservationGb} GB: more than the ${now.memoryGb} GB the VM has until its power cycle`);
  }
  const cold: [keyof VirtualHardware, string][] = [
    ['cpuHotAdd', 'CPU hot-add'],
    ['memoryHotAdd', 'memory hot-add'],
    ['firmware', 'firmware'],
    ['secureBoot', 'Secure Boot'],
    ['vtpm', 'vTPM'],
    ['vgpuProfile', 'vGPU profile'],
    ['confidential', 'memory encryption'],
    ['nestedVirtualization', 'nested virtualization'],
  ];
  for (const [k, label] of cold) if (!sameJson(cur[k], next[k])) reasons.push(`${label}: changes only while the VM is powered off`);
  const ide = (hw: VirtualHardware) => hw.disks.some((d) => d.controller === 'ide');
  if (!sameJson(cur.disks, next.disks)) {
    if (ide(cur) || ide(next)) reasons.push('disks on an IDE controller: change only while the VM is powered off');
    else {
      now.disks = next.disks.map((d) => ({ ...d }));
      hotAdded.push('disks');
    }
  }
  if (!sameJson(cur.nics, next.nics)) {
    now.nics = next.nics.map((n) => ({ ...n }));
    hotAdded.push('network adapters');
  }
  return { now, pending: reasons.length > 0 ? next : null, reasons, hotAdded };
}
