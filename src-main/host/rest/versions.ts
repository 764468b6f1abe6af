import { HORIZON_SHAPES } from './horizon-fields.ts';

/**
 * The versions between v1 and the current one of the inventory types (desktop pools v2–v11,
 * machines v2–v9, sessions v2–v6, farms v2–v8, RDS servers v2–v5): community scripts still call
 * many of them. The lab builds the current object (and v1's, where its structure differs) and
 * keeps only the fields that version has, so a v4 client never sees a field v4 does not know.
 */
type Shape = { [field: string]: 1 | Shape };

const parsed = new Map<string, Shape>();

function shapeOf(schema: string): Shape {
  let s = parsed.get(schema);
  if (!s) {
    const text = HORIZON_SHAPES[schema];
    if (!text) throw new Error(`no field tree for ${schema}`);
    s = JSON.parse(text) as Shape;
    parsed.set(schema, s);
  }
  return s;
}

function project(value: unknown, shape: Shape): unknown {
  if (Array.isArray(value)) return value.map((v) => project(v, shape));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const sub = shape[k];
    if (sub === undefined) continue;
    out[k] = sub === 1 ? v : project(v, sub);
  }
  return out;
}

/** A function that narrows objects of the current version to this version's fields. */
export function projector(schema: string): (o: unknown) => unknown {
  const shape = shapeOf(schema);
  return (o) => project(o, shape);
}

/** The intermediate versions of a type: [version number, schema name]. */
export function between(base: string, first: number, last: number): [number, string][] {
  const out: [number, string][] = [];
  for (let v = first; v <= last; v++) out.push([v, `${base}V${v}`]);
  return out;
}
