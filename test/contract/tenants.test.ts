import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../src-main/app/context.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

// Issue 19, tenants and isolation, on the multi-tenant lab: Contoso (pool-1, pool-2 on the vSAN) and
// Fabrikam (pool-3, pool-4 on the NFS array, its VLANs only on h-3 and h-4, CPU limit 40 GHz).

let lab: TempLab;
beforeAll(() => {
  lab = tempLab('multi-tenant', 1);
});
afterAll(() => lab.dispose());

const byName = async (name: string) => {
  const t = (await lab.client.call('tenant-list', {})).find((x) => x.name === name);
  if (!t) throw new Error(`no tenant ${name}`);
  return t;
};

/** The pools' desktops as the file has them (desktop-list rows name the pool and host, not their ids). */
async function desktopsOf(poolIds: string[]) {
  await lab.client.call('clock-get', {});
  const db = lab.peek();
  try {
    const rows = db.prepare('SELECT id, name, pool_id AS poolId, host_id AS hostId, power_state AS powerState FROM desktops ORDER BY id').all() as {
      id: string;
      name: string;
      poolId: string;
      hostId: string;
      powerState: string;
    }[];
    return rows.filter((d) => poolIds.includes(d.poolId));
  } finally {
    db.close();
  }
}

describe('the multi-tenant lab', () => {
  it('has two tenants owning their pools, networks and datastores; Fabrikam’s port groups only on h-3 and h-4', async () => {
    const con = await byName('Contoso');
    const fab = await byName('Fabrikam');
    expect(con.pools.map((p) => p.id)).toEqual(['pool-1', 'pool-2']);
    expect(fab.pools.map((p) => p.id).sort()).toEqual(['pool-3', 'pool-4']);
    expect(fab.cpuLimitGhz).toBe(40);
    expect(fab.networks.length).toBe(2);
    for (const n of fab.networks) expect(n.hostIds).toEqual(['h-3', 'h-4']);
    expect(con.datastores.map((d) => d.id)).not.toEqual(fab.datastores.map((d) => d.id));
    expect(con.warnings).toEqual([]);
    expect(fab.warnings).toEqual([]);
    for (const d of await desktopsOf(['pool-3', 'pool-4'])) expect(['h-3', 'h-4']).toContain(d.hostId);
  });
});

describe('isolation at every placement', () => {
  it('refuses to migrate a Fabrikam desktop to a host without its port group, in the estimate and in vm-migrate', async () => {
    const [d] = await desktopsOf(['pool-3']);
    if (!d) throw new Error('no Fabrikam desktop');
    const est = await lab.client.call('vm-migrate-estimate', { desktopId: d.id, toHostId: 'h-1' });
    expect(est.refusal).toMatch(/no compatible host\/network for tenant Fabrikam: port group .* is not on/);
    const db = lab.peek();
    const before = contentDigest(db);
    const reply = await lab.host.dispatch('vm-migrate', { desktopIds: [d.id], toHostId: 'h-1' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'conflict', path: ['toHostId'] } });
    if (!reply.ok) expect(reply.error.message).toMatch(/tenant Fabrikam/);
    expect(contentDigest(db)).toBe(before);
    db.close();
    // DRS's own pick (no target) never lands it on h-1 or h-2 either.
    const other = d.hostId === 'h-3' ? 'h-4' : 'h-3';
    const ok = await lab.client.call('vm-migrate-estimate', { desktopId: d.id, toHostId: other });
    expect(ok.refusal ?? '').not.toMatch(/tenant/);
  });

  it('refuses to give a network in use to another tenant, and a vNIC on another tenant’s network', async () => {
    const con = await byName('Contoso');
    const fab = await byName('Fabrikam');
    const conNet = con.networks[0]?.id as string;
    const r = await lab.host.dispatch('tenant-assign', { tenantId: fab.id, kind: 'network', objectId: conNet });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', path: ['objectId'] } });
    if (!r.ok) expect(r.error.message).toMatch(/Pool CON-.* of tenant Contoso uses/);
    const p = await lab.host.dispatch('tenant-assign', { tenantId: con.id, kind: 'pool', objectId: 'pool-3' });
    expect(p).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!p.ok) expect(p.error.message).toMatch(/belongs to tenant Fabrikam/);
    const [d] = await desktopsOf(['pool-3']);
    const hw = await lab.host.dispatch('desktop-hardware-set', {
      desktopId: d?.id,
      nics: [{ label: 'Network adapter 1', adapter: 'vmxnet3', networkId: conNet }],
    });
    expect(hw).toMatchObject({ ok: false, error: { code: 'conflict', path: ['nics', 0, 'networkId'] } });
  });

  it('HA restarts a failed host’s Fabrikam desktops only where their port groups are', async () => {
    await lab.client.call('host-fail', { hostId: 'h-3', mode: 'power-loss' });
    await lab.client.call('clock-step', { seconds: 600 });
    for (const d of await desktopsOf(['pool-3', 'pool-4'])) {
      if (d.powerState === 'poweredOn') expect(d.hostId, d.name).toBe('h-4');
    }
    await lab.client.call('host-repair', { hostId: 'h-3' });
    await lab.client.call('clock-step', { seconds: 600 });
  });
});

describe('tenant-scoped admin accounts', () => {
  let call: CallContext;
  beforeAll(async () => {
    await lab.client.call('account-create', { name: 'estate-admin', role: 'administrators', password: 'estate admin password' });
    const a = await lab.client.call('account-create', { name: 'fab-admin', role: 'administrators', password: 'fabrikam admin password' });
    await lab.client.call('account-set-tenant', { id: a.id, tenantId: (await byName('Fabrikam')).id });
    call = { user: 'fab-admin', accountId: a.id, transport: 'in-process' };
  });

  it('sees only its tenant’s pools, desktops, sessions and tenant', async () => {
    const as = async <T>(m: string, input: unknown): Promise<T> => {
      const r = await lab.host.dispatch(m as never, input, call);
      if (!r.ok) throw new Error(r.error.message);
      return r.result as T;
    };
    expect((await as<{ id: string }[]>('pool-list', {})).map((p) => p.id).sort()).toEqual(['pool-3', 'pool-4']);
    const desks = await as<{ rows: { pool: string }[] }>('desktop-list', { limit: 500 });
    expect(desks.rows.length).toBeGreaterThan(0);
    for (const d of desks.rows) expect(['FAB-PWR-Dedicated', 'FAB-DEV-Linked']).toContain(d.pool);
    for (const s of await as<{ poolId: string }[]>('session-list', {})) expect(['pool-3', 'pool-4']).toContain(s.poolId);
    expect((await as<{ name: string }[]>('tenant-list', {})).map((t) => t.name)).toEqual(['Fabrikam']);
    // Entitlements and groups name only its tenant's pools (both listed Contoso's pool-1 and pool-2: black-box round 6).
    const ents = await as<{ poolId: string }[]>('entitlement-list', {});
    expect(ents.length).toBeGreaterThan(0);
    expect(new Set(ents.map((e) => e.poolId))).toEqual(new Set(['pool-3', 'pool-4']));
    const groups = await as<{ poolIds: string[] }[]>('group-list', {});
    expect(groups.flatMap((g) => g.poolIds).every((p) => p === 'pool-3' || p === 'pool-4')).toBe(true);
    expect(groups.some((g) => g.poolIds.length > 0)).toBe(true);
    expect(await lab.host.dispatch('entitlement-list', { poolId: 'pool-1' }, call)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Its own tenant in full; another one is not its to see (found by a black-box run: tenant-get showed it).
    const fab = await byName('Fabrikam');
    expect(await as<{ name: string }>('tenant-get', { id: fab.id })).toMatchObject({ name: 'Fabrikam' });
    const other = (await lab.client.call('tenant-list', {})).find((t) => t.id !== fab.id);
    if (!other) throw new Error('no other tenant');
    expect(await lab.host.dispatch('tenant-get', { id: other.id }, call)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // whoami tells the console the scope, so it offers only the tenant's pages and actions.
    const me = await as<{ tenant: { name: string; methods: string[] } | null }>('session-whoami', {});
    expect(me.tenant?.name).toBe('Fabrikam');
    expect(me.tenant?.methods).toContain('pool-list');
    expect(me.tenant?.methods).not.toContain('host-list');
  });

  it('pages through its own desktops: total and pages count its tenant’s desktops only (filtered before paging)', async () => {
    const as = async <T>(m: string, input: unknown): Promise<T> => {
      const r = await lab.host.dispatch(m as never, input, call);
      if (!r.ok) throw new Error(r.error.message);
      return r.result as T;
    };
    const mine = (await desktopsOf(['pool-3', 'pool-4'])).map((d) => d.name).sort();
    expect(mine.length).toBeGreaterThan(4);
    // The estate's first page (sorted by name) holds Contoso desktops only: a cut-after-paging list would be empty with a wrong total.
    type Page = { total: number; rows: { name: string }[] };
    const first = await as<Page>('desktop-list', { limit: 4, offset: 0 });
    expect(first.total).toBe(mine.length);
    expect(first.rows.map((d) => d.name)).toEqual(mine.slice(0, 4));
    const seen: string[] = [];
    for (let offset = 0; offset < first.total; offset += 4) seen.push(...(await as<Page>('desktop-list', { limit: 4, offset })).rows.map((d) => d.name));
    expect(seen).toEqual(mine);
    // Filters combine with the scope; the estate admin still sees every desktop.
    expect((await as<Page>('desktop-list', { poolId: 'pool-3', limit: 2 })).total).toBe((await desktopsOf(['pool-3'])).length);
    expect((await lab.client.call('desktop-list', { limit: 1 })).total).toBeGreaterThan(mine.length);
  });

  it('is refused reads and writes of another tenant’s objects and of the shared estate, writing nothing', async () => {
    const [con] = await desktopsOf(['pool-1']);
    const conSession = (await lab.client.call('session-list', {})).find((s) => s.poolId === 'pool-1');
    const db = lab.peek();
    const before = contentDigest(db, ['audit_log']);
    const refused: [string, unknown][] = [
      ['pool-get', { id: 'pool-1' }],
      ['desktop-get', { id: con?.id }],
      ['pool-set-enabled', { id: 'pool-1', enabled: false }],
      ['desktop-power', { ids: [con?.id], action: 'reset' }],
      ['vm-migrate', { desktopIds: [con?.id] }],
      ['host-list', {}],
      ['tenant-update', { id: 'tenant-1', cpuShares: 1 }],
      ['pool-create', { name: 'x' }],
      ...(conSession ? ([['session-logoff', { ids: [conSession.id] }]] as [string, unknown][]) : []),
    ];
    for (const [m, input] of refused) {
      const r = await lab.host.dispatch(m as never, input, call);
      expect(r.ok, m).toBe(false);
      if (!r.ok && m !== 'pool-create') expect(r.error.code, m).toBe('forbidden');
    }
    expect(contentDigest(db, ['audit_log'])).toBe(before);
    db.close();
    const ok = await lab.host.dispatch('pool-set-enabled', { id: 'pool-4', enabled: false }, call);
    expect(ok).toMatchObject({ ok: true });
    expect(await lab.host.dispatch('pool-get', { id: 'pool-3' }, call)).toMatchObject({ ok: true });
  });
});

describe('tenant CPU limits and the noisy neighbour', () => {
  it('a CPU hog in an unlimited tenant raises the other tenant’s CPU ready; a limit throttles the hog instead', async () => {
    const fab = await byName('Fabrikam');
    await lab.client.call('tenant-update', { id: fab.id, cpuLimitGhz: null });
    await lab.client.call('clock-step', { seconds: 2 * 3600 });
    // DRS in manual mode from here: fully automated, it sees the hogs' demand and moves Contoso's desktops off the crowded
    // host, which relieves the neighbour by placement (cluster-drs.test.ts); this is the case where nothing moves them.
    await lab.client.call('cluster-set-drs', { clusterId: 'cl-1', automation: 'manual', threshold: 3 });
    // Contoso's desktops of h-4 share h-3 with Fabrikam's (HA would restart them away from the hogs' host, which it sees).
    const shared = (await desktopsOf(['pool-1', 'pool-2'])).filter((d) => d.powerState === 'poweredOn' && d.hostId === 'h-4').map((d) => d.id);
    expect(shared.length).toBeGreaterThan(0);
    await lab.client.call('vm-migrate', { desktopIds: shared, toHostId: 'h-3' });
    await lab.client.call('clock-step', { seconds: 120 });
    const quiet = (await byName('Contoso')).usage.cpuReadyPct;
    await lab.client.call('fault-inject', { kind: 'cpu-hog', targetId: 'pool-3', params: { sharePct: 100, vcpus: 8 } });
    await lab.client.call('fault-inject', { kind: 'cpu-hog', targetId: 'pool-4', params: { sharePct: 100, vcpus: 8 } });
    // h-4 fails: HA can restart Fabrikam's desktops only on h-3 (its port groups), where they crowd Contoso's.
    await lab.client.call('host-fail', { hostId: 'h-4', mode: 'power-loss' });
    await lab.client.call('clock-step', { seconds: 600 });
    const noisy = await byName('Contoso');
    const fabNoisy = await byName('Fabrikam');
    expect(noisy.usage.cpuReadyPct).toBeGreaterThan(quiet + 1);
    expect(fabNoisy.usage.throttledPct).toBe(0);
    const cap = Math.max(1, Math.round(fabNoisy.usage.cpuDemandGhz / 4));
    await lab.client.call('tenant-update', { id: fab.id, cpuLimitGhz: cap });
    await lab.client.call('clock-step', { seconds: 120 });
    const capped = await byName('Fabrikam');
    const calm = await byName('Contoso');
    expect(capped.usage.throttledPct).toBeGreaterThan(50);
    expect(capped.usage.cpuUsedGhz).toBeLessThanOrEqual(cap + 0.1);
    expect(calm.usage.cpuReadyPct).toBeLessThan(noisy.usage.cpuReadyPct);
  });
});
