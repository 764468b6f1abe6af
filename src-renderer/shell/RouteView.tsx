import { Suspense } from 'react';
import { EmptyState, EmptyStateBody, EmptyStateFooter, Button, PageSection } from '@patternfly/react-core';
import { CenteredSpinner } from '../components/States.tsx';
import type { Route } from '../router/hash-router.ts';
import { navigate } from '../router/hash-router.ts';
import { PageLoadError, lazyPage, loadPage } from './lazy-page.tsx';
import { useWhoami } from '../state/whoami-store.ts';
import { TENANT_PAGES } from './nav-items.ts';

// Every page is its own chunk, loaded the first time it is shown (the console opens on one page,
// so the first load carries the shell and that page only). A feature's views share one chunk.
const dashboard = () => import('../features/dashboard/index.ts');
const inventory = () => import('../features/inventory/index.ts');
const pools = () => import('../features/pools/index.ts');
const thinClient = () => import('../features/thin-client/index.ts');
const sessions = () => import('../features/sessions/index.ts');
const DashboardView = lazyPage(dashboard, (m) => m.DashboardView);
const HostsView = lazyPage(inventory, (m) => m.HostsView);
const HostDetailView = lazyPage(inventory, (m) => m.HostDetailView);
const DatastoresView = lazyPage(inventory, (m) => m.DatastoresView);
const DatastoreDetailView = lazyPage(inventory, (m) => m.DatastoreDetailView);
const NetworksView = lazyPage(inventory, (m) => m.NetworksView);
const PerformanceView = lazyPage(
  () => import('../features/performance/index.ts'),
  (m) => m.PerformanceView,
);
const TrendsView = lazyPage(
  () => import('../features/trends/index.ts'),
  (m) => m.TrendsView,
);
const DesktopsView = lazyPage(
  () => import('../features/desktops/index.ts'),
  (m) => m.DesktopsView,
);
const PoolsView = lazyPage(pools, (m) => m.PoolsView);
const PoolDetailView = lazyPage(pools, (m) => m.PoolDetailView);
const ImagesView = lazyPage(
  () => import('../features/images/index.ts'),
  (m) => m.ImagesView,
);
const UsersView = lazyPage(
  () => import('../features/users/index.ts'),
  (m) => m.UsersView,
);
const EventsView = lazyPage(
  () => import('../features/events/index.ts'),
  (m) => m.EventsView,
);
const ClusterView = lazyPage(
  () => import('../features/cluster/index.ts'),
  (m) => m.ClusterView,
);
const SessionsView = lazyPage(sessions, (m) => m.SessionsView);
const HelpDeskView = lazyPage(
  () => import('../features/helpdesk/index.ts'),
  (m) => m.HelpDeskView,
);
const ConnectView = lazyPage(thinClient, (m) => m.ConnectView);
const WallView = lazyPage(thinClient, (m) => m.WallView);
const ShadowView = lazyPage(thinClient, (m) => m.ShadowView);
const CapacityRoutes = lazyPage(
  () => import('../features/capacity/index.ts'),
  (m) => m.CapacityRoutes,
);
const CheckpointsView = lazyPage(
  () => import('../features/checkpoints/index.ts'),
  (m) => m.CheckpointsView,
);
const HttpApiView = lazyPage(
  () => import('../features/http-api/index.ts'),
  (m) => m.HttpApiView,
);
const AlarmsView = lazyPage(
  () => import('../features/alarms/index.ts'),
  (m) => m.AlarmsView,
);
const admin = () => import('../features/admin/index.ts');
const AccountsView = lazyPage(admin, (m) => m.AccountsView);
const AuditView = lazyPage(admin, (m) => m.AuditView);
const ScenariosView = lazyPage(
  () => import('../features/scenarios/index.ts'),
  (m) => m.ScenariosView,
);
const ReplayView = lazyPage(
  () => import('../features/replay/index.ts'),
  (m) => m.ReplayView,
);
const sites = () => import('../features/sites/index.ts');
const SitesView = lazyPage(sites, (m) => m.SitesView);
const DisasterRecoveryView = lazyPage(sites, (m) => m.DisasterRecoveryView);
const TenantsView = lazyPage(
  () => import('../features/tenants/index.ts'),
  (m) => m.TenantsView,
);
const FaultsView = lazyPage(
  () => import('../features/faults/index.ts'),
  (m) => m.FaultsView,
);

/** Chunk loaders by first path segment, for pages the console may open on (started before the shell renders). */
const PRELOAD: Record<string, () => Promise<unknown>> = { '': dashboard, dashboard, sessions, hosts: inventory, pools };

/**
 * Starts loading the code of the page the console opens on; resolves once it is in or could not be
 * loaded (errors are the page's to report when it renders), never rejects.
 */
export function preloadPage(first: string): Promise<void> {
  const load = PRELOAD[first];
  return load
    ? loadPage(load).then(
        () => undefined,
        () => undefined,
      )
    : Promise.resolve();
}

/**
 * The page for a route, with a spinner while its chunk loads and a way out when it cannot load
 * (the console was rebuilt and restarted under an open window). Keyed by the page so a failed
 * page is retried when the user navigates.
 */
export function RouteView({ route }: { route: Route }) {
  return (
    <PageLoadError key={route.segments[0] ?? ''}>
      <Suspense fallback={<CenteredSpinner label="Loading the page" />}>
        <RouteTable route={route} />
      </Suspense>
    </PageLoadError>
  );
}

function TenantScopedPage({ tenant }: { tenant: string }) {
  return (
    <PageSection>
      <EmptyState titleText={`Scoped to tenant ${tenant}`} headingLevel="h1" data-testid="tenant-scoped-page">
        <EmptyStateBody>This page shows the whole estate. Your account administers the pools, desktops and sessions of {tenant} only.</EmptyStateBody>
        <EmptyStateFooter>
          <Button variant="primary" onClick={() => navigate('/pools')} data-testid="tenant-scoped-pools">
            Go to the desktop pools
          </Button>
        </EmptyStateFooter>
      </EmptyState>
    </PageSection>
  );
}

/** The route table: path segments → view. Detail views are keyed by id so they remount cleanly. */
function RouteTable({ route }: { route: Route }) {
  const [first, second] = route.segments;
  const tenant = useWhoami((s) => s.me?.tenant ?? null);
  // An account scoped to a tenant (issue 19): the estate-wide pages would only show refusals.
  if (tenant && !TENANT_PAGES.has(first ?? '')) return <TenantScopedPage tenant={tenant.name} />;
  switch (first) {
    case undefined:
    case 'dashboard':
      return <DashboardView />;
    case 'hosts':
      return second ? <HostDetailView key={second} id={second} /> : <HostsView />;
    case 'desktops':
      return <DesktopsView />;
    case 'performance':
      return <PerformanceView />;
    case 'trends':
      return <TrendsView />;
    case 'datastores':
      return second ? <DatastoreDetailView key={second} id={second} /> : <DatastoresView />;
    case 'networks':
      return <NetworksView />;
    case 'pools':
      return second ? <PoolDetailView key={second} id={second} /> : <PoolsView />;
    case 'images':
      return <ImagesView />;
    case 'users':
      return <UsersView />;
    case 'events':
      return <EventsView />;
    case 'alarms':
      return <AlarmsView />;
    case 'clusters':
      return <ClusterView key={second ?? ''} id={second} />;
    case 'sessions':
      return <SessionsView />;
    case 'helpdesk':
      return <HelpDeskView key={second ?? ''} target={second ?? null} />;
    case 'connect':
      return <ConnectView />;
    case 'wall':
      return <WallView />;
    case 'shadow':
      return second ? <ShadowView key={second} sessionId={second} /> : <SessionsView />;
    case 'capacity':
      return <CapacityRoutes segments={route.segments.slice(1)} />;
    case 'checkpoints':
      return <CheckpointsView />;
    case 'http-api':
      return <HttpApiView />;
    case 'accounts':
      return <AccountsView />;
    case 'audit':
      return <AuditView />;
    case 'faults':
      return <FaultsView />;
    case 'scenarios':
      return <ScenariosView />;
    case 'replay':
      return <ReplayView />;
    case 'sites':
      return <SitesView />;
    case 'tenants':
      return <TenantsView />;
    case 'dr':
      return <DisasterRecoveryView />;
    default:
      return (
        <PageSection>
          <EmptyState titleText="No such page" headingLevel="h1" status="warning">
            <EmptyStateBody>
              <code>#{route.path}</code> is not a page of this console.
            </EmptyStateBody>
            <EmptyStateFooter>
              <Button variant="primary" onClick={() => navigate('/dashboard')}>
                Go to the dashboard
              </Button>
            </EmptyStateFooter>
          </EmptyState>
        </PageSection>
      );
  }
}
