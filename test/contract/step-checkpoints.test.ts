import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import DatabaseCtor from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CHECKPOINT_INTERVAL_MS } from '../../src-main/host/checkpointer.ts';
import { contentDigest, tempDir, tempLab } from '../helpers/lab.ts';

/**
 * A long clock step in a host without the clock driver (the CLI, a script) checkpoints the WAL from
 * a worker once it outlasts its first commit (host/checkpointer.ts), and closing the lab still leaves
 * the whole lab in the lab file: the host waits for the worker's connection to close (it may be in a
 * checkpoint), so its own close is the last and checkpoints everything.
 */
describe('a long step checkpoints in the background', () => {
  it('hands the checkpoints to a worker after its first commit, and the lab file alone holds the lab once closed', async () => {
    // Every slice of the step commits (stepCommitMs 0), so the first slice that does not reach the target starts the worker.
    const lab = tempLab('default', 3, tempDir(), { stepCommitMs: 0 });
    const copy = tempDir();
    try {
      expect(lab.host.checkpointing).toBe('in-commits');
      const start = Date.parse((await lab.client.call('clock-get', {})).simTime);
      await lab.client.call('clock-step', { seconds: 3 * 3600 });
      expect(lab.host.checkpointing).toBe('worker');
      // Without a flush of its own (the step committed everything), so the close follows the stop at once.
      lab.host.close({ flush: false });
      // At once: the worker closed its connection before the host's, so the host's close checkpointed the whole WAL and removed it.
      const listing = () => readdirSync(lab.dir).map((f) => `${f}:${statSync(join(lab.dir, f)).size}`);
      const atClose = listing();
      copyFileSync(lab.host.dbPath, join(copy, 'lab.sqlite'));
      expect(existsSync(`${lab.host.dbPath}-wal`)).toBe(false);
      // Nothing touches the lab's folder after close (a worker still open would, at its next checkpoint or its own close).
      await new Promise((r) => setTimeout(r, 2 * CHECKPOINT_INTERVAL_MS));
      expect(listing()).toEqual(atClose);

      const whole = new DatabaseCtor(lab.host.dbPath, { readonly: true });
      const alone = new DatabaseCtor(join(copy, 'lab.sqlite'), { readonly: true });
      try {
        const simTime = (db: DatabaseCtor.Database) => (db.prepare("SELECT value FROM meta WHERE key = 'sim_time'").get() as { value: string }).value;
        expect(Date.parse(simTime(alone)) - start).toBe(3 * 3600 * 1000);
        expect(contentDigest(alone)).toBe(contentDigest(whole));
      } finally {
        whole.close();
        alone.close();
      }
    } finally {
      lab.dispose();
    }
  });
});
