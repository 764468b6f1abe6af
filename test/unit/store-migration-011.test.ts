import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src-main/store/db.ts';
import { MIGRATIONS } from '../../src-main/store/migrations/index.ts';

// Migration 011 (a host's CPU model) on :memory:: the column, NULL for the hosts already there.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('migration 011', () => {
  it('adds hosts.cpu_model, NULL for existing hosts (the GHz mapping), and keeps their rows', () => {
    const db = new Database(':memory:');
    open.push(db);
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 11),
    );
    db.exec(`INSERT INTO sites VALUES ('site-1', 'HQ', 'here')`);
    db.exec(`INSERT INTO clusters VALUES ('cl-1', 'CL01', 'site-1', 'manual', 3, 1, 'percentage', 25, 25, 1)`);
    db.exec(`INSERT INTO hosts (id, name, cluster_id, vendor, model, sockets, cores_per_socket, ghz, hyperthreading, ram_gb, nics, nic_gbps, power_state, connection_state, power_idle_w, power_peak_w, rack_units)
             VALUES ('h-1', 'esx01', 'cl-1', 'Dell', 'R740', 2, 20, 2.5, 1, 768, 2, 25, 'poweredOn', 'connected', 180, 720, 2)`);
    expect(migrate(db, MIGRATIONS)).toBeGreaterThanOrEqual(11);
    expect(db.prepare("SELECT cpu_model FROM hosts WHERE id = 'h-1'").get()).toEqual({ cpu_model: null });
    db.exec("UPDATE hosts SET cpu_model = 'Intel Xeon Gold 6248' WHERE id = 'h-1'");
    expect(db.prepare('SELECT cpu_model, ghz FROM hosts').get()).toEqual({ cpu_model: 'Intel Xeon Gold 6248', ghz: 2.5 });
  });
});
