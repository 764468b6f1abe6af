// Performance: its public face (the dashboard reuses the heat-map and busiest hosts).
export { PerformanceView } from './PerformanceView.tsx';
export { HostHeatmap } from './HostHeatmap.tsx';
export { BusiestHosts } from './BusiestHosts.tsx';
