import type { Migration } from './types.ts';

// Issue 19 (sites and disaster recovery): the inter-site links, which sites are lost (a training
// fault), protection groups (replicated pools) with their replication backlog, recovery plans with
// priority groups, Cloud Pod Architecture global entitlements with the re-routes a site loss made,
// and the record of every recovery run (timeline, achieved RPO and RTO). Pool references cascade:
// a deleted pool leaves its protection group and global entitlement, never a dangling row.
export const migration018: Migration = {
  version: 18,
  name: 'sites and disaster recovery',
  up(db) {
    db.exec(`
      CREATE TABLE site_links (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,
        site_a TEXT NOT NULL REFERENCES sites(id), site_b TEXT NOT NULL REFERENCES sites(id),
        bandwidth_mbps REAL NOT NULL CHECK (bandwidth_mbps > 0), latency_ms REAL NOT NULL CHECK (latency_ms >= 0),
        CHECK (site_a <> site_b)
      ) STRICT;
      CREATE TABLE site_status (
        site_id TEXT PRIMARY KEY REFERENCES sites(id), lost_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE protection_groups (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,
        replication TEXT NOT NULL CHECK (replication IN ('array','hypervisor')),
        rpo_minutes INTEGER NOT NULL CHECK (rpo_minutes BETWEEN 5 AND 1440),
        protected_site_id TEXT NOT NULL REFERENCES sites(id), recovery_site_id TEXT NOT NULL REFERENCES sites(id),
        created_at TEXT NOT NULL, backlog_mb REAL NOT NULL CHECK (backlog_mb >= 0), rpo_sec REAL NOT NULL CHECK (rpo_sec >= 0), as_of TEXT NOT NULL,
        CHECK (protected_site_id <> recovery_site_id)
      ) STRICT;
      CREATE TABLE protection_group_pools (
        group_id TEXT NOT NULL REFERENCES protection_groups(id) ON DELETE CASCADE,
        pool_id TEXT NOT NULL PRIMARY KEY REFERENCES pools(id) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX protection_group_pools_group ON protection_group_pools(group_id);
      CREATE TABLE recovery_plans (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL CHECK (state IN ('ready','test','failed-over')), created_at TEXT NOT NULL,
        failed_over_at TEXT
      ) STRICT;
      CREATE TABLE recovery_plan_groups (
        plan_id TEXT NOT NULL REFERENCES recovery_plans(id) ON DELETE CASCADE,
        group_id TEXT NOT NULL REFERENCES protection_groups(id) ON DELETE CASCADE,
        priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
        PRIMARY KEY (plan_id, group_id)
      ) STRICT;
      CREATE TABLE global_entitlements (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,
        scope TEXT NOT NULL CHECK (scope IN ('any','site'))
      ) STRICT;
      CREATE TABLE global_entitlement_pools (
        ge_id TEXT NOT NULL REFERENCES global_entitlements(id) ON DELETE CASCADE,
        pool_id TEXT NOT NULL PRIMARY KEY REFERENCES pools(id) ON DELETE CASCADE
      ) STRICT;
      CREATE TABLE global_entitlement_routes (
        ge_id TEXT NOT NULL REFERENCES global_entitlements(id) ON DELETE CASCADE,
        from_pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        to_pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        principal_type TEXT NOT NULL CHECK (principal_type IN ('user','group')), principal_id TEXT NOT NULL,
        plan_id TEXT REFERENCES recovery_plans(id) ON DELETE SET NULL,
        PRIMARY KEY (to_pool_id, principal_type, principal_id)
      ) STRICT;
      CREATE TABLE dr_runs (
        id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, plan_name TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('test','test-cleanup','planned','disaster','failback')),
        started_at TEXT NOT NULL, finished_at TEXT NOT NULL,
        achieved_rpo_sec REAL CHECK (achieved_rpo_sec IS NULL OR achieved_rpo_sec >= 0), rto_sec REAL NOT NULL CHECK (rto_sec >= 0),
        timeline TEXT NOT NULL
      ) STRICT;
    `);
  },
};
