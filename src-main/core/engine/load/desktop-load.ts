import { grown, P, type EngineState } from '../state.ts';
import { BUSY_WRITE_SHARE } from '../storage/storage-queue.ts';
import type { DesktopLoadInputs, DesktopLoadOutputs } from './desktop-load-io.ts';

export type { DesktopLoadInputs, DesktopLoadOutputs } from './desktop-load-io.ts';

/**
 * The desktop pass of a tick, kept up to date instead of done afresh (issue 12).
 *
 * Each desktop's contribution (CPU demand after its limit, IOPS, write IOPS, paging reads, vCPUs,
 * memory held, display bandwidth, sessions) is computed again only when one of its inputs changed.
 * Every writer of an input calls a change hook: `touchDesktop(st, d)` (state.ts) for one desktop,
 * `touchAllDesktops(st)` for a change that touches many (a pool's settings, a restore, the capacity
 * test's workload). Inputs that change with time alone are watched here: a busy spell ending
 * (`dBusyUntil`), a guest paging (its deficit, from the last tick's settle), a host swapping and a
 * runaway process (both recount everything while they last: rare, fault-like conditions), and the
 * sessions' demand (SessionLoad tells which desktops it changed).
 *
 * The sums: vCPUs, sessions, memory held and display bandwidth are exact in a double (integers; and
 * float32 figures plus multiples of 2^-20 below 2^32), so they are kept by deltas — add the new
 * contribution, take the old one off — and hold the same bits as a sum afresh in any order. CPU
 * demand and IOPS are products with arbitrary rounding: they are summed again each pass from the
 * cached per-desktop figures, in desktop order, so every figure is the one a full pass gives, bit
 * for bit (the engine digest and the workday results are unchanged). Only the hosts and datastores
 * a changed desktop sits on (or left) are summed again, over their desktop lists in index order.
 *
 * A per-desktop factor or limit a later change adds (a CPU demand multiplier for confidential or
 * nested VMs, a tenant's CPU limit) goes into `compute` below, and every write to it calls
 * `touchDesktop` (or `touchAllDesktops` when a whole tenant or pool changes).
 *
 * Derived state: not saved; a new engine computes every desktop once.
 */
export class DesktopLoad {
  // Per desktop: the contribution counted, and on which host the exact sums hold it.
  private cHost: Int32Array;
  private cSess: Float64Array;
  private cVcpu: Float64Array;
  private cMem: Float64Array;
  private cKb: Float64Array;
  private cWr: Float64Array;
  private cPage: Float64Array;
  /** 1 while the contribution counted the desktop busy (its busy spell's end is watched). */
  private cBusy: Uint8Array;
  /** 1 while the contribution counted paging (a deficit last tick): computed again when it ends. */
  private cPaging: Uint8Array;
  // Per host: the exact sums.
  private readonly xSess: Float64Array;
  private readonly xVcpu: Float64Array;
  private readonly xMem: Float64Array;
  private readonly xKb: Float64Array;
  /** Per tenant × host: memory held (exact, like xMem), and the slot each desktop's memory was counted in (-1 none). */
  private xTMem = new Float64Array(0);
  private cTSlot: Int32Array;
  /** Per host and datastore: the sums of demand and IOPS, and whether a desktop on it changed since they were made. */
  private readonly rDemand: Float64Array;
  private readonly rIops: Float64Array;
  private readonly rWr: Float64Array;
  private readonly hDirty: Uint8Array;
  private readonly sDirty: Uint8Array;
  /** The datastore each desktop's IOPS were counted on. */
  private cDs: Int32Array;
  /** The engine's per-desktop demand and IOPS (outputs of the pass, read by the sums). */
  private dDemand: Float64Array = new Float64Array(0);
  private dIo: Float64Array = new Float64Array(0);
  // Desktops to compute again.
  private flag: Uint8Array;
  private list: Int32Array;
  private n = 0;
  private all = true;
  private readonly busy = new Set<number>();
  private readonly paging = new Set<number>();
  private swapOrHogLast = false;
  /** The engine's own pass (it keeps guest memory's `mayPage`); a check's instance only computes. */
  private owner = false;
  /** Desktops computed in the last pass (for the bench and tests). */
  computed = 0;

  constructor(private readonly st: EngineState) {
    const N = st.dPower.length;
    const H = st.hCapMhz.length;
    this.cHost = new Int32Array(N).fill(-1);
    this.cSess = new Float64Array(N);
    this.cVcpu = new Float64Array(N);
    this.cMem = new Float64Array(N);
    this.cKb = new Float64Array(N);
    this.cWr = new Float64Array(N);
    this.cPage = new Float64Array(N);
    this.cBusy = new Uint8Array(N);
    this.cPaging = new Uint8Array(N);
    this.xSess = new Float64Array(H);
    this.xVcpu = new Float64Array(H);
    this.xMem = new Float64Array(H);
    this.xKb = new Float64Array(H);
    const S = st.sIopsCap.length;
    this.rDemand = new Float64Array(H);
    this.rIops = new Float64Array(S);
    this.rWr = new Float64Array(S);
    this.hDirty = new Uint8Array(H);
    this.sDirty = new Uint8Array(S);
    this.cDs = new Int32Array(N).fill(-1);
    this.cTSlot = new Int32Array(N).fill(-1);
    this.flag = new Uint8Array(N);
    this.list = new Int32Array(N);
  }

  /** Takes the state's change hooks (the engine's own pass; a second instance, a check, does not). */
  listen(): this {
    this.owner = true;
    this.st.onDesktopChanged = (d) => this.mark(d);
    this.st.onAllDesktopsChanged = () => this.markAll();
    return this;
  }

  /** Machines added at the end of the index space: computed at the next pass. */
  grow(n: number): void {
    const N0 = this.cHost.length;
    this.cHost = grown(this.cHost, n, -1);
    this.cDs = grown(this.cDs, n, -1);
    this.cTSlot = grown(this.cTSlot, n, -1);
    this.cSess = grown(this.cSess, n);
    this.cVcpu = grown(this.cVcpu, n);
    this.cMem = grown(this.cMem, n);
    this.cKb = grown(this.cKb, n);
    this.cWr = grown(this.cWr, n);
    this.cPage = grown(this.cPage, n);
    this.cBusy = grown(this.cBusy, n);
    this.cPaging = grown(this.cPaging, n);
    this.flag = grown(this.flag, n);
    this.list = grown(this.list, n);
    for (let d = N0; d < n; d++) this.mark(d);
  }

  /** Desktop d's inputs changed: computed again at the next pass. */
  mark(d: number): void {
    if (d < 0 || d >= this.flag.length || this.flag[d] === 1) return;
    this.flag[d] = 1;
    this.list[this.n++] = d;
  }

  /** Every desktop is computed again at the next pass. */
  markAll(): void {
    this.all = true;
  }

  /** The pass at time t: brings every changed desktop's contribution up to date and writes the sums. */
  update(t: number, inp: DesktopLoadInputs, out: DesktopLoadOutputs): void {
    const st = this.st;
    const N = st.dPower.length;
    // Time alone changes these: a host swapping or a runaway process (everything, while it lasts and once after).
    let swapOrHog = inp.hogs;
    const { passSwapShare } = inp.gm;
    for (let h = 0; h < passSwapShare.length && !swapOrHog; h++) if ((passSwapShare[h] as number) > 0) swapOrHog = true;
    if (inp.tenantSwapping) swapOrHog = true;
    if (swapOrHog || this.swapOrHogLast) this.all = true;
    // The tenants' memory sums follow the tenants' table: a new one (tenants changed) is counted afresh.
    if (this.xTMem.length !== out.tHostMemMb.length) {
      this.xTMem = new Float64Array(out.tHostMemMb.length);
      this.all = true;
    }
    this.swapOrHogLast = swapOrHog;
    this.dDemand = out.dDemandMhz;
    this.dIo = out.dIops;
    const full = this.all;
    if (full) {
      this.all = false;
      this.xSess.fill(0);
      this.xVcpu.fill(0);
      this.xMem.fill(0);
      this.xKb.fill(0);
      this.xTMem.fill(0);
      this.cTSlot.fill(-1);
      this.cHost.fill(-1);
      this.cBusy.fill(0);
      this.cPaging.fill(0);
      this.busy.clear();
      this.paging.clear();
      for (let i = 0; i < this.n; i++) this.flag[this.list[i] as number] = 0;
      this.n = 0;
      if (this.owner) inp.gm.mayPage.clear();
      for (let d = 0; d < N; d++) this.compute(d, t, inp, out);
      this.computed = N;
    } else {
      // A busy spell that ended; a guest that pages (or stopped paging).
      const { dBusyUntil } = st;
      for (const d of this.busy) if ((dBusyUntil[d] as number) <= t) this.mark(d);
      for (const d of inp.gm.passWithDeficit) this.mark(d);
      for (const d of this.paging) this.mark(d);
      const { flag, list } = this;
      const n = this.n;
      for (let i = 0; i < n; i++) {
        const d = list[i] as number;
        flag[d] = 0;
        this.compute(d, t, inp, out);
      }
      this.n = 0;
      this.computed = n;
    }
    out.hSessions.set(this.xSess);
    out.hVcpuOn.set(this.xVcpu);
    out.hMemMb.set(this.xMem);
    out.hKbps.set(this.xKb);
    if (this.xTMem.length) out.tHostMemMb.set(this.xTMem);
    // Demand and IOPS: summed afresh in desktop order (see the class comment) on every host and datastore where a desktop changed.
    if (full) this.sumAll();
    else this.sumDirty();
    out.hDemandMhz.set(this.rDemand);
    out.sIops.set(this.rIops);
    out.sWriteIops.set(this.rWr);
  }

  /** Every host's and datastore's sums, in desktop order. */
  private sumAll(): void {
    const st = this.st;
    const { rDemand, rIops, rWr, dDemand, dIo, cWr, cPage } = this;
    const { dHost, dDs } = st;
    rDemand.fill(0);
    rIops.fill(0);
    rWr.fill(0);
    for (let d = 0; d < dHost.length; d++) {
      const h = dHost[d] as number;
      rDemand[h] = (rDemand[h] as number) + (dDemand[d] as number);
      const ds = dDs[d] as number;
      const s = (rIops[ds] as number) + (dIo[d] as number);
      const pg = cPage[d] as number;
      rIops[ds] = pg !== 0 ? s + pg : s;
      rWr[ds] = (rWr[ds] as number) + (cWr[d] as number);
    }
    this.hDirty.fill(0);
    this.sDirty.fill(0);
  }

  /**
   * The sums of the hosts and datastores a changed desktop sits on (or left), each over its desktop
   * list: `hDesktops` and `sDesktops` list a host's and a datastore's desktops in index order (state.ts,
   * cluster.ts moveDesktop), so the additions are the ones `sumAll` makes, in the same order.
   */
  private sumDirty(): void {
    const st = this.st;
    const { rDemand, rIops, rWr, dDemand, dIo, cWr, cPage, hDirty, sDirty } = this;
    for (let h = 0; h < hDirty.length; h++) {
      if (hDirty[h] === 0) continue;
      hDirty[h] = 0;
      const list = st.hDesktops[h] as Int32Array;
      let sum = 0;
      for (let i = 0; i < list.length; i++) sum += dDemand[list[i] as number] as number;
      rDemand[h] = sum;
    }
    for (let ds = 0; ds < sDirty.length; ds++) {
      if (sDirty[ds] === 0) continue;
      sDirty[ds] = 0;
      const list = st.sDesktops[ds] as Int32Array;
      let io = 0;
      let wr = 0;
      for (let i = 0; i < list.length; i++) {
        const d = list[i] as number;
        io += dIo[d] as number;
        const pg = cPage[d] as number;
        if (pg !== 0) io += pg;
        wr += cWr[d] as number;
      }
      rIops[ds] = io;
      rWr[ds] = wr;
    }
  }

  /** Desktop d's contribution as it is at time t (the same expressions as a full pass, in the same order). */
  private compute(d: number, t: number, inp: DesktopLoadInputs, out: DesktopLoadOutputs): void {
    const st = this.st;
    const old = this.cHost[d] as number;
    if (old >= 0) {
      this.xSess[old] = (this.xSess[old] as number) - (this.cSess[d] as number);
      this.xVcpu[old] = (this.xVcpu[old] as number) - (this.cVcpu[d] as number);
      this.xMem[old] = (this.xMem[old] as number) - (this.cMem[d] as number);
      this.xKb[old] = (this.xKb[old] as number) - (this.cKb[d] as number);
    }
    const oldSlot = this.cTSlot[d] as number;
    if (oldSlot >= 0) {
      this.xTMem[oldSlot] = (this.xTMem[oldSlot] as number) - (this.cMem[d] as number);
      this.cTSlot[d] = -1;
    }
    const h = st.dHost[d] as number;
    const sessions = st.dSessions[d] as number;
    const ds = st.dDs[d] as number;
    // The sums of the host and datastore it was counted on and the ones it is on now are made again.
    if (old >= 0) this.hDirty[old] = 1;
    if (h >= 0) this.hDirty[h] = 1;
    const oldDs = this.cDs[d] as number;
    if (oldDs >= 0) this.sDirty[oldDs] = 1;
    if (ds >= 0) this.sDirty[ds] = 1;
    this.cDs[d] = ds;
    this.cHost[d] = h;
    this.cSess[d] = sessions;
    this.xSess[h] = (this.xSess[h] as number) + sessions;
    if (this.owner) inp.gm.watch(st, d);
    if (st.dPower[d] !== P.poweredOn) {
      this.cVcpu[d] = 0;
      this.cMem[d] = 0;
      this.cKb[d] = 0;
      this.cWr[d] = 0;
      this.cPage[d] = 0;
      out.dDemandMhz[d] = 0;
      out.dIops[d] = 0;
      out.dLimited[d] = 0;
      this.unwatch(d);
      return;
    }
    const gm = inp.gm;
    const vcpu = st.dVcpu[d] as number;
    const mem = gm.consumedMb(st, d, inp.uMemMb[d] as number);
    // Stunned on a full datastore (faults/space.ts, which marks its desktops when it fills or frees): the VM holds its
    // vCPUs and memory but runs nothing, writes nothing and sends no screen updates until space is freed.
    const stunned = inp.sFull[ds] === 1;
    const kb = stunned ? 0 : (inp.uKbps[d] as number);
    this.cVcpu[d] = vcpu;
    this.cMem[d] = mem;
    this.cKb[d] = kb;
    this.xVcpu[h] = (this.xVcpu[h] as number) + vcpu;
    this.xMem[h] = (this.xMem[h] as number) + mem;
    this.xKb[h] = (this.xKb[h] as number) + kb;
    // Tenant memory limits (issue 19): the tenant's consumption per host, against its limit (load/tenant-memory.ts).
    if (inp.poolTenant !== null && this.xTMem.length) {
      const tenant = inp.poolTenant[st.dPool[d] as number] ?? -1;
      if (tenant >= 0) {
        const slot = tenant * st.hCapMhz.length + h;
        this.cTSlot[d] = slot;
        this.xTMem[slot] = (this.xTMem[slot] as number) + mem;
      }
    }
    const mhzPerVix = inp.mhzPerVix[h] as number;
    // Guest paging (last tick's deficit) costs CPU and reads on its datastore (not its own writes); host swap-ins are reads too.
    const paging = (gm.passDeficit[d] as number) > 0;
    const pageIo = paging ? gm.pageIops(st, d) : 0;
    const pagingReads = pageIo + (sessions !== 0 && gm.passSwapShareOf(st, d) > 0 ? gm.swapIops(st, d) : 0);
    let demand = ((inp.uVix[d] as number) + (pageIo > 0 ? gm.pageCpuVix(st, d) : 0)) * mhzPerVix;
    let io = inp.uIo[d] as number;
    const busy = (st.dBusyUntil[d] as number) > t;
    if (busy) {
      demand += st.dBusyMhz[d] as number;
      io += st.dBusyIops[d] as number;
    } else {
      demand += inp.vmBaseVix * mhzPerVix;
      io += inp.vmBaseIops;
    }
    // Confidential computing / nested virtualization: the VM's own work costs more host CPU (st.dCpuFactor, 1 for most VMs;
    // set at build and by a resize, which marks the desktop).
    demand *= st.dCpuFactor[d] as number;
    // A runaway process spins vCPUs: one core's worth of this host each.
    if (inp.hogs) demand += (inp.dHogVcpu[d] as number) * (inp.hCoreMhz[h] as number);
    out.dIops[d] = io;
    this.cPage[d] = pagingReads;
    this.cWr[d] = io * (busy ? BUSY_WRITE_SHARE : (inp.dWriteShare[d] as number));
    if (stunned) {
      demand = 0;
      io = 0;
      this.cPage[d] = 0;
      this.cWr[d] = 0;
      out.dIops[d] = 0;
    }
    const lim = st.dLimMhz[d] as number;
    let limited = 0;
    if (demand > lim) {
      // A limit caps what the VM may use even on an idle host; ESXi counts the wait as ready time (%MLMTD).
      limited = 1 - lim / demand;
      demand = lim;
    }
    out.dLimited[d] = limited;
    out.dDemandMhz[d] = demand;
    if (busy !== (this.cBusy[d] === 1)) {
      this.cBusy[d] = busy ? 1 : 0;
      if (busy) this.busy.add(d);
      else this.busy.delete(d);
    }
    if (paging !== (this.cPaging[d] === 1)) {
      this.cPaging[d] = paging ? 1 : 0;
      if (paging) this.paging.add(d);
      else this.paging.delete(d);
    }
  }

  private unwatch(d: number): void {
    if (this.cBusy[d] === 1) {
      this.cBusy[d] = 0;
      this.busy.delete(d);
    }
    if (this.cPaging[d] === 1) {
      this.cPaging[d] = 0;
      this.paging.delete(d);
    }
  }
}
