import { memo, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent, type ReactNode, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { TableContext, Th, Thead, Tr } from '@patternfly/react-table';
import { useFillHeight } from './use-fill-height.ts';
import { gridColumns, rowComparator, rowWindow, slotOrder, sortRows, updateSorted } from './virtual-rows.ts';

export interface Column<T> {
  key: string;
  title: ReactNode;
  /** CSS width (the table uses a fixed layout so rows never jump while scrolling). */
  width?: string;
  /** Present = sortable by this value. */
  sortValue?: (row: T) => string | number | null;
  /**
   * The cell's content. Rows reuse their DOM slots while scrolling, so a component rendered here is
   * handed the next row that scrolls into its slot: keep any state of its own per row (see SessionRowMenu).
   */
  render: (row: T) => ReactNode;
  numeric?: boolean;
  /** Native tooltip on the header: what the column means (an info icon would cost width). */
  info?: string;
  /** The cell as text for a CSV export (default: its sort value). */
  csv?: (row: T) => string | number | null;
  /** Header text where `title` is not a string (CSV header, column chooser). */
  label?: string;
  /** Hidden until the admin shows it from the column chooser. */
  optional?: boolean;
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

/** Rows rendered above and below the window: enough for a fast wheel step, few enough to keep each frame's layout small. */
const OVERSCAN = 8;

// Sorting lives in virtual-rows.ts (pure: unit-tested without a DOM).
export { compareValues, sortRows } from './virtual-rows.ts';

interface RowEvents<T> {
  onRowClick?(row: T): void;
  /** Arrow keys, Home, End on a focused row: focus another row (scrolling it into view). */
  onKeyNav(index: number, key: string): void;
  onToggle?(key: string, selected: boolean): void;
  onToggleAll?(selected: boolean): void;
  onSort(sort: SortState): void;
}

interface RowProps<T> {
  row: T;
  rowId: string;
  /** What the row is called, for its select box's name ("Select KW-0001"). */
  rowName: string | undefined;
  index: number;
  testId?: string;
  columns: Column<T>[];
  height: number;
  selectable: boolean;
  selected: boolean;
  active: boolean;
  clickable: boolean;
  events: RefObject<RowEvents<T>>;
}

/**
 * One body row: PatternFly's table markup and classes written directly. PatternFly's Tr/Td
 * components run hooks, a truncation check that reads layout on hover, and a Checkbox component
 * per row; at 25 wheel steps a second over thousands of rows that cost whole frames. Memoized:
 * a scroll step renders only the rows that came into view, a live update only the cells it changed.
 */
function VirtualRowImpl<T>({ row, rowId, rowName, index, testId, columns, height, selectable, selected, active, clickable, events }: RowProps<T>) {
  // Positioned, not stacked: a row that scrolls into view reuses a slot's DOM nodes (see VirtualTable).
  const cls = clickable
    ? active
      ? 'pf-v6-c-table__tr pf-m-clickable pf-m-selected'
      : 'pf-v6-c-table__tr pf-m-clickable'
    : active
      ? 'pf-v6-c-table__tr pf-m-selected'
      : 'pf-v6-c-table__tr';
  return (
    <tr
      className={cls}
      data-testid={testId}
      data-index={index}
      role="row"
      aria-rowindex={index + 2}
      style={{ height, transform: `translateY(${index * height}px)` }}
      tabIndex={clickable ? 0 : -1}
      onClick={clickable ? () => events.current.onRowClick?.(row) : undefined}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget) return;
        if (clickable && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault();
          events.current.onRowClick?.(row);
        } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'Home' || e.key === 'End' || e.key === 'PageDown' || e.key === 'PageUp') {
          e.preventDefault();
          events.current.onKeyNav(index, e.key);
        }
      }}
    >
      {selectable ? (
        <td className="pf-v6-c-table__td pf-v6-c-table__check" role="gridcell">
          <input
            className="vdi-row-check"
            type="checkbox"
            aria-label={rowName ? `Select ${rowName}` : `Select row ${index + 1}`}
            checked={selected}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => events.current.onToggle?.(rowId, e.currentTarget.checked)}
          />
        </td>
      ) : null}
      {columns.map((col) => {
        const content = col.render(row);
        return (
          <td key={col.key} className={col.numeric ? 'pf-v6-c-table__td vdi-num' : 'pf-v6-c-table__td'} role="gridcell">
            {content}
          </td>
        );
      })}
    </tr>
  );
}
const VirtualRow = memo(VirtualRowImpl) as typeof VirtualRowImpl;

/**
 * Tooltips of the body, set when the pointer is over them rather than rendered: the browser restyles
 * an element whose title changes (a [title] rule in the base styles), and recycled rows would change
 * dozens a wheel step. A cell gets its text as title when it is cut short; an element inside a row
 * with `data-tip` gets that. Runs on every move, so a row that changed under a still pointer (a
 * scroll, a live update) never shows the previous row's tip.
 */
function showTips(e: ReactMouseEvent<HTMLElement>): void {
  for (let el = e.target as Element | null; el && el.tagName !== 'TR'; el = el.parentElement) {
    const tip = el.getAttribute('data-tip') ?? (el.tagName === 'TD' && el.scrollWidth > el.clientWidth ? el.textContent : null);
    if (tip === null || tip === '') {
      if (el.hasAttribute('title')) el.removeAttribute('title');
    } else if (el.getAttribute('title') !== tip) el.setAttribute('title', tip);
  }
}

/** What PatternFly's Table would give its header cells, as one constant object. */
const HEAD_CONTEXT = { registerSelectableRow: () => undefined, hasAnimations: false, variant: 'compact' as const };

/**
 * The sticky header. Memoized: PatternFly's Th measures itself (offsetWidth, a forced layout) after
 * every render, so the header renders only when the sort or the select-all box changes, not on
 * every scroll step.
 */
function VirtualHeadImpl<T>({
  columns,
  sort,
  selectable,
  allSelected,
  events,
}: {
  columns: Column<T>[];
  sort: SortState | undefined;
  selectable: boolean;
  allSelected: boolean;
  events: RefObject<RowEvents<T>>;
}) {
  const sortIndex = columns.findIndex((c) => c.key === sort?.key);
  return (
    <TableContext.Provider value={HEAD_CONTEXT}>
      <Thead>
        <Tr role="row" aria-rowindex={1}>
          {selectable ? (
            <Th
              role="columnheader"
              select={{ onSelect: (_e, isSelecting) => events.current.onToggleAll?.(isSelecting), isSelected: allSelected }}
              aria-label="Select all"
            />
          ) : null}
          {columns.map((col, i) => (
            <Th
              key={col.key}
              sort={
                col.sortValue
                  ? {
                      columnIndex: i,
                      sortBy: { index: sortIndex, direction: sort?.direction ?? 'asc' },
                      onSort: (_e, _i, direction) => events.current.onSort({ key: col.key, direction }),
                    }
                  : undefined
              }
              role="columnheader"
              className={col.numeric ? 'vdi-num' : undefined}
              title={col.info}
              // A visually empty header (an actions column) still has a name for screen readers.
              screenReaderText={col.title === '' || col.title === null || col.title === undefined ? (col.label ?? 'Actions') : undefined}
            >
              {col.title}
            </Th>
          ))}
        </Tr>
      </Thead>
    </TableContext.Provider>
  );
}
const VirtualHead = memo(VirtualHeadImpl) as typeof VirtualHeadImpl;

/**
 * A PatternFly compact table whose body is virtualized: only the rows in view (plus overscan) are
 * in the DOM, in a fixed number of slots reused while scrolling, so 10,000 rows mount in a blink
 * and scroll at the display's rate. Rows have a fixed height; the header is sticky. Keyboard focus
 * follows the slots' DOM order; `aria-rowindex` gives assistive technology each row's place.
 */
export function VirtualTable<T>({
  rows,
  columns,
  rowKey,
  rowTestId,
  rowName,
  onRowClick,
  activeKey,
  selection,
  initialSort,
  sort: sortProp,
  onSortChange,
  ariaLabel,
  empty,
  rowHeight = 36,
  height,
  testId,
  className,
  layoutDeps,
  fitContent = false,
}: {
  rows: readonly T[];
  columns: Column<T>[];
  rowKey(row: T): string;
  rowTestId?(row: T): string;
  /** The row's name for screen readers (its select box is "Select <name>"). */
  rowName?(row: T): string;
  onRowClick?(row: T): void;
  activeKey?: string | null;
  selection?: RowSelection;
  initialSort?: SortState;
  /** A sort kept outside (in the URL): the table shows it and reports header clicks to onSortChange. */
  sort?: SortState;
  onSortChange?(sort: SortState): void;
  ariaLabel: string;
  empty?: ReactNode;
  rowHeight?: number;
  /** Fixed pixel height; default fills the window below the table. */
  height?: number;
  testId?: string;
  /** Extra class on the scroll box, for a table's own styles (style by class, never by [data-testid]). */
  className?: string;
  layoutDeps?: unknown[];
  /** Shrink to the rows when they are fewer than the window holds (small inventories). */
  fitContent?: boolean;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [ownSort, setOwnSort] = useState<SortState | undefined>(initialSort);
  const sort = sortProp ?? ownSort;
  const onSort = (next: SortState) => {
    if (onSortChange) onSortChange(next);
    else setOwnSort(next);
    scrollRef.current?.scrollTo({ top: 0 });
  };
  // Keyboard: the row `key` moves to gets focus once it is rendered (it may be scrolled in first).
  const onKeyNav = (index: number, key: string) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    const last = sortedRef.current - 1;
    const target =
      key === 'ArrowDown'
        ? index + 1
        : key === 'ArrowUp'
          ? index - 1
          : key === 'Home'
            ? 0
            : key === 'End'
              ? last
              : key === 'PageDown'
                ? index + page
                : index - page;
    const to = Math.max(0, Math.min(last, target));
    if (to === index) return;
    virtualizer.scrollToIndex(to, { align: 'auto' });
    const focus = (tries: number) => {
      const el = scrollRef.current?.querySelector<HTMLElement>(`tbody tr[data-index="${to}"]`);
      if (el) el.focus({ preventScroll: true });
      else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
    };
    requestAnimationFrame(() => focus(10));
  };
  // The rows' and the header's handlers read the latest props through this ref, so their props stay equal and they do not re-render.
  const events = useRef<RowEvents<T>>({ onRowClick, onToggle: selection?.onToggle, onToggleAll: selection?.onToggleAll, onSort, onKeyNav });
  events.current = { onRowClick, onToggle: selection?.onToggle, onToggleAll: selection?.onToggleAll, onSort, onKeyNav };
  const sortedRef = useRef(0);
  const fill = useFillHeight(scrollRef, { deps: layoutDeps ?? [] });
  const sortCol = columns.find((c) => c.key === sort?.key);
  // A new rows array that differs by a few rows (a live list's update) is merged into the last
  // sorted order instead of sorted whole.
  const lastSort = useRef<{ rows: readonly T[]; sorted: T[]; col: Column<T> | undefined; direction: 'asc' | 'desc' } | null>(null);
  const direction = sort?.direction ?? 'asc';
  const sorted = useMemo(() => {
    const last = lastSort.current;
    const next =
      last && sortCol?.sortValue && last.col === sortCol && last.direction === direction
        ? updateSorted(last.rows, last.sorted, rows, rowComparator(sortCol.sortValue, direction), (some) => sortRows(some, sortCol, direction))
        : sortRows(rows, sortCol, direction);
    lastSort.current = { rows, sorted: next, col: sortCol, direction };
    return next;
  }, [rows, sortCol, direction]);

  sortedRef.current = sorted.length;
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const total = virtualizer.getTotalSize();
  const natural = HEADER_HEIGHT + sorted.length * rowHeight + (sorted.length === 0 ? EMPTY_HEIGHT : 0) + 2;
  const boxHeight = height ?? (fitContent ? Math.min(fill, natural) : fill);
  // A fixed number of row slots: the rows in view plus the overscan. A row that scrolls into view
  // takes the slot (index mod pool) of the row that left, so its DOM nodes are reused in place and
  // only their text changes. Inserting rows among siblings instead makes the browser restyle every
  // row after them (PatternFly's sibling selectors), which cost 10-20 ms a wheel step.
  const pool = Math.max(items.length, Math.ceil(boxHeight / rowHeight) + 2 * OVERSCAN + 2);
  const { start, end } = rowWindow(sorted.length, items[0]?.index ?? 0, pool);
  const order = slotOrder(start, end, pool);
  const selectable = Boolean(selection);
  const template = useMemo(
    () =>
      gridColumns(
        columns.map((c) => c.width),
        selectable,
      ),
    [columns, selectable],
  );

  return (
    <div
      ref={scrollRef}
      className={className ? `vdi-vtable ${className}` : 'vdi-vtable'}
      style={{ height: boxHeight }}
      data-testid={testId}
      data-row-count={sorted.length}
    >
      {/* PatternFly's compact sticky-header table markup, laid out as a grid (see vdi-vtable in
          console.css). Not its Table component: that gives its header cells a new context value on
          every render, and each Th then measures itself. */}
      <table
        className="vdi-vtable__table pf-v6-c-table pf-m-compact pf-m-sticky-header"
        role="grid"
        aria-label={ariaLabel}
        aria-rowcount={sorted.length + 1}
        style={{ ['--vdi-vtable-cols' as string]: template }}
      >
        <VirtualHead<T> columns={columns} sort={sort} selectable={selectable} allSelected={selection?.allSelected ?? false} events={events} />
        <tbody className="pf-v6-c-table__tbody" role="rowgroup" style={{ height: total }} onMouseMove={showTips}>
          {order.map((index) => {
            const row = sorted[index] as T;
            const key = rowKey(row);
            return (
              <VirtualRow<T>
                key={index % pool}
                row={row}
                rowId={key}
                rowName={rowName?.(row)}
                index={index}
                testId={rowTestId?.(row)}
                columns={columns}
                height={rowHeight}
                selectable={selectable}
                selected={selection?.isSelected(key) ?? false}
                active={activeKey === key}
                clickable={Boolean(onRowClick)}
                events={events}
              />
            );
          })}
        </tbody>
      </table>
      {sorted.length === 0 && empty ? <div className="vdi-vtable__empty">{empty}</div> : null}
    </div>
  );
}
