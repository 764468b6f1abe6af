import { POOL_KINDS, POWER_POLICIES } from '../../../contract/entities.ts';
import { PARAMS } from '../../params.ts';
import { CLONE_MHZ, CUSTOMIZE_IOPS, CUSTOMIZE_MHZ, DELETE_ON_LOGOFF, POLICY_SECONDS, POWER_ON, PROVISIONING } from './params.ts';
import type { EngineCore } from '../core.ts';
import { agentDeadReason, onBadImage } from '../faults/bad-image.ts';
import { datastoreFreeGb, grown, M, P, touchDesktop } from '../state.ts';
import type { DurableArray, DurablePart } from '../durable/state.ts';
import type { Remap } from '../durable/remap.ts';
import { startBoot } from './boot-start.ts';

/**
 * Provisioning and the pools' power rules, as Horizon runs them (timings and I/O by clone type:
 * provisioning/params.ts).
 */
/** Stage of a machine being provisioned: 0 none, 1 cloning, 2 customizing, 3 being deleted (to be provisioned again). */
export type Stage = 0 | 1 | 2 | 3;

/** On-demand pools' requests for machines the host has not created yet, as saved: [pool index, how many]. */
export type SavedGrowRequests = [number, number][];

export class Provisioner implements DurablePart<SavedGrowRequests | undefined> {
  readonly key = 'provisioner';
  stage: Uint8Array;
  /**
   * On-demand pools short of spare machines: how many more each needs (the host creates them). The
   * host writes the run up to the tick that asked before it creates them (app/simulation.ts), so a
   * committed state may hold requests: they are saved, and the next flush, in whatever process, creates them.
   */
  readonly growRequests = new Map<number, number>();

  constructor(private readonly e: EngineCore) {
    this.stage = new Uint8Array(e.st.dPool.length);
  }

  /** Machines added at the end of the index space: no clone under way yet. */
  grow(): void {
    this.stage = grown(this.stage, this.e.st.dPool.length);
  }

  arrays(): DurableArray[] {
    return [{ name: 'provisioner.stage', array: this.stage, domain: 'desktop' }];
  }

  save(): SavedGrowRequests | undefined {
    return this.growRequests.size > 0 ? [...this.growRequests] : undefined;
  }

  load(saved: SavedGrowRequests | undefined, map: Remap): void {
    this.growRequests.clear();
    if (!Array.isArray(saved)) return;
    for (const entry of saved) {
      if (!Array.isArray(entry)) continue;
      const [p, n] = entry;
      // Pools are renumbered when the lab changed (a pool deleted since): a request for a pool that is gone is dropped.
      const to = Number.isInteger(p) && p >= 0 ? map.to('pool', p) : -1;
      if (to < 0 || !Number.isInteger(n) || (n as number) <= 0) continue;
      // Never past the pool's maximum as it is now (a lab file is untrusted; the maximum may have been lowered since).
      const room = (this.e.st.pMax[to] ?? 0) - (this.e.st.pDesktops[to]?.length ?? 0);
      if (room > 0) this.growRequests.set(to, Math.min(n as number, room));
    }
  }

  /** Starts as many pending machines of pool p as its concurrency allows. */
  fill(p: number, at: number): void {
    const st = this.e.st;
    const kind = POOL_KINDS[st.pKind[p] as number] ?? 'manual';
    const cfg = PROVISIONING[kind];
    if (cfg.concurrency === 0) return;
    if (this.e.faults.pExhausted[p]) return; // provisioning held by an injected pool exhaustion (faults/faults.ts)
    const desktops = st.pDesktops[p] as Int32Array;
    let running = 0;
    for (const d of desktops) if ((this.stage[d] as number) > 0) running++;
    for (const d of desktops) {
      if (running >= cfg.concurrency) return;
      if (st.dState[d] !== M.PROVISIONING || (this.stage[d] as number) > 0) continue;
      if (!this.e.cluster.canPowerOn(d)) continue; // its host is down or in maintenance: the clone waits for it
      this.startClone(d, kind, at);
      running++;
    }
  }

  private startClone(d: number, kind: keyof typeof PROVISIONING, at: number): void {
    const st = this.e.st;
    const s = st.dDs[d] as number;
    const need = (st.dDiskGb[d] as number) * PARAMS.storage.thinUsedShare[kind];
    // A machine that exists already (resumed after a restart, or recomposed by push image) holds its space;
    // a recompose still needs room for the new clone before the old one is deleted.
    const allocated = (st.dUsedGb[d] as number) > 0;
    const recompose = allocated && this.e.push.versionFor(d) !== st.dVersion[d];
    const free = !allocated || recompose ? datastoreFreeGb(st, s) : 0;
    if ((!allocated || recompose) && free < need) {
      const reason = `Datastore ${this.e.names.datastores[s]} is full: the clone needs ${need.toFixed(1)} GB, ${Math.max(0, free).toFixed(1)} GB free`;
      st.dState[d] = M.PROVISIONING_ERROR;
      st.dPower[d] = P.poweredOff;
      touchDesktop(st, d);
      st.dProblem.set(d, reason);
      this.e.broker.dirtyDesktops.add(d);
      this.e.push.error(d, reason, at);
      return;
    }
    st.dVersion[d] = this.e.push.versionFor(d);
    if (!allocated) st.dUsedGb[d] = need;
    this.stage[d] = 1;
    const secs = PROVISIONING[kind].cloneSec(need);
    st.dPower[d] = P.poweredOn; // counted for its I/O while the copy runs
    st.dBusyUntil[d] = at + secs;
    st.dBusyIops[d] = PROVISIONING[kind].cloneIops;
    st.dBusyMhz[d] = CLONE_MHZ;
    touchDesktop(st, d);
    this.e.queue.schedule(at + secs, { kind: 'provision-step', desktop: d });
    this.e.broker.dirtyDesktops.add(d);
  }

  /** Delete on logoff: the machine (no session left on it) is destroyed, then provisioned again. */
  deleteAfterLogoff(d: number, at: number): void {
    const st = this.e.st;
    this.stage[d] = 3;
    st.dState[d] = M.DELETING;
    st.dPower[d] = P.poweredOff;
    st.dBusyUntil[d] = at + DELETE_ON_LOGOFF.sec;
    st.dBusyIops[d] = DELETE_ON_LOGOFF.iops;
    st.dBusyMhz[d] = DELETE_ON_LOGOFF.mhz;
    touchDesktop(st, d);
    this.e.queue.schedule(at + DELETE_ON_LOGOFF.sec, { kind: 'provision-step', desktop: d });
    this.e.broker.dirtyDesktops.add(d);
  }

  step(d: number, at: number): void {
    const st = this.e.st;
    const kind = POOL_KINDS[st.pKind[st.dPool[d] as number] as number] ?? 'manual';
    if (this.stage[d] === 3) {
      // Destroyed: its space is free, and a new machine is provisioned under its name (the clone's own I/O and time).
      this.stage[d] = 0;
      st.dUsedGb[d] = 0;
      this.e.faults.forgetFill(d);
      st.dBusyUntil[d] = at;
      touchDesktop(st, d);
      st.dState[d] = M.PROVISIONING;
      st.dPower[d] = P.poweredOff;
      touchDesktop(st, d);
      st.dProblem.delete(d);
      this.e.broker.dirtyDesktops.add(d);
      this.fill(st.dPool[d] as number, at);
      return;
    }
    if (this.stage[d] === 1) {
      this.stage[d] = 2;
      st.dState[d] = M.CUSTOMIZING;
      const secs = PROVISIONING[kind].customizeSec;
      st.dBusyUntil[d] = at + secs;
      st.dBusyIops[d] = CUSTOMIZE_IOPS;
      st.dBusyMhz[d] = CUSTOMIZE_MHZ;
      touchDesktop(st, d);
      this.e.queue.schedule(at + secs, { kind: 'provision-step', desktop: d });
    } else if (this.stage[d] === 2) {
      this.stage[d] = 0;
      const p = st.dPool[d] as number;
      if (this.e.faults.pBadVersion[p] === st.dVersion[d] && (st.dVersion[d] as number) >= 0) {
        // A bad golden image (faults/faults.ts): the guest's customization (ClonePrep / Sysprep, the agent) fails; the
        // machine stays in Error until recovered or recomposed, as Horizon leaves it.
        const reason = `Customization failed: image version ${st.ids.versions[st.dVersion[d] as number] ?? '?'} did not complete customization (agent did not report ready)`;
        st.dState[d] = M.ERROR;
        st.dBusyIops[d] = 0;
        st.dBusyMhz[d] = 0;
        touchDesktop(st, d);
        st.dProblem.set(d, reason);
        this.e.broker.dirtyDesktops.add(d);
        this.e.push.error(d, reason, at);
        this.fill(p, at);
        this.e.push.check(p, at);
        return;
      }
      st.dState[d] = M.AVAILABLE;
      st.dProblem.delete(d);
      this.fill(st.dPool[d] as number, at);
      this.e.push.check(st.dPool[d] as number, at);
    }
    this.e.broker.dirtyDesktops.add(d);
  }

  /**
   * Spare machines and power policy, for every automated pool. First, clones that waited for their host
   * (in maintenance, failed, powered off, out of memory or vGPU slots) start if it can take them now: the
   * pass is what notices, as Horizon's provisioning retries, so no change of a host's state needs a hook of
   * its own, and an engine rebuilt in between does the same (it starts no waiting clone itself).
   */
  policy(at: number): void {
    const st = this.e.st;
    for (let p = 0; p < st.pDesktops.length; p++) {
      if (POOL_KINDS[st.pKind[p] as number] === 'manual') continue;
      this.fill(p, at);
      const plan = this.e.autoscale.plans[p];
      if (plan) {
        this.e.autoscale.run(p, plan, at); // a scaling plan replaces the pool's power policy
        continue;
      }
      const policy = POWER_POLICIES[st.pPowerPolicy[p] as number] ?? 'take-no-action';
      const desktops = st.pDesktops[p] as Int32Array;
      const dedicated = st.pDedicated[p] === 1;
      const idle: number[] = []; // AVAILABLE, no session, not busy
      let spareOn = 0;
      for (const d of desktops) {
        if (st.dState[d] !== M.AVAILABLE || (st.dSessions[d] as number) > 0 || (st.dBusyUntil[d] as number) > at) continue;
        // A machine off on a host that cannot power it on (failed, off, in maintenance) is not a spare.
        if (st.dPower[d] !== P.poweredOn && !this.e.cluster.canPowerOn(d)) continue;
        idle.push(d);
        const spare = !dedicated || (st.dOwner[d] as number) < 0;
        if (spare && st.dPower[d] === P.poweredOn) spareOn++;
      }
      const want = st.pSpare[p] as number;
      if (policy === 'always-on') {
        // Every idle machine is on or on its way: all its spares count (an on-demand pool still grows below, as Horizon's
        // instant clones, always on, do; until 8 Dec 2026 an always-on pool skipped its growth).
        for (const d of idle) {
          if (st.dPower[d] === P.poweredOn) continue; // a spare among them is counted above
          this.requestPowerOn(d);
          if (!dedicated || (st.dOwner[d] as number) < 0) spareOn++;
        }
      } else {
        // Too few spare machines: power some on (unassigned ones first for a dedicated pool).
        for (const d of idle) {
          if (spareOn >= want) break;
          if (st.dPower[d] === P.poweredOn || (dedicated && (st.dOwner[d] as number) >= 0)) continue;
          this.requestPowerOn(d);
          spareOn++;
        }
      }
      // On demand: machines on their way count as spares; beyond that, ask for new ones up to the maximum.
      if (st.pOnDemand[p] && st.pProvEnabled[p] && spareOn < want) {
        let coming = 0;
        for (const d of desktops) if (st.dState[d] === M.PROVISIONING || st.dState[d] === M.CUSTOMIZING) coming++;
        const more = Math.min(want - spareOn - coming, (st.pMax[p] as number) - desktops.length);
        if (more > 0) this.growRequests.set(p, more);
      }
      if (policy === 'take-no-action' || policy === 'always-on') continue;
      // Power off or suspend what is beyond the spare count (assigned desktops whose user has left, too).
      let keep = want;
      for (const d of idle) {
        if (st.dPower[d] !== P.poweredOn) continue;
        const spare = !dedicated || (st.dOwner[d] as number) < 0;
        if (spare && keep > 0) {
          keep--;
          continue;
        }
        st.dPower[d] = policy === 'suspend' ? P.suspended : P.poweredOff;
        touchDesktop(st, d);
        this.e.broker.dirtyDesktops.add(d);
      }
    }
  }

  /**
   * Powers a machine on (or resumes it) now; it carries the boot's load until it registers. A boot
   * takes its time, CPU and I/O from the boot model and the contention it meets (issue 13:
   * core/engine/provisioning/boot-start.ts); a resume keeps its fixed few seconds. Returns the
   * hypervisor's task and the whole time until the agent registers (s).
   */
  powerOn(d: number, at: number): { taskSec: number; totalSec: number } {
    const st = this.e.st;
    const resume = st.dPower[d] === P.suspended;
    const boot = resume ? null : startBoot(this.e, d);
    const secs = boot ? boot.totalSec : POWER_ON.resumeSec;
    st.dPower[d] = P.poweredOn;
    st.dBusyUntil[d] = at + secs;
    touchDesktop(st, d);
    // During the hypervisor's power-on task the guest does not run yet: its boot load starts after it.
    st.dBusyIops[d] = boot ? 0 : POWER_ON.iops;
    st.dBusyMhz[d] = boot ? 0 : POWER_ON.mhz;
    touchDesktop(st, d);
    if (boot) this.e.powerThrottle.boot(d, at + boot.taskSec, at + secs, boot.iops, boot.mhz, boot.ios);
    this.e.powerThrottle.dRegisteredAt[d] = at + secs;
    // A bad golden image (faults/faults.ts): the guest boots from the broken version, its agent never
    // registers; the broker sees it Agent unreachable until it is recomposed or restarted once fixed.
    if (boot && onBadImage(this.e, d)) {
      st.dState[d] = M.AGENT_UNREACHABLE;
      st.dProblem.set(d, agentDeadReason(this.e, d));
      touchDesktop(st, d);
    }
    this.e.broker.dirtyDesktops.add(d);
    return { taskSec: boot ? boot.taskSec : 0, totalSec: secs };
  }

  /** A power-on the pool's power policy asks for: it waits for the connection's throttle (core/engine/provisioning/power-throttle.ts). */
  requestPowerOn(d: number): void {
    this.e.powerThrottle.request(d);
  }

  /** After a (re)build: machines mid-provisioning start again; refreshing ones finish. */
  resume(at: number): void {
    const st = this.e.st;
    for (let d = 0; d < st.dState.length; d++) {
      if (st.dState[d] === M.CUSTOMIZING && (st.dSessions[d] as number) === 0) {
        // Provisioning or a refresh was under way when the lab stopped: it finishes after a customization.
        st.dState[d] = M.PROVISIONING;
      } else if (st.dState[d] === M.DELETING && this.stage[d] !== 3) {
        // A delete on logoff was under way in an engine built afresh from the rows: it is done, the machine is provisioned again.
        st.dState[d] = M.PROVISIONING;
        st.dPower[d] = P.poweredOff;
        touchDesktop(st, d);
        st.dUsedGb[d] = 0;
        this.e.faults.forgetFill(d);
      }
    }
    for (let p = 0; p < st.pDesktops.length; p++) this.fill(p, at);
    this.e.queue.schedule(Math.floor(at / POLICY_SECONDS) * POLICY_SECONDS + POLICY_SECONDS, { kind: 'policy' });
  }
}

export { CLONE_MHZ, CUSTOMIZE_IOPS, CUSTOMIZE_MHZ, POLICY_SECONDS, POWER_ON, PROVISIONING };
