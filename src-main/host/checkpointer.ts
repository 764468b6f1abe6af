import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from '../store/db.ts';
import { sqliteBindingOptions } from '../store/native-binding.ts';

/**
 * WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside
 * a commit and can take tens of milliseconds once the WAL has grown; with the
 * clock running, that would stall requests. So the host turns it off and a
 * worker with its own connection runs PASSIVE checkpoints, which never block
 * the writer. (Plain JavaScript evaluated in the worker: it runs the same under
 * tsx, the built Electron bundle and tests.)
 */
export const CHECKPOINT_INTERVAL_MS = 1000;
/**
 * A host without the clock driver (the CLI, scripts, tests) checkpoints inside its commits, once the WAL
 * holds this many pages (SQLite's default is 1,000), until a clock step outlasts its first commit: the
 * host then starts the worker for the rest of its life (`AppServices.checkpointInBackground`). The
 * scale-10k workday step (`clock-step` 28,800 s, `tmp-dbg/walio.mts`, four alternated pairs): 6.1–6.7 s
 * → 5.4–6.1 s of wall time, and 5.7–6.2 s → 5.1–5.7 s of the main thread's CPU, as the pages the
 * checkpoints read and write no longer go through it. Before that, in the commits: ten times fewer
 * checkpoints than SQLite's default copy the pages a step rewrites over and over (a table's last leaf,
 * the b-trees' upper pages, the engine state's rows) once rather than ten times (the same step's
 * flushing: 1.76–1.93 s → 1.63–1.65 s, three alternated pairs, `tmp-dbg/marks-wd.mts`). The WAL then
 * grows to ≈ 40 MB before a checkpoint. Closing the lab stops the worker first (`Checkpointer.stop`), so
 * the host's close is the last: it checkpoints it all and removes it, and the lab file alone holds the lab.
 */
export const INLINE_CHECKPOINT_PAGES = 10_000;

/**
 * The worker sleeps on a shared word between checkpoints rather than on timers, so `stop` can wake it
 * and wait for its connection to close: [0] is 1 once the host asks it to stop, [1] once it has closed.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const ctl = new Int32Array(workerData.control);
try {
  if (Atomics.load(ctl, 0) === 0) {
    const Database = require(workerData.module);
    const db = new Database(workerData.path, workerData.binding);
    try {
      db.pragma('busy_timeout = 1000');
      while (Atomics.wait(ctl, 0, 0, workerData.intervalMs) === 'timed-out') {
        try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next time */ }
      }
    } finally {
      db.close();
    }
  }
} finally {
  Atomics.store(ctl, 1, 1);
  Atomics.notify(ctl, 1);
}
`;

/** Time `stop` waits at most for the worker to close its connection (it is loading, or in a checkpoint of a few ms). */
export const CHECKPOINTER_STOP_TIMEOUT_MS = 5000;

export interface Checkpointer {
  /**
   * Wakes the worker and waits until its connection is closed, so the host's close that follows is the last
   * one: SQLite then checkpoints the whole WAL into the lab file and removes it, and nothing touches the
   * lab's folder afterwards (a checkpoint under way would make the host's close skip its own).
   */
  stop(): void;
}

export function startCheckpointer(db: Db, dbPath: string, intervalMs = CHECKPOINT_INTERVAL_MS): Checkpointer {
  db.pragma('wal_autocheckpoint = 0');
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const control = new SharedArrayBuffer(8);
  const ctl = new Int32Array(control);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, path: dbPath, intervalMs, binding: sqliteBindingOptions(), control } });
  let failed = false;
  worker.once('error', () => (failed = true));
  worker.unref();
  return {
    stop: () => {
      Atomics.store(ctl, 0, 1);
      Atomics.notify(ctl, 0);
      if (!failed) Atomics.wait(ctl, 1, 0, CHECKPOINTER_STOP_TIMEOUT_MS);
      void worker.terminate();
    },
  };
}
