export { ReplayView } from './ReplayView.tsx';
