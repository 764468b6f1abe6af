import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src-main/store/db.ts';
import { MIGRATIONS } from '../../src-main/store/migrations/index.ts';
import { readEngineState } from '../../src-main/store/engine-state.ts';

// Migration 021 (engine state deltas) on :memory:: a lab saved by schema 20 keeps its engine state —
// its entity rows (generation 0, under any delta) and its queue, now keyed by due time — and reads back the same.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('migration 021', () => {
  it('keeps the entity rows and the queued events of a lab saved before it, and reads them back the same', () => {
    const db = new Database(':memory:');
    open.push(db);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 21),
    );
    const ids = { desktop: ['d1', 'd2'], user: [], host: [], pool: [], datastore: [], version: [], cluster: [] };
    const layout = { names: ['x'], types: ['Float32Array'], strides: [1], bytes: 4 };
    db.prepare("INSERT INTO engine_state (key, value) VALUES ('header', ?), ('ids', ?), ('layout:desktop', ?), ('queue', ?)").run(
      JSON.stringify({ format: 1, t: 100 }),
      JSON.stringify(ids),
      JSON.stringify(layout),
      JSON.stringify({ nextSeq: 3 }),
    );
    const rec = (v: number) => Buffer.from(new Float32Array([v]).buffer);
    db.prepare("INSERT INTO engine_entities (domain, idx, rec) VALUES ('desktop', 0, ?), ('desktop', 1, ?)").run(rec(1.5), rec(2.5));
    db.prepare('INSERT INTO engine_queue (seq, at, event) VALUES (0, 300, ?), (1, 200, ?), (2, 200, ?)').run('{"kind":"a"}', '{"kind":"b"}', '{"kind":"c"}');
    expect(migrate(db, MIGRATIONS)).toBeGreaterThanOrEqual(21);
    const after = readEngineState(db);
    expect(after?.queue.items).toEqual([
      { seq: 1, at: 200, event: { kind: 'b' } },
      { seq: 2, at: 200, event: { kind: 'c' } },
      { seq: 0, at: 300, event: { kind: 'a' } },
    ]);
    expect(after?.queue.items.map((q) => q.seq)).toEqual([1, 2, 0]);
    expect(Buffer.from(after?.arrays.get('x')?.raw ?? []).equals(Buffer.concat([rec(1.5), rec(2.5)]))).toBe(true);
    expect(db.prepare('SELECT seq FROM engine_entities ORDER BY idx').all()).toEqual([{ seq: 0 }, { seq: 0 }]);
    // A delta of generation 1 applies over the rows written before it.
    const body = Buffer.alloc(8);
    body.writeUInt32LE(1, 0);
    rec(9).copy(body, 4);
    db.prepare("INSERT INTO engine_deltas (gen, domain, body) VALUES (1, 'desktop', ?)").run(body);
    expect(Buffer.from(readEngineState(db)?.arrays.get('x')?.raw ?? []).equals(Buffer.concat([rec(1.5), rec(9)]))).toBe(true);
    // The queue's key is (due time, sequence).
    expect(() => db.prepare('INSERT INTO engine_queue (seq, at, event) VALUES (1, 200, ?)').run('{}')).toThrow(/UNIQUE|PRIMARY/);
  });
});
