import { afterEach, describe, expect, it } from 'vitest';
import type { Input } from '../../src-main/contract/methods.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});

const base: Input<'pool-create'> = {
  name: 'LAB',
  displayName: 'Lab pool',
  namingPattern: 'LAB-{n:3}',
  maxMachines: 5,
  imageId: 'img-1',
  imageVersionId: 'imgv-1-3',
  clusterId: 'cl-1',
  datastoreIds: ['ds-1'],
  networkId: 'net-3',
};

const states = async (l: TempLab, poolId: string) => {
  const rows = (await l.client.call('desktop-list', { poolId })).rows;
  const by: Record<string, number> = {};
  for (const r of rows) by[`${r.state}/${r.powerState}`] = (by[`${r.state}/${r.powerState}`] ?? 0) + 1;
  return by;
};

describe('pool provisioning in the engine', () => {
  it("Horizon's example: min 10, max 20, spare 2, power off, on demand → 10 created, 2 powered on", async () => {
    lab = tempLab('small', 1);
    const pool = await lab.client.call('pool-create', {
      ...base,
      kind: 'linked-clone',
      minMachines: 10,
      maxMachines: 20,
      spareMachines: 2,
      provisioning: 'on-demand',
      powerPolicy: 'power-off',
    });
    expect(pool.machineCount).toBe(10);
    // The engine takes the new machines in with the change and starts cloning them (powered on for customization).
    expect(await states(lab, pool.id)).toEqual({ 'PROVISIONING/poweredOn': 10 });
    const ev = await lab.client.call('event-list', { objectId: pool.id, limit: 1 });
    expect(ev.rows[0]?.message).toMatch(/created \(linked-clone, floating, single-session\): 10 machine\(s\) to provision on demand/);
    await lab.client.call('clock-step', { seconds: 5 * 60 }); // linked clones: 45 s clone + 75 s QuickPrep, 10 at once
    expect(await states(lab, pool.id)).toEqual({ 'AVAILABLE/poweredOn': 2, 'AVAILABLE/poweredOff': 8 });
    const names = (await lab.client.call('desktop-list', { poolId: pool.id })).rows.map((r) => r.name);
    expect(names).toEqual(Array.from({ length: 10 }, (_, i) => `LAB-${String(i + 1).padStart(3, '0')}`));
  });

  it('walks PROVISIONING → CUSTOMIZING → AVAILABLE in seconds for instant clones, and takes minutes for full clones', async () => {
    lab = tempLab('small', 1);
    const ic = await lab.client.call('pool-create', { ...base, name: 'IC', namingPattern: 'IC-{n:2}', maxMachines: 3 });
    const fc = await lab.client.call('pool-create', {
      ...base,
      name: 'FC',
      namingPattern: 'FC-{n:2}',
      maxMachines: 2,
      kind: 'full-clone',
      assignment: 'dedicated',
      diskGb: 64,
    });
    await lab.client.call('clock-step', { seconds: 10 });
    expect(await states(lab, ic.id)).toEqual({ 'CUSTOMIZING/poweredOn': 3 }); // 4 s fork, then ClonePrep
    expect(await states(lab, fc.id)).toEqual({ 'PROVISIONING/poweredOn': 2 }); // still copying
    await lab.client.call('clock-step', { seconds: 20 });
    expect(await states(lab, ic.id)).toEqual({ 'AVAILABLE/poweredOn': 3 });
    await lab.client.call('clock-step', { seconds: 4 * 60 });
    expect(await states(lab, fc.id)).toEqual({ 'CUSTOMIZING/poweredOn': 2 }); // 29 GB copy at 0.25 GB/s, then Sysprep
    await lab.client.call('clock-step', { seconds: 4 * 60 });
    expect((await states(lab, fc.id))['AVAILABLE/poweredOn']).toBeGreaterThanOrEqual(1);
  });

  it('a full datastore gives PROVISIONING_ERROR with the reason, not a crash, and an event-worthy problem count', async () => {
    lab = tempLab('small', 1);
    // 4 TB disks of full clones hold ~1.8 TB each on an 8 TB datastore: four fit, the rest cannot.
    const pool = await lab.client.call('pool-create', {
      ...base,
      name: 'HUGE',
      namingPattern: 'HUGE-{n:2}',
      kind: 'full-clone',
      assignment: 'dedicated',
      diskGb: 4096,
      maxMachines: 8,
      datastoreIds: ['ds-2'],
    });
    await lab.client.call('clock-step', { seconds: 60 });
    const by = await states(lab, pool.id);
    expect(by['PROVISIONING/poweredOn']).toBe(4);
    expect(by['PROVISIONING_ERROR/poweredOff']).toBe(4);
    const failed = (await lab.client.call('desktop-list', { poolId: pool.id, state: 'PROVISIONING_ERROR' })).rows[0];
    const d = await lab.client.call('desktop-get', { id: failed?.id ?? '' });
    expect(d.problem).toMatch(/Datastore NFS-HYB-CL01 is full: the clone needs 1843\.2 GB/);
    expect((await lab.client.call('pool-get', { id: pool.id })).problemCount).toBe(4);
  });

  it('provisioning continues after a restart from where the lab stopped', async () => {
    lab = tempLab('small', 1);
    const pool = await lab.client.call('pool-create', { ...base, kind: 'linked-clone', maxMachines: 12 });
    await lab.client.call('clock-step', { seconds: 60 });
    lab.host.close();
    const { openHost } = await import('../../src-main/host/host.ts');
    const again = openHost({ dataDir: lab.dir });
    await again.dispatch('clock-step', { seconds: 10 * 60 });
    const rows = await again.dispatch('desktop-list', { poolId: pool.id, state: 'AVAILABLE' });
    expect(rows).toMatchObject({ ok: true, result: { total: 12 } });
    again.close();
  });

  it('delete: refused with sessions unless forced; forced deletion logs the users off', async () => {
    lab = tempLab('default', 1);
    const { client } = lab;
    await client.call('clock-step', { seconds: 2 * 3600 });
    const kw = (await client.call('pool-list', {})).find((p) => p.name === 'KW-Floating');
    if (!kw) throw new Error('no KW pool');
    expect(kw.sessionCount).toBeGreaterThan(100);
    const refused = await lab.host.dispatch('pool-delete', { id: kw.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', path: ['force'] } });
    const done = await client.call('pool-delete', { id: kw.id, force: true });
    expect(done).toEqual({ deleted: true, machines: 520 });
    expect((await client.call('desktop-list', { search: 'KW-' })).total).toBe(0);
    expect((await client.call('session-list', { poolId: kw.id })).length).toBe(0);
    await client.call('clock-step', { seconds: 600 }); // the engine was rebuilt without the pool
    expect((await client.call('event-list', { objectId: kw.id, limit: 1 })).rows[0]).toMatchObject({ severity: 'warning' });
  });
});

describe('multi-session drain mode and dedicated assignment reach the engine', () => {
  it('a draining farm takes no new sessions; existing ones stay', async () => {
    lab = tempLab('default', 1);
    const { client } = lab;
    const farm = (await client.call('pool-list', {})).find((p) => p.sessionType === 'multi-session');
    if (!farm) throw new Error('no farm');
    await client.call('clock-step', { seconds: 30 * 60 }); // 07:30: a few early contact-center agents
    const before = (await client.call('pool-get', { id: farm.id })).sessionCount;
    expect(before).toBeGreaterThan(0);
    const drained = await client.call('pool-set-drain', { id: farm.id, drain: true });
    expect(drained.drainMode).toBe(true);
    await client.call('clock-step', { seconds: 2 * 3600 }); // the 09:00 rush
    expect((await client.call('pool-get', { id: farm.id })).sessionCount).toBeLessThanOrEqual(before);
    await client.call('pool-set-drain', { id: farm.id, drain: false });
    await client.call('clock-step', { seconds: 600 });
    const failedBefore = (await client.call('event-list', { objectKind: 'user' })).total;
    expect(failedBefore).toBeGreaterThan(0); // contact-center agents could not connect while it drained
  });

  it('a user given a dedicated desktop gets that one when they connect', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    const d = await client.call('desktop-assign', { id: 'vm-40', userId: 'u-40' });
    expect(d.assignedUserId).toBe('u-40');
    await client.call('clock-step', { seconds: 3 * 3600 });
    const sessions = await client.call('session-list', { userId: 'u-40' });
    for (const s of sessions) if (s.poolId === 'pool-3') expect(s.desktopId).toBe('vm-40');
    const unassigned = await lab.host.dispatch('desktop-unassign', { id: 'vm-40' });
    if (sessions.some((s) => s.desktopId === 'vm-40')) expect(unassigned).toMatchObject({ ok: false, error: { code: 'conflict' } });
    else expect(unassigned).toMatchObject({ ok: true });
  });
});

describe('editing a pool', () => {
  it('changes only what it names, grows with new machines to provision, shrinks by removing unused ones', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    const before = await client.call('pool-get', { id: 'pool-2' });
    const edited = await client.call('pool-update', { id: 'pool-2', displayName: 'Task workers', spareMachines: 2 });
    expect(edited).toEqual({ ...before, displayName: 'Task workers', spareMachines: 2 });
    const grown = await client.call('pool-update', { id: 'pool-2', maxMachines: 15, minMachines: 15 });
    expect(grown.machineCount).toBe(15);
    expect(grown.stateCounts.PROVISIONING).toBe(3);
    const newNames = (await client.call('desktop-list', { poolId: 'pool-2', state: 'PROVISIONING' })).rows.map((r) => r.name);
    expect(newNames).toEqual(['TW-013', 'TW-014', 'TW-015']);
    await client.call('clock-step', { seconds: 120 });
    expect((await client.call('pool-get', { id: 'pool-2' })).stateCounts.PROVISIONING ?? 0).toBe(0);
    const shrunk = await client.call('pool-update', { id: 'pool-2', minMachines: 8, maxMachines: 8 });
    expect(shrunk.machineCount).toBe(8);
    const ev = await client.call('event-list', { objectId: 'pool-2', limit: 1 });
    expect(ev.rows[0]?.message).toMatch(/edited \(minMachines, maxMachines\): 7 unused machine\(s\) removed/);
  });
});

describe('instant clones are always powered on', () => {
  it('a new instant-clone pool gets always-on; another policy is refused on create and on edit, and changes nothing', async () => {
    lab = tempLab('small', 1);
    const { client, host } = lab;
    // Horizon gives instant clones no power policy; the pools accepted power-off and carried "take no power action" (black-box round 6).
    expect((await client.call('pool-create', { ...base, kind: 'instant-clone' })).powerPolicy).toBe('always-on');
    expect((await client.call('pool-create', { ...base, name: 'LC', namingPattern: 'LC-{n:2}', kind: 'linked-clone' })).powerPolicy).toBe('take-no-action');
    const db = lab.peek();
    try {
      const before = contentDigest(db);
      const create = await host.dispatch('pool-create', { ...base, name: 'IC2', namingPattern: 'IC2-{n:2}', kind: 'instant-clone', powerPolicy: 'power-off' });
      expect(create).toMatchObject({ ok: false, error: { code: 'invalid-input', path: ['powerPolicy'] } });
      const edit = await host.dispatch('pool-update', { id: 'pool-1', powerPolicy: 'suspend' });
      expect(edit).toMatchObject({ ok: false, error: { code: 'invalid-input', path: ['powerPolicy'] } });
      if (!edit.ok) expect(edit.error.message).toMatch(/instant clones are always powered on/);
      expect(contentDigest(db)).toBe(before);
    } finally {
      db.close();
    }
    expect(new Set((await client.call('pool-list', {})).filter((p) => p.kind === 'instant-clone').map((p) => p.powerPolicy))).toEqual(new Set(['always-on']));
  });
});

describe('on-demand provisioning keeps the spare machines during a login storm', () => {
  it('grows the pool as users take its spares, up to its maximum, and says so', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    const pool = await client.call('pool-create', {
      ...base,
      name: 'OD',
      namingPattern: 'OD-{n:2}',
      kind: 'instant-clone',
      minMachines: 4,
      maxMachines: 12,
      spareMachines: 2,
      provisioning: 'on-demand',
    });
    expect(pool.machineCount).toBe(4);
    // The knowledge workers now get their desktops from this pool.
    await client.call('pool-set-enabled', { id: 'pool-1', enabled: false });
    await client.call('entitlement-add', { poolId: pool.id, principalType: 'group', principalId: 'g-11' });
    await client.call('clock-step', { seconds: 3 * 3600 }); // through the 09:00 storm
    const after = await client.call('pool-get', { id: pool.id });
    expect(after.machineCount).toBe(12);
    expect(after.sessionCount).toBeGreaterThan(8);
    const grew = await client.call('event-list', { objectId: pool.id, search: 'on demand' });
    expect(grew.total).toBeGreaterThan(0);
    expect(grew.rows[0]?.message).toMatch(/provisioned on demand to keep 2 spare/);
  });
});

describe('multi-session load balancing', () => {
  it('breadth-first spreads the first sessions over the hosts; depth-first fills one host up to its limit first', async () => {
    const spread = async (algorithm: 'breadth-first' | 'depth-first') => {
      const l = tempLab('default', 1);
      try {
        const farm = (await l.client.call('pool-list', {})).find((p) => p.sessionType === 'multi-session');
        if (!farm) throw new Error('no farm');
        await l.client.call('clock-step', { seconds: 60 }); // the engine is running before the edit
        await l.client.call('pool-update', { id: farm.id, loadBalancing: algorithm, maxSessionsPerHost: 10 });
        await l.client.call('clock-step', { seconds: 2 * 3600 }); // 09:00: the agents are in
        const hosts = (await l.client.call('desktop-list', { poolId: farm.id })).rows.map((r) => r.sessions).filter((n) => n > 0);
        return { used: hosts.length, max: Math.max(...hosts), sessions: hosts.reduce((a, b) => a + b, 0) };
      } finally {
        l.dispose();
      }
    };
    const breadth = await spread('breadth-first');
    const depth = await spread('depth-first');
    expect(breadth.sessions).toBeGreaterThan(40);
    expect(depth.sessions).toBe(breadth.sessions);
    expect(depth.max).toBe(10); // full hosts
    expect(depth.used).toBe(Math.ceil(depth.sessions / 10));
    expect(breadth.used).toBeGreaterThan(depth.used);
    expect(breadth.max).toBeLessThan(10);
  });
});
