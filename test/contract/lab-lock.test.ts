import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LabError } from '../../src-main/contract/errors.ts';
import { LAB_FILE, openHost } from '../../src-main/host/host.ts';
import { LOCK_FILE } from '../../src-main/host/lab-lock.ts';
import { contentDigest } from '../helpers/lab.ts';
import { CLI, REPO, startServe, stopAll } from '../helpers/crash-writer.ts';

// One process per lab folder: a second console (a `vdi-console call` while `serve` runs, a second
// app) would keep its own simulation in memory and overwrite the first one's rows. It is refused
// with a clear error and changes nothing; a lock left by a crashed process is taken over.

const dirs: string[] = [];
afterEach(() => {
  stopAll();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function newDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'vdi-lock-'));
  dirs.push(d);
  return d;
}

describe('the lab folder lock', () => {
  it('refuses a second process while serve has the lab open, changes nothing, and takes the lock over after a crash', async () => {
    const dir = newDir();
    const s = await startServe(dir);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const db = new Database(join(dir, LAB_FILE), { readonly: true });
    const before = contentDigest(db);

    // The CLI against the same folder: a structured error naming the other process, exit code 2.
    const cli = spawnSync(process.execPath, [CLI, 'call', 'pool-set-enabled', '{"id":"pool-1","enabled":false}', '--data', dir], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(cli.status).toBe(2);
    const error = JSON.parse(cli.stderr.trim()) as { code: string; message: string; path: string[] };
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(`process ${s.child.pid}`);
    expect(error.path).toEqual(['dataDir']);

    // In this process too.
    expect(() => openHost({ dataDir: dir })).toThrowError(LabError);
    expect(contentDigest(db)).toBe(before);
    db.close();

    // serve dies without closing: its lock is stale, the next console takes it and lets it go on close.
    s.child.kill('SIGKILL');
    expect(await s.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const host = openHost({ dataDir: dir });
    expect(host.created).toBe(false);
    expect((await host.dispatch('lab-info', {})).ok).toBe(true);
    host.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('lets one process open the same folder again (its own hosts share the lock) and releases it after the last close', () => {
    const dir = newDir();
    const a = openHost({ dataDir: dir, lab: 'small', seed: 1 });
    const b = openHost({ dataDir: dir });
    a.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    b.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
