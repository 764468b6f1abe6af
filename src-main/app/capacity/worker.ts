import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { runCapacityTest } from '../../core/capacity/run.ts';
import type { WorkerReply, WorkerRequest } from './protocol.ts';

// A capacity run in a worker thread: the thread that answers the UI never runs
// the simulation. One job at a time; the service terminates the thread to cancel.

const port = parentPort;
if (!port) throw new Error('capacity worker: not started as a worker thread');
const post = (m: WorkerReply) => port.postMessage(m);

port.on('message', (msg: WorkerRequest) => {
  if (msg.type !== 'run') return;
  const t0 = performance.now();
  try {
    const result = runCapacityTest(msg.definition, {
      onProgress: (p) => post({ type: 'progress', runId: msg.runId, ...p }),
    });
    post({ type: 'done', runId: msg.runId, result, wallMs: performance.now() - t0 });
  } catch (err) {
    post({ type: 'error', runId: msg.runId, message: (err as Error).message });
  }
});
