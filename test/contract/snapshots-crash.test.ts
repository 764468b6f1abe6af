import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src-main/contract/client.ts';
import type { SnapshotTask } from '../../src-main/contract/snapshot-methods.ts';
import { memoryTransport, openHost } from '../../src-main/host/host.ts';
import { callOnce, startServe, stopAll } from '../helpers/crash-writer.ts';
import { tempDir } from '../helpers/lab.ts';

// A real `vdi-console serve` killed with SIGKILL while a bulk snapshot task runs on a moving
// clock: on reopen each desktop's part of the task is either complete (its snapshot, chain and
// event all there, exactly once) or not started (nothing of it), and the task resumes to the end.

const dirs: string[] = [];
afterEach(() => {
  stopAll();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a crash during snapshot tasks', () => {
  it.each([700, 1600])(
    'SIGKILL %i ms into a bulk take and a bulk revert: every desktop is done or untouched, and the tasks finish after reopening',
    async (killAfterMs) => {
      const dir = tempDir('vdi-snapcrash-');
      dirs.push(dir);
      const s = await startServe(dir);
      expect(await callOnce(s, 'clock-set', { speed: 'paused' })).toMatchObject({ ok: true });
      // First a complete bulk take (on a paused clock, stepped), then a revert of the whole pool on a running clock.
      const take = await callOnce(s, 'snapshot-bulk-take', { poolId: 'pool-2', name: 'before class', includeMemory: true });
      expect(take.ok).toBe(true);
      expect(await callOnce(s, 'clock-step', { seconds: 120 })).toMatchObject({ ok: true });
      const bulk = await callOnce(s, 'snapshot-bulk-take', { poolId: 'pool-1', name: 'second', includeMemory: true });
      const revert = await callOnce(s, 'snapshot-bulk-revert', { poolId: 'pool-2', name: 'before class' });
      expect(bulk.ok && revert.ok).toBe(true);
      const bulkId = (bulk.result as SnapshotTask).id;
      const revertId = (revert.result as SnapshotTask).id;
      expect(await callOnce(s, 'clock-set', { speed: '10' })).toMatchObject({ ok: true });
      await sleep(killAfterMs);
      s.child.kill('SIGKILL');
      expect((await s.exited).signal).toBe('SIGKILL');

      const host = openHost({ dataDir: dir, user: 'CORP\\after-crash' }); // refuses a damaged file
      try {
        const c = createClient(memoryTransport(host));
        const check = async () => {
          const tasks = await c.call('task-list', {});
          const b = tasks.find((t) => t.id === bulkId) as SnapshotTask;
          const r = tasks.find((t) => t.id === revertId) as SnapshotTask;
          const events = (await c.call('event-list', { limit: 5000 })).rows;
          for (const it of b.details.items) {
            const tree = await c.call('snapshot-list', { desktopId: it.desktopId });
            const second = tree.snapshots.filter((x) => x.name === 'second');
            const taken = events.filter((e) => e.objectId === it.desktopId && /Snapshot "second" .* taken/.test(e.message));
            if (it.status === 'done') {
              expect(
                second.map((x) => x.id),
                it.desktopName,
              ).toEqual([it.snapshotId]);
              expect(tree.currentId).toBe(it.snapshotId);
              expect(taken, `${it.desktopName}: its event, once`).toHaveLength(1);
            } else {
              expect(second, `${it.desktopName} (${it.status}): nothing of it`).toEqual([]);
              expect(taken).toHaveLength(0);
            }
          }
          for (const it of r.details.items) {
            const tree = await c.call('snapshot-list', { desktopId: it.desktopId });
            const reverted = events.filter((e) => e.objectId === it.desktopId && /reverted to snapshot "before class"/.test(e.message));
            if (it.status === 'done') {
              expect(tree.currentId, it.desktopName).toBe(it.snapshotId);
              expect(tree.runningDeltaGb).toBeLessThan(0.05);
              expect(reverted).toHaveLength(1);
            } else {
              expect(reverted, `${it.desktopName} (${it.status})`).toHaveLength(0);
            }
          }
          return { b, r };
        };
        const before = await check();
        // Resumed from the stored items: run on and both tasks end with every desktop done once.
        await c.call('clock-set', { speed: 'paused' }); // the lab kept the speed it had
        await c.call('clock-step', { seconds: 600 });
        const after = await check();
        expect(after.b.state).toBe('completed');
        expect(after.r.state).toBe('completed');
        expect(after.b.details.items.every((i) => i.status === 'done')).toBe(true);
        expect(after.r.details.items.filter((i) => i.status === 'done').length).toBe(12);
        expect(before.b.details.items.length).toBe(22);
        console.log(`killed after ${killAfterMs} ms: take ${before.b.done}/22 done, revert ${before.r.done}/12 done`);
      } finally {
        host.close();
      }
    },
    60_000,
  );
});
