import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src-main/contract/client.ts';
import { firstDifference, offset, open, storeRows } from '../helpers/durable.ts';
import { tempDir } from '../helpers/lab.ts';

// A lab is a file (issue 12) in a lab where a tenant is held above its memory limit (issue 19):
// the reclaim inside the tenant (balloon, then swap) is recomputed from the saved state on open,
// so a run cut into processes must leave the same store as one that was never cut.

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const LIMIT_AT = 3600;
const END = 2 * 3600;

async function limitFabrikam(c: Client): Promise<void> {
  const fab = (await c.call('tenant-list', {})).find((t) => t.name === 'Fabrikam');
  if (!fab) throw new Error('no tenant Fabrikam');
  await c.call('tenant-update', { id: fab.id, memLimitGb: Math.round(fab.usage.memoryConsumedGb * 0.5) });
}

/** Steps the lab to END, setting Fabrikam's limit at LIMIT_AT and reopening the folder at each cut. */
async function drive(dir: string, cuts: number[]): Promise<number> {
  let run = open(dir, 'multi-tenant');
  const start = Date.parse((await run.client.call('clock-get', {})).simTime);
  let reclaimed = 0;
  for (const target of [...new Set([LIMIT_AT, ...cuts, END])].sort((a, b) => a - b)) {
    const now = await offset(run.client, start);
    if (target > now) await run.client.call('clock-step', { seconds: target - now });
    if (target === LIMIT_AT) await limitFabrikam(run.client);
    if (cuts.includes(target)) {
      run.host.close();
      run = open(dir, 'multi-tenant');
    }
    if (target === END) {
      const fab = (await run.client.call('tenant-list', {})).find((t) => t.name === 'Fabrikam');
      reclaimed = fab?.usage.memoryLimitReclaimGb ?? 0;
    }
  }
  run.host.close();
  return reclaimed;
}

describe('a lab is a file with a tenant above its memory limit', () => {
  it('cut into processes while the limit reclaims: the same store as an uncut run', async () => {
    const ref = tempDir('vdi-durable-tenant-');
    const cut = tempDir('vdi-durable-tenant-');
    dirs.push(ref, cut);
    const reclaimed = await drive(ref, []);
    // The run does what the test is about: memory is reclaimed inside the tenant at the end.
    expect(reclaimed).toBeGreaterThan(0);
    // Cuts right after the limit is set, in the middle of the reclaim, and between ticks of it.
    expect(await drive(cut, [LIMIT_AT, LIMIT_AT + 60, LIMIT_AT + 1800, END - 20])).toBe(reclaimed);
    expect(firstDifference(storeRows(join(ref, 'lab.sqlite')), storeRows(join(cut, 'lab.sqlite')))).toBeNull();
  }, 300_000);
});
