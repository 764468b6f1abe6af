// Shapes of the methods that the HTTP transports need (rest-methods.ts): lean, joined rows for paging
// thousands of machines and sessions, and the administration of the HTTP API itself (injected
// faults, request log, credentials). Plain JSON, like every entity of the contract.
import type { Assignment, MachineState, PoolKind, PowerState, Protocol, SessionType } from './entities.ts';
import type { ClientDevice, SessionState } from './session-entities.ts';

/** One desktop with the names a listing needs (pool, host, datastore, assigned user) and its first live session. */
export interface DesktopDetailRow {
  id: string;
  name: string;
  poolId: string;
  poolName: string;
  poolKind: PoolKind;
  poolAssignment: Assignment;
  sessionType: SessionType;
  hostId: string;
  hostName: string;
  datastoreId: string;
  datastoreName: string;
  state: MachineState;
  powerState: PowerState;
  assignedUserId: string | null;
  assignedUserLogin: string | null;
  imageVersionId: string | null;
  vcpu: number;
  ramGb: number;
  diskGb: number;
  ip: string;
  agentVersion: string;
  problem: string | null;
  stateSince: string;
  /** Sessions not logged off on this desktop. */
  sessionCount: number;
  /** The first (oldest) of them, else null. */
  sessionId: string | null;
  sessionUserId: string | null;
  sessionUserLogin: string | null;
  sessionProtocol: Protocol | null;
  sessionState: SessionState | null;
}

export const DESKTOP_ORDER = ['name', 'state', 'powerState', 'poolName', 'hostName'] as const;
export type DesktopOrder = (typeof DESKTOP_ORDER)[number];

/** One running session without its live figures: what a listing of thousands needs, cheap to build. */
export interface SessionLeanRow {
  id: string;
  userId: string;
  userLogin: string;
  desktopId: string;
  desktopName: string;
  /** The Horizon Agent of the desktop the session runs on. */
  agentVersion: string;
  poolId: string;
  poolName: string;
  sessionType: SessionType;
  state: SessionState;
  protocol: Protocol;
  clientDevice: ClientDevice;
  startedAt: string;
  /** When the session entered its current state (simulated ISO time). */
  stateSince: string;
}

/** Session counts by pool, protocol, client device and session type, plus distinct users. */
export interface SessionBreakdown {
  simTime: string;
  total: number;
  users: number;
  byState: Record<SessionState, number>;
  byPool: Record<string, Partial<Record<SessionState, number>>>;
  byProtocol: Partial<Record<Protocol, number>>;
  byClientDevice: Partial<Record<ClientDevice, number>>;
  bySessionType: Record<SessionType, Partial<Record<SessionState, number>>>;
}

/** Space a pool's machines use on one datastore. */
export interface DatastoreUsage {
  datastoreId: string;
  poolId: string;
  machines: number;
  usedGb: number;
}

/** Machines of a pool that have an assigned user (dedicated pools' occupancy). */
export interface PoolAssignedCount {
  poolId: string;
  assigned: number;
}

export interface DesktopActionResult {
  ids: string[];
  message: string;
}

// ---- the HTTP API's own administration (not lab data) ----

/**
 * A rule that makes the HTTP API fail or slow down on purpose, so script authors can test their
 * retries (as govmomi's vcsim does). The first enabled rule that matches a request applies.
 */
export interface FaultRule {
  id: string;
  match: FaultMatch;
  /** HTTP status to answer (4xx or 5xx); without it the rule only delays. */
  status?: number;
  delayMs: number;
  jitterMs: number;
  /** Chance per matching request, 0–1, drawn from a seeded generator (reproducible). */
  probability: number;
  /** How many more times it may fire; null = no limit. */
  count: number | null;
  message?: string;
  /** For 429: the value of X-Rate-Limit-Retry-After-Seconds. */
  retryAfterSeconds?: number;
  /** before: nothing runs; after: the operation runs and commits, then the client gets the error. */
  when: 'before' | 'after';
  enabled: boolean;
  /** How often it fired so far. */
  fired: number;
}

/** What a rule matches: a Horizon operation, a method and path template, a path prefix, or a contract method of /api/v1. */
export interface FaultMatch {
  operationId?: string;
  method?: string;
  path?: string;
  pathPrefix?: string;
  apiMethod?: string;
}

/** One HTTP request as the request log keeps it (never tokens, passwords or bodies). */
export interface RequestLogEntry {
  id: number;
  wallTime: string;
  /** rest: the Horizon subset under /rest; api: POST /api/v1/{method}. */
  api: 'rest' | 'api';
  method: string;
  /** Path and query, with the filter shown decoded. */
  path: string;
  /** Horizon operationId or contract method, when the route was known. */
  operation: string | null;
  status: number;
  durationMs: number;
  bytes: number;
  caller: string;
  /** Id of the injected fault that fired, if one did. */
  fault: string | null;
  errorKey: string | null;
}

export interface RestCredentials {
  username: string;
  domain: string;
  dnsDomain: string;
  /** Where the administrator's password comes from (never the password itself). */
  passwordSource: 'console-token' | 'environment' | 'not-served';
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  scriptTokens: { id: string; name: string; role: string; createdAt: string }[];
}
