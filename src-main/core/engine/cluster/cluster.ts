import type { LabModel } from '../../lab/model.ts';
import type { EngineCore } from '../core.ts';
import { grown, touchDesktop } from '../state.ts';
import type { ClusterOp } from '../events.ts';
import type { DurableArray, DurablePart } from '../durable/state.ts';
import type { Remap } from '../durable/remap.ts';
import { Migrator, type MigratorSaved } from './migration.ts';
import { FAIL, MAINT, type ClusterCfg, type ClusterContext, type ClusterLog, type Job, type JobItem, type JobRefs, type Rule } from './context.ts';
import type { ClusterTaskKind } from '../../../contract/cluster-entities.ts';
import { Ha, type HaSaved } from './ha.ts';
import { Drs, DRS_PARAMS } from './drs.ts';
import { Maintenance } from './maintenance.ts';
import { VgpuSlots } from './vgpu-slots.ts';
import { TenantFence } from './tenant-fence.ts';

export type { ClusterOp };

/**
 * Cluster operations in the engine: host modes, DRS rules and settings, the
 * jobs behind tracked tasks, and the pieces that act (migrations, maintenance,
 * HA, DRS). Deterministic like the rest of the engine.
 */
interface ClusterSaved {
  jobs: Job[];
  /** Jobs in the task list (the others are finished ones HA or a migration still refers to). */
  listed: string[];
  retryAt: number;
  mig: MigratorSaved;
  ha: HaSaved;
}

export class ClusterOps implements DurablePart<ClusterSaved>, ClusterContext {
  readonly key = 'cluster';
  readonly clusters: ClusterCfg[];
  readonly hCluster: Int32Array;
  readonly hName: string[];
  readonly hNicGbps: Float64Array;
  readonly hMaint: Uint8Array;
  readonly hFail: Uint8Array;
  /** Host boots until (simulated s); 0 when not booting. */
  readonly hBootUntil: Float64Array;
  /** HA restart priority per desktop: 0 disabled, 1 low, 2 medium, 3 high; -1 the cluster's default. */
  dPriority: Int8Array;
  /** Length (ms) of each desktop's last live-migration switchover; the time is st.dFrozenUntil. */
  dFreezeMs: Float32Array;
  private readonly dNames: string[];
  /** Users' logins (CORP\\name), by engine index, for the notes that name them. */
  private readonly uLogins: string[];
  rules: Rule[] = [];
  private byVm = new Map<number, Rule[]>();
  readonly jobs = new Map<string, Job>();
  log: ClusterLog[] = [];
  /** Desktops whose host changed, and hosts whose state changed, since the last flush. */
  readonly movedDesktops = new Set<number>();
  readonly dirtyHosts = new Set<number>();
  /** Moves DRS is planning (not started): where each VM would be. */
  readonly planned = new Map<number, number>();
  readonly mig: Migrator;
  readonly ha: Ha;
  readonly drs: Drs;
  readonly maint: Maintenance;
  /** Tenant isolation (issue 19): set by the app from the lab's tenants and port groups. */
  readonly fence = new TenantFence();
  /** vGPU density (vgpu-slots.ts): free slots on a host's GPUs for a VM's profile. */
  readonly vgpu = new VgpuSlots();
  private retryAt = -1;

  constructor(
    private readonly e: EngineCore,
    lab: LabModel,
  ) {
    const cIdx = new Map(lab.clusters.map((c, i) => [c.id, i]));
    this.clusters = lab.clusters.map((c) => ({
      id: c.id,
      name: c.name,
      drs: c.drsAutomation,
      threshold: c.drsThreshold,
      haEnabled: c.haEnabled,
      dsHeartbeat: true,
      defaultPriority: 2,
      ac: { ...c.admissionControl },
      downtimeTargetMs: 300,
      maxRounds: 30,
    }));
    const H = lab.hosts.length;
    this.hCluster = Int32Array.from(lab.hosts.map((h) => cIdx.get(h.clusterId) ?? 0));
    this.hName = lab.hosts.map((h) => h.name.split('.')[0] ?? h.name);
    this.hNicGbps = Float64Array.from(lab.hosts.map((h) => h.nicGbps));
    this.hMaint = Uint8Array.from(lab.hosts.map((h) => (h.connectionState === 'maintenance' ? MAINT.in : MAINT.none)));
    this.hFail = Uint8Array.from(lab.hosts.map((h) => (h.connectionState === 'notResponding' ? FAIL['power-loss'] : FAIL.none)));
    this.hBootUntil = new Float64Array(H);
    this.dPriority = new Int8Array(lab.desktops.length).fill(-1);
    this.dNames = lab.desktops.map((d) => d.name);
    this.uLogins = lab.users.map((u) => u.login);
    this.dFreezeMs = new Float32Array(lab.desktops.length);
    this.mig = new Migrator(e);
    this.ha = new Ha(e);
    this.drs = new Drs(e);
    this.maint = new Maintenance(e);
  }

  /** Machines added at the end of the index space: no HA priority of their own, no freeze, no migration. */
  grow(added: readonly LabModel['desktops'][number][]): void {
    const N = this.e.st.dPower.length;
    this.dPriority = grown(this.dPriority, N, -1);
    this.dFreezeMs = grown(this.dFreezeMs, N);
    this.dNames.push(...added.map((d) => d.name));
    this.mig.dMig = grown(this.mig.dMig, N, -1);
  }

  /** A lab's first start: DRS runs every interval, on the grid of simulated time. */
  start(t: number): void {
    const first = Math.floor(t / DRS_PARAMS.intervalSec) * DRS_PARAMS.intervalSec + DRS_PARAMS.intervalSec;
    this.clusters.forEach((_, c) => this.e.queue.schedule(first, { kind: 'cluster', op: { t: 'drs', c } }));
  }

  arrays(): DurableArray[] {
    return [
      { name: 'cluster.hMaint', array: this.hMaint, domain: 'host' },
      { name: 'cluster.hFail', array: this.hFail, domain: 'host' },
      { name: 'cluster.hBootUntil', array: this.hBootUntil, domain: 'host' },
      { name: 'cluster.dFreezeMs', array: this.dFreezeMs, domain: 'desktop' },
      { name: 'mig.dMig', array: this.mig.dMig, domain: 'desktop' },
      { name: 'mig.hCount', array: this.mig.hCount, domain: 'host' },
    ];
  }

  /**
   * Jobs are saved once, by task id, whoever refers to them (the task list, a migration in
   * flight or queued, HA's host → job map); references are task ids and item positions.
   */
  save(): ClusterSaved {
    const all = new Map<string, Job>();
    for (const j of this.jobs.values()) all.set(j.taskId, j);
    for (const j of this.ha.jobRefs()) all.set(j.taskId, j);
    for (const j of this.mig.jobRefs()) all.set(j.taskId, j);
    return {
      jobs: [...all.values()].map((j) => ({ ...j, items: j.items.map((i) => ({ ...i })), timeline: [...j.timeline] })),
      listed: [...this.jobs.keys()],
      retryAt: this.retryAt,
      mig: this.mig.save(),
      ha: this.ha.save(),
    };
  }

  load(s: ClusterSaved | undefined, map: Remap): void {
    this.jobs.clear();
    if (!s) return;
    const refs: JobRefs = new Map();
    for (const j of s.jobs) {
      // Items of machines deleted since are dropped; references to items follow their new positions.
      const at = new Int32Array(j.items.length).fill(-1);
      const items: JobItem[] = [];
      j.items.forEach((i, k) => {
        const d = map.to('desktop', i.d);
        if (d < 0) return;
        at[k] = items.length;
        items.push({ ...i, d, from: map.to('host', i.from) });
      });
      refs.set(j.taskId, { job: { ...j, cluster: map.to('cluster', j.cluster), host: map.to('host', j.host), items, timeline: [...j.timeline] }, at });
    }
    for (const id of s.listed) {
      const r = refs.get(id);
      if (r) this.jobs.set(id, r.job);
    }
    this.retryAt = s.retryAt;
    this.mig.load(s.mig, map, refs);
    this.ha.load(s.ha, map, refs);
  }

  dName(d: number): string {
    return this.dNames[d] ?? `vm#${d}`;
  }

  /** User u's login, as the event log names users. */
  uName(u: number): string {
    return this.uLogins[u] ?? this.e.st.ids.users[u] ?? `user#${u}`;
  }

  /** Sets VM d's HA restart priority (0 disabled, 1 low, 2 medium, 3 high; -1 the cluster's default). */
  setRestartPriority(d: number, priority: number): void {
    this.dPriority[d] = priority;
  }

  /** A host takes VMs: powered on, responding, not in (or entering) maintenance. */
  usable(h: number): boolean {
    return this.e.st.hOn[h] === 1 && this.hFail[h] === FAIL.none && this.hMaint[h] === MAINT.none && (this.hBootUntil[h] as number) === 0;
  }

  runsVms(h: number): boolean {
    return this.e.st.hOn[h] === 1 && this.hFail[h] === FAIL.none && (this.hBootUntil[h] as number) === 0;
  }

  /** VM d can power on where it is: its host is usable and not blocking new memory allocations, a vGPU slot is free, its tenant's memory limit admits it. */
  canPowerOn(d: number): boolean {
    const h = this.e.st.dHost[d] as number;
    return (
      this.usable(h) &&
      this.e.hMemBlocked[h] !== 1 &&
      (!this.vgpu.active || this.vgpu.check(this.e, d, h) === null) &&
      (!this.e.tenantMem.active || this.e.tenantMem.admit(this.e.st, d, '') === null)
    );
  }

  /** Where VM d is, or is going (the target of its migration in flight). */
  placedOn(d: number): number {
    const planned = this.planned.get(d);
    if (planned !== undefined) return planned;
    const m = this.mig.dMig[d] as number;
    if (m >= 0) {
      const mm = this.mig.active.get(m);
      if (mm) return mm.to;
    }
    return this.e.st.dHost[d] as number;
  }

  setRules(rules: Rule[]): void {
    this.rules = rules;
    this.byVm = new Map();
    for (const r of rules) for (const d of r.vms) this.byVm.set(d, [...(this.byVm.get(d) ?? []), r]);
  }

  rulesOf(d: number): Rule[] {
    return this.byVm.get(d) ?? [];
  }

  handle(op: ClusterOp, at: number): void {
    switch (op.t) {
      case 'mig-switch':
        return this.mig.switchover(op.id);
      case 'mig-end':
        return this.mig.finish(op.id, at);
      case 'retry':
        this.retryAt = -1;
        this.mig.pump(at);
        this.ha.retryWaiting(at);
        return;
      case 'drs':
        this.e.queue.schedule(at + DRS_PARAMS.intervalSec, { kind: 'cluster', op });
        return this.drs.run(op.c, at);
      case 'host-up':
        return this.hostUp(op.h, at);
      case 'ha':
        return this.ha.step(op, at);
      case 'reconnect':
        return this.ha.reconnect(op.u, op.tries, at);
    }
  }

  /** Re-registers VM d on host h (end of a migration, a cold migration, an HA restart). */
  moveDesktop(d: number, to: number): void {
    const st = this.e.st;
    const from = st.dHost[d] as number;
    if (from === to) return;
    st.dHost[d] = to;
    touchDesktop(st, d);
    st.hDesktops[from] = (st.hDesktops[from] as Int32Array).filter((x) => x !== d);
    // Kept in index order, as an engine built from the store lists them: every loop over a host's VMs runs in the same order either way.
    const old = st.hDesktops[to] as Int32Array;
    let at = 0;
    while (at < old.length && (old[at] as number) < d) at++;
    const list = new Int32Array(old.length + 1);
    list.set(old.subarray(0, at));
    list[at] = d;
    list.set(old.subarray(at), at + 1);
    st.hDesktops[to] = list;
    this.movedDesktops.add(d);
  }

  itemDone(job: Job | null, item: JobItem, to: number, durationSec: number, downtimeMs: number, at: number): void {
    item.state = 'done';
    item.toHostId = this.e.st.ids.hosts[to] ?? null;
    item.durationSec = Math.round(durationSec * 10) / 10;
    item.downtimeMs = Math.round(downtimeMs);
    item.reason = null;
    if (job) {
      job.changed = true;
      this.progress(job, at);
    }
  }

  itemFailed(job: Job | null, item: JobItem | null, reason: string, at: number): void {
    if (!item) return;
    item.state = 'failed';
    item.reason = reason;
    if (job) {
      job.changed = true;
      this.progress(job, at);
    }
  }

  /** No host for a queued VM: a waiting job keeps it queued and retries; otherwise the item fails. Returns true when it left the queue. */
  noRoom(job: Job | null, item: JobItem | null, why: string[], at: number): boolean {
    const reason = [...new Set(why)].slice(0, 3).join('; ');
    if (job?.wait && item) {
      if (item.state !== 'waiting' || item.reason !== reason) job.changed = true;
      item.state = 'waiting';
      item.reason = reason;
      job.status = this.maint.statusOf(job);
      this.scheduleRetry(at);
      return false;
    }
    this.itemFailed(job, item, reason, at);
    return true;
  }

  scheduleRetry(at: number): void {
    const when = at + DRS_PARAMS.waitRetrySec;
    if (this.retryAt > at && this.retryAt <= when) return;
    this.retryAt = when;
    this.e.queue.schedule(when, { kind: 'cluster', op: { t: 'retry' } });
  }

  /** Updates a job's status line and ends it when every item is done or failed. */
  progress(job: Job, at: number): void {
    if (job.kind === 'ha-failover') return this.ha.progress(job, at);
    if (job.kind === 'host-maintenance') return this.maint.progress(job, at);
    const done = job.items.filter((i) => i.state === 'done').length;
    const failed = job.items.filter((i) => i.state === 'failed');
    job.status = `${done} of ${job.items.length} migrated${failed.length ? `, ${failed.length} failed` : ''}`;
    if (done + failed.length < job.items.length || job.state !== 'running') return;
    this.finishJob(job, failed.length ? 'failed' : 'completed', at);
    const first = job.items[0];
    const what =
      job.items.length === 1 && first
        ? `${this.dName(first.d)} to ${first.toHostId ? this.hName[this.e.st.ids.hosts.indexOf(first.toHostId)] : '?'}`
        : `${job.items.length} VMs`;
    const timing = job.items.length === 1 && first?.durationSec !== null && first ? ` in ${first.durationSec} s, downtime ${first.downtimeMs} ms` : '';
    this.note(
      at,
      failed.length ? 'error' : 'info',
      'cluster',
      this.clusters[job.cluster]?.id ?? '',
      this.clusters[job.cluster]?.name ?? '',
      failed.length
        ? `${job.kind === 'drs-apply' ? 'DRS migration' : 'Migration'} ${job.taskId}: ${done} of ${job.items.length} migrated; ${failed.length} failed (${failed[0]?.reason ?? ''})`
        : `${job.kind === 'drs-apply' ? 'DRS migration' : 'Live migration'} ${job.taskId} completed: ${what}${timing}, no session lost`,
    );
  }

  finishJob(job: Job, state: 'completed' | 'failed', at: number): void {
    job.state = state;
    job.finishedAt = at;
    job.changed = true;
    this.mig.dropJob(job);
  }

  note(at: number, severity: ClusterLog['severity'], objectKind: ClusterLog['objectKind'], objectId: string, objectName: string, message: string): void {
    this.log.push({ at, seq: this.e.journal.next(), severity, objectKind, objectId, objectName, message });
  }

  hostNote(at: number, h: number, severity: ClusterLog['severity'], message: string): void {
    this.note(at, severity, 'host', this.e.st.ids.hosts[h] ?? '', this.hName[h] ?? '', message);
  }

  markHost(h: number): void {
    this.dirtyHosts.add(h);
  }

  /** Host power: on boots it (ESXi boot time), off only when it runs no VM. */
  powerOn(h: number, at: number, job: Job | null): void {
    this.hBootUntil[h] = at + DRS_PARAMS.hostBootSec;
    this.e.st.hOn[h] = 1;
    this.markHost(h);
    if (job) job.status = `Powering on (ESXi boots in ${DRS_PARAMS.hostBootSec} s)`;
    this.e.queue.schedule(at + DRS_PARAMS.hostBootSec, { kind: 'cluster', op: { t: 'host-up', h } });
  }

  private hostUp(h: number, at: number): void {
    if ((this.hBootUntil[h] as number) === 0) return;
    this.hBootUntil[h] = 0;
    this.hFail[h] = FAIL.none;
    this.markHost(h);
    this.ha.restoreDesktops(h, at);
    this.hostNote(at, h, 'info', `Host ${this.hName[h]} is connected${this.hMaint[h] === MAINT.in ? ' (in maintenance mode)' : ''} after booting`);
    for (const job of this.jobs.values()) {
      if (job.state === 'running' && job.host === h && (job.kind === 'host-power' || job.kind === 'ha-failover')) {
        if (job.kind === 'host-power') {
          job.status = 'Powered on';
          this.finishJob(job, 'completed', at);
        }
      }
    }
    this.mig.pump(at);
    this.ha.retryWaiting(at);
  }

  powerOff(h: number, at: number): void {
    this.e.st.hOn[h] = 0;
    this.markHost(h);
    this.hostNote(at, h, 'info', `Host ${this.hName[h]} powered off${this.hMaint[h] === MAINT.in ? ' (in maintenance mode)' : ''}`);
  }

  /** Anything running counts as a running job of this kind on a host. */
  runningJob(h: number, kinds: ClusterTaskKind[]): Job | undefined {
    for (const j of this.jobs.values()) if (j.state === 'running' && j.host === h && kinds.includes(j.kind)) return j;
    return undefined;
  }

  takeLog(): ClusterLog[] {
    const out = this.log;
    this.log = [];
    return out;
  }
}

export { FAIL, MAINT };
export type { ClusterCfg, ClusterLog, Job, JobItem, JobRefs, Rule };
