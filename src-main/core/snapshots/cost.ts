/**
 * What snapshots cost: delta growth, space, extra I/O, and how long operations take.
 * Every figure is a named parameter (docs/SNAPSHOTS.md gives the sources and reasoning).
 */
export const SNAPSHOT_COST = {
  /** Average size of a guest write, KB (VDI I/O is small and random: 4–32 KB; SEsparse grains are 4 KB). */
  writeIoKb: 16,
  /**
   * Share of written blocks that are new to the active delta. The rest overwrite blocks the delta
   * already holds (page file, temp files, profile caches are rewritten all day), so a delta grows
   * more slowly than the raw write stream and levels off near the guest's working set.
   */
  newBlockShare: 0.5,
  /** Extra read I/O per level of delta disk: a read missing the top delta looks up the next grain table. */
  readAmpPerLevel: 0.1,
  /** Consolidation (merging a delta into its parent) copies at this rate, GB/s, while adding mergeIops to the datastore. */
  mergeGbPerSec: 0.1,
  mergeIops: 300,
  /** Fixed part of every snapshot operation (vCenter task, VMX reconfiguration, stun/unstun), s. */
  opBaseSec: 3,
  /** Writing the memory file while taking a memory snapshot / reading it back on revert, GB/s. */
  memoryWriteGbPerSec: 0.5,
  memoryReadGbPerSec: 1,
  /** I/O of a take or revert while it runs (the memory file, the new delta's metadata). */
  opIops: 150,
  /** Share of merged delta data that lands on blocks new to the parent disk (it grows the parent). */
  parentGrowShare: 0.3,
  /** Desktops a bulk snapshot task works on at once (vCenter limits concurrent provisioning/snapshot operations per datastore to a handful). */
  bulkConcurrency: 8,
};

const GB_PER_KB = 1 / (1024 * 1024);

/** GB a delta grows by after `writeIos` guest writes. */
export function deltaGrowthGb(writeIos: number): number {
  return writeIos * SNAPSHOT_COST.writeIoKb * SNAPSHOT_COST.newBlockShare * GB_PER_KB;
}

/** Extra read IOPS a chain of `depth` delta disks adds on top of `readIops`. */
export function chainReadIops(readIops: number, depth: number): number {
  return depth > 0 ? readIops * depth * SNAPSHOT_COST.readAmpPerLevel : 0;
}

/** Seconds to merge `gb` of delta into its parent. */
export function mergeSeconds(gb: number): number {
  return Math.ceil(SNAPSHOT_COST.opBaseSec + gb / SNAPSHOT_COST.mergeGbPerSec);
}

/** Seconds a take needs (writing `memoryGb` of RAM to the memory file stuns the VM meanwhile). */
export function takeSeconds(memoryGb: number): number {
  return Math.ceil(SNAPSHOT_COST.opBaseSec + memoryGb / SNAPSHOT_COST.memoryWriteGbPerSec);
}

/** Seconds a revert needs (reading the memory file back, if any). */
export function revertSeconds(memoryGb: number): number {
  return Math.ceil(SNAPSHOT_COST.opBaseSec + memoryGb / SNAPSHOT_COST.memoryReadGbPerSec);
}

/** Space a merge of `gb` returns to the datastore (the rest lands in the parent disk). */
export function mergeFreesGb(gb: number): number {
  return gb * (1 - SNAPSHOT_COST.parentGrowShare);
}
