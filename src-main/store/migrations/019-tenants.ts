import type { Migration } from './types.ts';

// Issue 19 (tenants and isolation): a tenant owns desktop pools, networks (VLANs / port groups) and
// datastores, has a CPU share and optional CPU (GHz) and memory (GB) limits. An object has at most
// one owner (the ownership tables are keyed by the object); an object without a row is shared
// infrastructure. A port group may exist on some hosts only (a standard vSwitch configured on those
// hosts, not a distributed switch): `network_hosts` lists them; no row = every host of its cluster.
// An admin account may be scoped to one tenant (admin_accounts.tenant_id). No REFERENCES there: the
// accounts table survives a lab reset, restore and import (KEPT_TABLES) while tenants do not, and an
// account whose tenant is gone is refused everything (host/dispatcher.ts), never widened to the estate.
// WITHOUT ROWID: one small page each in a lab without tenants.
export const migration019: Migration = {
  version: 19,
  name: 'tenants and isolation',
  up(db) {
    db.exec(`
      CREATE TABLE tenants (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 64),
        description TEXT NOT NULL DEFAULT '',
        cpu_shares INTEGER NOT NULL CHECK (cpu_shares BETWEEN 1 AND 1000000),
        cpu_limit_ghz REAL CHECK (cpu_limit_ghz IS NULL OR cpu_limit_ghz > 0),
        mem_limit_gb REAL CHECK (mem_limit_gb IS NULL OR mem_limit_gb > 0),
        created_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE tenant_pools (
        pool_id TEXT PRIMARY KEY REFERENCES pools(id) ON DELETE CASCADE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE tenant_networks (
        network_id TEXT PRIMARY KEY REFERENCES networks(id) ON DELETE CASCADE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE tenant_datastores (
        datastore_id TEXT PRIMARY KEY REFERENCES datastores(id) ON DELETE CASCADE,
        tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE network_hosts (
        network_id TEXT NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        host_id TEXT NOT NULL REFERENCES hosts(id) ON DELETE CASCADE,
        PRIMARY KEY (network_id, host_id)
      ) STRICT, WITHOUT ROWID;
      ALTER TABLE admin_accounts ADD COLUMN tenant_id TEXT;
    `);
  },
};
