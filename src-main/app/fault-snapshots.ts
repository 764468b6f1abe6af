import type { Engine } from '../core/engine/engine.ts';
import { SNAPSHOT_RULES } from '../core/snapshots/rules.ts';
import type { Db } from '../store/db.ts';
import { getDesktop } from '../store/desktops.ts';
import { chainState, currentPath, insertSnapshot, listSnapshots, setChainState } from '../store/snapshots.ts';

/** The name a backup job gives its snapshot (Veeam Backup & Replication names it so; other products use a similar fixed name). */
export const BACKUP_SNAPSHOT_NAME = 'VEEAM BACKUP TEMPORARY SNAPSHOT';

/**
 * A snapshot left to grow (issue 17) starts: the backup job's disk-only snapshot (quiesced when it runs) of each
 * machine the fault chose, written as snapshot-take writes one (a snapshot row under the current
 * one, the chain's "you are here" moved to it, a new empty delta). A machine gone, busy with another
 * snapshot task or with its disks (provisioning), or at the chain's depth limit is skipped (a real
 * job would fail on it too). Returns how many were taken.
 */
export function takeBackupSnapshots(db: Db, e: Engine): number {
  let taken = 0;
  const at = new Date(e.t * 1000).toISOString();
  for (const op of e.faults.takeSnapshotOps()) {
    const before = taken;
    for (const d of op.desktops) {
      const id = e.st.ids.desktops[d];
      const desk = id ? getDesktop(db, id) : undefined;
      if (!desk || e.snapshots.isBusy(d) || ['PROVISIONING', 'CUSTOMIZING', 'DELETING'].includes(desk.state)) continue;
      const chain = chainState(db, desk.id);
      if (currentPath(listSnapshots(db, desk.id), chain.currentId).length >= SNAPSHOT_RULES.maxChainDepth) continue;
      const snap = insertSnapshot(db, {
        desktopId: desk.id,
        parentId: chain.currentId,
        name: BACKUP_SNAPSHOT_NAME,
        description: `Taken by the nightly backup job, whose removal failed (training fault #${op.fault})`,
        includeMemory: false,
        quiesced: desk.powerState === 'poweredOn',
        createdAt: at,
        powerState: desk.powerState,
        machineState: desk.state,
        problem: desk.problem,
        imageVersionId: desk.imageVersionId,
        deltaGb: chain.currentId ? (e.snapshots.deltaGb[d] as number) : 0,
        memoryGb: 0,
      });
      setChainState(db, desk.id, { ...chain, currentId: snap, runningDeltaGb: 0 });
      taken++;
    }
    // Nothing could be snapshotted (every machine busy, provisioning or at the chain limit): the fault ends at once, saying why.
    if (taken === before) e.faults.endUnapplied(op.fault, e.t, 'no machine of the pool could be snapshotted (busy, provisioning or at the chain limit)');
  }
  return taken;
}
