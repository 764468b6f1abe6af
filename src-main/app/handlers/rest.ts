import { LabError } from '../../contract/errors.ts';
import type { ParsedInput } from '../../contract/methods.ts';
import { listDesktopDetails, datastoreUsageByPool } from '../../store/desktops.ts';
import { usersByIds } from '../../store/directory.ts';
import { pageEvents } from '../../store/events.ts';
import { listDatastores } from '../../store/inventory.ts';
import { assignedMachineCounts, getPool } from '../../store/pools.ts';
import type { FaultRule, RequestLogEntry, RestCredentials } from '../../contract/rest-entities.ts';
import type { AppContext, Handlers } from '../context.ts';
import { restAdminFor, runRestAdminOp, type RestAdminOp } from '../rest-admin.ts';
import { sessionBreakdown, sessionPage } from '../rest-views.ts';
import { poolEditHandlers } from './pool-edit.ts';
import { poolHandlers } from './pools.ts';

// Reads the HTTP transports need (paged machines and sessions, counts), the pool edit with its
// flags in one transaction, and the HTTP API's own administration (faults, request log).
// Machine power and recovery are in rest-actions.ts.

/** Runs another method's handler inside this one's transaction, with its error path renamed for this input. */
function nested<T>(run: () => T, rename: Record<string, string>): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof LabError && err.path?.length) {
      const [head, ...rest] = err.path;
      const to = typeof head === 'string' ? rename[head] : undefined;
      if (to) throw new LabError(err.code, err.message, [to, ...rest]);
    }
    throw err;
  }
}

function poolConfigure(input: ParsedInput<'pool-configure'>, ctx: AppContext) {
  const { enabled, provisioningEnabled, ...edit } = input;
  if (!getPool(ctx.db, input.id)) throw new LabError('not-found', `No desktop pool with id "${input.id}"`, ['id']);
  const editing = Object.entries(edit).some(([k, v]) => k !== 'id' && v !== undefined);
  if (editing) nested(() => poolEditHandlers['pool-update'](edit as ParsedInput<'pool-update'>, ctx), {});
  if (enabled !== undefined) nested(() => poolHandlers['pool-set-enabled']({ id: input.id, enabled }, ctx), { enabled: 'enabled' });
  if (provisioningEnabled !== undefined) {
    nested(() => poolHandlers['pool-set-provisioning']({ id: input.id, enabled: provisioningEnabled }, ctx), { enabled: 'provisioningEnabled' });
  }
  const pool = getPool(ctx.db, input.id);
  if (!pool) throw new LabError('internal', `Pool ${input.id} vanished while it was edited`);
  return pool;
}

export const restHandlers: Pick<
  Handlers,
  | 'desktop-detail-list'
  | 'session-page'
  | 'session-breakdown'
  | 'datastore-usage'
  | 'pool-configure'
  | 'pool-assigned-counts'
  | 'event-page'
  | 'user-get-many'
  | 'rest-fault-list'
  | 'rest-fault-set'
  | 'rest-fault-clear'
  | 'rest-log-list'
  | 'rest-credentials-get'
> = {
  'desktop-detail-list': (input, ctx) => listDesktopDetails(ctx.db, input),
  'session-page': (input, ctx) => sessionPage(ctx.services.simulation(), input),
  'session-breakdown': (_input, ctx) => sessionBreakdown(ctx.services.simulation()),
  'datastore-usage': (input, ctx) => {
    if (input.datastoreId !== undefined && !listDatastores(ctx.db).some((d) => d.id === input.datastoreId)) {
      throw new LabError('not-found', `No datastore with id "${input.datastoreId}"`, ['datastoreId']);
    }
    return datastoreUsageByPool(ctx.db, input.datastoreId);
  },
  'pool-configure': (input, ctx) => poolConfigure(input, ctx),
  'pool-assigned-counts': (_input, ctx) => assignedMachineCounts(ctx.db),
  'event-page': (input, ctx) => {
    if (input.fromSimTime !== undefined && input.toSimTime !== undefined && input.fromSimTime > input.toSimTime) {
      throw new LabError('invalid-input', 'fromSimTime is after toSimTime', ['fromSimTime']);
    }
    // Stored times are ISO strings with milliseconds: normalise the bounds so they compare as times.
    const norm = (t: string | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
    return pageEvents(ctx.db, { ...input, fromSimTime: norm(input.fromSimTime), toSimTime: norm(input.toSimTime) });
  },
  'user-get-many': (input, ctx) => usersByIds(ctx.db, input.ids),

  'rest-fault-list': (_input, ctx) => restAdmin(ctx, { op: 'list-faults' }) as Promise<FaultRule[]>,
  'rest-fault-set': (input, ctx) => {
    const { status, message, retryAfterSeconds, ...rest } = input;
    const rule = {
      ...rest,
      ...(status !== undefined ? { status } : {}),
      ...(message !== undefined ? { message } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    };
    return restAdmin(ctx, { op: 'set-fault', rule }) as Promise<FaultRule>;
  },
  'rest-fault-clear': (input, ctx) =>
    restAdmin(ctx, { op: 'clear-faults', ...(input.id !== undefined ? { id: input.id } : {}) }) as Promise<{ removed: number }>,
  'rest-log-list': (input, ctx) =>
    restAdmin(ctx, {
      op: 'list-log',
      ...(input.afterId !== undefined ? { afterId: input.afterId } : {}),
      ...(input.limit !== undefined ? { limit: input.limit } : {}),
    }) as Promise<{ total: number; entries: RequestLogEntry[] }>,
  'rest-credentials-get': (_input, ctx) => restAdmin(ctx, { op: 'credentials' }) as Promise<RestCredentials>,
};

/** The HTTP API's state is the front's: here when the host runs in its thread, over the runner's channel when not. */
async function restAdmin(ctx: AppContext, o: RestAdminOp): Promise<unknown> {
  return ctx.services.restAdmin ? ctx.services.restAdmin(o) : runRestAdminOp(restAdminFor(ctx.services.dataDir), o);
}
