import type { TenantObjectKind } from '../contract/tenant-methods.ts';
import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';

// Tenants and what they own (migration 019). Reads and writes only; the rules are in app/handlers/tenants.ts.

export interface TenantRow {
  id: string;
  name: string;
  description: string;
  cpuShares: number;
  cpuLimitGhz: number | null;
  memLimitGb: number | null;
  createdAt: string;
}

const TENANT_COLS = `id, name, description, cpu_shares AS cpuShares, cpu_limit_ghz AS cpuLimitGhz, mem_limit_gb AS memLimitGb, created_at AS createdAt`;

export function listTenants(db: Db): TenantRow[] {
  return all<TenantRow>(db, `SELECT ${TENANT_COLS} FROM tenants ORDER BY name`);
}

export function getTenant(db: Db, id: string): TenantRow | undefined {
  return get<TenantRow>(db, `SELECT ${TENANT_COLS} FROM tenants WHERE id = ?`, id);
}

export function tenantByName(db: Db, name: string): TenantRow | undefined {
  return get<TenantRow>(db, `SELECT ${TENANT_COLS} FROM tenants WHERE name = ? COLLATE NOCASE`, name);
}

export function insertTenant(db: Db, t: TenantRow): void {
  run(db, 'INSERT INTO tenants VALUES (?, ?, ?, ?, ?, ?, ?)', t.id, t.name, t.description, t.cpuShares, t.cpuLimitGhz, t.memLimitGb, t.createdAt);
}

export function updateTenant(db: Db, t: TenantRow): void {
  run(
    db,
    'UPDATE tenants SET name = ?, description = ?, cpu_shares = ?, cpu_limit_ghz = ?, mem_limit_gb = ? WHERE id = ?',
    t.name,
    t.description,
    t.cpuShares,
    t.cpuLimitGhz,
    t.memLimitGb,
    t.id,
  );
}

export function deleteTenant(db: Db, id: string): void {
  run(db, 'DELETE FROM tenants WHERE id = ?', id);
}

const OWNER_TABLE: Record<TenantObjectKind, { table: string; col: string }> = {
  pool: { table: 'tenant_pools', col: 'pool_id' },
  network: { table: 'tenant_networks', col: 'network_id' },
  datastore: { table: 'tenant_datastores', col: 'datastore_id' },
};

/** Object id → tenant id, for one kind of object. */
export function owners(db: Db, kind: TenantObjectKind): Map<string, string> {
  const o = OWNER_TABLE[kind];
  return new Map(all<{ obj: string; tenant: string }>(db, `SELECT ${o.col} AS obj, tenant_id AS tenant FROM ${o.table}`).map((r) => [r.obj, r.tenant]));
}

export function ownerOf(db: Db, kind: TenantObjectKind, objectId: string): string | null {
  const o = OWNER_TABLE[kind];
  return get<{ t: string }>(db, `SELECT tenant_id AS t FROM ${o.table} WHERE ${o.col} = ?`, objectId)?.t ?? null;
}

export function setOwner(db: Db, kind: TenantObjectKind, objectId: string, tenantId: string | null): void {
  const o = OWNER_TABLE[kind];
  run(db, `DELETE FROM ${o.table} WHERE ${o.col} = ?`, objectId);
  if (tenantId) run(db, `INSERT INTO ${o.table} (${o.col}, tenant_id) VALUES (?, ?)`, objectId, tenantId);
}

export function releaseAll(db: Db, tenantId: string): void {
  for (const o of Object.values(OWNER_TABLE)) run(db, `DELETE FROM ${o.table} WHERE tenant_id = ?`, tenantId);
}

/** Port groups present on some hosts only: network id → host ids. */
export function networkHosts(db: Db): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of all<{ n: string; h: string }>(db, 'SELECT network_id AS n, host_id AS h FROM network_hosts ORDER BY network_id, host_id')) {
    out.set(r.n, [...(out.get(r.n) ?? []), r.h]);
  }
  return out;
}

export function setNetworkHosts(db: Db, networkId: string, hostIds: string[] | null): void {
  run(db, 'DELETE FROM network_hosts WHERE network_id = ?', networkId);
  for (const h of hostIds ?? []) run(db, 'INSERT INTO network_hosts VALUES (?, ?)', networkId, h);
}

/** The tenant an admin account is scoped to (null: the whole estate). */
export function accountTenant(db: Db, accountId: string): string | null {
  return get<{ t: string | null }>(db, 'SELECT tenant_id AS t FROM admin_accounts WHERE id = ?', accountId)?.t ?? null;
}

export function setAccountTenant(db: Db, accountId: string, tenantId: string | null): void {
  run(db, 'UPDATE admin_accounts SET tenant_id = ? WHERE id = ?', tenantId, accountId);
}

/** Each pool's own network and its pool hardware (the vNICs' networks, as JSON). */
export function poolNetworkRows(db: Db): { id: string; network_id: string; hardware: string | null }[] {
  return all(db, 'SELECT p.id, p.network_id, h.hardware FROM pools p LEFT JOIN pool_hardware h ON h.pool_id = p.id');
}

/** Every desktop's own hardware (JSON), where it has one. */
export function desktopHardwareRows(db: Db): { desktop_id: string; hardware: string }[] {
  return all(db, 'SELECT desktop_id, hardware FROM desktop_hardware');
}

/** Networks as the fence and the tenants page know them. */
export function networkRows(db: Db): { id: string; name: string; cluster_id: string; vlan: number; port_group: string }[] {
  return all(db, 'SELECT id, name, cluster_id, vlan, port_group FROM networks ORDER BY id');
}

/** Pools with their network and machine count, by name. */
export function poolMachineRows(db: Db): { id: string; name: string; network_id: string; machines: number }[] {
  return all(db, 'SELECT p.id, p.name, p.network_id, (SELECT count(*) FROM desktops d WHERE d.pool_id = p.id) AS machines FROM pools p ORDER BY p.name');
}

export function poolDatastoreRows(db: Db): { pool_id: string; datastore_id: string }[] {
  return all(db, 'SELECT pool_id, datastore_id FROM pool_datastores');
}

export function datastoreRows(db: Db): { id: string; name: string; cluster_id: string; capacity_gb: number }[] {
  return all(db, 'SELECT id, name, cluster_id, capacity_gb FROM datastores ORDER BY name');
}

/** The pool an object belongs to (a desktop, a session, a snapshot's desktop), if the object exists. */
export function poolOfObject(db: Db, kind: 'desktop' | 'session' | 'snapshot', id: string): string | undefined {
  const sql = {
    desktop: 'SELECT pool_id AS p FROM desktops WHERE id = ?',
    session: 'SELECT pool_id AS p FROM sessions WHERE id = ?',
    snapshot: 'SELECT d.pool_id AS p FROM snapshots s JOIN desktops d ON d.id = s.desktop_id WHERE s.id = ?',
  }[kind];
  return get<{ p: string }>(db, sql, id)?.p;
}

/** A tenant's pools: ids and names. */
export function tenantPools(db: Db, tenantId: string): { id: string; name: string }[] {
  return all(db, 'SELECT p.id, p.name FROM tenant_pools tp JOIN pools p ON p.id = tp.pool_id WHERE tp.tenant_id = ? ORDER BY p.name', tenantId);
}

/** The hardware (JSON) of a pool's desktops that have their own. */
export function poolDesktopHardware(db: Db, poolId: string): string[] {
  return all<{ hardware: string }>(db, 'SELECT h.hardware FROM desktop_hardware h JOIN desktops d ON d.id = h.desktop_id WHERE d.pool_id = ?', poolId).map(
    (r) => r.hardware,
  );
}

/** The datastores a pool is set to use and those its desktops' disks are on. */
export function poolDatastoreUse(db: Db, poolId: string): string[] {
  return [
    ...all<{ id: string }>(db, 'SELECT datastore_id AS id FROM pool_datastores WHERE pool_id = ?', poolId),
    ...all<{ id: string }>(db, 'SELECT DISTINCT datastore_id AS id FROM desktops WHERE pool_id = ?', poolId),
  ].map((r) => r.id);
}

/** The name of a pool, network or datastore, if it exists. */
export function objectNameOf(db: Db, kind: TenantObjectKind, id: string): string | undefined {
  const sql = {
    pool: 'SELECT name FROM pools WHERE id = ?',
    network: 'SELECT name FROM networks WHERE id = ?',
    datastore: 'SELECT name FROM datastores WHERE id = ?',
  }[kind];
  return get<{ name: string }>(db, sql, id)?.name;
}

export function networkRef(db: Db, id: string): { name: string; cluster_id: string; port_group: string } | undefined {
  return get(db, 'SELECT name, cluster_id, port_group FROM networks WHERE id = ?', id);
}

export function hostClusterId(db: Db, hostId: string): string | undefined {
  return get<{ cluster_id: string }>(db, 'SELECT cluster_id FROM hosts WHERE id = ?', hostId)?.cluster_id;
}

/** Powered-on desktops with their host and own hardware (JSON), by name. */
export function poweredOnDesktopPlacement(db: Db): { name: string; host: string; host_id: string; pool_id: string; hardware: string | null }[] {
  return all(
    db,
    `SELECT d.name, hs.name AS host, d.host_id, d.pool_id, dh.hardware FROM desktops d JOIN hosts hs ON hs.id = d.host_id
     LEFT JOIN desktop_hardware dh ON dh.desktop_id = d.id WHERE d.power_state = 'poweredOn' ORDER BY d.name`,
  );
}
