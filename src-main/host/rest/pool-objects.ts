import type { Datastore, Pool, PushImageTask } from '../../contract/entities.ts';
import type { AnyTask } from '../../contract/snapshot-methods.ts';
import {
  DISCONNECT_POLICY,
  ON_LOGOFF,
  POWER_POLICY,
  PROVISIONING_TIME,
  displayProtocol,
  farmTypeSource,
  namingToHorizon,
  operatingSystem,
  poolTypeSource,
  userAssignment,
} from './enums.ts';
import { VCENTER_ID, enc, encSnapshot, moref } from './ids.ts';
import { compact, ms, type ViewCtx } from './view.ts';

// Desktop pools (DesktopPoolInfo v1, DesktopPoolInfoV12) and farms (FarmInfo v1, FarmInfoV9) as
// Horizon shows them. A multi-session pool is both an RDS desktop pool and a farm (same number):
// its provisioning, naming, storage and session settings live on the farm, as in Horizon.

export interface PoolView extends ViewCtx {
  datastores: Map<string, Datastore>;
  /** Site (datacenter) of each cluster. */
  siteOfCluster: Map<string, string>;
}

function sessionSettings(p: Pool) {
  return compact({
    power_policy: POWER_POLICY[p.powerPolicy],
    disconnected_session_timeout_policy: DISCONNECT_POLICY[p.logoffAfterDisconnect],
    disconnected_session_timeout_minutes: p.logoffAfterDisconnect === 'after' ? p.logoffAfterMinutes : undefined,
    delete_or_refresh_machine_after_logoff: p.assignment === 'floating' ? ON_LOGOFF[p.onLogoff] : undefined,
    allow_users_to_reset_machines: p.allowUserReset,
  });
}

function provisioningSettings(p: Pool, v: PoolView) {
  const clone = p.kind === 'instant-clone' || p.kind === 'linked-clone';
  return compact({
    parent_vm_id: clone && p.imageId ? enc('baseVm', p.imageId) : undefined,
    base_snapshot_id: clone && p.imageVersionId ? encSnapshot(p.imageVersionId) : undefined,
    vm_template_id: p.kind === 'full-clone' && p.imageId ? enc('baseVm', p.imageId) : undefined,
    compute_profile_num_cpus: p.vcpu,
    compute_profile_ram_mb: Math.round(p.ramGb * 1024),
    host_or_cluster_id: moref(p.clusterId),
    datacenter_id: v.siteOfCluster.has(p.clusterId) ? moref(v.siteOfCluster.get(p.clusterId) as string) : undefined,
  });
}

function storageSettings(p: Pool, v: PoolView) {
  return {
    datastores: p.datastoreIds.map((d) => ({ datastore_id: moref(d) })),
    use_vsan: p.datastoreIds.some((d) => v.datastores.get(d)?.type === 'vsan'),
  };
}

/** provisioning_status_data: a push image in progress, or none. */
function provisioningStatus(p: Pool, push: PushImageTask | undefined) {
  const current = p.kind === 'instant-clone' && p.imageVersionId ? { instant_clone_current_image_state: 'READY' } : {};
  if (!push) return { ...current, instant_clone_operation: 'NONE' };
  return {
    ...current,
    instant_clone_operation: 'SCHEDULE_PUSH_IMAGE',
    instant_clone_pending_image_parent_vm_id: p.imageId ? enc('baseVm', p.imageId) : undefined,
    instant_clone_pending_image_snapshot_id: encSnapshot(push.details.imageVersionId),
    instant_clone_push_image_settings: {
      logoff_policy: push.details.logoffPolicy === 'force' ? 'FORCE_LOGOFF' : 'WAIT_FOR_LOGOFF',
      start_time: ms(push.startAt),
      stop_on_first_error: push.details.stopOnError,
    },
  };
}

export function poolV12(p: Pool, v: PoolView): Record<string, unknown> {
  const ts = poolTypeSource(p);
  const common = {
    id: enc('pool', p.id),
    name: p.name,
    display_name: p.displayName,
    enabled: p.enabled,
    type: ts.type,
    source: ts.source,
    session_type: 'DESKTOP',
    num_machines: p.machineCount,
    num_sessions: p.sessionCount,
    user_group_count: p.entitledGroupIds.length + p.entitledUserIds.length,
    // Required by the schema; the lab has no Entra ID single sign-on.
    entra_sso_enabled: false,
  };
  if (p.sessionType === 'multi-session') return { ...common, farm_id: enc('farm', p.id) };
  const automated = p.kind !== 'manual';
  return compact({
    ...common,
    user_assignment: userAssignment(p),
    automatic_user_assignment: p.assignment === 'dedicated' ? p.automaticAssignment : undefined,
    enable_provisioning: automated ? p.provisioningEnabled : undefined,
    naming_method: automated ? 'PATTERN' : undefined,
    pattern_naming_settings: automated
      ? {
          naming_pattern: namingToHorizon(p.namingPattern),
          max_number_of_machines: p.maxMachines,
          min_number_of_machines: p.minMachines,
          number_of_spare_machines: p.spareMachines,
          provisioning_time: PROVISIONING_TIME[p.provisioning],
        }
      : undefined,
    provisioning_settings: automated ? provisioningSettings(p, v) : undefined,
    storage_settings: automated ? storageSettings(p, v) : undefined,
    provisioning_status_data: automated ? compact(provisioningStatus(p, v.pushes.get(p.id))) : undefined,
    session_settings: sessionSettings(p),
    display_protocol_settings: compact({ default_display_protocol: displayProtocol(p.defaultProtocol) }),
    vcenter_id: VCENTER_ID,
  });
}

export function poolV1(p: Pool): Record<string, unknown> {
  const ts = poolTypeSource(p);
  return {
    id: enc('pool', p.id),
    name: p.name,
    display_name: p.displayName,
    enabled: p.enabled,
    type: ts.type,
    source: ts.source,
    settings: {
      session_type: 'DESKTOP',
      session_settings: sessionSettings(p),
      display_protocol_settings: compact({ default_display_protocol: displayProtocol(p.defaultProtocol) }),
    },
  };
}

export function farmV9(p: Pool, v: PoolView): Record<string, unknown> {
  const ts = farmTypeSource(p);
  const automated = p.kind !== 'manual';
  const image = p.imageId ? v.imageById.get(p.imageId) : undefined;
  return compact({
    id: enc('farm', p.id),
    name: p.name,
    display_name: p.displayName,
    enabled: p.enabled,
    type: ts.type,
    source: ts.source,
    desktop_pool_id: enc('pool', p.id),
    desktop_pool_name: p.name,
    max_session_type: 'LIMITED',
    max_sessions_per_rds_server: p.maxSessionsPerHost,
    max_number_of_rds_servers: automated ? p.maxMachines : undefined,
    automated_farm_settings: automated
      ? compact({
          enable_provisioning: p.provisioningEnabled,
          vcenter_id: VCENTER_ID,
          ...operatingSystem(image?.os),
          max_session_type: 'LIMITED',
          max_sessions: p.maxSessionsPerHost,
          pattern_naming_settings: { naming_pattern: namingToHorizon(p.namingPattern), max_number_of_rds_servers: p.maxMachines },
          provisioning_settings: provisioningSettings(p, v),
          storage_settings: storageSettings(p, v),
        })
      : undefined,
    session_settings: compact({
      disconnected_session_timeout_policy: DISCONNECT_POLICY[p.logoffAfterDisconnect],
      disconnected_session_timeout_minutes: p.logoffAfterDisconnect === 'after' ? p.logoffAfterMinutes : undefined,
    }),
    display_protocol_settings: compact({ default_display_protocol: displayProtocol(p.defaultProtocol) }),
    entra_sso_enabled: false,
  });
}

export function farmV1(p: Pool): Record<string, unknown> {
  const ts = farmTypeSource(p);
  return compact({
    id: enc('farm', p.id),
    name: p.name,
    display_name: p.displayName,
    enabled: p.enabled,
    type: ts.type,
    source: ts.source,
  });
}

/** DesktopPoolTaskInfo of a push-image task. */
export function poolTask(t: AnyTask): Record<string, unknown> {
  const left = Math.max(0, t.total - t.done);
  const errors = t.kind === 'push-image' ? (t as PushImageTask).details.errors.length : 0;
  return compact({
    id: enc('task', t.id),
    operation: 'PUSH_IMAGE',
    schedule_time: ms(t.startAt),
    remaining_vmtask_count: t.state === 'scheduled' || t.state === 'running' ? left : 0,
    error_vmtask_count: errors,
    cancelled_vmtask_count: t.state === 'cancelled' ? left : 0,
    halted_vmtask_count: t.state === 'failed' ? Math.max(0, left - errors) : 0,
  });
}
