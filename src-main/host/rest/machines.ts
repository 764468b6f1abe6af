import type { DesktopDetailRow } from '../../contract/rest-entities.ts';
import type { Input } from '../../contract/methods.ts';
import type { Answer } from '../http/traffic.ts';
import { badRequest, notFound } from './errors.ts';
import { agentVersion, machineState, machineStateBack, operatingSystem, poolTypeSource, powerState, sessionProtocol, userAssignment } from './enums.ts';
import { VCENTER_ID, dec, enc, encSnapshot, moref } from './ids.ts';
import type { Lab } from './lab.ts';
import { listAnswer, pageOf, type Filter, type ListQuery } from './query.ts';
import { bulkItem, bulkRetry, idList, itemError, ok, queryBool, requireObject, unsupported, type ItemError, type Route, type RouteCtx } from './route.ts';
import { between, projector } from './versions.ts';
import { dnsName, loginName, pushOperation, viewCtx, type ViewCtx } from './view.ts';

// Machines: the single-session desktops (session hosts are RDS servers, rds.ts). v1 and the
// current v10; list, get, maintenance, reset / restart / rebuild / recover, assign / unassign users.

type Version = 'v1' | 'v10';

/** Assigns only defined values: objects keep one shape (no deletes), which keeps building and serialising 1,000 of them cheap. */
function put(o: Record<string, unknown>, k: string, v: unknown): void {
  if (v !== undefined) o[k] = v;
}

export function machineObject(r: DesktopDetailRow, v: ViewCtx, version: Version): Record<string, unknown> {
  const image = r.imageVersionId ? v.imageOfVersion.get(r.imageVersionId) : undefined;
  const os = operatingSystem(image?.os);
  const o: Record<string, unknown> = {
    id: enc('machine', r.id),
    name: r.name,
    dns_name: dnsName(r.name),
    desktop_pool_id: enc('pool', r.poolId),
    state: machineState(r.state),
    type: 'MANAGED_MACHINE',
    operating_system: os.operating_system,
  };
  put(o, 'operating_system_architecture', os.operating_system_architecture);
  o.agent_version = agentVersion(r.agentVersion);
  o.user_ids = r.assignedUserId ? [v.sids.user(r.assignedUserId)] : [];
  const mmd: Record<string, unknown> = {
    host_name: r.hostName,
    virtual_machine_power_state: powerState(r.powerState),
    in_maintenance_mode: r.state === 'MAINTENANCE',
    memory_mb: Math.round(r.ramGb * 1024),
    virtual_center_id: VCENTER_ID,
    missing_in_vcenter: false,
    virtual_disks: [{ capacity_mb: Math.round(r.diskGb * 1024) }],
  };
  if ((r.state === 'ERROR' || r.state === 'PROVISIONING_ERROR') && r.problem) mmd.clone_error_message = r.problem;
  if (version === 'v1') {
    o.managed_machine_data = mmd;
    return o;
  }
  const ts = poolTypeSource({ kind: r.poolKind, sessionType: r.sessionType });
  o.desktop_pool_name = r.poolName;
  o.desktop_pool_type = ts.type;
  o.desktop_pool_source = ts.source;
  o.desktop_pool_user_assignment = userAssignment({ assignment: r.poolAssignment });
  o.agent_ipv4_address = r.ip;
  o.user_names = r.assignedUserLogin ? [loginName(r.assignedUserLogin)] : [];
  if (r.sessionId) o.session_id = enc('session', r.sessionId);
  if (r.sessionUserId) o.session_user_id = v.sids.user(r.sessionUserId);
  if (r.sessionUserLogin) o.session_user_name = loginName(r.sessionUserLogin);
  // The protocol is unset while the session is disconnected (no client).
  if (r.sessionProtocol && r.sessionState !== 'disconnected') o.session_protocol = sessionProtocol(r.sessionProtocol);
  mmd.datastore_ids = [moref(r.datastoreId)];
  mmd.datastore_paths = [r.datastoreName];
  if ((r.poolKind === 'instant-clone' || r.poolKind === 'linked-clone') && r.imageVersionId) {
    put(mmd, 'base_vm_id', image ? enc('baseVm', image.id) : undefined);
    mmd.base_vm_snapshot_id = encSnapshot(r.imageVersionId);
  }
  const op = pushOperation(v.pushes.get(r.poolId), r);
  put(mmd, 'operation', op.operation);
  put(mmd, 'operation_state', op.operation_state);
  o.managed_machine_data = mmd;
  return o;
}

type DetailInput = Input<'desktop-detail-list'>;

/**
 * What of a filter SQL can narrow by: the leaves of a top-level And (or a single leaf) on indexed
 * columns. Only ever a superset of the answer: the whole filter is applied afterwards.
 */
export function pushdown(f: Filter | null, sids: ViewCtx['sids'], kind: 'machine' | 'rds'): Partial<DetailInput> {
  if (!f) return {};
  const leaves = f.type === 'And' ? f.filters : [f];
  const out: Partial<DetailInput> = {};
  for (const l of leaves) {
    if (l.type !== 'Equals' && l.type !== 'Contains' && l.type !== 'StartsWith') continue;
    const value = l.value;
    if (typeof value !== 'string') continue;
    if (l.name === 'name' && (l.type === 'Equals' || l.type === 'StartsWith')) out.namePrefix = value.slice(0, 200);
    else if (l.name === 'name' && l.type === 'Contains') out.nameContains = value.slice(0, 200);
    else if (l.name === 'id' && l.type === 'Equals') out.ids = [dec(kind, value) ?? '-'];
    else if ((l.name === 'desktop_pool_id' || l.name === 'farm_id') && l.type === 'Equals')
      out.poolIds = [dec(l.name === 'farm_id' ? 'farm' : 'pool', value) ?? '-'];
    else if (l.name === 'state' && l.type === 'Equals') {
      const s = machineStateBack(value);
      if (s && kind === 'machine') out.states = [s];
    } else if (l.name === 'user_ids' && (l.type === 'Equals' || l.type === 'Contains')) {
      const p = sids.parse(value);
      out.assignedUserIds = [p?.type === 'user' ? p.id : '-'];
    }
  }
  return out;
}

/**
 * Lists single-session machines. Unfiltered and unsorted pages are one SQL page (the fast path the
 * 10,000-machine benchmark takes); otherwise the rows SQL narrows to are built, then filtered,
 * sorted and paged here.
 */
async function listMachines(lab: Lab, q: ListQuery, version: Version, project?: (o: unknown) => unknown): Promise<Answer> {
  const base = { sessionType: 'single-session' as const };
  if (!q.filter && !q.sort) {
    // The rows and the view's lookups are asked for together: with the host in a worker thread each
    // request is a round trip, and one wait is shorter than two in a row.
    const offset = q.page ? (q.page.page - 1) * q.page.size : 0;
    const [v, page] = await Promise.all([
      viewCtx(lab, { pushes: true }),
      lab.get('desktop-detail-list', q.page ? { ...base, limit: q.page.size, offset } : base),
    ]);
    const build = (r: DesktopDetailRow) => (project ? project(machineObject(r, v, version)) : machineObject(r, v, version));
    if (!q.page) return ok(page.rows.map(build));
    const { headers } = pageOf(page.total, q.page);
    return { status: 200, text: JSON.stringify(page.rows.map(build)), headers };
  }
  const v = await viewCtx(lab, { pushes: true });
  const rows = (await lab.get('desktop-detail-list', { ...base, ...pushdown(q.filter, v.sids, 'machine') })).rows;
  return listAnswer(
    rows.map((r) => machineObject(r, v, version)),
    q,
    project,
  );
}

/** v9 and v10 take group_id: the machines of the pools that group is entitled to. */
async function listByGroup(c: RouteCtx, project?: (o: unknown) => unknown): Promise<Answer> {
  const group = c.url.searchParams.get('group_id');
  if (group === null) return listMachines(c.lab, c.list(), 'v10', project);
  const sids = await c.lab.sids();
  const g = sids.parse(group);
  const pools = g?.type === 'group' ? ((await c.lab.cache.groupList()).find((x) => x.id === g.id)?.poolIds ?? []) : [];
  const v = await viewCtx(c.lab, { pushes: true });
  const rows = pools.length ? (await c.lab.get('desktop-detail-list', { sessionType: 'single-session', poolIds: pools })).rows : [];
  return listAnswer(
    rows.map((r) => machineObject(r, v, 'v10')),
    c.list(),
    project,
  );
}

async function getMachine(lab: Lab, restId: string, version: Version, project?: (o: unknown) => unknown): Promise<Answer> {
  const id = dec('machine', restId);
  const v = await viewCtx(lab, { pushes: true });
  const row = id ? (await lab.get('desktop-detail-list', { ids: [id], sessionType: 'single-session' })).rows[0] : undefined;
  if (!row) throw notFound('machine', restId);
  const o = machineObject(row, v, version);
  return ok(project ? project(o) : o);
}

/** Decodes machine ids; unknown ones (and RDS servers) get item 404, the rest go to `act`. */
export async function machineAction(
  lab: Lab,
  restIds: string[],
  act: (ids: string[]) => Promise<Map<string, ItemError | null>>,
  kind: 'machine' | 'rds' = 'machine',
): Promise<Answer> {
  const decoded = new Map<string, string>();
  for (const r of restIds) {
    const id = dec(kind, r);
    if (id) decoded.set(r, id);
  }
  const sessionType = kind === 'machine' ? 'single-session' : 'multi-session';
  const known = decoded.size
    ? new Set((await lab.get('desktop-detail-list', { ids: [...decoded.values()], sessionType })).rows.map((r) => r.id))
    : new Set<string>();
  const targets = [...decoded.values()].filter((id) => known.has(id));
  const results = targets.length ? await act(targets) : new Map<string, ItemError | null>();
  return ok(
    restIds.map((r) => {
      const id = decoded.get(r);
      if (!id || !known.has(id)) {
        return bulkItem(r, {
          status: 404,
          key: `inventory.${kind === 'machine' ? 'machine' : 'rds.server'}.not.found`,
          message: `No ${kind === 'machine' ? 'machine' : 'RDS server'} with id ${r}`,
        });
      }
      return bulkItem(r, results.get(id) ?? null);
    }),
  );
}

/** One call per machine (methods without a bulk form); each is its own transaction. */
async function eachMachine(lab: Lab, ids: string[], call: (id: string) => Promise<import('../../contract/errors.ts').Reply<unknown>>) {
  const out = new Map<string, ItemError | null>();
  for (const id of ids) {
    const r = await call(id);
    out.set(id, r.ok ? null : itemError(r.error));
  }
  return out;
}

/**
 * `enforce` (enter-maintenance, reset, restart, recover) extends an action to machines held for
 * forensics; the lab holds none, so either value acts on the same machines — but it is checked.
 */
function forensicEnforce(c: RouteCtx): void {
  queryBool(c.url, 'enforce');
}

function listOp(version: Version) {
  return { type: version === 'v1' ? 'MachineInfo' : 'MachineInfoV10', paged: true, filtered: true, sorted: true };
}

export const machineRoutes: Route[] = [
  { method: 'GET', path: '/inventory/v1/machines', operationId: 'listMachines', list: listOp('v1'), handle: (c) => listMachines(c.lab, c.list(), 'v1') },
  { method: 'GET', path: '/inventory/v10/machines', operationId: 'listMachinesV10', list: listOp('v10'), handle: (c) => listByGroup(c) },
  { method: 'GET', path: '/inventory/v1/machines/{id}', operationId: 'getMachine', handle: (c) => getMachine(c.lab, c.params.id as string, 'v1') },
  { method: 'GET', path: '/inventory/v10/machines/{id}', operationId: 'getMachineV10', handle: (c) => getMachine(c.lab, c.params.id as string, 'v10') },
  // v2–v9: the v10 object narrowed to that version's fields.
  ...between('MachineInfo', 2, 9).flatMap(([n, schema]): Route[] => {
    const project = projector(schema);
    return [
      {
        method: 'GET',
        path: `/inventory/v${n}/machines`,
        operationId: `listMachinesV${n}`,
        list: listOp('v10'),
        // group_id exists from v9 on; earlier versions ignore it like any unknown parameter.
        handle: (c) => (n >= 9 ? listByGroup(c, project) : listMachines(c.lab, c.list(), 'v10', project)),
      },
      {
        method: 'GET',
        path: `/inventory/v${n}/machines/{id}`,
        operationId: `getMachineV${n}`,
        handle: (c) => getMachine(c.lab, c.params.id as string, 'v10', project),
      },
    ];
  }),
  ...(['enter', 'exit'] as const).map((verb): Route => ({
    method: 'POST',
    path: `/inventory/v1/machines/action/${verb}-maintenance`,
    operationId: `${verb}Maintenance`,
    handle: async (c) => {
      if (verb === 'enter') forensicEnforce(c);
      return machineAction(c.lab, idList(await c.body(), 'machine ids'), (ids) =>
        eachMachine(c.lab, ids, (id) => c.lab.reply('desktop-set-maintenance', { id, maintenance: verb === 'enter' })),
      );
    },
  })),
  {
    method: 'POST',
    path: '/inventory/v1/machines/action/reset',
    operationId: 'resetMachines',
    handle: async (c) => {
      forensicEnforce(c);
      return machineAction(c.lab, idList(await c.body(), 'machine ids'), (ids) =>
        bulkRetry(ids, (rest) => c.lab.reply('desktop-power', { ids: rest, action: 'reset' })),
      );
    },
  },
  {
    method: 'POST',
    path: '/inventory/v1/machines/action/restart',
    operationId: 'restartMachines',
    handle: async (c) => {
      forensicEnforce(c);
      const body = await c.body();
      // The spec's body is {machine_ids, force_operation}; older clients send a bare id array.
      let ids: unknown = body;
      let force = false;
      if (!Array.isArray(body)) {
        const o = requireObject(body);
        ids = o.machine_ids ?? o.machineIds;
        const f = o.force_operation ?? o.forceOperation;
        if (f !== undefined && typeof f !== 'boolean') throw badRequest('rest.invalid.field', 'force_operation must be a boolean');
        force = f === true;
      }
      return machineAction(c.lab, idList(ids, 'machine ids'), (list) =>
        bulkRetry(list, (rest) => c.lab.reply('desktop-power', { ids: rest, action: 'restart', force })),
      );
    },
  },
  ...(['rebuild', 'recover'] as const).map((verb): Route => ({
    method: 'POST',
    path: `/inventory/v1/machines/action/${verb}`,
    operationId: `${verb}Machines`,
    handle: async (c) => {
      if (verb === 'recover') forensicEnforce(c);
      return machineAction(c.lab, idList(await c.body(), 'machine ids'), (ids) =>
        bulkRetry(ids, (rest) => c.lab.reply(verb === 'rebuild' ? 'desktop-rebuild' : 'desktop-recover', { ids: rest })),
      );
    },
  })),
  ...(['assign', 'unassign'] as const).map((verb): Route => ({
    method: 'POST',
    path: `/inventory/v1/machines/{id}/action/${verb}-users`,
    operationId: `${verb}Users`,
    handle: async (c) => {
      const restId = c.params.id as string;
      const id = dec('machine', restId);
      const sidList = idList(await c.body(), 'user SIDs');
      if (!id || !(await c.lab.get('desktop-detail-list', { ids: [id], sessionType: 'single-session' })).rows[0]) throw notFound('machine', restId);
      const sids = await c.lab.sids();
      const out: Record<string, unknown>[] = [];
      for (const sid of sidList) {
        const p = sids.parse(sid);
        if (!p || p.type !== 'user') {
          out.push(
            bulkItem(sid, {
              status: p ? 400 : 404,
              key: 'entitlement.principal.not.found',
              message: p ? `${sid} is a group: machines are assigned to users` : `No user with SID ${sid}`,
            }),
          );
          continue;
        }
        if (verb === 'unassign') {
          const row = (await c.lab.get('desktop-detail-list', { ids: [id] })).rows[0];
          if (row?.assignedUserId !== p.id) {
            out.push(bulkItem(sid, { status: 400, key: 'lab.conflict', message: `${sid} is not assigned to this machine` }));
            continue;
          }
        }
        const r = verb === 'assign' ? await c.lab.reply('desktop-assign', { id, userId: p.id }) : await c.lab.reply('desktop-unassign', { id });
        out.push(bulkItem(sid, r.ok ? null : itemError(r.error)));
      }
      return ok(out);
    },
  })),
  unsupported('POST', '/inventory/v1/machines/action/shutdown', 'shutdownMachines'),
  unsupported('DELETE', '/inventory/v1/machines', 'deleteMachines'),
  unsupported('DELETE', '/inventory/v1/machines/{id}', 'deleteMachine'),
  unsupported('DELETE', '/inventory/v10/machines', 'deleteMachinesV10'),
  unsupported('DELETE', '/inventory/v10/machines/{id}', 'deleteMachineV10'),
];
