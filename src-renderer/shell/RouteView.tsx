import { EmptyState, EmptyStateBody, EmptyStateFooter, Button, PageSection } from '@patternfly/react-core';
import type { Route } from '../router/hash-router.ts';
import { navigate } from '../router/hash-router.ts';
import { DashboardView } from '../features/dashboard/DashboardView.tsx';
import { HostsView } from '../features/inventory/HostsView.tsx';
import { HostDetailView } from '../features/inventory/HostDetailView.tsx';
import { DatastoresView } from '../features/inventory/DatastoresView.tsx';
import { DatastoreDetailView } from '../features/inventory/DatastoreDetailView.tsx';
import { PerformanceView } from '../features/performance/PerformanceView.tsx';
import { NetworksView } from '../features/inventory/NetworksView.tsx';
import { DesktopsView } from '../features/desktops/DesktopsView.tsx';
import { PoolsView } from '../features/pools/PoolsView.tsx';
import { PoolDetailView } from '../features/pools/PoolDetailView.tsx';
import { ImagesView } from '../features/images/ImagesView.tsx';
import { UsersView } from '../features/users/UsersView.tsx';
import { EventsView } from '../features/events/EventsView.tsx';
import { ClusterView } from '../features/cluster/ClusterView.tsx';
import { SessionsView } from '../features/sessions/SessionsView.tsx';
import { HelpDeskView } from '../features/helpdesk/HelpDeskView.tsx';
import { ConnectView } from '../features/thin-client/ConnectView.tsx';
import { WallView } from '../features/thin-client/WallView.tsx';
import { ShadowView } from '../features/thin-client/ShadowView.tsx';
import { CapacityRoutes } from '../features/capacity/CapacityRoutes.tsx';
import { CheckpointsView } from '../features/checkpoints/CheckpointsView.tsx';
import { HttpApiView } from '../features/http-api/HttpApiView.tsx';

/** The route table: path segments → view. Detail views are keyed by id so they remount cleanly. */
export function RouteView({ route }: { route: Route }) {
  const [first, second] = route.segments;
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
