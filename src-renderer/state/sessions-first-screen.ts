import { ApiCallError, type Reply, type SessionRow } from '../../src-main/contract/index.ts';
import { getClient } from '../client/api.ts';
import { FIRST_SCREEN_ROWS, takeEarlyFirstScreen } from '../client/early-socket.ts';

/**
 * The Sessions page's first screen: FIRST_SCREEN_ROWS rows, a reply of a few kB. The rest of the
 * list (9,500 rows at a scale-10k peak are 4.7 MB) follows in pages (features/sessions/use-session-rows.ts).
 */
export { FIRST_SCREEN_ROWS };
/** An early first screen older than this is not used (the page opened later; ask again). */
const EARLY_MAX_AGE_MS = 10_000;

let early: { at: number; reply: Promise<SessionRow[]>; rows?: SessionRow[] } | null = null;

function rowsOf(reply: Reply<unknown> | null): SessionRow[] {
  if (!reply) throw new ApiCallError({ code: 'unauthorized', message: 'Sign in to see the sessions.' });
  if (!reply.ok) throw new ApiCallError(reply.error);
  return reply.result as SessionRow[];
}

/**
 * Asks for the Sessions page's first screen at start-up, before the page's code has loaded and
 * before the shell's own requests (masthead, alarms, tasks), so it is the first request on the
 * socket and the host answers it first. In a browser the early script has asked already, before
 * the console's bundle loaded (client/early-socket.ts): that reply is the one taken.
 */
export function requestFirstScreen(): void {
  const pre = takeEarlyFirstScreen();
  const reply = pre ? pre.reply.then(rowsOf) : getClient().call('session-list', { limit: FIRST_SCREEN_ROWS });
  reply.catch(() => undefined); // the page reports a failure when it takes the reply
  const e: NonNullable<typeof early> = { at: pre?.at ?? Date.now(), reply };
  reply.then(
    (rows) => (e.rows = rows),
    () => undefined,
  );
  early = e;
}

/**
 * The first screen's rows when its reply is in and fresh, without taking it: the Sessions page
 * starts with them in its first render (issue 18: one React pass less before the first rows).
 * takeFirstScreen() still hands over the same rows.
 */
export function peekFirstScreen(): SessionRow[] | undefined {
  return early && Date.now() - early.at <= EARLY_MAX_AGE_MS ? early.rows : undefined;
}

/**
 * Longest the console's first render waits for the first screen's reply when it opens on the
 * Sessions page. Without the contract's schemas (issue 18) the bundle is ready before the early
 * reply about half the time: a settled tab on scale-10k had the bundle run by ~490 ms and the reply
 * in at 450–710 ms. Rendering first means rendering the page twice (the shell without the table,
 * then the rows: painted at ~936 ms, against ~850 ms when the reply came first). Not
 * longer: a host that is slow to answer must not keep the whole shell off the screen.
 */
export const FIRST_SCREEN_WAIT_MS = 400;

/**
 * Resolves once the first screen's reply is in (or failed), or after `maxMs`; at once when no first
 * screen was asked for. Never rejects: the page reports a failure when it takes the reply.
 */
export function firstScreenSettled(maxMs = FIRST_SCREEN_WAIT_MS): Promise<void> {
  const e = early;
  if (!e || e.rows) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    e.reply.then(done, done);
  });
}

/** The first screen: the early request's reply when there is a fresh one (once), otherwise a new request. */
export function takeFirstScreen(): Promise<SessionRow[]> {
  const e = early;
  early = null;
  if (e && Date.now() - e.at <= EARLY_MAX_AGE_MS) return e.reply;
  return getClient().call('session-list', { limit: FIRST_SCREEN_ROWS });
}
