// Cluster operations: its public face (hosts and desktops reuse the host and migrate actions).
export { ClusterView } from './ClusterView.tsx';
export { DesktopMigrateAction } from './DesktopMigrateAction.tsx';
export { HostOpsBar } from './HostOpsBar.tsx';
