import { chmodSync, closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../contract/errors.ts';

/** The lock file in a lab folder: which process has the lab open. */
export const LOCK_FILE = 'lab.lock';

interface LockInfo {
  pid: number;
  startedAt: string;
  /** Where a running console answers the contract (control.ts); only the user can read the file. */
  control?: { port: number; secret: string };
}

/** Locks this process holds, by lock path, with how many hosts opened each. */
const held = new Map<string, number>();

/** The lock's content; 'missing' when there is none, 'damaged' when the file holds no process id (never one a console wrote). */
function readLockFile(path: string): LockInfo | 'missing' | 'damaged' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'damaged';
  }
  try {
    const info = JSON.parse(text) as Partial<LockInfo> | null;
    if (!info || typeof info.pid !== 'number' || !Number.isInteger(info.pid) || info.pid <= 0) return 'damaged';
    const c = info.control;
    const control = c && typeof c.port === 'number' && typeof c.secret === 'string' ? { port: c.port, secret: c.secret } : undefined;
    return { pid: info.pid, startedAt: String(info.startedAt ?? ''), ...(control ? { control } : {}) };
  } catch {
    return 'damaged';
  }
}

function readLock(path: string): LockInfo | null {
  const info = readLockFile(path);
  return typeof info === 'string' ? null : info;
}

/**
 * Creates the lock with its content in one step: written to a file of this process's own, then linked in place (a link
 * fails if the lock exists). No other process can ever read it empty or half-written, so a lock that does not parse is
 * not a console's: it is refused, not taken over. Where the file system has no hard links, it is created and written.
 */
function createLock(path: string, info: LockInfo): void {
  const body = JSON.stringify(info);
  const tmp = `${path}.${process.pid}.new`;
  writeFileSync(tmp, body, { mode: 0o600 }); // it may come to hold the control secret: the user's alone
  try {
    linkSync(tmp, path);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw err;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, body);
  } finally {
    closeSync(fd);
  }
}

/** The process that has the lab folder open, if it is running, and where it answers calls (if it does). */
export function labHolder(dataDir: string): { pid: number; startedAt: string; control?: { port: number; secret: string } } | null {
  const info = readLock(join(dataDir, LOCK_FILE));
  if (!info || info.pid === process.pid || !processAlive(info.pid)) return null;
  return info;
}

/** Writes this process's control endpoint into the lock it holds (a new file renamed over the old: never half-written). */
export function advertiseControl(dataDir: string, control: { port: number; secret: string }): void {
  const path = join(dataDir, LOCK_FILE);
  const info = readLock(path);
  if (!info || info.pid !== process.pid) return;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ ...info, control } satisfies LockInfo), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
  return !zombie(pid);
}

/**
 * A process that has ended but whose parent has not collected it yet (Linux: state Z in /proc): signals still reach it, but
 * it holds nothing. A console killed with SIGKILL under a parent that is slow to collect (a container's first process) is
 * one for a while; its lock is stale. Where /proc cannot be read, the process counts as alive.
 */
function zombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (command) S ...": the command may hold spaces and parentheses, so the state is read after the last ')'.
  return stat
    .slice(stat.lastIndexOf(')') + 1)
    .trim()
    .startsWith('Z');
}

/**
 * Takes the lab folder for this process, or refuses (`conflict`) when another running process has it
 * open: two processes on one lab each keep their own simulation in memory and overwrite each other's
 * rows (a `vdi-console call` while `serve` runs). A lock left by a process that ended without closing
 * (a crash) is taken over. Returns the release function.
 */
export function lockLabFolder(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    const n = (held.get(path) ?? 1) - 1;
    if (n > 0) {
      held.set(path, n);
      return;
    }
    held.delete(path);
    if (readLock(path)?.pid === process.pid) rmSync(path, { force: true });
  };
  const mine = held.get(path);
  if (mine) {
    held.set(path, mine + 1);
    return release;
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      createLock(path, { pid: process.pid, startedAt: new Date().toISOString() });
      held.set(path, 1);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new LabError('invalid-input', `The data folder ${dataDir} cannot be locked: ${(err as Error).message}`, ['dataDir']);
      }
      const other = readLockFile(path);
      if (other === 'missing') continue; // its holder let it go meanwhile
      if (other === 'damaged') {
        throw new LabError(
          'conflict',
          `${path} is not a lock a console wrote (it names no process), so whether a console has this lab open cannot be told. ` +
            'If none has (no serve or desktop app on this folder), delete that file and try again.',
          ['dataDir'],
        );
      }
      if (other.pid !== process.pid && processAlive(other.pid)) {
        throw new LabError(
          'conflict',
          `The lab in ${dataDir} is open in another process (process ${other.pid}, since ${other.startedAt}): a console (serve, the desktop app) ` +
            'or a `vdi-console call` still at work. Close that console, or let the call end; `vdi-console call` itself sends its ' +
            'requests to a console that answers calls, and waits for another call.',
          ['dataDir'],
        );
      }
      rmSync(path, { force: true }); // its process is gone: a crash left it
    }
  }
  throw new LabError('conflict', `The lab in ${dataDir} is being opened by another console at the same moment; try again.`, ['dataDir']);
}

/** How long a one-shot command waits, by default, for a process that has the lab open and answers no calls ($VDI_CONSOLE_LOCK_WAIT). */
export const LOCK_WAIT_SECONDS = 30;

/** The wait $VDI_CONSOLE_LOCK_WAIT asks for (seconds; unset: LOCK_WAIT_SECONDS), in ms; anything but a number of seconds is refused. */
export function lockWaitMs(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return LOCK_WAIT_SECONDS * 1000;
  const s = Number(text);
  if (!Number.isFinite(s) || s < 0) throw new LabError('invalid-input', `$VDI_CONSOLE_LOCK_WAIT must be a number of seconds, 0 or more ("${text}" given)`);
  return s * 1000;
}

/**
 * The lab folder for a one-shot command (`vdi-console call`, `checkpoint export`): the console that has it open and
 * answers calls (`holder`, its control endpoint), or `open()`'s result once no process holds it. A process that holds
 * it and answers no calls is waited for, up to `waitMs`: another `vdi-console call` (a script's calls in parallel run
 * one after the other, as they would against a console) or a console still starting. A lock no console wrote, or a
 * process still holding it when the wait ends, is refused as `open()` refuses it (`conflict`), with the wait said.
 */
export async function whenLabFree<T>(
  dataDir: string,
  open: () => T,
  o: { waitMs: number; pause: () => Promise<void>; onWait?: (pid: number) => void },
): Promise<{ holder: NonNullable<ReturnType<typeof labHolder>> & { control: { port: number; secret: string } } } | { opened: T }> {
  const deadline = Date.now() + o.waitMs;
  let waitingFor = 0;
  for (;;) {
    const holder = labHolder(dataDir);
    if (holder?.control) return { holder: { ...holder, control: holder.control } };
    try {
      return { opened: open() };
    } catch (err) {
      if (!(err instanceof LabError) || err.code !== 'conflict') throw err;
      if (readLockFile(join(dataDir, LOCK_FILE)) === 'damaged') throw err;
      const now = labHolder(dataDir);
      if (Date.now() >= deadline) {
        if (o.waitMs <= 0) throw err;
        throw new LabError('conflict', `${err.message} (waited ${Number((o.waitMs / 1000).toFixed(1))} s for it to let the lab go)`, err.path);
      }
      if (now && now.pid !== waitingFor) {
        waitingFor = now.pid;
        o.onWait?.(now.pid);
      }
      await o.pause();
    }
  }
}
