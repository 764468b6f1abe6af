// Alarms: this domain's part of the method map (spread into `methods` in methods.ts).

import { z } from 'zod';
import { method } from './define.ts';
import {
  ALARM_DEFINITION_EDIT,
  ALARM_DEFINITION_NEW,
  ALARM_OBJECT_KINDS,
  ALARM_SEVERITIES,
  ALARM_STATES,
  type Alarm,
  type AlarmCounts,
  type AlarmDefinition,
} from './alarm-entities.ts';

const id = z.string().min(1).max(64);

export const alarmMethods = {
  'alarm-list': method<{ total: number; counts: AlarmCounts; rows: Alarm[] }>()({
    description:
      'Alarms, newest change first: active ones (triggered or acknowledged) by default, or every state; filtered by severity, object, definition or text; paged by offset. counts: active warning and critical alarms, and per object.',
    input: z.strictObject({
      state: z.enum([...ALARM_STATES, 'active', 'all']).default('active'),
      severity: z.enum(ALARM_SEVERITIES).optional(),
      objectKind: z.enum(ALARM_OBJECT_KINDS).optional(),
      objectId: id.optional(),
      definitionId: id.optional(),
      search: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(5000).default(500),
      offset: z.number().int().min(0).max(10_000_000).default(0),
    }),
    mutates: false,
    permission: 'read',
  }),
  'alarm-acknowledge': method<{ acknowledged: number }>()({
    description: 'Acknowledge triggered alarms with a comment (who and when are recorded); an alarm that was reset or already acknowledged is refused.',
    input: z.strictObject({
      ids: z.array(z.number().int().min(1)).min(1).max(10_000),
      comment: z.string().trim().min(1, 'say why (a comment is required)').max(500),
    }),
    mutates: true,
    // Acknowledging is a Help Desk task, as acknowledging events is (contract/roles.ts); definitions are configuration.
    permission: 'helpdesk',
  }),
  'alarm-definition-list': method<AlarmDefinition[]>()({
    description: 'The alarm definitions of the lab: metric, object type, warning and critical thresholds, duration, reset margin, enabled, and their source.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'alarm-definition-create': method<AlarmDefinition>()({
    description: 'Add an alarm definition on a metric (its object type comes with it) with a warning and/or critical threshold.',
    input: ALARM_DEFINITION_NEW,
    mutates: true,
    permission: 'configure',
  }),
  'alarm-definition-update': method<AlarmDefinition>()({
    description:
      'Change an alarm definition (thresholds, duration, reset margin, name, enabled). Active alarms of a definition that is disabled or whose thresholds change are judged again at the next evaluation.',
    input: z
      .strictObject({ id, changes: ALARM_DEFINITION_EDIT, restoreDefault: z.boolean().default(false) })
      .refine((v) => v.restoreDefault || Object.keys(v.changes).length > 0, {
        message: 'name at least one field to change (or restoreDefault)',
        path: ['changes'],
      }),
    mutates: true,
    permission: 'configure',
  }),
  'alarm-definition-delete': method<{ deleted: boolean }>()({
    description: 'Delete an alarm definition you added (a default one can only be disabled); its alarms, active or past, go with it.',
    input: z.strictObject({ id }),
    mutates: true,
    permission: 'configure',
  }),
};
