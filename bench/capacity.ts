// `npm run bench -- capacity`: one capacity test (48 minutes, 400 single-session sessions)
// in-process and in a worker thread, and an 8-configuration sweep in parallel workers
// against the serial sum of the same runs. Targets (issue 7): ≤ 3 s for the single test;
// sweep wall ≤ 60% of the serial sum on 2 cores.
import { availableParallelism, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { CAPACITY_DEFINITION } from '../src-main/contract/capacity-entities.ts';
import { runCapacityTest } from '../src-main/core/capacity/run.ts';
import { expandSweep } from '../src-main/core/capacity/sweep.ts';
import { runInWorkers } from '../src-main/app/capacity/pool.ts';

const round = (n: number) => Math.round(n * 10) / 10;

export async function capacityBench(): Promise<Record<string, unknown>[]> {
  const def = CAPACITY_DEFINITION.parse(JSON.parse(readFileSync(new URL('../resources/capacity/knowledge-2x24.json', import.meta.url), 'utf8')));
  const out: Record<string, unknown>[] = [];

  runCapacityTest(def); // warm the JIT like a second run in a long-lived worker would be
  let t = performance.now();
  const r = runCapacityTest(def);
  const inProcessMs = performance.now() - t;
  t = performance.now();
  const [w] = await runInWorkers([def], { parallelism: 1 });
  const workerWallMs = performance.now() - t;
  out.push({
    case: 'capacity',
    test: 'single',
    sessions: def.launch.sessions,
    simulatedSec: r.durationSec,
    vsimax: r.vsimax,
    inProcessMs: round(inProcessMs),
    inWorkerMs: round(w?.wallMs ?? 0),
    workerWallMs: round(workerWallMs), // including the thread's start and tsx loading
    targetMs: 3000,
    ok: workerWallMs <= 3000,
  });

  // The sweep: the same 8 configurations through the worker pool, first one worker at a time
  // (the serial sum, with the same thread start-up costs), then on every core.
  // Two hosts and 800 sessions per configuration, so a thread's start-up (tsx) is small against its run.
  const sweepDef = CAPACITY_DEFINITION.parse({ ...def, hosts: { ...def.hosts, count: 2 }, launch: { ...def.launch, sessions: 800 } });
  const configs = expandSweep(sweepDef, { 'hosts.coresPerSocket': [12, 16, 20, 24], workload: ['task', 'knowledge'] });
  const defs = configs.map((c) => c.definition);
  t = performance.now();
  const serial = await runInWorkers(defs, { parallelism: 1 });
  const serialMs = performance.now() - t;
  const parallelism = availableParallelism();
  t = performance.now();
  const cpu0 = process.cpuUsage();
  const runs = await runInWorkers(defs, { parallelism });
  const sweepWallMs = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  out.push({
    case: 'capacity',
    test: 'sweep',
    configurations: configs.length,
    workers: parallelism,
    serialSumMs: round(serialMs),
    serialRunSumMs: round(serial.reduce((a, x) => a + x.wallMs, 0)), // the runs alone, without thread start-up
    sweepWallMs: round(sweepWallMs),
    ratio: Math.round((100 * sweepWallMs) / serialMs) / 100,
    targetRatio: 0.6,
    ok: sweepWallMs <= 0.6 * serialMs,
    // CPU time of all the process's threads over the sweep's wall time: 2 means both cores were busy.
    coresUsed: round((cpu.user + cpu.system) / 1000 / sweepWallMs),
    loadAverage1m: round(loadavg()[0] ?? 0), // other work on the machine slows the parallel case most
    vsimax: runs.map((x) => x.result.vsimax),
  });
  return out;
}
