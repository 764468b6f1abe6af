// Lab checkpoints: its public face.
export { CheckpointsView } from './CheckpointsView.tsx';
