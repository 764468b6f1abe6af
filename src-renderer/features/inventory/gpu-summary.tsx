import type { HostGpu } from '../../../src-main/contract/hardware-entities.ts';

// A host's GPUs in one line where an admin scans hosts (issue 19): the host list and the cluster's
// hosts table; the host detail page has the full card (HostGpuCard).

/** "4 × A16" */
export const gpuModelText = (g: HostGpu) => `${g.gpus} × ${g.model}`;

/** vGPU slots used / total per profile running ("12 / 32 A16-2Q"), or the GPUs free when none runs. */
export function gpuSlotsText(g: HostGpu): string {
  if (g.profiles.length === 0) return `${g.gpus} GPU${g.gpus === 1 ? '' : 's'} free`;
  return g.profiles.map((p) => `${p.vms} / ${p.slots} ${p.profile}`).join(', ');
}

/** Every vGPU slot in use on the host: its profiles' VMs against their slots (for the tone). */
const full = (g: HostGpu) => g.profiles.length > 0 && g.gpusInUse >= g.gpus && g.profiles.every((p) => p.vms >= p.slots);

/** Two lines: the GPUs, and the vGPU slots in use; a dash for a host without GPU. */
export function GpuCell({ g, testId }: { g: HostGpu | undefined; testId: string }) {
  if (!g) return <span className="vdi-muted">—</span>;
  return (
    <div className="vdi-two-line" data-testid={testId}>
      <span title={`${g.gpus} NVIDIA ${g.model} GPUs, ${g.frameBufferGbPerGpu} GB frame buffer each; ${g.gpusInUse} in use`}>{gpuModelText(g)}</span>
      <span className={full(g) ? 'vdi-tone-warning' : 'vdi-muted'} title="vGPU VMs running / vGPU slots, per profile">
        {gpuSlotsText(g)}
      </span>
    </div>
  );
}

/** The cluster's GPUs in one sentence: "8 × A16 on 2 of 3 hosts; vGPU slots 12 / 64 used". */
export function clusterGpuText(gpus: readonly HostGpu[], hostCount: number): string | null {
  if (gpus.length === 0) return null;
  const byModel = new Map<string, number>();
  for (const g of gpus) byModel.set(g.model, (byModel.get(g.model) ?? 0) + g.gpus);
  const models = [...byModel].map(([m, n]) => `${n} × ${m}`).join(' + ');
  const used = gpus.reduce((s, g) => s + g.profiles.reduce((t, p) => t + p.vms, 0), 0);
  const slots = gpus.reduce((s, g) => s + g.profiles.reduce((t, p) => t + p.slots, 0), 0);
  const inUse = gpus.reduce((s, g) => s + g.gpusInUse, 0);
  const total = gpus.reduce((s, g) => s + g.gpus, 0);
  return `GPUs: ${models} on ${gpus.length} of ${hostCount} host${hostCount === 1 ? '' : 's'}, ${inUse} of ${total} in use${
    used > 0 ? `; vGPU slots ${used} / ${slots} used` : '; no vGPU VM running'
  }`;
}
