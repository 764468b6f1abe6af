import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CapacityDefinition } from '../../contract/capacity-entities.ts';
import type { CapacityResult } from '../../contract/capacity-results.ts';
import type { RunProgress, WorkerReply, WorkerRequest } from './protocol.ts';
import { capacityWorkerUrl } from './service.ts';

export interface PoolRun {
  result: CapacityResult;
  /** Wall time of the run inside its worker (ms). */
  wallMs: number;
}

/**
 * Runs definitions in parallel worker threads (no store): for the command line's
 * sweeps and the benchmark. Results come back in the order of the definitions.
 */
export async function runInWorkers(
  defs: readonly CapacityDefinition[],
  opts: { parallelism?: number; onProgress?: (index: number, p: RunProgress) => void } = {},
): Promise<PoolRun[]> {
  const n = Math.max(1, Math.min(defs.length, opts.parallelism ?? availableParallelism()));
  const out: PoolRun[] = new Array(defs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    const worker = new Worker(capacityWorkerUrl());
    try {
      for (let i = next++; i < defs.length; i = next++) {
        out[i] = await new Promise<PoolRun>((resolve, reject) => {
          const runId = `run-${i}`;
          const onMessage = (m: WorkerReply) => {
            if (m.runId !== runId) return;
            if (m.type === 'progress') return opts.onProgress?.(i, m);
            worker.off('message', onMessage);
            worker.off('error', reject);
            if (m.type === 'done') resolve({ result: m.result, wallMs: m.wallMs });
            else reject(new Error(m.message));
          };
          worker.on('message', onMessage);
          worker.once('error', reject);
          const req: WorkerRequest = { type: 'run', runId, definition: defs[i] as CapacityDefinition };
          worker.postMessage(req);
        });
      }
    } finally {
      await worker.terminate();
    }
  };
  await Promise.all(Array.from({ length: n }, lane));
  return out;
}
