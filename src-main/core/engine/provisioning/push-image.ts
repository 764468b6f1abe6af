import type { EngineCore } from '../core.ts';
import { M, U } from '../state.ts';
import type { DurableArray, DurablePart } from '../durable/state.ts';
import type { Remap } from '../durable/remap.ts';

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

/** A push that ended, at the moment it did: every machine on the new version (or failed), or stopped on its first error. */
/** A forced push's warning, given to the users of the pool's machines in use when the push starts. */
export interface PushWarning {
  pool: number;
  at: number;
  graceSec: number;
  /** The users warned (those with a session on a machine not on the new version). */
  users: number[];
  seq: number;
}

export interface PushEnd {
  pool: number;
  version: number;
  ok: boolean;
  done: number;
  total: number;
  at: number;
  /** Its place among the engine's notes (the event log's order). */
  seq: number;
}

interface PushSaved {
  /** Push-image tasks the engine runs: task id → pool. */
  tasks: [string, number][];
}

export class PushImage implements DurablePart<PushSaved> {
  readonly key = 'push';
  /** Target version (index into the engine's version ids) per pool, -1 without an active push. */
  readonly target: Int32Array;
  private readonly stopOnError: Uint8Array;
  /** Machines whose recompose failed during the pool's current push. */
  private readonly errorCount: Int32Array;
  /** The push-image tasks the engine runs (task id → pool); the host adopts new ones and drops cancelled ones. */
  readonly tasks = new Map<string, number>();
  errors: PushError[] = [];
  ends: PushEnd[] = [];
  warnings: PushWarning[] = [];

  constructor(private readonly e: EngineCore) {
    const n = e.st.pDesktops.length;
    this.target = new Int32Array(n).fill(-1);
    this.stopOnError = new Uint8Array(n);
    this.errorCount = new Int32Array(n);
  }

  arrays(): DurableArray[] {
    return [
      { name: 'push.target', array: this.target, domain: 'pool', values: 'version' },
      { name: 'push.stopOnError', array: this.stopOnError, domain: 'pool' },
      { name: 'push.errorCount', array: this.errorCount, domain: 'pool' },
    ];
  }

  save(): PushSaved {
    return { tasks: [...this.tasks] };
  }

  load(s: PushSaved | undefined, map: Remap): void {
    this.tasks.clear();
    for (const [id, p] of s?.tasks ?? []) if (map.to('pool', p) >= 0) this.tasks.set(id, map.to('pool', p));
  }

  /** Starts a push at `at` (an event at the start time calls this for scheduled pushes). */
  start(p: number, version: number, opts: PushOptions, at: number): void {
    this.target[p] = version;
    this.stopOnError[p] = opts.stopOnError ? 1 : 0;
    this.errorCount[p] = 0;
    for (const d of this.e.st.pDesktops[p] as Int32Array) this.recomposeIfIdle(d);
    this.e.provisioner.fill(p, at);
    if (opts.force) {
      this.e.queue.schedule(at + opts.graceSec, { kind: 'push-force', pool: p });
      // Horizon's "warn users before forced logoff": every session on a machine the push must take sees the message now.
      const st = this.e.st;
      const users: number[] = [];
      for (let i = 0; i < st.nSess; i++) {
        const u = st.sessList[i] as number;
        const d = st.uDesktop[u] as number;
        if (st.dPool[d] === p && st.dVersion[d] !== version && st.uState[u] !== U.none) users.push(u);
      }
      this.warnings.push({ pool: p, at, graceSec: opts.graceSec, users, seq: this.e.journal.next() });
    }
    this.check(p, at);
  }

  /** Stops the pool's push: machines queued but not yet being re-cloned stay on their current version. */
  cancel(p: number): void {
    this.target[p] = -1;
    const st = this.e.st;
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
    this.check(p, at);
  }

  /** A recompose failed: with stop on first error the push ends here. */
  error(d: number, reason: string, at: number): void {
    const p = this.e.st.dPool[d] as number;
    const version = this.target[p] as number;
    if (version === -1) return;
    this.errors.push({ pool: p, desktop: d, reason });
    this.errorCount[p] = (this.errorCount[p] as number) + 1;
    if (this.stopOnError[p]) {
      const { done, total } = this.progress(p, version);
      this.cancel(p);
      this.end(p, version, false, done, total, at);
      return;
    }
    this.check(p, at);
  }

  /** The push of pool p ended: its task leaves the engine, the event log tells it. */
  private end(p: number, version: number, ok: boolean, done: number, total: number, at: number): void {
    this.target[p] = -1;
    for (const [id, pool] of [...this.tasks]) if (pool === p) this.tasks.delete(id);
    this.ends.push({ pool: p, version, ok, done, total, at, seq: this.e.journal.next() });
  }

  /** Ends the pool's push when every machine is on the new version or failed, and none is being recomposed. */
  check(p: number, at: number): void {
    const version = this.target[p] as number;
    if (version < 0) return;
    const { done, total, inFlight } = this.progress(p, version);
    if (inFlight > 0 || done + (this.errorCount[p] as number) < total) return;
    this.end(p, version, true, done, total, at);
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
      // A machine that failed on the new version (customization error) is counted in the push's errors, not as done.
      if (st.dVersion[d] === version && st.dState[d] !== M.PROVISIONING && st.dState[d] !== M.CUSTOMIZING && st.dState[d] !== M.ERROR) done++;
      if (st.dState[d] === M.PROVISIONING || st.dState[d] === M.CUSTOMIZING) inFlight++;
    }
    return { done, total, inFlight };
  }

  /** Hands over errors and ends since the last call (the host writes them to the push tasks). */
  drain(): { errors: PushError[]; ends: PushEnd[]; warnings: PushWarning[] } {
    const out = { errors: this.errors, ends: this.ends, warnings: this.warnings };
    this.errors = [];
    this.ends = [];
    this.warnings = [];
    return out;
  }
}
