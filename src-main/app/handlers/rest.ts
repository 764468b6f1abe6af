import { LabError } from '../../contract/errors.ts';
import type { ParsedInput } from '../../contract/methods.ts';
import { listDesktopDetails, datastoreUsageByPool } from '../../store/desktops.ts';
import { usersByIds } from '../../store/directory.ts';
import { pageEvents } from '../../store/events.ts';
import { listDatastores } from '../../store/inventory.ts';
import { assignedMachineCounts, getPool } from '../../store/pools.ts';
import type { AppContext, Handlers } from '../context.ts';
import { REST_AUTH_PARAMS, restAdminFor } from '../rest-admin.ts';
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

  'rest-fault-list': (_input, ctx) => restAdminFor(ctx.services.dataDir).listFaults(),
  'rest-fault-set': (input, ctx) => {
    const { status, message, retryAfterSeconds, ...rest } = input;
    return restAdminFor(ctx.services.dataDir).setFault({
      ...rest,
      ...(status !== undefined ? { status } : {}),
      ...(message !== undefined ? { message } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });
  },
  'rest-fault-clear': (input, ctx) => {
    const admin = restAdminFor(ctx.services.dataDir);
    if (input.id !== undefined && !admin.listFaults().some((r) => r.id === input.id)) {
      throw new LabError('not-found', `No injected fault with id "${input.id}"`, ['id']);
    }
    return { removed: admin.clearFaults(input.id) };
  },
  'rest-log-list': (input, ctx) => restAdminFor(ctx.services.dataDir).listLog(input.afterId, input.limit),
  'rest-credentials-get': (_input, ctx) => {
    const c = restAdminFor(ctx.services.dataDir).credentials;
    if (c) return { ...c, scriptTokens: c.scriptTokens() };
    const p = REST_AUTH_PARAMS;
    return {
      username: p.username,
      domain: p.domain,
      dnsDomain: p.dnsDomain,
      passwordSource: 'not-served',
      accessTokenTtlSeconds: p.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: p.refreshTokenTtlSeconds,
      scriptTokens: [],
    };
  },
};
