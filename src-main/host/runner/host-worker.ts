// The host in its own thread (serve and the desktop app): store, engine, dispatcher, flushes and
// checkpoints all run here, so nothing they do delays the front's event loop. The front
// (worker-host.ts) forwards requests over protocol.ts and hands the answers to its clients.
import { parentPort, workerData } from 'node:worker_threads';
import { LabError } from '../../contract/errors.ts';
import { currentView } from '../../app/replay/views.ts';
import { openHost, type Host } from '../host.ts';
import type { RestAdminOp } from '../../app/rest-admin.ts';
import type { FrontToHost, HostToFront, WorkerHostOptions } from './protocol.ts';
import { WORKER_PRIORITY, lowerThisThreadPriority } from './thread-priority.ts';

const port = parentPort;
if (!port) throw new Error('host-worker.ts runs as a worker thread');
const send = (m: HostToFront) => port.postMessage(m);

const frontCalls = new Map<number, (m: Extract<FrontToHost, { type: 'front-result' }>) => void>();
let nextFrontCall = 1;
const restAdmin = (op: RestAdminOp): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const id = nextFrontCall++;
    frontCalls.set(id, (m) => (m.ok ? resolve(m.result) : reject(new LabError(m.error.code, m.error.message, m.error.path))));
    send({ type: 'front-call', id, op });
  });

// First of all, so that opening the lab (seconds on scale-10k) already yields to the front.
const { niceness: askedNiceness, ...hostOptions } = workerData as WorkerHostOptions;
const niceness = lowerThisThreadPriority(askedNiceness ?? WORKER_PRIORITY.niceness);

let host: Host;
try {
  host = openHost({ ...hostOptions, restAdmin });
} catch (err) {
  const error = err instanceof LabError ? err.toApiError() : { code: 'internal' as const, message: (err as Error).message };
  send({ type: 'open-failed', error });
  process.exit(1); // ends this thread only
}

/** Whether a replay view is open, told to the front when it changes (its reader then leaves the reads to this thread). */
let viewing = false;
const noteViewing = () => {
  const on = currentView(host.dataDir) !== undefined;
  if (on !== viewing) {
    viewing = on;
    send({ type: 'viewing', on });
  }
};

/** A count on the accounts table: microseconds, asked after each answer (with the replay view's state). */
const accountsExist = () => {
  noteViewing();
  try {
    return host.accounts.exist();
  } catch {
    return false;
  }
};

host.onPush((msg) => send({ type: 'push', msg, accountsExist: accountsExist() }));
const control = await host.controlReady;
send({ type: 'ready', dataDir: host.dataDir, created: host.created, localAdmin: host.localAdmin, accountsExist: accountsExist(), control, niceness });

port.on('message', (m: FrontToHost) => {
  switch (m.type) {
    case 'dispatch':
      void host.dispatch(m.method, m.input, m.call).then((reply) => send({ type: 'reply', id: m.id, reply, accountsExist: accountsExist() }));
      return;
    case 'dispatch-text':
      void host.dispatchText(m.text, m.call).then(({ id, reply }) =>
        // The wire form is serialised here, not on the front's thread (a 9,500-session list is megabytes).
        send(
          m.wire
            ? { type: 'reply-text', id: m.id, id2: id, text: JSON.stringify({ id, reply }), accountsExist: accountsExist() }
            : { type: 'reply-text', id: m.id, id2: id, reply, accountsExist: accountsExist() },
        ),
      );
      return;
    case 'login':
      void host.accounts
        .login(m.name, m.password, m.transport, m.client)
        .then((result) => send({ type: 'login-result', id: m.id, result, accountsExist: accountsExist() }));
      return;
    case 'front-result': {
      const done = frontCalls.get(m.id);
      frontCalls.delete(m.id);
      done?.(m);
      return;
    }
    case 'close':
      host.close({ flush: m.flush });
      send({ type: 'closed' });
      port.close();
      return;
  }
});
