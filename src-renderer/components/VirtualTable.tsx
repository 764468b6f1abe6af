import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Table, Tbody, Td, Th, Thead, Tr, type ThProps } from '@patternfly/react-table';
import { useFillHeight } from './use-fill-height.ts';

export interface Column<T> {
  key: string;
  title: ReactNode;
  /** CSS width (the table uses a fixed layout so rows never jump while scrolling). */
  width?: string;
  /** Present = sortable by this value. */
  sortValue?: (row: T) => string | number | null;
  render: (row: T) => ReactNode;
  numeric?: boolean;
  /** Native tooltip on the header: what the column means (an info icon would cost width). */
  info?: string;
}

export interface SortState {
  key: string;
  direction: 'asc' | 'desc';
}

export interface RowSelection {
  isSelected(key: string): boolean;
  onToggle(key: string, selected: boolean): void;
  allSelected: boolean;
  onToggleAll(selected: boolean): void;
}

/** Height of the compact sticky header row, for sizing `fitContent` tables. */
const HEADER_HEIGHT = 42;
/** Room for the empty state under the header of an empty `fitContent` table. */
const EMPTY_HEIGHT = 190;

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function sortRows<T>(rows: readonly T[], col: Column<T> | undefined, direction: 'asc' | 'desc'): T[] {
  if (!col?.sortValue) return rows.slice();
  const get = col.sortValue;
  const sign = direction === 'asc' ? 1 : -1;
  // Decorate once: calling get() inside the comparator would run it n log n times.
  const keyed = rows.map((row, i) => ({ row, v: get(row), i }));
  keyed.sort((a, b) => {
    const av = a.v;
    const bv = b.v;
    let c: number;
    if (av === null || bv === null) c = av === bv ? 0 : av === null ? 1 : -1;
    else if (typeof av === 'number' && typeof bv === 'number') c = av - bv;
    else c = collator.compare(String(av), String(bv));
    return c !== 0 ? c * sign : a.i - b.i;
  });
  return keyed.map((k) => k.row);
}

/**
 * A PatternFly compact table whose body is virtualized: only the rows in view
 * (plus overscan) are in the DOM, with spacer rows above and below, so 10,000
 * rows mount in a blink. Rows have a fixed height; the header is sticky.
 */
export function VirtualTable<T>({
  rows,
  columns,
  rowKey,
  rowTestId,
  onRowClick,
  activeKey,
  selection,
  initialSort,
  ariaLabel,
  empty,
  rowHeight = 36,
  height,
  testId,
  layoutDeps,
  fitContent = false,
}: {
  rows: readonly T[];
  columns: Column<T>[];
  rowKey(row: T): string;
  rowTestId?(row: T): string;
  onRowClick?(row: T): void;
  activeKey?: string | null;
  selection?: RowSelection;
  initialSort?: SortState;
  ariaLabel: string;
  empty?: ReactNode;
  rowHeight?: number;
  /** Fixed pixel height; default fills the window below the table. */
  height?: number;
  testId?: string;
  layoutDeps?: unknown[];
  /** Shrink to the rows when they are fewer than the window holds (small inventories). */
  fitContent?: boolean;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const fill = useFillHeight(scrollRef, { deps: layoutDeps ?? [] });
  const [sort, setSort] = useState<SortState | undefined>(initialSort);
  const sortCol = columns.find((c) => c.key === sort?.key);
  const sorted = useMemo(() => sortRows(rows, sortCol, sort?.direction ?? 'asc'), [rows, sortCol, sort?.direction]);

  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 15,
  });
  const items = virtualizer.getVirtualItems();
  const total = virtualizer.getTotalSize();
  const padTop = items.length > 0 ? (items[0]?.start ?? 0) : 0;
  const padBottom = items.length > 0 ? total - (items[items.length - 1]?.end ?? 0) : 0;
  const colCount = columns.length + (selection ? 1 : 0);
  const natural = HEADER_HEIGHT + sorted.length * rowHeight + (sorted.length === 0 ? EMPTY_HEIGHT : 0) + 2;
  const boxHeight = height ?? (fitContent ? Math.min(fill, natural) : fill);

  const sortProps = (col: Column<T>, index: number): ThProps['sort'] =>
    col.sortValue
      ? {
          columnIndex: index,
          sortBy: { index: columns.findIndex((c) => c.key === sort?.key), direction: sort?.direction ?? 'asc' },
          onSort: (_e, _i, direction) => {
            setSort({ key: col.key, direction });
            scrollRef.current?.scrollTo({ top: 0 });
          },
        }
      : undefined;

  return (
    <div
      ref={scrollRef}
      className="vdi-vtable"
      style={{ height: boxHeight }}
      data-testid={testId}
      data-row-count={sorted.length}
    >
      <Table variant="compact" isStickyHeader aria-label={ariaLabel} gridBreakPoint="" className="vdi-vtable__table">
        <Thead>
          <Tr>
            {selection ? (
              <Th
                style={{ width: '3rem' }}
                select={{ onSelect: (_e, isSelecting) => selection.onToggleAll(isSelecting), isSelected: selection.allSelected }}
                aria-label="Select all"
              />
            ) : null}
            {columns.map((col, i) => (
              <Th
                key={col.key}
                sort={sortProps(col, i)}
                style={col.width ? { width: col.width } : undefined}
                className={col.numeric ? 'vdi-num' : undefined}
                title={col.info}
              >
                {col.title}
              </Th>
            ))}
          </Tr>
        </Thead>
        <Tbody>
          {padTop > 0 ? (
            <tr aria-hidden style={{ height: padTop }}>
              <td colSpan={colCount} className="vdi-spacer" />
            </tr>
          ) : null}
          {items.map((vi) => {
            const row = sorted[vi.index] as T;
            const key = rowKey(row);
            return (
              <Tr
                key={key}
                data-testid={rowTestId?.(row)}
                data-index={vi.index}
                style={{ height: rowHeight }}
                isClickable={Boolean(onRowClick)}
                isRowSelected={activeKey === key}
                onRowClick={onRowClick ? () => onRowClick(row) : undefined}
                tabIndex={onRowClick ? 0 : undefined}
                onKeyDown={
                  onRowClick
                    ? (e: React.KeyboardEvent) => {
                        if (e.key === 'Enter' && e.target === e.currentTarget) onRowClick(row);
                      }
                    : undefined
                }
              >
                {selection ? (
                  <Td
                    select={{
                      rowIndex: vi.index,
                      onSelect: (_e, isSelecting) => selection.onToggle(key, isSelecting),
                      isSelected: selection.isSelected(key),
                    }}
                  />
                ) : null}
                {columns.map((col) => {
                  const content = col.render(row);
                  return (
                    <Td
                      key={col.key}
                      className={col.numeric ? 'vdi-num' : undefined}
                      title={typeof content === 'string' ? content : undefined}
                    >
                      {content}
                    </Td>
                  );
                })}
              </Tr>
            );
          })}
          {padBottom > 0 ? (
            <tr aria-hidden style={{ height: padBottom }}>
              <td colSpan={colCount} className="vdi-spacer" />
            </tr>
          ) : null}
        </Tbody>
      </Table>
      {sorted.length === 0 && empty ? <div className="vdi-vtable__empty">{empty}</div> : null}
    </div>
  );
}
