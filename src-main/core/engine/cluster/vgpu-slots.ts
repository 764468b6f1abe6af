import type { EngineState } from '../state.ts';
import { P } from '../state.ts';

/**
 * vGPU density at placement (issue 19). NVIDIA vGPU software user guide, "Valid Virtual GPU
 * Configurations on a Single GPU" / equal-size mode (docs.nvidia.com/vgpu, vGPU 17+ user guide): in
 * the default equal-size (time-sliced) mode every vGPU on one physical GPU has the same frame buffer,
 * so a GPU runs one profile size at a time and carries floor(GPU frame buffer ÷ profile frame buffer)
 * VMs of it (the catalogue's `perGpu`, shared/hypervisors/catalogue.ts). A host with G GPUs of the
 * profile's model carries the VMs whose profiles fit on G GPUs, each GPU given to one profile:
 * Σ over profiles ceil(VMs of the profile ÷ perGpu) ≤ G. Mixed-size mode is not modelled.
 *
 * One small check, called by ruleCheck (placement.ts: vm-migrate and its estimate, DRS, maintenance
 * evacuation, HA restarts) and by canPowerOn (power-on, provisioning). A VM without a vGPU profile
 * is never refused; in a cluster where no host has a GPU the check is off (GPUs not modelled there,
 * as in labs before migration 020). The data is set from the lab when the engine is built and when
 * an admin changes a host's GPUs (app/vgpu.ts); nothing here is durable engine state.
 */
export interface VgpuProfileRef {
  name: string;
  /** GPU model the profile runs on (A16, A40, L4). */
  gpu: string;
  /** VMs of this profile one physical GPU carries. */
  perGpu: number;
}

export interface VgpuData {
  /** Per engine host: GPU model, null none. */
  hostModel: (string | null)[];
  /** Per engine host: physical GPUs. */
  hostGpus: Int32Array;
  /** Per engine cluster index of a host: whether any host of that cluster has a GPU (hCluster values). */
  clusterHasGpu: Set<number>;
  /** VMs with a vGPU profile (engine desktop index → profile). */
  vmProfile: Map<number, VgpuProfileRef>;
}

/** What the check reads of the engine. */
export interface VgpuView {
  st: Pick<EngineState, 'dPower'>;
  cluster: { readonly hName: readonly string[]; readonly hCluster: Int32Array; placedOn(d: number): number };
}

/** GPUs needed for these VM counts per profile (equal-size mode: one profile per GPU). */
export function gpusNeeded(counts: ReadonlyMap<string, { n: number; perGpu: number }>): number {
  let need = 0;
  for (const { n, perGpu } of counts.values()) need += perGpu > 0 ? Math.ceil(n / perGpu) : n > 0 ? Number.POSITIVE_INFINITY : 0;
  return need;
}

/** Slots of a profile a host has: GPUs × VMs per GPU. */
export function slotsFor(gpus: number, perGpu: number): number {
  return Math.max(0, gpus) * Math.max(0, perGpu);
}

export class VgpuSlots {
  private data: VgpuData | null = null;

  set(data: VgpuData | null): void {
    this.data = data && data.clusterHasGpu.size > 0 && data.vmProfile.size > 0 ? data : null;
  }

  get active(): boolean {
    return this.data !== null;
  }

  profileOf(d: number): VgpuProfileRef | null {
    return this.data?.vmProfile.get(d) ?? null;
  }

  /** Running vGPU VMs placed on host h (not `except`), per profile. */
  usage(e: VgpuView, h: number, except = -1): Map<string, { n: number; perGpu: number }> {
    const out = new Map<string, { n: number; perGpu: number }>();
    const f = this.data;
    if (!f) return out;
    for (const [v, p] of f.vmProfile) {
      if (v === except || e.st.dPower[v] !== P.poweredOn || e.cluster.placedOn(v) !== h) continue;
      const c = out.get(p.name);
      if (c) c.n++;
      else out.set(p.name, { n: 1, perGpu: p.perGpu });
    }
    return out;
  }

  /**
   * Why VM d may not run on host h for want of a vGPU slot (a sentence in vSphere's words, "No host is
   * compatible: no free vGPU slot for profile A16-2Q on esx01 (…)"), or null.
   */
  check(e: VgpuView, d: number, h: number): string | null {
    const why = this.reason(e, d, h);
    return why === null ? null : `No host is compatible: ${why}`;
  }

  private reason(e: VgpuView, d: number, h: number): string | null {
    const f = this.data;
    if (!f) return null;
    const p = f.vmProfile.get(d);
    if (!p) return null;
    if (!f.clusterHasGpu.has(e.cluster.hCluster[h] as number)) return null;
    const host = e.cluster.hName[h] ?? `host#${h}`;
    const model = f.hostModel[h] ?? null;
    const gpus = f.hostGpus[h] ?? 0;
    if (model === null || gpus <= 0) return `no GPU for vGPU profile ${p.name} on ${host}`;
    if (model !== p.gpu) return `vGPU profile ${p.name} needs an NVIDIA ${p.gpu}: ${host} has ${model} GPUs`;
    const used = this.usage(e, h, d);
    const mine = used.get(p.name);
    if (mine) mine.n++;
    else used.set(p.name, { n: 1, perGpu: p.perGpu });
    if (gpusNeeded(used) <= gpus) return null;
    const same = (used.get(p.name)?.n ?? 1) - 1;
    const others = [...used].filter(([k]) => k !== p.name).map(([k, c]) => `${c.n} ${k} on ${Math.ceil(c.n / c.perGpu)} GPU(s)`);
    return `no free vGPU slot for profile ${p.name} on ${host} (${gpus} GPUs × ${p.perGpu} = ${slotsFor(gpus, p.perGpu)}, ${same} in use${
      others.length ? `; ${others.join(', ')}` : ''
    })`;
  }
}
