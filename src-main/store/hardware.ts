import { z } from 'zod';
import type { Pool } from '../contract/entities.ts';
import type { NetworkRef } from '../shared/hypervisors/hardware.ts';
import {
  CONFIDENTIAL_KINDS,
  DISK_CONTROLLERS,
  DISK_FORMATS,
  DISK_PROVISIONING,
  FIRMWARE_TYPES,
  HYPERVISOR_TYPES,
  NIC_ADAPTERS,
  type HypervisorType,
  type VirtualHardware,
} from '../contract/hardware-entities.ts';
import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';
import { parseStored } from './stored-json.ts';

// Virtual hardware rows (migration 017): a pool's template, a VM's own hardware and its pending change.

const STORED_HARDWARE: z.ZodType<VirtualHardware> = z.object({
  sockets: z.number().int().min(1),
  coresPerSocket: z.number().int().min(1),
  cpuHotAdd: z.boolean(),
  memoryGb: z.number().positive(),
  memoryReservationGb: z.number().min(0),
  memoryHotAdd: z.boolean(),
  firmware: z.enum(FIRMWARE_TYPES),
  secureBoot: z.boolean(),
  vtpm: z.boolean(),
  vgpuProfile: z.string().nullable(),
  confidential: z.enum(CONFIDENTIAL_KINDS),
  nestedVirtualization: z.boolean(),
  disks: z.array(
    z.object({
      label: z.string(),
      sizeGb: z.number().positive(),
      provisioning: z.enum(DISK_PROVISIONING),
      controller: z.enum(DISK_CONTROLLERS),
      format: z.enum(DISK_FORMATS),
    }),
  ),
  nics: z.array(
    z.object({ label: z.string(), adapter: z.enum(NIC_ADAPTERS), networkId: z.string(), portGroup: z.string(), vlan: z.number(), mac: z.string() }),
  ),
});

const REASONS = z.array(z.string());

export function clusterHypervisor(db: Db, clusterId: string): HypervisorType {
  const r = get<{ hypervisor: string }>(db, 'SELECT hypervisor FROM clusters WHERE id = ?', clusterId);
  const hv = r?.hypervisor ?? 'esxi';
  return (HYPERVISOR_TYPES as readonly string[]).includes(hv) ? (hv as HypervisorType) : 'esxi';
}

export function setClusterHypervisor(db: Db, clusterId: string, hv: HypervisorType): void {
  run(db, 'UPDATE clusters SET hypervisor = ? WHERE id = ?', hv, clusterId);
}

export function readPoolTemplate(db: Db, poolId: string): VirtualHardware | null {
  const r = get<{ hardware: string }>(db, 'SELECT hardware FROM pool_hardware WHERE pool_id = ?', poolId);
  return r ? parseStored(r.hardware, { table: 'pool_hardware', key: `pool_id = '${poolId}'`, column: 'hardware' }, STORED_HARDWARE) : null;
}

export function writePoolTemplate(db: Db, poolId: string, hw: VirtualHardware): void {
  run(
    db,
    'INSERT INTO pool_hardware (pool_id, hardware) VALUES (?, ?) ON CONFLICT(pool_id) DO UPDATE SET hardware = excluded.hardware',
    poolId,
    JSON.stringify(hw),
  );
}

export interface StoredDesktopHardware {
  hardware: VirtualHardware;
  pending: VirtualHardware | null;
  reasons: string[];
}

export function readDesktopHardware(db: Db, desktopId: string): StoredDesktopHardware | null {
  const r = get<{ hardware: string; pending: string | null; pending_reasons: string }>(
    db,
    'SELECT hardware, pending, pending_reasons FROM desktop_hardware WHERE desktop_id = ?',
    desktopId,
  );
  if (!r) return null;
  const where = (column: string) => ({ table: 'desktop_hardware', key: `desktop_id = '${desktopId}'`, column });
  return {
    hardware: parseStored(r.hardware, where('hardware'), STORED_HARDWARE),
    pending: r.pending === null ? null : parseStored(r.pending, where('pending'), STORED_HARDWARE),
    reasons: parseStored(r.pending_reasons, where('pending_reasons'), REASONS),
  };
}

export function writeDesktopHardware(db: Db, desktopId: string, s: StoredDesktopHardware): void {
  run(
    db,
    `INSERT INTO desktop_hardware (desktop_id, hardware, pending, pending_reasons) VALUES (?, ?, ?, ?)
     ON CONFLICT(desktop_id) DO UPDATE SET hardware = excluded.hardware, pending = excluded.pending, pending_reasons = excluded.pending_reasons`,
    desktopId,
    JSON.stringify(s.hardware),
    s.pending === null ? null : JSON.stringify(s.pending),
    JSON.stringify(s.reasons),
  );
}

/** VMs with a change waiting for their power cycle. */
export function pendingDesktopIds(db: Db): string[] {
  return all<{ desktop_id: string }>(db, 'SELECT desktop_id FROM desktop_hardware WHERE pending IS NOT NULL ORDER BY desktop_id').map((r) => r.desktop_id);
}

/** VMs of a pool that have no hardware of their own (they show the pool's template). */
export function poolDesktopsWithoutHardware(db: Db, poolId: string): string[] {
  return all<{ id: string }>(
    db,
    'SELECT d.id FROM desktops d LEFT JOIN desktop_hardware h ON h.desktop_id = d.id WHERE d.pool_id = ? AND h.desktop_id IS NULL',
    poolId,
  ).map((r) => r.id);
}

/** A VM's memory encryption ('none' unless its own hardware or its pool's template says otherwise). */
export function confidentialOf(db: Db, desktopId: string): string {
  const r = get<{ c: string | null }>(
    db,
    `SELECT coalesce(json_extract(dh.hardware, '$.confidential'), json_extract(ph.hardware, '$.confidential'), 'none') AS c
     FROM desktops d LEFT JOIN desktop_hardware dh ON dh.desktop_id = d.id LEFT JOIN pool_hardware ph ON ph.pool_id = d.pool_id WHERE d.id = ?`,
    desktopId,
  );
  return r?.c ?? 'none';
}

export const CONFIDENTIAL_NO_MEMORY_SNAPSHOT = 'a confidential VM (memory encryption) cannot be snapshotted with its memory: take a disk-only snapshot';

// The rows the app's virtual-hardware module (app/hardware.ts) reads and writes beside its JSON columns.

export interface HardwareDesktopRow {
  id: string;
  name: string;
  pool_id: string;
  host_id: string;
  state: string;
  power_state: 'poweredOn' | 'poweredOff' | 'suspended';
  vcpu: number;
  ram_gb: number;
  disk_gb: number;
  used_gb: number;
  cluster_id: string;
  os: string | null;
}

export interface HardwarePoolRow {
  id: string;
  name: string;
  kind: Pool['kind'];
  vcpu: number;
  ram_gb: number;
  disk_gb: number;
  cluster_id: string;
  network_id: string;
  os: string | null;
}

export function clusterNetworks(db: Db, clusterId: string): NetworkRef[] {
  return all<{ id: string; port_group: string; vlan: number }>(db, 'SELECT id, port_group, vlan FROM networks WHERE cluster_id = ? ORDER BY id', clusterId).map(
    (n) => ({
      id: n.id,
      portGroup: n.port_group,
      vlan: n.vlan,
    }),
  );
}

export function hardwarePoolRow(db: Db, poolId: string): HardwarePoolRow | undefined {
  return get<HardwarePoolRow>(
    db,
    `SELECT p.id, p.name, p.kind, p.vcpu, p.ram_gb, p.disk_gb, p.cluster_id, p.network_id, i.os
     FROM pools p LEFT JOIN images i ON i.id = p.image_id WHERE p.id = ?`,
    poolId,
  );
}

export function hardwareDesktopRow(db: Db, desktopId: string): HardwareDesktopRow | undefined {
  return get<HardwareDesktopRow>(
    db,
    `SELECT d.id, d.name, d.pool_id, d.host_id, d.state, d.power_state, d.vcpu, d.ram_gb, d.disk_gb, d.used_gb, h.cluster_id,
       coalesce(vi.os, pi.os) AS os
     FROM desktops d JOIN hosts h ON h.id = d.host_id JOIN pools p ON p.id = d.pool_id
     LEFT JOIN image_versions v ON v.id = d.image_version_id LEFT JOIN images vi ON vi.id = v.image_id
     LEFT JOIN images pi ON pi.id = p.image_id
     WHERE d.id = ?`,
    desktopId,
  );
}

export function writeDesktopSize(db: Db, desktopId: string, size: { vcpu: number; ramGb: number; diskGb: number; usedGb: number }): void {
  run(db, 'UPDATE desktops SET vcpu = ?, ram_gb = ?, disk_gb = ?, used_gb = ? WHERE id = ?', size.vcpu, size.ramGb, size.diskGb, size.usedGb, desktopId);
}

/** The sizes new machines of a pool are cloned with (provisioning reads them). */
export function writePoolSize(db: Db, poolId: string, size: { vcpu: number; ramGb: number; diskGb: number }): void {
  run(db, 'UPDATE pools SET vcpu = ?, ram_gb = ?, disk_gb = ? WHERE id = ?', size.vcpu, size.ramGb, size.diskGb, poolId);
}

/** Every change that waits for a power cycle, as stored (JSON). */
export function pendingHardwareRows(db: Db): { desktop_id: string; hardware: string; pending: string }[] {
  return all<{ desktop_id: string; hardware: string; pending: string }>(
    db,
    'SELECT desktop_id, hardware, pending FROM desktop_hardware WHERE pending IS NOT NULL',
  );
}

/** VMs on a cluster's hosts. */
export function clusterVmCount(db: Db, clusterId: string): number {
  return get<{ n: number }>(db, 'SELECT count(*) AS n FROM desktops d JOIN hosts h ON h.id = d.host_id WHERE h.cluster_id = ?', clusterId)?.n ?? 0;
}

/** Pools that target a cluster, by name. */
export function clusterPoolNames(db: Db, clusterId: string): string[] {
  return all<{ name: string }>(db, 'SELECT name FROM pools WHERE cluster_id = ? ORDER BY name', clusterId).map((r) => r.name);
}

/** A cluster's hosts not in maintenance mode, by name. */
export function hostsNotInMaintenance(db: Db, clusterId: string): string[] {
  return all<{ name: string }>(db, "SELECT name FROM hosts WHERE cluster_id = ? AND connection_state <> 'maintenance' ORDER BY name", clusterId).map(
    (r) => r.name,
  );
}
