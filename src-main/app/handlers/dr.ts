import type { drMethods } from '../../contract/dr-methods.ts';
import { LabError } from '../../contract/errors.ts';
import { engineView } from '../../core/engine/engine-view.ts';
import { SCHEDULE_FRACTION_OF_RPO } from '../../core/models/replication.ts';
import {
  deleteGlobalEntitlement,
  deletePlan,
  deleteProtectionGroup,
  globalEntitlementPools,
  globalEntitlements,
  insertGlobalEntitlement,
  insertPlan,
  insertProtectionGroup,
  linkBetween,
  lostSites,
  nameTaken,
  planGroups,
  plans,
  poolSites,
  protectionGroups,
  setLink,
  setSiteLost,
  siteLinks,
  siteHostIds,
  protectedPoolIds,
} from '../../store/dr.ts';
import { nextIdNumber } from '../../store/ids.ts';
import { listSites } from '../../store/inventory.ts';
import { getPool } from '../../store/pools.ts';
import { live } from '../cluster-common.ts';
import type { AppContext, Handlers } from '../context.ts';
import { drOverview, groupView, linkViews, replicationAt, settleReplication, siteOverview } from '../dr-views.ts';
import { clusterHostHandlers } from './cluster-hosts.ts';
import { planOrThrow, routeAway, runPlan, unroute } from '../dr-recovery.ts';

function siteOrThrow(ctx: AppContext, siteId: string, path: (string | number)[]) {
  const site = listSites(ctx.db).find((s) => s.id === siteId);
  if (!site) throw new LabError('not-found', `No site with id "${siteId}"`, path);
  return site;
}

function siteView(ctx: AppContext, siteId: string) {
  const v = siteOverview(ctx.db).find((s) => s.id === siteId);
  if (!v) throw new LabError('internal', `Site ${siteId} vanished`);
  return v;
}

export const drHandlers: Pick<Handlers, keyof typeof drMethods> = {
  'site-overview': (_input, ctx) => siteOverview(ctx.db),

  'site-fail': (input, ctx) => {
    const site = siteOrThrow(ctx, input.siteId, ['siteId']);
    if (lostSites(ctx.db).has(site.id)) throw new LabError('conflict', `${site.name} is already lost`, ['siteId']);
    const now = ctx.simTime();
    // The link goes down with the site: the replication reached so far is settled first.
    settleReplication(ctx.db, now);
    setSiteLost(ctx.db, site.id, now);
    const v = engineView(live(ctx).e);
    let failed = 0;
    for (const hostId of siteHostIds(ctx.db, site.id)) {
      const h = v.hostIndex(hostId);
      if (h < 0 || v.hostFailed(h) || !v.hostOn(h) || v.hostBooting(h)) continue;
      void clusterHostHandlers['host-fail']({ hostId, mode: 'power-loss' }, ctx);
      failed++;
    }
    const sitePools = [...poolSites(ctx.db)].filter(([, s]) => s === site.id).map(([p]) => p);
    const routed = routeAway(ctx, sitePools, null);
    ctx.audit({
      objectKind: 'site',
      objectId: site.id,
      objectName: site.name,
      type: 'error',
      severity: 'critical',
      message: `Training: site ${site.name} lost — ${failed} host(s) lost power, inter-site links down; global entitlements re-route ${routed} entitlement(s) to pools at other sites`,
    });
    ctx.changed('site', 'cluster', 'host');
    return siteView(ctx, site.id);
  },

  'site-repair': (input, ctx) => {
    const site = siteOrThrow(ctx, input.siteId, ['siteId']);
    if (!lostSites(ctx.db).has(site.id)) throw new LabError('conflict', `${site.name} is not lost: nothing to repair`, ['siteId']);
    const now = ctx.simTime();
    settleReplication(ctx.db, now);
    setSiteLost(ctx.db, site.id, null);
    const v = engineView(live(ctx).e);
    let repaired = 0;
    for (const hostId of siteHostIds(ctx.db, site.id)) {
      const h = v.hostIndex(hostId);
      if (h < 0 || !v.hostFailed(h) || v.hostBooting(h)) continue;
      void clusterHostHandlers['host-repair']({ hostId }, ctx);
      repaired++;
    }
    // Routes a site loss made (not a plan's failover) end with it: CPA brokers users at home again.
    const sitePools = new Set([...poolSites(ctx.db)].filter(([, s]) => s === site.id).map(([p]) => p));
    const back = unroute(ctx, (r) => r.planId === null && sitePools.has(r.fromPoolId));
    ctx.audit({
      objectKind: 'site',
      objectId: site.id,
      objectName: site.name,
      message: `Site ${site.name} restored: ${repaired} host(s) power on; links up; ${back} re-routed entitlement(s) returned home`,
    });
    ctx.changed('site', 'cluster', 'host');
    return siteView(ctx, site.id);
  },

  'site-link-set': (input, ctx) => {
    const link = siteLinks(ctx.db).find((l) => l.id === input.id);
    if (!link) throw new LabError('not-found', `No inter-site link with id "${input.id}"`, ['id']);
    const now = ctx.simTime();
    settleReplication(ctx.db, now);
    setLink(ctx.db, link.id, input.bandwidthMbps, input.latencyMs ?? link.latencyMs);
    ctx.audit({
      objectKind: 'site',
      objectId: link.siteA,
      objectName: link.name,
      message: `Inter-site link ${link.name}: ${link.bandwidthMbps} → ${input.bandwidthMbps} Mbit/s, ${input.latencyMs ?? link.latencyMs} ms`,
    });
    ctx.changed('site');
    const v = linkViews(ctx.db, replicationAt(ctx.db, now)).find((l) => l.id === link.id);
    if (!v) throw new LabError('internal', `Link ${link.id} vanished`);
    return v;
  },

  'dr-overview': (_input, ctx) => drOverview(ctx.db, ctx.simTime()),

  'protection-group-create': (input, ctx) => {
    const db = ctx.db;
    if (nameTaken(db, 'protection_groups', input.name)) throw new LabError('conflict', `A protection group named ${input.name} exists already`, ['name']);
    const recovery = siteOrThrow(ctx, input.recoverySiteId, ['recoverySiteId']);
    const sites = poolSites(db);
    const protectedAlready = protectedPoolIds(db);
    let protectedSite: string | null = null;
    input.poolIds.forEach((pid, i) => {
      const pool = getPool(db, pid);
      if (!pool) throw new LabError('not-found', `No desktop pool with id "${pid}"`, ['poolIds', i]);
      if (input.poolIds.indexOf(pid) !== i) throw new LabError('invalid-input', `${pool.name} is listed twice`, ['poolIds', i]);
      if (protectedAlready.has(pid)) throw new LabError('conflict', `${pool.name} is already in a protection group`, ['poolIds', i]);
      const s = sites.get(pid) ?? '';
      if (protectedSite && s !== protectedSite)
        throw new LabError('conflict', `${pool.name} is at another site than the group's first pool: a protection group protects one site`, ['poolIds', i]);
      protectedSite = s;
    });
    if (!protectedSite) throw new LabError('invalid-input', 'Name at least one pool', ['poolIds']);
    const from: string = protectedSite;
    if (from === recovery.id) throw new LabError('conflict', `The pools are at ${recovery.name} already: recover to another site`, ['recoverySiteId']);
    if (!linkBetween(db, from, recovery.id))
      throw new LabError('conflict', `No inter-site link joins the pools' site to ${recovery.name}: replication has no path`, ['recoverySiteId']);
    const lost = lostSites(db);
    if (lost.has(from) || lost.has(recovery.id))
      throw new LabError('conflict', 'A site of this pair is lost: replication cannot start until it is back', ['recoverySiteId']);
    const now = ctx.simTime();
    settleReplication(db, now);
    const id = `pg-${nextIdNumber(db, 'pg')}`;
    // The initial full copy is taken as seeded (replicas pre-seeded from backups, as VR allows): the group starts in sync.
    insertProtectionGroup(
      db,
      {
        id,
        name: input.name,
        replication: input.replication,
        rpoMinutes: input.rpoMinutes,
        protectedSiteId: from,
        recoverySiteId: recovery.id,
        createdAt: now,
        backlogMb: 0,
        rpoSec: input.rpoMinutes * 60 * SCHEDULE_FRACTION_OF_RPO,
        asOf: now,
      },
      input.poolIds,
    );
    ctx.audit({
      objectKind: 'site',
      objectId: from,
      objectName: input.name,
      message: `Protection group ${input.name} created: ${input.poolIds.length} pool(s) replicated (${input.replication === 'array' ? 'array-based' : 'vSphere Replication'}) to ${recovery.name}, RPO ${input.rpoMinutes} min`,
    });
    ctx.changed('site');
    const g = replicationAt(db, now).find((x) => x.row.id === id);
    if (!g) throw new LabError('internal', `Protection group ${id} vanished`);
    return groupView(g);
  },

  'protection-group-delete': (input, ctx) => {
    const g = protectionGroups(ctx.db).find((x) => x.id === input.id);
    if (!g) throw new LabError('not-found', `No protection group with id "${input.id}"`, ['id']);
    const busy = plans(ctx.db).filter((p) => p.state !== 'ready' && planGroups(ctx.db).some((pg) => pg.planId === p.id && pg.groupId === g.id));
    if (busy[0])
      throw new LabError(
        'conflict',
        `Recovery plan ${busy[0].name} using ${g.name} is ${busy[0].state === 'test' ? 'under test' : 'failed over'}: clean up or fail back first`,
        ['id'],
      );
    settleReplication(ctx.db, ctx.simTime());
    deleteProtectionGroup(ctx.db, g.id);
    ctx.audit({
      objectKind: 'site',
      objectId: g.protectedSiteId,
      objectName: g.name,
      message: `Protection group ${g.name} deleted: its pools are no longer replicated`,
    });
    ctx.changed('site');
    return { deleted: true as const };
  },

  'recovery-plan-create': (input, ctx) => {
    const db = ctx.db;
    if (nameTaken(db, 'recovery_plans', input.name)) throw new LabError('conflict', `A recovery plan named ${input.name} exists already`, ['name']);
    const groups = protectionGroups(db);
    let recoverySite: string | null = null;
    input.groups.forEach((x, i) => {
      const g = groups.find((y) => y.id === x.groupId);
      if (!g) throw new LabError('not-found', `No protection group with id "${x.groupId}"`, ['groups', i, 'groupId']);
      if (input.groups.findIndex((y) => y.groupId === x.groupId) !== i)
        throw new LabError('invalid-input', `${g.name} is listed twice`, ['groups', i, 'groupId']);
      if (recoverySite && g.recoverySiteId !== recoverySite)
        throw new LabError('conflict', `${g.name} recovers to another site: a plan recovers to one site`, ['groups', i, 'groupId']);
      recoverySite = g.recoverySiteId;
    });
    const id = `plan-${nextIdNumber(db, 'plan')}`;
    insertPlan(db, { id, name: input.name, state: 'ready', createdAt: ctx.simTime(), failedOverAt: null }, input.groups);
    ctx.audit({
      objectKind: 'site',
      objectId: recoverySite,
      objectName: input.name,
      message: `Recovery plan ${input.name} created with ${input.groups.length} protection group(s)`,
    });
    ctx.changed('site');
    const v = drOverview(db, ctx.simTime()).plans.find((p) => p.id === id);
    if (!v) throw new LabError('internal', `Plan ${id} vanished`);
    return v;
  },

  'recovery-plan-delete': (input, ctx) => {
    const p = planOrThrow(ctx, input.id);
    if (p.state !== 'ready')
      throw new LabError('conflict', `${p.name} is ${p.state === 'test' ? 'under test: clean it up' : 'failed over: fail back'} first`, ['id']);
    deletePlan(ctx.db, p.id);
    ctx.audit({ objectKind: 'site', objectId: null, objectName: p.name, message: `Recovery plan ${p.name} deleted` });
    ctx.changed('site');
    return { deleted: true as const };
  },

  'recovery-plan-run': (input, ctx) => runPlan(ctx, input.id, input.mode),

  'global-entitlement-create': (input, ctx) => {
    const db = ctx.db;
    if (nameTaken(db, 'global_entitlements', input.name)) throw new LabError('conflict', `A global entitlement named ${input.name} exists already`, ['name']);
    const sites = poolSites(db);
    const taken = new Set(globalEntitlementPools(db).map((p) => p.poolId));
    input.poolIds.forEach((pid, i) => {
      const pool = getPool(db, pid);
      if (!pool) throw new LabError('not-found', `No desktop pool with id "${pid}"`, ['poolIds', i]);
      if (input.poolIds.indexOf(pid) !== i) throw new LabError('invalid-input', `${pool.name} is listed twice`, ['poolIds', i]);
      if (taken.has(pid)) throw new LabError('conflict', `${pool.name} is already a member of a global entitlement (a pool belongs to one)`, ['poolIds', i]);
    });
    const distinct = new Set(input.poolIds.map((p) => sites.get(p)));
    if (distinct.size < 2) throw new LabError('conflict', 'A global entitlement spans sites: name pools at two or more sites', ['poolIds']);
    const id = `ge-${nextIdNumber(db, 'ge')}`;
    insertGlobalEntitlement(db, id, input.name, input.scope, input.poolIds);
    // A member pool whose site is lost now sends its users over at once.
    const lost = lostSites(db);
    const routed = routeAway(
      ctx,
      input.poolIds.filter((p) => lost.has(sites.get(p) ?? '')),
      null,
    );
    ctx.audit({
      objectKind: 'pool',
      objectId: null,
      objectName: input.name,
      message: `Global entitlement ${input.name} created over ${input.poolIds.length} pools at ${distinct.size} sites${routed ? `; ${routed} entitlement(s) re-routed from a lost site` : ''}`,
    });
    ctx.changed('site', 'pool');
    const v = drOverview(db, ctx.simTime()).globalEntitlements.find((g) => g.id === id);
    if (!v) throw new LabError('internal', `Global entitlement ${id} vanished`);
    return v;
  },

  'global-entitlement-delete': (input, ctx) => {
    const ge = globalEntitlements(ctx.db).find((g) => g.id === input.id);
    if (!ge) throw new LabError('not-found', `No global entitlement with id "${input.id}"`, ['id']);
    const back = unroute(ctx, (r) => r.geId === ge.id);
    deleteGlobalEntitlement(ctx.db, ge.id);
    ctx.audit({
      objectKind: 'pool',
      objectId: null,
      objectName: ge.name,
      message: `Global entitlement ${ge.name} deleted${back ? `: ${back} re-routed entitlement(s) removed` : ''}`,
    });
    ctx.changed('site', 'pool');
    return { deleted: true as const };
  },
};
