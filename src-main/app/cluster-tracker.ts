import type { ClusterTaskDetails, ClusterTaskItem } from '../contract/cluster-entities.ts';
import { HA_PRIORITIES } from '../contract/cluster-entities.ts';
import type { ClusterTask } from '../contract/entities.ts';
import type { PushMessage } from '../contract/methods.ts';
import { FAIL, MAINT, type Job, type JobItem } from '../core/engine/cluster/cluster.ts';
import type { Engine } from '../core/engine/engine.ts';
import type { Rule } from '../core/engine/cluster/placement.ts';
import { activeClusterTasks, listClusterSettings, listPriorities, listRules } from '../store/cluster-ops.ts';
import type { Db } from '../store/db.ts';
import type { EventDrafts } from './event-drafts.ts';
import { updateTask } from '../store/tasks.ts';

const PRIORITY_INDEX: Record<(typeof HA_PRIORITIES)[number], number> = { disabled: 0, low: 1, medium: 2, high: 3 };

/**
 * Connects the store's cluster records to the engine, like PushTracker does for
 * push image: on every (re)build the settings, rules and HA priorities are
 * loaded and the active cluster tasks are taken up again (a migration that was
 * in flight starts over: it was never written as done); at every flush the
 * engine's moves, host states, task progress and events are written in the
 * flush transaction, so the store only ever holds finished steps.
 */
export class ClusterTracker {
  constructor(
    private readonly db: Db,
    private readonly engine: Engine,
  ) {
    this.loadSettings();
    this.loadRules();
    const c = engine.cluster;
    for (const p of listPriorities(db)) {
      const d = engine.st.ids.desktops.indexOf(p.desktopId);
      if (d >= 0) c.dPriority[d] = PRIORITY_INDEX[p.priority];
    }
  }

  /** Active tasks the engine does not run yet are taken up (on a lab's first start: whatever was under way). */
  reconcile(): void {
    for (const task of activeClusterTasks(this.db)) if (!this.engine.cluster.jobs.has(task.id)) this.adopt(task);
  }

  loadSettings(): void {
    const c = this.engine.cluster;
    for (const s of listClusterSettings(this.db)) {
      const cfg = c.clusters.find((x) => x.id === s.clusterId);
      if (!cfg) continue;
      cfg.drs = s.drsAutomation;
      cfg.threshold = s.drsThreshold;
      cfg.haEnabled = s.haEnabled;
      cfg.dsHeartbeat = s.datastoreHeartbeat;
      cfg.defaultPriority = PRIORITY_INDEX[s.defaultRestartPriority];
      cfg.ac = { ...s.admissionControl };
      cfg.downtimeTargetMs = s.vmotionDowntimeTargetMs;
      cfg.maxRounds = s.vmotionMaxRounds;
    }
  }

  loadRules(): void {
    const e = this.engine;
    const hIdx = new Map(e.st.ids.hosts.map((id, i) => [id, i]));
    const dIdx = new Map(e.st.ids.desktops.map((id, i) => [id, i]));
    const cIdx = new Map(e.cluster.clusters.map((c, i) => [c.id, i]));
    const rules: Rule[] = listRules(this.db).map((r) => ({
      id: r.id,
      name: r.name,
      cluster: cIdx.get(r.clusterId) ?? -1,
      kind: r.kind,
      enabled: r.enabled,
      vms: r.desktopIds.flatMap((id) => dIdx.get(id) ?? []),
      hosts: new Set((r.hostGroup?.hostIds ?? []).flatMap((id) => hIdx.get(id) ?? [])),
      hostGroup: r.hostGroup?.name ?? '',
    }));
    e.cluster.setRules(rules);
  }

  /** Takes a stored active task into the engine (a new one from a handler, or one found after a rebuild or restart). */
  adopt(task: ClusterTask, opts: { movePoweredOff?: boolean } = {}): void {
    const e = this.engine;
    const c = e.cluster;
    const st = e.st;
    const d = task.details;
    const host = d.hostId ? st.ids.hosts.indexOf(d.hostId) : -1;
    const cluster = c.clusters.findIndex((x) => x.id === d.clusterId);
    if (cluster < 0 || (d.hostId && host < 0)) return;
    const items: JobItem[] = d.items.flatMap((it) => {
      const di = st.ids.desktops.indexOf(it.desktopId);
      if (di < 0) return [];
      return [
        {
          d: di,
          from: st.ids.hosts.indexOf(it.fromHostId),
          toHostId: it.toHostId,
          state: it.state,
          reason: it.reason,
          durationSec: it.durationSec,
          downtimeMs: it.downtimeMs,
          attempts: it.attempts,
        },
      ];
    });
    const job: Job = {
      taskId: task.id,
      kind: task.kind,
      cluster,
      host,
      wait: d.wait,
      items,
      state: 'running',
      status: d.status,
      finishedAt: null,
      changed: false,
      failedAt: d.failedAt ? Date.parse(d.failedAt) / 1000 : null,
      mode: d.mode,
      timeline: d.timeline ?? [], // rows written before the timeline was kept have none
    };
    c.jobs.set(task.id, job);
    const t = e.t;
    switch (task.kind) {
      case 'vm-migrate':
      case 'drs-apply':
        for (const it of items) {
          if (it.state === 'done' || it.state === 'failed') continue;
          const to = it.toHostId ? st.ids.hosts.indexOf(it.toHostId) : task.kind === 'vm-migrate' ? host : -1;
          if (to >= 0 && st.dHost[it.d] === to && it.state === 'migrating') {
            c.itemDone(job, it, to, 0, 0, t); // it landed before the flush that would have said so
            continue;
          }
          c.mig.request(it.d, to, job, it, t);
        }
        c.progress(job, t);
        return;
      case 'host-maintenance':
        job.items = items.filter((it) => it.state === 'done');
        c.maint.enter(host, job, opts.movePoweredOff ?? true, t);
        return;
      case 'ha-failover':
        for (const it of job.items)
          if (it.state === 'migrating' || it.state === 'waiting' || it.state === 'restarting') it.state = st.dHost[it.d] !== host ? 'done' : 'pending';
        c.ha.fail(host, job, t);
        return;
      case 'host-power':
        if (st.hOn[host] === 1 && c.hFail[host] === FAIL.none && (c.hBootUntil[host] as number) === 0) {
          job.status = 'Powered on';
          c.finishJob(job, 'completed', t);
        } else {
          c.powerOn(host, t, job); // a boot the app did not see finish starts over
        }
        return;
      default:
        job.state = 'completed';
        job.finishedAt = t;
        job.changed = true;
    }
  }

  private details(job: Job): ClusterTaskDetails {
    const st = this.engine.st;
    const c = this.engine.cluster;
    const items: ClusterTaskItem[] = job.items.map((it) => ({
      desktopId: st.ids.desktops[it.d] ?? '',
      desktopName: c.dName(it.d),
      fromHostId: st.ids.hosts[it.from] ?? '',
      toHostId: it.toHostId,
      state: it.state,
      reason: it.reason,
      durationSec: it.durationSec,
      downtimeMs: it.downtimeMs,
      attempts: it.attempts,
    }));
    return {
      clusterId: c.clusters[job.cluster]?.id ?? '',
      hostId: job.host >= 0 ? (st.ids.hosts[job.host] ?? null) : null,
      status: job.status,
      wait: job.wait,
      failedAt: job.failedAt !== null ? new Date(job.failedAt * 1000).toISOString() : null,
      mode: job.mode,
      items,
      timeline: job.timeline,
    };
  }

  /** Writes what changed since the last flush; call inside the flush transaction (events go to `drafts`). Returns pushes to send. */
  persist(drafts: EventDrafts): PushMessage[] {
    const e = this.engine;
    const st = e.st;
    const c = e.cluster;
    const out: PushMessage[] = [];
    // Desktop and host rows are written from the engine's state by the flush (engine-rows.ts): these only say something changed.
    let changed = c.movedDesktops.size > 0 || c.dirtyHosts.size > 0;
    c.movedDesktops.clear();
    c.dirtyHosts.clear();
    // Finished jobs leave `jobs` at the flush that writes them, but HA (and a migration) may still refer to one and add to
    // it: a repaired host adds its line to the failover's timeline. Those are written too, whether or not a flush fell between.
    const jobs = new Set(c.jobs.values());
    for (const j of c.ha.jobRefs()) jobs.add(j);
    for (const j of c.mig.jobRefs()) jobs.add(j);
    for (const job of jobs) {
      if (!job.changed) continue;
      job.changed = false;
      changed = true;
      const done = job.items.filter((i) => i.state === 'done').length;
      updateTask(this.db, {
        id: job.taskId,
        state: job.state,
        done,
        total: job.items.length,
        finishedAt: job.finishedAt !== null ? new Date(job.finishedAt * 1000).toISOString() : null,
        details: this.details(job),
      });
      if (job.state !== 'running') c.jobs.delete(job.taskId);
    }
    for (const l of c.takeLog()) {
      drafts.add(l.seq, new Date(l.at * 1000).toISOString(), {
        type: l.severity === 'info' ? 'info' : l.severity === 'critical' ? 'error' : l.severity,
        severity: l.severity,
        objectKind: l.objectKind,
        objectId: l.objectId,
        objectName: l.objectName,
        user: 'system',
        message: l.message,
      });
      changed = true;
    }
    if (changed) out.push({ topic: 'lab-changed', payload: { kinds: ['host', 'desktop', 'cluster'] } });
    return out;
  }
}
