import { Worker } from 'node:worker_threads';
import type { CallContext } from '../../app/context.ts';
import { restAdminFor, runRestAdminOp, type RestAdminOp } from '../../app/rest-admin.ts';
import { OBJECT_KINDS } from '../../contract/entities.ts';
import { LabError, type Reply } from '../../contract/errors.ts';
import type { PushMessage } from '../../contract/methods.ts';
import type { LoginResult } from '../account-gate.ts';
import type { ControlEndpoint } from '../control.ts';
import type { HostPort } from './host-port.ts';
import type { FrontToHost, HostToFront, WorkerHostOptions } from './protocol.ts';
import { openLabReader, type LabReader } from './reader.ts';
import { workerNicenessFrom } from './thread-priority.ts';

/**
 * The host in a worker thread, seen from the front (serve's HTTP/WebSocket server, the desktop
 * app's IPC bridge). The front's thread then only parses, authenticates and forwards: a long
 * flush, checkpoint or clock slice in the worker never delays a static file, a sign-in page, a
 * WebSocket ping or the reply of another request.
 *
 * If the worker dies (an uncaught error, an out-of-memory, a `terminate`), every request it held
 * gets an `internal` error saying so, pushes tell the views to refresh, and a new worker opens the
 * same lab folder: what was committed is there (each admin operation is one transaction; the
 * simulation continues from its last flush). After RESTART.maxRestarts within RESTART.windowMs
 * the front stops restarting and answers every request with that error.
 */
export const RESTART = {
  /** Restarts allowed within the window before the front gives up (a lab that kills its host at open would loop). */
  maxRestarts: 3,
  windowMs: 60_000,
};

/** Where the worker's code is: from TypeScript sources a .mjs registers tsx first; built, host-worker.js beside the chunk. */
export function hostWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('./worker-boot.mjs', here) : new URL('./host-worker.js', here);
}

type Pending = (m: HostToFront) => void;

/** `VDI_CONSOLE_READER=off` leaves every read to the worker (to compare: bench rest, serve-loop). */
export function readerFrom(env: NodeJS.ProcessEnv): boolean {
  return env.VDI_CONSOLE_READER !== 'off';
}

export interface WorkerHost extends HostPort {
  /** Ends the worker abruptly, as a crash would (tests of the restart). */
  killWorker(): Promise<void>;
  /** How many times the worker was restarted after dying. */
  readonly restarts: number;
  /** Requests the front's read-only reader answered (runner/reader.ts) rather than the worker. */
  readonly readerAnswers: number;
  /** The worker thread's Linux niceness (runner/thread-priority.ts), null where unknown. */
  readonly workerNiceness: number | null;
  close(opts?: { flush?: boolean }): Promise<void>;
}

const ALL_KINDS_CHANGED: PushMessage<'lab-changed'> = { topic: 'lab-changed', payload: { kinds: [...OBJECT_KINDS] } };

export function startWorkerHost(options: WorkerHostOptions & { workerUrl?: URL; reader?: boolean }): Promise<WorkerHost> {
  const { workerUrl, reader: useReader = readerFrom(process.env), ...given } = options;
  const envNiceness = workerNicenessFrom(process.env);
  const opts: WorkerHostOptions = given.niceness === undefined && envNiceness !== undefined ? { ...given, niceness: envNiceness } : given;
  let workerNiceness: number | null = null;
  /** The read-only reader (runner/reader.ts): opened once the worker has opened (and migrated) the lab. */
  let reader: LabReader | null = null;
  /** A replay view is open in the worker: reads go there. */
  let viewing = false;
  let readerAnswers = 0;
  const listeners = new Set<(msg: PushMessage) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Worker;
  let ready: Promise<void>;
  let accountsExist = false;
  let closing = false;
  let gaveUp: string | null = null;
  const deaths: number[] = [];
  let restarts = 0;
  let info = { dataDir: opts.dataDir, created: false, localAdmin: { user: opts.user ?? '', transport: opts.transport ?? 'in-process' } as CallContext };
  let resolveControl: (c: ControlEndpoint | null) => void = () => {};
  const controlReady = new Promise<ControlEndpoint | null>((r) => (resolveControl = r));

  const publish = (msg: PushMessage) => {
    for (const l of listeners) {
      try {
        l(msg);
      } catch {
        // a broken listener (a closed socket) must not break the others
      }
    }
  };

  const spawn = (first: boolean): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      // After the first start the lab exists: a restart never generates one.
      const data: WorkerHostOptions = first ? opts : { ...opts, lab: undefined, seed: undefined };
      const w = new Worker(workerUrl ?? hostWorkerUrl(), { workerData: data });
      worker = w;
      let opened = false;
      w.on('message', (m: HostToFront) => {
        switch (m.type) {
          case 'ready':
            opened = true;
            accountsExist = m.accountsExist;
            workerNiceness = m.niceness;
            info = { dataDir: m.dataDir, created: first ? m.created : info.created, localAdmin: m.localAdmin };
            viewing = false;
            if (useReader) {
              reader?.close();
              reader = openLabReader(m.dataDir);
            }
            resolveControl(m.control);
            resolve();
            return;
          case 'open-failed':
            reject(new LabError(m.error.code, m.error.message, m.error.path));
            return;
          case 'push':
            // Accounts made or removed through the worker's control port (`vdi-console call`) reach the front with their change's push:
            // /rest/login and the sign-in pages know at once, not at the next reply of the worker.
            accountsExist = m.accountsExist;
            publish(m.msg);
            return;
          case 'viewing':
            viewing = m.on;
            return;
          case 'closed':
            return;
          case 'front-call':
            w.postMessage(frontResult(m.id, m.op));
            return;
          default: {
            accountsExist = m.accountsExist;
            const p = pending.get(m.id);
            pending.delete(m.id);
            p?.(m);
          }
        }
      });
      w.on('error', (err) => {
        if (!opened) reject(err);
        else console.error(`The simulation host failed: ${err.stack ?? err.message}`);
      });
      w.on('exit', (code) => {
        if (worker !== w) return;
        if (!opened) return reject(new Error(`The simulation host stopped while opening the lab (exit code ${code})`));
        if (closing) return;
        onDeath(`exit code ${code}`);
      });
    });

  const onDeath = (why: string) => {
    const message = `The simulation host stopped unexpectedly (${why}); it is restarting on the same lab (committed changes are kept): send the request again`;
    failPending(message);
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && (deaths[0] as number) < now - RESTART.windowMs) deaths.shift();
    if (deaths.length > RESTART.maxRestarts) {
      gaveUp = `The simulation host stopped ${deaths.length} times within ${RESTART.windowMs / 1000} s (last: ${why}); restart the console`;
      console.error(gaveUp);
      return;
    }
    console.error(message);
    restarts++;
    ready = spawn(false).then(
      () => publish(ALL_KINDS_CHANGED), // what the views show may be ahead of the lab's last commit: they read again
      (err: unknown) => {
        gaveUp = `The simulation host could not reopen the lab: ${(err as Error).message}`;
        console.error(gaveUp);
        failPending(gaveUp);
      },
    );
  };

  /** The rest-* methods' work on this front's HTTP API state (the fault rules the handlers here apply, the log they write). */
  const frontResult = (id: number, op: RestAdminOp): FrontToHost => {
    try {
      return { type: 'front-result', id, ok: true, result: runRestAdminOp(restAdminFor(info.dataDir), op) };
    } catch (err) {
      const error = err instanceof LabError ? err.toApiError() : { code: 'internal' as const, message: (err as Error).message };
      return { type: 'front-result', id, ok: false, error };
    }
  };

  const failPending = (message: string) => {
    const waiting = [...pending.values()];
    pending.clear();
    for (const p of waiting) p({ type: 'reply', id: 0, reply: { ok: false, error: { code: 'internal', message } }, accountsExist });
  };

  /** Sends one request once the worker is ready; answers `internal` while the host cannot run. */
  const ask = async (make: (id: number) => FrontToHost): Promise<HostToFront> => {
    await ready.catch(() => undefined);
    if (gaveUp || closing) {
      return { type: 'reply', id: 0, reply: { ok: false, error: { code: 'internal', message: gaveUp ?? 'The console is closing' } }, accountsExist };
    }
    const id = nextId++;
    return new Promise<HostToFront>((resolve) => {
      pending.set(id, resolve);
      worker.postMessage(make(id));
    });
  };
  const replyOf = (m: HostToFront): Reply<unknown> =>
    m.type === 'reply' || m.type === 'reply-text'
      ? (m.reply ?? { ok: false, error: { code: 'internal', message: 'No reply' } })
      : { ok: false, error: { code: 'internal', message: 'Unexpected answer from the host' } };

  ready = spawn(true);
  return ready.then(() => {
    const host: WorkerHost = {
      get dataDir() {
        return info.dataDir;
      },
      get localAdmin() {
        return info.localAdmin;
      },
      get created() {
        return info.created;
      },
      get restarts() {
        return restarts;
      },
      get readerAnswers() {
        return readerAnswers;
      },
      get workerNiceness() {
        return workerNiceness;
      },
      accounts: {
        exist: () => accountsExist,
        login: async (name, password, transport, client): Promise<LoginResult> => {
          const m = await ask((id) => ({ type: 'login', id, name, password, transport, client }));
          if (m.type === 'login-result') return m.result;
          const r = replyOf(m);
          return { ok: false, reason: 'bad-credentials', message: r.ok ? 'Sign-in failed' : r.error.message };
        },
      },
      dispatch: async (method, input, call) => {
        // A read of committed rows only: the reader answers at once, whatever the worker is busy with.
        if (reader && !viewing && !gaveUp && !closing) {
          const r = await reader.dispatch(method, input, call ?? info.localAdmin);
          if (r) {
            readerAnswers++;
            return r;
          }
        }
        return replyOf(await ask((id) => ({ type: 'dispatch', id, method, input, ...(call ? { call } : {}) })));
      },
      dispatchText: async (text, call) => {
        const m = await ask((id) => ({ type: 'dispatch-text', id, text, wire: false, ...(call ? { call } : {}) }));
        return { id: m.type === 'reply-text' ? m.id2 : null, reply: replyOf(m) };
      },
      dispatchWire: async (text, call) => {
        const m = await ask((id) => ({ type: 'dispatch-text', id, text, wire: true, ...(call ? { call } : {}) }));
        if (m.type === 'reply-text' && m.text !== undefined) return m.text;
        return JSON.stringify({ id: m.type === 'reply-text' ? m.id2 : null, reply: replyOf(m) });
      },
      onPush: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      controlReady,
      killWorker: async () => {
        await worker.terminate();
      },
      close: async (o = {}) => {
        if (closing) return;
        await ready.catch(() => undefined);
        closing = true;
        reader?.close();
        reader = null;
        failPending('The console is closing');
        const w = worker;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => void w.terminate().then(() => resolve()), 30_000);
          w.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          w.postMessage({ type: 'close', flush: o.flush !== false } satisfies FrontToHost);
        });
      },
    };
    return host;
  });
}
