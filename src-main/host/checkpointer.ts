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

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, workerData.binding);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next time */ }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage('stopped');
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(db: Db, dbPath: string, intervalMs = CHECKPOINT_INTERVAL_MS): Checkpointer {
  db.pragma('wal_autocheckpoint = 0');
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, path: dbPath, intervalMs, binding: sqliteBindingOptions() } });
  worker.unref();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.once('message', () => void worker.terminate().then(() => resolve()));
        worker.once('error', () => resolve());
        worker.postMessage('stop');
        setTimeout(() => void worker.terminate().then(() => resolve()), 2000).unref();
      }),
  };
}
