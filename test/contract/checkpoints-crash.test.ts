import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src-main/contract/client.ts';
import { memoryTransport, openHost } from '../../src-main/host/host.ts';
import { callOnce, openSocket, startServe, stopAll } from '../helpers/crash-writer.ts';
import { tempDir } from '../helpers/lab.ts';

// SIGKILL while a checkpoint is being restored: the restore is one transaction on the live
// database, so the lab reopens either as it was before or wholly restored, never a mix, and the
// checkpoint list and file survive either way.

// Each case runs a serve process through several calls (one a 3-hour clock-step): limits against a hang
// on a loaded machine, not a speed test.
vi.setConfig({ testTimeout: 300_000 });

const dirs: string[] = [];
afterEach(() => {
  stopAll();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('a crash during a checkpoint restore', () => {
  it.each([0, 15, 40, 120])(
    'SIGKILL %i ms after the restore was sent: the old lab or the whole checkpoint',
    async (delayMs) => {
      const dir = tempDir('vdi-cpcrash-');
      dirs.push(dir);
      const s = await startServe(dir);
      expect(await callOnce(s, 'clock-set', { speed: 'paused' })).toMatchObject({ ok: true });
      const saved = await callOnce(s, 'checkpoint-save', { name: 'Monday 07:00' });
      expect(saved.ok).toBe(true);
      const cp = saved.result as { id: string; simTime: string };
      expect(await callOnce(s, 'clock-step', { seconds: 3 * 3600 })).toMatchObject({ ok: true });
      // A desktop of the original lab (ones provisioned on demand after the checkpoint vanish with a restore).
      const rows = ((await callOnce(s, 'desktop-list', { state: 'AVAILABLE' })).result as { rows: { id: string }[] }).rows;
      const free = rows.find((r) => Number(r.id.slice(3)) <= 50)?.id ?? '';
      expect(await callOnce(s, 'desktop-set-maintenance', { id: free, maintenance: true })).toMatchObject({ ok: true });
      const later = ((await callOnce(s, 'clock-get', {})).result as { simTime: string }).simTime;

      const ws = await openSocket(s);
      ws.send(JSON.stringify({ id: 1, method: 'checkpoint-restore', input: { id: cp.id, confirm: true } }));
      await new Promise((r) => setTimeout(r, delayMs));
      s.child.kill('SIGKILL');
      await s.exited;
      ws.terminate();

      const host = openHost({ dataDir: dir }); // integrity-checked on open
      try {
        const c = createClient(memoryTransport(host));
        const info = await c.call('lab-info', {});
        const events = (await c.call('event-list', { limit: 5000 })).rows;
        const restored = events.some((e) => /restored from checkpoint "Monday 07:00"/.test(e.message));
        const maintenance = (await c.call('desktop-get', { id: free })).state === 'MAINTENANCE';
        if (info.simTime === cp.simTime) {
          expect(restored, 'restored: with its event').toBe(true);
          expect(maintenance, 'restored: the later change is gone').toBe(false);
        } else {
          expect(info.simTime).toBe(later);
          expect(restored, 'not restored: no event').toBe(false);
          expect(maintenance, 'not restored: the later change is there').toBe(true);
        }
        expect((await c.call('checkpoint-list', {})).map((x) => x.id)).toEqual([cp.id]);
        console.log(`killed ${delayMs} ms after sending: ${info.simTime === cp.simTime ? 'restored' : 'not restored'}`);
        // And the checkpoint still restores.
        await c.call('checkpoint-restore', { id: cp.id, confirm: true });
        expect((await c.call('lab-info', {})).simTime).toBe(cp.simTime);
      } finally {
        host.close();
      }
    },
    60_000,
  );
});
