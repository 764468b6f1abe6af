import type { MachineState, Pool } from '../../contract/entities.ts';
import type { SessionState } from '../../contract/session-entities.ts';
import type { Answer } from '../http/traffic.ts';
import { badRequest, notFound } from './errors.ts';
import { VCENTER_ID, dec, enc, moref, unmoref } from './ids.ts';
import type { Lab } from './lab.ts';
import { ok, type Route } from './route.ts';
import { userAssignment } from './enums.ts';

// Monitor: desktop-pool metrics, session metrics, machine and RDS server state counts, datastore
// usage, health and system metrics. Only components the lab simulates are reported (no connection
// servers, gateways, event database, …); counters of states the lab never produces are 0.

/**
 * Health of the simulated components. Horizon does not document its thresholds; these are ours:
 * | component   | healthy                  | warning                                  | error                               |
 * |-------------|--------------------------|------------------------------------------|-------------------------------------|
 * | ESX_HOST    | connected and powered on | maintenance                              | not responding, disconnected, off   |
 * | DATASTORE   | used < 80 %              | used ≥ 80 % or latency > 20 ms           | used ≥ 95 %                         |
 * | RDS_SERVER  | available, connected, …  | maintenance, provisioning, customizing, waiting for agent, deleting | problem states |
 * | FARM        | every RDS server healthy | some not healthy                         | none healthy                        |
 */
export const HEALTH_PARAMS = { datastoreWarnUsedShare: 0.8, datastoreErrorUsedShare: 0.95, datastoreWarnLatencyMs: 20 };

const PROBLEM: readonly MachineState[] = ['AGENT_UNREACHABLE', 'ERROR', 'ALREADY_USED', 'PROVISIONING_ERROR'];
const BUSY: readonly MachineState[] = ['MAINTENANCE', 'PROVISIONING', 'CUSTOMIZING', 'WAIT_FOR_AGENT', 'DELETING'];

/** `ids=a&ids=b` and `ids=a,b` both accepted. */
function idsParam(url: URL): string[] {
  return url.searchParams.getAll('ids').flatMap((v) =>
    v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );
}

type Counts = Partial<Record<MachineState, number>>;

function stateCounts(pools: Pool[]): Counts {
  const out: Counts = {};
  for (const p of pools) for (const [s, n] of Object.entries(p.stateCounts) as [MachineState, number][]) out[s] = (out[s] ?? 0) + n;
  return out;
}

function countMetrics(c: Counts) {
  const n = (s: MachineState) => c[s] ?? 0;
  return {
    prepared_count: { available: n('AVAILABLE'), connected: n('CONNECTED'), disconnected: n('DISCONNECTED'), provisioned: 0 },
    problem_count: {
      agent_disabled: 0,
      agent_unreachable: n('AGENT_UNREACHABLE'),
      already_used: n('ALREADY_USED'),
      blocked_agent_version: 0,
      config_error: 0,
      domain_failure: 0,
      error: n('ERROR'),
      invalid_ip: 0,
      need_reboot: 0,
      protocol_failure: 0,
      provisioning_error: n('PROVISIONING_ERROR'),
      unassigned_user_connected: 0,
      unassigned_user_disconnected: 0,
      unknown: 0,
    },
    under_construction_count: {
      customizing: n('CUSTOMIZING'),
      deleting: n('DELETING'),
      maintenance: n('MAINTENANCE'),
      provisioning: n('PROVISIONING'),
      start_up_progress: 0,
      validating: 0,
      wait_for_agent: n('WAIT_FOR_AGENT'),
      wait_for_hybrid_domain_join: 0,
    },
  };
}

const zeroCounts = () => countMetrics({});

function stateMetrics(c: Partial<Record<SessionState, number>>) {
  const n = (s: SessionState) => c[s] ?? 0;
  return {
    num_active_sessions: n('active'),
    num_idle_sessions: n('idle'),
    num_disconnected_sessions: n('disconnected'),
    num_pending_sessions: n('connecting') + n('reconnecting'),
  };
}

type Health = { component: string; healthy_count: number; warning_count: number; error_count: number; unknown_count: number; total_count: number };

function health(component: string, states: ('healthy' | 'warning' | 'error')[]): Health {
  const h = { component, healthy_count: 0, warning_count: 0, error_count: 0, unknown_count: 0, total_count: states.length };
  for (const s of states) h[`${s}_count`]++;
  return h;
}

async function healthMetrics(lab: Lab): Promise<Health[]> {
  const [hosts, datastores, metrics, rds] = await Promise.all([
    lab.get('host-list', {}),
    lab.get('datastore-list', {}),
    lab.get('metrics-current', {}),
    lab.get('desktop-detail-list', { sessionType: 'multi-session' }),
  ]);
  const latency = new Map(metrics.datastores.map((d) => [d.id, d.latencyMs]));
  const p = HEALTH_PARAMS;
  const rdsState = (s: MachineState) => (PROBLEM.includes(s) ? 'error' : BUSY.includes(s) ? 'warning' : 'healthy');
  const farms = new Map<string, ('healthy' | 'warning' | 'error')[]>();
  for (const r of rds.rows) farms.set(r.poolId, [...(farms.get(r.poolId) ?? []), rdsState(r.state)]);
  return [
    health(
      'ESX_HOST',
      hosts.map((h) =>
        h.connectionState === 'connected' && h.powerState === 'poweredOn' ? 'healthy' : h.connectionState === 'maintenance' ? 'warning' : 'error',
      ),
    ),
    health(
      'DATASTORE',
      datastores.map((d) => {
        const used = d.usedGb / d.capacityGb;
        return used >= p.datastoreErrorUsedShare
          ? 'error'
          : used >= p.datastoreWarnUsedShare || (latency.get(d.id) ?? 0) > p.datastoreWarnLatencyMs
            ? 'warning'
            : 'healthy';
      }),
    ),
    health(
      'RDS_SERVER',
      rds.rows.map((r) => rdsState(r.state)),
    ),
    health(
      'FARM',
      [...farms.values()].map((s) => (s.every((x) => x === 'healthy') ? 'healthy' : s.some((x) => x === 'healthy') ? 'warning' : 'error')),
    ),
  ];
}

async function systemMetrics(lab: Lab, v2: boolean): Promise<Answer> {
  const [dash, pools, comps] = await Promise.all([lab.get('dashboard-summary', {}), lab.get('pool-list', {}), healthMetrics(lab)]);
  const single = stateCounts(pools.filter((p) => p.sessionType === 'single-session'));
  const multi = stateCounts(pools.filter((p) => p.sessionType === 'multi-session'));
  const sum = (c: Counts, states: MachineState[]) => states.reduce((a, s) => a + (c[s] ?? 0), 0);
  const all = comps.reduce(
    (a, h) => ({
      ...a,
      healthy_count: a.healthy_count + h.healthy_count,
      warning_count: a.warning_count + h.warning_count,
      error_count: a.error_count + h.error_count,
      total_count: a.total_count + h.total_count,
    }),
    health('ALL', []),
  );
  return ok({
    sessions_count: dash.sessions.active + dash.sessions.idle,
    problem_vcenter_vms_count: sum(single, ['AGENT_UNREACHABLE', 'PROVISIONING_ERROR', 'ERROR']),
    problem_rds_hosts_count: sum(multi, ['AGENT_UNREACHABLE', 'ALREADY_USED', 'PROVISIONING_ERROR', 'ERROR']),
    ...(v2 ? { problem_capacity_provider_vms_count: 0 } : {}),
    event_error_count: dash.events.errors,
    event_warning_count: dash.events.warnings,
    health_metrics_info: all,
  });
}

async function poolMetrics(lab: Lab, url: URL, v3: boolean): Promise<Answer> {
  const wanted = idsParam(url);
  if (!v3 && wanted.length === 0) throw badRequest('rest.invalid.field', 'ids is required');
  const [pools, breakdown, assigned] = await Promise.all([lab.get('pool-list', {}), lab.get('session-breakdown', {}), lab.get('pool-assigned-counts', {})]);
  const assignedOf = new Map(assigned.map((a) => [a.poolId, a.assigned]));
  const only = wanted.length ? new Set(wanted.map((w) => dec('pool', w))) : null;
  return ok(
    pools
      .filter((p) => p.sessionType === 'single-session' && (!only || only.has(p.id)))
      .map((p) => {
        const s = breakdown.byPool[p.id] ?? {};
        const connected = (s.active ?? 0) + (s.idle ?? 0);
        const occupancy = p.assignment === 'dedicated' ? (assignedOf.get(p.id) ?? 0) : connected + (s.disconnected ?? 0);
        const base = { id: enc('pool', p.id), num_machines: p.machineCount, num_connected_sessions: connected, occupancy_count: occupancy };
        return v3 ? { ...base, num_disconnected_sessions: s.disconnected ?? 0, num_idle_sessions: s.idle ?? 0 } : base;
      }),
  );
}

async function sessionMetrics(lab: Lab): Promise<Answer> {
  const b = await lab.get('session-breakdown', {});
  const c = b.byClientDevice;
  return ok({
    num_sessions: b.total,
    num_users: b.users,
    desktop_session_metrics: stateMetrics(b.bySessionType['single-session']),
    rds_session_metrics: stateMetrics(b.bySessionType['multi-session']),
    // The lab has no published applications.
    application_session_metrics: stateMetrics({}),
    client_metrics: {
      num_windows_clients: c.windows ?? 0,
      num_mac_clients: c.macos ?? 0,
      num_linux_clients: c['thin-client'] ?? 0,
      num_browser_clients: c.html5 ?? 0,
      num_ios_clients: 0,
      num_android_clients: 0,
      num_other_clients: (c['zero-client'] ?? 0) + (c.mobile ?? 0),
    },
    protocol_metrics: {
      num_blast_sessions: b.byProtocol.blast ?? 0,
      num_pcoip_sessions: b.byProtocol.pcoip ?? 0,
      num_rdp_sessions: b.byProtocol.rdp ?? 0,
      num_other_protocols: b.byProtocol.hdx ?? 0,
    },
  });
}

async function datastoreUsage(lab: Lab, url: URL): Promise<Answer> {
  const q = url.searchParams;
  const dsText = q.get('datastore_id');
  if (!dsText) throw badRequest('rest.invalid.field', 'datastore_id is required');
  const vc = q.get('vcenter_id');
  if (vc !== null && vc !== VCENTER_ID) throw notFound('virtual.center', vc);
  const dsId = unmoref('ds', dsText);
  const datastores = await lab.get('datastore-list', {});
  const ds = datastores.find((d) => d.id === dsId);
  if (!ds) throw notFound('datastore', dsText);
  const where = q.get('host_or_cluster_id');
  if (where !== null && unmoref('cl', where) !== ds.clusterId) {
    const host = unmoref('h', where);
    const hosts = host ? await lab.get('host-list', { clusterId: ds.clusterId }) : [];
    if (!hosts.some((h) => h.id === host)) throw notFound('host.or.cluster', where);
  }
  const [usage, pools] = await Promise.all([lab.get('datastore-usage', { datastoreId: ds.id }), lab.get('pool-list', {})]);
  const byId = new Map(pools.map((p) => [p.id, p]));
  const names = new Map(datastores.map((d) => [d.id, d.name]));
  return ok(
    usage.flatMap((u) => {
      const p = byId.get(u.poolId);
      if (!p) return [];
      const multi = p.sessionType === 'multi-session';
      const source = p.kind === 'instant-clone' ? 'INSTANT_CLONE' : p.kind === 'full-clone' ? 'FULL_CLONE' : undefined;
      return [
        {
          ...(multi ? { farm_id: enc('farm', p.id) } : { desktop_pool_id: enc('pool', p.id) }),
          name: p.name,
          ...(source ? { source } : {}),
          ...(multi ? {} : { user_assignment: userAssignment(p) }),
          used_space_in_gb: Math.round(u.usedGb),
          other_datastore_names: p.datastoreIds.filter((d) => d !== ds.id).map((d) => names.get(d) ?? moref(d)),
        },
      ];
    }),
  );
}

export const monitorRoutes: Route[] = [
  { method: 'GET', path: '/monitor/v1/desktop-pools/metrics', operationId: 'listDesktopPoolMetrics', handle: (c) => poolMetrics(c.lab, c.url, false) },
  { method: 'GET', path: '/monitor/v3/desktop-pools/metrics', operationId: 'listDesktopPoolMetricsV3', handle: (c) => poolMetrics(c.lab, c.url, true) },
  { method: 'GET', path: '/monitor/v1/sessions/metrics', operationId: 'getSessionMetrics', handle: (c) => sessionMetrics(c.lab) },
  {
    method: 'GET',
    path: '/monitor/v1/machines/count-metrics',
    operationId: 'getMachineStateCountMetrics',
    handle: async (c) => {
      const pools = (await c.lab.get('pool-list', {})).filter((p) => p.sessionType === 'single-session');
      return ok({ virtual_center_vm_counts: countMetrics(stateCounts(pools)), un_managed_machine_counts: zeroCounts() });
    },
  },
  {
    method: 'GET',
    path: '/monitor/v2/machines/count-metrics',
    operationId: 'getMachineStateCountMetricsV2',
    handle: async (c) => {
      const wanted = idsParam(c.url);
      const only = wanted.length ? new Set(wanted.map((w) => dec('pool', w))) : null;
      const pools = (await c.lab.get('pool-list', {})).filter((p) => p.sessionType === 'single-session' && (!only || only.has(p.id)));
      return ok({
        virtual_center_vm_counts: countMetrics(stateCounts(pools)),
        un_managed_machine_counts: zeroCounts(),
        capacity_provider_vm_counts: zeroCounts(),
      });
    },
  },
  {
    method: 'GET',
    path: '/monitor/v1/rds-servers/count-metrics',
    operationId: 'getRDSServerStateCountMetrics',
    handle: async (c) => ok(countMetrics(stateCounts((await c.lab.get('pool-list', {})).filter((p) => p.sessionType === 'multi-session')))),
  },
  {
    method: 'GET',
    path: '/monitor/v1/datastores/usage-metrics',
    operationId: 'listDesktopPoolOrFarmDatastoreUsageInfo',
    handle: (c) => datastoreUsage(c.lab, c.url),
  },
  { method: 'GET', path: '/monitor/v1/health-metrics', operationId: 'listHealthMetricsInfo', handle: async (c) => ok(await healthMetrics(c.lab)) },
  { method: 'GET', path: '/monitor/v1/system-metrics', operationId: 'getSystemMetricsInfo', handle: (c) => systemMetrics(c.lab, false) },
  { method: 'GET', path: '/monitor/v2/system-metrics', operationId: 'getSystemMetricsInfoV2', handle: (c) => systemMetrics(c.lab, true) },
];
