// The capacity methods and push topic, as this feature uses them.

import type { Input, Result } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import type { CapacityProgress } from './model/contract-types.ts';

type CapacityMethodName = Extract<Parameters<ReturnType<typeof getClient>['call']>[0], `capacity-${string}`>;

export function capCall<K extends CapacityMethodName>(name: K, input: Input<K>): Promise<Result<K>> {
  return getClient().call(name, input);
}

export function onCapacityProgress(listener: (p: CapacityProgress) => void): () => void {
  return getClient().subscribe('capacity-progress', listener);
}
