import { z } from 'zod';
import { method, topic } from './define.ts';
import { sessionMethods, sessionTopics } from './session-methods.ts';
import { snapshotMethods, snapshotTopics } from './snapshot-methods.ts';
import { clusterMethods, clusterTopics } from './cluster-methods.ts';
import { capacityMethods, capacityTopics } from './capacity-methods.ts';
import { restMethods } from './rest-methods.ts';
import { pushMethods } from './push-methods.ts';
import { desktopMethods } from './desktop-methods.ts';
import { adminMethods } from './admin-methods.ts';
import { faultMethods } from './fault-methods.ts';
import { scenarioMethods } from './scenario-methods.ts';
import { replayMethods } from './replay-methods.ts';
import { alarmMethods } from './alarm-methods.ts';
import { drMethods } from './dr-methods.ts';
import { deliveryMethods } from './capacity-delivery.ts';
import { hardwareMethods } from './hardware-methods.ts';
import { trendMethods } from './trend-methods.ts';
import { tenantMethods } from './tenant-methods.ts';
import { poolMethods } from './pool-methods.ts';
import type {
  Cluster,
  DashboardSummary,
  Datastore,
  DesktopRow,
  Entitlement,
  GoldenImage,
  Group,
  Host,
  LabEvent,
  LabInfo,
  Network,
  ObjectKind,
  Settings,
  Site,
  User,
} from './entities.ts';
import { EVENT_TYPES, LAB_PROFILES, OBJECT_KINDS, SEVERITIES, VOCABULARIES } from './entities.ts';
import { CLOCK_SPEEDS, METRIC_RANGES, METRIC_SCOPES, type ClockState, type MetricSeries, type MetricsNow } from './simulation.ts';

// Input building blocks. Objects are strict: a misspelt field is an error, not a silent no-op.
const id = z.string().min(1).max(64);
const none = z.strictObject({});
const search = z.string().max(200);
const limit = z.number().int().min(1).max(20000);
const offset = z.number().int().min(0);

export const methods = {
  // ---- lab ----
  'lab-info': method<LabInfo>()({
    description: 'The lab this host serves: profile, seed, simulated time and object counts.',
    input: none,
    mutates: false,
    permission: 'read',
  }),
  'lab-reset': method<LabInfo>()({
    description: 'Throw the current lab away and generate a new one from a profile and seed (requires confirm: true).',
    input: z.strictObject({
      profile: z.enum(LAB_PROFILES),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1),
      confirm: z.literal(true),
    }),
    mutates: true,
    permission: 'simulate',
  }),
  'dashboard-summary': method<DashboardSummary>()({
    description: 'The estate at a glance: hosts, desktops by state, sessions, capacity allocated, events.',
    input: none,
    mutates: false,
    permission: 'read',
  }),

  // ---- inventory ----
  'site-list': method<Site[]>()({ description: 'Every site (datacenter) of the lab, with its location.', input: none, mutates: false, permission: 'read' }),
  'cluster-list': method<Cluster[]>()({
    description: 'All clusters with their DRS / HA settings and totals.',
    input: none,
    mutates: false,
    permission: 'read',
  }),
  'host-list': method<Host[]>()({
    description: 'Hosts, optionally of one cluster, with allocation totals.',
    input: z.strictObject({ clusterId: id.optional() }),
    mutates: false,
    permission: 'read',
  }),
  'host-get': method<{ host: Host; desktops: DesktopRow[] }>()({
    description: 'One host and the desktops placed on it.',
    input: z.strictObject({ id }),
    mutates: false,
    permission: 'read',
  }),
  'datastore-list': method<Datastore[]>()({
    description: 'Datastores, optionally of one cluster, with capacity, IOPS and use.',
    input: z.strictObject({ clusterId: id.optional() }),
    mutates: false,
    permission: 'read',
  }),
  'network-list': method<Network[]>()({
    description: 'Networks (port groups / VLANs).',
    input: none,
    mutates: false,
    permission: 'read',
  }),
  'image-list': method<GoldenImage[]>()({
    description: 'Golden images with their versions (snapshots of the image VM).',
    input: none,
    mutates: false,
    permission: 'read',
  }),

  // ---- pools and desktops (pool-methods.ts) ----
  ...poolMethods,
  // ---- users and entitlements ----
  'user-list': method<{ total: number; rows: User[] }>()({
    description: 'Users, optionally of one group or matching a search text.',
    input: z.strictObject({ groupId: id.optional(), search: search.optional(), limit: limit.optional(), offset: offset.optional() }),
    mutates: false,
    permission: 'read',
  }),
  'group-list': method<Group[]>()({
    description: 'Groups with member counts and the pools they are entitled to.',
    input: none,
    mutates: false,
    permission: 'read',
  }),
  'entitlement-list': method<Entitlement[]>()({
    description: 'Entitlements: which users and groups may use which pools.',
    input: z.strictObject({ poolId: id.optional() }),
    mutates: false,
    permission: 'read',
  }),
  'entitlement-add': method<Entitlement>()({
    description: 'Entitle a user or group to a pool.',
    input: z.strictObject({ poolId: id, principalType: z.enum(['user', 'group']), principalId: id }),
    mutates: true,
    permission: 'configure',
  }),
  'entitlement-remove': method<{ removed: boolean }>()({
    description: 'Remove the entitlement of a user or group to a pool (existing sessions are kept).',
    input: z.strictObject({ poolId: id, principalType: z.enum(['user', 'group']), principalId: id }),
    mutates: true,
    permission: 'configure',
  }),

  // ---- events ----
  'event-list': method<{ total: number; unacknowledged: number; rows: LabEvent[] }>()({
    description:
      'Events and audit records, newest first by simulated time then by the order they were written, filtered by type, severity, object, acknowledgement or text; paged by a cursor (beforeId: the last event of the previous page) or an offset.',
    input: z.strictObject({
      type: z.enum(EVENT_TYPES).optional(),
      severity: z.enum(SEVERITIES).optional(),
      objectKind: z.enum(OBJECT_KINDS).optional(),
      objectId: id.optional(),
      acknowledged: z.boolean().optional(),
      search: search.optional(),
      limit: limit.optional(),
      /** The next page: the events after this one (the last of the page before) in the list's order. */
      beforeId: z.number().int().min(1).optional(),
      /** Or skip this many (a page number times the page size). */
      offset: offset.max(10_000_000).optional(),
    }),
    mutates: false,
    permission: 'read',
  }),
  'event-acknowledge': method<{ acknowledged: number }>()({
    description: 'Acknowledge events by id (already acknowledged ones are left as they are).',
    input: z.strictObject({ ids: z.array(z.number().int().min(1)).min(1).max(10000) }),
    mutates: true,
    permission: 'helpdesk',
  }),

  // ---- simulation clock and metrics ----
  'clock-get': method<ClockState>()({
    description: 'The simulated clock: date and time, speed, whether it runs.',
    input: none,
    mutates: false,
    permission: 'read',
  }),
  'clock-set': method<ClockState>()({
    description: 'Set the clock speed: paused, 1, 10, 60 or 600 simulated seconds per second, or max (as fast as possible).',
    input: z.strictObject({ speed: z.enum(CLOCK_SPEEDS) }),
    mutates: true,
    permission: 'simulate',
  }),
  'clock-step': method<ClockState>()({
    description: 'Advance a paused clock by a number of simulated seconds (1 s to 7 days).',
    input: z.strictObject({
      seconds: z
        .number()
        .int()
        .min(1)
        .max(7 * 86400),
    }),
    mutates: true,
    permission: 'simulate',
    runs: true,
  }),
  'metrics-current': method<MetricsNow>()({
    description: 'Live figures now: per host (CPU, ready, memory state, ballooned and swapped MB, watts, sessions, UX), datastore, pool, cluster and estate.',
    input: none,
    mutates: false,
    permission: 'read',
  }),
  'metrics-series': method<MetricSeries>()({
    description:
      'A metric time series for the estate, a cluster, host, datastore or pool (its id; none for the estate): last hour raw (20 s), longer ranges from rollups.',
    input: z
      .strictObject({ scope: z.enum(METRIC_SCOPES), id: id.optional(), range: z.enum(METRIC_RANGES) })
      .refine((v) => v.scope === 'estate' || v.id !== undefined, { message: 'is required for a cluster, host, datastore or pool', path: ['id'] })
      .refine((v) => v.scope !== 'estate' || v.id === undefined, { message: 'is not taken for the estate (it has one series)', path: ['id'] }),
    mutates: false,
    permission: 'read',
  }),

  // ---- console preferences (not part of the lab; no event) ----
  'settings-get': method<Settings>()({
    description: 'Console preferences: theme, last page, sidebar, vocabulary (Horizon, Citrix or AVD terms).',
    input: none,
    mutates: false,
    permission: 'read',
  }),
  'settings-set': method<Settings>()({
    description: 'Change console preferences.',
    input: z.strictObject({
      theme: z.enum(['light', 'dark', 'system']).optional(),
      lastRoute: z.string().max(200).regex(/^\//, 'a route starts with /').optional(),
      sidebarOpen: z.boolean().optional(),
      vocabulary: z.enum(VOCABULARIES).optional(),
    }),
    mutates: true,
    permission: 'self',
  }),

  // ---- domains in their own files (sessions and the broker, snapshots and checkpoints, cluster operations, capacity) ----
  ...sessionMethods,
  ...snapshotMethods,
  ...clusterMethods,
  ...capacityMethods,
  ...restMethods,
  ...pushMethods,
  ...desktopMethods,
  ...adminMethods,
  ...faultMethods,
  ...scenarioMethods,
  ...alarmMethods,
  ...trendMethods,
  ...drMethods,
  ...tenantMethods,
  ...deliveryMethods,
  ...hardwareMethods,
  // last: a replay's view and branch act on the whole lab (the contract test runs methods in this order)
  ...replayMethods,
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller sends (before defaults and coercion). */
export type Input<K extends MethodName> = z.input<Methods[K]['input']>;
/** What a handler receives (after the schema parsed it). */
export type ParsedInput<K extends MethodName> = z.output<Methods[K]['input']>;
export type Result<K extends MethodName> = Methods[K] extends { __result?: infer R } ? R : never;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

// ---- push topics ----
export const topics = {
  'event-added': topic<LabEvent>('An event or audit record was written.'),
  'lab-changed': topic<{ kinds: ObjectKind[] }>('Objects of these kinds changed; views showing them should refresh.'),
  clock: topic<ClockState>('The simulated clock moved or changed speed (at most a few times a second).'),
  metrics: topic<MetricsNow>('The latest live figures, after each batch of simulated time.'),
  ...sessionTopics,
  ...snapshotTopics,
  ...clusterTopics,
  ...capacityTopics,
};
export type Topics = typeof topics;
export type TopicName = keyof Topics;
export type Payload<T extends TopicName> = Topics[T] extends { __payload?: infer P } ? P : never;
export interface PushMessage<T extends TopicName = TopicName> {
  topic: T;
  payload: Payload<T>;
}
