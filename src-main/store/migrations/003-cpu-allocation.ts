import type { Migration } from './types.ts';

// CPU resource settings per pool (applied to each of its machines): shares, reservation, limit.
export const migration003: Migration = {
  version: 3,
  name: 'pool CPU allocation',
  up(db) {
    db.exec(`
      ALTER TABLE pools ADD COLUMN cpu_shares TEXT NOT NULL DEFAULT 'normal' CHECK (cpu_shares IN ('low','normal','high'));
      ALTER TABLE pools ADD COLUMN cpu_reservation_mhz INTEGER NOT NULL DEFAULT 0 CHECK (cpu_reservation_mhz >= 0);
      ALTER TABLE pools ADD COLUMN cpu_limit_mhz INTEGER CHECK (cpu_limit_mhz IS NULL OR cpu_limit_mhz > 0);
    `);
  },
};
