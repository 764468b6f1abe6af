// Capacity planning: its public face.
export { CapacityRoutes } from './CapacityRoutes.tsx';
