// Dotted paths into a definition ("hosts.coresPerSocket"): the wizard's fields, sweep keys and the
// API's error paths all name a field this way. Pure; both sides use these.

/** A copy of `obj` with the value at a dotted path replaced (creating objects on the way); the rest is shared, not copied. */
export function setIn<T extends object>(obj: T, path: string, value: unknown): T {
  const keys = path.split('.');
  const root: Record<string, unknown> = { ...(obj as Record<string, unknown>) };
  let cur = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i] as string;
    const next = cur[k];
    const copy = next && typeof next === 'object' ? { ...(next as Record<string, unknown>) } : {};
    cur[k] = copy;
    cur = copy;
  }
  cur[keys[keys.length - 1] as string] = value;
  return root as T;
}

/** The value at a dotted path, or undefined when a step is missing. */
export function getIn(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

type Leaf = string | number | boolean | null;

/** Every leaf of a definition as "a.b.c" → value; a workload mix is one value (its JSON), not one field per worker type. */
export function leaves(obj: unknown, prefix = '', out = new Map<string, Leaf>()): Map<string, Leaf> {
  if (obj !== null && typeof obj === 'object' && !Array.isArray(obj)) {
    if (prefix === 'workload') {
      out.set(prefix, JSON.stringify(obj));
      return out;
    }
    for (const [k, v] of Object.entries(obj)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, (obj ?? null) as Leaf);
  return out;
}

/** Paths that never name a difference worth showing (labels). */
const IGNORED = new Set(['name', 'description']);

/** The fields whose values are not the same in every definition, in the first definitions' order, with each one's values. */
export function definitionDifferences(defs: readonly unknown[]): { path: string; values: Leaf[] }[] {
  const maps = defs.map((d) => leaves(d));
  const paths: string[] = [];
  for (const m of maps) for (const k of m.keys()) if (!paths.includes(k)) paths.push(k);
  return paths
    .filter((p) => !IGNORED.has(p))
    .map((path) => ({ path, values: maps.map((m) => m.get(path) ?? null) }))
    .filter((d) => new Set(d.values.map((v) => JSON.stringify(v))).size > 1);
}
