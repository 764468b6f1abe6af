import { z } from 'zod';
import { method } from './define.ts';

const id = z.string().min(1).max(64);

/** What a bulk action on desktops can do (Horizon's machine actions; vCenter's power menu). */
export const DESKTOP_ACTIONS = ['power-on', 'power-off', 'suspend', 'restart', 'reset', 'maintenance-on', 'maintenance-off', 'unassign', 'remove'] as const;
export type DesktopAction = (typeof DESKTOP_ACTIONS)[number];

/** One desktop's outcome in a bulk action: done, or refused and why (nothing changed for it). */
export interface DesktopBulkItem {
  id: string;
  name: string;
  ok: boolean;
  message: string;
}

export interface DesktopBulkResult {
  action: DesktopAction;
  done: number;
  refused: number;
  results: DesktopBulkItem[];
}

/** A VM of the lab's vCenter in no pool: a machine removed from a manual pool (Horizon unregisters it; the VM stays). */
export interface UnmanagedVm {
  id: string;
  name: string;
  hostId: string;
  datastoreId: string;
  formerPoolId: string | null;
  /** Simulated time it left its pool. */
  removedAt: string;
  vcpu: number;
  ramGb: number;
  diskGb: number;
  imageVersionId: string | null;
}

/** One machine's or VM's outcome when a manual pool's membership changes: done, or refused and why (nothing changed for it). */
export interface PoolMemberItem {
  id: string;
  name: string;
  ok: boolean;
  /** Why it was refused: not-found (no such machine in the pool / no such unmanaged VM), conflict (anything else). */
  code?: 'not-found' | 'conflict';
  message: string;
}

export const desktopMethods = {
  'pool-add-machines': method<{ added: string[] }>()({
    description:
      "Add existing machines to a manual pool (Horizon: Add machines to a manual desktop pool): they are named by the pool's naming pattern, run the Horizon Agent, and are available at once. Manual pools only, 1–100 per call, never beyond the pool's maximum (raise it with pool-update); a refusal changes nothing.",
    input: z.strictObject({ id, count: z.number().int().min(1).max(100) }),
    mutates: true,
    permission: 'configure',
  }),
  'pool-remove-machines': method<{ results: PoolMemberItem[] }>()({
    description:
      "Remove machines from a manual pool (Horizon: Remove machines from a desktop pool): each is unregistered from the pool and the engine, and its VM stays in the lab's vCenter as an unmanaged VM (unmanaged-vm-list). Each id is done or refused on its own: not a manual pool, not a machine of this pool, a session on it, a user assigned, or an operation under way; a refusal changes nothing for that machine.",
    input: z.strictObject({ id, ids: z.array(id).min(1).max(500) }),
    mutates: true,
    permission: 'configure',
  }),
  'pool-add-vms': method<{ results: PoolMemberItem[] }>()({
    description:
      'Add unmanaged VMs (unmanaged-vm-list) to a manual pool (Horizon: Add machines to a manual desktop pool by VM id): each keeps its id, name, host and datastore, runs the Horizon Agent and is available at once. Each id is done or refused on its own: not a manual pool, no such unmanaged VM, its host not connected or in another cluster, its name taken, or the pool at its maximum; a refusal changes nothing for that VM.',
    input: z.strictObject({ id, vmIds: z.array(id).min(1).max(500) }),
    mutates: true,
    permission: 'configure',
  }),
  'unmanaged-vm-list': method<UnmanagedVm[]>()({
    description: "VMs of the lab's vCenter that are in no pool (machines removed from manual pools), by name.",
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'desktop-bulk': method<DesktopBulkResult>()({
    description:
      'One action on up to 500 desktops: power on, power off, suspend, restart (graceful: users logged off), reset (hard), maintenance on/off, unassign, remove (delete the VM). Each desktop is done or refused with its reason; the ones done are one transaction with their events.',
    input: z.strictObject({ ids: z.array(id).min(1).max(500), action: z.enum(DESKTOP_ACTIONS) }),
    mutates: true,
    permission: 'configure',
  }),
};
