import type { Protocol } from '../../contract/entities.ts';
import type { LogonPhase } from '../../contract/session-entities.ts';
import { PROTOCOL_PARAMS } from './protocol.ts';

/**
 * Logon phase durations from the contention at the moment each phase starts.
 * Base figures add up to DOMAIN.md's typical logon (≈ 30 s without VM start);
 * a tuned image would be ≈ 5 s, over 60 s is poor. Storage-bound phases
 * (profile load, GPO, scripts) stretch with datastore latency over its service
 * time; CPU-bound ones with the desktop's CPU ready. Pure (docs/SESSIONS.md).
 */
export const LOGON_PARAMS = {
  /** Connection Server: entitlement lookup, desktop choice; a little slower with many logons in flight. */
  brokeringSec: 0.8,
  brokeringPerPendingSec: 0.004,
  brokeringMaxSec: 6,
  /** Protocol handshake: the protocol's own time plus this many round trips (TLS, tunnel, display channel). */
  protocolRoundTrips: 14,
  authenticationSec: 2.2,
  gpoSec: 6,
  logonScriptsSec: 4,
  /** Profile load: fixed part plus the roaming profile copied at this rate (MB/s) on an unloaded datastore. */
  profileBaseSec: 3,
  profileMBps: 80,
  interactiveSec: 6,
  /** How much each phase stretches per unit of (latency / service time − 1) and per 10 % of CPU ready. */
  storageWeight: {
    brokering: 0,
    'vm-start': 0,
    protocol: 0,
    authentication: 0.05,
    gpo: 0.35,
    'logon-scripts': 0.25,
    'profile-load': 0,
    interactive: 0.2,
  } satisfies Record<LogonPhase, number>,
  readyWeight: {
    brokering: 0,
    'vm-start': 0.3,
    protocol: 0.2,
    authentication: 0.3,
    gpo: 0.5,
    'logon-scripts': 0.6,
    'profile-load': 0.2,
    interactive: 0.8,
  } satisfies Record<LogonPhase, number>,
  /** ±share of per-session variation. */
  jitterShare: 0.12,
  /** Ratings (DOMAIN.md): tuned ≈ 5 s, typical ≈ 30 s, poor over 60 s. */
  fastSec: 15,
  typicalSec: 40,
  poorSec: 60,
};

export interface LogonContext {
  protocol: Protocol;
  /** Datastore latency over its service time (≥ 1 on an idle array; a storm drives it up). */
  latencyRatio: number;
  /** CPU ready % of the desktop VM. */
  readyPct: number;
  rttMs: number;
  profileMb: number;
  /** Logons in flight in the whole broker. */
  pendingLogons: number;
  /** VM start (s) when the desktop was off or suspended. */
  vmStartSec: number;
  /** −1..1 per-session variation. */
  jitter: number;
}

export function phaseSeconds(phase: LogonPhase, c: LogonContext): number {
  const p = LOGON_PARAMS;
  const lat = Math.max(0, c.latencyRatio - 1);
  let base: number;
  switch (phase) {
    case 'brokering':
      return Math.min(p.brokeringMaxSec, p.brokeringSec + p.brokeringPerPendingSec * c.pendingLogons);
    case 'vm-start':
      base = c.vmStartSec;
      break;
    case 'protocol':
      base = PROTOCOL_PARAMS.connectSec[c.protocol] + (p.protocolRoundTrips * c.rttMs) / 1000;
      break;
    case 'authentication':
      base = p.authenticationSec;
      break;
    case 'gpo':
      base = p.gpoSec;
      break;
    case 'logon-scripts':
      base = p.logonScriptsSec;
      break;
    case 'profile-load':
      // The copy slows with the array's queue: throughput falls as latency rises.
      base = p.profileBaseSec + (c.profileMb * Math.max(1, c.latencyRatio)) / p.profileMBps;
      break;
    case 'interactive':
      base = p.interactiveSec;
      break;
  }
  const stretch = (1 + p.storageWeight[phase] * lat) * (1 + (p.readyWeight[phase] * Math.max(0, c.readyPct)) / 10);
  return base * stretch * (1 + p.jitterShare * c.jitter);
}

export function logonRating(totalSec: number): 'fast' | 'typical' | 'slow' | 'poor' {
  const p = LOGON_PARAMS;
  return totalSec <= p.fastSec ? 'fast' : totalSec <= p.typicalSec ? 'typical' : totalSec <= p.poorSec ? 'slow' : 'poor';
}
