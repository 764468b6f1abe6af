// The virtualized table's column template and row slots (src-renderer/components/virtual-rows.ts).
import { describe, expect, it } from 'vitest';
import { gridColumns, rowWindow, slotOrder, updateSorted } from '../../src-renderer/components/virtual-rows.ts';

describe('gridColumns', () => {
  it('keeps given widths and shares the rest among columns without one', () => {
    expect(gridColumns(['9em', undefined, '20%'], false)).toBe('9em minmax(0, 1fr) 20%');
  });
  it('shares spare room in proportion to the widths when every column has one, like a fixed table', () => {
    expect(gridColumns(['9em', '4.5rem', '32px'], false)).toBe('minmax(9em, 9fr) minmax(4.5rem, 4.5fr) minmax(32px, 2fr)');
  });
  it('puts the select-box column first, at a fixed width', () => {
    expect(gridColumns(['9em'], true)).toBe('3rem minmax(9em, 9fr)');
  });
});

describe('rowWindow', () => {
  it('renders every row when there are fewer than the slots', () => {
    expect(rowWindow(5, 0, 60)).toEqual({ start: 0, end: 5 });
  });
  it('starts at the first row of the range', () => {
    expect(rowWindow(9489, 300, 60)).toEqual({ start: 300, end: 360 });
  });
  it('moves back at the end of the list so the number of rows stays the same', () => {
    expect(rowWindow(9489, 9470, 60)).toEqual({ start: 9429, end: 9489 });
  });
});

describe('slotOrder', () => {
  it('keeps the DOM order of the slots while scrolling: rows move between slots, none is inserted', () => {
    const pool = 60;
    const count = 9489;
    let previous: number[] | null = null;
    for (const first of [0, 7, 14, 13, 200, 9000, 9470, 9488, 3]) {
      const { start, end } = rowWindow(count, first, pool);
      const order = slotOrder(start, end, pool);
      const slots = order.map((i) => i % pool);
      // Always the same keys in the same order: React updates the rows in place.
      expect(slots).toEqual(Array.from({ length: pool }, (_, i) => i));
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: pool }, (_, i) => start + i));
      if (previous) {
        // A row in both windows stays in its slot (the same DOM row).
        for (const i of order) if (previous.includes(i)) expect(previous.indexOf(i)).toBe(order.indexOf(i));
      }
      previous = order;
    }
  });
});

describe('updateSorted', () => {
  const byName = (a: { n: string }, b: { n: string }) => a.n.localeCompare(b.n);
  const sortAll = (rows: readonly { n: string }[]) => [...rows].sort(byName);

  it('merges a few new and changed rows into the last order, the same as sorting them all', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ n: `user-${String(i).padStart(3, '0')}` }));
    const sorted = sortAll(rows);
    // 3 ended, 4 started, 2 changed (a new object for the same session).
    const next = rows.filter((_, i) => i !== 5 && i !== 50 && i !== 99).map((r, i) => (i === 10 || i === 20 ? { n: r.n } : r));
    next.push({ n: 'user-000a' }, { n: 'user-050b' }, { n: 'aaa' }, { n: 'zzz' });
    const sortedSizes: number[] = [];
    const out = updateSorted(rows, sorted, next, byName, (some) => {
      sortedSizes.push(some.length);
      return sortAll(some);
    });
    // Only the 6 new objects (4 started, 2 changed) were sorted; the rest kept their order.
    expect(sortedSizes).toEqual([6]);
    expect(out.map((r) => r.n)).toEqual(sortAll(next).map((r) => r.n));
    expect(out).toHaveLength(next.length);
  });

  it('merges a whole new page of rows (the list loading in pages) by sorting that page only', () => {
    const all = Array.from({ length: 500 }, (_, i) => ({ n: `u${(i * 7919) % 500}` }));
    let shown = all.slice(0, 100);
    let sorted = sortAll(shown);
    const sortedSizes: number[] = [];
    for (let end = 300; end <= 500; end += 200) {
      const next = all.slice(0, end);
      sorted = updateSorted(shown, sorted, next, byName, (some) => {
        sortedSizes.push(some.length);
        return sortAll(some);
      });
      shown = next;
    }
    expect(sortedSizes).toEqual([200, 200]);
    expect(sorted.map((r) => r.n)).toEqual(sortAll(all).map((r) => r.n));
  });

  it('sorts all of them the first time and drops rows that ended', () => {
    const a = { n: 'a' };
    const b = { n: 'b' };
    const c = { n: 'c' };
    expect(updateSorted([], [], [c, a, b], byName, sortAll)).toEqual([a, b, c]);
    expect(updateSorted([c, a, b], [a, b, c], [c, a], byName, sortAll)).toEqual([a, c]);
  });
});
