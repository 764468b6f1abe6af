/**
 * Figures the fault effects use besides each fault's own parameters (contract/fault-methods.ts
 * holds those, with their defaults and sources).
 */
export const FAULT_EFFECTS = {
  /**
   * Share of a datastore's IOPS capacity served while an array controller fails over (paths move
   * to the partner controller; I/O is queued by the host, not failed). Estimate: next to nothing.
   */
  failoverPauseCapacity: 0.001,
  /**
   * Free space (GB) under which a thin datastore counts as full and its VMs that write new blocks
   * are stunned; twice that free lets them resume. ESXi stuns a VM when an allocation fails (VMware
   * KB 1004133 / 2151703: "There is no more space for virtual disk"); VMFS allocates in 1 MB blocks
   * and a guest writes many at once, so "full" is taken as under 0.1 GB rather than exactly 0.
   */
  stunFreeGb: 0.1,
  /**
   * Response time (ms) counted for a session whose VM is stunned: the action set never completes.
   * Taken as one minute, the response sampler's interval (a frozen desktop for the whole sample);
   * far past VSImax's threshold (DOMAIN.md: baseline + 1,000 ms), so it shows on every chart.
   */
  stunnedResponseMs: 60_000,
  /**
   * A growing snapshot's extra latency (ms) per GB of its active delta for that VM's I/O: each
   * read that misses the top delta walks a longer grain-table lookup, and a large SEsparse/vmfsSparse
   * delta fragments (VMware KB 1025279: "snapshots grow… can affect performance"; estimate 0.05 ms
   * per GB, so a 100 GB delta adds 5 ms on top of the datastore's latency).
   */
  snapshotLatencyMsPerGb: 0.05,
};
