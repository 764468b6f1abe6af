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
