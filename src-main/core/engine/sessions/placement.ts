import type { EngineCore } from '../core.ts';
import { depthFirst, M, P } from '../state.ts';

// Where the broker places a user (docs/SESSIONS.md): multi-session load balancing, a dedicated user's own desktop,
// a floating pool's next powered-on one; and whether a desktop can take a session where it is.

/**
 * Picks a desktop in pool p for user u, or -1; changes nothing. `start`: where a floating pool's walk begins (the
 * broker's cursor, moved past the desktop it gives).
 */
export function pickDesktop(e: EngineCore, p: number, u: number, start: number): number {
  const st = e.st;
  const desktops = st.pDesktops[p] as Int32Array;
  const n = desktops.length;
  if (n === 0) return -1;
  if (st.pMulti[p]) {
    // Multi-session: breadth-first spreads to the least loaded host, depth-first fills one up.
    const max = st.pMaxSessions[p] as number;
    let best = -1;
    for (let i = 0; i < n; i++) {
      const d = desktops[i] as number;
      if (st.dState[d] !== M.AVAILABLE || st.dPower[d] !== P.poweredOn || (st.dSessions[d] as number) >= max || !placeable(e, d)) continue;
      if (best < 0) best = d;
      else if (depthFirst(st, p) ? (st.dSessions[d] as number) > (st.dSessions[best] as number) : (st.dSessions[d] as number) < (st.dSessions[best] as number))
        best = d;
    }
    return best;
  }
  // Dedicated: the user's own desktop, else the first unassigned one. Floating: the next powered-on available one.
  let own = -1;
  let unassigned = -1;
  let floating = -1;
  for (let k = 0; k < n; k++) {
    const d = desktops[(start + k) % n] as number;
    const owner = st.dOwner[d] as number;
    if (owner === u) {
      own = d;
      break;
    }
    const free = st.dState[d] === M.AVAILABLE && (st.dSessions[d] as number) === 0 && placeable(e, d);
    if (!free) continue;
    if (owner < 0 && unassigned < 0) unassigned = d;
    if (owner < 0 && floating < 0 && st.dPower[d] === P.poweredOn && e.powerThrottle.registered(d, e.t)) floating = d;
  }
  if (own >= 0) {
    // The user's own desktop on a host that cannot run it: unreachable as far as the user can tell.
    if (!placeable(e, own)) return st.dState[own] === M.AGENT_UNREACHABLE ? own : -1;
    const ok = st.dState[own] === M.AVAILABLE || st.dState[own] === M.DISCONNECTED || st.dState[own] === M.AGENT_UNREACHABLE;
    return ok && (st.dSessions[own] as number) === 0 ? own : -1;
  }
  if (st.pDedicated[p] === 1) return unassigned;
  return floating >= 0 ? floating : unassigned;
}

/**
 * Desktop d can take a session where it is: running on a host that runs VMs and not stunned on a full datastore
 * (faults/space.ts: it answers nothing, a logon would hang), or off on a host that can power it on.
 */
export function placeable(e: EngineCore, d: number): boolean {
  const c = e.cluster;
  const st = e.st;
  if (st.dPower[d] !== P.poweredOn) return c.canPowerOn(d);
  return c.runsVms(st.dHost[d] as number) && e.faults.sFull[st.dDs[d] as number] !== 1;
}
