// The admin's actions on sessions, as data: which method, what it costs the user,
// whether it needs a confirmation. The Help Desk page, the sessions table and
// the row menus all go through this one table.
import type { MessageSeverity } from '../../../src-main/contract/index.ts';

export type SessionActionKind = 'disconnect' | 'logoff' | 'restart' | 'reset';

export interface SessionTarget {
  id: string;
  userName: string;
  userDisplayName: string;
  desktopName: string;
  /** Its pool: a session in a multi-session (RDS) pool has no Reset VM / Restart desktop (`rdsRefusal`). */
  poolId?: string;
}

export interface ActionSpec {
  method: 'session-disconnect' | 'session-logoff' | 'session-restart-desktop' | 'session-reset-desktop';
  label: string;
  /** Past tense for the result notice. */
  done: string;
  /** What the user loses, for the confirmation (null = nothing is lost). */
  loses: string | null;
  /** What happens, for the confirmation of an action that loses nothing. */
  effect?: string;
  danger: boolean;
}

/**
 * action       loses user work   confirmation (counts: sessions, users, desktops; names)
 * disconnect   no (session kept) yes: the users lose their screen until they reconnect
 * log off      unsaved work      names the users
 * restart      unsaved work      names the users (graceful: logoff, then guest restart)
 * reset        unsaved work      names the users (hard power cycle, no logoff)
 */
export const SESSION_ACTIONS: Record<SessionActionKind, ActionSpec> = {
  disconnect: {
    method: 'session-disconnect',
    label: 'Disconnect',
    done: 'Disconnected',
    loses: null,
    effect:
      'Their client closes; the sessions and open applications stay on the desktops and they can reconnect (until the pool logs them off after disconnect).',
    danger: false,
  },
  logoff: {
    method: 'session-logoff',
    label: 'Log off',
    done: 'Logged off',
    loses: 'Unsaved work in their open applications is lost; their desktop is refreshed or deleted as the pool says.',
    danger: true,
  },
  restart: {
    method: 'session-restart-desktop',
    label: 'Restart desktop',
    done: 'Restarted the desktops of',
    loses: 'They are logged off (unsaved work is lost) and the guest OS restarts; the desktop is busy for its boot time.',
    danger: true,
  },
  reset: {
    method: 'session-reset-desktop',
    label: 'Reset VM',
    done: 'Reset the VMs of',
    loses: 'A hard power cycle: the sessions end without a logoff, unsaved work is lost, and the VMs boot again.',
    danger: true,
  },
};

/** Actions on the session's machine: Horizon offers them for VDI desktop sessions, not for a session on an RDS host. */
export const MACHINE_ACTIONS: ReadonlySet<SessionActionKind> = new Set(['restart', 'reset']);

/** Why `kind` cannot be done on these sessions (some are on RDS hosts), or null. */
export function rdsRefusal(kind: SessionActionKind | 'message', targets: readonly SessionTarget[], rdsPools: ReadonlySet<string>): string | null {
  if (kind === 'message' || !MACHINE_ACTIONS.has(kind)) return null;
  const on = targets.filter((t) => t.poolId !== undefined && rdsPools.has(t.poolId)).length;
  if (on === 0) return null;
  const which = targets.length === 1 ? 'This session is' : on === targets.length ? 'These sessions are' : `${on} of these sessions are`;
  return `${which} on an RDS host that other users share: only a single-session desktop's machine is restarted or reset from a session. Log the session off, or restart the host from its machines (every session on it ends).`;
}

/** "Ada Lovelace", "Ada Lovelace and Alan Turing", "A, B, C and 7 more". */
export function namesOf(targets: readonly SessionTarget[], max = 3): string {
  const names = targets.map((t) => t.userDisplayName);
  if (names.length <= max) return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

export const SEVERITY_NAMES: Record<MessageSeverity, string> = { info: 'Information', warning: 'Warning', error: 'Error' };

/** Limits of the message form (the contract allows 120 / 2,000 characters). */
export const TITLE_MAX = 120;
export const BODY_MAX = 2000;
