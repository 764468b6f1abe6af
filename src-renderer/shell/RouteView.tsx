import { EmptyState, EmptyStateBody, EmptyStateFooter, Button, PageSection } from '@patternfly/react-core';
import type { Route } from '../router/hash-router.ts';
import { navigate } from '../router/hash-router.ts';
import { DashboardView } from '../features/dashboard/index.ts';
import { HostsView, HostDetailView, DatastoresView, DatastoreDetailView, NetworksView } from '../features/inventory/index.ts';
import { PerformanceView } from '../features/performance/index.ts';
import { DesktopsView } from '../features/desktops/index.ts';
import { PoolsView, PoolDetailView } from '../features/pools/index.ts';
import { ImagesView } from '../features/images/index.ts';
import { UsersView } from '../features/users/index.ts';
import { EventsView } from '../features/events/index.ts';
import { AlarmsView } from '../features/alarms/index.ts';
import { ClusterView } from '../features/cluster/index.ts';
import { SessionsView } from '../features/sessions/index.ts';
import { HelpDeskView } from '../features/helpdesk/index.ts';
import { ConnectView, WallView, ShadowView } from '../features/thin-client/index.ts';
import { CapacityRoutes } from '../features/capacity/index.ts';
import { CheckpointsView } from '../features/checkpoints/index.ts';
import { HttpApiView } from '../features/http-api/index.ts';

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
