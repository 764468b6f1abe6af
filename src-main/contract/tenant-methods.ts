// Tenants and isolation (issue 19): this domain's part of the method map (spread into `methods` in methods.ts).

import { z } from 'zod';
import { method } from './define.ts';

const id = z.string().min(1).max(64);
const tenantName = z.string().trim().min(1, 'give it a name').max(64);

/** What a tenant may own. A pool belongs to one tenant; a network (VLAN / port group) or datastore to one tenant or none (shared). */
export const TENANT_OBJECT_KINDS = ['pool', 'network', 'datastore'] as const;
export type TenantObjectKind = (typeof TENANT_OBJECT_KINDS)[number];

/** Default CPU shares of a tenant (vSphere resource pool "normal" = 4,000 CPU shares). */
export const TENANT_DEFAULT_SHARES = 4000;

/** What a tenant uses now, against its limits (live figures at the simulated now). */
export interface TenantUsage {
  desktops: number;
  poweredOn: number;
  sessions: number;
  /** CPU its desktops demand (before any limit) and get, GHz. */
  cpuDemandGhz: number;
  cpuUsedGhz: number;
  /** Configured memory of its powered-on desktops, GB. */
  memoryGb: number;
  /** Memory its powered-on desktops hold on their hosts (base + sessions, at most RAM + overhead), GB: what a memory limit is held against. */
  memoryConsumedGb: number;
  /** Memory reservations plus overheads of its powered-on desktops, GB: what admission control holds against the limit. */
  memoryReservedGb: number;
  /**
   * Memory taken from its VMs now (GB): by the balloon driver, and swapped by the host — whether its own
   * limit reclaims it or an over-committed host does (a noisy neighbour on a host it shares).
   */
  memoryBalloonedGb: number;
  memorySwappedGb: number;
  /** Of that, what its own memory limit reclaims (its VMs hold more than the limit), GB; 0 without a limit or under it. */
  memoryLimitReclaimGb: number;
  /** Its powered-on desktops whose memory pages now: in the guest (balloon, or RAM below the working set) or on the host (swapped). */
  pagingDesktops: number;
  /** Mean response time of a typical action set of its connected sessions, ms (0: none); paging and CPU ready raise it. */
  responseMs: number;
  /** Mean CPU ready of its powered-on desktops, % (host contention plus what its limit withholds). */
  cpuReadyPct: number;
  /** Share of its CPU demand its limit withholds now, %. */
  throttledPct: number;
}

export interface TenantView {
  id: string;
  name: string;
  description: string;
  cpuShares: number;
  cpuLimitGhz: number | null;
  memLimitGb: number | null;
  createdAt: string;
  pools: { id: string; name: string; machines: number }[];
  networks: { id: string; name: string; clusterId: string; vlan: number; portGroup: string; hostIds: string[] | null }[];
  datastores: { id: string; name: string; clusterId: string; capacityGb: number }[];
  usage: TenantUsage;
  /** Problems an admin should fix: a pool whose network or datastore is not the tenant's, a memory limit exceeded. */
  warnings: string[];
}

const limit = (max: number) => z.number().positive().max(max).nullable();

// Ordered so the contract test's happy paths build on each other (create before get, delete last).
export const tenantMethods = {
  'tenant-create': method<TenantView>()({
    description:
      'Creates a tenant: a name, CPU shares (default 4,000: a resource pool at Normal) and optional limits on CPU (GHz) and memory (GB) for all its desktops together.',
    input: z.strictObject({
      name: tenantName,
      description: z.string().trim().max(200).optional(),
      cpuShares: z.number().int().min(1).max(1_000_000).optional(),
      cpuLimitGhz: limit(100_000).optional(),
      memLimitGb: limit(1_000_000).optional(),
    }),
    mutates: true,
    permission: 'configure',
  }),
  'tenant-list': method<TenantView[]>()({
    description: 'Every tenant with what it owns (pools, networks, datastores), its share and limits, and its usage now.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'tenant-get': method<TenantView>()({
    description: 'One tenant with what it owns, its share and limits, and its usage now.',
    input: z.strictObject({ id }),
    mutates: false,
    permission: 'read',
  }),
  'tenant-update': method<TenantView>()({
    description: "Changes a tenant's name, description, CPU shares or limits (null removes a limit).",
    input: z.strictObject({
      id,
      name: tenantName.optional(),
      description: z.string().trim().max(200).optional(),
      cpuShares: z.number().int().min(1).max(1_000_000).optional(),
      cpuLimitGhz: limit(100_000).optional(),
      memLimitGb: limit(1_000_000).optional(),
    }),
    mutates: true,
    permission: 'configure',
  }),
  'tenant-assign': method<TenantView | null>()({
    description:
      "Gives a pool, network or datastore to a tenant (tenantId null: back to shared; a pool cannot be shared). Refused when it would break isolation: a pool's network and datastores must be its tenant's, and a network or datastore another tenant's desktops use cannot move.",
    input: z.strictObject({ tenantId: id.nullable(), kind: z.enum(TENANT_OBJECT_KINDS), objectId: id }),
    mutates: true,
    permission: 'configure',
  }),
  'network-hosts-set': method<{ networkId: string; hostIds: string[] | null }>()({
    description:
      'The hosts a port group exists on (a standard vSwitch configured on some hosts); null: every host of its cluster (a distributed switch). Placement, migration, DRS and HA only put a VM on hosts that carry all of its networks. Refused while a running VM on the network sits on a host left out.',
    input: z.strictObject({ networkId: id, hostIds: z.array(id).min(1).max(10_000).nullable() }),
    mutates: true,
    permission: 'configure',
  }),
  'account-set-tenant': method<{ id: string; tenantId: string | null }>()({
    description:
      'Scopes an admin account to one tenant (it then sees and changes only that tenant’s pools, desktops and sessions) or, with null, to the whole estate.',
    input: z.strictObject({ id, tenantId: id.nullable() }),
    mutates: true,
    permission: 'accounts',
  }),
  'tenant-delete': method<{ deleted: true }>()({
    description: 'Deletes a tenant that owns no pool (its networks and datastores become shared again; accounts scoped to it are refused until re-scoped).',
    input: z.strictObject({ id }),
    mutates: true,
    permission: 'configure',
  }),
};
