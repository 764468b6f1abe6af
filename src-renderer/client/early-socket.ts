import type { Reply } from '../../src-main/contract/index.ts';
import type { ConnectionStatus } from '../state/connection-store.ts';
import { firstPageOf } from '../shell/startup.ts';
import { createWsTransport, type WsTransport, type WsTransportHooks } from './ws-transport.ts';

/**
 * Browser mode's start-up work that needs none of the console's code: the sign-in check, the
 * WebSocket and, when the console opens on the Sessions page, that page's first screen. It runs
 * from its own small entry script (early.ts, loaded `async` ahead of the console's bundle: see
 * electron.config.ts), so the socket's handshake and the first screen's reply happen while the
 * browser still parses the stylesheets and evaluates React and PatternFly, instead of after them
 * (issue 18: the Sessions page's first rows within a second). The console then adopts this socket
 * (client/api.ts) and the Sessions page takes this reply (state/sessions-first-screen.ts).
 *
 * This module imports no runtime code but the transport's: its chunk must stay a few kB.
 */

/** Rows asked for first when the Sessions page opens: more than a tall screen shows, a reply of a few kB. */
export const FIRST_SCREEN_ROWS = 100;

export interface EarlyStart {
  /** Whether this browser must sign in first (admin accounts exist and it has no session). */
  signIn: Promise<boolean>;
  /** The socket, opened at once (null in Electron and on the instructor's page). */
  transport: WsTransport | null;
}

let started: EarlyStart | null = null;
let firstScreen: { at: number; reply: Promise<Reply<unknown> | null> } | null = null;
/** The console's hooks once it adopts the socket; until then the last status is kept for it. */
let adopted: WsTransportHooks | null = null;
let lastStatus: { status: ConnectionStatus; info: { retryAt?: number; attempts?: number; detail?: string } } | null = null;
let openedBeforeAdoption = false;

/**
 * The WebSocket address of the host that served this page. It names no token: serve took the
 * token out of the address at the first load (a redirect that set an HttpOnly cookie), and the
 * browser sends that cookie with the same-origin upgrade request.
 */
export function wsUrlFor(loc: Location): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/ws`;
}

/** Browser mode with admin accounts: does this browser need to sign in before the console opens? */
export async function browserNeedsSignIn(): Promise<boolean> {
  if (window.vdi) return false;
  try {
    const r = await fetch('/auth/session', { cache: 'no-store' });
    if (!r.ok) return false; // no token (401 page): the console's own connection banner explains it
    const s = (await r.json()) as { accountsExist?: boolean; signedIn?: boolean };
    return Boolean(s.accountsExist && !s.signedIn);
  } catch {
    return false;
  }
}

/** Starts the sign-in check, the socket and the Sessions page's first screen; once (later calls return the same). */
export function startEarly(): EarlyStart {
  if (started) return started;
  // Electron has its preload transport; the instructor's page (class mode) has no lab and no socket.
  if (window.vdi || location.pathname === '/instructor') {
    started = { signIn: Promise.resolve(false), transport: null };
    return started;
  }
  const signIn = browserNeedsSignIn();
  const transport = createWsTransport(wsUrlFor(location), {
    onStatus(status, info) {
      if (adopted) adopted.onStatus(status, info);
      else lastStatus = { status, info };
    },
    onOpen() {
      if (adopted) adopted.onOpen();
      else openedBeforeAdoption = true;
    },
  });
  started = { signIn, transport };
  if (firstPageOf(location.hash) === 'sessions') {
    // Asked only once the browser is known to be signed in: a refused request would be audited.
    const reply = signIn.then((needed) => (needed ? null : transport.request('session-list', { limit: FIRST_SCREEN_ROWS })));
    firstScreen = { at: Date.now(), reply };
  }
  return started;
}

/** The console takes the early socket (null when there is none): its hooks get what happened so far. */
export function adoptEarlyTransport(hooks: WsTransportHooks): WsTransport | null {
  const transport = started?.transport;
  if (!transport) return null;
  adopted = hooks;
  if (lastStatus) hooks.onStatus(lastStatus.status, lastStatus.info);
  if (openedBeforeAdoption) hooks.onOpen();
  return transport;
}

/** The early first screen's reply and when it was asked (once; null when there is none). */
export function takeEarlyFirstScreen(): { at: number; reply: Promise<Reply<unknown> | null> } | null {
  const f = firstScreen;
  firstScreen = null;
  return f;
}
