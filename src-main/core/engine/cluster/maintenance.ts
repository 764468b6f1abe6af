import type { EngineCore } from '../core.ts';
import { MAINT, type Job, type JobItem } from './context.ts';
import { bestHost, book, computeLoads } from './placement.ts';
import { P } from '../state.ts';

/**
 * Maintenance mode as vCenter runs it: the host is "Entering maintenance mode"
 * while its VMs leave by live migration (powered-off ones are re-registered
 * elsewhere), no new VM is placed on it, and it is "In maintenance mode" once
 * empty. With no room for every VM, entering is refused up front (the shortfall
 * named) unless the admin asked to wait, in which case the VMs that do not fit
 * wait and are retried as room appears.
 */
export class Maintenance {
  constructor(private readonly e: EngineCore) {}

  /** Would every powered-on VM of host h find a host now? Returns the first VMs that would not, with why, and the memory short. */
  precheck(h: number): { ok: boolean; unplaced: { d: number; why: string[] }[]; needMb: number; freeMb: number } {
    const e = this.e;
    const st = e.st;
    const c = e.cluster;
    const loads = computeLoads(e);
    const unplaced: { d: number; why: string[] }[] = [];
    let needMb = 0;
    const saved = c.hMaint[h] as number;
    c.hMaint[h] = MAINT.entering; // the host itself takes nothing while it empties
    try {
      for (const d of st.hDesktops[h] as Int32Array) {
        if (st.dPower[d] !== P.poweredOn) continue;
        needMb += loads.vmMem[d] as number;
        const pick = bestHost(e, loads, d, h);
        if (pick.host < 0) unplaced.push({ d, why: pick.why });
        else book(loads, d, h, pick.host);
      }
    } finally {
      c.hMaint[h] = saved;
    }
    let freeMb = 0;
    for (let x = 0; x < st.hCapMhz.length; x++) {
      if (x === h || c.hCluster[x] !== c.hCluster[h] || !c.usable(x)) continue;
      freeMb += Math.max(0, (st.hRamMb[x] as number) * 0.9 - (loads.hMem[x] as number));
    }
    return { ok: unplaced.length === 0, unplaced, needMb, freeMb };
  }

  enter(h: number, job: Job, movePoweredOff: boolean, at: number): void {
    const e = this.e;
    const st = e.st;
    const c = e.cluster;
    c.hMaint[h] = MAINT.entering;
    c.markHost(h);
    job.items = job.items.filter((i) => i.state === 'done'); // taken up again after a restart: what moved stays counted
    for (const d of st.hDesktops[h] as Int32Array) {
      if (st.dPower[d] !== P.poweredOn && !movePoweredOff) continue;
      job.items.push({ d, from: h, toHostId: null, state: 'pending', reason: null, durationSec: null, downtimeMs: null, attempts: 0 });
    }
    // Powered-on VMs first (they take time), then the quick re-registrations of powered-off ones.
    job.items.sort((a, b) => (st.dPower[a.d] === P.poweredOn ? 0 : 1) - (st.dPower[b.d] === P.poweredOn ? 0 : 1) || a.d - b.d);
    c.hostNote(at, h, 'info', `Host ${c.hName[h]} is entering maintenance mode: ${job.items.length} VM(s) to move (${job.taskId})`);
    job.status = this.statusOf(job);
    job.changed = true;
    for (const item of job.items) c.mig.request(item.d, -1, job, item, at);
    this.progress(job, at);
  }

  statusOf(job: Job): string {
    const done = job.items.filter((i) => i.state === 'done').length;
    const waiting = job.items.filter((i) => i.state === 'waiting').length;
    if (job.state === 'completed') return `In maintenance mode (${done} of ${job.items.length} migrated)`;
    return `Entering maintenance mode (${done} of ${job.items.length} migrated)${waiting ? `, ${waiting} waiting for room` : ''}`;
  }

  progress(job: Job, at: number): void {
    const c = this.e.cluster;
    const h = job.host;
    const done = job.items.filter((i) => i.state === 'done').length;
    const failed = job.items.filter((i) => i.state === 'failed');
    job.status = this.statusOf(job);
    if (job.state !== 'running' || done + failed.length < job.items.length) return;
    if (failed.length) {
      c.hMaint[h] = MAINT.none;
      c.markHost(h);
      c.finishJob(job, 'failed', at);
      job.status = `Entering maintenance mode failed: ${failed.length} VM(s) could not be moved`;
      c.hostNote(
        at,
        h,
        'error',
        `Host ${c.hName[h]} could not enter maintenance mode (${job.taskId}): ${failed.length} VM(s) could not be moved (${failed[0]?.reason ?? ''})`,
      );
      return;
    }
    c.hMaint[h] = MAINT.in;
    c.markHost(h);
    c.finishJob(job, 'completed', at);
    job.status = this.statusOf(job);
    c.hostNote(at, h, 'info', `Host ${c.hName[h]} entered maintenance mode (${job.taskId}): ${done} VM(s) moved, no session lost`);
  }

  exit(h: number, at: number): void {
    const c = this.e.cluster;
    c.hMaint[h] = MAINT.none;
    c.markHost(h);
    c.hostNote(at, h, 'info', `Host ${c.hName[h]} exited maintenance mode`);
    c.mig.pump(at);
    c.ha.retryWaiting(at);
  }
}

/**
 * Evacuating a confidential VM (AMD SEV-SNP / Intel TDX; st.dNoLiveMig): its encrypted memory cannot
 * be live-migrated (vSphere, "Add AMD SEV-ES to a virtual machine": "vMotion ... not supported";
 * QEMU/KVM has no SEV-SNP or TDX migration upstream; oVirt refuses maintenance while a
 * non-migratable VM runs; Hyper-V and AHV offer no on-premises confidential VM here). vCenter would
 * wait for an admin to power such a VM off; the console does what that admin would: a VM with no
 * session is shut down, re-registered on the target (a cold migration) and powered on there (it is
 * down for its boot); one with sessions waits until they end, never cutting a user off. Returns true
 * when the request left the queue (moved).
 */
export function coldEvacuate(e: EngineCore, d: number, to: number, job: Job, item: JobItem, at: number): boolean {
  const st = e.st;
  const c = e.cluster;
  const sessions = st.dSessions[d] as number;
  if (sessions > 0) {
    const reason = `${c.dName(d)} is a confidential VM (memory encryption): it cannot be live-migrated and moves powered off once its ${sessions} session(s) end`;
    if (item.state !== 'waiting' || item.reason !== reason) job.changed = true;
    item.state = 'waiting';
    item.reason = reason;
    job.status =
      c.hMaint[job.host] === MAINT.entering ? `Entering maintenance mode: waiting for ${c.dName(d)}'s sessions to end (confidential VM)` : job.status;
    c.scheduleRetry(at);
    return false;
  }
  st.dPower[d] = P.poweredOff;
  c.moveDesktop(d, to);
  const boot = e.provisioner.powerOn(d, at);
  c.itemDone(job, item, to, boot.totalSec, boot.totalSec * 1000, at);
  item.reason = `cold migration: a confidential VM cannot be live-migrated, so it was shut down, moved and powered on (down ${Math.round(boot.totalSec)} s)`;
  c.hostNote(
    at,
    job.host,
    'warning',
    `${c.dName(d)} (confidential VM) was shut down and cold-migrated to ${c.hName[to]} for maintenance: memory encryption rules out live migration`,
  );
  return true;
}
