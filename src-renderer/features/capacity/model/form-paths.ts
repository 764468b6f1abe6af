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

/** A copy of `obj` with the value at a dotted path replaced (creating objects on the way). */
export function setIn<T extends object>(obj: T, path: string, value: unknown): T {
  const keys = path.split('.');
  const root: Record<string, unknown> = { ...(obj as Record<string, unknown>) };
  let cur = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i] as string;
    const next = cur[k];
    const copy = next && typeof next === 'object' ? { ...(next as Record<string, unknown>) } : {};
    cur[k] = copy;
    cur = copy;
  }
  cur[keys[keys.length - 1] as string] = value;
  return root as T;
}

export function getIn(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** Every field the wizard shows (an error elsewhere is listed at the top of its step instead). */
export const WIZARD_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'description',
  'hosts.count',
  'hosts.sockets',
  'hosts.coresPerSocket',
  'hosts.ghz',
  'hosts.hyperthreading',
  'hosts.ramGb',
  'hosts.powerIdleW',
  'hosts.powerPeakW',
  'hosts.rackUnits',
  'storage.iops',
  'storage.serviceTimeMs',
  'storage.capacityTb',
  'network.nicGbps',
  'network.nics',
  'sessionHost.kind',
  'sessionHost.vcpu',
  'sessionHost.ramGb',
  'sessionHost.vmsPerHost',
  'sessionHost.loadBalancing',
  'workload',
  'protocol',
  'launch.sessions',
  'launch.timeframeSec',
  'threshold.rule',
  'planning.targetUsers',
  'planning.safetyMarginPct',
  'planning.haSpareHosts',
  'seed',
  'sweep',
]);

/** Errors of a step that no field of it shows (a misspelt key in a loaded file, a field the wizard does not edit). */
export function looseErrors(errors: Partial<Record<string, string>>, step: StepId): string[] {
  return Object.entries(errors)
    .filter(([f, m]) => m && !WIZARD_FIELDS.has(f) && stepOfField(f) === step)
    .map(([f, m]) => (m?.startsWith(f) ? m : `${f}: ${m ?? ''}`));
}
