import type { CapacityExport, CapacityExportFormat, CapacityResult, CapacityRun, CapacitySample } from '../../contract/capacity-results.ts';
import { consolidationReport } from './consolidation.ts';
import { esc, lineChart } from './svg.ts';
import { metricName } from '../../shared/capacity/planning.ts';

/** The columns of the curves CSV, in order. */
export const CURVE_COLUMNS: (keyof CapacitySample)[] = [
  't',
  'activeSessions',
  'launched',
  'logonSec',
  'responseMs',
  'indexMs',
  'cpuPct',
  'cpuInUsePct',
  'readyPct',
  'vmCpuPct',
  'memPct',
  'memState',
  'swappedMb',
  'storageLatencyMs',
  'iops',
  'offeredIops',
  'writeIops',
  'storagePct',
  'networkPct',
];

export function curvesCsv(result: CapacityResult): string {
  const rows = [CURVE_COLUMNS.join(',')];
  for (const c of result.curves) rows.push(CURVE_COLUMNS.map((k) => (c[k] === null ? '' : String(c[k]))).join(','));
  return `${rows.join('\r\n')}\r\n`;
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'capacity'
  );
}

/** A completed run as JSON (everything), CSV (the curves) or a printable HTML report with inline SVG charts. */
export function exportRun(run: CapacityRun & { result: CapacityResult }, format: CapacityExportFormat): CapacityExport {
  const base = `${slug(run.name)}-${run.id}`;
  if (format === 'json') return { filename: `${base}.json`, mimeType: 'application/json', text: `${JSON.stringify(run, null, 2)}\n` };
  if (format === 'csv') return { filename: `${base}-curves.csv`, mimeType: 'text/csv', text: curvesCsv(run.result) };
  return { filename: `${base}-report.html`, mimeType: 'text/html', text: htmlReport(run) };
}

function workloadText(w: CapacityResult['definition']['workload']): string {
  if (typeof w === 'string') return w;
  return Object.entries(w)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

export function htmlReport(run: CapacityRun & { result: CapacityResult }): string {
  const r = run.result;
  const d = r.definition;
  const sh = d.sessionHost;
  const x = (c: CapacitySample) => c.activeSessions;
  const responseChart = lineChart({
    title: 'Response time against active sessions',
    xLabel: 'active sessions',
    yLabel: 'ms',
    series: [
      { name: 'response', color: '#8bc1f7', points: r.curves.map((c) => ({ x: x(c), y: c.responseMs || null })) },
      { name: 'VSI index', color: '#0066cc', points: r.curves.map((c) => ({ x: x(c), y: c.indexMs })) },
    ],
    hLines: [
      { y: r.vsibaseMs, label: `VSIbase ${r.vsibaseMs} ms`, color: '#3e8635' },
      { y: r.thresholdMs, label: `threshold ${r.thresholdMs} ms`, color: '#c9190b' },
    ],
    vLines: r.vsimax === null ? [] : [{ x: r.vsimax, label: `VSImax ${r.vsimax}`, color: '#c9190b' }],
  });
  const utilChart = lineChart({
    title: 'Resource utilization against active sessions',
    xLabel: 'active sessions',
    yLabel: '%',
    yMax: 100,
    series: [
      { name: 'CPU %', color: '#0066cc', points: r.curves.map((c) => ({ x: x(c), y: c.cpuPct })) },
      { name: 'CPU ready %', color: '#c9190b', points: r.curves.map((c) => ({ x: x(c), y: c.readyPct })) },
      { name: 'memory %', color: '#5752d1', points: r.curves.map((c) => ({ x: x(c), y: c.memPct })) },
      { name: 'storage IOPS %', color: '#f0ab00', points: r.curves.map((c) => ({ x: x(c), y: c.storagePct })) },
      { name: 'NIC demand, % of line rate', color: '#3e8635', points: r.curves.map((c) => ({ x: x(c), y: c.networkPct })) },
    ],
    vLines: r.vsimax === null ? [] : [{ x: r.vsimax, label: `VSImax ${r.vsimax}`, color: '#c9190b' }],
  });
  const latencyChart = lineChart({
    title: 'Datastore latency',
    xLabel: 'active sessions',
    yLabel: 'ms',
    series: [{ name: 'latency', color: '#f0ab00', points: r.curves.map((c) => ({ x: x(c), y: c.storageLatencyMs })) }],
    hLines: [{ y: 20, label: '20 ms alert', color: '#c9190b' }],
    height: 220,
  });
  const logonChart = lineChart({
    title: 'Logon duration of the sessions launched',
    xLabel: 'active sessions',
    yLabel: 's',
    series: [{ name: 'logon', color: '#009596', points: r.curves.map((c) => ({ x: x(c), y: c.logonSec })) }],
    hLines: [{ y: 60, label: '60 s: poor', color: '#c9190b' }],
    vLines: r.vsimax === null ? [] : [{ x: r.vsimax, label: `VSImax ${r.vsimax}`, color: '#c9190b' }],
    height: 220,
  });
  const euxChart = lineChart({
    title: 'EUX-style score per minute (10 best)',
    xLabel: 'minute',
    yLabel: 'score',
    yMax: 10,
    series: [{ name: 'score', color: '#5752d1', points: r.eux.map((e) => ({ x: e.minute, y: e.score })) }],
    height: 220,
  });
  const rec = r.recommendations;
  const row = (k: string, v: string | number) => `<tr><th>${esc(k)}</th><td>${esc(String(v))}</td></tr>`;
  const u = r.utilizationAtKnee;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(run.name)}: capacity report</title>
<style>
body{font-family:system-ui,sans-serif;margin:24px;color:#151515;max-width:820px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:20px 0 6px;border-bottom:1px solid #d2d2d2}
table{border-collapse:collapse;margin:4px 0}th,td{padding:3px 10px 3px 0;text-align:left;vertical-align:top;font-size:13px}th{font-weight:600;color:#4f5255}
.headline{display:flex;gap:24px;flex-wrap:wrap}.figure{border:1px solid #d2d2d2;border-radius:6px;padding:8px 14px}.figure b{display:block;font-size:22px}
.bottleneck{font-size:15px;font-weight:600;color:#a30000}.muted{color:#6a6e73;font-size:12px}svg{max-width:100%;height:auto;margin:8px 0}
@media print{body{margin:0}h2{break-after:avoid}svg{break-inside:avoid}}
</style></head><body>
<h1>${esc(run.name)}</h1>
<p class="muted">Capacity test ${run.id === 'cli' ? 'run from the command line' : esc(run.id)}${run.sweepLabel ? ` (sweep: ${esc(run.sweepLabel)})` : ''}, Login VSI method, seed ${d.seed}${run.finishedAt ? `; finished ${esc(run.finishedAt)}` : ''}</p>
<div class="headline">
<div class="figure">VSImax<b>${r.vsimax === null ? `not reached (${r.sessionsLaunched} launched)` : r.vsimax}</b></div>
<div class="figure">VSIbase<b>${r.vsibaseMs} ms</b></div>
<div class="figure">Threshold (${esc(r.thresholdRule)})<b>${r.thresholdMs} ms</b></div>
<div class="figure">Users at ${r.cpuTarget.targetPct}% host CPU<b>${r.cpuTarget.users === null ? 'not reached' : Math.floor(r.cpuTarget.users)}</b></div>
<div class="figure">Users per core (${d.planning.metric === 'vsimax' ? 'VSImax' : 'CPU target'})<b>${r.usersPerCore}</b></div>
</div>
<p class="muted">Host CPU: ${esc(r.hostCpu.model ?? `${r.hostCpu.baseGhz} GHz only (a Skylake / Cascade Lake core)`)}, ${r.hostCpu.vixPerCore} vix per core, ${r.hostCpu.hostVix} per host${r.cpuTarget.mhzPerSession === null ? '' : `; ${r.cpuTarget.mhzPerSession} MHz per session at the CPU target (ready ${r.cpuTarget.readyPct}%)`}.</p>
<p class="bottleneck">${esc(r.bottleneck.sentence)}</p>
<h2>Response time</h2>${responseChart}
<h2>Resources</h2>${utilChart}${latencyChart}
<table>${row('CPU at the knee', `host ${u.cpuPct}% (ready ${u.readyPct}% per vCPU); busiest VM ${u.vmCpuPct}% of its vCPUs`)}${row('Memory at the knee', `${u.memPct}% of physical RAM demanded (state ${u.memState})`)}${row('Storage at the knee', `${u.storageLatencyMs} ms, ${u.iops} IOPS served (${u.storagePct}% of the array's back-end capacity offered)`)}${row('Network at the knee', `${u.networkPct}% of the NICs`)}</table>
<h2>User experience</h2>${logonChart}${euxChart}
<table>${row('Sessions launched', r.sessionsLaunched)}${row('Stuck / failed sessions', `${r.stuckSessions} / ${r.failedSessions} (${r.stuckFailedPct}%, guideline ≤ 1%: ${r.withinStuckGuideline ? 'met' : 'NOT met'})`)}</table>
<h2>Recommendations</h2>
<table>${row(`Users per host at ${metricName(d)}`, rec.usersPerHostAtVsimax)}${row(`Users per core at ${metricName(d)}`, rec.usersPerCoreAtVsimax)}${row(`Users per host at a ${rec.safetyMarginPct}% safety margin`, rec.usersPerHostSafe)}${row('Users per core at the safety margin', rec.usersPerCoreSafe)}${row(`Hosts for ${rec.targetUsers} users`, rec.hostsForTarget)}${row(`Hosts with N+${rec.haSpareHosts}`, rec.hostsWithHa)}</table>
<ul>${rec.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>
<h2>Consolidation (default assumptions)</h2>
${consolidationTable(run)}
<h2>Test definition</h2>
<table>${row('Hosts', `${d.hosts.count} × ${d.hosts.sockets} sockets × ${d.hosts.coresPerSocket} cores ${d.hosts.cpuModel ?? ''} @ ${r.hostCpu.baseGhz} GHz${d.hosts.hyperthreading ? ', hyper-threading' : ''}, ${d.hosts.ramGb} GB RAM, ${d.hosts.hypervisor}${d.hosts.hci === 'nutanix' ? ', Nutanix CVM' : ''}`)}${row('Storage', `${d.storage.iops} back-end IOPS (${d.storage.kind}), ${d.storage.serviceTimeMs} ms service time, ${d.storage.capacityTb} TB`)}${row('Network', `${d.network.nics} × ${d.network.nicGbps} Gbit/s per host`)}${row('Session hosts', sh.kind === 'single-session' ? `single-session desktops, ${sh.vcpu} vCPU / ${sh.ramGb} GB` : `multi-session, ${sh.vmsPerHost} per host × ${sh.vcpu} vCPU / ${sh.ramGb} GB, ${sh.loadBalancing}`)}${row('Workload', workloadText(d.workload))}${row('Protocol', `${d.protocol} at ${d.protocolFps} fps${d.antivirus === false ? '' : '; on-access antivirus'}`)}${row('Launch', `${d.launch.sessions} sessions over ${d.launch.timeframeSec} s${d.launch.steadyStateSec ? ` + ${d.launch.steadyStateSec} s steady state` : ''}`)}</table>
<p class="muted">Simulated with the VDI Fleet Console's engine; figures follow the published Login VSI method (VSIbase, threshold, VSImax) and are estimates for planning, not a measurement of real hardware.</p>
</body></html>
`;
}

/** The consolidation report with its default assumptions (the console lets them be edited). */
function consolidationTable(run: CapacityRun & { result: CapacityResult }): string {
  const c = consolidationReport(run.id, run.result, {});
  const a = c.assumptions;
  const n = (x: number) => x.toLocaleString('en-US');
  const line = (k: string, b: string, af: string) => `<tr><th>${esc(k)}</th><td>${esc(b)}</td><td>${esc(af)}</td></tr>`;
  return `<table><tr><th></th><th>before</th><th>after</th></tr>${line('Servers', n(c.before.servers), `${n(c.after.servers)} (N+${run.result.recommendations.haSpareHosts})`)}${line('CPU utilization', `${c.before.utilizationPct}%`, `${c.after.utilizationPct}%`)}${line('Power', `${n(c.before.watts)} W`, `${n(c.after.watts)} W`)}${line('Energy per year (PUE ' + a.pue + ')', `${n(c.before.kwhPerYear)} kWh`, `${n(c.after.kwhPerYear)} kWh`)}${line('Rack space', `${c.before.rackUnits} U`, `${c.after.rackUnits} U`)}${line('Yearly cost', `${n(c.before.yearlyCost)} ${a.currency}`, `${n(c.after.yearlyCost)} ${a.currency}`)}</table>
<p>Consolidation ratio ${c.consolidationRatio}:1; ${n(c.savingsPerYear)} ${esc(a.currency)} saved per year against ${n(c.capex)} ${esc(a.currency)} of new hosts${c.paybackYears === null ? '' : `: payback in ${c.paybackYears} years`}.</p>
<ul>${c.notes.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`;
}
