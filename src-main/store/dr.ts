import type { Workload } from '../contract/entities.ts';
import type { RecoveryRun, RecoveryRunMode, ReplicationType } from '../contract/dr-methods.ts';
import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';

// Rows of the sites and disaster-recovery tables (migration 018). Figures derived from them (the
// replication state at a moment, the site's status) are computed by app/dr, never stored twice.

export interface SiteLinkRow {
  id: string;
  name: string;
  siteA: string;
  siteB: string;
  bandwidthMbps: number;
  latencyMs: number;
}

export interface ProtectionGroupRow {
  id: string;
  name: string;
  replication: ReplicationType;
  rpoMinutes: number;
  protectedSiteId: string;
  recoverySiteId: string;
  createdAt: string;
  backlogMb: number;
  rpoSec: number;
  asOf: string;
}

export interface GroupPoolRow {
  groupId: string;
  poolId: string;
  name: string;
  machines: number;
  workload: Workload;
  diskGb: number;
}

export function siteLinks(db: Db): SiteLinkRow[] {
  return all<SiteLinkRow>(
    db,
    'SELECT id, name, site_a AS siteA, site_b AS siteB, bandwidth_mbps AS bandwidthMbps, latency_ms AS latencyMs FROM site_links ORDER BY name',
  );
}

/** The link joining two sites, either way round. */
export function linkBetween(db: Db, a: string, b: string): SiteLinkRow | undefined {
  return siteLinks(db).find((l) => (l.siteA === a && l.siteB === b) || (l.siteA === b && l.siteB === a));
}

export function setLink(db: Db, id: string, bandwidthMbps: number, latencyMs: number): void {
  run(db, 'UPDATE site_links SET bandwidth_mbps = ?, latency_ms = ? WHERE id = ?', bandwidthMbps, latencyMs, id);
}

/** Site id → when it was lost, for the sites lost now. */
export function lostSites(db: Db): Map<string, string> {
  return new Map(all<{ siteId: string; lostAt: string }>(db, 'SELECT site_id AS siteId, lost_at AS lostAt FROM site_status').map((r) => [r.siteId, r.lostAt]));
}

export function setSiteLost(db: Db, siteId: string, lostAt: string | null): void {
  if (lostAt) run(db, 'INSERT INTO site_status (site_id, lost_at) VALUES (?, ?)', siteId, lostAt);
  else run(db, 'DELETE FROM site_status WHERE site_id = ?', siteId);
}

/** Each pool's site (through its cluster). */
export function poolSites(db: Db): Map<string, string> {
  return new Map(
    all<{ id: string; siteId: string }>(db, 'SELECT p.id, c.site_id AS siteId FROM pools p JOIN clusters c ON c.id = p.cluster_id').map((r) => [
      r.id,
      r.siteId,
    ]),
  );
}

export function protectionGroups(db: Db): ProtectionGroupRow[] {
  return all<ProtectionGroupRow>(
    db,
    `SELECT id, name, replication, rpo_minutes AS rpoMinutes, protected_site_id AS protectedSiteId, recovery_site_id AS recoverySiteId,
       created_at AS createdAt, backlog_mb AS backlogMb, rpo_sec AS rpoSec, as_of AS asOf FROM protection_groups ORDER BY name`,
  );
}

export function groupPools(db: Db): GroupPoolRow[] {
  return all<GroupPoolRow>(
    db,
    `SELECT g.group_id AS groupId, p.id AS poolId, p.name, p.workload, p.disk_gb AS diskGb,
       (SELECT count(*) FROM desktops d WHERE d.pool_id = p.id) AS machines
     FROM protection_group_pools g JOIN pools p ON p.id = g.pool_id ORDER BY p.name`,
  );
}

export function insertProtectionGroup(db: Db, g: ProtectionGroupRow, poolIds: readonly string[]): void {
  run(
    db,
    'INSERT INTO protection_groups VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    g.id,
    g.name,
    g.replication,
    g.rpoMinutes,
    g.protectedSiteId,
    g.recoverySiteId,
    g.createdAt,
    g.backlogMb,
    g.rpoSec,
    g.asOf,
  );
  for (const p of poolIds) run(db, 'INSERT INTO protection_group_pools VALUES (?, ?)', g.id, p);
}

export function settleGroup(db: Db, id: string, backlogMb: number, rpoSec: number, asOf: string): void {
  run(db, 'UPDATE protection_groups SET backlog_mb = ?, rpo_sec = ?, as_of = ? WHERE id = ?', backlogMb, rpoSec, asOf, id);
}

export function deleteProtectionGroup(db: Db, id: string): void {
  run(db, 'DELETE FROM protection_groups WHERE id = ?', id);
}

export interface PlanRow {
  id: string;
  name: string;
  state: 'ready' | 'test' | 'failed-over';
  createdAt: string;
  failedOverAt: string | null;
}

export function plans(db: Db): PlanRow[] {
  return all<PlanRow>(db, 'SELECT id, name, state, created_at AS createdAt, failed_over_at AS failedOverAt FROM recovery_plans ORDER BY name');
}

export function planGroups(db: Db): { planId: string; groupId: string; priority: number }[] {
  return all(db, 'SELECT plan_id AS planId, group_id AS groupId, priority FROM recovery_plan_groups ORDER BY plan_id, priority, group_id');
}

export function insertPlan(db: Db, p: PlanRow, groups: readonly { groupId: string; priority: number }[]): void {
  run(db, 'INSERT INTO recovery_plans VALUES (?, ?, ?, ?, ?)', p.id, p.name, p.state, p.createdAt, p.failedOverAt);
  for (const g of groups) run(db, 'INSERT INTO recovery_plan_groups VALUES (?, ?, ?)', p.id, g.groupId, g.priority);
}

export function setPlanState(db: Db, id: string, state: PlanRow['state'], failedOverAt: string | null): void {
  run(db, 'UPDATE recovery_plans SET state = ?, failed_over_at = ? WHERE id = ?', state, failedOverAt, id);
}

export function deletePlan(db: Db, id: string): void {
  run(db, 'DELETE FROM recovery_plans WHERE id = ?', id);
}

export function globalEntitlements(db: Db): { id: string; name: string; scope: 'any' | 'site' }[] {
  return all(db, 'SELECT id, name, scope FROM global_entitlements ORDER BY name');
}

export function globalEntitlementPools(db: Db): { geId: string; poolId: string; name: string; siteId: string; siteName: string }[] {
  return all(
    db,
    `SELECT g.ge_id AS geId, p.id AS poolId, p.name, s.id AS siteId, s.name AS siteName
     FROM global_entitlement_pools g JOIN pools p ON p.id = g.pool_id JOIN clusters c ON c.id = p.cluster_id JOIN sites s ON s.id = c.site_id
     ORDER BY s.name, p.name`,
  );
}

export function insertGlobalEntitlement(db: Db, id: string, name: string, scope: 'any' | 'site', poolIds: readonly string[]): void {
  run(db, 'INSERT INTO global_entitlements VALUES (?, ?, ?)', id, name, scope);
  for (const p of poolIds) run(db, 'INSERT INTO global_entitlement_pools VALUES (?, ?)', id, p);
}

export function deleteGlobalEntitlement(db: Db, id: string): void {
  run(db, 'DELETE FROM global_entitlements WHERE id = ?', id);
}

export interface RouteRow {
  geId: string;
  fromPoolId: string;
  toPoolId: string;
  principalType: 'user' | 'group';
  principalId: string;
  planId: string | null;
}

export function routes(db: Db): RouteRow[] {
  return all<RouteRow>(
    db,
    `SELECT ge_id AS geId, from_pool_id AS fromPoolId, to_pool_id AS toPoolId, principal_type AS principalType, principal_id AS principalId, plan_id AS planId
     FROM global_entitlement_routes ORDER BY to_pool_id, principal_type, principal_id`,
  );
}

/** Records a re-route (or hands an existing one to a plan). */
export function upsertRoute(db: Db, r: RouteRow): void {
  run(
    db,
    `INSERT INTO global_entitlement_routes VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(to_pool_id, principal_type, principal_id) DO UPDATE SET plan_id = coalesce(excluded.plan_id, plan_id)`,
    r.geId,
    r.fromPoolId,
    r.toPoolId,
    r.principalType,
    r.principalId,
    r.planId,
  );
}

export function deleteRoute(db: Db, r: Pick<RouteRow, 'toPoolId' | 'principalType' | 'principalId'>): void {
  run(db, 'DELETE FROM global_entitlement_routes WHERE to_pool_id = ? AND principal_type = ? AND principal_id = ?', r.toPoolId, r.principalType, r.principalId);
}

/** A pool's own entitlements (not the ones a re-route added). */
export function ownEntitlements(db: Db, poolId: string): { principalType: 'user' | 'group'; principalId: string }[] {
  return all(
    db,
    `SELECT e.principal_type AS principalType, e.principal_id AS principalId FROM entitlements e
     WHERE e.pool_id = ? AND NOT EXISTS (SELECT 1 FROM global_entitlement_routes r
       WHERE r.to_pool_id = e.pool_id AND r.principal_type = e.principal_type AND r.principal_id = e.principal_id)
     ORDER BY e.principal_type, e.principal_id`,
    poolId,
  );
}

export function insertRun(db: Db, r: RecoveryRun): void {
  run(
    db,
    'INSERT INTO dr_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    r.id,
    r.planId,
    r.planName,
    r.mode,
    r.startedAt,
    r.finishedAt,
    r.achievedRpoSec,
    r.rtoSec,
    JSON.stringify(r.timeline),
  );
}

export function listRuns(db: Db): RecoveryRun[] {
  return all<Omit<RecoveryRun, 'timeline'> & { timeline: string }>(
    db,
    `SELECT id, plan_id AS planId, plan_name AS planName, mode, started_at AS startedAt, finished_at AS finishedAt,
       achieved_rpo_sec AS achievedRpoSec, rto_sec AS rtoSec, timeline FROM dr_runs ORDER BY started_at DESC, id DESC`,
  ).map((r) => ({ ...r, mode: r.mode as RecoveryRunMode, timeline: JSON.parse(r.timeline) as RecoveryRun['timeline'] }));
}

export function nameTaken(db: Db, table: 'protection_groups' | 'recovery_plans' | 'global_entitlements', name: string): boolean {
  return get(db, `SELECT 1 FROM ${table} WHERE name = ?`, name) !== undefined;
}

/** Hosts of a site's clusters, by id. */
export function siteHostIds(db: Db, siteId: string): string[] {
  return all<{ id: string }>(db, 'SELECT h.id FROM hosts h JOIN clusters c ON c.id = h.cluster_id WHERE c.site_id = ? ORDER BY h.id', siteId).map((r) => r.id);
}

/** Pools already in some protection group. */
export function protectedPoolIds(db: Db): Set<string> {
  return new Set(all<{ poolId: string }>(db, 'SELECT pool_id AS poolId FROM protection_group_pools').map((r) => r.poolId));
}

/** Each cluster with its site and its host and desktop counts, by name. */
export function clusterCountsBySite(
  db: Db,
): { id: string; name: string; siteId: string; hosts: number; hostsUp: number; desktops: number; poweredOn: number }[] {
  return all(
    db,
    `SELECT c.id, c.name, c.site_id AS siteId,
       (SELECT count(*) FROM hosts h WHERE h.cluster_id = c.id) AS hosts,
       (SELECT count(*) FROM hosts h WHERE h.cluster_id = c.id AND h.power_state = 'poweredOn' AND h.connection_state IN ('connected','maintenance')) AS hostsUp,
       (SELECT count(*) FROM desktops d JOIN pools p ON p.id = d.pool_id WHERE p.cluster_id = c.id) AS desktops,
       (SELECT count(*) FROM desktops d JOIN pools p ON p.id = d.pool_id WHERE p.cluster_id = c.id AND d.power_state = 'poweredOn') AS poweredOn
     FROM clusters c ORDER BY c.name`,
  );
}

/** Each pool with its site and its machine and session counts, by name. */
export function poolCountsBySite(db: Db): { id: string; name: string; siteId: string; machines: number; sessions: number }[] {
  return all(
    db,
    `SELECT p.id, p.name, c.site_id AS siteId,
       (SELECT count(*) FROM desktops d WHERE d.pool_id = p.id) AS machines,
       (SELECT count(*) FROM sessions s JOIN desktops d ON d.id = s.desktop_id WHERE d.pool_id = p.id) AS sessions
     FROM pools p JOIN clusters c ON c.id = p.cluster_id ORDER BY p.name`,
  );
}
