// ESXi memory arithmetic (shared/DOMAIN.md "Hypervisor resource models"), used by the simulator
// (core/params.ts) and by the wizard's hints, so both count a VM's overhead and the host's minFree alike.

export const ESXI_MEMORY = {
  /** minFree = 899 MB + 1 % of RAM above 28 GB. */
  minFreeBaseMb: 899,
  minFreeAboveGb: 28,
  minFreePct: 0.01,
  /** VM overhead ≈ 18 MB + 7.4 MB per GB + 4 MB per extra vCPU. */
  overheadBaseMb: 18,
  overheadPerGbMb: 7.4,
  overheadPerExtraVcpuMb: 4,
} as const;

export function minFreeMb(ramGb: number): number {
  const m = ESXI_MEMORY;
  return m.minFreeBaseMb + Math.max(0, ramGb - m.minFreeAboveGb) * 1024 * m.minFreePct;
}

export function vmOverheadMb(ramGb: number, vcpu: number): number {
  const m = ESXI_MEMORY;
  return m.overheadBaseMb + m.overheadPerGbMb * ramGb + m.overheadPerExtraVcpuMb * Math.max(0, vcpu - 1);
}
