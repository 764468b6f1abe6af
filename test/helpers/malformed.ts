import { HARDWARE_CHANGE } from '../../src-main/contract/hardware-entities.ts';
import { CHECKPOINT_CHUNK_BYTES } from '../../src-main/contract/snapshot-methods.ts';
// Valid inputs for every write method of the contract (small lab, seed 1) and the malformed variants
// of each: the fuzz cases the robustness tests send through every transport (host.dispatch, /api/v1).

/** A small capacity test definition (only its required fields). */
const CAPACITY_GOOD = {
  name: 'Wire test',
  hosts: { count: 1, sockets: 1, coresPerSocket: 4, ghz: 2.4, hyperthreading: true, ramGb: 128 },
  storage: { iops: 20000, serviceTimeMs: 0.5, capacityTb: 5 },
  sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 4 },
  workload: 'knowledge',
  launch: { sessions: 20, timeframeSec: 300 },
};

/** A valid input for every method that writes (small lab, seed 1). */
export const GOOD_WRITES: Record<string, Record<string, unknown>> = {
  'lab-reset': { profile: 'small', seed: 2, confirm: true },
  'pool-set-enabled': { id: 'pool-2', enabled: false },
  'pool-set-provisioning': { id: 'pool-2', enabled: false },
  'desktop-set-maintenance': { id: 'vm-3', maintenance: true },
  'entitlement-add': { poolId: 'pool-3', principalType: 'user', principalId: 'u-1' },
  'entitlement-remove': { poolId: 'pool-1', principalType: 'group', principalId: 'g-11' },
  'event-acknowledge': { ids: [1] },
  'alarm-acknowledge': { ids: [1], comment: 'looking into it' },
  'alarm-definition-create': { name: 'Wire test', metric: 'host-cpu-usage', warning: 50 },
  'alarm-definition-update': { id: 'host-cpu', changes: { warning: 70 } },
  'alarm-definition-delete': { id: 'alarm-def-1' },
  'desktop-hardware-set': { desktopId: 'vm-3', memoryReservationGb: 1 },
  'host-gpu-set': { hostId: 'h-3', gpu: { model: 'A16', gpus: 4 } },
  'pool-hardware-set': { poolId: 'pool-3', memoryReservationGb: 1 },
  'cluster-set-hypervisor': { clusterId: 'cl-1', hypervisor: 'kvm' },
  // Trends (issue 16, part 2): retention per rollup level.
  'trend-retention-set': { fiveMinuteDays: 3 }, // one field: every field is optional; naming none is refused (path fiveMinuteDays)
  // Fault injection (issue 17): a datastore of the small lab, its parameter, a delay and a duration; clear names a fault.
  'fault-inject': { kind: 'datastore-latency-spike', targetId: 'ds-1', params: { serviceFactor: 5 }, delaySec: 60, durationSec: 600 },
  'fault-clear': { id: 1 },
  // Training scenarios (issue 17): a built-in one, paused; finishing needs confirm.
  'scenario-start': { id: 'desktops-exhausted', confirm: true, paused: true },
  'scenario-finish': { confirm: true },
  // Classroom (serve --class): the instructor's extra time and hint (refused here: no scenario runs, and only in-process).
  'scenario-extend': { minutes: 10 },
  'scenario-hint-send': { text: 'Look at the datastores' },
  'scenario-class-pause': { paused: true },
  'settings-set': { theme: 'dark' }, // not an audited lab change, but it writes
  'clock-set': { speed: '60' },
  // limitMhz is left out: null is a valid value for it (unlimited).
  'pool-set-cpu-allocation': { id: 'pool-3', shares: 'high', reservationMhz: 500 },
  'pool-delete': { id: 'pool-4' },
  'pool-update': { id: 'pool-2', displayName: 'Edited', spareMachines: 3 },
  'image-version-create': { imageId: 'img-1', notes: 'December CU' },
  'pool-push-image': { poolId: 'pool-1', imageVersionId: 'imgv-1-2' },
  'pool-rollback-image': { poolId: 'pool-2' },
  'task-cancel': { id: 'task-1' },
  'pool-set-scaling-plan': { id: 'pool-5', plan: null },
  'pool-set-drain': { id: 'pool-5', drain: true },
  'desktop-assign': { id: 'vm-40', userId: 'u-40' },
  'desktop-unassign': { id: 'vm-36' },
  // Only the required fields: the others have defaults, so leaving them out is not malformed.
  'pool-create': {
    name: 'NEW-IC',
    displayName: 'New',
    namingPattern: 'NEW-{n:3}',
    maxMachines: 3,
    clusterId: 'cl-1',
    datastoreIds: ['ds-1'],
    networkId: 'net-3',
  },
  'session-connect': { userId: 'u-1', clientDevice: 'windows', network: 'lan' },
  'session-send-message': { ids: ['sess-1'], severity: 'info', title: 'Hello' },
  'session-disconnect': { ids: ['sess-1'] },
  'session-logoff': { ids: ['sess-1'] },
  'session-restart-desktop': { ids: ['sess-1'] },
  'session-reset-desktop': { ids: ['sess-1'] },
  'capacity-definition-save': { definition: CAPACITY_GOOD },
  'capacity-definition-delete': { id: 'capdef-1' },
  'capacity-run-start': { definition: CAPACITY_GOOD },
  'capacity-run-cancel': { id: 'cap-1' },
  'capacity-run-delete': { id: 'cap-1' },
  'capacity-sweep-start': { definition: CAPACITY_GOOD, sweep: { 'sessionHost.vcpu': [2, 4] } },
  // cluster operations (required fields only)
  'cluster-set-drs': { clusterId: 'cl-1' },
  'cluster-set-ha': { clusterId: 'cl-1' },
  'cluster-set-vmotion': { clusterId: 'cl-1' },
  'drs-apply': { clusterId: 'cl-1' },
  'rule-create': { clusterId: 'cl-1', name: 'R', kind: 'vm-affinity', desktopIds: ['vm-1', 'vm-2'] },
  'rule-set-enabled': { id: 'rule-1', enabled: true },
  'rule-delete': { id: 'rule-1' },
  'vm-migrate': { desktopIds: ['vm-1'] },
  'vm-set-restart-priority': { desktopIds: ['vm-1'], priority: 'high' },
  'vm-power-on': { desktopId: 'vm-38' },
  'host-enter-maintenance': { hostId: 'h-3' },
  'host-exit-maintenance': { hostId: 'h-3' },
  'host-power': { hostId: 'h-1', action: 'on' },
  'host-fail': { hostId: 'h-2', mode: 'isolation' },
  'host-repair': { hostId: 'h-2' },
  'host-add': { clusterId: 'cl-1' },
  'host-remove': { hostId: 'h-1' },
  'snapshot-take': { desktopId: 'vm-41', name: 'before patch' },
  'snapshot-revert': { snapshotId: 'snap-1' },
  'snapshot-delete': { snapshotId: 'snap-1' },
  'snapshot-delete-all': { desktopId: 'vm-41' },
  'snapshot-consolidate': { desktopId: 'vm-41' },
  'snapshot-bulk-take': { poolId: 'pool-1', name: 'class' },
  'snapshot-bulk-revert-preview': { poolId: 'pool-1', name: 'class' },
  'snapshot-bulk-revert': { poolId: 'pool-1', name: 'class' },
  'desktop-simulate-failure': { id: 'vm-41', kind: 'bad-update' },
  'checkpoint-delete': { id: 'ckpt-1' },
  // Long runs and the checkpoint transfers write too (the dispatcher reads the contract's flag).
  'clock-step': { seconds: 60 },
  'checkpoint-save': { name: 'Before the class' },
  'checkpoint-restore': { id: 'ckpt-1', confirm: true },
  'checkpoint-import-begin': { name: 'Imported', sizeBytes: 4096 },
  'checkpoint-import-chunk': { uploadId: 'upl-1', offset: 0, data: 'AAAA' },
  'checkpoint-import-finish': { uploadId: 'upl-1' },
  // for the HTTP transports (rest-methods.ts)
  'desktop-power': { ids: ['vm-1'], action: 'reset' },
  'desktop-recover': { ids: ['vm-9'] },
  'desktop-rebuild': { ids: ['vm-36'] },
  'pool-configure': { id: 'pool-2', enabled: false, spareMachines: 2 },
  // graceMinutes has a default.
  'task-push-force': { id: 'task-1' },
  'pool-add-machines': { id: 'pool-6', count: 1 },
  'pool-remove-machines': { id: 'pool-6', ids: ['vm-404'] },
  'pool-add-vms': { id: 'pool-6', vmIds: ['vm-404'] },
  'desktop-bulk': { ids: ['vm-1'], action: 'power-off' },
  // Admin accounts (issue 16). A valid account-create makes the console ask for a sign-in: the
  // campaigns leave these out of what may stay valid (campaign/inputs.ts LOCKS_THE_CONSOLE).
  'account-create': { name: 'wire-hd', role: 'help-desk', password: 'a long password' },
  'account-set-role': { id: 'acct-404', role: 'read-only' },
  'account-reset-password': { id: 'acct-404', password: 'a long password' },
  'account-set-disabled': { id: 'acct-404', disabled: true },
  'account-delete': { id: 'acct-404' },
  'account-change-password': { current: 'old password', password: 'a long password' },
  // Replay (issue 17 part 4): a moment of the small lab (its start), back to live, a branch from the moment shown.
  'replay-view-open': { at: '2026-01-05T07:00:00.000Z' },
  'replay-view-close': { resume: true },
  'replay-branch': { confirm: true },
  // Sites and disaster recovery (issue 19).
  'site-link-set': { id: 'link-1', bandwidthMbps: 500 },
  'protection-group-create': { name: 'PG-KW', replication: 'hypervisor', rpoMinutes: 15, poolIds: ['pool-1'], recoverySiteId: 'site-2' },
  'protection-group-delete': { id: 'pg-1' },
  'recovery-plan-create': { name: 'RP-KW', groups: [{ groupId: 'pg-1', priority: 1 }] },
  'recovery-plan-delete': { id: 'plan-1' },
  'recovery-plan-run': { id: 'plan-1', mode: 'test' },
  'global-entitlement-create': { name: 'GE-KW', poolIds: ['pool-1', 'pool-4'] },
  'global-entitlement-delete': { id: 'ge-1' },
  'site-fail': { siteId: 'site-1' },
  'site-repair': { siteId: 'site-1' },
  // Tenants and isolation (issue 19).
  'tenant-create': { name: 'Wire tenant' },
  'tenant-update': { id: 'tenant-404', cpuShares: 2000 },
  'tenant-delete': { id: 'tenant-404' },
  'tenant-assign': { tenantId: 'tenant-404', kind: 'pool', objectId: 'pool-1' },
  'network-hosts-set': { networkId: 'net-404', hostIds: ['h-1'] },
  'account-set-tenant': { id: 'acct-404', tenantId: 'tenant-404' },
};
// Snapshot names may be 80 characters (vSphere), so they are tested with the free-text length.
// Passwords are free text up to 256 characters (contract/admin-methods.ts PASSWORD_PARAMS).
const FREE_TEXT = new Set(['notes', 'title', 'name', 'password', 'current', 'comment', 'text']);
/** Id lists of bulk actions (a selection in a table of thousands): only past 10,000 is too long. */
const BULK = new Set(['ids', 'hostIds', 'vmIds']);
/** Fields where null is a meaning of its own (remove the plan; no warning or critical level of an alarm). */
const NULLABLE = new Set(['plan', 'warning', 'critical', 'tenantId', 'hostIds', 'gpu']);
/** A chunk of a file being imported (base64, up to one chunk long). */
const PAYLOAD = new Set(['data']);
/** Maps where an empty one is a meaning of its own (a fault's parameters: all at their defaults). */
const EMPTY_MAP_OK = new Set(['params']);
/** Optional fields of methods that also have required ones (removing these is not malformed). */
const HARDWARE_FIELDS = Object.keys(HARDWARE_CHANGE.shape);
const OPTIONAL_FIELDS: Record<string, readonly string[]> = {
  'fault-inject': ['targetId', 'params', 'delaySec', 'durationSec'],
  'scenario-start': ['paused'],
  'replay-view-close': ['resume'],
  // Every hardware field is optional: what is given changes (at least one must be; an empty change is refused on its own).
  'desktop-hardware-set': HARDWARE_FIELDS,
  'pool-hardware-set': HARDWARE_FIELDS,
  'tenant-update': ['name', 'description', 'cpuShares', 'cpuLimitGhz', 'memLimitGb'],
};
/** Methods whose fields are optional (so removing one is not malformed). */
export const ALL_OPTIONAL = new Set(['settings-set', 'pool-set-cpu-allocation', 'pool-delete', 'pool-update', 'pool-rollback-image', 'pool-configure']);

export function malformedVariants(method: string, good: Record<string, unknown>): { label: string; input: unknown; path?: (string | number)[] }[] {
  const out: { label: string; input: unknown; path?: (string | number)[] }[] = [
    { label: 'an array', input: [good] },
    { label: 'a string', input: JSON.stringify(good) },
    { label: 'a number', input: 42 },
    { label: 'true', input: true },
    { label: 'an extra field', input: { ...good, extra: 1 } },
  ];
  for (const [key, value] of Object.entries(good)) {
    const wrong: unknown[] = [
      ...(NULLABLE.has(key) ? [] : [null]),
      ...(EMPTY_MAP_OK.has(key) ? [] : [{}]),
      [],
      { $ne: null },
      typeof value === 'number' ? '1' : 12345,
    ];
    // Ids and names are at most 64 characters; free text (release notes) may be longer.
    if (typeof value === 'string' && PAYLOAD.has(key)) wrong.push('', 'not base64!', 'A'.repeat(Math.ceil(CHECKPOINT_CHUNK_BYTES / 3) * 4 + 4));
    else if (typeof value === 'string') wrong.push('', ...(FREE_TEXT.has(key) ? ['x'.repeat(501)] : ['x'.repeat(65)]));
    if (typeof value === 'boolean') wrong.push(value ? 'true' : 'false', value ? 1 : 0);
    if (Array.isArray(value)) {
      if (typeof value[0] === 'string')
        wrong.push(
          [1],
          [''],
          [],
          [null],
          Array.from({ length: BULK.has(key) ? 10_001 : 33 }, (_, i) => `x-${i}`),
        );
      else
        wrong.push(
          [0],
          [-1],
          [1.5],
          ['1'],
          [],
          Array.from({ length: 10_001 }, (_, i) => i + 1),
        );
    }
    for (const w of wrong) out.push({ label: `${key} = ${JSON.stringify(w)?.slice(0, 30)}`, input: { ...good, [key]: w }, path: [key] });
    if (!ALL_OPTIONAL.has(method) && !OPTIONAL_FIELDS[method]?.includes(key)) {
      const without = { ...good };
      delete without[key];
      out.push({ label: `without ${key}`, input: without, path: [key] });
    }
  }
  return out;
}
