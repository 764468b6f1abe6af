import type { EngineCore } from '../core.ts';
import { type Job } from './context.ts';
import { bestHost, book, computeLoads, roomFor, ruleCheck, type Loads } from './placement.ts';
import { M, P } from '../state.ts';

/**
 * DRS-style balancing. The imbalance of a cluster is the standard deviation of
 * its usable hosts' CPU load (expected demand / capacity), as classic vSphere
 * DRS measured it. The migration threshold (1 conservative .. 5 aggressive)
 * sets the imbalance DRS tolerates; a recommendation's priority (1 mandatory
 * .. 5 slight) is the most conservative threshold whose target the imbalance
 * it corrects still exceeds, and a threshold shows the recommendations of
 * priority up to it (vCenter's rule). Rule violations give priority-1
 * recommendations at every threshold.
 */
export const DRS_PARAMS = {
  /** DRS evaluates every 5 simulated minutes. */
  intervalSec: 300,
  /** Imbalance (std dev of host CPU load) tolerated at threshold 1..5; level 1 moves only for rules. */
  targetImbalance: [Number.POSITIVE_INFINITY, 0.1, 0.05, 0.025, 0.01] as readonly number[],
  /** A move must lower the imbalance by at least this much to be proposed. */
  minGain: 0.0005,
  /** Moves DRS proposes per evaluation at most. */
  maxMovesPerPass: 16,
  /** A maintenance evacuation that waits for room retries this often. */
  waitRetrySec: 30,
  /** ESXi boot after power-on or a power-loss repair (s). */
  hostBootSec: 180,
} as const;

export interface Recommendation {
  d: number;
  from: number;
  to: number;
  priority: number;
  reason: string;
  before: number;
  after: number;
}

export function imbalanceOf(e: EngineCore, loads: Loads, cluster: number): { sd: number; mean: number } {
  const c = e.cluster;
  const shares: number[] = [];
  for (let h = 0; h < e.st.hCapMhz.length; h++) {
    if (c.hCluster[h] !== cluster || !c.usable(h)) continue;
    shares.push((loads.hCpu[h] as number) / (e.st.hCapMhz[h] as number));
  }
  if (shares.length < 2) return { sd: 0, mean: shares[0] ?? 0 };
  const mean = shares.reduce((s, x) => s + x, 0) / shares.length;
  const sd = Math.sqrt(shares.reduce((s, x) => s + (x - mean) ** 2, 0) / shares.length);
  return { sd, mean };
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

export class Drs {
  constructor(private readonly e: EngineCore) {}

  /** VMs DRS may move: powered on, settled (not booting or refreshing), not already migrating. */
  private movable(d: number): boolean {
    const st = this.e.st;
    return (
      st.dPower[d] === P.poweredOn &&
      st.dNoLiveMig[d] === 0 &&
      (this.e.cluster.mig.dMig[d] as number) < 0 &&
      !this.e.cluster.mig.isQueued(d) &&
      (st.dBusyUntil[d] as number) <= this.e.t &&
      st.dState[d] !== M.PROVISIONING
    );
  }

  recommend(cluster: number): Recommendation[] {
    const e = this.e;
    const st = e.st;
    const c = e.cluster;
    const cfg = c.clusters[cluster];
    if (!cfg) return [];
    const loads = computeLoads(e);
    const out: Recommendation[] = [];
    const moved = new Set<number>();
    // Mandatory: VMs that break a hard rule where they are.
    for (const r of c.rules) {
      if (r.cluster !== cluster || !r.enabled) continue;
      for (const d of r.vms) {
        if (moved.has(d) || !this.movable(d)) continue;
        const h = st.dHost[d] as number;
        if (!c.usable(h)) continue;
        const here = ruleCheck(e, d, h);
        if (!here.hard) continue;
        const pick = bestHost(e, loads, d, h);
        if (pick.host < 0) continue;
        const before = imbalanceOf(e, loads, cluster).sd;
        book(loads, d, h, pick.host);
        c.planned.set(d, pick.host); // counted on its target while the rest is planned
        out.push({
          d,
          from: h,
          to: pick.host,
          priority: 1,
          reason: `${here.hard}; move ${c.dName(d)} from ${c.hName[h]} to ${c.hName[pick.host]}`,
          before,
          after: imbalanceOf(e, loads, cluster).sd,
        });
        moved.add(d);
      }
    }
    const target = DRS_PARAMS.targetImbalance[cfg.threshold - 1] ?? 0.05;
    for (let n = 0; n < DRS_PARAMS.maxMovesPerPass; n++) {
      const { sd: before, mean } = imbalanceOf(e, loads, cluster);
      if (!(before > target)) break;
      // The busiest usable host, and the move off it that lowers the imbalance most.
      let hot = -1;
      for (let h = 0; h < st.hCapMhz.length; h++) {
        if (c.hCluster[h] !== cluster || !c.usable(h)) continue;
        if (hot < 0 || (loads.hCpu[h] as number) / (st.hCapMhz[h] as number) > (loads.hCpu[hot] as number) / (st.hCapMhz[hot] as number)) hot = h;
      }
      if (hot < 0) break;
      let best: { d: number; to: number; after: number } | null = null;
      // The std dev after a move changes two hosts' shares only: keep the sums and patch them (O(1) per candidate).
      const targets: number[] = [];
      let n = 0;
      let sum = 0;
      let sumSq = 0;
      for (let h = 0; h < st.hCapMhz.length; h++) {
        if (c.hCluster[h] !== cluster || !c.usable(h)) continue;
        const x = (loads.hCpu[h] as number) / (st.hCapMhz[h] as number);
        n++;
        sum += x;
        sumSq += x * x;
        if (h !== hot) targets.push(h);
      }
      const hotCap = st.hCapMhz[hot] as number;
      const hotX = (loads.hCpu[hot] as number) / hotCap;
      for (const d of st.hDesktops[hot] as Int32Array) {
        if (moved.has(d) || !this.movable(d) || c.placedOn(d) !== hot) continue;
        const cpu = loads.vmCpu[d] as number;
        const hereSoft = ruleCheck(e, d, hot).soft;
        for (const h of targets) {
          const rule = ruleCheck(e, d, h);
          if (rule.hard || rule.soft > hereSoft || roomFor(e, loads, d, h)) continue;
          const cap = st.hCapMhz[h] as number;
          const x = (loads.hCpu[h] as number) / cap;
          const hotNew = hotX - cpu / hotCap;
          const xNew = x + cpu / cap;
          const s1 = sum - hotX - x + hotNew + xNew;
          const s2 = sumSq - hotX * hotX - x * x + hotNew * hotNew + xNew * xNew;
          const after = Math.sqrt(Math.max(0, s2 / n - (s1 / n) ** 2));
          if (!best || after < best.after - 1e-12) best = { d, to: h, after };
        }
      }
      if (!best) break;
      if (before - best.after < DRS_PARAMS.minGain) break;
      // Its priority: the most conservative threshold at which this imbalance still calls for a move.
      let priority = 5;
      for (let level = 2; level <= 5; level++) {
        if (before > (DRS_PARAMS.targetImbalance[level - 1] ?? 0)) {
          priority = level;
          break;
        }
      }
      if (priority > cfg.threshold) break;
      const hotPct = (loads.hCpu[hot] as number) / (st.hCapMhz[hot] as number);
      book(loads, best.d, hot, best.to);
      c.planned.set(best.d, best.to);
      moved.add(best.d);
      out.push({
        d: best.d,
        from: hot,
        to: best.to,
        priority,
        reason: `host ${c.hName[hot]} CPU ${pct(hotPct)} vs cluster mean ${pct(mean)}; move ${c.dName(best.d)} to ${c.hName[best.to]}`,
        before,
        after: best.after,
      });
    }
    c.planned.clear();
    return out;
  }

  /** Every DRS interval: fully automated clusters apply their recommendations themselves. */
  run(cluster: number, at: number): void {
    const c = this.e.cluster;
    const cfg = c.clusters[cluster];
    if (!cfg || cfg.drs !== 'fully-automated') return;
    const recs = this.recommend(cluster);
    if (recs.length === 0) return;
    for (const r of recs) c.mig.request(r.d, r.to, null, null, at);
    const first = recs[0] as Recommendation;
    c.note(
      at,
      'info',
      'cluster',
      cfg.id,
      cfg.name,
      `DRS (fully automated, threshold ${cfg.threshold}) started ${recs.length} migration(s): ${first.reason}${recs.length > 1 ? ', …' : ''} (imbalance ${first.before.toFixed(3)} → ${(recs[recs.length - 1] as Recommendation).after.toFixed(3)})`,
    );
  }

  /** An admin applied recommendations: one migration per recommendation, to its host. */
  apply(job: Job, recs: Recommendation[], at: number): void {
    const c = this.e.cluster;
    job.items = recs.map((r) => ({
      d: r.d,
      from: r.from,
      toHostId: this.e.st.ids.hosts[r.to] ?? null,
      state: 'pending',
      reason: null,
      durationSec: null,
      downtimeMs: null,
      attempts: 0,
    }));
    job.status = `0 of ${recs.length} migrated`;
    recs.forEach((r, i) => c.mig.request(r.d, r.to, job, job.items[i] ?? null, at));
  }
}
