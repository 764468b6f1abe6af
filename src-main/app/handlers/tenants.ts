import { LabError } from '../../contract/errors.ts';
import { TENANT_DEFAULT_SHARES, type TenantObjectKind, type TenantView } from '../../contract/tenant-methods.ts';
import { getAccount, otherEnabledAdmins } from '../../store/accounts.ts';
import { nextIdNumber } from '../../store/ids.ts';
import {
  deleteTenant,
  getTenant,
  insertTenant,
  ownerOf,
  owners,
  releaseAll,
  setAccountTenant,
  setNetworkHosts,
  setOwner,
  tenantByName,
  updateTenant,
  type TenantRow,
  hostClusterId,
  networkRef,
  objectNameOf,
  poolDatastoreUse,
  poolDesktopHardware,
  poweredOnDesktopPlacement,
  tenantPools,
} from '../../store/tenants.ts';
import type { AppContext, Handlers } from '../context.ts';
import { applyTenancy, poolNetworkIds, tenantViews } from '../tenants.ts';
import { poolRefs } from '../../store/pools.ts';

/**
 * Tenants and isolation (issue 19). The rules:
 *
 * | request                                                                | answer                               |
 * |------------------------------------------------------------------------|--------------------------------------|
 * | a name another tenant has (any case)                                   | conflict, nothing changed            |
 * | delete a tenant that owns a pool                                       | conflict: move or release its pools  |
 * | give a pool to tenant T while one of its networks or datastores is not T's (its template, a VM's own vNICs, a VM's disk) | conflict: give those to T first |
 * | give a network / datastore to T (or make it shared) while a pool of another tenant uses it | conflict, naming the pool |
 * | port group on some hosts only, while a running VM with a vNIC on it sits on a host left out | conflict, naming the VM |
 * | scope the last estate-wide enabled Administrator to a tenant            | conflict (nobody could manage the estate) |
 *
 * Every change is one audit event; the engine's fence and tenant CPU model are set again in the
 * same transaction (applyTenancy), so the next placement already follows them.
 */
type TenantMethods =
  'tenant-list' | 'tenant-get' | 'tenant-create' | 'tenant-update' | 'tenant-delete' | 'tenant-assign' | 'network-hosts-set' | 'account-set-tenant';

/** The running engine, where a change has it open (an accounts change does not open it). */
function engineOf(ctx: AppContext) {
  return ctx.services.hasSimulation() ? ctx.services.simulation().engine : null;
}

/**
 * The engine for a read: opened if this process has not yet (a one-shot `vdi-console call`), so a tenant's usage is the
 * lab's, not zeros (found by a black-box run: `call tenant-get` said 0 desktops where serve said 8).
 */
function liveEngine(ctx: AppContext) {
  return ctx.services.simulation().engine;
}

function view(ctx: AppContext, id: string, e = engineOf(ctx)): TenantView {
  const v = tenantViews(ctx.db, e).find((t) => t.id === id);
  if (!v) throw new LabError('not-found', `No tenant with id "${id}"`, ['id']);
  return v;
}

function mustTenant(ctx: AppContext, id: string, path: (string | number)[]): TenantRow {
  const t = getTenant(ctx.db, id);
  if (!t) throw new LabError('not-found', `No tenant with id "${id}"`, path);
  return t;
}

/** The engine follows the lab's tenancy now (a handler changed it). */
function refresh(ctx: AppContext): void {
  const e = engineOf(ctx);
  if (e) applyTenancy(ctx.db, e);
  ctx.changed('pool');
}

function note(ctx: AppContext, id: string, name: string, message: string): void {
  ctx.audit({ objectKind: 'lab', objectId: id, objectName: name, message });
}

const tenantLabel = (ctx: AppContext, id: string | null) => (id ? `tenant ${getTenant(ctx.db, id)?.name ?? id}` : 'no tenant (shared)');

/** Networks and datastores pool p uses: its template's vNICs, its machines' own vNICs, its datastores and its machines' disks. */
function poolUses(ctx: AppContext, poolId: string): { networks: string[]; datastores: string[] } {
  const db = ctx.db;
  const nets = new Set(poolNetworkIds(db).get(poolId) ?? []);
  for (const hardware of poolDesktopHardware(db, poolId)) {
    try {
      for (const n of (JSON.parse(hardware) as { nics?: { networkId?: string }[] }).nics ?? []) if (n.networkId) nets.add(n.networkId);
    } catch {
      // a row the hardware module wrote is JSON; nothing to add otherwise
    }
  }
  const ds = new Set(poolDatastoreUse(db, poolId));
  return { networks: [...nets].sort(), datastores: [...ds].sort() };
}

function objectName(ctx: AppContext, kind: TenantObjectKind, id: string): string {
  const name = objectNameOf(ctx.db, kind, id);
  if (name === undefined) throw new LabError('not-found', `No ${kind} with id "${id}"`, ['objectId']);
  return name;
}

export const tenantHandlers: Pick<Handlers, TenantMethods> = {
  'tenant-list': (_input, ctx) => tenantViews(ctx.db, liveEngine(ctx)),
  'tenant-get': (input, ctx) => view(ctx, input.id, liveEngine(ctx)),

  'tenant-create': (input, ctx) => {
    if (tenantByName(ctx.db, input.name)) throw new LabError('conflict', `A tenant named ${input.name} exists already`, ['name']);
    const t: TenantRow = {
      id: `tenant-${nextIdNumber(ctx.db, 'tenant')}`,
      name: input.name,
      description: input.description ?? '',
      cpuShares: input.cpuShares ?? TENANT_DEFAULT_SHARES,
      cpuLimitGhz: input.cpuLimitGhz ?? null,
      memLimitGb: input.memLimitGb ?? null,
      createdAt: ctx.simTime(),
    };
    insertTenant(ctx.db, t);
    refresh(ctx);
    note(
      ctx,
      t.id,
      t.name,
      `Tenant ${t.name} created (CPU shares ${t.cpuShares}, CPU limit ${t.cpuLimitGhz ?? 'none'}${t.cpuLimitGhz ? ' GHz' : ''}, memory limit ${t.memLimitGb ?? 'none'}${t.memLimitGb ? ' GB' : ''})`,
    );
    return view(ctx, t.id);
  },

  'tenant-update': (input, ctx) => {
    const t = mustTenant(ctx, input.id, ['id']);
    if (input.name !== undefined) {
      const other = tenantByName(ctx.db, input.name);
      if (other && other.id !== t.id) throw new LabError('conflict', `A tenant named ${input.name} exists already`, ['name']);
    }
    const next: TenantRow = {
      ...t,
      name: input.name ?? t.name,
      description: input.description ?? t.description,
      cpuShares: input.cpuShares ?? t.cpuShares,
      cpuLimitGhz: input.cpuLimitGhz === undefined ? t.cpuLimitGhz : input.cpuLimitGhz,
      memLimitGb: input.memLimitGb === undefined ? t.memLimitGb : input.memLimitGb,
    };
    const changes: string[] = [];
    if (next.name !== t.name) changes.push(`renamed from ${t.name}`);
    if (next.description !== t.description) changes.push('description changed');
    if (next.cpuShares !== t.cpuShares) changes.push(`CPU shares ${t.cpuShares} → ${next.cpuShares}`);
    if (next.cpuLimitGhz !== t.cpuLimitGhz) changes.push(`CPU limit ${t.cpuLimitGhz ?? 'none'} → ${next.cpuLimitGhz ?? 'none'} GHz`);
    if (next.memLimitGb !== t.memLimitGb) changes.push(`memory limit ${t.memLimitGb ?? 'none'} → ${next.memLimitGb ?? 'none'} GB`);
    if (changes.length === 0) {
      ctx.unchanged = true;
      return view(ctx, t.id);
    }
    updateTenant(ctx.db, next);
    refresh(ctx);
    note(ctx, t.id, next.name, `Tenant ${next.name}: ${changes.join(', ')}`);
    return view(ctx, t.id);
  },

  'tenant-delete': (input, ctx) => {
    const t = mustTenant(ctx, input.id, ['id']);
    const pools = tenantPools(ctx.db, t.id);
    if (pools.length > 0) {
      throw new LabError(
        'conflict',
        `${t.name} owns ${pools.length} pool(s) (${pools.map((p) => p.name).join(', ')}): give them to another tenant or release them first`,
        ['id'],
      );
    }
    releaseAll(ctx.db, t.id);
    deleteTenant(ctx.db, t.id);
    refresh(ctx);
    note(ctx, t.id, t.name, `Tenant ${t.name} deleted: its networks and datastores are shared again`);
    return { deleted: true as const };
  },

  'tenant-assign': (input, ctx) => {
    const db = ctx.db;
    const target = input.tenantId;
    if (target) mustTenant(ctx, target, ['tenantId']);
    const name = objectName(ctx, input.kind, input.objectId);
    const before = ownerOf(db, input.kind, input.objectId);
    if (before === target) {
      ctx.unchanged = true;
      return target ? view(ctx, target) : null;
    }
    if (input.kind === 'pool') {
      const uses = poolUses(ctx, input.objectId);
      const netOwner = owners(db, 'network');
      const dsOwner = owners(db, 'datastore');
      for (const n of uses.networks) {
        const o = netOwner.get(n) ?? null;
        if (o !== target) {
          const nn = objectNameOf(db, 'network', n) ?? n;
          throw new LabError(
            'conflict',
            `${name} has vNICs on network ${nn}, which belongs to ${tenantLabel(ctx, o)}: a pool's desktops only attach to their tenant's networks (give ${nn} to ${tenantLabel(ctx, target)} first)`,
            ['objectId'],
          );
        }
      }
      for (const ds of uses.datastores) {
        const o = dsOwner.get(ds) ?? null;
        if (o !== target) {
          const dn = objectNameOf(db, 'datastore', ds) ?? ds;
          throw new LabError(
            'conflict',
            `${name} has disks on datastore ${dn}, which belongs to ${tenantLabel(ctx, o)}: give ${dn} to ${tenantLabel(ctx, target)} first`,
            ['objectId'],
          );
        }
      }
    } else {
      const poolOwner = owners(db, 'pool');
      const pools = poolRefs(db);
      for (const p of pools) {
        const o = poolOwner.get(p.id) ?? null;
        if (o === null || o === target) continue;
        const uses = poolUses(ctx, p.id);
        if ((input.kind === 'network' ? uses.networks : uses.datastores).includes(input.objectId)) {
          throw new LabError(
            'conflict',
            `Pool ${p.name} of ${tenantLabel(ctx, o)} uses ${name}: it cannot go to ${tenantLabel(ctx, target)} while that tenant's desktops use it`,
            ['objectId'],
          );
        }
      }
    }
    setOwner(db, input.kind, input.objectId, target);
    refresh(ctx);
    note(
      ctx,
      target ?? before ?? input.objectId,
      name,
      `${input.kind[0]?.toUpperCase()}${input.kind.slice(1)} ${name}: ${tenantLabel(ctx, before)} → ${tenantLabel(ctx, target)}`,
    );
    return target ? view(ctx, target) : null;
  },

  'network-hosts-set': (input, ctx) => {
    const db = ctx.db;
    const net = networkRef(db, input.networkId);
    if (!net) throw new LabError('not-found', `No network with id "${input.networkId}"`, ['networkId']);
    const hosts = input.hostIds;
    if (hosts) {
      hosts.forEach((h, i) => {
        const cluster = hostClusterId(db, h);
        if (cluster === undefined) throw new LabError('not-found', `No host with id "${h}"`, ['hostIds', i]);
        if (cluster !== net.cluster_id) throw new LabError('invalid-input', `${h} is not in ${net.name}'s cluster`, ['hostIds', i]);
        if (hosts.indexOf(h) !== i) throw new LabError('invalid-input', `${h} is listed twice`, ['hostIds', i]);
      });
      // A running VM with a vNIC on this port group on a host left out would lose its network: refuse.
      const usingPools = [...poolNetworkIds(db)].filter(([, nets]) => nets.includes(input.networkId)).map(([p]) => p);
      const stranded = poweredOnDesktopPlacement(db).find((d) => {
        if (hosts.includes(d.host_id)) return false;
        if (d.hardware) return d.hardware.includes(`"networkId":"${input.networkId}"`);
        return usingPools.includes(d.pool_id);
      });
      if (stranded) {
        throw new LabError(
          'conflict',
          `${stranded.name} runs on ${stranded.host} with a vNIC on ${net.port_group}: migrate it to a host that keeps the port group first`,
          ['hostIds'],
        );
      }
    }
    setNetworkHosts(db, input.networkId, hosts ? [...hosts].sort() : null);
    refresh(ctx);
    ctx.changed('network');
    note(
      ctx,
      input.networkId,
      net.name,
      hosts
        ? `Port group ${net.port_group} now only on ${hosts.length} host(s): ${[...hosts].sort().join(', ')}`
        : `Port group ${net.port_group} on every host of its cluster`,
    );
    return { networkId: input.networkId, hostIds: hosts ? [...hosts].sort() : null };
  },

  'account-set-tenant': (input, ctx) => {
    const a = getAccount(ctx.db, input.id);
    if (!a) throw new LabError('not-found', `No account with id "${input.id}"`, ['id']);
    if (input.tenantId) mustTenant(ctx, input.tenantId, ['tenantId']);
    const before = a.tenantId ?? null;
    if (before === input.tenantId) {
      ctx.unchanged = true;
      return { id: a.id, tenantId: before };
    }
    if (input.tenantId && a.role === 'administrators' && !a.disabled && !before) {
      const others = otherEnabledAdmins(ctx.db, a.id, { estateOnly: true });
      if (others === 0)
        throw new LabError('conflict', `${a.name} is the last estate-wide Administrator: scoping it to a tenant would leave nobody to manage the estate`, [
          'id',
        ]);
    }
    setAccountTenant(ctx.db, a.id, input.tenantId);
    note(ctx, a.id, a.name, `Account ${a.name} scoped to ${tenantLabel(ctx, input.tenantId)} (was ${tenantLabel(ctx, before)})`);
    return { id: a.id, tenantId: input.tenantId };
  },
};

/** A VM or template of pool `poolId` may only have vNICs on its tenant's networks (a pool of no tenant: on shared networks). */
export function assertTenantNics(db: AppContext['db'], poolId: string, nics: { networkId: string }[]): void {
  const t = ownerOf(db, 'pool', poolId);
  const netOwner = owners(db, 'network');
  nics.forEach((n, i) => {
    const o = netOwner.get(n.networkId) ?? null;
    if (o === t) return;
    const name = objectNameOf(db, 'network', n.networkId) ?? n.networkId;
    const label = (x: string | null) => (x ? `tenant ${getTenant(db, x)?.name ?? x}` : 'no tenant (shared)');
    throw new LabError(
      'conflict',
      `Network ${name} belongs to ${label(o)}; this pool's desktops belong to ${label(t)}: a tenant's desktops only attach to its networks`,
      ['nics', i, 'networkId'],
    );
  });
}
