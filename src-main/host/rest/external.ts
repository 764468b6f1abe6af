import type { Group, LabEvent, User } from '../../contract/entities.ts';
import { REST_AUTH_PARAMS } from '../../app/rest-admin.ts';
import type { Answer } from '../http/traffic.ts';
import { notFound } from './errors.ts';
import { operatingSystem } from './enums.ts';
import { VCENTER_ID, dec, enc, encSnapshot, moref, type Sids } from './ids.ts';
import type { Lab } from './lab.ts';
import { listAnswer, type Filter } from './query.ts';
import { ok, queryBool, type Route } from './route.ts';
import { compact, dnsName, loginName, ms } from './view.ts';

// What scripts need to turn ids into names and to build create / push-image specs: AD users and
// groups (as SIDs), audit events, base VMs and snapshots (golden images and their versions),
// datastores, hosts and clusters.

const DNS = REST_AUTH_PARAMS.dnsDomain;

function userObject(u: User, sids: Sids, level: 'summary' | 'info' | 'v4'): Record<string, unknown> {
  const login = loginName(u.login);
  const space = u.displayName.indexOf(' ');
  const base = {
    id: sids.user(u.id),
    group: false,
    name: u.displayName,
    login_name: login,
    domain: DNS,
    display_name: `${DNS}\\${login}`,
    user_display_name: u.displayName,
    first_name: space > 0 ? u.displayName.slice(0, space) : u.displayName,
    last_name: space > 0 ? u.displayName.slice(space + 1) : undefined,
    email: u.email,
  };
  if (level === 'summary') return compact(base);
  return compact({
    ...base,
    group_membership_ids: u.groupIds.map((g) => sids.group(g)),
    ...(level === 'v4' ? { domain_net_biosname: REST_AUTH_PARAMS.domain } : {}),
  });
}

function groupObject(g: Group, sids: Sids, level: 'summary' | 'info' | 'v4'): Record<string, unknown> {
  const name = loginName(g.name);
  const base = { id: sids.group(g.id), group: true, name, login_name: name, domain: DNS, display_name: `${DNS}\\${name}`, description: g.description };
  if (level === 'summary') return base;
  return { ...base, user_count: g.memberCount, ...(level === 'v4' ? { domain_net_biosname: REST_AUTH_PARAMS.domain } : {}) };
}

async function directory(lab: Lab, url: URL, level: 'summary' | 'v4'): Promise<Record<string, unknown>[]> {
  const only = queryBool(url, 'group_only');
  const [users, groups, sids] = await Promise.all([lab.cache.usersById(), lab.cache.groupList(), lab.sids()]);
  const out: Record<string, unknown>[] = [];
  if (only !== true) for (const u of users.values()) out.push(userObject(u, sids, level));
  if (only !== false) for (const g of groups) out.push(groupObject(g, sids, level));
  return out;
}

async function principal(lab: Lab, restId: string, level: 'info' | 'v4'): Promise<Answer> {
  const sids = await lab.sids();
  const p = sids.parse(restId);
  if (p?.type === 'user') {
    const u = (await lab.cache.usersById()).get(p.id);
    if (u) return ok(userObject(u, sids, level));
  } else if (p?.type === 'group') {
    const g = (await lab.cache.groupList()).find((x) => x.id === p.id);
    if (g) return ok(groupObject(g, sids, level));
  }
  throw notFound('ad.user.or.group', restId);
}

const SEVERITY: Record<LabEvent['type'], string> = {
  'audit-success': 'AUDIT_SUCCESS',
  'audit-failure': 'AUDIT_FAIL',
  error: 'ERROR',
  warning: 'WARNING',
  info: 'INFO',
};

/** The simulated-time window of a `time` Between filter, to narrow the read (the filter still applies after). */
function timeWindow(f: Filter | null): { fromSimTime?: string; toSimTime?: string } {
  if (!f) return {};
  for (const l of f.type === 'And' ? f.filters : [f]) {
    if (l.type !== 'Between' || l.name !== 'time') continue;
    const from = Number(l.from);
    const to = Number(l.to);
    if (Number.isFinite(from) && Number.isFinite(to) && Math.abs(from) < 8.64e15 && Math.abs(to) < 8.64e15 && from <= to) {
      return { fromSimTime: new Date(from).toISOString(), toSimTime: new Date(to).toISOString() };
    }
  }
  return {};
}

async function auditEvents(lab: Lab, f: Filter | null): Promise<Record<string, unknown>[]> {
  const window = timeWindow(f);
  const [users, sids] = await Promise.all([lab.cache.usersById(), lab.sids()]);
  const rows: LabEvent[] = [];
  for (let total = Infinity; rows.length < total;) {
    const page = await lab.get('event-page', { ...window, limit: 5000, offset: rows.length });
    total = page.total;
    rows.push(...page.rows);
    if (page.rows.length === 0) break;
  }
  const byLogin = new Map([...users.values()].map((u) => [u.login.toLowerCase(), u.id]));
  const admin = `${REST_AUTH_PARAMS.domain}\\${REST_AUTH_PARAMS.username}`.toLowerCase();
  return rows.map((e) => {
    const user = e.user.toLowerCase();
    const userId = byLogin.get(user);
    return compact({
      id: e.id,
      time: ms(e.simTime),
      severity: SEVERITY[e.type],
      message: e.message,
      machine_id: e.objectKind === 'desktop' && e.objectId ? enc('machine', e.objectId) : undefined,
      machine_dns_name: e.objectKind === 'desktop' && e.objectName ? dnsName(e.objectName) : undefined,
      desktop_pool_name: e.objectKind === 'pool' ? (e.objectName ?? undefined) : undefined,
      user_id: userId ? sids.user(userId) : user === admin ? sids.admin : undefined,
    });
  });
}

const auditOp = (type: string) => ({ type, paged: true, filtered: true, sorted: true });

export const externalRoutes: Route[] = [
  {
    method: 'GET',
    path: '/external/v1/ad-users-or-groups',
    operationId: 'listADUserOrGroupSummary',
    list: { type: 'ADUserOrGroupSummary', paged: true, filtered: true, sorted: false },
    handle: async (c) => listAnswer(await directory(c.lab, c.url, 'summary'), c.list()),
  },
  {
    method: 'GET',
    path: '/external/v1/ad-users-or-groups/{id}',
    operationId: 'getADUserOrGroupInfo',
    handle: (c) => principal(c.lab, c.params.id as string, 'info'),
  },
  {
    method: 'GET',
    path: '/external/v4/ad-users-or-groups',
    operationId: 'listADUserOrGroupInfoV4',
    handle: async (c) => ok(await directory(c.lab, c.url, 'v4')),
  },
  {
    method: 'GET',
    path: '/external/v4/ad-users-or-groups/{id}',
    operationId: 'getADUserOrGroupInfoV4',
    handle: (c) => principal(c.lab, c.params.id as string, 'v4'),
  },
  ...(['v1', 'v2'] as const).map((ver): Route => ({
    method: 'GET',
    path: `/external/${ver}/audit-events`,
    operationId: ver === 'v1' ? 'listAuditEvents' : 'listAuditEventsV2',
    list: auditOp(ver === 'v1' ? 'AuditEventSummary' : 'AuditEventSummaryV2'),
    handle: async (c) => {
      const q = c.list();
      return listAnswer(await auditEvents(c.lab, q.filter), q);
    },
  })),
  {
    method: 'GET',
    path: '/external/v3/base-vms',
    operationId: 'listBaseVMsV3',
    list: { type: 'BaseVMInfoV3', paged: true, filtered: true, sorted: true },
    handle: async (c) => {
      const vc = c.url.searchParams.get('vcenter_id');
      const [images, sites] = await Promise.all([c.lab.cache.imageList(), c.lab.get('site-list', {})]);
      const dc = c.url.searchParams.get('datacenter_id');
      const site = sites[0] ? moref(sites[0].id) : undefined;
      if ((vc !== null && vc !== VCENTER_ID) || (dc !== null && dc !== site)) return ok([]);
      const list = images.map((i) =>
        compact({
          id: enc('baseVm', i.id),
          name: i.name,
          operating_system: operatingSystem(i.os).operating_system,
          vcenter_id: VCENTER_ID,
          datacenter_id: site,
        }),
      );
      return listAnswer(list, c.list());
    },
  },
  {
    method: 'GET',
    path: '/external/v3/base-snapshots',
    operationId: 'listBaseSnapshotsV3',
    list: { type: 'BaseSnapshotInfoV3', paged: true, filtered: true, sorted: true },
    handle: async (c) => {
      const vm = c.url.searchParams.get('base_vm_id');
      const vc = c.url.searchParams.get('vcenter_id');
      if (vc !== null && vc !== VCENTER_ID) return ok([]);
      const imageId = vm === null ? null : dec('baseVm', vm);
      const images = (await c.lab.cache.imageList()).filter((i) => vm === null || i.id === imageId);
      if (vm !== null && images.length === 0) throw notFound('base.vm', vm);
      const list = images.flatMap((i) =>
        i.versions.map((v) => ({
          id: encSnapshot(v.id),
          name: v.snapshot,
          description: v.notes,
          created_timestamp: ms(v.createdAt),
          num_cpus: i.vcpu,
          memory_mb: Math.round(i.ramGb * 1024),
          disk_size_mb: Math.round(i.diskGb * 1024),
          vcenter_id: VCENTER_ID,
        })),
      );
      return listAnswer(list, c.list());
    },
  },
  {
    method: 'GET',
    path: '/external/v1/datastores',
    operationId: 'listdatastores',
    handle: async (c) => {
      const where = c.url.searchParams.get('host_or_cluster_id');
      const [datastores, clusters] = await Promise.all([c.lab.get('datastore-list', {}), c.lab.get('cluster-list', {})]);
      const siteOf = new Map(clusters.map((cl) => [cl.id, cl.siteId]));
      return ok(
        datastores
          .filter((d) => where === null || moref(d.clusterId) === where)
          .map((d) =>
            compact({
              id: moref(d.id),
              name: d.name,
              vcenter_id: VCENTER_ID,
              datacenter_id: siteOf.has(d.clusterId) ? moref(siteOf.get(d.clusterId) as string) : undefined,
              host_or_cluster_id: moref(d.clusterId),
              capacity_mb: Math.round(d.capacityGb * 1024),
              free_space_mb: Math.round(Math.max(0, d.capacityGb - d.usedGb) * 1024),
              file_system_type: d.type.toUpperCase(),
              disk_type: d.media === 'hybrid' ? 'NON_SSD' : 'SSD',
              number_of_vms: d.desktopCount,
            }),
          ),
      );
    },
  },
  {
    method: 'GET',
    path: '/external/v1/hosts-or-clusters',
    operationId: 'listHostsOrClusters',
    handle: async (c) => {
      const [clusters, hosts] = await Promise.all([c.lab.get('cluster-list', {}), c.lab.get('host-list', {})]);
      const dc = c.url.searchParams.get('datacenter_id');
      const siteOf = new Map(clusters.map((cl) => [cl.id, cl.siteId]));
      const details = (name: string, cluster: boolean, clusterId: string) => ({
        name,
        cluster,
        vcenter_id: VCENTER_ID,
        datacenter_id: moref(siteOf.get(clusterId) ?? ''),
      });
      const list = [
        ...clusters.map((cl) => ({ id: moref(cl.id), details: details(cl.name, true, cl.id) })),
        ...hosts.map((h) => ({ id: moref(h.id), details: details(h.name, false, h.clusterId) })),
      ];
      return ok(dc === null ? list : list.filter((x) => x.details.datacenter_id === dc));
    },
  },
];
