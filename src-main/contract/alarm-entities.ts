// Alarms (issue 16): definitions on a metric or condition of one object type, with warning and
// critical thresholds, a duration and a reset margin (vSphere's MetricAlarmExpression: yellow/red,
// isAbove/isBelow, yellowInterval/redInterval, and the tolerance range of its reporting spec); alarms
// are the definitions' live instances per object: triggered → acknowledged (who, comment) → reset.

import { z } from 'zod';

export const ALARM_OBJECT_KINDS = ['host', 'cluster', 'datastore', 'pool', 'desktop', 'session', 'user'] as const;
export type AlarmObjectKind = (typeof ALARM_OBJECT_KINDS)[number];

/** What a definition may watch: the figure, its object type, its unit and the side that is bad. */
export const ALARM_METRICS = {
  'host-cpu-usage': { objectKind: 'host', label: 'Host CPU usage', unit: '%', direction: 'above' },
  'host-memory-state': { objectKind: 'host', label: 'Host memory state (0 high, 1 clear, 2 soft, 3 hard, 4 low)', unit: 'state', direction: 'above' },
  'host-cpu-ready': { objectKind: 'host', label: 'Host CPU ready (worst vCPU share)', unit: '%', direction: 'above' },
  'host-not-responding': { objectKind: 'host', label: 'Host not responding (1 = no heartbeat)', unit: 'condition', direction: 'above' },
  'cluster-ha-insufficient': {
    objectKind: 'cluster',
    label: 'Insufficient HA failover resources (1 = admission control not met)',
    unit: 'condition',
    direction: 'above',
  },
  'datastore-latency': { objectKind: 'datastore', label: 'Datastore device latency', unit: 'ms', direction: 'above' },
  'datastore-free-space': { objectKind: 'datastore', label: 'Datastore free space', unit: '%', direction: 'below' },
  'desktop-snapshot-size': { objectKind: 'desktop', label: 'Snapshot delta size (running delta)', unit: 'GB', direction: 'above' },
  'desktop-snapshot-age': { objectKind: 'desktop', label: 'Age of the oldest snapshot', unit: 'h', direction: 'above' },
  'pool-available-desktops': {
    objectKind: 'pool',
    label: 'Desktops a new user could get (available, plus on-demand room)',
    unit: 'desktops',
    direction: 'below',
  },
  'pool-failed-connections': { objectKind: 'pool', label: 'Failed connections per minute (5-minute window)', unit: '/min', direction: 'above' },
  'pool-logon-duration': { objectKind: 'pool', label: 'Average logon duration (logons of the last 5 minutes)', unit: 's', direction: 'above' },
  'session-rtt': { objectKind: 'session', label: "Session round trip time (the client's network)", unit: 'ms', direction: 'above' },
  'session-loss': { objectKind: 'session', label: "Session packet loss (the client's network)", unit: '%', direction: 'above' },
  'user-logon-duration': { objectKind: 'user', label: "The user's last logon duration (logons of the last 5 minutes)", unit: 's', direction: 'above' },
} as const satisfies Record<string, { objectKind: AlarmObjectKind; label: string; unit: string; direction: 'above' | 'below' }>;
export type AlarmMetric = keyof typeof ALARM_METRICS;
export const ALARM_METRIC_NAMES = Object.keys(ALARM_METRICS) as AlarmMetric[];

export const ALARM_SEVERITIES = ['warning', 'critical'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];
export const ALARM_STATES = ['triggered', 'acknowledged', 'reset'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export interface AlarmDefinition {
  id: string;
  name: string;
  description: string;
  objectKind: AlarmObjectKind;
  metric: AlarmMetric;
  /** 'above': bad when the value is above the threshold; 'below': bad when under it (free space, available desktops). */
  direction: 'above' | 'below';
  unit: string;
  /** null: no warning level. */
  warning: number | null;
  critical: number | null;
  /** Simulated seconds the condition must hold before the alarm triggers (vSphere's condition length). */
  durationSeconds: number;
  /** The alarm resets (or steps down) only once the value is this far back on the good side of the threshold (vSphere's tolerance range). */
  resetMargin: number;
  enabled: boolean;
  /** Where the default figures come from. */
  source: string;
  /** One of the console's default set (it can be edited and disabled, and put back to its default). */
  builtin: boolean;
}

export interface Alarm {
  id: number;
  definitionId: string;
  definitionName: string;
  objectKind: AlarmObjectKind;
  objectId: string;
  objectName: string;
  severity: AlarmSeverity;
  state: AlarmState;
  /** The value when it last changed level, and the worst value seen while active. */
  value: number;
  worst: number;
  unit: string;
  triggeredAt: string; // simulated
  changedAt: string; // simulated
  resetAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null; // wall
  acknowledgedComment: string | null;
}

export interface AlarmCounts {
  /** Active (triggered or acknowledged) alarms by severity; `unacknowledged`: those still triggered. */
  warning: number;
  critical: number;
  unacknowledged: number;
  /** Active alarms per object: `${objectKind}:${objectId}` → worst severity and count. */
  byObject: Record<string, { severity: AlarmSeverity; count: number }>;
}

const threshold = z.number().finite().min(-1e9).max(1e9).nullable();

/** The editable part of a definition (every field optional: what is left out stays). */
export const ALARM_DEFINITION_EDIT = z.strictObject({
  name: z.string().trim().min(1).max(80).optional(),
  description: z.string().max(500).optional(),
  warning: threshold.optional(),
  critical: threshold.optional(),
  durationSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86400)
    .optional(),
  resetMargin: z.number().finite().min(0).max(1e6).optional(),
  enabled: z.boolean().optional(),
});

/** A new definition: a metric (its object type and direction come with it) and its levels. */
export const ALARM_DEFINITION_NEW = z.strictObject({
  name: z.string().trim().min(1).max(80),
  description: z.string().max(500).default(''),
  metric: z.enum(ALARM_METRIC_NAMES as [AlarmMetric, ...AlarmMetric[]]),
  warning: threshold.default(null),
  critical: threshold.default(null),
  durationSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86400)
    .default(300),
  resetMargin: z.number().finite().min(0).max(1e6).default(0),
  enabled: z.boolean().default(true),
});

/** The evaluator's memory between flushes (saved with the engine state, doc:app.alarms). */
export const ALARM_EVALUATOR_SAVED = z.strictObject({
  nextEval: z.number().finite(),
  /** [definition id, object id, warning breach since (or -1), critical breach since (or -1)] */
  breaches: z.array(z.tuple([z.string(), z.string(), z.number().finite(), z.number().finite()])).max(1_000_000),
  /** Failed connections per pool id: [minute start, count] for the last window. */
  failures: z.array(z.tuple([z.string(), z.array(z.tuple([z.number().finite(), z.number().int().min(0)])).max(100)])).max(100_000),
  /** Logons completed per pool id: [minute start, count, total seconds]. */
  logons: z.array(z.tuple([z.string(), z.array(z.tuple([z.number().finite(), z.number().int().min(0), z.number().finite()])).max(100)])).max(100_000),
  /** The last "No desktop available" refusal per pool id: [pool id, at] (absent in labs saved before it). */
  refused: z
    .array(z.tuple([z.string(), z.number().finite()]))
    .max(100_000)
    .optional(),
  /**
   * The last logon per user id of the window: [user id, at, seconds]. Labs saved since the window's
   * logons were kept in sections of their own, one per minute (`ALARM_LOGON_SECTION`), leave it out.
   */
  userLogons: z
    .array(z.tuple([z.string(), z.number().finite(), z.number().finite()]))
    .max(1_000_000)
    .optional(),
});
export type AlarmEvaluatorSaved = z.infer<typeof ALARM_EVALUATOR_SAVED>;
/** The prefix of the engine-state sections that hold the alarm window's logons, one per minute (app/alarms/evaluator.ts `sections`). */
export const ALARM_LOGON_SECTION = 'alarmLogons:';
/** One minute's logons of the alarm window, a section of the engine state: [user id, finished at, seconds], in logon order. */
export const ALARM_LOGON_BUCKET = z.array(z.tuple([z.string(), z.number().finite(), z.number().finite()])).max(1_000_000);
