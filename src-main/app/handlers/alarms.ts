import { ALARM_METRICS, type AlarmDefinition } from '../../contract/alarm-entities.ts';
import { LabError } from '../../contract/errors.ts';
import { DEFAULT_ALARM_DEFINITIONS } from '../../core/alarms/defaults.ts';
import {
  acknowledgeAlarm,
  alarmCounts,
  alarmStates,
  createAlarmDefinition,
  deleteAlarmDefinition,
  getAlarm,
  getAlarmDefinition,
  listAlarmDefinitions,
  listAlarms,
  saveAlarmDefinition,
} from '../../store/alarms.ts';
import { nextIdNumber } from '../../store/ids.ts';
import type { AppContext, Handlers } from '../context.ts';

/**
 * A definition must be able to trigger, and its levels must be in order: above-thresholds rise
 * from warning to critical, below-thresholds (free space, available desktops) fall.
 */
function checkLevels(d: AlarmDefinition, path: (string | number)[]): void {
  if (d.warning === null && d.critical === null) throw new LabError('invalid-input', 'Give a warning or a critical threshold (or both)', [...path, 'warning']);
  if (d.warning !== null && d.critical !== null) {
    const ordered = d.direction === 'above' ? d.warning < d.critical : d.warning > d.critical;
    if (!ordered) {
      throw new LabError(
        'invalid-input',
        d.direction === 'above'
          ? `The warning threshold (${d.warning}) must be below the critical one (${d.critical}): the metric is bad when high`
          : `The warning threshold (${d.warning}) must be above the critical one (${d.critical}): the metric is bad when low`,
        [...path, 'warning'],
      );
    }
  }
  const lowest = ALARM_METRICS[d.metric].unit === '%' ? 0 : Number.NEGATIVE_INFINITY;
  for (const f of ['warning', 'critical'] as const) {
    const v = d[f];
    if (v !== null && (v < lowest || (ALARM_METRICS[d.metric].unit === '%' && v > 100))) {
      throw new LabError('invalid-input', `A percentage threshold is between 0 and 100 (got ${v})`, [...path, f]);
    }
  }
}

/** The evaluator reads the definitions again (after this request's flush, so nothing pending is lost). */
function reloadEvaluator(ctx: AppContext): void {
  if (ctx.services.hasSimulation()) ctx.services.simulation().alarms.reload();
}

const describe = (d: AlarmDefinition) =>
  `${d.enabled ? 'on' : 'off'}, warning ${d.warning ?? '—'}, critical ${d.critical ?? '—'} ${d.unit}, for ${d.durationSeconds} s, reset margin ${d.resetMargin}`;

export const alarmHandlers: Pick<
  Handlers,
  'alarm-list' | 'alarm-acknowledge' | 'alarm-definition-list' | 'alarm-definition-create' | 'alarm-definition-update' | 'alarm-definition-delete'
> = {
  'alarm-list': (input, ctx) => ({ ...listAlarms(ctx.db, input), counts: alarmCounts(ctx.db) }),
  'alarm-acknowledge': (input, ctx) => {
    const ids = [...new Set(input.ids)];
    const states = alarmStates(ctx.db, ids);
    ids.forEach((id) => {
      const at = ['ids', input.ids.indexOf(id)];
      const s = states.get(id);
      if (s === undefined) throw new LabError('not-found', `No alarm with id ${id}`, at);
      if (s !== 'triggered') throw new LabError('conflict', `Alarm ${id} is ${s === 'reset' ? 'reset already' : 'already acknowledged'}`, at);
    });
    for (const id of ids) {
      acknowledgeAlarm(ctx.db, id, ctx.user, input.comment, ctx.wallTime());
      const a = getAlarm(ctx.db, id);
      if (!a) continue;
      ctx.audit({
        objectKind: a.objectKind,
        objectId: a.objectId,
        objectName: a.objectName,
        message: `Alarm "${a.definitionName}" (${a.severity}) on ${a.objectName} acknowledged: ${input.comment}`,
      });
    }
    return { acknowledged: ids.length };
  },
  'alarm-definition-list': (_input, ctx) => listAlarmDefinitions(ctx.db),
  'alarm-definition-create': (input, ctx) => {
    const m = ALARM_METRICS[input.metric];
    const d: AlarmDefinition = {
      id: `alarm-def-${nextIdNumber(ctx.db, 'alarm-def')}`,
      name: input.name,
      description: input.description,
      objectKind: m.objectKind,
      metric: input.metric,
      direction: m.direction,
      unit: m.unit,
      warning: input.warning,
      critical: input.critical,
      durationSeconds: input.durationSeconds,
      resetMargin: input.resetMargin,
      enabled: input.enabled,
      source: `Added by ${ctx.user}`,
      builtin: false,
    };
    checkLevels(d, []);
    if (listAlarmDefinitions(ctx.db).some((x) => x.name.toLowerCase() === d.name.toLowerCase())) {
      throw new LabError('conflict', `An alarm definition named "${d.name}" exists already`, ['name']);
    }
    createAlarmDefinition(ctx.db, d);
    ctx.audit({ objectKind: 'lab', objectId: null, objectName: null, message: `Alarm definition "${d.name}" added on ${m.label}: ${describe(d)}` });
    reloadEvaluator(ctx);
    return d;
  },
  'alarm-definition-update': (input, ctx) => {
    const old = getAlarmDefinition(ctx.db, input.id);
    if (!old) throw new LabError('not-found', `No alarm definition with id "${input.id}"`, ['id']);
    let d: AlarmDefinition = { ...old, ...input.changes };
    if (input.restoreDefault) {
      const base = DEFAULT_ALARM_DEFINITIONS.find((x) => x.id === old.id);
      if (!base) throw new LabError('conflict', `"${old.name}" is not one of the default definitions: it has no default to go back to`, ['restoreDefault']);
      d = { ...base };
    }
    checkLevels(d, ['changes']);
    if (d.name !== old.name && listAlarmDefinitions(ctx.db).some((x) => x.id !== d.id && x.name.toLowerCase() === d.name.toLowerCase())) {
      throw new LabError('conflict', `An alarm definition named "${d.name}" exists already`, ['changes', 'name']);
    }
    saveAlarmDefinition(ctx.db, d);
    ctx.audit({ objectKind: 'lab', objectId: null, objectName: null, message: `Alarm definition "${d.name}" changed: ${describe(old)} → ${describe(d)}` });
    reloadEvaluator(ctx);
    return d;
  },
  'alarm-definition-delete': (input, ctx) => {
    const old = getAlarmDefinition(ctx.db, input.id);
    if (!old) throw new LabError('not-found', `No alarm definition with id "${input.id}"`, ['id']);
    if (old.builtin) throw new LabError('conflict', `"${old.name}" is one of the default definitions: disable it instead`, ['id']);
    deleteAlarmDefinition(ctx.db, old.id);
    ctx.audit({ objectKind: 'lab', objectId: null, objectName: null, message: `Alarm definition "${old.name}" deleted, with its alarms` });
    reloadEvaluator(ctx);
    return { deleted: true };
  },
};
