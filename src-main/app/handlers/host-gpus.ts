import { LabError } from '../../contract/errors.ts';
import { engineView } from '../../core/engine/engine-view.ts';
import type { HostGpu } from '../../contract/hardware-entities.ts';
import { hostGpuRow, hostNameRow, runningDesktopsOn, setHostGpus, vgpuHardwareRows } from '../../store/host-gpus.ts';
import type { AppContext, Handlers } from '../context.ts';
import { applyVgpu, hostGpuViews } from '../vgpu.ts';

/**
 * A host's physical GPUs (issue 19, migration 020). Changing them is a host hardware change: a GPU
 * cannot be taken from (or re-partitioned under) running vGPU VMs, so the change is refused while
 * any vGPU VM runs on the host.
 * | rule                                           | error                |
 * |------------------------------------------------|----------------------|
 * | no such host                                   | not-found, hostId    |
 * | vGPU VMs run on the host                       | conflict, hostId     |
 * | the host already has exactly these GPUs        | conflict, gpu        |
 * Every change is one audit event; the engine's vGPU check is set again at once (applyVgpu).
 */
function engineOf(ctx: AppContext) {
  return ctx.services.hasSimulation() ? ctx.services.simulation().engine : null;
}

function profileOf(json: string): string | null {
  try {
    const v = (JSON.parse(json) as { vgpuProfile?: unknown }).vgpuProfile;
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Running VMs on the host with a vGPU profile (the engine's power states when a simulation runs, else the store's). */
function runningVgpuVms(ctx: AppContext, hostId: string): string[] {
  const e = engineOf(ctx);
  const rows = vgpuHardwareRows(ctx.db);
  const pool = new Map(rows.pools.map((r) => [r.id, profileOf(r.hardware)]));
  const own = new Map(rows.desktops.map((r) => [r.id, profileOf(r.hardware)]));
  const profile = (id: string, poolId: string | null) => (own.has(id) ? own.get(id) : pool.get(poolId ?? '')) ?? null;
  if (e) {
    const v = engineView(e);
    const h = v.hostIndex(hostId);
    const out: string[] = [];
    for (let d = 0; d < v.desktopCount(); d++) {
      if (!v.poweredOn(d) || v.placedOn(d) !== h) continue;
      if (profile(v.desktopId(d) as string, v.poolId(v.desktopPool(d)) ?? null)) out.push(v.desktopName(d));
    }
    return out;
  }
  return runningDesktopsOn(ctx.db, hostId)
    .filter((r) => profile(r.id, r.pool_id))
    .map((r) => r.name);
}

export const hostGpuHandlers: Pick<Handlers, 'host-gpu-list' | 'host-gpu-set'> = {
  // Opens the engine if this process has not yet (a one-shot `vdi-console call`): the GPUs in use are the lab's, not none.
  'host-gpu-list': (_input, ctx) => hostGpuViews(ctx.db, ctx.services.simulation().engine),
  'host-gpu-set': (input, ctx): HostGpu | null => {
    const host = hostNameRow(ctx.db, input.hostId);
    if (!host) throw new LabError('not-found', `No host with id "${input.hostId}"`, ['hostId']);
    const cur = hostGpuRow(ctx.db, host.id);
    const next = input.gpu;
    if ((cur === undefined && next === null) || (cur && next && cur.model === next.model && cur.gpus === next.gpus))
      throw new LabError('conflict', `${host.name} already has ${cur ? `${cur.gpus} × NVIDIA ${cur.model}` : 'no GPU'}`, ['gpu']);
    const running = runningVgpuVms(ctx, host.id);
    if (running.length > 0)
      throw new LabError(
        'conflict',
        `${running.length} vGPU VM(s) run on ${host.name} (${running.slice(0, 3).join(', ')}${running.length > 3 ? ', …' : ''}): power them off or migrate them before changing its GPUs`,
        ['hostId'],
      );
    setHostGpus(ctx.db, host.id, next);
    const label = (g: { model: string; gpus: number } | null | undefined) => (g ? `${g.gpus} × NVIDIA ${g.model}` : 'no GPU');
    ctx.audit({ objectKind: 'host', objectId: host.id, objectName: host.name, message: `${host.name}: GPUs changed from ${label(cur)} to ${label(next)}` });
    const e = engineOf(ctx);
    if (e) applyVgpu(ctx.db, e);
    ctx.changed('host');
    return hostGpuViews(ctx.db, e).find((g) => g.hostId === host.id) ?? null;
  },
};
