import type { SessionSample } from '../contract/session-entities.ts';
import { HOST_NIC } from '../core/models/protocol.ts';
import type { Engine } from '../core/engine/engine.ts';
import { activityOf, cpuPctOf, desktopMemPct, figuresAt, vcpuMhzOn } from '../core/engine/sessions/session-view.ts';
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
 * Per-session figures over the last hour, for Help Desk: a ring per running session, 16-bit fixed
 * point, in two shared arrays with a row per minute of the hour (≈ 0.7 KB a user, ≈ 8 MB for 11,000
 * users), started afresh when the session ends or reconnects; indexed by user. Each round is also handed to
 * the store (the flush writes it), and the rings are rebuilt from the stored rounds when a lab opens.
 */
export class SessionSampler {
  /**
   * Per user, the ring of its running session: the session's id (undefined: no ring), the id's number
   * as stored in a round (`sessionNumber`, worked out once per ring), its reconnects when the ring began
   * (a reconnect may bring another client and network, so it starts afresh) and the time of its first
   * sample. In arrays by user, not an object per ring: a round reads them for 10,000 sessions.
   */
  private ringId: (string | undefined)[] = [];
  private ringNum = new Uint32Array(0);
  private ringRc = new Float64Array(0);
  private ringStart = new Float64Array(0);
  /**
   * Per user, the sample round that last wrote or kept its ring: a ring not seen in a round is dropped,
   * read here in one sweep.
   */
  private seenAt = new Uint32Array(0);
  /**
   * The rings' samples, one row per minute of the hour (SESSION_SAMPLES rows, the minute's number
   * modulo the hour), `cap` users a row: each sample's time (simulated seconds since the epoch) and its
   * FIELDS values. A round writes one row, so its 10,000 writes stay within ≈ 130 KB; with a block per
   * user they went all over 8 MB (the sampler's time over the scale-10k workday fell by about 12 %).
   * A slot holds a ring's sample only if its time is that minute's and not before the ring began:
   * anything else is an older sample, a gap (a disconnect) or another session's.
   */
  private tsPool = new Uint32Array(0);
  private vPool = new Uint16Array(0);
  private cap = 0;
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
        if (this.ringId[u] === undefined) this.startRing(u, id, r.rc[i] as number, r.ts);
        const slot = this.rowOf(r.ts) + u;
        this.tsPool[slot] = r.ts;
        this.vPool.set(r.v.subarray(i * FIELDS, (i + 1) * FIELDS), slot * FIELDS);
      }
    }
  }

  /** User u's ring starts afresh for session `id` (its reconnects now `rc`) with the sample at `ts`. */
  private startRing(u: number, id: string, rc: number, ts: number): void {
    this.ringId[u] = id;
    this.ringNum[u] = sessionNumber(id);
    this.ringRc[u] = rc;
    this.ringStart[u] = ts;
  }

  /** The first slot of the row of the minute that holds time `ts` (a round's time is on the minute). */
  private rowOf(ts: number): number {
    const m = Math.floor(ts / SESSION_SAMPLE_SECONDS) % SESSION_SAMPLES;
    return (m < 0 ? m + SESSION_SAMPLES : m) * this.cap;
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
    this.ringStart = grow(this.ringStart, users, (n) => new Float64Array(n));
    if (this.cap < users) {
      // Wider rows: each minute's row moves to its place in the new layout.
      const ts = new Uint32Array(users * SESSION_SAMPLES);
      const v = new Uint16Array(users * SESSION_SAMPLES * FIELDS);
      for (let m = 0; m < SESSION_SAMPLES; m++) {
        ts.set(this.tsPool.subarray(m * this.cap, (m + 1) * this.cap), m * users);
        v.set(this.vPool.subarray(m * this.cap * FIELDS, (m + 1) * this.cap * FIELDS), m * users * FIELDS);
      }
      this.tsPool = ts;
      this.vPool = v;
      this.cap = users;
    }
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
    const ringNum = this.ringNum;
    const seenAt = this.seenAt;
    const tsPool = this.tsPool;
    const vPool = this.vPool;
    const uState = st.uState;
    const uDesktop = st.uDesktop;
    const dHost = st.dHost;
    const reconnects = e.broker.book.reconnects;
    // What a session reads of its host, once per host (≈ 250 hosts for 10,000 sessions): about 15 % of a round.
    const H = st.hCapMhz.length;
    const hostPack = new Uint16Array(H); // packHost
    const vcpuMhz = new Float64Array(H); // vcpuMhzOn
    for (let h = 0; h < H; h++) {
      hostPack[h] = packHost(e.hCpuPct[h] as number, e.hNicPct[h] as number);
      vcpuMhz[h] = vcpuMhzOn(st, h);
    }
    const t = e.t;
    const ts = Math.round(t);
    const row = this.rowOf(ts);
    let n = 0;
    const users = uState.length;
    for (let u = 0; u < users; u++) {
      if (uState[u] === U.none) continue;
      const id = tracker.idOf(u);
      if (!id) continue;
      const rc = reconnects[u] as number;
      // A new session or a reconnect starts afresh; the ring it replaces is dropped below if not started again.
      const kept = ringId[u] === id && ringRc[u] === rc;
      if (kept) seenAt[u] = round;
      if (uState[u] !== U.active) continue; // no client (disconnected) or not up yet: a gap
      if (!kept) {
        seenAt[u] = round;
        this.startRing(u, id, rc, ts);
      }
      const d = uDesktop[u] as number;
      const slot = row + u;
      tsPool[slot] = ts;
      const o = slot * FIELDS;
      // Each field into the ring and the stored round by hand: a subarray per session costs more than the four numbers.
      const h = dHost[d] as number;
      const ready = Math.min(MAX16, Math.round(e.vmReadyPct(d) * 100));
      const host = hostPack[h] as number;
      const cpu = d < 0 ? 0 : Math.round(cpuPctOf(e, d, vcpuMhz[h] as number) * 10);
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
    }
    const r: Round = { ts, u: us.subarray(0, n), num: nums.subarray(0, n), rc: rcs.subarray(0, n), v: vals.subarray(0, n * FIELDS) };
    this.unsaved.push({ ts: r.ts, body: encodeRound(r) });
    // Sessions that ended since the last round lose their ring.
    for (let u = 0; u < ringId.length; u++) if (seenAt[u] !== round && ringId[u] !== undefined) ringId[u] = undefined;
  }

  /** The session's last hour; its protocol figures recomputed for what the user did at each sample. */
  series(e: Engine, id: string, u: number | undefined): SessionSample[] {
    if (u === undefined || this.ringId[u] !== id) return [];
    const out: SessionSample[] = [];
    const began = this.ringStart[u] as number;
    const now = Math.floor(e.t / SESSION_SAMPLE_SECONDS);
    // The minutes of the last hour, oldest first: those whose slot holds this ring's sample of that minute.
    for (let m = now - SESSION_SAMPLES + 1; m <= now; m++) {
      const ts = m * SESSION_SAMPLE_SECONDS;
      if (ts <= e.t - RAW_WINDOW_SECONDS || ts < began) continue;
      const slot = this.rowOf(ts) + u;
      if (this.tsPool[slot] !== ts) continue; // a gap (disconnected then), or an older sample
      const o = slot * FIELDS;
      const v = this.vPool;
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
