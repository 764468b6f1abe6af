import type { PoolMemberItem } from '../../contract/desktop-methods.ts';
import type { GoldenImage } from '../../contract/entities.ts';
import type { Answer } from '../http/traffic.ts';
import { badRequest, fromApiError, notFound } from './errors.ts';
import { operatingSystem } from './enums.ts';
import { VCENTER_ID, dec } from './ids.ts';
import type { Lab } from './lab.ts';
import { listAnswer } from './query.ts';
import { bulkItem, idList, itemError, ok, type ItemError, type Route } from './route.ts';

// A manual pool's machines (2512: addMachines / removeMachines) and the vCenter's VMs
// (listVirtualMachines). Removing a machine unregisters it from the pool (and the engine); its VM
// stays in vCenter, in no pool, until add-machines takes it back. VMs are named by their vCenter
// MoRef, which is the lab's internal vm-N id; the machine a VM becomes keeps the same number, so
// its machine id is the machine REST id of that number.

/** The contract takes 500 ids a call: bigger bodies go in several calls (each its own transaction). */
const CHUNK = 500;

async function poolIdOr404(lab: Lab, restId: string): Promise<string> {
  const id = dec('pool', restId);
  const r = id ? await lab.reply('pool-get', { id }) : null;
  if (!r?.ok || !id) throw notFound('desktop.pool', restId);
  return id;
}

function memberError(item: PoolMemberItem): ItemError | null {
  if (item.ok) return null;
  return item.code === 'not-found'
    ? { status: 404, key: 'rest.resource.not.found', message: item.message }
    : { status: 400, key: 'lab.conflict', message: item.message };
}

/** Runs the contract method over the ids in chunks; a refusal of a whole call (the caller's role) answers every id of it. */
async function members(
  lab: Lab,
  ids: string[],
  call: (chunk: string[]) => Promise<import('../../contract/errors.ts').Reply<{ results: PoolMemberItem[] }>>,
): Promise<Map<string, ItemError | null>> {
  const out = new Map<string, ItemError | null>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const r = await call(chunk);
    if (!r.ok) {
      if (r.error.code === 'not-found' && r.error.path?.[0] === 'id') throw fromApiError(r.error);
      for (const id of chunk) out.set(id, itemError(r.error));
      continue;
    }
    for (const item of r.result.results) out.set(item.id, memberError(item));
  }
  return out;
}

function osOf(images: GoldenImage[], imageVersionId: string | null): string | undefined {
  if (!imageVersionId) return undefined;
  return images.find((i) => i.versions.some((v) => v.id === imageVersionId))?.os;
}

export const poolMemberRoutes: Route[] = [
  {
    method: 'POST',
    path: '/inventory/v1/desktop-pools/{id}/action/remove-machines',
    operationId: 'removeMachines',
    handle: async (c): Promise<Answer> => {
      const poolId = await poolIdOr404(c.lab, c.params.id as string);
      const restIds = idList(await c.body(), 'machine ids');
      const internal = new Map<string, string>();
      for (const r of restIds) {
        const id = dec('machine', r);
        if (id) internal.set(r, id);
      }
      const results = await members(c.lab, [...new Set(internal.values())], (ids) => c.lab.reply('pool-remove-machines', { id: poolId, ids }));
      return ok(
        restIds.map((r) => {
          const id = internal.get(r);
          if (!id) return bulkItem(r, { status: 404, key: 'rest.resource.not.found', message: `No machine with id ${r}` });
          return bulkItem(r, results.get(id) ?? null);
        }),
      );
    },
  },
  {
    method: 'POST',
    path: '/inventory/v1/desktop-pools/{id}/action/add-machines',
    operationId: 'addMachines',
    handle: async (c): Promise<Answer> => {
      const poolId = await poolIdOr404(c.lab, c.params.id as string);
      const vmIds = idList(await c.body(), 'VM ids');
      const results = await members(c.lab, vmIds, (ids) => c.lab.reply('pool-add-vms', { id: poolId, vmIds: ids }));
      return ok(vmIds.map((r) => bulkItem(r, results.get(r) ?? null)));
    },
  },
  {
    method: 'GET',
    path: '/external/v1/virtual-machines',
    operationId: 'listVirtualMachines',
    list: { type: 'VirtualMachineInfo', paged: true, filtered: true, sorted: true },
    handle: async (c): Promise<Answer> => {
      const vc = c.url.searchParams.get('vcenter_id');
      if (vc === null || vc === '') throw badRequest('rest.invalid.field', 'vcenter_id is required');
      if (vc !== VCENTER_ID) throw notFound('virtual.center', vc);
      const [vms, machines, images] = await Promise.all([
        c.lab.get('unmanaged-vm-list', {}),
        c.lab.get('desktop-detail-list', { sessionType: 'single-session', limit: 20000 }),
        c.lab.cache.imageList(),
      ]);
      const vmObject = (id: string, name: string, imageVersionId: string | null, inPool: boolean) => {
        const os = osOf(images, imageVersionId);
        return {
          id,
          name,
          path: `/vm/${name}`,
          operating_system: operatingSystem(os).operating_system,
          ...(os ? { operating_system_display_name: os } : {}),
          incompatible_reasons: inPool ? ['IN_USE_BY_LOCAL_DESKTOP_POOL'] : [],
        };
      };
      const list = [
        ...vms.map((v) => vmObject(v.id, v.name, v.imageVersionId, false)),
        ...machines.rows.map((m) => vmObject(m.id, m.name, m.imageVersionId, true)),
      ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return listAnswer(list, c.list());
    },
  },
];
