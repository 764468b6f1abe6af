/**
 * RAM per desktop below the working set pages in the guest (issue 13). A guest needs its working
 * set (the OS's plus each session's apps) with some headroom; what its RAM (less what the balloon
 * driver took) cannot hold is paged: the deficit δ = max(0, need − available) / need. Paging
 * reads from the VM's datastore (so a filling array makes it worse), costs guest CPU, and costs
 * every action set page faults × δ² × latency (core/models/response.ts).
 *
 * Host over-commitment (ESXi, DOMAIN.md): the balloon first takes guest free and cache memory
 * (RAM above the need: no harm), then forces guest paging; in the hard state the rest is swapped
 * by the host.
 *
 * | parameter | value | kind | source |
 * |---|---|---|---|
 * | `headroom` | 1.1 × working set | est | Windows keeps some standby memory; below it, hard faults start |
 * | `pageInIopsAtFullDeficit` | 400 read IOPS per active desktop × δ² | est | δ = 0.32 (1.5 GB for a 2.2 GB need) → ≈ 40 IOPS, ≈ 4× a knowledge worker's steady I/O |
 * | `pageInCpuVixPerIops` | 0.002 vix per page-in per second | est | fault handling and decompression in the guest |
 * | `balloonMaxShare` | 0.65 of a VM's RAM | src (recalled) | ESXi Mem.CtlMaxPercent default 65 %: a VM's share of its host's balloon never exceeds it (the host's balloon is ENGINE_PARAMS.balloonShare of its consumed memory; beyond it, in the hard state, the host swaps) |
 * | `swapInIopsPerSwappedShare` | 1,000 read IOPS per VM with sessions × swapped share | est | the faults of response.ts (50,000 × s per action set, one action set every ≈ 48 s) land on the datastore holding the swap files |
 */
export const GUEST_MEMORY_PARAMS = {
  headroom: 1.1,
  pageInIopsAtFullDeficit: 400,
  pageInCpuVixPerIops: 0.002,
  balloonMaxShare: 0.65,
  swapInIopsPerSwappedShare: 1000,
};

/** δ: the share of the working set need the guest cannot hold in RAM. */
export function pageDeficit(workingSetMb: number, ramMb: number, balloonMb: number): number {
  const need = workingSetMb * GUEST_MEMORY_PARAMS.headroom;
  if (need <= 0) return 0;
  const available = Math.max(0, ramMb - balloonMb);
  return Math.min(1, Math.max(0, need - available) / need);
}

/** Page-in read IOPS of an active guest at deficit δ. */
export function pageInIops(deficit: number): number {
  return GUEST_MEMORY_PARAMS.pageInIopsAtFullDeficit * deficit * deficit;
}
