import type { ReactNode } from 'react';
import { Bullseye, EmptyState, EmptyStateBody, Skeleton, Spinner } from '@patternfly/react-core';
import SearchIcon from '@patternfly/react-icons/dist/esm/icons/search-icon';
import CubesIcon from '@patternfly/react-icons/dist/esm/icons/cubes-icon';

/** Placeholder rows while a table's first load is in flight. */
export function TableSkeleton({ rows = 8, testId = 'loading' }: { rows?: number; testId?: string }) {
  return (
    <div className="vdi-skeleton" data-testid={testId} aria-busy="true">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height="1.6rem" width={`${92 - ((i * 7) % 30)}%`} screenreaderText={i === 0 ? 'Loading' : undefined} />
      ))}
    </div>
  );
}

export function CenteredSpinner({ label = 'Loading' }: { label?: string }) {
  return (
    <Bullseye className="vdi-spinner">
      <Spinner size="lg" aria-label={label} />
    </Bullseye>
  );
}

/** No rows because the filters exclude them all (offers a way back). */
export function NoMatches({ what, action }: { what: string; action?: ReactNode }) {
  return (
    <EmptyState variant="xs" titleText={`No ${what} match the filters`} icon={SearchIcon} headingLevel="h3">
      <EmptyStateBody>Change or clear the filters to see more.</EmptyStateBody>
      {action}
    </EmptyState>
  );
}

/** No rows at all (the lab has none of these). */
export function NothingHere({ title, body }: { title: string; body?: ReactNode }) {
  return (
    <EmptyState variant="xs" titleText={title} icon={CubesIcon} headingLevel="h3">
      {body ? <EmptyStateBody>{body}</EmptyStateBody> : null}
    </EmptyState>
  );
}
