import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bootRows,
  calibrationTable,
  capacityRow,
  parseCase,
  type BootCalibrationCase,
  type CalibrationCase,
  type CalibrationRow,
} from '../core/capacity/calibration.ts';
import { runBootStorm } from '../core/capacity/boot-storm.ts';
import { BOOT_STORM_DEFINITION } from '../contract/boot-storm-entities.ts';
import { baseDefinition, knobDefinition, metricOf, SENSITIVITY_KNOBS } from '../core/capacity/sensitivity.ts';
import type { CapacityResult } from '../contract/capacity-results.ts';
import { runInWorkers } from '../app/capacity/pool.ts';

// `vdi-console calibrate [--json] [--only R1,R3] [--seed N]`: every published measurement of
// shared/calibration as the capacity definition a planner would type (resources/calibration),
// run on the real simulator; prints case, published, simulated and error (docs/CALIBRATION.md).

export const CALIBRATE_USAGE = `  vdi-console calibrate [--json] [--only R1,R3,...] [--seed N] [--sensitivity]
      Run the calibration cases (resources/calibration: published densities and boot storms of real hosts, and the
      rules of thumb on their own hosts) on the simulator
      and print case, published, simulated and error; exits 1 when a case lands outside its tolerance.
      --sensitivity prints each planner's knob instead: its change, the documented and the simulated effect.
`;

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CALIBRATION_DIR = join(REPO_ROOT, 'resources', 'calibration');

export function loadBootCases(): BootCalibrationCase[] {
  return (JSON.parse(readFileSync(join(CALIBRATION_DIR, 'boot-cases.json'), 'utf8')) as { cases: BootCalibrationCase[] }).cases;
}

export function loadCapacityCases(): CalibrationCase[] {
  return (JSON.parse(readFileSync(join(CALIBRATION_DIR, 'capacity-cases.json'), 'utf8')) as { cases: CalibrationCase[] }).cases;
}

/**
 * The rules of thumb on their own hosts (resources/calibration/rules-cases.json): Citrix's rule of five
 * and Microsoft's users per vCPU, the row off the calibration host among them. A case names its
 * definition inline or as one of the capacity examples (resources/capacity).
 */
export function loadRuleCases(): CalibrationCase[] {
  type RuleCase = Omit<CalibrationCase, 'definition'> & { definition?: CalibrationCase['definition']; example?: string };
  const raw = (JSON.parse(readFileSync(join(CALIBRATION_DIR, 'rules-cases.json'), 'utf8')) as { cases: RuleCase[] }).cases;
  return raw.map(({ example, definition, ...c }) => ({
    ...c,
    definition: definition ?? (JSON.parse(readFileSync(join(REPO_ROOT, 'resources', 'capacity', example as string), 'utf8')) as CalibrationCase['definition']),
  }));
}

interface Args {
  json: boolean;
  sensitivity: boolean;
  only: string[] | null;
  seed: number | null;
}

function parse(argv: string[]): Args {
  const out: Args = { json: false, sensitivity: false, only: null, seed: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const [flag, inline] = a.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--json') out.json = true;
    else if (flag === '--sensitivity') out.sensitivity = true;
    else if (flag === '--only')
      out.only = value()
        .split(',')
        .map((s) => s.trim().toUpperCase());
    else if (flag === '--seed') {
      const seed = Number(value());
      if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed must be a whole number from 0');
      out.seed = seed;
    } else throw new Error(`unknown option ${a}`);
  }
  return out;
}

/** Runs the cases (capacity runs in worker threads, one per core) and returns their rows in order. */
export async function calibrationRows(opts: { only?: string[] | null; seed?: number | null } = {}): Promise<CalibrationRow[]> {
  const cases = [...loadCapacityCases(), ...loadRuleCases()].filter((c) => !opts.only || opts.only.includes(c.id));
  const defs = cases.map((c) => {
    const def = parseCase(c);
    return opts.seed === null || opts.seed === undefined ? def : { ...def, seed: opts.seed };
  });
  const running = runInWorkers(defs);
  // The boot storms run here meanwhile (a second or so each).
  const boots = loadBootCases()
    .filter((c) => !opts.only || opts.only.includes(c.id))
    .flatMap((c) => {
      const def = BOOT_STORM_DEFINITION.parse(c.definition);
      return bootRows(c, runBootStorm(opts.seed === null || opts.seed === undefined ? def : { ...def, seed: opts.seed }));
    });
  const runs = await running;
  const rows = cases.map((c, i) => capacityRow(c, (runs[i] as { result: Parameters<typeof capacityRow>[1] }).result));
  // Published rows, then the boot storms, then the rules of thumb.
  return [...rows.filter((r) => r.id.startsWith('R')), ...boots, ...rows.filter((r) => !r.id.startsWith('R'))];
}

export interface SensitivityRow {
  knob: string;
  change: string;
  metric: string;
  base: number | null;
  changed: number | null;
  effectPct: number | null;
  expected: [number, number];
  pass: boolean;
}

/** Every knob of core/capacity/sensitivity.ts against its base, run in worker threads. */
export async function sensitivityRows(): Promise<SensitivityRow[]> {
  const runs = (await runInWorkers([baseDefinition('target'), baseDefinition('vsimax'), ...SENSITIVITY_KNOBS.map(knobDefinition)])).map(
    (r) => r.result as CapacityResult,
  );
  const base = { target: metricOf('target', runs[0] as CapacityResult), vsimax: metricOf('vsimax', runs[1] as CapacityResult) };
  return SENSITIVITY_KNOBS.map((k, i) => {
    const b = base[k.base];
    const v = metricOf(k.base, runs[2 + i] as CapacityResult);
    const effect = b === null || v === null ? null : Math.round((v / b - 1) * 1000) / 10;
    return {
      knob: k.knob,
      change: k.change,
      metric: k.base === 'target' ? 'users at 80 % CPU' : 'VSImax',
      base: b,
      changed: v,
      effectPct: effect,
      expected: k.expected,
      pass: effect !== null && effect >= k.expected[0] && effect <= k.expected[1],
    };
  });
}

function sensitivityTable(rows: readonly SensitivityRow[]): string {
  const head = ['knob', 'change', 'metric', 'base', 'changed', 'effect', 'documented', ''];
  const cells = rows.map((r) => [
    r.knob,
    r.change,
    r.metric,
    String(r.base ?? '—'),
    String(r.changed ?? '—'),
    r.effectPct === null ? '—' : `${r.effectPct > 0 ? '+' : ''}${r.effectPct.toFixed(1)} %`,
    `${r.expected[0]} … ${r.expected[1]} %`,
    r.pass ? 'ok' : 'OUT',
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => (i >= 3 && i <= 6 ? x.padStart(w[i] as number) : x.padEnd(w[i] as number)))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...cells.map(line)].join('\n')}\n`;
}

export async function calibrateCommand(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parse(argv);
  } catch (err) {
    process.stderr.write(`vdi-console calibrate: ${(err as Error).message}\n`);
    return 2;
  }
  if (args.sensitivity) {
    const rows = await sensitivityRows();
    if (args.json) process.stdout.write(`${JSON.stringify({ rows }, null, 2)}\n`);
    else process.stdout.write(`Sensitivity of the model to a planner's knobs (core/capacity/sensitivity.ts; docs/CALIBRATION.md)\n\n${sensitivityTable(rows)}`);
    return rows.every((r) => r.pass) ? 0 : 1;
  }
  const rows = await calibrationRows(args);
  if (args.json) process.stdout.write(`${JSON.stringify({ rows }, null, 2)}\n`);
  else {
    process.stdout.write(
      `Calibration against published measurements and the rules of thumb (shared/calibration, resources/calibration; docs/CALIBRATION.md)\n\n${calibrationTable(rows)}`,
    );
    const out = rows.filter((r) => !r.pass);
    process.stdout.write(
      out.length === 0
        ? `\nAll ${rows.length} figures within tolerance.\n`
        : `\n${out.length} of ${rows.length} figures outside tolerance: ${[...new Set(out.map((r) => r.id))].join(', ')}\n`,
    );
  }
  return rows.every((r) => r.pass) ? 0 : 1;
}
