import { LabError } from '../../contract/errors.ts';
import type { AuditRecord } from '../../contract/admin-entities.ts';
import type { AuditLog } from '../../store/audit-log.ts';
import type { AppContext, Handlers } from '../context.ts';

function trail(ctx: AppContext): AuditLog {
  const a = ctx.services.audit;
  if (!a) throw new LabError('internal', 'This host keeps no audit trail');
  return a;
}

const CSV_COLUMNS: (keyof AuditRecord)[] = ['seq', 'wallTime', 'simTime', 'user', 'role', 'transport', 'method', 'input', 'outcome', 'code', 'message', 'hash'];

/** RFC 4180 quoting; a cell starting with = + - @ gets a leading ' so a spreadsheet does not run it (OWASP CSV injection). */
function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function auditCsv(rows: AuditRecord[]): string {
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

export const auditHandlers: Pick<Handlers, 'audit-list' | 'audit-export' | 'audit-verify'> = {
  'audit-list': (input, ctx) => {
    const { offset, limit, ...filter } = input;
    return trail(ctx).list(filter, offset ?? 0, limit ?? 100);
  },
  'audit-export': (input, ctx) => {
    const { rows, truncated } = trail(ctx).exportRows(input);
    return { csv: auditCsv(rows), rows: rows.length, truncated };
  },
  'audit-verify': (_input, ctx) => trail(ctx).verify(),
};
