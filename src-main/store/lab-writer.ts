import type { LabModel } from '../core/lab/model.ts';
import type { Db } from './db.ts';
import { KEPT_ID_KINDS } from './ids.ts';
import { insertPoolSql, poolSettingValues } from './pool-row.ts';
import { insertDefaultAlarmDefinitions } from './alarms.ts';
import { DEFAULT_RETENTION_DAYS, writeRetention } from './trends.ts';

const b = (v: boolean) => (v ? 1 : 0);

/** Tables in delete order (children first). */
const LAB_TABLES = [
  // Unmanaged VMs (migration 023): machines removed from manual pools; a new lab has none.
  'unmanaged_vms',
  // Host GPUs (migration 020): they refer to hosts; a new lab's hosts have none.
  'host_gpus',
  // Tenants (migration 019): they refer to pools, networks, datastores and hosts.
  'tenant_pools',
  'tenant_networks',
  'tenant_datastores',
  'network_hosts',
  'tenants',
  // Disaster recovery (migration 018): they refer to pools and sites.
  'dr_runs',
  'global_entitlement_routes',
  'global_entitlement_pools',
  'global_entitlements',
  'recovery_plan_groups',
  'recovery_plans',
  'protection_group_pools',
  'protection_groups',
  'site_status',
  'site_links',
  // A new lab starts with the default alarm set and no alarm.
  'alarms',
  'alarm_definitions',
  'session_messages',
  'connection_failures',
  'session_history',
  'tasks', // a new lab starts with no operation under way (a running evacuation of the old lab must not resume in it)
  'sessions',
  'desktops',
  'entitlements',
  'group_members',
  'groups',
  'users',
  'pool_datastores',
  'pools',
  'image_versions',
  'images',
  'networks',
  'datastores',
  'hosts',
  'clusters',
  'sites',
  'events',
  // The old lab's simulation: a new lab's engine starts afresh, and its charts with it.
  'engine_state',
  'engine_arrays',
  'engine_entities',
  'engine_deltas',
  'engine_queue',
  'metric_samples',
  'session_samples',
  'metric_rollups',
  'metric_rollups_recent',
  // The old lab's history of admin actions (app/replay): a new lab's log starts empty, from its seed.
  'replay_actions',
  'trend_rollups',
  'trend_rollups_recent',
  // Trends retention per level (migration 015) is the lab's: a new lab keeps its rollups the default time (and a replay, which
  // starts from a generated lab, then matches a reset one).
  'rollup_retention',
] as const;

/** Removes the current lab's objects (not the console settings). Call inside a transaction. */
export function clearLab(db: Db): void {
  for (const t of LAB_TABLES) db.prepare(`DELETE FROM ${t}`).run();
  db.prepare("DELETE FROM sqlite_sequence WHERE name IN ('events', 'connection_failures', 'session_messages', 'alarms')").run();
  // The lab's own ids start again (the checkpoint list and uploads live on beside it and keep theirs).
  db.prepare(`DELETE FROM id_counters WHERE kind NOT IN (${KEPT_ID_KINDS.map(() => '?').join(',')})`).run(...KEPT_ID_KINDS);
  db.prepare('DELETE FROM meta').run();
}

/** Writes a generated lab. Call inside a transaction; one multi-row insert statement per table. */
export function writeLab(db: Db, lab: LabModel, wallTime: string): void {
  const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  meta.run('name', lab.name);
  meta.run('profile', lab.profile);
  meta.run('seed', String(lab.seed));
  meta.run('created_at', wallTime);
  meta.run('sim_time', lab.simTime);
  // Its action log is complete from here: seed + log replay it (app/replay).
  meta.run('replay_origin', 'seed');
  meta.run('replay_start', lab.simTime);
  insertDefaultAlarmDefinitions(db);
  writeRetention(db, DEFAULT_RETENTION_DAYS);

  const ins = (sql: string) => db.prepare(sql);
  const site = ins('INSERT INTO sites VALUES (?, ?, ?)');
  for (const s of lab.sites) site.run(s.id, s.name, s.location);
  const link = ins('INSERT INTO site_links VALUES (?, ?, ?, ?, ?, ?)');
  for (const l of lab.siteLinks ?? []) link.run(l.id, l.name, l.siteA, l.siteB, l.bandwidthMbps, l.latencyMs);

  const cluster = ins('INSERT INTO clusters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const c of lab.clusters) {
    const ac = c.admissionControl;
    cluster.run(
      c.id,
      c.name,
      c.siteId,
      c.drsAutomation,
      c.drsThreshold,
      b(c.haEnabled),
      ac.policy,
      ac.cpuPct,
      ac.memPct,
      ac.hostFailures,
      c.hypervisor ?? 'esxi',
    );
  }
  const host = ins('INSERT INTO hosts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const h of lab.hosts) {
    host.run(
      h.id,
      h.name,
      h.clusterId,
      h.vendor,
      h.model,
      h.sockets,
      h.coresPerSocket,
      h.ghz,
      b(h.hyperthreading),
      h.ramGb,
      h.nics,
      h.nicGbps,
      h.powerState,
      h.connectionState,
      h.powerIdleW,
      h.powerPeakW,
      h.rackUnits,
      h.cpuModel ?? h.cpu?.cpuModel ?? null,
    );
  }
  const ds = ins('INSERT INTO datastores VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const d of lab.datastores) ds.run(d.id, d.name, d.clusterId, d.type, d.media, d.capacityGb, d.iopsCapacity, d.serviceTimeMs);
  const net = ins('INSERT INTO networks VALUES (?, ?, ?, ?, ?, ?)');
  for (const n of lab.networks) net.run(n.id, n.name, n.clusterId, n.vlan, n.subnet, n.portGroup);
  const img = ins('INSERT INTO images VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const i of lab.images) img.run(i.id, i.name, i.os, i.workload, i.vcpu, i.ramGb, i.diskGb);
  const iv = ins('INSERT INTO image_versions VALUES (?, ?, ?, ?, ?, ?)');
  for (const v of lab.imageVersions) iv.run(v.id, v.imageId, v.version, v.snapshot, v.createdAt, v.notes);

  const pool = ins(insertPoolSql(['cpu_shares', 'cpu_reservation_mhz', 'cpu_limit_mhz', 'previous_image_version_id']));
  for (const p of lab.pools) pool.run(...poolSettingValues(p.id, p), p.cpuShares, p.cpuReservationMhz, p.cpuLimitMhz, p.previousImageVersionId);
  const pds = ins('INSERT INTO pool_datastores VALUES (?, ?)');
  for (const x of lab.poolDatastores) pds.run(x.poolId, x.datastoreId);
  // Tenants (issue 19): prepared only when the lab has some (a lab without them writes exactly what it wrote before).
  if (lab.tenants?.length) {
    const ten = ins('INSERT INTO tenants VALUES (?, ?, ?, ?, ?, ?, ?)');
    const tp = ins('INSERT INTO tenant_pools VALUES (?, ?)');
    const tn = ins('INSERT INTO tenant_networks VALUES (?, ?)');
    const td = ins('INSERT INTO tenant_datastores VALUES (?, ?)');
    for (const t of lab.tenants) {
      ten.run(t.id, t.name, t.description, t.cpuShares, t.cpuLimitGhz, t.memLimitGb, lab.simTime);
      for (const p of t.poolIds) tp.run(p, t.id);
      for (const n of t.networkIds) tn.run(n, t.id);
      for (const d of t.datastoreIds) td.run(d, t.id);
    }
  }
  if (lab.networkHosts?.length) {
    const nh = ins('INSERT INTO network_hosts VALUES (?, ?)');
    for (const x of lab.networkHosts) nh.run(x.networkId, x.hostId);
  }
  const user = ins('INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)');
  for (const u of lab.users) user.run(u.id, u.login, u.displayName, u.department, u.email, u.workload);
  const group = ins('INSERT INTO groups VALUES (?, ?, ?)');
  for (const g of lab.groups) group.run(g.id, g.name, g.description);
  const gm = ins('INSERT INTO group_members VALUES (?, ?)');
  for (const m of lab.groupMembers) gm.run(m.groupId, m.userId);
  const ent = ins('INSERT INTO entitlements VALUES (?, ?, ?)');
  for (const e of lab.entitlements) ent.run(e.poolId, e.principalType, e.principalId);
  const desk = ins('INSERT INTO desktops VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const d of lab.desktops) {
    desk.run(
      d.id,
      d.name,
      d.poolId,
      d.hostId,
      d.datastoreId,
      d.state,
      d.powerState,
      d.assignedUserId,
      d.imageVersionId,
      d.vcpu,
      d.ramGb,
      d.diskGb,
      // As the engine holds it (32-bit, app/engine-rows.ts): a row the engine never rewrites reads the same in every run.
      Math.fround(d.usedGb),
      d.ip,
      d.agentVersion,
      d.problem,
      d.stateSince,
    );
  }
  const sess = ins('INSERT INTO sessions (id, user_id, desktop_id, pool_id, state, protocol, client_device, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  for (const s of lab.sessions) sess.run(s.id, s.userId, s.desktopId, s.poolId, s.state, s.protocol, s.clientDevice, s.startedAt);
  const ev = ins(`INSERT INTO events (sim_time, wall_time, type, severity, object_kind, object_id, object_name, user, message)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const e of lab.events) ev.run(e.simTime, wallTime, e.type, e.severity, e.objectKind, e.objectId, e.objectName, e.user, e.message);
}
