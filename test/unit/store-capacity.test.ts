import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CAPACITY_DEFINITION } from '../../src-main/contract/capacity-entities.ts';
import { migrate } from '../../src-main/store/db.ts';
import { MIGRATIONS } from '../../src-main/store/migrations/index.ts';
import { migration009 } from '../../src-main/store/migrations/009-capacity.ts';
import {
  deleteCapacityDefinition,
  finishCapacityRun,
  getCapacityRun,
  insertCapacityRun,
  listCapacityDefinitions,
  listCapacityRuns,
  markCapacityRunStarted,
  markInterruptedCapacityRuns,
  saveCapacityDefinition,
} from '../../src-main/store/capacity.ts';
import { runCapacityTest } from '../../src-main/core/capacity/run.ts';

// Migration 009 (capacity definitions and runs) on :memory:, and the store functions on it.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
function memory(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  return db;
}

const DEF = CAPACITY_DEFINITION.parse({
  name: 'Store test',
  hosts: { count: 1, sockets: 1, coresPerSocket: 4, ghz: 2.4, hyperthreading: true, ramGb: 128 },
  storage: { iops: 20000, serviceTimeMs: 0.5, capacityTb: 5 },
  sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 4 },
  workload: 'knowledge',
  launch: { sessions: 12, timeframeSec: 300 },
});

describe('migration 009: capacity tests', () => {
  it('is registered as version 9 and creates its two tables after the earlier schema', () => {
    expect(MIGRATIONS.map((m) => m.version)).toContain(9);
    expect(migration009.version).toBe(9);
    const db = memory();
    expect(migrate(db)).toBeGreaterThanOrEqual(9);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'capacity_%' ORDER BY name").all() as { name: string }[]).map(
      (r) => r.name,
    );
    expect(tables).toEqual(['capacity_definitions', 'capacity_runs']);
    expect(migrate(db)).toBeGreaterThanOrEqual(9); // not applied twice
  });

  it('refuses a run state outside the contract', () => {
    const db = memory();
    migrate(db);
    expect(() => db.prepare("INSERT INTO capacity_runs (id, name, state, created_at, definition) VALUES ('cap-x', 'x', 'exploded', '', '{}')").run()).toThrow(
      /CHECK/,
    );
  });

  it('stores definitions and runs, and marks runs a crash left running as interrupted', () => {
    const db = memory();
    migrate(db);
    const d = saveCapacityDefinition(db, undefined, DEF, '2026-11-24T09:00:00Z');
    expect(d.id).toBe('capdef-1');
    expect(listCapacityDefinitions(db).map((x) => x.name)).toEqual(['Store test']);
    deleteCapacityDefinition(db, d.id);
    // Ids never repeat after a delete.
    expect(saveCapacityDefinition(db, undefined, DEF, '2026-11-24T09:00:00Z').id).toBe('capdef-2');

    const a = insertCapacityRun(db, { name: 'A', sweepId: null, sweepLabel: null, definition: DEF, createdAt: 't0' });
    const b = insertCapacityRun(db, { name: 'B', sweepId: null, sweepLabel: null, definition: DEF, createdAt: 't0' });
    const c = insertCapacityRun(db, { name: 'C', sweepId: null, sweepLabel: null, definition: DEF, createdAt: 't0' });
    expect([a.id, b.id, c.id]).toEqual(['cap-1', 'cap-2', 'cap-3']);
    markCapacityRunStarted(db, a.id, 't1');
    const result = runCapacityTest(DEF);
    finishCapacityRun(db, a.id, { state: 'completed', at: 't2', wallMs: 5, error: null, result });
    markCapacityRunStarted(db, b.id, 't1');
    // A crash here: b running, c queued. On reopen both are interrupted, a stays completed.
    expect(markInterruptedCapacityRuns(db, 't3')).toBe(2);
    const runs = Object.fromEntries(listCapacityRuns(db, {}).map((r) => [r.id, r]));
    expect(runs['cap-1']).toMatchObject({ state: 'completed', progress: 1, vsimax: result.vsimax, sessionsLaunched: 12 });
    expect(runs['cap-2']).toMatchObject({ state: 'interrupted', finishedAt: 't3' });
    expect(runs['cap-3']?.state).toBe('interrupted');
    expect(getCapacityRun(db, 'cap-1')?.result).toEqual(result);
    // A finished run is not changed again (a late worker message after a cancel, say).
    finishCapacityRun(db, b.id, { state: 'completed', at: 't4', wallMs: 1, error: null, result });
    expect(getCapacityRun(db, 'cap-2')?.state).toBe('interrupted');
  });
});
