import type { LabModel } from '../lab/model.ts';
import type { DurableArray, DurablePart } from './durable/state.ts';
import { grown, growDesktops, vmOverheadOn, VM_BASE_MEM_SHARE, type EngineState } from './state.ts';

// The engine's desktops changing under it: machines added (an on-demand pool grew), a VM resized
// (issue 19), and the check that every per-desktop array holds exactly the engine's desktops.

/** A VM's size as the engine holds it (issue 19: app/hardware.ts derives it from the VM's virtual hardware). */
export interface DesktopSize {
  vcpu: number;
  ramGb: number;
  extraOverheadMb: number;
  diskGb: number;
  /** null: the VM keeps what it has written (a change applied later, at its power cycle), but for `thick`. */
  usedGb: number | null;
  /**
   * With `usedGb` null: the thick-provisioned GB of the new disks and of the ones it replaces. Thick disks are allocated
   * whole; thin ones keep what was written, up to their size (the same rule as the app's for a change applied at once).
   */
  thick?: { gb: number; beforeGb: number };
  noLiveMigration: boolean;
  cpuFactor: number;
}

/** What growth reads and writes of the engine (Engine implements it): the state, the per-desktop figures of the load pass, and each part's `grow`. */
export interface GrowingEngine {
  readonly st: EngineState;
  readonly t: number;
  dDemandMhz: Float64Array;
  dDeficit: Float32Array;
  dLimited: Float32Array;
  dIops: Float64Array;
  readonly sessionLoad: { grow(n: number): void };
  readonly desktopLoad: { grow(n: number): void };
  readonly guestMem: { grow(st: EngineState, from: number): void };
  readonly storage: { grow(n: number): void };
  readonly snapshots: { grow(from: number): void };
  readonly cluster: { grow(added: readonly LabModel['desktops'][number][]): void; readonly mig: object };
  readonly powerThrottle: { grow(): void };
  readonly provisioner: { grow(): void };
  readonly autoscale: { grow(): void };
  readonly faults: { grow(): void };
  durableArrays(): DurableArray[];
}

/**
 * Every per-desktop array of the state, the engine and its parts takes `added` at the end of the
 * index space, where a lab read back from the store lists them too. The arrays keep spare room
 * (desktop-capacity.ts): growing usually copies nothing. With none added, inside
 * `reserveDesktops` (when the engine is built), it only gives each array its room.
 */
export function growEngineDesktops(e: GrowingEngine, parts: readonly DurablePart[], lab: LabModel, added: readonly LabModel['desktops'][number][]): void {
  const N0 = e.st.dPower.length;
  growDesktops(e.st, lab, added, e.t);
  const N = e.st.dPower.length;
  e.dDemandMhz = grown(e.dDemandMhz, N);
  e.dDeficit = grown(e.dDeficit, N);
  e.dLimited = grown(e.dLimited, N);
  e.dIops = grown(e.dIops, N);
  e.sessionLoad.grow(N);
  e.desktopLoad.grow(N);
  e.guestMem.grow(e.st, N0);
  e.storage.grow(N);
  e.snapshots.grow(N0);
  e.cluster.grow(added);
  e.powerThrottle.grow();
  e.provisioner.grow();
  e.autoscale.grow();
  e.faults.grow();
  checkDesktopArrays(e, parts);
}

/**
 * Every per-desktop array of the engine and its parts is as long as the lab has desktops (a missed
 * one would read undefined): the durable ones by their declared domain, the scratch ones by name.
 */
export function checkDesktopArrays(e: GrowingEngine, parts: readonly DurablePart[]): void {
  const N = e.st.dPower.length;
  const bad = (what: string, len: number) => new Error(`engine: ${what} holds ${len} desktops, not ${N}`);
  for (const a of e.durableArrays()) {
    if (a.domain === 'desktop' && a.array.length !== N * (a.stride ?? 1)) throw bad(a.name, a.array.length / (a.stride ?? 1));
  }
  const owners: [string, object][] = [
    ['engine', e],
    ['state', e.st],
    ...parts.map((p) => [p.key, p] as [string, object]),
    ['migration', e.cluster.mig],
    ['sessionLoad', e.sessionLoad],
  ];
  for (const [name, o] of owners) {
    for (const [key, v] of Object.entries(o)) {
      if (!/^d[A-Z]/.test(key)) continue;
      const len = ArrayBuffer.isView(v) ? (v as Uint8Array).length : Array.isArray(v) ? v.length : -1;
      if (len >= 0 && len !== N) throw bad(`${name}.${key}`, len);
    }
  }
}

/**
 * Disk use (GB) after a VM's disks change to `diskGb`, `thickGb` of it thick, from `beforeThickGb` thick and `usedNow`
 * used: thick disks are allocated whole; thin ones keep what was written, up to their size. Rounded to 10 MB.
 */
export function usedAfterResize(diskGb: number, thickGb: number, beforeThickGb: number, usedNow: number): number {
  const thin = Math.min(diskGb - thickGb, Math.max(0, usedNow - beforeThickGb));
  return Math.round((thickGb + thin) * 100) / 100;
}

/**
 * A VM's size changed under the running engine (issue 19: vCPU or memory hot-added, or a change
 * applied at a power cycle or to a VM that was off): the state takes the new size — CPU shares,
 * memory overhead, what the guest may hold, and its disk. The caller computes the load again.
 */
export function resizeDesktopState(
  st: EngineState,
  lab: Pick<LabModel, 'hosts'>,
  guestMem: { resized(st: EngineState, d: number): void },
  d: number,
  size: DesktopSize,
): void {
  // Shares per vCPU as the engine holds them now (a pool's CPU allocation edit reaches st.dShares, not the lab's pool copy).
  const sharesPerVcpu = (st.dShares[d] as number) / Math.max(1, st.dVcpu[d] as number);
  const host = lab.hosts[st.dHost[d] as number];
  const raw = host?.cpu?.hypervisor ?? 'esxi';
  const hv = raw === 'hyper-v' || raw === 'kvm' || raw === 'ahv' ? raw : 'esxi';
  st.dVcpu[d] = size.vcpu;
  st.dRamMb[d] = size.ramGb * 1024;
  st.dOverheadMb[d] = vmOverheadOn(hv, size.ramGb, size.vcpu) + size.extraOverheadMb;
  st.dBaseMemMb[d] = size.ramGb * 1024 * VM_BASE_MEM_SHARE + (st.dOverheadMb[d] as number);
  st.dNoLiveMig[d] = size.noLiveMigration ? 1 : 0;
  st.dCpuFactor[d] = size.cpuFactor;
  st.dDiskGb[d] = size.diskGb;
  if (size.usedGb !== null) st.dUsedGb[d] = size.usedGb;
  else if (size.thick) st.dUsedGb[d] = usedAfterResize(size.diskGb, size.thick.gb, size.thick.beforeGb, st.dUsedGb[d] as number);
  guestMem.resized(st, d);
  st.dShares[d] = sharesPerVcpu * size.vcpu;
}

/** The image version pool p provisions from now (`pushTarget`: push-image.ts' target per pool): a push under way's target, else the version most of its machines run (-1: none). */
export function poolImage(st: EngineState, pushTarget: Int32Array, p: number): number {
  const t = pushTarget[p] as number;
  if (t >= 0) return t;
  const count = new Map<number, number>();
  for (const d of st.pDesktops[p] ?? []) {
    const v = st.dVersion[d] as number;
    if (v >= 0) count.set(v, (count.get(v) ?? 0) + 1);
  }
  let best = -1;
  let most = 0;
  for (const [v, n] of count) if (n > most || (n === most && v > best)) [best, most] = [v, n];
  return best;
}
