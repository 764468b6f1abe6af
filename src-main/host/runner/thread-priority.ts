import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * The scheduling priority of the simulation's worker thread (issue 18: the front never waits on the
 * simulation). On a machine with fewer free cores than runnable threads, serve's front thread (HTTP,
 * WebSocket, the read-only reader) spends most of its waiting time ready to run with no core. Linux
 * niceness is per thread, so the worker can lower its own and let the front win a core it shares
 * with our simulation: by the kernel's weight table (kernel/sched/core.c sched_prio_to_weight) nice 0
 * weighs 1024 and nice 10 weighs 110, so the front would be entitled to ≈ 90 % of a shared core.
 *
 * Measured (bench serve-loop, scale-10k at max, 2026-12-06, the shared 2-core machine at load 10–13,
 * eight back-to-back pairs niceness 0 / 10, two of them pinned to one core with taskset): the
 * front's loop-delay p99 was lower at nice 10 in 5 of 6 pairs (7.4 → 5.7, 7.1 → 5.6, 13.8 → 11.0,
 * 6.3 → 7.5, 9.3 → 8.5, 14.9 → 10.0 ms), its max was not (worse in 4 of 6), and what the worker
 * answers got slower in 5 of 6 (the clock-get + session-live poll's p50: 28 → 34, 12 → 29, 26 → 44,
 * 22 → 46, 33 → 59, 62 → 48 ms): the other programs on the machine, at nice 0, then win the worker's
 * core too. Every request of the console's pages except the reader's lists goes to the worker, so
 * that trade makes the console slower, not faster: the default stays at the front's priority (0).
 * `niceness` (WorkerHostOptions) or VDI_CONSOLE_WORKER_NICE lowers it where the front's own latency
 * is what counts (a server answering scripts' REST pages next to a simulation at max speed).
 */
export const WORKER_PRIORITY = {
  /** The worker's niceness unless asked otherwise: the front's own (see above for why not lower). */
  niceness: 0,
  /** The most a caller may ask for (Linux's range ends at 19). */
  maxNiceness: 19,
} as const;

/** `VDI_CONSOLE_WORKER_NICE` (0–19) overrides the worker's niceness, to compare (bench serve-loop); anything else is ignored. */
export function workerNicenessFrom(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.VDI_CONSOLE_WORKER_NICE;
  if (raw === undefined || !/^\d{1,2}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= WORKER_PRIORITY.maxNiceness ? n : undefined;
}

/** This thread's kernel id on Linux (`/proc/thread-self` → `<pid>/task/<tid>`), else null. */
export function threadId(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/**
 * Lowers the calling thread's priority to `niceness` (never raises it: that needs privileges, and a
 * console started with `nice` keeps what it was given). Linux only; anything that fails is ignored,
 * the thread runs as it was. Returns the thread's niceness afterwards, or null where unknown.
 */
export function lowerThisThreadPriority(niceness: number): number | null {
  const tid = threadId();
  if (tid === null) return null;
  try {
    const now = getPriority(tid);
    const want = Math.min(WORKER_PRIORITY.maxNiceness, Math.max(0, Math.trunc(niceness)));
    if (want > now) setPriority(tid, want);
    return getPriority(tid);
  } catch {
    return null;
  }
}
