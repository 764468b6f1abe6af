import { planBoot, BOOT_PARAMS } from '../../models/boot.ts';
import { vcpuSpeedVix } from '../../models/cpu-perf.ts';
import { hashJitter } from '../../models/protocol.ts';
import type { EngineCore } from '../core.ts';

/**
 * One desktop's boot as it starts now (core/models/boot.ts): its time from the host's CPU ready
 * and its datastore's latency at this moment, its guest I/O spread over the boot, and its CPU
 * (cpuVcpuEquivalent of one vCPU, in the host's MHz). The spread of boot times comes from a hash of
 * the engine's seed, the desktop and the time: a restored engine draws the same, another seed another
 * storm (run-to-run spread from the model, issue 13).
 */
export function startBoot(e: EngineCore, d: number): { taskSec: number; totalSec: number; iops: number; mhz: number; ios: number } {
  const st = e.st;
  const h = st.dHost[d] as number;
  const pool = st.dPool[d] as number;
  const pt = e.powerThrottle;
  const plan = planBoot({
    hypervisor: e.perf.hypervisor[h] ?? 'esxi',
    os: pt.pOs[pool] ?? 'win10',
    clone: pt.pClone[pool] ?? 'full-clone',
    readyPct: e.hReadyPct[h] as number,
    latencyMs: e.sLatencyMs[st.dDs[d] as number] as number,
    jitter: hashJitter(d, Math.round(e.t) ^ Math.imul(e.seed, 0x27d4eb2f)),
  });
  const vix = BOOT_PARAMS.cpuVcpuEquivalent * vcpuSpeedVix(e.perf.vixPerCore[h] as number, e.perf.smt[h] === 1, 0);
  // The guest's I/O and CPU run from the end of the power-on task until it registers.
  return { taskSec: plan.taskSec, totalSec: plan.totalSec, iops: plan.iops, mhz: vix * (e.perf.mhzPerVix[h] as number), ios: plan.iops * plan.bootSec };
}
