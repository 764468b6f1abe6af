import { CAPACITY_MEMORY_STATES, type CapacityDefinition } from '../../contract/capacity-entities.ts';
import { type CapacityResult, type CapacitySample } from '../../contract/capacity-results.ts';
import { Engine, ENGINE_PARAMS, P as POWER, U } from '../engine/engine.ts';
import { readyPct } from '../models/cpu.ts';
import { vcpuSpeedVix } from '../models/cpu-perf.ts';
import { actionResponseMs } from '../models/response.ts';
import { FIRST_RUN } from '../models/workloads.ts';
import { PARAMS } from '../params.ts';
import { Prng } from '../prng.ts';
import { CLIENT_DEVICES, NETWORK_PROFILES } from '../../contract/session-entities.ts';
import { analyse } from './analysis.ts';
import { applyDemand, normal } from './demand.ts';
import { buildCapacityLab, workloadsFor } from './lab.ts';
import { CAPACITY_PARAMS } from './params.ts';
import { indexAt, vsiBase, vsiThreshold } from './vsi.ts';

export interface RunOptions {
  /** Called about 100 times per run. */
  onProgress?: (p: { progress: number; launched: number; activeSessions: number; indexMs: number | null }) => void;
}

/** Growable pair of typed arrays for the response samples (time, ms). */
class Samples {
  t = new Float64Array(4096);
  v = new Float32Array(4096);
  n = 0;
  push(t: number, v: number): void {
    if (this.n === this.t.length) {
      const t2 = new Float64Array(this.n * 2);
      t2.set(this.t);
      const v2 = new Float32Array(this.n * 2);
      v2.set(this.v);
      this.t = t2;
      this.v = v2;
    }
    this.t[this.n] = t;
    this.v[this.n] = v;
    this.n++;
  }
}

/** Seconds between curve points: 10 s, or coarser so a long test keeps about CAPACITY_PARAMS.curvePoints points. */
export function curveStepSec(durationSec: number): number {
  const base = CAPACITY_PARAMS.indexStepSec;
  return Math.max(base, Math.ceil(durationSec / CAPACITY_PARAMS.curvePoints / base) * base);
}

/**
 * A capacity test, Login VSI's way: on a fresh lab built from the definition the
 * real engine runs with the workday off; sessions are launched one by one evenly
 * across the timeframe ('arrive' events: the user asks the broker for a
 * connection); every active session times its action set every
 * actionIntervalSec (core/models/response.ts from the contention its VM sees: host
 * ready, co-stop, its own vCPUs' queue, storage latency, guest paging, host swapping, the
 * host NIC's queue; times seeded noise). Pure and deterministic for a definition + seed.
 */
export function runCapacityTest(def: CapacityDefinition, opts: RunOptions = {}): CapacityResult {
  const P = CAPACITY_PARAMS;
  const lab = buildCapacityLab(def, PARAMS.labEpochIso);
  const engine = new Engine(lab, { seed: def.seed, workday: false });
  const st = engine.st;
  // Login VSI's launchers are Windows machines on the LAN next to the hosts: no home, branch or
  // mobile networks (the simulated population's) in a measurement of the hosts.
  const book = engine.broker.book;
  book.homeNet.fill(NETWORK_PROFILES.indexOf(P.launcherNetwork));
  book.homeClient.fill(CLIENT_DEVICES.indexOf(P.launcherClient));
  const N = def.launch.sessions;
  // What each user demands (workload, OS, antivirus, frame rate, vCPUs), with the model's own randomness.
  applyDemand(engine, def, workloadsFor(def), new Prng((def.seed ^ 0x0de3a7d) >>> 0));
  const t0 = engine.t;
  const gap = def.launch.timeframeSec / N;
  const launchAt = new Float64Array(N);
  for (let u = 0; u < N; u++) {
    launchAt[u] = t0 + u * gap;
    engine.queue.schedule(launchAt[u] as number, { kind: 'arrive', user: u });
  }
  const duration = def.launch.timeframeSec + def.launch.steadyStateSec;
  const step = curveStepSec(duration);
  const rng = new Prng((def.seed ^ 0x5ca1ab1e) >>> 0);
  const samples = new Samples();
  const nextSample = new Float64Array(N).fill(Number.POSITIVE_INFINITY);
  const H = st.hCapMhz.length;
  const netMs = new Float64Array(H);
  const curves: CapacitySample[] = [];
  const progressEvery = Math.max(1, Math.floor(duration / 100));
  let launched = 0;
  let lastIndex: number | null = null;
  let stepStart = 0; // first sample of the current curve step
  const logonCounted = new Uint8Array(N); // sessions whose logon duration a curve point has taken

  for (let s = 1; s <= duration; s++) {
    engine.tick(1);
    const t = engine.t;
    while (launched < N && (launchAt[launched] as number) <= t) launched++;
    // Sessions that became active start timing their action set, staggered through the interval.
    let due = false;
    for (let i = 0; i < st.nSess; i++) {
      const u = st.sessList[i] as number;
      if (st.uState[u] !== U.active) continue;
      if (nextSample[u] === Number.POSITIVE_INFINITY) {
        nextSample[u] = t + P.actionIntervalSec * (((u + 1) * 0.6180339887498949) % 1);
        // Login VSI runs with the test users' profiles created beforehand: no first-run burst after the logon.
        if (P.warmProfiles) {
          st.uLogonEnd[u] = t - FIRST_RUN.seconds;
          engine.sessionLoad.touch(u); // its first-run burst is over: count its demand again
        }
      }
      if ((nextSample[u] as number) <= t) due = true;
    }
    if (due) {
      for (let h = 0; h < H; h++) {
        const rho = Math.min((engine.hKbps[h] as number) / ((st.hNicMbps[h] as number) * 1000), P.networkRhoCap);
        netMs[h] = P.networkRoundTrips * P.networkBaseMs * (1 / (1 - rho) - 1);
      }
      for (let i = 0; i < st.nSess; i++) {
        const u = st.sessList[i] as number;
        if (st.uState[u] !== U.active || (nextSample[u] as number) > t) continue;
        const h = st.dHost[st.uDesktop[u] as number] as number;
        const ms = sessionResponseMs(engine, u, netMs[h] as number) * Math.exp(P.noiseSigma * normal(rng));
        samples.push(s, ms);
        nextSample[u] = (nextSample[u] as number) + P.actionIntervalSec;
      }
    }
    if (s % step === 0 || s === duration) {
      const point = snapshot(engine, def, s, launched, samples, stepStart);
      // Logon duration of the sessions whose logon finished in this step (the broker sets it
      // when the shell is up, after all the phases; a failed connection has none).
      let logonSum = 0;
      let logons = 0;
      for (let u = 0; u < launched; u++) {
        if (logonCounted[u] || (st.uLogonSec[u] as number) <= 0) continue;
        logonCounted[u] = 1;
        logonSum += st.uLogonSec[u] as number;
        logons++;
      }
      point.logonSec = logons > 0 ? Math.round((logonSum / logons) * 10) / 10 : null;
      curves.push(point);
      stepStart = samples.n;
    }
    if (opts.onProgress && (s % progressEvery === 0 || s === duration)) {
      lastIndex = indexAt(samples.t, samples.v, samples.n, s);
      opts.onProgress({ progress: s / duration, launched, activeSessions: st.nSess, indexMs: lastIndex === null ? null : Math.round(lastIndex) });
    }
  }

  const vsibase = vsiBase(samples.v.subarray(0, samples.n));
  const threshold = vsiThreshold(vsibase, def.threshold.rule);
  for (const c of curves) {
    const idx = indexAt(samples.t, samples.v, samples.n, c.t);
    c.indexMs = idx === null ? null : Math.round(idx);
  }
  // Stuck: launched but not active after stuckLogonSec (or a logon that took longer); failed: the broker found no desktop.
  let stuck = 0;
  for (let u = 0; u < launched; u++) {
    const state = st.uState[u];
    if (state === U.logon && t0 + duration - (launchAt[u] as number) > P.stuckLogonSec) stuck++;
    else if (state === U.active && (st.uLogonSec[u] as number) > P.stuckLogonSec) stuck++;
  }
  return analyse(def, {
    vsibase: Number.isFinite(vsibase) ? vsibase : 0,
    threshold: Number.isFinite(threshold) ? threshold : 0,
    curves,
    samples: { t: samples.t, v: samples.v, n: samples.n },
    launched,
    stuck,
    failed: engine.broker.failed,
    durationSec: duration,
    sampleSec: step,
  });
}

/** A VM's demand (vix) over its vCPUs' capacity: each vCPU runs at the host's per-thread speed (SMT shares a core). */
export function guestUtilization(engine: Engine, d: number): number {
  const h = engine.st.dHost[d] as number;
  return (engine.dDemandMhz[d] as number) / (engine.perf.mhzPerVix[h] as number) / guestCapacityVix(engine, d);
}

/** What user u's own session demands now (vix): the engine's work loop, read the same way (core/engine/engine.ts computeLoad). */
export function ownDemandVix(engine: Engine, u: number): number {
  const st = engine.st;
  if (st.uState[u] === U.logon) return (st.uCpuVix[u] as number) * 1.2;
  if (st.uState[u] !== U.active) return 0;
  const x = engine.t * (st.uLoopInv[u] as number) + (st.uPhase[u] as number);
  return x - Math.floor(x) < (st.uShare[u] as number) ? (st.uCpuVix[u] as number) : (st.uIdleVix[u] as number);
}

/**
 * Waiting inside the guest (% of the time): a VM has only its own vCPUs, and what else runs on
 * them — the other sessions of a shared session host, a desktop's own background — queues like
 * the host's model (core/models/cpu.ts readyPct with c = vCPUs). The user's own action does not
 * wait for itself. This is what saturates a depth-first session host without a session limit.
 */
export function guestWaitPct(engine: Engine, d: number, ownVix: number): number {
  if (!CAPACITY_PARAMS.guestCpuQueue) return 0;
  const own = ownVix / Math.max(1e-9, guestCapacityVix(engine, d));
  return readyPct(Math.max(0, guestUtilization(engine, d) - own), engine.st.dVcpu[d] as number, 1, ENGINE_PARAMS.readyActivity);
}

/** The VM's vCPUs' throughput now (vix). */
function guestCapacityVix(engine: Engine, d: number): number {
  const h = engine.st.dHost[d] as number;
  const perf = engine.perf;
  return (engine.st.dVcpu[d] as number) * vcpuSpeedVix(perf.vixPerCore[h] as number, perf.smt[h] === 1, Math.min(1, (engine.hCpuPct[h] as number) / 100));
}

/**
 * Co-stop (%CSTP): on a busy host the vCPUs of a wide VM wait for each other to be
 * co-scheduled, growing with the VM's extra vCPUs, the host's utilization squared and the
 * host's vCPU over-commitment (none when vCPUs ≤ threads, as on a well-sized RDSH host).
 * This is why 2 vCPU is the VDI sweet spot; it costs response time like ready time.
 */
export function coStopPct(vcpu: number, hostCpuPct: number, vcpuPerThread: number): number {
  const rho = Math.min(1, hostCpuPct / 100);
  const overcommit = Math.min(1, Math.max(0, vcpuPerThread - 1) / CAPACITY_PARAMS.coStopFullAtVcpuPerThread);
  return CAPACITY_PARAMS.coStopPerExtraVcpuPct * Math.max(0, vcpu - 1) * rho * rho * overcommit;
}

function vmCoStopPct(engine: Engine, d: number): number {
  const h = engine.st.dHost[d] as number;
  const perThread = ((engine.hVcpuOn[h] as number) + (engine.perf.cvmVcpu[h] as number)) / (engine.st.hLogical[h] as number);
  return coStopPct(engine.st.dVcpu[d] as number, engine.hCpuPct[h] as number, perThread);
}

/** The response time (ms) of one action set on desktop d now, before the sample noise (core/models/response.ts). */
export function sessionResponseMs(engine: Engine, u: number, networkMs: number): number {
  const st = engine.st;
  const d = st.uDesktop[u] as number;
  const h = st.dHost[d] as number;
  const latencyMs = engine.sLatencyMs[st.dDs[d] as number] as number;
  return actionResponseMs({
    vixPerCore: engine.perf.vixPerCore[h] as number,
    readyPct: engine.vmReadyPct(d),
    coStopPct: vmCoStopPct(engine, d),
    guestWaitPct: guestWaitPct(engine, d, ownDemandVix(engine, u)),
    vcpu: st.dVcpu[d] as number,
    latencyMs,
    pageDeficit: engine.guestMem.dDeficit[d] as number,
    swappedShare: engine.guestMem.hSwapShare[h] as number,
    swapLatencyMs: latencyMs,
    networkMs,
  });
}

/** The curve point at second s: the worst host for CPU, memory and NIC; the datastore; the responses timed in this step. */
function snapshot(engine: Engine, def: CapacityDefinition, s: number, launched: number, samples: Samples, from: number): CapacitySample {
  const st = engine.st;
  let vmCpu = 0;
  // Desktops powered on for the launcher that have no user yet: an estate where every desktop has its user has none.
  const waitingMhz = new Float64Array(st.hCapMhz.length);
  const guestMhz = new Float64Array(st.hCapMhz.length);
  const single = def.sessionHost.kind === 'single-session';
  for (let d = 0; d < st.dHost.length; d++) {
    if (st.dPower[d] === POWER.poweredOn) guestMhz[st.dHost[d] as number] = (guestMhz[st.dHost[d] as number] as number) + (engine.dDemandMhz[d] as number);
    if ((st.dSessions[d] as number) === 0) {
      if (single && st.dPower[d] === POWER.poweredOn) {
        const h = st.dHost[d] as number;
        waitingMhz[h] = (waitingMhz[h] as number) + (engine.dDemandMhz[d] as number);
      }
      continue;
    }
    vmCpu = Math.max(vmCpu, 100 * guestUtilization(engine, d));
  }
  let cpu = 0;
  let cpuInUse = 0;
  let ready = 0;
  let mem = 0;
  let memState = 0;
  let swap = 0;
  let net = 0;
  for (let h = 0; h < st.hCapMhz.length; h++) {
    cpu = Math.max(cpu, engine.hCpuPct[h] as number);
    const inUse = engine.perf.used(h, (guestMhz[h] as number) - (waitingMhz[h] as number));
    cpuInUse = Math.max(cpuInUse, Math.min(100, (100 * inUse) / (st.hCapMhz[h] as number)));
    ready = Math.max(ready, engine.hReadyPct[h] as number);
    mem = Math.max(mem, (100 * (engine.hMemMb[h] as number)) / (st.hRamMb[h] as number));
    memState = Math.max(memState, engine.hMemState[h] as number);
    swap += engine.hSwapMb[h] as number;
    net = Math.max(net, (100 * (engine.hKbps[h] as number)) / ((st.hNicMbps[h] as number) * 1000));
  }
  let sum = 0;
  for (let i = from; i < samples.n; i++) sum += samples.v[i] as number;
  const n = samples.n - from;
  const offered = engine.sIops[0] as number;
  const writes = engine.storage.sWriteIops[0] as number;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    t: s,
    activeSessions: st.nSess,
    launched,
    logonSec: null,
    responseMs: n > 0 ? Math.round(sum / n) : 0,
    indexMs: null,
    cpuPct: r1(cpu),
    cpuInUsePct: r1(cpuInUse),
    readyPct: r1(ready),
    vmCpuPct: r1(vmCpu),
    memPct: r1(mem),
    memState: CAPACITY_MEMORY_STATES[memState] ?? 'low',
    swappedMb: Math.round(swap),
    storageLatencyMs: Math.round((engine.sLatencyMs[0] as number) * 100) / 100,
    iops: Math.round(engine.storage.sServedIops[0] as number),
    offeredIops: Math.round(offered),
    writeIops: Math.round(writes),
    storagePct: r1(100 * (engine.storage.sRho[0] as number)),
    networkPct: Math.round(net * 100) / 100,
  };
}
