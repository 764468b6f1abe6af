import { RETENTION_BOUNDS, TREND_LEVELS, type RetentionLevel } from '../../contract/trend-methods.ts';
import type { Db } from '../../store/db.ts';
import { labInfo, simTime } from '../../store/meta.ts';
import { levelSpan, pruneLevels, readRetention, writeRetention } from '../../store/trends.ts';
import type { Handlers } from '../context.ts';
import { reportCsv, reportFileName, reportHtml } from '../trends/export.ts';
import { buildReport } from '../trends/reports.ts';

/** The simulated clock as the store last committed it (a read sees one consistent lab). */
const now = (db: Db) => Math.floor(Date.parse(simTime(db)) / 1000);
const iso = (t: number | null) => (t === null ? null : new Date(t * 1000).toISOString());

function retention(db: Db): RetentionLevel[] {
  const days = readRetention(db);
  return TREND_LEVELS.map((resolution) => {
    const span = levelSpan(db, resolution);
    const b = RETENTION_BOUNDS[resolution];
    return { resolution, label: b.label, days: days[resolution], min: b.min, max: b.max, oldest: iso(span.oldest), newest: iso(span.newest), rows: span.rows };
  });
}

export const trendHandlers: Pick<Handlers, 'trend-report' | 'trend-export' | 'trend-retention-get' | 'trend-retention-set'> = {
  'trend-report': (input, ctx) => buildReport(ctx.db, input, now(ctx.db)),
  'trend-export': (input, ctx) => {
    const r = buildReport(ctx.db, input.query, now(ctx.db));
    return input.format === 'csv'
      ? { fileName: reportFileName(r, 'csv'), mimeType: 'text/csv', content: reportCsv(r) }
      : { fileName: reportFileName(r, 'html'), mimeType: 'text/html', content: reportHtml(r, labInfo(ctx.db).name) };
  },
  'trend-retention-get': (_input, ctx) => retention(ctx.db),
  'trend-retention-set': (input, ctx) => {
    const before = readRetention(ctx.db);
    const patch = { 300: input.fiveMinuteDays, 3600: input.hourlyDays, 86400: input.dailyDays };
    writeRetention(ctx.db, patch);
    const deleted = pruneLevels(ctx.db, now(ctx.db));
    const after = readRetention(ctx.db);
    const changed = TREND_LEVELS.filter((l) => before[l] !== after[l]).map((l) => `${RETENTION_BOUNDS[l].label} ${before[l]} → ${after[l]} days`);
    ctx.audit({
      objectKind: 'lab',
      objectId: null,
      objectName: null,
      message: `Trends retention ${changed.length ? changed.join(', ') : 'unchanged'}${deleted ? ` (${deleted} rollup rows past it deleted)` : ''}`,
    });
    return retention(ctx.db);
  },
};
