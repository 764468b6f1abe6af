import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineIds } from '../../src-main/core/engine/durable/remap.ts';
import type { StoredArray } from '../../src-main/core/engine/durable/state.ts';
import { Prng } from '../../src-main/core/prng.ts';
import type { Db } from '../../src-main/store/db.ts';
import { openDatabase } from '../../src-main/store/db.ts';
import { EngineStateStore, readEngineState, REWRITE_SHARE, ROTATION_FLUSHES } from '../../src-main/store/engine-state.ts';

// Issue 12 (a flush must not stall): entity records go to the store as deltas appended per flush over
// base rows rewritten a slice at a time (store/engine-state.ts, migration 021). Whatever the flushes
// wrote, reading back gives the arrays exactly as they were at the last write, and the log stays bounded.

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDb(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'vdi-deltas-'));
  dirs.push(dir);
  return openDatabase(join(dir, 'lab.sqlite'));
}

/** A small engine's worth of entity arrays: users with a 3-wide stride, desktops of mixed element types. */
class Fake {
  users: { a: Float64Array; b: Uint8Array; c: Int32Array };
  desktops: { p: Uint8Array; u: Float32Array };
  queue: { at: number; seq: number; event: { kind: string; n: number } }[] = [];
  nextSeq = 0;
  constructor(
    public nUsers: number,
    public nDesktops: number,
  ) {
    this.users = { a: new Float64Array(nUsers), b: new Uint8Array(nUsers), c: new Int32Array(nUsers * 3) };
    this.desktops = { p: new Uint8Array(nDesktops), u: new Float32Array(nDesktops) };
  }
  ids(): EngineIds {
    const list = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    return { desktop: list('d', this.nDesktops), user: list('u', this.nUsers), host: [], pool: [], datastore: [], version: [], cluster: [] };
  }
  arrays(): StoredArray[] {
    return [
      { name: 'u.a', array: this.users.a, domain: 'user' },
      { name: 'u.b', array: this.users.b, domain: 'user' },
      { name: 'u.c', array: this.users.c, domain: 'user', stride: 3 },
      { name: 'd.p', array: this.desktops.p, domain: 'desktop' },
      { name: 'd.u', array: this.desktops.u, domain: 'desktop' },
    ];
  }
  /** Changes `n` random users and desktops (a login storm touches them anywhere in the index). */
  change(r: Prng, n: number): void {
    for (let k = 0; k < n; k++) {
      const u = Math.floor(r.next() * this.nUsers);
      this.users.a[u] = r.next() * 1e6;
      this.users.b[u] = (this.users.b[u] as number) + 1;
      this.users.c[u * 3 + Math.floor(r.next() * 3)] = Math.floor(r.next() * 1e9);
      const d = Math.floor(r.next() * this.nDesktops);
      this.desktops.p[d] = Math.floor(r.next() * 4);
      this.desktops.u[d] = r.next() * 100;
    }
  }
  /** Machines added at the end of the index (on-demand growth). */
  grow(n: number): void {
    const p = new Uint8Array(this.nDesktops + n);
    p.set(this.desktops.p);
    const u = new Float32Array(this.nDesktops + n);
    u.set(this.desktops.u);
    u.fill(7.5, this.nDesktops);
    this.desktops = { p, u };
    this.nDesktops += n;
  }
}

function write(store: EngineStateStore, f: Fake, t: number, added: Fake['queue'] = [], removed: number[] = []): number {
  return store.write({
    t,
    ids: f.ids(),
    idsVersion: f.nDesktops,
    arrays: f.arrays(),
    renumbered: false,
    doc: { clock: { t } },
    queue: () => ({ whole: null, added, removed, nextSeq: f.nextSeq }),
  });
}

function expectSame(db: Db, f: Fake): void {
  const s = readEngineState<{ kind: string; n: number }>(db);
  expect(s).toBeDefined();
  const raw = (name: string) => s?.arrays.get(name)?.raw;
  for (const a of f.arrays()) {
    const bytes = new Uint8Array(a.array.buffer, a.array.byteOffset, a.array.byteLength);
    expect(Buffer.from(raw(a.name) ?? new Uint8Array(0)).equals(Buffer.from(bytes)), a.name).toBe(true);
  }
  expect(s?.queue.items.map((q) => q.seq)).toEqual([...f.queue].sort((x, y) => x.at - y.at || x.seq - y.seq).map((q) => q.seq));
}

const deltaRows = (db: Db) => (db.prepare('SELECT count(*) AS n FROM engine_deltas').get() as { n: number }).n;

describe('engine state: entity records as deltas over base rows', () => {
  it('reads back exactly what the last write held, after any number of flushes, a growth and a reopen', () => {
    const db = tempDb();
    const f = new Fake(3000, 2000);
    const r = new Prng(7);
    let store = new EngineStateStore(db);
    write(store, f, 0);
    expectSame(db, f);
    let maxDeltas = 0;
    for (let flush = 1; flush <= 3 * ROTATION_FLUSHES; flush++) {
      f.change(r, Math.floor(r.next() * 200));
      // The queue: events scheduled in the future, the earliest ones falling due.
      const added = Array.from({ length: 5 }, () => ({ at: flush + r.next() * 50, seq: f.nextSeq++, event: { kind: 'arrive', n: flush } }));
      f.queue.push(...added);
      f.queue.sort((x, y) => x.at - y.at || x.seq - y.seq);
      const due = f.queue.splice(0, 3).map((q) => q.seq);
      if (flush === ROTATION_FLUSHES) f.grow(64);
      // As the engine's queue tells it (event-queue.ts takeChanges): an event scheduled and gone since the last take is in neither list.
      const stored = added.filter((a) => !due.includes(a.seq));
      write(
        store,
        f,
        flush,
        stored,
        due.filter((seq) => !added.some((a) => a.seq === seq)),
      );
      maxDeltas = Math.max(maxDeltas, deltaRows(db));
      if (flush % 17 === 0) {
        // Another process opens the lab: it continues from what the store holds.
        const s = readEngineState<{ kind: string; n: number }>(db);
        store = new EngineStateStore(db);
        if (s) store.prime(s, f.nDesktops);
      }
      expectSame(db, f);
    }
    // Deltas written before a pass of the rotation began are dropped when it ends: at most about two passes' worth (one per domain and flush).
    expect(maxDeltas).toBeGreaterThan(0);
    expect(maxDeltas).toBeLessThanOrEqual(2 * 2 * ROTATION_FLUSHES + 2);
    db.close();
  });

  it('appends the changed records: a flush that changes a few entities writes a few records, not the table', () => {
    const db = tempDb();
    const f = new Fake(20_000, 10_000);
    const store = new EngineStateStore(db);
    write(store, f, 0);
    const r = new Prng(3);
    f.change(r, 50);
    const bytes = write(store, f, 1);
    const recUser = 8 + 1 + 12;
    const recDesktop = 1 + 4;
    // The 50 changed entities of each domain (fewer if a draw repeats), each at most 4 records: changes are found a 32-bit word at
    // a time, and a changed word of a 1-byte field marks the 3 entities that share it too. The table would be 470 KB.
    expect(bytes).toBeLessThanOrEqual(4 * 50 * (4 + recUser) + 4 * 50 * (4 + recDesktop));
    expect(bytes).toBeGreaterThan(0);
    expectSame(db, f);
    db.close();
  });

  it('rewrites the base rows of a domain and drops its deltas when most of it changed', () => {
    const db = tempDb();
    const f = new Fake(1000, 1000);
    const store = new EngineStateStore(db);
    write(store, f, 0);
    const r = new Prng(5);
    f.change(r, 20);
    write(store, f, 1);
    expect(deltaRows(db)).toBeGreaterThan(0);
    f.users.a.fill(42);
    f.desktops.u.fill(3);
    expect(REWRITE_SHARE).toBeLessThanOrEqual(1);
    write(store, f, 2);
    expect(deltaRows(db)).toBe(0);
    expectSame(db, f);
    db.close();
  });

  it('a delta that is not whole records, or names an entity past the index, is a damaged store', () => {
    const db = tempDb();
    const f = new Fake(100, 100);
    const store = new EngineStateStore(db);
    write(store, f, 0);
    f.change(new Prng(1), 3);
    write(store, f, 1);
    db.prepare("UPDATE engine_deltas SET body = substr(body, 1, length(body) - 1) WHERE domain = 'user'").run();
    expect(() => readEngineState(db)).toThrow(/user delta of generation 2 is \d+ bytes, not whole records/);
    const past = Buffer.alloc(25);
    past.writeUInt32LE(0x7fffffff, 0);
    db.prepare("UPDATE engine_deltas SET body = ? WHERE domain = 'user'").run(past);
    expect(() => readEngineState(db)).toThrow(/names record \d+, outside its index space/);
    db.close();
  });
});
