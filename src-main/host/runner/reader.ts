import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AppServices, CallContext, Handler } from '../../app/context.ts';
import { imageHandlers } from '../../app/handlers/images.ts';
import { poolHandlers } from '../../app/handlers/pools.ts';
import { restHandlers } from '../../app/handlers/rest.ts';
import { LabError, type Reply } from '../../contract/errors.ts';
import { methods, type MethodName } from '../../contract/methods.ts';
import type { Db } from '../../store/db.ts';
import { sqliteBindingOptions } from '../../store/native-binding.ts';
import { Dispatcher } from '../dispatcher.ts';

/**
 * The read-only reader (issues 15 and 18): a second, read-only SQLite connection to the lab, in the
 * front's thread, that answers the big SQL-only lists without a trip to the host's worker. The worker
 * runs the simulation in slices and writes a flush every second; a request that reaches it waits for
 * the slice or flush under way. With the lab in WAL mode the reader never waits for the writer (nor
 * the writer for it): it reads the last committed transaction.
 *
 * Which methods (READER_METHODS): only those whose handler reads nothing but committed rows through
 * `ctx.db` — no simulation, no service, no engine memory. For them the reader's answer is the
 * worker's answer: the worker does not flush before a read either, so both see the last commit (the
 * clock driver's flush every DRIVER.flushMs, a mutation's transaction, a clock step's commit).
 * Methods that merge live engine state (session-list, session-live, the dashboard) stay in the worker.
 *
 * The rules around it (runner/worker-host.ts):
 * - the same Dispatcher class answers (validation, roles read from the lab's accounts, the handler);
 * - a refusal or error is not answered here: the request goes to the worker, which answers it the
 *   same way and writes it to the audit trail (successful reads are not audited, so nothing is lost);
 * - while a past moment is open read-only (replay view, which the worker reports with every answer),
 *   reads go to the worker, which routes them to the view's scratch lab;
 * - writes are impossible: the connection is opened `readonly` (SQLITE_OPEN_READONLY) with
 *   `query_only`, and only READER_METHODS are registered (none mutates);
 * - a lab file replaced under it (another inode) is reopened before the next read.
 */
export const READER_METHODS = ['desktop-detail-list', 'desktop-list', 'pool-list', 'task-list', 'event-page', 'pool-assigned-counts'] as const;
export type ReaderMethod = (typeof READER_METHODS)[number];

const HANDLERS: { [K in ReaderMethod]: Handler<K> } = {
  'desktop-detail-list': restHandlers['desktop-detail-list'],
  'desktop-list': poolHandlers['desktop-list'],
  'pool-list': poolHandlers['pool-list'],
  'task-list': imageHandlers['task-list'],
  'event-page': restHandlers['event-page'],
  'pool-assigned-counts': restHandlers['pool-assigned-counts'],
};

const READER_SET: ReadonlySet<string> = new Set(READER_METHODS);

export function isReaderMethod(method: unknown): method is ReaderMethod {
  return typeof method === 'string' && READER_SET.has(method);
}

/** What a reader handler may use besides `ctx.db`: nothing (a handler asking for the simulation gets an error, and the worker answers). */
const READER_SERVICES: AppServices = {
  simulation() {
    throw new LabError('internal', 'The read-only reader has no simulation');
  },
  hasSimulation: () => false,
  yieldToOthers: () => new Promise((r) => setImmediate(r)),
};

export interface LabReader {
  /** The reply, or null when the worker must answer (a refusal, an error, a method the reader does not serve, no file). */
  dispatch(method: unknown, input: unknown, call: CallContext): Promise<Reply<unknown> | null>;
  /** The connection (tests: proof that it refuses writes). */
  readonly db: Db | null;
  close(): void;
}

/** Same file name as host/host.ts LAB_FILE (not imported: the front's bundle need not carry the host). */
const LAB_FILE = 'lab.sqlite';

export function openLabReader(dataDir: string): LabReader {
  const path = join(dataDir, LAB_FILE);
  let db: Db | null = null;
  let dispatcher: Dispatcher | null = null;
  let ino = -1;

  const open = (): boolean => {
    try {
      const st = statSync(path);
      if (db && st.ino === ino) return true;
      db?.close();
      db = null;
      dispatcher = null;
      const d = new Database(path, { readonly: true, fileMustExist: true, ...sqliteBindingOptions() });
      d.pragma('query_only = ON');
      d.pragma('busy_timeout = 1000');
      const disp = new Dispatcher(d, () => new Date(), READER_SERVICES);
      for (const m of READER_METHODS) disp.register(m, HANDLERS[m] as never);
      db = d;
      dispatcher = disp;
      ino = st.ino;
      return true;
    } catch {
      db?.close();
      db = null;
      dispatcher = null;
      return false; // no file yet, or it cannot be read: the worker answers
    }
  };

  return {
    get db() {
      return db;
    },
    async dispatch(method, input, call) {
      if (!isReaderMethod(method) || methods[method].mutates) return null;
      if (!open() || !dispatcher) return null;
      const reply = await dispatcher.dispatch(method, input, call);
      return reply.ok ? reply : null;
    },
    close() {
      db?.close();
      db = null;
      dispatcher = null;
    },
  };
}

export type { MethodName };
