import type { SessionSample } from '../contract/session-entities.ts';
import type { Engine } from '../core/engine/engine.ts';
import { desktopUsage, liveSession } from '../core/engine/session-view.ts';
import { U } from '../core/engine/state.ts';
import { RAW_WINDOW_SECONDS, SAMPLE_SECONDS } from './metrics-sampler.ts';
import type { SessionTracker } from './session-tracker.ts';

/** Samples kept per session: the last hour at the 20 s real-time interval. */
export const SESSION_SAMPLES = RAW_WINDOW_SECONDS / SAMPLE_SECONDS;
const FIELDS = 7; // ts, rtt, fps, kbps, loss, cpu %, mem %

/**
 * Per-session figures over the last hour, for Help Desk: a fixed ring per
 * running session (≈ 5 KB each), dropped when the session ends. In memory only.
 */
export class SessionSampler {
  private readonly rings = new Map<string, { data: Float64Array; n: number; next: number }>();

  sample(e: Engine, tracker: SessionTracker): void {
    const st = e.st;
    const seen = new Set<string>();
    for (let i = 0; i < st.nSess; i++) {
      const u = st.sessList[i] as number;
      const id = tracker.idOf(u);
      if (!id) continue;
      seen.add(id);
      const live = liveSession(e, u);
      if (!live?.figures || st.uState[u] === U.disconnected) continue;
      let ring = this.rings.get(id);
      if (!ring) {
        ring = { data: new Float64Array(SESSION_SAMPLES * FIELDS), n: 0, next: 0 };
        this.rings.set(id, ring);
      }
      const f = live.figures;
      const { cpuPct, memPct } = desktopUsage(e, u);
      const o = ring.next * FIELDS;
      ring.data.set([e.t, f.rttMs, f.fps, f.bandwidthKbps, f.lossPct, cpuPct, memPct], o);
      ring.next = (ring.next + 1) % SESSION_SAMPLES;
      ring.n = Math.min(SESSION_SAMPLES, ring.n + 1);
    }
    for (const id of this.rings.keys()) if (!seen.has(id)) this.rings.delete(id);
  }

  series(id: string): SessionSample[] {
    const ring = this.rings.get(id);
    if (!ring) return [];
    const out: SessionSample[] = [];
    const start = (ring.next - ring.n + SESSION_SAMPLES) % SESSION_SAMPLES;
    for (let k = 0; k < ring.n; k++) {
      const o = ((start + k) % SESSION_SAMPLES) * FIELDS;
      const v = ring.data;
      out.push({
        ts: v[o] as number,
        rttMs: v[o + 1] as number,
        fps: v[o + 2] as number,
        bandwidthKbps: v[o + 3] as number,
        lossPct: v[o + 4] as number,
        cpuPct: v[o + 5] as number,
        memPct: v[o + 6] as number,
      });
    }
    return out;
  }
}
