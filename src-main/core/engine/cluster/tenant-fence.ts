import type { EngineState } from '../state.ts';

/** What the fence reads of the engine (not the engine core itself: the cluster context, which holds the fence, is part of the core). */
export interface FenceView {
  st: Pick<EngineState, 'dPool' | 'dDs'>;
  cluster: { dName(d: number): string; readonly hName: readonly string[] };
}

/**
 * Tenant isolation at placement (issue 19): may VM d run on host h as far as its networks and
 * datastore go? One small check, called by ruleCheck (placement.ts) and so by every path that puts
 * a VM on a host: vm-migrate and its estimate, DRS, maintenance evacuation and HA restarts. Initial
 * placement of new machines filters hosts with the same data (app/tenant-fence.ts).
 *
 * | situation                                                             | answer                                    |
 * |-----------------------------------------------------------------------|-------------------------------------------|
 * | no tenant and no host-scoped port group in the lab                    | null at once (the fence is inactive)      |
 * | a vNIC's network belongs to another tenant (or to one, VM has none)    | refused: network of tenant X               |
 * | a tenant VM's vNIC is on a shared network                             | refused: the tenant's desktops only attach to its networks |
 * | the VM's disk is on a datastore of another tenant (or shared, VM is a tenant's) | refused                          |
 * | a vNIC's port group is not configured on host h                       | refused: no compatible host/network        |
 *
 * The data is derived from the lab (SQLite) by the app and set again whenever ownership, port
 * groups or a VM's hardware change; nothing here is durable engine state.
 */
export interface FenceNetwork {
  name: string;
  portGroup: string;
  vlan: number;
  /** Owning tenant (index into tenants), -1 shared. */
  tenant: number;
  /** Hosts (engine indices) carrying the port group; null = every host of its cluster. */
  hosts: Set<number> | null;
}

export interface FenceData {
  tenants: string[];
  /** Per engine pool index: its tenant, -1 none. */
  poolTenant: Int32Array;
  /** Per engine pool index: the networks (indices into `networks`) its template's vNICs use. */
  poolNets: number[][];
  /** VMs with hardware of their own: their vNICs' networks. */
  vmNets: Map<number, number[]>;
  networks: FenceNetwork[];
  /** Per engine datastore index: its tenant, -1 shared. */
  dsTenant: Int32Array;
}

export class TenantFence {
  private data: FenceData | null = null;

  set(data: FenceData | null): void {
    const active = data && (data.tenants.length > 0 || data.networks.some((n) => n.hosts !== null));
    this.data = active ? data : null;
  }

  get active(): boolean {
    return this.data !== null;
  }

  /** The tenant VM d belongs to (its name), or null. */
  tenantOf(e: FenceView, d: number): string | null {
    const f = this.data;
    if (!f) return null;
    const t = f.poolTenant[e.st.dPool[d] as number] ?? -1;
    return t >= 0 ? (f.tenants[t] ?? null) : null;
  }

  /** Why VM d may not run on host h (a sentence), or null. */
  check(e: FenceView, d: number, h: number): string | null {
    const f = this.data;
    if (!f) return null;
    const st = e.st;
    const p = st.dPool[d] as number;
    const t = f.poolTenant[p] ?? -1;
    const who = t >= 0 ? `tenant ${f.tenants[t]}` : 'no tenant';
    const owner = (x: number) => (x >= 0 ? `tenant ${f.tenants[x]}` : 'no tenant (shared)');
    for (const n of f.vmNets.get(d) ?? f.poolNets[p] ?? []) {
      const net = f.networks[n];
      if (!net) continue;
      if (net.tenant !== t) {
        return `no compatible network for ${who}: ${e.cluster.dName(d)} has a vNIC on ${net.portGroup} (VLAN ${net.vlan}), which belongs to ${owner(net.tenant)}`;
      }
      if (net.hosts && !net.hosts.has(h)) {
        return `no compatible host/network for ${who}: port group ${net.portGroup} (VLAN ${net.vlan}) is not on ${e.cluster.hName[h]}`;
      }
    }
    const dsT = f.dsTenant[st.dDs[d] as number] ?? -1;
    if (dsT !== t) return `no compatible datastore for ${who}: ${e.cluster.dName(d)}'s disk is on a datastore of ${owner(dsT)}`;
    return null;
  }
}
