import { MACHINE_STATES, type MachineState, type Pool, type PowerState, type Protocol } from '../../contract/entities.ts';
import type { ClientDevice, MessageSeverity, SessionState } from '../../contract/session-entities.ts';

// The lab's enumerations in Horizon's spelling (2512). Our twelve machine states are all Horizon
// states; the other nineteen never occur. Everything else maps one way or is omitted.

/** MachineInfo.state: identity except WAIT_FOR_AGENT, which the machine enum spells WAITING_FOR_AGENT. */
export function machineState(s: MachineState): string {
  return s === 'WAIT_FOR_AGENT' ? 'WAITING_FOR_AGENT' : s;
}

/** RDSServerInfo.state: identity (that enum spells WAIT_FOR_AGENT); a draining pool's usable hosts show AGENT_DRAIN_MODE. */
export function rdsServerState(s: MachineState, drain: boolean): string {
  if (drain && (s === 'AVAILABLE' || s === 'CONNECTED' || s === 'DISCONNECTED')) return 'AGENT_DRAIN_MODE';
  return s;
}

/** Horizon machine state (either spelling) → ours, for filters. */
export function machineStateBack(s: string): MachineState | null {
  const v = s.toUpperCase();
  const ours = v === 'WAITING_FOR_AGENT' ? 'WAIT_FOR_AGENT' : v;
  return MACHINE_STATES.find((x) => x === ours) ?? null;
}

export function sessionState(s: SessionState): 'CONNECTED' | 'DISCONNECTED' | 'PENDING' {
  if (s === 'connecting' || s === 'reconnecting') return 'PENDING';
  if (s === 'disconnected') return 'DISCONNECTED';
  return 'CONNECTED';
}

export function powerState(p: PowerState): string {
  return p === 'poweredOn' ? 'POWERED_ON' : p === 'poweredOff' ? 'POWERED_OFF' : 'SUSPENDED';
}

/** Session protocol; HDX is not a Horizon protocol (session: UNKNOWN). */
export function sessionProtocol(p: Protocol): string {
  return p === 'hdx' ? 'UNKNOWN' : p.toUpperCase();
}

/** A pool's default protocol; HDX is omitted (not a Horizon protocol). */
export function displayProtocol(p: Protocol): string | undefined {
  return p === 'hdx' ? undefined : p.toUpperCase();
}

export function protocolBack(p: string): Protocol | null {
  const v = p.toUpperCase();
  return v === 'BLAST' ? 'blast' : v === 'PCOIP' ? 'pcoip' : v === 'RDP' ? 'rdp' : null;
}

/** Desktop pool type and source. */
export function poolTypeSource(p: Pick<Pool, 'kind' | 'sessionType'>): { type: string; source: string } {
  if (p.sessionType === 'multi-session') return { type: 'RDS', source: 'RDS' };
  switch (p.kind) {
    case 'instant-clone':
      return { type: 'AUTOMATED', source: 'INSTANT_CLONE' };
    case 'linked-clone':
      return { type: 'AUTOMATED', source: 'LINKED_CLONE' };
    case 'full-clone':
      return { type: 'AUTOMATED', source: 'VIRTUAL_CENTER' };
    default:
      return { type: 'MANUAL', source: 'VIRTUAL_CENTER' };
  }
}

/** Farm type and source (a multi-session pool); a manual farm has no source. */
export function farmTypeSource(p: Pick<Pool, 'kind'>): { type: string; source?: string } {
  if (p.kind === 'manual') return { type: 'MANUAL' };
  return { type: 'AUTOMATED', source: p.kind === 'linked-clone' ? 'LINKED_CLONE' : 'INSTANT_CLONE' };
}

export function userAssignment(p: Pick<Pool, 'assignment'>): string {
  return p.assignment === 'dedicated' ? 'DEDICATED' : 'FLOATING';
}

export const POWER_POLICY: Record<Pool['powerPolicy'], string> = {
  'take-no-action': 'TAKE_NO_POWER_ACTION',
  'always-on': 'ALWAYS_POWERED_ON',
  suspend: 'SUSPEND',
  'power-off': 'POWER_OFF',
};

export const DISCONNECT_POLICY: Record<Pool['logoffAfterDisconnect'], string> = { immediately: 'IMMEDIATELY', never: 'NEVER', after: 'AFTER' };
export const ON_LOGOFF: Record<Pool['onLogoff'], string> = { never: 'NEVER', refresh: 'REFRESH', delete: 'DELETE' };
export const PROVISIONING_TIME: Record<Pool['provisioning'], string> = { 'up-front': 'UP_FRONT', 'on-demand': 'ON_DEMAND' };

export function backOf<T extends string>(map: Record<T, string>, value: unknown): T | null {
  if (typeof value !== 'string') return null;
  const v = value.toUpperCase();
  return (Object.keys(map) as T[]).find((k) => map[k] === v) ?? null;
}

/** Client type of a session: thin clients (IGEL OS) are Linux; zero and mobile clients are OTHER (iOS or Android is not modelled). */
export const CLIENT_TYPE: Record<ClientDevice, string> = {
  windows: 'WINDOWS',
  macos: 'MAC',
  html5: 'HTMLACCESS',
  'thin-client': 'LINUX',
  'zero-client': 'OTHER',
  mobile: 'OTHER',
};

export const MESSAGE_TYPE: Record<MessageSeverity, string> = { info: 'INFO', warning: 'WARNING', error: 'ERROR' };

/** Naming pattern: ours `KW-{n:4}` ↔ Horizon `KW-{n:fixed=4}`. */
export function namingToHorizon(pattern: string): string {
  return pattern.replace(/\{n:(\d+)\}/g, '{n:fixed=$1}');
}

export function namingFromHorizon(pattern: string): string {
  return pattern.replace(/\{n:fixed=(\d+)\}/gi, '{n:$1}');
}

/** Operating system of a golden image as Horizon's enum; 64-bit only for the versions that exist only in 64 bits. */
export function operatingSystem(os: string | undefined): { operating_system: string; operating_system_architecture?: string } {
  if (!os) return { operating_system: 'UNKNOWN' };
  if (/^Windows 11/i.test(os)) return { operating_system: 'WINDOWS_11', operating_system_architecture: 'BIT_64' };
  if (/^Windows 10/i.test(os)) return { operating_system: 'WINDOWS_10' };
  if (/^Windows Server (2016|2019|2022|2025)/i.test(os)) return { operating_system: 'WINDOWS_SERVER_2016_OR_ABOVE', operating_system_architecture: 'BIT_64' };
  return { operating_system: 'UNKNOWN' };
}

/** `Horizon Agent 2412 (8.14.0)` → `8.14.0`. */
export function agentVersion(v: string): string {
  return /\((\d+(?:\.\d+)+)\)/.exec(v)?.[1] ?? v;
}
