import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isClusterTask } from '../../src-main/contract/cluster-entities.ts';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// Issue 19, vGPU density: hosts get GPUs (host-gpu-set) and placement of a vGPU VM counts their slots:
// an A16 is 4 GPUs of 16 GB, so A16 × 4 carries 4 × floor(16 ÷ 2) = 32 A16-2Q VMs (NVIDIA equal-size mode).
// Small lab, cl-1: h-1 and h-2 get A16 × 4, h-3 no GPU.

let lab: TempLab;
const vgpuVms: string[] = [];
beforeAll(async () => {
  lab = tempLab('small', 1);
  const c = lab.client;
  await c.call('cluster-set-drs', { clusterId: 'cl-1', automation: 'manual' }); // DRS would move the crowd again
  // Spare machines stay on (the pools' power policy would power off or suspend the ones nobody uses).
  for (const p of await c.call('pool-list', {})) await c.call('pool-update', { id: p.id, powerPolicy: 'always-on' });
  for (const h of ['h-1', 'h-2']) {
    const ds = (await c.call('host-get', { id: h })).desktops.filter((d) => d.sessions === 0);
    const on = ds.filter((d) => d.powerState !== 'poweredOff').map((d) => d.id);
    if (on.length) await c.call('desktop-bulk', { ids: on, action: 'power-off' });
    for (const d of ds) {
      await c.call('desktop-hardware-set', { desktopId: d.id, vgpuProfile: 'A16-2Q' });
      vgpuVms.push(d.id);
    }
  }
}, 120_000);
afterAll(() => lab.dispose());

const runningOn = async (h: string) =>
  (await lab.client.call('host-get', { id: h })).desktops.filter((d) => d.powerState === 'poweredOn' && vgpuVms.includes(d.id)).map((d) => d.id);

describe('host GPUs and vGPU slots', () => {
  it('sets a host’s GPUs (persisted, audited) and lists its slots', async () => {
    const c = lab.client;
    const g = await c.call('host-gpu-set', { hostId: 'h-1', gpu: { model: 'A16', gpus: 4 } });
    expect(g).toMatchObject({ hostId: 'h-1', model: 'A16', gpus: 4, frameBufferGbPerGpu: 16, gpusInUse: 0, profiles: [] });
    await c.call('host-gpu-set', { hostId: 'h-2', gpu: { model: 'A16', gpus: 4 } });
    expect((await c.call('host-gpu-list', {})).map((x) => x.hostId)).toEqual(['h-1', 'h-2']);
    const db = lab.peek();
    try {
      expect(db.prepare('SELECT host_id, model, gpus FROM host_gpus ORDER BY host_id').all()).toEqual([
        { host_id: 'h-1', model: 'A16', gpus: 4 },
        { host_id: 'h-2', model: 'A16', gpus: 4 },
      ]);
      const audit = db.prepare("SELECT message FROM events WHERE message LIKE '%GPUs changed%' ORDER BY rowid").all() as { message: string }[];
      expect(audit.map((a) => a.message)).toEqual([
        expect.stringMatching(/GPUs changed from no GPU to 4 × NVIDIA A16/),
        expect.stringMatching(/4 × NVIDIA A16/),
      ]);
    } finally {
      db.close();
    }
  });

  it('powers vGPU VMs on where a GPU has a slot, and fills h-1 to 32 A16-2Q VMs; the 33rd is refused', async () => {
    const c = lab.client;
    const pw = await c.call('desktop-bulk', { ids: vgpuVms, action: 'power-on' });
    expect(pw.refused).toBe(0);
    await c.call('clock-step', { seconds: 900 });
    const on1 = await runningOn('h-1');
    const on2 = await runningOn('h-2');
    expect(on1.length + on2.length).toBe(vgpuVms.length);
    const move = on2.slice(0, 32 - on1.length);
    expect(move.length).toBe(32 - on1.length);
    await c.call('vm-migrate', { desktopIds: move, toHostId: 'h-1' });
    await c.call('clock-step', { seconds: 600 });
    expect(await runningOn('h-1')).toHaveLength(32);
    const list = (await c.call('host-gpu-list', {})).find((x) => x.hostId === 'h-1');
    expect(list).toMatchObject({ gpusInUse: 4, profiles: [{ profile: 'A16-2Q', vms: 32, gpus: 4, perGpu: 8, slots: 32 }] });
    const next = (await runningOn('h-2'))[0] as string;
    const est = await c.call('vm-migrate-estimate', { desktopId: next, toHostId: 'h-1' });
    expect(est.refusal).toMatch(/^No host is compatible: no free vGPU slot for profile A16-2Q on \S+ \(4 GPUs × 8 = 32, 32 in use\)$/);
    const refused = await lab.host.dispatch('vm-migrate', { desktopIds: [next], toHostId: 'h-1' });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error).toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(
          /^\S+ cannot move to \S+\. No host is compatible: no free vGPU slot for profile A16-2Q on \S+ \(4 GPUs × 8 = 32, 32 in use\)$/,
        ),
      });
    expect(await runningOn('h-1')).toHaveLength(32);
  });

  it('refuses a GPU change while vGPU VMs run on the host, and a vGPU VM on a host without GPU', async () => {
    const c = lab.client;
    const r = await lab.host.dispatch('host-gpu-set', { hostId: 'h-1', gpu: null });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'conflict', path: ['hostId'], message: expect.stringMatching(/32 vGPU VM\(s\) run on/) });
    const next = (await runningOn('h-2'))[0] as string;
    const est = await c.call('vm-migrate-estimate', { desktopId: next, toHostId: 'h-3' });
    expect(est.refusal).toMatch(/^No host is compatible: no GPU for vGPU profile A16-2Q on /);
  });

  it('HA restarts skip hosts without a free slot: h-2 fills to 32, h-3 (no GPU) takes none, the rest wait', async () => {
    const c = lab.client;
    const before2 = (await runningOn('h-2')).length;
    const task = await c.call('host-fail', { hostId: 'h-1', mode: 'power-loss' });
    await c.call('clock-step', { seconds: 300 });
    expect(await runningOn('h-2')).toHaveLength(32);
    expect(await runningOn('h-3')).toHaveLength(0);
    const ha = (await c.call('task-list', {})).find((t) => t.id === task.id);
    if (!ha || !isClusterTask(ha)) throw new Error('no HA task');
    const left = ha.details.items.filter((i) => i.state !== 'done');
    expect(left.length).toBe(32 - (32 - before2));
    expect(left.every((i) => /no free vGPU slot for profile A16-2Q|no GPU for vGPU profile/.test(i.reason ?? ''))).toBe(true);
  }, 120_000);
});

describe('powering on a vGPU VM registered to a host without a GPU', () => {
  it('is refused naming the hosts it fits on (found by a black-box run: "No host is compatible" while one was)', async () => {
    const own = tempLab('small', 1);
    try {
      const c = own.client;
      await c.call('host-gpu-set', { hostId: 'h-1', gpu: { model: 'A16', gpus: 4 } });
      const vm = (await c.call('host-get', { id: 'h-3' })).desktops.find((d) => d.sessions === 0);
      if (!vm) throw new Error('no idle VM on h-3');
      if (vm.powerState !== 'poweredOff') await c.call('desktop-bulk', { ids: [vm.id], action: 'power-off' });
      await c.call('desktop-hardware-set', { desktopId: vm.id, vgpuProfile: 'A16-2Q' });
      const r = await own.host.dispatch('vm-power-on', { desktopId: vm.id });
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.error).toMatchObject({
          code: 'conflict',
          message: expect.stringMatching(
            new RegExp(
              `No host is compatible: no GPU for vGPU profile A16-2Q on \\S+ \\(the host it is registered to\\)\\. It fits on \\S*esx01: move it there first`,
            ),
          ),
        });
    } finally {
      own.dispose();
    }
  });
});
