import type { MachineState, Pool } from '../contract/entities.ts';
import { PROBLEM_STATES } from '../contract/entities.ts';
import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';

interface PoolRow {
  id: string;
  name: string;
  display_name: string;
  kind: Pool['kind'];
  assignment: Pool['assignment'];
  automatic_assignment: number;
  session_type: Pool['sessionType'];
  max_sessions_per_host: number;
  load_balancing: Pool['loadBalancing'];
  image_id: string | null;
  image_version_id: string | null;
  previous_image_version_id: string | null;
  vcpu: number;
  ram_gb: number;
  disk_gb: number;
  naming_pattern: string;
  min_machines: number;
  max_machines: number;
  spare_machines: number;
  provisioning: Pool['provisioning'];
  power_policy: Pool['powerPolicy'];
  logoff_after_disconnect: Pool['logoffAfterDisconnect'];
  logoff_after_minutes: number;
  on_logoff: Pool['onLogoff'];
  allow_user_reset: number;
  enabled: number;
  provisioning_enabled: number;
  drain_mode: number;
  default_protocol: Pool['defaultProtocol'];
  workload: Pool['workload'];
  cpu_shares: Pool['cpuShares'];
  cpu_reservation_mhz: number;
  cpu_limit_mhz: number | null;
  cluster_id: string;
  network_id: string;
}

const PROBLEMS = new Set<MachineState>(PROBLEM_STATES);

export function listPools(db: Db, id?: string): Pool[] {
  const rows = id ? all<PoolRow>(db, 'SELECT * FROM pools WHERE id = ?', id) : all<PoolRow>(db, 'SELECT * FROM pools ORDER BY name');
  if (rows.length === 0) return [];
  const states = all<{ pool_id: string; state: MachineState; n: number }>(db, 'SELECT pool_id, state, count(*) AS n FROM desktops GROUP BY pool_id, state');
  const sessions = all<{ pool_id: string; n: number }>(db, "SELECT pool_id, count(*) AS n FROM sessions WHERE state <> 'logged-off' GROUP BY pool_id");
  const ds = all<{ pool_id: string; datastore_id: string }>(db, 'SELECT pool_id, datastore_id FROM pool_datastores ORDER BY datastore_id');
  const ents = all<{ pool_id: string; principal_type: 'user' | 'group'; principal_id: string }>(
    db,
    'SELECT pool_id, principal_type, principal_id FROM entitlements ORDER BY principal_id',
  );
  return rows.map((r) => {
    const stateCounts: Partial<Record<MachineState, number>> = {};
    let machineCount = 0;
    let problemCount = 0;
    for (const s of states) {
      if (s.pool_id !== r.id) continue;
      stateCounts[s.state] = s.n;
      machineCount += s.n;
      if (PROBLEMS.has(s.state)) problemCount += s.n;
    }
    return {
      id: r.id,
      name: r.name,
      displayName: r.display_name,
      kind: r.kind,
      assignment: r.assignment,
      automaticAssignment: r.automatic_assignment === 1,
      sessionType: r.session_type,
      maxSessionsPerHost: r.max_sessions_per_host,
      loadBalancing: r.load_balancing,
      imageId: r.image_id,
      imageVersionId: r.image_version_id,
      previousImageVersionId: r.previous_image_version_id,
      vcpu: r.vcpu,
      ramGb: r.ram_gb,
      diskGb: r.disk_gb,
      namingPattern: r.naming_pattern,
      minMachines: r.min_machines,
      maxMachines: r.max_machines,
      spareMachines: r.spare_machines,
      provisioning: r.provisioning,
      powerPolicy: r.power_policy,
      logoffAfterDisconnect: r.logoff_after_disconnect,
      logoffAfterMinutes: r.logoff_after_minutes,
      onLogoff: r.on_logoff,
      allowUserReset: r.allow_user_reset === 1,
      enabled: r.enabled === 1,
      provisioningEnabled: r.provisioning_enabled === 1,
      drainMode: r.drain_mode === 1,
      defaultProtocol: r.default_protocol,
      workload: r.workload,
      cpuShares: r.cpu_shares,
      cpuReservationMhz: r.cpu_reservation_mhz,
      cpuLimitMhz: r.cpu_limit_mhz,
      clusterId: r.cluster_id,
      datastoreIds: ds.filter((d) => d.pool_id === r.id).map((d) => d.datastore_id),
      networkId: r.network_id,
      machineCount,
      sessionCount: sessions.find((s) => s.pool_id === r.id)?.n ?? 0,
      problemCount,
      stateCounts,
      entitledGroupIds: ents.filter((e) => e.pool_id === r.id && e.principal_type === 'group').map((e) => e.principal_id),
      entitledUserIds: ents.filter((e) => e.pool_id === r.id && e.principal_type === 'user').map((e) => e.principal_id),
    };
  });
}

export function getPool(db: Db, id: string): Pool | undefined {
  return listPools(db, id)[0];
}

/** The pool flags an admin can switch from the console today. */
export type PoolFlag = 'enabled' | 'provisioning_enabled';

export function setPoolCpuAllocation(db: Db, id: string, a: Pick<Pool, 'cpuShares' | 'cpuReservationMhz' | 'cpuLimitMhz'>): void {
  run(db, 'UPDATE pools SET cpu_shares = ?, cpu_reservation_mhz = ?, cpu_limit_mhz = ? WHERE id = ?', a.cpuShares, a.cpuReservationMhz, a.cpuLimitMhz, id);
}

export function setPoolFlag(db: Db, id: string, flag: PoolFlag, value: boolean): void {
  run(db, `UPDATE pools SET ${flag} = ? WHERE id = ?`, value ? 1 : 0, id);
}

/** Machines with an assigned user, per pool (every pool, zero included). */
export function assignedMachineCounts(db: Db): { poolId: string; assigned: number }[] {
  return all<{ poolId: string; assigned: number }>(
    db,
    `SELECT p.id AS poolId, count(d.id) AS assigned FROM pools p
     LEFT JOIN desktops d ON d.pool_id = p.id AND d.assigned_user_id IS NOT NULL GROUP BY p.id ORDER BY p.name`,
  );
}

/** The pools a user is entitled to, directly or through a group, by name. */
export function entitledPools(
  db: Db,
  userId: string,
): { id: string; name: string; displayName: string; enabled: number; assignment: 'floating' | 'dedicated'; sessionType: 'single-session' | 'multi-session' }[] {
  return all(
    db,
    `SELECT p.id, p.name, p.display_name AS displayName, p.enabled, p.assignment, p.session_type AS sessionType FROM pools p
     WHERE p.id IN (SELECT pool_id FROM entitlements WHERE principal_type = 'user' AND principal_id = ?
                    UNION SELECT e.pool_id FROM entitlements e JOIN group_members m ON m.group_id = e.principal_id
                    WHERE e.principal_type = 'group' AND m.user_id = ?)
     ORDER BY p.name`,
    userId,
    userId,
  );
}

/**
 * A cluster's hosts with their CPU in MHz, the reservations other pools' powered-on machines hold on
 * each, and how many of this pool's machines run there: what a pool's CPU reservation must fit in.
 */
export function hostReservationRoom(
  db: Db,
  poolId: string,
  clusterId: string,
): { id: string; name: string; mhz: number; ghz: number; reserved_other: number; pool_vms_on: number }[] {
  return all(
    db,
    `SELECT h.id, h.name, h.sockets * h.cores_per_socket * h.ghz * 1000 AS mhz, h.ghz,
       coalesce((SELECT sum(p.cpu_reservation_mhz) FROM desktops d JOIN pools p ON p.id = d.pool_id
                 WHERE d.host_id = h.id AND d.power_state = 'poweredOn' AND d.pool_id <> ?), 0) AS reserved_other,
       (SELECT count(*) FROM desktops d WHERE d.host_id = h.id AND d.pool_id = ? AND d.power_state = 'poweredOn') AS pool_vms_on
     FROM hosts h WHERE h.cluster_id = ?`,
    poolId,
    poolId,
    clusterId,
  );
}

export function setPoolDrainMode(db: Db, id: string, drain: boolean): void {
  run(db, 'UPDATE pools SET drain_mode = ? WHERE id = ?', drain ? 1 : 0, id);
}

/** A pool's id and name, if there is one with that id. */
export function poolRef(db: Db, id: string): { id: string; name: string } | undefined {
  return get<{ id: string; name: string }>(db, 'SELECT id, name FROM pools WHERE id = ?', id);
}

/** Every pool's id and name, by name. */
export function poolRefs(db: Db): { id: string; name: string }[] {
  return all<{ id: string; name: string }>(db, 'SELECT id, name FROM pools ORDER BY name');
}

export function poolNameTaken(db: Db, name: string): boolean {
  return get(db, 'SELECT 1 FROM pools WHERE name = ?', name) !== undefined;
}

/** Every machine name in the lab (names are unique across pools). */
export function desktopNamesInUse(db: Db): Set<string> {
  return new Set(all<{ name: string }>(db, 'SELECT name FROM desktops').map((r) => r.name));
}

export function poolMachineTotal(db: Db, poolId: string): number {
  return get<{ n: number }>(db, 'SELECT count(*) AS n FROM desktops WHERE pool_id = ?', poolId)?.n ?? 0;
}

/** Writes the given pool columns in one statement (the table's CHECKs hold for the whole row). Columns come from the caller's fixed map, never from input. */
export function updatePoolColumns(db: Db, poolId: string, columns: readonly string[], values: readonly unknown[]): void {
  if (columns.length === 0) return;
  run(db, `UPDATE pools SET ${columns.map((col) => `${col} = ?`).join(', ')} WHERE id = ?`, ...values, poolId);
}

export function setPoolDatastores(db: Db, poolId: string, datastoreIds: readonly string[]): void {
  run(db, 'DELETE FROM pool_datastores WHERE pool_id = ?', poolId);
  for (const ds of datastoreIds) run(db, 'INSERT OR IGNORE INTO pool_datastores VALUES (?, ?)', poolId, ds);
}
