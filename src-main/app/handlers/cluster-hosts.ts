import { LabError } from '../../contract/errors.ts';
import { admission } from '../../core/engine/cluster/admission.ts';
import { engineView } from '../../core/engine/engine-view.ts';
import { PARAMS } from '../../core/params.ts';
import { deleteHost, hostIdFree, insertHost, listRules, setHostState } from '../../store/cluster-ops.ts';
import { getHost, listHosts, clusterRef, nextHostNumber } from '../../store/inventory.ts';
import type { Handlers } from '../context.ts';
import { cannotFail, cannotRepair, failHost, repairHost } from '../host-failures.ts';
import { commitNow, hostIndex, insertClusterTask, live } from '../cluster-common.ts';
import { activeTaskOn } from '../../store/tasks.ts';

/**
 * Host lifecycle:
 * | operation          | refused when (error)                                                                  |
 * |--------------------|----------------------------------------------------------------------------------------|
 * | enter maintenance  | already in / entering (conflict); failed or off (conflict); admission control would    |
 * |                    | break (conflict); no room for its VMs and no `wait` (conflict, naming the shortfall)    |
 * | exit maintenance   | not in maintenance mode (conflict); entering: the evacuation stops (allowed)           |
 * | power off          | still runs VMs and is not in maintenance, or is failed (conflict)                      |
 * | power on           | already on, or failed (use repair) (conflict)                                           |
 * | fail (training)    | already failed, or powered off (conflict)                                               |
 * | repair             | not failed (conflict)                                                                    |
 * | add                | unknown cluster (not-found); name taken (conflict)                                       |
 * | remove             | not in maintenance, VMs still registered, or named in a rule's host group (conflict)     |
 */
export const clusterHostHandlers: Pick<
  Handlers,
  'host-enter-maintenance' | 'host-exit-maintenance' | 'host-power' | 'host-fail' | 'host-repair' | 'host-add' | 'host-remove'
> = {
  'host-enter-maintenance': (input, ctx) => {
    const { e, tracker } = live(ctx);
    const c = e.cluster;
    const v = engineView(e);
    const h = hostIndex(e, input.hostId, ['hostId']);
    const name = v.hostName(h) ?? '';
    const cl = v.hostCluster(h);
    if (v.maintenance(h) === 'in') throw new LabError('conflict', `${name} is already in maintenance mode`, ['hostId']);
    if (v.maintenance(h) === 'entering') throw new LabError('conflict', `${name} is already entering maintenance mode`, ['hostId']);
    if (v.hostFailed(h) || !v.hostOn(h)) throw new LabError('conflict', `${v.hostUnavailable(h)}: it cannot enter maintenance mode`, ['hostId']);
    const ac = admission(e, cl, { memMb: 0, cpuMhz: 0 }, h);
    if (!ac.ok)
      throw new LabError('conflict', `${name} cannot enter maintenance mode: vSphere HA admission control would break without it (${ac.message})`, ['hostId']);
    const pre = c.maint.precheck(h);
    if (!pre.ok && !input.wait) {
      const first = pre.unplaced[0];
      throw new LabError(
        'conflict',
        `${name} cannot enter maintenance mode: ${pre.unplaced.length} of its powered-on VMs have no host to go to ` +
          `(they need ${(pre.needMb / 1024).toFixed(0)} GB; the other hosts have ${(pre.freeMb / 1024).toFixed(0)} GB free${pre.needMb > pre.freeMb ? `, ${((pre.needMb - pre.freeMb) / 1024).toFixed(0)} GB short` : ''}). ` +
          `First: ${first ? `${v.desktopName(first.d)}: ${[...new Set(first.why)].slice(0, 2).join('; ')}` : ''}. Use wait to enter once room appears.`,
        ['hostId'],
      );
    }
    const task = insertClusterTask(
      ctx,
      'host-maintenance',
      { kind: 'host', id: input.hostId, name },
      {
        clusterId: v.clusterId(cl) ?? '',
        hostId: input.hostId,
        wait: input.wait,
        status: 'Entering maintenance mode',
      },
    );
    ctx.audit({
      objectKind: 'host',
      objectId: input.hostId,
      objectName: name,
      message: `Enter maintenance mode requested for ${name} (${task.id})${!pre.ok ? `: ${pre.unplaced.length} VM(s) wait for room` : ''}`,
    });
    tracker.adopt(task, { movePoweredOff: input.movePoweredOff });
    ctx.changed('cluster');
    return commitNow(ctx, task.id);
  },
  'host-exit-maintenance': (input, ctx) => {
    const { e } = live(ctx);
    const c = e.cluster;
    const v = engineView(e);
    const h = hostIndex(e, input.hostId, ['hostId']);
    const name = v.hostName(h) ?? '';
    if (v.maintenance(h) === 'none') throw new LabError('conflict', `${name} is not in maintenance mode`, ['hostId']);
    const entering = c.runningJob(h, ['host-maintenance']);
    if (entering) {
      entering.status = 'Cancelled: exit maintenance mode requested';
      c.finishJob(entering, 'completed', e.t);
    }
    c.maint.exit(h, e.t);
    setHostState(ctx.db, input.hostId, { connectionState: 'connected' });
    const task = insertClusterTask(
      ctx,
      'host-maintenance',
      { kind: 'host', id: input.hostId, name },
      { clusterId: v.clusterId(v.hostCluster(h)) ?? '', hostId: input.hostId, status: 'Exited maintenance mode' },
      'completed',
    );
    ctx.audit({ objectKind: 'host', objectId: input.hostId, objectName: name, message: `${name} exited maintenance mode (${task.id})` });
    ctx.changed('cluster');
    return task;
  },
  'host-power': (input, ctx) => {
    const { e, tracker } = live(ctx);
    const v = engineView(e);
    const h = hostIndex(e, input.hostId, ['hostId']);
    const name = v.hostName(h) ?? '';
    const clusterId = v.clusterId(v.hostCluster(h)) ?? '';
    if (v.hostFailed(h)) throw new LabError('conflict', `${name} has failed: repair it instead`, ['hostId']);
    if (input.action === 'on') {
      if (v.hostOn(h)) throw new LabError('conflict', `${name} is already powered on`, ['hostId']);
      const task = insertClusterTask(ctx, 'host-power', { kind: 'host', id: input.hostId, name }, { clusterId, hostId: input.hostId, status: 'Powering on' });
      ctx.audit({ objectKind: 'host', objectId: input.hostId, objectName: name, message: `Power on ${name} (${task.id})` });
      tracker.adopt(task);
      ctx.changed('cluster');
      return commitNow(ctx, task.id);
    }
    if (!v.hostOn(h)) throw new LabError('conflict', `${name} is already powered off`, ['hostId']);
    const on = v.poweredOnVms(h);
    const registered = v.registeredVms(h);
    if (on > 0 || (registered > 0 && v.maintenance(h) !== 'in')) {
      throw new LabError('conflict', `${name} runs ${on} powered-on VM(s) (${registered} registered): put it in maintenance mode first`, ['hostId']);
    }
    e.cluster.powerOff(h, e.t);
    setHostState(ctx.db, input.hostId, { powerState: 'poweredOff' });
    const task = insertClusterTask(
      ctx,
      'host-power',
      { kind: 'host', id: input.hostId, name },
      { clusterId, hostId: input.hostId, status: 'Powered off' },
      'completed',
    );
    ctx.audit({ objectKind: 'host', objectId: input.hostId, objectName: name, message: `Power off ${name} (${task.id})` });
    ctx.changed('cluster');
    return task;
  },
  'host-fail': (input, ctx) => {
    const { e, tracker } = live(ctx);
    const h = hostIndex(e, input.hostId, ['hostId']);
    const name = engineView(e).hostName(h) ?? '';
    const why = cannotFail(e, h);
    if (why) throw new LabError('conflict', why, ['hostId']);
    const task = failHost(ctx.db, e, tracker, h, input.mode, ctx.user);
    ctx.audit({
      objectKind: 'host',
      objectId: input.hostId,
      objectName: name,
      type: 'warning',
      severity: 'warning',
      message: `Training: ${input.mode === 'power-loss' ? 'power loss' : 'network isolation'} injected on ${name} (${task.id})`,
    });
    ctx.changed('cluster');
    return commitNow(ctx, task.id);
  },
  'host-repair': (input, ctx) => {
    const { e, tracker } = live(ctx);
    const h = hostIndex(e, input.hostId, ['hostId']);
    const name = engineView(e).hostName(h) ?? '';
    const why = cannotRepair(e, h);
    if (why) throw new LabError('conflict', why, ['hostId']);
    const { task, isolation } = repairHost(ctx.db, e, tracker, h, ctx.user);
    ctx.audit({
      objectKind: 'host',
      objectId: input.hostId,
      objectName: name,
      message: isolation ? `Repair ${name}: network isolation ended (${task.id})` : `Repair ${name}: power restored, ESXi boots (${task.id})`,
    });
    ctx.changed('cluster');
    return isolation ? task : commitNow(ctx, task.id);
  },
  'host-add': (input, ctx) => {
    const cluster = clusterRef(ctx.db, input.clusterId);
    if (!cluster) throw new LabError('not-found', `No cluster with id "${input.clusterId}"`, ['clusterId']);
    const peers = listHosts(ctx.db, cluster.id);
    const peer = peers[0];
    const n = nextHostNumber(ctx.db);
    // The next name in the peers' pattern (lab-cl01-esx04.corp.local), else a plain one.
    const pattern = peer?.name.match(/^(.*esx)(\d+)(.*)$/);
    let name = input.name;
    if (!name && pattern) {
      for (let k = peers.length + 1; k < peers.length + 100 && !name; k++) {
        const candidate = `${pattern[1]}${String(k).padStart((pattern[2] ?? '').length, '0')}${pattern[3]}`;
        if (hostIdFree(ctx.db, candidate)) name = candidate;
      }
    }
    name ??= `esx-${n}.corp.local`;
    if (!hostIdFree(ctx.db, name)) throw new LabError('conflict', `A host named ${name} already exists`, ['name']);
    const d = input.design ?? {};
    const host = {
      id: `h-${n}`,
      name,
      clusterId: cluster.id,
      vendor: d.vendor ?? peer?.vendor ?? 'Dell',
      model: d.model ?? peer?.model ?? 'PowerEdge R760',
      sockets: d.sockets ?? peer?.sockets ?? 2,
      coresPerSocket: d.coresPerSocket ?? peer?.coresPerSocket ?? 20,
      ghz: d.ghz ?? peer?.ghz ?? 2.4,
      // A host added to a cluster is its peers' design, CPU model included; a clock given for it alone names none.
      cpuModel: d.ghz === undefined ? (peer?.cpuModel ?? null) : null,
      hyperthreading: d.hyperthreading ?? peer?.hyperthreading ?? true,
      ramGb: d.ramGb ?? peer?.ramGb ?? 768,
      nics: d.nics ?? peer?.nics ?? 2,
      nicGbps: d.nicGbps ?? peer?.nicGbps ?? 25,
      powerState: 'poweredOn' as const,
      connectionState: input.maintenance ? ('maintenance' as const) : ('connected' as const),
      powerIdleW: peer?.powerIdleW ?? PARAMS.host.powerIdleW,
      powerPeakW: peer?.powerPeakW ?? PARAMS.host.powerPeakW,
      rackUnits: peer?.rackUnits ?? PARAMS.host.rackUnits,
    };
    insertHost(ctx.db, host);
    const task = insertClusterTask(
      ctx,
      'host-add',
      { kind: 'host', id: host.id, name },
      { clusterId: cluster.id, hostId: host.id, status: `Added to ${cluster.name}` },
      'completed',
    );
    ctx.audit({
      objectKind: 'host',
      objectId: host.id,
      objectName: name,
      message: `Host ${name} added to ${cluster.name} (${host.sockets}×${host.coresPerSocket} cores at ${host.ghz} GHz, ${host.ramGb} GB, ${host.nics}×${host.nicGbps} GbE${input.maintenance ? ', in maintenance mode' : ''}) (${task.id})`,
    });
    ctx.changed('cluster');
    ctx.rebuildEngine();
    return task;
  },
  'host-remove': (input, ctx) => {
    const host = getHost(ctx.db, input.hostId);
    if (!host) throw new LabError('not-found', `No host with id "${input.hostId}"`, ['hostId']);
    if (host.connectionState !== 'maintenance')
      throw new LabError('conflict', `${host.name} is not in maintenance mode: put it in maintenance mode first`, ['hostId']);
    if (host.vmCount > 0) throw new LabError('conflict', `${host.name} still has ${host.vmCount} VM(s) registered: move them off first`, ['hostId']);
    const rule = listRules(ctx.db, host.clusterId).find((r) => r.hostGroup?.hostIds.includes(host.id));
    if (rule)
      throw new LabError('conflict', `${host.name} is in the host group ${rule.hostGroup?.name ?? ''} of rule "${rule.name}": edit or delete the rule first`, [
        'hostId',
      ]);
    const active = activeTaskOn(ctx.db, host.id);
    if (active) throw new LabError('conflict', `${host.name} has a task under way (${active.id})`, ['hostId']);
    deleteHost(ctx.db, host.id);
    const task = insertClusterTask(
      ctx,
      'host-remove',
      { kind: 'host', id: host.id, name: host.name },
      { clusterId: host.clusterId, hostId: null, status: `Removed from the cluster` },
      'completed',
    );
    ctx.audit({ objectKind: 'host', objectId: host.id, objectName: host.name, message: `Host ${host.name} removed from its cluster (${task.id})` });
    ctx.changed('cluster');
    ctx.rebuildEngine();
    return task;
  },
};
