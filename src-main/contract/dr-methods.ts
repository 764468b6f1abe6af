// Sites and disaster recovery (issue 19): this domain's part of the method map (spread into `methods` in methods.ts).

import { z } from 'zod';
import { method } from './define.ts';

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1, 'give it a name').max(80);

export const REPLICATION_TYPES = ['array', 'hypervisor'] as const;
export type ReplicationType = (typeof REPLICATION_TYPES)[number];
export const RECOVERY_RUN_MODES = ['test', 'test-cleanup', 'planned', 'disaster', 'failback'] as const;
export type RecoveryRunMode = (typeof RECOVERY_RUN_MODES)[number];

/** One site with what runs in it: its clusters (hosts up / total), datastores and networks. */
export interface SiteOverview {
  id: string;
  name: string;
  location: string;
  /** up: every host answers; degraded: some do not; lost: the site was destroyed (site-fail) and not yet repaired. */
  status: 'up' | 'degraded' | 'lost';
  lostAt: string | null;
  clusters: { id: string; name: string; hosts: number; hostsUp: number; desktops: number; poweredOn: number }[];
  datastores: { id: string; name: string; clusterId: string; type: string; capacityGb: number; usedGb: number }[];
  networks: { id: string; name: string; clusterId: string; vlan: number; portGroup: string; subnet: string }[];
  pools: { id: string; name: string; machines: number; sessions: number }[];
}

export interface SiteLinkView {
  id: string;
  name: string;
  siteA: string;
  siteB: string;
  bandwidthMbps: number;
  latencyMs: number;
  up: boolean;
  /** Replication offered to the link and what it carries, Mbit/s; utilisation of its usable share. */
  offeredMbps: number;
  carriedMbps: number;
  utilisationPct: number;
}

export interface ProtectionGroupView {
  id: string;
  name: string;
  replication: ReplicationType;
  rpoTargetMin: number;
  protectedSiteId: string;
  recoverySiteId: string;
  pools: { id: string; name: string; machines: number }[];
  vms: number;
  /** Live replication figures at the lab's simulated now. */
  backlogMb: number;
  currentRpoSec: number;
  offeredMbps: number;
  shareMbps: number;
  saturated: boolean;
  withinTarget: boolean;
}

export interface RecoveryPlanView {
  id: string;
  name: string;
  state: 'ready' | 'test' | 'failed-over';
  groups: { groupId: string; name: string; priority: number }[];
}

export interface GlobalEntitlementView {
  id: string;
  name: string;
  scope: 'any' | 'site';
  pools: { id: string; name: string; siteId: string; siteName: string }[];
  /** Re-routes active because a site was lost or a plan failed over: users of `from` are brokered to `to`. */
  routes: { fromPoolId: string; toPoolId: string; principals: number }[];
}

export interface RecoveryRun {
  id: string;
  planId: string;
  planName: string;
  mode: RecoveryRunMode;
  startedAt: string;
  finishedAt: string;
  /** Age of the data recovered (what was lost): null for a test cleanup. */
  achievedRpoSec: number | null;
  rtoSec: number;
  timeline: { atSec: number; durationSec: number; step: string }[];
}

export interface DrOverview {
  simTime: string;
  links: SiteLinkView[];
  protectionGroups: ProtectionGroupView[];
  plans: RecoveryPlanView[];
  globalEntitlements: GlobalEntitlementView[];
  runs: RecoveryRun[];
}

export const drMethods = {
  'site-overview': method<SiteOverview[]>()({
    description: 'Every site with its status (up, degraded, lost), clusters (hosts up), datastores, networks and pools.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'site-link-set': method<SiteLinkView>()({
    description: "Sets an inter-site link's bandwidth (Mbit/s) and latency: what replication may use of it follows (the replication backlog is settled first).",
    input: z.strictObject({ id, bandwidthMbps: z.number().min(1).max(400_000), latencyMs: z.number().min(0).max(500).optional() }),
    mutates: true,
    permission: 'configure',
  }),
  'dr-overview': method<DrOverview>()({
    description:
      'Disaster recovery at the simulated now: inter-site links and their replication load, protection groups (backlog, current RPO), recovery plans, global entitlements and recovery runs (timeline, achieved RPO and RTO).',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'protection-group-create': method<ProtectionGroupView>()({
    description:
      'Protects desktop pools of one site by replicating them to another (array-based or vSphere Replication) with an RPO target of 5–1,440 minutes.',
    input: z.strictObject({
      name,
      replication: z.enum(REPLICATION_TYPES),
      rpoMinutes: z.number().int().min(5).max(1440),
      poolIds: z.array(id).min(1).max(32),
      recoverySiteId: id,
    }),
    mutates: true,
    permission: 'configure',
  }),
  'protection-group-delete': method<{ deleted: true }>()({
    description: 'Stops replicating a protection group (refused while a recovery plan that uses it is under test or failed over).',
    input: z.strictObject({ id }),
    mutates: true,
    permission: 'configure',
  }),
  'recovery-plan-create': method<RecoveryPlanView>()({
    description: 'A recovery plan: protection groups in priority groups 1 (first) to 5, all recovering to the same site.',
    input: z.strictObject({
      name,
      groups: z
        .array(z.strictObject({ groupId: id, priority: z.number().int().min(1).max(5) }))
        .min(1)
        .max(32),
    }),
    mutates: true,
    permission: 'configure',
  }),
  'recovery-plan-delete': method<{ deleted: true }>()({
    description: 'Deletes a recovery plan that is ready (not under test, not failed over).',
    input: z.strictObject({ id }),
    mutates: true,
    permission: 'configure',
  }),
  'recovery-plan-run': method<RecoveryRun>()({
    description:
      'Runs a recovery plan: test (into an isolated network, production untouched), test-cleanup, planned migration (protected site up: final sync, no data lost), disaster (protected site lost: recover from the last replica), or failback (after a failover, back to the protected site).',
    input: z.strictObject({ id, mode: z.enum(RECOVERY_RUN_MODES) }),
    mutates: true,
    permission: 'configure',
  }),
  'global-entitlement-create': method<GlobalEntitlementView>()({
    description:
      "A Cloud Pod Architecture global entitlement: desktop pools at two or more sites offered as one; when a member pool's site is lost, its users are brokered to the members at the other sites.",
    input: z.strictObject({ name, scope: z.enum(['any', 'site']).default('any'), poolIds: z.array(id).min(2).max(16) }),
    mutates: true,
    permission: 'configure',
  }),
  'global-entitlement-delete': method<{ deleted: true }>()({
    description: 'Deletes a global entitlement and any re-routes it holds (the entitlements it added are removed).',
    input: z.strictObject({ id }),
    mutates: true,
    permission: 'configure',
  }),
  'site-fail': method<SiteOverview>()({
    description:
      'Training: destroys a site — every running host of its clusters loses power at once (HA has nowhere to restart them), the inter-site link goes down, and global entitlements broker the site’s users to pools at the other sites.',
    input: z.strictObject({ siteId: id }),
    mutates: true,
    permission: 'simulate',
  }),
  'site-repair': method<SiteOverview>()({
    description:
      'Brings a lost site back: its hosts power on and boot; the link returns. Users stay at the recovery site until failback or until the global entitlement routes are cleared.',
    input: z.strictObject({ siteId: id }),
    mutates: true,
    permission: 'simulate',
  }),
};
