import type { Cluster, Datastore, GoldenImage, Host, Network, Site } from '../contract/entities.ts';
import { PARAMS } from '../core/params.ts';
import { hostPerf } from '../core/models/cpu-perf.ts';
import type { Db } from './db.ts';
import { all, get } from './stmt.ts';

/**
 * Each cluster's CPU capacity (GHz). One definition, the simulation's (core/models/cpu-perf.ts:
 * physical cores × the CPU's base clock, as vSphere counts a cluster's MHz); HA admission control
 * counts the same, so every view agrees.
 */
function clusterCpuGhz(db: Db): Map<string, number> {
  const capacity = new Map<string, number>();
  for (const h of all<{ cluster_id: string; cores: number; ghz: number; hyperthreading: number; cpu_model: string | null }>(
    db,
    'SELECT cluster_id, sockets * cores_per_socket AS cores, ghz, hyperthreading, cpu_model FROM hosts',
  )) {
    const mhz = hostPerf(h.cores, { ghz: h.ghz, hyperthreading: h.hyperthreading === 1, cpuModel: h.cpu_model ?? undefined }).capacityMhz;
    capacity.set(h.cluster_id, (capacity.get(h.cluster_id) ?? 0) + mhz / 1000);
  }
  return capacity;
}

export function listSites(db: Db): Site[] {
  return all<Site>(db, 'SELECT id, name, location FROM sites ORDER BY name');
}

interface ClusterRow {
  id: string;
  name: string;
  site_id: string;
  hypervisor: Cluster['hypervisor'];
  drs_automation: Cluster['drsAutomation'];
  drs_threshold: number;
  ha_enabled: number;
  ac_policy: 'percentage' | 'host-failures';
  ac_cpu_pct: number;
  ac_mem_pct: number;
  ac_host_failures: number;
  host_count: number;
  cores: number | null;
  ram_gb: number | null;
  desktop_count: number;
}

export function listClusters(db: Db): Cluster[] {
  const rows = all<ClusterRow>(
    db,
    `SELECT c.*, 
       (SELECT count(*) FROM hosts h WHERE h.cluster_id = c.id) AS host_count,
       (SELECT sum(sockets * cores_per_socket) FROM hosts h WHERE h.cluster_id = c.id) AS cores,
       (SELECT sum(ram_gb) FROM hosts h WHERE h.cluster_id = c.id) AS ram_gb,
       (SELECT count(*) FROM desktops d JOIN hosts h ON h.id = d.host_id WHERE h.cluster_id = c.id) AS desktop_count
     FROM clusters c ORDER BY c.name`,
  );
  const capacity = clusterCpuGhz(db);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    siteId: r.site_id,
    hypervisor: r.hypervisor,
    drsAutomation: r.drs_automation,
    drsThreshold: r.drs_threshold,
    haEnabled: r.ha_enabled === 1,
    admissionControl: { policy: r.ac_policy, cpuPct: r.ac_cpu_pct, memPct: r.ac_mem_pct, hostFailures: r.ac_host_failures },
    hostCount: r.host_count,
    desktopCount: r.desktop_count,
    cores: r.cores ?? 0,
    ghzTotal: Math.round((capacity.get(r.id) ?? 0) * 10) / 10,
    ramGb: r.ram_gb ?? 0,
  }));
}

interface HostRow {
  id: string;
  name: string;
  cluster_id: string;
  vendor: string;
  model: string;
  sockets: number;
  cores_per_socket: number;
  ghz: number;
  hyperthreading: number;
  ram_gb: number;
  nics: number;
  nic_gbps: number;
  power_state: Host['powerState'];
  connection_state: Host['connectionState'];
  power_idle_w: number;
  power_peak_w: number;
  rack_units: number;
  cpu_model: string | null;
  vm_count: number;
  vms_on: number;
  vcpu: number;
  ram_alloc: number;
}

const HOST_SELECT = `SELECT h.*, count(d.id) AS vm_count,
    coalesce(sum(d.power_state = 'poweredOn'), 0) AS vms_on,
    coalesce(sum(CASE WHEN d.power_state = 'poweredOn' THEN d.vcpu END), 0) AS vcpu,
    coalesce(sum(CASE WHEN d.power_state = 'poweredOn' THEN d.ram_gb END), 0) AS ram_alloc
  FROM hosts h LEFT JOIN desktops d ON d.host_id = h.id`;

function toHost(r: HostRow): Host {
  return {
    id: r.id,
    name: r.name,
    clusterId: r.cluster_id,
    vendor: r.vendor,
    model: r.model,
    sockets: r.sockets,
    coresPerSocket: r.cores_per_socket,
    ghz: r.ghz,
    cpuModel: r.cpu_model,
    hyperthreading: r.hyperthreading === 1,
    ramGb: r.ram_gb,
    nics: r.nics,
    nicGbps: r.nic_gbps,
    powerState: r.power_state,
    connectionState: r.connection_state,
    powerIdleW: r.power_idle_w,
    powerPeakW: r.power_peak_w,
    rackUnits: r.rack_units,
    vmCount: r.vm_count,
    vmsPoweredOn: r.vms_on,
    vcpuAllocated: r.vcpu,
    ramAllocatedGb: r.ram_alloc,
  };
}

export function listHosts(db: Db, clusterId?: string): Host[] {
  const rows = clusterId
    ? all<HostRow>(db, `${HOST_SELECT} WHERE h.cluster_id = ? GROUP BY h.id ORDER BY h.name`, clusterId)
    : all<HostRow>(db, `${HOST_SELECT} GROUP BY h.id ORDER BY h.name`);
  return rows.map(toHost);
}

export function getHost(db: Db, id: string): Host | undefined {
  const r = get<HostRow>(db, `${HOST_SELECT} WHERE h.id = ? GROUP BY h.id`, id);
  return r ? toHost(r) : undefined;
}

interface DatastoreRow {
  id: string;
  name: string;
  cluster_id: string;
  type: Datastore['type'];
  media: Datastore['media'];
  capacity_gb: number;
  iops_capacity: number;
  service_time_ms: number;
  provisioned: number;
  used: number;
  desktops: number;
  pools: number;
}

export function listDatastores(db: Db, clusterId?: string): Datastore[] {
  // Instant and linked clones share a replica of their image on each datastore they use.
  const sql = `SELECT s.*, coalesce(sum(d.disk_gb), 0) AS provisioned, coalesce(sum(d.used_gb), 0) AS used, count(d.id) AS desktops,
      (SELECT count(*) FROM pool_datastores pd JOIN pools p ON p.id = pd.pool_id
        WHERE pd.datastore_id = s.id AND p.kind IN ('instant-clone', 'linked-clone')) AS pools
    FROM datastores s LEFT JOIN desktops d ON d.datastore_id = s.id
    ${clusterId ? 'WHERE s.cluster_id = ?' : ''} GROUP BY s.id ORDER BY s.name`;
  const rows = clusterId ? all<DatastoreRow>(db, sql, clusterId) : all<DatastoreRow>(db, sql);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    clusterId: r.cluster_id,
    type: r.type,
    media: r.media,
    capacityGb: r.capacity_gb,
    provisionedGb: Math.round(r.provisioned + r.pools * PARAMS.storage.replicaGb),
    usedGb: Math.round(r.used + r.pools * PARAMS.storage.replicaGb),
    iopsCapacity: r.iops_capacity,
    serviceTimeMs: r.service_time_ms,
    desktopCount: r.desktops,
  }));
}

export function listNetworks(db: Db): Network[] {
  return all<Network>(db, 'SELECT id, name, cluster_id AS clusterId, vlan, subnet, port_group AS portGroup FROM networks ORDER BY cluster_id, vlan');
}

export function listImages(db: Db): GoldenImage[] {
  const images = all<Omit<GoldenImage, 'versions'>>(db, 'SELECT id, name, os, workload, vcpu, ram_gb AS ramGb, disk_gb AS diskGb FROM images ORDER BY name');
  const versions = all<GoldenImage['versions'][number] & { imageId: string }>(
    db,
    'SELECT id, image_id AS imageId, version, snapshot, created_at AS createdAt, notes FROM image_versions ORDER BY image_id, version',
  );
  return images.map((i) => ({
    ...i,
    versions: versions.filter((v) => v.imageId === i.id).map(({ imageId: _imageId, ...v }) => v),
  }));
}

/** A cluster's id and name, if there is one with that id. */
export function clusterRef(db: Db, id: string): { id: string; name: string } | undefined {
  return get<{ id: string; name: string }>(db, 'SELECT id, name FROM clusters WHERE id = ?', id);
}

/** The next free number of the h-N host ids. */
export function nextHostNumber(db: Db): number {
  return (get<{ n: number | null }>(db, "SELECT max(CAST(substr(id, 3) AS INTEGER)) AS n FROM hosts WHERE id LIKE 'h-%'")?.n ?? 0) + 1;
}

/** Every host's id and name, by name. */
export function hostRefs(db: Db): { id: string; name: string }[] {
  return all<{ id: string; name: string }>(db, 'SELECT id, name FROM hosts ORDER BY name');
}

/** Whether an inventory object (or a pool) with this id exists. */
export function rowExists(db: Db, kind: 'cluster' | 'host' | 'datastore' | 'pool' | 'network' | 'image', id: string): boolean {
  const sql = {
    cluster: 'SELECT 1 FROM clusters WHERE id = ?',
    host: 'SELECT 1 FROM hosts WHERE id = ?',
    datastore: 'SELECT 1 FROM datastores WHERE id = ?',
    pool: 'SELECT 1 FROM pools WHERE id = ?',
    network: 'SELECT 1 FROM networks WHERE id = ?',
    image: 'SELECT 1 FROM images WHERE id = ?',
  }[kind];
  return get(db, sql, id) !== undefined;
}

export function hostNameAndState(db: Db, id: string): { name: string; state: string } | undefined {
  return get<{ name: string; state: string }>(db, 'SELECT name, connection_state AS state FROM hosts WHERE id = ?', id);
}

export function datastoreName(db: Db, id: string): string | undefined {
  return get<{ name: string }>(db, 'SELECT name FROM datastores WHERE id = ?', id)?.name;
}

/** Whether a datastore with this id is in the cluster. */
export function datastoreInCluster(db: Db, id: string, clusterId: string): boolean {
  return get(db, 'SELECT 1 FROM datastores WHERE id = ? AND cluster_id = ?', id, clusterId) !== undefined;
}

/** Whether a network with this id is in the cluster. */
export function networkInCluster(db: Db, id: string, clusterId: string): boolean {
  return get(db, 'SELECT 1 FROM networks WHERE id = ? AND cluster_id = ?', id, clusterId) !== undefined;
}

/** Whether an image has a version with this id. */
export function imageHasVersion(db: Db, imageId: string, versionId: string): boolean {
  return get(db, 'SELECT 1 FROM image_versions WHERE id = ? AND image_id = ?', versionId, imageId) !== undefined;
}
