import type { LabModel } from '../lab/model.ts';
import { buildState, type EngineState } from './state.ts';

/**
 * The engine's state (state.ts) and the figures its load pass writes (load/load-pass.ts) per host,
 * desktop, datastore and user: the base of Engine (engine.ts), which runs the parts on them.
 */
export class EngineFigures {
  readonly st: EngineState;
  // Per-host results of the last tick.
  readonly hDemandMhz: Float64Array;
  readonly hVcpuOn: Float64Array;
  readonly hMemMb: Float64Array;
  readonly hKbps: Float64Array;
  /** Display traffic through each host's uplinks, % of their line rate (`nics × nicGbps`). */
  readonly hNicPct: Float32Array;
  readonly hSessions: Int32Array;
  readonly hCpuPct: Float32Array;
  readonly hReadyPct: Float32Array;
  readonly hMemState: Uint8Array;
  /** 1 while the host's free memory is below the share of minFree that blocks new allocations (power-ons fail). */
  readonly hMemBlocked: Uint8Array;
  readonly hBalloonMb: Float32Array;
  readonly hSwapMb: Float32Array;
  readonly hWatts: Float32Array;
  readonly hUxMs: Float32Array;
  readonly hBaseReadyPct: Float32Array;
  readonly hContended: Uint8Array;
  // Per-desktop CPU demand of the last tick (after its limit) and, on contended hosts, the unmet share.
  // Per-desktop arrays may be replaced (longer) when machines are added (addDesktops, desktop-capacity.ts): read them from the engine, never keep them.
  dDemandMhz: Float64Array;
  dDeficit: Float32Array;
  dLimited: Float32Array; // share of demand a CPU limit withheld
  dIops: Float64Array; // each desktop's IOPS of the last tick (snapshot deltas grow with its writes)
  // Per-datastore results.
  readonly sIops: Float64Array;
  readonly sLatencyMs: Float32Array;
  // Per-user experience (ms) of the last tick; 0 without a session.
  readonly uUxMs: Float32Array;

  /** `reuse`: a running engine's state of the same users, pools and entitlements lends its entitlement lists (state-build.ts). */
  constructor(lab: LabModel, reuse?: EngineState) {
    const st = buildState(lab, reuse);
    this.st = st;
    const H = st.hCapMhz.length;
    const S = st.sIopsCap.length;
    const UN = st.uState.length;
    this.hDemandMhz = new Float64Array(H);
    this.hVcpuOn = new Float64Array(H);
    this.hMemMb = new Float64Array(H);
    this.hKbps = new Float64Array(H);
    this.hNicPct = new Float32Array(H);
    this.hSessions = new Int32Array(H);
    this.hCpuPct = new Float32Array(H);
    this.hReadyPct = new Float32Array(H);
    this.hMemState = new Uint8Array(H);
    this.hMemBlocked = new Uint8Array(H);
    this.hBalloonMb = new Float32Array(H);
    this.hSwapMb = new Float32Array(H);
    this.hWatts = new Float32Array(H);
    this.hUxMs = new Float32Array(H);
    this.hBaseReadyPct = new Float32Array(H);
    this.hContended = new Uint8Array(H);
    this.dDemandMhz = new Float64Array(st.dPower.length);
    this.dDeficit = new Float32Array(st.dPower.length);
    this.dLimited = new Float32Array(st.dPower.length);
    this.dIops = new Float64Array(st.dPower.length);
    this.sIops = new Float64Array(S);
    this.sLatencyMs = new Float32Array(S);
    this.uUxMs = new Float32Array(UN);
  }
}
