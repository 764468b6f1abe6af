import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { CapacityDefinition } from '../../contract/capacity-entities.ts';
import type { CapacityProgress, CapacityResult, CapacityRunState } from '../../contract/capacity-results.ts';
import type { PushMessage } from '../../contract/methods.ts';
import type { Db } from '../../store/db.ts';
import { appendEvent } from '../../store/events.ts';
import { appendEventNote } from '../../store/action-log.ts';
import { finishCapacityRun, getCapacityRunSummary, markCapacityRunStarted, markInterruptedCapacityRuns } from '../../store/capacity.ts';
import type { RunProgress, WorkerReply, WorkerRequest } from './protocol.ts';

/**
 * Where the worker's code is. From TypeScript sources (tsx, vitest) a small .mjs
 * registers tsx in the new thread first; in the built CLI (out/cli, scripts/cli-build.mjs) and
 * the Electron bundle (out/main, electron.config.ts) the worker is its own entry,
 * capacity-worker.js, next to the chunk that asks.
 */
export function capacityWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('./worker-boot.mjs', here) : new URL('./capacity-worker.js', here);
}

interface Slot {
  worker: Worker | null;
  runId: string | null;
}

export interface CapacityServiceOptions {
  /** Worker threads at most (default: the machine's available parallelism). */
  parallelism?: number;
  /** The lab's simulated time, for the events a finished run writes. */
  simTime: () => string;
}

/**
 * Runs capacity tests in a pool of worker threads: a queue, progress pushes,
 * cancel (terminate the thread), results into the store. A sweep queues one job
 * per configuration and the pool runs them across the cores.
 */
export class CapacityService {
  private readonly queue: { runId: string; definition: CapacityDefinition }[] = [];
  private readonly slots: Slot[];
  private readonly live = new Map<string, CapacityProgress>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private readonly lastPush = new Map<string, number>(); // performance.now() of the last progress push
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly wallClock: () => Date,
    private readonly publish: (pushes: PushMessage[]) => void,
    private readonly opts: CapacityServiceOptions,
  ) {
    const n = Math.max(1, opts.parallelism ?? availableParallelism());
    this.slots = Array.from({ length: n }, () => ({ worker: null, runId: null }));
    // Runs a crash left "running" are never shown as running.
    markInterruptedCapacityRuns(db, wallClock().toISOString());
  }

  /** Queues a run whose row is already written (the caller's transaction); it starts after the commit. */
  enqueue(runId: string, definition: CapacityDefinition): void {
    this.queue.push({ runId, definition });
    this.live.set(runId, { runId, sweepId: null, state: 'queued', progress: 0, launched: 0, activeSessions: 0, indexMs: null, error: null });
    setImmediate(() => this.pump());
  }

  /** Live progress of a queued or running run (the store has the rest). */
  progressOf(runId: string): CapacityProgress | undefined {
    return this.live.get(runId);
  }

  isActive(runId: string): boolean {
    return this.queue.some((j) => j.runId === runId) || this.slots.some((s) => s.runId === runId);
  }

  /** Stops a queued or running run; writes its state (inside the caller's transaction). */
  cancel(runId: string): boolean {
    const qi = this.queue.findIndex((j) => j.runId === runId);
    if (qi >= 0) this.queue.splice(qi, 1);
    const slot = this.slots.find((s) => s.runId === runId);
    if (slot) {
      void slot.worker?.terminate();
      slot.worker = null;
      slot.runId = null;
    }
    if (qi < 0 && !slot) return false;
    this.finish(runId, 'cancelled', null, null, 'Cancelled by the user.');
    setImmediate(() => this.pump());
    return true;
  }

  /** Resolves when the run is no longer queued or running, or after `ms`. */
  waitFor(runId: string, ms: number): Promise<void> {
    if (!this.isActive(runId) || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      const list = this.waiters.get(runId) ?? [];
      list.push(done);
      this.waiters.set(runId, list);
    });
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    for (const s of this.slots) {
      void s.worker?.terminate();
      s.worker = null;
      s.runId = null;
    }
    for (const list of this.waiters.values()) for (const w of list) w();
    this.waiters.clear();
  }

  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (slot.runId !== null) continue;
      const job = this.queue.shift();
      if (!job) break;
      const row = getCapacityRunSummary(this.db, job.runId);
      if (!row || row.state !== 'queued') {
        this.live.delete(job.runId);
        continue; // deleted or cancelled meanwhile
      }
      markCapacityRunStarted(this.db, job.runId, this.wallClock().toISOString());
      const worker = slot.worker ?? this.spawn(slot);
      worker.ref();
      slot.runId = job.runId;
      const p = this.live.get(job.runId);
      if (p) {
        p.state = 'running';
        p.sweepId = row.sweepId;
        this.push(p, true);
      }
      const msg: WorkerRequest = { type: 'run', runId: job.runId, definition: job.definition };
      worker.postMessage(msg);
    }
  }

  private spawn(slot: Slot): Worker {
    const worker = new Worker(capacityWorkerUrl());
    slot.worker = worker;
    worker.on('message', (m: WorkerReply) => {
      if (slot.worker !== worker || slot.runId !== m.runId) return; // a cancelled job's late message
      if (m.type === 'progress') return this.onProgress(m.runId, m);
      slot.runId = null;
      worker.unref(); // an idle worker must not keep the process alive
      if (m.type === 'done') this.finish(m.runId, 'completed', m.result, m.wallMs, null);
      else this.finish(m.runId, 'failed', null, null, m.message);
      this.pump();
    });
    worker.on('error', (err) => {
      const runId = slot.runId;
      if (slot.worker === worker) {
        slot.worker = null;
        slot.runId = null;
      }
      if (runId) this.finish(runId, 'failed', null, null, `The capacity worker failed: ${err.message}`);
      this.pump();
    });
    worker.on('exit', () => {
      if (slot.worker !== worker) return;
      const runId = slot.runId;
      slot.worker = null;
      slot.runId = null;
      if (runId && !this.closed) this.finish(runId, 'failed', null, null, 'The capacity worker stopped unexpectedly.');
    });
    return worker;
  }

  private onProgress(runId: string, p: RunProgress): void {
    const live = this.live.get(runId);
    if (!live) return;
    live.progress = p.progress;
    live.launched = p.launched;
    live.activeSessions = p.activeSessions;
    live.indexMs = p.indexMs;
    this.push(live, false);
  }

  /** Progress pushes at most every 200 ms per run; state changes always. */
  private push(p: CapacityProgress, force: boolean): void {
    const now = performance.now(); // real time, whatever the injected wall clock says
    if (!force && now - (this.lastPush.get(p.runId) ?? 0) < 200) return;
    this.lastPush.set(p.runId, now);
    this.publish([{ topic: 'capacity-progress', payload: { ...p } }]);
  }

  private finish(
    runId: string,
    state: Exclude<CapacityRunState, 'queued' | 'running'>,
    result: CapacityResult | null,
    wallMs: number | null,
    error: string | null,
  ): void {
    const live = this.live.get(runId);
    this.live.delete(runId);
    this.lastPush.delete(runId);
    if (this.closed) return;
    try {
      const row = getCapacityRunSummary(this.db, runId);
      const pushes: PushMessage[] = [];
      this.db.transaction(() => {
        finishCapacityRun(this.db, runId, { state, at: this.wallClock().toISOString(), wallMs, error, result });
        if (row && state !== 'cancelled') {
          const what = result
            ? result.vsimaxReached
              ? `VSImax ${result.vsimax} sessions; ${result.bottleneck.sentence}`
              : `VSImax not reached with ${result.sessionsLaunched} sessions`
            : (error ?? state);
          const ev = appendEvent(
            this.db,
            {
              type: state === 'completed' ? 'info' : 'error',
              severity: state === 'completed' ? 'info' : 'warning',
              objectKind: 'lab',
              objectId: null,
              objectName: row.name,
              user: 'system',
              message: `Capacity test "${row.name}" (${runId}) ${state}: ${what}`,
            },
            this.opts.simTime(),
            this.wallClock().toISOString(),
          );
          // Not a request of the action log: the row is kept there as a note, so a replay writes it too (app/replay).
          appendEventNote(this.db, { ...ev, key: null }, this.wallClock().toISOString());
          pushes.push({ topic: 'event-added', payload: ev });
        }
      })();
      const progress: CapacityProgress = {
        runId,
        sweepId: row?.sweepId ?? live?.sweepId ?? null,
        state,
        progress: state === 'completed' ? 1 : (live?.progress ?? 0),
        launched: result?.sessionsLaunched ?? live?.launched ?? 0,
        activeSessions: live?.activeSessions ?? 0,
        indexMs: live?.indexMs ?? null,
        error,
      };
      pushes.push({ topic: 'capacity-progress', payload: progress });
      this.publish(pushes);
    } catch {
      // The store was closed under us (host shutting down): the run is marked interrupted on the next open.
    }
    for (const w of this.waiters.get(runId) ?? []) w();
    this.waiters.delete(runId);
  }
}
