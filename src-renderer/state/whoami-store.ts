import { create } from 'zustand';
import { METHOD_ACCESS, type MethodName, type Permission, type Whoami } from '../../src-main/contract/index.ts';
import { getClient } from '../client/api.ts';

/**
 * Who this console is signed in as (`session-whoami`), read at every (re)connect. The UI hides what
 * the role cannot do; the host is what refuses (a hidden button is a courtesy, not the guard).
 * Until the answer arrives nothing is hidden: a refusal from the host still says `forbidden`.
 */
interface WhoamiState {
  me: Whoami | null;
  load(): Promise<void>;
}

export const useWhoami = create<WhoamiState>((set) => ({
  me: null,
  async load() {
    try {
      set({ me: await getClient().call('session-whoami', {}) });
    } catch {
      // Not answered (disconnected): keep what we knew.
    }
  },
}));

export function allows(me: Whoami | null, permission: Permission): boolean {
  return me === null || me.permissions.includes(permission);
}

/** Whether the signed-in account may call a method: its role's permission, and, scoped to a tenant, the tenant's list. */
export function allowsMethod(me: Whoami | null, method: MethodName): boolean {
  return allows(me, METHOD_ACCESS[method].permission) && (!me?.tenant || me.tenant.methods.includes(method));
}

/**
 * The moment a replay's read-only view shows (null: the live lab). Set by the replay banner, which
 * follows `replay-view-get`; while it is set, the host refuses every change of the lab.
 */
export const useReplayViewing = create<{ at: string | null }>(() => ({ at: null }));

/** What a read-only view refuses (the dispatcher's rule): changes that need configure, simulate or help desk, except the replay's own. */
function refusedWhileViewing(method: MethodName): boolean {
  const def = METHOD_ACCESS[method];
  return def.mutates && !method.startsWith('replay-') && (def.permission === 'configure' || def.permission === 'simulate' || def.permission === 'helpdesk');
}

/** True when the caller's role may call `method` (the permission the contract declares for it) and no read-only view refuses it. */
export function useCan(method: MethodName): boolean {
  const me = useWhoami((s) => s.me);
  const viewing = useReplayViewing((s) => s.at !== null);
  return allowsMethod(me, method) && !(viewing && refusedWhileViewing(method));
}
