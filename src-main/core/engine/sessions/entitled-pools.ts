import type { LabModel } from '../../lab/model.ts';

/**
 * Each user's entitled pools (directly and through their groups), the pool
 * matching the user's workload first, then in pool order: the order the broker
 * tries them in. Built with the engine and again when entitlements change.
 */
export function entitledPools(lab: Pick<LabModel, 'users' | 'pools' | 'groupMembers' | 'entitlements'>): Int32Array[] {
  const poolIdx = new Map(lab.pools.map((p, i) => [p.id, i]));
  const add = <T>(m: Map<string, T[]>, k: string, v: T) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  const groupsOf = new Map<string, string[]>();
  for (const m of lab.groupMembers) add(groupsOf, m.userId, m.groupId);
  const poolsOfGroup = new Map<string, number[]>();
  const poolsOfUser = new Map<string, number[]>();
  for (const e of lab.entitlements) {
    const p = poolIdx.get(e.poolId);
    if (p === undefined) throw new Error(`engine: unknown pool ${e.poolId}`);
    add(e.principalType === 'group' ? poolsOfGroup : poolsOfUser, e.principalId, p);
  }
  return lab.users.map((u) => {
    const set = new Set<number>(poolsOfUser.get(u.id) ?? []);
    for (const g of groupsOf.get(u.id) ?? []) for (const p of poolsOfGroup.get(g) ?? []) set.add(p);
    const pools = [...set].sort((a, b) => {
      const wa = lab.pools[a]?.workload === u.workload ? 0 : 1;
      const wb = lab.pools[b]?.workload === u.workload ? 0 : 1;
      return wa - wb || a - b;
    });
    return Int32Array.from(pools);
  });
}
