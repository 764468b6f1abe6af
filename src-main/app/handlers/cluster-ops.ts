import type { ClusterSettings, FrozenDesktop } from '../../contract/cluster-entities.ts';
import { LabError } from '../../contract/errors.ts';
import { admission, vmReservation } from '../../core/engine/cluster/admission.ts';
import { FAIL } from '../../core/engine/cluster/cluster.ts';
import { bestHost, book, computeLoads, roomFor, ruleCheck } from '../../core/engine/cluster/placement.ts';
import { M, P } from '../../core/engine/state.ts';
import { getClusterSettings, saveClusterSettings, setPriority } from '../../store/cluster-ops.ts';
import { listTasks } from '../../store/tasks.ts';
import type { AppContext, Handlers } from '../context.ts';
import {
  clusterIndex,
  commitNow,
  crossHypervisor,
  desktopIndex,
  hostIndex,
  hostUnavailable,
  insertClusterTask,
  live,
  memoryBlocked,
} from '../cluster-common.ts';
import { clusterStatus, migrationEstimate, recommendationView } from '../cluster-views.ts';
import { markPoweredOn } from '../../store/desktops.ts';

/** How long after a switchover a desktop is still listed as (just) frozen. */
export const FREEZE_VISIBLE_SEC = 10;

const PRIORITY_INDEX = { disabled: 0, low: 1, medium: 2, high: 3 } as const;

function settingsOf(ctx: AppContext, clusterId: string): ClusterSettings {
  const s = getClusterSettings(ctx.db, clusterId);
  if (!s) throw new LabError('not-found', `No cluster with id "${clusterId}"`, ['clusterId']);
  return s;
}

/** Saves settings, audits the change and hands them to the running engine. */
function saveSettings(ctx: AppContext, s: ClusterSettings, what: string): ClusterSettings {
  saveClusterSettings(ctx.db, s);
  ctx.audit({ objectKind: 'cluster', objectId: s.clusterId, objectName: s.clusterName, message: `${s.clusterName}: ${what}` });
  live(ctx).tracker.loadSettings();
  ctx.changed('cluster');
  return settingsOf(ctx, s.clusterId);
}

/**
 * Live migration rules (refused with the reason, nothing changes):
 * | case                                                   | error                          |
 * |--------------------------------------------------------|--------------------------------|
 * | unknown desktop or host                                | not-found                      |
 * | target in another cluster (no shared storage modelled) | conflict                       |
 * | target failed, off, booting, in or entering maintenance| conflict                       |
 * | same host; desktop provisioning / deleting / migrating | conflict                       |
 * | desktop on a failed host (HA restarts it)              | conflict                       |
 * | a DRS "must" or anti-affinity rule would break         | conflict, naming the rule      |
 * | not enough memory on the target                        | conflict, with the GB short    |
 * A powered-off desktop moves cold (re-registered, no downtime).
 */
export const clusterOpsHandlers: Pick<
  Handlers,
  | 'cluster-settings-get'
  | 'cluster-set-drs'
  | 'cluster-set-ha'
  | 'cluster-set-vmotion'
  | 'cluster-status'
  | 'drs-recommendations'
  | 'drs-apply'
  | 'vm-migrate-estimate'
  | 'vm-migrate'
  | 'vm-set-restart-priority'
  | 'vm-power-on'
  | 'vm-frozen-list'
> = {
  'cluster-settings-get': (input, ctx) => settingsOf(ctx, input.clusterId),
  'cluster-set-drs': (input, ctx) => {
    const s = settingsOf(ctx, input.clusterId);
    const next = { ...s, drsAutomation: input.automation ?? s.drsAutomation, drsThreshold: input.threshold ?? s.drsThreshold };
    return saveSettings(ctx, next, `DRS ${next.drsAutomation}, migration threshold ${next.drsThreshold}`);
  },
  'cluster-set-ha': (input, ctx) => {
    const s = settingsOf(ctx, input.clusterId);
    const ac = { ...s.admissionControl, ...(input.admissionControl ?? {}) };
    const { e } = live(ctx);
    const c = clusterIndex(e, input.clusterId, ['clusterId']);
    let hosts = 0;
    for (let h = 0; h < e.st.hCapMhz.length; h++) if (e.cluster.hCluster[h] === c) hosts++;
    if (ac.policy === 'host-failures' && ac.hostFailures >= hosts) {
      throw new LabError(
        'invalid-input',
        `A cluster of ${hosts} host(s) cannot tolerate ${ac.hostFailures} host failure(s): at most ${Math.max(0, hosts - 1)}`,
        ['admissionControl', 'hostFailures'],
      );
    }
    const next: ClusterSettings = {
      ...s,
      haEnabled: input.enabled ?? s.haEnabled,
      datastoreHeartbeat: input.datastoreHeartbeat ?? s.datastoreHeartbeat,
      defaultRestartPriority: input.defaultRestartPriority ?? s.defaultRestartPriority,
      admissionControl: ac,
    };
    const acText =
      ac.policy === 'percentage'
        ? `reserve CPU ${ac.cpuPct} %, memory ${ac.memPct} %`
        : ac.policy === 'host-failures'
          ? `tolerate ${ac.hostFailures} host failure(s)`
          : 'disabled';
    return saveSettings(
      ctx,
      next,
      `vSphere HA ${next.haEnabled ? 'on' : 'off'}, datastore heartbeats ${next.datastoreHeartbeat ? 'on' : 'off'}, default restart priority ${next.defaultRestartPriority}, admission control ${acText}`,
    );
  },
  'cluster-set-vmotion': (input, ctx) => {
    const s = settingsOf(ctx, input.clusterId);
    const next = {
      ...s,
      vmotionDowntimeTargetMs: input.downtimeTargetMs ?? s.vmotionDowntimeTargetMs,
      vmotionMaxRounds: input.maxRounds ?? s.vmotionMaxRounds,
    };
    return saveSettings(ctx, next, `live migration downtime target ${next.vmotionDowntimeTargetMs} ms, at most ${next.vmotionMaxRounds} pre-copy rounds`);
  },
  'cluster-status': (input, ctx) => {
    const { e } = live(ctx);
    const c = clusterIndex(e, input.clusterId, ['clusterId']);
    const stored = listTasks(ctx.db, {}).flatMap((t) => (t.kind === 'ha-failover' ? [t] : []));
    return clusterStatus(e, c, stored);
  },
  'drs-recommendations': (input, ctx) => {
    const { e } = live(ctx);
    const c = clusterIndex(e, input.clusterId, ['clusterId']);
    return e.cluster.drs.recommend(c).map((r) => recommendationView(e, c, r));
  },
  'drs-apply': (input, ctx) => {
    const { e, tracker } = live(ctx);
    const c = clusterIndex(e, input.clusterId, ['clusterId']);
    const all = e.cluster.drs.recommend(c);
    const views = all.map((r) => recommendationView(e, c, r).id);
    if (all.length === 0)
      throw new LabError('conflict', `DRS has no recommendation for ${e.cluster.clusters[c]?.name ?? input.clusterId} right now`, ['clusterId']);
    const chosen = input.ids
      ? input.ids.map((id, i) => {
          const k = views.indexOf(id);
          if (k < 0) throw new LabError('not-found', `Recommendation "${id}" is not current any more: refresh the list`, ['ids', i]);
          return all[k] as (typeof all)[number];
        })
      : all;
    const cfg = e.cluster.clusters[c];
    const task = insertClusterTask(
      ctx,
      'drs-apply',
      { kind: 'cluster', id: input.clusterId, name: cfg?.name ?? '' },
      {
        clusterId: input.clusterId,
        status: `0 of ${chosen.length} migrated`,
        items: chosen.map((r) => ({
          desktopId: e.st.ids.desktops[r.d] ?? '',
          desktopName: e.cluster.dName(r.d),
          fromHostId: e.st.ids.hosts[r.from] ?? '',
          toHostId: e.st.ids.hosts[r.to] ?? null,
          state: 'pending',
          reason: null,
          durationSec: null,
          downtimeMs: null,
          attempts: 0,
        })),
      },
    );
    ctx.audit({
      objectKind: 'cluster',
      objectId: input.clusterId,
      objectName: cfg?.name ?? '',
      message: `DRS recommendations applied (${task.id}): ${chosen
        .map((r) => r.reason)
        .slice(0, 3)
        .join('; ')}${chosen.length > 3 ? `; … (${chosen.length} in all)` : ''}`,
    });
    tracker.adopt(task);
    ctx.changed('cluster');
    return commitNow(ctx, task.id);
  },
  'vm-migrate-estimate': (input, ctx) => {
    const { e } = live(ctx);
    return migrationEstimate(e, desktopIndex(e, input.desktopId, ['desktopId']), hostIndex(e, input.toHostId, ['toHostId']));
  },
  'vm-migrate': (input, ctx) => {
    const { e, tracker } = live(ctx);
    const ops = e.cluster;
    const st = e.st;
    const ds = input.desktopIds.map((id, i) => desktopIndex(e, id, ['desktopIds', i]));
    if (new Set(ds).size !== ds.length) throw new LabError('invalid-input', 'A desktop is named twice', ['desktopIds']);
    const to = input.toHostId !== undefined ? hostIndex(e, input.toHostId, ['toHostId']) : -1;
    const loads = computeLoads(e);
    const items = ds.map((d, i) => {
      const path = ['desktopIds', i];
      const from = st.dHost[d] as number;
      const name = ops.dName(d);
      if (st.dState[d] === M.PROVISIONING || st.dState[d] === M.DELETING) throw new LabError('conflict', `${name} is being provisioned or deleted`, path);
      if ((ops.mig.dMig[d] as number) >= 0) throw new LabError('conflict', `${name} is already migrating`, path);
      if (ops.mig.isQueued(d)) throw new LabError('conflict', `${name} is already waiting for a migration slot`, path);
      if (ops.hFail[from] !== FAIL.none) throw new LabError('conflict', `${name} is on ${ops.hName[from]}, which has failed: HA restarts it`, path);
      if (st.dPower[d] === P.poweredOn && st.dNoLiveMig[d] === 1) {
        throw new LabError('conflict', `${name} is a confidential VM (memory encryption): it cannot be live-migrated; power it off and migrate it cold`, path);
      }
      let target = to;
      if (to >= 0) {
        if (to === from) throw new LabError('conflict', `${name} already runs on ${ops.hName[to]}`, ['toHostId']);
        const across = crossHypervisor(e, from, to);
        if (across) throw new LabError('conflict', `${name}: ${across}`, ['toHostId']);
        if (ops.hCluster[to] !== ops.hCluster[from]) {
          throw new LabError(
            'conflict',
            `${ops.hName[to]} is in cluster ${ops.clusters[ops.hCluster[to] as number]?.name}, ${name} in ${ops.clusters[ops.hCluster[from] as number]?.name}: cross-cluster migration needs shared storage`,
            ['toHostId'],
          );
        }
        const down = hostUnavailable(e, to);
        if (down) throw new LabError('conflict', `${down}: no VM can move there`, ['toHostId']);
        const rule = ruleCheck(e, d, to).hard;
        // A DRS rule is broken; the tenant fence and vGPU slots say why the host is not compatible in their own sentence.
        if (rule)
          throw new LabError(
            'conflict',
            rule.startsWith('rule "') ? `Moving ${name} to ${ops.hName[to]} breaks ${rule}` : `${name} cannot move to ${ops.hName[to]}. ${rule}`,
            ['toHostId'],
          );
        if (st.dPower[d] === P.poweredOn) {
          const blocked = memoryBlocked(e, to);
          if (blocked) throw new LabError('conflict', `${blocked}: a running VM cannot move there`, ['toHostId']);
          const room = roomFor(e, loads, d, to);
          if (room) throw new LabError('conflict', `Not enough memory: ${room}`, ['toHostId']);
        }
      } else {
        const pick = bestHost(e, loads, d, from);
        if (pick.host < 0) throw new LabError('conflict', `No host can take ${name}: ${[...new Set(pick.why)].slice(0, 2).join('; ')}`, path);
        target = pick.host;
      }
      book(loads, d, from, target);
      return { d, from, to: input.toHostId !== undefined ? to : -1 };
    });
    const first = items[0];
    const single = items.length === 1 && first;
    const cl = ops.hCluster[st.dHost[ds[0] as number] as number] as number;
    const task = insertClusterTask(
      ctx,
      'vm-migrate',
      single
        ? { kind: 'desktop', id: st.ids.desktops[first.d] ?? '', name: ops.dName(first.d) }
        : { kind: 'cluster', id: ops.clusters[cl]?.id ?? '', name: ops.clusters[cl]?.name ?? '' },
      {
        clusterId: ops.clusters[cl]?.id ?? '',
        hostId: input.toHostId ?? null,
        status: `0 of ${items.length} migrated`,
        items: items.map((it) => ({
          desktopId: st.ids.desktops[it.d] ?? '',
          desktopName: ops.dName(it.d),
          fromHostId: st.ids.hosts[it.from] ?? '',
          toHostId: it.to >= 0 ? (st.ids.hosts[it.to] ?? null) : null,
          state: 'pending',
          reason: null,
          durationSec: null,
          downtimeMs: null,
          attempts: 0,
        })),
      },
    );
    const where = input.toHostId !== undefined ? `to ${ops.hName[to]}` : 'to the hosts DRS picks';
    ctx.audit({
      objectKind: single ? 'desktop' : 'cluster',
      objectId: task.objectId,
      objectName: task.objectName,
      message: `Migrate ${single ? ops.dName(first.d) : `${items.length} VMs`} ${where} (${task.id})`,
    });
    tracker.adopt(task);
    ctx.changed('cluster', 'desktop');
    return commitNow(ctx, task.id);
  },
  'vm-set-restart-priority': (input, ctx) => {
    const { e } = live(ctx);
    const ds = input.desktopIds.map((id, i) => desktopIndex(e, id, ['desktopIds', i]));
    for (const d of ds) {
      setPriority(ctx.db, e.st.ids.desktops[d] as string, input.priority);
      e.cluster.dPriority[d] = PRIORITY_INDEX[input.priority];
    }
    ctx.audit({
      objectKind: 'cluster',
      objectId: e.cluster.clusters[e.cluster.hCluster[e.st.dHost[ds[0] as number] as number] as number]?.id ?? '',
      objectName: 'HA',
      message: `HA restart priority ${input.priority} for ${ds.length} VM(s): ${ds
        .slice(0, 5)
        .map((d) => e.cluster.dName(d))
        .join(', ')}${ds.length > 5 ? ', …' : ''}`,
    });
    ctx.changed('cluster');
    return { updated: ds.length };
  },
  'vm-power-on': (input, ctx) => {
    const { e } = live(ctx);
    const st = e.st;
    const ops = e.cluster;
    const d = desktopIndex(e, input.desktopId, ['desktopId']);
    const name = ops.dName(d);
    if (st.dPower[d] === P.poweredOn) throw new LabError('conflict', `${name} is already powered on`, ['desktopId']);
    if (st.dState[d] === M.PROVISIONING || st.dState[d] === M.DELETING)
      throw new LabError('conflict', `${name} is being provisioned or deleted`, ['desktopId']);
    const h = st.dHost[d] as number;
    const down = hostUnavailable(e, h);
    if (down) throw new LabError('conflict', `${down}: ${name} cannot power on there`, ['desktopId']);
    const blocked = memoryBlocked(e, h);
    if (blocked) throw new LabError('conflict', `${blocked}: ${name} cannot power on there until memory is freed`, ['desktopId']);
    const noSlot = e.cluster.vgpu.check(e, d, h); // vGPU density (issue 19)
    if (noSlot) throw new LabError('conflict', `${name} cannot power on. ${noSlot}`, ['desktopId']);
    const overLimit = e.tenantMem.admit(st, d, name); // tenant memory limit (issue 19): resource-pool admission control
    if (overLimit) throw new LabError('conflict', `${name} cannot power on: ${overLimit}`, ['desktopId']);
    const cl = ops.hCluster[h] as number;
    const ac = admission(e, cl, vmReservation(e, d));
    if (!ac.ok)
      throw new LabError(
        'conflict',
        `Insufficient resources to satisfy the configured failover level for vSphere HA: powering on ${name} would leave ${ac.message.toLowerCase()}`,
        ['desktopId'],
      );
    e.provisioner.powerOn(d, e.t);
    markPoweredOn(ctx.db, input.desktopId);
    ctx.audit({ objectKind: 'desktop', objectId: input.desktopId, objectName: name, message: `Power on ${name} (admission control: ${ac.message})` });
    ctx.changed('desktop');
    return { desktopId: input.desktopId, powerState: 'poweredOn' as const };
  },
  'vm-frozen-list': (_input, ctx) => {
    const { e } = live(ctx);
    const out: FrozenDesktop[] = [];
    const iso = (t: number) => new Date(t * 1000).toISOString();
    e.st.dFrozenUntil.forEach((until, d) => {
      // A switchover lasts well under a tick: it stays listed a few seconds after, so a view can show the freeze.
      if (until <= 0 || until + FREEZE_VISIBLE_SEC < e.t) return;
      const ms = e.cluster.dFreezeMs[d] as number;
      out.push({
        desktopId: e.st.ids.desktops[d] ?? '',
        frozenAt: iso(until - ms / 1000),
        frozenUntil: iso(until),
        downtimeMs: Math.round(ms),
        frozenNow: until > e.t,
      });
    });
    return out;
  },
};
