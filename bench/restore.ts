import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../src-main/contract/client.ts';
import { memoryTransport, openHost } from '../src-main/host/host.ts';

/** Restores measured per case: the median is printed, so one slow run on a loaded machine does not decide the figure. */
const RUNS = 3;
/** Simulated seconds run before the checkpoint: past the morning login storm, so sessions, tasks and the queue are full. */
const RUN_BEFORE_SAVE_S = 2 * 3600;
/** Simulated seconds run after it: the restore has a lab to throw away. */
const RUN_AFTER_SAVE_S = 600;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (x: number) => Math.round(x);

/** CPU milliseconds (user + system) of `fn`, and its wall milliseconds. */
async function cpu(fn: () => Promise<unknown>): Promise<{ cpuMs: number; wallMs: number }> {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  await fn();
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - w0 };
}

/**
 * What restoring and importing a scale-10k checkpoint costs: the checkpoint is taken at 09:00 of a
 * lab that ran since 07:00; each run steps 10 minutes on and restores it. The import is the same
 * file through checkpoint-import-begin / chunk / finish (the finish is what validates it).
 */
export async function restoreCase(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'vdi-bench-'));
  const host = openHost({ dataDir: dir, lab: 'scale-10k', seed: 1 });
  const c = createClient(memoryTransport(host));
  try {
    await c.call('clock-step', { seconds: RUN_BEFORE_SAVE_S });
    const cp = await c.call('checkpoint-save', { name: 'bench' });
    const restores: { cpuMs: number; wallMs: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      await c.call('clock-step', { seconds: RUN_AFTER_SAVE_S });
      restores.push(await cpu(() => c.call('checkpoint-restore', { id: cp.id, confirm: true })));
    }
    const file = readdirSync(join(dir, 'checkpoints')).find((f) => f.startsWith(`${cp.id}-`)) ?? '';
    const bytes = readFileSync(join(dir, 'checkpoints', file));
    const finishes: { cpuMs: number; wallMs: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { uploadId, chunkBytes } = await c.call('checkpoint-import-begin', { name: `bench ${i}`, sizeBytes: bytes.length });
      for (let off = 0; off < bytes.length; off += chunkBytes) {
        await c.call('checkpoint-import-chunk', { uploadId, offset: off, data: bytes.subarray(off, off + chunkBytes).toString('base64') });
      }
      finishes.push(await cpu(() => c.call('checkpoint-import-finish', { uploadId })));
    }
    return {
      case: 'checkpoint-restore',
      lab: 'scale-10k',
      fileMB: Math.round((bytes.length / 1048576) * 10) / 10,
      restoreCpuMs: round(median(restores.map((r) => r.cpuMs))),
      restoreWallMs: round(median(restores.map((r) => r.wallMs))),
      importFinishCpuMs: round(median(finishes.map((r) => r.cpuMs))),
      importFinishWallMs: round(median(finishes.map((r) => r.wallMs))),
      runs: RUNS,
    };
  } finally {
    host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
