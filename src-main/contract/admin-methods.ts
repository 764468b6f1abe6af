import { z } from 'zod';
import { method } from './define.ts';
import { AUDIT_OUTCOMES, PASSWORD_PARAMS, type AdminAccount, type AuditPage, type AuditVerification, type Whoami } from './admin-entities.ts';
import { ROLES } from './roles.ts';

const none = z.strictObject({});
const accountId = z.string().min(1).max(64);
/** Account names: a letter or digit first, then letters, digits, . _ - (a DOMAIN\\ prefix is not part of it). */
export const ACCOUNT_NAME = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, underscore and hyphen, starting with a letter or digit');
const password = z.string().min(PASSWORD_PARAMS.minLength).max(PASSWORD_PARAMS.maxLength);
const isoTime = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}T/, 'an ISO 8601 date and time');

/** Filter of the audit view and its CSV export. */
export const AUDIT_FILTER = z.strictObject({
  user: z.string().max(200).optional(),
  method: z.string().max(100).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  /** Wall-clock range (ISO), inclusive. */
  from: isoTime.optional(),
  to: isoTime.optional(),
  untilSeq: z.number().int().min(0).optional(),
});

export const adminMethods = {
  'session-whoami': method<Whoami>()({
    description: 'Who the caller is: user, role, the permissions that role grants, the transport, and whether the lab has accounts.',
    input: none,
    mutates: false,
    permission: 'self',
  }),
  'account-list': method<AdminAccount[]>()({
    description: 'Admin accounts of the console with their roles (never a password or its hash).',
    input: none,
    mutates: false,
    permission: 'accounts',
  }),
  'account-create': method<AdminAccount>()({
    description: 'Create an admin account: name, role (Administrators, Help Desk Administrators, Read-only Administrators, Instructor) and password.',
    input: z.strictObject({ name: ACCOUNT_NAME, role: z.enum(ROLES), password }),
    mutates: true,
    permission: 'accounts',
  }),
  'account-set-role': method<AdminAccount>()({
    description: 'Change the role of an account (the last enabled Administrator cannot be demoted).',
    input: z.strictObject({ id: accountId, role: z.enum(ROLES) }),
    mutates: true,
    permission: 'accounts',
  }),
  'account-reset-password': method<AdminAccount>()({
    description: 'Set a new password for an account.',
    input: z.strictObject({ id: accountId, password }),
    mutates: true,
    permission: 'accounts',
  }),
  'account-set-disabled': method<AdminAccount>()({
    description: 'Disable an account (it can no longer sign in; its sessions end) or enable it again. The last enabled Administrator cannot be disabled.',
    input: z.strictObject({ id: accountId, disabled: z.boolean() }),
    mutates: true,
    permission: 'accounts',
  }),
  'account-delete': method<{ id: string }>()({
    description: 'Delete an account (the last enabled Administrator cannot be deleted).',
    input: z.strictObject({ id: accountId }),
    mutates: true,
    permission: 'accounts',
  }),
  'account-change-password': method<{ ok: true }>()({
    description: 'The signed-in account changes its own password (the current one is required).',
    input: z.strictObject({ current: z.string().min(1).max(PASSWORD_PARAMS.maxLength), password }),
    mutates: true,
    permission: 'self',
  }),
  'audit-list': method<AuditPage>()({
    description:
      'The audit trail, newest first: every request to a method allowed or refused, with who, role, transport, method, input summary, outcome and both clocks. (A Horizon REST request the REST layer itself refuses before any method runs — an unknown id, a malformed body — is in the HTTP API request log, rest-log-list.)',
    input: AUDIT_FILTER.extend({ offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1000).optional() }),
    mutates: false,
    permission: 'audit',
  }),
  'audit-export': method<{ csv: string; rows: number; truncated: boolean }>()({
    description: 'The audit rows matching a filter as CSV (newest first, at most 100,000 rows).',
    input: AUDIT_FILTER,
    mutates: false,
    permission: 'audit',
  }),
  'audit-verify': method<AuditVerification>()({
    description: 'Check the audit trail’s hash chain: each row hashes the previous hash and its own content; returns the first broken row.',
    input: none,
    mutates: false,
    permission: 'audit',
  }),
};
