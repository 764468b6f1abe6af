/**
 * A datastore serves at most its capacity and queues the rest (issue 13). The array's capacity is
 * in back-end I/Os per second; a front-end write costs `writePenalty` back-end I/Os (RAID10 2,
 * RAID5 4, RAID6 6, HCI with 2 / 3 copies 2 / 3, a flash array with NVRAM 1: the standard RAID
 * write penalties; RF2 / RF3 = synchronous copies).
 *
 * Below capacity: served = offered, latency R = S / (1 − ρ) (M/M/1, DOMAIN.md), ρ = back-end load /
 * capacity, capped at `rhoCap`. At or above it: the array serves its capacity, the rest waits in a
 * backlog that grows by (offered − capacity) × dt and drains when the load falls; latency adds the
 * backlog's wait (backlog / capacity). The backlog is bounded by the I/Os the VMs can have
 * outstanding (`outstandingIo` per desktop / session host: a virtual disk's queue depth), so latency
 * stays finite and the load offered beyond it is simply not issued.
 *
 * The VMs are a closed loop too (the interactive response-time law): a VM issues its next I/O after
 * it got the last one and "thought" for a while, so its rate falls as latency grows:
 * X = X₀ × (Z + S) / (Z + L), with Z = ioConcurrency / (the VM's nominal IOPS). A logon or a boot
 * stretched by latency therefore does the same I/O over a longer time instead of piling more on.
 *
 * | parameter | value | kind | source |
 * |---|---|---|---|
 * | `writePenalty` | raid10 2, raid5 4, raid6 6, hci-rf2 2, hci-rf3 3, flash-array 1 | src | standard RAID write penalties; RF = synchronous copies |
 * | `outstandingIo` | 32 per desktop, 64 per session host | est | virtual disk queue depth (pvscsi default 64, desktops rarely fill half) |
 * | `rhoCap` | 0.98 | — | below capacity the M/M/1 curve is capped here; past it the backlog takes over |
 * | `ioConcurrency` | 4 I/Os per VM | est | a busy desktop keeps a few I/Os in flight (its think time Z = 4 / its IOPS: 470 ms at a knowledge worker's 8.5, 5 ms in a boot) |
 */
export const STORAGE_QUEUE_PARAMS = {
  ioConcurrency: 4,
  writePenalty: { 'flash-array': 1, raid10: 2, raid5: 4, raid6: 6, 'hci-rf2': 2, 'hci-rf3': 3 },
  outstandingIo: { desktop: 32, sessionHost: 64 },
  rhoCap: 0.98,
} as const;

export type StorageKind = keyof typeof STORAGE_QUEUE_PARAMS.writePenalty;
export const STORAGE_KINDS = Object.keys(STORAGE_QUEUE_PARAMS.writePenalty) as StorageKind[];

/** Share of their nominal IOPS that VMs issue when the datastore answers in `latencyMs` (closed loop), at `perVmIops` each. */
export function closedLoopFactor(perVmIops: number, serviceTimeMs: number, latencyMs: number): number {
  if (!(perVmIops > 0) || latencyMs <= serviceTimeMs) return 1;
  const think = (1000 * STORAGE_QUEUE_PARAMS.ioConcurrency) / perVmIops;
  return (think + serviceTimeMs) / (think + latencyMs);
}

export interface StorageTick {
  /** Front-end IOPS served, back-end load as a share of capacity, latency (ms), the backlog after the tick (back-end I/Os). */
  servedIops: number;
  backendRho: number;
  latencyMs: number;
  backlog: number;
}

/**
 * One tick of a datastore. `offered` front-end IOPS of which `writes` are writes; capacity in
 * back-end IOPS; `backlog` the back-end I/Os waiting from before; `maxBacklog` the closed loop's bound.
 */
export function storageTick(
  offered: number,
  writes: number,
  capacity: number,
  serviceTimeMs: number,
  writePenalty: number,
  backlog: number,
  maxBacklog: number,
  dt: number,
): StorageTick {
  const p = STORAGE_QUEUE_PARAMS;
  const f = Math.max(0, offered);
  const w = Math.min(f, Math.max(0, writes));
  const backend = f - w + writePenalty * w;
  const perFront = f > 0 ? backend / f : 1; // back-end I/Os per front-end I/O
  const rho = capacity > 0 ? backend / capacity : 1;
  let q = Math.max(0, backlog + (backend - capacity) * dt);
  q = Math.min(q, Math.max(0, maxBacklog));
  const servedBackend = Math.min(capacity, backend + Math.max(0, backlog - q) / Math.max(dt, 1e-9));
  const latency = serviceTimeMs / (1 - Math.min(rho, p.rhoCap)) + (1000 * q) / Math.max(capacity, 1e-9);
  return { servedIops: servedBackend / perFront, backendRho: rho, latencyMs: latency, backlog: q };
}
