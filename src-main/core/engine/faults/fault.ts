import type { FaultKind, FaultState } from '../../../contract/fault-methods.ts';

/** One fault as the engine keeps it. `target` is a dense index (host, datastore, pool), a network profile index, or -1 (global). */
export interface Fault {
  id: number;
  kind: FaultKind;
  target: number;
  params: Record<string, number>;
  state: FaultState;
  /** Simulated time it starts (scheduled) or started. */
  startAt: number;
  /** Simulated time it ends by itself (null: until cleared); once over, when it ended. */
  endAt: number | null;
  /** Array controller failover: the pause is over, the reduced capacity applies. */
  settled?: boolean;
  /** Bad golden image: the image version (index into ids.versions) it marked bad when it started; -1 for none. */
  version?: number;
  /** Snapshot left to grow: the machines (desktop indices) the backup job left a snapshot on, chosen when it started. */
  desktops?: number[];
}
