import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import DatabaseCtor from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { contentDigest, tempDir, tempLab } from '../helpers/lab.ts';

/**
 * A long clock step in a host without the clock driver (the CLI, a script) checkpoints the WAL from
 * a worker once it outlasts its first commit (host/checkpointer.ts), and closing the lab still leaves
 * the whole lab in the lab file: the worker's connection may close after the host's, so the host
 * checkpoints everything itself first.
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
      lab.host.close();
      // At once, before the worker has heard it should stop: the lab file is all a user copies.
      copyFileSync(lab.host.dbPath, join(copy, 'lab.sqlite'));
      const wal = `${lab.host.dbPath}-wal`;
      expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);

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
