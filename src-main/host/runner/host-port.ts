import type { CallContext } from '../../app/context.ts';
import type { Reply } from '../../contract/errors.ts';
import type { PushMessage } from '../../contract/methods.ts';
import type { LoginResult } from '../account-gate.ts';
import type { ControlEndpoint } from '../control.ts';
import type { TransportKind } from '../../contract/roles.ts';

/**
 * What a front (serve's HTTP/WebSocket server, the desktop app's IPC bridge, the CLI) needs of the
 * host, whether the host runs in this thread (`openHost`: tests, the CLI) or in a worker thread
 * (runner/worker-host.ts: serve and the desktop app). Everything here is the contract or a thin
 * door beside it: a front never touches the store or the engine.
 */
export interface HostPort {
  readonly dataDir: string;
  /** The local administrator's call context (the default of dispatch). */
  readonly localAdmin: CallContext;
  /** True when this start generated a new lab in an empty folder. */
  readonly created: boolean;
  /** Sign-in checks. `exist()` is answered from what the host last said (the worker host refreshes it with every reply). */
  readonly accounts: AccountsPort;
  dispatch(method: unknown, input: unknown, call?: CallContext): Promise<Reply<unknown>>;
  dispatchText(text: string, call?: CallContext): Promise<{ id: unknown; reply: Reply<unknown> }>;
  /** dispatchText's answer as the wire text `{"id":…,"reply":…}`: a worker host serialises it off the front's thread. */
  dispatchWire(text: string, call?: CallContext): Promise<string>;
  onPush(listener: (msg: PushMessage) => void): () => void;
  /** Resolves once the control port is listening and advertised (null when the host has none). */
  readonly controlReady: Promise<ControlEndpoint | null>;
  /** Stops the clock, writes what the simulation holds and closes the lab (`flush: false`: as a crash would leave it). */
  close(opts?: { flush?: boolean }): void | Promise<void>;
}

export interface AccountsPort {
  exist(): boolean;
  login(name: string, password: string, transport: TransportKind, client: string): Promise<LoginResult>;
}
