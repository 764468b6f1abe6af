import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LabError } from '../../src-main/contract/errors.ts';
import { LAB_FILE, openHost } from '../../src-main/host/host.ts';
import { LOCK_FILE } from '../../src-main/host/lab-lock.ts';
import { callControl } from '../../src-main/host/control.ts';
import { contentDigest } from '../helpers/lab.ts';
import { CLI, REPO, startServe, stopAll } from '../helpers/crash-writer.ts';

// One process per lab folder: a second console would keep its own simulation in memory and overwrite
// the first one's rows. `vdi-console call` sends its request to the console that has the folder
// open (through the lock file's control port and secret); anything else is refused with a clear
// error and changes nothing; a lock left by a crashed process is taken over.

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
  it('sends a `vdi-console call` to the serve that has the lab open, refuses a second console, and takes the lock over after a crash', async () => {
    const dir = newDir();
    const s = await startServe(dir);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    // The lock holds the control secret: only the user may read it.
    expect(statSync(join(dir, LOCK_FILE)).mode & 0o077).toBe(0);

    // The CLI against the same folder: the running console answers it (its simulation, its rows).
    const cli = spawnSync(process.execPath, [CLI, 'call', 'pool-set-enabled', '{"id":"pool-1","enabled":false}', '--data', dir], {
      cwd: REPO,
      encoding: 'utf8',
    });
    expect(cli.status, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ id: 'pool-1', enabled: false });
    const db = new Database(join(dir, LAB_FILE), { readonly: true });
    expect(db.prepare("SELECT enabled FROM pools WHERE id = 'pool-1'").get()).toEqual({ enabled: 0 });
    const before = contentDigest(db);

    // A request without the secret is refused and changes nothing.
    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { control: { port: number; secret: string } };
    const wrong = await callControl({ port: lock.control.port, secret: 'x'.repeat(64) }, 'pool-set-enabled', { id: 'pool-1', enabled: true }, 'someone');
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    // A second console in this process is refused: two simulations may not run one lab.
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

  it('refuses a call while a console that does not answer calls has the lab open, naming it, and changes nothing', () => {
    const dir = newDir();
    openHost({ dataDir: dir, lab: 'small', seed: 1 }).close();
    const other = spawn('sleep', ['30']);
    try {
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: other.pid, startedAt: '2026-11-24T09:00:00.000Z' }), { mode: 0o600 });
      const db = new Database(join(dir, LAB_FILE), { readonly: true });
      const before = contentDigest(db);
      // (It answers no calls, like another `vdi-console call`: waited for, here for a second, then refused.)
      const cli = spawnSync(process.execPath, [CLI, 'call', 'pool-set-enabled', '{"id":"pool-1","enabled":false}', '--data', dir], {
        cwd: REPO,
        encoding: 'utf8',
        env: { ...process.env, VDI_CONSOLE_LOCK_WAIT: '1' },
      });
      expect(cli.status).toBe(2);
      const error = JSON.parse(cli.stderr.trim()) as { code: string; message: string; path: string[] };
      expect(error).toMatchObject({ code: 'conflict', path: ['dataDir'] });
      expect(error.message).toContain(`process ${other.pid}`);
      expect(error.message).toContain('waited 1 s');
      expect(contentDigest(db)).toBe(before);
      db.close();
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('refuses a lock file no console wrote, and a console that does not answer, with a structured error; neither is taken over', () => {
    // Found by a black-box run: a lock overwritten with junk was taken for stale, so `call` opened the lab beside the serve
    // that had it open (and deleted its lock); a lock naming a live process with a dead control port gave a stack trace.
    const dir = newDir();
    openHost({ dataDir: dir, lab: 'small', seed: 1 }).close();
    const db = new Database(join(dir, LAB_FILE), { readonly: true });
    const before = contentDigest(db);
    const call = () =>
      spawnSync(process.execPath, [CLI, 'call', 'pool-set-enabled', '{"id":"pool-1","enabled":false}', '--data', dir], { cwd: REPO, encoding: 'utf8' });
    writeFileSync(join(dir, LOCK_FILE), 'garbage', { mode: 0o600 });
    const junk = call();
    expect(junk.status, junk.stderr).toBe(2);
    expect(JSON.parse(junk.stderr.trim())).toMatchObject({ code: 'conflict', path: ['dataDir'] });
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe('garbage');
    expect(() => openHost({ dataDir: dir })).toThrowError(/not a lock a console wrote/);

    const other = spawn('sleep', ['30']);
    try {
      // A live process, and a control port nothing listens on (port 9 on loopback: discard, never a console).
      writeFileSync(
        join(dir, LOCK_FILE),
        JSON.stringify({ pid: other.pid, startedAt: '2026-11-24T09:00:00.000Z', control: { port: 9, secret: 'x'.repeat(64) } }),
        {
          mode: 0o600,
        },
      );
      const deaf = call();
      expect(deaf.status, deaf.stderr).toBe(2);
      const error = JSON.parse(deaf.stderr.trim()) as { code: string; message: string };
      expect(error.code).toBe('conflict');
      expect(error.message).toContain(`process ${other.pid}`);
      expect(error.message).toContain('does not answer');
    } finally {
      other.kill('SIGKILL');
    }
    expect(contentDigest(db)).toBe(before);
    db.close();
  });

  it("waits for another `vdi-console call` that has the lab open, then runs (a script's calls in parallel)", async () => {
    // Found by a black-box run: a second `call` started while the first still ran was refused ("open in another console").
    const dir = newDir();
    openHost({ dataDir: dir, lab: 'small', seed: 1 }).close();
    const other = spawn('sleep', ['60']);
    try {
      // A process that holds the lab and answers no calls: what a `call` running in its own process looks like.
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: other.pid, startedAt: '2026-11-24T09:00:00.000Z' }), { mode: 0o600 });
      const child = spawn(process.execPath, [CLI, 'call', 'pool-set-enabled', '{"id":"pool-1","enabled":false}', '--data', dir], {
        cwd: REPO,
        env: { ...process.env, VDI_CONSOLE_LOCK_WAIT: '120' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Give it time to meet the lock (a call that does not wait exits with the conflict meanwhile); then the holder lets go.
      const early = await Promise.race([exited, new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 2000))]);
      expect(early, stderr).toBe('waiting');
      rmSync(join(dir, LOCK_FILE));
      expect(await exited, stderr).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ id: 'pool-1', enabled: false });
    } finally {
      other.kill('SIGKILL');
    }
    // Two real calls at once: both run, one after the other.
    const both = await Promise.all(
      [
        ['clock-step', '{"seconds":3600}'],
        ['pool-set-enabled', '{"id":"pool-2","enabled":false}'],
      ].map(
        ([method, input]) =>
          new Promise<{ code: number | null; err: string }>((resolve) => {
            const c = spawn(process.execPath, [CLI, 'call', method as string, input as string, '--data', dir], { cwd: REPO });
            let err = '';
            c.stderr.on('data', (b: Buffer) => (err += b.toString()));
            c.on('exit', (code) => resolve({ code, err }));
          }),
      ),
    );
    expect(
      both.map((b) => b.code),
      both.map((b) => b.err).join('\n'),
    ).toEqual([0, 0]);
    const db = new Database(join(dir, LAB_FILE), { readonly: true });
    expect(db.prepare("SELECT id, enabled FROM pools WHERE id IN ('pool-1', 'pool-2') ORDER BY id").all()).toEqual([
      { id: 'pool-1', enabled: 0 },
      { id: 'pool-2', enabled: 0 },
    ]);
    db.close();
    // A wait that is not a number of seconds is refused before anything opens.
    const bad = spawnSync(process.execPath, [CLI, 'call', 'lab-info', '--data', dir], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, VDI_CONSOLE_LOCK_WAIT: 'soon' },
    });
    expect(bad.status).toBe(2);
    expect(JSON.parse(bad.stderr.trim())).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('VDI_CONSOLE_LOCK_WAIT') });
  });

  it('takes over a lock whose process has ended but was not yet collected by its parent (a zombie after kill -9)', async () => {
    // Found by a black-box run: serve restarted within a second of kill -9 was refused "open in another console (process
    // <the dead one>)" while its parent had not yet collected it.
    if (!existsSync('/proc/self/stat')) return; // the state is read from /proc (Linux)
    const dir = newDir();
    openHost({ dataDir: dir, lab: 'small', seed: 1 }).close();
    // `sleep 0` ends at once; its parent (exec'ed into `sleep 60`) never collects it, so it stays a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 60']);
    try {
      const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (b: Buffer) => resolve(Number(b.toString().trim()))));
      const state = () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)?.[0];
      for (let i = 0; i < 100 && state() !== 'Z'; i++) await new Promise((r) => setTimeout(r, 50));
      expect(state()).toBe('Z');
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, startedAt: '2026-11-24T09:00:00.000Z' }), { mode: 0o600 });
      const cli = spawnSync(process.execPath, [CLI, 'call', 'pool-set-enabled', '{"id":"pool-1","enabled":false}', '--data', dir], {
        cwd: REPO,
        encoding: 'utf8',
        env: { ...process.env, VDI_CONSOLE_LOCK_WAIT: '0' },
      });
      expect(cli.status, cli.stderr).toBe(0);
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
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
