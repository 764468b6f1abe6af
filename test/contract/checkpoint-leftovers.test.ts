import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiCallError, Client } from '../../src-main/contract/client.ts';
import { createClient } from '../../src-main/contract/client.ts';
import type { ApiError } from '../../src-main/contract/errors.ts';
import { CHECKPOINT_MAX_BYTES } from '../../src-main/contract/snapshot-methods.ts';
import { memoryTransport, openHost, type Host } from '../../src-main/host/host.ts';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// Issue 20, finding 9: what a killed restore or an abandoned import leaves in the checkpoints
// folder does not outlive the next start (nor the next restore, save or import), and open imports
// cannot claim more disk than two lab files.

const labs: TempLab[] = [];
const hosts: Host[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.close();
  for (const l of labs.splice(0)) l.dispose();
});

function lab(): TempLab {
  const l = tempLab('small', 1);
  labs.push(l);
  return l;
}

/** The folder of `l` opened again (after `l.host.close()`), by a host whose wall clock reads `now`. */
function reopen(l: TempLab, now = '2026-11-24T09:00:00Z'): Client {
  const host = openHost({ dataDir: l.dir, wallClock: () => new Date(now) });
  hosts.push(host);
  return createClient(memoryTransport(host));
}

const errorOf = (p: Promise<unknown>): Promise<ApiError | null> =>
  p.then(
    () => null,
    (e: unknown) => (e as ApiCallError).error,
  );

const folderOf = (l: TempLab) => join(l.dir, 'checkpoints');
/** What a restore killed mid-way left: its scratch copy (another process's pid), with the files SQLite and the copy keep beside it. */
const SCRATCH = [
  'restore-424242.sqlite',
  'restore-424242.sqlite-wal',
  'restore-424242.sqlite-shm',
  'restore-424242.sqlite-journal',
  'restore-424242.sqlite.source',
];

describe("a killed restore's scratch copy", () => {
  it('is removed when the folder is opened again', async () => {
    const l = lab();
    await l.client.call('checkpoint-save', { name: 'x' });
    l.host.close();
    for (const f of SCRATCH) writeFileSync(join(folderOf(l), f), 'left by a killed restore');
    reopen(l);
    expect(readdirSync(folderOf(l)).filter((f) => f.startsWith('restore-'))).toEqual([]);
  });

  it('is removed by the next restore, whichever process left it', async () => {
    const l = lab();
    const cp = await l.client.call('checkpoint-save', { name: 'x' });
    for (const f of SCRATCH) writeFileSync(join(folderOf(l), f), 'left by a killed restore');
    await l.client.call('checkpoint-restore', { id: cp.id, confirm: true });
    expect(readdirSync(folderOf(l)).filter((f) => f.startsWith('restore-'))).toEqual([]);
  });
});

describe('abandoned uploads', () => {
  it('a part file no upload knows is removed at the next start; an upload still in time keeps its part and goes on', async () => {
    const l = lab();
    const { uploadId } = await l.client.call('checkpoint-import-begin', { name: 'slow', sizeBytes: 6 });
    await l.client.call('checkpoint-import-chunk', { uploadId, offset: 0, data: Buffer.from('abc').toString('base64') });
    l.host.close();
    writeFileSync(join(folderOf(l), 'upl-77.part'), 'an upload whose row never committed');
    const c = reopen(l);
    expect(existsSync(join(folderOf(l), 'upl-77.part')), 'the orphan is gone').toBe(false);
    expect(existsSync(join(folderOf(l), `${uploadId}.part`)), 'the open upload keeps its part').toBe(true);
    expect(await c.call('checkpoint-import-chunk', { uploadId, offset: 3, data: Buffer.from('def').toString('base64') })).toEqual({ received: 6 });
  });

  it('an upload nobody finished for a day is dropped at the next start, with its part file', async () => {
    const l = lab();
    const { uploadId } = await l.client.call('checkpoint-import-begin', { name: 'forgotten', sizeBytes: 6 });
    await l.client.call('checkpoint-import-chunk', { uploadId, offset: 0, data: Buffer.from('abc').toString('base64') });
    l.host.close();
    const c = reopen(l, '2026-11-25T09:00:01Z'); // a day and a second after it began
    expect(readdirSync(folderOf(l)).filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(await errorOf(c.call('checkpoint-import-finish', { uploadId }))).toMatchObject({ code: 'not-found' });
  });

  it('a checkpoint save removes part files no upload knows', async () => {
    const l = lab();
    mkdirSync(folderOf(l), { recursive: true });
    writeFileSync(join(folderOf(l), 'upl-78.part'), 'an upload whose row never committed');
    await l.client.call('checkpoint-save', { name: 'x' });
    expect(existsSync(join(folderOf(l), 'upl-78.part'))).toBe(false);
  });
});

describe('open imports', () => {
  it('may announce at most two lab files of bytes together; finishing one makes room', async () => {
    const l = lab();
    const c = l.client;
    const a = await c.call('checkpoint-import-begin', { name: 'a', sizeBytes: CHECKPOINT_MAX_BYTES });
    await c.call('checkpoint-import-begin', { name: 'b', sizeBytes: CHECKPOINT_MAX_BYTES });
    expect(await errorOf(c.call('checkpoint-import-begin', { name: 'c', sizeBytes: 1 }))).toMatchObject({ code: 'conflict', path: ['sizeBytes'] });
    // An incomplete upload's finish is refused, and it is closed: its bytes no longer count.
    expect(await errorOf(c.call('checkpoint-import-finish', { uploadId: a.uploadId }))).toMatchObject({ code: 'invalid-input' });
    expect((await c.call('checkpoint-import-begin', { name: 'c', sizeBytes: 1 })).uploadId).toMatch(/^upl-\d+$/);
  });
});
