import { getClient } from '../../client/api.ts';
import { notifySuccess } from '../../state/toast-store.ts';

/** "09:42" of a simulated time (UTC). */
export function hhmm(iso: string | null | undefined): string {
  return iso ? iso.slice(11, 16) : '—';
}

/** The route that opens the Replay page with a moment chosen (the training debrief links here). */
export function replayLink(at?: string): string {
  return at ? `/replay?at=${encodeURIComponent(at)}` : '/replay';
}

export async function openMoment(at: string): Promise<void> {
  await getClient().call('replay-view-open', { at });
}

export async function backToLive(): Promise<void> {
  await getClient().call('replay-view-close', {});
}

export async function branchHere(): Promise<void> {
  const r = await getClient().call('replay-branch', { confirm: true });
  notifySuccess(`New attempt from ${hhmm(r.simTime)}: the earlier attempt is kept as a lab checkpoint`);
}

/** A short summary of an action's input for the timeline. */
export function inputSummary(input: unknown): string {
  if (!input || typeof input !== 'object') return '';
  return Object.entries(input as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ')
    .slice(0, 140);
}
