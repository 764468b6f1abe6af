import { vgpuDesktopsPerHost, vgpuProfile } from '../../shared/hypervisors/catalogue.ts';
import { CAPACITY_MEMORY_STATES, type CapacityDefinition, type CapacityResource } from '../../contract/capacity-entities.ts';
import {
  type CapacityBottleneck,
  type CapacityEuxPoint,
  type CapacityRecommendations,
  type CapacityResult,
  type CapacitySample,
  type CapacityUtilization,
} from '../../contract/capacity-results.ts';
import { CAPACITY_PARAMS } from './params.ts';
import { definitionHostCpu, densityAtCpuTarget } from './cpu-target.ts';
import { metricName, plan } from '../../shared/capacity/planning.ts';
import { euxScore, findVsimax } from './vsi.ts';

export interface RawRun {
  vsibase: number;
  threshold: number;
  curves: CapacitySample[];
  samples: { t: Float64Array; v: Float32Array; n: number };
  launched: number;
  stuck: number;
  failed: number;
  durationSec: number;
  sampleSec: number;
}

const NAMES: Record<CapacityResource, string> = { cpu: 'CPU', memory: 'Memory', storage: 'Storage', network: 'Network' };

/** Each way a resource can be past its limit at a curve point, and the words for it. */
const LIMITS: { resource: CapacityResource; past: (c: CapacitySample) => boolean; what: (c: CapacitySample) => string }[] = [
  { resource: 'cpu', past: (c) => c.readyPct > CAPACITY_PARAMS.readyLimitPct, what: () => `ready time passed ${CAPACITY_PARAMS.readyLimitPct}% per vCPU` },
  { resource: 'cpu', past: (c) => c.cpuPct >= CAPACITY_PARAMS.cpuLimitPct, what: () => 'host CPU reached 100%' },
  {
    resource: 'cpu',
    past: (c) => c.vmCpuPct >= CAPACITY_PARAMS.vmCpuLimitPct,
    what: () => `the busiest VM's own vCPUs reached ${CAPACITY_PARAMS.vmCpuLimitPct}%`,
  },
  {
    resource: 'memory',
    past: (c) => CAPACITY_MEMORY_STATES.indexOf(c.memState) >= CAPACITY_PARAMS.memoryLimitState,
    what: (c) => `host memory state reached ${c.memState} (compression and swapping)`,
  },
  { resource: 'memory', past: (c) => c.swappedMb > 0, what: () => 'the host started swapping' },
  {
    resource: 'storage',
    past: (c) => c.storageLatencyMs > CAPACITY_PARAMS.storageLimitMs,
    what: () => `datastore latency passed ${CAPACITY_PARAMS.storageLimitMs} ms`,
  },
  {
    resource: 'network',
    past: (c) => c.networkPct > CAPACITY_PARAMS.networkLimitPct,
    what: () => `host NIC traffic passed ${CAPACITY_PARAMS.networkLimitPct}% of its capacity`,
  },
];

/** Curve points before the knee a limit may be passed at and still count as "past at the knee" (noise). */
const KNEE_TOLERANCE_POINTS = 3;

/**
 * Where the run of points past a limit that reaches the knee began (gaps of one point are
 * bridged: a resource oscillating around its limit is past it); null when the limit is not
 * past at the knee. A transient spike long before the knee does not count.
 */
function sustainedStart(curves: readonly CapacitySample[], end: number, past: (c: CapacitySample) => boolean): number | null {
  let i = end;
  while (i >= 0 && end - i < KNEE_TOLERANCE_POINTS && !past(curves[i] as CapacitySample)) i--;
  if (i < 0 || end - i >= KNEE_TOLERANCE_POINTS) return null;
  let start = i;
  for (let k = i - 1; k >= 0; k--) {
    if (past(curves[k] as CapacitySample)) start = k;
    else if (k > 0 && past(curves[k - 1] as CapacitySample)) continue;
    else break;
  }
  return start;
}

/** How close a point is to each limit (1 = at the limit), for a knee where no resource crossed. */
function pressure(c: CapacitySample): Record<CapacityResource, number> {
  const memIdx = CAPACITY_MEMORY_STATES.indexOf(c.memState);
  return {
    cpu: Math.max(c.readyPct / CAPACITY_PARAMS.readyLimitPct, c.cpuPct / CAPACITY_PARAMS.cpuLimitPct, c.vmCpuPct / CAPACITY_PARAMS.vmCpuLimitPct),
    memory: Math.max(memIdx / CAPACITY_PARAMS.memoryLimitState, c.memPct / 100),
    storage: c.storageLatencyMs / CAPACITY_PARAMS.storageLimitMs,
    network: c.networkPct / CAPACITY_PARAMS.networkLimitPct,
  };
}

/**
 * The bottleneck: of the resources past their limit at the knee, the one whose sustained
 * run past it began first; if none is past, the one closest to its limit at the knee.
 * With no knee (VSImax not reached), a resource is named only if it ends the test past its limit.
 */
export function findBottleneck(curves: readonly CapacitySample[], kneeIndex: number | null): CapacityBottleneck {
  const end = kneeIndex ?? curves.length - 1;
  let first: { resource: CapacityResource; at: number; what: string } | null = null;
  for (const l of LIMITS) {
    const at = end >= 0 ? sustainedStart(curves, end, l.past) : null;
    if (at !== null && (!first || at < first.at)) first = { resource: l.resource, at, what: l.what(curves[at] as CapacitySample) };
  }
  if (first) {
    const n = (curves[first.at] as CapacitySample).activeSessions;
    const tail = kneeIndex === null ? ' (VSImax not reached)' : '';
    return { resource: first.resource, sentence: `${NAMES[first.resource]}: ${first.what} at ${n} sessions${tail}`, atSessions: n };
  }
  const knee = kneeIndex === null ? null : curves[kneeIndex];
  if (!knee) {
    const last = curves[curves.length - 1];
    return { resource: 'none', sentence: `No resource reached its limit with ${last?.activeSessions ?? 0} sessions: VSImax not reached`, atSessions: null };
  }
  const p = pressure(knee);
  const worst = (Object.keys(p) as CapacityResource[]).reduce((a, b) => (p[b] > p[a] ? b : a));
  const pct = Math.round(p[worst] * 100);
  return {
    resource: worst,
    sentence: `${NAMES[worst]}: closest to its limit (${pct}% of it) when response times passed the threshold at ${knee.activeSessions} sessions`,
    atSessions: knee.activeSessions,
  };
}

function utilization(c: CapacitySample | undefined): CapacityUtilization {
  return {
    cpuPct: c?.cpuPct ?? 0,
    readyPct: c?.readyPct ?? 0,
    vmCpuPct: c?.vmCpuPct ?? 0,
    memPct: c?.memPct ?? 0,
    memState: c?.memState ?? 'high',
    storageLatencyMs: c?.storageLatencyMs ?? 0,
    storagePct: c?.storagePct ?? 0,
    iops: c?.iops ?? 0,
    networkPct: c?.networkPct ?? 0,
  };
}

/** EUX-style score per simulated minute from the response samples. */
export function euxPerMinute(raw: RawRun): CapacityEuxPoint[] {
  const minutes = Math.ceil(raw.durationSec / 60);
  const sum = new Float64Array(minutes);
  const cnt = new Int32Array(minutes);
  for (let i = 0; i < raw.samples.n; i++) {
    const m = Math.min(minutes - 1, Math.floor(((raw.samples.t[i] as number) - 1) / 60));
    sum[m] = (sum[m] as number) + (raw.samples.v[i] as number);
    cnt[m] = (cnt[m] as number) + 1;
  }
  const out: CapacityEuxPoint[] = [];
  let ci = 0;
  for (let m = 0; m < minutes; m++) {
    if ((cnt[m] as number) === 0) continue;
    while (ci < raw.curves.length - 1 && (raw.curves[ci] as CapacitySample).t < (m + 1) * 60) ci++;
    const resp = (sum[m] as number) / (cnt[m] as number);
    out.push({
      minute: m + 1,
      score: euxScore(resp, raw.vsibase, raw.threshold),
      responseMs: Math.round(resp),
      activeSessions: raw.curves[ci]?.activeSessions ?? 0,
    });
  }
  return out;
}

/**
 * The recommendations for the planner's metric (shared/capacity/planning.ts: the same arithmetic the
 * console recomputes when the planner edits the target), with notes that say what the figures mean.
 */
export function recommend(def: CapacityDefinition, capacitySessions: number, reached: boolean): CapacityRecommendations {
  const pl = def.planning;
  const metric = metricName(def);
  const p = plan(
    { vsimax: capacitySessions, vsimaxReached: reached, sessionsLaunched: capacitySessions, definition: { hosts: def.hosts, planning: { metric: 'vsimax' } } },
    pl,
  );
  const notes: string[] = [];
  if (!reached)
    notes.push(
      `${metric === 'VSImax' ? 'VSImax was' : `${metric} was`} not reached: the hosts carried all ${capacitySessions} sessions, so these figures are lower bounds. Launch more sessions to find the limit.`,
    );
  notes.push(
    `Safe figure: ${pl.safetyMarginPct}% below ${metric === 'VSImax' ? 'VSImax' : `the users at ${metric}`}, the headroom kept for logon storms, patch days and growth.`,
  );
  if (pl.haSpareHosts > 0)
    notes.push(
      `N+${pl.haSpareHosts}: ${pl.haSpareHosts} spare host(s) so the users still fit with ${pl.haSpareHosts === 1 ? 'a host' : `${pl.haSpareHosts} hosts`} down.`,
    );
  if (p.usersPerHostSafe === 0) notes.push('The safe figure rounds to 0 users per host: this host design cannot carry the workload.');
  // A vGPU per desktop: the GPUs' frame buffer caps desktops per host whatever the CPU could carry.
  const sh = def.sessionHost;
  const vgpuCap = sh.kind === 'single-session' && sh.vgpu ? vgpuDesktopsPerHost(sh.vgpu.profile, sh.vgpu.gpusPerHost) : null;
  if (vgpuCap !== null && sh.kind === 'single-session' && sh.vgpu && vgpuCap < p.usersPerHostSafe) {
    const prof = vgpuProfile(sh.vgpu.profile);
    notes.push(
      `vGPU ${sh.vgpu.profile}: ${prof?.perGpu ?? 0} desktops per ${prof?.gpu ?? ''} GPU (${prof?.frameBufferGb ?? 0} of ${prof?.gpuFrameBufferGb ?? 0} GB frame buffer each) × ${sh.vgpu.gpusPerHost} GPUs = ${vgpuCap} per host: the frame buffer, not the CPU, limits density (the CPU would carry ${p.usersPerHostSafe}).`,
    );
    p.usersPerHostSafe = vgpuCap;
    p.usersPerCoreSafe = vgpuCap / Math.max(1, p.coresPerHost);
    p.hostsForTarget = vgpuCap > 0 ? Math.ceil(Math.max(0, pl.targetUsers) / vgpuCap) : 0;
    p.hostsWithHa = p.hostsForTarget > 0 ? p.hostsForTarget + Math.max(0, Math.floor(pl.haSpareHosts)) : 0;
  }
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    safetyMarginPct: pl.safetyMarginPct,
    targetUsers: pl.targetUsers,
    haSpareHosts: pl.haSpareHosts,
    lowerBound: p.lowerBound,
    usersPerHostAtVsimax: r2(p.usersPerHostAtVsimax),
    usersPerCoreAtVsimax: r2(p.usersPerCoreAtVsimax),
    usersPerHostSafe: p.usersPerHostSafe,
    usersPerCoreSafe: r2(p.usersPerCoreSafe),
    hostsForTarget: p.hostsForTarget,
    hostsWithHa: p.hostsWithHa,
    notes,
  };
}

/** From the raw run to the result: VSImax, knee, bottleneck, utilization, per-core figures, EUX, recommendations. */
export function analyse(def: CapacityDefinition, raw: RawRun): CapacityResult {
  const { vsimax, at } = findVsimax(raw.curves, raw.threshold);
  const kneeIndex = at === null ? null : raw.curves.findIndex((c) => c.t === at);
  const knee = kneeIndex === null ? raw.curves[raw.curves.length - 1] : raw.curves[kneeIndex];
  const hostCpu = definitionHostCpu(def);
  const cpuTarget = densityAtCpuTarget(def, raw.curves, hostCpu);
  // The recommendations size on the planner's metric: VSImax (Login VSI) or the density at the CPU target (Login Enterprise).
  const byTarget = def.planning.metric === 'cpu-target';
  const reached = byTarget ? cpuTarget.reached : vsimax !== null;
  const capacitySessions = byTarget ? (cpuTarget.users === null ? raw.launched : Math.floor(cpuTarget.users)) : (vsimax ?? raw.launched);
  const cores = def.hosts.sockets * def.hosts.coresPerSocket * def.hosts.count;
  const sh = def.sessionHost;
  const shVcpus = sh.kind === 'multi-session' ? sh.vmsPerHost * sh.vcpu * def.hosts.count : capacitySessions * sh.vcpu;
  const problems = raw.stuck + raw.failed;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const recommendations = recommend(def, capacitySessions, reached);
  const problemPct = raw.launched > 0 ? (100 * problems) / raw.launched : 0;
  if (problemPct > CAPACITY_PARAMS.stuckGuidelinePct) {
    recommendations.notes.unshift(
      `${raw.stuck} stuck and ${raw.failed} failed sessions (${r2(problemPct)}% of ${raw.launched}): above Login VSI's ${CAPACITY_PARAMS.stuckGuidelinePct}% guideline, so this VSImax is not a valid result; fix the cause (${raw.stuck > 0 ? 'logons too slow' : 'no desktop for the user'}) first.`,
    );
  }
  // Login VSI's baseline assumes an unloaded system: a host past a limit at the first sample (the desktops alone do not fit, say)
  // gives a "VSIbase" of contention, and VSImax and the sizing then describe how many sessions were launched, not the design.
  const first = raw.curves[0];
  const pastAtStart = first ? LIMITS.find((l) => l.past(first)) : undefined;
  if (first && pastAtStart) {
    recommendations.notes.unshift(
      `With ${first.activeSessions} session(s) running, ${NAMES[pastAtStart.resource].toLowerCase()} was already past its limit (${pastAtStart.what(first)}${pastAtStart.resource === 'memory' ? `, ${first.memPct}% of host RAM` : ''}): VSIbase (${Math.round(raw.vsibase).toLocaleString('en-US')} ms) is not a baseline, so this VSImax is not a valid result and the sizing does not describe this design. Give the host what its idle desktops need first.`,
    );
  }
  return {
    definition: def,
    hostCpu,
    cpuTarget,
    vsimax,
    vsimaxReached: vsimax !== null,
    vsibaseMs: Math.round(raw.vsibase),
    thresholdMs: Math.round(raw.threshold),
    thresholdRule: def.threshold.rule,
    sessionsLaunched: raw.launched,
    stuckSessions: raw.stuck,
    failedSessions: raw.failed,
    stuckFailedPct: raw.launched > 0 ? r2((100 * problems) / raw.launched) : 0,
    withinStuckGuideline: raw.launched === 0 || (100 * problems) / raw.launched <= CAPACITY_PARAMS.stuckGuidelinePct,
    bottleneck: findBottleneck(raw.curves, kneeIndex),
    utilizationAtKnee: utilization(knee),
    usersPerCore: r2(capacitySessions / cores),
    usersPerHost: r2(capacitySessions / def.hosts.count),
    usersPerVcpu: shVcpus > 0 ? r2(capacitySessions / shVcpus) : 0,
    physicalCores: cores,
    sessionHostVcpus: shVcpus,
    sampleSec: raw.sampleSec,
    curves: raw.curves,
    eux: euxPerMinute(raw),
    recommendations,
    durationSec: raw.durationSec,
  };
}
