export { DesktopHardwareTab } from './DesktopHardwareTab.tsx';
export { PoolHardwareCard } from './PoolHardwareCard.tsx';
