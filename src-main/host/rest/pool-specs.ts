import type { Pool } from '../../contract/entities.ts';
import type { Input } from '../../contract/methods.ts';
import { badRequest, notSimulated } from './errors.ts';
import { DISCONNECT_POLICY, ON_LOGOFF, POWER_POLICY, PROVISIONING_TIME, backOf, namingFromHorizon, protocolBack, userAssignment } from './enums.ts';
import { dec, decSnapshot, unmoref } from './ids.ts';
import type { Lab } from './lab.ts';

// Request bodies of pool create (DesktopPoolCreateSpec / V8) and update (DesktopPoolUpdateSpec / V7)
// → the contract's pool-create and pool-configure. Fields the lab does not model are accepted and
// ignored; options it cannot honour are refused with 400 naming the field.

/** Contract input field → the REST field a client sent (for 400 messages). */
const REST_FIELDS: Record<string, string> = {
  name: 'name',
  displayName: 'display_name',
  kind: 'source',
  assignment: 'user_assignment',
  automaticAssignment: 'automatic_user_assignment',
  imageId: 'provisioning_settings.parent_vm_id',
  imageVersionId: 'provisioning_settings.base_snapshot_id',
  vcpu: 'provisioning_settings.compute_profile_num_cpus',
  ramGb: 'provisioning_settings.compute_profile_ram_mb',
  clusterId: 'provisioning_settings.host_or_cluster_id',
  datastoreIds: 'storage_settings.datastores',
  networkId: 'nics',
  namingPattern: 'pattern_naming_settings.naming_pattern',
  minMachines: 'pattern_naming_settings.min_number_of_machines',
  maxMachines: 'pattern_naming_settings.max_number_of_machines',
  spareMachines: 'pattern_naming_settings.number_of_spare_machines',
  provisioning: 'pattern_naming_settings.provisioning_time',
  powerPolicy: 'session_settings.power_policy',
  logoffAfterDisconnect: 'session_settings.disconnected_session_timeout_policy',
  logoffAfterMinutes: 'session_settings.disconnected_session_timeout_minutes',
  onLogoff: 'session_settings.delete_or_refresh_machine_after_logoff',
  allowUserReset: 'session_settings.allow_users_to_reset_machines',
  enabled: 'enabled',
  provisioningEnabled: 'enable_provisioning',
  defaultProtocol: 'display_protocol_settings.default_display_protocol',
};

export function restField(path: (string | number)[]): string | undefined {
  const head = path[0];
  return typeof head === 'string' ? REST_FIELDS[head] : undefined;
}

function obj(v: unknown, field: string): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw badRequest('rest.invalid.field', `${field} must be an object`);
  return v as Record<string, unknown>;
}

function str(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest('rest.invalid.field', `${field} must be a string`);
  return v;
}

function int(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badRequest('rest.invalid.field', `${field} must be an integer`);
  return v;
}

function bool(v: unknown, field: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw badRequest('rest.invalid.field', `${field} must be a boolean`);
  return v;
}

function enumOf<T extends string>(map: Record<T, string>, v: unknown, field: string): T | undefined {
  if (v === undefined || v === null) return undefined;
  const back = backOf(map, v);
  if (!back) throw badRequest('rest.invalid.field', `${field}: ${JSON.stringify(v)} is not one of ${Object.values(map).join(', ')}`);
  return back;
}

function datastoreIds(storage: Record<string, unknown> | undefined): string[] | undefined {
  if (!storage || storage.datastores === undefined) return undefined;
  if (!Array.isArray(storage.datastores)) throw badRequest('rest.invalid.field', 'storage_settings.datastores must be a list');
  return storage.datastores.map((d, i) => {
    const id = str(obj(d, `storage_settings.datastores[${i}]`)?.datastore_id, `storage_settings.datastores[${i}].datastore_id`);
    return (id && unmoref('ds', id)) ?? `unknown:${id ?? ''}`.slice(0, 64);
  });
}

/** Settings shared by create and update (session, naming numbers, protocol). */
function common(body: Record<string, unknown>) {
  const session = obj(body.session_settings, 'session_settings');
  const naming = obj(body.pattern_naming_settings, 'pattern_naming_settings');
  const display = obj(body.display_protocol_settings, 'display_protocol_settings');
  const protocolText = str(display?.default_display_protocol, 'display_protocol_settings.default_display_protocol');
  const protocol = protocolText === undefined ? undefined : protocolBack(protocolText);
  if (protocolText !== undefined && !protocol) throw notSimulated(`default_display_protocol ${protocolText}`);
  const pattern = str(naming?.naming_pattern, 'pattern_naming_settings.naming_pattern');
  return {
    displayName: str(body.display_name, 'display_name'),
    automaticAssignment: bool(body.automatic_user_assignment, 'automatic_user_assignment'),
    enabled: bool(body.enabled, 'enabled'),
    provisioningEnabled: bool(body.enable_provisioning, 'enable_provisioning'),
    namingPattern: pattern === undefined ? undefined : namingFromHorizon(pattern),
    minMachines: int(naming?.min_number_of_machines, 'pattern_naming_settings.min_number_of_machines'),
    maxMachines: int(naming?.max_number_of_machines, 'pattern_naming_settings.max_number_of_machines'),
    spareMachines: int(naming?.number_of_spare_machines, 'pattern_naming_settings.number_of_spare_machines'),
    provisioning: enumOf(PROVISIONING_TIME, naming?.provisioning_time, 'pattern_naming_settings.provisioning_time'),
    powerPolicy: enumOf(POWER_POLICY, session?.power_policy, 'session_settings.power_policy'),
    logoffAfterDisconnect: enumOf(DISCONNECT_POLICY, session?.disconnected_session_timeout_policy, 'session_settings.disconnected_session_timeout_policy'),
    logoffAfterMinutes: int(session?.disconnected_session_timeout_minutes, 'session_settings.disconnected_session_timeout_minutes'),
    onLogoff: enumOf(ON_LOGOFF, session?.delete_or_refresh_machine_after_logoff, 'session_settings.delete_or_refresh_machine_after_logoff'),
    allowUserReset: bool(session?.allow_users_to_reset_machines, 'session_settings.allow_users_to_reset_machines'),
    defaultProtocol: protocol ?? undefined,
    datastoreIds: datastoreIds(obj(body.storage_settings, 'storage_settings')),
  };
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** DesktopPoolCreateSpec(V8) → pool-create. */
export async function poolSpecFromHorizon(lab: Lab, body: Record<string, unknown>): Promise<Input<'pool-create'>> {
  const name = str(body.name, 'name');
  if (!name) throw badRequest('rest.invalid.field', 'name is required');
  const type = str(body.type, 'type');
  const source = str(body.source, 'source');
  if (type === 'RDS') throw notSimulated('Creating an RDS desktop pool (the lab creates a farm together with its pool)');
  if (type !== 'AUTOMATED' && type !== 'MANUAL') throw badRequest('rest.invalid.field', 'type is AUTOMATED, MANUAL or RDS');
  if (body.naming_method === 'SPECIFIED' || body.specific_naming_settings !== undefined) throw notSimulated('naming_method SPECIFIED');
  if (body.machines !== undefined) throw notSimulated('Adding existing vCenter machines to a manual pool');
  const prov = obj(body.provisioning_settings, 'provisioning_settings');
  const kind =
    type === 'MANUAL'
      ? 'manual'
      : source === 'INSTANT_CLONE' || source === undefined
        ? 'instant-clone'
        : source === 'LINKED_CLONE'
          ? 'linked-clone'
          : source === 'VIRTUAL_CENTER'
            ? 'full-clone'
            : null;
  if (!kind) throw notSimulated(`source ${source}`);
  const c = common(body);
  let imageId: string | null = null;
  let imageVersionId: string | null = null;
  let clusterId: string | undefined;
  let vcpu: number | undefined;
  let ramGb: number | undefined;
  const images = await lab.cache.imageList();
  if (kind !== 'manual') {
    const parent = str(
      kind === 'full-clone' ? prov?.vm_template_id : prov?.parent_vm_id,
      kind === 'full-clone' ? 'provisioning_settings.vm_template_id' : 'provisioning_settings.parent_vm_id',
    );
    imageId = parent ? (dec('baseVm', parent) ?? `unknown:${parent}`.slice(0, 64)) : null;
    const image = images.find((i) => i.id === imageId);
    const snap = str(prov?.base_snapshot_id, 'provisioning_settings.base_snapshot_id');
    imageVersionId = snap ? (decSnapshot(snap) ?? `unknown:${snap}`.slice(0, 64)) : (image?.versions.at(-1)?.id ?? null);
    vcpu = int(prov?.compute_profile_num_cpus, 'provisioning_settings.compute_profile_num_cpus') ?? image?.vcpu;
    const ram = int(prov?.compute_profile_ram_mb, 'provisioning_settings.compute_profile_ram_mb');
    ramGb = ram !== undefined ? ram / 1024 : image?.ramGb;
  }
  const where = str(prov?.host_or_cluster_id, 'provisioning_settings.host_or_cluster_id');
  if (where) {
    const host = unmoref('h', where);
    clusterId = host ? (await lab.get('host-list', {})).find((h) => h.id === host)?.clusterId : (unmoref('cl', where) ?? undefined);
    if (!clusterId) throw badRequest('rest.invalid.field', `provisioning_settings.host_or_cluster_id ${where} is not a host or cluster of this lab`);
  }
  // Placement for pools that give none (manual pools): the first cluster, its first datastore.
  const clusters = await lab.get('cluster-list', {});
  clusterId ??= clusters[0]?.id;
  if (!clusterId) throw badRequest('rest.invalid.field', 'provisioning_settings.host_or_cluster_id is required');
  const networks = (await lab.get('network-list', {})).filter((n) => n.clusterId === clusterId);
  const labels = Array.isArray(body.nics)
    ? body.nics.flatMap((n) =>
        Array.isArray((n as { network_label_assignment_specs?: unknown }).network_label_assignment_specs)
          ? (n as { network_label_assignment_specs: { network_label_name?: unknown }[] }).network_label_assignment_specs
          : [],
      )
    : [];
  const label = labels.map((l) => l.network_label_name).find((x): x is string => typeof x === 'string');
  const network = (label && networks.find((n) => n.name === label || n.portGroup === label)) || networks[0];
  if (!network) throw badRequest('rest.invalid.field', 'nics: no network in that cluster');
  const datastores = c.datastoreIds ?? [(await lab.get('datastore-list', { clusterId }))[0]?.id ?? 'none'];
  const assignment =
    body.user_assignment === undefined
      ? 'floating'
      : body.user_assignment === 'DEDICATED'
        ? 'dedicated'
        : body.user_assignment === 'FLOATING'
          ? 'floating'
          : null;
  if (!assignment) throw badRequest('rest.invalid.field', 'user_assignment is DEDICATED or FLOATING');
  const image = images.find((i) => i.id === imageId);
  const { datastoreIds: _ds, displayName, ...rest } = c;
  return {
    ...defined(rest),
    name,
    displayName: displayName ?? name,
    kind,
    assignment,
    sessionType: 'single-session',
    imageId,
    imageVersionId,
    ...(vcpu !== undefined ? { vcpu } : {}),
    ...(ramGb !== undefined ? { ramGb } : {}),
    namingPattern: c.namingPattern ?? `${name.slice(0, 12)}-{n:3}`,
    maxMachines: c.maxMachines ?? (kind === 'manual' ? 1 : (c.minMachines ?? 1)),
    clusterId,
    datastoreIds: datastores,
    networkId: network.id,
    ...(image ? { workload: image.workload } : {}),
  } as Input<'pool-create'>;
}

/** DesktopPoolUpdateSpec(V7) → pool-configure, with only the settings that differ from the pool now. */
export function poolUpdateFromHorizon(pool: Pool, body: Record<string, unknown>): Input<'pool-configure'> {
  if (body.user_assignment !== undefined && body.user_assignment !== userAssignment(pool))
    throw badRequest('rest.invalid.field', 'user_assignment cannot change');
  for (const fixed of ['type', 'source', 'name']) {
    if (body[fixed] !== undefined) throw badRequest('rest.invalid.field', `${fixed} cannot change`);
  }
  const c = common(body);
  const out: Record<string, unknown> = { id: pool.id };
  const current = pool as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(c)) {
    if (v === undefined) continue;
    const now = current[k];
    if (Array.isArray(v) ? JSON.stringify(v) !== JSON.stringify(now) : v !== now) out[k] = v;
  }
  if (pool.kind === 'manual') {
    // Manual pools have no provisioning and no naming pattern: the fields are ignored, as Horizon does.
    for (const k of ['provisioningEnabled', 'namingPattern', 'minMachines', 'maxMachines', 'spareMachines', 'provisioning']) delete out[k];
  }
  if (pool.sessionType === 'multi-session') delete out.onLogoff;
  return out as Input<'pool-configure'>;
}
