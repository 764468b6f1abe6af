import { useCallback, useEffect, useState } from 'react';
import type { ApiError, SessionRow } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useConnection } from '../../state/connection-store.ts';
import { toApiError } from '../../state/use-api.ts';
import { afterNextPaint, firstContentShown } from '../../shell/startup.ts';
import { FIRST_SCREEN_ROWS, peekFirstScreen, takeFirstScreen } from '../../state/sessions-first-screen.ts';

/** Least time between two updates of the list (its live figures move every second on their own feed). */
const DELTA_MS = 2000;
/** Least time between two whole reloads of a big list (9,000 rows are megabytes to parse). */
const BIG_LIST = 2000;
const BIG_RELOAD_MS = 30_000;
/** The most session ids one update asks for (session-list accepts 2,000). */
const MAX_IDS = 2000;
/**
 * Rows per page of the whole list: about 1 MB a reply, 5 pages at a scale-10k peak. One 4.7 MB
 * reply held the host's thread while it was built (the view's other requests queued behind it) and
 * the page's main thread while it was parsed; pages let both answer in between and fill the table
 * as they come. Not smaller: each page is a round trip and a re-sort of the rows so far (pages of
 * 1,000 took the whole list from 15 to 19–31 s in bench sessions-first-rows at load 15).
 */
export const PAGE_ROWS = 2000;

/**
 * The whole list, page after page in session-id order (session-list `afterId`): `onPage` gets the
 * rows so far after each page but the last, and stops the walk by returning false (the view closed);
 * then the answer is null.
 */
export async function loadSessionPages(
  list: (input: { afterId: string; limit: number }) => Promise<SessionRow[]>,
  pageRows: number,
  onPage: (sofar: readonly SessionRow[]) => boolean,
): Promise<SessionRow[] | null> {
  const rows: SessionRow[] = [];
  let afterId = '';
  for (;;) {
    const page = await list({ afterId, limit: pageRows });
    rows.push(...page);
    const last = page[page.length - 1];
    if (page.length < pageRows || !last) return rows;
    afterId = last.id;
    if (!onPage(rows)) return null;
  }
}

/** The first screen's rows the pages have not brought yet, after the ones they have (shown while loading). */
export function withFirstScreen(paged: readonly SessionRow[], first: readonly SessionRow[]): SessionRow[] {
  const have = new Set(paged.map((r) => r.id));
  return [...paged, ...first.filter((r) => !have.has(r.id))];
}

/**
 * The rows after an update: the sessions that were asked for are replaced by what came back, and
 * the ones that did not come back (they ended) are dropped. Rows nobody asked about keep their
 * object, so the table re-sorts only what changed.
 */
export function mergeSessionRows(rows: readonly SessionRow[], asked: readonly string[], fresh: readonly SessionRow[]): SessionRow[] {
  const askedIds = new Set(asked);
  const byId = new Map(fresh.map((r) => [r.id, r]));
  const out: SessionRow[] = [];
  for (const r of rows) {
    if (!askedIds.has(r.id)) out.push(r);
    else {
      const f = byId.get(r.id);
      if (f) {
        out.push(f);
        byId.delete(r.id);
      }
    }
  }
  for (const f of byId.values()) out.push(f);
  return out;
}

/**
 * Every current session for the sessions table, kept current by deltas: a `sessions-changed` push
 * names the sessions that started, changed state or ended, and the table fetches just those (at most
 * every 2 s) instead of reloading 9,000 rows. The list reloads whole on the first load, after a
 * reconnect, on `reload()`, and when a push could not name them all (throttled to every 30 s for a
 * big list).
 *
 * The first load shows the first screen of rows (FIRST_SCREEN_ROWS, in the host's order) at once
 * with `complete: false`, then the whole list in pages of PAGE_ROWS in session-id order (session-list
 * `afterId`), each shown as it comes. Pages walk the ids, so a session that starts or ends while they
 * load shifts no other across a page boundary, and the `sessions-changed` pushes that name it are
 * kept and fetched as a delta once the last page is in: the list ends as one consistent moment.
 */
export function useSessionRows(): { rows: SessionRow[] | undefined; complete: boolean; error: ApiError | undefined; reload(): void } {
  // The first screen's rows when their reply is in already (the usual start on this page): the
  // first render shows them. The effect below takes the same rows and goes on with the whole list.
  const [state, setState] = useState<{ rows: SessionRow[] | undefined; complete: boolean; error: ApiError | undefined }>(() => {
    const first = peekFirstScreen();
    return { rows: first, complete: first !== undefined && first.length < FIRST_SCREEN_ROWS, error: undefined };
  });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    const client = getClient();
    let alive = true;
    let rows: SessionRow[] | undefined;
    let needFull = true;
    const pending = new Set<string>();
    let inFlight = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastFull = 0;
    let lastDelta = 0;

    const run = async () => {
      timer = null;
      inFlight = true;
      try {
        if (needFull || !rows) {
          needFull = false;
          pending.clear();
          lastFull = Date.now();
          let first: SessionRow[] | null = null;
          if (!rows) {
            // Usually asked for at start-up, ahead of everything else (state/sessions-first-screen.ts, main.tsx).
            first = await takeFirstScreen();
            const firstRows = first;
            if (alive) setState((s) => (s.rows === firstRows ? s : { rows: firstRows, complete: firstRows.length < FIRST_SCREEN_ROWS, error: undefined }));
            // The rest of the list (megabytes to parse and sort) and the console's deferred start-up
            // work (shell/startup.ts) wait until these rows are on screen.
            await afterNextPaint();
            firstContentShown();
            if (!alive) return;
          }
          if (first && first.length < FIRST_SCREEN_ROWS) rows = first;
          else {
            const shown = first;
            const paged = await loadSessionPages(
              (input) => client.call('session-list', input),
              PAGE_ROWS,
              (sofar) => {
                // A reload keeps showing the previous list until the new one is whole; the first load fills in.
                if (shown && alive) setState({ rows: withFirstScreen(sofar, shown), complete: false, error: undefined });
                return alive;
              },
            );
            if (!alive || !paged) return;
            rows = paged;
          }
        } else if (pending.size > 0) {
          const ids = [...pending].slice(0, MAX_IDS);
          for (const id of ids) pending.delete(id);
          lastDelta = Date.now();
          const fresh = await client.call('session-list', { ids });
          rows = mergeSessionRows(rows, ids, fresh);
        }
        if (alive) setState({ rows, complete: true, error: undefined });
      } catch (e) {
        firstContentShown(); // an error is the page's first content
        if (alive) setState((s) => ({ ...s, error: toApiError(e) }));
      } finally {
        inFlight = false;
        if (alive && (needFull || pending.size > 0)) schedule();
      }
    };
    const schedule = () => {
      if (timer || inFlight) return; // a request in flight schedules the next when it ends
      const big = (rows?.length ?? 0) > BIG_LIST;
      const due = !rows ? 0 : needFull ? lastFull + (big ? BIG_RELOAD_MS : DELTA_MS) : lastDelta + DELTA_MS;
      timer = setTimeout(() => void run(), Math.max(0, due - Date.now()));
    };

    const offPush = client.subscribe('sessions-changed', (p) => {
      if (!p.complete) needFull = true;
      else for (const id of p.ids) pending.add(id);
      schedule();
    });
    // A restore (or a reset, or a replay view) replaced the whole lab, maybe from another console: its session ids name
    // other users, so the list is read again at once (a row kept from before acted on whoever has its id now).
    const offRestored = client.subscribe('lab-restored', () => {
      needFull = true;
      lastFull = 0;
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      schedule();
    });
    // Opened before the socket: the first request waits in the transport's queue and goes out on
    // the open that bumps the epoch, so that bump is no reason to reload.
    const conn = useConnection.getState();
    let epoch = conn.status === 'open' ? conn.epoch : conn.epoch + 1;
    const offConn = useConnection.subscribe((s) => {
      if (s.epoch !== epoch) {
        epoch = s.epoch;
        needFull = true;
        lastFull = 0;
        schedule();
      }
    });
    // The first screen is asked for now, in this effect, not on a timer: the view's other requests
    // (the summary, alarm counts, the live feed) are sent after it, and the host answers in order.
    if (!rows) void run();
    else schedule();
    return () => {
      alive = false;
      offPush();
      offRestored();
      offConn();
      if (timer) clearTimeout(timer);
    };
  }, [generation]);

  return { rows: state.rows, complete: state.complete, error: state.error, reload };
}
