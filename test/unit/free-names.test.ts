import { describe, expect, it } from 'vitest';
import type { Db } from '../../src-main/store/db.ts';
import { freeNames } from '../../src-main/store/pool-writer.ts';
import { tempLabDb } from '../helpers/lab.ts';

// freeNames reads only the names that share the pattern's prefix (through the name index): the lowest free
// numbers come out as when it read every desktop's name, whatever other patterns and gaps the estate holds.

/** What freeNames gave before: every name read, the pattern's numbers tried from 1. */
function byEveryName(db: Db, prefix: string, width: number, n: number): string[] {
  const taken = new Set((db.prepare('SELECT name FROM desktops').all() as { name: string }[]).map((r) => r.name));
  const out: string[] = [];
  for (let i = 1; out.length < n; i++) {
    const name = `${prefix}${width ? String(i).padStart(width, '0') : String(i)}`;
    if (!taken.has(name)) out.push(name);
  }
  return out;
}

describe('freeNames', () => {
  it("skips the pattern's taken names, fills its gaps first, and is not misled by names that merely share the prefix", () => {
    const db = tempLabDb();
    const row = db.prepare('SELECT * FROM desktops LIMIT 1').get() as Record<string, unknown>;
    const insert = (id: string, name: string) =>
      db
        .prepare(
          `INSERT INTO desktops (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row)
            .map(() => '?')
            .join(', ')})`,
        )
        .run(...Object.entries(row).map(([k, v]) => (k === 'id' ? id : k === 'name' ? name : v)));
    // Taken: zz-01, zz-02, zz-04 (a gap at 03), zz-x1 and zz-010 (same prefix, not the pattern's 2-digit names), and "zz." (just past the prefix's range).
    ['zz-01', 'zz-02', 'zz-04', 'zz-x1', 'zz-010', 'zz.'].forEach((name, i) => insert(`d-free-${i}`, name));
    expect(freeNames(db, 'zz-{n:2}', 4)).toEqual(['zz-03', 'zz-05', 'zz-06', 'zz-07']);
    expect(freeNames(db, 'zz-{n:2}', 4)).toEqual(byEveryName(db, 'zz-', 2, 4));
    // The lab's own pattern: the same names as a read of every name gives.
    const pool = db.prepare('SELECT naming_pattern AS p FROM pools LIMIT 1').get() as { p: string };
    const prefix = pool.p.slice(0, pool.p.indexOf('{'));
    const width = Number(/\{n:(\d)\}/.exec(pool.p)?.[1] ?? 0);
    if (pool.p.endsWith('}')) expect(freeNames(db, pool.p, 5)).toEqual(byEveryName(db, prefix, width, 5));
  });
});
