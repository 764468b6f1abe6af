import type { ParsedInput } from '../contract/methods.ts';
import { LabError } from '../contract/errors.ts';
import { expandName, namingCapacity, parseNamingPattern } from '../core/naming.ts';
import type { Db } from './db.ts';
import { nextIdNumber } from './ids.ts';
import { insertPoolSql, poolSettingValues } from './pool-row.ts';
import { all, get, run } from './stmt.ts';
import { endSessionsOf } from './sessions.ts';
import { forgetDesktopsInRules, type RuleChange } from './cluster-ops.ts';

export interface PlacementHost {
  id: string;
  cores: number;
  ramGb: number;
  vcpuPlaced: number;
}

/** Connected hosts of a cluster with the vCPUs already placed on them (least-allocated first is what DRS converges to). */
export function placementHosts(db: Db, clusterId: string, only: Set<string> | null = null): PlacementHost[] {
  // only: the hosts that carry the pool's port groups (issue 19, app/tenants.ts poolPlacementHostIds); null: every connected host.
  const hosts = all<PlacementHost>(
    db,
    `SELECT h.id, h.sockets * h.cores_per_socket AS cores, h.ram_gb AS ramGb,
       coalesce((SELECT sum(vcpu) FROM desktops d WHERE d.host_id = h.id), 0) AS vcpuPlaced
     FROM hosts h WHERE h.cluster_id = ? AND h.connection_state = 'connected' AND h.power_state = 'poweredOn' ORDER BY h.name`,
    clusterId,
  );
  return only ? hosts.filter((h) => only.has(h.id)) : hosts;
}

const AGENT_VERSION = 'Horizon Agent 2412 (8.14.0)';

/** Writes a new pool and its machines (PROVISIONING, not yet on disk: the engine clones them). Returns the pool id. */
export function createPool(
  db: Db,
  p: ParsedInput<'pool-create'> & { powerPolicy: NonNullable<ParsedInput<'pool-create'>['powerPolicy']> },
  names: string[],
  hosts: PlacementHost[],
  simTime: string,
): string {
  const id = `pool-${nextIdNumber(db, 'pool')}`;
  // A new pool is not draining; a manual pool has nothing to provision.
  run(db, insertPoolSql(), ...poolSettingValues(id, { ...p, provisioningEnabled: p.kind !== 'manual' && p.provisioningEnabled, drainMode: false }));
  for (const ds of p.datastoreIds) run(db, 'INSERT OR IGNORE INTO pool_datastores VALUES (?, ?)', id, ds);
  addMachines(db, { id, ...p }, names, hosts, simTime);
  return id;
}

export interface MachineSpec {
  id: string;
  networkId: string;
  datastoreIds: string[];
  imageVersionId: string | null;
  vcpu: number;
  ramGb: number;
  diskGb: number;
}

/**
 * Adds machines to a pool, each on the least-allocated host, datastores in turn: in PROVISIONING
 * (to be cloned), or with `existing` as machines that already run the Horizon Agent (a manual
 * pool's VMs): AVAILABLE and powered on. Returns their ids, in order.
 */
export function addMachines(db: Db, p: MachineSpec, names: string[], hosts: PlacementHost[], simTime: string, existing = false): string[] {
  const subnet = get<{ subnet: string }>(db, 'SELECT subnet FROM networks WHERE id = ?', p.networkId)?.subnet ?? '10.0.0.0/20';
  const [a, b2, c] = subnet.split('.');
  let vm = nextIdNumber(db, 'desktop', names.length);
  if (names.length > 0 && hosts.length === 0) throw new LabError('conflict', 'No connected host to place the machines on', ['clusterId']);
  const load = hosts.map((h) => ({ ...h }));
  const start = (get<{ n: number }>(db, 'SELECT count(*) AS n FROM desktops WHERE pool_id = ?', p.id)?.n ?? 0) as number;
  const ids: string[] = [];
  names.forEach((name, i) => {
    const id = `vm-${vm++}`;
    ids.push(id);
    let host = load[0] as PlacementHost;
    for (const h of load) if (h.vcpuPlaced < host.vcpuPlaced) host = h;
    host.vcpuPlaced += p.vcpu;
    const n = start + i + 1;
    run(
      db,
      `INSERT INTO desktops (id, name, pool_id, host_id, datastore_id, state, power_state, assigned_user_id, image_version_id,
         vcpu, ram_gb, disk_gb, used_gb, ip, agent_version, problem, state_since)
       VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 0, ?, ?, NULL, ?)`,
      id,
      name,
      p.id,
      host.id,
      p.datastoreIds[(start + i) % p.datastoreIds.length],
      existing ? 'AVAILABLE' : 'PROVISIONING',
      existing ? 'poweredOn' : 'poweredOff',
      p.imageVersionId,
      p.vcpu,
      p.ramGb,
      p.diskGb,
      `${a}.${b2}.${Number(c) + 8 + Math.floor(n / 250)}.${(n % 250) + 2}`,
      AGENT_VERSION,
      simTime,
    );
  });
  return ids;
}

/** The first `n` names the pattern gives that no machine uses yet. */
export function freeNames(db: Db, namingPattern: string, n: number): string[] {
  const pattern = parseNamingPattern(namingPattern);
  // Only names the pattern can give start with its prefix: those are read through the name index (the pool's
  // neighbours, not the whole estate, when an on-demand pool grows inside a flush).
  const prefix = pattern.prefix;
  const rows = prefix
    ? all<{ name: string }>(
        db,
        'SELECT name FROM desktops WHERE name >= ? AND name < ?',
        prefix,
        prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1),
      )
    : all<{ name: string }>(db, 'SELECT name FROM desktops');
  const taken = new Set(rows.map((r) => r.name));
  const out: string[] = [];
  for (let i = 1; out.length < n && i <= namingCapacity(pattern); i++) {
    const name = expandName(pattern, i);
    if (!taken.has(name)) out.push(name);
  }
  return out;
}

/** Removes up to `count` unused machines of a pool (no session, no owner, not mid-operation), newest first. */
export function removeUnusedMachines(db: Db, poolId: string, count: number): { removed: number; rules: RuleChange[] } {
  const ids = all<{ id: string }>(
    db,
    `SELECT d.id FROM desktops d WHERE d.pool_id = ? AND d.assigned_user_id IS NULL
       AND d.state IN ('AVAILABLE', 'PROVISIONING', 'PROVISIONING_ERROR', 'MAINTENANCE', 'ERROR', 'AGENT_UNREACHABLE', 'ALREADY_USED')
       AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.desktop_id = d.id)
     ORDER BY d.rowid DESC LIMIT ?`,
    poolId,
    count,
  );
  for (const { id } of ids) run(db, 'DELETE FROM desktops WHERE id = ?', id);
  const rules = forgetDesktopsInRules(
    db,
    ids.map((r) => r.id),
  );
  return { removed: ids.length, rules };
}

/** Deletes a pool with its sessions and machines; entitlements and datastore links go with it (ON DELETE CASCADE). */
export function deletePool(db: Db, poolId: string, endedAt: string, reason: string): { machines: number; sessions: number; rules: RuleChange[] } {
  // Sessions the engine has not ended yet (no simulation running) end here, with their history.
  const sessions = endSessionsOf(db, { poolId }, endedAt, reason);
  const ids = all<{ id: string }>(db, 'SELECT id FROM desktops WHERE pool_id = ?', poolId).map((r) => r.id);
  const machines = run(db, 'DELETE FROM desktops WHERE pool_id = ?', poolId).changes;
  const rules = forgetDesktopsInRules(db, ids);
  run(db, 'DELETE FROM pools WHERE id = ?', poolId);
  return { machines, sessions, rules };
}
