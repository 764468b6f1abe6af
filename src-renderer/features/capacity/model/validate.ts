// Checks the wizard makes before it asks the host, so the obvious mistakes show
// at the field at once. The host validates again (its message wins when it
// disagrees): these only catch what a planner can fix without a run.

import { CAPACITY_WORKLOADS } from './contract-types.ts';
import { CAPACITY_PROTOCOLS, THRESHOLD_RULES, WORKLOAD_NAMES, type CapacityDefinition } from './definition.ts';
import { vmOverheadGb } from './hints.ts';

export type FieldErrors = Partial<Record<string, string>>;

function positive(errors: FieldErrors, field: string, v: unknown, what: string, opts: { integer?: boolean; min?: number } = {}): void {
  const min = opts.min ?? 0;
  if (typeof v !== 'number' || !Number.isFinite(v)) errors[field] = `${what} must be a number`;
  else if (opts.integer && !Number.isInteger(v)) errors[field] = `${what} must be a whole number`;
  else if (v <= min && !(min > 0 && v === min)) errors[field] = `${what} must be ${min > 0 ? `at least ${min}` : 'above 0'}`;
}

export function validateDefinition(d: CapacityDefinition): FieldErrors {
  const e: FieldErrors = {};
  if (!d.name.trim()) e['name'] = 'Give the test a name';
  positive(e, 'hosts.count', d.hosts.count, 'Hosts', { integer: true, min: 1 });
  positive(e, 'hosts.sockets', d.hosts.sockets, 'Sockets', { integer: true, min: 1 });
  positive(e, 'hosts.coresPerSocket', d.hosts.coresPerSocket, 'Cores per socket', { integer: true, min: 1 });
  positive(e, 'hosts.ghz', d.hosts.ghz, 'Clock speed');
  positive(e, 'hosts.ramGb', d.hosts.ramGb, 'Host RAM');
  positive(e, 'storage.iops', d.storage.iops, 'IOPS');
  positive(e, 'storage.serviceTimeMs', d.storage.serviceTimeMs, 'Service time');
  positive(e, 'storage.capacityTb', d.storage.capacityTb, 'Capacity');
  positive(e, 'network.nicGbps', d.network.nicGbps, 'NIC speed');
  positive(e, 'sessionHost.vcpu', d.sessionHost.vcpu, 'vCPU', { integer: true, min: 1 });
  positive(e, 'sessionHost.ramGb', d.sessionHost.ramGb, 'VM RAM');
  if (d.sessionHost.kind === 'multi-session')
    positive(e, 'sessionHost.vmsPerHost', d.sessionHost.vmsPerHost, 'Session host VMs per host', { integer: true, min: 1 });
  positive(e, 'launch.sessions', d.launch.sessions, 'Sessions', { integer: true, min: 1 });
  positive(e, 'launch.timeframeSec', d.launch.timeframeSec, 'Launch timeframe', { integer: true, min: 60 });
  positive(e, 'planning.targetUsers', d.planning.targetUsers, 'Target users', { integer: true, min: 1 });
  if (!Number.isInteger(d.seed) || d.seed < 0) e['seed'] = 'The seed is a whole number from 0';
  if (!CAPACITY_PROTOCOLS.includes(d.protocol)) e['protocol'] = `Unknown protocol "${String(d.protocol)}"`;
  if (!THRESHOLD_RULES.includes(d.threshold.rule)) e['threshold.rule'] = `Unknown threshold rule "${String(d.threshold.rule)}"`;
  if (typeof d.workload === 'string') {
    if (!(CAPACITY_WORKLOADS as readonly string[]).includes(d.workload))
      e['workload'] = `Unknown workload "${d.workload}": use task, knowledge, power or a mix`;
  } else {
    const keys = Object.keys(d.workload);
    const unknown = keys.find((k) => !(CAPACITY_WORKLOADS as readonly string[]).includes(k));
    const sum = Object.values(d.workload).reduce((s, v) => s + (v ?? 0), 0);
    if (unknown) e['workload'] = `Unknown workload "${unknown}" in the mix`;
    else if (!(sum > 0)) e['workload'] = 'A mix needs at least one worker type above 0 %';
  }
  // One session host VM must fit in a host's RAM at all (the CLI's "RAM below what one session host needs").
  if (!e['hosts.ramGb'] && !e['sessionHost.ramGb'] && d.hosts.ramGb < d.sessionHost.ramGb + vmOverheadGb(d.sessionHost.vcpu, d.sessionHost.ramGb)) {
    e['hosts.ramGb'] =
      `${d.hosts.ramGb} GB cannot hold one ${d.sessionHost.ramGb} GB ${d.sessionHost.kind === 'single-session' ? 'desktop' : 'session host'} VM`;
  }
  return e;
}
