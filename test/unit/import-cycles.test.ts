import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// core/ has no import cycle (issue 12): each engine part depends on the narrow core
// (core/engine/core.ts) and on leaf files, never on Engine or on a part that depends back
// on it. Type-only imports count: a part that names another's type can no longer be read alone,
// and under verbatimModuleSyntax `import { type X }` still loads the module.

const ROOT = resolve(import.meta.dirname, '..', '..', 'src-main', 'core');

/** Every relative import and re-export of a file (type-only ones included). */
function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/^(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/gms)) out.push(resolve(dirname(file), m[1] as string));
  return out;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Strongly connected components with more than one file (Tarjan): each one is an import cycle. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) !== idx.get(v)) return;
    const c: string[] = [];
    for (;;) {
      const w = stack.pop() as string;
      on.delete(w);
      c.push(w);
      if (w === v) break;
    }
    if (c.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(c.sort());
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('core/ has no import cycle', () => {
  it('finds cycles where there are some (the check itself)', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(g)).toEqual([['a', 'b', 'c']]);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('holds for every file of src-main/core, type-only imports included', () => {
    const all = files(ROOT);
    expect(all.length).toBeGreaterThan(40);
    const graph = new Map(all.map((f) => [f, importsOf(f)]));
    const found = cycles(graph).map((c) => c.map((f) => relative(ROOT, f)));
    expect(found).toEqual([]);
  });
});
