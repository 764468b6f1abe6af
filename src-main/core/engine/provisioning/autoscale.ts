import type { ScalingPlan, ScalingPhase } from '../../../contract/entities.ts';
import type { EngineCore } from '../core.ts';
import { grown, M, P, touchDesktop } from '../state.ts';
import type { DurableArray, DurablePart } from '../durable/state.ts';

const DAY = 86400;

/** The phase in force at simulated time t (before the day's first phase, yesterday's off-peak still runs). */
export function phaseAt(plan: ScalingPlan, t: number): ScalingPhase {
  const weekday = (Math.floor(t / DAY) + 4) % 7;
  const offPeak = plan.phases[3] as ScalingPhase;
  if (plan.weekdaysOnly && (weekday === 0 || weekday === 6)) return offPeak;
  const hhmm = new Date((t % DAY) * 1000).toISOString().slice(11, 16);
  let current = offPeak;
  for (const ph of plan.phases) if (ph.start <= hhmm) current = ph;
  return current;
}

/**
 * Autoscale for multi-session pools, once a simulated minute: keep at least the
 * phase's minimum share of session hosts on, power on another host when the
 * sessions (plus the capacity buffer) pass the phase's capacity threshold, and
 * power off empty hosts beyond that after the power-off delay. The phase's
 * load-balancing algorithm applies to new sessions.
 */
export class Autoscale implements DurablePart<undefined> {
  readonly key = 'autoscale';
  readonly plans: (ScalingPlan | null)[];
  private idleSince: Float64Array;

  constructor(private readonly e: EngineCore) {
    this.plans = e.st.pDesktops.map(() => null);
    this.idleSince = new Float64Array(e.st.dPool.length).fill(Number.NaN);
  }

  /** Machines added at the end of the index space: not idle yet. */
  grow(): void {
    this.idleSince = grown(this.idleSince, this.e.st.dPool.length, Number.NaN);
  }

  arrays(): DurableArray[] {
    return [{ name: 'autoscale.idleSince', array: this.idleSince, domain: 'desktop' }];
  }

  save(): undefined {
    return undefined;
  }

  load(): void {}

  run(p: number, plan: ScalingPlan, at: number): void {
    const st = this.e.st;
    const phase = phaseAt(plan, at);
    st.pPhaseLb[p] = phase.loadBalancing === 'depth-first' ? 1 : 0;
    // RDS hosts that can run: on, or off where their hypervisor host can power them on.
    const hosts = [...(st.pDesktops[p] as Int32Array)].filter(
      (d) => st.dState[d] === M.AVAILABLE && (st.dPower[d] === P.poweredOn || this.e.cluster.canPowerOn(d)),
    );
    let on = 0;
    let sessions = 0;
    for (const d of hosts) {
      if (st.dPower[d] === P.poweredOn) on++;
      sessions += st.dSessions[d] as number;
      if ((st.dSessions[d] as number) > 0) this.idleSince[d] = Number.NaN;
      else if (Number.isNaN(this.idleSince[d] as number)) this.idleSince[d] = at;
    }
    const perHost = st.pMaxSessions[p] as number;
    const minOn = Math.ceil((phase.minHostsPct / 100) * hosts.length);
    const byLoad = Math.ceil((sessions * (1 + plan.capacityBufferPct / 100)) / ((phase.capacityThresholdPct / 100) * perHost));
    const target = Math.min(hosts.length, Math.max(minOn, byLoad));
    if (on < target) {
      for (const d of hosts) {
        if (on >= target) break;
        if (st.dPower[d] === P.poweredOn) continue;
        this.e.provisioner.powerOn(d, at);
        on++;
      }
    } else if (on > target) {
      for (let i = hosts.length - 1; i >= 0 && on > target; i--) {
        const d = hosts[i] as number;
        if (st.dPower[d] !== P.poweredOn || (st.dSessions[d] as number) > 0) continue;
        if (at - (this.idleSince[d] as number) < plan.powerOffDelayMinutes * 60) continue;
        st.dPower[d] = P.poweredOff;
        touchDesktop(st, d);
        this.e.broker.dirtyDesktops.add(d);
        on--;
      }
    }
  }
}
