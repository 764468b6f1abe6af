import type { EngineState } from '../state.ts';
import { P } from '../state.ts';

/**
 * Tenant memory limits (issue 19), modelled as a vSphere resource pool's memory limit, one pool per
 * tenant (the CPU sibling is load/tenant-cpu.ts). Two effects, as vSphere gives them:
 *
 * - Admission control. A VM powers on in a resource pool only if the pool can reserve the VM's
 *   memory reservation plus its memory overhead ("vSphere Resource Management", Admission Control:
 *   "when you power on a virtual machine … the system checks the amount of unreserved resources";
 *   a pool's reservations can never total more than its limit). Refused with vSphere's words:
 *   "Insufficient memory resources: tenant Fabrikam's limit of 160 GB …". Called by `canPowerOn`
 *   (provisioning and broker power-ons skip the VM) and by `vm-power-on` (the refusal is shown).
 * - Reclamation. When what the tenant's VMs consume (the desktop pass's memory held: base plus the
 *   sessions' memory, at most RAM + overhead) goes above the limit, the excess is taken back inside
 *   the tenant, as ESXi does for a pool over its limit: the balloon first, at most
 *   `ENGINE_PARAMS.balloonShare` of the tenant's consumption (the same bound the host's balloon has),
 *   then host swapping of the rest. The reclaimed memory leaves the hosts (their consumption falls by
 *   each VM's part), and the tenant's guests carry it through the guest-memory model the host's
 *   over-commitment already uses (load/guest-memory.ts: a VM's balloon forces guest paging, the
 *   swapped share costs page faults and swap-in reads): the limited tenant pages, the others do not.
 *   Without a limit a memory-hungry tenant fills its hosts instead, and the host's own balloon and
 *   swap reach every tenant's VMs there (the noisy neighbour).
 *
 * The per-tenant, per-host consumption is summed by the desktop pass (load/desktop-load.ts), kept by
 * deltas like the hosts' memory. Configured by the app from the lab (app/tenants.ts applyTenancy);
 * not durable state: limits and reservations are read again whenever an engine is built.
 */
export interface TenantMemoryConfig {
  /** Per engine pool index: its tenant (index into tenants), -1 none. */
  poolTenant: Int32Array;
  tenants: { name: string; limitMb: number }[];
  /** Memory reservation (MB) of the VMs that have one (engine desktop index → MB); none = 0. */
  reservationMb: Map<number, number>;
}

export class TenantMemory {
  private cfg: TenantMemoryConfig | null = null;
  /** Per tenant × host (index t × H + h): memory held by the tenant's powered-on VMs there (MB), written by the desktop pass. */
  hostMb = new Float64Array(0);
  /** Per tenant, this pass: consumed (MB), and what its limit reclaims by balloon and by swap (MB). */
  tConsumedMb = new Float64Array(0);
  tBalloonMb = new Float64Array(0);
  tSwapMb = new Float64Array(0);
  /** Per tenant: the share of its VMs' memory swapped because of its limit (0–1). */
  tSwapShare = new Float64Array(0);
  /** Whether any tenant balloons or swaps now. */
  reclaiming = false;
  private hosts = 0;

  configure(cfg: TenantMemoryConfig | null, hosts: number): void {
    this.cfg = cfg && cfg.tenants.length > 0 ? cfg : null;
    const T = this.cfg?.tenants.length ?? 0;
    // The same tenants again (a limit or an owner changed): the last pass's figures stay until the next one.
    if (this.tConsumedMb.length === T && this.hosts === hosts) return;
    this.hosts = hosts;
    this.hostMb = new Float64Array(T * hosts);
    this.tConsumedMb = new Float64Array(T);
    this.tBalloonMb = new Float64Array(T);
    this.tSwapMb = new Float64Array(T);
    this.tSwapShare = new Float64Array(T);
    this.reclaiming = false;
  }

  get active(): boolean {
    return this.cfg !== null;
  }

  /** Per engine pool index: its tenant (the desktop pass's key), or null without tenants. */
  get poolTenant(): Int32Array | null {
    return this.cfg?.poolTenant ?? null;
  }

  tenantOf(st: EngineState, d: number): number {
    const cfg = this.cfg;
    return cfg ? (cfg.poolTenant[st.dPool[d] as number] ?? -1) : -1;
  }

  /**
   * After the desktop pass: each tenant's consumption against its limit, and what reclaiming the
   * excess takes off each host's consumption (hMem, in place). Balloon first, then swap.
   */
  reclaim(hMem: Float64Array, balloonShare: number): void {
    const cfg = this.cfg;
    if (!cfg) return;
    const H = this.hosts;
    this.reclaiming = false;
    for (let t = 0; t < cfg.tenants.length; t++) {
      let consumed = 0;
      for (let h = 0; h < H; h++) consumed += this.hostMb[t * H + h] as number;
      this.tConsumedMb[t] = consumed;
      const excess = Math.max(0, consumed - (cfg.tenants[t] as { limitMb: number }).limitMb);
      if (!(excess > 0)) {
        this.tBalloonMb[t] = 0;
        this.tSwapMb[t] = 0;
        this.tSwapShare[t] = 0;
        continue;
      }
      const balloon = Math.min(excess, consumed * balloonShare);
      this.tBalloonMb[t] = balloon;
      this.tSwapMb[t] = excess - balloon;
      this.tSwapShare[t] = (excess - balloon) / consumed;
      this.reclaiming = true;
      // The reclaimed memory leaves each host in proportion to what the tenant holds there.
      const freed = excess / consumed;
      for (let h = 0; h < H; h++) hMem[h] = (hMem[h] as number) - (this.hostMb[t * H + h] as number) * freed;
    }
  }

  /** Balloon (MB) the tenant's limit puts in desktop d, which holds consumedMb: its share of the tenant's balloon. */
  balloonOf(st: EngineState, d: number, consumedMb: number): number {
    const t = this.tenantOf(st, d);
    if (t < 0) return 0;
    const b = this.tBalloonMb[t] as number;
    return b > 0 ? (b * consumedMb) / (this.tConsumedMb[t] as number) : 0;
  }

  /** Share of desktop d's memory its tenant's limit swapped (0–1). */
  swapShareOf(st: EngineState, d: number): number {
    const t = this.tenantOf(st, d);
    return t < 0 ? 0 : (this.tSwapShare[t] as number);
  }

  /** What admission control reserves for desktop d in its tenant's pool: its memory reservation plus its overhead (MB). */
  reservedFor(st: EngineState, d: number): number {
    return (this.cfg?.reservationMb.get(d) ?? 0) + (st.dOverheadMb[d] as number);
  }

  /** Per tenant: the reservations (MB) of its powered-on VMs, but `except`. */
  reservedMb(st: EngineState, except = -1): Float64Array {
    const cfg = this.cfg;
    const out = new Float64Array(cfg?.tenants.length ?? 0);
    if (!cfg) return out;
    for (let d = 0; d < st.dPower.length; d++) {
      if (d === except || st.dPower[d] !== P.poweredOn) continue;
      const t = cfg.poolTenant[st.dPool[d] as number] ?? -1;
      if (t >= 0) out[t] = (out[t] as number) + this.reservedFor(st, d);
    }
    return out;
  }

  /** Why desktop d may not power on for its tenant's memory limit (vSphere's admission words), or null. */
  admit(st: EngineState, d: number, name: string): string | null {
    const cfg = this.cfg;
    if (!cfg) return null;
    const t = cfg.poolTenant[st.dPool[d] as number] ?? -1;
    const tenant = cfg.tenants[t];
    if (!tenant || !Number.isFinite(tenant.limitMb)) return null;
    const need = this.reservedFor(st, d);
    const held = this.reservedMb(st, d)[t] as number;
    if (held + need <= tenant.limitMb) return null;
    const gb = (mb: number) => `${Math.round((mb / 1024) * 10) / 10} GB`;
    return `Insufficient memory resources: tenant ${tenant.name}'s limit of ${gb(tenant.limitMb)} would be exceeded (${gb(held)} reserved by its running VMs, ${gb(need)} more for ${name}: its reservation plus overhead)`;
  }
}
