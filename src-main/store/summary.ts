import type { DashboardSummary, MachineState, PowerState } from '../contract/entities.ts';
import { PROBLEM_STATES } from '../contract/entities.ts';
import type { Db } from './db.ts';
import { listDatastores } from './inventory.ts';
import { simTime } from './meta.ts';
import { all, get } from './stmt.ts';

type N = { n: number };
const count = (db: Db, sql: string) => (get<N>(db, sql) as N).n;

const unreachable = (connection: string) => connection === 'notResponding' || connection === 'disconnected';

export function dashboardSummary(db: Db): DashboardSummary {
  const hostStates = all<{ connection_state: string; power_state: string; n: number }>(
    db,
    'SELECT connection_state, power_state, count(*) AS n FROM hosts GROUP BY connection_state, power_state',
  );
  const sumHosts = (pred: (r: { connection_state: string; power_state: string }) => boolean) => hostStates.filter(pred).reduce((a, r) => a + r.n, 0);

  const byState: Partial<Record<MachineState, number>> = {};
  for (const r of all<{ state: MachineState; n: number }>(db, 'SELECT state, count(*) AS n FROM desktops GROUP BY state')) byState[r.state] = r.n;
  const byPower: Partial<Record<PowerState, number>> = {};
  for (const r of all<{ p: PowerState; n: number }>(db, 'SELECT power_state AS p, count(*) AS n FROM desktops GROUP BY power_state')) byPower[r.p] = r.n;
  const total = Object.values(byState).reduce((a, n) => a + (n ?? 0), 0);
  const problems = PROBLEM_STATES.reduce((a, s) => a + (byState[s] ?? 0), 0);

  const sess = all<{ state: string; n: number }>(db, "SELECT state, count(*) AS n FROM sessions WHERE state <> 'logged-off' GROUP BY state");
  const s = (st: string) => sess.find((r) => r.state === st)?.n ?? 0;

  // Capacity as allocated: what powered-on VMs claim from hosts that can run them.
  const cap = get<{ cores: number; ram: number }>(
    db,
    "SELECT coalesce(sum(sockets * cores_per_socket), 0) AS cores, coalesce(sum(ram_gb), 0) AS ram FROM hosts WHERE power_state = 'poweredOn'",
  ) as { cores: number; ram: number };
  const alloc = get<{ vcpu: number; ram: number }>(
    db,
    "SELECT coalesce(sum(vcpu), 0) AS vcpu, coalesce(sum(ram_gb), 0) AS ram FROM desktops WHERE power_state = 'poweredOn'",
  ) as { vcpu: number; ram: number };
  const stores = listDatastores(db);

  const entitled = count(
    db,
    `SELECT count(DISTINCT u) AS n FROM (
       SELECT principal_id AS u FROM entitlements WHERE principal_type = 'user'
       UNION SELECT m.user_id FROM entitlements e JOIN group_members m ON e.principal_type = 'group' AND m.group_id = e.principal_id)`,
  );
  return {
    simTime: simTime(db),
    hosts: {
      total: sumHosts(() => true),
      // Each host in one line, so the four add up to the total (a host that lost power is not responding, not also powered
      // off; one powered off in maintenance mode is powered off): they counted a failed host twice (black-box round 6).
      connected: sumHosts((r) => r.connection_state === 'connected' && r.power_state === 'poweredOn'),
      maintenance: sumHosts((r) => r.connection_state === 'maintenance' && r.power_state === 'poweredOn'),
      notResponding: sumHosts((r) => unreachable(r.connection_state)),
      poweredOff: sumHosts((r) => r.power_state !== 'poweredOn' && !unreachable(r.connection_state)),
    },
    desktops: { total, byState, byPower, problems },
    sessions: { total: sess.reduce((a, r) => a + r.n, 0), active: s('active'), idle: s('idle'), disconnected: s('disconnected') },
    capacity: {
      cores: cap.cores,
      vcpuAllocated: alloc.vcpu,
      vcpuPerCore: cap.cores ? Math.round((alloc.vcpu / cap.cores) * 100) / 100 : 0,
      ramGb: cap.ram,
      ramAllocatedGb: Math.round(alloc.ram),
      storageCapacityGb: stores.reduce((a, d) => a + d.capacityGb, 0),
      storageUsedGb: stores.reduce((a, d) => a + d.usedGb, 0),
    },
    pools: { total: count(db, 'SELECT count(*) AS n FROM pools'), enabled: count(db, 'SELECT count(*) AS n FROM pools WHERE enabled = 1') },
    users: { total: count(db, 'SELECT count(*) AS n FROM users'), entitled },
    events: {
      unacknowledged: count(db, 'SELECT count(*) AS n FROM events WHERE acknowledged = 0'),
      warnings: count(db, "SELECT count(*) AS n FROM events WHERE acknowledged = 0 AND severity = 'warning'"),
      errors: count(db, "SELECT count(*) AS n FROM events WHERE acknowledged = 0 AND severity IN ('error', 'critical')"),
    },
  };
}
