// Regenerates resources/scenarios/checkpoints/snapshot-chains.vdilab, the starting lab of the built-in
// scenario "snapshot-chains" (issue 17: a scenario that starts from a checkpoint file), and the
// file's SHA-256 in resources/scenarios/snapshot-chains.json (lab.sha256).
//   node --import tsx scripts/make-scenario-checkpoint.mts
// The small lab (seed 1), run to mid-morning, where last night's patch test left a chain of three
// snapshots on each desktop of the pool PWR-Dedicated (pool-3): the checkpoint is written by checkpoint-save (the
// lab with its engine state, its action log from the seed, no admin account) and copied here.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHost } from '../src-main/host/host.ts';

const OUT = join(import.meta.dirname, '..', 'resources', 'scenarios', 'checkpoints', 'snapshot-chains.vdilab');
const SCENARIO = join(import.meta.dirname, '..', 'resources', 'scenarios', 'snapshot-chains.json');
const POOL = process.env.POOL ?? 'pool-3';
const dir = mkdtempSync(join(tmpdir(), 'vdi-scn-ckpt-'));
const host = openHost({ dataDir: dir, lab: 'small', seed: 1, user: 'LOCAL\\lab-author', wallClock: () => new Date('2026-11-23T06:00:00Z') });
async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await host.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.result as T;
}
try {
  await call('clock-step', { seconds: 3600 });
  for (const name of ['pre-patch-1', 'pre-patch-2', 'pre-patch-3']) {
    await call('snapshot-bulk-take', { poolId: POOL, name, description: "Last night's patch test", includeMemory: false, quiesce: false });
    await call('clock-step', { seconds: 900 });
  }
  await call('clock-step', { seconds: 1800 });
  const cp = await call<{ id: string }>('checkpoint-save', { name: 'snapshot-chains', notes: 'Scenario snapshot-chains' });
  // Read back through the API's export (what a user's export writes), chunk by chunk.
  const parts: Buffer[] = [];
  for (let offset = 0; ;) {
    const c = await call<{ data: string; done: boolean }>('checkpoint-export-chunk', { id: cp.id, offset });
    const b = Buffer.from(c.data, 'base64');
    parts.push(b);
    offset += b.length;
    if (c.done) break;
  }
  writeFileSync(OUT, Buffer.concat(parts));
  // The scenario names the file by its digest: a changed file is refused (app/scenarios/checkpoint-source.ts).
  const bytes = Buffer.concat(parts);
  const scenario = JSON.parse(readFileSync(SCENARIO, 'utf8')) as { lab: Record<string, unknown> };
  scenario.lab = { checkpointFile: 'checkpoints/snapshot-chains.vdilab', sha256: createHash('sha256').update(bytes).digest('hex'), warmupSec: 0 };
  writeFileSync(SCENARIO, `${JSON.stringify(scenario, null, 2)}\n`);
  console.log(`${OUT}: ${statSync(OUT).size} bytes`);
} finally {
  host.close();
  rmSync(dir, { recursive: true, force: true });
}
