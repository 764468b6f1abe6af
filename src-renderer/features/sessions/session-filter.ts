import type { Protocol, SessionRow, SessionState } from '../../../src-main/contract/index.ts';
import { LOGON_SLOW_S } from './session-format.ts';

export interface SessionFilter {
  state: SessionState | '';
  pool: string;
  protocol: Protocol | '';
  /** Logons over LOGON_SLOW_S (the Monday-morning question). */
  slowOnly: boolean;
  /** Rows the engine flags (slow logon, poor RTT, loss, low frame rate). */
  problemsOnly: boolean;
  search: string;
}

export const NO_SESSION_FILTER: SessionFilter = { state: '', pool: '', protocol: '', slowOnly: false, problemsOnly: false, search: '' };

export function isSessionFiltered(f: SessionFilter): boolean {
  return Boolean(f.state || f.pool || f.protocol || f.slowOnly || f.problemsOnly || f.search.trim());
}

/**
 * Client-side over the loaded rows (5,000 rows in a couple of ms). The state is
 * the live one when the caller knows it, so a filter on "disconnected" follows
 * the sessions as they change.
 */
export function filterSessions(rows: readonly SessionRow[], f: SessionFilter, liveState?: (id: string) => SessionState | undefined): readonly SessionRow[] {
  if (!isSessionFiltered(f)) return rows;
  const q = f.search.trim().toLowerCase();
  return rows.filter((r) => {
    if (f.state && (liveState?.(r.id) ?? r.state) !== f.state) return false;
    if (f.pool && r.poolName !== f.pool) return false;
    if (f.protocol && r.protocol !== f.protocol) return false;
    if (f.slowOnly && !(r.logonSeconds !== null && r.logonSeconds > LOGON_SLOW_S)) return false;
    if (f.problemsOnly && !r.problem) return false;
    if (!q) return true;
    return (
      r.userName.toLowerCase().includes(q) ||
      r.userDisplayName.toLowerCase().includes(q) ||
      r.desktopName.toLowerCase().includes(q) ||
      (r.hostName?.toLowerCase().includes(q) ?? false) ||
      r.poolName.toLowerCase().includes(q)
    );
  });
}
