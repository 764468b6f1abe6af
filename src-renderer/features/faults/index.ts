// Fault injection (training): its public face.
export { FaultsView } from './FaultsView.tsx';
