import type { Pool, PushImageTask } from '../../contract/entities.ts';
import type { Input } from '../../contract/methods.ts';
import type { Answer } from '../http/traffic.ts';
import { HorizonError, badRequest, fromApiError, notFound, notSimulated } from './errors.ts';
import { dec, decSnapshot, enc } from './ids.ts';
import type { Lab } from './lab.ts';
import { listAnswer } from './query.ts';
import { bulkItem, idList, itemError, noContent, ok, queryBool, requireObject, unsupported, type Route } from './route.ts';
import { poolTask, poolV1, poolV12, type PoolView } from './pool-objects.ts';
import { poolSpecFromHorizon, poolUpdateFromHorizon, restField } from './pool-specs.ts';
import { viewCtx } from './view.ts';
import { between, projector } from './versions.ts';

// Desktop pools: v1 and the current v12 (list, get, create, update, delete), the bulk actions
// (enable, disable, enable / disable provisioning), push image (v1 and v3) with its tasks.

export async function poolView(lab: Lab): Promise<PoolView> {
  const [v, datastores, clusters] = await Promise.all([viewCtx(lab, { pushes: true }), lab.get('datastore-list', {}), lab.get('cluster-list', {})]);
  return { ...v, datastores: new Map(datastores.map((d) => [d.id, d])), siteOfCluster: new Map(clusters.map((c) => [c.id, c.siteId])) };
}

async function poolOr404(lab: Lab, restId: string): Promise<Pool> {
  const id = dec('pool', restId);
  const r = id ? await lab.reply('pool-get', { id }) : null;
  if (!r?.ok) throw notFound('desktop.pool', restId);
  return r.result;
}

/** Per-id flag actions: unknown ids → item 404, refusals (provisioning of a manual pool) → item 400. */
async function flagAction(lab: Lab, body: unknown, call: (id: string) => Promise<import('../../contract/errors.ts').Reply<unknown>>): Promise<Answer> {
  const out: Record<string, unknown>[] = [];
  for (const restId of idList(body, 'desktop pool ids')) {
    const id = dec('pool', restId);
    const r = id ? await call(id) : null;
    if (!r || (!r.ok && r.error.code === 'not-found')) {
      out.push(bulkItem(restId, { status: 404, key: 'inventory.desktop.pool.not.found', message: `No desktop pool with id ${restId}` }));
    } else out.push(bulkItem(restId, r.ok ? null : itemError(r.error)));
  }
  return ok(out);
}

/** Push image (v1 and v3 specs): the snapshot must be a version of the image given (or the pool's). */
async function pushImage(lab: Lab, pool: Pool, spec: Record<string, unknown>): Promise<import('../../contract/errors.ts').Reply<PushImageTask>> {
  for (const k of [
    'selective_push_image',
    'machine_ids',
    'compute_profile_num_cpus',
    'compute_profile_ram_mb',
    'compute_profile_num_cores_per_socket',
    'im_stream_id',
    'im_tag_id',
    'vgpu_grid_profile',
    'grid_vgpus_enabled',
  ]) {
    const v = spec[k];
    if (v !== undefined && v !== null && v !== false) throw notSimulated(`${k} on push image`);
  }
  const policy = spec.logoff_policy;
  if (policy !== 'FORCE_LOGOFF' && policy !== 'WAIT_FOR_LOGOFF') throw badRequest('rest.invalid.field', 'logoff_policy is FORCE_LOGOFF or WAIT_FOR_LOGOFF');
  if (typeof spec.snapshot_id !== 'string') throw badRequest('rest.invalid.field', 'snapshot_id is required');
  const version = decSnapshot(spec.snapshot_id);
  if (!version) throw badRequest('rest.invalid.field', `snapshot_id ${spec.snapshot_id} is not a base snapshot of this lab`);
  const images = await lab.cache.imageList();
  const image = images.find((i) => i.versions.some((v) => v.id === version));
  if (!image) throw badRequest('rest.invalid.field', `snapshot_id ${spec.snapshot_id} is not a base snapshot of this lab`);
  if (spec.parent_vm_id !== undefined && spec.parent_vm_id !== enc('baseVm', image.id))
    throw badRequest('rest.invalid.field', 'snapshot_id is not a snapshot of parent_vm_id');
  if (spec.stop_on_first_error !== undefined && typeof spec.stop_on_first_error !== 'boolean')
    throw badRequest('rest.invalid.field', 'stop_on_first_error is a boolean');
  const input: Input<'pool-push-image'> = {
    poolId: pool.id,
    imageVersionId: version,
    logoffPolicy: policy === 'FORCE_LOGOFF' ? 'force' : 'wait',
    stopOnError: spec.stop_on_first_error !== false,
  };
  // start_time: epoch ms of the simulated clock; unset or past → now.
  if (spec.start_time !== undefined) {
    if (typeof spec.start_time !== 'number' || !Number.isFinite(spec.start_time)) throw badRequest('rest.invalid.field', 'start_time is epoch milliseconds');
    const now = Date.parse((await lab.get('clock-get', {})).simTime);
    if (spec.start_time > now) input.startAt = new Date(spec.start_time).toISOString();
  }
  return lab.reply('pool-push-image', input);
}

const listOpV12 = { type: 'DesktopPoolInfoV12', paged: true, filtered: true, sorted: true };

export const poolRoutes: Route[] = [
  {
    method: 'GET',
    path: '/inventory/v1/desktop-pools',
    operationId: 'listDesktopPools',
    handle: async (c) => ok((await c.lab.get('pool-list', {})).map(poolV1)),
  },
  {
    method: 'GET',
    path: '/inventory/v12/desktop-pools',
    operationId: 'listDesktopPoolsV12',
    list: listOpV12,
    handle: async (c) => {
      const [pools, v] = await Promise.all([c.lab.get('pool-list', {}), poolView(c.lab)]);
      return listAnswer(
        pools.map((p) => poolV12(p, v)),
        c.list(),
      );
    },
  },
  {
    method: 'GET',
    path: '/inventory/v1/desktop-pools/{id}',
    operationId: 'getDesktopPool',
    handle: async (c) => ok(poolV1(await poolOr404(c.lab, c.params.id as string))),
  },
  {
    method: 'GET',
    path: '/inventory/v12/desktop-pools/{id}',
    operationId: 'getDesktopPoolV12',
    handle: async (c) => ok(poolV12(await poolOr404(c.lab, c.params.id as string), await poolView(c.lab))),
  },
  // v2–v11: the v12 object (with v1's `settings`, which the early versions still carry) narrowed to that version's fields.
  ...between('DesktopPoolInfo', 2, 11).flatMap(([n, schema]): Route[] => {
    const project = projector(schema);
    const both = (p: Pool, v: PoolView) => ({ ...poolV12(p, v), settings: poolV1(p).settings });
    return [
      {
        method: 'GET',
        path: `/inventory/v${n}/desktop-pools`,
        operationId: `listDesktopPoolsV${n}`,
        list: listOpV12,
        handle: async (c) => {
          const [pools, v] = await Promise.all([c.lab.get('pool-list', {}), poolView(c.lab)]);
          return listAnswer(
            pools.map((p) => both(p, v)),
            c.list(),
            project,
          );
        },
      },
      {
        method: 'GET',
        path: `/inventory/v${n}/desktop-pools/{id}`,
        operationId: `getDesktopPoolV${n}`,
        handle: async (c) => ok(project(both(await poolOr404(c.lab, c.params.id as string), await poolView(c.lab)))),
      },
    ];
  }),
  ...(['v1', 'v12'] as const).map((ver): Route => ({
    method: 'POST',
    path: `/inventory/${ver}/desktop-pools`,
    operationId: ver === 'v1' ? 'createDesktopPool' : 'createDesktopPoolV12',
    handle: async (c) => {
      const input = await poolSpecFromHorizon(c.lab, requireObject(await c.body()));
      const r = await c.lab.reply('pool-create', input);
      if (!r.ok) throw fromApiError(r.error, { conflict409: true, field: restField });
      return { status: 201 };
    },
  })),
  ...(['v1', 'v12'] as const).map((ver): Route => ({
    method: 'PUT',
    path: `/inventory/${ver}/desktop-pools/{id}`,
    operationId: ver === 'v1' ? 'updateDesktopPool' : 'updateDesktopPoolV12',
    handle: async (c) => {
      const pool = await poolOr404(c.lab, c.params.id as string);
      const change = poolUpdateFromHorizon(pool, requireObject(await c.body()));
      if (Object.keys(change).length > 1) {
        const r = await c.lab.reply('pool-configure', change);
        if (!r.ok) throw fromApiError(r.error, { field: restField });
      }
      return noContent();
    },
  })),
  ...(['v1', 'v12'] as const).map((ver): Route => ({
    method: 'DELETE',
    path: `/inventory/${ver}/desktop-pools/{id}`,
    operationId: ver === 'v1' ? 'deleteDesktopPool' : 'deleteDesktopPoolV12',
    handle: async (c) => {
      // enforce_associated_session_check defaults to false: sessions do not stop the delete (they are logged off).
      const enforce = queryBool(c.url, 'enforce_associated_session_check') ?? false;
      const pool = await poolOr404(c.lab, c.params.id as string);
      const r = await c.lab.reply('pool-delete', { id: pool.id, force: !enforce });
      if (!r.ok) throw fromApiError(r.error);
      return noContent();
    },
  })),
  ...(['enable', 'disable'] as const).map((verb): Route => ({
    method: 'POST',
    path: `/inventory/v1/desktop-pools/action/${verb}`,
    operationId: `${verb}DesktopPools`,
    handle: async (c) => flagAction(c.lab, await c.body(), (id) => c.lab.reply('pool-set-enabled', { id, enabled: verb === 'enable' })),
  })),
  ...(['enable', 'disable'] as const).map((verb): Route => ({
    method: 'POST',
    path: `/inventory/v1/desktop-pools/action/${verb}-provisioning`,
    operationId: `${verb}ProvisioningForDesktopPools`,
    handle: async (c) => flagAction(c.lab, await c.body(), (id) => c.lab.reply('pool-set-provisioning', { id, enabled: verb === 'enable' })),
  })),
  {
    method: 'POST',
    path: '/inventory/v3/desktop-pools/{id}/action/schedule-push-image',
    operationId: 'schedulePushImageV3',
    handle: async (c) => {
      const restId = c.params.id as string;
      const pool = await poolOr404(c.lab, restId);
      const r = await pushImage(c.lab, pool, requireObject(await c.body()));
      return ok([bulkItem(restId, r.ok ? null : itemError(r.error))]);
    },
  },
  {
    method: 'POST',
    path: '/inventory/v1/desktop-pools/{id}/action/schedule-push-image',
    operationId: 'schedulePushImage',
    handle: async (c) => {
      const pool = await poolOr404(c.lab, c.params.id as string);
      const r = await pushImage(c.lab, pool, requireObject(await c.body()));
      if (!r.ok) throw fromApiError(r.error);
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/inventory/v1/desktop-pools/{id}/action/cancel-scheduled-push-image',
    operationId: 'cancelScheduledPushImage',
    handle: async (c) => {
      const pool = await poolOr404(c.lab, c.params.id as string);
      const task = (await c.lab.get('task-list', { objectId: pool.id, active: true })).find((t) => t.kind === 'push-image');
      if (!task) throw new HorizonError(404, 'inventory.desktop.pool.push.image.not.found', `Desktop pool ${pool.name} has no scheduled or running push image`);
      const r = await c.lab.reply('task-cancel', { id: task.id });
      if (!r.ok) throw fromApiError(r.error);
      return noContent();
    },
  },
  {
    method: 'GET',
    path: '/inventory/v1/desktop-pools/{id}/tasks',
    operationId: 'listDesktopPoolTasks',
    handle: async (c) => {
      const pool = await poolOr404(c.lab, c.params.id as string);
      return ok((await c.lab.get('task-list', { objectId: pool.id })).filter((t) => t.kind === 'push-image').map(poolTask));
    },
  },
  {
    method: 'GET',
    path: '/inventory/v1/desktop-pools/{id}/tasks/{taskId}',
    operationId: 'getDesktopPoolTask',
    handle: async (c) => {
      const pool = await poolOr404(c.lab, c.params.id as string);
      const id = dec('task', c.params.taskId as string);
      const t = (await c.lab.get('task-list', { objectId: pool.id })).find((x) => x.id === id && x.kind === 'push-image');
      if (!t) throw notFound('task', c.params.taskId as string);
      return ok(poolTask(t));
    },
  },
  {
    method: 'POST',
    path: '/inventory/v1/desktop-pools/{id}/tasks/{taskId}/action/cancel',
    operationId: 'cancelDesktopPoolTask',
    handle: async (c) => {
      const pool = await poolOr404(c.lab, c.params.id as string);
      const id = dec('task', c.params.taskId as string);
      const t = (await c.lab.get('task-list', { objectId: pool.id })).find((x) => x.id === id && x.kind === 'push-image');
      if (!t) throw notFound('task', c.params.taskId as string);
      const r = await c.lab.reply('task-cancel', { id: t.id });
      if (!r.ok) throw fromApiError(r.error);
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/inventory/v1/desktop-pools/action/check-name-availability',
    operationId: 'checkDesktopPoolNameAvailability',
    handle: async (c) => {
      const name = requireObject(await c.body()).name;
      if (typeof name !== 'string' || name === '') throw badRequest('rest.invalid.field', 'name is required');
      const pools = await c.lab.get('pool-list', {});
      return ok({ available: !pools.some((p) => p.name.toLowerCase() === name.toLowerCase()) });
    },
  },
  unsupported('POST', '/inventory/v1/desktop-pools/{id}/tasks/{taskId}/action/pause', 'pauseDesktopPoolTask'),
  unsupported('POST', '/inventory/v1/desktop-pools/{id}/tasks/{taskId}/action/resume', 'resumeDesktopPoolTask'),
];
