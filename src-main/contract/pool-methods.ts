import { z } from 'zod';
import { method } from './define.ts';
import { POOL_EDIT, POOL_SPEC } from './pool-schemas.ts';
import type { AnyTask } from './snapshot-methods.ts';
import type { Desktop, DesktopRow, ImageVersion, Pool, ScalingPlan, Task } from './entities.ts';
import { CPU_SHARES_LEVELS, LOAD_BALANCING, MACHINE_STATES, POWER_STATES, SCALING_PHASES } from './entities.ts';

// Pools and desktops: golden image versions and pushes, tasks, pool settings, scaling plans, assignment,
// the desktop list. Spread into the method map at this place (methods.ts), so the order stays.

const id = z.string().min(1).max(64);
const none = z.strictObject({});
const search = z.string().max(200);
const limit = z.number().int().min(1).max(20000);
const offset = z.number().int().min(0);

export const poolMethods = {
  'image-version-create': method<ImageVersion>()({
    description: 'Take a new version of a golden image (a snapshot of the image VM after your changes).',
    input: z.strictObject({ imageId: id, notes: z.string().min(1).max(500) }),
    mutates: true,
    permission: 'configure',
  }),
  'pool-push-image': method<Task>()({
    description:
      'Push an image version to a pool (Citrix: update machine catalog): now or at a simulated time; unused machines are recomposed at once, machines in use at logoff, or after a warning and a grace period with force; stop on first error.',
    input: z.strictObject({
      poolId: id,
      imageVersionId: id,
      startAt: z.iso.datetime().optional(),
      logoffPolicy: z.enum(['wait', 'force']).default('wait'),
      graceMinutes: z.number().int().min(0).max(1440).default(5),
      stopOnError: z.boolean().default(true),
    }),
    mutates: true,
    permission: 'configure',
  }),
  'pool-rollback-image': method<Task>()({
    description: 'Push the version the pool had before its last push image back to it, the same way.',
    input: z.strictObject({
      poolId: id,
      logoffPolicy: z.enum(['wait', 'force']).default('wait'),
      graceMinutes: z.number().int().min(0).max(1440).default(5),
    }),
    mutates: true,
    permission: 'configure',
  }),
  'task-cancel': method<AnyTask>()({
    description:
      'Cancel a scheduled or running push image (machines already recomposed keep the new version, the pool returns to its previous one) or snapshot task (desktops not yet started are skipped).',
    input: z.strictObject({ id }),
    mutates: true,
    permission: 'configure',
  }),
  'task-list': method<AnyTask[]>()({
    description:
      'Tracked tasks (push image, snapshot operations, cluster operations) with state, progress and who started them, newest first; optionally of one object, only active ones, or the newest `limit`.',
    input: z.strictObject({ objectId: id.optional(), active: z.boolean().optional(), limit: limit.optional() }),
    mutates: false,
    permission: 'read',
  }),
  'pool-list': method<Pool[]>()({
    description: 'Desktop pools with their settings and machine counts by state.',
    input: none,
    mutates: false,
    permission: 'read',
  }),
  'pool-get': method<Pool>()({ description: 'One desktop pool.', input: z.strictObject({ id }), mutates: false, permission: 'read' }),
  'pool-create': method<Pool>()({
    description:
      'Create a desktop pool (Horizon settings: kind, assignment, session type, image version, VM size, naming pattern, min/max/spare, provisioning, power and logoff policies, placement). Its machines are provisioned by the simulation.',
    input: POOL_SPEC,
    mutates: true,
    permission: 'configure',
  }),
  'pool-update': method<Pool>()({
    description:
      'Edit a pool: display name, VM size and naming for new machines, min/max/spare, provisioning, power and logoff policies, protocol, load balancing, datastores. Growing adds machines; shrinking removes unused ones. (Kind, assignment, session type, cluster and ID are fixed; the image changes by push image.)',
    input: POOL_EDIT,
    mutates: true,
    permission: 'configure',
  }),
  'pool-delete': method<{ deleted: boolean; machines: number }>()({
    description: 'Delete a pool and its machines. A pool with sessions needs force: true (its users are logged off).',
    input: z.strictObject({ id, force: z.boolean().optional() }),
    mutates: true,
    permission: 'configure',
  }),
  'pool-set-enabled': method<Pool>()({
    description: 'Enable or disable a pool (a disabled pool accepts no new connections).',
    input: z.strictObject({ id, enabled: z.boolean() }),
    mutates: true,
    permission: 'configure',
  }),
  'pool-set-provisioning': method<Pool>()({
    description: 'Enable or disable provisioning of new machines in a pool.',
    input: z.strictObject({ id, enabled: z.boolean() }),
    mutates: true,
    permission: 'configure',
  }),
  'pool-set-cpu-allocation': method<Pool>()({
    description: 'Set the CPU resource settings of every machine in a pool: shares (low/normal/high), reservation and limit in MHz (limit null = unlimited).',
    input: z
      .strictObject({
        id,
        shares: z.enum(CPU_SHARES_LEVELS).optional(),
        reservationMhz: z.number().int().min(0).max(1_000_000).optional(),
        limitMhz: z.number().int().min(1).max(1_000_000).nullable().optional(),
      })
      .refine((v) => v.shares !== undefined || v.reservationMhz !== undefined || v.limitMhz !== undefined, {
        message: 'give at least one of shares, reservationMhz, limitMhz',
      }),
    mutates: true,
    permission: 'configure',
  }),
  'pool-set-drain': method<Pool>()({
    description: 'Drain mode for a multi-session pool (AVD: drain mode): existing sessions stay and may reconnect, no new sessions.',
    input: z.strictObject({ id, drain: z.boolean() }),
    mutates: true,
    permission: 'configure',
  }),
  'pool-get-scaling-plan': method<ScalingPlan | null>()({
    description: 'The scaling plan (autoscale) of a multi-session pool, or null.',
    input: z.strictObject({ id }),
    mutates: false,
    permission: 'read',
  }),
  'pool-set-scaling-plan': method<ScalingPlan | null>()({
    description:
      'Set or remove (plan: null) the scaling plan of a multi-session pool: ramp-up, peak, ramp-down and off-peak phases with start time, capacity threshold %, minimum % of hosts on and load balancing; capacity buffer; power-off delay.',
    input: z.strictObject({
      id,
      plan: z
        .strictObject({
          phases: z
            .array(
              z.strictObject({
                name: z.enum(SCALING_PHASES),
                start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM'),
                capacityThresholdPct: z.number().int().min(1).max(100),
                minHostsPct: z.number().int().min(0).max(100),
                loadBalancing: z.enum(LOAD_BALANCING),
              }),
            )
            .length(4),
          capacityBufferPct: z.number().int().min(0).max(100).default(10),
          powerOffDelayMinutes: z.number().int().min(0).max(1440).default(15),
          weekdaysOnly: z.boolean().default(true),
        })
        .nullable(),
    }),
    mutates: true,
    permission: 'configure',
  }),
  'desktop-assign': method<Desktop>()({
    description: 'Assign a dedicated desktop to a user (the user must be entitled to its pool and own no other desktop in it).',
    input: z.strictObject({ id, userId: id }),
    mutates: true,
    permission: 'configure',
  }),
  'desktop-unassign': method<Desktop>()({
    description: 'Remove the user assignment of a dedicated desktop (refused while that user has a session on it).',
    input: z.strictObject({ id }),
    mutates: true,
    permission: 'configure',
  }),
  'desktop-list': method<{ total: number; rows: DesktopRow[] }>()({
    description: 'Desktops (VDI machines and session hosts), filtered by pool, host, state, power state or a search text.',
    input: z.strictObject({
      poolId: id.optional(),
      hostId: id.optional(),
      state: z.enum(MACHINE_STATES).optional(),
      powerState: z.enum(POWER_STATES).optional(),
      problemsOnly: z.boolean().optional(),
      search: search.optional(),
      limit: limit.optional(),
      offset: offset.optional(),
    }),
    mutates: false,
    permission: 'read',
  }),
  'desktop-get': method<Desktop>()({ description: 'One desktop with all its fields.', input: z.strictObject({ id }), mutates: false, permission: 'read' }),
  'desktop-set-maintenance': method<Desktop>()({
    description: 'Put a desktop into maintenance mode (no new sessions) or take it out.',
    input: z.strictObject({ id, maintenance: z.boolean() }),
    mutates: true,
    permission: 'configure',
  }),
};
