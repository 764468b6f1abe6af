// Sessions, the connection broker, Help Desk and thin-client connections as they cross the API edge.
// Vocabulary: Horizon Help Desk / Citrix Director (DOMAIN.md "Sessions"). Plain JSON only.
import type { LabEvent, MachineState, PowerState, Protocol, Session, Workload } from './entities.ts';

export const SESSION_STATES = ['connecting', 'active', 'idle', 'disconnected', 'reconnecting', 'logged-off'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** The endpoint the user connects from. */
export const CLIENT_DEVICES = ['zero-client', 'thin-client', 'windows', 'macos', 'html5', 'mobile'] as const;
export type ClientDevice = (typeof CLIENT_DEVICES)[number];
export const CLIENT_DEVICE_NAMES: Record<ClientDevice, string> = {
  'zero-client': 'Zero client (Teradici)',
  'thin-client': 'Thin client (IGEL OS 12)',
  windows: 'Windows client',
  macos: 'macOS client',
  html5: 'HTML5 browser',
  mobile: 'Mobile client',
};

/** The network between the client and the data centre. `custom` takes its figures from the request. */
export const NETWORK_PROFILES = ['lan', 'branch-wan', 'home-broadband', '4g', 'hotel-wifi', 'custom'] as const;
export type NetworkProfile = (typeof NETWORK_PROFILES)[number];

/** Network figures of a connection: base round trip, packet loss and the bandwidth available to the session. */
export interface NetworkConditions {
  rttMs: number;
  lossPct: number;
  bandwidthKbps: number;
}

/** Logon phases in order (Citrix Director / Horizon Help Desk). `vm-start` only when the desktop was off or suspended. */
export const LOGON_PHASES = ['brokering', 'vm-start', 'protocol', 'authentication', 'gpo', 'logon-scripts', 'profile-load', 'interactive'] as const;
export type LogonPhase = (typeof LOGON_PHASES)[number];
export const LOGON_PHASE_NAMES: Record<LogonPhase, string> = {
  brokering: 'Brokering',
  'vm-start': 'VM start',
  protocol: 'Protocol connection',
  authentication: 'Authentication',
  gpo: 'Group Policy (GPO)',
  'logon-scripts': 'Logon scripts',
  'profile-load': 'Profile load',
  interactive: 'Interactive session (shell)',
};

export const MESSAGE_SEVERITIES = ['info', 'warning', 'error'] as const;
export type MessageSeverity = (typeof MESSAGE_SEVERITIES)[number];

/** Why a connection failed (counted, written as events, shown in Help Desk). */
export const CONNECT_FAILURE_REASONS = [
  'not-entitled',
  'pool-disabled',
  'no-desktop',
  'power-on-failed',
  'agent-unreachable',
  'protocol-timeout',
  // Injected faults (training, contract/fault-methods.ts).
  'broker-unavailable',
  'license-exhausted',
] as const;
export type ConnectFailureReason = (typeof CONNECT_FAILURE_REASONS)[number];

/** Encoder per protocol as Help Desk names it (Blast: H.264 or BlastCodec; HDX: H.264 / Thinwire; RDP: RemoteFX / AVC). */
export type Encoder = 'H.264' | 'BlastCodec' | 'PCoIP' | 'Thinwire' | 'H.264/Thinwire' | 'RemoteFX' | 'AVC 444';

/** One row of the sessions table: compact, 5,000+ of them cross the wire. Live figures are null while not connected. */
export interface SessionRow extends Session {
  state: SessionState;
  clientDevice: ClientDevice;
  userDisplayName: string;
  poolName: string;
  hostId: string | null;
  hostName: string | null;
  network: NetworkProfile;
  /** When the session entered its current state (simulated ISO time). */
  stateSince: string;
  /** Total logon duration of the first connection (s); null while connecting or when not measured (sessions older than the lab). */
  logonSeconds: number | null;
  /** The logon phase in progress while connecting, else null. */
  phase: LogonPhase | null;
  rttMs: number | null;
  fps: number | null;
  bandwidthKbps: number | null;
  lossPct: number | null;
  /** Why this session is a problem, in words (slow logon, poor round trip, packet loss, low frame rate), else null. */
  problem: string | null;
}

/** Columnar live figures of many sessions at once (for a table that refreshes every second). */
export interface SessionLive {
  simTime: string;
  ids: string[];
  state: SessionState[];
  phase: (LogonPhase | null)[];
  rttMs: (number | null)[];
  fps: (number | null)[];
  bandwidthKbps: (number | null)[];
  lossPct: (number | null)[];
}

export interface LogonPhaseTiming {
  phase: LogonPhase;
  seconds: number;
  /** Still running (connecting), with `seconds` elapsed so far. */
  running?: boolean;
}

export interface LogonBreakdown {
  startedAt: string;
  finishedAt: string | null;
  totalSeconds: number | null;
  phases: LogonPhaseTiming[];
  /** DOMAIN.md: ≤ 10 s tuned, ≈ 30 s typical, > 60 s poor. */
  rating: 'fast' | 'typical' | 'slow' | 'poor' | null;
  /** What made it slow, in words (storage latency, CPU ready, large roaming profile, VM start…). */
  causes: string[];
}

/** The session's experience now, from the protocol model. */
export interface SessionMetricsNow {
  rttMs: number;
  fps: number;
  /** 0–1: how close the delivered image is to lossless. */
  quality: number;
  inputLagMs: number;
  bandwidthKbps: number;
  lossPct: number;
  encoder: Encoder;
  /** CPU % of the desktop VM (of its vCPUs) and memory % of its configured RAM. */
  desktopCpuPct: number;
  desktopMemPct: number;
  desktopReadyPct: number;
  /** Response time of the typical action set (ms), as the engine's experience figure. */
  uxMs: number;
}

/** One point of the session's time series (every simulated minute, last hour, kept in memory). */
export interface SessionSample {
  ts: number; // simulated seconds since the epoch
  rttMs: number;
  fps: number;
  bandwidthKbps: number;
  lossPct: number;
  cpuPct: number;
  memPct: number;
}

export interface SessionMessage {
  id: string;
  sessionId: string;
  at: string; // simulated ISO time
  severity: MessageSeverity;
  title: string;
  body: string;
  from: string;
}

export interface SessionHostHealth {
  id: string;
  name: string;
  connectionState: string;
  cpuPct: number;
  readyPct: number;
  memState: 'high' | 'clear' | 'soft' | 'hard' | 'low';
  balloonMb: number;
  swapMb: number;
  sessions: number;
}

export interface SessionDatastoreHealth {
  id: string;
  name: string;
  latencyMs: number;
  serviceTimeMs: number;
  iops: number;
  iopsCapacity: number;
}

/** Apps of the simulated desktop, by workload: task (Outlook, browser), knowledge (+ Word, Excel, Teams, PDF), power (+ video, CAD). */
export const SCREEN_APPS = ['outlook', 'browser', 'word', 'excel', 'edge', 'teams', 'pdf', 'video', 'cad'] as const;
export type ScreenApp = (typeof SCREEN_APPS)[number];
export const USER_ACTIVITIES = ['typing', 'reading', 'idle', 'video'] as const;
export type UserActivity = (typeof USER_ACTIVITIES)[number];

/** What the user's thin client shows, for a canvas: apps, the window in front, what the user does, and how it feels. */
export interface ScreenModel {
  sessionId: string;
  simTime: string;
  state: SessionState;
  /** The user's id (Connect as user reconnects them from a session opened by its URL) and login. */
  userId: string;
  user: string;
  userDisplayName: string;
  desktopName: string;
  poolName: string;
  workload: Workload;
  protocol: Protocol;
  clientDevice: ClientDevice;
  network: NetworkProfile;
  /** While connecting: the phase in progress and the phases so far (with timings). */
  phase: LogonPhase | null;
  phases: LogonPhaseTiming[];
  apps: { id: ScreenApp; title: string }[];
  foreground: ScreenApp | null;
  activity: UserActivity;
  /** Position in the user's work loop (0–1) and the seconds in the current activity: drive cursor and typing deterministically. */
  loopPos: number;
  activitySeconds: number;
  fps: number;
  quality: number;
  inputLagMs: number;
  rttMs: number;
  bandwidthKbps: number;
  lossPct: number;
  encoder: Encoder;
  /** Frozen: the picture stops (a live migration's stun, a hung VM); with why. */
  frozen: boolean;
  frozenReason: string | null;
  /** Messages the admin sent, newest last, as the user sees them. */
  messages: SessionMessage[];
  /** Why the session ended or is disconnected, in the user's words ("Your administrator logged you off"). */
  endReason: string | null;
}

export interface SessionDetail {
  session: SessionRow;
  workload: Workload;
  desktop: { id: string; name: string; state: MachineState; powerState: PowerState; vcpu: number; ramGb: number; agentVersion: string };
  networkConditions: NetworkConditions;
  startedAt: string;
  endedAt: string | null;
  reconnects: number;
  logon: LogonBreakdown | null;
  now: SessionMetricsNow | null;
  /** Last hour, one minute apart (gaps while disconnected). */
  series: SessionSample[];
  host: SessionHostHealth | null;
  datastore: SessionDatastoreHealth | null;
  /** Recent events of this user and desktop, newest first. */
  events: LabEvent[];
  messages: SessionMessage[];
  screen: ScreenModel;
}

export interface ConnectFailure {
  at: string;
  userId: string;
  poolId: string | null;
  reason: ConnectFailureReason;
  message: string;
  clientDevice: ClientDevice | null;
  network: NetworkProfile | null;
}

/** Help Desk for one user: who they are, where they may connect, and how their connections went. */
export interface HelpDeskUser {
  user: { id: string; login: string; displayName: string; department: string; email: string; workload: Workload };
  pools: {
    id: string;
    name: string;
    displayName: string;
    enabled: boolean;
    assignment: 'floating' | 'dedicated';
    sessionType: 'single-session' | 'multi-session';
  }[];
  assignedDesktops: { id: string; name: string; poolId: string; state: MachineState }[];
  current: SessionRow[];
  /** Ended sessions, newest first. */
  recent: {
    id: string;
    poolId: string;
    desktopName: string;
    startedAt: string;
    endedAt: string | null;
    logonSeconds: number | null;
    endReason: string | null;
  }[];
  failures: ConnectFailure[];
}

export interface SessionConnectResult {
  sessionId: string;
  /** True when the user went back to an existing (disconnected or running) session: no logon phases. */
  reconnected: boolean;
  desktopId: string;
  desktopName: string;
  poolId: string;
  state: SessionState;
}

export interface SessionActionResult {
  /** The sessions acted on. */
  ids: string[];
  message: string;
}

export interface SessionSummary {
  simTime: string;
  total: number;
  byState: Record<SessionState, number>;
  logon: { count: number; avgSeconds: number | null; p95Seconds: number | null; maxSeconds: number | null; over60: number };
  failures: { lastHour: number; byReason: Partial<Record<ConnectFailureReason, number>> };
  problems: number;
}
