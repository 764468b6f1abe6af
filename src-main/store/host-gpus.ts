import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';

// Physical GPUs of hosts (migration 020): a model from the vGPU catalogue and a count; no row = none.

export interface HostGpuRow {
  host_id: string;
  model: string;
  gpus: number;
}

export function hostGpuRows(db: Db): HostGpuRow[] {
  return all(db, 'SELECT host_id, model, gpus FROM host_gpus ORDER BY host_id');
}

export function hostGpuRow(db: Db, hostId: string): HostGpuRow | undefined {
  return get(db, 'SELECT host_id, model, gpus FROM host_gpus WHERE host_id = ?', hostId);
}

/** Sets (model and count) or removes (null) a host's GPUs. */
export function setHostGpus(db: Db, hostId: string, gpu: { model: string; gpus: number } | null): void {
  if (gpu === null) run(db, 'DELETE FROM host_gpus WHERE host_id = ?', hostId);
  else
    run(
      db,
      'INSERT INTO host_gpus (host_id, model, gpus) VALUES (?, ?, ?) ON CONFLICT(host_id) DO UPDATE SET model = excluded.model, gpus = excluded.gpus',
      hostId,
      gpu.model,
      gpu.gpus,
    );
}

/** Host name and cluster, for the handler's checks and messages. */
export function hostNameRow(db: Db, hostId: string): { id: string; name: string; cluster_id: string } | undefined {
  return get(db, 'SELECT id, name, cluster_id FROM hosts WHERE id = ?', hostId);
}

/** The vGPU profile of every pool's template (JSON hardware) and of every VM with hardware of its own. */
export function vgpuHardwareRows(db: Db): { pools: { id: string; hardware: string }[]; desktops: { id: string; hardware: string }[] } {
  return {
    pools: all(db, 'SELECT pool_id AS id, hardware FROM pool_hardware'),
    desktops: all(db, 'SELECT desktop_id AS id, hardware FROM desktop_hardware'),
  };
}

/** Desktops the store has powered on on a host, with their pool. */
export function runningDesktopsOn(db: Db, hostId: string): { id: string; name: string; pool_id: string | null }[] {
  return all(db, "SELECT id, name, pool_id FROM desktops WHERE host_id = ? AND power_state = 'poweredOn' ORDER BY name", hostId);
}

/** GPU rows of one cluster's hosts. */
export function clusterHostGpus(db: Db, clusterId: string): HostGpuRow[] {
  return all(db, 'SELECT g.host_id, g.model, g.gpus FROM host_gpus g JOIN hosts h ON h.id = g.host_id WHERE h.cluster_id = ? ORDER BY g.host_id', clusterId);
}

/** A pool's template hardware (JSON), if it has one. */
export function poolTemplateHardware(db: Db, poolId: string): string | null {
  return get<{ hardware: string }>(db, 'SELECT hardware FROM pool_hardware WHERE pool_id = ?', poolId)?.hardware ?? null;
}
