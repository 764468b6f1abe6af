import type { Migration } from './types.ts';

// Issue 15 (Horizon REST: add / remove machines of manual pools). Removing a machine from a manual
// pool unregisters it from Horizon; the VM stays in vCenter, in no pool. Such VMs are kept here
// (not in `desktops`: the engine simulates pool machines only) until add-machines takes one back
// into a manual pool. No foreign keys: the VM outlives its former pool, and a host or datastore
// that is gone is checked when the VM is added back (a refusal for that VM).
// - id: the VM's id (vm-N, kept: it is its vCenter MoRef); name unique among these VMs.
// - host_id, datastore_id: where it runs; former_pool_id: the pool it left; removed_at: simulated time.
// - vcpu, ram_gb, disk_gb, used_gb, ip, agent_version, image_version_id: the VM as it was in the pool.
export const migration023: Migration = {
  version: 23,
  name: 'unmanaged VMs',
  up(db) {
    db.exec(`
      CREATE TABLE unmanaged_vms (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, host_id TEXT NOT NULL, datastore_id TEXT NOT NULL,
        former_pool_id TEXT, removed_at TEXT NOT NULL,
        vcpu INTEGER NOT NULL, ram_gb REAL NOT NULL, disk_gb REAL NOT NULL, used_gb REAL NOT NULL,
        ip TEXT NOT NULL, agent_version TEXT NOT NULL, image_version_id TEXT
      ) STRICT;
    `);
  },
};
