import { PROTOCOLS } from '../contract/entities.ts';
import type { PushMessage } from '../contract/methods.ts';
import { CLIENT_DEVICES, NETWORK_PROFILES, type ClientDevice, type ConnectFailureReason, type NetworkProfile } from '../contract/session-entities.ts';
import type { SessionChange } from '../core/engine/sessions/broker.ts';
import type { Engine } from '../core/engine/engine.ts';
import { U } from '../core/engine/state.ts';
import type { LabModel } from '../core/lab/model.ts';
import type { Db } from '../store/db.ts';
import type { EventDrafts } from './event-drafts.ts';
import {
  endSession,
  insertFailure,
  type LogonContextRec,
  listStoredSessions,
  pruneSessionHistory,
  sessionSeq,
  updateSession,
  upsertSession,
  type SessionWrite,
} from '../store/sessions.ts';
import { setMeta } from '../store/sim-sync.ts';

/** Ended sessions, failures and messages are kept this long (simulated) for Help Desk. */
export const HISTORY_DAYS = 7;
/** Session ids named in one sessions-changed push at most. */
const TOUCHED_MAX = 500;

/**
 * A simulated time as ISO text. The changes of a slice come in runs at the same tick's time (a row's
 * state and its time, many users at once): the last one is kept, not rebuilt per change.
 */
let isoAt = Number.NaN;
let isoText = '';
const iso = (t: number): string => {
  if (t !== isoAt) {
    isoText = new Date(t * 1000).toISOString();
    isoAt = t;
  }
  return isoText;
};
const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * The simulation's session rows: turns the broker's changes into rows for the
 * store (running sessions, history, failures) and gives the engine back what
 * it needs after a restart. One per Simulation; rebuilt with the engine.
 */
export class SessionTracker {
  /** user index → the row of the user's running session. */
  readonly rows = new Map<number, SessionWrite>();
  readonly byId = new Map<string, number>();
  /**
   * user index → the id of the user's running session, as `rows` holds it (kept with it by `setRow`
   * and `dropRow`): the samplers and the alarms look every running session's id up each simulated
   * minute, and an array read is far cheaper than a map lookup on 10,000 sessions.
   */
  private ids: (string | undefined)[] = [];
  private readonly dirty = new Set<number>();
  /** Users whose running session started since the last persist: its row is inserted, the others' updated. */
  private readonly unstored = new Set<number>();
  private ended: { row: SessionWrite; at: number; reason: string | null; desktop: number }[] = [];
  private failures: {
    user: number;
    at: number;
    pool: number;
    reason: ConnectFailureReason;
    message: string;
    client: ClientDevice;
    network: NetworkProfile;
    noteSeq: number | undefined;
  }[] = [];
  private counts = { started: 0, ended: 0, changed: 0 };
  /** Sessions touched since the last persist (for the push; capped). */
  private touched = new Set<string>();
  /** More sessions were touched than `touched` holds. */
  private touchedMore = false;
  /** Session ids are `sess-<n>`, numbered on from the lab's own sessions (stable across restarts: kept in meta). */
  private seq = 0;
  private seqStored = 0;

  constructor(
    private readonly db: Db,
    private engine: Engine,
    private lab: LabModel,
  ) {}

  /** The lab gained machines the running engine took in (their names for the session rows). */
  labGrew(lab: LabModel): void {
    this.lab = lab;
  }

  /** Loads the stored running sessions and hands the engine their endpoint, network, phases and state times. */
  load(restoreEngine: boolean): void {
    const e = this.engine;
    const st = e.st;
    const book = e.broker.book;
    const userIdx = new Map(st.ids.users.map((id, i) => [id, i]));
    this.seq = this.seqStored = sessionSeq(this.db);
    for (const s of listStoredSessions(this.db, {}, true)) {
      const u = userIdx.get(s.userId);
      if (u === undefined) continue;
      const row: SessionWrite = {
        id: s.id,
        userId: s.userId,
        desktopId: s.desktopId,
        poolId: s.poolId,
        state: s.state,
        protocol: s.protocol,
        clientDevice: s.clientDevice,
        network: s.network,
        networkCustom: s.networkCustom,
        startedAt: s.startedAt,
        stateSince: s.stateSince,
        logonSeconds: s.logonSeconds,
        logonPhases: s.logonPhases,
        logonContext: s.logonContext,
        reconnects: s.reconnects,
        disconnectReason: s.disconnectReason,
      };
      this.setRow(u, row);
      if (!restoreEngine) continue;
      book.client[u] = CLIENT_DEVICES.indexOf(s.clientDevice);
      book.net[u] = NETWORK_PROFILES.indexOf(s.network);
      book.proto[u] = Math.max(0, PROTOCOLS.indexOf(s.protocol));
      if (s.networkCustom) book.custom.set(u, s.networkCustom);
      book.startedAt[u] = Date.parse(s.startedAt) / 1000;
      book.stateSince[u] = Date.parse(s.stateSince) / 1000;
      book.reconnects[u] = s.reconnects;
      if (s.logonPhases) s.logonPhases.forEach((v, k) => (book.phasesOf(u)[k] = v ?? Number.NaN));
      if (s.logonSeconds !== null) {
        book.measured[u] = 1;
        st.uLogonSec[u] = s.logonSeconds;
      }
      if (s.state === 'connecting' && st.uState[u] !== U.none) e.broker.life.resumeLogon(u, e.t, 0, null);
      if (s.state === 'reconnecting' && st.uState[u] !== U.none) e.broker.life.resumeReconnect(u, e.t, e.t + 3);
    }
  }

  /**
   * Takes over the rows of the tracker of the engine this one's replaced (a rebuild, just after
   * a flush: they are what the store holds), when the users are the same. False when they are not.
   */
  adopt(from: SessionTracker): boolean {
    const a = from.engine.st.ids.users;
    const b = this.engine.st.ids.users;
    const sameUsers = from.engine.lab.users === this.engine.lab.users || (a.length === b.length && a.every((id, i) => id === b[i]));
    if (!sameUsers) return false;
    if (from.pending() > 0) return false;
    for (const [u, row] of from.rows) this.setRow(u, row);
    for (const [id, u] of from.byId) this.byId.set(id, u);
    this.seq = from.seq;
    this.seqStored = from.seqStored;
    return true;
  }

  pending(): number {
    return this.dirty.size + this.ended.length + this.failures.length;
  }

  idOf(u: number): string | undefined {
    return this.ids[u];
  }

  /** A running session's row for user u (`ids` follows `rows`). */
  private setRow(u: number, row: SessionWrite): void {
    this.rows.set(u, row);
    this.byId.set(row.id, u);
    // Filled up to u with no gap: an array set at scattered indices becomes a dictionary.
    while (this.ids.length <= u) this.ids.push(undefined);
    this.ids[u] = row.id;
  }

  private dropRow(u: number, row: SessionWrite): void {
    this.rows.delete(u);
    this.byId.delete(row.id);
    if (u < this.ids.length) this.ids[u] = undefined;
  }

  userOf(sessionId: string): number | undefined {
    return this.byId.get(sessionId);
  }

  disconnectReasonOf(sessionId: string): string | undefined {
    const u = this.byId.get(sessionId);
    return (u === undefined ? undefined : this.rows.get(u)?.disconnectReason) ?? undefined;
  }

  /** Moves engine changes into pending rows (cheap; called after every slice). */
  collect(changes: readonly SessionChange[]): void {
    const st = this.engine.st;
    const book = this.engine.broker.book;
    for (const c of changes) {
      let row = this.rows.get(c.user);
      if (c.kind === 'failed') {
        this.failures.push({
          user: c.user,
          at: c.at,
          pool: c.pool ?? -1,
          reason: c.failure ?? 'no-desktop',
          message: c.reason ?? 'failed',
          // Where the attempt came from, as the change says: the user's endpoint by the flush may be another connection's.
          client: CLIENT_DEVICES[c.client ?? -1] ?? book.clientOf(c.user),
          network: NETWORK_PROFILES[c.net ?? -1] ?? book.networkOf(c.user),
          noteSeq: c.noteSeq,
        });
        if (row && c.desktop >= 0) {
          // The phases it got through (the one that failed included) stay in Help Desk.
          row.logonPhases = [...book.phasesOf(c.user)].map((v) => (Number.isNaN(v) ? null : round1(v)));
          row.logonContext = this.logonContext(c.user, c.desktop);
          this.finish(c.user, row, c.at, c.reason ?? null, c.desktop);
        }
        continue;
      }
      if (c.kind === 'start') {
        const pool = st.dPool[c.desktop] as number;
        if (row) this.finish(c.user, row, c.at, 'Replaced by a new session', c.desktop);
        row = {
          id: `sess-${++this.seq}`,
          userId: st.ids.users[c.user] as string,
          desktopId: st.ids.desktops[c.desktop] as string,
          poolId: st.ids.pools[pool] as string,
          state: 'connecting',
          protocol: book.protocolOf(c.user),
          clientDevice: book.clientOf(c.user),
          network: book.networkOf(c.user),
          networkCustom: book.custom.get(c.user) ?? null,
          startedAt: iso(c.at),
          stateSince: iso(c.at),
          logonSeconds: null,
          logonPhases: null,
          logonContext: null,
          reconnects: 0,
          disconnectReason: null,
        };
        this.setRow(c.user, row);
        this.counts.started++;
        this.touch(row.id);
        this.dirty.add(c.user);
        this.unstored.add(c.user);
        continue;
      }
      if (!row) continue;
      if (c.kind === 'logoff') {
        this.finish(c.user, row, c.at, c.reason ?? null, c.desktop);
        continue;
      }
      row.stateSince = iso(c.at);
      if (c.kind !== 'disconnect') row.disconnectReason = null;
      if (c.kind === 'active') {
        row.state = 'active';
        if (c.logonSec !== undefined) {
          row.logonSeconds = round1(c.logonSec);
          row.logonPhases = [...book.phasesOf(c.user)].map((v) => (Number.isNaN(v) ? null : round1(v)));
          row.logonContext = this.logonContext(c.user, c.desktop);
        }
      } else if (c.kind === 'disconnect') {
        row.state = 'disconnected';
        row.disconnectReason = c.reason ?? null;
      } else if (c.kind === 'reconnecting') {
        row.state = 'reconnecting';
        row.reconnects = book.reconnects[c.user] as number;
        row.clientDevice = book.clientOf(c.user);
        row.network = book.networkOf(c.user);
        row.networkCustom = book.custom.get(c.user) ?? null;
        row.protocol = book.protocolOf(c.user);
      }
      this.counts.changed++;
      this.touch(row.id);
      this.dirty.add(c.user);
    }
  }

  private logonContext(u: number, d: number): LogonContextRec {
    const e = this.engine;
    const book = e.broker.book;
    const ds = e.st.dDs[d] as number;
    return {
      latencyRatio: Math.round((book.logonLatency[u] as number) * 100) / 100,
      readyPct: Math.round((book.logonReady[u] as number) * 10) / 10,
      profileMb: Math.round(book.profileMb[u] as number),
      datastore: this.lab.datastores[ds]?.name ?? '',
    };
  }

  private touch(id: string): void {
    if (this.touched.size < TOUCHED_MAX || this.touched.has(id)) this.touched.add(id);
    else this.touchedMore = true;
  }

  private finish(u: number, row: SessionWrite, at: number, reason: string | null, desktop: number): void {
    this.dropRow(u, row);
    this.dirty.delete(u);
    this.unstored.delete(u);
    this.ended.push({ row, at, reason, desktop });
    this.counts.ended++;
    this.touch(row.id);
  }

  /** Writes pending rows; call inside the flush transaction. Failed connections the engine told go to `drafts`. Returns pushes to send after commit. */
  persist(simTime: string, drafts: EventDrafts): PushMessage[] {
    const pushes: PushMessage[] = [];
    const st = this.engine.st;
    for (const e of this.ended) {
      const name =
        this.lab.desktops[e.desktop]?.id === e.row.desktopId ? (this.lab.desktops[e.desktop]?.name ?? e.row.desktopId) : this.desktopName(e.row.desktopId);
      endSession(this.db, e.row, name, iso(e.at), e.reason);
    }
    for (const u of this.dirty) {
      const row = this.rows.get(u);
      // A row the store holds is updated; a new one (or one something else removed meanwhile) is inserted.
      if (row && (this.unstored.has(u) || !updateSession(this.db, row))) upsertSession(this.db, row);
    }
    for (const f of this.failures) {
      const user = this.lab.users[f.user];
      insertFailure(this.db, {
        at: iso(f.at),
        userId: st.ids.users[f.user] as string,
        poolId: f.pool >= 0 ? (st.ids.pools[f.pool] ?? null) : null,
        reason: f.reason,
        message: f.message,
        clientDevice: f.client,
        network: f.network,
      });
      if (f.noteSeq === undefined) continue;
      drafts.add(f.noteSeq, iso(f.at), {
        type: 'warning',
        severity: 'warning',
        objectKind: 'user',
        objectId: st.ids.users[f.user] ?? null,
        objectName: user?.login ?? null,
        user: 'system',
        message: `${user?.login ?? 'A user'} could not connect: ${f.message}`,
      });
    }
    if (this.seq !== this.seqStored) {
      setMeta(this.db, 'session_seq', String(this.seq));
      this.seqStored = this.seq;
    }
    // Every flush (not only one with endings): what is kept then depends on the simulated time alone.
    pruneSessionHistory(this.db, iso(this.engine.t - HISTORY_DAYS * 86400));
    const { started, ended, changed } = this.counts;
    if (started || ended || changed)
      pushes.push({ topic: 'sessions-changed', payload: { simTime, started, ended, changed, ids: [...this.touched], complete: !this.touchedMore } });
    this.touched = new Set();
    this.touchedMore = false;
    this.dirty.clear();
    this.unstored.clear();
    this.ended = [];
    this.failures = [];
    this.counts = { started: 0, ended: 0, changed: 0 };
    return pushes;
  }

  private desktopName(id: string): string {
    return this.lab.desktops.find((d) => d.id === id)?.name ?? id;
  }
}
