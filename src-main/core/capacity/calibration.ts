import { CAPACITY_DEFINITION, type CapacityDefinitionInput } from '../../contract/capacity-entities.ts';
import { type CapacityResult } from '../../contract/capacity-results.ts';
import type { BootStormDefinitionInput, BootStormResult } from '../../contract/boot-storm-entities.ts';

/**
 * The calibration cases (issue 13): each published measurement of
 * `shared/calibration/published-results.csv` as the capacity definition a planner would type for
 * that node (resources/calibration/capacity-cases.json), the figure it was published with, and how
 * close the simulator must land. docs/CALIBRATION.md holds the table this produces.
 */
export interface CalibrationCase {
  id: string;
  source: string;
  /** vsimax: Login VSI's VSImax; cpu-target: users with the steady host CPU at the definition's target (Login Enterprise). */
  metric: 'vsimax' | 'cpu-target';
  published: number;
  definition: CapacityDefinitionInput;
  /** What the figure is, when not the metric's own name (the rules of thumb: "VSImax (rule of five)"). */
  figure?: string;
  /** ±% allowed; default CALIBRATION_TOLERANCE.capacityPct (Microsoft's users per vCPU: 25). */
  tolerancePct?: number;
}

export interface CalibrationRow {
  id: string;
  source: string;
  /** What was compared, in words ("VSImax", "users at 80 % host CPU", "boot storm: minutes until all registered"). */
  figure: string;
  /** The published figure, or its range. */
  published: number | [number, number];
  simulated: number | null;
  /** Signed error against the published figure (against the nearer end of a range; 0 inside it), %. */
  errorPct: number | null;
  tolerancePct: number;
  pass: boolean;
  /** The published figure is an upper bound ("< 10 ms"): the simulated figure passes when it is at or below it. */
  bound?: true;
}

/** ±20 % for densities, ±25 % for boot durations (the tolerances). */
export const CALIBRATION_TOLERANCE = { capacityPct: 20, bootDurationPct: 25, bootLoadPct: 20 };

export function errorPct(published: number | [number, number], simulated: number): number {
  if (Array.isArray(published)) {
    const [lo, hi] = published;
    if (simulated >= lo && simulated <= hi) return 0;
    return simulated < lo ? (simulated / lo - 1) * 100 : (simulated / hi - 1) * 100;
  }
  return (simulated / published - 1) * 100;
}

export function row(
  c: { id: string; source: string },
  figure: string,
  published: number | [number, number],
  simulated: number | null,
  tolerancePct: number,
): CalibrationRow {
  const err = simulated === null ? null : Math.round(errorPct(published, simulated) * 10) / 10;
  return { id: c.id, source: c.source, figure, published, simulated, errorPct: err, tolerancePct, pass: err !== null && Math.abs(err) <= tolerancePct };
}

export function parseCase(c: CalibrationCase) {
  return CAPACITY_DEFINITION.parse(c.definition);
}

/** The row of one capacity case from its run. */
export function capacityRow(c: CalibrationCase, r: CapacityResult): CalibrationRow {
  const simulated = c.metric === 'vsimax' ? r.vsimax : r.cpuTarget.users === null ? null : Math.round(r.cpuTarget.users);
  const figure = c.figure ?? (c.metric === 'vsimax' ? 'VSImax' : `users at ${r.cpuTarget.targetPct} % host CPU`);
  return row(c, figure, c.published, simulated, c.tolerancePct ?? CALIBRATION_TOLERANCE.capacityPct);
}

/** The table as text: case, figure, published, simulated, error. */
export function calibrationTable(rows: readonly CalibrationRow[]): string {
  const pub = (r: CalibrationRow) => {
    const p = r.published;
    if (!Array.isArray(p)) return String(p);
    return r.bound ? `< ${p[1]}` : `${p[0]}–${p[1]}`;
  };
  const err = (r: CalibrationRow) => {
    if (r.errorPct === null) return '—';
    if (r.bound) return r.errorPct === 0 ? 'below' : `+${r.errorPct.toFixed(1)} %`;
    return `${r.errorPct > 0 ? '+' : ''}${r.errorPct.toFixed(1)} %`;
  };
  const cells = rows.map((r) => [
    r.id,
    r.figure,
    pub(r),
    r.simulated === null ? '—' : String(r.simulated),
    err(r),
    r.bound ? 'bound' : `±${r.tolerancePct} %`,
    r.pass ? 'ok' : 'OUT',
  ]);
  const head = ['case', 'figure', 'published', 'simulated', 'error', 'tolerance', ''];
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => (i >= 2 && i <= 5 ? x.padStart(w[i] as number) : x.padEnd(w[i] as number)))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...cells.map(line)].join('\n')}\n`;
}

/** A published boot storm (shared/calibration/boot-storms.csv) as a boot-storm definition with the figures it was published with. */
export interface BootCalibrationCase {
  id: string;
  source: string;
  published: {
    durationMin: number | [number, number];
    avgIops?: number;
    peakIops?: number;
    maxLatencyMs?: number;
    maxCpuPct?: number;
    avgCpuPct?: number;
    cpuPct?: number;
  };
  definition: BootStormDefinitionInput;
}

/**
 * The rows of one boot storm: minutes until every desktop registered (±25 %), IOPS and host CPU
 * (±20 %), latency against its published bound. "About 60 % host CPU" (B3) is the storm's peak of
 * the hosts' mean.
 */
export function bootRows(c: BootCalibrationCase, r: BootStormResult): CalibrationRow[] {
  const p = c.published;
  const t = CALIBRATION_TOLERANCE;
  const rows = [row(c, 'boot storm: minutes until all registered', p.durationMin, r.allRegisteredMin, t.bootDurationPct)];
  if (p.avgIops !== undefined) rows.push(row(c, 'average IOPS over the storm', p.avgIops, r.avgIops, t.bootLoadPct));
  if (p.peakIops !== undefined) rows.push(row(c, 'peak IOPS', p.peakIops, r.peakIops, t.bootLoadPct));
  if (p.maxLatencyMs !== undefined) rows.push({ ...row(c, 'datastore latency, max (ms)', [0, p.maxLatencyMs], r.maxLatencyMs, 0), bound: true });
  if (p.maxCpuPct !== undefined) rows.push(row(c, 'host CPU, max (%)', p.maxCpuPct, r.maxCpuPct, t.bootLoadPct));
  if (p.avgCpuPct !== undefined) rows.push(row(c, 'host CPU, average (%)', p.avgCpuPct, r.avgCpuPct, t.bootLoadPct));
  if (p.cpuPct !== undefined) rows.push(row(c, 'host CPU during the storm (%)', p.cpuPct, r.maxCpuPct, t.bootLoadPct));
  return rows;
}
