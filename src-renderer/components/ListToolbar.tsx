import type { ComponentProps, ReactNode } from 'react';
import { Button, SearchInput, Toolbar, ToolbarContent, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import { FilterSelect } from './FilterSelect.tsx';

/**
 * The toolbar of a list view (alarms, events, desktops): a search box, a group of filter selects (and
 * any other filter control), "Clear filters" while a filter is set, and the view's own tools at the
 * end (column chooser, export, counts). One layout for every list, so they look and behave alike.
 */
export function ListToolbar(props: {
  clearAllFilters(): void;
  search: { placeholder: string; value: string; onChange(v: string): void; ariaLabel: string; testId: string; width: string };
  filters: ComponentProps<typeof FilterSelect>[];
  /** Further filter controls after the selects (a switch). */
  filterExtra?: ReactNode;
  /** Shows a "Clear filters" link while `shown`. */
  clear?: { shown: boolean; testId: string };
  /** The view's tools, aligned at the end. */
  end: ReactNode;
}) {
  const s = props.search;
  return (
    <Toolbar className="vdi-toolbar" clearAllFilters={props.clearAllFilters}>
      <ToolbarContent>
        <ToolbarItem>
          <SearchInput
            placeholder={s.placeholder}
            value={s.value}
            onChange={(_e, v) => s.onChange(v)}
            onClear={() => s.onChange('')}
            aria-label={s.ariaLabel}
            data-testid={s.testId}
            style={{ width: s.width }}
          />
        </ToolbarItem>
        <ToolbarGroup variant="filter-group">
          {props.filters.map((f) => (
            <ToolbarItem key={f.testId}>
              <FilterSelect {...f} />
            </ToolbarItem>
          ))}
          {props.filterExtra}
          {props.clear?.shown ? (
            <ToolbarItem>
              <Button variant="link" size="sm" onClick={props.clearAllFilters} data-testid={props.clear.testId}>
                Clear filters
              </Button>
            </ToolbarItem>
          ) : null}
        </ToolbarGroup>
        <ToolbarGroup align={{ default: 'alignEnd' }} alignItems="center">
          {props.end}
        </ToolbarGroup>
      </ToolbarContent>
    </Toolbar>
  );
}
