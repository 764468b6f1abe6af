import type { Input, Network, Pool } from '../../../../src-main/contract/index.ts';

/** A user or group the new pool is entitled to (with its name, for the list). */
export interface WizardPrincipal {
  principalType: 'user' | 'group';
  principalId: string;
  name: string;
}

/** Every setting of the pool wizard, all filled (Horizon's defaults for an automated instant-clone pool). */
export interface PoolForm {
  name: string;
  displayName: string;
  kind: Pool['kind'];
  assignment: Pool['assignment'];
  automaticAssignment: boolean;
  sessionType: Pool['sessionType'];
  maxSessionsPerHost: number;
  loadBalancing: Pool['loadBalancing'];
  imageId: string;
  imageVersionId: string;
  vcpu: number;
  ramGb: number;
  diskGb: number;
  namingPattern: string;
  minMachines: number;
  maxMachines: number;
  spareMachines: number;
  provisioning: Pool['provisioning'];
  powerPolicy: Pool['powerPolicy'];
  logoffAfterDisconnect: Pool['logoffAfterDisconnect'];
  logoffAfterMinutes: number;
  onLogoff: Pool['onLogoff'];
  allowUserReset: boolean;
  defaultProtocol: Pool['defaultProtocol'];
  workload: Pool['workload'];
  clusterId: string;
  datastoreIds: string[];
  networkId: string;
  entitlements: WizardPrincipal[];
}

export type FieldName = keyof PoolForm;

export const DEFAULT_FORM: PoolForm = {
  name: '',
  displayName: '',
  kind: 'instant-clone',
  assignment: 'floating',
  automaticAssignment: true,
  sessionType: 'single-session',
  maxSessionsPerHost: 1,
  loadBalancing: 'breadth-first',
  imageId: '',
  imageVersionId: '',
  vcpu: 2,
  ramGb: 4,
  diskGb: 64,
  namingPattern: '',
  minMachines: 1,
  maxMachines: 10,
  spareMachines: 1,
  provisioning: 'up-front',
  powerPolicy: 'always-on', // the form starts as an instant-clone pool, which Horizon keeps always powered on
  logoffAfterDisconnect: 'after',
  logoffAfterMinutes: 120,
  onLogoff: 'never',
  allowUserReset: true,
  defaultProtocol: 'blast',
  workload: 'knowledge',
  clusterId: '',
  datastoreIds: [],
  networkId: '',
  entitlements: [],
};

export const STEP_IDS = ['type', 'image', 'machines', 'sessions', 'placement', 'entitlements', 'review'] as const;
export type StepId = (typeof STEP_IDS)[number];

/** Which wizard step owns a setting: an API error on it sends the user back there. */
export const FIELD_STEP: Record<FieldName, StepId> = {
  name: 'type',
  displayName: 'type',
  kind: 'type',
  assignment: 'type',
  automaticAssignment: 'type',
  sessionType: 'type',
  imageId: 'image',
  imageVersionId: 'image',
  vcpu: 'machines',
  ramGb: 'machines',
  diskGb: 'machines',
  namingPattern: 'machines',
  minMachines: 'machines',
  maxMachines: 'machines',
  spareMachines: 'machines',
  provisioning: 'machines',
  maxSessionsPerHost: 'sessions',
  loadBalancing: 'sessions',
  powerPolicy: 'sessions',
  logoffAfterDisconnect: 'sessions',
  logoffAfterMinutes: 'sessions',
  onLogoff: 'sessions',
  allowUserReset: 'sessions',
  defaultProtocol: 'sessions',
  workload: 'sessions',
  clusterId: 'placement',
  datastoreIds: 'placement',
  networkId: 'placement',
  entitlements: 'entitlements',
};

/** The settings of an existing pool as a new pool's form (clone pool): a new ID and naming pattern are needed. */
export function formFromPool(p: Pool, principals: WizardPrincipal[]): PoolForm {
  return {
    ...DEFAULT_FORM,
    ...Object.fromEntries(
      Object.keys(DEFAULT_FORM)
        .map((k) => [k, (p as unknown as Record<string, unknown>)[k]])
        .filter(([, v]) => v !== undefined),
    ),
    name: '',
    displayName: `${p.displayName} (copy)`.slice(0, 64),
    namingPattern: '',
    imageId: p.imageId ?? '',
    imageVersionId: p.imageVersionId ?? '',
    datastoreIds: [...p.datastoreIds],
    entitlements: principals,
  } as PoolForm;
}

const INFRASTRUCTURE_NET = /management|mgmt|vmotion|vsan|storage|iscsi|nfs/i;

/** Whether a port group carries infrastructure traffic (management, vMotion, storage): not for desktops. */
export function isInfrastructureNetwork(n: Network): boolean {
  return INFRASTRUCTURE_NET.test(n.name) || INFRASTRUCTURE_NET.test(n.portGroup);
}

/** The network a new pool in this cluster gets by default: a desktop VLAN, never the management one. */
export function defaultNetwork(networks: readonly Network[], clusterId: string): Network | undefined {
  const inCluster = networks.filter((n) => n.clusterId === clusterId);
  return inCluster.find((n) => !isInfrastructureNetwork(n)) ?? inCluster[0];
}

export function isField(k: unknown): k is FieldName {
  return typeof k === 'string' && k in FIELD_STEP;
}

export interface NamingPreview {
  names: string[];
  capacity: number;
  error: string | null;
}

const TOKEN = /\{n(?::(\d))?\}/g;
const MAX_NETBIOS_NAME = 15;

/** The first names a Horizon naming pattern (`LAB-{n:3}`) gives and how many it can give (NetBIOS: 15 characters). */
export function namingPreview(pattern: string, count = 3): NamingPreview {
  const tokens = [...pattern.matchAll(TOKEN)];
  if (tokens.length !== 1) return { names: [], capacity: 0, error: 'Use exactly one {n} or {n:W} token, e.g. LAB-{n:3}' };
  const t = tokens[0]!;
  const at = t.index ?? 0;
  const prefix = pattern.slice(0, at);
  const suffix = pattern.slice(at + t[0].length);
  if (!/^[A-Za-z0-9-]*$/.test(prefix + suffix)) return { names: [], capacity: 0, error: 'Only letters, digits and hyphens around {n}' };
  const width = t[1] ? Number(t[1]) : 0;
  if (t[1] !== undefined && width === 0) return { names: [], capacity: 0, error: 'The width must be 1 to 9' };
  const room = MAX_NETBIOS_NAME - prefix.length - suffix.length;
  const capacity = room <= 0 ? 0 : width === 0 ? 10 ** Math.min(room, 9) - 1 : width > room ? 0 : 10 ** width - 1;
  const names: string[] = [];
  for (let n = 1; n <= Math.min(count, capacity); n++) names.push(`${prefix}${width ? String(n).padStart(width, '0') : String(n)}${suffix}`);
  return { names, capacity, error: capacity === 0 ? 'Names would be longer than 15 characters' : null };
}

/** What `pool-create` gets: manual pools have no image; multi-session pools are floating. */
export function toSpec(f: PoolForm): Input<'pool-create'> {
  const manual = f.kind === 'manual';
  const multi = f.sessionType === 'multi-session';
  return {
    ...f,
    displayName: f.displayName || f.name,
    imageId: manual ? null : f.imageId || null,
    imageVersionId: manual ? null : f.imageVersionId || null,
    maxSessionsPerHost: multi ? f.maxSessionsPerHost : 1,
    powerPolicy: f.kind === 'instant-clone' ? 'always-on' : f.powerPolicy, // instant clones have no other
    enabled: true,
    provisioningEnabled: true,
    entitlements: f.entitlements.map((e) => ({ principalType: e.principalType, principalId: e.principalId })),
  };
}
