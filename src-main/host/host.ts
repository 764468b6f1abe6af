import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { Reply } from '../contract/errors.ts';
import type { LabProfile } from '../contract/entities.ts';
import type { MethodName, PushMessage } from '../contract/methods.ts';
import type { Transport } from '../contract/client.ts';
import type { CallContext } from '../app/context.ts';
import { handlers } from '../app/handlers/index.ts';
import { DEFAULT_SEED, ensureLab } from '../app/lab-setup.ts';
import { openDatabase, type Db } from '../store/db.ts';
import { Dispatcher } from './dispatcher.ts';

export const LAB_FILE = 'lab.sqlite';

export interface HostOptions {
  /** Folder that holds the lab database; created if missing. */
  dataDir: string;
  /** Profile and seed used only when the folder has no lab yet. */
  lab?: LabProfile;
  seed?: number;
  /** Who the audit trail names for calls without their own context. */
  user?: string;
  wallClock?: () => Date;
}

export interface Host {
  readonly dataDir: string;
  readonly dbPath: string;
  /** True when this start generated a new lab in an empty folder. */
  readonly created: boolean;
  dispatch(method: unknown, input: unknown, call?: CallContext): Promise<Reply<unknown>>;
  dispatchText(text: string, call?: CallContext): Promise<{ id: unknown; reply: Reply<unknown> }>;
  onPush(listener: (msg: PushMessage) => void): () => void;
  close(): void;
}

export function defaultUser(): string {
  try {
    return `LOCAL\\${userInfo().username}`;
  } catch {
    return 'LOCAL\\admin';
  }
}

/** Opens the lab in `dataDir` (generating it on first start) and wires the dispatcher. Throws LabError for a bad database. */
export function openHost(opts: HostOptions): Host {
  mkdirSync(opts.dataDir, { recursive: true });
  const dbPath = join(opts.dataDir, LAB_FILE);
  const wallClock = opts.wallClock ?? (() => new Date());
  const db: Db = openDatabase(dbPath);
  let created = false;
  try {
    created = ensureLab(db, opts.lab ?? 'default', opts.seed ?? DEFAULT_SEED, wallClock().toISOString()).created;
  } catch (err) {
    db.close();
    throw err;
  }
  const dispatcher = new Dispatcher(db, wallClock);
  for (const name of Object.keys(handlers) as MethodName[]) dispatcher.register(name, handlers[name] as never);
  dispatcher.assertComplete();
  const user: CallContext = { user: opts.user ?? defaultUser() };
  let closed = false;

  return {
    dataDir: opts.dataDir,
    dbPath,
    created,
    dispatch: (method, input, call) => dispatcher.dispatch(method, input, call ?? user),
    dispatchText: (text, call) => dispatcher.dispatchText(text, call ?? user),
    onPush: (listener) => dispatcher.onPush(listener),
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

/** The in-process transport: tests and the CLI talk to the host without a wire. */
export function memoryTransport(host: Host, call?: CallContext): Transport {
  return {
    // Round-trip through JSON so tests see exactly what a wire would carry.
    request: async (method, input) => JSON.parse(JSON.stringify(await host.dispatch(method, input, call))) as Reply<unknown>,
    onPush: (listener) => host.onPush((msg) => listener(JSON.parse(JSON.stringify(msg)) as PushMessage)),
  };
}
