import { Component, lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { Button, EmptyState, EmptyStateBody, EmptyStateFooter, PageSection } from '@patternfly/react-core';

/** Every page loader, so the idle prefetch can warm them after the first page is up. */
const loaders = new Set<() => Promise<unknown>>();

/** A page as a lazily loaded component: `load` imports the feature's index, `pick` names the view. */
export function lazyPage<M, P extends object>(load: () => Promise<M>, pick: (m: M) => ComponentType<P>): LazyExoticComponent<ComponentType<P>> {
  loaders.add(load);
  return lazy(async () => ({ default: pick(await load()) }));
}

/**
 * After the first page has rendered and the browser is idle, fetch the other pages' chunks so a
 * later click does not wait on the network (loopback, but a cold parse still shows a spinner).
 * Failures are ignored here: the page reports them when it is opened.
 */
export function prefetchPages(): void {
  const run = () => {
    for (const load of loaders) load().catch(() => undefined);
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
