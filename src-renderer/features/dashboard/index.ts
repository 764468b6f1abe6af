// The dashboard's public face (other features and the shell import only this file).
export { DashboardView } from './DashboardView.tsx';
