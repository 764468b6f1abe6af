import type { HaTimelineEntry } from '../../../contract/cluster-entities.ts';
import { Prng } from '../../prng.ts';
import type { EngineCore } from '../core.ts';
import { FAIL, MAINT, type Job, type JobItem } from './context.ts';
import type { ClusterOp } from '../events.ts';
import { bestHost, computeLoads } from './placement.ts';
import { POWER_ON } from '../provisioning/params.ts';
import { M, P, U, touchDesktop } from '../state.ts';

import { HA_PARAMS, HaState, PRIORITY_NAME } from './ha-state.ts';
import { desktopFor } from './ha-reconnect.ts';

export { HA_PARAMS, type HaSaved } from './ha-state.ts';

/** vSphere HA's reaction to a host failure: declare it dead, place, restart by priority in batches, reconnect the users (parameters and saved state: ha-state.ts). */
export class Ha extends HaState {
  constructor(private readonly e: EngineCore) {
    super();
  }

  /** Declared dead after this long, with the cluster's datastore heartbeat setting. */
  declareAfter(cluster: number): number {
    return this.e.cluster.clusters[cluster]?.dsHeartbeat ? HA_PARAMS.declaredDeadWithDatastoreHeartbeatSec : HA_PARAMS.declaredDeadSec;
  }

  priority(d: number): number {
    const c = this.e.cluster;
    const p = c.dPriority[d] as number;
    return p >= 0 ? p : (c.clusters[c.hCluster[this.e.st.dHost[d] as number] as number]?.defaultPriority ?? 2);
  }

  /** The failure itself, at `at` (now, or the original time when the app restarted during HA). */
  fail(h: number, job: Job, at: number): void {
    const e = this.e;
    const st = e.st;
    const c = e.cluster;
    const mode = job.mode ?? 'power-loss';
    // Taken up again after a rebuild or a restart: the steps already written are not told twice.
    const resume = job.failedAt !== null && at > job.failedAt + 1e-6;
    c.hFail[h] = FAIL[mode];
    if (mode === 'power-loss') st.hOn[h] = 0;
    if (c.hMaint[h] === MAINT.entering) c.hMaint[h] = MAINT.none;
    c.markHost(h);
    this.jobOf.set(h, job);
    c.mig.abortOn(h, at);
    const rng = new Prng((e.seed ^ Math.imul(h + 1, 0x9e3779b1) ^ Math.floor(at)) >>> 0);
    // Sessions on the host are lost now (power gone, or the network cut off).
    const lost: number[] = [];
    for (let i = st.nSess - 1; i >= 0; i--) {
      const u = st.sessList[i] as number;
      if (st.dHost[st.uDesktop[u] as number] === h) lost.push(u);
    }
    lost.sort((a, b) => a - b);
    for (const u of lost) {
      const d = st.uDesktop[u] as number;
      e.broker.forceLogoff(u, at, `host ${c.hName[h]} failed`);
      if (st.dOwner[d] === u && st.pDedicated[st.dPool[d] as number]) this.owners.set(d, [...(this.owners.get(d) ?? []), u]);
      else e.queue.schedule(at + rng.int(HA_PARAMS.reconnectSec.min, HA_PARAMS.reconnectSec.max), { kind: 'cluster', op: { t: 'reconnect', u, tries: 0 } });
    }
    if (job.items.length === 0) {
      for (const d of st.hDesktops[h] as Int32Array) {
        if (st.dPower[d] !== P.poweredOn || (e.provisioner.stage[d] as number) > 0) continue; // a clone in the making is lost, not restarted
        job.items.push({ d, from: h, toHostId: null, state: 'pending', reason: null, durationSec: null, downtimeMs: null, attempts: 0 });
      }
    }
    for (const d of st.hDesktops[h] as Int32Array) this.down(d, h, mode === 'power-loss' || st.dPower[d] !== P.poweredOn);
    const failedAt = job.failedAt ?? at;
    if (!resume) {
      this.entry(
        h,
        failedAt,
        at,
        'failure',
        mode === 'power-loss' ? `Host ${c.hName[h]} lost power` : `Host ${c.hName[h]} is isolated from the management network`,
      );
      c.hostNote(
        at,
        h,
        'error',
        mode === 'power-loss'
          ? `Host ${c.hName[h]} lost power (training failure, ${job.taskId})`
          : `Host ${c.hName[h]} network isolation (training failure, ${job.taskId})`,
      );
    }
    if (lost.length) {
      const names = lost
        .slice(0, 5)
        .map((u) => c.uName(u))
        .join(', ');
      this.entry(h, failedAt, at, 'sessions-lost', `${lost.length} session(s) lost on ${c.hName[h]}; the users reconnect`);
      c.hostNote(
        at,
        h,
        'error',
        `${lost.length} session(s) lost on ${c.hName[h]} (${names}${lost.length > 5 ? ', …' : ''}); the users reconnect to fresh desktops`,
      );
    }
    const cl = c.hCluster[h] as number;
    const base = failedAt;
    const gen = 0;
    const elapsed = at - base;
    if (!resume || elapsed < HA_PARAMS.notRespondingAfterSec) {
      e.queue.schedule(Math.max(at, base + HA_PARAMS.notRespondingAfterSec), { kind: 'cluster', op: { t: 'ha', h, step: 'not-responding', gen } });
    }
    if (!c.clusters[cl]?.haEnabled) {
      job.status = `vSphere HA is disabled on ${c.clusters[cl]?.name ?? 'the cluster'}: ${job.items.length} VM(s) stay down until the host is repaired`;
      for (const it of job.items) {
        it.state = 'failed';
        it.reason = 'vSphere HA is disabled';
      }
      job.changed = true;
      // The task ends once vCenter has noticed the host (nothing else will happen).
      if (resume && elapsed >= HA_PARAMS.notRespondingAfterSec) c.finishJob(job, 'failed', at);
      return;
    }
    job.status = `Host failed: ${job.items.length} VM(s) to restart`;
    job.changed = true;
    if (!resume || elapsed < this.declareAfter(cl)) {
      e.queue.schedule(Math.max(at, base + this.declareAfter(cl)), { kind: 'cluster', op: { t: 'ha', h, step: 'declared', gen } });
    } else {
      // Already declared before the restart: place what is still down now.
      e.queue.schedule(at, { kind: 'cluster', op: { t: 'ha', h, step: 'placed', gen } });
    }
  }

  /** A desktop on a failed host: unreachable, and powered off when its host is gone. */
  private down(d: number, h: number, off: boolean): void {
    const st = this.e.st;
    if (off) st.dPower[d] = P.poweredOff;
    touchDesktop(st, d);
    if (this.e.provisioner.stage[d] === 3) {
      // The destroy task dies with the host: the machine is left in error for the admin to remove.
      this.e.provisioner.stage[d] = 0;
      st.dPower[d] = P.poweredOff;
      touchDesktop(st, d);
      st.dState[d] = M.ERROR;
      st.dBusyUntil[d] = 0;
      touchDesktop(st, d);
      st.dProblem.set(d, `Delete failed: host ${this.e.cluster.hName[h]} failed during the delete`);
      this.e.broker.dirtyDesktops.add(d);
      return;
    }
    if ((this.e.provisioner.stage[d] as number) > 0) {
      // Horizon: a clone whose host died mid-provisioning is left in error for the admin (or the pool) to delete.
      this.e.provisioner.stage[d] = 0;
      st.dPower[d] = P.poweredOff;
      touchDesktop(st, d);
      st.dState[d] = M.PROVISIONING_ERROR;
      st.dBusyUntil[d] = 0;
      touchDesktop(st, d);
      st.dProblem.set(d, `Provisioning failed: host ${this.e.cluster.hName[h]} failed during the clone`);
      this.e.broker.dirtyDesktops.add(d);
      return;
    }
    st.dState[d] = M.AGENT_UNREACHABLE;
    st.dBusyUntil[d] = 0;
    touchDesktop(st, d);
    st.dProblem.set(d, `Host ${this.e.cluster.hName[h]} failed`);
    this.e.broker.dirtyDesktops.add(d);
  }

  step(op: Extract<ClusterOp, { t: 'ha' }>, at: number): void {
    const e = this.e;
    const c = e.cluster;
    const h = op.h;
    const job = this.jobOf.get(h);
    if (!job) return;
    const failedAt = job.failedAt ?? at;
    if (op.step === 'not-responding') {
      // vCenter notices whether or not HA is on to act on it.
      if (c.hFail[h] === 0) return;
      this.entry(h, failedAt, at, 'not-responding', `Host ${c.hName[h]} is not responding (no heartbeat for ${HA_PARAMS.notRespondingAfterSec} s)`);
      c.hostNote(at, h, 'warning', `Host ${c.hName[h]} is not responding`);
      if (!c.clusters[c.hCluster[h] as number]?.haEnabled && job.state === 'running') c.finishJob(job, 'failed', at);
      return;
    }
    if (job.state !== 'running') return;
    switch (op.step) {
      case 'declared': {
        const cl = c.hCluster[h] as number;
        const isolated = job.mode === 'isolation' && c.clusters[cl]?.dsHeartbeat;
        const text = isolated
          ? `vSphere HA declared ${c.hName[h]} isolated after ${this.declareAfter(cl)} s (datastore heartbeats still seen; isolation response: power off and restart VMs)`
          : `vSphere HA declared ${c.hName[h]} failed after ${this.declareAfter(cl)} s (no network${c.clusters[cl]?.dsHeartbeat ? ' or datastore' : ''} heartbeats)`;
        if (job.mode === 'isolation') for (const d of e.st.hDesktops[h] as Int32Array) this.down(d, h, true);
        this.entry(h, failedAt, at, 'declared', text);
        c.hostNote(at, h, 'error', text);
        job.status = `Declared ${isolated ? 'isolated' : 'failed'}: placing ${job.items.length} VM(s)`;
        job.changed = true;
        const rng = new Prng((e.seed ^ Math.imul(h + 7, 0x85ebca6b) ^ Math.floor(failedAt)) >>> 0);
        e.queue.schedule(at + rng.int(HA_PARAMS.placementSec.min, HA_PARAMS.placementSec.max), { kind: 'cluster', op: { t: 'ha', h, step: 'placed', gen: 0 } });
        return;
      }
      case 'placed':
        return this.placed(h, job, failedAt, at);
      case 'batch':
        return this.batch(h, job, op.batch ?? 0, failedAt, at);
      case 'retry': {
        const item = job.items.find((i) => i.d === op.d);
        if (item && item.state === 'waiting') this.restart(h, job, item, failedAt, at);
        return;
      }
      case 'booted': {
        const item = job.items.find((i) => i.d === op.d);
        if (!item || item.state !== 'restarting' || op.d === undefined) return;
        const st = e.st;
        if (st.dState[op.d] === M.CUSTOMIZING) st.dState[op.d] = M.AVAILABLE;
        e.broker.dirtyDesktops.add(op.d);
        item.state = 'done';
        for (const u of this.owners.get(op.d) ?? []) e.queue.schedule(at + HA_PARAMS.dedicatedReconnectSec, { kind: 'arrive', user: u });
        this.owners.delete(op.d);
        this.progress(job, at);
        return;
      }
    }
  }

  private placed(h: number, job: Job, failedAt: number, at: number): void {
    const c = this.e.cluster;
    const order = job.items.map((it, i) => ({ i, p: this.priority(it.d) })).filter((x) => job.items[x.i]?.state === 'pending');
    for (const x of order) {
      if (x.p === 0) {
        const it = job.items[x.i] as JobItem;
        // vSphere HA leaves such a VM down on purpose: not a failed restart (the failover does not fail for it).
        it.state = 'skipped';
        it.reason = 'HA restart priority is disabled';
      }
    }
    const batches: number[][] = [];
    const names: string[] = [];
    for (const p of [3, 2, 1]) {
      const list = order
        .filter((x) => x.p === p)
        .sort((a, b) => a.i - b.i)
        .map((x) => x.i);
      for (let k = 0; k < list.length; k += HA_PARAMS.batchSize) {
        batches.push(list.slice(k, k + HA_PARAMS.batchSize));
        names.push(PRIORITY_NAME[p] ?? 'medium');
      }
    }
    this.batches.set(h, batches);
    this.batchNames.set(h, names);
    const n = batches.reduce((s, b) => s + b.length, 0);
    this.entry(h, failedAt, at, 'placement', `vSphere HA placed ${n} VM(s) of ${c.hName[h]} in ${batches.length} batch(es) of up to ${HA_PARAMS.batchSize}`);
    if (batches.length === 0) return this.progress(job, at);
    this.batch(h, job, 0, failedAt, at);
  }

  private batch(h: number, job: Job, k: number, failedAt: number, at: number): void {
    const c = this.e.cluster;
    const batches = this.batches.get(h) ?? [];
    const b = batches[k];
    if (!b) return;
    const prio = this.batchNames.get(h)?.[k] ?? 'medium';
    const text = `vSphere HA is restarting ${b.length} VM(s) of ${c.hName[h]} (batch ${k + 1} of ${batches.length}, ${prio} priority)`;
    this.entry(h, failedAt, at, 'restart-batch', text);
    c.hostNote(at, h, 'warning', text);
    for (const i of b) {
      const item = job.items[i];
      if (item && (item.state === 'pending' || item.state === 'waiting')) this.restart(h, job, item, failedAt, at);
    }
    if (k + 1 < batches.length)
      this.e.queue.schedule(at + HA_PARAMS.batchIntervalSec, { kind: 'cluster', op: { t: 'ha', h, step: 'batch', batch: k + 1, gen: 0 } });
    this.progress(job, at);
  }

  /** One restart attempt of a VM: on the best host with room that keeps the rules, else a later retry. */
  private restart(h: number, job: Job, item: JobItem, failedAt: number, at: number): void {
    const e = this.e;
    const st = e.st;
    const c = e.cluster;
    const d = item.d;
    item.attempts++;
    job.changed = true;
    const pick = bestHost(e, computeLoads(e), d, h);
    if (pick.host >= 0) {
      c.moveDesktop(d, pick.host);
      e.provisioner.powerOn(d, at);
      st.dState[d] = M.CUSTOMIZING; // booting: not offered to users until the agent reports in
      st.dProblem.delete(d);
      item.state = 'restarting';
      item.toHostId = st.ids.hosts[pick.host] ?? null;
      item.reason = null;
      item.durationSec = Math.round((at - failedAt + POWER_ON.bootSec) * 10) / 10;
      e.queue.schedule(at + POWER_ON.bootSec, { kind: 'cluster', op: { t: 'ha', h, step: 'booted', d, gen: 0 } });
      return;
    }
    const why = [...new Set(pick.why)].slice(0, 2).join('; ');
    if (item.attempts >= HA_PARAMS.maxAttempts) {
      item.state = 'failed';
      item.reason = `no host after ${item.attempts} attempts: ${why}`;
      this.entry(h, failedAt, at, 'restart-failed', `vSphere HA could not restart ${c.dName(d)} after ${item.attempts} attempts: ${why}`);
      c.note(
        at,
        'error',
        'desktop',
        st.ids.desktops[d] ?? '',
        c.dName(d),
        `vSphere HA could not restart ${c.dName(d)} after ${item.attempts} attempts: ${why}`,
      );
      this.progress(job, at);
      return;
    }
    const delay = HA_PARAMS.retryDelaysSec[item.attempts - 1] ?? 960;
    item.state = 'waiting';
    item.reason = why;
    this.entry(
      h,
      failedAt,
      at,
      'restart-retry',
      `vSphere HA restart of ${c.dName(d)} failed (attempt ${item.attempts} of ${HA_PARAMS.maxAttempts}: ${why}); next try in ${delay / 60} min`,
    );
    c.note(
      at,
      'warning',
      'desktop',
      st.ids.desktops[d] ?? '',
      c.dName(d),
      `vSphere HA restart attempt ${item.attempts} of ${HA_PARAMS.maxAttempts} for ${c.dName(d)} failed: ${why}`,
    );
    e.queue.schedule(at + delay, { kind: 'cluster', op: { t: 'ha', h, step: 'retry', d, gen: 0 } });
  }

  /**
   * A user whose session was lost tries again: when a desktop of their pools is
   * free they connect (through the broker: an arrive is "this user asks for a
   * connection now"); otherwise they wait and retry, as people do while HA
   * brings desktops back.
   */
  reconnect(u: number, tries: number, at: number): void {
    const st = this.e.st;
    if (st.uState[u] !== U.none) return;
    // Past the end of their day they go home instead (a user who came back after it kept a session all night: black-box round 6).
    if (this.e.broker.offDuty(u, at)) return;
    if (desktopFor(this.e, u) || tries >= HA_PARAMS.reconnectTries) {
      this.e.queue.schedule(at, { kind: 'arrive', user: u });
      return;
    }
    this.e.queue.schedule(at + HA_PARAMS.reconnectRetrySec, { kind: 'cluster', op: { t: 'reconnect', u, tries: tries + 1 } });
  }

  /** Room appeared (a host joined or left maintenance): waiting restarts try again now. */
  retryWaiting(at: number): void {
    for (const [h, job] of this.jobOf) {
      if (job.state !== 'running') continue;
      for (const item of job.items) if (item.state === 'waiting') this.restart(h, job, item, job.failedAt ?? at, at);
    }
  }

  progress(job: Job, at: number): void {
    const c = this.e.cluster;
    const h = job.host;
    const done = job.items.filter((i) => i.state === 'done').length;
    const failed = job.items.filter((i) => i.state === 'failed').length;
    const skipped = job.items.filter((i) => i.state === 'skipped').length;
    const busy = job.items.filter((i) => i.state === 'restarting').length;
    if (job.state !== 'running') return;
    const left = skipped ? `, ${skipped} left down (restart priority disabled)` : '';
    job.status = `HA restarted ${done} of ${job.items.length} VM(s)${busy ? `, ${busy} booting` : ''}${failed ? `, ${failed} not restarted` : ''}${left}`;
    job.changed = true;
    if (!this.batches.has(h) || done + failed + skipped < job.items.length) return;
    const failedAt = job.failedAt ?? at;
    const text = `vSphere HA finished for ${c.hName[h]}: ${done} VM(s) restarted on other hosts${failed ? `, ${failed} not restarted` : ''}${left} (${Math.round(at - failedAt)} s after the failure)`;
    this.entry(h, failedAt, at, failed ? 'restart-failed' : 'restart-done', text);
    c.hostNote(at, h, failed ? 'warning' : 'info', text);
    c.finishJob(job, failed ? 'failed' : 'completed', at);
  }

  /** The host is back (booted after a power loss, or its network restored): VMs left on it come back powered off. */
  restoreDesktops(h: number, at: number): void {
    const st = this.e.st;
    const why = `Host ${this.e.cluster.hName[h]} failed`;
    for (const d of st.hDesktops[h] as Int32Array) {
      if (st.dState[d] !== M.AGENT_UNREACHABLE || st.dProblem.get(d) !== why) continue; // only what the failure did
      st.dState[d] = M.AVAILABLE;
      st.dProblem.delete(d);
      this.e.broker.dirtyDesktops.add(d);
    }
    const job = this.jobOf.get(h);
    this.entry(h, job?.failedAt ?? at, at, 'repaired', `Host ${this.e.cluster.hName[h]} is back in the cluster`);
  }

  private entry(h: number, failedAt: number, at: number, step: HaTimelineEntry['step'], message: string): void {
    const job = this.jobOf.get(h);
    if (!job) return;
    job.timeline.push({
      at: new Date(at * 1000).toISOString(),
      hostId: this.e.st.ids.hosts[h] ?? '',
      hostName: this.e.cluster.hName[h] ?? '',
      offsetSec: Math.round((at - failedAt) * 10) / 10,
      step,
      message,
    });
    if (job.timeline.length > HA_PARAMS.timelineKeep) job.timeline.splice(0, job.timeline.length - HA_PARAMS.timelineKeep);
    job.changed = true;
  }
}
