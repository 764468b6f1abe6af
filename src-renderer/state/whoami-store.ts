import { create } from 'zustand';
import { methods, type MethodName, type Permission, type Whoami } from '../../src-main/contract/index.ts';
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

/** True when the caller's role may call `method` (the permission the contract declares for it). */
export function useCan(method: MethodName): boolean {
  const me = useWhoami((s) => s.me);
  return allows(me, methods[method].permission);
}
