import type { EngineState } from '../state.ts';

/**
 * CPU entitlement on a contended host, the way ESXi's proportional-share
 * scheduler divides it: each VM first gets its reservation (up to its demand),
 * then the remaining capacity is shared in proportion to shares, never beyond
 * a VM's demand (its limit is already applied to the demand). Writes, for every
 * powered-on VM on host h, the share of its demand it does not get (0–1).
 *
 * Water-filling: give every unsatisfied VM its share-proportional part; those
 * whose part covers their demand are satisfied and leave the pool, and what
 * they did not need is shared again. At most n rounds; usually two or three.
 */
export function entitle(st: EngineState, h: number, capacityMhz: number, demand: Float64Array, deficit: Float32Array): void {
  const vms = st.hDesktops[h];
  if (!vms || vms.length === 0) return;
  const on = 0; // P.poweredOn
  const active: number[] = [];
  const got = new Map<number, number>();
  let reserved = 0;
  for (const d of vms) {
    if (st.dPower[d] !== on) continue;
    const r = Math.min(st.dResMhz[d] as number, demand[d] as number);
    got.set(d, r);
    reserved += r;
    active.push(d);
  }
  // Over-reserved (admission control should prevent it): scale reservations down.
  if (reserved > capacityMhz) {
    const k = capacityMhz / reserved;
    for (const d of active) got.set(d, (got.get(d) as number) * k);
    reserved = capacityMhz;
  }
  let left = capacityMhz - reserved;
  let open = active.filter((d) => (got.get(d) as number) < (demand[d] as number));
  while (left > 1e-9 && open.length > 0) {
    let shares = 0;
    for (const d of open) shares += st.dShares[d] as number;
    const next: number[] = [];
    let used = 0;
    for (const d of open) {
      const part = (left * (st.dShares[d] as number)) / shares;
      const need = (demand[d] as number) - (got.get(d) as number);
      if (part >= need) {
        got.set(d, demand[d] as number);
        used += need;
      } else {
        next.push(d);
      }
    }
    if (next.length === open.length) {
      // Nobody was satisfied: everyone left gets exactly their proportional part.
      for (const d of open) got.set(d, (got.get(d) as number) + (left * (st.dShares[d] as number)) / shares);
      left = 0;
      break;
    }
    left -= used;
    open = next;
  }
  for (const d of active) {
    const want = demand[d] as number;
    deficit[d] = want > 0 ? Math.max(0, 1 - (got.get(d) as number) / want) : 0;
  }
}
