import { minFreeMb } from '../../params.ts';
import { readyPctFor, waitExponent } from '../../models/cpu.ts';
import { BLOCK_ALLOCATIONS_SHARE, MEMORY_STATES, memoryStateIndex } from '../../models/memory.ts';
import { hostWatts } from '../../models/power.ts';
import { cpuMsUnhindered, responseMsOf, waitShare } from '../../models/response.ts';
import { GUEST_MEMORY_PARAMS } from '../../models/guest-memory.ts';
import { ENGINE_PARAMS } from '../params.ts';
import { FAULT_EFFECTS } from '../faults/params.ts';
import type { Faults } from '../faults/faults.ts';
import type { SnapshotLoad } from '../storage/snapshot-load.ts';
import type { StorageQueues } from '../storage/storage-queue.ts';
import { P, U, touchAllDesktops, type EngineState } from '../state.ts';
import { entitle } from './cpu-entitlement.ts';
import { DesktopLoad, type DesktopLoadInputs, type DesktopLoadOutputs } from './desktop-load.ts';
import type { GuestMemory } from './guest-memory.ts';
import type { HostPerfTable } from './host-perf.ts';
import type { SessionLoad } from './session-load.ts';
import type { TenantCpu } from './tenant-cpu.ts';
import type { TenantMemory } from './tenant-memory.ts';

/** The memory state in which the balloon works (MEMORY_STATES). */
const SOFT = MEMORY_STATES.indexOf('soft');

/**
 * What the load pass reads and writes of the engine (Engine implements it): the state, the clock, the
 * parts that keep their share of the load, and the per-host, per-datastore, per-desktop and per-user
 * figures of the pass, written in place.
 */
export interface LoadPassEngine {
  readonly st: EngineState;
  readonly t: number;
  /** Tests: every pass is checked against a pass afresh (slow). */
  readonly checkLoad: boolean;
  readonly hDemandMhz: Float64Array;
  readonly hVcpuOn: Float64Array;
  readonly hMemMb: Float64Array;
  readonly hKbps: Float64Array;
  readonly hNicPct: Float32Array;
  readonly hSessions: Int32Array;
  readonly hCpuPct: Float32Array;
  readonly hReadyPct: Float32Array;
  readonly hMemState: Uint8Array;
  readonly hMemBlocked: Uint8Array;
  readonly hBalloonMb: Float32Array;
  readonly hSwapMb: Float32Array;
  readonly hWatts: Float32Array;
  readonly hUxMs: Float32Array;
  readonly hBaseReadyPct: Float32Array;
  readonly hContended: Uint8Array;
  readonly dDemandMhz: Float64Array;
  readonly dDeficit: Float32Array;
  readonly dLimited: Float32Array;
  readonly dIops: Float64Array;
  readonly sIops: Float64Array;
  readonly sLatencyMs: Float32Array;
  readonly uUxMs: Float32Array;
  readonly perf: HostPerfTable;
  readonly guestMem: GuestMemory;
  readonly sessionLoad: SessionLoad;
  readonly desktopLoad: DesktopLoad;
  readonly storage: StorageQueues;
  readonly tenantCpu: TenantCpu;
  readonly tenantMem: TenantMemory;
  readonly snapshots: Pick<SnapshotLoad, 'addLoad' | 'depth' | 'deltaGb'>;
  readonly faults: Pick<Faults, 'hMemHogMb' | 'hNicFactor' | 'dHogVcpu' | 'hogs' | 'space'>;
  /** vMotion's CPU on both hosts of a migration (cluster/migration.ts). */
  readonly cluster: { readonly mig: { addLoad(hDemandMhz: Float64Array): void } };
  vmReadyPct(d: number): number;
}

/**
 * The load pass of a tick (the engine's `computeLoad`): sessions and desktops (kept up to date by
 * load/session-load.ts and load/desktop-load.ts), then each host's CPU, ready time, memory state,
 * network and power, then guest memory, snapshots and the datastores' queues. Also the users'
 * experience, computed on demand. Holds the host constants of the pass and the ready model's last
 * inputs and result per host; everything else is the engine's.
 */
export class LoadPass {
  // Host constants of the load pass (from the host's design).
  private readonly hWaitExponent: Float64Array;
  private readonly hMinFreeMb: Float64Array;
  /** MHz of one core of each host (a runaway process spins one vCPU at this). */
  private readonly hCoreMhz: Float64Array;
  /** The last inputs and result of each host's ready model (readyPctFor), to skip it when they did not change. */
  private readonly hReadyRho: Float64Array;
  private readonly hReadyVpc: Float64Array;
  private readonly hReadyRaw: Float64Array;
  /** Per host, the CPU time of an action set with no wait, worked out at each experience pass (kept to reuse the array). */
  private uxCpuMs = new Float64Array(0);

  constructor(st: EngineState) {
    const H = st.hCapMhz.length;
    this.hWaitExponent = Float64Array.from(st.hLogical, (c) => waitExponent(c));
    this.hMinFreeMb = Float64Array.from(st.hRamMb, (mb) => minFreeMb(mb / 1024));
    this.hReadyRho = new Float64Array(H).fill(Number.NaN);
    this.hReadyVpc = new Float64Array(H).fill(Number.NaN);
    this.hReadyRaw = new Float64Array(H);
    this.hCoreMhz = Float64Array.from(st.hCapMhz, (mhz, h) => mhz / Math.max(1, st.hCores[h] as number));
  }

  /** One pass over desktops, sessions, hosts and datastores: the figures of this instant. */
  run(e: LoadPassEngine): void {
    const st = e.st;
    const t = e.t;
    const p = ENGINE_PARAMS;
    const hDemand = e.hDemandMhz;
    const hMem = e.hMemMb;
    const hKbps = e.hKbps;
    // Per desktop: what its users demand this instant (CPU in vix, I/O, protocol bandwidth, memory), kept up to date by
    // load/session-load.ts; the desktop pass (load/desktop-load.ts) adds its own, converts vix to its host's MHz and sums
    // per host, computing again only the desktops whose inputs changed.
    const gm = e.guestMem;
    e.sessionLoad.update(t);
    // Every figure of the pass is written for every object, so they depend on the state alone (not on the pass before).
    e.dDeficit.fill(0);
    gm.beginPass(t);
    if (e.tenantMem.active) e.tenantMem.beginPass(t);
    const inputs = this.inputs(e);
    // Tenant shares and limits (issue 19: load/tenant-cpu.ts) set the tenant desktops' shares and limits for this pass. They
    // follow demand, so in a lab with tenants every desktop is computed again each pass (the desktop pass's hook for limits).
    if (e.tenantCpu.active) {
      const x = inputs;
      e.tenantCpu.apply(st, { t, uVix: x.uVix, mhzPerVix: x.mhzPerVix, vmBaseVix: p.vmBaseVix, dHog: x.hogs ? x.dHogVcpu : null, hCoreMhz: x.hCoreMhz });
      touchAllDesktops(st);
    }
    const outputs = this.outputs(e);
    e.desktopLoad.update(t, inputs, outputs);
    if (e.checkLoad) this.check(e, inputs, outputs);
    // Tenant memory limits (issue 19): a tenant over its limit gives the excess back (balloon, then swap) from its own VMs.
    if (e.tenantMem.active) e.tenantMem.reclaim(hMem, p.balloonShare, t);

    const H = hDemand.length;
    for (let h = 0; h < H; h++) hDemand[h] = e.perf.used(h, hDemand[h] as number); // hypervisor overhead, HCI controller VM
    e.cluster.mig.addLoad(hDemand); // vMotion's CPU on both hosts
    for (let h = 0; h < H; h++) {
      if (!st.hOn[h]) {
        e.hCpuPct[h] = 0;
        e.hReadyPct[h] = 0;
        e.hWatts[h] = 0;
        e.hBaseReadyPct[h] = 0;
        e.hContended[h] = 0;
        e.hMemState[h] = 0;
        e.hMemBlocked[h] = 0;
        e.hNicPct[h] = 0;
        e.hBalloonMb[h] = 0;
        e.hSwapMb[h] = 0;
        continue;
      }
      const rho = (hDemand[h] as number) / (st.hCapMhz[h] as number);
      e.hCpuPct[h] = Math.min(100, rho * 100);
      // A memory-hungry VM's reservation (an injected fault, faults/faults.ts) is consumed memory like the desktops', but like
      // the HCI controller VM's it is reserved: the balloon reclaims only from the desktops.
      const reclaimableMb = hMem[h] as number;
      hMem[h] = reclaimableMb + (e.perf.cvmRamMb[h] as number) + (e.faults.hMemHogMb[h] as number);
      const vpc = ((e.hVcpuOn[h] as number) + (e.perf.cvmVcpu[h] as number)) / (st.hCores[h] as number);
      const exponent = this.hWaitExponent[h] as number;
      // The ready model is a pure function of the host's load and overcommit: a host whose figures did not change keeps its result.
      if (rho !== this.hReadyRho[h] || vpc !== this.hReadyVpc[h]) {
        this.hReadyRho[h] = rho;
        this.hReadyVpc[h] = vpc;
        this.hReadyRaw[h] = readyPctFor(rho, st.hLogical[h] as number, exponent, vpc, p.readyActivity);
      }
      e.hReadyPct[h] = this.hReadyRaw[h] as number;
      if (rho > 1) {
        e.hBaseReadyPct[h] = readyPctFor(1, st.hLogical[h] as number, exponent, vpc, p.readyActivity);
        e.hContended[h] = 1;
        entitle(st, h, e.perf.guestCapacity(h, st.hCapMhz[h] as number), e.dDemandMhz, e.dDeficit);
      } else {
        e.hBaseReadyPct[h] = 0;
        e.hContended[h] = 0;
      }
      const ramMb = st.hRamMb[h] as number;
      const free = ramMb - (hMem[h] as number);
      const minFree = this.hMinFreeMb[h] as number;
      const need = Math.max(0, minFree - free);
      // Below minFree the balloon gives back what it can (soft); the state is the free memory it leaves. Where the balloon
      // cannot reach the soft band (it is at its most), the host is in hard or low: it compresses and swaps the rest. Before
      // 8 Dec 2026 the state was read before the balloon, so a host could show "low" with nothing swapped (black-box round 6).
      const balloon = need > 0 ? Math.min(need, reclaimableMb * p.balloonShare) : 0;
      const left = free + balloon;
      const si = need > 0 ? Math.max(SOFT, memoryStateIndex(left, minFree)) : memoryStateIndex(free, minFree);
      e.hMemState[h] = si;
      e.hMemBlocked[h] = left < minFree * BLOCK_ALLOCATIONS_SHARE ? 1 : 0;
      e.hNicPct[h] = (100 * (hKbps[h] as number)) / Math.max(1, (st.hNicMbps[h] as number) * (e.faults.hNicFactor[h] as number) * 1000);
      e.hBalloonMb[h] = balloon;
      e.hSwapMb[h] = si > SOFT ? need - balloon : 0;
      e.hWatts[h] = hostWatts(st.hIdleW[h] as number, st.hPeakW[h] as number, Math.min(1, rho));
    }

    gm.settle(st, e.sessionLoad.dMemMb, hMem, e.hBalloonMb, e.hSwapMb, t);
    e.snapshots.addLoad(e.sIops);
    e.storage.step(st, e.sIops, e.sLatencyMs, e.dIops, t);
  }

  /** What the desktop pass reads (load/desktop-load.ts). */
  private inputs(e: LoadPassEngine): DesktopLoadInputs {
    const sl = e.sessionLoad;
    return {
      uVix: sl.dCpuVix,
      uIo: sl.dIops,
      uKbps: sl.dKbps,
      uMemMb: sl.dMemMb,
      mhzPerVix: e.perf.mhzPerVix,
      hCoreMhz: this.hCoreMhz,
      dWriteShare: e.storage.dWriteShare,
      dHogVcpu: e.faults.dHogVcpu,
      hogs: e.faults.hogs,
      sFull: e.faults.space.sFull,
      gm: e.guestMem,
      poolTenant: e.tenantMem.poolTenant,
      tenantSwapping: e.tenantMem.passReclaiming,
      vmBaseVix: ENGINE_PARAMS.vmBaseVix,
      vmBaseIops: ENGINE_PARAMS.vmBaseIops,
    };
  }

  /** Where the desktop pass writes (the engine's own arrays). */
  private outputs(e: LoadPassEngine): DesktopLoadOutputs {
    return {
      hDemandMhz: e.hDemandMhz,
      hVcpuOn: e.hVcpuOn,
      hMemMb: e.hMemMb,
      hKbps: e.hKbps,
      hSessions: e.hSessions,
      sIops: e.sIops,
      sWriteIops: e.storage.sWriteIops,
      dDemandMhz: e.dDemandMhz,
      dIops: e.dIops,
      dLimited: e.dLimited,
      tHostMemMb: e.tenantMem.hostMb,
    };
  }

  /**
   * Tests (`checkLoad`): the kept-up-to-date pass against every desktop computed afresh by a second
   * instance, bit for bit; throws on the first figure that differs.
   */
  private check(e: LoadPassEngine, inputs: DesktopLoadInputs, got: DesktopLoadOutputs): void {
    const fresh: DesktopLoadOutputs = {
      hDemandMhz: new Float64Array(got.hDemandMhz.length),
      hVcpuOn: new Float64Array(got.hVcpuOn.length),
      hMemMb: new Float64Array(got.hMemMb.length),
      hKbps: new Float64Array(got.hKbps.length),
      hSessions: new Int32Array(got.hSessions.length),
      sIops: new Float64Array(got.sIops.length),
      sWriteIops: new Float64Array(got.sWriteIops.length),
      dDemandMhz: new Float64Array(got.dDemandMhz.length),
      dIops: new Float64Array(got.dIops.length),
      dLimited: new Float32Array(got.dLimited.length),
      tHostMemMb: new Float64Array(got.tHostMemMb.length),
    };
    new DesktopLoad(e.st).update(e.t, inputs, fresh);
    for (const key of Object.keys(fresh) as (keyof DesktopLoadOutputs)[]) {
      const a = got[key];
      const b = fresh[key];
      for (let i = 0; i < a.length; i++)
        if (!Object.is(a[i], b[i])) throw new Error(`desktop load: ${key}[${i}] is ${a[i]} kept up to date, ${b[i]} counted afresh (t=${e.t})`);
    }
    // Guest memory's `mayPage`: the desktops a settle without a balloon walks, as the walk over every session finds them.
    const st = e.st;
    const gm = e.guestMem;
    const want = new Set<number>();
    for (let i = 0; i < st.nSess; i++) {
      const d = st.uDesktop[st.sessList[i] as number] as number;
      if (d < 0 || st.dPower[d] !== P.poweredOn || (st.dSessions[d] as number) === 0) continue;
      const ws = (gm.dOsWsMb[d] as number) + (st.dSessions[d] as number) * (gm.dAppsWsMb[d] as number);
      if (ws * GUEST_MEMORY_PARAMS.headroom > (st.dRamMb[d] as number)) want.add(d);
    }
    for (const d of want) if (!gm.mayPage.has(d)) throw new Error(`desktop load: desktop ${d} can page but is not in mayPage (t=${e.t})`);
    for (const d of gm.mayPage) if (!want.has(d)) throw new Error(`desktop load: desktop ${d} is in mayPage but cannot page (t=${e.t})`);
  }

  /**
   * User experience now: the response time (ms) of a typical action set for
   * every connected session, from the contention it sees (CPU ready, storage
   * latency, swapping). Fills uUxMs and the per-host average hUxMs.
   */
  experience(e: LoadPassEngine): void {
    const st = e.st;
    const { uState, uDesktop, sessList, dHost, dDs } = st;
    const hUx = e.hUxMs;
    const H = hUx.length;
    const hCount = new Int32Array(H);
    // What a host gives each of its sessions, once per host: the CPU time of an action set with no wait (2 vCPUs).
    const hCpuMs = this.uxCpuMs.length === H ? this.uxCpuMs : (this.uxCpuMs = new Float64Array(H));
    for (let h = 0; h < H; h++) hCpuMs[h] = cpuMsUnhindered(e.perf.vixPerCore[h] as number, 2);
    const { depth, deltaGb } = e.snapshots;
    const sLatency = e.sLatencyMs;
    const space = e.faults.space;
    const gm = e.guestMem;
    const pageDeficit = gm.dDeficit;
    const hSwap = gm.hostSwapShares();
    const uUx = e.uUxMs;
    hUx.fill(0);
    uUx.fill(0);
    for (let i = 0; i < st.nSess; i++) {
      const u = sessList[i] as number;
      if (uState[u] === U.disconnected) continue;
      const d = uDesktop[u] as number;
      const h = dHost[d] as number;
      // A VM stunned on a full datastore answers nothing until space is freed (faults/space.ts).
      let ux: number = FAULT_EFFECTS.stunnedResponseMs;
      if (!space.stunned(d)) {
        // A VM reading through a snapshot chain waits longer the larger its active delta grew (faults/params.ts snapshotLatencyMsPerGb).
        const chain = (depth[d] as number) > 0 ? (deltaGb[d] as number) * FAULT_EFFECTS.snapshotLatencyMsPerGb : 0;
        const latencyMs = (sLatency[dDs[d] as number] as number) + chain;
        const swapped = hSwap !== null ? (hSwap[h] as number) : gm.swapShareOf(st, d);
        // actionResponseMs with no co-stop, guest wait or network time, its host's part worked out above.
        ux = responseMsOf(hCpuMs[h] as number, waitShare(e.vmReadyPct(d), 0, 0), latencyMs, pageDeficit[d] as number, swapped, latencyMs, 0);
      }
      uUx[u] = ux;
      hUx[h] = (hUx[h] as number) + ux;
      hCount[h] = (hCount[h] as number) + 1;
    }
    for (let h = 0; h < H; h++) if ((hCount[h] as number) > 0) hUx[h] = (hUx[h] as number) / (hCount[h] as number);
  }
}
