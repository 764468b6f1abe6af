import type { Migration } from './types.ts';

// Issue 19 (vGPU density): a host may carry physical GPUs of one model from the vGPU catalogue
// (shared/hypervisors/catalogue.ts VGPU_GPUS: A16, A40, L4) and a count of physical GPUs (an A16
// board is 4 GPUs). No row: the host has no GPU. WITHOUT ROWID: one small page in a lab without GPUs.
export const migration020: Migration = {
  version: 20,
  name: 'host GPUs',
  up(db) {
    db.exec(`
      CREATE TABLE host_gpus (
        host_id TEXT PRIMARY KEY REFERENCES hosts(id) ON DELETE CASCADE,
        model TEXT NOT NULL CHECK (model IN ('A16','A40','L4')),
        gpus INTEGER NOT NULL CHECK (gpus BETWEEN 1 AND 16)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
