import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format } from 'node:util';

// The desktop app's log file. Started from a menu or a dock, the app has no terminal: what it would
// print on stderr (start-up failures, warnings, uncaught errors) goes to <userData>/logs/main.log as
// well, one timestamped line per message. Plain Node (no electron-log: nothing new to download), so
// it is unit-tested without Electron. The file rotates once it passes MAX_LOG_BYTES: main.log →
// main.old.log, keeping at most twice that on disk.

export const MAX_LOG_BYTES = 1024 * 1024;
export type Level = 'info' | 'warn' | 'error';

export interface AppLog {
  readonly file: string;
  write(level: Level, ...args: unknown[]): void;
}

export function logFileIn(userData: string): string {
  return join(userData, 'logs', 'main.log');
}

/** A log writing to `file`; never throws (a log that cannot be written must not take the app down). */
export function openAppLog(file: string, now: () => Date = () => new Date(), maxBytes = MAX_LOG_BYTES): AppLog {
  let size = 0;
  try {
    mkdirSync(dirname(file), { recursive: true });
    size = statSync(file).size;
  } catch {
    size = 0;
  }
  return {
    file,
    write(level, ...args) {
      const line = `${now().toISOString()} [${level}] ${format(...args).replace(/\r?\n/g, '\n    ')}\n`;
      try {
        if (size + line.length > maxBytes && size > 0) {
          const old = file.replace(/\.log$/, '.old.log');
          rmSync(old, { force: true });
          renameSync(file, old);
          size = 0;
        }
        appendFileSync(file, line);
        size += Buffer.byteLength(line);
      } catch {
        // disk full, folder removed: keep running without the log
      }
    },
  };
}

/**
 * Sends console.info/log/warn/error and uncaught errors to the log as well as to the terminal.
 * Returns the function that puts the console back (tests).
 */
export function captureConsole(log: AppLog, target: Pick<Console, 'log' | 'info' | 'warn' | 'error'> = console): () => void {
  const original = { log: target.log, info: target.info, warn: target.warn, error: target.error };
  target.log = (...a: unknown[]) => (log.write('info', ...a), original.log.apply(target, a));
  target.info = (...a: unknown[]) => (log.write('info', ...a), original.info.apply(target, a));
  target.warn = (...a: unknown[]) => (log.write('warn', ...a), original.warn.apply(target, a));
  target.error = (...a: unknown[]) => (log.write('error', ...a), original.error.apply(target, a));
  return () => Object.assign(target, original);
}
