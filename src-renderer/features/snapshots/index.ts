// Snapshots: its public face (the desktop drawer and the pool page host its panels).
export { SnapshotsTab } from './SnapshotsTab.tsx';
export { SnapshotChainWarning } from './SnapshotChainWarning.tsx';
export { PoolSnapshots } from './PoolSnapshots.tsx';
