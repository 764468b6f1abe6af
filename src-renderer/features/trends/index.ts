export { TrendsView } from './TrendsView.tsx';
