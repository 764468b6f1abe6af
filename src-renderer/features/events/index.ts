// Events: its public face.
export { EventsView } from './EventsView.tsx';
