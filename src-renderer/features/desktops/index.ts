// Desktops: its public face (hosts and pools list machines with the same columns and drawer).
export { DesktopsView } from './DesktopsView.tsx';
export { desktopColumns } from './desktop-columns.tsx';
export { DesktopDrawer } from './DesktopDrawer.tsx';
