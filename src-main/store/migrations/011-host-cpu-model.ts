import type { Migration } from './types.ts';

// Issue 13: a host names its CPU model (shared/capacity/cpu-catalogue.ts), so what its cores are worth
// comes from SPECrate2017 per core, not its clock. NULL: a host written before this (the clock
// stands for a Skylake / Cascade Lake core, the legacy mapping).
export const migration011: Migration = {
  version: 11,
  name: 'host CPU model',
  up(db) {
    db.exec('ALTER TABLE hosts ADD COLUMN cpu_model TEXT');
  },
};
