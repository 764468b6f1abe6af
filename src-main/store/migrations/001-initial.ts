import type { Migration } from './types.ts';

// The lab schema: inventory, pools, desktops, directory, sessions, events.
// Enumerations are CHECKed so a bug cannot write a state the console cannot show.
export const migration001: Migration = {
  version: 1,
  name: 'initial lab schema',
  up(db) {
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

      CREATE TABLE sites (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, location TEXT NOT NULL) STRICT;
      CREATE TABLE clusters (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, site_id TEXT NOT NULL REFERENCES sites(id),
        drs_automation TEXT NOT NULL CHECK (drs_automation IN ('manual','partially-automated','fully-automated')),
        drs_threshold INTEGER NOT NULL CHECK (drs_threshold BETWEEN 1 AND 5),
        ha_enabled INTEGER NOT NULL, ac_policy TEXT NOT NULL CHECK (ac_policy IN ('percentage','host-failures')),
        ac_cpu_pct INTEGER NOT NULL, ac_mem_pct INTEGER NOT NULL, ac_host_failures INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE hosts (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, cluster_id TEXT NOT NULL REFERENCES clusters(id),
        vendor TEXT NOT NULL, model TEXT NOT NULL, sockets INTEGER NOT NULL CHECK (sockets > 0),
        cores_per_socket INTEGER NOT NULL CHECK (cores_per_socket > 0), ghz REAL NOT NULL CHECK (ghz > 0),
        hyperthreading INTEGER NOT NULL, ram_gb INTEGER NOT NULL CHECK (ram_gb > 0), nics INTEGER NOT NULL, nic_gbps REAL NOT NULL,
        power_state TEXT NOT NULL CHECK (power_state IN ('poweredOn','poweredOff','suspended')),
        connection_state TEXT NOT NULL CHECK (connection_state IN ('connected','maintenance','notResponding','disconnected')),
        power_idle_w REAL NOT NULL, power_peak_w REAL NOT NULL, rack_units INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX hosts_cluster ON hosts(cluster_id);
      CREATE TABLE datastores (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, cluster_id TEXT NOT NULL REFERENCES clusters(id),
        type TEXT NOT NULL CHECK (type IN ('vsan','vmfs','nfs')), media TEXT NOT NULL CHECK (media IN ('all-flash','nvme','hybrid')),
        capacity_gb REAL NOT NULL CHECK (capacity_gb > 0), iops_capacity INTEGER NOT NULL, service_time_ms REAL NOT NULL
      ) STRICT;
      CREATE TABLE networks (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, cluster_id TEXT NOT NULL REFERENCES clusters(id),
        vlan INTEGER NOT NULL CHECK (vlan BETWEEN 1 AND 4094), subnet TEXT NOT NULL, port_group TEXT NOT NULL
      ) STRICT;
      CREATE TABLE images (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, os TEXT NOT NULL, workload TEXT NOT NULL,
        vcpu INTEGER NOT NULL, ram_gb REAL NOT NULL, disk_gb REAL NOT NULL
      ) STRICT;
      CREATE TABLE image_versions (
        id TEXT PRIMARY KEY, image_id TEXT NOT NULL REFERENCES images(id), version INTEGER NOT NULL,
        snapshot TEXT NOT NULL, created_at TEXT NOT NULL, notes TEXT NOT NULL, UNIQUE (image_id, version)
      ) STRICT;
      CREATE TABLE pools (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('instant-clone','linked-clone','full-clone','manual')),
        assignment TEXT NOT NULL CHECK (assignment IN ('floating','dedicated')), automatic_assignment INTEGER NOT NULL,
        session_type TEXT NOT NULL CHECK (session_type IN ('single-session','multi-session')),
        max_sessions_per_host INTEGER NOT NULL CHECK (max_sessions_per_host >= 1),
        load_balancing TEXT NOT NULL CHECK (load_balancing IN ('breadth-first','depth-first')),
        image_id TEXT REFERENCES images(id), image_version_id TEXT REFERENCES image_versions(id),
        vcpu INTEGER NOT NULL CHECK (vcpu > 0), ram_gb REAL NOT NULL CHECK (ram_gb > 0), disk_gb REAL NOT NULL CHECK (disk_gb > 0),
        naming_pattern TEXT NOT NULL,
        min_machines INTEGER NOT NULL CHECK (min_machines >= 0), max_machines INTEGER NOT NULL,
        spare_machines INTEGER NOT NULL CHECK (spare_machines >= 0),
        provisioning TEXT NOT NULL CHECK (provisioning IN ('up-front','on-demand')),
        power_policy TEXT NOT NULL CHECK (power_policy IN ('take-no-action','always-on','suspend','power-off')),
        logoff_after_disconnect TEXT NOT NULL CHECK (logoff_after_disconnect IN ('immediately','never','after')),
        logoff_after_minutes INTEGER NOT NULL, on_logoff TEXT NOT NULL CHECK (on_logoff IN ('never','refresh','delete')),
        allow_user_reset INTEGER NOT NULL, enabled INTEGER NOT NULL, provisioning_enabled INTEGER NOT NULL,
        drain_mode INTEGER NOT NULL, default_protocol TEXT NOT NULL CHECK (default_protocol IN ('blast','pcoip','hdx','rdp')),
        workload TEXT NOT NULL CHECK (workload IN ('task','knowledge','power')),
        cluster_id TEXT NOT NULL REFERENCES clusters(id), network_id TEXT NOT NULL REFERENCES networks(id),
        CHECK (max_machines >= min_machines), CHECK (spare_machines <= max_machines)
      ) STRICT;
      CREATE TABLE pool_datastores (
        pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE, datastore_id TEXT NOT NULL REFERENCES datastores(id),
        PRIMARY KEY (pool_id, datastore_id)
      ) STRICT;
      CREATE TABLE users (
        id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, department TEXT NOT NULL,
        email TEXT NOT NULL, workload TEXT NOT NULL CHECK (workload IN ('task','knowledge','power'))
      ) STRICT;
      CREATE TABLE groups (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL) STRICT;
      CREATE TABLE group_members (
        group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (group_id, user_id)
      ) STRICT;
      CREATE INDEX group_members_user ON group_members(user_id);
      CREATE TABLE entitlements (
        pool_id TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
        principal_type TEXT NOT NULL CHECK (principal_type IN ('user','group')), principal_id TEXT NOT NULL,
        PRIMARY KEY (pool_id, principal_type, principal_id)
      ) STRICT;
      CREATE TABLE desktops (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, pool_id TEXT NOT NULL REFERENCES pools(id),
        host_id TEXT NOT NULL REFERENCES hosts(id), datastore_id TEXT NOT NULL REFERENCES datastores(id),
        state TEXT NOT NULL CHECK (state IN ('PROVISIONING','PROVISIONING_ERROR','WAIT_FOR_AGENT','CUSTOMIZING','AVAILABLE',
          'CONNECTED','DISCONNECTED','MAINTENANCE','AGENT_UNREACHABLE','ERROR','DELETING','ALREADY_USED')),
        power_state TEXT NOT NULL CHECK (power_state IN ('poweredOn','poweredOff','suspended')),
        assigned_user_id TEXT REFERENCES users(id), image_version_id TEXT REFERENCES image_versions(id),
        vcpu INTEGER NOT NULL, ram_gb REAL NOT NULL, disk_gb REAL NOT NULL, used_gb REAL NOT NULL,
        ip TEXT NOT NULL, agent_version TEXT NOT NULL, problem TEXT, state_since TEXT NOT NULL
      ) STRICT;
      CREATE INDEX desktops_pool ON desktops(pool_id);
      CREATE INDEX desktops_host ON desktops(host_id);
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), desktop_id TEXT NOT NULL REFERENCES desktops(id),
        pool_id TEXT NOT NULL REFERENCES pools(id),
        state TEXT NOT NULL CHECK (state IN ('connecting','active','idle','disconnected','reconnecting','logged-off')),
        protocol TEXT NOT NULL, client_device TEXT NOT NULL, started_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sessions_desktop ON sessions(desktop_id);
      CREATE INDEX sessions_pool ON sessions(pool_id);
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT, sim_time TEXT NOT NULL, wall_time TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('audit-success','audit-failure','error','warning','info')),
        severity TEXT NOT NULL CHECK (severity IN ('info','warning','error','critical')),
        object_kind TEXT NOT NULL, object_id TEXT, object_name TEXT, user TEXT NOT NULL, message TEXT NOT NULL,
        acknowledged INTEGER NOT NULL DEFAULT 0, acknowledged_by TEXT, acknowledged_at TEXT
      ) STRICT;
      CREATE INDEX events_object ON events(object_kind, object_id);
      CREATE INDEX events_unack ON events(acknowledged) WHERE acknowledged = 0;
    `);
  },
};
