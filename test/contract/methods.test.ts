import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, methods, type Input, type MethodName } from '../../src-main/contract/methods.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';
import type { CallContext } from '../../src-main/app/context.ts';
import DatabaseCtor from 'better-sqlite3';
import { Engine } from '../../src-main/core/engine/engine.ts';
import { ENGINE_PARAMS } from '../../src-main/core/engine/params.ts';
import { readEngineState } from '../../src-main/store/engine-state.ts';
import { readLabModel } from '../../src-main/store/lab-reader.ts';

// Every method of the contract: its happy path through the real dispatcher on a
// temporary SQLite file, and its rejection of malformed input with nothing written.

let lab: TempLab;
beforeAll(async () => {
  lab = tempLab('small', 1);
  // Snapshots and a checkpoint for the snapshot and checkpoint methods (desktops of pools the other cases leave alone).
  await lab.client.call('snapshot-take', { desktopId: 'vm-49', name: 'seed-a', includeMemory: true }); // snap-1, KIOSK-01
  await lab.client.call('snapshot-take', { desktopId: 'vm-50', name: 'seed-b', includeMemory: true }); // snap-2, KIOSK-02
  await lab.client.call('snapshot-take', { desktopId: 'vm-38', name: 'class' }); // snap-3, PWR-04 (suspended)
  const cp = await lab.client.call('checkpoint-save', { name: 'seed' }); // ckpt-1
  // The file may take more than one chunk (every table of the schema costs pages, empty or not):
  // import-chunk's happy path sends the first, import-finish's PREPARE the rest.
  const chunks: { offset: number; data: string }[] = [];
  for (let offset = 0, done = false; !done;) {
    const chunk = await lab.client.call('checkpoint-export-chunk', { id: cp.id, offset });
    chunks.push({ offset, data: chunk.data });
    offset += Buffer.from(chunk.data, 'base64').length;
    done = chunk.done;
    if (chunks.length === 1) HAPPY['checkpoint-import-begin'] = { name: 'imported', sizeBytes: chunk.sizeBytes };
  }
  const [first, ...rest] = chunks;
  if (!first) throw new Error('the checkpoint export sent nothing');
  HAPPY['checkpoint-import-chunk'] = { uploadId: 'upl-1', offset: 0, data: first.data };
  PREPARE['checkpoint-import-finish'] = async () => {
    for (const c of rest) await lab.client.call('checkpoint-import-chunk', { uploadId: 'upl-1', offset: c.offset, data: c.data });
    return { uploadId: 'upl-1' };
  };
});
afterAll(() => lab.dispose());

/** A capacity test small enough for a happy path (a few seconds in a worker). */
const TINY_CAPACITY = {
  name: 'Tiny test',
  hosts: { count: 1, sockets: 1, coresPerSocket: 4, ghz: 2.4, hyperthreading: true, ramGb: 128 },
  storage: { iops: 20000, serviceTimeMs: 0.5, capacityTb: 5 },
  sessionHost: { kind: 'single-session' as const, vcpu: 2, ramGb: 4 },
  workload: 'knowledge' as const,
  launch: { sessions: 30, timeframeSec: 600 },
};

/** A valid input for every method, against the small lab with seed 1. */
const HAPPY: { [K in MethodName]: Input<K> } = {
  'lab-info': {},
  'lab-reset': { profile: 'small', seed: 1, confirm: true },
  'dashboard-summary': {},
  'site-list': {},
  'cluster-list': {},
  'host-list': { clusterId: 'cl-1' },
  'host-get': { id: 'h-1' },
  'datastore-list': {},
  'network-list': {},
  'image-list': {},
  'pool-list': {},
  'pool-get': { id: 'pool-1' },
  'pool-create': {
    name: 'NEW-IC',
    displayName: 'New instant clones',
    namingPattern: 'NEW-{n:3}',
    maxMachines: 3,
    imageId: 'img-1',
    imageVersionId: 'imgv-1-3',
    clusterId: 'cl-1',
    datastoreIds: ['ds-1'],
    networkId: 'net-3',
  },
  'pool-update': { id: 'pool-2', displayName: 'Task workers (edited)', spareMachines: 3 },
  'pool-delete': { id: 'pool-4', force: true },
  'image-version-create': { imageId: 'img-1', notes: 'December cumulative update' },
  'pool-push-image': { poolId: 'pool-1', imageVersionId: 'imgv-1-2' },
  'pool-rollback-image': { poolId: 'pool-2' },
  'task-cancel': { id: 'task-1' },
  'task-list': {},
  'pool-image-status': { id: 'pool-1' },
  'task-push-force': { id: 'set by PREPARE', graceMinutes: 2 },
  'desktop-bulk': { ids: ['vm-1', 'vm-404'], action: 'maintenance-off' }, // per-object results: both refused, the call answers
  'fault-catalogue': {},
  'fault-list': {},
  'fault-inject': { kind: 'datastore-latency-spike', targetId: 'ds-1', params: { serviceFactor: 4 }, delaySec: 3600, durationSec: 600 },
  'fault-clear': { id: 1 },
  'scenario-catalogue': {},
  'scenario-get': { id: 'monday-login-storm' },
  'scenario-check': { scenario: { format: 1 } }, // answers (valid: false, with the problems): a check is not a refusal
  'scenario-start': { id: 'desktops-exhausted', confirm: true, paused: true },
  'scenario-status': {},
  'scenario-finish': { confirm: true },
  'scenario-extend': { minutes: 10 },
  'scenario-hint-send': { text: 'Look at the datastores' },
  'scenario-class-pause': { paused: true },
  'scenario-debrief': {},
  'scenario-author': {
    id: 'my-lesson',
    title: 'My lesson',
    summary: 'A lesson from this lab',
    briefing: 'Keep KW working.',
    timeLimitSec: 1800,
    objectives: [{ id: 'kw', text: 'KW users can log on', check: { is: 'pool-can-logon', pool: 'pool-1' }, points: 10 }],
    expertPath: ['Look, then act.'],
  },
  'pool-add-machines': { id: 'pool-6', count: 1 }, // the manual kiosk pool, its maximum raised by PREPARE
  'pool-remove-machines': { id: 'pool-6', ids: ['vm-404'] }, // PREPARE picks an unused machine of the kiosk pool
  'pool-add-vms': { id: 'pool-6', vmIds: ['vm-404'] }, // PREPARE picks the VM pool-remove-machines left unmanaged
  'unmanaged-vm-list': {},
  'pool-get-scaling-plan': { id: 'pool-5' },
  'pool-set-scaling-plan': {
    id: 'pool-5',
    plan: {
      phases: [
        { name: 'ramp-up', start: '07:00', capacityThresholdPct: 80, minHostsPct: 20, loadBalancing: 'breadth-first' },
        { name: 'peak', start: '09:00', capacityThresholdPct: 90, minHostsPct: 50, loadBalancing: 'depth-first' },
        { name: 'ramp-down', start: '17:00', capacityThresholdPct: 90, minHostsPct: 10, loadBalancing: 'depth-first' },
        { name: 'off-peak', start: '19:00', capacityThresholdPct: 90, minHostsPct: 5, loadBalancing: 'depth-first' },
      ],
    },
  },
  'pool-set-drain': { id: 'pool-5', drain: true },
  'desktop-assign': { id: 'vm-40', userId: 'u-40' },
  'desktop-unassign': { id: 'vm-36' },
  'pool-set-enabled': { id: 'pool-2', enabled: false },
  'pool-set-provisioning': { id: 'pool-2', enabled: false },
  'pool-set-cpu-allocation': { id: 'pool-3', shares: 'high', reservationMhz: 500, limitMhz: 4000 },
  'desktop-list': { poolId: 'pool-1', search: 'KW' },
  'desktop-get': { id: 'vm-1' },
  'desktop-set-maintenance': { id: 'vm-37', maintenance: true }, // a dedicated desktop; the push-image cases recompose KW and TW
  'session-list': {},
  'session-live': {},
  'session-summary': {},
  'session-failures': { reason: 'no-desktop', limit: 10 },
  'session-get': { id: 'sess-1' },
  'session-screen': { id: 'sess-1' },
  'helpdesk-user': { userId: 'u-35' },
  'session-connect': { userId: 'u-35', clientDevice: 'thin-client', network: 'branch-wan' }, // reconnects sess-1
  'session-send-message': { ids: ['sess-1'], severity: 'warning', title: 'Maintenance tonight', body: 'Save your work by 18:00.' },
  'session-disconnect': { ids: ['sess-1'] },
  'session-restart-desktop': { ids: ['sess-1'] },
  'session-reset-desktop': { ids: ['sess-2'] }, // made by PREPARE
  'session-logoff': { ids: ['sess-3'] }, // made by PREPARE
  'user-list': { search: 'a', limit: 10 },
  'group-list': {},
  'entitlement-list': { poolId: 'pool-1' },
  'entitlement-add': { poolId: 'pool-3', principalType: 'user', principalId: 'u-1' },
  'entitlement-remove': { poolId: 'pool-1', principalType: 'group', principalId: 'g-11' },
  'event-list': { limit: 5 },
  'event-acknowledge': { ids: [1] },
  'alarm-list': { state: 'all', limit: 50 },
  'alarm-acknowledge': { ids: [1], comment: 'looking into it' }, // made by PREPARE
  'alarm-definition-list': {},
  'alarm-definition-create': { name: 'Slow pool logons (strict)', metric: 'pool-logon-duration', warning: 30, critical: 90 },
  'alarm-definition-update': { id: 'host-cpu', changes: { warning: 70, durationSeconds: 600 } },
  'alarm-definition-delete': { id: 'alarm-def-1' }, // made by PREPARE
  'hypervisor-catalogue': {},
  'desktop-hardware-get': { desktopId: 'vm-1' },
  'desktop-hardware-set': { desktopId: 'vm-1', memoryReservationGb: 1 },
  'pool-hardware-get': { poolId: 'pool-2' },
  'pool-hardware-set': { poolId: 'pool-2', memoryReservationGb: 1 },
  'cluster-set-hypervisor': { clusterId: 'cl-empty', hypervisor: 'kvm' },
  'host-gpu-list': {},
  'host-gpu-set': { hostId: 'h-3', gpu: { model: 'L4', gpus: 2 } },
  'settings-get': {},
  'settings-set': { theme: 'dark' },
  'clock-get': {},
  'clock-set': { speed: 'paused' },
  'clock-step': { seconds: 120 },
  'metrics-current': {},
  'metrics-series': { scope: 'host', id: 'h-1', range: '1h' },
  'capacity-definition-list': {},
  'capacity-definition-check': { definition: TINY_CAPACITY },
  'capacity-definition-save': { definition: TINY_CAPACITY },
  'capacity-definition-delete': { id: 'capdef-1' },
  'capacity-run-start': { definition: TINY_CAPACITY },
  'capacity-run-get': { id: 'cap-1', waitMs: 60_000 },
  'capacity-run-list': {},
  'capacity-run-cancel': { id: 'cap-1' },
  'capacity-export': { runId: 'cap-1', format: 'csv' },
  'capacity-compare': { runIds: ['cap-1', 'cap-1'] },
  'capacity-consolidation': { runId: 'cap-1', assumptions: { kwhPrice: 0.3 } },
  'capacity-sweep-start': { definition: TINY_CAPACITY, sweep: { 'sessionHost.vcpu': [2, 4] } },
  'capacity-run-delete': { id: 'cap-2' },
  // cluster operations: KIOSK-01 and KIOSK-02 (vm-49, vm-50) start together on h-1, so an anti-affinity rule gives DRS a move to apply
  'cluster-settings-get': { clusterId: 'cl-1' },
  'cluster-set-drs': { clusterId: 'cl-1', automation: 'manual', threshold: 4 },
  'cluster-set-ha': { clusterId: 'cl-1', enabled: true, admissionControl: { policy: 'host-failures', hostFailures: 1 } },
  'cluster-set-vmotion': { clusterId: 'cl-1', downtimeTargetMs: 250 },
  'cluster-status': { clusterId: 'cl-1' },
  'rule-list': { clusterId: 'cl-1' },
  'rule-create': { clusterId: 'cl-1', name: 'Kiosks apart', kind: 'vm-anti-affinity', desktopIds: ['vm-49', 'vm-50'] },
  'rule-set-enabled': { id: 'rule-1', enabled: true },
  'drs-recommendations': { clusterId: 'cl-1' },
  'drs-apply': { clusterId: 'cl-1' },
  'rule-delete': { id: 'rule-1' },
  'vm-migrate-estimate': { desktopId: 'vm-1', toHostId: 'h-2' },
  'vm-migrate': { desktopIds: ['vm-1'], toHostId: 'h-2' },
  'vm-set-restart-priority': { desktopIds: ['vm-45', 'vm-46'], priority: 'high' },
  'vm-power-on': { desktopId: 'vm-38' },
  'vm-frozen-list': {},
  'host-enter-maintenance': { hostId: 'h-3', wait: true },
  'host-exit-maintenance': { hostId: 'h-3' },
  'host-add': { clusterId: 'cl-1', maintenance: true },
  'host-power': { hostId: 'h-4', action: 'off' },
  'host-remove': { hostId: 'h-4' },
  'host-fail': { hostId: 'h-2', mode: 'isolation' },
  'host-repair': { hostId: 'h-2' },
  'snapshot-list': { desktopId: 'vm-49' },
  'snapshot-take': { desktopId: 'vm-39', name: 'before patch', includeMemory: true }, // snap-4
  'snapshot-revert-preview': { snapshotId: 'snap-1' },
  'snapshot-revert': { snapshotId: 'snap-1' },
  'snapshot-delete-preview': { snapshotId: 'snap-2' },
  'snapshot-delete': { snapshotId: 'snap-2' },
  'snapshot-delete-all-preview': { desktopId: 'vm-39' },
  'snapshot-delete-all': { desktopId: 'vm-39' },
  'desktop-simulate-failure': { id: 'vm-45', kind: 'orphaned-delta' },
  'snapshot-consolidate': { desktopId: 'vm-45' },
  'snapshot-bulk-take': { poolId: 'pool-5', name: 'class-2' },
  'snapshot-bulk-revert-preview': { poolId: 'pool-3', name: 'class' },
  'snapshot-bulk-revert': { poolId: 'pool-3', name: 'class' },
  'checkpoint-list': {},
  'checkpoint-save': { name: 'Before class' }, // ckpt-2
  'checkpoint-export-chunk': { id: 'ckpt-1', offset: 0 },
  'checkpoint-import-begin': { name: 'set in beforeAll', sizeBytes: 1 },
  'checkpoint-import-chunk': { uploadId: 'set in beforeAll', offset: 0, data: 'AA==' },
  'checkpoint-import-finish': { uploadId: 'upl-1' },
  'checkpoint-restore': { id: 'ckpt-1', confirm: true },
  'checkpoint-delete': { id: 'ckpt-2' },
  // for the HTTP transports (rest-methods.ts)
  'desktop-detail-list': { sessionType: 'single-session', namePrefix: 'kw-', orderBy: 'state', desc: true, limit: 10, offset: 2 },
  'session-page': { limit: 10, offset: 0 },
  'session-breakdown': {},
  'desktop-power': { ids: ['set by PREPARE'], action: 'reset' },
  'desktop-recover': { ids: ['set by PREPARE'] },
  'desktop-rebuild': { ids: ['set by PREPARE'] },
  'datastore-usage': { datastoreId: 'ds-1' },
  'pool-configure': { id: 'pool-1', displayName: 'Knowledge workers', enabled: false, provisioningEnabled: true },
  'pool-assigned-counts': {},
  'event-page': { fromSimTime: '2026-01-05T00:00:00Z', toSimTime: '2026-12-31T00:00:00Z', limit: 5, offset: 1 },
  'user-get-many': { ids: ['u-2', 'u-1', 'u-404'] },
  'rest-fault-list': {},
  'rest-fault-set': { id: 'slow-machines', match: { operationId: 'listMachines' }, delayMs: 200, count: 3 },
  'rest-fault-clear': { id: 'slow-machines' },
  'rest-log-list': { limit: 10 },
  'rest-credentials-get': {},
  // admin accounts and the audit trail (admin-methods.ts)
  'session-whoami': {},
  'account-list': {},
  'account-create': { name: 'ops1', role: 'help-desk', password: 'correct horse battery' },
  'account-set-role': { id: 'set by PREPARE', role: 'read-only' },
  'account-reset-password': { id: 'set by PREPARE', password: 'another long secret' },
  'account-set-disabled': { id: 'set by PREPARE', disabled: true },
  'account-delete': { id: 'set by PREPARE' },
  'account-change-password': { current: 'self password 1', password: 'self password 2' },
  'audit-list': { method: 'account', outcome: 'ok', limit: 5 },
  'audit-export': { outcome: 'error' },
  'audit-verify': {},
  // replay (replay-methods.ts): the view opens at the lab's current moment (PREPARE), the branch from a view PREPARE opens
  'replay-timeline': {},
  'replay-view-get': {},
  'replay-view-open': { at: 'set by PREPARE' },
  'replay-view-close': {},
  'replay-branch': { confirm: true },
  // Sites and DR (issue 19): site-link-set's PREPARE replaces the small lab with the two-site one; the rest follow on it.
  'site-overview': {},
  'site-link-set': { id: 'link-1', bandwidthMbps: 500 },
  'dr-overview': {},
  'protection-group-create': { name: 'PG-KW', replication: 'hypervisor', rpoMinutes: 15, poolIds: ['pool-1'], recoverySiteId: 'site-2' },
  'protection-group-delete': { id: 'pg-2' }, // made by PREPARE
  'recovery-plan-create': { name: 'RP-KW', groups: [{ groupId: 'pg-1', priority: 1 }] },
  'recovery-plan-delete': { id: 'plan-2' }, // made by PREPARE
  'recovery-plan-run': { id: 'plan-1', mode: 'test' },
  'global-entitlement-create': { name: 'GE-KW', poolIds: ['pool-1', 'pool-4'] },
  'global-entitlement-delete': { id: 'ge-2' }, // made by PREPARE
  'site-fail': { siteId: 'site-1' },
  'site-repair': { siteId: 'site-1' },
  'capacity-delivery-compare': { users: 2000, workload: 'knowledge' },
  'trend-report': { report: 'capacity', range: '7d' },
  'trend-export': { query: { report: 'failures', range: 'custom', from: '2026-01-05T00:00:00Z', to: '2026-01-06T00:00:00Z' }, format: 'csv' },
  'trend-retention-get': {},
  'trend-retention-set': { hourlyDays: 60 },
  // Tenants (issue 19), on the two-site lab the DR cases left: net-1 (management) is used by no pool.
  'tenant-create': { name: 'Acme', cpuLimitGhz: 20 },
  'tenant-list': {},
  'tenant-get': { id: 'tenant-1' },
  'tenant-update': { id: 'tenant-1', cpuShares: 8000 },
  'tenant-assign': { tenantId: 'tenant-1', kind: 'network', objectId: 'net-1' },
  'network-hosts-set': { networkId: 'net-1', hostIds: ['h-1', 'h-2'] },
  'account-set-tenant': { id: 'set by PREPARE', tenantId: 'tenant-1' },
  'tenant-delete': { id: 'set by PREPARE' },
};

/** The id of the account the happy paths made (account-create). */
async function ops1(): Promise<string> {
  const a = (await lab.client.call('account-list', {})).find((x) => x.name === 'ops1');
  if (!a) throw new Error('account-create did not make ops1');
  return a.id;
}

/** Callers other than the local administrator, for methods that act on the caller's own account. */
const CALLER: Partial<Record<MethodName, () => Promise<CallContext>>> = {
  'account-change-password': async () => {
    const a = await lab.client.call('account-create', { name: 'self1', role: 'read-only', password: 'self password 1' });
    return { user: 'self1', accountId: a.id, transport: 'in-process' };
  },
};

/** A user entitled (through a group) to an enabled pool with free desktops, who has no session now. */
async function idleEntitledUser(): Promise<string> {
  const busy = new Set((await lab.client.call('session-list', {})).map((r) => r.userId));
  for (const pool of await lab.client.call('pool-list', {})) {
    if (!pool.enabled || pool.drainMode || (pool.stateCounts.AVAILABLE ?? 0) === 0) continue;
    for (const e of await lab.client.call('entitlement-list', { poolId: pool.id })) {
      if (e.principalType !== 'group') continue;
      const free = (await lab.client.call('user-list', { groupId: e.principalId, limit: 500 })).rows.find((u) => !busy.has(u.id));
      if (free) return free.id;
    }
  }
  throw new Error('no idle user entitled to an open pool');
}

/** A machine of a pool of this kind in one of these states, without sessions. */
async function machineIn(kind: string, states: ('AVAILABLE' | 'ERROR')[]): Promise<string> {
  const pools = (await lab.client.call('pool-list', {})).filter((p) => p.kind === kind && p.sessionType === 'single-session');
  const rows = await lab.client.call('desktop-detail-list', { poolIds: pools.map((p) => p.id), states });
  const row = rows.rows.find((r) => r.sessionCount === 0);
  if (!row) throw new Error(`no ${kind} machine in ${states.join('/')} without sessions`);
  return row.id;
}

/** Happy inputs that need an object made just before the call (a fresh session to act on). */
const PREPARE: Partial<Record<MethodName, () => Promise<unknown>>> = {
  // Only a cluster with no VM, no pool and no host out of maintenance may change type: the labs have none, so one is added (a copy of cl-1's row, no hosts).
  'cluster-set-hypervisor': async () => {
    const db = new DatabaseCtor(lab.host.dbPath);
    try {
      const cols = (db.prepare('PRAGMA table_info(clusters)').all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id' && c !== 'name');
      db.prepare(
        `INSERT INTO clusters (id, name, ${cols.join(', ')}) SELECT 'cl-empty', 'Empty cluster', ${cols.join(', ')} FROM clusters WHERE id = 'cl-1'`,
      ).run();
    } finally {
      db.close();
    }
    return HAPPY['cluster-set-hypervisor'];
  },
  'account-set-role': async () => ({ id: await ops1(), role: 'read-only' }),
  'account-reset-password': async () => ({ id: await ops1(), password: 'another long secret' }),
  'account-set-disabled': async () => ({ id: await ops1(), disabled: true }),
  'account-delete': async () => ({ id: await ops1() }),
  'fault-clear': async () => ({ id: (await lab.client.call('fault-inject', { kind: 'broker-slowness', delaySec: 7200 })).id }),
  // A scenario under way to finish (its start replaces the lab: the small one, seed 1, as the other cases expect).
  'scenario-finish': async () => {
    await lab.client.call('scenario-start', { id: 'desktops-exhausted', confirm: true, paused: true });
    return { confirm: true };
  },
  'scenario-extend': async () => {
    await lab.client.call('scenario-start', { id: 'desktops-exhausted', confirm: true, paused: true });
    return { minutes: 10 };
  },
  'scenario-hint-send': async () => {
    await lab.client.call('scenario-start', { id: 'desktops-exhausted', confirm: true, paused: true });
    return { text: 'Look at the datastores' };
  },
  'scenario-class-pause': async () => {
    await lab.client.call('scenario-start', { id: 'desktops-exhausted', confirm: true, paused: true });
    return { paused: true };
  },
  'replay-view-open': async () => ({ at: (await lab.client.call('clock-get', {})).simTime }),
  'replay-branch': async () => {
    await lab.client.call('replay-view-open', { at: (await lab.client.call('clock-get', {})).simTime });
    return { confirm: true };
  },
  // An alarm to acknowledge: a definition every running host breaks, then a simulated minute.
  'alarm-acknowledge': async () => {
    await lab.client.call('alarm-definition-create', { name: 'Any host CPU', metric: 'host-cpu-usage', warning: 0, durationSeconds: 0 });
    await lab.client.call('clock-step', { seconds: 120 });
    const alarm = (await lab.client.call('alarm-list', { state: 'triggered' })).rows[0];
    if (!alarm) throw new Error('no alarm triggered');
    return { ids: [alarm.id], comment: 'looking into it' };
  },
  'alarm-definition-delete': async () => ({
    id: (await lab.client.call('alarm-definition-create', { name: 'To delete', metric: 'datastore-latency', critical: 500 })).id,
  }),
  'desktop-power': async () => ({ ids: [await machineIn('instant-clone', ['AVAILABLE'])], action: 'reset' }),
  'desktop-recover': async () => {
    const id = await machineIn('instant-clone', ['AVAILABLE']);
    await lab.client.call('desktop-simulate-failure', { id, kind: 'bad-update' });
    return { ids: [id] };
  },
  'desktop-rebuild': async () => ({ ids: [await machineIn('full-clone', ['AVAILABLE'])] }),
  // A push image scheduled an hour ahead, switched to forced logoff before it starts.
  'task-push-force': async () => {
    const { simTime } = await lab.client.call('clock-get', {});
    const startAt = new Date(Date.parse(simTime) + 3600_000).toISOString();
    const pool = (await lab.client.call('pool-list', {})).find((p) => p.kind === 'instant-clone' && p.imageVersionId !== 'imgv-1-1' && p.imageId === 'img-1');
    const active = (await lab.client.call('task-list', { active: true })).find((t) => t.kind === 'push-image');
    if (active) return { id: active.id, graceMinutes: 2 };
    const t = await lab.client.call('pool-push-image', { poolId: pool?.id ?? 'pool-1', imageVersionId: 'imgv-1-1', startAt });
    return { id: t.id, graceMinutes: 2 };
  },
  // The kiosk pool is full (2 of 2): room for one more machine first.
  'pool-add-machines': async () => {
    await lab.client.call('pool-update', { id: 'pool-6', maxMachines: 3 });
    return HAPPY['pool-add-machines'];
  },
  // A machine of the kiosk pool without a session leaves it (its VM becomes unmanaged)…
  'pool-remove-machines': async () => {
    const rows = await lab.client.call('desktop-detail-list', { poolIds: ['pool-6'] });
    const row = rows.rows.find((r) => r.sessionCount === 0 && !r.assignedUserId);
    if (!row) throw new Error('no unused machine in pool-6');
    return { id: 'pool-6', ids: [row.id] };
  },
  // …and comes back.
  'pool-add-vms': async () => {
    const vm = (await lab.client.call('unmanaged-vm-list', {}))[0];
    if (!vm) throw new Error('no unmanaged VM');
    return { id: 'pool-6', vmIds: [vm.id] };
  },
  'session-reset-desktop': async () => ({
    ids: [(await lab.client.call('session-connect', { userId: 'u-1', clientDevice: 'windows', network: 'lan' })).sessionId],
  }),
  // Earlier cases remove entitlements and disable pools: pick a user who can still connect.
  'session-logoff': async () => ({
    ids: [(await lab.client.call('session-connect', { userId: await idleEntitledUser(), clientDevice: 'html5', network: 'home-broadband' })).sessionId],
  }),
  'site-link-set': async () => {
    await lab.client.call('lab-reset', { profile: 'two-site', seed: 1, confirm: true });
    return { id: 'link-1', bandwidthMbps: 500 };
  },
  'protection-group-delete': async () => ({
    id: (
      await lab.client.call('protection-group-create', { name: 'PG-del', replication: 'array', rpoMinutes: 60, poolIds: ['pool-2'], recoverySiteId: 'site-2' })
    ).id,
  }),
  'recovery-plan-delete': async () => ({
    id: (await lab.client.call('recovery-plan-create', { name: 'RP-del', groups: [{ groupId: 'pg-1', priority: 2 }] })).id,
  }),
  'account-set-tenant': async () => ({
    id: (await lab.client.call('account-create', { name: 'tenant-ops', role: 'help-desk', password: 'tenant ops password' })).id,
    tenantId: 'tenant-1',
  }),
  'tenant-delete': async () => ({ id: (await lab.client.call('tenant-create', { name: 'Gone' })).id }),
  'global-entitlement-delete': async () => ({
    id: (await lab.client.call('global-entitlement-create', { name: 'GE-del', poolIds: ['pool-2', 'pool-5'] })).id,
  }),
};

/** Inputs that must be refused, per method: wrong types, unknown fields, out-of-range values. */
const BAD: Record<MethodName, { input: unknown; code: string; path?: (string | number)[] }[]> = {
  'lab-info': [{ input: { extra: 1 }, code: 'invalid-input' }],
  'lab-reset': [
    { input: { profile: 'small', seed: 1 }, code: 'invalid-input', path: ['confirm'] },
    { input: { profile: 'huge', seed: 1, confirm: true }, code: 'invalid-input', path: ['profile'] },
    { input: { profile: 'small', seed: -4, confirm: true }, code: 'invalid-input', path: ['seed'] },
  ],
  'dashboard-summary': [{ input: [], code: 'invalid-input' }],
  'site-list': [{ input: 'x', code: 'invalid-input' }],
  'cluster-list': [{ input: { id: 1 }, code: 'invalid-input' }],
  'host-list': [
    { input: { clusterId: 5 }, code: 'invalid-input', path: ['clusterId'] },
    { input: { clusterId: 'cl-404' }, code: 'not-found', path: ['clusterId'] },
  ],
  'host-get': [
    { input: {}, code: 'invalid-input', path: ['id'] },
    { input: { id: 'h-404' }, code: 'not-found', path: ['id'] },
  ],
  'datastore-list': [{ input: { clusterId: 'nope' }, code: 'not-found', path: ['clusterId'] }],
  'network-list': [{ input: [1], code: 'invalid-input' }],
  'image-list': [{ input: { all: true }, code: 'invalid-input' }],
  'pool-list': [{ input: 42, code: 'invalid-input' }],
  'pool-get': [
    { input: { id: '' }, code: 'invalid-input', path: ['id'] },
    { input: { id: 'pool-404' }, code: 'not-found', path: ['id'] },
  ],
  'pool-create': [
    {
      input: {
        name: 'ENT-BAD',
        displayName: 'Bad entitlement',
        namingPattern: 'ENT-{n:2}',
        maxMachines: 2,
        imageId: 'img-1',
        imageVersionId: 'imgv-1-3',
        clusterId: 'cl-1',
        datastoreIds: ['ds-1'],
        networkId: 'net-3',
        entitlements: [{ principalType: 'group', principalId: 'g-404' }],
      },
      code: 'not-found',
      path: ['entitlements', 0, 'principalId'],
    },
    {
      input: {
        ...{
          name: 'NEW-IC',
          displayName: 'New instant clones',
          namingPattern: 'NEW-{n:3}',
          maxMachines: 3,
          imageId: 'img-1',
          imageVersionId: 'imgv-1-3',
          clusterId: 'cl-1',
          datastoreIds: ['ds-1'],
          networkId: 'net-3',
        },
        name: 'KW-Floating',
      },
      code: 'conflict',
      path: ['name'],
    },
    {
      input: {
        ...{
          name: 'NEW-IC',
          displayName: 'New instant clones',
          namingPattern: 'NEW-{n:3}',
          maxMachines: 3,
          imageId: 'img-1',
          imageVersionId: 'imgv-1-3',
          clusterId: 'cl-1',
          datastoreIds: ['ds-1'],
          networkId: 'net-3',
        },
        name: 'bad name!',
      },
      code: 'invalid-input',
      path: ['name'],
    },
    {
      input: {
        ...{
          name: 'NEW-IC',
          displayName: 'New instant clones',
          namingPattern: 'NEW-{n:3}',
          maxMachines: 3,
          imageId: 'img-1',
          imageVersionId: 'imgv-1-3',
          clusterId: 'cl-1',
          datastoreIds: ['ds-1'],
          networkId: 'net-3',
        },
        minMachines: 5,
      },
      code: 'invalid-input',
      path: ['maxMachines'],
    },
    {
      input: {
        ...{
          name: 'NEW-IC',
          displayName: 'New instant clones',
          namingPattern: 'NEW-{n:3}',
          maxMachines: 3,
          imageId: 'img-1',
          imageVersionId: 'imgv-1-3',
          clusterId: 'cl-1',
          datastoreIds: ['ds-1'],
          networkId: 'net-3',
        },
        spareMachines: 4,
      },
      code: 'invalid-input',
      path: ['spareMachines'],
    },
    {
      input: {
        ...{
          name: 'NEW-IC',
          displayName: 'New instant clones',
          namingPattern: 'NEW-{n:3}',
          maxMachines: 3,
          imageId: 'img-1',
          imageVersionId: 'imgv-1-3',
          clusterId: 'cl-1',
          datastoreIds: ['ds-1'],
          networkId: 'net-3',
        },
        namingPattern: 'NEW-{n:1}',
        maxMachines: 12,
      },
      code: 'invalid-input',
      path: ['namingPattern'],
    },
    {
      input: {
        ...{
          name: 'NEW-IC',
          displayName: 'New instant clones',
          namingPattern: 'NEW-{n:3}',
          maxMachines: 3,
          imageId: 'img-1',
          imageVersionId: 'imgv-1-3',
          clusterId: 'cl-1',
          datastoreIds: ['ds-1'],
          networkId: 'net-3',
        },
        namingPattern: 'KW-{n:3}',
      },
      code: 'conflict',
      path: ['namingPattern'],
    },
    {
      input: {
        ...{
          name: 'NEW-IC',
          displayName: 'New instant clones',
          namingPattern: 'NEW-{n:3}',
          maxMachines: 3,
          imageId: 'img-1',
          imageVersionId: 'imgv-1-3',
          clusterId: 'cl-1',
          datastoreIds: ['ds-1'],
          networkId: 'net-3',
        },
        imageVersionId: 'imgv-9-9',
      },
      code: 'not-found',
      path: ['imageVersionId'],
    },
    {
      input: {
        ...{
          name: 'NEW-IC',
          displayName: 'New instant clones',
          namingPattern: 'NEW-{n:3}',
          maxMachines: 3,
          imageId: 'img-1',
          imageVersionId: 'imgv-1-3',
          clusterId: 'cl-1',
          datastoreIds: ['ds-1'],
          networkId: 'net-3',
        },
        imageVersionId: 'imgv-2-1',
      },
      code: 'not-found',
      path: ['imageVersionId'],
    },
    {
      input: {
        ...{
          name: 'NEW-IC',
          displayName: 'New instant clones',
          namingPattern: 'NEW-{n:3}',
          maxMachines: 3,
          imageId: 'img-1',
          imageVersionId: 'imgv-1-3',
          clusterId: 'cl-1',
          datastoreIds: ['ds-1'],
          networkId: 'net-3',
        },
        sessionType: 'multi-session',
        assignment: 'dedicated',
      },
      code: 'invalid-input',
      path: ['assignment'],
    },
    {
      input: {
        ...{
          name: 'NEW-IC',
          displayName: 'New instant clones',
          namingPattern: 'NEW-{n:3}',
          maxMachines: 3,
          imageId: 'img-1',
          imageVersionId: 'imgv-1-3',
          clusterId: 'cl-1',
          datastoreIds: ['ds-1'],
          networkId: 'net-3',
        },
        kind: 'manual',
      },
      code: 'invalid-input',
      path: ['imageId'],
    },
    {
      input: {
        ...{
          name: 'NEW-IC',
          displayName: 'New instant clones',
          namingPattern: 'NEW-{n:3}',
          maxMachines: 3,
          imageId: 'img-1',
          imageVersionId: 'imgv-1-3',
          clusterId: 'cl-1',
          datastoreIds: ['ds-1'],
          networkId: 'net-3',
        },
        datastoreIds: ['ds-1', 'ds-404'],
      },
      code: 'not-found',
      path: ['datastoreIds', 1],
    },
    {
      input: {
        ...{
          name: 'NEW-IC',
          displayName: 'New instant clones',
          namingPattern: 'NEW-{n:3}',
          maxMachines: 3,
          imageId: 'img-1',
          imageVersionId: 'imgv-1-3',
          clusterId: 'cl-1',
          datastoreIds: ['ds-1'],
          networkId: 'net-3',
        },
        networkId: 'net-404',
      },
      code: 'not-found',
      path: ['networkId'],
    },
    {
      input: {
        ...{
          name: 'NEW-IC',
          displayName: 'New instant clones',
          namingPattern: 'NEW-{n:3}',
          maxMachines: 3,
          imageId: 'img-1',
          imageVersionId: 'imgv-1-3',
          clusterId: 'cl-1',
          datastoreIds: ['ds-1'],
          networkId: 'net-3',
        },
        vcpu: 64,
      },
      code: 'conflict',
      path: ['vcpu'],
    },
    {
      input: {
        ...{
          name: 'NEW-IC',
          displayName: 'New instant clones',
          namingPattern: 'NEW-{n:3}',
          maxMachines: 3,
          imageId: 'img-1',
          imageVersionId: 'imgv-1-3',
          clusterId: 'cl-1',
          datastoreIds: ['ds-1'],
          networkId: 'net-3',
        },
        logoffAfterMinutes: 0,
      },
      code: 'invalid-input',
      path: ['logoffAfterMinutes'],
    },
  ],
  'pool-update': [
    { input: { id: 'pool-1' }, code: 'invalid-input' },
    { input: { id: 'pool-1', kind: 'full-clone' }, code: 'invalid-input' }, // fixed after creation
    { input: { id: 'pool-1', maxMachines: 2 }, code: 'invalid-input', path: ['maxMachines'] }, // below min 22
    { input: { id: 'pool-1', spareMachines: 99 }, code: 'invalid-input', path: ['spareMachines'] },
    { input: { id: 'pool-1', maxSessionsPerHost: 4 }, code: 'invalid-input', path: ['maxSessionsPerHost'] },
    { input: { id: 'pool-1', datastoreIds: ['ds-404'] }, code: 'not-found', path: ['datastoreIds', 0] },
    { input: { id: 'pool-1', namingPattern: 'KW-{n:1}' }, code: 'invalid-input', path: ['namingPattern'] },
    { input: { id: 'pool-404', displayName: 'x' }, code: 'not-found', path: ['id'] },
  ],
  'image-version-create': [
    { input: { imageId: 'img-404', notes: 'x' }, code: 'not-found', path: ['imageId'] },
    { input: { imageId: 'img-1', notes: '' }, code: 'invalid-input', path: ['notes'] },
  ],
  'pool-push-image': [
    { input: { poolId: 'pool-1', imageVersionId: 'imgv-1-3' }, code: 'conflict', path: ['imageVersionId'] }, // already on it
    { input: { poolId: 'pool-1', imageVersionId: 'imgv-3-1' }, code: 'not-found', path: ['imageVersionId'] }, // another image
    { input: { poolId: 'pool-3', imageVersionId: 'imgv-1-2' }, code: 'conflict', path: ['poolId'] }, // full clones
    { input: { poolId: 'pool-1', imageVersionId: 'imgv-1-2', startAt: '2020-01-01T00:00:00Z' }, code: 'invalid-input', path: ['startAt'] },
    { input: { poolId: 'pool-1', imageVersionId: 'imgv-1-2', startAt: 'tomorrow' }, code: 'invalid-input', path: ['startAt'] },
    { input: { poolId: 'pool-1', imageVersionId: 'imgv-1-2', logoffPolicy: 'now' }, code: 'invalid-input', path: ['logoffPolicy'] },
  ],
  'pool-rollback-image': [
    { input: { poolId: 'pool-6' }, code: 'conflict', path: ['poolId'] }, // manual pool, nothing to roll back
    { input: { poolId: 'pool-404' }, code: 'not-found', path: ['poolId'] },
  ],
  'task-cancel': [{ input: { id: 'task-404' }, code: 'not-found', path: ['id'] }],
  'task-list': [{ input: { active: 'yes' }, code: 'invalid-input', path: ['active'] }],
  'pool-add-machines': [
    { input: { id: 'pool-1', count: 2 }, code: 'conflict', path: ['id'] }, // automated pool
    { input: { id: 'pool-6', count: 1 }, code: 'conflict', path: ['count'] }, // the kiosk pool is at its maximum
    { input: { id: 'pool-6', count: 0 }, code: 'invalid-input', path: ['count'] },
    { input: { id: 'pool-6', count: 1000 }, code: 'invalid-input', path: ['count'] },
    { input: { id: 'pool-404', count: 1 }, code: 'not-found', path: ['id'] },
  ],
  'pool-remove-machines': [
    { input: { id: 'pool-404', ids: ['vm-1'] }, code: 'not-found', path: ['id'] },
    { input: { id: 'pool-6', ids: [] }, code: 'invalid-input', path: ['ids'] },
    { input: { id: 'pool-6' }, code: 'invalid-input', path: ['ids'] },
  ],
  'pool-add-vms': [
    { input: { id: 'pool-404', vmIds: ['vm-1'] }, code: 'not-found', path: ['id'] },
    { input: { id: 'pool-6', vmIds: [''] }, code: 'invalid-input', path: ['vmIds', 0] },
  ],
  'unmanaged-vm-list': [{ input: { extra: 1 }, code: 'invalid-input' }],
  'fault-catalogue': [{ input: { extra: 1 }, code: 'invalid-input' }],
  'fault-list': [{ input: { extra: 1 }, code: 'invalid-input' }],
  'fault-inject': [
    { input: { kind: 'meteor-strike' }, code: 'invalid-input', path: ['kind'] },
    { input: { kind: 'datastore-outage', targetId: 'ds-404' }, code: 'not-found', path: ['targetId'] },
    { input: { kind: 'datastore-outage' }, code: 'invalid-input', path: ['targetId'] },
    { input: { kind: 'broker-outage', targetId: 'ds-1' }, code: 'invalid-input', path: ['targetId'] },
    { input: { kind: 'datastore-latency-spike', targetId: 'ds-1', params: { serviceFactor: 0.5 } }, code: 'invalid-input', path: ['params', 'serviceFactor'] },
    { input: { kind: 'datastore-latency-spike', targetId: 'ds-1', params: { colour: 2 } }, code: 'invalid-input', path: ['params', 'colour'] },
    { input: { kind: 'network-impairment', targetId: 'custom' }, code: 'not-found', path: ['targetId'] },
    { input: { kind: 'broker-outage', delaySec: -1 }, code: 'invalid-input', path: ['delaySec'] },
    { input: { kind: 'broker-outage', durationSec: 0 }, code: 'invalid-input', path: ['durationSec'] },
  ],
  'scenario-catalogue': [{ input: { extra: 1 }, code: 'invalid-input' }],
  'scenario-get': [
    { input: { id: 'no-such-scenario' }, code: 'not-found', path: ['id'] },
    { input: { id: 'Bad Id!' }, code: 'invalid-input', path: ['id'] },
  ],
  'scenario-check': [{ input: {}, code: 'invalid-input' }], // scenario: unknown accepts anything but a missing field? (see below)
  'scenario-start': [
    { input: { id: 'monday-login-storm' }, code: 'invalid-input', path: ['confirm'] },
    { input: { id: 'no-such-scenario', confirm: true }, code: 'not-found', path: ['id'] },
    { input: { confirm: true }, code: 'invalid-input', path: ['id'] },
    { input: { scenario: { format: 1, id: 'x' }, confirm: true }, code: 'invalid-input' },
  ],
  'scenario-status': [{ input: { extra: 1 }, code: 'invalid-input' }],
  'scenario-finish': [
    { input: {}, code: 'invalid-input', path: ['confirm'] },
    { input: { confirm: true }, code: 'conflict' },
  ],
  'scenario-extend': [
    { input: {}, code: 'invalid-input', path: ['minutes'] },
    { input: { minutes: 0 }, code: 'invalid-input', path: ['minutes'] },
    { input: { minutes: 1.5 }, code: 'invalid-input', path: ['minutes'] },
    { input: { minutes: 241 }, code: 'invalid-input', path: ['minutes'] },
  ],
  'scenario-hint-send': [
    { input: { text: '   ' }, code: 'invalid-input', path: ['text'] },
    { input: { text: 'x'.repeat(501) }, code: 'invalid-input', path: ['text'] },
  ],
  'scenario-class-pause': [
    { input: {}, code: 'invalid-input', path: ['paused'] },
    { input: { paused: 'yes' }, code: 'invalid-input', path: ['paused'] },
  ],
  'scenario-debrief': [{ input: { extra: 1 }, code: 'invalid-input' }],
  'scenario-author': [
    { input: { id: 'x' }, code: 'invalid-input' },
    {
      input: {
        id: 'x',
        title: 't',
        summary: 's',
        briefing: 'b',
        timeLimitSec: 600,
        objectives: [{ id: 'o', text: 't', check: { is: 'pool-can-logon', pool: 'pool-404' }, points: 1 }],
        expertPath: ['e'],
      },
      code: 'invalid-input',
    },
  ],
  'fault-clear': [
    { input: { id: 0 }, code: 'invalid-input', path: ['id'] },
    { input: { id: 99999 }, code: 'not-found', path: ['id'] },
  ],
  'desktop-bulk': [
    { input: { ids: [], action: 'restart' }, code: 'invalid-input', path: ['ids'] },
    { input: { ids: ['vm-1'], action: 'explode' }, code: 'invalid-input', path: ['action'] },
    { input: { ids: Array.from({ length: 501 }, (_, i) => `vm-${i}`), action: 'restart' }, code: 'invalid-input', path: ['ids'] },
  ],
  'pool-image-status': [
    { input: { id: 'pool-404' }, code: 'not-found', path: ['id'] },
    { input: { id: 'x'.repeat(65) }, code: 'invalid-input', path: ['id'] },
  ],
  'task-push-force': [
    { input: { id: 'task-404' }, code: 'not-found', path: ['id'] },
    { input: { id: 'task-1', graceMinutes: -5 }, code: 'invalid-input', path: ['graceMinutes'] },
    { input: { id: 'task-1', graceMinutes: 61 }, code: 'invalid-input', path: ['graceMinutes'] },
  ],
  'pool-get-scaling-plan': [{ input: { id: 'pool-404' }, code: 'not-found', path: ['id'] }],
  'pool-set-scaling-plan': [
    { input: { id: 'pool-1', plan: null }, code: 'conflict', path: ['id'] }, // single-session
    { input: { id: 'pool-5', plan: { phases: [] } }, code: 'invalid-input', path: ['plan', 'phases'] },
    {
      input: {
        id: 'pool-5',
        plan: {
          ...{
            phases: [
              { name: 'ramp-up', start: '07:00', capacityThresholdPct: 80, minHostsPct: 20, loadBalancing: 'breadth-first' },
              { name: 'peak', start: '09:00', capacityThresholdPct: 90, minHostsPct: 50, loadBalancing: 'depth-first' },
              { name: 'ramp-down', start: '17:00', capacityThresholdPct: 90, minHostsPct: 10, loadBalancing: 'depth-first' },
              { name: 'off-peak', start: '19:00', capacityThresholdPct: 90, minHostsPct: 5, loadBalancing: 'depth-first' },
            ],
          },
          capacityBufferPct: 150,
        },
      },
      code: 'invalid-input',
      path: ['plan', 'capacityBufferPct'],
    },
  ],
  'pool-delete': [
    { input: { id: 'pool-404' }, code: 'not-found', path: ['id'] },
    { input: { id: 'pool-3' }, code: 'conflict', path: ['force'] }, // PWR-Dedicated has a session from Friday
  ],
  'pool-set-drain': [
    { input: { id: 'pool-1', drain: true }, code: 'conflict', path: ['drain'] }, // single-session
    { input: { id: 'pool-5', drain: 'yes' }, code: 'invalid-input', path: ['drain'] },
  ],
  'desktop-assign': [
    { input: { id: 'vm-1', userId: 'u-1' }, code: 'conflict', path: ['id'] }, // floating pool
    { input: { id: 'vm-37', userId: 'u-40' }, code: 'conflict', path: ['id'] }, // already assigned
    { input: { id: 'vm-40', userId: 'u-1' }, code: 'conflict', path: ['userId'] }, // not entitled to PWR
    { input: { id: 'vm-40', userId: 'u-36' }, code: 'conflict', path: ['userId'] }, // owns PWR-02 already
    { input: { id: 'vm-40', userId: 'u-9999' }, code: 'not-found', path: ['userId'] },
  ],
  'desktop-unassign': [
    { input: { id: 'vm-35' }, code: 'conflict', path: ['id'] }, // its owner has a session on it
    { input: { id: 'vm-1' }, code: 'conflict', path: ['id'] }, // not assigned
  ],
  'pool-set-enabled': [
    { input: { id: 'pool-1', enabled: 'no' }, code: 'invalid-input', path: ['enabled'] },
    { input: { id: 'pool-404', enabled: false }, code: 'not-found', path: ['id'] },
    { input: { id: 'pool-1', enabled: false, force: true }, code: 'invalid-input' },
  ],
  'pool-set-provisioning': [
    { input: { id: 'pool-1' }, code: 'invalid-input', path: ['enabled'] },
    { input: { id: 'pool-6', enabled: true }, code: 'conflict', path: ['enabled'] }, // manual pool
  ],
  'pool-set-cpu-allocation': [
    { input: { id: 'pool-1' }, code: 'invalid-input' },
    { input: { id: 'pool-1', shares: 'extreme' }, code: 'invalid-input', path: ['shares'] },
    { input: { id: 'pool-1', reservationMhz: -1 }, code: 'invalid-input', path: ['reservationMhz'] },
    { input: { id: 'pool-1', reservationMhz: 2000, limitMhz: 1000 }, code: 'invalid-input', path: ['limitMhz'] },
    { input: { id: 'pool-1', reservationMhz: 999_999 }, code: 'conflict', path: ['reservationMhz'] },
    { input: { id: 'pool-404', shares: 'low' }, code: 'not-found', path: ['id'] },
  ],
  'desktop-list': [
    { input: { state: 'RUNNING' }, code: 'invalid-input', path: ['state'] },
    { input: { limit: 0 }, code: 'invalid-input', path: ['limit'] },
    { input: { limit: 1e9 }, code: 'invalid-input', path: ['limit'] },
  ],
  'desktop-get': [{ input: { id: 'vm-99999' }, code: 'not-found', path: ['id'] }],
  'desktop-set-maintenance': [
    { input: { id: 'vm-1', maintenance: 1 }, code: 'invalid-input', path: ['maintenance'] },
    { input: { id: 'vm-99999', maintenance: true }, code: 'not-found', path: ['id'] },
  ],
  'session-list': [
    { input: { poolId: 7 }, code: 'invalid-input', path: ['poolId'] },
    { input: { state: 'asleep' }, code: 'invalid-input', path: ['state'] },
  ],
  'session-live': [{ input: { ids: 'sess-1' }, code: 'invalid-input', path: ['ids'] }],
  'session-summary': [{ input: { poolId: 'pool-1' }, code: 'invalid-input' }],
  'session-failures': [
    { input: { reason: 'bad-luck' }, code: 'invalid-input', path: ['reason'] },
    { input: { limit: 0 }, code: 'invalid-input', path: ['limit'] },
  ],
  'session-get': [
    { input: { id: 'sess-404' }, code: 'not-found', path: ['id'] },
    { input: {}, code: 'invalid-input', path: ['id'] },
  ],
  'session-screen': [{ input: { id: 'sess-404' }, code: 'not-found', path: ['id'] }],
  'helpdesk-user': [{ input: { userId: 'u-9999' }, code: 'not-found', path: ['userId'] }],
  'session-connect': [
    { input: { userId: 'u-9999', clientDevice: 'windows', network: 'lan' }, code: 'not-found', path: ['userId'] },
    { input: { userId: 'u-1', clientDevice: 'toaster', network: 'lan' }, code: 'invalid-input', path: ['clientDevice'] },
    {
      input: { userId: 'u-1', clientDevice: 'windows', network: 'custom', custom: { rttMs: -5, lossPct: 0, bandwidthKbps: 1000 } },
      code: 'invalid-input',
      path: ['custom', 'rttMs'],
    },
    {
      input: { userId: 'u-1', clientDevice: 'windows', network: 'custom', custom: { rttMs: 20, lossPct: 150, bandwidthKbps: 1000 } },
      code: 'invalid-input',
      path: ['custom', 'lossPct'],
    },
    { input: { userId: 'u-1', clientDevice: 'windows', network: 'custom' }, code: 'invalid-input', path: ['custom'] },
    { input: { userId: 'u-1', poolId: 'pool-3', clientDevice: 'windows', network: 'lan' }, code: 'conflict', path: ['poolId'] }, // not entitled
    { input: { userId: 'u-1', poolId: 'pool-404', clientDevice: 'windows', network: 'lan' }, code: 'not-found', path: ['poolId'] },
  ],
  'session-send-message': [
    { input: { ids: [], severity: 'info', title: 'Hi', body: '' }, code: 'invalid-input', path: ['ids'] },
    { input: { ids: ['sess-1'], severity: 'fatal', title: 'Hi', body: '' }, code: 'invalid-input', path: ['severity'] },
    { input: { ids: ['sess-1', 'sess-404'], severity: 'info', title: 'Hi', body: '' }, code: 'not-found', path: ['ids', 1] },
  ],
  'session-disconnect': [
    { input: { ids: ['sess-404'] }, code: 'not-found', path: ['ids', 0] },
    { input: { ids: ['sess-1'] }, code: 'conflict', path: ['ids', 0] }, // already disconnected
  ],
  'session-restart-desktop': [{ input: { ids: ['sess-404'] }, code: 'not-found', path: ['ids', 0] }],
  'session-reset-desktop': [{ input: { ids: [42] }, code: 'invalid-input', path: ['ids', 0] }],
  'session-logoff': [{ input: { ids: ['sess-1', 'sess-404'] }, code: 'not-found', path: ['ids', 1] }],
  'user-list': [{ input: { offset: -1 }, code: 'invalid-input', path: ['offset'] }],
  'group-list': [{ input: { x: 1 }, code: 'invalid-input' }],
  'entitlement-list': [{ input: { poolId: 'pool-404' }, code: 'not-found', path: ['poolId'] }],
  'entitlement-add': [
    { input: { poolId: 'pool-1', principalType: 'team', principalId: 'g-1' }, code: 'invalid-input', path: ['principalType'] },
    { input: { poolId: 'pool-1', principalType: 'group', principalId: 'g-404' }, code: 'not-found', path: ['principalId'] },
    { input: { poolId: 'pool-404', principalType: 'group', principalId: 'g-1' }, code: 'not-found', path: ['poolId'] },
  ],
  'entitlement-remove': [{ input: { poolId: 'pool-1', principalType: 'user', principalId: 'u-2' }, code: 'not-found', path: ['principalId'] }],
  'event-list': [
    { input: { severity: 'fatal' }, code: 'invalid-input', path: ['severity'] },
    { input: { beforeId: 0 }, code: 'invalid-input', path: ['beforeId'] },
  ],
  'event-acknowledge': [
    { input: { ids: [] }, code: 'invalid-input', path: ['ids'] },
    { input: { ids: ['1'] }, code: 'invalid-input', path: ['ids', 0] },
    { input: { ids: [1, 999999] }, code: 'not-found', path: ['ids', 1] },
  ],
  'alarm-list': [
    { input: { state: 'open' }, code: 'invalid-input', path: ['state'] },
    { input: { limit: 0 }, code: 'invalid-input', path: ['limit'] },
  ],
  'alarm-acknowledge': [
    { input: { ids: [1] }, code: 'invalid-input', path: ['comment'] },
    { input: { ids: [1], comment: '   ' }, code: 'invalid-input', path: ['comment'] },
    { input: { ids: [999999], comment: 'x' }, code: 'not-found', path: ['ids', 0] },
  ],
  'alarm-definition-list': [{ input: { all: true }, code: 'invalid-input' }],
  'alarm-definition-create': [
    { input: { name: 'x', metric: 'host-fan-speed', warning: 1 }, code: 'invalid-input', path: ['metric'] },
    { input: { name: 'x', metric: 'host-cpu-usage' }, code: 'invalid-input', path: ['warning'] },
    { input: { name: 'x', metric: 'host-cpu-usage', warning: 95, critical: 90 }, code: 'invalid-input', path: ['warning'] },
    { input: { name: 'x', metric: 'datastore-free-space', warning: 10, critical: 20 }, code: 'invalid-input', path: ['warning'] },
    { input: { name: 'x', metric: 'host-cpu-usage', critical: 150 }, code: 'invalid-input', path: ['critical'] },
    { input: { name: 'Host CPU usage', metric: 'host-cpu-usage', critical: 99 }, code: 'conflict', path: ['name'] },
  ],
  'alarm-definition-update': [
    { input: { id: 'nope', changes: { enabled: false } }, code: 'not-found', path: ['id'] },
    { input: { id: 'host-cpu', changes: { warning: 95 } }, code: 'invalid-input', path: ['changes', 'warning'] },
    { input: { id: 'host-cpu', changes: { durationSeconds: -1 } }, code: 'invalid-input', path: ['changes', 'durationSeconds'] },
    { input: { id: 'host-cpu', changes: { warning: null, critical: null } }, code: 'invalid-input', path: ['changes', 'warning'] },
    { input: { id: 'host-cpu', changes: {} }, code: 'invalid-input', path: ['changes'] },
    { input: { id: 'host-cpu', changes: { colour: 'red' } }, code: 'invalid-input' },
  ],
  'alarm-definition-delete': [
    { input: { id: 'host-cpu' }, code: 'conflict', path: ['id'] },
    { input: { id: 'nope' }, code: 'not-found', path: ['id'] },
  ],
  'hypervisor-catalogue': [{ input: { all: true }, code: 'invalid-input' }],
  'desktop-hardware-get': [{ input: { desktopId: 'nope' }, code: 'not-found', path: ['desktopId'] }],
  'desktop-hardware-set': [
    { input: { desktopId: 'nope', memoryGb: 8 }, code: 'not-found', path: ['desktopId'] },
    { input: { desktopId: 'vm-1', sockets: 0 }, code: 'invalid-input', path: ['sockets'] },
    { input: { desktopId: 'vm-1', vtpm: false }, code: 'invalid-input', path: ['vtpm'] },
    { input: { desktopId: 'vm-1', memoryReservationGb: 64 }, code: 'invalid-input', path: ['memoryReservationGb'] },
    {
      input: { desktopId: 'vm-1', nics: [{ label: 'Network adapter 1', adapter: 'synthetic', networkId: 'net-3' }] },
      code: 'invalid-input',
      path: ['nics', 0, 'adapter'],
    },
  ],
  'pool-hardware-get': [{ input: { poolId: 'nope' }, code: 'not-found', path: ['poolId'] }],
  'cluster-set-hypervisor': [
    { input: { clusterId: 'nope', hypervisor: 'kvm' }, code: 'not-found', path: ['clusterId'] },
    { input: { clusterId: 'cl-1', hypervisor: 'xen' }, code: 'invalid-input', path: ['hypervisor'] },
    { input: { clusterId: 'cl-1', hypervisor: 'esxi' }, code: 'conflict', path: ['hypervisor'] },
    { input: { clusterId: 'cl-1', hypervisor: 'kvm' }, code: 'conflict', path: ['clusterId'] },
  ],
  'host-gpu-list': [{ input: { extra: 1 }, code: 'invalid-input' }],
  'host-gpu-set': [
    { input: { hostId: 'nope', gpu: null }, code: 'not-found', path: ['hostId'] },
    { input: { hostId: 'h-1', gpu: { model: 'H100', gpus: 1 } }, code: 'invalid-input', path: ['gpu', 'model'] },
    { input: { hostId: 'h-1', gpu: { model: 'A16', gpus: 0 } }, code: 'invalid-input', path: ['gpu', 'gpus'] },
    { input: { hostId: 'h-1', gpu: null }, code: 'conflict', path: ['gpu'] },
  ],
  'pool-hardware-set': [
    { input: { poolId: 'nope', memoryGb: 8 }, code: 'not-found', path: ['poolId'] },
    { input: { poolId: 'pool-1', vgpuProfile: 'Z9-99Q' }, code: 'invalid-input', path: ['vgpuProfile'] },
    { input: { poolId: 'pool-1', confidential: 'tdx' }, code: 'invalid-input', path: ['confidential'] },
  ],
  'settings-get': [{ input: { theme: 'dark' }, code: 'invalid-input' }],
  'clock-get': [{ input: { speed: '60' }, code: 'invalid-input' }],
  'clock-set': [
    { input: { speed: '-60' }, code: 'invalid-input', path: ['speed'] },
    { input: { speed: 60 }, code: 'invalid-input', path: ['speed'] },
    { input: {}, code: 'invalid-input', path: ['speed'] },
  ],
  'clock-step': [
    { input: { seconds: -5 }, code: 'invalid-input', path: ['seconds'] },
    { input: { seconds: 0 }, code: 'invalid-input', path: ['seconds'] },
    { input: { seconds: 1e9 }, code: 'invalid-input', path: ['seconds'] },
    { input: { seconds: 1.5 }, code: 'invalid-input', path: ['seconds'] },
  ],
  'metrics-current': [{ input: { hostId: 'h-1' }, code: 'invalid-input' }],
  'metrics-series': [
    { input: { scope: 'host', id: 'h-404', range: '1h' }, code: 'not-found', path: ['id'] },
    { input: { scope: 'rack', range: '1h' }, code: 'invalid-input', path: ['scope'] },
    { input: { scope: 'estate', range: '1y' }, code: 'invalid-input', path: ['range'] },
    // Found by a black-box run: a host with no id read "No host with id \"\"", and the estate's series ignored an id.
    { input: { scope: 'host', range: '1h' }, code: 'invalid-input', path: ['id'] },
    { input: { scope: 'estate', id: 'h-1', range: '1h' }, code: 'invalid-input', path: ['id'] },
  ],
  'cluster-settings-get': [{ input: { clusterId: 'cl-404' }, code: 'not-found', path: ['clusterId'] }],
  'cluster-set-drs': [
    { input: { clusterId: 'cl-1', threshold: 6 }, code: 'invalid-input', path: ['threshold'] },
    { input: { clusterId: 'cl-1', automation: 'auto' }, code: 'invalid-input', path: ['automation'] },
    { input: { clusterId: 'cl-404' }, code: 'not-found', path: ['clusterId'] },
  ],
  'cluster-set-ha': [
    {
      input: { clusterId: 'cl-1', admissionControl: { policy: 'host-failures', hostFailures: 3 } },
      code: 'invalid-input',
      path: ['admissionControl', 'hostFailures'],
    },
    { input: { clusterId: 'cl-1', admissionControl: { policy: 'percentage', cpuPct: 150 } }, code: 'invalid-input', path: ['admissionControl', 'cpuPct'] },
  ],
  'cluster-set-vmotion': [{ input: { clusterId: 'cl-1', downtimeTargetMs: 0 }, code: 'invalid-input', path: ['downtimeTargetMs'] }],
  'cluster-status': [{ input: { clusterId: 'cl-404' }, code: 'not-found', path: ['clusterId'] }],
  'rule-list': [{ input: { clusterId: 'cl-404' }, code: 'not-found', path: ['clusterId'] }],
  'rule-create': [
    {
      input: { clusterId: 'cl-1', name: 'Too many apart', kind: 'vm-anti-affinity', desktopIds: ['vm-1', 'vm-2', 'vm-3', 'vm-4'] },
      code: 'conflict',
      path: ['desktopIds'],
    },
    {
      input: { clusterId: 'cl-1', name: 'Empty group', kind: 'vm-host-must', desktopIds: ['vm-1'], hostGroup: { name: 'HG-none', hostIds: [] } },
      code: 'invalid-input',
      path: ['hostGroup', 'hostIds'],
    },
    {
      input: { clusterId: 'cl-1', name: 'Ghost host', kind: 'vm-host-must', desktopIds: ['vm-1'], hostGroup: { name: 'HG-ghost', hostIds: ['h-404'] } },
      code: 'not-found',
      path: ['hostGroup', 'hostIds', 0],
    },
    { input: { clusterId: 'cl-1', name: 'Alone', kind: 'vm-affinity', desktopIds: ['vm-1'] }, code: 'invalid-input', path: ['desktopIds'] },
    { input: { clusterId: 'cl-1', name: 'Bad kind', kind: 'vm-together', desktopIds: ['vm-1', 'vm-2'] }, code: 'invalid-input', path: ['kind'] },
  ],
  'rule-set-enabled': [{ input: { id: 'rule-404', enabled: false }, code: 'not-found', path: ['id'] }],
  'drs-recommendations': [{ input: { clusterId: 7 }, code: 'invalid-input', path: ['clusterId'] }],
  'drs-apply': [
    { input: { clusterId: 'cl-1', ids: ['vm-1>h-9'] }, code: 'conflict', path: ['clusterId'] },
    { input: { clusterId: 'cl-1', ids: [] }, code: 'invalid-input', path: ['ids'] },
  ],
  'rule-delete': [{ input: { id: 'rule-404' }, code: 'not-found', path: ['id'] }],
  'vm-migrate-estimate': [{ input: { desktopId: 'vm-1', toHostId: 'h-404' }, code: 'not-found', path: ['toHostId'] }],
  'vm-migrate': [
    { input: { desktopIds: ['vm-1'], toHostId: 'h-1' }, code: 'conflict', path: ['toHostId'] },
    { input: { desktopIds: ['vm-404'], toHostId: 'h-2' }, code: 'not-found', path: ['desktopIds', 0] },
    { input: { desktopIds: [] }, code: 'invalid-input', path: ['desktopIds'] },
  ],
  'vm-set-restart-priority': [{ input: { desktopIds: ['vm-1'], priority: 'urgent' }, code: 'invalid-input', path: ['priority'] }],
  'vm-power-on': [{ input: { desktopId: 'vm-1' }, code: 'conflict', path: ['desktopId'] }],
  'vm-frozen-list': [{ input: { all: true }, code: 'invalid-input' }],
  'host-enter-maintenance': [{ input: { hostId: 'h-404' }, code: 'not-found', path: ['hostId'] }],
  'host-exit-maintenance': [{ input: { hostId: 'h-1' }, code: 'conflict', path: ['hostId'] }],
  'host-add': [
    { input: { clusterId: 'cl-404' }, code: 'not-found', path: ['clusterId'] },
    { input: { clusterId: 'cl-1', name: 'lab-cl01-esx01.corp.local' }, code: 'conflict', path: ['name'] },
    { input: { clusterId: 'cl-1', design: { nicGbps: 3 } }, code: 'invalid-input', path: ['design', 'nicGbps'] },
  ],
  'host-power': [
    { input: { hostId: 'h-1', action: 'off' }, code: 'conflict', path: ['hostId'] },
    { input: { hostId: 'h-1', action: 'on' }, code: 'conflict', path: ['hostId'] },
  ],
  'host-remove': [{ input: { hostId: 'h-1' }, code: 'conflict', path: ['hostId'] }],
  'host-fail': [{ input: { hostId: 'h-1', mode: 'meteor' }, code: 'invalid-input', path: ['mode'] }],
  'host-repair': [{ input: { hostId: 'h-1' }, code: 'conflict', path: ['hostId'] }],
  'settings-set': [
    { input: { theme: 'purple' }, code: 'invalid-input', path: ['theme'] },
    { input: { lastRoute: 'dashboard' }, code: 'invalid-input', path: ['lastRoute'] },
    { input: { vocabulary: 'vmware' }, code: 'invalid-input', path: ['vocabulary'] },
  ],
  'capacity-definition-list': [{ input: { all: true }, code: 'invalid-input' }],
  'capacity-definition-check': [
    { input: { definition: { ...TINY_CAPACITY, workload: 'gaming' } }, code: 'invalid-input', path: ['definition', 'workload'] },
    {
      input: { definition: { ...TINY_CAPACITY, sessionHost: { kind: 'single-session', vcpu: 64, ramGb: 4 } } },
      code: 'invalid-input',
      path: ['definition', 'sessionHost', 'vcpu'],
    },
  ],
  'capacity-definition-save': [
    { input: { definition: { ...TINY_CAPACITY, workload: 'gaming' } }, code: 'invalid-input', path: ['definition', 'workload'] },
    {
      input: { definition: { ...TINY_CAPACITY, hosts: { ...TINY_CAPACITY.hosts, coresPerSocket: 0 } } },
      code: 'invalid-input',
      path: ['definition', 'hosts', 'coresPerSocket'],
    },
    {
      input: { definition: { ...TINY_CAPACITY, hosts: { ...TINY_CAPACITY.hosts, ramGb: 8 }, sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 16 } } },
      code: 'invalid-input',
      path: ['definition', 'hosts', 'ramGb'],
    },
    { input: { id: 'capdef-404', definition: TINY_CAPACITY }, code: 'not-found', path: ['id'] },
  ],
  'capacity-definition-delete': [
    { input: { id: 'capdef-404' }, code: 'not-found', path: ['id'] },
    { input: { id: 'example:knowledge-2x24' }, code: 'not-found', path: ['id'] },
  ],
  'capacity-run-start': [
    { input: { definition: { ...TINY_CAPACITY, launch: { sessions: 0 } } }, code: 'invalid-input', path: ['definition', 'launch', 'sessions'] },
    { input: { definition: { ...TINY_CAPACITY, threshold: { rule: 'base+500' } } }, code: 'invalid-input', path: ['definition', 'threshold', 'rule'] },
    { input: { definition: { ...TINY_CAPACITY, colour: 'blue' } }, code: 'invalid-input' },
  ],
  'capacity-run-get': [
    { input: { id: 'cap-404' }, code: 'not-found', path: ['id'] },
    { input: { id: 'cap-1', waitMs: -1 }, code: 'invalid-input', path: ['waitMs'] },
  ],
  'capacity-run-list': [{ input: { limit: 0 }, code: 'invalid-input', path: ['limit'] }],
  'capacity-run-cancel': [{ input: { id: 'cap-404' }, code: 'not-found', path: ['id'] }],
  'capacity-run-delete': [{ input: { id: 'cap-404' }, code: 'not-found', path: ['id'] }],
  'capacity-sweep-start': [
    { input: { definition: TINY_CAPACITY, sweep: { 'hosts.colour': ['red'] } }, code: 'invalid-input', path: ['sweep', 'hosts.colour'] },
    { input: { definition: TINY_CAPACITY, sweep: { 'hosts.coresPerSocket': [4, 0] } }, code: 'invalid-input', path: ['sweep', 'hosts.coresPerSocket'] },
    { input: { definition: TINY_CAPACITY, sweep: { workload: ['gaming'] } }, code: 'invalid-input', path: ['sweep', 'workload'] },
  ],
  'capacity-export': [
    { input: { runId: 'cap-404', format: 'csv' }, code: 'not-found', path: ['runId'] },
    { input: { runId: 'cap-1', format: 'pdf' }, code: 'invalid-input', path: ['format'] },
  ],
  'capacity-compare': [
    { input: { runIds: ['cap-1'] }, code: 'invalid-input', path: ['runIds'] },
    { input: { runIds: ['cap-404', 'cap-405'] }, code: 'not-found', path: ['runIds', 0] },
  ],
  'capacity-consolidation': [
    { input: { runId: 'cap-404' }, code: 'not-found', path: ['runId'] },
    { input: { runId: 'cap-1', assumptions: { pue: 0.5 } }, code: 'invalid-input', path: ['assumptions', 'pue'] },
  ],
  'snapshot-list': [
    { input: { desktopId: 'vm-404' }, code: 'not-found', path: ['desktopId'] },
    { input: { desktopId: 5 }, code: 'invalid-input', path: ['desktopId'] },
  ],
  'snapshot-take': [
    { input: { desktopId: 'vm-404', name: 'x' }, code: 'not-found', path: ['desktopId'] },
    { input: { desktopId: 'vm-49', name: '' }, code: 'invalid-input', path: ['name'] },
    { input: { desktopId: 'vm-49', name: 'x', includeMemory: false, quiesce: false }, code: 'conflict', path: ['quiesce'] }, // running, not quiesced
  ],
  'snapshot-revert-preview': [{ input: { snapshotId: 'snap-404' }, code: 'not-found', path: ['snapshotId'] }],
  'snapshot-revert': [
    { input: { snapshotId: 'snap-1', desktopId: 'vm-50' }, code: 'not-found', path: ['snapshotId'] }, // KIOSK-01's snapshot
    { input: { snapshotId: 'snap-404' }, code: 'not-found', path: ['snapshotId'] },
  ],
  'snapshot-delete-preview': [{ input: { snapshotId: 'snap-404' }, code: 'not-found', path: ['snapshotId'] }],
  'snapshot-delete': [
    { input: { snapshotId: 'snap-404' }, code: 'not-found', path: ['snapshotId'] },
    { input: { snapshotId: 'snap-1', removeChildren: 'yes' }, code: 'invalid-input', path: ['removeChildren'] },
  ],
  'snapshot-delete-all-preview': [{ input: { desktopId: 'vm-404' }, code: 'not-found', path: ['desktopId'] }],
  'snapshot-delete-all': [{ input: { desktopId: 'vm-1' }, code: 'conflict', path: ['desktopId'] }], // no snapshots
  'desktop-simulate-failure': [
    { input: { id: 'vm-404', kind: 'bad-update' }, code: 'not-found', path: ['id'] },
    { input: { id: 'vm-38', kind: 'bad-update' }, code: 'conflict', path: ['id'] }, // suspended
    { input: { id: 'vm-1', kind: 'meltdown' }, code: 'invalid-input', path: ['kind'] },
  ],
  'snapshot-consolidate': [{ input: { desktopId: 'vm-1' }, code: 'conflict', path: ['desktopId'] }],
  'snapshot-bulk-take': [{ input: { poolId: 'pool-404', name: 'x' }, code: 'not-found', path: ['poolId'] }],
  'snapshot-bulk-revert-preview': [
    { input: { poolId: 'pool-99', name: 'class' }, code: 'not-found', path: ['poolId'] },
    { input: { poolId: 'pool-1', name: '' }, code: 'invalid-input', path: ['name'] },
  ],
  'snapshot-bulk-revert': [{ input: { poolId: 'pool-1', name: 'nope' }, code: 'conflict', path: ['name'] }],
  'checkpoint-list': [{ input: { x: 1 }, code: 'invalid-input' }],
  'checkpoint-save': [{ input: { name: '' }, code: 'invalid-input', path: ['name'] }],
  'checkpoint-export-chunk': [
    { input: { id: 'ckpt-404', offset: 0 }, code: 'not-found', path: ['id'] },
    { input: { id: 'ckpt-1', offset: -1 }, code: 'invalid-input', path: ['offset'] },
    { input: { id: 'ckpt-1', offset: 1e12 }, code: 'invalid-input', path: ['offset'] },
  ],
  'checkpoint-import-begin': [{ input: { name: 'x', sizeBytes: 0 }, code: 'invalid-input', path: ['sizeBytes'] }],
  'checkpoint-import-chunk': [{ input: { uploadId: 'upl-404', offset: 0, data: 'AAAA' }, code: 'not-found', path: ['uploadId'] }],
  'checkpoint-import-finish': [{ input: { uploadId: 'upl-404' }, code: 'not-found', path: ['uploadId'] }],
  'checkpoint-restore': [
    { input: { id: 'ckpt-1' }, code: 'invalid-input', path: ['confirm'] },
    { input: { id: 'ckpt-404', confirm: true }, code: 'not-found', path: ['id'] },
  ],
  'checkpoint-delete': [{ input: { id: 'ckpt-404' }, code: 'not-found', path: ['id'] }],
  'desktop-detail-list': [
    { input: { states: ['RUNNING'] }, code: 'invalid-input', path: ['states', 0] },
    { input: { limit: 0 }, code: 'invalid-input', path: ['limit'] },
    { input: { orderBy: 'ip' }, code: 'invalid-input', path: ['orderBy'] },
    { input: { ids: Array.from({ length: 2001 }, (_, i) => `vm-${i}`) }, code: 'invalid-input', path: ['ids'] },
  ],
  'session-page': [
    { input: { offset: -1 }, code: 'invalid-input', path: ['offset'] },
    { input: { state: 'busy' }, code: 'invalid-input', path: ['state'] },
  ],
  'session-breakdown': [{ input: { byPool: true }, code: 'invalid-input' }],
  'desktop-power': [
    { input: { ids: ['vm-1'], action: 'shutdown' }, code: 'invalid-input', path: ['action'] },
    { input: { ids: [], action: 'reset' }, code: 'invalid-input', path: ['ids'] },
    { input: { ids: ['vm-1', 'vm-404'], action: 'reset' }, code: 'not-found', path: ['ids', 1] },
    { input: { ids: ['vm-35'], action: 'restart' }, code: 'conflict', path: ['ids', 0] }, // PWR-01 has a session: needs force
  ],
  'desktop-recover': [
    { input: { ids: ['vm-404'] }, code: 'not-found', path: ['ids', 0] },
    { input: { ids: ['vm-36'] }, code: 'conflict', path: ['ids', 0] }, // a full clone
    { input: { ids: ['vm-1'] }, code: 'conflict', path: ['ids', 0] }, // not a problem machine
  ],
  'desktop-rebuild': [
    { input: { ids: ['vm-1'] }, code: 'conflict', path: ['ids', 0] }, // an instant clone
    { input: { ids: 'vm-36' }, code: 'invalid-input', path: ['ids'] },
  ],
  'datastore-usage': [
    { input: { datastoreId: 'ds-404' }, code: 'not-found', path: ['datastoreId'] },
    { input: { datastoreId: 3 }, code: 'invalid-input', path: ['datastoreId'] },
  ],
  'pool-configure': [
    { input: { id: 'pool-1' }, code: 'invalid-input' },
    { input: { id: 'pool-404', enabled: true }, code: 'not-found', path: ['id'] },
    { input: { id: 'pool-6', provisioningEnabled: true }, code: 'conflict', path: ['provisioningEnabled'] }, // a manual pool
    { input: { id: 'pool-1', enabled: 'no' }, code: 'invalid-input', path: ['enabled'] },
    { input: { id: 'pool-1', minMachines: 50, maxMachines: 10 }, code: 'invalid-input', path: ['maxMachines'] },
  ],
  'pool-assigned-counts': [{ input: { poolId: 'pool-1' }, code: 'invalid-input' }],
  'event-page': [
    { input: { fromSimTime: 'yesterday' }, code: 'invalid-input', path: ['fromSimTime'] },
    { input: { fromSimTime: '2026-02-01T00:00:00Z', toSimTime: '2026-01-01T00:00:00Z' }, code: 'invalid-input', path: ['fromSimTime'] },
  ],
  'user-get-many': [
    { input: { ids: [] }, code: 'invalid-input', path: ['ids'] },
    { input: { ids: [1] }, code: 'invalid-input', path: ['ids', 0] },
  ],
  'rest-fault-list': [{ input: { all: true }, code: 'invalid-input' }],
  'rest-fault-set': [
    { input: { id: 'x', match: {}, status: 500 }, code: 'invalid-input', path: ['match'] },
    { input: { id: 'x', match: { operationId: 'listMachines' } }, code: 'invalid-input', path: ['status'] },
    { input: { id: 'x', match: { operationId: 'listMachines' }, status: 200 }, code: 'invalid-input', path: ['status'] },
    { input: { id: 'x', match: { operationId: 'listMachines' }, status: 503, probability: 2 }, code: 'invalid-input', path: ['probability'] },
    { input: { id: 'bad id!', match: { operationId: 'listMachines' }, status: 503 }, code: 'invalid-input', path: ['id'] },
  ],
  'rest-fault-clear': [{ input: { id: 'no-such-rule' }, code: 'not-found', path: ['id'] }],
  'rest-log-list': [{ input: { limit: 0 }, code: 'invalid-input', path: ['limit'] }],
  'rest-credentials-get': [{ input: { password: true }, code: 'invalid-input' }],
  'session-whoami': [{ input: { user: 'x' }, code: 'invalid-input' }],
  'account-list': [{ input: { all: true }, code: 'invalid-input' }],
  'account-create': [
    { input: { name: 'short', role: 'help-desk', password: 'x' }, code: 'invalid-input', path: ['password'] },
    { input: { name: 'bad name', role: 'help-desk', password: 'long enough pw' }, code: 'invalid-input', path: ['name'] },
    { input: { name: 'ok', role: 'root', password: 'long enough pw' }, code: 'invalid-input', path: ['role'] },
  ],
  'account-set-role': [
    { input: { id: 'acct-404', role: 'read-only' }, code: 'not-found', path: ['id'] },
    { input: { id: 'x', role: 'admin' }, code: 'invalid-input', path: ['role'] },
  ],
  'account-reset-password': [{ input: { id: 'acct-404', password: 'long enough pw' }, code: 'not-found' }],
  'account-set-disabled': [{ input: { id: 'acct-404', disabled: 'yes' }, code: 'invalid-input', path: ['disabled'] }],
  'account-delete': [{ input: { id: 'acct-404' }, code: 'not-found', path: ['id'] }],
  'account-change-password': [
    { input: { current: 'x', password: 'y' }, code: 'invalid-input', path: ['password'] },
    { input: { current: 'whatever', password: 'long enough pw' }, code: 'conflict' }, // the local administrator has no password
  ],
  'audit-list': [{ input: { limit: 0 }, code: 'invalid-input', path: ['limit'] }],
  'audit-export': [{ input: { from: 'yesterday' }, code: 'invalid-input', path: ['from'] }],
  'audit-verify': [{ input: { fix: true }, code: 'invalid-input' }],
  'replay-timeline': [{ input: { all: true }, code: 'invalid-input' }],
  'replay-view-get': [{ input: { at: 1 }, code: 'invalid-input' }],
  'replay-view-open': [
    { input: {}, code: 'invalid-input', path: ['at'] },
    { input: { at: '09:42' }, code: 'invalid-input', path: ['at'] },
    { input: { at: '1999-01-04T09:42:00Z' }, code: 'invalid-input', path: ['at'] }, // before the lab began
  ],
  'replay-view-close': [{ input: { force: true }, code: 'invalid-input' }],
  'replay-branch': [
    { input: {}, code: 'invalid-input', path: ['confirm'] },
    { input: { confirm: true }, code: 'conflict' }, // no moment open
  ],
  'site-overview': [{ input: { siteId: 'site-1' }, code: 'invalid-input' }],
  'site-link-set': [
    { input: { id: 'link-9', bandwidthMbps: 100 }, code: 'not-found', path: ['id'] },
    { input: { id: 'link-1', bandwidthMbps: 0 }, code: 'invalid-input', path: ['bandwidthMbps'] },
    { input: { id: 'link-1', bandwidthMbps: 100, latencyMs: -1 }, code: 'invalid-input', path: ['latencyMs'] },
  ],
  'dr-overview': [{ input: { at: 'now' }, code: 'invalid-input' }],
  'protection-group-create': [
    { input: { name: 'X', replication: 'tape', rpoMinutes: 15, poolIds: ['pool-1'], recoverySiteId: 'site-2' }, code: 'invalid-input', path: ['replication'] },
    { input: { name: 'X', replication: 'array', rpoMinutes: 4, poolIds: ['pool-1'], recoverySiteId: 'site-2' }, code: 'invalid-input', path: ['rpoMinutes'] },
    { input: { name: 'X', replication: 'array', rpoMinutes: 15, poolIds: [], recoverySiteId: 'site-2' }, code: 'invalid-input', path: ['poolIds'] },
    { input: { name: 'X', replication: 'array', rpoMinutes: 15, poolIds: ['pool-99'], recoverySiteId: 'site-1' }, code: 'not-found', path: ['poolIds', 0] },
    { input: { name: 'X', replication: 'array', rpoMinutes: 15, poolIds: ['pool-1'], recoverySiteId: 'site-9' }, code: 'not-found', path: ['recoverySiteId'] },
    { input: { name: 'X', replication: 'array', rpoMinutes: 15, poolIds: ['pool-1'], recoverySiteId: 'site-1' }, code: 'conflict', path: ['recoverySiteId'] },
  ],
  'protection-group-delete': [{ input: { id: 'pg-99' }, code: 'not-found', path: ['id'] }],
  'recovery-plan-create': [
    { input: { name: 'X', groups: [] }, code: 'invalid-input', path: ['groups'] },
    { input: { name: 'X', groups: [{ groupId: 'pg-1', priority: 6 }] }, code: 'invalid-input', path: ['groups', 0, 'priority'] },
    { input: { name: 'X', groups: [{ groupId: 'pg-99', priority: 1 }] }, code: 'not-found', path: ['groups', 0, 'groupId'] },
  ],
  'recovery-plan-delete': [{ input: { id: 'plan-99' }, code: 'not-found', path: ['id'] }],
  'recovery-plan-run': [
    { input: { id: 'plan-1', mode: 'panic' }, code: 'invalid-input', path: ['mode'] },
    { input: { id: 'plan-99', mode: 'test' }, code: 'not-found', path: ['id'] },
  ],
  'global-entitlement-create': [
    { input: { name: 'X', poolIds: ['pool-1'] }, code: 'invalid-input', path: ['poolIds'] },
    { input: { name: 'X', poolIds: ['pool-1', 'pool-99'] }, code: 'not-found', path: ['poolIds', 1] },
    { input: { name: 'X', poolIds: ['pool-1', 'pool-2'] }, code: 'conflict', path: ['poolIds'] },
  ],
  'global-entitlement-delete': [{ input: { id: 'ge-99' }, code: 'not-found', path: ['id'] }],
  'site-fail': [
    { input: { siteId: 'site-9' }, code: 'not-found', path: ['siteId'] },
    { input: {}, code: 'invalid-input', path: ['siteId'] },
  ],
  'site-repair': [{ input: { siteId: 'site-1' }, code: 'conflict', path: ['siteId'] }],
  'capacity-delivery-compare': [
    { input: { users: 0 }, code: 'invalid-input', path: ['users'] },
    { input: { users: 10, workload: 'gamer' }, code: 'invalid-input', path: ['workload'] },
    { input: { users: 10, host: { sockets: 2, coresPerSocket: 20, ramGb: 8 } }, code: 'invalid-input', path: ['host', 'ramGb'] },
  ],
  'trend-report': [
    { input: { report: 'weather', range: '7d' }, code: 'invalid-input', path: ['report'] },
    { input: { report: 'sessions', range: 'custom' }, code: 'invalid-input', path: ['from'] },
    { input: { report: 'sessions', range: '7d', from: '2026-01-05T00:00:00Z' }, code: 'invalid-input', path: ['from'] },
    { input: { report: 'sessions', range: 'custom', from: '2026-01-06T00:00:00Z', to: '2026-01-05T00:00:00Z' }, code: 'invalid-input', path: ['to'] },
    { input: { report: 'sessions', range: '7d', poolId: 'pool-404' }, code: 'not-found', path: ['poolId'] },
    { input: { report: 'host-load', range: '7d', poolId: 'pool-1' }, code: 'invalid-input', path: ['poolId'] },
  ],
  'trend-export': [{ input: { query: { report: 'sessions', range: '7d' }, format: 'pdf' }, code: 'invalid-input', path: ['format'] }],
  'tenant-create': [
    { input: { name: '' }, code: 'invalid-input', path: ['name'] },
    { input: { name: 'X', cpuShares: 0 }, code: 'invalid-input', path: ['cpuShares'] },
    { input: { name: 'X', cpuLimitGhz: -1 }, code: 'invalid-input', path: ['cpuLimitGhz'] },
  ],
  'tenant-list': [{ input: { all: true }, code: 'invalid-input' }],
  'tenant-get': [{ input: { id: 'tenant-99' }, code: 'not-found', path: ['id'] }],
  'tenant-update': [
    { input: { id: 'tenant-99', cpuShares: 10 }, code: 'not-found', path: ['id'] },
    { input: { id: 'tenant-1', memLimitGb: 0 }, code: 'invalid-input', path: ['memLimitGb'] },
  ],
  'tenant-assign': [
    { input: { tenantId: 'tenant-99', kind: 'pool', objectId: 'pool-1' }, code: 'not-found', path: ['tenantId'] },
    { input: { tenantId: null, kind: 'host', objectId: 'h-1' }, code: 'invalid-input', path: ['kind'] },
    { input: { tenantId: null, kind: 'pool', objectId: 'pool-99' }, code: 'not-found', path: ['objectId'] },
  ],
  'network-hosts-set': [
    { input: { networkId: 'net-99', hostIds: null }, code: 'not-found', path: ['networkId'] },
    { input: { networkId: 'net-1', hostIds: [] }, code: 'invalid-input', path: ['hostIds'] },
    { input: { networkId: 'net-1', hostIds: ['h-99'] }, code: 'not-found', path: ['hostIds', 0] },
  ],
  'account-set-tenant': [{ input: { id: 'acct-none', tenantId: null }, code: 'not-found', path: ['id'] }],
  'tenant-delete': [{ input: { id: 'tenant-99' }, code: 'not-found', path: ['id'] }],
  'trend-retention-get': [{ input: { days: 3 }, code: 'invalid-input' }],
  'trend-retention-set': [
    { input: {}, code: 'invalid-input', path: ['fiveMinuteDays'] },
    { input: { hourlyDays: 2 }, code: 'invalid-input', path: ['hourlyDays'] },
    { input: { dailyDays: 1.5 }, code: 'invalid-input', path: ['dailyDays'] },
  ],
};

describe('every method', () => {
  it('has a happy-path input and malformed inputs listed here', () => {
    expect(Object.keys(HAPPY).sort()).toEqual([...METHOD_NAMES].sort());
    for (const m of METHOD_NAMES) expect(BAD[m].length).toBeGreaterThan(0);
  });

  // lab-reset last: it replaces the lab the other cases use. cluster-set-hypervisor just before it: its happy path needs an
  // empty cluster written straight into the file (no method creates one), which a replay of the action log cannot rebuild.
  const order = [...METHOD_NAMES.filter((m) => m !== 'lab-reset' && m !== 'cluster-set-hypervisor'), 'cluster-set-hypervisor' as const, 'lab-reset' as const];

  it.each(order)('%s rejects malformed input with a structured error and writes nothing', async (method) => {
    const db = lab.peek();
    try {
      for (const bad of BAD[method]) {
        const before = contentDigest(db);
        const reply = await lab.host.dispatch(method, bad.input);
        expect(reply.ok, JSON.stringify(bad.input)).toBe(false);
        if (reply.ok) continue;
        expect(reply.error.code, JSON.stringify(bad.input)).toBe(bad.code);
        expect(reply.error.message.length).toBeGreaterThan(5);
        if (bad.path) expect(reply.error.path).toEqual(bad.path);
        expect(contentDigest(db)).toBe(before);
      }
    } finally {
      db.close();
    }
  });

  it.each(order)('%s answers its happy path, and says mutates: true if it changed the store', async (method) => {
    const prepare = PREPARE[method];
    const input = prepare ? await prepare() : HAPPY[method];
    const db = lab.peek();
    try {
      // Capacity runs started earlier progress in their workers meanwhile and log their end (not this call's doing), with its
      // note in the action log (app/replay EVENT_NOTE).
      const background = method.startsWith('capacity-') ? ['capacity_runs', 'events', 'sqlite_sequence', 'replay_actions'] : [];
      const before = contentDigest(db, background);
      const caller = CALLER[method];
      const reply = await lab.host.dispatch(method, input, caller ? await caller() : undefined);
      expect(reply, JSON.stringify(reply)).toMatchObject({ ok: true });
      // A script (and the CLI's forwarding) relies on the flag: a method whose call changed any row must declare it.
      if (contentDigest(db, background) !== before) expect(methods[method].mutates, `${method} changed the store but says mutates: false`).toBe(true);
      // The running engine took the change in: its index space (stored at the flush) is the one an engine built from the
      // store now has, as in any other process. An image version created without it entered a one-shot call's next
      // engine but not a console's or a replay's (black-box round 5: replay said "differs").
      const stored = readEngineState(db);
      if (stored) {
        const lab = readLabModel(db);
        const fresh = new Engine(lab, { seed: lab.seed, tickSeconds: ENGINE_PARAMS.tickSeconds }).ids();
        expect(fresh, `${method}: the running engine's ids are not the store's`).toEqual(stored.ids);
      }
    } finally {
      db.close();
    }
  });
});

describe('the dispatcher itself', () => {
  it('refuses unknown methods and non-string names', async () => {
    expect(await lab.host.dispatch('pool-explode', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await lab.host.dispatch(42, {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await lab.host.dispatch('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('refuses text that is not JSON, not an object, or too large', async () => {
    expect((await lab.host.dispatchText('{"id":1,', { user: 't' })).reply).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect((await lab.host.dispatchText('[1,2]', { user: 't' })).reply).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const big = JSON.stringify({ id: 3, method: 'lab-info', input: { pad: 'x'.repeat(1024 * 1024) } });
    expect((await lab.host.dispatchText(big, { user: 't' })).reply).toMatchObject({ ok: false, error: { code: 'payload-too-large' } });
    const ok = await lab.host.dispatchText(JSON.stringify({ id: 7, method: 'lab-info', input: {} }), { user: 't' });
    expect(ok.id).toBe(7);
    expect(ok.reply.ok).toBe(true);
  });
});
