import type { Handlers } from '../context.ts';
import { clusterHostHandlers } from './cluster-hosts.ts';
import { clusterOpsHandlers } from './cluster-ops.ts';
import { clusterRuleHandlers } from './cluster-rules.ts';
import type { clusterMethods } from '../../contract/cluster-methods.ts';

/** Every cluster-operations handler (migration, maintenance, DRS and rules, HA, host lifecycle). */
export const clusterHandlers: Pick<Handlers, keyof typeof clusterMethods> = {
  ...clusterOpsHandlers,
  ...clusterHostHandlers,
  ...clusterRuleHandlers,
};
