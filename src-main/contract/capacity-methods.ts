// Capacity evaluation (Login VSI method): this domain's part of the method map and push topics
// (spread into `methods` and `topics` in methods.ts).
import { z } from 'zod';
import { method, topic } from './define.ts';
import { CAPACITY_DEFINITION, CAPACITY_SWEEP_KEYS } from './capacity-entities.ts';
import {
  CAPACITY_EXPORT_FORMATS,
  CONSOLIDATION_ASSUMPTIONS,
  type CapacityComparison,
  type CapacityDefinitionCheck,
  type CapacityDefinitionRecord,
  type CapacityExport,
  type CapacityProgress,
  type CapacityRun,
  type CapacityRunSummary,
  type CapacitySweepStarted,
  type ConsolidationReport,
} from './capacity-results.ts';

const id = z.string().min(1).max(64);
const none = z.strictObject({});
const sweepValue = z.union([z.number(), z.string().max(64), z.boolean()]);

export const capacityMethods = {
  'capacity-definition-list': method<CapacityDefinitionRecord[]>()({
    description: 'Capacity test definitions: the ones saved in this lab and the shipped examples (resources/capacity).',
    input: none,
    mutates: false,
    permission: 'read',
  }),
  'capacity-definition-check': method<CapacityDefinitionCheck>()({
    description: 'Check a capacity test definition without saving it (errors name the field); returns it with its defaults and rule-of-thumb estimates.',
    input: z.strictObject({ definition: CAPACITY_DEFINITION }),
    mutates: false,
    permission: 'read',
  }),
  'capacity-definition-save': method<CapacityDefinitionRecord>()({
    description: 'Save a capacity test definition (new, or replace the saved one with this id).',
    input: z.strictObject({ id: id.optional(), definition: CAPACITY_DEFINITION }),
    mutates: true,
    permission: 'configure',
  }),
  'capacity-definition-delete': method<{ id: string }>()({
    description: 'Delete a saved capacity test definition (examples cannot be deleted).',
    input: z.strictObject({ id }),
    mutates: true,
    permission: 'configure',
  }),
  'capacity-run-start': method<CapacityRunSummary>()({
    description:
      'Start a capacity test (Login VSI method) in a worker thread of this host; returns the run at once (poll capacity-run-get or listen to capacity-progress). `vdi-console call` waits for the run and prints its result.',
    input: z.strictObject({ definition: CAPACITY_DEFINITION }),
    mutates: true,
    permission: 'configure',
  }),
  'capacity-run-get': method<CapacityRun>()({
    description: 'One capacity run: state, progress and, once completed, the result with its curves (waitMs: wait up to that long for it to finish).',
    input: z.strictObject({ id, waitMs: z.number().int().min(0).max(600_000).optional() }),
    mutates: false,
    permission: 'read',
  }),
  'capacity-run-list': method<CapacityRunSummary[]>()({
    description: 'Capacity runs, newest first, without their curves (optionally of one sweep).',
    input: z.strictObject({ sweepId: id.optional(), limit: z.number().int().min(1).max(1000).optional() }),
    mutates: false,
    permission: 'read',
  }),
  'capacity-run-cancel': method<CapacityRunSummary>()({
    description: 'Cancel a queued or running capacity run (its worker is stopped).',
    input: z.strictObject({ id }),
    mutates: true,
    permission: 'configure',
  }),
  'capacity-export': method<CapacityExport>()({
    description: 'Export a completed run: json (everything), csv (the curves) or html (a printable report with the charts).',
    input: z.strictObject({ runId: id, format: z.enum(CAPACITY_EXPORT_FORMATS) }),
    mutates: false,
    permission: 'read',
  }),
  'capacity-compare': method<CapacityComparison>()({
    description:
      'Compare 2–8 completed runs side by side: what differs in their definitions, their headline figures, and a printable HTML page with the curves overlaid.',
    input: z.strictObject({ runIds: z.array(id).min(2).max(8) }),
    mutates: false,
    permission: 'read',
  }),
  'capacity-consolidation': method<ConsolidationReport>()({
    description: 'Consolidation report for a completed run: servers, utilization, power, rack space and cost before and after, with editable assumptions.',
    input: z.strictObject({ runId: id, assumptions: CONSOLIDATION_ASSUMPTIONS.optional() }),
    mutates: false,
    permission: 'read',
  }),
  'capacity-sweep-start': method<CapacitySweepStarted>()({
    description: `Start one run per combination of the sweep values (e.g. {"hosts.coresPerSocket":[8,18,24]}), in parallel across the CPU cores. Keys: ${CAPACITY_SWEEP_KEYS.join(', ')}.`,
    input: z.strictObject({
      definition: CAPACITY_DEFINITION,
      // Keys are checked against CAPACITY_SWEEP_KEYS by the handler, so an unknown one is named in the error.
      sweep: z.record(z.string().min(1).max(64), z.array(sweepValue).min(1).max(32)),
    }),
    mutates: true,
    permission: 'configure',
  }),
  'capacity-run-delete': method<{ id: string }>()({
    description: 'Delete a capacity run and its result (a run still queued or running is cancelled first).',
    input: z.strictObject({ id }),
    mutates: true,
    permission: 'configure',
  }),
};

export const capacityTopics = {
  'capacity-progress': topic<CapacityProgress>('A capacity run progressed or changed state (a few times a second at most per run).'),
};
