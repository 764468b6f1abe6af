import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, methods } from '../../src-main/contract/methods.ts';
import { PERMISSIONS, ROLES, roleAllows, type Role } from '../../src-main/contract/roles.ts';
import type { CallContext } from '../../src-main/app/context.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

// Issue 16: every method as every role through the real dispatcher, against the permission the
// contract declares next to the method's schema. The probe input is a string no schema accepts, so
// an allowed call stops at validation (invalid-input: it got past authorization) and a refused one
// must say forbidden before that — and neither writes a byte of the lab.

let lab: TempLab;
const accounts = new Map<Role, string>();
beforeAll(async () => {
  lab = tempLab('small', 1);
  for (const role of ROLES) {
    const a = await lab.client.call('account-create', { name: `matrix-${role}`, role, password: `pw for ${role} account` });
    accounts.set(role, a.id);
  }
});
afterAll(() => lab.dispose());

const PROBE = '__role_matrix_probe__';

describe('the contract', () => {
  it('declares a known permission for every method', () => {
    for (const m of METHOD_NAMES) expect(PERMISSIONS, m).toContain(methods[m].permission);
  });
  it('keeps Help Desk away from configuration and Read-only away from every change', () => {
    for (const m of METHOD_NAMES) {
      const p = methods[m].permission;
      if (roleAllows('help-desk', p)) expect(['read', 'self', 'helpdesk'], m).toContain(p);
      if (methods[m].mutates && roleAllows('read-only', p)) expect(p, `${m} changes the lab but Read-only may call it`).toBe('self');
    }
    // The actions a Help Desk administrator is for.
    for (const m of [
      'session-logoff',
      'session-disconnect',
      'session-reset-desktop',
      'session-restart-desktop',
      'session-send-message',
      'helpdesk-user',
    ] as const) {
      expect(roleAllows('help-desk', methods[m].permission), m).toBe(true);
    }
    for (const m of ['pool-update', 'pool-create', 'pool-delete', 'entitlement-add', 'account-create', 'clock-set', 'checkpoint-restore'] as const) {
      expect(roleAllows('help-desk', methods[m].permission), m).toBe(false);
    }
    for (const m of ['clock-set', 'clock-step', 'checkpoint-save', 'checkpoint-restore', 'lab-reset', 'host-fail'] as const) {
      expect(roleAllows('instructor', methods[m].permission), m).toBe(true);
    }
  });
});

describe.each(['role', 'account'] as const)('every method as every role (%s)', (how) => {
  it.each([...ROLES])('%s: allowed as declared, refused with forbidden otherwise, nothing written', async (role) => {
    const call: CallContext =
      how === 'role'
        ? { user: `CORP\\${role}`, role, transport: 'in-process' }
        : { user: `matrix-${role}`, accountId: accounts.get(role) as string, transport: 'in-process' };
    const db = lab.peek();
    const auditBefore = (await lab.client.call('audit-list', { outcome: 'error', limit: 1 })).headSeq;
    let refused = 0;
    try {
      const before = contentDigest(db);
      for (const m of METHOD_NAMES) {
        const reply = await lab.host.dispatch(m, PROBE, call);
        expect(reply.ok, m).toBe(false);
        if (reply.ok) continue;
        if (roleAllows(role, methods[m].permission)) {
          expect(reply.error.code, `${role} may call ${m}`).toBe('invalid-input');
        } else {
          refused++;
          expect(reply.error.code, `${role} may not call ${m}`).toBe('forbidden');
          expect(reply.error.message).toContain(methods[m].permission);
        }
      }
      expect(contentDigest(db)).toBe(before);
    } finally {
      db.close();
    }
    // Every one of those calls was refused (by validation or permission), and every refusal is on the trail.
    const page = await lab.client.call('audit-list', { user: call.user, outcome: 'error', limit: 1000 });
    const mine = page.rows.filter((r) => r.seq > auditBefore);
    expect(mine.length).toBe(METHOD_NAMES.length);
    expect(mine.filter((r) => r.code === 'forbidden').length).toBe(refused);
    expect(new Set(mine.map((r) => r.role))).toEqual(new Set([role]));
  });
});

describe('callers who are not allowed anything', () => {
  it('nobody signed in: only session-whoami answers', async () => {
    const call: CallContext = { user: '(not signed in)', role: null, transport: 'websocket' };
    for (const m of METHOD_NAMES) {
      const r = await lab.host.dispatch(m, {}, call);
      if (m === 'session-whoami') expect(r).toMatchObject({ ok: true, result: { permissions: [], accountsExist: true } });
      else expect(r, m).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
  });

  it('a disabled or deleted account is refused at once, its role read on every call', async () => {
    const a = await lab.client.call('account-create', { name: 'temp-hd', role: 'help-desk', password: 'temporary password' });
    const call: CallContext = { user: 'temp-hd', accountId: a.id };
    expect(await lab.host.dispatch('session-whoami', {}, call)).toMatchObject({
      ok: true,
      result: { role: 'help-desk', roleLabel: 'Help Desk Administrators' },
    });
    expect(await lab.host.dispatch('pool-set-enabled', { id: 'pool-1', enabled: false }, call)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await lab.client.call('account-set-role', { id: a.id, role: 'administrators' });
    expect(await lab.host.dispatch('session-whoami', {}, call)).toMatchObject({ ok: true, result: { role: 'administrators' } });
    await lab.client.call('account-set-disabled', { id: a.id, disabled: true });
    expect(await lab.host.dispatch('pool-list', {}, call)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await lab.client.call('account-delete', { id: a.id });
    expect(await lab.host.dispatch('pool-list', {}, call)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });
});

describe('Help Desk on the lab', () => {
  it('logs a user off but cannot change a pool', async () => {
    const call: CallContext = { user: 'matrix-help-desk', accountId: accounts.get('help-desk') as string };
    const s = await lab.client.call('session-connect', { userId: 'u-1', clientDevice: 'windows', network: 'lan' });
    const pool = await lab.client.call('pool-get', { id: 'pool-1' });
    const db = lab.peek();
    try {
      const before = contentDigest(db);
      const r = await lab.host.dispatch('pool-update', { id: 'pool-1', displayName: 'Renamed by help desk' }, call);
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(contentDigest(db)).toBe(before);
    } finally {
      db.close();
    }
    expect((await lab.client.call('pool-get', { id: 'pool-1' })).displayName).toBe(pool.displayName);
    const off = await lab.host.dispatch('session-logoff', { ids: [s.sessionId] }, call);
    expect(off, JSON.stringify(off)).toMatchObject({ ok: true });
    const events = await lab.client.call('event-list', { limit: 20 });
    expect(events.rows.some((e) => e.user === 'matrix-help-desk')).toBe(true);
  });
});

describe('the last Administrator', () => {
  it('cannot be deleted, demoted or disabled', async () => {
    // The matrix accounts include one Administrator; the temp one above was deleted.
    const admins = (await lab.client.call('account-list', {})).filter((a) => a.role === 'administrators' && !a.disabled);
    expect(admins.map((a) => a.name)).toEqual(['matrix-administrators']);
    const id = admins[0]?.id as string;
    for (const [m, input] of [
      ['account-delete', { id }],
      ['account-set-role', { id, role: 'read-only' }],
      ['account-set-disabled', { id, disabled: true }],
    ] as const) {
      expect(await lab.host.dispatch(m, input)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    }
    expect((await lab.client.call('account-list', {})).find((a) => a.id === id)).toMatchObject({ role: 'administrators', disabled: false });
  });
});
