/**
 * Live migration (vMotion) with the iterative pre-copy model (DOMAIN.md
 * "Cluster operations"): round 0 copies the VM's memory V over the link while
 * the guest dirties pages at D; each next round copies what the previous one
 * left dirty, so with λ = D / R round i copies V·λ^i. Copying stops when the
 * remainder fits the switchover (downtime) target, or after `maxRounds`; the
 * VM is then stunned while the remainder is copied: that is the downtime.
 */
export const VMOTION = {
  /** Switchover target (vSphere aims for sub-second stun; 300 ms is the documented default here). */
  downtimeTargetMs: 300,
  /** Pre-copy rounds before forcing the switchover. */
  maxRounds: 30,
  /** vMotion uses about half of the link (the rest stays for VM and storage traffic). */
  linkShare: 0.5,
  /** Extra CPU on both hosts while a migration runs, as a share of the migrating VM's vCPU worth (~10 %). */
  cpuOverheadShare: 0.1,
  /** Pre-checks, destination VM creation and switchover bookkeeping (s). */
  setupSec: 2,
  /** vSphere fails a migration whose switchover would exceed this (vmotion.maxSwitchoverSeconds). */
  maxSwitchoverSec: 100,
  /** Memory dirtied per second (MB/s): a VM with nobody on it, a logon in progress, and per active session by workload. */
  dirtyMBps: { idleVm: 2, logon: 40, task: 8, knowledge: 15, power: 35, disconnected: 1 },
} as const;

/** Concurrent vMotions per host by link speed (vSphere: 4 on 1 GbE, 8 on 10 GbE and faster). */
export function migrationLimit(nicGbps: number): number {
  return nicGbps >= 10 ? 8 : 4;
}

export interface PrecopyInput {
  memoryMb: number;
  dirtyMBps: number;
  /** Link rate available to this migration (MB/s), already the vMotion share. */
  linkMBps: number;
  downtimeTargetMs?: number;
  maxRounds?: number;
}

export interface PrecopyResult {
  lambda: number;
  rounds: { round: number; copiedMb: number; seconds: number }[];
  converged: boolean;
  /** Remainder copied with the VM stunned. */
  downtimeMs: number;
  /** Setup + every pre-copy round + the switchover. */
  durationSec: number;
  /** The switchover is longer than vSphere allows: the migration fails. */
  fails: boolean;
}

/** The pre-copy rounds of one migration. Pure: same inputs, same plan. */
export function precopy(input: PrecopyInput): PrecopyResult {
  const R = input.linkMBps;
  if (!(R > 0)) throw new RangeError('link rate must be positive');
  const V = Math.max(0, input.memoryMb);
  const lambda = Math.max(0, input.dirtyMBps) / R;
  const targetSec = (input.downtimeTargetMs ?? VMOTION.downtimeTargetMs) / 1000;
  const maxRounds = input.maxRounds ?? VMOTION.maxRounds;
  const rounds: PrecopyResult['rounds'] = [];
  let remaining = V; // what round i has to copy: V·λ^i
  let converged = false;
  for (let i = 0; i < maxRounds; i++) {
    if (remaining / R <= targetSec) {
      converged = true;
      break;
    }
    rounds.push({ round: i, copiedMb: remaining, seconds: remaining / R });
    remaining = V * lambda ** (i + 1);
  }
  if (!converged && remaining / R <= targetSec) converged = true;
  const downtimeSec = remaining / R;
  const precopySec = rounds.reduce((s, r) => s + r.seconds, 0);
  return {
    lambda,
    rounds,
    converged,
    downtimeMs: downtimeSec * 1000,
    durationSec: VMOTION.setupSec + precopySec + downtimeSec,
    fails: downtimeSec > VMOTION.maxSwitchoverSec,
  };
}

/** The link rate (MB/s) one migration gets: half the slower NIC, shared with the migrations already running on either host. */
export function linkMBps(srcNicGbps: number, dstNicGbps: number, concurrent: number): number {
  return (Math.min(srcNicGbps, dstNicGbps) * 1000 * VMOTION.linkShare) / 8 / Math.max(1, concurrent);
}
