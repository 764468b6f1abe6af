import type { CapacityComparison, CapacityResult, CapacityRun } from '../../contract/capacity-results.ts';
import { esc, lineChart, type Series } from './svg.ts';
import { definitionDifferences as differences, leaves } from '../../shared/capacity/paths.ts';

const COLORS = ['#0066cc', '#c9190b', '#3e8635', '#f0ab00', '#5752d1', '#009596', '#8476d1', '#4f5255'];

/** The definition fields that differ between runs (name and description left out; a workload mix is one field). */
export function definitionDifferences(runs: readonly CapacityRun[]): CapacityComparison['differences'] {
  return differences(runs.map((r) => r.definition));
}

/** Runs side by side; every run must have its result. */
export function compareRuns(runs: readonly (CapacityRun & { result: CapacityResult })[]): CapacityComparison {
  const differences = definitionDifferences(runs);
  const label = (r: CapacityRun) => {
    const own = differences.map((d) => `${d.path.split('.').pop()}=${String(leaves(r.definition).get(d.path) ?? '—')}`).join(', ');
    return own ? `${r.id} (${own})` : r.id;
  };
  const v = (f: (x: CapacityResult) => string | number | null) => runs.map((r) => f(r.result));
  const rows: CapacityComparison['rows'] = [
    { label: 'VSImax', values: v((x) => x.vsimax ?? `not reached (${x.sessionsLaunched})`) },
    { label: 'VSIbase (ms)', values: v((x) => x.vsibaseMs) },
    { label: 'Threshold (ms)', values: v((x) => x.thresholdMs) },
    { label: 'Users per core', values: v((x) => x.usersPerCore) },
    { label: 'Users per host', values: v((x) => x.usersPerHost) },
    { label: 'Users per session-host vCPU', values: v((x) => x.usersPerVcpu) },
    { label: 'Bottleneck', values: v((x) => x.bottleneck.sentence) },
    { label: 'CPU % at the knee', values: v((x) => x.utilizationAtKnee.cpuPct) },
    { label: 'CPU ready % at the knee', values: v((x) => x.utilizationAtKnee.readyPct) },
    { label: 'Memory % at the knee', values: v((x) => x.utilizationAtKnee.memPct) },
    { label: 'Latency (ms) at the knee', values: v((x) => x.utilizationAtKnee.storageLatencyMs) },
    { label: 'NIC demand at the knee (% of line rate)', values: v((x) => x.utilizationAtKnee.networkPct) },
    { label: 'Stuck / failed', values: v((x) => `${x.stuckSessions} / ${x.failedSessions}`) },
    { label: 'Safe users per host', values: v((x) => x.recommendations.usersPerHostSafe) },
    { label: 'Hosts for the target (N+1)', values: v((x) => `${x.recommendations.hostsWithHa} for ${x.recommendations.targetUsers}`) },
  ];
  const series: Series[] = runs.map((r, i) => ({
    name: label(r).slice(0, 48),
    color: COLORS[i % COLORS.length] as string,
    points: r.result.curves.map((c) => ({ x: c.activeSessions, y: c.indexMs })),
  }));
  const chart = lineChart({
    title: 'VSI index against active sessions',
    xLabel: 'active sessions',
    yLabel: 'ms',
    series,
    vLines: runs.flatMap((r, i) =>
      r.result.vsimax === null ? [] : [{ x: r.result.vsimax, label: String(r.result.vsimax), color: COLORS[i % COLORS.length] as string }],
    ),
  });
  const cell = (x: string | number | null) => `<td>${esc(x === null ? '—' : String(x))}</td>`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Capacity comparison</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#151515;max-width:1000px}h1{font-size:22px}h2{font-size:16px;border-bottom:1px solid #d2d2d2}
table{border-collapse:collapse}th,td{padding:4px 12px 4px 0;text-align:left;vertical-align:top;font-size:13px;border-bottom:1px solid #f0f0f0}th{color:#4f5255}svg{max-width:100%;height:auto}
@media print{body{margin:0}svg{break-inside:avoid}}</style></head><body>
<h1>Capacity comparison</h1>
<table><tr><th></th>${runs.map((r) => `<th>${esc(r.name)}<br><span style="font-weight:normal">${esc(r.id)}</span></th>`).join('')}</tr>
${differences.map((d) => `<tr><th>${esc(d.path)}</th>${d.values.map((x) => cell(x === null ? null : typeof x === 'boolean' ? String(x) : x)).join('')}</tr>`).join('\n')}
${rows.map((row) => `<tr><th>${esc(row.label)}</th>${row.values.map(cell).join('')}</tr>`).join('\n')}</table>
<h2>Response</h2>${chart}
</body></html>
`;
  return { runs: runs.map(({ result: _r, ...s }) => s), differences, rows, html };
}
