// The wall's slots as data (pure; unit-tested): which session each tile shows,
// kept in the URL (`/wall?layout=3x3&s=sess-4,,sess-9`).

export const WALL_LAYOUTS = ['2x3', '3x3'] as const;
export type WallLayout = (typeof WALL_LAYOUTS)[number];
export const LAYOUT_TILES: Record<WallLayout, number> = { '2x3': 6, '3x3': 9 };

/** One tile: the session it follows, or empty. */
export type Slots = (string | null)[];

export function parseSlots(raw: string | null, tiles: number): Slots {
  const ids = (raw ?? '').split(',').map((s) => (/^[A-Za-z0-9._-]{1,64}$/.test(s) ? s : null));
  return Array.from({ length: tiles }, (_, i) => ids[i] ?? null);
}

export function slotsParam(slots: Slots): string {
  const s = slots.map((x) => x ?? '').join(',');
  return s.replace(/,+$/, '');
}

/**
 * "Next arrivals": fill the empty tiles with sessions that were not there when
 * watching began (`baseline`) and are not on the wall yet, in the order given
 * (the feed's order is the order sessions started). Tiles already showing a
 * session keep it.
 */
export function fillArrivals(slots: Slots, candidates: readonly string[], baseline: ReadonlySet<string>): Slots {
  const onWall = new Set(slots.filter((s): s is string => s !== null));
  const fresh = candidates.filter((id) => !baseline.has(id) && !onWall.has(id));
  let k = 0;
  return slots.map((s) => (s !== null ? s : (fresh[k++] ?? null)));
}

/** Picks `n` users spread over the list (every k-th), skipping those already connected: a morning's mix, not one department. */
export function spreadPick<T extends { id: string }>(users: readonly T[], busy: ReadonlySet<string>, n: number): T[] {
  const free = users.filter((u) => !busy.has(u.id));
  if (free.length <= n) return free.slice();
  const step = free.length / n;
  return Array.from({ length: n }, (_, i) => free[Math.floor(i * step)] as T);
}

/** The users entitled to a pool, directly or through a group: the only ones a tile can connect (black-box round 6: one went to a user with none). */
export function entitledUsers<T extends { id: string; groupIds: readonly string[] }>(
  users: readonly T[],
  entitlements: readonly { principalType: 'user' | 'group'; principalId: string }[],
  groups: readonly { id: string; poolIds: readonly string[] }[],
): T[] {
  const viaGroup = new Set(groups.filter((g) => g.poolIds.length > 0).map((g) => g.id));
  const direct = new Set(entitlements.filter((e) => e.principalType === 'user').map((e) => e.principalId));
  return users.filter((u) => direct.has(u.id) || u.groupIds.some((g) => viaGroup.has(g)));
}
