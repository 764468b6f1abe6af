import { describe, expect, it } from 'vitest';
import { gpusNeeded, slotsFor, VgpuSlots, type VgpuData, type VgpuView } from '../../src-main/core/engine/cluster/vgpu-slots.ts';
import { P } from '../../src-main/core/engine/state.ts';
import { vgpuProfile } from '../../src-main/shared/hypervisors/catalogue.ts';

// vGPU density (issue 19): equal-size mode, floor(GPU frame buffer ÷ profile frame buffer) VMs per GPU, one profile per GPU.

const ref = (name: string) => {
  const p = vgpuProfile(name);
  if (!p) throw new Error(name);
  return { name: p.name, gpu: p.gpu, perGpu: p.perGpu };
};

/** n VMs: the first `running` powered on on host 0, the rest powered off; hosts 0 (A16 × 4), 1 (L4 × 2), 2 none; host 3 in another cluster without GPUs. */
function world(n: number, running: number, profile = 'A16-2Q') {
  const dPower = new Uint8Array(n).fill(P.poweredOff);
  for (let d = 0; d < running; d++) dPower[d] = P.poweredOn;
  const view: VgpuView = {
    st: { dPower } as unknown as VgpuView['st'],
    cluster: { hName: ['esx01', 'esx02', 'esx03', 'esx04'], hCluster: Int32Array.from([0, 0, 0, 1]), placedOn: () => 0 },
  };
  const data: VgpuData = {
    hostModel: ['A16', 'L4', null, null],
    hostGpus: Int32Array.from([4, 2, 0, 0]),
    clusterHasGpu: new Set([0]),
    vmProfile: new Map(Array.from({ length: n }, (_, d) => [d, ref(profile)])),
  };
  const slots = new VgpuSlots();
  slots.set(data);
  return { view, slots, data };
}

describe('vGPU slot arithmetic', () => {
  it('a GPU carries floor(its frame buffer ÷ the profile’s) VMs of one profile', () => {
    expect(ref('A16-2Q').perGpu).toBe(8); // 16 GB ÷ 2 GB
    expect(ref('A16-1B').perGpu).toBe(16);
    expect(ref('A40-8Q').perGpu).toBe(6); // 48 ÷ 8
    expect(ref('L4-4Q').perGpu).toBe(6); // 24 ÷ 4
    expect(slotsFor(4, 8)).toBe(32);
    expect(slotsFor(0, 8)).toBe(0);
  });

  it('needs one GPU per started block of a profile, profiles never sharing a GPU', () => {
    expect(gpusNeeded(new Map([['A16-2Q', { n: 32, perGpu: 8 }]]))).toBe(4);
    expect(gpusNeeded(new Map([['A16-2Q', { n: 33, perGpu: 8 }]]))).toBe(5);
    // 9 × 2Q take 2 GPUs and 1 × 4Q a third: equal-size mode, not 9×2 + 4 = 22 GB of 48.
    expect(
      gpusNeeded(
        new Map([
          ['A16-2Q', { n: 9, perGpu: 8 }],
          ['A16-4Q', { n: 1, perGpu: 4 }],
        ]),
      ),
    ).toBe(3);
    expect(gpusNeeded(new Map())).toBe(0);
  });
});

describe('the vGPU slot check', () => {
  it('takes the 32nd A16-2Q VM on an A16 × 4 host and refuses the 33rd', () => {
    const w31 = world(40, 31);
    expect(w31.slots.check(w31.view, 31, 0)).toBeNull();
    const w = world(40, 32);
    expect(w.slots.check(w.view, 32, 0)).toBe('No host is compatible: no free vGPU slot for profile A16-2Q on esx01 (4 GPUs × 8 = 32, 32 in use)');
    // A VM already counted is not refused for its own slot (a re-check where it runs).
    expect(w.slots.check(w.view, 0, 0)).toBeNull();
  });

  it('refuses a host without a GPU or with another model, and says why', () => {
    const w = world(4, 0);
    expect(w.slots.check(w.view, 0, 2)).toBe('No host is compatible: no GPU for vGPU profile A16-2Q on esx03');
    expect(w.slots.check(w.view, 0, 1)).toBe('No host is compatible: vGPU profile A16-2Q needs an NVIDIA A16: esx02 has L4 GPUs');
  });

  it('leaves VMs without a profile, and clusters without GPUs, alone', () => {
    const w = world(4, 4);
    w.data.vmProfile.delete(3);
    w.slots.set(w.data);
    expect(w.slots.check(w.view, 3, 2)).toBeNull();
    expect(w.slots.check(w.view, 0, 3)).toBeNull(); // cluster 1 has no GPU host: not modelled there
  });

  it('is off when no host has a GPU or no VM a profile', () => {
    const w = world(4, 4);
    w.slots.set({ ...w.data, clusterHasGpu: new Set() });
    expect(w.slots.active).toBe(false);
    expect(w.slots.check(w.view, 0, 2)).toBeNull();
    w.slots.set({ ...w.data, vmProfile: new Map() });
    expect(w.slots.active).toBe(false);
  });
});
