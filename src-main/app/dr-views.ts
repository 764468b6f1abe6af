import type { DrOverview, ProtectionGroupView, SiteLinkView, SiteOverview } from '../contract/dr-methods.ts';
import { linkCapacityMbPerSec, linkShares, replicationAfter, wireMbPerSecPerDesktop, type ReplicationState } from '../core/models/replication.ts';
import type { Db } from '../store/db.ts';
import {
  globalEntitlementPools,
  globalEntitlements,
  groupPools,
  linkBetween,
  listRuns,
  lostSites,
  planGroups,
  plans,
  protectionGroups,
  routes,
  settleGroup,
  siteLinks,
  clusterCountsBySite,
  poolCountsBySite,
  type ProtectionGroupRow,
} from '../store/dr.ts';
import { listDatastores, listNetworks, listSites } from '../store/inventory.ts';

// Sites and disaster recovery as the API shows them, and the replication state at a moment:
// a fluid model over the rows (core/models/replication.ts). Rates are constant between two
// settlements; every DR change (a group added or removed, a link changed, a site lost or back)
// settles every group at that moment first, so the history is exact piecewise.

const secs = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 1000;

export interface GroupState {
  row: ProtectionGroupRow;
  pools: { id: string; name: string; machines: number }[];
  vms: number;
  linkId: string | null;
  state: ReplicationState;
}

/** Every protection group's replication at `now` (nothing written). */
export function replicationAt(db: Db, now: string): GroupState[] {
  const groups = protectionGroups(db);
  const pools = groupPools(db);
  const lost = lostSites(db);
  const offered = new Map<string, number>();
  for (const p of pools) offered.set(p.groupId, (offered.get(p.groupId) ?? 0) + p.machines * wireMbPerSecPerDesktop(p.workload, p.diskGb));
  // The link's usable capacity is shared by demand among the groups that cross it.
  const byLink = new Map<string, { capacity: number; groups: ProtectionGroupRow[] }>();
  const linkOf = new Map<string, string | null>();
  for (const g of groups) {
    const link = linkBetween(db, g.protectedSiteId, g.recoverySiteId);
    linkOf.set(g.id, link?.id ?? null);
    if (!link) continue;
    const up = !lost.has(g.protectedSiteId) && !lost.has(g.recoverySiteId);
    const entry = byLink.get(link.id) ?? { capacity: linkCapacityMbPerSec(link.bandwidthMbps, up), groups: [] };
    entry.groups.push(g);
    byLink.set(link.id, entry);
  }
  const share = new Map<string, number>();
  for (const { capacity, groups: gs } of byLink.values()) {
    const s = linkShares(
      gs.map((g) => offered.get(g.id) ?? 0),
      capacity,
    );
    gs.forEach((g, i) => share.set(g.id, s[i] ?? 0));
  }
  return groups.map((g) => {
    const mine = pools.filter((p) => p.groupId === g.id);
    return {
      row: g,
      pools: mine.map((p) => ({ id: p.poolId, name: p.name, machines: p.machines })),
      vms: mine.reduce((a, p) => a + p.machines, 0),
      linkId: linkOf.get(g.id) ?? null,
      state: replicationAfter(
        {
          backlogMb: g.backlogMb,
          rpoSec: g.rpoSec,
          rpoTargetSec: g.rpoMinutes * 60,
          offeredMbPerSec: offered.get(g.id) ?? 0,
          shareMbPerSec: share.get(g.id) ?? 0,
        },
        secs(g.asOf, now),
      ),
    };
  });
}

/** Writes every group's state at `now`: call before anything that changes the rates. */
export function settleReplication(db: Db, now: string): void {
  for (const g of replicationAt(db, now)) settleGroup(db, g.row.id, g.state.backlogMb, g.state.rpoSec, now);
}

export function groupView(g: GroupState): ProtectionGroupView {
  const r = g.row;
  return {
    id: r.id,
    name: r.name,
    replication: r.replication,
    rpoTargetMin: r.rpoMinutes,
    protectedSiteId: r.protectedSiteId,
    recoverySiteId: r.recoverySiteId,
    pools: g.pools,
    vms: g.vms,
    backlogMb: Math.round(g.state.backlogMb * 10) / 10,
    currentRpoSec: Math.round(g.state.rpoSec),
    offeredMbps: Math.round(g.state.offeredMbPerSec * 8 * 100) / 100,
    shareMbps: Math.round(g.state.shareMbPerSec * 8 * 100) / 100,
    saturated: g.state.saturated,
    withinTarget: g.state.withinTarget,
  };
}

export function linkViews(db: Db, states: readonly GroupState[]): SiteLinkView[] {
  const lost = lostSites(db);
  return siteLinks(db).map((l) => {
    const mine = states.filter((s) => s.linkId === l.id);
    const offered = mine.reduce((a, s) => a + s.state.offeredMbPerSec, 0) * 8;
    const carried = mine.reduce((a, s) => a + Math.min(s.state.offeredMbPerSec, s.state.shareMbPerSec), 0) * 8;
    const up = !lost.has(l.siteA) && !lost.has(l.siteB);
    const usable = linkCapacityMbPerSec(l.bandwidthMbps, true) * 8 || 1;
    return {
      ...l,
      up,
      offeredMbps: Math.round(offered * 100) / 100,
      carriedMbps: up ? Math.round(carried * 100) / 100 : 0,
      utilisationPct: up ? Math.round((Math.min(offered, usable) / usable) * 1000) / 10 : 0,
    };
  });
}

export function drOverview(db: Db, now: string): DrOverview {
  const states = replicationAt(db, now);
  const names = new Map(states.map((s) => [s.row.id, s.row.name]));
  const pg = planGroups(db);
  const gePools = globalEntitlementPools(db);
  const rs = routes(db);
  return {
    simTime: now,
    links: linkViews(db, states),
    protectionGroups: states.map(groupView),
    plans: plans(db).map((p) => ({
      id: p.id,
      name: p.name,
      state: p.state,
      groups: pg.filter((g) => g.planId === p.id).map((g) => ({ groupId: g.groupId, name: names.get(g.groupId) ?? g.groupId, priority: g.priority })),
    })),
    globalEntitlements: globalEntitlements(db).map((ge) => {
      const mine = rs.filter((r) => r.geId === ge.id);
      const pairs = new Map<string, { fromPoolId: string; toPoolId: string; principals: number }>();
      for (const r of mine) {
        const k = `${r.fromPoolId}>${r.toPoolId}`;
        const e = pairs.get(k) ?? { fromPoolId: r.fromPoolId, toPoolId: r.toPoolId, principals: 0 };
        e.principals++;
        pairs.set(k, e);
      }
      return {
        ...ge,
        pools: gePools.filter((p) => p.geId === ge.id).map((p) => ({ id: p.poolId, name: p.name, siteId: p.siteId, siteName: p.siteName })),
        routes: [...pairs.values()],
      };
    }),
    runs: listRuns(db),
  };
}

export function siteOverview(db: Db): SiteOverview[] {
  const lost = lostSites(db);
  const clusters = clusterCountsBySite(db);
  const pools = poolCountsBySite(db);
  const clusterSite = new Map(clusters.map((c) => [c.id, c.siteId]));
  const datastores = listDatastores(db);
  const networks = listNetworks(db);
  return listSites(db).map((s) => {
    const cs = clusters.filter((c) => c.siteId === s.id);
    const hosts = cs.reduce((a, c) => a + c.hosts, 0);
    const up = cs.reduce((a, c) => a + c.hostsUp, 0);
    return {
      ...s,
      status: lost.has(s.id) ? 'lost' : up < hosts ? 'degraded' : 'up',
      lostAt: lost.get(s.id) ?? null,
      clusters: cs.map(({ siteId: _s, ...c }) => c),
      datastores: datastores
        .filter((d) => clusterSite.get(d.clusterId) === s.id)
        .map((d) => ({ id: d.id, name: d.name, clusterId: d.clusterId, type: d.type, capacityGb: d.capacityGb, usedGb: d.usedGb })),
      networks: networks
        .filter((n) => clusterSite.get(n.clusterId) === s.id)
        .map((n) => ({ id: n.id, name: n.name, clusterId: n.clusterId, vlan: n.vlan, portGroup: n.portGroup, subnet: n.subnet })),
      pools: pools.filter((p) => p.siteId === s.id).map(({ siteId: _s, ...p }) => p),
    };
  });
}
