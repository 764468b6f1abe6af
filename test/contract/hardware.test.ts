import { afterEach, describe, expect, it } from 'vitest';
import { ApiCallError, type Client } from '../../src-main/contract/client.ts';
import type { ApiError } from '../../src-main/contract/errors.ts';
import { CONFIDENTIAL_PARAMS, HYPERVISOR_SPECS, NESTED_PARAMS } from '../../src-main/shared/hypervisors/catalogue.ts';
import DatabaseCtor from 'better-sqlite3';
import { tempLab, tableCounts, type TempLab } from '../helpers/lab.ts';

// Issue 19 through the dispatcher: hypervisor types per cluster (a mixed lab refuses moves across
// them), per-VM virtual hardware (Windows 11 needs UEFI + Secure Boot + vTPM), hot-add without a
// reboot or pending until the power cycle, and confidential VMs (no memory snapshot, no live migration).

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});
const open = (profile: 'small' | 'mixed' = 'small') => {
  const l = tempLab(profile, 1);
  labs.push(l);
  return l;
};

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiCallError) return err.error;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** A desktop of a pool in a given power state, with no session (so nothing depends on the users' day). */
async function desktopOf(client: Client, poolId: string, powerState: 'poweredOn' | 'poweredOff'): Promise<string> {
  const { rows } = await client.call('desktop-list', { poolId, powerState, limit: 500 });
  const d = rows.find((r) => r.sessions === 0 && (r.state === 'AVAILABLE' || r.state === 'MAINTENANCE' || powerState === 'poweredOff'));
  if (!d) throw new Error(`no ${powerState} desktop without sessions in ${poolId}`);
  return d.id;
}

describe('hypervisor types per cluster', () => {
  it('the mixed lab runs ESXi, Hyper-V, KVM and AHV clusters, and refuses to migrate a VM across types', async () => {
    const { client } = open('mixed');
    const clusters = await client.call('cluster-list', {});
    expect(clusters.map((c) => c.hypervisor)).toEqual(['esxi', 'hyper-v', 'kvm', 'ahv']);
    const hosts = await client.call('host-list', {});
    const hvHost = hosts.find((h) => h.clusterId === clusters[1]?.id);
    const esxHost = hosts.find((h) => h.clusterId === clusters[0]?.id);
    if (!hvHost || !esxHost) throw new Error('hosts missing');
    expect(hvHost.name).toContain('-hv');
    const { rows } = await client.call('desktop-list', { hostId: esxHost.id, powerState: 'poweredOn', limit: 50 });
    const vm = rows[0];
    if (!vm) throw new Error('no VM on the ESXi host');
    const peek = labs[0]!.peek();
    const before = tableCounts(peek);
    const err = await refusal(client.call('vm-migrate', { desktopIds: [vm.id], toHostId: hvHost.id }));
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/cannot be migrated across hypervisor types/);
    expect(err.message).toContain('Microsoft Hyper-V');
    expect(err.message).toContain('VMDK');
    expect(err.path).toEqual(['toHostId']);
    const est = await client.call('vm-migrate-estimate', { desktopId: vm.id, toHostId: hvHost.id });
    expect(est.refusal).toMatch(/across hypervisor types/);
    expect(tableCounts(peek).tasks).toBe(before.tasks);
    // A VM's disks take its cluster's format; the catalogue names each one's words.
    const hw = await client.call('desktop-hardware-get', { desktopId: vm.id });
    expect(hw.hypervisor).toBe('esxi');
    expect(hw.hardware.disks[0]?.format).toBe('vmdk');
    expect(hw.hardware.nics[0]?.mac.startsWith('00:50:56')).toBe(true);
    const cat = await client.call('hypervisor-catalogue', {});
    expect(cat.hypervisors.find((h) => h.type === 'hyper-v')?.terms.liveMigration).toBe('Live Migration');
    expect(cat.hypervisors.find((h) => h.type === 'kvm')?.balancing.available).toBe(false);
  });

  it('a VM on a Hyper-V cluster gets VHDX disks, the Hyper-V per-VM memory overhead, and cannot have CPU hot-add', async () => {
    const { client } = open('mixed');
    const clusters = await client.call('cluster-list', {});
    const pools = await client.call('pool-list', {});
    const pool = pools.find((p) => p.clusterId === clusters[1]?.id);
    if (!pool) throw new Error('no pool on the Hyper-V cluster');
    const ph = await client.call('pool-hardware-get', { poolId: pool.id });
    expect(ph.hypervisor).toBe('hyper-v');
    expect(ph.hardware.disks[0]?.format).toBe('vhdx');
    const m = HYPERVISOR_SPECS['hyper-v'].memoryOverhead;
    expect(ph.figures.overheadMb).toBe(Math.round(m.baseMb + m.perGbMb * ph.hardware.memoryGb));
    const err = await refusal(client.call('pool-hardware-set', { poolId: pool.id, cpuHotAdd: true }));
    expect(err.code).toBe('invalid-input');
    expect(err.path).toEqual(['cpuHotAdd']);
    const snp = await refusal(client.call('pool-hardware-set', { poolId: pool.id, confidential: 'sev-snp' }));
    expect(snp.path).toEqual(['confidential']);
  });
});

describe('virtual hardware and hot-add', () => {
  it('refuses a Windows 11 VM without a vTPM (or on BIOS) and changes nothing', async () => {
    const lab = open();
    const { client } = lab;
    const peek = lab.peek();
    const id = await desktopOf(client, 'pool-1', 'poweredOn');
    const hw = await client.call('desktop-hardware-get', { desktopId: id });
    expect(hw.guestOs).toMatch(/Windows 11/);
    expect(hw.hardware).toMatchObject({ firmware: 'uefi', secureBoot: true, vtpm: true });
    const before = tableCounts(peek);
    const err = await refusal(client.call('desktop-hardware-set', { desktopId: id, vtpm: false }));
    expect(err.code).toBe('invalid-input');
    expect(err.path).toEqual(['vtpm']);
    expect(err.message).toMatch(/requires UEFI with Secure Boot and a TPM 2\.0/);
    const bios = await refusal(client.call('desktop-hardware-set', { desktopId: id, firmware: 'bios', secureBoot: false, vtpm: false }));
    expect(bios.code).toBe('invalid-input');
    expect(tableCounts(peek)).toEqual(before);
    // The pool template is held to the same rule.
    const tpl = await refusal(client.call('pool-hardware-set', { poolId: 'pool-1', vtpm: false }));
    expect(tpl.path).toEqual(['vtpm']);
  });

  it('without hot-add a running VM keeps its size until its power cycle, and the reset applies it', async () => {
    const { client } = open();
    const id = await desktopOf(client, 'pool-1', 'poweredOn');
    const d0 = await client.call('desktop-get', { id });
    const r = await client.call('desktop-hardware-set', { desktopId: id, memoryGb: d0.ramGb * 2 });
    expect(r.applied).toBe('pending');
    expect(r.pendingReasons.join(' ')).toMatch(/memory hot-add is off/);
    expect(r.hardware.memoryGb).toBe(d0.ramGb);
    expect(r.pending?.memoryGb).toBe(d0.ramGb * 2);
    expect((await client.call('desktop-get', { id })).ramGb).toBe(d0.ramGb);
    const reset = await client.call('desktop-power', { ids: [id], action: 'reset', force: true });
    expect(reset.message).toMatch(/pending hardware applied/);
    const after = await client.call('desktop-hardware-get', { desktopId: id });
    expect(after.pending).toBeNull();
    expect(after.hardware.memoryGb).toBe(d0.ramGb * 2);
    expect((await client.call('desktop-get', { id })).ramGb).toBe(d0.ramGb * 2);
  });

  it('with hot-add on, vCPUs and memory grow on the running VM at once and the engine sees the new size; memory never shrinks hot', async () => {
    const { client } = open();
    const off = await desktopOf(client, 'pool-4', 'poweredOff');
    const enable = await client.call('desktop-hardware-set', { desktopId: off, cpuHotAdd: true, memoryHotAdd: true });
    expect(enable.applied).toBe('applied');
    expect(enable.figures.vnumaExposed).toBe(false); // vSphere: CPU hot-add gives the VM one vNUMA node
    expect(enable.notes.join(' ')).toMatch(/vNUMA off/);
    await client.call('vm-power-on', { desktopId: off });
    const d0 = await client.call('desktop-get', { id: off });
    expect(d0.powerState).toBe('poweredOn');
    const hosts = await client.call('host-list', {});
    const other = hosts.find((h) => h.id !== d0.hostId && h.connectionState === 'connected');
    if (!other) throw new Error('no other host');
    const est0 = await client.call('vm-migrate-estimate', { desktopId: off, toHostId: other.id });
    const r = await client.call('desktop-hardware-set', { desktopId: off, sockets: 2, memoryGb: d0.ramGb + 4 });
    expect(r.applied).toBe('hot-added');
    expect(r.pending).toBeNull();
    expect(r.figures.vcpu).toBe(d0.vcpu * 2);
    const d1 = await client.call('desktop-get', { id: off });
    expect(d1).toMatchObject({ vcpu: d0.vcpu * 2, ramGb: d0.ramGb + 4, powerState: 'poweredOn' });
    // The engine holds more memory for the VM now (its base share of RAM grew by half of the 4 GB added).
    const est1 = await client.call('vm-migrate-estimate', { desktopId: off, toHostId: other.id });
    expect(est1.memoryMb - est0.memoryMb).toBeGreaterThanOrEqual(2048 * 0.99);
    // Memory hot-remove does not exist: a decrease waits for the power cycle.
    const down = await client.call('desktop-hardware-set', { desktopId: off, memoryGb: d0.ramGb });
    expect(down.applied).toBe('pending');
    expect(down.pendingReasons.join(' ')).toMatch(/hot-remove does not exist/);
    expect((await client.call('desktop-get', { id: off })).ramGb).toBe(d0.ramGb + 4);
  });
});

describe('confidential computing', () => {
  it('an SEV-SNP VM pays the named memory overhead, refuses a memory snapshot and live migration, and DRS leaves it', async () => {
    const { client } = open();
    const id = await desktopOf(client, 'pool-4', 'poweredOff');
    const hw0 = await client.call('desktop-hardware-get', { desktopId: id });
    const unreserved = await refusal(client.call('desktop-hardware-set', { desktopId: id, confidential: 'sev-snp' }));
    expect(unreserved.path).toEqual(['memoryReservationGb']);
    const r = await client.call('desktop-hardware-set', { desktopId: id, confidential: 'sev-snp', memoryReservationGb: hw0.hardware.memoryGb });
    expect(r.applied).toBe('applied');
    const c = CONFIDENTIAL_PARAMS['sev-snp'];
    const extra = Math.min(c.memoryOverheadMaxMb, Math.max(c.memoryOverheadMinMb, hw0.hardware.memoryGb * 1024 * c.memoryOverheadShare));
    expect(r.figures.overheadMb).toBe(Math.round(hw0.figures.overheadMb + extra));
    expect(r.figures).toMatchObject({ liveMigration: false, memorySnapshots: false });
    await client.call('vm-power-on', { desktopId: id });
    const snap = await refusal(client.call('snapshot-take', { desktopId: id, name: 'with memory', includeMemory: true }));
    expect(snap.code).toBe('conflict');
    expect(snap.path).toEqual(['includeMemory']);
    // A disk-only snapshot is fine.
    await client.call('snapshot-take', { desktopId: id, name: 'disk only', includeMemory: false, quiesce: true });
    const d = await client.call('desktop-get', { id });
    const hosts = await client.call('host-list', {});
    const other = hosts.find((h) => h.id !== d.hostId && h.connectionState === 'connected');
    if (!other) throw new Error('no other host');
    const mig = await refusal(client.call('vm-migrate', { desktopIds: [id], toHostId: other.id }));
    expect(mig.code).toBe('conflict');
    expect(mig.message).toMatch(/cannot be live-migrated/);
    expect((await client.call('vm-migrate-estimate', { desktopId: id, toHostId: other.id })).refusal).toMatch(/confidential/);
    // Hot-add is not possible on a confidential VM.
    const hot = await refusal(client.call('desktop-hardware-set', { desktopId: id, memoryHotAdd: true }));
    expect(hot.code).toBe('invalid-input');
    // DRS never proposes it.
    const recs = await client.call('drs-recommendations', { clusterId: 'cl-1' });
    expect(recs.some((x) => x.desktopId === id)).toBe(false);
  });

  it("a VM's hardware and its pending change are part of a checkpoint: restore brings them back", async () => {
    const { client } = open();
    const id = await desktopOf(client, 'pool-1', 'poweredOn');
    const d0 = await client.call('desktop-get', { id });
    await client.call('desktop-hardware-set', { desktopId: id, memoryGb: d0.ramGb * 2 });
    const cp = await client.call('checkpoint-save', { name: 'with pending hardware' });
    await client.call('desktop-power', { ids: [id], action: 'reset', force: true });
    expect((await client.call('desktop-hardware-get', { desktopId: id })).pending).toBeNull();
    await client.call('checkpoint-restore', { id: cp.id, confirm: true });
    const back = await client.call('desktop-hardware-get', { desktopId: id });
    expect(back.pending?.memoryGb).toBe(d0.ramGb * 2);
    expect(back.hardware.memoryGb).toBe(d0.ramGb);
    expect((await client.call('desktop-get', { id })).ramGb).toBe(d0.ramGb);
  });
});

describe('the live engine charges the flags and keeps CPU shares', () => {
  /** The same lab twice, the same steps; only the flags differ: the VM's host CPU differs by the named factor. */
  async function cpuWith(flags: { confidential?: 'sev-snp'; nestedVirtualization?: boolean }): Promise<{ mhz: number; factor: number }> {
    const { client } = open();
    const id = await desktopOf(client, 'pool-4', 'poweredOff');
    const hw0 = await client.call('desktop-hardware-get', { desktopId: id });
    await client.call('desktop-hardware-set', { desktopId: id, memoryReservationGb: hw0.hardware.memoryGb, ...flags });
    await client.call('vm-power-on', { desktopId: id });
    // A minute on (the pool's power policy powers spare machines off later): the same instant in every run.
    await client.call('clock-step', { seconds: 60 });
    const r = await client.call('desktop-hardware-get', { desktopId: id });
    if (!r.running) throw new Error('the VM is not in the running simulation');
    return { mhz: r.running.hostCpuMhz, factor: r.running.cpuFactor };
  }

  it('a confidential VM uses its named CPU factor more host CPU than the same VM without; nested adds its own', async () => {
    const plain = await cpuWith({});
    const snp = await cpuWith({ confidential: 'sev-snp' });
    const nested = await cpuWith({ nestedVirtualization: true });
    expect(plain.factor).toBe(1);
    expect(snp.factor).toBe(CONFIDENTIAL_PARAMS['sev-snp'].cpuFactor);
    expect(nested.factor).toBe(NESTED_PARAMS.cpuFactor);
    expect(plain.mhz).toBeGreaterThan(0);
    expect(snp.mhz / plain.mhz).toBeCloseTo(CONFIDENTIAL_PARAMS['sev-snp'].cpuFactor, 3);
    expect(nested.mhz / plain.mhz).toBeCloseTo(NESTED_PARAMS.cpuFactor, 3);
  });
});

describe('maintenance evacuates a confidential VM cold', () => {
  it('an SEV-SNP VM is shut down, moved and powered on elsewhere (not live-migrated); the report says so', async () => {
    const { client } = open();
    const id = await desktopOf(client, 'pool-4', 'poweredOff');
    const hw0 = await client.call('desktop-hardware-get', { desktopId: id });
    await client.call('desktop-hardware-set', { desktopId: id, confidential: 'sev-snp', memoryReservationGb: hw0.hardware.memoryGb });
    await client.call('vm-power-on', { desktopId: id });
    await client.call('clock-step', { seconds: 20 });
    const from = (await client.call('desktop-get', { id })).hostId;
    const task = await client.call('host-enter-maintenance', { hostId: from });
    let host = (await client.call('host-get', { id: from })).host.connectionState;
    for (let i = 0; i < 60 && host !== 'maintenance'; i++) {
      await client.call('clock-step', { seconds: 20 });
      host = (await client.call('host-get', { id: from })).host.connectionState;
    }
    expect(host).toBe('maintenance');
    const t = (await client.call('task-list', { objectId: from })).find((x) => x.id === task.id);
    if (!t || t.kind !== 'host-maintenance') throw new Error('no maintenance task');
    const item = t.details.items.find((i) => i.desktopId === id);
    expect(item?.state).toBe('done');
    expect(item?.reason).toMatch(/cold migration: a confidential VM cannot be live-migrated/);
    expect(item?.downtimeMs).toBeGreaterThan(10_000); // down for a boot, not a sub-second switchover
    const d = await client.call('desktop-get', { id });
    expect(d.hostId).not.toBe(from);
    expect(d.hostId).toBe(item?.toHostId);
    const ev = (await client.call('event-list', { objectId: from, limit: 50 })).rows.map((e) => e.message);
    expect(ev.some((m) => /confidential VM\) was shut down and cold-migrated/.test(m))).toBe(true);
  });
});

describe('a change waiting for a power cycle is applied in simulated time', () => {
  /** Powers a spare machine on, saves a change it cannot take hot, and lets the pool's power policy power it off. */
  async function run(steps: number[]): Promise<{ at: string; ramGb: number; pending: boolean; wanted: number }> {
    const { client } = open();
    const id = await desktopOf(client, 'pool-4', 'poweredOff');
    await client.call('vm-power-on', { desktopId: id });
    const d0 = await client.call('desktop-get', { id });
    const r = await client.call('desktop-hardware-set', { desktopId: id, memoryGb: d0.ramGb * 2 });
    expect(r.applied).toBe('pending');
    for (const s of steps) await client.call('clock-step', { seconds: s });
    const d1 = await client.call('desktop-get', { id }); // the policy powers it off within minutes (and on again later, as spare)
    const hw = await client.call('desktop-hardware-get', { desktopId: id });
    const ev = (await client.call('event-list', { objectId: id, limit: 20 })).rows.find((e) => /waited for a power cycle is applied/.test(e.message));
    if (!ev) throw new Error('no event for the applied change');
    return { at: ev.simTime, ramGb: d1.ramGb, pending: hw.pending !== null, wanted: d0.ramGb * 2 };
  }

  it('when the power policy powers the VM off, at that tick, however the run is cut into flushes', async () => {
    const one = await run([600]);
    const many = await run(Array.from({ length: 10 }, () => 60));
    expect(one.pending).toBe(false);
    expect(one.ramGb).toBe(one.wanted);
    expect(many).toEqual(one);
  });
});

describe("changing a cluster's hypervisor", () => {
  it('is refused while the cluster has VMs or pools, and audited when an empty cluster changes', async () => {
    const { client, host } = open();
    const peek = labs[0]!.peek();
    const before = tableCounts(peek);
    const busy = await refusal(client.call('cluster-set-hypervisor', { clusterId: 'cl-1', hypervisor: 'kvm' }));
    expect(busy.code).toBe('conflict');
    expect(busy.message).toMatch(/VM\(s\) on its hosts: a VM cannot move across hypervisor types .*VMDK/);
    expect(tableCounts(peek)).toEqual(before);
    // An empty cluster (no host yet) changes at once; the catalogue's words follow.
    const db = new DatabaseCtor(host.dbPath);
    try {
      const cols = (db.prepare('PRAGMA table_info(clusters)').all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id' && c !== 'name');
      db.prepare(`INSERT INTO clusters (id, name, ${cols.join(', ')}) SELECT 'cl-new', 'CL-New', ${cols.join(', ')} FROM clusters WHERE id = 'cl-1'`).run();
    } finally {
      db.close();
    }
    const r = await client.call('cluster-set-hypervisor', { clusterId: 'cl-new', hypervisor: 'hyper-v' });
    expect(r.hypervisor).toBe('hyper-v');
    expect((await client.call('cluster-list', {})).find((c) => c.id === 'cl-new')?.hypervisor).toBe('hyper-v');
    const audit = (await client.call('event-list', { objectId: 'cl-new', limit: 5 })).rows.map((e) => e.message);
    expect(audit.some((m) => /hypervisor changed from VMware ESXi to Microsoft Hyper-V/.test(m))).toBe(true);
    const again = await refusal(client.call('cluster-set-hypervisor', { clusterId: 'cl-new', hypervisor: 'hyper-v' }));
    expect(again.path).toEqual(['hypervisor']);
  });
});
