import type { AlarmMetric } from '../../contract/alarm-entities.ts';
import { admission, reservedByCluster } from '../../core/engine/cluster/admission.ts';
import type { Engine } from '../../core/engine/engine.ts';
import { M, U } from '../../core/engine/state.ts';
import { datastoreFreeGb } from '../../core/engine/state-model.ts';
import type { LabModel } from '../../core/lab/model.ts';
import { NETWORK_PROFILES, type NetworkConditions } from '../../contract/session-entities.ts';
import type { Db } from '../../store/db.ts';
import { oldestSnapshotPerDesktop } from '../../store/snapshots.ts';

/**
 * The oldest snapshot per desktop, read in the flush's transaction (never during a run: a run reads
 * no table). A snapshot is written by the flush that follows its take (the run stops for it), so
 * what the evaluator holds is current at every evaluation.
 */
export function oldestSnapshots(db: Db): { id: string; name: string; oldest: number }[] {
  return oldestSnapshotPerDesktop(db).map((r) => ({ id: r.id, name: r.name, oldest: Date.parse(r.oldest) / 1000 }));
}

/** DOMAIN.md: alarms are evaluated every simulated minute (vCenter's statistics run every 20 s; a minute keeps it cheap). */
export const ALARM_EVAL_SECONDS = 60;

/**
 * One object's figure for a metric; objects not listed are fine (an active alarm on them resets).
 * `name` is a string, or a function of the object's id called only when an alarm opens (10,000
 * sessions are read every minute; their names are built for the few that trigger, by one function
 * that all of a reading's sessions share: a closure per session was a third of what the whole
 * persisted workday allocated).
 */
export interface Reading {
  id: string;
  name: string | ((id: string) => string);
  value: number;
}

/** What the metric readers need besides the engine: names, windowed counts, session ids. */
export interface ReadContext {
  e: Engine;
  lab: LabModel;
  t: number;
  /** The oldest snapshot of each desktop that has one (read by the flush: `oldestSnapshots`). */
  snapshots: readonly { id: string; name: string; oldest: number }[];
  /** Failed connections per minute per pool id, over the window. */
  failureRate(poolId: string): number;
  /** Average logon seconds per pool id over the window (NaN: no logon). */
  logonAvg(poolId: string): number;
  /** Users whose last logon of the window took `sec`. */
  userLogons(): Iterable<[string, number]>;
  sessionId(u: number): string | undefined;
  /** The user of a running session's id (optional: without it, a watched session is found by its id, session by session). */
  sessionUser?(id: string): number | undefined;
  /** Whether the broker refused a user of the pool for want of a desktop after `since`. */
  refusedSince(poolId: string, since: number): boolean;
  /**
   * For the big populations (sessions): whether a reading can matter to a definition on the metric —
   * its value is beyond a threshold (with the reset margin), or its object has an alarm or breach under way.
   * The others are fine and not listed (as an object with no figure: what is active on them resets).
   */
  matters(metric: AlarmMetric): { beyond(value: number): boolean; watched: ReadonlySet<string> };
}

const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

/**
 * Each metric read once per evaluation, from figures the engine already holds: per host and
 * datastore arrays, one pass over a pool's desktops, the running sessions' list. No metric walks
 * every desktop per definition: two definitions on one metric share its readings (evaluator.ts).
 */
export const METRIC_READERS: Record<AlarmMetric, (c: ReadContext) => Reading[]> = {
  'host-cpu-usage': (c) => hosts(c, (h) => c.e.hCpuPct[h] as number),
  'host-memory-state': (c) => hosts(c, (h) => c.e.hMemState[h] as number),
  'host-cpu-ready': (c) => hosts(c, (h) => c.e.hReadyPct[h] as number),
  'host-not-responding': (c) => {
    const out: Reading[] = [];
    const f = c.e.cluster.hFail;
    c.e.st.ids.hosts.forEach((id, h) => out.push({ id, name: c.lab.hosts[h]?.name ?? id, value: f[h] !== 0 ? 1 : 0 }));
    return out;
  },
  'cluster-ha-insufficient': (c) => {
    const clusters = c.e.cluster.clusters;
    if (!clusters.some((cfg) => cfg.haEnabled && cfg.ac.policy !== 'disabled')) return [];
    // Every cluster's reservations in one sweep of the desktops, not one sweep per cluster.
    const reserved = reservedByCluster(c.e);
    return clusters.flatMap((cfg, i) => {
      if (!cfg.haEnabled || cfg.ac.policy === 'disabled') return [];
      const r = { memMb: reserved.memMb[i] as number, cpuMhz: reserved.cpuMhz[i] as number };
      return [{ id: cfg.id, name: cfg.name, value: admission(c.e, i, undefined, -1, r).ok ? 0 : 1 }];
    });
  },
  'datastore-latency': (c) => c.e.st.ids.datastores.map((id, s) => ({ id, name: c.lab.datastores[s]?.name ?? id, value: round(c.e.sLatencyMs[s] as number) })),
  'datastore-free-space': (c) => {
    const st = c.e.st;
    // The engine's figure, the one its full-datastore check stuns VMs on: capacity less the replica of each instant- or
    // linked-clone pool on it (full clones and manual machines share none), less what its machines use.
    return st.ids.datastores.flatMap((id, s) => {
      const ds = c.lab.datastores[s];
      if (!ds || ds.capacityGb <= 0) return [];
      return [{ id, name: ds.name, value: round((100 * datastoreFreeGb(st, s)) / ds.capacityGb) }];
    });
  },
  'desktop-snapshot-size': (c) => {
    const out: Reading[] = [];
    const { depth, deltaGb } = c.e.snapshots;
    for (let d = 0; d < depth.length; d++) {
      if (depth[d] === 0) continue;
      out.push({ id: c.e.st.ids.desktops[d] as string, name: c.lab.desktops[d]?.name ?? '', value: round(deltaGb[d] as number, 2) });
    }
    return out;
  },
  'desktop-snapshot-age': (c) => c.snapshots.map((r) => ({ id: r.id, name: r.name, value: round((c.t - r.oldest) / 3600) })),
  'pool-available-desktops': (c) => {
    const st = c.e.st;
    const out: Reading[] = [];
    st.ids.pools.forEach((id, p) => {
      if (!st.pEnabled[p]) return; // a disabled pool refuses on purpose
      const list = st.pDesktops[p] as Int32Array;
      let free = 0;
      for (let i = 0; i < list.length; i++) {
        const d = list[i] as number;
        const s = st.dState[d];
        if (st.pMulti[p]) {
          if (s === M.AVAILABLE || s === M.CONNECTED || s === M.DISCONNECTED) free += Math.max(0, (st.pMaxSessions[p] as number) - (st.dSessions[d] as number));
        } else if (s === M.AVAILABLE && st.dSessions[d] === 0 && (!st.pDedicated[p] || (st.dOwner[d] as number) < 0)) free++;
      }
      if (st.pOnDemand[p] && st.pProvEnabled[p]) free += Math.max(0, (st.pMax[p] as number) - list.length);
      // A user refused "No desktop available" since the last evaluation: the pool had none then, whatever a refresh freed since.
      if (c.refusedSince(id, c.t - ALARM_EVAL_SECONDS)) free = 0;
      // A dedicated pool whose every entitled user already owns one of its machines is full by design (four reception kiosks for
      // four users): nobody can be refused, so it is not watched (it stayed critical all day; black-box round 6).
      else if (free === 0 && st.pDedicated[p] && !st.pMulti[p] && everyEntitledUserOwnsOne(st, p, list)) return;
      out.push({ id, name: c.lab.pools[p]?.name ?? id, value: free });
    });
    return out;
  },
  'pool-failed-connections': (c) => c.e.st.ids.pools.map((id, p) => ({ id, name: c.lab.pools[p]?.name ?? id, value: round(c.failureRate(id), 2) })),
  'pool-logon-duration': (c) =>
    c.e.st.ids.pools.flatMap((id, p) => {
      const v = c.logonAvg(id);
      return Number.isNaN(v) ? [] : [{ id, name: c.lab.pools[p]?.name ?? id, value: round(v) }];
    }),
  'session-rtt': (c) => sessions(c, 'session-rtt', (n) => n.rttMs),
  'session-loss': (c) => sessions(c, 'session-loss', (n) => n.lossPct),
  'user-logon-duration': (c) => {
    const names = new Map(c.lab.users.map((u) => [u.id, u.login]));
    return [...c.userLogons()].map(([id, sec]) => ({ id, name: names.get(id) ?? id, value: round(sec) }));
  },
};

function hosts(c: ReadContext, value: (h: number) => number): Reading[] {
  const st = c.e.st;
  const out: Reading[] = [];
  // A host that is off or failed has no figure (its own alarm is "not responding").
  st.ids.hosts.forEach((id, h) => {
    if (st.hOn[h] !== 1 || c.e.cluster.hFail[h] !== 0) return;
    out.push({ id, name: c.lab.hosts[h]?.name ?? id, value: round(value(h)) });
  });
  return out;
}

/** The network index whose sessions each have their own figures (a custom network); every other index's are shared. */
const CUSTOM_NET = NETWORK_PROFILES.indexOf('custom');

/** A session's figure is one of its network conditions' (`of`): the same for every session on the same network. */
function sessions(c: ReadContext, metric: AlarmMetric, of: (n: NetworkConditions) => number): Reading[] {
  const st = c.e.st;
  const out: Reading[] = [];
  const m = c.matters(metric);
  const book = c.e.broker.book;
  // Nothing to list (no session watched, and no network figure a session can have now beyond a threshold): the
  // sessions are not walked. Otherwise each is read as below; either way the list is the same.
  if (m.watched.size === 0 && !book.possibleConditions().some((n) => m.beyond(of(n)))) return out;
  // Sessions share a handful of network figures: whether one is beyond a threshold is judged once per figure.
  const judged = new Map<NetworkConditions, boolean>();
  // A session's figures depend on its network index alone (the profile's, or the impairment injected on it:
  // SessionBook.conditions), except on a custom network: looked up once per index, not per session.
  const byNet: (NetworkConditions | undefined)[] = [];
  const overByNet = new Int8Array(256).fill(-1);
  // The watched sessions by user, when the caller can say whose they are: the others need no id looked up.
  let watchedUsers: Uint8Array | null = null;
  if (c.sessionUser && m.watched.size > 0) {
    watchedUsers = new Uint8Array(st.uState.length);
    for (const id of m.watched) {
      const u = c.sessionUser(id);
      if (u !== undefined && u >= 0 && u < watchedUsers.length) watchedUsers[u] = 1;
    }
  }
  const anyWatched = m.watched.size > 0;
  // Names are built when an alarm opens, in this evaluation (the engine has not moved): one function finds the session's user.
  const sessionUser = c.sessionUser;
  const nameOf = sessionUser ? (id: string) => sessionName(c, sessionUser(id) ?? -1) : null;
  const sessList = st.sessList;
  const uState = st.uState;
  const net = book.net;
  for (let i = 0; i < st.nSess; i++) {
    const u = sessList[i] as number;
    if (uState[u] === U.disconnected) continue;
    const k = net[u] as number;
    let n: NetworkConditions;
    let over: boolean;
    if (k === CUSTOM_NET) {
      n = book.conditions(u);
      let j = judged.get(n);
      if (j === undefined) judged.set(n, (j = m.beyond(of(n))));
      over = j;
    } else {
      let j = overByNet[k] as number;
      if (j < 0) {
        const first = book.conditions(u);
        byNet[k] = first;
        let b = judged.get(first);
        if (b === undefined) judged.set(first, (b = m.beyond(of(first))));
        overByNet[k] = j = b ? 1 : 0;
      }
      n = byNet[k] as NetworkConditions;
      over = j === 1;
    }
    // The session's id only for a value past a threshold, or while some session has an alarm or breach.
    if (!over && (!anyWatched || (watchedUsers !== null && watchedUsers[u] !== 1))) continue;
    const v = of(n);
    const id = c.sessionId(u);
    if (!id || (!over && !m.watched.has(id))) continue;
    out.push({ id, name: nameOf ?? nameLater(c, u), value: v });
  }
  return out;
}

/**
 * The name of user u's session, worked out if an alarm opens. Made here, not by an arrow in the reader's
 * loop: an arrow there would capture the loop's `u`, and V8 would then allocate a context for every
 * session the loop walks (≈ 370 KB an evaluation on scale-10k's morning, for ≈ 130 readings).
 */
function nameLater(c: ReadContext, u: number): () => string {
  return () => sessionName(c, u);
}

/** A running session's name: its user's login on its desktop's name. */
function sessionName(c: ReadContext, u: number): string {
  const d = c.e.st.uDesktop[u] as number;
  return `${c.lab.users[u]?.login ?? ''} on ${c.lab.desktops[d]?.name ?? ''}`;
}

/** Whether each user entitled to dedicated pool p (directly or through a group) owns one of its machines `list`. */
function everyEntitledUserOwnsOne(st: Engine['st'], p: number, list: Int32Array): boolean {
  const owners = new Set<number>();
  for (let i = 0; i < list.length; i++) {
    const o = st.dOwner[list[i] as number] as number;
    if (o >= 0) owners.add(o);
  }
  for (let u = 0; u < st.uPools.length; u++) if ((st.uPools[u] as Int32Array).includes(p) && !owners.has(u)) return false;
  return true;
}
