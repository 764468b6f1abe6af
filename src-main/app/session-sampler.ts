import type { SessionSample } from '../contract/session-entities.ts';
import { HOST_NIC } from '../core/models/protocol.ts';
import type { Engine } from '../core/engine/engine.ts';
import { activityOf, desktopCpuPct, desktopMemPct, figuresAt } from '../core/engine/sessions/session-view.ts';
import { U } from '../core/engine/state.ts';
import { RAW_WINDOW_SECONDS, SAMPLE_SECONDS } from './metrics-sampler.ts';
import type { SessionTracker } from './session-tracker.ts';

/**
 * Sessions are sampled every minute (every third of the 20 s metric samples): Help Desk's
 * session charts at one-minute resolution, at a third of the cost on 10,000 sessions.
 */
export const SESSION_SAMPLE_SECONDS = 3 * SAMPLE_SECONDS;
/** Samples kept per session: the last hour. */
export const SESSION_SAMPLES = RAW_WINDOW_SECONDS / SESSION_SAMPLE_SECONDS;
/**
 * What varies and cannot be recomputed: the desktop's CPU ready % ×100, its host's CPU % ×10,
 * the desktop's CPU % and memory % ×10. What the user did then is the work loop's (deterministic),
 * so the protocol figures of each sample are recomputed from these when Help Desk asks: sampling
 * 10,000 sessions is a few array reads each.
 */
const FIELDS = 4;

/**
 * The host's figures of a sample share one 16-bit field: CPU % × 10 (0–1000) plus 1001 × its
 * uplinks' load in steps of 2.5 % (0–64, up to 160 %). Rounds stored before the uplinks were
 * modelled read as an idle uplink.
 */
const NIC_STEP_PCT = 2.5;
const NIC_STEPS = 64;
export function packHost(cpuPct: number, nicPct: number): number {
  return Math.round(Math.min(100, cpuPct) * 10) + 1001 * Math.min(NIC_STEPS, Math.round(nicPct / NIC_STEP_PCT));
}
export function unpackHost(v: number): { cpuPct: number; nicPct: number } {
  return { cpuPct: (v % 1001) / 10, nicPct: Math.floor(v / 1001) * NIC_STEP_PCT };
}
const MAX16 = 65535;

/** One round of samples as stored: per sampled session its user, session number, reconnect count and the fields. */
interface Round {
  ts: number;
  u: Int32Array;
  num: Uint32Array;
  rc: Uint16Array;
  v: Uint16Array;
}

/** Bytes of one stored sample: user (4), session number (4), reconnects (2), fields (2 × FIELDS). */
const ENTRY_BYTES = 4 + 4 + 2 + 2 * FIELDS;

/** A session id's number (`sess-<n>`), or 0 for another shape (not sampled then: nothing could find it again). */
const sessionNumber = (id: string): number => {
  const n = id.startsWith('sess-') ? Number(id.slice(5)) : Number.NaN;
  return Number.isInteger(n) && n > 0 && n < 2 ** 32 ? n : 0;
};

export function encodeRound(r: Round): Buffer {
  const parts = [r.u, r.num, r.rc, r.v];
  // Every byte is written below: no need to zero it first.
  const out = Buffer.allocUnsafeSlow(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return out;
}

/** A stored round read back; a body that is not whole entries is damage (the round is skipped). */
export function decodeRound(ts: number, body: Uint8Array): Round | null {
  if (body.byteLength % ENTRY_BYTES !== 0) return null;
  const n = body.byteLength / ENTRY_BYTES;
  const copy = new Uint8Array(body).buffer; // own, aligned
  return {
    ts,
    u: new Int32Array(copy, 0, n),
    num: new Uint32Array(copy, 4 * n, n),
    rc: new Uint16Array(copy, 8 * n, n),
    v: new Uint16Array(copy, 10 * n, FIELDS * n),
  };
}

/**
 * Per-session figures over the last hour, for Help Desk: a fixed ring per running session, 16-bit
 * fixed point, in its user's block of two shared arrays (≈ 0.7 KB a user, ≈ 8 MB for 11,000 users),
 * started afresh when the session ends or reconnects; indexed by user. Each round is also handed to
 * the store (the flush writes it), and the rings are rebuilt from the stored rounds when a lab opens.
 */
export class SessionSampler {
  /**
   * Per user, the ring of its running session: the session's id (undefined: no ring), the id's number
   * as stored in a round (`sessionNumber`, worked out once per ring), its reconnects when the ring began
   * (a reconnect may bring another client and network, so it starts afresh), how many samples it holds
   * and the slot of the next. In arrays by user, not an object per ring: a round reads them for 10,000
   * sessions.
   */
  private ringId: (string | undefined)[] = [];
  private ringNum = new Uint32Array(0);
  private ringRc = new Float64Array(0);
  private ringN = new Uint8Array(0);
  private ringNext = new Uint8Array(0);
  /**
   * Per user, the sample round that last wrote or kept its ring: a ring not seen in a round is dropped,
   * read here in one sweep.
   */
  private seenAt = new Uint32Array(0);
  /**
   * The rings' samples, in one block per user (SESSION_SAMPLES slots each): their times, simulated
   * seconds since the epoch, and FIELDS values per sample. A ring restarts in its user's block; with
   * them in two arrays a sample is two writes, not a walk through a ring's own arrays.
   */
  private tsPool = new Uint32Array(0);
  private vPool = new Uint16Array(0);
  private round = 0;
  /** Rounds taken since the store last took them (the flush stores them; the last hour is kept). */
  private unsaved: { ts: number; body: Buffer }[] = [];

  /** Rounds since the last call, encoded for the store. */
  takeNewRounds(): { ts: number; body: Buffer }[] {
    const out = this.unsaved;
    this.unsaved = [];
    return out;
  }

  /**
   * Rebuilds the rings of the running sessions from the stored rounds of the last hour (oldest
   * first): a session's ring holds its samples since it started or last reconnected.
   */
  restore(rounds: { ts: number; body: Uint8Array }[], e: Engine, tracker: SessionTracker): void {
    this.ringId = [];
    // The round count starts again: no user may keep a round number from before (its blocks are kept, rewritten as rings refill).
    this.seenAt.fill(0);
    this.round = 0;
    this.unsaved = [];
    const st = e.st;
    this.fit(st.uState.length);
    for (const stored of rounds) {
      const r = decodeRound(stored.ts, stored.body);
      if (!r) continue;
      for (let i = 0; i < r.u.length; i++) {
        const u = r.u[i] as number;
        if (u < 0 || u >= st.uState.length) continue;
        const id = tracker.idOf(u);
        if (!id || sessionNumber(id) !== r.num[i] || (e.broker.book.reconnects[u] as number) !== r.rc[i]) continue;
        if (this.ringId[u] === undefined) this.startRing(u, id, r.rc[i] as number);
        const next = this.ringNext[u] as number;
        const slot = u * SESSION_SAMPLES + next;
        this.tsPool[slot] = r.ts;
        this.vPool.set(r.v.subarray(i * FIELDS, (i + 1) * FIELDS), slot * FIELDS);
        this.ringNext[u] = (next + 1) % SESSION_SAMPLES;
        this.ringN[u] = Math.min(SESSION_SAMPLES, (this.ringN[u] as number) + 1);
      }
    }
  }

  /** User u's ring starts afresh for session `id` (its reconnects now `rc`). */
  private startRing(u: number, id: string, rc: number): void {
    this.ringId[u] = id;
    this.ringNum[u] = sessionNumber(id);
    this.ringRc[u] = rc;
    this.ringN[u] = 0;
    this.ringNext[u] = 0;
  }

  /**
   * One slot per user, filled from the start: ids set at scattered indices of an empty array would
   * make it a dictionary (a hash lookup per session, every round).
   */
  private fit(users: number): void {
    const grow = <A extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(a: A, n: number, make: (n: number) => A): A => {
      if (a.length >= n) return a;
      const b = make(n);
      b.set(a);
      return b;
    };
    this.seenAt = grow(this.seenAt, users, (n) => new Uint32Array(n));
    this.ringNum = grow(this.ringNum, users, (n) => new Uint32Array(n));
    this.ringRc = grow(this.ringRc, users, (n) => new Float64Array(n));
    this.ringN = grow(this.ringN, users, (n) => new Uint8Array(n));
    this.ringNext = grow(this.ringNext, users, (n) => new Uint8Array(n));
    this.tsPool = grow(this.tsPool, users * SESSION_SAMPLES, (n) => new Uint32Array(n));
    this.vPool = grow(this.vPool, users * SESSION_SAMPLES * FIELDS, (n) => new Uint16Array(n));
    if (this.ringId.length >= users) return;
    const ids = new Array<string | undefined>(users).fill(undefined);
    this.ringId.forEach((id, u) => (ids[u] = id));
    this.ringId = ids;
  }

  /** The round being taken, field by field (reused: a round is copied out at its exact size). */
  private scratch = { cap: 0, u: new Int32Array(0), num: new Uint32Array(0), rc: new Uint16Array(0), v: new Uint16Array(0) };

  private scratchFor(cap: number): SessionSampler['scratch'] {
    if (this.scratch.cap < cap) {
      const c = Math.max(cap, Math.ceil(this.scratch.cap * 1.25));
      this.scratch = { cap: c, u: new Int32Array(c), num: new Uint32Array(c), rc: new Uint16Array(c), v: new Uint16Array(c * FIELDS) };
    }
    return this.scratch;
  }

  sample(e: Engine, tracker: SessionTracker): void {
    if (Math.round(e.t) % SESSION_SAMPLE_SECONDS !== 0) return;
    const st = e.st;
    const round = ++this.round;
    this.fit(st.uState.length);
    const { u: us, num: nums, rc: rcs, v: vals } = this.scratchFor(st.nSess);
    // What every session reads, out of the loop (10,000 sessions a round).
    const ringId = this.ringId;
    const ringRc = this.ringRc;
    const ringN = this.ringN;
    const ringNext = this.ringNext;
    const ringNum = this.ringNum;
    const seenAt = this.seenAt;
    const tsPool = this.tsPool;
    const vPool = this.vPool;
    const sessList = st.sessList;
    const uState = st.uState;
    const uDesktop = st.uDesktop;
    const dHost = st.dHost;
    const reconnects = e.broker.book.reconnects;
    const hCpuPct = e.hCpuPct;
    const hNicPct = e.hNicPct;
    const t = e.t;
    let n = 0;
    for (let i = 0; i < st.nSess; i++) {
      const u = sessList[i] as number;
      const id = tracker.idOf(u);
      if (!id) continue;
      const rc = reconnects[u] as number;
      // A new session or a reconnect starts afresh; the ring it replaces is dropped below if not started again.
      const kept = ringId[u] === id && ringRc[u] === rc;
      if (kept) seenAt[u] = round;
      if (uState[u] !== U.active) continue; // no client (disconnected) or not up yet: a gap
      if (!kept) {
        seenAt[u] = round;
        this.startRing(u, id, rc);
      }
      const d = uDesktop[u] as number;
      const next = ringNext[u] as number;
      const slot = u * SESSION_SAMPLES + next;
      tsPool[slot] = t;
      const o = slot * FIELDS;
      // Each field into the ring and the stored round by hand: a subarray per session costs more than the four numbers.
      const h = dHost[d] as number;
      const ready = Math.min(MAX16, Math.round(e.vmReadyPct(d) * 100));
      const host = packHost(hCpuPct[h] as number, hNicPct[h] as number);
      const cpu = Math.round(desktopCpuPct(e, u) * 10);
      const mem = Math.round(desktopMemPct(e, u) * 10);
      vPool[o] = ready;
      vPool[o + 1] = host;
      vPool[o + 2] = cpu;
      vPool[o + 3] = mem;
      const w = n * FIELDS;
      vals[w] = ready;
      vals[w + 1] = host;
      vals[w + 2] = cpu;
      vals[w + 3] = mem;
      us[n] = u;
      nums[n] = ringNum[u] as number;
      rcs[n] = rc;
      n++;
      ringNext[u] = next + 1 === SESSION_SAMPLES ? 0 : next + 1;
      if ((ringN[u] as number) < SESSION_SAMPLES) ringN[u] = (ringN[u] as number) + 1;
    }
    const r: Round = { ts: Math.round(t), u: us.subarray(0, n), num: nums.subarray(0, n), rc: rcs.subarray(0, n), v: vals.subarray(0, n * FIELDS) };
    this.unsaved.push({ ts: r.ts, body: encodeRound(r) });
    // Sessions that ended since the last round lose their ring.
    for (let u = 0; u < ringId.length; u++) if (seenAt[u] !== round && ringId[u] !== undefined) ringId[u] = undefined;
  }

  /** The session's last hour; its protocol figures recomputed for what the user did at each sample. */
  series(e: Engine, id: string, u: number | undefined): SessionSample[] {
    if (u === undefined || this.ringId[u] !== id) return [];
    const out: SessionSample[] = [];
    const count = this.ringN[u] as number;
    const start = ((this.ringNext[u] as number) - count + SESSION_SAMPLES) % SESSION_SAMPLES;
    for (let k = 0; k < count; k++) {
      const j = (start + k) % SESSION_SAMPLES;
      const slot = u * SESSION_SAMPLES + j;
      const o = slot * FIELDS;
      const v = this.vPool;
      const ts = this.tsPool[slot] as number;
      if (ts <= e.t - RAW_WINDOW_SECONDS) continue; // the last hour (a ring that waited through a disconnect may hold older ones)
      const host = unpackHost(v[o + 1] as number);
      const nic = { pct: host.nicPct, share: Math.min(1, (HOST_NIC.usableShare * 100) / Math.max(1e-9, host.nicPct)) };
      const f = figuresAt(e, u, ts, activityOf(e, u, ts).activity, (v[o] as number) / 100, host.cpuPct, nic);
      out.push({
        ts,
        rttMs: f.rttMs,
        fps: f.fps,
        bandwidthKbps: f.bandwidthKbps,
        lossPct: f.lossPct,
        cpuPct: (v[o + 2] as number) / 10,
        memPct: (v[o + 3] as number) / 10,
      });
    }
    return out;
  }
}
