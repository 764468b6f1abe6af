// CSV export of a table, apart from React (unit-tested without a DOM).
import type { ReactNode } from 'react';

/** The parts of a table column CSV needs. */
interface CsvColumn<T> {
  key: string;
  title: ReactNode;
  label?: string;
  csv?: (row: T) => string | number | null;
  sortValue?: (row: T) => string | number | null;
}

/** A column's name outside its header cell (the chooser, the CSV header). */
export function columnName<T>(c: CsvColumn<T>): string {
  return c.label ?? (typeof c.title === 'string' ? c.title : c.key);
}

const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The rows as CSV (RFC 4180), one column per visible column that has a text for it. */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const cols = columns.filter((c) => c.csv ?? c.sortValue);
  const head = cols.map((c) => quote(columnName(c))).join(',');
  const body = rows.map((r) =>
    cols
      .map((c) => {
        const v = (c.csv ?? c.sortValue)?.(r) ?? null;
        return v === null || (typeof v === 'number' && Number.isNaN(v)) ? '' : quote(String(v));
      })
      .join(','),
  );
  return `${[head, ...body].join('\r\n')}\r\n`;
}
