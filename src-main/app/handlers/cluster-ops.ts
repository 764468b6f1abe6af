import type { ClusterSettings, FrozenDesktop } from '../../contract/cluster-entities.ts';
import { LabError } from '../../contract/errors.ts';
import { admission, vmReservation } from '../../core/engine/cluster/admission.ts';
import { bestHost, book, computeLoads, roomFor, ruleCheck } from '../../core/engine/cluster/placement.ts';
import { engineView } from '../../core/engine/engine-view.ts';
import { getClusterSettings, saveClusterSettings, setPriority } from '../../store/cluster-ops.ts';
import { listTasks } from '../../store/tasks.ts';
import type { AppContext, Handlers } from '../context.ts';
import { clusterIndex, commitNow, crossHypervisor, desktopIndex, hostIndex, insertClusterTask, live } from '../cluster-common.ts';
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
    const hosts = engineView(e).hostsOf(c).length;
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
    const v = engineView(e);
    const c = clusterIndex(e, input.clusterId, ['clusterId']);
    const all = e.cluster.drs.recommend(c);
    const views = all.map((r) => recommendationView(e, c, r).id);
    if (all.length === 0) throw new LabError('conflict', `DRS has no recommendation for ${v.clusterName(c) ?? input.clusterId} right now`, ['clusterId']);
    const chosen = input.ids
      ? input.ids.map((id, i) => {
          const k = views.indexOf(id);
          if (k < 0) throw new LabError('not-found', `Recommendation "${id}" is not current any more: refresh the list`, ['ids', i]);
          return all[k] as (typeof all)[number];
        })
      : all;
    const clusterName = v.clusterName(c) ?? '';
    const task = insertClusterTask(
      ctx,
      'drs-apply',
      { kind: 'cluster', id: input.clusterId, name: clusterName },
      {
        clusterId: input.clusterId,
        status: `0 of ${chosen.length} migrated`,
        items: chosen.map((r) => ({
          desktopId: v.desktopId(r.d) ?? '',
          desktopName: v.desktopName(r.d),
          fromHostId: v.hostId(r.from) ?? '',
          toHostId: v.hostId(r.to) ?? null,
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
      objectName: clusterName,
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
    const v = engineView(e);
    const ds = input.desktopIds.map((id, i) => desktopIndex(e, id, ['desktopIds', i]));
    if (new Set(ds).size !== ds.length) throw new LabError('invalid-input', 'A desktop is named twice', ['desktopIds']);
    const to = input.toHostId !== undefined ? hostIndex(e, input.toHostId, ['toHostId']) : -1;
    const loads = computeLoads(e);
    const items = ds.map((d, i) => {
      const path = ['desktopIds', i];
      const from = v.desktopHost(d);
      const name = v.desktopName(d);
      const state = v.machineState(d);
      if (state === 'PROVISIONING' || state === 'DELETING') throw new LabError('conflict', `${name} is being provisioned or deleted`, path);
      if (v.migrating(d)) throw new LabError('conflict', `${name} is already migrating`, path);
      if (v.waitingForMigration(d)) throw new LabError('conflict', `${name} is already waiting for a migration slot`, path);
      if (v.hostFailed(from)) throw new LabError('conflict', `${name} is on ${v.hostName(from)}, which has failed: HA restarts it`, path);
      if (v.poweredOn(d) && v.noLiveMigration(d)) {
        throw new LabError('conflict', `${name} is a confidential VM (memory encryption): it cannot be live-migrated; power it off and migrate it cold`, path);
      }
      let target = to;
      if (to >= 0) {
        if (to === from) throw new LabError('conflict', `${name} already runs on ${v.hostName(to)}`, ['toHostId']);
        const across = crossHypervisor(e, from, to);
        if (across) throw new LabError('conflict', `${name}: ${across}`, ['toHostId']);
        if (v.hostCluster(to) !== v.hostCluster(from)) {
          throw new LabError(
            'conflict',
            `${v.hostName(to)} is in cluster ${v.clusterName(v.hostCluster(to))}, ${name} in ${v.clusterName(v.hostCluster(from))}: cross-cluster migration needs shared storage`,
            ['toHostId'],
          );
        }
        const down = v.hostUnavailable(to);
        if (down) throw new LabError('conflict', `${down}: no VM can move there`, ['toHostId']);
        const rule = ruleCheck(e, d, to).hard;
        // A DRS rule is broken; the tenant fence and vGPU slots say why the host is not compatible in their own sentence.
        if (rule)
          throw new LabError(
            'conflict',
            rule.startsWith('rule "') ? `Moving ${name} to ${v.hostName(to)} breaks ${rule}` : `${name} cannot move to ${v.hostName(to)}. ${rule}`,
            ['toHostId'],
          );
        if (v.poweredOn(d)) {
          const blocked = v.memoryBlocked(to);
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
    const cl = v.hostCluster(v.desktopHost(ds[0] as number));
    const task = insertClusterTask(
      ctx,
      'vm-migrate',
      single
        ? { kind: 'desktop', id: v.desktopId(first.d) ?? '', name: v.desktopName(first.d) }
        : { kind: 'cluster', id: v.clusterId(cl) ?? '', name: v.clusterName(cl) ?? '' },
      {
        clusterId: v.clusterId(cl) ?? '',
        hostId: input.toHostId ?? null,
        status: `0 of ${items.length} migrated`,
        items: items.map((it) => ({
          desktopId: v.desktopId(it.d) ?? '',
          desktopName: v.desktopName(it.d),
          fromHostId: v.hostId(it.from) ?? '',
          toHostId: it.to >= 0 ? (v.hostId(it.to) ?? null) : null,
          state: 'pending',
          reason: null,
          durationSec: null,
          downtimeMs: null,
          attempts: 0,
        })),
      },
    );
    const where = input.toHostId !== undefined ? `to ${v.hostName(to)}` : 'to the hosts DRS picks';
    ctx.audit({
      objectKind: single ? 'desktop' : 'cluster',
      objectId: task.objectId,
      objectName: task.objectName,
      message: `Migrate ${single ? v.desktopName(first.d) : `${items.length} VMs`} ${where} (${task.id})`,
    });
    tracker.adopt(task);
    ctx.changed('cluster', 'desktop');
    return commitNow(ctx, task.id);
  },
  'vm-set-restart-priority': (input, ctx) => {
    const { e } = live(ctx);
    const v = engineView(e);
    const ds = input.desktopIds.map((id, i) => desktopIndex(e, id, ['desktopIds', i]));
    for (const d of ds) {
      setPriority(ctx.db, v.desktopId(d) as string, input.priority);
      e.cluster.setRestartPriority(d, PRIORITY_INDEX[input.priority]);
    }
    ctx.audit({
      objectKind: 'cluster',
      objectId: v.clusterId(v.hostCluster(v.desktopHost(ds[0] as number))) ?? '',
      objectName: 'HA',
      message: `HA restart priority ${input.priority} for ${ds.length} VM(s): ${ds
        .slice(0, 5)
        .map((d) => v.desktopName(d))
        .join(', ')}${ds.length > 5 ? ', …' : ''}`,
    });
    ctx.changed('cluster');
    return { updated: ds.length };
  },
  'vm-power-on': (input, ctx) => {
    const { e } = live(ctx);
    const v = engineView(e);
    const d = desktopIndex(e, input.desktopId, ['desktopId']);
    const name = v.desktopName(d);
    if (v.poweredOn(d)) throw new LabError('conflict', `${name} is already powered on`, ['desktopId']);
    const state = v.machineState(d);
    if (state === 'PROVISIONING' || state === 'DELETING') throw new LabError('conflict', `${name} is being provisioned or deleted`, ['desktopId']);
    const h = v.desktopHost(d);
    const down = v.hostUnavailable(h);
    if (down) throw new LabError('conflict', `${down}: ${name} cannot power on there`, ['desktopId']);
    const blocked = v.memoryBlocked(h);
    if (blocked) throw new LabError('conflict', `${blocked}: ${name} cannot power on there until memory is freed`, ['desktopId']);
    const noSlot = e.cluster.vgpu.check(e, d, h); // vGPU density (issue 19)
    if (noSlot) {
      // A VM powers on on the host it is registered to (no DRS initial placement here): name the hosts of its cluster it
      // would fit on, so "No host is compatible" does not read as if none were (found by a black-box run).
      const fits = v
        .hostsOf(v.hostCluster(h))
        .filter((x) => x !== h && v.hostUnavailable(x) === null && e.cluster.vgpu.check(e, d, x) === null)
        .map((x) => v.hostName(x) ?? '');
      const hint = fits.length ? ` It fits on ${fits.slice(0, 3).join(', ')}${fits.length > 3 ? ', …' : ''}: move it there first (vm-migrate).` : '';
      throw new LabError('conflict', `${name} cannot power on. ${noSlot} (the host it is registered to).${hint}`, ['desktopId']);
    }
    const overLimit = v.tenantRefusal(d, name); // tenant memory limit (issue 19): resource-pool admission control
    if (overLimit) throw new LabError('conflict', `${name} cannot power on: ${overLimit}`, ['desktopId']);
    const ac = admission(e, v.hostCluster(h), vmReservation(e, d));
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
    const iso = (t: number) => new Date(t * 1000).toISOString();
    // A switchover lasts well under a tick: it stays listed a few seconds after, so a view can show the freeze.
    return engineView(e)
      .frozenDesktops(FREEZE_VISIBLE_SEC)
      .map(({ desktopId, until, freezeMs: ms }): FrozenDesktop => ({
        desktopId,
        frozenAt: iso(until - ms / 1000),
        frozenUntil: iso(until),
        downtimeMs: Math.round(ms),
        frozenNow: until > e.t,
      }));
  },
};
