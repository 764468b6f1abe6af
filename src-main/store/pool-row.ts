import type { LabModel } from '../core/lab/model.ts';

/**
 * The pools table's columns a pool's settings fill, and their values from a pool record, in one place:
 * a new lab (lab-writer.ts, every pool of the model) and a pool an admin creates (pool-writer.ts
 * createPool) write the same columns the same way. Each caller adds the columns only it writes.
 */
export const POOL_SETTING_COLUMNS = [
  'id',
  'name',
  'display_name',
  'kind',
  'assignment',
  'automatic_assignment',
  'session_type',
  'max_sessions_per_host',
  'load_balancing',
  'image_id',
  'image_version_id',
  'vcpu',
  'ram_gb',
  'disk_gb',
  'naming_pattern',
  'min_machines',
  'max_machines',
  'spare_machines',
  'provisioning',
  'power_policy',
  'logoff_after_disconnect',
  'logoff_after_minutes',
  'on_logoff',
  'allow_user_reset',
  'enabled',
  'provisioning_enabled',
  'drain_mode',
  'default_protocol',
  'workload',
  'cluster_id',
  'network_id',
] as const;

/** The pool settings both writers take (a lab model's pool record, or a pool-create input with its id). */
export type PoolSettings = Pick<
  LabModel['pools'][number],
  | 'name'
  | 'displayName'
  | 'kind'
  | 'assignment'
  | 'automaticAssignment'
  | 'sessionType'
  | 'maxSessionsPerHost'
  | 'loadBalancing'
  | 'imageId'
  | 'imageVersionId'
  | 'vcpu'
  | 'ramGb'
  | 'diskGb'
  | 'namingPattern'
  | 'minMachines'
  | 'maxMachines'
  | 'spareMachines'
  | 'provisioning'
  | 'powerPolicy'
  | 'logoffAfterDisconnect'
  | 'logoffAfterMinutes'
  | 'onLogoff'
  | 'allowUserReset'
  | 'enabled'
  | 'provisioningEnabled'
  | 'drainMode'
  | 'defaultProtocol'
  | 'workload'
  | 'clusterId'
  | 'networkId'
>;

/** `INSERT INTO pools (<setting columns>, ...extra) VALUES (?, …)`. */
export function insertPoolSql(extra: readonly string[] = []): string {
  const cols = [...POOL_SETTING_COLUMNS, ...extra];
  return `INSERT INTO pools (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
}

/** The values of POOL_SETTING_COLUMNS for pool `id` (booleans as SQLite's 0/1). */
export function poolSettingValues(id: string, p: PoolSettings): (string | number | null)[] {
  const b = (v: boolean) => (v ? 1 : 0);
  return [
    id,
    p.name,
    p.displayName,
    p.kind,
    p.assignment,
    b(p.automaticAssignment),
    p.sessionType,
    p.maxSessionsPerHost,
    p.loadBalancing,
    p.imageId,
    p.imageVersionId,
    p.vcpu,
    p.ramGb,
    p.diskGb,
    p.namingPattern,
    p.minMachines,
    p.maxMachines,
    p.spareMachines,
    p.provisioning,
    p.powerPolicy,
    p.logoffAfterDisconnect,
    p.logoffAfterMinutes,
    p.onLogoff,
    b(p.allowUserReset),
    b(p.enabled),
    b(p.provisioningEnabled),
    b(p.drainMode),
    p.defaultProtocol,
    p.workload,
    p.clusterId,
    p.networkId,
  ];
}
