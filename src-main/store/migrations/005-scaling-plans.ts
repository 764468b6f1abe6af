import type { Migration } from './types.ts';

// Autoscale: one scaling plan per multi-session pool (AVD scaling plan / Citrix autoscale).
export const migration005: Migration = {
  version: 5,
  name: 'scaling plans',
  up(db) {
    db.exec(`
      CREATE TABLE scaling_plans (
        pool_id TEXT PRIMARY KEY REFERENCES pools(id) ON DELETE CASCADE,
        plan TEXT NOT NULL
      ) STRICT;
    `);
  },
};
