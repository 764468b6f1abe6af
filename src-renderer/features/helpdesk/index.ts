// Help Desk: its public face.
export { HelpDeskView } from './HelpDeskView.tsx';
