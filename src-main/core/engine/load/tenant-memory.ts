import type { DurableArray, DurablePart } from '../durable/state.ts';
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
 * deltas like the hosts' memory. Configured by the app from the lab (app/tenants.ts applyTenancy):
 * limits and reservations are read again whenever an engine is built. Durable: only the shares the
 * desktop pass reads (`passSwapShare`, see `beginPass`).
 */
/**
 * The grain of the reservation sums (MB): 2^-20 MB, one byte. A reservation plus overhead rounded to it
 * sums exactly in a double below 2^32 MB, so sums kept by deltas equal a recount bit for bit.
 */
export const RES_QUANTUM_MB = 2 ** -20;

export interface TenantMemoryConfig {
  /** Per engine pool index: its tenant (index into tenants), -1 none. */
  poolTenant: Int32Array;
  tenants: { name: string; limitMb: number }[];
  /** Memory reservation (MB) of the VMs that have one (engine desktop index → MB); none = 0. */
  reservationMb: Map<number, number>;
}

/** What a reopened or rebuilt engine needs to read the same shares as the running one (see `beginPass`). */
interface TenantMemorySaved {
  computedAt: number;
  passSwapShare: number[];
  passReclaiming: boolean;
}

export class TenantMemory implements DurablePart<TenantMemorySaved | undefined> {
  readonly key = 'tenantMem';
  private cfg: TenantMemoryConfig | null = null;
  /**
   * The swapped shares the desktop pass reads (per tenant), and whether a tenant swapped: those the last pass at an earlier
   * simulated time computed. The desktop pass runs before `reclaim` works them out again, so it reads the pass before's;
   * frozen for every pass at one instant (a rebuild's or an open's pass again at t reads what the running engine's pass at
   * t read) and saved, so a reopened engine goes on the same way.
   */
  passSwapShare = new Float64Array(0);
  passReclaiming = false;
  private computedAt = Number.NaN;
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
    this.resAll = true; // owners or reservations may have changed
    const T = this.cfg?.tenants.length ?? 0;
    if (this.passSwapShare.length !== T) {
      // Other tenants (one added or deleted): nothing of the pass before applies to them.
      this.passSwapShare = new Float64Array(T);
      this.passReclaiming = false;
      this.computedAt = Number.NaN;
    }
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

  arrays(): DurableArray[] {
    return [];
  }

  save(): TenantMemorySaved | undefined {
    if (!this.cfg) return undefined;
    return { computedAt: this.computedAt, passSwapShare: [...this.passSwapShare], passReclaiming: this.passReclaiming };
  }

  load(s: TenantMemorySaved | undefined): void {
    if (!s || !Array.isArray(s.passSwapShare) || !s.passSwapShare.every((v) => typeof v === 'number' && v >= 0 && v <= 1)) return;
    this.passSwapShare = Float64Array.from(s.passSwapShare);
    this.passReclaiming = s.passReclaiming === true;
    this.computedAt = typeof s.computedAt === 'number' ? s.computedAt : Number.NaN;
  }

  /** Before the desktop pass at t: the shares it reads are those of the last pass before t (a pass again at t reads the same). */
  beginPass(t: number): void {
    if (t === this.computedAt) return;
    if (this.passSwapShare.length === this.tSwapShare.length) this.passSwapShare.set(this.tSwapShare);
    else this.passSwapShare = Float64Array.from(this.tSwapShare);
    this.passReclaiming = this.reclaiming;
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
  reclaim(hMem: Float64Array, balloonShare: number, t: number): void {
    const cfg = this.cfg;
    if (!cfg) return;
    this.computedAt = t;
    const H = this.hosts;
    this.reclaiming = false;
    this.resAll = true; // the reservation sums are counted afresh once per pass (see syncReserved)
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

  /** `swapShareOf` as the desktop pass reads it (`beginPass`). */
  passSwapShareOf(st: EngineState, d: number): number {
    const t = this.tenantOf(st, d);
    return t < 0 ? 0 : (this.passSwapShare[t] ?? 0);
  }

  /** What admission control reserves for desktop d in its tenant's pool: its memory reservation plus its overhead (MB). */
  reservedFor(st: EngineState, d: number): number {
    return (this.cfg?.reservationMb.get(d) ?? 0) + (st.dOverheadMb[d] as number);
  }

  /**
   * Per tenant: the reservations (MB) of its powered-on VMs, but `except`. Kept by deltas (`syncReserved`),
   * so admission control costs the desktops changed since the last call, not a walk over the lab.
   */
  reservedMb(st: EngineState, except = -1): Float64Array {
    const out = new Float64Array(this.cfg?.tenants.length ?? 0);
    if (!this.cfg) return out;
    this.syncReserved(st);
    out.set(this.tResMb);
    const t = except >= 0 ? (this.cTen[except] ?? -1) : -1;
    if (t >= 0) out[t] = (out[t] as number) - (this.cRes[except] as number);
    return out;
  }

  // The reservation sums (admission control). Per tenant: the reservations of its powered-on VMs (MB),
  // each VM's figure rounded to a multiple of RES_QUANTUM_MB so the sum is exact in a double in any
  // order (a delta sum holds the same bits as a recount). Per desktop: what is counted and in which tenant (-1 none).
  private tResMb = new Float64Array(0);
  private cRes = new Float64Array(0);
  private cTen = new Int32Array(0);
  /** Desktops whose power, pool or size changed since the sums were brought up to date (touchDesktop), or all of them. */
  private resFlag = new Uint8Array(0);
  private resList = new Int32Array(0);
  private resN = 0;
  private resAll = true;
  private readonly resWatch = {
    changed: (d: number): void => {
      if (this.resAll || d >= this.resFlag.length || this.resFlag[d]) return;
      this.resFlag[d] = 1;
      this.resList[this.resN++] = d;
    },
    all: (): void => {
      this.resAll = true;
    },
  };

  /**
   * Brings the reservation sums up to date. Every writer of a desktop's power state calls `touchDesktop`
   * (state.ts), which marks it here; a change to many desktops (`touchAllDesktops`), a new configuration,
   * a new engine state, grown desktops and every load pass (`reclaim`: a resize or restore reaches the
   * pass without the hook) recount them all once. Cost per call: the marked desktops.
   */
  private syncReserved(st: EngineState): void {
    const cfg = this.cfg;
    if (!cfg) return;
    const N = st.dPower.length;
    if (st.reservationWatch !== this.resWatch) {
      st.reservationWatch = this.resWatch;
      this.resAll = true;
    }
    if (this.cRes.length !== N || this.tResMb.length !== cfg.tenants.length) {
      this.cRes = new Float64Array(N);
      this.cTen = new Int32Array(N);
      this.resFlag = new Uint8Array(N);
      this.resList = new Int32Array(N);
      this.tResMb = new Float64Array(cfg.tenants.length);
      this.resAll = true;
    }
    if (this.resAll) {
      this.tResMb.fill(0);
      this.cTen.fill(-1);
      this.cRes.fill(0);
      for (let d = 0; d < N; d++) this.countReserved(st, d);
      for (let i = 0; i < this.resN; i++) this.resFlag[this.resList[i] as number] = 0;
      this.resN = 0;
      this.resAll = false;
      return;
    }
    for (let i = 0; i < this.resN; i++) {
      const d = this.resList[i] as number;
      this.resFlag[d] = 0;
      this.countReserved(st, d);
    }
    this.resN = 0;
  }

  /** Desktop d's reservation counted again: the old figure off its old tenant's sum, the new one on. */
  private countReserved(st: EngineState, d: number): void {
    const cfg = this.cfg as TenantMemoryConfig;
    const t = st.dPower[d] === P.poweredOn ? (cfg.poolTenant[st.dPool[d] as number] ?? -1) : -1;
    const r = t >= 0 ? Math.round(this.reservedFor(st, d) / RES_QUANTUM_MB) * RES_QUANTUM_MB : 0;
    const t0 = this.cTen[d] as number;
    if (t0 >= 0) this.tResMb[t0] = (this.tResMb[t0] as number) - (this.cRes[d] as number);
    if (t >= 0) this.tResMb[t] = (this.tResMb[t] as number) + r;
    this.cTen[d] = t;
    this.cRes[d] = r;
  }

  /** Why desktop d may not power on for its tenant's memory limit (vSphere's admission words), or null. */
  admit(st: EngineState, d: number, name: string): string | null {
    const cfg = this.cfg;
    if (!cfg) return null;
    const t = cfg.poolTenant[st.dPool[d] as number] ?? -1;
    const tenant = cfg.tenants[t];
    if (!tenant || !Number.isFinite(tenant.limitMb)) return null;
    const need = this.reservedFor(st, d);
    this.syncReserved(st);
    const held = (this.tResMb[t] as number) - (this.cTen[d] === t ? (this.cRes[d] as number) : 0);
    if (held + need <= tenant.limitMb) return null;
    const gb = (mb: number) => `${Math.round((mb / 1024) * 10) / 10} GB`;
    return `Insufficient memory resources: tenant ${tenant.name}'s limit of ${gb(tenant.limitMb)} would be exceeded (${gb(held)} reserved by its running VMs, ${gb(need)} more for ${name}: its reservation plus overhead)`;
  }
}
