import type { Pool } from '../../contract/entities.ts';
import type { DesktopDetailRow } from '../../contract/rest-entities.ts';
import type { Answer } from '../http/traffic.ts';
import { notFound } from './errors.ts';
import { agentVersion, farmTypeSource, operatingSystem, rdsServerState } from './enums.ts';
import { dec, enc, encSnapshot } from './ids.ts';
import type { Lab } from './lab.ts';
import { machineAction, pushdown } from './machines.ts';
import { farmV1, farmV9 } from './pool-objects.ts';
import { poolView } from './pools.ts';
import { listAnswer, type ListQuery } from './query.ts';
import { bulkRetry, idList, ok, unsupported, type Route } from './route.ts';
import { compact, dnsName, pushOperation, viewCtx, type ViewCtx } from './view.ts';
import { between, projector } from './versions.ts';

// Farms (one per multi-session pool) and RDS servers (the desktops of those pools): v1 and the
// current v9 / v6. Read only: farm and RDS server administration is not simulated.

function rdsObject(r: DesktopDetailRow, pool: Pool | undefined, v: ViewCtx, version: 'v1' | 'v6'): Record<string, unknown> {
  const image = r.imageVersionId ? v.imageOfVersion.get(r.imageVersionId) : undefined;
  const clone = r.poolKind === 'instant-clone' || r.poolKind === 'linked-clone';
  const max = pool?.maxSessionsPerHost;
  const base = compact({
    id: enc('rds', r.id),
    name: r.name,
    dns_name: dnsName(r.name),
    farm_id: enc('farm', r.poolId),
    state: rdsServerState(r.state, pool?.drainMode ?? false),
    // The lab has no per-host disable; maintenance shows in the state.
    enabled: true,
    session_count: r.sessionCount,
    max_sessions_count: max,
    max_sessions_count_configured: max,
    max_sessions_type: 'LIMITED',
    max_sessions_type_configured: 'LIMITED',
    agent_version: agentVersion(r.agentVersion),
    operating_system: operatingSystem(image?.os).operating_system,
    base_vm_id: clone && image ? enc('baseVm', image.id) : undefined,
    base_vm_snapshot_id: clone && r.imageVersionId ? encSnapshot(r.imageVersionId) : undefined,
    ...pushOperation(v.pushes.get(r.poolId), r),
  });
  if (version === 'v1') return base;
  const ts = pool ? farmTypeSource(pool) : undefined;
  return compact({ ...base, farm_name: r.poolName, farm_type: ts?.type, farm_source: ts?.source, desktop_pool_name: r.poolName });
}

async function listRds(lab: Lab, q: ListQuery, version: 'v1' | 'v6', project?: (o: unknown) => unknown): Promise<Answer> {
  const v = await viewCtx(lab, { pushes: true });
  const [rows, pools] = await Promise.all([
    lab.get('desktop-detail-list', { sessionType: 'multi-session', ...pushdown(q.filter, v.sids, 'rds') }),
    lab.get('pool-list', {}),
  ]);
  const byId = new Map(pools.map((p) => [p.id, p]));
  return listAnswer(
    rows.rows.map((r) => rdsObject(r, byId.get(r.poolId), v, version)),
    q,
    project,
  );
}

async function getRds(lab: Lab, restId: string, version: 'v1' | 'v6', project?: (o: unknown) => unknown): Promise<Answer> {
  const id = dec('rds', restId);
  const row = id ? (await lab.get('desktop-detail-list', { ids: [id], sessionType: 'multi-session' })).rows[0] : undefined;
  if (!row) throw notFound('rds.server', restId);
  const pool = await lab.get('pool-get', { id: row.poolId });
  const o = rdsObject(row, pool, await viewCtx(lab, { pushes: true }), version);
  return ok(project ? project(o) : o);
}

async function farms(lab: Lab): Promise<Pool[]> {
  return (await lab.get('pool-list', {})).filter((p) => p.sessionType === 'multi-session');
}

async function farmOr404(lab: Lab, restId: string): Promise<Pool> {
  const id = dec('farm', restId);
  const r = id ? await lab.reply('pool-get', { id }) : null;
  if (!r?.ok || r.result.sessionType !== 'multi-session') throw notFound('farm', restId);
  return r.result;
}

export const rdsRoutes: Route[] = [
  { method: 'GET', path: '/inventory/v1/farms', operationId: 'listFarms', handle: async (c) => ok((await farms(c.lab)).map(farmV1)) },
  {
    method: 'GET',
    path: '/inventory/v9/farms',
    operationId: 'listFarmsV9',
    list: { type: 'FarmInfoV9', paged: true, filtered: true, sorted: true },
    handle: async (c) => {
      const [list, v] = await Promise.all([farms(c.lab), poolView(c.lab)]);
      return listAnswer(
        list.map((p) => farmV9(p, v)),
        c.list(),
      );
    },
  },
  { method: 'GET', path: '/inventory/v1/farms/{id}', operationId: 'getFarm', handle: async (c) => ok(farmV1(await farmOr404(c.lab, c.params.id as string))) },
  {
    method: 'GET',
    path: '/inventory/v9/farms/{id}',
    operationId: 'getFarmV9',
    handle: async (c) => ok(farmV9(await farmOr404(c.lab, c.params.id as string), await poolView(c.lab))),
  },
  {
    method: 'GET',
    path: '/inventory/v1/rds-servers',
    operationId: 'listRDSServers',
    list: { type: 'RDSServerInfo', paged: true, filtered: true, sorted: true },
    handle: (c) => listRds(c.lab, c.list(), 'v1'),
  },
  {
    method: 'GET',
    path: '/inventory/v6/rds-servers',
    operationId: 'listRDSServersV6',
    list: { type: 'RDSServerInfoV6', paged: true, filtered: true, sorted: true },
    handle: (c) => listRds(c.lab, c.list(), 'v6'),
  },
  { method: 'GET', path: '/inventory/v1/rds-servers/{id}', operationId: 'getRDSServer', handle: (c) => getRds(c.lab, c.params.id as string, 'v1') },
  { method: 'GET', path: '/inventory/v6/rds-servers/{id}', operationId: 'getRDSServerV6', handle: (c) => getRds(c.lab, c.params.id as string, 'v6') },
  // Farms v2–v8 and RDS servers v2–v5: the current objects narrowed to that version's fields.
  ...between('FarmInfo', 2, 8).flatMap(([n, schema]): Route[] => {
    const project = projector(schema);
    return [
      {
        method: 'GET',
        path: `/inventory/v${n}/farms`,
        operationId: `listFarmsV${n}`,
        list: { type: 'FarmInfoV9', paged: true, filtered: true, sorted: true },
        handle: async (c) => {
          const [list, v] = await Promise.all([farms(c.lab), poolView(c.lab)]);
          return listAnswer(
            list.map((p) => farmV9(p, v)),
            c.list(),
            project,
          );
        },
      },
      {
        method: 'GET',
        path: `/inventory/v${n}/farms/{id}`,
        operationId: `getFarmV${n}`,
        handle: async (c) => ok(project(farmV9(await farmOr404(c.lab, c.params.id as string), await poolView(c.lab)))),
      },
    ];
  }),
  ...between('RDSServerInfo', 2, 5).flatMap(([n, schema]): Route[] => {
    const project = projector(schema);
    return [
      {
        method: 'GET',
        path: `/inventory/v${n}/rds-servers`,
        operationId: `listRDSServersV${n}`,
        list: { type: 'RDSServerInfoV6', paged: true, filtered: true, sorted: true },
        handle: (c) => listRds(c.lab, c.list(), 'v6', project),
      },
      {
        method: 'GET',
        path: `/inventory/v${n}/rds-servers/{id}`,
        operationId: `getRDSServerV${n}`,
        handle: (c) => getRds(c.lab, c.params.id as string, 'v6', project),
      },
    ];
  }),
  unsupported('POST', '/inventory/v9/farms', 'createFarmV9'),
  unsupported('PUT', '/inventory/v9/farms/{id}', 'updateFarmV9'),
  unsupported('DELETE', '/inventory/v9/farms/{id}', 'deleteFarmV9'),
  unsupported('POST', '/inventory/v1/farms/{id}/action/schedule-maintenance', 'scheduleMaintenance'),
  unsupported('DELETE', '/inventory/v6/rds-servers/{id}', 'deleteRDSServerV6'),
  {
    method: 'POST',
    path: '/inventory/v1/rds-servers/action/recover',
    operationId: 'recoverRDSServers',
    handle: async (c) =>
      machineAction(c.lab, idList(await c.body(), 'RDS server ids'), (ids) => bulkRetry(ids, (rest) => c.lab.reply('desktop-recover', { ids: rest })), 'rds'),
  },
];
