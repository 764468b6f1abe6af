import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Client } from '../../src-main/contract/client.ts';
import { firstDifference, open, storeRows } from '../helpers/durable.ts';
import { tempDir } from '../helpers/lab.ts';

// A lab is a file (issue 12), from the command line: every `vdi-console call` is a new process, and its first request
// is often the admin change itself, before anything opened the engine. The change must reach the engine as it does in
// a console that has the lab open. Found by a black-box run of the CLI: a snapshot's memory file was taken off the
// desktop's used space again by the next process, and a pool grown by `call` provisioned its machines a minute late.

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Change {
  label: string;
  run(c: Client): Promise<unknown>;
}

const CHANGES: Change[] = [
  { label: 'a snapshot with memory', run: (c) => c.call('snapshot-take', { desktopId: 'vm-39', name: 's1', includeMemory: true }) },
  { label: 'an orphaned delta (training failure)', run: (c) => c.call('desktop-simulate-failure', { id: 'vm-40', kind: 'orphaned-delta' }) },
  { label: 'an up-front pool grown', run: (c) => c.call('pool-update', { id: 'pool-1', minMachines: 40, maxMachines: 40 }) },
  {
    label: 'a pool created',
    run: (c) =>
      c.call('pool-create', {
        name: 'KW-Extra',
        displayName: 'KW Extra',
        namingPattern: 'KWX-{n:3}',
        minMachines: 5,
        maxMachines: 5,
        imageId: 'img-1',
        imageVersionId: 'imgv-1-3',
        clusterId: 'cl-1',
        datastoreIds: ['ds-1'],
        networkId: 'net-3',
      }),
  },
];

const SETTLE = 7200; // 09:00 on the small lab: sessions running
const AFTER = 300;

/** The lab after the change at SETTLE and AFTER more seconds; `fresh`: the change is the first request of a new process. */
async function play(change: Change, fresh: boolean): Promise<Map<string, string[]>> {
  const dir = tempDir('vdi-first-');
  dirs.push(dir);
  let run = open(dir);
  await run.client.call('clock-step', { seconds: SETTLE });
  if (fresh) {
    run.host.close();
    run = open(dir);
  }
  await change.run(run.client);
  if (fresh) {
    run.host.close();
    run = open(dir);
  }
  await run.client.call('clock-step', { seconds: AFTER });
  run.host.close();
  return storeRows(join(dir, 'lab.sqlite'));
}

describe('an admin change that is the first request of a process', () => {
  it.each(CHANGES)('$label: the lab goes on as in a console that had it open', async (change) => {
    const open = await play(change, false);
    const fresh = await play(change, true);
    expect(firstDifference(open, fresh)).toBeNull();
  });
});

describe('a read that is the first request of a process', () => {
  it("answers with the lab's figures, as a console that has it open does (tenant usage, GPUs in use)", async () => {
    // Found by a black-box run: `call tenant-get` said 0 desktops and 0 sessions where serve said 8 and 6, and
    // `call host-gpu-list` said no GPU in use where serve said 1: these reads used the engine only if one was open.
    const dir = tempDir('vdi-first-read-');
    dirs.push(dir);
    let run = open(dir);
    const t = await run.client.call('tenant-create', { name: 'Fabrikam' });
    for (const [kind, objectId] of [
      ['network', 'net-6'],
      ['datastore', 'ds-1'],
      ['datastore', 'ds-2'],
      ['pool', 'pool-4'],
    ] as const)
      await run.client.call('tenant-assign', { tenantId: t.id, kind, objectId });
    await run.client.call('host-gpu-set', { hostId: 'h-3', gpu: { model: 'A16', gpus: 4 } });
    await run.client.call('desktop-bulk', { action: 'power-off', ids: ['vm-36'] });
    await run.client.call('desktop-hardware-set', { desktopId: 'vm-36', vgpuProfile: 'A16-2Q' });
    await run.client.call('desktop-bulk', { action: 'power-on', ids: ['vm-36'] });
    await run.client.call('clock-step', { seconds: 9000 });
    const reads = async () => ({
      tenant: await run.client.call('tenant-get', { id: t.id }),
      tenants: await run.client.call('tenant-list', {}),
      gpus: await run.client.call('host-gpu-list', {}),
    });
    const live = await reads();
    run.host.close();
    // The same reads as the first requests of a new process.
    run = open(dir);
    const fresh = await reads();
    run.host.close();
    expect(fresh).toEqual(live);
    expect(live.tenant.usage.desktops).toBeGreaterThan(0);
    expect(live.gpus.find((g) => g.hostId === 'h-3')?.gpusInUse).toBe(1);
  });
});
