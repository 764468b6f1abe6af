import type { EngineCore } from '../core.ts';

/** Desktop d runs the image version a bad-image fault marks as broken in its pool. */
export function onBadImage(e: Pick<EngineCore, 'st' | 'faults'>, d: number): boolean {
  const v = e.st.dVersion[d] as number;
  return v >= 0 && e.faults.pBadVersion[e.st.dPool[d] as number] === v;
}

/** Why a machine booted from a bad image is Agent unreachable (the problem Horizon lists). */
export function agentDeadReason(e: Pick<EngineCore, 'st'>, d: number): string {
  return `Agent unreachable: the Horizon Agent of image version ${e.st.ids.versions[e.st.dVersion[d] as number] ?? '?'} did not start after boot (broken image)`;
}
