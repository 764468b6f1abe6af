import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RawData } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireServerMessage } from '../../src-main/contract/client.ts';
import type { LabEvent } from '../../src-main/contract/entities.ts';
import { LAB_FILE, openHost } from '../../src-main/host/host.ts';
import { callOnce, closed, openSocket, startServe, stopAll, type Serve } from '../helpers/crash-writer.ts';
import { tableCounts, tempDir } from '../helpers/lab.ts';

// A real `vdi-console serve` process, driven over its WebSocket and killed with
// SIGKILL in the middle of a write burst: on reopen the file passes
// integrity_check and every acknowledged operation is on disk, exactly once, in
// order, with the object state it set. The same while lab-reset (one large
// transaction) runs: the old lab or the whole new one, never a mix.

const dirs: string[] = [];
afterEach(() => {
  stopAll();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function newDir(): string {
  const d = tempDir('vdi-crash-');
  dirs.push(d);
  return d;
}

/** Makes sure the simulation clock is paused (a new lab starts paused), so the test's ops are the only writes. */
async function pauseClock(s: Serve): Promise<void> {
  expect(await callOnce(s, 'clock-set', { speed: 'paused' })).toMatchObject({ ok: true, result: { speed: 'paused', running: false } });
}

// ---------------------------------------------------------------- the write burst

interface Target {
  kind: 'pool' | 'desktop';
  id: string;
}

interface Op {
  seq: number;
  target: Target;
  /** pool: enabled; desktop: maintenance. */
  value: boolean;
  method: 'pool-set-enabled' | 'desktop-set-maintenance';
  input: Record<string, unknown>;
}

/**
 * Op `seq` of the burst. The targets are cycled through; each op flips its target
 * (pools start enabled → disabled → enabled …; desktops start AVAILABLE → maintenance → …),
 * so every op changes state and writes exactly one audit event.
 */
function opAt(seq: number, targets: Target[]): Op {
  const target = targets[seq % targets.length] as Target;
  const k = Math.floor(seq / targets.length);
  if (target.kind === 'pool') {
    const value = k % 2 === 1;
    return { seq, target, value, method: 'pool-set-enabled', input: { id: target.id, enabled: value } };
  }
  const value = k % 2 === 0;
  return { seq, target, value, method: 'desktop-set-maintenance', input: { id: target.id, maintenance: value } };
}

const expectedMessage = (op: Op): RegExp =>
  op.target.kind === 'pool' ? (op.value ? /\benabled\b/ : /\bdisabled\b/) : op.value ? /entered maintenance/ : /exited maintenance/;

interface Lab {
  dir: string;
  targets: Target[];
  /** Highest event id before the burst. */
  baseline: number;
  counts: Record<string, number>;
}

/** A fresh small lab (seed 1) on disk, and the objects the burst will flip. */
async function prepareLab(): Promise<Lab> {
  const dir = newDir();
  const host = openHost({ dataDir: dir, lab: 'small', seed: 1 });
  try {
    const pools = await host.dispatch('pool-list', {});
    const desktops = await host.dispatch('desktop-list', { state: 'AVAILABLE' });
    const events = await host.dispatch('event-list', { limit: 1 });
    if (!pools.ok || !desktops.ok || !events.ok) throw new Error('cannot read the new lab');
    const poolIds = (pools.result as { id: string; enabled: boolean }[])
      .filter((p) => p.enabled)
      .map((p) => p.id)
      .sort()
      .slice(0, 4);
    const free: string[] = [];
    for (const row of (desktops.result as { rows: { id: string }[] }).rows) {
      const d = await host.dispatch('desktop-get', { id: row.id });
      if (d.ok && (d.result as { sessionCount: number }).sessionCount === 0) free.push(row.id);
      if (free.length === 4) break;
    }
    expect(poolIds).toHaveLength(4);
    expect(free).toHaveLength(4);
    const targets: Target[] = [];
    for (let i = 0; i < 4; i++) targets.push({ kind: 'pool', id: poolIds[i] as string }, { kind: 'desktop', id: free[i] as string });
    const baseline = (events.result as { rows: LabEvent[] }).rows[0]?.id ?? 0;
    const db = new Database(host.dbPath, { readonly: true });
    const counts = tableCounts(db);
    db.close();
    return { dir, targets, baseline, counts };
  } finally {
    host.close();
  }
}

interface BurstResult {
  sent: number;
  replied: number;
  /** Acknowledged ops (reply ok), with the id of the event each one wrote (from its event-added push). */
  acked: { seq: number; eventId: number }[];
  /** Anything the server did that it should not have (a refusal, a duplicate reply, a missing push). */
  problems: string[];
  inFlightAtKill: number;
}

const WINDOW = 64;
const MAX_OPS = 20_000;

/**
 * Pipelines ops (WINDOW in flight at all times) until `killAfterMs` after the first
 * acknowledgement, then SIGKILLs the process and collects whatever replies still arrive.
 * Replies are matched by id. The server runs the writes of one socket in the order they
 * arrive, so the k-th event-added push for the targets is op k's event.
 */
async function burstAndKill(s: Serve, targets: Target[], killAfterMs: number): Promise<BurstResult> {
  const ws = await openSocket(s);
  ws.on('error', () => undefined); // the connection dies with the process
  const targetIds = new Set(targets.map((t) => t.id));
  const pushed: LabEvent[] = [];
  const okReplies: number[] = [];
  const seen = new Set<number>();
  const r: BurstResult = { sent: 0, replied: 0, acked: [], problems: [], inFlightAtKill: -1 };
  let killed = false;
  let killTimer: NodeJS.Timeout | undefined;
  const kill = () => {
    if (killed) return;
    killed = true;
    r.inFlightAtKill = r.sent - r.replied;
    s.child.kill('SIGKILL');
  };
  const sendNext = () => {
    if (killed || r.sent >= MAX_OPS) return;
    const op = opAt(r.sent, targets);
    ws.send(JSON.stringify({ id: op.seq, method: op.method, input: op.input }));
    r.sent++;
  };
  ws.on('message', (data: RawData) => {
    const msg = JSON.parse(String(data)) as WireServerMessage;
    if ('push' in msg) {
      const ev = msg.payload as LabEvent;
      if (msg.topic === 'event-added' && ev.type === 'audit-success' && targetIds.has(ev.objectId ?? '')) pushed.push(ev);
      return;
    }
    r.replied++;
    const seq = msg.id;
    if (!Number.isInteger(seq) || seq < 0 || seq >= r.sent || seen.has(seq)) {
      r.problems.push(`unexpected reply id ${String(seq)}`);
    } else {
      seen.add(seq);
      const op = opAt(seq, targets);
      if (!msg.reply.ok) {
        r.problems.push(`op ${seq} (${op.method} ${op.target.id}) refused: ${msg.reply.error.code} ${msg.reply.error.message}`);
      } else {
        const result = msg.reply.result as { enabled?: boolean; state?: string };
        const stateOk = op.target.kind === 'pool' ? result.enabled === op.value : result.state === (op.value ? 'MAINTENANCE' : 'AVAILABLE');
        if (!stateOk) r.problems.push(`op ${seq} replied ${JSON.stringify(result).slice(0, 80)}`);
        okReplies.push(seq);
        if (!killTimer) killTimer = setTimeout(kill, killAfterMs);
      }
    }
    sendNext();
  });
  const hardStop = setTimeout(kill, killAfterMs + 10_000); // bounded even if nothing is acknowledged
  for (let i = 0; i < WINDOW; i++) sendNext();
  await s.exited;
  await closed(ws);
  clearTimeout(hardStop);
  if (killTimer) clearTimeout(killTimer);
  for (const seq of okReplies) {
    const ev = pushed[seq];
    const op = opAt(seq, targets);
    if (!ev || ev.objectId !== op.target.id || !expectedMessage(op).test(ev.message)) {
      r.problems.push(`op ${seq} (${op.target.id}) was acknowledged, but its event-added push is ${JSON.stringify(ev)?.slice(0, 120)}`);
    } else r.acked.push({ seq, eventId: ev.id });
  }
  return r;
}

/** Opens the folder after the crash and checks the file and every acknowledged op. Returns how many ops landed. */
async function verifyAfterCrash(lab: Lab, r: BurstResult): Promise<number> {
  const file = join(lab.dir, LAB_FILE);
  const db = new Database(file);
  let landed: number;
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const rows = db.prepare('SELECT id, type, object_id AS objectId, message FROM events WHERE id > ? ORDER BY id').all(lab.baseline) as {
      id: number;
      type: string;
      objectId: string | null;
      message: string;
    }[];
    // No gaps: ids run on from the baseline (nothing half-written and rolled back in between).
    expect(rows.map((e) => e.id)).toEqual(rows.map((_, i) => lab.baseline + 1 + i));
    const targetIds = new Set(lab.targets.map((t) => t.id));
    const mine = rows.filter((e) => e.type === 'audit-success' && targetIds.has(e.objectId ?? ''));
    landed = mine.length;
    // Every acknowledged op is there; what landed beyond that was sent but its reply was lost with the process.
    expect(landed).toBeGreaterThanOrEqual(r.acked.length);
    expect(landed).toBeLessThanOrEqual(r.sent);
    // The events on disk are exactly the first `landed` ops, in order.
    for (let j = 0; j < landed; j++) {
      const op = opAt(j, lab.targets);
      const ev = mine[j] as (typeof mine)[number];
      expect(ev.objectId, `event of op ${j}`).toBe(op.target.id);
      expect(ev.message, `event of op ${j}`).toMatch(expectedMessage(op));
    }
    // Each acknowledged op landed, as the event its push announced.
    for (const a of r.acked) {
      expect(a.seq, 'an acknowledged op beyond what landed').toBeLessThan(landed);
      expect(mine[a.seq]?.id, `op ${a.seq}`).toBe(a.eventId);
    }
    // The state of each object is the one set by the last of its ops that landed (state and event in one transaction).
    lab.targets.forEach((t, ti) => {
      const n = landed > ti ? Math.floor((landed - 1 - ti) / lab.targets.length) + 1 : 0;
      if (t.kind === 'pool') {
        const row = db.prepare('SELECT enabled FROM pools WHERE id = ?').get(t.id) as { enabled: number };
        expect(row.enabled, `${t.id} after ${n} ops`).toBe(n % 2 === 0 ? 1 : 0);
      } else {
        const row = db.prepare('SELECT state FROM desktops WHERE id = ?').get(t.id) as { state: string };
        expect(row.state, `${t.id} after ${n} ops`).toBe(n % 2 === 1 ? 'MAINTENANCE' : 'AVAILABLE');
      }
    });
    // Nothing else changed size: only the events table and the action log (app/replay) grew, by exactly the ops that landed.
    expect(tableCounts(db)).toEqual({ ...lab.counts, events: (lab.counts.events ?? 0) + landed, replay_actions: (lab.counts.replay_actions ?? 0) + landed });
  } finally {
    db.close();
  }

  // The host opens it as the same lab and can write again, continuing the event ids.
  const host = openHost({ dataDir: lab.dir, lab: 'default', seed: 7 });
  try {
    expect(host.created).toBe(false);
    expect(await host.dispatch('lab-info', {})).toMatchObject({ ok: true, result: { profile: 'small', seed: 1 } });
    const pool = lab.targets[0] as Target;
    const current = await host.dispatch('pool-get', { id: pool.id });
    const enabled = (current as { ok: true; result: { enabled: boolean } }).result.enabled;
    expect(await host.dispatch('pool-set-enabled', { id: pool.id, enabled: !enabled })).toMatchObject({ ok: true, result: { enabled: !enabled } });
    const newest = await host.dispatch('event-list', { limit: 1 });
    expect(newest).toMatchObject({ ok: true, result: { rows: [{ id: lab.baseline + landed + 1, objectId: pool.id }] } });
  } finally {
    host.close();
  }
  return landed;
}

describe('SIGKILL in the middle of a write burst', () => {
  it.each([30, 400, 1300])('killed %i ms after the first acknowledgement: integrity ok, every acknowledged op on disk with its state', async (killAfterMs) => {
    const lab = await prepareLab();
    const s = await startServe(lab.dir);
    await pauseClock(s);
    const r = await burstAndKill(s, lab.targets, killAfterMs);
    expect(await s.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(r.problems).toEqual([]);
    expect(r.acked.length).toBeGreaterThan(0);
    expect(r.sent).toBeLessThan(MAX_OPS); // the kill came before the burst ran out
    // Requests were still in flight when the process died, and some never got a reply.
    expect(r.inFlightAtKill).toBeGreaterThan(0);
    expect(r.sent - r.replied).toBeGreaterThan(0);
    const landed = await verifyAfterCrash(lab, r);
    // What landed without an acknowledgement is bounded by what was in flight.
    expect(landed - r.acked.length).toBeLessThanOrEqual(r.sent - r.replied);
  });
});

describe('SIGKILL while lab-reset (one large transaction) is running', () => {
  let reference: Record<string, number> | undefined;
  /** Table sizes of a fresh default lab with seed 2, to recognise a completed reset. */
  function referenceCounts(): Record<string, number> {
    if (reference) return reference;
    const dir = newDir();
    openHost({ dataDir: dir, lab: 'default', seed: 2 }).close();
    const db = new Database(join(dir, LAB_FILE), { readonly: true });
    try {
      reference = tableCounts(db);
      return reference;
    } finally {
      db.close();
    }
  }

  // When to kill: as soon as the WAL file has grown by more than a small flush would write
  // (the reset's ~700 kB of pages are being appended: a torn, uncommitted transaction), or right
  // after its reply (committed: the new lab must be whole). The first falls back to the reply
  // if the WAL never grows that way (it may be rewound after a checkpoint).
  it.each(['wal-growth', 'after-ack'] as const)('killed at %s: the old lab with every acknowledged op, or the whole new lab, never a mix', async (delay) => {
    const lab = await prepareLab();
    const ref = referenceCounts();
    const s = await startServe(lab.dir);
    await pauseClock(s);
    const ws = await openSocket(s);
    ws.on('error', () => undefined);
    const OPS = 40;
    let acked = 0;
    let resetAcked = false;
    const allAcked = new Promise<void>((resolve) => {
      ws.on('message', (data: RawData) => {
        const msg = JSON.parse(String(data)) as WireServerMessage;
        if ('push' in msg) return;
        if ((msg.id as unknown) === 'reset') {
          resetAcked = msg.reply.ok;
          s.child.kill('SIGKILL');
          return;
        }
        if (msg.reply.ok) acked++;
        if (acked === OPS) resolve();
      });
    });
    for (let i = 0; i < OPS; i++) {
      const op = opAt(i, lab.targets);
      ws.send(JSON.stringify({ id: i, method: op.method, input: op.input }));
    }
    await allAcked;
    const walPath = join(lab.dir, `${LAB_FILE}-wal`);
    const walSize = () => (existsSync(walPath) ? statSync(walPath).size : 0);
    const walBefore = walSize();
    let poll: NodeJS.Timeout | undefined;
    ws.send(JSON.stringify({ id: 'reset', method: 'lab-reset', input: { profile: 'default', seed: 2, confirm: true } }));
    if (delay === 'wal-growth') {
      poll = setInterval(() => {
        if (walSize() > walBefore + 64 * 1024) s.child.kill('SIGKILL');
      }, 1);
    }
    const hardStop = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
    expect(await s.exited).toEqual({ code: null, signal: 'SIGKILL' });
    clearInterval(poll);
    clearTimeout(hardStop);
    await closed(ws);
    if (delay === 'after-ack') expect(resetAcked).toBe(true);

    const db = new Database(join(lab.dir, LAB_FILE));
    let seed: string;
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      seed = (db.prepare("SELECT value FROM meta WHERE key = 'seed'").get() as { value: string }).value;
      if (resetAcked) expect(seed).toBe('2');
      if (seed === '2') {
        // The whole new lab and its one audit event (with its note in the action log): nothing of the old lab is left.
        expect(tableCounts(db)).toEqual({ ...ref, events: (ref.events ?? 0) + 1, replay_actions: (ref.replay_actions ?? 0) + 1 });
        const last = db.prepare('SELECT message FROM events ORDER BY id DESC LIMIT 1').get() as { message: string };
        expect(last.message).toMatch(/regenerated from profile default with seed 2/);
      } else {
        expect(seed).toBe('1');
      }
    } finally {
      db.close();
    }
    if (seed === '1') {
      // The old lab, exactly as the 40 acknowledged ops left it.
      const landed = await verifyAfterCrash(lab, { sent: OPS, replied: OPS, acked: [], problems: [], inFlightAtKill: 0 });
      expect(landed).toBe(OPS);
    }
  });
});
