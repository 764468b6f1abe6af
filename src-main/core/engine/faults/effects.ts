import { LOGON_PHASES, NETWORK_PROFILES, type LogonPhase, type NetworkConditions } from '../../../contract/session-entities.ts';
import { hashJitter, NETWORKS } from '../../models/protocol.ts';
import type { EngineState } from '../state.ts';
import type { Fault } from './fault.ts';
import { FAULT_EFFECTS } from './params.ts';

const PHASE = Object.fromEntries(LOGON_PHASES.map((p, i) => [p, i])) as Record<LogonPhase, number>;

/** The effect tables the models read (owned by the engine's Faults part). */
export interface EffectTables {
  readonly sCapFactor: Float64Array;
  readonly sSvcFactor: Float64Array;
  readonly hNicFactor: Float64Array;
  readonly hMemHogMb: Float64Array;
  readonly phaseFactor: Float64Array;
  readonly pExhausted: Uint8Array;
  readonly pBadVersion: Int32Array;
  readonly dHogVcpu: Float32Array;
  hogs: boolean;
  brokerDown: boolean;
  sessionCap: number;
  readonly netOverlay: (NetworkConditions | null)[];
  readonly sFillRate: Float64Array;
  filling: boolean;
  readonly dSnapGrow: Float32Array;
  snapGrowing: boolean;
}

/**
 * Recomputes every effect table from the active faults (on a start, an end, a clear, a load).
 * Faults on the same object compound (two latency spikes multiply); nothing is scanned per tick.
 */
export function computeEffects(fx: EffectTables, list: readonly Fault[], st: EngineState): void {
  const E = FAULT_EFFECTS;
  fx.sCapFactor.fill(1);
  fx.sSvcFactor.fill(1);
  fx.hNicFactor.fill(1);
  fx.hMemHogMb.fill(0);
  fx.phaseFactor.fill(1);
  fx.pExhausted.fill(0);
  fx.pBadVersion.fill(-1);
  if (fx.hogs) fx.dHogVcpu.fill(0);
  fx.hogs = false;
  fx.brokerDown = false;
  fx.sessionCap = Number.POSITIVE_INFINITY;
  fx.sFillRate.fill(0);
  fx.filling = false;
  if (fx.snapGrowing) fx.dSnapGrow.fill(0);
  fx.snapGrowing = false;
  for (let i = 0; i < fx.netOverlay.length; i++) fx.netOverlay[i] = null;
  for (const f of list) {
    if (f.state !== 'active') continue;
    const p = f.params;
    const t = f.target;
    switch (f.kind) {
      case 'datastore-latency-spike':
        fx.sSvcFactor[t] = (fx.sSvcFactor[t] as number) * (p.serviceFactor as number);
        break;
      case 'datastore-outage':
        fx.sCapFactor[t] = (fx.sCapFactor[t] as number) * ((p.residualPct as number) / 100);
        break;
      case 'array-controller-failover':
        fx.sCapFactor[t] = (fx.sCapFactor[t] as number) * (f.settled ? (p.capacityPct as number) / 100 : E.failoverPauseCapacity);
        break;
      case 'datastore-fill':
        fx.sFillRate[t] = (fx.sFillRate[t] as number) + (p.rateGbPerHour as number) / 3600;
        fx.filling = true;
        break;
      case 'snapshot-growth':
        for (const d of f.desktops ?? []) {
          fx.dSnapGrow[d] = (fx.dSnapGrow[d] as number) + (p.rateGbPerHour as number) / 3600;
          fx.snapGrowing = true;
        }
        break;
      case 'host-memory-hog':
        fx.hMemHogMb[t] = (fx.hMemHogMb[t] as number) + (p.reservedGb as number) * 1024;
        break;
      case 'host-nic-degraded':
        fx.hNicFactor[t] = (fx.hNicFactor[t] as number) * ((p.capacityPct as number) / 100);
        break;
      case 'network-impairment': {
        const name = NETWORK_PROFILES[t];
        const base = fx.netOverlay[t] ?? (name && name !== 'custom' ? NETWORKS[name] : null);
        if (!base) break;
        fx.netOverlay[t] = {
          rttMs: base.rttMs + (p.addRttMs as number),
          lossPct: Math.min(100, base.lossPct + (p.addLossPct as number)),
          bandwidthKbps: base.bandwidthKbps * ((p.bandwidthPct as number) / 100),
        };
        break;
      }
      case 'broker-outage':
        fx.brokerDown = true;
        break;
      case 'broker-slowness':
        fx.phaseFactor[PHASE.brokering] = (fx.phaseFactor[PHASE.brokering] as number) * (p.factor as number);
        break;
      case 'directory-slowness':
        fx.phaseFactor[PHASE.authentication] = (fx.phaseFactor[PHASE.authentication] as number) * (p.factor as number);
        break;
      case 'profile-server-slowness':
        fx.phaseFactor[PHASE['profile-load']] = (fx.phaseFactor[PHASE['profile-load']] as number) * (p.factor as number);
        break;
      case 'license-exhaustion':
        fx.sessionCap = Math.min(fx.sessionCap, p.maxSessions as number);
        break;
      case 'pool-exhaustion':
        fx.pExhausted[t] = 1;
        break;
      case 'bad-image':
        if (f.version !== undefined && f.version >= 0) fx.pBadVersion[t] = f.version;
        break;
      case 'cpu-hog': {
        // Which desktops run the hog: a fixed draw per (desktop, fault), so the same ones every run and after a reopen.
        const share = (p.sharePct as number) / 100;
        for (const d of st.pDesktops[t] ?? []) {
          if ((hashJitter(d, f.id * 7919) + 1) / 2 >= share) continue;
          fx.dHogVcpu[d] = Math.min(st.dVcpu[d] as number, (fx.dHogVcpu[d] as number) + (p.vcpus as number));
          fx.hogs = true;
        }
        break;
      }
    }
  }
}
