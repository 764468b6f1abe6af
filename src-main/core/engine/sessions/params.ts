import type { ConnectFailureReason } from '../../../contract/session-entities.ts';

/** The broker's figures (docs/SESSIONS.md). */
export const BROKER_PARAMS = {
  /** Refresh of a non-persistent desktop after logoff. */
  refreshSec: 20,
  /** I/O and CPU of a boot or refresh (a boot storm is 2–3× steady per desktop, all at once). */
  refreshIops: 25,
  refreshMhz: 900,
  /** Share of power-ons that fail (the VM stays off in ERROR until an admin acts). */
  powerOnFailShare: 0.001,
  /** Share of powered-on desktops whose agent does not answer in time; it recovers after `agentRecoverSec`. */
  agentUnreachableShare: 0.002,
  agentRecoverSec: 600,
  /** A simulated user whose connection failed tries again after this long, at most `maxRetries` times a day. */
  retryAfterSec: 120,
  maxRetries: 2,
  /** A connection that cannot get through waits this long before it times out. */
  protocolTimeoutSec: 30,
  /** Failed connections the event log tells per simulated minute at most (a storm with no desktops would flood it); all are counted and listed. */
  failureNotesPerMinute: 50,
};

/** A change of a session, for the store and the UI (the broker's journal of sessions). */
export interface SessionChange {
  user: number;
  desktop: number;
  kind: 'start' | 'phase' | 'active' | 'disconnect' | 'reconnecting' | 'logoff' | 'failed';
  at: number;
  /** Total logon (s), on the 'active' change that ends a logon. */
  logonSec?: number;
  /** Why (failed, logoff, disconnect), in words. */
  reason?: string;
  failure?: ConnectFailureReason;
  pool?: number;
  /** A failed connection: the client device and network it came from (indices of CLIENT_DEVICES, NETWORK_PROFILES), as they were then. */
  client?: number;
  net?: number;
  /** A failed connection that the event log tells: its place among the engine's notes (at most `failureNotesPerMinute` a simulated minute). */
  noteSeq?: number;
}
