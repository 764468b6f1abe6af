import type { ApiError } from '../contract/errors.ts';
import type { MethodName } from '../contract/methods.ts';
import type { Db } from '../store/db.ts';
import { getTenant, owners, poolOfObject, tenantPools } from '../store/tenants.ts';

/**
 * Admin accounts scoped to a tenant (issue 19). The dispatcher asks `refuse` before the handler
 * runs and passes list results through `narrow`. A scoped account:
 *
 * | request                                                                        | answer                              |
 * |--------------------------------------------------------------------------------|-------------------------------------|
 * | its tenant was deleted (or the lab reset without it)                           | forbidden: everything but whoami and its own password / preferences |
 * | a method in TENANT_METHODS naming only its tenant's pools, desktops, sessions, snapshots | runs                      |
 * | the same naming another tenant's (or no tenant's) pool, desktop, session, snapshot | forbidden, nothing changed, nothing read |
 * | pool-create on networks and datastores of its tenant                           | runs; the pool is its tenant's      |
 * | any other change (clusters, hosts, tenants, accounts, the clock, checkpoints…)  | forbidden                           |
 * | pool-list, desktop-list, session-list, tenant-list, entitlement-list           | only its tenant's rows              |
 * | group-list                                                                     | every group, with its tenant's pools only |
 * | tenant-get of another tenant                                                   | forbidden                           |
 * | other reads (hosts, clusters, events, dashboards, metrics…)                     | forbidden: they show the whole estate |
 */
const READS: ReadonlySet<string> = new Set([
  'lab-info',
  'clock-get',
  'settings-get',
  'image-list',
  'user-list',
  'group-list',
  'hypervisor-catalogue',
  'pool-list',
  'pool-get',
  'pool-get-scaling-plan',
  'pool-image-status',
  'desktop-list',
  'desktop-get',
  'entitlement-list',
  'session-list',
  'session-get',
  'snapshot-list',
  'snapshot-revert-preview',
  'snapshot-bulk-revert-preview',
  'snapshot-delete-preview',
  'snapshot-delete-all-preview',
  'desktop-hardware-get',
  'pool-hardware-get',
  'vm-migrate-estimate',
  'tenant-list',
  'tenant-get',
]);

const WRITES: ReadonlySet<string> = new Set([
  'session-whoami',
  'settings-set',
  'account-change-password',
  'pool-create',
  'pool-update',
  'pool-configure',
  'pool-delete',
  'pool-set-enabled',
  'pool-set-provisioning',
  'pool-set-cpu-allocation',
  'pool-set-drain',
  'pool-set-scaling-plan',
  'pool-add-machines',
  'pool-push-image',
  'pool-rollback-image',
  'entitlement-add',
  'entitlement-remove',
  'desktop-assign',
  'desktop-unassign',
  'desktop-set-maintenance',
  'desktop-power',
  'desktop-recover',
  'desktop-rebuild',
  'desktop-bulk',
  'session-send-message',
  'session-disconnect',
  'session-restart-desktop',
  'session-reset-desktop',
  'session-logoff',
  'snapshot-take',
  'snapshot-revert',
  'snapshot-delete',
  'snapshot-delete-all',
  'snapshot-consolidate',
  'snapshot-bulk-take',
  'snapshot-bulk-revert',
  'vm-migrate',
  'vm-power-on',
  'desktop-hardware-set',
  'pool-hardware-set',
]);

const SELF: ReadonlySet<string> = new Set(['session-whoami', 'settings-set', 'settings-get', 'account-change-password']);

/** The methods a tenant-scoped account may call at all. */
export const TENANT_METHODS: ReadonlySet<string> = new Set([...READS, ...WRITES]);

type Refs = { pools: string[]; desktops: string[]; sessions: string[]; snapshots: string[] };

const strs = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The pools, desktops, sessions and snapshots a request names. */
function refsOf(method: string, input: Record<string, unknown>): Refs {
  const r: Refs = { pools: [], desktops: [], sessions: [], snapshots: [] };
  r.pools.push(...strs(input.poolId), ...strs(input.poolIds));
  r.desktops.push(...strs(input.desktopId), ...strs(input.desktopIds));
  r.snapshots.push(...strs(input.snapshotId));
  const ids = [...strs(input.id), ...strs(input.ids)];
  if (method.startsWith('pool-') && method !== 'pool-create' && method !== 'pool-list') r.pools.push(...ids);
  else if (method.startsWith('desktop-')) r.desktops.push(...ids);
  else if (method.startsWith('session-')) r.sessions.push(...ids);
  return r;
}

function scopedError(tenantName: string, what: string): ApiError {
  return { code: 'forbidden', message: `Your account is scoped to tenant ${tenantName}: ${what}; nothing was changed` };
}

/** Why a tenant-scoped caller may not make this request (null: it may). */
export function refuse(db: Db, tenantId: string, method: MethodName, input: unknown): ApiError | null {
  const tenant = getTenant(db, tenantId);
  if (!tenant) {
    if (SELF.has(method)) return null;
    return { code: 'forbidden', message: 'Your account is scoped to a tenant that no longer exists: ask an estate administrator to re-scope it' };
  }
  if (!TENANT_METHODS.has(method)) return scopedError(tenant.name, `${method} acts on the shared estate, not on your tenant's pools, desktops and sessions`);
  const inp = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  if (method === 'pool-create') {
    const nets = owners(db, 'network');
    const dss = owners(db, 'datastore');
    for (const n of strs(inp.networkId)) if (nets.get(n) !== tenantId) return scopedError(tenant.name, `network ${n} is not one of your tenant's networks`);
    for (const d of strs(inp.datastoreIds))
      if (dss.get(d) !== tenantId) return scopedError(tenant.name, `datastore ${d} is not one of your tenant's datastores`);
    return null;
  }
  // Its own tenant only (found by a black-box run: tenant-get showed another tenant's limits, pools and usage).
  if (method === 'tenant-get' && inp.id !== tenantId) return scopedError(tenant.name, `tenant ${String(inp.id)} is not your tenant`);
  const refs = refsOf(method, inp);
  const pools = owners(db, 'pool');
  const poolOk = (p: string | undefined) => p !== undefined && pools.get(p) === tenantId;
  for (const p of refs.pools) if (!poolOk(p)) return scopedError(tenant.name, `${p} is not one of your tenant's pools`);
  for (const d of refs.desktops) {
    const p = poolOfObject(db, 'desktop', d);
    if (!poolOk(p)) return scopedError(tenant.name, `${d} is not one of your tenant's desktops`);
  }
  for (const s of refs.sessions) {
    const p = poolOfObject(db, 'session', s);
    if (!poolOk(p)) return scopedError(tenant.name, `${s} is not one of your tenant's sessions`);
  }
  for (const s of refs.snapshots) {
    const p = poolOfObject(db, 'snapshot', s);
    if (!poolOk(p)) return scopedError(tenant.name, `${s} is not a snapshot of your tenant's desktops`);
  }
  return null;
}

/** Every method a scoped account may call (its role's permissions narrow it further). */
export function scopedMethods(): string[] {
  return [...READS, ...WRITES].sort();
}

/** A list result cut to the caller's tenant. */
export function narrow(db: Db, tenantId: string, method: MethodName, result: unknown): unknown {
  const pools = new Set(tenantPools(db, tenantId).map((r) => r.id));
  switch (method) {
    case 'pool-list':
      return (result as { id: string }[]).filter((p) => pools.has(p.id));
    case 'session-list':
      return (result as { poolId: string }[]).filter((s) => pools.has(s.poolId));
    case 'tenant-list':
      return (result as { id: string }[]).filter((t) => t.id === tenantId);
    // Who is entitled to another tenant's pools is that tenant's business (both listed them: black-box round 6).
    case 'entitlement-list':
      return (result as { poolId: string }[]).filter((e) => pools.has(e.poolId));
    case 'group-list':
      return (result as { poolIds: string[] }[]).map((g) => ({ ...g, poolIds: g.poolIds.filter((p) => pools.has(p)) }));
    case 'desktop-list': {
      // Its rows name their pool (as Horizon's Machines view does), and pool names are unique.
      const names = new Set(tenantPools(db, tenantId).map((r) => r.name));
      const r = result as { total: number; rows: { pool: string }[] };
      // The handler already lists the tenant's desktops only (filtered in the query, so total and paging are right); this is a second fence.
      const rows = r.rows.filter((d) => names.has(d.pool));
      return rows.length === r.rows.length ? r : { total: rows.length, rows };
    }
    default:
      return result;
  }
}
