// Trends and reports (issue 16, part 2; Citrix Director's Trends model): this domain's part of the
// method map (spread into `methods` in methods.ts).

import { z } from 'zod';
import { method } from './define.ts';

/** The reports, in the order the console lists them. */
export const TREND_REPORTS = ['sessions', 'failures', 'logon', 'pool-load', 'host-load', 'capacity', 'machine-usage', 'resources'] as const;
export type TrendReportName = (typeof TREND_REPORTS)[number];
/** Director's ranges over simulated time, and a custom one. */
export const TREND_RANGES = ['1d', '7d', '30d', '1y', 'custom'] as const;
export type TrendRange = (typeof TREND_RANGES)[number];
/** Rollup levels (seconds per bucket) and the retention bounds an admin may set for each, in days. */
export const TREND_LEVELS = [300, 3600, 86400] as const;
export type TrendLevel = (typeof TREND_LEVELS)[number];
export const RETENTION_BOUNDS: Record<TrendLevel, { label: string; min: number; max: number }> = {
  300: { label: '5-minute', min: 1, max: 90 },
  3600: { label: 'Hourly', min: 7, max: 730 },
  86400: { label: 'Daily', min: 30, max: 3650 },
};
/** The longest custom range: 3 years of simulated time (the daily level's longest retention is 10, but a report of more is unreadable). */
export const CUSTOM_RANGE_MAX_DAYS = 3 * 366;

export interface TrendColumn {
  key: string;
  label: string;
  unit: string;
  /** How the summary row aggregates the column over the range. */
  agg: 'sum' | 'avg' | 'max';
}

export interface TrendReport {
  report: TrendReportName;
  title: string;
  description: string;
  range: TrendRange;
  /** The range, [from, to), ISO simulated time. */
  from: string;
  to: string;
  poolId: string | null;
  poolName: string | null;
  /** Seconds per bucket of the rows. */
  resolution: TrendLevel;
  columns: TrendColumn[];
  /** One row per bucket that holds data (ts: bucket start, simulated seconds); null: no figure for that bucket. */
  rows: { ts: number; values: (number | null)[] }[];
  /** The summary over the range, per column (sum, average or max as the column says). */
  summary: (number | null)[];
  /** What the reader should know (data pruned by retention, phases not kept per pool, a range before the lab began). */
  notes: string[];
  /** Where the figures come from. */
  source: string;
}

export interface RetentionLevel {
  resolution: TrendLevel;
  label: string;
  days: number;
  min: number;
  max: number;
  /** Oldest and newest bucket the level holds (ISO), and its rows in both rollup tables. */
  oldest: string | null;
  newest: string | null;
  rows: number;
}

const isoTime = z.iso.datetime({ message: 'a time such as 2026-01-05T07:00:00Z' });
const id = z.string().min(1).max(64);

export const TREND_QUERY = z
  .strictObject({
    report: z.enum(TREND_REPORTS),
    range: z.enum(TREND_RANGES),
    /** custom only: the range [from, to) in simulated time. */
    from: isoTime.optional(),
    to: isoTime.optional(),
    /** Sessions, failures, logon, capacity and machine usage for one pool (the estate when absent). */
    poolId: id.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.range !== 'custom') {
      for (const k of ['from', 'to'] as const) if (v[k] !== undefined) ctx.addIssue({ code: 'custom', message: `${k} is for a custom range only`, path: [k] });
      return;
    }
    if (v.from === undefined) ctx.addIssue({ code: 'custom', message: 'a custom range needs from', path: ['from'] });
    if (v.to === undefined) ctx.addIssue({ code: 'custom', message: 'a custom range needs to', path: ['to'] });
    if (v.from === undefined || v.to === undefined) return;
    const span = (Date.parse(v.to) - Date.parse(v.from)) / 1000;
    if (!(span > 0)) ctx.addIssue({ code: 'custom', message: 'to must be after from', path: ['to'] });
    else if (span > CUSTOM_RANGE_MAX_DAYS * 86400)
      ctx.addIssue({ code: 'custom', message: `a custom range is at most ${CUSTOM_RANGE_MAX_DAYS} days`, path: ['to'] });
  });

export const trendMethods = {
  'trend-report': method<TrendReport>()({
    description:
      'A Trends report over 1 day, 7 days, 1 month, 1 year of simulated time or a custom range: sessions, connection failures by reason, logon performance by phase, load per pool or host, capacity (peak concurrent vs available), machine usage, resource utilisation; from the rollups (5-minute, hourly, daily).',
    input: TREND_QUERY,
    mutates: false,
    permission: 'read',
  }),
  'trend-export': method<{ fileName: string; mimeType: string; content: string }>()({
    description: 'A Trends report as a file: CSV (RFC 4180, one row per bucket) or a printable HTML page (table, summary, range, source).',
    input: z.strictObject({ query: TREND_QUERY, format: z.enum(['csv', 'html']) }),
    mutates: false,
    permission: 'read',
  }),
  'trend-retention-get': method<RetentionLevel[]>()({
    description: 'How long each rollup level (5-minute, hourly, daily) is kept, in simulated days, with the span and rows each holds.',
    input: z.strictObject({}),
    mutates: false,
    permission: 'read',
  }),
  'trend-retention-set': method<RetentionLevel[]>()({
    description:
      'Set how long each rollup level is kept (simulated days, within each level’s bounds); what the new retention no longer keeps is deleted at once.',
    input: z
      .strictObject({
        fiveMinuteDays: z.number().int().min(RETENTION_BOUNDS[300].min).max(RETENTION_BOUNDS[300].max).optional(),
        hourlyDays: z.number().int().min(RETENTION_BOUNDS[3600].min).max(RETENTION_BOUNDS[3600].max).optional(),
        dailyDays: z.number().int().min(RETENTION_BOUNDS[86400].min).max(RETENTION_BOUNDS[86400].max).optional(),
      })
      .refine((v) => Object.keys(v).length > 0, { message: 'name at least one level to change', path: ['fiveMinuteDays'] }),
    mutates: true,
    permission: 'configure',
  }),
};
