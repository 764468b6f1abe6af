import type { MachineState, PowerState } from '../../contract/entities.ts';

/**
 * The rules a hypervisor enforces on snapshots (vSphere 8 behaviour), as pure functions so the
 * handlers, the engine (bulk operations, judged at the moment each desktop's turn comes) and the
 * tests share one truth table.
 *
 * Taking a snapshot
 * | desktop                                   | memory | quiesce | result                                                                 |
 * |-------------------------------------------|--------|---------|------------------------------------------------------------------------|
 * | PROVISIONING / CUSTOMIZING / WAIT_FOR_AGENT| any    | any     | refused: the clone's disks are still being written (the clone or the     |
 * |                                           |        |         | customization holds the disk lock; vCenter queues nothing, it fails)     |
 * | DELETING                                  | any    | any     | refused: the VM is being destroyed                                      |
 * | chain already at maxChainDepth (32)       | any    | any     | refused: vSphere's hard limit of 32 levels of delta disks per VM         |
 * | powered on                                | yes    | any     | ok: memory is saved, the guest need not be quiesced (it is frozen)       |
 * | powered on                                | no     | yes     | ok: VMware Tools / VSS flush the guest before the disk is frozen         |
 * | powered on                                | no     | no      | refused: a disk-only snapshot of a running guest without quiescing is    |
 * |                                           |        |         | only crash-consistent (open files, half-written profile): this console   |
 * |                                           |        |         | asks for quiesce or memory instead of making a snapshot that may not boot|
 * | powered on, agent unreachable / ERROR     | no     | yes     | refused: quiescing needs VMware Tools answering in the guest             |
 * | powered off                               | yes    | any     | ok, stored without memory (there is none to save)                        |
 * | powered off / suspended                   | no     | any     | ok: the disks are consistent, quiesce is moot                            |
 * | suspended                                 | yes    | any     | ok: the suspended state (.vmss) is kept with the snapshot                |
 *
 * Reverting to a snapshot S of desktop D
 * | case                                       | result                                                                   |
 * |--------------------------------------------|--------------------------------------------------------------------------|
 * | S belongs to another desktop               | refused (not-found at that path): a snapshot only exists in its own VM's tree |
 * | D is PROVISIONING / CUSTOMIZING / DELETING | refused: the disks are locked by the clone or the delete                  |
 * | a snapshot task already runs on D          | refused: vCenter runs one snapshot operation per VM at a time             |
 * | S has memory, taken powered on             | D resumes powered on at that moment (state as then; sessions are not      |
 * |                                            | restored: the broker ended them at revert and users reconnect)            |
 * | S has memory, taken suspended              | D is suspended                                                            |
 * | S without memory                           | D is powered off (there is no running state to return to)                 |
 * | any                                        | the active delta (writes since the current snapshot) is discarded; every |
 * |                                            | session on D is disconnected and loses unsaved work                      |
 *
 * Deleting: refused while D is DELETING or another snapshot task runs on D; a delete merges the
 * snapshot's delta into its parent (I/O and time); consolidation is refused when nothing is left over.
 */

export const SNAPSHOT_RULES = {
  /** vSphere: at most 32 delta disks in a chain. */
  maxChainDepth: 32,
  /** VMware KB 1025279 best practice: no more than 2–3 snapshots in a chain. */
  warnChainDepth: 3,
  /** VMware KB 1025279: do not keep a snapshot for more than 72 hours. */
  warnAgeHours: 72,
};

const DISKS_BUSY: readonly MachineState[] = ['PROVISIONING', 'CUSTOMIZING', 'WAIT_FOR_AGENT'];
const NO_TOOLS: readonly MachineState[] = ['AGENT_UNREACHABLE', 'ERROR', 'PROVISIONING_ERROR'];

export interface TakeRequest {
  state: MachineState;
  power: PowerState;
  includeMemory: boolean;
  quiesce: boolean;
  /** Delta disks the desktop already reads through. */
  chainDepth: number;
}

export type Verdict = { ok: true; storesMemory: boolean } | { ok: false; field: 'desktopId' | 'quiesce' | 'includeMemory'; reason: string };

/** Whether a snapshot may be taken now, and whether it stores memory. */
export function judgeTake(r: TakeRequest): Verdict {
  if (DISKS_BUSY.includes(r.state)) {
    return { ok: false, field: 'desktopId', reason: `the desktop is ${r.state}: its disks are still being written by the clone or customization` };
  }
  if (r.state === 'DELETING') return { ok: false, field: 'desktopId', reason: 'the desktop is being deleted' };
  if (r.chainDepth >= SNAPSHOT_RULES.maxChainDepth) {
    return {
      ok: false,
      field: 'desktopId',
      reason: `the snapshot chain is at the limit of ${SNAPSHOT_RULES.maxChainDepth} levels: delete or consolidate snapshots first`,
    };
  }
  if (r.power === 'poweredOn' && !r.includeMemory) {
    if (!r.quiesce) {
      return {
        ok: false,
        field: 'quiesce',
        reason: 'a disk-only snapshot of a running desktop must quiesce the guest (or include memory); otherwise it is only crash-consistent',
      };
    }
    if (NO_TOOLS.includes(r.state)) {
      return { ok: false, field: 'quiesce', reason: `cannot quiesce: VMware Tools do not answer in the guest (${r.state}); include memory instead` };
    }
  }
  return { ok: true, storesMemory: r.includeMemory && r.power !== 'poweredOff' };
}

export interface RevertOutcome {
  power: PowerState;
  state: MachineState;
}

/**
 * What a desktop becomes after a revert: with memory it is as it was (minus sessions, which the
 * broker ended); without memory it is powered off. A desktop the snapshot caught with a user on it
 * comes back AVAILABLE, since the session it had no longer exists on the broker.
 */
export function revertOutcome(snap: { includeMemory: boolean; powerState: PowerState; machineState: MachineState }): RevertOutcome {
  const sessionless = (s: MachineState): MachineState => (s === 'CONNECTED' || s === 'DISCONNECTED' ? 'AVAILABLE' : s);
  if (!snap.includeMemory) {
    // Powered off; a guest that was broken when the snapshot was taken is still broken on disk.
    const broken = snap.machineState === 'ERROR' || snap.machineState === 'AGENT_UNREACHABLE';
    return { power: 'poweredOff', state: broken ? snap.machineState : 'AVAILABLE' };
  }
  return { power: snap.powerState, state: sessionless(snap.machineState) };
}

/** Whether a revert or delete may start on a desktop in this state. */
export function judgeChange(state: MachineState, busy: boolean): { ok: true } | { ok: false; reason: string } {
  if (busy) return { ok: false, reason: 'another snapshot task is running on this desktop (one at a time per VM)' };
  if (DISKS_BUSY.includes(state)) return { ok: false, reason: `the desktop is ${state}: its disks are locked by the clone or customization` };
  if (state === 'DELETING') return { ok: false, reason: 'the desktop is being deleted' };
  return { ok: true };
}

/** Chain warnings shown on the desktop (vSphere best practice, VMware KB 1025279). */
export function chainWarnings(depth: number, oldestAgeHours: number, orphanGb: number): string[] {
  const out: string[] = [];
  if (depth > SNAPSHOT_RULES.warnChainDepth) out.push(`snapshot chain of ${depth} levels (more than ${SNAPSHOT_RULES.warnChainDepth} slows every read)`);
  if (oldestAgeHours > SNAPSHOT_RULES.warnAgeHours)
    out.push(`oldest snapshot is ${Math.floor(oldestAgeHours)} h old (keep them under ${SNAPSHOT_RULES.warnAgeHours} h)`);
  if (orphanGb > 0) out.push(`virtual machine disks consolidation is needed (${orphanGb.toFixed(1)} GB left by a failed deletion)`);
  return out;
}
