import { FIRST_RUN } from '../../models/workloads.ts';
import { grown, U, type EngineState } from '../state.ts';

/**
 * Contributions are rounded to multiples of 2^-20 of their unit (vix, IOPS, kbit/s, MB), so every
 * per-desktop sum below is exact in a double whatever order sessions were added and taken away in:
 * an engine that keeps the sums up to date and one that adds them up afresh (a process that opened
 * the lab from its file) hold the same bits. 2^-20 ≈ 1e-6 of a unit is far below any figure shown.
 */
const QUANTUM = 2 ** 20;
const q = (v: number): number => Math.round(v * QUANTUM) / QUANTUM;

/** A check scheduled this much before the instant a session's activity flips (s), so float rounding never makes one late. */
const CHECK_MARGIN_S = 0.01;
const DAY_S = 86400;

/** Broker figures the activity test reads (sessions/workday.ts). */
export interface LunchLink {
  readonly uLunch: Float32Array;
  readonly lunchSeconds: number;
  readonly lunchActivityFactor: number;
}

/**
 * What the sessions on each desktop demand this instant: CPU (vix), I/O, display bandwidth and
 * memory, kept up to date instead of summed afresh every tick.
 *
 * A session's demand changes only when its state changes (logon, active, disconnected…), when its
 * work loop turns between busy and idle, when lunch starts or ends, and when its first-run burst
 * after the logon is over. The tick looks at each session only to compare its state with the one
 * counted and its clock with the next instant one of those can happen (computed ahead, a little
 * early); the rare session that is due is counted again. The test for busy or idle is the same
 * expression as before, evaluated at the same ticks, so the demand is the same as a full pass's.
 *
 * Derived state: not saved. A new engine counts every session once (first `update`); so does
 * `invalidate`, for a change that touches many sessions' figures at once.
 */
export class SessionLoad {
  /** Per desktop: the sums of its sessions' demand. */
  dCpuVix: Float64Array;
  dIops: Float64Array;
  dKbps: Float64Array;
  dMemMb: Float64Array;
  // Per user: what was counted (in which state, on which desktop, how much) and when to look again.
  private readonly uSeenState: Int8Array;
  private readonly uOn: Int32Array;
  private readonly uNext: Float64Array;
  private readonly uCpu: Float64Array;
  private readonly uIo: Float64Array;
  private readonly uKb: Float64Array;
  private readonly uMem: Float64Array;
  private all = true;
  /** Told which desktop's sums changed (the desktop pass computes it again); not state. */
  onDesktop?: (d: number) => void;

  constructor(
    private readonly st: EngineState,
    private readonly lunch: LunchLink,
  ) {
    const N = st.dPower.length;
    const UN = st.uState.length;
    this.dCpuVix = new Float64Array(N);
    this.dIops = new Float64Array(N);
    this.dKbps = new Float64Array(N);
    this.dMemMb = new Float64Array(N);
    this.uSeenState = new Int8Array(UN).fill(-1);
    this.uOn = new Int32Array(UN).fill(-1);
    this.uNext = new Float64Array(UN);
    this.uCpu = new Float64Array(UN);
    this.uIo = new Float64Array(UN);
    this.uKb = new Float64Array(UN);
    this.uMem = new Float64Array(UN);
    this.stamp = new Uint32Array(UN);
    st.onSessionRemoved = (u) => this.take(u);
    st.onSessionChanged = (u) => this.changedState(u);
  }

  /** Machines added at the end of the index space: no sessions on them yet. */
  grow(n: number): void {
    this.dCpuVix = grown(this.dCpuVix, n);
    this.dIops = grown(this.dIops, n);
    this.dKbps = grown(this.dKbps, n);
    this.dMemMb = grown(this.dMemMb, n);
  }

  /** One session's figures changed outside its state (its first-run burst moved, say): count it again at the next pass. */
  touch(u: number): void {
    this.uSeenState[u] = -1;
    this.changed.push(u);
  }

  /** Everything is counted again at the next pass. */
  invalidate(): void {
    this.all = true;
  }

  /** Brings the sums to time t: only sessions whose state changed or whose next instant is due are counted again. */
  update(t: number): void {
    const st = this.st;
    const { uState, sessList, sessPos } = st;
    const { uSeenState, uNext } = this;
    if (this.all) {
      this.recountAll();
      this.heapN = 0;
      this.changed.length = 0;
      const n = st.nSess;
      for (let i = 0; i < n; i++) this.count(sessList[i] as number, t);
      return;
    }
    // The sessions the tick would count: those whose state changed (the change hook listed them) and those whose
    // next instant is due (the queue). Taken from the queue first, so an instant a count finds already due is left for the next tick.
    const pass = ++this.pass;
    const due = this.due;
    due.length = 0;
    while (this.heapN > 0 && (this.heapKey[0] as number) <= t) {
      const k = this.heapKey[0] as number;
      const u = this.pop();
      if (k === uNext[u]) due.push(u);
    }
    const stamp = this.stamp;
    for (const u of this.changed) {
      if ((sessPos[u] as number) < 0 || stamp[u] === pass) continue;
      if (uState[u] !== uSeenState[u] || t >= (uNext[u] as number)) {
        stamp[u] = pass;
        this.count(u, t);
      }
    }
    this.changed.length = 0;
    for (const u of due) {
      if ((sessPos[u] as number) < 0 || stamp[u] === pass) continue;
      stamp[u] = pass;
      this.count(u, t);
    }
  }

  /** A session's state was written (the change hook, `touchSession` in state.ts): looked at in the next pass. */
  changedState(u: number): void {
    this.changed.push(u);
  }

  // The queue of next instants: a binary heap of (instant, user), stale entries (the user counted since) skipped when taken.
  private heapKey = new Float64Array(1024);
  private heapU = new Int32Array(1024);
  private heapN = 0;
  private readonly changed: number[] = [];
  private readonly due: number[] = [];
  private pass = 0;
  private stamp: Uint32Array;

  private push(k: number, u: number): void {
    if (this.heapN === this.heapKey.length) {
      const keys = new Float64Array(this.heapN * 2);
      keys.set(this.heapKey);
      this.heapKey = keys;
      const us = new Int32Array(this.heapN * 2);
      us.set(this.heapU);
      this.heapU = us;
    }
    const keys = this.heapKey;
    const us = this.heapU;
    let i = this.heapN++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((keys[parent] as number) <= k) break;
      keys[i] = keys[parent] as number;
      us[i] = us[parent] as number;
      i = parent;
    }
    keys[i] = k;
    us[i] = u;
  }

  private pop(): number {
    const keys = this.heapKey;
    const us = this.heapU;
    const top = us[0] as number;
    const n = --this.heapN;
    const k = keys[n] as number;
    const u = us[n] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (keys[c + 1] as number) < (keys[c] as number)) c++;
      if ((keys[c] as number) >= k) break;
      keys[i] = keys[c] as number;
      us[i] = us[c] as number;
      i = c;
    }
    keys[i] = k;
    us[i] = u;
    return top;
  }

  private recountAll(): void {
    this.all = false;
    this.onDesktop?.(-1);
    this.dCpuVix.fill(0);
    this.dIops.fill(0);
    this.dKbps.fill(0);
    this.dMemMb.fill(0);
    this.uSeenState.fill(-1);
    this.uOn.fill(-1);
  }

  /** Takes a session's contribution off its desktop (it ended). */
  private take(u: number): void {
    const d = this.uOn[u] as number;
    if (d < 0) return;
    this.dCpuVix[d] = (this.dCpuVix[d] as number) - (this.uCpu[u] as number);
    this.dIops[d] = (this.dIops[d] as number) - (this.uIo[u] as number);
    this.dKbps[d] = (this.dKbps[d] as number) - (this.uKb[u] as number);
    this.dMemMb[d] = (this.dMemMb[d] as number) - (this.uMem[u] as number);
    this.uOn[u] = -1;
    this.uSeenState[u] = -1;
    this.onDesktop?.(d);
  }

  /** Counts session u again as it is at time t, and finds the next instant its demand can change. */
  private count(u: number, t: number): void {
    const st = this.st;
    const s = st.uState[u] as number;
    const d = st.uDesktop[u] as number;
    let cpu: number;
    let io: number;
    let kb = 0;
    let mem: number;
    let next = Number.POSITIVE_INFINITY;
    if (s === U.active) {
      // The same test as a full pass: busy while the work loop's phase is inside its active share.
      const { uLunch } = this.lunch;
      const lunchLen = this.lunch.lunchSeconds;
      const sod = t % DAY_S;
      const lunchStart = uLunch[u] as number;
      const atLunch = sod >= lunchStart && sod < lunchStart + lunchLen;
      const share = atLunch ? (st.uShare[u] as number) * this.lunch.lunchActivityFactor : (st.uShare[u] as number);
      const inv = st.uLoopInv[u] as number;
      const x = t * inv + (st.uPhase[u] as number);
      const k = Math.floor(x);
      const busy = x - k < share;
      const firstRunEnd = (st.uLogonEnd[u] as number) + FIRST_RUN.seconds;
      const firstRun = t < firstRunEnd;
      if (busy) {
        cpu = (st.uCpuVix[u] as number) * (firstRun ? FIRST_RUN.cpuFactor : 1);
        io = (st.uIops[u] as number) * (firstRun ? FIRST_RUN.iopsFactor : 1);
        kb = st.uKbps[u] as number;
      } else {
        cpu = st.uIdleVix[u] as number;
        io = (st.uIops[u] as number) * (firstRun ? FIRST_RUN.iopsFactor * 0.3 : 0.3);
        kb = (st.uKbps[u] as number) * 0.2;
      }
      mem = st.uMemMb[u] as number;
      // The loop turns: busy → idle at phase `share`, idle → busy at the next whole loop.
      next = ((busy ? k + share : k + 1) - (st.uPhase[u] as number)) / inv;
      // Lunch starts or ends, or the day turns (the broker plans the next day's lunch).
      const dayStart = t - sod;
      const lunchEdge = sod < lunchStart ? dayStart + lunchStart : atLunch ? dayStart + lunchStart + lunchLen : dayStart + DAY_S;
      if (lunchEdge < next) next = lunchEdge;
      if (firstRun && firstRunEnd < next) next = firstRunEnd;
      next -= CHECK_MARGIN_S;
    } else if (s === U.logon) {
      cpu = (st.uCpuVix[u] as number) * 1.2;
      io = (st.uIops[u] as number) * (st.uLogonIopsFactor[u] as number);
      mem = st.uMemMb[u] as number;
    } else {
      cpu = (st.uIdleVix[u] as number) * 0.5;
      io = (st.uIops[u] as number) * 0.1;
      mem = (st.uMemMb[u] as number) * 0.5;
    }
    cpu = q(cpu);
    io = q(io);
    kb = q(kb);
    mem = q(mem);
    const was = this.uOn[u] as number;
    if (was >= 0) {
      this.dCpuVix[was] = (this.dCpuVix[was] as number) - (this.uCpu[u] as number);
      this.dIops[was] = (this.dIops[was] as number) - (this.uIo[u] as number);
      this.dKbps[was] = (this.dKbps[was] as number) - (this.uKb[u] as number);
      this.dMemMb[was] = (this.dMemMb[was] as number) - (this.uMem[u] as number);
      this.onDesktop?.(was);
    }
    this.uSeenState[u] = s;
    this.uNext[u] = next;
    if (next !== Number.POSITIVE_INFINITY) this.push(next, u);
    if (d < 0) {
      this.uOn[u] = -1;
      return;
    }
    this.uOn[u] = d;
    this.uCpu[u] = cpu;
    this.uIo[u] = io;
    this.uKb[u] = kb;
    this.uMem[u] = mem;
    this.dCpuVix[d] = (this.dCpuVix[d] as number) + cpu;
    this.dIops[d] = (this.dIops[d] as number) + io;
    this.dKbps[d] = (this.dKbps[d] as number) + kb;
    this.dMemMb[d] = (this.dMemMb[d] as number) + mem;
    this.onDesktop?.(d);
  }
}
