// Cluster operations: live migration, host maintenance, DRS, HA, host power: this domain's part of the method map and push topics
// (spread into `methods` and `topics` in methods.ts).
import { z } from 'zod';
import { method } from './define.ts';
import type { AffinityRule, ClusterSettings, ClusterStatus, DrsRecommendation, FrozenDesktop, MigrationEstimate } from './cluster-entities.ts';
import { DRS_AUTOMATION, HA_PRIORITIES, HOST_FAILURE_MODES, RULE_KINDS } from './cluster-entities.ts';
import type { ClusterTask } from './entities.ts';

const id = z.string().min(1).max(64);
/** Up to 32 VMs per call (the console's convention for id lists). */
const ids = z.array(id).min(1).max(32);
const clusterId = id;
const hostName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'a host name: letters, digits, dots and dashes');

/** A host design for host-add; anything left out is copied from the cluster's other hosts. */
const HOST_DESIGN = z.strictObject({
  vendor: z.string().min(1).max(40).optional(),
  model: z.string().min(1).max(60).optional(),
  sockets: z.number().int().min(1).max(8).optional(),
  coresPerSocket: z.number().int().min(1).max(128).optional(),
  ghz: z.number().min(1).max(6).optional(),
  hyperthreading: z.boolean().optional(),
  ramGb: z.number().int().min(16).max(24576).optional(),
  nics: z.number().int().min(1).max(8).optional(),
  nicGbps: z.union([z.literal(1), z.literal(10), z.literal(25), z.literal(40), z.literal(100)]).optional(),
});

export const clusterMethods = {
  'cluster-settings-get': method<ClusterSettings>()({
    description: 'DRS, HA, admission control and live-migration settings of a cluster.',
    input: z.strictObject({ clusterId }),
    mutates: false,
    permission: 'read',
  }),
  'cluster-set-drs': method<ClusterSettings>()({
    description: 'DRS automation level (manual / partially / fully automated) and migration threshold 1 (conservative) .. 5 (aggressive).',
    input: z.strictObject({ clusterId, automation: z.enum(DRS_AUTOMATION).optional(), threshold: z.number().int().min(1).max(5).optional() }),
    mutates: true,
    permission: 'configure',
  }),
  'cluster-set-ha': method<ClusterSettings>()({
    description:
      'vSphere HA on or off, datastore heartbeating, default restart priority and admission control (percentage reserve or host failures tolerated).',
    input: z.strictObject({
      clusterId,
      enabled: z.boolean().optional(),
      datastoreHeartbeat: z.boolean().optional(),
      defaultRestartPriority: z.enum(['high', 'medium', 'low']).optional(),
      admissionControl: z
        .strictObject({
          policy: z.enum(['percentage', 'host-failures', 'disabled']),
          cpuPct: z.number().int().min(0).max(100).optional(),
          memPct: z.number().int().min(0).max(100).optional(),
          hostFailures: z.number().int().min(0).max(31).optional(),
        })
        .optional(),
    }),
    mutates: true,
    permission: 'configure',
  }),
  'cluster-set-vmotion': method<ClusterSettings>()({
    description: 'Live-migration switchover (downtime) target in ms and the maximum number of pre-copy rounds.',
    input: z.strictObject({
      clusterId,
      downtimeTargetMs: z.number().int().min(10).max(10_000).optional(),
      maxRounds: z.number().int().min(1).max(100).optional(),
    }),
    mutates: true,
    permission: 'configure',
  }),
  'cluster-status': method<ClusterStatus>()({
    description:
      'Live cluster state: host states (entering maintenance n of m, failed), migrations in flight, imbalance, admission control and the HA timeline.',
    input: z.strictObject({ clusterId }),
    mutates: false,
    permission: 'read',
  }),
  'rule-list': method<AffinityRule[]>()({
    description: 'DRS affinity rules (VM-VM and VM-host) of a cluster, or of every cluster, with compliance.',
    input: z.strictObject({ clusterId: clusterId.optional() }),
    mutates: false,
    permission: 'read',
  }),
  'rule-create': method<AffinityRule>()({
    description:
      'Adds a VM-VM (affinity / anti-affinity) or VM-host (must / should, run / not run on a host group) rule; a rule that can never be met is refused.',
    input: z.strictObject({
      clusterId,
      name: z.string().trim().min(1).max(64),
      kind: z.enum(RULE_KINDS),
      desktopIds: ids,
      hostGroup: z.strictObject({ name: z.string().trim().min(1).max(64), hostIds: z.array(id).max(64) }).optional(),
      enabled: z.boolean().default(true),
    }),
    mutates: true,
    permission: 'configure',
  }),
  'rule-set-enabled': method<AffinityRule>()({
    description: 'Enables or disables an affinity rule.',
    input: z.strictObject({ id, enabled: z.boolean() }),
    mutates: true,
    permission: 'configure',
  }),
  'drs-recommendations': method<DrsRecommendation[]>()({
    description: 'DRS recommendations for a cluster now, each with its reason and the imbalance before and after.',
    input: z.strictObject({ clusterId }),
    mutates: false,
    permission: 'read',
  }),
  'drs-apply': method<ClusterTask>()({
    description: 'Applies DRS recommendations (the ones named, or all) as a tracked migration task.',
    input: z.strictObject({ clusterId, ids: z.array(z.string().min(1).max(200)).min(1).max(500).optional() }),
    mutates: true,
    permission: 'configure',
  }),
  'rule-delete': method<{ deleted: boolean }>()({
    description: 'Deletes an affinity rule.',
    input: z.strictObject({ id }),
    mutates: true,
    permission: 'configure',
  }),
  'vm-migrate-estimate': method<MigrationEstimate>()({
    description: 'What a live migration of a desktop to a host would take (pre-copy rounds, duration, downtime) and whether the host would refuse it.',
    input: z.strictObject({ desktopId: id, toHostId: id }),
    mutates: false,
    permission: 'read',
  }),
  'vm-migrate': method<ClusterTask>()({
    description: 'Live-migrates powered-on desktops or session hosts (cold-migrates powered-off ones) to a host, or to the best host DRS picks.',
    input: z.strictObject({ desktopIds: ids, toHostId: id.optional() }),
    mutates: true,
    permission: 'configure',
  }),
  'vm-set-restart-priority': method<{ updated: number }>()({
    description: 'vSphere HA restart priority of desktops (high / medium / low / disabled).',
    input: z.strictObject({ desktopIds: ids, priority: z.enum(HA_PRIORITIES) }),
    mutates: true,
    permission: 'configure',
  }),
  'vm-power-on': method<{ desktopId: string; powerState: 'poweredOn' }>()({
    description: 'Powers a desktop on, unless HA admission control says the power-on would break the failover reserve.',
    input: z.strictObject({ desktopId: id }),
    mutates: true,
    permission: 'configure',
  }),
  'vm-frozen-list': method<FrozenDesktop[]>()({
    description: 'Desktops frozen right now by a live-migration switchover, and until when (the thin-client view shows the short freeze).',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'host-enter-maintenance': method<ClusterTask>()({
    description: 'Evacuates a host by live migration and puts it in maintenance mode; refused when there is no room, unless `wait` is set.',
    input: z.strictObject({ hostId: id, wait: z.boolean().default(false), movePoweredOff: z.boolean().default(true) }),
    mutates: true,
    permission: 'configure',
  }),
  'host-exit-maintenance': method<ClusterTask>()({
    description: 'Takes a host out of maintenance mode.',
    input: z.strictObject({ hostId: id }),
    mutates: true,
    permission: 'configure',
  }),
  'host-add': method<ClusterTask>()({
    description: 'Adds a host to a cluster, of the same design as its peers unless specified; it joins in maintenance mode if asked.',
    input: z.strictObject({ clusterId, name: hostName.optional(), design: HOST_DESIGN.optional(), maintenance: z.boolean().default(false) }),
    mutates: true,
    permission: 'configure',
  }),
  'host-power': method<ClusterTask>()({
    description: 'Powers a host on, or off (only when it holds no powered-on VM: empty or in maintenance).',
    input: z.strictObject({ hostId: id, action: z.enum(['on', 'off']) }),
    mutates: true,
    permission: 'configure',
  }),
  'host-remove': method<ClusterTask>()({
    description: 'Removes an empty host (in maintenance mode, no VMs registered) from its cluster.',
    input: z.strictObject({ hostId: id }),
    mutates: true,
    permission: 'configure',
  }),
  'host-fail': method<ClusterTask>()({
    description: 'Training: injects a host failure (power loss or network isolation); HA detects it and restarts its VMs.',
    input: z.strictObject({ hostId: id, mode: z.enum(HOST_FAILURE_MODES) }),
    mutates: true,
    permission: 'simulate',
  }),
  'host-repair': method<ClusterTask>()({
    description: 'Repairs a failed host (power restored or network back); it boots and rejoins the cluster.',
    input: z.strictObject({ hostId: id }),
    mutates: true,
    permission: 'simulate',
  }),
};

export const clusterTopics = {};
