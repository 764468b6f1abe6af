/**
 * Response time of a user's action set (what Login VSI times, what a user feels), from the
 * contention the session sees (issue 13; notes: calibration design §3):
 *
 *   R = fixedMs + cpuMsAtRef × (10 / vixPerCore) × (1 + waitWeight × w / (1 − w))
 *       + ioRoundTrips × L + pageFaults × δ² × L + swapFaults × swapped × L + network
 *
 * w is the share of time the VM's runnable vCPUs wait (host ready + co-stop + the guest's own run
 * queue, each 0–1, capped at maxWait); L the datastore latency (ms); δ the guest's RAM deficit
 * against its working set (guest paging); swapped the share of the VM's memory the host swapped.
 * A uniform slowdown raises VSIbase and hardly moves VSImax; what moves VSImax is a cost that grows
 * with load — CPU wait, a filling array's queue, paging onto it, host swapping, a NIC queue.
 *
 * | parameter | value | kind | source |
 * |---|---|---|---|
 * | `fixedMs` | 250 | fit | two-point fit to NetApp TR-4861 VSIbase 799 ms (Gold 6130, 6.37 vix per core) and 763 ms (Gold 6252, 6.81) |
 * | `cpuMsAtRef` | 350 ms at 10 vix per core | fit | same fit; scales with 10 / vix per core (a faster core finishes the work sooner) |
 * | `waitWeight` | see CALIBRATION.md | fit | puts the +1,000 ms VSImax crossing near host ρ 0.95 with the engine's ready model (design §3); an interactive action waits at every wake-up, so it suffers more than the mean ready share |
 * | `ioRoundTrips` | 30 | existing | storage round trips per action set (the engine's former uxIoPerAction) |
 * | `pageFaultsAtFullDeficit` | 1,500 | est | page-ins per action set at δ = 1, scaled by δ² |
 * | `swapFaultsPerSwappedShare` | 50,000 | est | the host swaps pages it picks without knowing which the guest uses, so a swapped share s of a VM's memory is s of its hot pages too: an action set touches ≈ 50,000 distinct pages (≈ 10 % of a 2 GB working set) and faults on s of them, each at the swap datastore's latency. Steep, as swapping is in practice |
 * | `parallelShare` / `parallelThreads` | 0.3 / 2 | est | part of an action set's CPU work runs in a second thread (rendering, scripting, scanning): a 1-vCPU desktop does it one after the other (+18 % CPU time against 2 vCPU, to which the fit is normalised); more vCPUs do not help beyond 2 |
 * | `maxWait` | 0.95 | — | the wait share is capped so the response stays finite |
 */
export const RESPONSE_PARAMS = {
  fixedMs: 250,
  cpuMsAtRef: 350,
  refVixPerCore: 10,
  waitWeight: 14,
  ioRoundTrips: 30,
  pageFaultsAtFullDeficit: 1500,
  swapFaultsPerSwappedShare: 50_000,
  parallelShare: 0.3,
  parallelThreads: 2,
  maxWait: 0.95,
};

/** CPU time of an action set on `vcpu` vCPUs relative to 2 (the calibration's desktops and session hosts). */
/** Amdahl's time share on n vCPUs (module level: a closure made per call costs more than the sum, on every session sample). */
function parallelTime(n: number): number {
  const p = RESPONSE_PARAMS;
  return 1 - p.parallelShare + p.parallelShare / Math.min(Math.max(1, n), p.parallelThreads);
}

export function vcpuTimeFactor(vcpu: number): number {
  return parallelTime(vcpu) / parallelTime(2);
}

export interface ResponseInputs {
  vixPerCore: number;
  /** Host CPU ready of the VM (%, per vCPU). */
  readyPct: number;
  /** Co-stop (%) and the guest's own run-queue wait (%). */
  coStopPct: number;
  guestWaitPct: number;
  latencyMs: number;
  /** Guest RAM deficit against the working set (0–1). */
  pageDeficit: number;
  /** Share of the VM's memory the host swapped (0–1), and the swap file's latency (ms). */
  swappedShare: number;
  swapLatencyMs: number;
  networkMs: number;
  /** The VM's vCPUs (default 2). */
  vcpu?: number;
}

/** The CPU wait share w (0–maxWait) from the three waits, each a % of the time. */
export function waitShare(readyPct: number, coStopPct: number, guestWaitPct: number): number {
  return Math.min(RESPONSE_PARAMS.maxWait, Math.max(0, (readyPct + coStopPct + guestWaitPct) / 100));
}

export function actionResponseMs(x: ResponseInputs): number {
  return responseMsOf(
    cpuMsUnhindered(x.vixPerCore, x.vcpu ?? 2),
    waitShare(x.readyPct, x.coStopPct, x.guestWaitPct),
    x.latencyMs,
    x.pageDeficit,
    x.swappedShare,
    x.swapLatencyMs,
    x.networkMs,
  );
}

/** The CPU time (ms) of an action set with no wait, on a core of `vixPerCore` and `vcpu` vCPUs: the same for every VM of a host. */
export function cpuMsUnhindered(vixPerCore: number, vcpu: number): number {
  const p = RESPONSE_PARAMS;
  return p.cpuMsAtRef * (p.refVixPerCore / Math.max(0.5, vixPerCore)) * vcpuTimeFactor(vcpu);
}

/**
 * `actionResponseMs` from its parts: the CPU time with no wait (`cpuMsUnhindered`) and the wait share (`waitShare`),
 * so a pass over 10,000 sessions works out the host's part once per host.
 */
export function responseMsOf(
  cpuMs: number,
  w: number,
  latencyMs: number,
  pageDeficit: number,
  swappedShare: number,
  swapLatencyMs: number,
  networkMs: number,
): number {
  const p = RESPONSE_PARAMS;
  const cpu = cpuMs * (1 + (p.waitWeight * w) / (1 - w));
  const d = Math.min(1, Math.max(0, pageDeficit));
  return (
    p.fixedMs +
    cpu +
    p.ioRoundTrips * latencyMs +
    p.pageFaultsAtFullDeficit * d * d * latencyMs +
    p.swapFaultsPerSwappedShare * Math.max(0, swappedShare) * swapLatencyMs +
    networkMs
  );
}
