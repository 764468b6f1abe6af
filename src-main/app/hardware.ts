import { LabError } from '../contract/errors.ts';
import type { DesktopHardware, HardwareChange, HypervisorType, PoolHardware, VirtualHardware } from '../contract/hardware-entities.ts';
import type { Pool } from '../contract/entities.ts';
import type { DesktopSize, Engine } from '../core/engine/engine.ts';
import { usedAfterResize } from '../core/engine/engine-desktops.ts';
import { PARAMS } from '../core/params.ts';
import { flagsCpuFactor } from '../shared/hypervisors/catalogue.ts';
import {
  checkHardware,
  defaultHardware,
  extraOverheadMb,
  hardwareFigures,
  macFor,
  mergeHardware,
  vcpuOf,
  type HardwareProblem,
  type NetworkRef,
} from '../shared/hypervisors/hardware.ts';
import type { Db } from '../store/db.ts';
import {
  clusterHypervisor,
  readDesktopHardware,
  readPoolTemplate,
  writeDesktopHardware,
  clusterNetworks,
  hardwareDesktopRow,
  hardwarePoolRow,
  pendingHardwareRows,
  writeDesktopSize,
  type HardwareDesktopRow,
  type HardwarePoolRow,
} from '../store/hardware.ts';
import type { EventDrafts } from './event-drafts.ts';

// Virtual hardware as the app sees it (issue 19): a VM's hardware is its own row, else its pool's
// template, else the default its pool's sizes give; the handlers (handlers/hardware.ts) and the
// flush (a pending change applied once the VM is off) share these.

/** What a VM without a known image runs (a manual pool's machines): hot-add and vTPM rules then follow no OS. */
export const UNKNOWN_GUEST = 'unknown guest OS';

function poolDefault(db: Db, p: HardwarePoolRow, hv: HypervisorType): VirtualHardware {
  const nets = clusterNetworks(db, p.cluster_id);
  const net = nets.find((n) => n.id === p.network_id) ?? nets[0] ?? { id: p.network_id, portGroup: '', vlan: 0 };
  return defaultHardware({ hv, vcpu: p.vcpu, ramGb: p.ram_gb, diskGb: p.disk_gb, guestOs: p.os ?? UNKNOWN_GUEST, network: net, key: p.id });
}

/** A pool's template hardware: its own, else the default its sizes give. */
export function poolTemplate(db: Db, p: HardwarePoolRow, hv: HypervisorType): { hardware: VirtualHardware; source: 'default' | 'template' } {
  const t = readPoolTemplate(db, p.id);
  return t ? { hardware: t, source: 'template' } : { hardware: poolDefault(db, p, hv), source: 'default' };
}

/** A VM's hardware when it has none of its own: its pool's template at the VM's own size, disk and MACs. */
function fromPool(db: Db, d: HardwareDesktopRow, pool: HardwarePoolRow, hv: HypervisorType): VirtualHardware {
  const t = poolTemplate(db, pool, hv).hardware;
  const split = t.sockets * t.coresPerSocket === d.vcpu;
  return {
    ...t,
    sockets: split ? t.sockets : 1,
    coresPerSocket: split ? t.coresPerSocket : d.vcpu,
    memoryGb: d.ram_gb,
    memoryReservationGb: Math.min(t.memoryReservationGb, d.ram_gb),
    disks: t.disks.map((k, i) => (i === 0 ? { ...k, sizeGb: Math.max(1, d.disk_gb - t.disks.slice(1).reduce((s, x) => s + x.sizeGb, 0)) } : { ...k })),
    nics: t.nics.map((n, i) => ({ ...n, mac: macFor(hv, d.id, i) })),
  };
}

export interface DesktopContext {
  row: HardwareDesktopRow;
  pool: HardwarePoolRow;
  hv: HypervisorType;
  guestOs: string;
  networks: NetworkRef[];
  hardware: VirtualHardware;
  pending: VirtualHardware | null;
  reasons: string[];
  source: 'pool' | 'vm';
}

export function desktopContext(db: Db, desktopId: string, path: (string | number)[] = ['desktopId']): DesktopContext {
  const row = hardwareDesktopRow(db, desktopId);
  if (!row) throw new LabError('not-found', `No desktop with id "${desktopId}"`, path);
  const pool = hardwarePoolRow(db, row.pool_id);
  if (!pool) throw new LabError('not-found', `No pool with id "${row.pool_id}"`, path);
  const hv = clusterHypervisor(db, row.cluster_id);
  const stored = readDesktopHardware(db, desktopId);
  return {
    row,
    pool,
    hv,
    guestOs: row.os ?? UNKNOWN_GUEST,
    networks: clusterNetworks(db, row.cluster_id),
    hardware: stored?.hardware ?? fromPool(db, row, pool, hv),
    pending: stored?.pending ?? null,
    reasons: stored?.reasons ?? [],
    source: stored ? 'vm' : 'pool',
  };
}

export function thinWrittenShare(kind: Pool['kind']): number {
  return PARAMS.storage.thinUsedShare[kind];
}

export function desktopHardwareView(c: DesktopContext, e?: Engine): DesktopHardware {
  const d = e ? e.st.ids.desktops.indexOf(c.row.id) : -1;
  return {
    desktopId: c.row.id,
    desktopName: c.row.name,
    poolId: c.row.pool_id,
    clusterId: c.row.cluster_id,
    hypervisor: c.hv,
    guestOs: c.guestOs,
    powerState: c.row.power_state,
    hardware: c.hardware,
    figures: hardwareFigures(c.hardware, { hv: c.hv, thinWrittenShare: thinWrittenShare(c.pool.kind) }),
    pending: c.pending,
    pendingReasons: c.reasons,
    source: c.source,
    running:
      e && d >= 0
        ? { cpuFactor: Math.round((e.st.dCpuFactor[d] as number) * 1000) / 1000, hostCpuMhz: Math.round((e.dDemandMhz[d] as number) * 10) / 10 }
        : null,
  };
}

export function poolContext(db: Db, poolId: string): { pool: HardwarePoolRow; hv: HypervisorType; networks: NetworkRef[]; guestOs: string } {
  const pool = hardwarePoolRow(db, poolId);
  if (!pool) throw new LabError('not-found', `No pool with id "${poolId}"`, ['poolId']);
  return { pool, hv: clusterHypervisor(db, pool.cluster_id), networks: clusterNetworks(db, pool.cluster_id), guestOs: pool.os ?? UNKNOWN_GUEST };
}

export function poolHardwareView(db: Db, poolId: string): PoolHardware {
  const c = poolContext(db, poolId);
  const t = poolTemplate(db, c.pool, c.hv);
  return {
    poolId,
    poolName: c.pool.name,
    clusterId: c.pool.cluster_id,
    hypervisor: c.hv,
    guestOs: c.guestOs,
    hardware: t.hardware,
    figures: hardwareFigures(t.hardware, { hv: c.hv, thinWrittenShare: thinWrittenShare(c.pool.kind) }),
    source: t.source,
  };
}

/** The first refusal as the structured error the API returns (its path prefixed with the request's). */
export function refuse(problems: HardwareProblem[]): void {
  const p = problems[0];
  if (p)
    throw new LabError(
      p.code,
      problems.length > 1
        ? `${p.message} (and ${problems.length - 1} more: ${problems
            .slice(1)
            .map((x) => x.message)
            .join('; ')})`
        : p.message,
      p.path,
    );
}

export function mergeChecked(
  c: { hv: HypervisorType; guestOs: string; networks: NetworkRef[] },
  base: VirtualHardware,
  running: VirtualHardware | null,
  change: HardwareChange,
  key: string,
): VirtualHardware {
  const next = mergeHardware(base, change, c.hv, c.networks, key);
  refuse(checkHardware(next, c.hv, c.guestOs, c.networks, running));
  return next;
}

/** What the engine holds for a VM with hardware `hw` (its CPU factor, the flags' memory overhead, whether it may live-migrate). */
export function engineSize(hw: VirtualHardware, usedGb: number | null): DesktopSize {
  return {
    vcpu: vcpuOf(hw),
    ramGb: hw.memoryGb,
    extraOverheadMb: extraOverheadMb(hw),
    diskGb: hw.disks.reduce((s, k) => s + k.sizeGb, 0),
    usedGb,
    noLiveMigration: hw.confidential !== 'none',
    cpuFactor: flagsCpuFactor(hw.confidential, hw.nestedVirtualization),
  };
}

/** GB of hardware `hw`'s disks that are thick-provisioned (none: null). */
function thickGbOf(hw: VirtualHardware | null): number {
  return (hw?.disks ?? []).filter((k) => k.provisioning === 'thick').reduce((s, k) => s + k.sizeGb, 0);
}

/** Disk use after hardware `hw` (the engine's rule, `usedAfterResize`). */
function usedAfter(c: DesktopContext, hw: VirtualHardware, usedNow: number): number {
  return usedAfterResize(
    hw.disks.reduce((s, k) => s + k.sizeGb, 0),
    thickGbOf(hw),
    thickGbOf(c.hardware),
    usedNow,
  );
}

function writeSizeRow(db: Db, c: DesktopContext, hw: VirtualHardware, usedGb: number): void {
  const diskGb = hw.disks.reduce((s, k) => s + k.sizeGb, 0);
  writeDesktopSize(db, c.row.id, { vcpu: vcpuOf(hw), ramGb: hw.memoryGb, diskGb, usedGb });
}

/**
 * Makes the VM's row and the running engine agree with hardware `hw` (vCPUs, memory, disks, the
 * flags' memory overhead and CPU factor).
 */
export function applySize(db: Db, e: Engine, c: DesktopContext, hw: VirtualHardware): void {
  const usedGb = usedAfter(c, hw, c.row.used_gb);
  writeSizeRow(db, c, hw, usedGb);
  const d = e.st.ids.desktops.indexOf(c.row.id);
  if (d >= 0) e.resizeDesktop(d, engineSize(hw, usedGb));
}

/**
 * Tells the engine the change VM `id` waits for (null: none), so it applies it at the VM's power cycle in simulated
 * time, disk use included (`usedAfter`'s rule, on the hardware it runs now).
 */
export function setEnginePending(e: Engine, id: string, pending: VirtualHardware | null, running: VirtualHardware | null): void {
  const d = e.st.ids.desktops.indexOf(id);
  if (d < 0) return;
  if (pending) e.pendingSizes.set(d, { ...engineSize(pending, null), thick: { gb: thickGbOf(pending), beforeGb: thickGbOf(running) } });
  else e.pendingSizes.delete(d);
}

/** An engine just built learns every change that waits for a power cycle (the store's pending rows). */
export function loadEnginePending(db: Db, e: Engine): void {
  e.pendingSizes.clear();
  for (const r of pendingHardwareRows(db))
    setEnginePending(e, r.desktop_id, JSON.parse(r.pending) as VirtualHardware, JSON.parse(r.hardware) as VirtualHardware);
}

/** Applies a VM's pending hardware change (an admin's hard reset: its power cycle came); returns the context as it was, or null when nothing waited. */
export function applyPending(db: Db, e: Engine, id: string): DesktopContext | null {
  const c = desktopContext(db, id);
  if (!c.pending) return null;
  applySize(db, e, c, c.pending);
  writeDesktopHardware(db, id, { hardware: c.pending, pending: null, reasons: [] });
  setEnginePending(e, id, null, null);
  return c;
}

/**
 * At a flush: the VMs whose waiting change the engine applied when it powered them off (Engine.pendingSizes,
 * at a tick's simulated time, whatever the flush's wall-clock moment) get their rows and an event at that time.
 */
export function applyPendingHardware(db: Db, e: Engine, _simTime: string, drafts: EventDrafts): number {
  const applied = e.appliedSizes;
  e.appliedSizes = [];
  let n = 0;
  for (const { d, t, seq, usedGb } of applied) {
    const id = e.st.ids.desktops[d];
    if (id === undefined) continue;
    const c = desktopContext(db, id);
    if (!c.pending) continue;
    writeSizeRow(db, c, c.pending, usedGb);
    writeDesktopHardware(db, id, { hardware: c.pending, pending: null, reasons: [] });
    drafts.add(seq, new Date(t * 1000).toISOString(), {
      type: 'info',
      severity: 'info',
      objectKind: 'desktop',
      objectId: id,
      objectName: c.row.name,
      user: 'system',
      message: `${c.row.name}: the hardware change that waited for a power cycle is applied (${vcpuOf(c.pending)} vCPUs, ${c.pending.memoryGb} GB) now that the VM is powered off`,
    });
    n++;
  }
  return n;
}
