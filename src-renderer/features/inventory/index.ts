// Inventory (clusters, hosts, datastores, networks): its public face.
export { HostsView } from './HostsView.tsx';
export { HostDetailView } from './HostDetailView.tsx';
export { DatastoresView } from './DatastoresView.tsx';
export { DatastoreDetailView } from './DatastoreDetailView.tsx';
export { NetworksView } from './NetworksView.tsx';
export { GpuCell, clusterGpuText } from './gpu-summary.tsx';
