import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibrationTable, capacityRow, parseCase, type CalibrationCase, type CalibrationRow } from '../core/capacity/calibration.ts';
import { runInWorkers } from '../app/capacity/pool.ts';

// `vdi-console calibrate [--json] [--only R1,R3] [--seed N]`: every published measurement of
// shared/calibration as the capacity definition a planner would type (resources/calibration),
// run on the real simulator; prints case, published, simulated and error (docs/CALIBRATION.md).

export const CALIBRATE_USAGE = `  vdi-console calibrate [--json] [--only R1,R3,...] [--seed N]
      Run the calibration cases (resources/calibration: published densities of real hosts) on the simulator
      and print case, published, simulated and error; exits 1 when a case lands outside its tolerance.
`;

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CALIBRATION_DIR = join(REPO_ROOT, 'resources', 'calibration');

export function loadCapacityCases(): CalibrationCase[] {
  return (JSON.parse(readFileSync(join(CALIBRATION_DIR, 'capacity-cases.json'), 'utf8')) as { cases: CalibrationCase[] }).cases;
}

interface Args {
  json: boolean;
  only: string[] | null;
  seed: number | null;
}

function parse(argv: string[]): Args {
  const out: Args = { json: false, only: null, seed: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const [flag, inline] = a.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--json') out.json = true;
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
  const cases = loadCapacityCases().filter((c) => !opts.only || opts.only.includes(c.id));
  const defs = cases.map((c) => {
    const def = parseCase(c);
    return opts.seed === null || opts.seed === undefined ? def : { ...def, seed: opts.seed };
  });
  const runs = await runInWorkers(defs);
  return cases.map((c, i) => capacityRow(c, (runs[i] as { result: Parameters<typeof capacityRow>[1] }).result));
}

export async function calibrateCommand(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parse(argv);
  } catch (err) {
    process.stderr.write(`vdi-console calibrate: ${(err as Error).message}\n`);
    return 2;
  }
  const rows = await calibrationRows(args);
  if (args.json) process.stdout.write(`${JSON.stringify({ rows }, null, 2)}\n`);
  else {
    process.stdout.write(`Calibration against published measurements (shared/calibration; docs/CALIBRATION.md)\n\n${calibrationTable(rows)}`);
    const out = rows.filter((r) => !r.pass);
    process.stdout.write(
      out.length === 0
        ? `\nAll ${rows.length} cases within tolerance.\n`
        : `\n${out.length} of ${rows.length} cases outside tolerance: ${out.map((r) => r.id).join(', ')}\n`,
    );
  }
  return rows.every((r) => r.pass) ? 0 : 1;
}
