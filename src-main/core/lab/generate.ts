import type { LabProfile } from '../../contract/entities.ts';
import type { HypervisorType } from '../../contract/hardware-entities.ts';
import { expandName, parseNamingPattern } from '../naming.ts';
import { PARAMS } from '../params.ts';
import { Prng } from '../prng.ts';
import type { ClusterRec, DatastoreRec, GroupRec, HostRec, ImageRec, ImageVersionRec, LabModel, NetworkRec, PoolRec, UserRec } from './model.ts';
import { DEPARTMENTS, DOMAIN, PeopleFactory } from './people.ts';
import { POOL_TEMPLATES, PROFILES, WORKLOAD_OF_TEMPLATE, type ClusterDesign, type ImageKey, type ProfileSpec } from './profiles.ts';
import { placeDesktops } from './populate.ts';

/**
 * Generates a whole lab from a profile and a seed. Pure and deterministic:
 * the same (profile, seed) always gives the same LabModel.
 */
export function generateLab(profile: LabProfile, seed: number): LabModel {
  const spec = PROFILES[profile];
  const rng = new Prng(seed);
  const lab: LabModel = {
    name: spec.name,
    profile,
    seed,
    simTime: PARAMS.labEpochIso,
    sites: [
      { id: 'site-1', name: spec.site.name, location: spec.site.location },
      ...(spec.secondSite ? [{ id: 'site-2', name: spec.secondSite.name, location: spec.secondSite.location }] : []),
    ],
    ...(spec.secondSite
      ? {
          siteLinks: [
            {
              id: 'link-1',
              name: spec.secondSite.link.name,
              siteA: 'site-1',
              siteB: 'site-2',
              bandwidthMbps: spec.secondSite.link.bandwidthMbps,
              latencyMs: spec.secondSite.link.latencyMs,
            },
          ],
        }
      : {}),
    clusters: [],
    hosts: [],
    datastores: [],
    networks: [],
    images: [],
    imageVersions: [],
    pools: [],
    poolDatastores: [],
    desktops: [],
    groups: [],
    users: [],
    groupMembers: [],
    entitlements: [],
    sessions: [],
    events: [],
  };
  buildInfrastructure(lab, spec);
  const images = buildImages(lab);
  buildPools(lab, spec, images);
  buildTenants(lab, spec);
  buildDirectory(lab, spec, rng.fork(1));
  placeDesktops(lab, spec, rng.fork(2));
  lab.events.push({
    simTime: lab.simTime,
    type: 'info',
    severity: 'info',
    objectKind: 'lab',
    objectId: null,
    objectName: lab.name,
    user: 'system',
    message: `Lab "${lab.name}" generated from profile ${profile} with seed ${seed}: ${lab.hosts.length} hosts, ${lab.desktops.length} desktops, ${lab.users.length} users.`,
  });
  // Event ids follow simulated time: what happened before the lab's start comes first.
  lab.events.sort((a, b) => (a.simTime < b.simTime ? -1 : a.simTime > b.simTime ? 1 : 0));
  return lab;
}

function buildInfrastructure(lab: LabModel, spec: ProfileSpec): void {
  buildSite(lab, 'site-1', spec.site.code, spec.clusters);
  if (spec.secondSite) buildSite(lab, 'site-2', spec.secondSite.code, spec.secondSite.clusters);
}

/** One site's clusters: hosts, datastores and the infrastructure networks. Cluster numbers run on across sites. */
function buildSite(lab: LabModel, siteId: string, code: string, designs: ClusterDesign[]): void {
  designs.forEach((design) => {
    const ci = lab.clusters.length;
    const cn = String(ci + 1).padStart(2, '0');
    const cluster: ClusterRec = {
      id: `cl-${ci + 1}`,
      name: `${code.toUpperCase()}-VDI-CL${cn}`,
      siteId,
      hypervisor: design.hypervisor ?? 'esxi',
      drsAutomation: 'fully-automated',
      drsThreshold: 3,
      haEnabled: true,
      admissionControl: { policy: 'percentage', cpuPct: 25, memPct: 25, hostFailures: 1 },
    };
    lab.clusters.push(cluster);
    for (let h = 0; h < design.hosts; h++) {
      const maintenance = design.maintenanceHosts?.includes(h) ?? false;
      const host: HostRec = {
        id: `h-${lab.hosts.length + 1}`,
        name: `${code}-cl${cn}-${HOST_WORD[cluster.hypervisor ?? 'esxi']}${String(h + 1).padStart(2, '0')}.corp.local`,
        clusterId: cluster.id,
        ...design.host,
        ...(cluster.hypervisor && cluster.hypervisor !== 'esxi' ? { cpu: { hypervisor: cluster.hypervisor } } : {}),
        powerState: 'poweredOn',
        connectionState: maintenance ? 'maintenance' : 'connected',
        powerIdleW: PARAMS.host.powerIdleW,
        powerPeakW: PARAMS.host.powerPeakW,
        rackUnits: PARAMS.host.rackUnits,
      };
      lab.hosts.push(host);
    }
    design.datastores.forEach((d) => {
      const ds: DatastoreRec = {
        id: `ds-${lab.datastores.length + 1}`,
        name: `${d.suffix}-CL${cn}`,
        clusterId: cluster.id,
        type: d.type,
        media: d.media,
        capacityGb: d.capacityGb,
        iopsCapacity: d.iopsCapacity,
        serviceTimeMs: d.serviceTimeMs,
      };
      lab.datastores.push(ds);
    });
    const esxi = (cluster.hypervisor ?? 'esxi') === 'esxi';
    const infraNets: [number, string][] = [
      [10, 'Management'],
      [20, esxi ? 'vMotion' : 'LiveMigration'],
    ];
    // vSphere's distributed port groups; the other hypervisors' virtual switches / bridges.
    for (const [vlan, purpose] of infraNets) {
      lab.networks.push(network(lab, cluster, vlan, `${esxi ? 'dvpg' : 'vnet'}-${purpose}-${vlan}`));
    }
  });
}

/** The word in a host's name for what it runs. */
const HOST_WORD: Record<HypervisorType, string> = { esxi: 'esx', 'hyper-v': 'hv', kvm: 'kvm', ahv: 'ahv' };

function network(lab: LabModel, cluster: ClusterRec, vlan: number, name: string): NetworkRec {
  const clusterNo = Number(cluster.id.slice(3));
  return {
    id: `net-${lab.networks.length + 1}`,
    name,
    clusterId: cluster.id,
    vlan,
    subnet: `10.${vlan % 250}.${clusterNo * 16}.0/20`,
    portGroup: `${name}-CL${String(clusterNo).padStart(2, '0')}`,
  };
}

function buildImages(lab: LabModel): Map<ImageKey, { image: ImageRec; current: ImageVersionRec; previous: ImageVersionRec | null }> {
  const defs: [ImageKey, Omit<ImageRec, 'id'>, string[]][] = [
    [
      'w11-kw',
      { name: 'W11-23H2-KW', os: 'Windows 11 Enterprise 23H2', workload: 'knowledge', vcpu: 2, ramGb: 4, diskGb: 64 },
      ['Base build, Office LTSC, optimized with OSOT', 'October cumulative update', 'November CU, Teams 2.1, Chrome 131'],
    ],
    [
      'w11-tw',
      { name: 'W11-23H2-TW', os: 'Windows 11 Enterprise 23H2', workload: 'task', vcpu: 2, ramGb: 3, diskGb: 48 },
      ['Base build, line-of-business apps', 'November CU'],
    ],
    [
      'ws2022-ms',
      { name: 'WS2022-RDSH', os: 'Windows Server 2022 Datacenter (RDSH)', workload: 'task', vcpu: 8, ramGb: 48, diskGb: 120 },
      ['Base build, RDS role, FSLogix 2.9', 'FSLogix 2.9.8884, November CU', 'Contact-center softphone 5.2'],
    ],
  ];
  const out = new Map<ImageKey, { image: ImageRec; current: ImageVersionRec; previous: ImageVersionRec | null }>();
  const epoch = Date.parse(PARAMS.labEpochIso);
  defs.forEach(([key, def, notes], ii) => {
    const image: ImageRec = { id: `img-${ii + 1}`, ...def };
    lab.images.push(image);
    let current: ImageVersionRec | undefined;
    let previous: ImageVersionRec | null = null;
    notes.forEach((note, vi) => {
      if (current) previous = current;
      const version = vi + 1;
      const daysAgo = (notes.length - vi) * 28 + ii * 3;
      current = {
        id: `imgv-${image.id.slice(4)}-${version}`,
        imageId: image.id,
        version,
        snapshot: `v${version}-${new Date(epoch - daysAgo * 86_400_000).toISOString().slice(0, 10)}`,
        createdAt: new Date(epoch - daysAgo * 86_400_000).toISOString(),
        notes: note,
      };
      lab.imageVersions.push(current);
    });
    if (current) out.set(key, { image, current, previous });
  });
  return out;
}

function buildPools(
  lab: LabModel,
  spec: ProfileSpec,
  images: Map<ImageKey, { image: ImageRec; current: ImageVersionRec; previous: ImageVersionRec | null }>,
): void {
  const vlansDone = new Set<string>();
  spec.pools.forEach((size, pi) => {
    const t = POOL_TEMPLATES[size.template];
    const cluster = lab.clusters[size.cluster];
    if (!cluster) throw new Error(`profile pool ${size.name} names cluster ${size.cluster}, which does not exist`);
    parseNamingPattern(size.namingPattern); // a profile with a bad pattern is a programming error: fail loudly
    const netKey = `${cluster.id}/${t.vlan}`;
    let net = lab.networks.find((n) => n.clusterId === cluster.id && n.vlan === t.vlan);
    if (!net || !vlansDone.has(netKey)) {
      net = network(lab, cluster, t.vlan, `${(cluster.hypervisor ?? 'esxi') === 'esxi' ? 'dvpg' : 'vnet'}-VDI-${size.template.toUpperCase()}-${t.vlan}`);
      lab.networks.push(net);
      vlansDone.add(netKey);
    }
    const img = t.image ? images.get(t.image) : undefined;
    const { image: _image, vlan: _vlan, group: _group, ...settings } = t;
    const rec: PoolRec = {
      ...settings,
      id: `pool-${pi + 1}`,
      name: size.name,
      namingPattern: size.namingPattern,
      minMachines: size.minMachines,
      maxMachines: size.maxMachines,
      spareMachines: size.spareMachines,
      clusterId: cluster.id,
      networkId: net.id,
      imageId: img?.image.id ?? null,
      imageVersionId: img?.current.id ?? null,
      previousImageVersionId: img?.previous?.id ?? null,
    };
    lab.pools.push(rec);
    // Full clones for power users get the fast NVMe datastore where the cluster has one.
    const clusterDs = lab.datastores.filter((d) => d.clusterId === cluster.id);
    const preferred = t.kind === 'full-clone' ? clusterDs.filter((d) => d.media === 'nvme') : clusterDs.filter((d) => d.media !== 'nvme');
    for (const ds of preferred.length ? preferred : clusterDs) lab.poolDatastores.push({ poolId: rec.id, datastoreId: ds.id });
    // Names must fit: validated again by the store when pools are edited.
    expandName(parseNamingPattern(size.namingPattern), size.maxMachines);
  });
}

/** Tenants (issue 19): each owns its pools, their networks and the datastores named; its pools use only those datastores. */
function buildTenants(lab: LabModel, spec: ProfileSpec): void {
  if (!spec.tenants?.length) return;
  const cluster = lab.clusters[0];
  const clusterDs = lab.datastores.filter((d) => d.clusterId === cluster?.id);
  const clusterHosts = lab.hosts.filter((h) => h.clusterId === cluster?.id);
  lab.tenants = [];
  lab.networkHosts = [];
  spec.tenants.forEach((t, ti) => {
    const poolIds = t.pools.map((i) => lab.pools[i]?.id ?? '');
    const networkIds = [...new Set(t.pools.map((i) => lab.pools[i]?.networkId ?? ''))];
    const datastoreIds = t.datastores.map((i) => clusterDs[i]?.id ?? '');
    if ([...poolIds, ...networkIds, ...datastoreIds].includes('')) throw new Error(`profile tenant ${t.name} names a pool or datastore that does not exist`);
    lab.poolDatastores = lab.poolDatastores.filter((pd) => !poolIds.includes(pd.poolId));
    for (const p of poolIds) for (const ds of datastoreIds) lab.poolDatastores.push({ poolId: p, datastoreId: ds });
    for (const n of networkIds) for (const h of t.portGroupHosts ?? []) lab.networkHosts?.push({ networkId: n, hostId: clusterHosts[h]?.id ?? '' });
    lab.tenants?.push({
      id: `tenant-${ti + 1}`,
      name: t.name,
      description: t.description,
      cpuShares: t.cpuShares,
      cpuLimitGhz: t.cpuLimitGhz ?? null,
      memLimitGb: t.memLimitGb ?? null,
      poolIds,
      networkIds,
      datastoreIds,
    });
  });
}

function buildDirectory(lab: LabModel, spec: ProfileSpec, rng: Prng): void {
  const people = new PeopleFactory(rng.fork(1));
  const deptGroups: GroupRec[] = DEPARTMENTS.map((d, i) => ({
    id: `g-${i + 1}`,
    name: `${DOMAIN}\\GG-Dept-${d.replace(/\s+/g, '')}`,
    description: `All staff in ${d}`,
  }));
  lab.groups.push(...deptGroups);
  const vdiGroups = new Map<string, GroupRec>();
  const addUser = (workload: UserRec['workload'], vdiGroup: GroupRec | null): UserRec => {
    const p = people.next();
    const dept = rng.pick(DEPARTMENTS);
    const user: UserRec = {
      id: `u-${lab.users.length + 1}`,
      login: p.login,
      displayName: p.displayName,
      department: dept,
      email: p.email,
      workload,
    };
    lab.users.push(user);
    const dg = deptGroups[DEPARTMENTS.indexOf(dept)];
    if (dg) lab.groupMembers.push({ groupId: dg.id, userId: user.id });
    if (vdiGroup) lab.groupMembers.push({ groupId: vdiGroup.id, userId: user.id });
    return user;
  };
  for (const size of spec.pools) {
    const t = POOL_TEMPLATES[size.template];
    const pool = lab.pools.find((p) => p.name === size.name);
    if (!pool || size.standby) continue;
    let group = vdiGroups.get(t.group);
    if (!group) {
      group = { id: `g-${lab.groups.length + 1}`, name: `${DOMAIN}\\${t.group}`, description: `VDI users: ${t.displayName}` };
      lab.groups.push(group);
      vdiGroups.set(t.group, group);
      for (let i = 0; i < size.users; i++) addUser(WORKLOAD_OF_TEMPLATE[size.template], group);
    }
    if (size.template === 'kiosk') {
      // Manual kiosks are entitled user by user, the way reception PCs usually are.
      const members = lab.groupMembers.filter((m) => m.groupId === group.id);
      for (const m of members) lab.entitlements.push({ poolId: pool.id, principalType: 'user', principalId: m.userId });
    } else {
      lab.entitlements.push({ poolId: pool.id, principalType: 'group', principalId: group.id });
    }
  }
  // Power users and developers may also use the knowledge-worker desktops.
  const kwPool = lab.pools.find((p) => p.workload === 'knowledge' && p.sessionType === 'single-session');
  for (const key of ['GG-VDI-PowerUsers', 'GG-VDI-Developers']) {
    const g = vdiGroups.get(key);
    if (kwPool && g) lab.entitlements.push({ poolId: kwPool.id, principalType: 'group', principalId: g.id });
  }
  for (let i = 0; i < spec.otherUsers; i++) addUser('knowledge', null);
}
