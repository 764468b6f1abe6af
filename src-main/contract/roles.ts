/**
 * Admin roles and the permissions they grant, as in Horizon Console (Administrators, Help Desk
 * Administrators, Read-only Administrators — Horizon 8 "Predefined Roles and Privileges") plus an
 * Instructor role for training labs. Every method of the contract declares the one permission it
 * needs next to its schema (define.ts: `permission` is required, so a method without one does not
 * type-check); the dispatcher checks it before the handler runs, whatever the transport.
 *
 * | permission | what it covers                                                        | Horizon privilege it stands for         |
 * |------------|-----------------------------------------------------------------------|-----------------------------------------|
 * | read       | every list, get, metric, event and preview                            | Console Interaction (read-only)         |
 * | self       | who am I, my own password, my console preferences                     | (every signed-in administrator)         |
 * | helpdesk   | session logoff / disconnect / reset / restart, send message, desktop restart/reset, acknowledge events | Manage Sessions, Manage Machine (reset/restart), Manage Help Desk |
 * | simulate   | clock speed and step, checkpoints (save, restore, import, export), lab reset, training failures, connecting as a user | (training: no Horizon equivalent) |
 * | configure  | pools, images, entitlements, machines, snapshots, cluster, capacity, API faults | Manage Desktop Pools, Manage Machine, Manage Global Configuration |
 * | accounts   | admin accounts and their roles                                        | Manage Roles and Permissions            |
 * | audit      | reading and verifying the audit trail                                 | (read of the audit log)                 |
 */
export const PERMISSIONS = ['read', 'self', 'helpdesk', 'simulate', 'configure', 'accounts', 'audit'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['administrators', 'help-desk', 'read-only', 'instructor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  administrators: 'Administrators',
  'help-desk': 'Help Desk Administrators',
  'read-only': 'Read-only Administrators',
  instructor: 'Instructor',
};

/** What each role may do. Help Desk: read and act on sessions, never configure; Instructor: run the training lab (clock, scenarios, checkpoints) and read. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  administrators: PERMISSIONS,
  'help-desk': ['read', 'self', 'helpdesk'],
  'read-only': ['read', 'self', 'audit'],
  instructor: ['read', 'self', 'simulate'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

/** How a request reached the host (recorded in the audit trail). */
export const TRANSPORTS = ['in-process', 'ipc', 'websocket', 'http-api', 'rest', 'cli', 'control'] as const;
export type TransportKind = (typeof TRANSPORTS)[number];
