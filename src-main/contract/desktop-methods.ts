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

export const desktopMethods = {
  'pool-add-machines': method<{ added: string[] }>()({
    description:
      "Add existing machines to a manual pool (Horizon: Add machines to a manual desktop pool): they are named by the pool's naming pattern, run the Horizon Agent, and are available at once. Manual pools only, 1–100 per call, never beyond the pool's maximum (raise it with pool-update); a refusal changes nothing.",
    input: z.strictObject({ id, count: z.number().int().min(1).max(100) }),
    mutates: true,
    permission: 'configure',
  }),
  'desktop-bulk': method<DesktopBulkResult>()({
    description:
      'One action on up to 500 desktops: power on, power off, suspend, restart (graceful: users logged off), reset (hard), maintenance on/off, unassign, remove (delete the VM). Each desktop is done or refused with its reason; the ones done are one transaction with their events.',
    input: z.strictObject({ ids: z.array(id).min(1).max(500), action: z.enum(DESKTOP_ACTIONS) }),
    mutates: true,
    permission: 'configure',
  }),
};
