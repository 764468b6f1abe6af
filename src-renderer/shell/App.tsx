import { useCallback, useEffect, useState } from 'react';
import { Page, SkipToContent } from '@patternfly/react-core';
import { getClient } from '../client/api.ts';
import { currentRoute, navigate, useRoute } from '../router/hash-router.ts';
import { rememberRoute, useSettings } from '../state/settings-store.ts';
import { useConnection } from '../state/connection-store.ts';
import { notifyError } from '../state/toast-store.ts';
import { toApiError } from '../state/use-api.ts';
import { CenteredSpinner } from '../components/States.tsx';
import { AppMasthead } from './AppMasthead.tsx';
import { AppSidebar } from './AppSidebar.tsx';
import { ConnectionBanner } from './ConnectionBanner.tsx';
import { ReplayBanner } from '../components/replay/ReplayBanner.tsx';
import { RouteView } from './RouteView.tsx';
import { prefetchPages } from './lazy-page.tsx';
import { afterFirstContent, firstPageOf } from './startup.ts';
import { Toasts } from './Toasts.tsx';
import { RecentTasksPanel, useTasksPane } from '../features/tasks/index.ts';
import { useWhoami } from '../state/whoami-store.ts';
import { LoginPage } from '../features/admin/index.ts';

/**
 * Start-up: read the console settings (theme, last page) once, apply the theme,
 * and go to the remembered page unless the address already names one.
 */
function useBoot(): { loaded: boolean; ready: boolean } {
  const loaded = useSettings((s) => s.loaded);
  // An address that names a page shows it at once: the settings only choose a page for an address
  // without one (the theme and vocabulary are applied from the local cache before the first paint).
  const [named] = useState(() => firstPageOf(location.hash) !== '');
  // Only a refusal matters here: the request made while connecting is queued and sent on open (a
  // dependency on every status change asked for the settings twice at start).
  const unauthorized = useConnection((s) => s.status === 'unauthorized');
  useEffect(() => {
    if (loaded) return;
    if (unauthorized) {
      useSettings.getState().setLoaded(null);
      return;
    }
    let cancelled = false;
    getClient()
      .call('settings-get', {})
      .then(
        (s) => {
          if (cancelled) return;
          useSettings.getState().setLoaded(s);
          if (!location.hash || location.hash === '#' || location.hash === '#/') {
            navigate(s.lastRoute && s.lastRoute !== '/' ? s.lastRoute : '/dashboard', { replace: true });
          }
        },
        (e: unknown) => {
          if (cancelled) return;
          const err = toApiError(e);
          // Without settings the console still works: default theme, dashboard.
          if (err.code !== 'unauthorized') notifyError('Could not read the console settings', err);
          useSettings.getState().setLoaded(null);
        },
      );
    return () => {
      cancelled = true;
    };
  }, [loaded, unauthorized]);
  return { loaded, ready: loaded || named };
}

/** Who this console acts as, read again at every (re)connect and when accounts change. */
function useIdentity() {
  const epoch = useConnection((s) => s.epoch);
  const status = useConnection((s) => s.status);
  useEffect(() => {
    if (status === 'open') void useWhoami.getState().load();
  }, [epoch, status]);
  useEffect(() => getClient().subscribe('lab-changed', (p) => void (p.kinds.includes('lab') && useWhoami.getState().load())), []);
  return useWhoami((s) => s.me);
}

export function App() {
  const me = useIdentity();
  const { loaded: booted, ready } = useBoot();
  const route = useRoute();
  const [sidebarOpen, setSidebarOpen] = useState(() => window.innerWidth >= 1200);
  const tasksOpen = useTasksPane((s) => s.open);
  // Stable, so the memoized masthead does not re-render with every App render (route, identity).
  const toggleSidebar = useCallback(() => setSidebarOpen((o) => !o), []);

  useEffect(() => {
    if (booted && currentRoute().path !== '/') rememberRoute(route.full);
  }, [booted, route.full]);
  useEffect(() => {
    // The other pages' code, once the first page's content is up and the browser idles.
    if (ready) afterFirstContent(prefetchPages);
  }, [ready]);

  // Signed out while the page was open (the session ended, the account was disabled): sign in again.
  if (me && me.accountsExist && me.permissions.length === 0) return <LoginPage reason="Your session has ended or your account was disabled: sign in again." />;

  return (
    <Page
      masthead={<AppMasthead sidebarOpen={sidebarOpen} onToggleSidebar={toggleSidebar} />}
      sidebar={<AppSidebar isOpen={sidebarOpen} />}
      skipToContent={<SkipToContent href="#vdi-main">Skip to content</SkipToContent>}
      mainContainerId="vdi-main"
      className="vdi-page"
      notificationDrawer={<RecentTasksPanel />}
      isNotificationDrawerExpanded={tasksOpen}
    >
      <ConnectionBanner />
      <ReplayBanner />
      {ready ? <RouteView route={route} /> : <CenteredSpinner label="Starting the console" />}
      <Toasts />
    </Page>
  );
}
