import { isClusterTask } from '../contract/cluster-entities.ts';
import type { AffinityRule, ClusterSettings, HaPriority, RuleKind } from '../contract/cluster-entities.ts';
import type { ClusterTask, Host } from '../contract/entities.ts';
import type { Db } from './db.ts';
import { nextIdNumber } from './ids.ts';
import { listClusters } from './inventory.ts';
import { RULE_DESKTOP_IDS, RULE_HOST_GROUP } from './json-columns.ts';
import { all, get, run } from './stmt.ts';
import { parseStored, rowKey } from './stored-json.ts';
import { listTasks } from './tasks.ts';

// Cluster operations in the store: settings, affinity rules, HA priorities,
// host rows the operations change, and the cluster tasks (migration 008).

interface SettingsRow {
  ds_heartbeat: number;
  default_priority: 'high' | 'medium' | 'low';
  ac_enabled: number;
  downtime_target_ms: number;
  max_rounds: number;
}

const DEFAULTS: SettingsRow = { ds_heartbeat: 1, default_priority: 'medium', ac_enabled: 1, downtime_target_ms: 300, max_rounds: 30 };

export function getClusterSettings(db: Db, clusterId: string): ClusterSettings | undefined {
  const c = listClusters(db).find((x) => x.id === clusterId);
  if (!c) return undefined;
  const s = get<SettingsRow>(db, 'SELECT * FROM cluster_settings WHERE cluster_id = ?', clusterId) ?? DEFAULTS;
  return {
    clusterId: c.id,
    clusterName: c.name,
    drsAutomation: c.drsAutomation,
    drsThreshold: c.drsThreshold,
    haEnabled: c.haEnabled,
    datastoreHeartbeat: s.ds_heartbeat === 1,
    defaultRestartPriority: s.default_priority,
    admissionControl: { ...c.admissionControl, policy: s.ac_enabled ? c.admissionControl.policy : 'disabled' },
    vmotionDowntimeTargetMs: s.downtime_target_ms,
    vmotionMaxRounds: s.max_rounds,
  };
}

export function listClusterSettings(db: Db): ClusterSettings[] {
  return listClusters(db).flatMap((c) => getClusterSettings(db, c.id) ?? []);
}

/** Writes a cluster's settings (the clusters row and its cluster_settings row). Call inside a transaction. */
export function saveClusterSettings(db: Db, s: ClusterSettings): void {
  const ac = s.admissionControl;
  run(
    db,
    `UPDATE clusters SET drs_automation = ?, drs_threshold = ?, ha_enabled = ?, ac_policy = ?, ac_cpu_pct = ?, ac_mem_pct = ?, ac_host_failures = ? WHERE id = ?`,
    s.drsAutomation,
    s.drsThreshold,
    s.haEnabled ? 1 : 0,
    ac.policy === 'disabled' ? 'percentage' : ac.policy,
    ac.cpuPct,
    ac.memPct,
    ac.hostFailures,
    s.clusterId,
  );
  run(
    db,
    `INSERT INTO cluster_settings (cluster_id, ds_heartbeat, default_priority, ac_enabled, downtime_target_ms, max_rounds) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(cluster_id) DO UPDATE SET ds_heartbeat = excluded.ds_heartbeat, default_priority = excluded.default_priority,
       ac_enabled = excluded.ac_enabled, downtime_target_ms = excluded.downtime_target_ms, max_rounds = excluded.max_rounds`,
    s.clusterId,
    s.datastoreHeartbeat ? 1 : 0,
    s.defaultRestartPriority,
    ac.policy === 'disabled' ? 0 : 1,
    s.vmotionDowntimeTargetMs,
    s.vmotionMaxRounds,
  );
}

interface RuleRow {
  id: string;
  cluster_id: string;
  name: string;
  kind: RuleKind;
  enabled: number;
  desktop_ids: string;
  host_group: string | null;
  created_at: string;
}

export type StoredRule = Omit<AffinityRule, 'compliant'>;

const toRule = (r: RuleRow): StoredRule => ({
  id: r.id,
  clusterId: r.cluster_id,
  name: r.name,
  kind: r.kind,
  enabled: r.enabled === 1,
  desktopIds: parseStored(r.desktop_ids, { table: 'cluster_rules', key: rowKey({ id: r.id }), column: 'desktop_ids' }, RULE_DESKTOP_IDS),
  hostGroup: r.host_group ? parseStored(r.host_group, { table: 'cluster_rules', key: rowKey({ id: r.id }), column: 'host_group' }, RULE_HOST_GROUP) : null,
  createdAt: r.created_at,
});

export function listRules(db: Db, clusterId?: string): StoredRule[] {
  const rows = clusterId
    ? all<RuleRow>(db, 'SELECT * FROM cluster_rules WHERE cluster_id = ? ORDER BY rowid', clusterId)
    : all<RuleRow>(db, 'SELECT * FROM cluster_rules ORDER BY rowid');
  return rows.map(toRule);
}

export function getRule(db: Db, id: string): StoredRule | undefined {
  const r = get<RuleRow>(db, 'SELECT * FROM cluster_rules WHERE id = ?', id);
  return r ? toRule(r) : undefined;
}

export function insertRule(db: Db, r: Omit<StoredRule, 'id'>): StoredRule {
  const n = nextIdNumber(db, 'rule');
  const id = `rule-${n}`;
  run(
    db,
    'INSERT INTO cluster_rules (id, cluster_id, name, kind, enabled, desktop_ids, host_group, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    id,
    r.clusterId,
    r.name,
    r.kind,
    r.enabled ? 1 : 0,
    JSON.stringify(r.desktopIds),
    r.hostGroup ? JSON.stringify(r.hostGroup) : null,
    r.createdAt,
  );
  return { ...r, id };
}

/**
 * Deleted VMs leave the DRS rules that named them, as in vCenter; a rule left with no VM goes.
 * Returns what changed, for the audit trail.
 */
export interface RuleChange {
  id: string;
  name: string;
  clusterId: string;
  removed: number;
  deleted: boolean;
}

export function forgetDesktopsInRules(db: Db, desktopIds: readonly string[]): RuleChange[] {
  if (desktopIds.length === 0) return [];
  const gone = new Set(desktopIds);
  const out: RuleChange[] = [];
  for (const r of listRules(db)) {
    const left = r.desktopIds.filter((d) => !gone.has(d));
    if (left.length === r.desktopIds.length) continue;
    if (left.length === 0) deleteRule(db, r.id);
    else run(db, 'UPDATE cluster_rules SET desktop_ids = ? WHERE id = ?', JSON.stringify(left), r.id);
    out.push({ id: r.id, name: r.name, clusterId: r.clusterId, removed: r.desktopIds.length - left.length, deleted: left.length === 0 });
  }
  return out;
}

export function setRuleEnabled(db: Db, id: string, enabled: boolean): void {
  run(db, 'UPDATE cluster_rules SET enabled = ? WHERE id = ?', enabled ? 1 : 0, id);
}

export function deleteRule(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM cluster_rules WHERE id = ?').run(id).changes > 0;
}

export function listPriorities(db: Db): { desktopId: string; priority: HaPriority }[] {
  return all(db, 'SELECT desktop_id AS desktopId, priority FROM desktop_ha');
}

export function setPriority(db: Db, desktopId: string, priority: HaPriority): void {
  run(
    db,
    'INSERT INTO desktop_ha (desktop_id, priority) VALUES (?, ?) ON CONFLICT(desktop_id) DO UPDATE SET priority = excluded.priority',
    desktopId,
    priority,
  );
}

export function setHostState(db: Db, id: string, s: { connectionState?: Host['connectionState']; powerState?: Host['powerState'] }): void {
  if (s.connectionState) run(db, 'UPDATE hosts SET connection_state = ? WHERE id = ?', s.connectionState, id);
  if (s.powerState) run(db, 'UPDATE hosts SET power_state = ? WHERE id = ?', s.powerState, id);
}

export function moveDesktopRow(db: Db, desktopId: string, hostId: string): void {
  run(db, 'UPDATE desktops SET host_id = ? WHERE id = ?', hostId, desktopId);
}

export function activeClusterTasks(db: Db): ClusterTask[] {
  return listTasks(db, { active: true }).filter(isClusterTask);
}

export function hostIdFree(db: Db, id: string): boolean {
  return get(db, 'SELECT 1 FROM hosts WHERE id = ? OR name = ?', id, id) === undefined;
}

/** A host as stored: the Host entity without the allocation figures derived from its desktops. */
export type NewHostRow = Omit<Host, 'vmCount' | 'vmsPoweredOn' | 'vcpuAllocated' | 'ramAllocatedGb'>;

export function insertHost(db: Db, h: NewHostRow): void {
  run(
    db,
    `INSERT INTO hosts (id, name, cluster_id, vendor, model, sockets, cores_per_socket, ghz, hyperthreading, ram_gb, nics, nic_gbps,
       power_state, connection_state, power_idle_w, power_peak_w, rack_units, cpu_model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    h.id,
    h.name,
    h.clusterId,
    h.vendor,
    h.model,
    h.sockets,
    h.coresPerSocket,
    h.ghz,
    h.hyperthreading ? 1 : 0,
    h.ramGb,
    h.nics,
    h.nicGbps,
    h.powerState,
    h.connectionState,
    h.powerIdleW,
    h.powerPeakW,
    h.rackUnits,
    h.cpuModel ?? null,
  );
}

export function deleteHost(db: Db, id: string): void {
  run(db, 'DELETE FROM hosts WHERE id = ?', id);
}
