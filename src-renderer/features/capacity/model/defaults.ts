import type { CapacityDefinition, MultiSessionHost, SessionHost, SingleSessionHost } from './definition.ts';

/**
 * A new test: the example (knowledge workers on one 2 × 24-core host,
 * Login VSI's 48-minute launch), with the contract's defaults for the rest.
 */
export const DEFAULT_DEFINITION: CapacityDefinition = {
  name: 'Knowledge workers on 2x24-core hosts',
  description: '',
  hosts: {
    count: 1,
    sockets: 2,
    coresPerSocket: 24,
    ghz: 2.1,
    hyperthreading: true,
    hypervisor: 'esxi',
    hci: 'none',
    ramGb: 1536,
    powerIdleW: 180,
    powerPeakW: 720,
    rackUnits: 2,
  },
  storage: { iops: 100000, serviceTimeMs: 0.5, capacityTb: 20, kind: 'flash-array' },
  network: { nicGbps: 25, nics: 2 },
  sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 4, diskGb: 64 },
  workload: 'knowledge',
  protocol: 'blast',
  protocolFps: 30,
  antivirus: false,
  launch: { sessions: 400, timeframeSec: 2880, steadyStateSec: 0 },
  threshold: { rule: 'base+1000' },
  planning: { targetUsers: 1000, safetyMarginPct: 20, haSpareHosts: 1, cpuTargetPct: 80, metric: 'vsimax' },
  seed: 1,
};

/** Switching kind keeps nothing that would be wrong for the other kind: a typical VM of that kind instead. */
export function switchSessionHost(current: SessionHost, kind: SessionHost['kind']): SingleSessionHost | MultiSessionHost {
  if (current.kind === kind) return current;
  if (kind === 'single-session') return { kind, vcpu: 2, ramGb: 4, diskGb: 64 };
  // A common RDSH sizing: 8 vCPU / 64 GB session host VMs, six per 2-socket host.
  return { kind, vmsPerHost: 6, vcpu: 8, ramGb: 64, diskGb: 120, maxSessionsPerVm: 500, loadBalancing: 'breadth-first' };
}

/** Deep copy, so the wizard never edits a saved definition in place. */
export function cloneDefinition(d: CapacityDefinition): CapacityDefinition {
  return structuredClone(d);
}
