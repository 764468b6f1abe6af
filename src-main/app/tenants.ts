import type { TenantView } from '../contract/tenant-methods.ts';
import type { Engine } from '../core/engine/engine.ts';
import type { FenceData, FenceNetwork } from '../core/engine/cluster/tenant-fence.ts';
import { CPU_SHARES_PER_VCPU, P, touchAllDesktops } from '../core/engine/state.ts';
import type { Db } from '../store/db.ts';
import { listPools } from '../store/pools.ts';
import { vgpuHardwareRows } from '../store/host-gpus.ts';
import {
  listTenants,
  networkHosts,
  owners,
  datastoreRows,
  desktopHardwareRows,
  networkRows,
  poolDatastoreRows,
  poolMachineRows,
  poolNetworkRows,
} from '../store/tenants.ts';

// Tenants as the app sees them (issue 19): the engine's isolation fence and CPU shares / limits are
// derived from the lab here (set again at every engine build and after admin changes to pools,
// desktops, tenants and port groups), and the tenant views the console shows.

interface NicJson {
  nics?: { networkId?: string }[];
}

function nicNetworks(json: string | null | undefined): string[] {
  if (!json) return [];
  try {
    return ((JSON.parse(json) as NicJson).nics ?? []).flatMap((n) => (n.networkId ? [n.networkId] : []));
  } catch {
    return [];
  }
}

/** Every network (id) each pool's template vNICs use: its own template's, else the pool's network. */
export function poolNetworkIds(db: Db): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of poolNetworkRows(db)) {
    const nets = nicNetworks(r.hardware);
    out.set(r.id, nets.length ? [...new Set(nets)] : [r.network_id]);
  }
  return out;
}

/** The fence's data for this engine, from the lab. */
export function fenceData(db: Db, e: Engine): FenceData {
  const tenants = listTenants(db);
  const tIdx = new Map(tenants.map((t, i) => [t.id, i]));
  const hIdx = new Map(e.st.ids.hosts.map((id, i) => [id, i]));
  const poolOwner = owners(db, 'pool');
  const netOwner = owners(db, 'network');
  const dsOwner = owners(db, 'datastore');
  const scoped = networkHosts(db);
  const nets = networkRows(db);
  const nIdx = new Map(nets.map((n, i) => [n.id, i]));
  const networks: FenceNetwork[] = nets.map((n) => {
    const hosts = scoped.get(n.id);
    return {
      name: n.name,
      portGroup: n.port_group,
      vlan: n.vlan,
      tenant: tIdx.get(netOwner.get(n.id) ?? '') ?? -1,
      hosts: hosts ? new Set(hosts.flatMap((h) => hIdx.get(h) ?? [])) : null,
    };
  });
  const poolNets = poolNetworkIds(db);
  const toIdx = (ids: string[]) => ids.flatMap((id) => nIdx.get(id) ?? []);
  const dIdx = new Map(e.st.ids.desktops.map((id, i) => [id, i]));
  const vmNets = new Map<number, number[]>();
  for (const r of desktopHardwareRows(db)) {
    const d = dIdx.get(r.desktop_id);
    const ids = nicNetworks(r.hardware);
    if (d !== undefined && ids.length) vmNets.set(d, toIdx(ids));
  }
  return {
    tenants: tenants.map((t) => t.name),
    poolTenant: Int32Array.from(e.st.ids.pools, (p) => tIdx.get(poolOwner.get(p) ?? '') ?? -1),
    poolNets: e.st.ids.pools.map((p) => toIdx(poolNets.get(p) ?? [])),
    vmNets,
    networks,
    dsTenant: Int32Array.from(e.st.ids.datastores, (ds) => tIdx.get(dsOwner.get(ds) ?? '') ?? -1),
  };
}

function reservationIn(json: string): number | null {
  try {
    const v = (JSON.parse(json) as { memoryReservationGb?: unknown }).memoryReservationGb;
    return typeof v === 'number' && v > 0 ? v : null;
  } catch {
    return null;
  }
}

/** Memory reservations (MB) of the engine's desktops that have one: their own hardware's, else their pool template's (at most their RAM). */
export function memoryReservations(db: Db, e: Engine): Map<number, number> {
  const rows = vgpuHardwareRows(db);
  const pool = new Map(rows.pools.map((r) => [r.id, reservationIn(r.hardware)]));
  const own = new Map(rows.desktops.map((r) => [r.id, reservationIn(r.hardware)]));
  const out = new Map<number, number>();
  e.st.ids.desktops.forEach((id, d) => {
    const gb = own.has(id) ? own.get(id) : pool.get(e.st.ids.pools[e.st.dPool[d] as number] ?? '');
    if (gb) out.set(d, Math.min(gb * 1024, e.st.dRamMb[d] as number));
  });
  return out;
}

/** Sets the engine's isolation fence, tenant CPU shares and limits and tenant memory limits from the lab. */
export function applyTenancy(db: Db, e: Engine): void {
  const fence = fenceData(db, e);
  e.cluster.fence.set(fence);
  const tenants = listTenants(db);
  const wasActive = e.tenantMem.active;
  e.tenantMem.configure(
    tenants.length === 0
      ? null
      : {
          poolTenant: fence.poolTenant,
          tenants: tenants.map((t) => ({ name: t.name, limitMb: t.memLimitGb === null ? Number.POSITIVE_INFINITY : t.memLimitGb * 1024 })),
          reservationMb: memoryReservations(db, e),
        },
    e.st.hCapMhz.length,
  );
  // Owners or limits may have changed: every desktop's contribution is counted again at the next pass.
  if (tenants.length > 0 || wasActive) touchAllDesktops(e.st);
  const pools = new Map(listPools(db).map((p) => [p.id, p]));
  e.tenantCpu.configure(
    tenants.length === 0
      ? null
      : {
          poolTenant: fence.poolTenant,
          tenants: tenants.map((t) => ({ shares: t.cpuShares, limitMhz: t.cpuLimitGhz === null ? Number.POSITIVE_INFINITY : t.cpuLimitGhz * 1000 })),
          poolSharesPerVcpu: Float64Array.from(e.st.ids.pools, (id) => CPU_SHARES_PER_VCPU[pools.get(id)?.cpuShares ?? 'normal']),
          poolLimitMhz: Float64Array.from(e.st.ids.pools, (id) => pools.get(id)?.cpuLimitMhz ?? Number.POSITIVE_INFINITY),
        },
  );
}

/**
 * Hosts (ids) a new machine of the pool may be placed on: every host that carries all the pool's
 * port groups (the same check the fence makes when VMs move). Null: no restriction.
 */
export function poolPlacementHostIds(db: Db, poolId: string | null, networkIds: string[]): Set<string> | null {
  const ids = poolId ? (poolNetworkIds(db).get(poolId) ?? networkIds) : networkIds;
  const scoped = networkHosts(db);
  let allowed: string[] | null = null;
  for (const n of ids) {
    const hosts = scoped.get(n);
    if (!hosts) continue;
    allowed = allowed === null ? [...hosts] : allowed.filter((h: string) => hosts.includes(h));
  }
  return allowed === null ? null : new Set(allowed);
}

/** Every tenant with what it owns and its usage now (engine figures when a simulation runs). */
export function tenantViews(db: Db, e: Engine | null): TenantView[] {
  const tenants = listTenants(db);
  if (tenants.length === 0) return [];
  const poolOwner = owners(db, 'pool');
  const netOwner = owners(db, 'network');
  const dsOwner = owners(db, 'datastore');
  const scoped = networkHosts(db);
  const pools = poolMachineRows(db);
  const poolDs = poolDatastoreRows(db);
  const nets = networkRows(db).sort((a, b) => (a.cluster_id < b.cluster_id ? -1 : a.cluster_id > b.cluster_id ? 1 : a.vlan - b.vlan));
  const dss = datastoreRows(db);
  const poolNets = poolNetworkIds(db);
  const tIdx = new Map(tenants.map((t, i) => [t.id, i]));
  const usage = tenants.map(() => ({
    desktops: 0,
    poweredOn: 0,
    sessions: 0,
    demand: 0,
    used: 0,
    allowed: 0,
    mem: 0,
    ready: 0,
    paging: 0,
    uxMs: 0,
    connected: 0,
    balloon: 0,
    swap: 0,
  }));
  if (e) {
    const st = e.st;
    e.experience(); // each connected session's response time now (what the limit's paging costs)
    const pt = Int32Array.from(st.ids.pools, (p) => tIdx.get(poolOwner.get(p) ?? '') ?? -1);
    for (let d = 0; d < st.dPool.length; d++) {
      const t = pt[st.dPool[d] as number] ?? -1;
      const u = usage[t];
      if (t < 0 || !u) continue;
      u.desktops++;
      u.sessions += st.dSessions[d] as number;
      if (st.dPower[d] !== P.poweredOn) continue;
      u.poweredOn++;
      const got = e.dDemandMhz[d] as number;
      const limited = e.dLimited[d] as number;
      u.allowed += got;
      u.demand += limited < 1 ? got / (1 - limited) : got;
      u.used += got * (1 - (e.dDeficit[d] as number));
      u.mem += (st.dRamMb[d] as number) / 1024;
      u.ready += e.vmReadyPct(d);
      // Paging: the guest (its balloon or sessions beyond its RAM) or the host (its memory swapped: by the host, or by the tenant's limit).
      const swapShare = e.guestMem.swapShareOf(st, d);
      if ((e.guestMem.dDeficit[d] as number) > 0 || swapShare > 0) u.paging++;
      u.balloon += e.guestMem.dBalloonMb[d] as number;
      if (swapShare > 0) u.swap += swapShare * e.guestMem.consumedMb(st, d, e.sessionLoad.dMemMb[d] as number);
    }
    for (let i = 0; i < st.nSess; i++) {
      const s = st.sessList[i] as number;
      const ux = e.uUxMs[s] as number;
      const u = usage[pt[st.dPool[st.uDesktop[s] as number] as number] ?? -1];
      if (!u || !(ux > 0)) continue;
      u.uxMs += ux;
      u.connected++;
    }
  }
  const tm = e?.tenantMem;
  const reserved = e && tm?.active ? tm.reservedMb(e.st) : null;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return tenants.map((t, i) => {
    const u = usage[i] as (typeof usage)[number];
    const myPools = pools.filter((p) => poolOwner.get(p.id) === t.id);
    const warnings: string[] = [];
    for (const p of myPools) {
      for (const n of poolNets.get(p.id) ?? [p.network_id]) {
        if (netOwner.get(n) !== t.id) warnings.push(`Pool ${p.name} uses network ${nets.find((x) => x.id === n)?.name ?? n}, which is not ${t.name}'s`);
      }
      for (const x of poolDs.filter((y) => y.pool_id === p.id)) {
        if (dsOwner.get(x.datastore_id) !== t.id)
          warnings.push(`Pool ${p.name} uses datastore ${dss.find((y) => y.id === x.datastore_id)?.name ?? x.datastore_id}, which is not ${t.name}'s`);
      }
    }
    const consumed = ((tm?.tConsumedMb[i] as number | undefined) ?? 0) / 1024;
    const ballooned = ((tm?.tBalloonMb[i] as number | undefined) ?? 0) / 1024;
    const swapped = ((tm?.tSwapMb[i] as number | undefined) ?? 0) / 1024;
    if (t.memLimitGb !== null && ballooned + swapped > 0)
      warnings.push(
        `Its desktops hold ${r1(consumed)} GB, over the ${t.memLimitGb} GB memory limit: ${r1(ballooned)} GB ballooned${swapped > 0 ? `, ${r1(swapped)} GB swapped` : ''}, ${u.paging} desktop(s) paging`,
      );
    else if (u.balloon + u.swap > 0)
      warnings.push(
        `Its hosts are short of memory: ${r1(u.balloon / 1024)} GB ballooned${u.swap > 0 ? `, ${r1(u.swap / 1024)} GB swapped` : ''} from its desktops`,
      );
    return {
      id: t.id,
      name: t.name,
      description: t.description,
      cpuShares: t.cpuShares,
      cpuLimitGhz: t.cpuLimitGhz,
      memLimitGb: t.memLimitGb,
      createdAt: t.createdAt,
      pools: myPools.map((p) => ({ id: p.id, name: p.name, machines: p.machines })),
      networks: nets
        .filter((n) => netOwner.get(n.id) === t.id)
        .map((n) => ({ id: n.id, name: n.name, clusterId: n.cluster_id, vlan: n.vlan, portGroup: n.port_group, hostIds: scoped.get(n.id) ?? null })),
      datastores: dss.filter((d) => dsOwner.get(d.id) === t.id).map((d) => ({ id: d.id, name: d.name, clusterId: d.cluster_id, capacityGb: d.capacity_gb })),
      usage: {
        desktops: u.desktops,
        poweredOn: u.poweredOn,
        sessions: u.sessions,
        cpuDemandGhz: r1(u.demand / 1000),
        cpuUsedGhz: r1(u.used / 1000),
        memoryGb: r1(u.mem),
        memoryConsumedGb: r1(consumed),
        memoryReservedGb: r1(((reserved?.[i] as number | undefined) ?? 0) / 1024),
        memoryBalloonedGb: r1(u.balloon / 1024),
        memorySwappedGb: r1(u.swap / 1024),
        memoryLimitReclaimGb: r1(ballooned + swapped),
        pagingDesktops: u.paging,
        responseMs: u.connected ? Math.round(u.uxMs / u.connected) : 0,
        cpuReadyPct: u.poweredOn ? r1(u.ready / u.poweredOn) : 0,
        throttledPct: u.demand > 0 ? r1(100 * (1 - u.allowed / u.demand)) : 0,
      },
      warnings,
    };
  });
}
