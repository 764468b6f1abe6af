/**
 * Entity index spaces of the engine. The engine indexes desktops, users, hosts, pools,
 * datastores, image versions and clusters densely, in the order the store lists them; a
 * saved engine state names the ids of its index space so it can be applied to an engine
 * built from a store whose entities changed since (machines added, a pool deleted).
 */
export const DOMAINS = ['desktop', 'user', 'host', 'pool', 'datastore', 'version', 'cluster'] as const;
export type Domain = (typeof DOMAINS)[number];
export type EngineIds = Record<Domain, readonly string[]>;

/**
 * Old index → new index per domain (-1: the entity is gone). `identical` when nothing
 * moved, which is the common case: then arrays and events are taken as they are.
 */
export class Remap {
  private readonly maps = new Map<Domain, Int32Array>();
  readonly identical: boolean;
  /** Every old index keeps its place (entities were only added at the end): saved events and indices stay valid as they are. */
  readonly preserving: boolean;
  /** Domains whose index space changed (grown, shrunk or reordered). */
  readonly changed = new Set<Domain>();

  constructor(from: EngineIds, to: EngineIds) {
    let keeps = true;
    for (const dom of DOMAINS) {
      const a = from[dom] ?? [];
      const b = to[dom] ?? [];
      const m = new Int32Array(a.length);
      // The common case: the old ids are the new ones' start (nothing removed, maybe some added), no lookup needed.
      let prefix = a.length <= b.length;
      for (let i = 0; prefix && i < a.length; i++) if (a[i] !== b[i]) prefix = false;
      let same = prefix && a.length === b.length;
      if (prefix) {
        for (let i = 0; i < a.length; i++) m[i] = i;
      } else {
        const where = new Map(b.map((id, i) => [id, i]));
        for (let i = 0; i < a.length; i++) {
          const j = where.get(a[i] as string) ?? -1;
          m[i] = j;
          if (j !== i) same = false;
        }
      }
      this.maps.set(dom, m);
      if (!same) this.changed.add(dom);
      if (!prefix && m.some((j, i) => j !== i)) keeps = false;
    }
    this.identical = this.changed.size === 0;
    this.preserving = keeps;
  }

  /** The new index of old index `i` in `dom`; -1 for none (a negative i stays -1). */
  to(dom: Domain, i: number): number {
    if (i < 0) return -1;
    return this.maps.get(dom)?.[i] ?? -1;
  }

  /** The whole map of a domain (old index → new index). */
  map(dom: Domain): Int32Array {
    return this.maps.get(dom) ?? new Int32Array(0);
  }
}

/** The identity remap of an index space (a state applied to the engine it came from). */
export function sameIds(ids: EngineIds): Remap {
  return new Remap(ids, ids);
}
