import { z } from 'zod';
import {
  ASSIGNMENTS,
  LOAD_BALANCING,
  LOGOFF_AFTER_DISCONNECT,
  ON_LOGOFF,
  POOL_KINDS,
  POWER_POLICIES,
  PROTOCOLS,
  PROVISIONING_MODES,
  SESSION_TYPES,
  WORKLOADS,
} from './entities.ts';

const id = z.string().min(1).max(64);

/** Pool settings as types only; creation adds Horizon's defaults, editing makes them optional. */
const POOL_FIELDS = {
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a pool ID is 1–64 letters, digits, - or _'),
  displayName: z.string().min(1).max(64),
  kind: z.enum(POOL_KINDS),
  assignment: z.enum(ASSIGNMENTS),
  automaticAssignment: z.boolean(),
  sessionType: z.enum(SESSION_TYPES),
  maxSessionsPerHost: z.number().int().min(1).max(500),
  loadBalancing: z.enum(LOAD_BALANCING),
  imageId: id.nullable(),
  imageVersionId: id.nullable(),
  vcpu: z.number().int().min(1).max(64),
  ramGb: z.number().min(1).max(1024),
  diskGb: z.number().min(16).max(4096),
  namingPattern: z.string().min(3).max(32),
  minMachines: z.number().int().min(0).max(10000),
  maxMachines: z.number().int().min(1).max(10000),
  spareMachines: z.number().int().min(0).max(10000),
  provisioning: z.enum(PROVISIONING_MODES),
  powerPolicy: z.enum(POWER_POLICIES),
  logoffAfterDisconnect: z.enum(LOGOFF_AFTER_DISCONNECT),
  logoffAfterMinutes: z.number().int().min(0).max(10080),
  onLogoff: z.enum(ON_LOGOFF),
  allowUserReset: z.boolean(),
  enabled: z.boolean(),
  provisioningEnabled: z.boolean(),
  defaultProtocol: z.enum(PROTOCOLS),
  workload: z.enum(WORKLOADS),
  clusterId: id,
  datastoreIds: z.array(id).min(1).max(32),
  networkId: id,
};
const F = POOL_FIELDS;

/** Horizon gives instant clones no power policy: its API accepts only ALWAYS_POWERED_ON for them. */
export const INSTANT_CLONE_POWER = 'instant clones are always powered on: their power policy can only be always-on (as in Horizon)';

/** Everything a new pool needs; defaults are Horizon's for an automated floating instant-clone pool. */
export const POOL_SPEC = z
  .strictObject({
    ...POOL_FIELDS,
    kind: F.kind.default('instant-clone'),
    assignment: F.assignment.default('floating'),
    automaticAssignment: F.automaticAssignment.default(true),
    sessionType: F.sessionType.default('single-session'),
    maxSessionsPerHost: F.maxSessionsPerHost.default(1),
    loadBalancing: F.loadBalancing.default('breadth-first'),
    imageId: F.imageId.default(null),
    imageVersionId: F.imageVersionId.default(null),
    vcpu: F.vcpu.default(2),
    ramGb: F.ramGb.default(4),
    diskGb: F.diskGb.default(64),
    minMachines: F.minMachines.default(0),
    spareMachines: F.spareMachines.default(1),
    provisioning: F.provisioning.default('up-front'),
    /** Default: always-on for instant clones (Horizon gives them no other), take-no-action otherwise. */
    powerPolicy: F.powerPolicy.optional(),
    logoffAfterDisconnect: F.logoffAfterDisconnect.default('after'),
    logoffAfterMinutes: F.logoffAfterMinutes.default(120),
    onLogoff: F.onLogoff.default('never'),
    allowUserReset: F.allowUserReset.default(true),
    enabled: F.enabled.default(true),
    provisioningEnabled: F.provisioningEnabled.default(true),
    defaultProtocol: F.defaultProtocol.default('blast'),
    workload: F.workload.default('knowledge'),
    /** Who may use the pool from the start (Horizon's wizard ends with entitlements). */
    entitlements: z
      .array(z.strictObject({ principalType: z.enum(['user', 'group']), principalId: id }))
      .max(200)
      .default([]),
  })
  // Cross-field limits live in the schema too, so the console shows them on the field before anything is sent.
  .superRefine((v, ctx) => {
    if (v.maxMachines < v.minMachines) {
      ctx.addIssue({ code: 'custom', path: ['maxMachines'], message: `must be at least the minimum (${v.minMachines})`, input: v.maxMachines });
    }
    if (v.spareMachines > v.maxMachines) {
      ctx.addIssue({ code: 'custom', path: ['spareMachines'], message: `must be at most the maximum (${v.maxMachines})`, input: v.spareMachines });
    }
    if (v.kind === 'instant-clone' && v.powerPolicy !== undefined && v.powerPolicy !== 'always-on') {
      ctx.addIssue({ code: 'custom', path: ['powerPolicy'], message: INSTANT_CLONE_POWER, input: v.powerPolicy });
    }
  });

/** What an edit may change; nothing has a default, so an omitted setting stays as it is. */
export const POOL_EDIT = z
  .strictObject({
    id,
    displayName: F.displayName.optional(),
    automaticAssignment: F.automaticAssignment.optional(),
    maxSessionsPerHost: F.maxSessionsPerHost.optional(),
    loadBalancing: F.loadBalancing.optional(),
    vcpu: F.vcpu.optional(),
    ramGb: F.ramGb.optional(),
    diskGb: F.diskGb.optional(),
    namingPattern: F.namingPattern.optional(),
    minMachines: F.minMachines.optional(),
    maxMachines: F.maxMachines.optional(),
    spareMachines: F.spareMachines.optional(),
    provisioning: F.provisioning.optional(),
    powerPolicy: F.powerPolicy.optional(),
    logoffAfterDisconnect: F.logoffAfterDisconnect.optional(),
    logoffAfterMinutes: F.logoffAfterMinutes.optional(),
    onLogoff: F.onLogoff.optional(),
    allowUserReset: F.allowUserReset.optional(),
    defaultProtocol: F.defaultProtocol.optional(),
    workload: F.workload.optional(),
    datastoreIds: F.datastoreIds.optional(),
  })
  .refine((v) => Object.values(v).filter((x) => x !== undefined).length > 1, { message: 'give at least one setting to change' });
