import type { EngineState } from '../state.ts';
import { P } from '../state.ts';

/**
 * Tenant CPU shares and limits (issue 19), modelled as vSphere resource pools, one per tenant, as
 * VMware Cloud Director's organisation VDCs and Horizon multi-tenant estates build them:
 *
 * - Shares: on a contended host a tenant's desktops together get CPU in proportion to the tenant's
 *   shares, whatever the number of desktops it runs; within the tenant, by each VM's own shares. The
 *   hierarchy is flattened into the per-VM shares the contention model (load/cpu-entitlement.ts)
 *   already divides a host by: effective VM share = VM share / Σ VM shares of its tenant (powered on)
 *   × tenant shares, scaled so the tenants' VMs hold as many shares in all as before (VMs of no
 *   tenant keep theirs). ("vSphere Resource Management", "Resource Pool Shares": a pool's shares
 *   are split among its children; a pool at Normal has 4,000 CPU shares.)
 * - Limit: the tenant's desktops together never use more than the limit, even on idle hosts. The
 *   limit is divided among its running desktops by their shares and capped at each one's demand
 *   (max-min fair "water filling", as DRS divvies a resource pool's limit): each gets min(demand,
 *   λ × VM share) with Σ = the limit. A desktop's share of the limit becomes its CPU limit for this
 *   pass (with its pool's own limit if lower), so what the limit withholds shows as its CPU ready
 *   (%MLMTD) and the host's demand falls: the other tenants on those hosts keep their share.
 * - Without a limit nothing caps a tenant: a CPU hog in one tenant raises the hosts' demand and every
 *   tenant's CPU ready on them (the noisy neighbour), through the same host contention model.
 *
 * Computed at the start of each load pass from the state of that instant (the session load and the
 * faults of this tick), not from the pass before: a restored engine gives the same figures.
 */
export interface TenantCpuConfig {
  /** Per engine pool index: its tenant (index into tenants), -1 none. */
  poolTenant: Int32Array;
  tenants: { shares: number; limitMhz: number }[];
  /** Per engine pool index: the pool's CPU shares per vCPU and its per-VM limit (MHz, Infinity: none). */
  poolSharesPerVcpu: Float64Array;
  poolLimitMhz: Float64Array;
}

/** What the pass needs to estimate each desktop's CPU demand before any limit (the same terms as the engine's desktop pass). */
export interface DemandInputs {
  t: number;
  uVix: Float64Array | Float32Array;
  mhzPerVix: Float64Array | Float32Array;
  vmBaseVix: number;
  dHog: Float64Array | Uint8Array | Float32Array | null;
  hCoreMhz: Float64Array | Float32Array;
}

export class TenantCpu {
  private cfg: TenantCpuConfig | null = null;
  /** Per tenant, last pass: CPU demand before the limit and what the limit allows (MHz). */
  tDemandMhz = new Float64Array(0);
  tAllowedMhz = new Float64Array(0);
  private demand = new Float64Array(0);

  configure(cfg: TenantCpuConfig | null): void {
    this.cfg = cfg && cfg.tenants.length > 0 ? cfg : null;
    const n = this.cfg?.tenants.length ?? 0;
    this.tDemandMhz = new Float64Array(n);
    this.tAllowedMhz = new Float64Array(n);
  }

  get active(): boolean {
    return this.cfg !== null;
  }

  /** Sets dShares and dLimMhz of every tenant desktop for this pass. */
  apply(st: EngineState, x: DemandInputs): void {
    const cfg = this.cfg;
    if (!cfg) return;
    const N = st.dPower.length;
    const T = cfg.tenants.length;
    if (this.demand.length !== N) this.demand = new Float64Array(N);
    const demand = this.demand;
    const rawSum = new Float64Array(T);
    const tDemand = this.tDemandMhz;
    tDemand.fill(0);
    const members: number[][] = Array.from({ length: T }, () => []);
    let rawAll = 0;
    for (let d = 0; d < N; d++) {
      const p = st.dPool[d] as number;
      const t = cfg.poolTenant[p] ?? -1;
      if (t < 0) continue;
      const raw = (cfg.poolSharesPerVcpu[p] as number) * (st.dVcpu[d] as number);
      st.dShares[d] = raw;
      st.dLimMhz[d] = cfg.poolLimitMhz[p] as number;
      if (st.dPower[d] !== P.poweredOn) continue;
      const h = st.dHost[d] as number;
      const busy = (st.dBusyUntil[d] as number) > x.t;
      let mhz = ((x.uVix[d] as number) + (busy ? 0 : x.vmBaseVix)) * (x.mhzPerVix[h] as number);
      if (busy) mhz += st.dBusyMhz[d] as number;
      mhz *= st.dCpuFactor[d] as number;
      if (x.dHog) mhz += (x.dHog[d] as number) * (x.hCoreMhz[h] as number);
      mhz = Math.min(mhz, st.dLimMhz[d] as number);
      demand[d] = mhz;
      tDemand[t] = (tDemand[t] as number) + mhz;
      rawSum[t] = (rawSum[t] as number) + raw;
      rawAll += raw;
      (members[t] as number[]).push(d);
    }
    // Shares: the tenants' VMs hold rawAll shares together, split by tenant shares, then by VM shares.
    let tenantSharesOn = 0;
    for (let t = 0; t < T; t++) if ((rawSum[t] as number) > 0) tenantSharesOn += (cfg.tenants[t] as { shares: number }).shares;
    for (let t = 0; t < T; t++) {
      const list = members[t] as number[];
      const sum = rawSum[t] as number;
      const tenant = cfg.tenants[t] as { shares: number; limitMhz: number };
      if (sum <= 0) {
        this.tAllowedMhz[t] = 0;
        continue;
      }
      const scale = (tenant.shares / tenantSharesOn) * (rawAll / sum);
      for (const d of list) st.dShares[d] = (st.dShares[d] as number) * scale;
      // Limit: water filling by VM shares when the tenant asks for more than it may use.
      const limit = tenant.limitMhz;
      if (!((tDemand[t] as number) > limit)) {
        this.tAllowedMhz[t] = tDemand[t] as number;
        continue;
      }
      const lambda = waterLevel(list, demand, st.dShares, limit);
      for (const d of list) st.dLimMhz[d] = Math.min(st.dLimMhz[d] as number, lambda * (st.dShares[d] as number));
      this.tAllowedMhz[t] = limit;
    }
  }
}

/** λ with Σ min(demand[d], λ × share[d]) = limit (the caller knows Σ demand > limit). */
export function waterLevel(list: number[], demand: Float64Array, share: Float32Array | Float64Array, limit: number): number {
  const order = list
    .filter((d) => (share[d] as number) > 0)
    .map((d) => ({ r: (demand[d] as number) / (share[d] as number), s: share[d] as number, x: demand[d] as number }))
    .sort((a, b) => a.r - b.r);
  let satisfied = 0; // demand of VMs below the level
  let rest = order.reduce((s, o) => s + o.s, 0); // shares of VMs at the level
  for (const o of order) {
    const lambda = (limit - satisfied) / rest;
    if (o.r >= lambda) return lambda;
    satisfied += o.x;
    rest -= o.s;
  }
  return Number.POSITIVE_INFINITY;
}
