// Field paths of the definition ("hosts.coresPerSocket") tie three things
// together: the wizard field, its test id and the step an API error sends the
// planner back to.

export const STEP_IDS = ['hosts', 'storage', 'session-host', 'workload', 'launch', 'sweep', 'review'] as const;
export type StepId = (typeof STEP_IDS)[number];

/** The step that owns a top-level key of the definition. */
const SECTION_STEP: Record<string, StepId> = {
  name: 'hosts',
  description: 'hosts',
  hosts: 'hosts',
  storage: 'storage',
  network: 'storage',
  sessionHost: 'session-host',
  workload: 'workload',
  protocol: 'workload',
  protocolFps: 'workload',
  antivirus: 'workload',
  launch: 'launch',
  threshold: 'launch',
  seed: 'launch',
  planning: 'launch',
  sweep: 'sweep',
};

/** Wrapper keys an API may put before the definition's own path (`definition.hosts.count`). */
const WRAPPERS = new Set(['definition', 'base', 'spec']);

/**
 * An API error path (`['definition', 'hosts', 'coresPerSocket']`) → the field's
 * dotted path and its step; null when the path names nothing in the wizard.
 */
export function fieldOfPath(path: readonly (string | number)[] | undefined): { field: string; step: StepId } | null {
  if (!path || path.length === 0) return null;
  const parts = path.map(String);
  while (parts.length > 1 && WRAPPERS.has(parts[0] as string)) parts.shift();
  const head = parts[0] as string;
  const step = SECTION_STEP[head];
  if (!step) return null;
  // Workload mixes report a key inside the mix; the field is the workload as a whole.
  const field = head === 'workload' ? 'workload' : parts.slice(0, 2).join('.');
  return { field, step };
}

export function stepOfField(field: string): StepId {
  return SECTION_STEP[field.split('.')[0] as string] ?? 'review';
}

/** `hosts.coresPerSocket` → `hosts-coresPerSocket`: the wizard's test ids and input ids. */
export function fieldId(field: string): string {
  return field.replace(/\./g, '-');
}

/** Every field the wizard shows (an error elsewhere is listed at the top of its step instead). */
export const WIZARD_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'description',
  'hosts.count',
  'hosts.sockets',
  'hosts.coresPerSocket',
  'hosts.ghz',
  'hosts.cpuModel',
  'hosts.hypervisor',
  'hosts.hci',
  'hosts.hyperthreading',
  'hosts.ramGb',
  'hosts.powerIdleW',
  'hosts.powerPeakW',
  'hosts.rackUnits',
  'storage.iops',
  'storage.serviceTimeMs',
  'storage.capacityTb',
  'storage.kind',
  'network.nicGbps',
  'network.nics',
  'sessionHost.kind',
  'sessionHost.vcpu',
  'sessionHost.ramGb',
  'sessionHost.vmsPerHost',
  'sessionHost.loadBalancing',
  'sessionHost.os',
  'workload',
  'protocol',
  'protocolFps',
  'antivirus',
  'launch.sessions',
  'launch.timeframeSec',
  'threshold.rule',
  'planning.targetUsers',
  'planning.safetyMarginPct',
  'planning.haSpareHosts',
  'planning.cpuTargetPct',
  'planning.metric',
  'seed',
  'sweep',
]);

/** Errors of a step that no field of it shows (a misspelt key in a loaded file, a field the wizard does not edit). */
export function looseErrors(errors: Partial<Record<string, string>>, step: StepId): string[] {
  return Object.entries(errors)
    .filter(([f, m]) => m && !WIZARD_FIELDS.has(f) && stepOfField(f) === step)
    .map(([f, m]) => (m?.startsWith(f) ? m : `${f}: ${m ?? ''}`));
}
