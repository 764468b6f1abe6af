import type { Fault } from './fault.ts';

// What the faults part (faults.ts) exchanges with the rest: its saved state, the steps the app carries
// out for it (host failures, a backup job's snapshots), and where it tells the event log.

export interface FaultsSaved {
  nextId: number;
  faults: Fault[];
}

/**
 * A host failure fault's step the app carries out through the cluster's HA machinery (a tracked
 * HA failover task to fail, a host power-on task or a network restore to repair): the engine stops
 * right after the tick that asked, like a pool's grow request, and the app does it in that flush.
 */
export interface HostFaultOp {
  fault: number;
  h: number;
  op: 'fail' | 'repair';
  mode: 'power-loss' | 'isolation' | 'psod';
  at: number;
}

/** A snapshot-growth fault's start: the app takes the backup job's snapshot of these machines in that flush (store rows, as snapshot-take does). */
export interface SnapshotFaultOp {
  fault: number;
  desktops: number[];
  at: number;
}

/** What the engine tells the event log about a fault (the cluster log carries it: cluster.note). */
export interface FaultNoteSink {
  note(
    at: number,
    severity: 'info' | 'warning' | 'error' | 'critical',
    kind: 'host' | 'datastore' | 'pool' | 'network' | 'lab',
    id: string,
    name: string,
    message: string,
  ): void;
}
