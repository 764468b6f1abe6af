import type { MachineState, PowerState } from '../contract/entities.ts';
import type { Snapshot, SnapshotTree } from '../contract/snapshot-entities.ts';
import { chainWarnings } from '../core/snapshots/rules.ts';
import type { Db } from './db.ts';
import { nextIdNumber } from './ids.ts';
import { all, get, run } from './stmt.ts';

interface SnapshotRow {
  id: string;
  desktop_id: string;
  parent_id: string | null;
  name: string;
  description: string;
  include_memory: number;
  quiesced: number;
  power_state: PowerState;
  machine_state: MachineState;
  problem: string | null;
  image_version_id: string | null;
  delta_gb: number;
  memory_gb: number;
  created_at: string;
  seq: number;
}

export interface SnapshotRecord extends Snapshot {
  problem: string | null;
}

export interface ChainState {
  currentId: string | null;
  runningDeltaGb: number;
  orphanGb: number;
}

const round = (gb: number) => Math.round(gb * 1000) / 1000;

function toSnapshot(r: SnapshotRow, depth: number): SnapshotRecord {
  return {
    id: r.id,
    desktopId: r.desktop_id,
    parentId: r.parent_id,
    name: r.name,
    description: r.description,
    includeMemory: r.include_memory === 1,
    quiesced: r.quiesced === 1,
    createdAt: r.created_at,
    powerState: r.power_state,
    machineState: r.machine_state,
    imageVersionId: r.image_version_id,
    deltaGb: round(r.delta_gb),
    memoryGb: round(r.memory_gb),
    depth,
    problem: r.problem,
  };
}

/** Every snapshot of a desktop in the order taken, with its depth in the tree. */
export function listSnapshots(db: Db, desktopId: string): SnapshotRecord[] {
  const rows = all<SnapshotRow>(db, 'SELECT * FROM snapshots WHERE desktop_id = ? ORDER BY seq', desktopId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const depthOf = (r: SnapshotRow): number => {
    let n = 1;
    for (let p = r.parent_id ? byId.get(r.parent_id) : undefined; p; p = p.parent_id ? byId.get(p.parent_id) : undefined) n++;
    return n;
  };
  return rows.map((r) => toSnapshot(r, depthOf(r)));
}

export function getSnapshot(db: Db, id: string): SnapshotRecord | undefined {
  const r = get<SnapshotRow>(db, 'SELECT * FROM snapshots WHERE id = ?', id);
  if (!r) return undefined;
  return listSnapshots(db, r.desktop_id).find((s) => s.id === id);
}

export function chainState(db: Db, desktopId: string): ChainState {
  const r = get<{ current_snapshot_id: string | null; running_delta_gb: number; orphan_gb: number }>(
    db,
    'SELECT current_snapshot_id, running_delta_gb, orphan_gb FROM desktop_snapshot_state WHERE desktop_id = ?',
    desktopId,
  );
  return { currentId: r?.current_snapshot_id ?? null, runningDeltaGb: r?.running_delta_gb ?? 0, orphanGb: r?.orphan_gb ?? 0 };
}

export function setChainState(db: Db, desktopId: string, s: ChainState): void {
  if (s.currentId === null && s.runningDeltaGb <= 0 && s.orphanGb <= 0) {
    run(db, 'DELETE FROM desktop_snapshot_state WHERE desktop_id = ?', desktopId);
    return;
  }
  run(
    db,
    `INSERT INTO desktop_snapshot_state (desktop_id, current_snapshot_id, running_delta_gb, orphan_gb) VALUES (?, ?, ?, ?)
     ON CONFLICT(desktop_id) DO UPDATE SET current_snapshot_id = excluded.current_snapshot_id,
       running_delta_gb = excluded.running_delta_gb, orphan_gb = excluded.orphan_gb`,
    desktopId,
    s.currentId,
    Math.max(0, s.runningDeltaGb),
    Math.max(0, s.orphanGb),
  );
}

/** Only the active delta size (written at each simulation flush). */
export function setRunningDelta(db: Db, desktopId: string, gb: number): void {
  run(db, 'UPDATE desktop_snapshot_state SET running_delta_gb = ? WHERE desktop_id = ?', Math.max(0, gb), desktopId);
}

/** Every desktop that has snapshot state: its chain depth (delta disks read through) and active delta. */
export function allChains(db: Db): { desktopId: string; depth: number; runningDeltaGb: number }[] {
  const states = all<{ desktop_id: string; current_snapshot_id: string | null; running_delta_gb: number }>(
    db,
    'SELECT desktop_id, current_snapshot_id, running_delta_gb FROM desktop_snapshot_state',
  );
  const parents = new Map(all<{ id: string; parent_id: string | null }>(db, 'SELECT id, parent_id FROM snapshots').map((r) => [r.id, r.parent_id]));
  return states.map((s) => {
    let depth = 0;
    for (let id = s.current_snapshot_id; id; id = parents.get(id) ?? null) depth++;
    return { desktopId: s.desktop_id, depth, runningDeltaGb: s.running_delta_gb };
  });
}

/** The ids of snapshots on the path from the current one to the root. */
export function currentPath(snaps: readonly Snapshot[], currentId: string | null): string[] {
  const byId = new Map(snaps.map((s) => [s.id, s]));
  const out: string[] = [];
  for (let s = currentId ? byId.get(currentId) : undefined; s; s = s.parentId ? byId.get(s.parentId) : undefined) out.push(s.id);
  return out;
}

/** A snapshot and everything below it. */
export function subtree(snaps: readonly Snapshot[], rootId: string): string[] {
  const out = [rootId];
  for (let i = 0; i < out.length; i++) for (const s of snaps) if (s.parentId === out[i]) out.push(s.id);
  return out;
}

export function insertSnapshot(db: Db, s: Omit<SnapshotRecord, 'id' | 'depth'>): string {
  const n = nextIdNumber(db, 'snapshot');
  const id = `snap-${n}`;
  run(
    db,
    `INSERT INTO snapshots (id, desktop_id, parent_id, name, description, include_memory, quiesced, power_state, machine_state, problem,
       image_version_id, delta_gb, memory_gb, created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    s.desktopId,
    s.parentId,
    s.name,
    s.description,
    s.includeMemory ? 1 : 0,
    s.quiesced ? 1 : 0,
    s.powerState,
    s.machineState,
    s.problem,
    s.imageVersionId,
    s.deltaGb,
    s.memoryGb,
    s.createdAt,
    n,
  );
  return id;
}

/** Removes snapshots; their children move up to the removed one's parent (vSphere keeps the rest of the tree). */
export function removeSnapshots(db: Db, desktopId: string, ids: readonly string[]): void {
  const gone = new Set(ids);
  const snaps = listSnapshots(db, desktopId);
  const byId = new Map(snaps.map((s) => [s.id, s]));
  const survivingParent = (id: string | null): string | null => {
    let p = id;
    while (p && gone.has(p)) p = byId.get(p)?.parentId ?? null;
    return p;
  };
  for (const s of snaps) {
    if (gone.has(s.id)) continue;
    const parent = survivingParent(s.parentId);
    if (parent !== s.parentId) run(db, 'UPDATE snapshots SET parent_id = ? WHERE id = ?', parent, s.id);
  }
  for (const id of ids) run(db, 'DELETE FROM snapshots WHERE id = ?', id);
  const st = chainState(db, desktopId);
  setChainState(db, desktopId, { ...st, currentId: survivingParent(st.currentId) });
}

/** The tree view of a desktop: snapshots, "you are here", sizes and warnings. */
export function snapshotTree(db: Db, desktop: { id: string; name: string; powerState: PowerState; state: MachineState }, nowIso: string): SnapshotTree {
  const snapshots = listSnapshots(db, desktop.id);
  const st = chainState(db, desktop.id);
  const chainDepth = currentPath(snapshots, st.currentId).length;
  const held = snapshots.reduce((a, s) => a + s.deltaGb + s.memoryGb, 0);
  const oldest = snapshots[0];
  const oldestAgeHours = oldest ? Math.max(0, (Date.parse(nowIso) - Date.parse(oldest.createdAt)) / 3_600_000) : 0;
  return {
    desktopId: desktop.id,
    desktopName: desktop.name,
    powerState: desktop.powerState,
    state: desktop.state,
    currentId: st.currentId,
    snapshots: snapshots.map(({ problem: _p, ...s }) => s),
    chainDepth,
    runningDeltaGb: round(snapshots.length ? st.runningDeltaGb : 0),
    orphanGb: round(st.orphanGb),
    totalGb: round(held + st.runningDeltaGb + st.orphanGb),
    oldestAgeHours: Math.round(oldestAgeHours * 10) / 10,
    warnings: chainWarnings(chainDepth, oldestAgeHours, st.orphanGb),
  };
}

/** Each desktop that has snapshots, with the creation time of its oldest. */
export function oldestSnapshotPerDesktop(db: Db): { id: string; name: string; oldest: string }[] {
  return all(
    db,
    'SELECT s.desktop_id AS id, d.name AS name, min(s.created_at) AS oldest FROM snapshots s JOIN desktops d ON d.id = s.desktop_id GROUP BY s.desktop_id',
  );
}

export function snapshotName(db: Db, id: string): string | undefined {
  return get<{ name: string }>(db, 'SELECT name FROM snapshots WHERE id = ?', id)?.name;
}

/** A deleted child's delta merged into its parent grows the parent's delta disk. */
export function growSnapshotDelta(db: Db, id: string, gb: number): void {
  run(db, 'UPDATE snapshots SET delta_gb = delta_gb + ? WHERE id = ?', gb, id);
}

/** How many snapshots the desktops of a pool have. */
export function poolSnapshotCount(db: Db, poolId: string): number {
  return get<{ n: number }>(db, 'SELECT count(*) AS n FROM snapshots s JOIN desktops d ON d.id = s.desktop_id WHERE d.pool_id = ?', poolId)?.n ?? 0;
}

/** Each machine of a pool with its newest snapshot of that name (null: none), by machine name. */
export function newestNamedSnapshots(db: Db, poolId: string, name: string): { id: string; name: string; snap: string | null }[] {
  return all(
    db,
    `SELECT d.id, d.name, (SELECT s.id FROM snapshots s WHERE s.desktop_id = d.id AND s.name = ? ORDER BY s.seq DESC LIMIT 1) AS snap
     FROM desktops d WHERE d.pool_id = ? ORDER BY d.name`,
    name,
    poolId,
  );
}
