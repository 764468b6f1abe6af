import type { Migration } from './types.ts';

// Issue 19: a cluster runs one hypervisor type (ESXi before this), a pool has template virtual
// hardware and a VM its own once an admin edits it (absent: the pool's template, or the default the
// pool's sizes give); a change a running VM cannot take waits in `pending` for its next power cycle.
// WITHOUT ROWID and no extra index: one page each in an empty lab (a small lab's checkpoint must stay within one 512 KiB export chunk);
// only VMs an admin edited have a row, so the flush's look for pending changes reads a small table.
export const migration017: Migration = {
  version: 17,
  name: 'hypervisor types and virtual hardware',
  up(db) {
    db.exec(`
      ALTER TABLE clusters ADD COLUMN hypervisor TEXT NOT NULL DEFAULT 'esxi' CHECK (hypervisor IN ('esxi','hyper-v','kvm','ahv'));
      CREATE TABLE pool_hardware (
        pool_id TEXT PRIMARY KEY REFERENCES pools(id) ON DELETE CASCADE,
        hardware TEXT NOT NULL CHECK (json_valid(hardware))
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE desktop_hardware (
        desktop_id TEXT PRIMARY KEY REFERENCES desktops(id) ON DELETE CASCADE,
        hardware TEXT NOT NULL CHECK (json_valid(hardware)),
        pending TEXT CHECK (pending IS NULL OR json_valid(pending)),
        pending_reasons TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(pending_reasons))
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
