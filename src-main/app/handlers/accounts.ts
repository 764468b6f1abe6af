import { LabError } from '../../contract/errors.ts';
import { PERMISSIONS, ROLE_LABELS, ROLE_PERMISSIONS } from '../../contract/roles.ts';
import {
  accountCount,
  deleteAccount,
  hashPassword,
  insertAccount,
  listAccounts,
  mustGetAccount,
  otherEnabledAdmins,
  passwordHashOf,
  updateAccount,
  verifyPasswordSync,
} from '../../store/accounts.ts';
import type { AppContext, Handlers } from '../context.ts';
import { scopedMethods } from '../tenant-scope.ts';
import { getTenant } from '../../store/tenants.ts';

type AccountMethods =
  | 'session-whoami'
  | 'account-list'
  | 'account-create'
  | 'account-set-role'
  | 'account-reset-password'
  | 'account-set-disabled'
  | 'account-delete'
  | 'account-change-password';

/** The console must keep one enabled Administrator: otherwise nobody could manage accounts again. */
function keepLastAdmin(ctx: AppContext, id: string, what: string): void {
  const a = mustGetAccount(ctx.db, id);
  if (a.role === 'administrators' && !a.disabled && otherEnabledAdmins(ctx.db, id) === 0) {
    throw new LabError('conflict', `${a.name} is the last enabled Administrator: ${what} would leave nobody to manage the console`, ['id']);
  }
}

function note(ctx: AppContext, id: string, name: string, message: string): void {
  ctx.audit({ objectKind: 'lab', objectId: id, objectName: name, message });
}

export const accountHandlers: Pick<Handlers, AccountMethods> = {
  'session-whoami': (_input, ctx) => {
    const role = ctx.role;
    const accountsExist = accountCount(ctx.db) > 0;
    if (role === null) {
      return {
        user: ctx.user,
        role: 'read-only',
        roleLabel: 'Not signed in',
        permissions: [],
        transport: ctx.call.transport ?? 'in-process',
        accountId: null,
        accountsExist,
      };
    }
    return {
      user: ctx.user,
      role,
      roleLabel: ROLE_LABELS[role],
      permissions: PERMISSIONS.filter((p) => ROLE_PERMISSIONS[role].includes(p)),
      transport: ctx.call.transport ?? 'in-process',
      accountId: ctx.call.accountId ?? null,
      tenant: ctx.tenantId ? { id: ctx.tenantId, name: getTenant(ctx.db, ctx.tenantId)?.name ?? ctx.tenantId, methods: scopedMethods() } : null,
      accountsExist,
    };
  },
  'account-list': (_input, ctx) => listAccounts(ctx.db),
  'account-create': (input, ctx) => {
    const a = insertAccount(ctx.db, { name: input.name, role: input.role, passwordHash: hashPassword(input.password) }, ctx.wallTime());
    note(ctx, a.id, a.name, `Admin account ${a.name} created (${ROLE_LABELS[a.role]})`);
    return a;
  },
  'account-set-role': (input, ctx) => {
    const before = mustGetAccount(ctx.db, input.id);
    if (before.role === input.role) return before;
    if (input.role !== 'administrators') keepLastAdmin(ctx, input.id, 'changing its role');
    const a = updateAccount(ctx.db, input.id, { role: input.role }, ctx.wallTime());
    note(ctx, a.id, a.name, `Admin account ${a.name}: role ${ROLE_LABELS[before.role]} → ${ROLE_LABELS[a.role]}`);
    return a;
  },
  'account-reset-password': (input, ctx) => {
    const a = updateAccount(ctx.db, input.id, { passwordHash: hashPassword(input.password) }, ctx.wallTime());
    note(ctx, a.id, a.name, `Admin account ${a.name}: password reset`);
    return a;
  },
  'account-set-disabled': (input, ctx) => {
    const before = mustGetAccount(ctx.db, input.id);
    if (before.disabled === input.disabled) return before;
    if (input.disabled) keepLastAdmin(ctx, input.id, 'disabling it');
    const a = updateAccount(ctx.db, input.id, { disabled: input.disabled }, ctx.wallTime());
    note(ctx, a.id, a.name, `Admin account ${a.name} ${a.disabled ? 'disabled' : 'enabled'}`);
    return a;
  },
  'account-delete': (input, ctx) => {
    const a = mustGetAccount(ctx.db, input.id);
    keepLastAdmin(ctx, input.id, 'deleting it');
    deleteAccount(ctx.db, input.id);
    note(ctx, a.id, a.name, `Admin account ${a.name} deleted`);
    return { id: input.id };
  },
  'account-change-password': (input, ctx) => {
    const id = ctx.call.accountId;
    if (!id) throw new LabError('conflict', 'Only a signed-in account has a password to change (the local administrator has none)');
    const stored = passwordHashOf(ctx.db, id);
    if (!stored || !verifyPasswordSync(input.current, stored)) throw new LabError('invalid-input', 'The current password is wrong', ['current']);
    const a = updateAccount(ctx.db, id, { passwordHash: hashPassword(input.password) }, ctx.wallTime());
    note(ctx, a.id, a.name, `Admin account ${a.name} changed its password`);
    return { ok: true };
  },
};
