import type { AffinityRule, ClusterStatus, DrsRecommendation, HaTimelineEntry, MigrationEstimate } from '../contract/cluster-entities.ts';
import type { ClusterTask } from '../contract/entities.ts';
import { admission } from '../core/engine/cluster/admission.ts';
import { DRS_PARAMS, imbalanceOf, type Recommendation } from '../core/engine/cluster/drs.ts';
import type { Engine } from '../core/engine/engine.ts';
import { engineView } from '../core/engine/engine-view.ts';
import { computeLoads, roomFor, ruleCheck } from '../core/engine/cluster/placement.ts';
import { P } from '../core/engine/state.ts';
import type { StoredRule } from '../store/cluster-ops.ts';
import { crossHypervisor, hostOps } from './cluster-common.ts';

// Read models of the cluster domain, built from the live engine.

const iso = (t: number) => new Date(t * 1000).toISOString();

export function clusterStatus(e: Engine, c: number, stored: ClusterTask[]): ClusterStatus {
  const ops = e.cluster;
  const st = e.st;
  const hosts: number[] = [];
  for (let h = 0; h < st.hCapMhz.length; h++) if (ops.hCluster[h] === c) hosts.push(h);
  const loads = computeLoads(e);
  const cfg = ops.clusters[c];
  const migrations = [...ops.mig.active.values()]
    .filter((m) => ops.hCluster[m.from] === c)
    .map((m) => ({
      desktopId: st.ids.desktops[m.d] ?? '',
      desktopName: ops.dName(m.d),
      fromHostId: st.ids.hosts[m.from] ?? '',
      toHostId: st.ids.hosts[m.to] ?? '',
      startedAt: iso(m.start),
      endsAt: iso(m.end),
      progressPct: Math.min(100, Math.round((100 * (e.t - m.start)) / Math.max(1e-6, m.end - m.start))),
      downtimeMs: Math.round(m.downtimeMs),
      taskId: m.job?.taskId ?? null,
    }));
  const hostIds = new Set(hosts.map((h) => st.ids.hosts[h]));
  return {
    clusterId: cfg?.id ?? '',
    simTime: iso(e.t),
    hosts: hosts.map((h) => hostOps(e, h)).sort((a, b) => a.hostName.localeCompare(b.hostName)),
    migrations,
    queuedMigrations: ops.mig.waiting.filter((w) => ops.hCluster[st.dHost[w.d] as number] === c).length,
    imbalance: Math.round(imbalanceOf(e, loads, c).sd * 1000) / 1000,
    imbalanceTarget: DRS_PARAMS.targetImbalance[(cfg?.threshold ?? 3) - 1] ?? 0.05,
    admission: admission(e, c),
    haTimeline: haTimeline(e, stored, hostIds),
    nextDrsRunAt: iso(Math.floor(e.t / DRS_PARAMS.intervalSec) * DRS_PARAMS.intervalSec + DRS_PARAMS.intervalSec),
    drsIntervalSec: DRS_PARAMS.intervalSec,
  };
}

/**
 * The HA timeline of the cluster's last failures: running failovers from the
 * engine (fresher than the last flush), finished ones from their stored tasks.
 */
function haTimeline(e: Engine, stored: ClusterTask[], hostIds: Set<string | undefined>): HaTimelineEntry[] {
  const live = [...e.cluster.jobs.values()].filter((j) => j.kind === 'ha-failover');
  const liveIds = new Set(live.map((j) => j.taskId));
  const done = stored.filter((t) => t.kind === 'ha-failover' && !liveIds.has(t.id) && hostIds.has(t.details.hostId ?? '')).slice(0, HA_TIMELINE_TASKS);
  const all = [...done.flatMap((t) => t.details.timeline ?? []), ...live.filter((j) => hostIds.has(e.st.ids.hosts[j.host])).flatMap((j) => j.timeline)];
  return all.sort((a, b) => a.at.localeCompare(b.at));
}

/** Failovers whose timeline the cluster page shows (the most recent ones). */
const HA_TIMELINE_TASKS = 3;

export function recommendationView(e: Engine, c: number, r: Recommendation): DrsRecommendation {
  const st = e.st;
  const ops = e.cluster;
  return {
    id: `${st.ids.desktops[r.d]}>${st.ids.hosts[r.to]}`,
    clusterId: ops.clusters[c]?.id ?? '',
    desktopId: st.ids.desktops[r.d] ?? '',
    desktopName: ops.dName(r.d),
    fromHostId: st.ids.hosts[r.from] ?? '',
    fromHostName: ops.hName[r.from] ?? '',
    toHostId: st.ids.hosts[r.to] ?? '',
    toHostName: ops.hName[r.to] ?? '',
    priority: r.priority,
    reason: r.reason,
    imbalanceBefore: Math.round(r.before * 1000) / 1000,
    imbalanceAfter: Math.round(r.after * 1000) / 1000,
  };
}

/** A rule is met when every powered-on VM of it sits where the rule wants it. */
export function ruleView(e: Engine, r: StoredRule): AffinityRule {
  let compliant = true;
  if (r.enabled) {
    for (const id of r.desktopIds) {
      const d = e.st.ids.desktops.indexOf(id);
      if (d < 0 || e.st.dPower[d] !== P.poweredOn) continue;
      const check = ruleCheck(e, d, e.st.dHost[d] as number);
      if (check.hard || check.soft > 0) {
        compliant = false;
        break;
      }
    }
  }
  return { ...r, compliant };
}

export function migrationEstimate(e: Engine, d: number, to: number): MigrationEstimate {
  const st = e.st;
  const ops = e.cluster;
  const from = st.dHost[d] as number;
  const plan = ops.mig.estimate(d, to);
  const loads = computeLoads(e);
  const refusal =
    from === to
      ? `${ops.dName(d)} already runs on ${ops.hName[to]}`
      : st.dNoLiveMig[d] === 1 && st.dPower[d] === P.poweredOn
        ? `${ops.dName(d)} is a confidential VM (memory encryption): it cannot be live-migrated`
        : crossHypervisor(e, from, to) !== null
          ? crossHypervisor(e, from, to)
          : ops.hCluster[from] !== ops.hCluster[to]
            ? `${ops.hName[to]} is in another cluster: cross-cluster migration needs shared storage (not modelled)`
            : (engineView(e).hostUnavailable(to) ?? ruleCheck(e, d, to).hard ?? roomFor(e, loads, d, to));
  return {
    desktopId: st.ids.desktops[d] ?? '',
    desktopName: ops.dName(d),
    fromHostId: st.ids.hosts[from] ?? '',
    toHostId: st.ids.hosts[to] ?? '',
    memoryMb: Math.round(plan.memoryMb),
    dirtyMBps: Math.round(plan.dirtyMBps * 10) / 10,
    linkMBps: Math.round(plan.linkMBps),
    lambda: Math.round(plan.lambda * 10000) / 10000,
    rounds: plan.rounds.map((r) => ({ round: r.round, copiedMb: Math.round(r.copiedMb * 10) / 10, seconds: Math.round(r.seconds * 1000) / 1000 })),
    converged: plan.converged,
    durationSec: Math.round(plan.durationSec * 100) / 100,
    downtimeMs: Math.round(plan.downtimeMs * 10) / 10,
    refusal: refusal ?? null,
  };
}
