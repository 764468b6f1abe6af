import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src-main/store/db.ts';
import { MIGRATIONS } from '../../src-main/store/migrations/index.ts';
import { listUnmanagedVms } from '../../src-main/store/unmanaged-vms.ts';

// Migration 023 (unmanaged VMs) on :memory:: a lab saved before it opens with no VM outside its
// pools (its machines all stay machines), and the table keeps a VM's id, name, placement and hardware.

const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('migration 023', () => {
  it('adds an empty unmanaged_vms table to a lab saved before it; a VM row reads back whole, names unique', () => {
    const db = new Database(':memory:');
    open.push(db);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 23),
    );
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'unmanaged_vms'").get()).toEqual({ n: 0 });
    expect(migrate(db, MIGRATIONS)).toBeGreaterThanOrEqual(23);
    expect(listUnmanagedVms(db)).toEqual([]);
    const insert = db.prepare(
      `INSERT INTO unmanaged_vms (id, name, host_id, datastore_id, former_pool_id, removed_at, vcpu, ram_gb, disk_gb, used_gb, ip, agent_version, image_version_id)
       VALUES (?, ?, 'h-1', 'ds-1', 'pool-6', '2026-01-05T07:00:00.000Z', 2, 8, 100, 12.5, '10.0.8.3', 'Horizon Agent', NULL)`,
    );
    insert.run('vm-7', 'KIOSK-01');
    expect(listUnmanagedVms(db)).toEqual([
      {
        id: 'vm-7',
        name: 'KIOSK-01',
        hostId: 'h-1',
        datastoreId: 'ds-1',
        formerPoolId: 'pool-6',
        removedAt: '2026-01-05T07:00:00.000Z',
        vcpu: 2,
        ramGb: 8,
        diskGb: 100,
        imageVersionId: null,
      },
    ]);
    expect(() => insert.run('vm-8', 'KIOSK-01')).toThrow(/UNIQUE/);
  });
});
