import type { Client } from '../../src-main/contract/client.ts';

// Small helpers for the cluster-operations contract tests (small lab: hosts h-1..h-3 in cl-1).

/** Desktop id → host id, read through host-get (the API a console uses). */
export async function placement(client: Client): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const h of await client.call('host-list', {})) {
    for (const d of (await client.call('host-get', { id: h.id })).desktops) out.set(d.id, h.id);
  }
  return out;
}

/** Powered-on desktops of a host. */
export async function poweredOnOn(client: Client, hostId: string): Promise<string[]> {
  return (await client.call('host-get', { id: hostId })).desktops.filter((d) => d.powerState === 'poweredOn').map((d) => d.id);
}

/** Session id → desktop id of every session now. */
export async function sessions(client: Client): Promise<Map<string, { userId: string; desktopId: string }>> {
  return new Map((await client.call('session-list', {})).map((s) => [s.id, { userId: s.userId, desktopId: s.desktopId }]));
}

/** Steps the clock in 1 s steps until `pred` holds (or `maxSec` passed); returns the seconds it took. */
export async function stepUntil(client: Client, pred: () => Promise<boolean>, maxSec: number, step = 1): Promise<number> {
  for (let t = 0; t <= maxSec; t += step) {
    if (await pred()) return t;
    await client.call('clock-step', { seconds: step });
  }
  throw new Error(`condition not met within ${maxSec} s`);
}
