// Sites and disaster recovery (issue 19): its public face.
export { SitesView } from './SitesView.tsx';
export { DisasterRecoveryView } from './DisasterRecoveryView.tsx';
