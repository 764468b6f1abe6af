import { Component, lazy, useState, type ComponentType, type ReactNode } from 'react';
import { Button, EmptyState, EmptyStateBody, EmptyStateFooter, PageSection } from '@patternfly/react-core';

/** Every page loader, so the idle prefetch can warm them after the first page is up. */
const loaders = new Set<() => Promise<unknown>>();
/** The module of every page loader whose code is in (loaded through loadPage). */
const loaded = new Map<() => Promise<unknown>, unknown>();

/** Runs a page loader and keeps its module once it is in: a page whose code is in renders without suspending. */
export function loadPage<M>(load: () => Promise<M>): Promise<M> {
  return load().then((m) => {
    loaded.set(load, m);
    return m;
  });
}

/**
 * A page loaded lazily: `load` imports the feature's index, `pick` names the view. A page whose
 * code is in when it mounts (the page the console opens on, preloaded with the socket: issue 18)
 * renders at once; React.lazy would suspend it once anyway, show the spinner and reveal the page
 * a throttled moment later. The choice is made at mount, so a page never switches between the two
 * (which would mount it again).
 */
export function lazyPage<M, P extends object>(load: () => Promise<M>, pick: (m: M) => ComponentType<P>): ComponentType<P> {
  loaders.add(load);
  const Lazy = lazy(async () => ({ default: pick(await loadPage(load)) })) as unknown as ComponentType<P>;
  function Page(props: P) {
    const [mod] = useState(() => loaded.get(load) as M | undefined);
    const View = mod === undefined ? Lazy : pick(mod);
    return <View {...props} />;
  }
  return Page;
}

/**
 * After the first page has rendered and the browser is idle, fetch the other pages' chunks so a
 * later click does not wait on the network (loopback, but a cold parse still shows a spinner).
 * Failures are ignored here: the page reports them when it is opened.
 */
export function prefetchPages(): void {
  const run = () => {
    for (const load of loaders) loadPage(load).catch(() => undefined);
  };
  if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 10_000 });
  else setTimeout(run, 2000);
}

interface LoadErrorState {
  error: Error | null;
}

/**
 * A page whose code cannot be loaded (the console was rebuilt and restarted while this window
 * stayed open, so the old chunk names are gone) says so and offers a reload, instead of
 * unmounting the whole console. Errors that are not chunk loads are rethrown.
 */
export class PageLoadError extends Component<{ children: ReactNode }, LoadErrorState> {
  override state: LoadErrorState = { error: null };

  static getDerivedStateFromError(error: Error): LoadErrorState {
    return { error };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    if (!/dynamically imported module|Importing a module script failed|error loading dynamically|Failed to fetch/i.test(error.message)) throw error;
    return (
      <PageSection>
        <EmptyState titleText="This page could not be loaded" headingLevel="h1" status="danger">
          <EmptyStateBody>
            The console was probably updated or restarted since this window opened ({error.message}). Reload to get the current version; the lab is not
            affected.
          </EmptyStateBody>
          <EmptyStateFooter>
            <Button variant="primary" onClick={() => location.reload()}>
              Reload the console
            </Button>
          </EmptyStateFooter>
        </EmptyState>
      </PageSection>
    );
  }
}
