import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CARRY_META_KEY, serializeCarry, takeStoredCarry } from '../../src-main/app/session-carry.ts';
import type { SessionCarry } from '../../src-main/core/engine/sessions/session-transfer.ts';

// The engine's session state travels inside a checkpoint as one meta row: it must come back
// bit for bit (NaN phases included), only once, and only at the simulated time it was saved.

function carry(): SessionCarry {
  const phases = new Float32Array([1.5, Number.NaN, 27.25, Number.NaN]);
  return {
    users: 2,
    book: {
      client: new Uint8Array([1, 2]),
      net: new Uint8Array([0, 3]),
      proto: new Uint8Array([0, 1]),
      stateSince: new Float64Array([1767600000.5, 0]),
      startedAt: new Float64Array([1767599990, 0]),
      phases,
      phase: new Int8Array([2, -1]),
      phaseStart: new Float64Array([1767600001, 0]),
      measured: new Uint8Array([0, 1]),
      logonLatency: new Float32Array([2.5, 0]),
      logonReady: new Float32Array([0.1, 0]),
      reconnects: new Uint16Array([0, 3]),
      retries: new Uint8Array([1, 0]),
      manual: new Uint8Array([0, 1]),
      serial: new Uint32Array([7, 9]),
      frozenUntil: new Float64Array([0, 1767600100]),
    },
    uState: new Uint8Array([1, 2]),
    uLogonEnd: new Float64Array([0, 1767599000]),
    uLogonSec: new Float32Array([0, 31.5]),
    custom: [[0, { rttMs: 80, lossPct: 0.5, bandwidthKbps: 4000 }]],
    frozenReason: [[1, 'vMotion switchover']],
  };
}

function metaDb(): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  return db;
}

describe('session carry in a checkpoint', () => {
  it('comes back bit for bit, once, at the time it was saved', () => {
    const db = metaDb();
    const c = carry();
    db.prepare('INSERT INTO meta VALUES (?, ?)').run(CARRY_META_KEY, serializeCarry(c, '2026-01-05T09:00:00.000Z'));
    const back = takeStoredCarry(db, '2026-01-05T09:00:00Z');
    expect(back).toBeDefined();
    expect(Array.from(back!.book.phases)).toEqual(Array.from(c.book.phases)); // NaN survives (toEqual treats NaN as equal)
    expect(back!.book.phases).toBeInstanceOf(Float32Array);
    expect(Array.from(back!.book.stateSince)).toEqual([1767600000.5, 0]);
    expect(Array.from(back!.book.phase)).toEqual([2, -1]);
    expect(Array.from(back!.uLogonSec)).toEqual([0, 31.5]);
    expect(back!.custom).toEqual(c.custom);
    expect(back!.frozenReason).toEqual(c.frozenReason);
    expect(takeStoredCarry(db, '2026-01-05T09:00:00Z')).toBeUndefined(); // taken once
  });

  it('is dropped when the lab is at another time or the row is damaged', () => {
    const db = metaDb();
    db.prepare('INSERT INTO meta VALUES (?, ?)').run(CARRY_META_KEY, serializeCarry(carry(), '2026-01-05T09:00:00.000Z'));
    expect(takeStoredCarry(db, '2026-01-05T09:00:20.000Z')).toBeUndefined();
    expect(db.prepare('SELECT count(*) AS n FROM meta').get()).toEqual({ n: 0 });
    db.prepare('INSERT INTO meta VALUES (?, ?)').run(CARRY_META_KEY, '{"simTime": "2026-01-05T09:00:00.000Z", "book": 7');
    expect(takeStoredCarry(db, '2026-01-05T09:00:00.000Z')).toBeUndefined();
  });
});
