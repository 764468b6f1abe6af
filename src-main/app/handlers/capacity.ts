import type { CapacityDefinition } from '../../contract/capacity-entities.ts';
import type { CapacityRun } from '../../contract/capacity-results.ts';
import { LabError } from '../../contract/errors.ts';
import { checkDefinition, definitionCheck } from '../../core/capacity/validate.ts';
import { expandSweep } from '../../core/capacity/sweep.ts';
import { consolidationReport } from '../../core/capacity/consolidation.ts';
import { exportRun } from '../../core/capacity/export.ts';
import { compareRuns } from '../../core/capacity/compare.ts';
import {
  deleteCapacityDefinition,
  deleteCapacityRun,
  getCapacityDefinition,
  getCapacityRun,
  getCapacityRunSummary,
  insertCapacityRun,
  listCapacityDefinitions,
  listCapacityRuns,
  nextSweepId,
  saveCapacityDefinition,
} from '../../store/capacity.ts';
import { capacityExamples } from '../capacity/examples.ts';
import type { CapacityService } from '../capacity/service.ts';
import type { AppContext, Handlers } from '../context.ts';

type CapacityMethod =
  | 'capacity-definition-list'
  | 'capacity-definition-check'
  | 'capacity-definition-save'
  | 'capacity-definition-delete'
  | 'capacity-run-start'
  | 'capacity-run-get'
  | 'capacity-run-list'
  | 'capacity-run-cancel'
  | 'capacity-run-delete'
  | 'capacity-sweep-start'
  | 'capacity-export'
  | 'capacity-compare'
  | 'capacity-consolidation';

function service(ctx: AppContext): CapacityService {
  const s = ctx.services.capacity?.();
  if (!s) throw new LabError('internal', 'Capacity runs need the host (no worker pool in this context)');
  return s;
}

/** Schema-valid but impossible designs (one session host does not fit a host, say): an error naming the field. */
function mustBeRunnable(def: CapacityDefinition, prefix: (string | number)[]): void {
  const problem = checkDefinition(def);
  if (problem) throw new LabError('invalid-input', `${[...prefix, ...problem.path].join('.')}: ${problem.message}`, [...prefix, ...problem.path]);
}

/** A run as stored, with the live progress of a queued or running one. */
function withLive<T extends { id: string; state: string; progress: number }>(ctx: AppContext, run: T): T {
  const live = ctx.services.capacity?.().progressOf(run.id);
  return live && (run.state === 'queued' || run.state === 'running') ? { ...run, progress: live.progress } : run;
}

function completedRun(ctx: AppContext, id: string): CapacityRun & { result: NonNullable<CapacityRun['result']> } {
  const run = getCapacityRun(ctx.db, id);
  if (!run) throw new LabError('not-found', `No capacity run with id "${id}"`, ['runId']);
  if (!run.result) throw new LabError('conflict', `Capacity run ${id} is ${run.state}: only a completed run has a result`, ['runId']);
  return run as CapacityRun & { result: NonNullable<CapacityRun['result']> };
}

export const capacityHandlers: Pick<Handlers, CapacityMethod> = {
  'capacity-definition-list': (_input, ctx) => [...listCapacityDefinitions(ctx.db), ...capacityExamples()],

  'capacity-definition-check': (input) => {
    mustBeRunnable(input.definition, ['definition']);
    return definitionCheck(input.definition);
  },

  'capacity-definition-save': (input, ctx) => {
    if (input.id !== undefined && !getCapacityDefinition(ctx.db, input.id)) {
      throw new LabError('not-found', `No saved capacity definition with id "${input.id}" (examples are read-only: save without an id)`, ['id']);
    }
    mustBeRunnable(input.definition, ['definition']);
    const rec = saveCapacityDefinition(ctx.db, input.id, input.definition, ctx.wallTime());
    ctx.audit({ objectKind: 'lab', objectId: null, objectName: rec.name, message: `Capacity test definition "${rec.name}" saved (${rec.id})` });
    return rec;
  },

  'capacity-definition-delete': (input, ctx) => {
    const rec = getCapacityDefinition(ctx.db, input.id);
    if (!rec) throw new LabError('not-found', `No saved capacity definition with id "${input.id}"`, ['id']);
    deleteCapacityDefinition(ctx.db, input.id);
    ctx.audit({ objectKind: 'lab', objectId: null, objectName: rec.name, message: `Capacity test definition "${rec.name}" deleted (${rec.id})` });
    return { id: input.id };
  },

  'capacity-run-start': (input, ctx) => {
    mustBeRunnable(input.definition, ['definition']);
    const svc = service(ctx);
    const run = insertCapacityRun(ctx.db, {
      name: input.definition.name,
      sweepId: null,
      sweepLabel: null,
      definition: input.definition,
      createdAt: ctx.wallTime(),
    });
    ctx.audit({
      objectKind: 'lab',
      objectId: null,
      objectName: run.name,
      message: `Capacity test "${run.name}" started (${run.id}, ${input.definition.launch.sessions} sessions)`,
    });
    svc.enqueue(run.id, input.definition);
    return run;
  },

  'capacity-run-get': async (input, ctx) => {
    if (!getCapacityRunSummary(ctx.db, input.id)) throw new LabError('not-found', `No capacity run with id "${input.id}"`, ['id']);
    if (input.waitMs) await service(ctx).waitFor(input.id, input.waitMs);
    const run = getCapacityRun(ctx.db, input.id);
    if (!run) throw new LabError('not-found', `Capacity run ${input.id} was deleted`, ['id']);
    return withLive(ctx, run);
  },

  'capacity-run-list': (input, ctx) => listCapacityRuns(ctx.db, input).map((r) => withLive(ctx, r)),

  'capacity-run-cancel': (input, ctx) => {
    const run = getCapacityRunSummary(ctx.db, input.id);
    if (!run) throw new LabError('not-found', `No capacity run with id "${input.id}"`, ['id']);
    // A run that already finished: nothing to cancel, it is returned as it is.
    if (run.state !== 'queued' && run.state !== 'running') return run;
    service(ctx).cancel(input.id);
    ctx.audit({ objectKind: 'lab', objectId: null, objectName: run.name, message: `Capacity test "${run.name}" cancelled (${run.id})` });
    return getCapacityRunSummary(ctx.db, input.id) ?? run;
  },

  'capacity-run-delete': (input, ctx) => {
    const run = getCapacityRunSummary(ctx.db, input.id);
    if (!run) throw new LabError('not-found', `No capacity run with id "${input.id}"`, ['id']);
    if (run.state === 'queued' || run.state === 'running') service(ctx).cancel(input.id);
    deleteCapacityRun(ctx.db, input.id);
    ctx.audit({ objectKind: 'lab', objectId: null, objectName: run.name, message: `Capacity run ${run.id} ("${run.name}") deleted` });
    return { id: input.id };
  },

  'capacity-sweep-start': (input, ctx) => {
    mustBeRunnable(input.definition, ['definition']);
    const configs = expandSweep(input.definition, input.sweep);
    for (const c of configs) mustBeRunnable(c.definition, ['sweep', c.key]);
    const svc = service(ctx);
    const createdAt = ctx.wallTime();
    const sweepId = nextSweepId(ctx.db);
    const runs = configs.map((c) =>
      insertCapacityRun(ctx.db, { name: `${input.definition.name} [${c.label}]`, sweepId, sweepLabel: c.label, definition: c.definition, createdAt }),
    );
    ctx.audit({
      objectKind: 'lab',
      objectId: null,
      objectName: input.definition.name,
      message: `Capacity sweep ${sweepId} started: ${runs.length} configurations of "${input.definition.name}" (${Object.keys(input.sweep).join(', ')})`,
    });
    configs.forEach((c, i) => svc.enqueue(runs[i]?.id as string, c.definition));
    return { sweepId, runs };
  },

  'capacity-export': (input, ctx) => exportRun(completedRun(ctx, input.runId), input.format),

  'capacity-compare': (input, ctx) => {
    const runs = input.runIds.map((id, i) => {
      try {
        return completedRun(ctx, id);
      } catch (err) {
        if (err instanceof LabError) throw new LabError(err.code, err.message, ['runIds', i]);
        throw err;
      }
    });
    return compareRuns(runs);
  },

  'capacity-consolidation': (input, ctx) => {
    const run = completedRun(ctx, input.runId);
    return consolidationReport(run.id, run.result, input.assumptions ?? {});
  },
};
