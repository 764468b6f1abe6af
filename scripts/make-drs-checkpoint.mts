// Regenerates resources/scenarios/checkpoints/drs-imbalance-affinity.vdilab, the starting lab of the
// built-in scenario "drs-imbalance-affinity" (issue 17: DRS imbalance and affinity), and the file's
// SHA-256 in resources/scenarios/drs-imbalance-affinity.json (lab.sha256).
//   node --import tsx scripts/make-drs-checkpoint.mts
// The small lab (seed 1) at 08:00: somebody set the cluster's DRS to manual during a storage job
// last week and never set it back, then crammed the power users' desktops (PWR-Dedicated, pool-3)
// and both RDSH session hosts of CC-RDSH-Farm (pool-5) onto esx01 by hand. No affinity rule exists.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHost } from '../src-main/host/host.ts';

const NAME = 'drs-imbalance-affinity';
const OUT = join(import.meta.dirname, '..', 'resources', 'scenarios', 'checkpoints', `${NAME}.vdilab`);
const SCENARIO = join(import.meta.dirname, '..', 'resources', 'scenarios', `${NAME}.json`);
const HOT_HOST = 'h-1';
const dir = mkdtempSync(join(tmpdir(), 'vdi-scn-ckpt-'));
const host = openHost({ dataDir: dir, lab: 'small', seed: 1, user: 'LOCAL\\lab-author', wallClock: () => new Date('2026-11-23T06:00:00Z') });
async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await host.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.result as T;
}
try {
  await call('clock-step', { seconds: 3000 });
  await call('cluster-set-drs', { clusterId: 'cl-1', automation: 'manual' });
  for (const poolId of ['pool-5', 'pool-3']) {
    const { rows } = await call<{ rows: { id: string; powerState: string }[] }>('desktop-list', { poolId });
    const here = new Set((await call<{ rows: { id: string }[] }>('desktop-list', { poolId, hostId: HOT_HOST })).rows.map((d) => d.id));
    const away = rows.filter((d) => d.powerState === 'poweredOn' && !here.has(d.id)).map((d) => d.id);
    if (away.length > 0) await call('vm-migrate', { desktopIds: away, toHostId: HOT_HOST });
  }
  await call('clock-step', { seconds: 600 });
  const cp = await call<{ id: string }>('checkpoint-save', { name: NAME, notes: `Scenario ${NAME}` });
  const parts: Buffer[] = [];
  for (let offset = 0; ;) {
    const c = await call<{ data: string; done: boolean }>('checkpoint-export-chunk', { id: cp.id, offset });
    const b = Buffer.from(c.data, 'base64');
    parts.push(b);
    offset += b.length;
    if (c.done) break;
  }
  const bytes = Buffer.concat(parts);
  writeFileSync(OUT, bytes);
  const scenario = JSON.parse(readFileSync(SCENARIO, 'utf8')) as { lab: Record<string, unknown> };
  scenario.lab = { checkpointFile: `checkpoints/${NAME}.vdilab`, sha256: createHash('sha256').update(bytes).digest('hex'), warmupSec: 0 };
  writeFileSync(SCENARIO, `${JSON.stringify(scenario, null, 2)}\n`);
  const rows = await call<{ rows: { id: string; pool: string }[] }>('desktop-list', { hostId: HOT_HOST });
  console.log(`${OUT}: ${statSync(OUT).size} bytes; on ${HOT_HOST}: ${rows.rows.map((d) => `${d.id}(${d.pool})`).join(' ')}`);
} finally {
  host.close();
  rmSync(dir, { recursive: true, force: true });
}
