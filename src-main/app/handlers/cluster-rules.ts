import { LabError } from '../../contract/errors.ts';
import { engineView } from '../../core/engine/engine-view.ts';
import { deleteRule, getRule, insertRule, listRules, setRuleEnabled } from '../../store/cluster-ops.ts';
import type { Handlers } from '../context.ts';
import { clusterIndex, desktopIndex, hostIndex, live } from '../cluster-common.ts';
import { ruleView } from '../cluster-views.ts';

const VM_VM = new Set(['vm-affinity', 'vm-anti-affinity']);

/**
 * DRS rules. Refused, as vCenter refuses them, when they can never be met:
 * | case                                                            | error                        |
 * |-----------------------------------------------------------------|------------------------------|
 * | unknown cluster, desktop or host                                | not-found                    |
 * | desktop or host of another cluster                              | invalid-input                |
 * | VM-VM rule with fewer than 2 VMs, or with a host group          | invalid-input                |
 * | VM-host rule without a host group, or an empty one              | invalid-input (never met)    |
 * | anti-affinity of more VMs than the cluster has hosts            | conflict (never met)         |
 * | affinity group whose memory exceeds the largest host            | conflict (never met)         |
 * | affinity and anti-affinity on the same two VMs (enabled rules)  | conflict (they contradict)   |
 * | a rule of that name already in the cluster                      | conflict                     |
 */
export const clusterRuleHandlers: Pick<Handlers, 'rule-list' | 'rule-create' | 'rule-set-enabled' | 'rule-delete'> = {
  'rule-list': (input, ctx) => {
    const { e } = live(ctx);
    if (input.clusterId) clusterIndex(e, input.clusterId, ['clusterId']);
    return listRules(ctx.db, input.clusterId).map((r) => ruleView(e, r));
  },
  'rule-create': (input, ctx) => {
    const { e, tracker } = live(ctx);
    const v = engineView(e);
    const c = clusterIndex(e, input.clusterId, ['clusterId']);
    const cname = v.clusterName(c) ?? '';
    const ds = input.desktopIds.map((id, i) => desktopIndex(e, id, ['desktopIds', i]));
    if (new Set(ds).size !== ds.length) throw new LabError('invalid-input', 'A desktop is named twice', ['desktopIds']);
    ds.forEach((d, i) => {
      if (v.hostCluster(v.desktopHost(d)) !== c) throw new LabError('invalid-input', `${v.desktopName(d)} is not in ${cname}`, ['desktopIds', i]);
    });
    const hosts = v.hostsOf(c);
    const hostsInCluster = hosts.length;
    let largestMb = 0;
    for (const h of hosts) largestMb = Math.max(largestMb, v.hostRamMb(h));
    if (VM_VM.has(input.kind)) {
      if (ds.length < 2) throw new LabError('invalid-input', `A ${input.kind} rule needs at least 2 VMs`, ['desktopIds']);
      if (input.hostGroup) throw new LabError('invalid-input', 'A VM-VM rule has no host group', ['hostGroup']);
      if (input.kind === 'vm-anti-affinity' && ds.length > hostsInCluster) {
        throw new LabError('conflict', `The rule can never be met: ${ds.length} VMs kept apart need ${ds.length} hosts, ${cname} has ${hostsInCluster}`, [
          'desktopIds',
        ]);
      }
      if (input.kind === 'vm-affinity') {
        const need = ds.reduce((s, d) => s + v.desktopRamMb(d) + v.desktopOverheadMb(d), 0);
        if (need > largestMb) {
          throw new LabError(
            'conflict',
            `The rule can never be met: the ${ds.length} VMs need ${(need / 1024).toFixed(0)} GB together, the largest host of ${cname} has ${(largestMb / 1024).toFixed(0)} GB`,
            ['desktopIds'],
          );
        }
      }
      const opposite = input.kind === 'vm-affinity' ? 'vm-anti-affinity' : 'vm-affinity';
      const ids = new Set(input.desktopIds);
      const clash = listRules(ctx.db, input.clusterId).find((r) => r.enabled && r.kind === opposite && r.desktopIds.filter((x) => ids.has(x)).length >= 2);
      if (clash && input.enabled) throw new LabError('conflict', `The rule contradicts rule "${clash.name}" (${clash.kind}) on the same VMs`, ['kind']);
    } else {
      if (!input.hostGroup) throw new LabError('invalid-input', 'A VM-host rule needs a host group', ['hostGroup']);
      if (input.hostGroup.hostIds.length === 0) {
        throw new LabError('invalid-input', `The rule can never be met: host group ${input.hostGroup.name} is empty`, ['hostGroup', 'hostIds']);
      }
      input.hostGroup.hostIds.forEach((id, i) => {
        const h = hostIndex(e, id, ['hostGroup', 'hostIds', i]);
        if (v.hostCluster(h) !== c) throw new LabError('invalid-input', `${v.hostName(h)} is not in ${cname}`, ['hostGroup', 'hostIds', i]);
      });
      if (input.kind === 'vm-host-must-not' && new Set(input.hostGroup.hostIds).size >= hostsInCluster) {
        throw new LabError('conflict', `The rule can never be met: the host group holds every host of ${cname}`, ['hostGroup', 'hostIds']);
      }
    }
    if (listRules(ctx.db, input.clusterId).some((r) => r.name.toLowerCase() === input.name.toLowerCase())) {
      throw new LabError('conflict', `${cname} already has a rule named "${input.name}"`, ['name']);
    }
    const rule = insertRule(ctx.db, {
      clusterId: input.clusterId,
      name: input.name,
      kind: input.kind,
      enabled: input.enabled,
      desktopIds: input.desktopIds,
      hostGroup: input.hostGroup ? { name: input.hostGroup.name, hostIds: [...new Set(input.hostGroup.hostIds)] } : null,
      createdAt: ctx.simTime(),
    });
    tracker.loadRules();
    const view = ruleView(e, rule);
    ctx.audit({
      objectKind: 'cluster',
      objectId: input.clusterId,
      objectName: cname,
      message: `DRS rule "${rule.name}" (${rule.kind}) created on ${cname} for ${ds.length} VM(s)${rule.hostGroup ? `, host group ${rule.hostGroup.name} (${rule.hostGroup.hostIds.length} host(s))` : ''}${view.compliant ? '' : ': not met yet, DRS recommends the moves'}`,
    });
    ctx.changed('cluster');
    return view;
  },
  'rule-set-enabled': (input, ctx) => {
    const { e, tracker } = live(ctx);
    const rule = getRule(ctx.db, input.id);
    if (!rule) throw new LabError('not-found', `No rule with id "${input.id}"`, ['id']);
    setRuleEnabled(ctx.db, rule.id, input.enabled);
    tracker.loadRules();
    ctx.audit({
      objectKind: 'cluster',
      objectId: rule.clusterId,
      objectName: rule.name,
      message: `DRS rule "${rule.name}" ${input.enabled ? 'enabled' : 'disabled'}`,
    });
    ctx.changed('cluster');
    return ruleView(e, { ...rule, enabled: input.enabled });
  },
  'rule-delete': (input, ctx) => {
    const { tracker } = live(ctx);
    const rule = getRule(ctx.db, input.id);
    if (!rule) throw new LabError('not-found', `No rule with id "${input.id}"`, ['id']);
    deleteRule(ctx.db, rule.id);
    tracker.loadRules();
    ctx.audit({ objectKind: 'cluster', objectId: rule.clusterId, objectName: rule.name, message: `DRS rule "${rule.name}" deleted` });
    ctx.changed('cluster');
    return { deleted: true };
  },
};
