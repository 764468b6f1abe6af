import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src-main/store/db.ts';
import { MIGRATIONS } from '../../src-main/store/migrations/index.ts';

// Migration 008 (cluster operations) on :memory:: its tables, and tasks freed from the push-image-only CHECK with rows kept.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function memory(): Database.Database {
  const db = new Database(':memory:');
  open.push(db);
  db.pragma('foreign_keys = ON');
  return db;
}

describe('migration 008', () => {
  it('creates the rule, settings and HA-priority tables and lets tasks hold cluster kinds, keeping existing tasks', () => {
    const db = memory();
    const before = MIGRATIONS.filter((m) => m.version < 8);
    migrate(db, before);
    db.exec(`INSERT INTO tasks (id, kind, object_kind, object_id, object_name, state, created_at, start_at, user, details)
             VALUES ('task-1', 'push-image', 'pool', 'pool-1', 'KW', 'completed', 't', 't', 'u', '{}')`);
    expect(() =>
      db.exec(`INSERT INTO tasks (id, kind, object_kind, object_id, object_name, state, created_at, start_at, user, details)
             VALUES ('task-2', 'vm-migrate', 'desktop', 'vm-1', 'KW-001', 'running', 't', 't', 'u', '{}')`),
    ).toThrow(/CHECK/);
    expect(
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 8),
      ),
    ).toBe(8);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['cluster_rules', 'cluster_settings', 'desktop_ha', 'tasks']));
    db.exec(`INSERT INTO tasks (id, kind, object_kind, object_id, object_name, state, created_at, start_at, user, details)
             VALUES ('task-2', 'vm-migrate', 'desktop', 'vm-1', 'KW-001', 'running', 't', 't', 'u', '{}')`);
    expect(db.prepare('SELECT id, kind FROM tasks ORDER BY rowid').all()).toEqual([
      { id: 'task-1', kind: 'push-image' },
      { id: 'task-2', kind: 'vm-migrate' },
    ]);
    // The state CHECK and the index survive the rebuild.
    expect(() => db.exec("UPDATE tasks SET state = 'exploded' WHERE id = 'task-1'")).toThrow(/CHECK/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'tasks_object'").get()).toBeTruthy();
  });

  it('checks rule kinds and restart priorities, and cascades with their cluster and desktop', () => {
    const db = memory();
    migrate(db);
    db.exec(`INSERT INTO sites VALUES ('site-1', 'DC', 'x');
      INSERT INTO clusters (id, name, site_id, drs_automation, drs_threshold, ha_enabled, ac_policy, ac_cpu_pct, ac_mem_pct, ac_host_failures)
        VALUES ('cl-1', 'CL', 'site-1', 'manual', 3, 1, 'percentage', 25, 25, 1);`);
    const rule = (kind: string) =>
      db
        .prepare("INSERT INTO cluster_rules (id, cluster_id, name, kind, enabled, desktop_ids, created_at) VALUES (?, 'cl-1', ?, ?, 1, '[]', 't')")
        .run(`r-${kind}`, kind, kind);
    expect(() => rule('vm-anti-affinity')).not.toThrow();
    expect(() => rule('vm-together')).toThrow(/CHECK/);
    db.exec("INSERT INTO cluster_settings (cluster_id) VALUES ('cl-1')");
    expect(db.prepare('SELECT ds_heartbeat, default_priority, ac_enabled, downtime_target_ms, max_rounds FROM cluster_settings').get()).toEqual({
      ds_heartbeat: 1,
      default_priority: 'medium',
      ac_enabled: 1,
      downtime_target_ms: 300,
      max_rounds: 30,
    });
    db.exec("DELETE FROM clusters WHERE id = 'cl-1'");
    expect(db.prepare('SELECT count(*) AS n FROM cluster_rules').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM cluster_settings').get()).toEqual({ n: 0 });
  });
});
