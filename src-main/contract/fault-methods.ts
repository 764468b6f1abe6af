import { z } from 'zod';
import { method } from './define.ts';
import { FAULT_KINDS, type FaultKind, type FaultKindSpec, type FaultTargetType } from './fault-catalogue.ts';

/**
 * Fault injection (issue 17, part 1): one catalogue of typed, scheduled, reversible faults on the
 * simulated estate. A fault acts through the models (core/engine/faults/): it changes a factor the
 * models read (a datastore's service time, a logon phase's length, a host's uplink rate), never
 * an outcome. docs/FAULTS.md is the instructors' catalogue.
 */

export * from './fault-catalogue.ts';

export const FAULT_STATES = ['scheduled', 'active', 'ended', 'cleared'] as const;
export type FaultState = (typeof FAULT_STATES)[number];

/** One fault as the API shows it. Times are simulated ISO instants. */
export interface FaultRow {
  id: number;
  kind: FaultKind;
  label: string;
  severity: FaultKindSpec['severity'];
  target: { type: FaultTargetType; id: string | null; name: string };
  params: Record<string, number>;
  state: FaultState;
  /** When it starts (scheduled) or started. */
  startAt: string;
  /** When it ends by itself (null: until cleared), or when it ended. */
  endAt: string | null;
  /** Simulated seconds it has been active (0 while scheduled). */
  activeSec: number;
  /** Snapshot left to grow: the machines the backup job left its snapshot on (once started). */
  machines?: { id: string; name: string }[];
}

export interface FaultCatalogueEntry extends FaultKindSpec {
  kind: FaultKind;
}

const id = z.string().min(1).max(64);
/** Up to a simulated week ahead. */
const MAX_DELAY_SEC = 7 * 86400;

export const faultMethods = {
  'fault-catalogue': method<{ kinds: FaultCatalogueEntry[] }>()({
    description: 'Training: the fault kinds that can be injected, each with its target type, parameters (unit, bounds, default and source) and what it does.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'fault-list': method<{ now: string; faults: FaultRow[] }>()({
    description: 'Training: injected faults (scheduled, active, ended or cleared) with their target, parameters and times, newest first.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'fault-inject': method<FaultRow>()({
    description:
      'Training: injects a fault of the catalogue on a target (host, datastore or pool id, or a network profile), now or after a delay (simulated seconds), for a duration (simulated seconds) or until cleared. Parameters left out take their defaults; a refusal changes nothing.',
    input: z.strictObject({
      kind: z.enum(FAULT_KINDS as [FaultKind, ...FaultKind[]]),
      targetId: id.optional(),
      params: z.record(z.string().max(64), z.number().finite()).optional(),
      delaySec: z.number().min(0).max(MAX_DELAY_SEC).optional(),
      durationSec: z.number().positive().max(MAX_DELAY_SEC).optional(),
    }),
    mutates: true,
    // An instructor's tool, like failing a host: the Instructor role has it (contract/roles.ts).
    permission: 'simulate',
  }),
  'fault-clear': method<FaultRow>()({
    description: 'Training: clears a fault: an active one ends now (the models return to normal), a scheduled one is cancelled.',
    input: z.strictObject({ id: z.number().int().min(1) }),
    mutates: true,
    permission: 'simulate',
  }),
};
