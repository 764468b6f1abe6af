import type { EngineCore } from '../core.ts';
import { M, P } from '../state.ts';

// HA's users reconnecting (ha.ts reconnect): they wait while no desktop is free for them.

/** Is there a desktop the broker could give user u now? */
export function desktopFor(e: EngineCore, u: number): boolean {
  const st = e.st;
  for (const p of st.uPools[u] ?? []) {
    if (!st.pEnabled[p] || st.pDrain[p]) continue;
    for (const d of st.pDesktops[p] as Int32Array) {
      if (st.dState[d] !== M.AVAILABLE || !e.cluster.usable(st.dHost[d] as number)) continue;
      if (st.pMulti[p] ? (st.dSessions[d] as number) < (st.pMaxSessions[p] as number) && st.dPower[d] === P.poweredOn : (st.dSessions[d] as number) === 0)
        return true;
    }
  }
  return false;
}
