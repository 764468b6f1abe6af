import { GUEST_MEMORY_PARAMS, pageDeficit, pageInIops } from '../../models/guest-memory.ts';
import { grown, P, type EngineState } from '../state.ts';
import type { DurableArray, DurablePart } from '../durable/state.ts';
import type { TenantMemory } from './tenant-memory.ts';

/** Working sets when nothing says otherwise: Windows 10 and a Login VSI knowledge worker's apps (core/models/vdi-workloads.ts). */
export const DEFAULT_OS_WORKING_SET_MB = 1200;
export const DEFAULT_APPS_WORKING_SET_MB = 800;

/** What a reopened or rebuilt engine needs to charge what the running one did (see `beginPass`). */
export interface GuestMemorySaved {
  settledAt: number;
}

/**
 * Memory inside each VM (core/models/guest-memory.ts): what its sessions' apps need on top of the
 * OS, what the host's balloon took from it, and the paging that follows. The engine sums its
 * sessions' memory per desktop (its dUserMemMb); `consumedMb` caps what a VM holds on its host at its
 * configured RAM; after the host memory states are known, `settle` spreads each host's balloon over
 * its VMs and computes each guest's deficit. The paging it causes (read I/O, guest CPU) is charged
 * on the next tick: one second late, which keeps the tick a single pass.
 *
 * "The next tick" is the next instant, not the next pass: a pass run again at the same instant (an
 * admin change's refresh, a rebuild, a lab opened by another process) charges what the running pass
 * charged, so the desktop pass reads the deficits and swapped shares settled at the last instant
 * before this one (`beginPass`: `passDeficit`, `passSwapShare`), saved with the engine. The figures
 * of this instant (`dDeficit`, `hSwapShare`) are what the response times read.
 */
export class GuestMemory implements DurablePart<GuestMemorySaved> {
  readonly key = 'guestMemory';
  /** The guest OS's own working set (MB) and each session's apps (MB), per desktop. */
  // Per desktop (replaced, longer, when machines are added: grow).
  dOsWsMb: Float32Array;
  dAppsWsMb: Float32Array;
  dBalloonMb: Float32Array;
  dDeficit: Float32Array;
  /** Share of each host's VM memory the host swapped (0–1). */
  readonly hSwapShare: Float32Array;
  /** What the desktop pass charges: the deficits and swapped shares of the last instant before this pass's (`beginPass`). */
  passDeficit: Float32Array;
  readonly passSwapShare: Float32Array;
  /** Desktops whose `passDeficit` is not 0. */
  readonly passWithDeficit = new Set<number>();
  /** Simulated time of the last settle (NaN before the first). */
  private settledAt = Number.NaN;
  /**
   * Tenant memory limits (issue 19, load/tenant-memory.ts): the balloon and swap a tenant's limit puts
   * in its VMs, on top of their host's. Set by the engine; its figures are this pass's.
   */
  tenants: TenantMemory | null = null;
  /** The most a VM holds on its host: its RAM and the hypervisor's overhead for it (MB). */
  private dMaxHeldMb: Float32Array;

  constructor(st: EngineState) {
    const N = st.dPower.length;
    this.dOsWsMb = new Float32Array(N).fill(DEFAULT_OS_WORKING_SET_MB);
    this.dAppsWsMb = new Float32Array(N).fill(DEFAULT_APPS_WORKING_SET_MB);
    this.dBalloonMb = new Float32Array(N);
    this.dDeficit = new Float32Array(N);
    this.hSwapShare = new Float32Array(st.hRamMb.length);
    this.passDeficit = new Float32Array(N);
    this.passSwapShare = new Float32Array(st.hRamMb.length);
    this.dMaxHeldMb = Float32Array.from(st.dRamMb, (ram, d) => ram + (st.dOverheadMb[d] as number));
  }

  /** Machines added at the end of the index space (from `from` on): the defaults a new engine gives them. */
  grow(st: EngineState, from: number): void {
    const N = st.dPower.length;
    this.dOsWsMb = grown(this.dOsWsMb, N, DEFAULT_OS_WORKING_SET_MB);
    this.dAppsWsMb = grown(this.dAppsWsMb, N, DEFAULT_APPS_WORKING_SET_MB);
    this.dBalloonMb = grown(this.dBalloonMb, N);
    this.dDeficit = grown(this.dDeficit, N);
    this.passDeficit = grown(this.passDeficit, N);
    this.dMaxHeldMb = grown(this.dMaxHeldMb, N);
    for (let d = from; d < N; d++) this.dMaxHeldMb[d] = (st.dRamMb[d] as number) + (st.dOverheadMb[d] as number);
  }

  /** Desktop d's size changed (hot-add, or a change applied at its power cycle). */
  resized(st: EngineState, d: number): void {
    this.dMaxHeldMb[d] = (st.dRamMb[d] as number) + (st.dOverheadMb[d] as number);
  }

  /** The deficit and the swapped share are charged one tick late, so they carry over a save: this instant's and the ones charged. */
  arrays(): DurableArray[] {
    return [
      { name: 'guestMemory.deficit', array: this.dDeficit, domain: 'desktop' },
      { name: 'guestMemory.swapShare', array: this.hSwapShare, domain: 'host' },
      { name: 'guestMemory.passDeficit', array: this.passDeficit, domain: 'desktop' },
      { name: 'guestMemory.passSwapShare', array: this.passSwapShare, domain: 'host' },
    ];
  }

  save(): GuestMemorySaved {
    return { settledAt: this.settledAt };
  }

  /**
   * After a restore: the desktops with a deficit are known again, and the first settle walks every VM.
   * A state saved before the charged figures were (no `settledAt`): the pass charges this instant's, as it did then.
   */
  load(s: GuestMemorySaved | undefined): void {
    this.withDeficit.clear();
    for (let d = 0; d < this.dDeficit.length; d++) if ((this.dDeficit[d] as number) > 0) this.withDeficit.add(d);
    this.ballooned = true;
    const at = s?.settledAt;
    if (typeof at === 'number' && Number.isFinite(at)) this.settledAt = at;
    else {
      this.settledAt = Number.NaN;
      this.passDeficit.set(this.dDeficit);
      this.passSwapShare.set(this.hSwapShare);
    }
    this.passWithDeficit.clear();
    for (let d = 0; d < this.passDeficit.length; d++) if ((this.passDeficit[d] as number) > 0) this.passWithDeficit.add(d);
  }

  /**
   * Before the desktop pass at t: at a new instant, what the last settle left becomes what the pass charges; a pass
   * again at the same instant charges the same. Walks only the desktops that page (and the hosts).
   */
  beginPass(t: number): void {
    if (t === this.settledAt) return;
    this.passSwapShare.set(this.hSwapShare);
    for (const d of this.passWithDeficit) this.passDeficit[d] = 0;
    this.passWithDeficit.clear();
    for (const d of this.withDeficit) {
      this.passDeficit[d] = this.dDeficit[d] as number;
      this.passWithDeficit.add(d);
    }
  }

  /** What a powered-on desktop holds on its host: its untouched-by-users base plus its sessions' memory, at most its RAM (+ overhead). */
  consumedMb(st: EngineState, d: number, sessionsMb: number): number {
    return Math.min(this.dMaxHeldMb[d] as number, (st.dBaseMemMb[d] as number) + sessionsMb);
  }

  /** Page-in read IOPS of desktop d this tick (from the last tick's deficit), for its active sessions. */
  pageIops(st: EngineState, d: number): number {
    const def = this.passDeficit[d] as number;
    if (def <= 0) return 0;
    return pageInIops(def) * Math.max(1, st.dSessions[d] as number);
  }

  /** The tenants' memory limits while one of them reclaims (its VMs may swap more than their host does), else null. */
  private reclaimingTenants(): TenantMemory | null {
    return this.tenants !== null && this.tenants.reclaiming ? this.tenants : null;
  }

  /** Each host's swapped share when it is every VM's on the host (no tenant over its limit swaps its own), else null: ask swapShareOf. */
  hostSwapShares(): Float32Array | null {
    return this.reclaimingTenants() === null ? this.hSwapShare : null;
  }

  /** Share of desktop d's memory swapped: by its host, or by its tenant's memory limit if that is more. */
  swapShareOf(st: EngineState, d: number): number {
    const host = this.hSwapShare[st.dHost[d] as number] as number;
    const tm = this.reclaimingTenants();
    return tm === null ? host : Math.max(host, tm.swapShareOf(st, d));
  }

  /** `swapShareOf` as the desktop pass reads it: the last instant's (`beginPass`, TenantMemory.beginPass). */
  passSwapShareOf(st: EngineState, d: number): number {
    const host = this.passSwapShare[st.dHost[d] as number] as number;
    const tm = this.tenants;
    return tm === null || !tm.passReclaiming ? host : Math.max(host, tm.passSwapShareOf(st, d));
  }

  /** Host swap-ins of desktop d (read IOPS on its datastore), as the desktop pass reads them. */
  swapIops(st: EngineState, d: number): number {
    const share = this.passSwapShareOf(st, d);
    if (share <= 0 || (st.dSessions[d] as number) === 0) return 0;
    return GUEST_MEMORY_PARAMS.swapInIopsPerSwappedShare * share * Math.max(1, st.dSessions[d] as number);
  }

  /** Guest CPU (vix) that paging costs desktop d. */
  pageCpuVix(st: EngineState, d: number): number {
    return this.pageIops(st, d) * GUEST_MEMORY_PARAMS.pageInCpuVixPerIops;
  }

  /**
   * Desktops that can page without a balloon: powered on, with sessions, their working sets beyond
   * their RAM's headroom. Kept by the desktop pass (load/desktop-load.ts calls `watch` for every
   * desktop it computes), so a settle without a balloon walks these instead of every session.
   */
  readonly mayPage = new Set<number>();

  /** Desktop d's power, sessions or size changed: whether it can page without a balloon. */
  watch(st: EngineState, d: number): void {
    const sessions = st.dSessions[d] as number;
    const may =
      st.dPower[d] === P.poweredOn &&
      sessions > 0 &&
      ((this.dOsWsMb[d] as number) + sessions * (this.dAppsWsMb[d] as number)) * GUEST_MEMORY_PARAMS.headroom > (st.dRamMb[d] as number);
    if (may) this.mayPage.add(d);
    else this.mayPage.delete(d);
  }

  /** Desktops whose deficit is not 0 (reset at the next settle). */
  readonly withDeficit = new Set<number>();

  /**
   * After the host loop: each host's balloon (MB) spread over its powered-on VMs by what they hold,
   * at most balloonMaxShare of a VM's RAM; each guest's deficit against its working set. Without a
   * balloon anywhere only desktops with sessions can page, so only they are walked.
   */
  settle(st: EngineState, dSessionMb: Float64Array, hMemMb: Float64Array, hBalloonMb: Float32Array, hSwapMb: Float32Array, t: number): void {
    this.settledAt = t;
    let ballooning = false;
    for (let h = 0; h < hMemMb.length; h++) {
      this.hSwapShare[h] = (hMemMb[h] as number) > 0 ? (hSwapMb[h] as number) / (hMemMb[h] as number) : 0;
      if ((hBalloonMb[h] as number) > 0) ballooning = true;
    }
    if (this.tenants?.reclaiming) ballooning = true;
    for (const d of this.withDeficit) this.dDeficit[d] = 0;
    this.withDeficit.clear();
    if (ballooning || this.ballooned) {
      this.ballooned = ballooning;
      for (let d = 0; d < st.dPower.length; d++) this.settleOne(st, d, dSessionMb, hMemMb, hBalloonMb);
      return;
    }
    // No balloon anywhere (and none last tick, so every VM's balloon is already 0): a guest pages only if its
    // sessions' working sets outgrow its RAM, which rules out nearly every desktop; the ones it does not are kept in `mayPage`.
    for (const d of this.mayPage) this.settleOne(st, d, dSessionMb, hMemMb, hBalloonMb);
  }

  /** The balloon took memory last tick: the next settle walks every VM to give it back. */
  private ballooned = false;

  private settleOne(st: EngineState, d: number, dSessionMb: Float64Array, hMemMb: Float64Array, hBalloonMb: Float32Array): void {
    if (d < 0) return;
    if (st.dPower[d] !== P.poweredOn) {
      this.dBalloonMb[d] = 0;
      return;
    }
    const h = st.dHost[d] as number;
    const ram = st.dRamMb[d] as number;
    const hostBalloon = hBalloonMb[h] as number;
    let balloon =
      hostBalloon > 0
        ? Math.min(
            GUEST_MEMORY_PARAMS.balloonMaxShare * ram,
            (hostBalloon * this.consumedMb(st, d, dSessionMb[d] as number)) / Math.max(1, hMemMb[h] as number),
          )
        : 0;
    // A tenant over its memory limit balloons its own VMs too (its share by what each holds), within the same per-VM bound.
    const tm = this.tenants;
    if (tm !== null && tm.reclaiming) {
      const mine = tm.balloonOf(st, d, this.consumedMb(st, d, dSessionMb[d] as number));
      if (mine > 0) balloon = Math.min(GUEST_MEMORY_PARAMS.balloonMaxShare * ram, balloon + mine);
    }
    this.dBalloonMb[d] = balloon;
    const sessions = st.dSessions[d] as number;
    if (sessions <= 0) return;
    const def = pageDeficit((this.dOsWsMb[d] as number) + sessions * (this.dAppsWsMb[d] as number), ram, balloon);
    if (def > 0) {
      this.dDeficit[d] = def;
      this.withDeficit.add(d);
    }
  }
}
