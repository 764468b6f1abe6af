// The capacity test definition as the wizard edits it: the contract's parsed
// definition (every default filled in), plus the few names the wizard needs.

import type { CapacityDefinition, Protocol, Workload } from './contract-types.ts';

export type { CapacityDefinition } from './contract-types.ts';
export { THRESHOLD_RULES, type ThresholdRule } from './contract-types.ts';

export const WORKLOAD_NAMES = ['task', 'knowledge', 'power'] as const satisfies readonly Workload[];
export type WorkloadName = Workload;
/** One workload, or a mix as shares (`{knowledge: 0.7, task: 0.3}`). */
export type WorkloadSpec = CapacityDefinition['workload'];

export const CAPACITY_PROTOCOLS = ['blast', 'pcoip', 'hdx', 'rdp'] as const satisfies readonly Protocol[];
export type CapacityProtocol = Protocol;

export type SessionHost = CapacityDefinition['sessionHost'];
export type SingleSessionHost = Extract<SessionHost, { kind: 'single-session' }>;
export type MultiSessionHost = Extract<SessionHost, { kind: 'multi-session' }>;
