// What the HTTP transports need from the contract (issue 15, contract additions A1–A4, A6–A12 of the
// Horizon REST mapping design): lean, paged reads of machines and sessions, machine power and recovery,
// datastore usage, session counts by pool, a pool edit with its flags in one transaction, event and user
// lookups, and the administration of the HTTP API (injected faults, request log, credentials).
// Spread into `methods` in methods.ts; any transport (WebSocket, IPC, CLI, /api/v1) may call them.
import { z } from 'zod';
import { method } from './define.ts';
import { MACHINE_STATES, POWER_STATES, SESSION_TYPES, type LabEvent, type Pool, type User } from './entities.ts';
import { POOL_EDIT } from './pool-schemas.ts';
import {
  DESKTOP_ORDER,
  type DatastoreUsage,
  type DesktopActionResult,
  type DesktopDetailRow,
  type FaultRule,
  type PoolAssignedCount,
  type RequestLogEntry,
  type RestCredentials,
  type SessionBreakdown,
  type SessionLeanRow,
} from './rest-entities.ts';
import { SESSION_STATES } from './session-entities.ts';

const id = z.string().min(1).max(64);
/** Machines to act on at once: Horizon's bulk actions take lists; a page of a script is at most 1,000. */
const desktopIds = z.array(id).min(1).max(1000);
const text = z.string().min(1).max(200);

/** A rule id: short and readable in the request log. */
const ruleId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a rule id is 1–64 letters, digits, ., - or _');

const FAULT_MATCH = z
  .strictObject({
    operationId: z.string().min(1).max(100).optional(),
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']).optional(),
    path: z.string().min(1).max(300).regex(/^\//, 'a path starts with /').optional(),
    pathPrefix: z.string().min(1).max(300).regex(/^\//, 'a path starts with /').optional(),
    apiMethod: z.string().min(1).max(64).optional(),
  })
  .refine((m) => Object.values(m).some((v) => v !== undefined), { message: 'match at least one of operationId, method, path, pathPrefix, apiMethod' });

export const restMethods = {
  // ---- A1: machines and session hosts in pages, joined (one SQL statement per page) ----
  'desktop-detail-list': method<{ total: number; rows: DesktopDetailRow[] }>()({
    description:
      'Desktops with their pool, host, datastore, assigned user and first live session, in pages: filtered by session type, ids, pools, states, power states, name prefix / substring / suffix, assigned users; ordered by name (default), state, power state, pool or host.',
    input: z.strictObject({
      sessionType: z.enum(SESSION_TYPES).optional(),
      ids: z.array(id).max(2000).optional(),
      poolIds: z.array(id).max(500).optional(),
      states: z.array(z.enum(MACHINE_STATES)).max(MACHINE_STATES.length).optional(),
      powerStates: z.array(z.enum(POWER_STATES)).max(POWER_STATES.length).optional(),
      namePrefix: text.optional(),
      nameContains: text.optional(),
      nameSuffix: text.optional(),
      assignedUserIds: z.array(id).max(2000).optional(),
      orderBy: z.enum(DESKTOP_ORDER).optional(),
      desc: z.boolean().optional(),
      limit: z.number().int().min(1).max(20000).optional(),
      offset: z.number().int().min(0).optional(),
    }),
    mutates: false,
    permission: 'read',
  }),
  // ---- A2: sessions in pages without live figures ----
  'session-page': method<{ total: number; rows: SessionLeanRow[] }>()({
    description:
      'Running sessions in creation order without live figures (cheap for thousands), paged, filtered by ids, pool, user, desktop, state or session type.',
    input: z.strictObject({
      ids: z.array(id).max(2000).optional(),
      poolId: id.optional(),
      userId: id.optional(),
      desktopId: id.optional(),
      state: z.enum(SESSION_STATES).optional(),
      sessionType: z.enum(SESSION_TYPES).optional(),
      limit: z.number().int().min(1).max(20000).optional(),
      offset: z.number().int().min(0).optional(),
    }),
    mutates: false,
    permission: 'read',
  }),
  // ---- A7: session counts by pool, protocol, client, session type ----
  'session-breakdown': method<SessionBreakdown>()({
    description: 'Running sessions counted by state, pool, protocol, client device and session type, and the number of distinct users.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  // ---- A3: machine power without a session ----
  'desktop-power': method<DesktopActionResult>()({
    description:
      'Restart (graceful) or reset (hard power cycle) desktops by id, with or without sessions; a restart of a desktop with sessions needs force: true (its users are logged off). All or nothing.',
    input: z.strictObject({ ids: desktopIds, action: z.enum(['restart', 'reset']), force: z.boolean().default(false) }),
    mutates: true,
    permission: 'helpdesk',
  }),
  // ---- A4: recover and rebuild ----
  'desktop-recover': method<DesktopActionResult>()({
    description:
      'Recover instant- or linked-clone machines in a problem state (error, agent unreachable, provisioning error, already used): delete and clone them again. All or nothing.',
    input: z.strictObject({ ids: desktopIds }),
    mutates: true,
    permission: 'configure',
  }),
  'desktop-rebuild': method<DesktopActionResult>()({
    description: 'Rebuild full-clone machines without sessions: create them again from the pool’s image, keeping name and assigned user. All or nothing.',
    input: z.strictObject({ ids: desktopIds }),
    mutates: true,
    permission: 'configure',
  }),
  // ---- A6: datastore usage per pool ----
  'datastore-usage': method<DatastoreUsage[]>()({
    description: 'Space used on datastores per pool: machines and GB, optionally of one datastore.',
    input: z.strictObject({ datastoreId: id.optional() }),
    mutates: false,
    permission: 'read',
  }),
  // ---- A8: a pool edit with its enabled and provisioning flags, one transaction ----
  'pool-configure': method<Pool>()({
    description: 'Edit a pool’s settings (as pool-update) and its enabled and provisioning flags in one transaction: all of it applies, or none.',
    input: z
      .strictObject({ ...POOL_EDIT.shape, enabled: z.boolean().optional(), provisioningEnabled: z.boolean().optional() })
      .refine((v) => Object.values(v).filter((x) => x !== undefined).length > 1, { message: 'give at least one setting to change' }),
    mutates: true,
    permission: 'configure',
  }),
  // ---- A12: dedicated pools' occupancy ----
  'pool-assigned-counts': method<PoolAssignedCount[]>()({
    description: 'Machines with an assigned user, per pool.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  // ---- A9: events by simulated time, paged ----
  'event-page': method<{ total: number; rows: LabEvent[] }>()({
    description: 'Events and audit records, oldest first, within a simulated time window, paged by offset.',
    input: z.strictObject({
      fromSimTime: z.iso.datetime().optional(),
      toSimTime: z.iso.datetime().optional(),
      limit: z.number().int().min(1).max(5000).optional(),
      offset: z.number().int().min(0).optional(),
    }),
    mutates: false,
    permission: 'read',
  }),
  // ---- A10: users by id ----
  'user-get-many': method<User[]>()({
    description: 'Users by id (unknown ids are left out).',
    input: z.strictObject({ ids: z.array(id).min(1).max(2000) }),
    mutates: false,
    permission: 'read',
  }),
  // ---- A11: administration of the HTTP API (in memory, per lab folder; not lab data, no event) ----
  'rest-fault-list': method<FaultRule[]>()({
    description: 'Injected faults of the HTTP API (/rest and /api/v1): what each matches, status, delay, probability, remaining count, times fired.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'rest-fault-set': method<FaultRule>()({
    description:
      'Add or replace an injected fault: match a Horizon operationId, a method and path template, a path prefix or a contract method; answer an HTTP status and/or delay, with a probability and a count (null = unlimited).',
    input: z
      .strictObject({
        id: ruleId,
        match: FAULT_MATCH,
        status: z.number().int().min(400).max(599).optional(),
        delayMs: z.number().int().min(0).max(60_000).default(0),
        jitterMs: z.number().int().min(0).max(60_000).default(0),
        probability: z.number().min(0).max(1).default(1),
        count: z.number().int().min(1).max(1_000_000).nullable().default(null),
        message: z.string().min(1).max(500).optional(),
        retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
        when: z.enum(['before', 'after']).default('before'),
        enabled: z.boolean().default(true),
      })
      .refine((r) => r.status !== undefined || r.delayMs > 0, { message: 'a fault needs a status, a delay, or both', path: ['status'] }),
    mutates: false,
    permission: 'configure',
  }),
  'rest-fault-clear': method<{ removed: number }>()({
    description: 'Remove one injected fault by id, or all of them.',
    input: z.strictObject({ id: ruleId.optional() }),
    mutates: false,
    permission: 'configure',
  }),
  'rest-log-list': method<{ total: number; entries: RequestLogEntry[] }>()({
    description: 'The HTTP API request log, newest first: method, path, status, duration, caller, fault. Only entries after afterId when given.',
    input: z.strictObject({ afterId: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(5000).optional() }),
    mutates: false,
    permission: 'read',
  }),
  'rest-credentials-get': method<RestCredentials>()({
    description:
      'How to log in to the Horizon-compatible API: the administrator’s user name and domain (never the password), token lifetimes and script tokens.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'configure',
  }),
};
