import type { HostGpu } from '../contract/hardware-entities.ts';
import type { Engine } from '../core/engine/engine.ts';
import type { VgpuData, VgpuProfileRef } from '../core/engine/cluster/vgpu-slots.ts';
import { slotsFor } from '../core/engine/cluster/vgpu-slots.ts';
import { P } from '../core/engine/state.ts';
import { VGPU_GPUS, vgpuProfile, type VgpuGpu } from '../shared/hypervisors/catalogue.ts';
import type { Db } from '../store/db.ts';
import { clusterHostGpus, hostGpuRows, poolTemplateHardware, vgpuHardwareRows } from '../store/host-gpus.ts';

// vGPU density (issue 19): the engine's per-host GPU data and each VM's profile, read from the lab
// when the engine is built and again when an admin changes a host's GPUs; and the hosts' GPU views.

function profileIn(json: string): string | null {
  try {
    const v = (JSON.parse(json) as { vgpuProfile?: unknown }).vgpuProfile;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

const ref = (name: string | null): VgpuProfileRef | null => {
  const p = name ? vgpuProfile(name) : undefined;
  return p ? { name: p.name, gpu: p.gpu, perGpu: p.perGpu } : null;
};

/** The check's data for this engine, from the lab. */
export function vgpuData(db: Db, e: Engine): VgpuData {
  const ids = e.st.ids;
  const hIdx = new Map(ids.hosts.map((id, i) => [id, i]));
  const hostModel: (string | null)[] = ids.hosts.map(() => null);
  const hostGpus = new Int32Array(ids.hosts.length);
  const clusterHasGpu = new Set<number>();
  for (const r of hostGpuRows(db)) {
    const h = hIdx.get(r.host_id);
    if (h === undefined) continue;
    hostModel[h] = r.model;
    hostGpus[h] = r.gpus;
    clusterHasGpu.add(e.cluster.hCluster[h] as number);
  }
  const rows = vgpuHardwareRows(db);
  const poolProfile = new Map(rows.pools.map((r) => [r.id, ref(profileIn(r.hardware))]));
  const own = new Map(rows.desktops.map((r) => [r.id, ref(profileIn(r.hardware))]));
  const vmProfile = new Map<number, VgpuProfileRef>();
  ids.desktops.forEach((id, d) => {
    const p = own.has(id) ? own.get(id) : poolProfile.get(ids.pools[e.st.dPool[d] as number] ?? '');
    if (p) vmProfile.set(d, p);
  });
  return { hostModel, hostGpus, clusterHasGpu, vmProfile };
}

/** Sets the engine's vGPU check from the lab (a no-op check when no host has a GPU). */
export function applyVgpu(db: Db, e: Engine): void {
  e.cluster.vgpu.set(vgpuData(db, e));
}

/** Every host's GPUs with the vGPU slots used and free per profile running there (engine figures when a simulation runs). */
export function hostGpuViews(db: Db, e: Engine | null): HostGpu[] {
  const data = e ? vgpuData(db, e) : null;
  return hostGpuRows(db).map((r) => {
    const model = r.model as VgpuGpu;
    const h = e ? e.st.ids.hosts.indexOf(r.host_id) : -1;
    const used = new Map<string, number>();
    if (e && data && h >= 0)
      for (const [d, p] of data.vmProfile) if (e.st.dPower[d] === P.poweredOn && e.cluster.placedOn(d) === h) used.set(p.name, (used.get(p.name) ?? 0) + 1);
    const inUse = [...used].map(([name, n]) => {
      const perGpu = vgpuProfile(name)?.perGpu ?? 0;
      return { name, n, perGpu, gpus: perGpu > 0 ? Math.ceil(n / perGpu) : 0 };
    });
    const gpusInUse = inUse.reduce((s, p) => s + p.gpus, 0);
    const free = Math.max(0, r.gpus - gpusInUse);
    // A profile's slots: its GPUs' plus every free GPU's (a free GPU takes the first profile placed on it).
    const profiles = inUse.map((p) => ({ profile: p.name, vms: p.n, gpus: p.gpus, perGpu: p.perGpu, slots: slotsFor(p.gpus + free, p.perGpu) }));
    return {
      hostId: r.host_id,
      model,
      gpus: r.gpus,
      frameBufferGbPerGpu: VGPU_GPUS[model] ?? 0,
      gpusInUse,
      profiles,
    };
  });
}

/**
 * Hosts (ids) a new machine of a vGPU pool may be placed on: those with GPUs of its profile's model,
 * intersected with `only` (the tenant fence's). Unchanged (`only`) for a pool without a vGPU profile
 * or in a cluster where no host has a GPU (GPUs not modelled there).
 */
export function vgpuPlacementHostIds(db: Db, poolId: string, clusterId: string, only: Set<string> | null): Set<string> | null {
  const json = poolTemplateHardware(db, poolId);
  const p = json ? ref(profileIn(json)) : null;
  if (!p) return only;
  const gpus = clusterHostGpus(db, clusterId);
  if (gpus.length === 0) return only;
  return new Set(gpus.filter((g) => g.model === p.gpu && (!only || only.has(g.host_id))).map((g) => g.host_id));
}
