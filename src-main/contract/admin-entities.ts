import type { Permission, Role, TransportKind } from './roles.ts';

/**
 * Password length: NIST SP 800-63B §5.1.1.2 — at least 8 characters for a chosen secret, accept at
 * least 64; 256 bounds the KDF's input. Here, beside the entities and not with the methods' schemas,
 * so the console's user menu can say it without building them (issue 18).
 */
export const PASSWORD_PARAMS = { minLength: 8, maxLength: 256 } as const;

/** An admin account of the console (never its password or hash). */
export interface AdminAccount {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
  /** Issue 19: the tenant the account is scoped to (absent: the whole estate). */
  tenantId?: string;
}

/** Who the caller is, as the host sees it (the renderer hides what `permissions` lacks). */
export interface Whoami {
  user: string;
  role: Role;
  roleLabel: string;
  permissions: Permission[];
  transport: TransportKind;
  /** The account signed in, or null for the local administrator (desktop app, CLI, the console token). */
  accountId: string | null;
  /** True once the lab has accounts: browser mode then asks for a sign-in. */
  accountsExist: boolean;
  /**
   * An account scoped to a tenant (issue 19): the tenant, and the only methods it may call (the host
   * refuses the others; the console hides what they are for). Null for an estate-wide account.
   */
  tenant?: { id: string; name: string; methods: string[] } | null;
}

export const AUDIT_OUTCOMES = ['ok', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One row of the audit trail (audit.sqlite beside the lab; never rewound with it). */
export interface AuditRecord {
  seq: number;
  wallTime: string;
  /** The lab's simulated time when the request was answered (null when no lab was open). */
  simTime: string | null;
  user: string;
  role: string;
  transport: string;
  method: string;
  /** A summary of the input: JSON with secrets (password, token, data…) replaced by "[redacted]", cut at AUDIT_INPUT_MAX chars. */
  input: string;
  outcome: AuditOutcome;
  /** The error code when refused or failed. */
  code: string | null;
  message: string | null;
  hash: string;
}

export interface AuditPage {
  rows: AuditRecord[];
  /** Rows matching the filter (up to untilSeq). */
  total: number;
  /** The newest row's seq when the page was read: pass it back as untilSeq so later rows do not shift the pages. */
  headSeq: number;
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  /** The first row whose chain is broken (edited, removed or inserted), or null. */
  firstBroken: { seq: number; reason: string } | null;
  headHash: string | null;
}
