import type { Engine } from '../engine.ts';
import { M, U } from '../state.ts';

/**
 * Push image (Horizon) / update machine catalog (Citrix), in the engine.
 * | machine                         | wait for logoff        | force logoff                          |
 * |---------------------------------|------------------------|---------------------------------------|
 * | unused                          | recomposed at once     | recomposed at once                    |
 * | in use                          | recomposed at logoff   | users warned; logged off after grace  |
 * | recompose fails (datastore full) | stop on first error: the push stops; otherwise it goes on |
 * Recomposition is a re-clone from the new version: the pool's provisioning
 * concurrency and clone timings apply.
 */
const RECOMPOSABLE = new Set<number>([M.AVAILABLE, M.CUSTOMIZING, M.ALREADY_USED, M.AGENT_UNREACHABLE, M.ERROR, M.PROVISIONING_ERROR]);

export interface PushOptions {
  force: boolean;
  graceSec: number;
  stopOnError: boolean;
}

export interface PushError {
  pool: number;
  desktop: number;
  reason: string;
}

export class PushImage {
  /** Target version (index into the engine's version ids) per pool, -1 without an active push. */
  readonly target: Int32Array;
  private readonly stopOnError: Uint8Array;
  readonly failed: Uint8Array;
  errors: PushError[] = [];

  constructor(private readonly e: Engine) {
    const n = e.st.pDesktops.length;
    this.target = new Int32Array(n).fill(-1);
    this.stopOnError = new Uint8Array(n);
    this.failed = new Uint8Array(n);
  }

  /** Starts a push at `at` (an event at the start time calls this for scheduled pushes). */
  start(p: number, version: number, opts: PushOptions, at: number): void {
    this.target[p] = version;
    this.stopOnError[p] = opts.stopOnError ? 1 : 0;
    this.failed[p] = 0;
    for (const d of this.e.st.pDesktops[p] as Int32Array) this.recomposeIfIdle(d);
    this.e.provisioner.fill(p, at);
    if (opts.force) this.e.queue.schedule(at + opts.graceSec, { kind: 'push-force', pool: p });
  }

  cancel(p: number): void {
    this.target[p] = -1;
    const st = this.e.st;
    // Machines queued but not yet being re-cloned stay on their current version.
    for (const d of st.pDesktops[p] as Int32Array) {
      if (st.dState[d] === M.PROVISIONING && this.e.provisioner.stage[d] === 0 && (st.dVersion[d] as number) >= 0) {
        st.dState[d] = M.AVAILABLE;
        this.e.broker.dirtyDesktops.add(d);
      }
    }
  }

  /** The version a machine gets when its clone starts. */
  versionFor(d: number): number {
    const t = this.target[this.e.st.dPool[d] as number] as number;
    return t >= 0 ? t : (this.e.st.dVersion[d] as number);
  }

  /** Called when a machine is free again (logoff, refresh due): true if push image took it. */
  recomposeIfIdle(d: number): boolean {
    const st = this.e.st;
    const p = st.dPool[d] as number;
    const t = this.target[p] as number;
    if (t < 0 || st.dVersion[d] === t || (st.dSessions[d] as number) > 0) return false;
    // Problem machines are recreated from the new version too (that is how a push fixes them); maintenance ones wait.
    if (!RECOMPOSABLE.has(st.dState[d] as number)) return false;
    st.dState[d] = M.PROVISIONING;
    this.e.broker.dirtyDesktops.add(d);
    return true;
  }

  /** Grace period over: log off every session on a machine not yet on the new version. */
  force(p: number, at: number): void {
    const t = this.target[p] as number;
    if (t < 0) return;
    const st = this.e.st;
    for (let i = st.nSess - 1; i >= 0; i--) {
      const u = st.sessList[i] as number;
      const d = st.uDesktop[u] as number;
      if (st.dPool[d] === p && st.dVersion[d] !== t && st.uState[u] !== U.none)
        this.e.broker.forceLogoff(u, at, 'push image: forced logoff after the grace period');
    }
    this.e.provisioner.fill(p, at);
  }

  /** A recompose failed: with stop on first error the push ends here. */
  error(d: number, reason: string): void {
    const p = this.e.st.dPool[d] as number;
    if (this.target[p] === -1) return;
    this.errors.push({ pool: p, desktop: d, reason });
    if (this.stopOnError[p]) {
      this.failed[p] = 1;
      this.cancel(p);
    }
  }

  /** Machines of pool p on the target version, and all machines of p. */
  progress(p: number, version: number): { done: number; total: number; inFlight: number } {
    const st = this.e.st;
    let done = 0;
    let inFlight = 0;
    let total = 0;
    for (const d of st.pDesktops[p] as Int32Array) {
      if (st.dState[d] === M.MAINTENANCE) continue; // not updated until it leaves maintenance mode
      total++;
      if (st.dVersion[d] === version && st.dState[d] !== M.PROVISIONING && st.dState[d] !== M.CUSTOMIZING) done++;
      if (st.dState[d] === M.PROVISIONING || st.dState[d] === M.CUSTOMIZING) inFlight++;
    }
    return { done, total, inFlight };
  }
}
