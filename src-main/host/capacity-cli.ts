import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CAPACITY_DEFINITION, CAPACITY_SWEEP_KEYS, type CapacityDefinition, type CapacitySweepValue } from '../contract/capacity-entities.ts';
import { type CapacityResult } from '../contract/capacity-results.ts';
import { LabError, type ApiError } from '../contract/errors.ts';
import { runCapacityTest } from '../core/capacity/run.ts';
import { expandSweep, parseSweepValues } from '../core/capacity/sweep.ts';
import { checkDefinition } from '../core/capacity/validate.ts';
import { curvesCsv, htmlReport } from '../core/capacity/export.ts';
import { runInWorkers } from '../app/capacity/pool.ts';

// `vdi-console capacity FILE.json [--json] [--sweep key=v1,v2,...] [--csv OUT] [--html OUT]`:
// a capacity test from the command line, no lab folder needed.

export const CAPACITY_USAGE = `  vdi-console capacity FILE.json [--json] [--sweep key=v1,v2,...] [--csv OUT.csv] [--html OUT.html]
      Run a capacity test (Login VSI method) from a definition file (examples: resources/capacity/) and
      print VSImax, the bottleneck and the recommendations; --json prints one JSON object with the curves.
      --sweep varies a field (repeat it for a grid), running the configurations in parallel; keys:
      ${CAPACITY_SWEEP_KEYS.join(', ')}.
`;

class CliError extends Error {
  constructor(readonly api: ApiError) {
    super(api.message);
  }
}

interface Args {
  file: string;
  json: boolean;
  sweep: Record<string, CapacitySweepValue[]>;
  csv?: string;
  html?: string;
}

function parse(argv: string[]): Args {
  let file: string | undefined;
  let json = false;
  const sweep: Record<string, CapacitySweepValue[]> = {};
  const out: { csv?: string; html?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const [flag, inline] = a.startsWith('--') ? (a.split(/=(.*)/s, 2) as [string, string | undefined]) : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new CliError({ code: 'invalid-input', message: `${flag} needs a value` });
      return v;
    };
    if (flag === '--json') json = true;
    else if (flag === '--sweep') {
      const spec = value();
      const eq = spec.indexOf('=');
      if (eq <= 0)
        throw new CliError({ code: 'invalid-input', message: `--sweep ${spec}: write key=v1,v2,... (e.g. hosts.coresPerSocket=8,18,24)`, path: ['sweep'] });
      const key = spec.slice(0, eq);
      const values = parseSweepValues(spec.slice(eq + 1));
      if (values.length === 0) throw new CliError({ code: 'invalid-input', message: `--sweep ${key}: give at least one value`, path: ['sweep', key] });
      sweep[key] = values;
    } else if (flag === '--csv') out.csv = value();
    else if (flag === '--html') out.html = value();
    else if (a.startsWith('--')) throw new CliError({ code: 'invalid-input', message: `unknown option ${flag}` });
    else if (file === undefined) file = a;
    else throw new CliError({ code: 'invalid-input', message: `one definition file at a time (got ${file} and ${a})` });
  }
  if (!file) throw new CliError({ code: 'invalid-input', message: 'name a capacity definition file (JSON), e.g. resources/capacity/knowledge-2x24.json' });
  return { file, json, sweep, ...out };
}

/** Reads and validates a definition file; errors name the file and the field. */
export function loadDefinition(file: string): CapacityDefinition {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError({ code: 'not-found', message: `${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CliError({ code: 'invalid-input', message: `${file}: not valid JSON (${(err as Error).message})` });
  }
  const parsed = CAPACITY_DEFINITION.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = (issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p));
    throw new CliError({ code: 'invalid-input', message: `${file}: ${path.join('.') || 'definition'}: ${issue?.message ?? 'invalid'}`, path });
  }
  const problem = checkDefinition(parsed.data);
  if (problem) throw new CliError({ code: 'invalid-input', message: `${file}: ${problem.path.join('.')}: ${problem.message}`, path: problem.path });
  return parsed.data;
}

const n1 = (x: number) => (Math.round(x * 100) / 100).toString();

export function summary(r: CapacityResult, label?: string): string {
  const d = r.definition;
  const h = d.hosts;
  const sh = d.sessionHost;
  const u = r.utilizationAtKnee;
  const rec = r.recommendations;
  const wl =
    typeof d.workload === 'string'
      ? d.workload
      : Object.entries(d.workload)
          .map(([k, v]) => `${k} ${v}`)
          .join(' + ');
  const lines = [
    `${d.name}${label ? `  [${label}]` : ''}  (seed ${d.seed})`,
    `  Hosts         ${h.count} × ${h.sockets} × ${h.coresPerSocket} cores${h.cpuModel ? ` ${h.cpuModel}` : ''} @ ${r.hostCpu.baseGhz} GHz${h.hyperthreading ? ' HT' : ''}, ${h.ramGb} GB, ${h.hypervisor}${h.hci === 'nutanix' ? ' + CVM' : ''}; storage ${d.storage.iops} IOPS (${d.storage.kind}) / ${d.storage.serviceTimeMs} ms; ${d.network.nics} × ${d.network.nicGbps} Gbit/s`,
    `  Session hosts ${sh.kind === 'single-session' ? `single-session desktops ${sh.vcpu} vCPU / ${sh.ramGb} GB` : `multi-session ${sh.vmsPerHost}/host × ${sh.vcpu} vCPU / ${sh.ramGb} GB (${sh.loadBalancing})`}; ${wl}; ${d.protocol}`,
    `  Launch        ${d.launch.sessions} sessions over ${d.launch.timeframeSec} s`,
    '',
    r.vsimaxReached
      ? `  VSImax        ${r.vsimax} sessions  (${n1(r.usersPerCore)} per core, ${n1(r.usersPerHost)} per host${sh.kind === 'multi-session' ? `, ${n1(r.usersPerVcpu)} per session-host vCPU` : ''})`
      : `  VSImax        not reached with ${r.sessionsLaunched} sessions (at least ${n1(r.usersPerCore)} per core)`,
    `  At ${r.cpuTarget.targetPct}% CPU    ${r.cpuTarget.users === null ? 'not reached' : `${Math.floor(r.cpuTarget.users)} users`} (Login Enterprise's density${r.cpuTarget.mhzPerSession === null ? '' : `; ${r.cpuTarget.mhzPerSession} MHz per session, ready ${r.cpuTarget.readyPct}%`})`,
    `  Host CPU      ${r.hostCpu.model ?? `${r.hostCpu.baseGhz} GHz only`}: ${r.hostCpu.vixPerCore} vix per core, ${r.hostCpu.hostVix} per host`,
    `  VSIbase       ${r.vsibaseMs} ms; threshold ${r.thresholdMs} ms (${r.thresholdRule})`,
    `  Bottleneck    ${r.bottleneck.sentence}`,
    `  At the knee   CPU ${u.cpuPct}% (ready ${u.readyPct}% per vCPU), memory ${u.memPct}% (${u.memState}), storage ${u.storageLatencyMs} ms / ${u.iops} IOPS, NIC demand ${u.networkPct}% of line rate`,
    `  Logon         ${logonText(r)}`,
    `  Stuck/failed  ${r.stuckSessions} / ${r.failedSessions} of ${r.sessionsLaunched} (${r.stuckFailedPct}%: ${r.withinStuckGuideline ? 'within' : 'OUTSIDE'} the 1% guideline)`,
    `  Recommended   ${rec.usersPerHostSafe} users per host (${n1(rec.usersPerCoreSafe)} per core) at a ${rec.safetyMarginPct}% safety margin;`,
    `                ${rec.targetUsers} users need ${rec.hostsForTarget} hosts, ${rec.hostsWithHa} with N+${rec.haSpareHosts}${rec.lowerBound ? ' (upper bound: VSImax not reached)' : ''}`,
    ...rec.notes.filter((n) => /not a valid result|not reached|cannot carry/.test(n)).map((n) => `  Note          ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Mean logon duration of the first minutes and around the knee. */
function logonText(r: CapacityResult): string {
  const logons = r.curves.filter((c) => c.logonSec !== null);
  const first = logons.slice(0, 6);
  const kneeAt = r.vsimax ?? r.sessionsLaunched;
  const near = logons.filter((c) => Math.abs(c.activeSessions - kneeAt) <= Math.max(3, kneeAt * 0.03));
  const mean = (xs: typeof logons) => (xs.length ? Math.round(xs.reduce((a, c) => a + (c.logonSec ?? 0), 0) / xs.length) : 0);
  return `${mean(first)} s at the start, ${mean(near)} s ${r.vsimaxReached ? 'at VSImax' : 'at the end'}`;
}

function sweepTable(rows: { label: string; r: CapacityResult }[]): string {
  const w = Math.max(13, ...rows.map((x) => x.label.length));
  const head = `${'configuration'.padEnd(w)}  ${'VSImax'.padStart(8)}  ${'per core'.padStart(8)}  ${'hosts N+1'.padStart(9)}  bottleneck`;
  const body = rows.map(({ label, r }) =>
    [
      label.padEnd(w),
      (r.vsimax === null ? `>${r.sessionsLaunched}` : String(r.vsimax)).padStart(8),
      n1(r.usersPerCore).padStart(8),
      String(r.recommendations.hostsWithHa).padStart(9),
      r.bottleneck.sentence,
    ].join('  '),
  );
  return `${[head, ...body].join('\n')}\n`;
}

/** Before the run: an export whose folder does not exist or cannot be written is refused now, not after minutes of run. */
function checkWritable(path: string | undefined, flag: 'csv' | 'html'): void {
  if (path === undefined) return;
  const folder = dirname(resolve(path));
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
    accessSync(folder, constants.W_OK);
  } catch (err) {
    throw new CliError({ code: 'invalid-input', message: `Cannot write --${flag} ${path}: ${folder}: ${(err as Error).message}`, path: [flag] });
  }
}

/** Writes an export the user named; a path that cannot be written is an input error on its flag, not a stack trace. */
function writeOut(path: string, text: string, flag: 'csv' | 'html'): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new CliError({ code: 'invalid-input', message: `Cannot write --${flag} ${path}: ${(err as Error).message}`, path: [flag] });
  }
}

/** Runs the command; returns the exit code (0 ok, 2 bad definition or arguments). */
export async function capacityCommand(argv: string[]): Promise<number> {
  let args: Args | undefined;
  try {
    args = parse(argv);
    const def = loadDefinition(args.file);
    checkWritable(args.csv, 'csv');
    checkWritable(args.html, 'html');
    if (Object.keys(args.sweep).length === 0) {
      // A progress line on a terminal only (scripts and pipes get just the result).
      const tty = process.stderr.isTTY === true;
      const r = runCapacityTest(def, {
        onProgress: tty
          ? (p) =>
              process.stderr.write(
                `\r  ${Math.round(p.progress * 100)}%  ${p.launched}/${def.launch.sessions} sessions launched${p.indexMs === null ? '' : `, VSI index ${p.indexMs} ms`}   `,
              )
          : undefined,
      });
      if (tty) process.stderr.write('\r\x1b[K');
      if (args.csv) writeOut(args.csv, curvesCsv(r), 'csv');
      if (args.html) {
        const run = {
          id: 'cli',
          name: def.name,
          sweepId: null,
          sweepLabel: null,
          state: 'completed' as const,
          progress: 1,
          createdAt: '',
          startedAt: null,
          finishedAt: null,
          wallMs: null,
          error: null,
          definition: def,
          vsimax: r.vsimax,
          vsimaxReached: r.vsimaxReached,
          sessionsLaunched: r.sessionsLaunched,
          bottleneck: r.bottleneck.resource,
          usersPerCore: r.usersPerCore,
          result: r,
        };
        writeOut(args.html, htmlReport(run), 'html');
      }
      process.stdout.write(args.json ? `${JSON.stringify(r)}\n` : summary(r));
      return 0;
    }
    if (args.csv || args.html)
      throw new CliError({ code: 'invalid-input', message: '--csv and --html export one run: leave out --sweep, or run each configuration on its own' });
    let configs;
    try {
      configs = expandSweep(def, args.sweep);
      for (const c of configs) {
        const problem = checkDefinition(c.definition);
        if (problem) throw new LabError('invalid-input', `sweep ${c.label}: ${problem.path.join('.')}: ${problem.message}`, ['sweep', c.key]);
      }
    } catch (err) {
      if (err instanceof LabError) throw new CliError(err.toApiError());
      throw err;
    }
    const done = new Set<number>();
    const runs = await runInWorkers(
      configs.map((c) => c.definition),
      {
        onProgress: process.stderr.isTTY
          ? (i, p) => {
              if (p.progress >= 1) done.add(i);
              process.stderr.write(`\r  ${done.size}/${configs.length} configurations done   `);
            }
          : undefined,
      },
    );
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const rows = configs.map((c, i) => ({ label: c.label, r: (runs[i] as { result: CapacityResult }).result }));
    if (args.json) process.stdout.write(`${JSON.stringify({ sweep: args.sweep, runs: rows.map(({ label, r }) => ({ label, ...r })) })}\n`);
    else process.stdout.write(`${def.name}: sweep of ${configs.length} configurations\n\n${sweepTable(rows)}`);
    return 0;
  } catch (err) {
    if (err instanceof CliError) {
      if (args?.json) process.stderr.write(`${JSON.stringify(err.api)}\n`);
      else process.stderr.write(`vdi-console capacity: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
