import { afterEach, describe, expect, it } from 'vitest';
import { compareDelivery } from '../../src-main/core/capacity/delivery-models.ts';
import { REPLICATION, wireMbPerSecPerDesktop } from '../../src-main/core/models/replication.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

// Sites and disaster recovery (issue 19) on the two-site lab: AMS-DC1 (pool-1 KW-Floating, pool-2
// PWR-Dedicated) and RTM-DC2 (pool-3 TW-Floating-RTM, standby pool-4 KW-Floating-DR and pool-5
// PWR-Dedicated-DR), joined by link-1.

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});
const HOUR = 3600;

/** Tables DR writes (and the engine's own bookkeeping), left out when production is compared. */
const NOT_PRODUCTION = [
  // The admin's action log (app/replay) records the run itself, as it records every change an admin makes.
  'replay_actions',
  'dr_runs',
  'recovery_plans',
  'recovery_plan_groups',
  'protection_groups',
  'events',
  'sqlite_sequence',
  'id_counters',
  'engine_state',
  'engine_arrays',
  'engine_entities',
  'engine_deltas',
  'engine_queue',
  'metric_samples',
  'session_samples',
  'metric_rollups',
  'metric_rollups_recent',
];

async function sessionsByPool(l: TempLab): Promise<Map<string, number>> {
  const m = new Map<string, number>();
  for (const s of await l.client.call('session-list', {})) if (s.state !== 'logged-off') m.set(s.poolId, (m.get(s.poolId) ?? 0) + 1);
  return m;
}

describe('sites', () => {
  it('the two-site lab has two sites, each with its clusters, datastores, networks and pools, and a link between them', async () => {
    lab = tempLab('two-site', 1);
    const sites = await lab.client.call('site-overview', {});
    expect(sites.map((s) => s.name)).toEqual(['AMS-DC1', 'RTM-DC2']);
    for (const s of sites) {
      expect(s.status).toBe('up');
      expect(s.clusters.length).toBeGreaterThan(0);
      expect(s.datastores.length).toBeGreaterThan(0);
      expect(s.networks.length).toBeGreaterThan(0);
    }
    expect(sites[1]?.pools.map((p) => p.name)).toEqual(['KW-Floating-DR', 'PWR-Dedicated-DR', 'TW-Floating-RTM']);
    // A cluster's datastores and networks are its site's, never the other's.
    const clustersOf = (i: number) => new Set(sites[i]?.clusters.map((c) => c.id));
    expect(sites[0]?.datastores.every((d) => clustersOf(0).has(d.clusterId))).toBe(true);
    expect(sites[1]?.networks.every((n) => clustersOf(1).has(n.clusterId))).toBe(true);
    const dr = await lab.client.call('dr-overview', {});
    expect(dr.links).toMatchObject([{ id: 'link-1', siteA: 'site-1', siteB: 'site-2', bandwidthMbps: 1000, up: true }]);
  });
});

describe('replication', () => {
  it('holds the RPO on a wide link; on a saturated one the backlog and the RPO grow with time, and a test failover reports the RPO reached', async () => {
    lab = tempLab('two-site', 1);
    const { client } = lab;
    const pg = await client.call('protection-group-create', {
      name: 'PG-KW',
      replication: 'hypervisor',
      rpoMinutes: 15,
      poolIds: ['pool-1'],
      recoverySiteId: 'site-2',
    });
    // The offered rate comes from the model: machines × change rate of the pool's workload and disk.
    const pool = await client.call('pool-get', { id: 'pool-1' });
    const expected = pool.machineCount * wireMbPerSecPerDesktop('knowledge', pool.diskGb) * 8;
    expect(pg.offeredMbps).toBeCloseTo(expected, 1);
    await client.call('clock-step', { seconds: HOUR });
    let g = (await client.call('dr-overview', {})).protectionGroups[0];
    expect(g?.saturated).toBe(false);
    expect(g?.backlogMb).toBe(0);
    expect(g?.withinTarget).toBe(true);

    // A link narrower than the offered change rate: replication lags.
    const narrow = Math.floor((expected / REPLICATION.linkUsableFraction) * 0.5);
    const link = await client.call('site-link-set', { id: 'link-1', bandwidthMbps: narrow });
    expect(link.utilisationPct).toBe(100);
    await client.call('clock-step', { seconds: HOUR });
    const after1h = (await client.call('dr-overview', {})).protectionGroups[0];
    await client.call('clock-step', { seconds: HOUR });
    const after2h = (await client.call('dr-overview', {})).protectionGroups[0];
    expect(after1h?.saturated).toBe(true);
    expect(after1h?.withinTarget).toBe(false);
    expect(after1h?.backlogMb).toBeGreaterThan(0);
    expect(after2h?.backlogMb).toBeGreaterThan((after1h?.backlogMb ?? 0) * 1.8);
    expect(after2h?.currentRpoSec).toBeGreaterThan(after1h?.currentRpoSec ?? 0);
    // What the link carries is its usable share, not more.
    expect((await client.call('dr-overview', {})).links[0]?.carriedMbps).toBeCloseTo(narrow * REPLICATION.linkUsableFraction, 1);

    const plan = await client.call('recovery-plan-create', { name: 'RP-KW', groups: [{ groupId: pg.id, priority: 1 }] });
    const run = await client.call('recovery-plan-run', { id: plan.id, mode: 'test' });
    g = (await client.call('dr-overview', {})).protectionGroups[0];
    expect(run.achievedRpoSec).toBe(g?.currentRpoSec);
    expect(run.achievedRpoSec).toBeGreaterThan(15 * 60);
    expect(run.rtoSec).toBeGreaterThan(0);
    expect(run.timeline.at(-1)?.step).toMatch(/powered on/);
  });
});

describe('recovery plans', () => {
  it('a test failover changes nothing in production, and its cleanup neither', async () => {
    lab = tempLab('two-site', 1);
    const { client } = lab;
    await client.call('global-entitlement-create', { name: 'GE-KW', poolIds: ['pool-1', 'pool-4'] });
    const pg = await client.call('protection-group-create', {
      name: 'PG-KW',
      replication: 'array',
      rpoMinutes: 30,
      poolIds: ['pool-1'],
      recoverySiteId: 'site-2',
    });
    const plan = await client.call('recovery-plan-create', { name: 'RP-KW', groups: [{ groupId: pg.id, priority: 1 }] });
    await client.call('clock-step', { seconds: 2 * HOUR });
    const db = lab.peek();
    try {
      const before = contentDigest(db, NOT_PRODUCTION);
      const run = await client.call('recovery-plan-run', { id: plan.id, mode: 'test' });
      expect(run.timeline[0]?.step).toMatch(/isolated test network/);
      expect(contentDigest(db, NOT_PRODUCTION)).toBe(before);
      expect((await client.call('dr-overview', {})).plans[0]?.state).toBe('test');
      // Under test, a failover of the same plan is refused, and so is deleting it.
      const refused = await lab.host.dispatch('recovery-plan-run', { id: plan.id, mode: 'planned' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', path: ['mode'] } });
      expect(await lab.host.dispatch('recovery-plan-delete', { id: plan.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
      // One run of a plan at a time: the cleanup waits for the test's last step (found by a black-box run: it was accepted
      // at once and "finished" before the test did).
      const early = await lab.host.dispatch('recovery-plan-run', { id: plan.id, mode: 'test-cleanup' });
      expect(early).toMatchObject({ ok: false, error: { code: 'conflict', path: ['mode'] } });
      if (!early.ok) expect(early.error.message).toContain(`runs until ${run.finishedAt.slice(11, 19)}`);
      await client.call('clock-step', { seconds: run.rtoSec });
      const tested = contentDigest(db, NOT_PRODUCTION);
      await client.call('recovery-plan-run', { id: plan.id, mode: 'test-cleanup' });
      expect(contentDigest(db, NOT_PRODUCTION)).toBe(tested);
      expect((await client.call('dr-overview', {})).plans[0]?.state).toBe('ready');
    } finally {
      db.close();
    }
  });

  it('disaster failover after a site loss brings the users up at the other site through the global entitlement; failback brings them home', async () => {
    lab = tempLab('two-site', 1);
    const { client } = lab;
    await client.call('global-entitlement-create', { name: 'GE-KW', poolIds: ['pool-1', 'pool-4'] });
    const pg = await client.call('protection-group-create', {
      name: 'PG-KW',
      replication: 'hypervisor',
      rpoMinutes: 15,
      poolIds: ['pool-1'],
      recoverySiteId: 'site-2',
    });
    const plan = await client.call('recovery-plan-create', { name: 'RP-KW', groups: [{ groupId: pg.id, priority: 1 }] });
    // A disaster failover of a site that is up is refused.
    expect(await lab.host.dispatch('recovery-plan-run', { id: plan.id, mode: 'disaster' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await client.call('clock-step', { seconds: 2 * HOUR }); // 09:00: the morning's users are on
    expect((await sessionsByPool(lab)).get('pool-1') ?? 0).toBeGreaterThan(5);
    expect((await sessionsByPool(lab)).get('pool-4') ?? 0).toBe(0);
    const rpoBefore = (await client.call('dr-overview', {})).protectionGroups[0]?.currentRpoSec ?? 0;

    const site = await client.call('site-fail', { siteId: 'site-1' });
    expect(site.status).toBe('lost');
    expect(site.clusters.every((c) => c.hostsUp === 0)).toBe(true);
    const afterLoss = await client.call('dr-overview', {});
    expect(afterLoss.links[0]?.up).toBe(false);
    expect(afterLoss.globalEntitlements[0]?.routes).toMatchObject([{ fromPoolId: 'pool-1', toPoolId: 'pool-4' }]);
    // A planned migration needs the protected site: refused.
    expect(await lab.host.dispatch('recovery-plan-run', { id: plan.id, mode: 'planned' })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    await client.call('clock-step', { seconds: 600 }); // the bridge call
    const run = await client.call('recovery-plan-run', { id: plan.id, mode: 'disaster' });
    // Data lost: the replica's age at the moment of the loss, not now; the outage so far counts in the RTO.
    expect(run.achievedRpoSec).toBe(rpoBefore);
    expect(run.rtoSec).toBeGreaterThan(600);
    expect(run.timeline[0]?.durationSec).toBe(600);
    expect((await client.call('pool-get', { id: 'pool-1' })).enabled).toBe(false);

    await client.call('clock-step', { seconds: HOUR });
    const atDr = (await sessionsByPool(lab)).get('pool-4') ?? 0;
    expect(atDr).toBeGreaterThan(5);
    const sites = await client.call('site-overview', {});
    expect(sites[1]?.pools.find((p) => p.id === 'pool-4')?.sessions).toBe(atDr);

    // Failback needs the site back.
    expect(await lab.host.dispatch('recovery-plan-run', { id: plan.id, mode: 'failback' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const repaired = await client.call('site-repair', { siteId: 'site-1' });
    // Found by a black-box run: failback was accepted while every host of the repaired site was still down.
    const early = await lab.host.dispatch('recovery-plan-run', { id: plan.id, mode: 'failback' });
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict', path: ['mode'] } });
    if (!early.ok) expect(early.error.message).toMatch(/hosts are still coming back \(0 of \d+ up\)/);
    expect(repaired.clusters.every((c) => c.hostsUp === 0)).toBe(true);
    await client.call('clock-step', { seconds: 600 }); // hosts boot
    const back = await client.call('recovery-plan-run', { id: plan.id, mode: 'failback' });
    expect(back.achievedRpoSec).toBe(0);
    expect((await client.call('pool-get', { id: 'pool-1' })).enabled).toBe(true);
    const ents = await client.call('entitlement-list', { poolId: 'pool-4' });
    expect(ents).toEqual([]);
    const dr = await client.call('dr-overview', {});
    expect(dr.plans[0]?.state).toBe('ready');
    expect(dr.globalEntitlements[0]?.routes).toEqual([]);
    expect(dr.runs.map((r) => r.mode)).toEqual(['failback', 'disaster']);
    expect((await client.call('site-overview', {}))[0]?.status).toBe('up');
  }, 120_000);

  it('a planned migration loses no data (final sync) and needs both sites up', async () => {
    lab = tempLab('two-site', 1);
    const { client } = lab;
    await client.call('global-entitlement-create', { name: 'GE-PWR', poolIds: ['pool-2', 'pool-5'] });
    const pg = await client.call('protection-group-create', {
      name: 'PG-PWR',
      replication: 'array',
      rpoMinutes: 60,
      poolIds: ['pool-2'],
      recoverySiteId: 'site-2',
    });
    const plan = await client.call('recovery-plan-create', { name: 'RP-PWR', groups: [{ groupId: pg.id, priority: 2 }] });
    await client.call('clock-step', { seconds: HOUR });
    const run = await client.call('recovery-plan-run', { id: plan.id, mode: 'planned' });
    expect(run.achievedRpoSec).toBe(0);
    expect(run.timeline.map((s) => s.step).join('\n')).toMatch(/Final synchronization/);
    expect((await client.call('entitlement-list', { poolId: 'pool-5' })).length).toBeGreaterThan(0);
  });

  it('refuses a plan whose pools have no global entitlement at the recovery site, and changes nothing', async () => {
    lab = tempLab('two-site', 1);
    const { client } = lab;
    const pg = await client.call('protection-group-create', {
      name: 'PG-KW',
      replication: 'array',
      rpoMinutes: 30,
      poolIds: ['pool-1'],
      recoverySiteId: 'site-2',
    });
    const plan = await client.call('recovery-plan-create', { name: 'RP-KW', groups: [{ groupId: pg.id, priority: 1 }] });
    const db = lab.peek();
    try {
      const before = contentDigest(db);
      const reply = await lab.host.dispatch('recovery-plan-run', { id: plan.id, mode: 'planned' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'conflict' } });
      if (!reply.ok) expect(reply.error.message).toMatch(/global entitlement/);
      expect(contentDigest(db)).toBe(before);
      // A pool protected twice, and a group across sites, are refused too.
      expect(
        await lab.host.dispatch('protection-group-create', {
          name: 'Again',
          replication: 'array',
          rpoMinutes: 30,
          poolIds: ['pool-1'],
          recoverySiteId: 'site-2',
        }),
      ).toMatchObject({ ok: false, error: { code: 'conflict', path: ['poolIds', 0] } });
      expect(
        await lab.host.dispatch('protection-group-create', {
          name: 'Mixed',
          replication: 'array',
          rpoMinutes: 30,
          poolIds: ['pool-2', 'pool-3'],
          recoverySiteId: 'site-2',
        }),
      ).toMatchObject({ ok: false, error: { code: 'conflict', path: ['poolIds', 1] } });
      expect(contentDigest(db)).toBe(before);
    } finally {
      db.close();
    }
  });
});

describe('containers vs VMs', () => {
  it('capacity-delivery-compare answers through the dispatcher with the model’s numbers, and refuses a bad host', async () => {
    lab = tempLab('small', 1);
    const input = { users: 1500, workload: 'task' as const, host: { sockets: 2, coresPerSocket: 16, ramGb: 512 } };
    const c = await lab.client.call('capacity-delivery-compare', input);
    expect(c).toEqual(compareDelivery(input));
    expect(c.rows.map((r) => r.model)).toEqual(['single-session', 'multi-session', 'container']);
    expect(c.rows[2]?.usersPerHost).toBeGreaterThan(c.rows[0]?.usersPerHost ?? Infinity);
    const bad = await lab.host.dispatch('capacity-delivery-compare', { users: 10, host: { sockets: 0, coresPerSocket: 16, ramGb: 512 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input', path: ['host', 'sockets'] } });
  });
});

describe('a lab is a file', () => {
  it('a checkpoint keeps the DR state: restored after failback, the failed-over lab comes back as it was', async () => {
    lab = tempLab('two-site', 1);
    const { client } = lab;
    await client.call('global-entitlement-create', { name: 'GE-KW', poolIds: ['pool-1', 'pool-4'] });
    const pg = await client.call('protection-group-create', {
      name: 'PG-KW',
      replication: 'array',
      rpoMinutes: 30,
      poolIds: ['pool-1'],
      recoverySiteId: 'site-2',
    });
    const plan = await client.call('recovery-plan-create', { name: 'RP-KW', groups: [{ groupId: pg.id, priority: 1 }] });
    await client.call('site-fail', { siteId: 'site-1' });
    await client.call('recovery-plan-run', { id: plan.id, mode: 'disaster' });
    const saved = await client.call('dr-overview', {});
    const cp = await client.call('checkpoint-save', { name: 'failed over' });
    await client.call('site-repair', { siteId: 'site-1' });
    await client.call('clock-step', { seconds: 600 }); // its hosts boot
    await client.call('recovery-plan-run', { id: plan.id, mode: 'failback' });
    expect((await client.call('dr-overview', {})).plans[0]?.state).toBe('ready');
    await client.call('checkpoint-restore', { id: cp.id, confirm: true });
    const back = await client.call('dr-overview', {});
    expect(back).toEqual(saved);
    expect((await client.call('site-overview', {}))[0]?.status).toBe('lost');
    expect((await client.call('entitlement-list', { poolId: 'pool-4' })).length).toBeGreaterThan(0);
  }, 120_000);
});
