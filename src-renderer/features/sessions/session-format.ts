// Words and numbers of the sessions domain as the console shows them (pure; unit-tested).
import {
  CLIENT_DEVICE_NAMES,
  LOGON_PHASE_NAMES,
  type ClientDevice,
  type LogonBreakdown,
  type LogonPhase,
  type NetworkProfile,
  type Protocol,
  type SessionDatastoreHealth,
  type SessionHostHealth,
  type SessionState,
} from '../../../src-main/contract/index.ts';
import { LATENCY_ALARM_MS as DATASTORE_ALARM_MS, READY_WARN_PCT } from '../../components/thresholds.ts';

/** DOMAIN.md: typical logon ≈ 30 s, over 60 s is poor. */
export const LOGON_WARN_S = 30;
export const LOGON_SLOW_S = 60;

export const PROTOCOL_NAMES: Record<Protocol, string> = { blast: 'Blast Extreme', pcoip: 'PCoIP', hdx: 'Citrix HDX', rdp: 'RDP' };
export const PROTOCOL_SHORT: Record<Protocol, string> = { blast: 'Blast', pcoip: 'PCoIP', hdx: 'HDX', rdp: 'RDP' };

export const DEVICE_SHORT: Record<ClientDevice, string> = {
  'zero-client': 'Zero client',
  'thin-client': 'Thin client',
  windows: 'Windows',
  macos: 'macOS',
  html5: 'HTML5',
  mobile: 'Mobile',
};
export function deviceName(d: ClientDevice): string {
  return CLIENT_DEVICE_NAMES[d];
}

export const NETWORK_NAMES: Record<NetworkProfile, string> = {
  lan: 'LAN (office)',
  'branch-wan': 'Branch office WAN',
  'home-broadband': 'Home broadband',
  '4g': '4G mobile',
  'hotel-wifi': 'Hotel Wi-Fi',
  custom: 'Custom',
};

export const STATE_NAMES: Record<SessionState, string> = {
  connecting: 'Connecting',
  active: 'Active',
  idle: 'Idle',
  disconnected: 'Disconnected',
  reconnecting: 'Reconnecting',
  'logged-off': 'Logged off',
};

/** PatternFly label colours per session state (as the pool page's sessions tab has them). */
export const STATE_COLORS: Record<SessionState, 'blue' | 'grey' | 'purple' | 'teal'> = {
  connecting: 'purple',
  active: 'blue',
  idle: 'grey',
  disconnected: 'teal',
  reconnecting: 'purple',
  'logged-off': 'grey',
};

export function phaseName(p: LogonPhase): string {
  return LOGON_PHASE_NAMES[p];
}

// Durations are shared by every view (components/format.ts); re-exported for this feature's callers.
export { formatDuration, secondsBetween } from '../../components/format.ts';

/** Logon seconds with one decimal below 10 s ("4.2 s", "92 s"). */
export function formatLogon(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  return seconds < 10 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds)} s`;
}

export function logonLevel(seconds: number | null | undefined): 'ok' | 'warning' | 'critical' {
  if (seconds === null || seconds === undefined) return 'ok';
  return seconds > LOGON_SLOW_S ? 'critical' : seconds > LOGON_WARN_S ? 'warning' : 'ok';
}

/** The slowest finished phase: the one a Help Desk engineer looks at first. */
export function slowestPhase(b: LogonBreakdown): { phase: LogonPhase; seconds: number } | null {
  let best: { phase: LogonPhase; seconds: number } | null = null;
  for (const p of b.phases) if (!best || p.seconds > best.seconds) best = { phase: p.phase, seconds: p.seconds };
  return best;
}

/**
 * The one-line "why" under the logon chart: the slow phase with the figure that
 * explains it, e.g. "Profile load took 61 s (67 % of the logon) while datastore
 * latency was 28 ms." The engine's own causes come first when it gives any.
 */
export function logonWhy(b: LogonBreakdown, host: SessionHostHealth | null, ds: SessionDatastoreHealth | null): string {
  const slow = slowestPhase(b);
  if (!slow || b.totalSeconds === null) return b.totalSeconds === null ? 'The logon is still in progress.' : 'No phases were measured.';
  const share = b.totalSeconds > 0 ? Math.round((slow.seconds / b.totalSeconds) * 100) : 0;
  const head = `${phaseName(slow.phase)} took ${formatLogon(slow.seconds)} (${share} % of the ${formatLogon(b.totalSeconds)} logon)`;
  if (b.causes.length > 0) return `${head}. ${b.causes.map((c) => (/[.!?]$/.test(c) ? c : `${c}.`)).join(' ')}`;
  if (b.totalSeconds <= LOGON_WARN_S) return `${head}; within the typical ${LOGON_WARN_S} s.`;
  const why: string[] = [];
  if ((slow.phase === 'profile-load' || slow.phase === 'gpo' || slow.phase === 'logon-scripts') && ds && ds.latencyMs > DATASTORE_ALARM_MS / 2)
    why.push(`datastore ${ds.name} latency is ${ds.latencyMs.toFixed(0)} ms`);
  if (host && host.readyPct >= READY_WARN_PCT) why.push(`CPU ready on ${host.name} is ${host.readyPct.toFixed(1)} %`);
  if (slow.phase === 'vm-start') why.push('the desktop was powered off and had to boot');
  return why.length ? `${head} while ${why.join(' and ')}.` : `${head}.`;
}

/** "CORP\\ada.lovelace" → "ada.lovelace" for compact cells. */
export function shortLogin(login: string): string {
  const i = login.lastIndexOf('\\');
  return i >= 0 ? login.slice(i + 1) : login;
}
