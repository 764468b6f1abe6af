import type { ReactNode } from 'react';
import type { MethodName } from '../../src-main/contract/index.ts';
import { useCan } from '../state/whoami-store.ts';

/** Renders its children only when the signed-in role may call `method` (the host refuses anyway). */
export function Can({ method, children }: { method: MethodName; children: ReactNode }) {
  return useCan(method) ? <>{children}</> : null;
}
