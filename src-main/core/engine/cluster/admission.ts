import type { AdmissionStatus } from '../../../contract/cluster-entities.ts';
import type { EngineCore } from '../core.ts';
import { P } from '../state.ts';

/**
 * vSphere HA admission control: failover capacity kept free so the VMs of a
 * failed host can restart. It counts what powered-on VMs reserve: here every
 * VM's configured memory plus its overhead (VDI practice: full memory
 * reservations, so no VM swap file) and its CPU reservation, at least
 * `minCpuMhz` (vSphere's default slot when a VM reserves nothing).
 * - percentage: the free share of the cluster's CPU and memory must stay at or
 *   above the reserve (e.g. 25 %);
 * - host failures: the load must still fit when the N largest hosts are gone.
 * Power-ons that would break it are refused; HA restarts are never refused.
 */
export const ADMISSION = { minCpuMhz: 32 };

export function vmReservation(e: EngineCore, d: number): { memMb: number; cpuMhz: number } {
  const st = e.st;
  return { memMb: (st.dRamMb[d] as number) + (st.dOverheadMb[d] as number), cpuMhz: Math.max(ADMISSION.minCpuMhz, st.dResMhz[d] as number) };
}

/**
 * What the powered-on VMs of every cluster reserve, in one sweep of the desktops (in desktop order):
 * the HA alarm asks every cluster each simulated minute, and hands each its sums (one sweep, not one
 * per cluster); a single question sweeps the same way and takes its cluster's.
 */
export function reservedByCluster(e: EngineCore): { memMb: Float64Array; cpuMhz: Float64Array } {
  const st = e.st;
  const c = e.cluster;
  const memMb = new Float64Array(c.clusters.length);
  const cpuMhz = new Float64Array(c.clusters.length);
  for (let d = 0; d < st.dPower.length; d++) {
    if (st.dPower[d] !== P.poweredOn) continue;
    const k = c.hCluster[st.dHost[d] as number] as number;
    if (!(k >= 0 && k < memMb.length)) continue;
    const r = vmReservation(e, d);
    memMb[k] = (memMb[k] as number) + r.memMb;
    cpuMhz[k] = (cpuMhz[k] as number) + r.cpuMhz;
  }
  return { memMb, cpuMhz };
}

/**
 * The cluster's admission-control figures, as if `extra` more were powered on and `without` host were
 * gone. `reserved`: the cluster's powered-on VMs' reservations, if already summed (`reservedByCluster`).
 */
export function admission(
  e: EngineCore,
  cluster: number,
  extra = { memMb: 0, cpuMhz: 0 },
  without = -1,
  reserved?: { memMb: number; cpuMhz: number },
): AdmissionStatus {
  const st = e.st;
  const c = e.cluster;
  const cfg = c.clusters[cluster];
  const caps: { mem: number; cpu: number }[] = [];
  let memCap = 0;
  let cpuCap = 0;
  for (let h = 0; h < st.hCapMhz.length; h++) {
    if (c.hCluster[h] !== cluster || h === without || st.hOn[h] !== 1 || c.hFail[h] !== 0 || c.hMaint[h] !== 0) continue;
    caps.push({ mem: st.hRamMb[h] as number, cpu: st.hCapMhz[h] as number });
    memCap += st.hRamMb[h] as number;
    cpuCap += st.hCapMhz[h] as number;
  }
  let r = reserved;
  if (!r) {
    const all = reservedByCluster(e);
    r = { memMb: all.memMb[cluster] ?? 0, cpuMhz: all.cpuMhz[cluster] ?? 0 };
  }
  const memUsed = extra.memMb + r.memMb;
  const cpuUsed = extra.cpuMhz + r.cpuMhz;
  const memFree = memCap > 0 ? (100 * (memCap - memUsed)) / memCap : 0;
  const cpuFree = cpuCap > 0 ? (100 * (cpuCap - cpuUsed)) / cpuCap : 0;
  // Host failures tolerated: remove the largest hosts one by one while the load still fits.
  const bySize = [...caps].sort((a, b) => b.mem - a.mem || b.cpu - a.cpu);
  let tolerated = 0;
  let m = memCap;
  let p = cpuCap;
  for (const h of bySize) {
    m -= h.mem;
    p -= h.cpu;
    if (m < memUsed || p < cpuUsed || m <= 0) break;
    tolerated++;
  }
  const policy = cfg?.haEnabled ? (cfg.ac.policy ?? 'percentage') : 'disabled';
  let ok = true;
  let message = 'Admission control is disabled';
  if (policy === 'percentage' && cfg) {
    ok = memFree >= cfg.ac.memPct && cpuFree >= cfg.ac.cpuPct;
    message = `Failover capacity: CPU ${cpuFree.toFixed(0)} % free (reserve ${cfg.ac.cpuPct} %), memory ${memFree.toFixed(0)} % free (reserve ${cfg.ac.memPct} %)`;
  } else if (policy === 'host-failures' && cfg) {
    ok = tolerated >= cfg.ac.hostFailures;
    message = `The cluster tolerates ${tolerated} host failure(s) (configured: ${cfg.ac.hostFailures})`;
  }
  return {
    clusterId: cfg?.id ?? '',
    policy,
    cpuCapacityMhz: Math.round(cpuCap),
    memCapacityMb: Math.round(memCap),
    cpuUsedMhz: Math.round(cpuUsed),
    memUsedMb: Math.round(memUsed),
    cpuFailoverPct: Math.round(cpuFree * 10) / 10,
    memFailoverPct: Math.round(memFree * 10) / 10,
    toleratedHostFailures: tolerated,
    ok,
    message,
  };
}
