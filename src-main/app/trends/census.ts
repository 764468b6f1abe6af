import type { Engine } from '../../core/engine/engine.ts';
import { M } from '../../core/engine/state.ts';
import { PROBLEM_STATES } from '../../contract/entities.ts';
import type { TrendRow } from '../../store/trends.ts';

/**
 * The machine census of the Trends "machine usage" and "capacity" reports, taken every 5 simulated
 * minutes inside the run (so it is the same however the run is cut into flushes): one pass over the
 * desktops, a few array reads each (on scale-10k ≈ 10,000 reads per 5 minutes).
 *
 * Categories (Director's machine usage; Horizon's state names, DOMAIN.md):
 */
export const MACHINE_CATEGORIES = ['in-use', 'disconnected', 'available', 'provisioning', 'maintenance', 'problem', 'other'] as const;
export type MachineCategory = (typeof MACHINE_CATEGORIES)[number];

const CATEGORY_OF: Record<string, MachineCategory> = {
  CONNECTED: 'in-use',
  DISCONNECTED: 'disconnected',
  AVAILABLE: 'available',
  PROVISIONING: 'provisioning',
  CUSTOMIZING: 'provisioning',
  WAIT_FOR_AGENT: 'provisioning',
  MAINTENANCE: 'maintenance',
  DELETING: 'other',
  // The dashboard's problem machines, one list (ALREADY_USED was "other" here: 14 + 3 "other" against the dashboard's 17).
  ...Object.fromEntries(PROBLEM_STATES.map((s) => [s, 'problem' as const])),
};
const CAT_BY_STATE: number[] = [];
for (const [state, cat] of Object.entries(CATEGORY_OF)) CAT_BY_STATE[M[state as keyof typeof M]] = MACHINE_CATEGORIES.indexOf(cat);
const OTHER = MACHINE_CATEGORIES.indexOf('other');
/** Machines that can take a session now or after a power-on: available, in use, disconnected (they count toward capacity). */
const USABLE = new Set(['in-use', 'disconnected', 'available'].map((c) => MACHINE_CATEGORIES.indexOf(c as MachineCategory)));

/**
 * Rows of one census at `ts` (resolution 300, the bucket that ends at `ts`): per pool, the machines in
 * each category that has any (`pool\tcategory`), `pool\ttotal` always (its n counts the censuses), and
 * `pool\tcapacity`: the sessions its usable machines can host (1 per single-session machine,
 * the pool's max sessions per host for a multi-session one).
 */
export function machineCensus(e: Engine, bucket: number): TrendRow[] {
  const st = e.st;
  const out: TrendRow[] = [];
  const counts = new Int32Array(MACHINE_CATEGORIES.length);
  for (let p = 0; p < st.ids.pools.length; p++) {
    const poolId = st.ids.pools[p] as string;
    counts.fill(0);
    const ds = st.pDesktops[p] ?? new Int32Array(0);
    for (let i = 0; i < ds.length; i++) {
      const c = CAT_BY_STATE[st.dState[ds[i] as number] as number];
      counts[c ?? OTHER] = (counts[c ?? OTHER] as number) + 1;
    }
    let usable = 0;
    for (let c = 0; c < MACHINE_CATEGORIES.length; c++) {
      const n = counts[c] as number;
      if (USABLE.has(c)) usable += n;
      if (n > 0) out.push(row(`${poolId}\t${MACHINE_CATEGORIES[c]}`, bucket, n));
    }
    out.push(row(`${poolId}\ttotal`, bucket, ds.length));
    const perMachine = st.pMulti[p] ? Math.max(1, st.pMaxSessions[p] as number) : 1;
    out.push(row(`${poolId}\tcapacity`, bucket, usable * perMachine));
  }
  return out;
}

const row = (key: string, ts: number, v: number): TrendRow => ({ kind: 'machines', key, resolution: 300, ts, n: 1, sum: v, max: v });
