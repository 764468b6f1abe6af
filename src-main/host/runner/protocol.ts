import type { CallContext } from '../../app/context.ts';
import type { ApiError, Reply } from '../../contract/errors.ts';
import type { LabProfile } from '../../contract/entities.ts';
import type { PushMessage } from '../../contract/methods.ts';
import type { TransportKind } from '../../contract/roles.ts';
import type { LoginResult } from '../account-gate.ts';
import type { ControlEndpoint } from '../control.ts';
import type { RestAdminOp } from '../../app/rest-admin.ts';

/**
 * The typed channel between a front and the host in its worker thread (runner/worker-host.ts ⇄
 * runner/host-worker.ts). It carries the contract unchanged: requests with their caller, replies,
 * pushes; plus the sign-in door and the lifecycle (ready, open-failed, close).
 */

/** What the worker needs to open the host (HostOptions minus the functions, which cannot cross a thread). */
export interface WorkerHostOptions {
  dataDir: string;
  lab?: LabProfile;
  seed?: number;
  user?: string;
  transport?: TransportKind;
  run?: boolean;
  control?: boolean;
  stepCommitMs?: number;
  flushMs?: number;
  /** The worker thread's Linux niceness (runner/thread-priority.ts; default WORKER_PRIORITY.niceness). */
  niceness?: number;
}

export type FrontToHost =
  | { type: 'dispatch'; id: number; method: unknown; input: unknown; call?: CallContext }
  | { type: 'dispatch-text'; id: number; text: string; call?: CallContext; wire: boolean }
  | { type: 'login'; id: number; name: string; password: string; transport: TransportKind; client: string }
  | { type: 'close'; flush: boolean }
  | { type: 'front-result'; id: number; ok: true; result: unknown }
  | { type: 'front-result'; id: number; ok: false; error: ApiError };

export type HostToFront =
  | {
      type: 'ready';
      dataDir: string;
      created: boolean;
      localAdmin: CallContext;
      accountsExist: boolean;
      control: ControlEndpoint | null;
      /** The worker thread's niceness after it lowered its priority (null: not Linux, or it could not tell). */
      niceness: number | null;
    }
  | { type: 'open-failed'; error: ApiError }
  /** `accountsExist` rides on every answer, so the front's sync `accounts.exist()` is never behind a change it was told of. */
  | { type: 'reply'; id: number; reply: Reply<unknown>; accountsExist: boolean }
  | { type: 'reply-text'; id: number; id2: unknown; reply?: Reply<unknown>; text?: string; accountsExist: boolean }
  | { type: 'login-result'; id: number; result: LoginResult; accountsExist: boolean }
  /** A push, sent once its change committed; `accountsExist` as after it (a change from the control port or a long run has no answer here). */
  | { type: 'push'; msg: PushMessage; accountsExist: boolean }
  /**
   * A past moment opened or closed read-only (replay view): while one is open the front's read-only
   * reader (runner/reader.ts) answers nothing, reads go to the worker (which routes them to the view).
   * Sent before the answer of the request that changed it.
   */
  | { type: 'viewing'; on: boolean }
  | { type: 'closed' }
  /** The rest-* methods' work on the HTTP API's state, which lives with the front (app/rest-admin.ts). */
  | { type: 'front-call'; id: number; op: RestAdminOp };
