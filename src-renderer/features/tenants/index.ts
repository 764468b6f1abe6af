export { TenantsView } from './TenantsView.tsx';
