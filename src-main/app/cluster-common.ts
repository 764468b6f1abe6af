import { HYPERVISOR_SPECS } from '../shared/hypervisors/catalogue.ts';
import { isClusterTask } from '../contract/cluster-entities.ts';
import type { ClusterTaskDetails, ClusterTaskKind, HostOpsState } from '../contract/cluster-entities.ts';
import type { ClusterTask, ObjectKind } from '../contract/entities.ts';
import { LabError } from '../contract/errors.ts';
import { FAIL, MAINT } from '../core/engine/cluster/cluster.ts';
import type { Engine } from '../core/engine/engine.ts';
import { engineView } from '../core/engine/engine-view.ts';
import { getTask, insertTask } from '../store/tasks.ts';
import type { RuleChange } from '../store/cluster-ops.ts';
import type { AppContext } from './context.ts';
import type { ClusterTracker } from './cluster-tracker.ts';

/** The running engine and the cluster tracker (the simulation is created on first use). */
export function live(ctx: AppContext): { e: Engine; tracker: ClusterTracker } {
  const sim = ctx.services.simulation();
  return { e: sim.engine, tracker: sim.clusterTracker };
}

export function hostIndex(e: Engine, id: string, path: (string | number)[]): number {
  const h = engineView(e).hostIndex(id);
  if (h < 0) throw new LabError('not-found', `No host with id "${id}"`, path);
  return h;
}

export function desktopIndex(e: Engine, id: string, path: (string | number)[]): number {
  const d = engineView(e).desktopIndex(id);
  if (d < 0) throw new LabError('not-found', `No desktop with id "${id}"`, path);
  return d;
}

export function clusterIndex(e: Engine, id: string, path: (string | number)[]): number {
  const c = engineView(e).clusterIndex(id);
  if (c < 0) throw new LabError('not-found', `No cluster with id "${id}"`, path);
  return c;
}

/** Records a cluster task (running, or already finished for instant operations). */
export function insertClusterTask(
  ctx: AppContext,
  kind: ClusterTaskKind,
  object: { kind: ObjectKind; id: string; name: string },
  details: Partial<ClusterTaskDetails> & { clusterId: string; status: string },
  finished?: 'completed',
): ClusterTask {
  const now = ctx.simTime();
  const full: ClusterTaskDetails = { hostId: null, wait: false, failedAt: null, mode: null, items: [], timeline: [], ...details };
  return insertTask<ClusterTask>(ctx.db, {
    kind,
    objectKind: object.kind,
    objectId: object.id,
    objectName: object.name,
    state: finished ?? 'running',
    done: finished ? full.items.length : 0,
    total: full.items.length,
    createdAt: now,
    startAt: now,
    finishedAt: finished ? now : null,
    user: ctx.user,
    details: full,
  });
}

/** What vCenter shows for a host now. */
export function hostOps(e: Engine, h: number): HostOpsState {
  const c = e.cluster;
  const st = e.st;
  let status: HostOpsState['status'] = 'connected';
  let label = 'Connected';
  const maintJob = c.runningJob(h, ['host-maintenance']);
  if (c.hFail[h] === FAIL.isolation) [status, label] = ['isolated', 'Not responding (network isolated)'];
  else if (c.hFail[h] === FAIL['power-loss'] && (c.hBootUntil[h] as number) > 0) [status, label] = ['powering-on', 'Powering on (repair)'];
  else if (c.hFail[h] === FAIL['power-loss']) [status, label] = ['failed', 'Not responding (power lost)'];
  else if ((c.hBootUntil[h] as number) > 0) [status, label] = ['powering-on', 'Powering on'];
  else if (st.hOn[h] !== 1) [status, label] = ['powered-off', c.hMaint[h] === MAINT.in ? 'Powered off (maintenance mode)' : 'Powered off'];
  else if (c.hMaint[h] === MAINT.entering) [status, label] = ['entering-maintenance', maintJob?.status ?? 'Entering maintenance mode'];
  else if (c.hMaint[h] === MAINT.in) [status, label] = ['maintenance', 'In maintenance mode'];
  let out = 0;
  let inn = 0;
  for (const m of c.mig.active.values()) {
    if (m.from === h) out++;
    if (m.to === h) inn++;
  }
  return {
    hostId: st.ids.hosts[h] ?? '',
    hostName: c.hName[h] ?? '',
    status,
    label,
    migrationsIn: inn,
    migrationsOut: out,
    migrationLimit: c.mig.limit(h),
    cpuPct: Math.round((e.hCpuPct[h] as number) * 10) / 10,
    memPct: Math.round((1000 * (e.hMemMb[h] as number)) / (st.hRamMb[h] as number)) / 10,
    vmsOn: engineView(e).poweredOnVms(h),
  };
}

/**
 * Writes the engine's changes now, inside the handler's transaction (a flush nested in it), so
 * the task a handler returns already shows its items.
 */
export function commitNow(ctx: AppContext, taskId: string): ClusterTask {
  ctx.pushes.push(...ctx.services.simulation().flush());
  const t = getTask(ctx.db, taskId);
  if (!t || !isClusterTask(t)) throw new LabError('internal', `Task ${taskId} vanished`);
  return t;
}

/** The audit trail of DRS rules that lost VMs because the VMs were deleted (one event per rule). */
export function auditRuleChanges(ctx: AppContext, changes: readonly RuleChange[], why: string): void {
  for (const r of changes) {
    ctx.audit({
      objectKind: 'cluster',
      objectId: r.clusterId,
      objectName: r.name,
      message: r.deleted ? `DRS rule "${r.name}" deleted: ${why} removed all its VMs` : `DRS rule "${r.name}": ${r.removed} VM(s) left the rule (${why})`,
    });
  }
  if (changes.length) ctx.changed('cluster');
}

/**
 * A move between hosts of different hypervisor types (issue 19), refused with the reason, or null:
 * a VM's disks (VMDK / VHDX / QCOW2 / AHV vDisk) and virtual hardware belong to its hypervisor, so
 * it crosses only by conversion (a V2V tool, Nutanix Move), never by live migration, DRS or HA.
 */
export function crossHypervisor(e: Engine, from: number, to: number): string | null {
  const hvOf = (h: number) => e.lab.clusters[e.cluster.hCluster[h] as number]?.hypervisor ?? 'esxi';
  const a = hvOf(from);
  const b = hvOf(to);
  if (a === b) return null;
  const sa = HYPERVISOR_SPECS[a];
  const sb = HYPERVISOR_SPECS[b];
  return `${e.cluster.hName[to]} runs ${sb.label} and the VM runs on ${sa.label}: a VM cannot be migrated across hypervisor types (its ${sa.diskFormatLabel} disks and virtual hardware are ${sa.label}'s); convert it with a V2V tool instead`;
}
