// Desktop pools: its public face.
export { PoolsView } from './PoolsView.tsx';
export { PoolDetailView } from './PoolDetailView.tsx';
export { PoolEntitlements } from './PoolEntitlements.tsx';
