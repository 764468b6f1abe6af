import { REST_AUTH_PARAMS } from '../../app/rest-admin.ts';
import type { GoldenImage, PushImageTask } from '../../contract/entities.ts';
import type { Sids } from './ids.ts';
import type { Lab } from './lab.ts';

/** What building Horizon objects needs besides the rows themselves: SIDs, images, active push-image tasks. */
export interface ViewCtx {
  sids: Sids;
  imageById: Map<string, GoldenImage>;
  imageOfVersion: Map<string, GoldenImage>;
  /** Active (scheduled or running) push-image task per pool. */
  pushes: Map<string, PushImageTask>;
}

export async function viewCtx(lab: Lab, opts: { pushes?: boolean } = {}): Promise<ViewCtx> {
  const [sids, images, tasks] = await Promise.all([
    lab.sids(),
    lab.cache.imageList(),
    opts.pushes ? lab.get('task-list', { active: true }) : Promise.resolve([]),
  ]);
  const imageOfVersion = new Map<string, GoldenImage>();
  for (const img of images) for (const v of img.versions) imageOfVersion.set(v.id, img);
  const pushes = new Map<string, PushImageTask>();
  for (const t of tasks) if (t.kind === 'push-image') pushes.set(t.objectId, t as PushImageTask);
  return { sids, imageById: new Map(images.map((i) => [i.id, i])), imageOfVersion, pushes };
}

export function dnsName(name: string): string {
  return `${name.toLowerCase()}.${REST_AUTH_PARAMS.dnsDomain}`;
}

/** `CORP\\jane.doe` → `jane.doe`. */
export function loginName(login: string): string {
  const i = login.indexOf('\\');
  return i >= 0 ? login.slice(i + 1) : login;
}

/** Simulated ISO time → epoch ms. */
export function ms(iso: string): number {
  return Date.parse(iso);
}

/**
 * Leaves out undefined members (the lab omits what it does not model; never null). Copies rather than
 * deletes: a deleted member turns an object into a slow dictionary, and lists build thousands of them.
 */
export function compact<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}

/** Machine operation during a push image: scheduled, progressing, completed on the target, or fault. */
export function pushOperation(
  task: PushImageTask | undefined,
  machine: { id: string; imageVersionId: string | null },
): { operation?: string; operation_state?: string } {
  if (!task) return {};
  const state =
    task.state === 'scheduled'
      ? 'SCHEDULED'
      : task.details.errors.some((e) => e.desktop === machine.id)
        ? 'FAULT'
        : machine.imageVersionId === task.details.imageVersionId
          ? 'COMPLETED'
          : 'PROGRESSING';
  return { operation: 'PUSH_IMAGE', operation_state: state };
}
