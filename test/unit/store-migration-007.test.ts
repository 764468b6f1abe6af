import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src-main/store/db.ts';
import { MIGRATIONS } from '../../src-main/store/migrations/index.ts';
import { migration007, widenTaskKinds } from '../../src-main/store/migrations/007-snapshots.ts';

// Migration 007 on :memory: — the snapshot and checkpoint tables, and tasks.kind widened without
// losing rows, columns, indexes or other kinds.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
const memory = () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  open.push(db);
  return db;
};

describe('migration 007', () => {
  it('creates snapshots, desktop_snapshot_state and checkpoints, and accepts snapshot task kinds', () => {
    const db = memory();
    const before = MIGRATIONS.filter((m) => m.version < 7);
    migrate(db, before);
    db.prepare(
      "INSERT INTO tasks (id, kind, object_kind, object_id, object_name, state, created_at, start_at, user, details) VALUES ('task-1','push-image','pool','pool-1','P','running','t','t','u','{}')",
    ).run();
    expect(() => db.prepare("UPDATE tasks SET kind = 'snapshot-revert'").run()).toThrow(/CHECK/);
    expect(migrate(db, [...before, migration007])).toBe(7);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['snapshots', 'desktop_snapshot_state', 'checkpoints', 'tasks']));
    // The old row is kept; the new kinds are accepted; a made-up kind still is not.
    expect(db.prepare('SELECT id, kind FROM tasks').all()).toEqual([{ id: 'task-1', kind: 'push-image' }]);
    db.prepare("UPDATE tasks SET kind = 'snapshot-revert'").run();
    expect(() => db.prepare("UPDATE tasks SET kind = 'reboot'").run()).toThrow(/CHECK/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'tasks_object'").get()).toBeTruthy();
    // Snapshot rows follow their desktop.
    expect(() =>
      db
        .prepare(
          "INSERT INTO snapshots (id, desktop_id, name, include_memory, quiesced, power_state, machine_state, created_at, seq) VALUES ('s','vm-x','n',0,0,'poweredOn','AVAILABLE','t',1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO checkpoints (id, name, file, sim_time, created_at, size_bytes, schema_version, profile, seed, origin, counts) VALUES ('c','n','f','t','t',1,7,'small',1,'copied','{}')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });

  it('widening keeps kinds another migration added, and columns it added', () => {
    const db = memory();
    db.exec("CREATE TABLE tasks (id TEXT PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('push-image','vm-migrate')), extra TEXT) STRICT");
    db.exec("INSERT INTO tasks VALUES ('t1','vm-migrate','x')");
    widenTaskKinds(db, ['snapshot-take']);
    expect(db.prepare('SELECT * FROM tasks').all()).toEqual([{ id: 't1', kind: 'vm-migrate', extra: 'x' }]);
    db.exec("INSERT INTO tasks VALUES ('t2','snapshot-take',NULL)");
    db.exec("INSERT INTO tasks VALUES ('t3','push-image',NULL)");
    expect(() => db.exec("INSERT INTO tasks VALUES ('t4','other',NULL)")).toThrow(/CHECK/);
  });
});
