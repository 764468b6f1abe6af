import type { TrendReport } from '../../contract/trend-methods.ts';

const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const iso = (t: number) => new Date(t * 1000).toISOString();
const header = (c: TrendReport['columns'][number]) => (c.unit ? `${c.label} (${c.unit})` : c.label);

/** A file name that says what and when: `trends-<report>[-<pool>]-<range>-<from>.<ext>`. */
export function reportFileName(r: TrendReport, ext: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '');
  return `trends-${r.report}${r.poolName ? `-${safe(r.poolName)}` : ''}-${r.range}-${r.from.slice(0, 10)}.${ext}`;
}

/** RFC 4180 CSV: a header row, one row per bucket (its start, ISO simulated time), then the summary. */
export function reportCsv(r: TrendReport): string {
  const lines = [['bucket start (simulated)', ...r.columns.map(header)].map(quote).join(',')];
  for (const row of r.rows) lines.push([iso(row.ts), ...row.values.map((v) => (v === null ? '' : String(v)))].map(quote).join(','));
  lines.push(['summary', ...r.columns.map((c, i) => (r.summary[i] === null ? '' : `${c.agg} ${r.summary[i]}`))].map(quote).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const LEVEL: Record<number, string> = { 300: '5 minutes', 3600: '1 hour', 86400: '1 day' };

/**
 * A printable page: standalone (no script, no external resource: the console's CSP and an offline
 * reader both satisfied), A4 landscape, the table's header repeated on every printed page.
 */
export function reportHtml(r: TrendReport, labName: string): string {
  const fmt = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: 2 }));
  const head = r.columns.map((c) => `<th scope="col">${esc(c.label)}<br><small>${esc(c.unit)}</small></th>`).join('');
  const body = r.rows
    .map((row) => `<tr><th scope="row">${esc(iso(row.ts).replace('T', ' ').slice(0, 16))}</th>${row.values.map((v) => `<td>${fmt(v)}</td>`).join('')}</tr>`)
    .join('\n');
  const summary = r.columns.map((c, i) => `<td>${fmt(r.summary[i] ?? null)}<br><small>${c.agg}</small></td>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${esc(`${r.title} — ${labName}`)}</title>
<style>
  @page { size: A4 landscape; margin: 12mm; }
  body { font: 11px/1.4 "Red Hat Text", "Segoe UI", Arial, sans-serif; color: #151515; margin: 16px; }
  h1 { font-size: 18px; margin: 0 0 4px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 12px; }
  dt { color: #6a6e73; } dd { margin: 0; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #d2d2d2; padding: 3px 6px; text-align: right; white-space: nowrap; }
  thead th { background: #f0f0f0; text-align: center; vertical-align: bottom; }
  tbody th { text-align: left; font-weight: normal; }
  tfoot td, tfoot th { font-weight: bold; background: #fafafa; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
  small { color: #6a6e73; font-weight: normal; }
  .notes { color: #795600; }
</style></head>
<body>
<h1>${esc(r.title)}${r.poolName ? ` — ${esc(r.poolName)}` : ''}</h1>
<p>${esc(r.description)}</p>
<dl>
  <dt>Lab</dt><dd>${esc(labName)}</dd>
  <dt>Range (simulated)</dt><dd>${esc(r.from)} – ${esc(r.to)} (${esc(r.range)})</dd>
  <dt>Bucket</dt><dd>${LEVEL[r.resolution] ?? `${r.resolution} s`}</dd>
  <dt>Source</dt><dd>${esc(r.source)}</dd>
</dl>
${r.notes.length ? `<ul class="notes">${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<table>
<thead><tr><th scope="col">Bucket start</th>${head}</tr></thead>
<tbody>
${body || `<tr><td colspan="${r.columns.length + 1}">No figures in this range.</td></tr>`}
</tbody>
<tfoot><tr><th scope="row">Summary</th>${summary}</tr></tfoot>
</table>
</body></html>
`;
}
