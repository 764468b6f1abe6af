// The virtualized table's arithmetic, apart from React: its column template and which rows go in
// which slot (see VirtualTable.tsx).

/** Width of the select-box column. */
const SELECT_WIDTH = '3rem';

/**
 * The grid's column template, standing in for a fixed table layout: a column with a width keeps it,
 * columns without one share what is left; when every column has a width, the spare room is shared
 * in proportion to the widths (what a fixed-layout table does). Percentages are of the table.
 */
export function gridColumns(widths: readonly (string | undefined)[], selectable: boolean): string {
  const anyAuto = widths.some((w) => !w);
  const cols = widths.map((w) => {
    if (!w) return 'minmax(0, 1fr)';
    const m = /^([\d.]+)(em|rem|px)$/.exec(w);
    if (anyAuto || !m) return w;
    const n = Number(m[1]) / (m[2] === 'px' ? 16 : 1);
    return `minmax(${w}, ${n}fr)`;
  });
  return (selectable ? [SELECT_WIDTH, ...cols] : cols).join(' ');
}

/**
 * The rows to render: `size` consecutive rows (all of them when fewer) from the virtualizer's first
 * row, moved back at the end of the list so there are always `size`. A fixed number, so the set of
 * slots (index mod size) never changes while scrolling: rows only move between them.
 */
export function rowWindow(count: number, first: number, size: number): { start: number; end: number } {
  const n = Math.min(size, count);
  const start = Math.max(0, Math.min(first, count - n));
  return { start, end: start + n };
}

/** Rows [start, end) in slot order (index mod pool): the order their DOM nodes keep while scrolling. */
export function slotOrder(start: number, end: number, pool: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out.sort((a, b) => (a % pool) - (b % pool));
}

/**
 * The rows sorted again after a change, without sorting them all: a live list that swaps a few
 * hundred of its 9,000 rows every couple of seconds, or grows by a page of 2,000 while it loads,
 * would otherwise pay a full sort (a collator compare n log n times: 100+ ms at 9,500 rows on a
 * busy box, per page) each time. Rows are compared by identity: the ones still in `rows` keep their
 * order, the new ones (or new objects for a changed row) are sorted alone (`sort`, by the same
 * order) and merged in, after their equals: O(n + k log k) for k new rows.
 */
export function updateSorted<T>(
  prevRows: readonly T[],
  prevSorted: readonly T[],
  rows: readonly T[],
  cmp: (a: T, b: T) => number,
  sort: (subset: readonly T[]) => T[],
): T[] {
  if (prevRows.length === 0) return sort(rows);
  const before = new Set(prevRows);
  const added = rows.filter((r) => !before.has(r));
  const now = new Set(rows);
  const kept = prevSorted.filter((r) => now.has(r));
  if (added.length === 0) return kept;
  const fresh = sort(added);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length && j < fresh.length) {
    // Equal rows: the kept one first (a new row goes after its equals).
    if (cmp(kept[i] as T, fresh[j] as T) <= 0) out.push(kept[i++] as T);
    else out.push(fresh[j++] as T);
  }
  while (i < kept.length) out.push(kept[i++] as T);
  while (j < fresh.length) out.push(fresh[j++] as T);
  return out;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

const isEmpty = (v: string | number | null) => v === null || (typeof v === 'number' && Number.isNaN(v));

/**
 * Sort order of two values in a direction: numbers by value, text by the collator, and empty
 * values (null, NaN: the cells that show "—") last in both directions, so sorting RTT
 * descending does not put the sessions without a figure on top.
 */
export function compareValues(av: string | number | null, bv: string | number | null, direction: 'asc' | 'desc' = 'asc'): number {
  const ae = isEmpty(av);
  const be = isEmpty(bv);
  if (ae || be) return ae === be ? 0 : ae ? 1 : -1;
  const sign = direction === 'asc' ? 1 : -1;
  if (typeof av === 'number' && typeof bv === 'number') return (av - bv) * sign;
  return collator.compare(String(av), String(bv)) * sign;
}

export function sortRows<T>(
  rows: readonly T[],
  col: { sortValue?: ((row: T) => string | number | null) | undefined } | undefined,
  direction: 'asc' | 'desc',
): T[] {
  if (!col?.sortValue) return rows.slice();
  const get = col.sortValue;
  // Decorate once: calling get() inside the comparator would run it n log n times.
  const keyed = rows.map((row, i) => ({ row, v: get(row), i }));
  keyed.sort((a, b) => {
    const c = compareValues(a.v, b.v, direction);
    return c !== 0 ? c : a.i - b.i;
  });
  return keyed.map((k) => k.row);
}

/** The comparator sortRows sorts by (without its tie-break on the original order). */
export function rowComparator<T>(get: (row: T) => string | number | null, direction: 'asc' | 'desc'): (a: T, b: T) => number {
  return (a, b) => compareValues(get(a), get(b), direction);
}
