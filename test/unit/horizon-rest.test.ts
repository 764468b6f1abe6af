import { describe, expect, it } from 'vitest';
import { RestAdmin } from '../../src-main/app/rest-admin.ts';
import { HorizonAuth } from '../../src-main/host/rest/auth.ts';
import { HorizonError } from '../../src-main/host/rest/errors.ts';
import { Sids, dec, decSnapshot, domainSid, enc, encSnapshot, fromInternalSessionId, internalSessionId, moref, unmoref } from '../../src-main/host/rest/ids.ts';
import { listAnswer, matches, pageOf, parseListQuery, type Filter } from '../../src-main/host/rest/query.ts';
import { titleAndBody } from '../../src-main/host/rest/sessions.ts';

// The pure parts of the Horizon subset: ids, filters, paging, tokens, fault rules.

const machineOp = { type: 'MachineInfo', paged: true, filtered: true, sorted: true };
const q = (search: string) => parseListQuery(new URL(`http://x/rest/inventory/v1/machines?${search}`), machineOp);

function status(f: () => unknown): number | null {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof HorizonError ? e.status : -1;
  }
}

describe('ids', () => {
  it('round-trip per kind, never across kinds, and refuse what is not theirs', () => {
    const m = enc('machine', 'vm-42');
    expect(m).toBe('00000002-0000-4000-8000-000000000042');
    expect(dec('machine', m)).toBe('vm-42');
    expect(dec('rds', m)).toBeNull(); // a machine id never names an RDS server
    expect(dec('farm', enc('pool', 'pool-5'))).toBeNull();
    expect(dec('farm', enc('farm', 'pool-5'))).toBe('pool-5');
    for (const bad of ['', 'vm-42', '00000002-0000-4000-8000-00000000004x', '00000002-0000-4000-8000-0000000000420']) expect(dec('machine', bad)).toBeNull();
    expect(decSnapshot(encSnapshot('imgv-3-12'))).toBe('imgv-3-12');
    expect(unmoref('ds', moref('ds-7'))).toBe('ds-7');
    expect(unmoref('h', 'datastore-7')).toBeNull();
    expect(fromInternalSessionId(internalSessionId('sess-9'))).toBe('sess-9');
    expect(fromInternalSessionId(Buffer.from('vm-1').toString('base64'))).toBeNull();
  });

  it('SIDs: users and groups by RID range, stable per lab seed, other domains refused', () => {
    const sids = new Sids(domainSid(1));
    expect(domainSid(1)).toBe(domainSid(1));
    expect(domainSid(1)).not.toBe(domainSid(2));
    expect(sids.parse(sids.user('u-17'))).toEqual({ type: 'user', id: 'u-17' });
    expect(sids.parse(sids.group('g-3'))).toEqual({ type: 'group', id: 'g-3' });
    expect(sids.parse(sids.admin)).toBeNull();
    expect(sids.parse(new Sids(domainSid(2)).user('u-17'))).toBeNull();
  });
});

describe('filters', () => {
  const machine = {
    id: 'A',
    name: 'KW-0001',
    state: 'AVAILABLE',
    user_ids: ['S-1', 'S-2'],
    agent_version: '8.14.0',
    managed_machine_data: { host_name: 'esx01.corp.local', virtual_machine_power_state: 'POWERED_ON' },
  };
  const f = (json: unknown) => q(`filter=${encodeURIComponent(JSON.stringify(json))}`).filter as Filter;

  it('every type, nested And / Or / Not, case-insensitive strings, arrays, absent fields', () => {
    expect(matches(machine, f({ type: 'Equals', name: 'name', value: 'kw-0001' }))).toBe(true);
    expect(matches(machine, f({ type: 'StartsWith', name: 'name', value: 'KW-' }))).toBe(true);
    expect(matches(machine, f({ type: 'Contains', name: 'name', value: '000' }))).toBe(true);
    expect(matches(machine, f({ type: 'EndsWith', name: 'dns_name', value: '.corp.local' }))).toBe(false); // absent here
    expect(matches(machine, f({ type: 'EndsWith', name: 'managedMachineData.hostName', value: 'LOCAL' }))).toBe(true);
    expect(matches(machine, f({ type: 'Contains', name: 'user_ids', value: 'S-2' }))).toBe(true);
    expect(matches(machine, f({ type: 'NotEquals', name: 'user_ids', value: 'S-3' }))).toBe(true);
    expect(matches(machine, f({ type: 'Not', filter: { type: 'Equals', name: 'state', value: 'MAINTENANCE' } }))).toBe(true);
    expect(
      matches(
        machine,
        f({
          type: 'And',
          filters: [
            { type: 'StartsWith', name: 'name', value: 'KW' },
            {
              type: 'Or',
              filters: [
                { type: 'Equals', name: 'state', value: 'ERROR' },
                { type: 'Equals', name: 'state', value: 'AVAILABLE' },
              ],
            },
          ],
        }),
      ),
    ).toBe(true);
  });

  it('Between takes from_value/to_value and the guide’s fromValue/toValue', () => {
    const op = { type: 'SessionInfo', paged: true, filtered: true, sorted: true };
    const parse = (json: unknown) => parseListQuery(new URL(`http://x/?filter=${encodeURIComponent(JSON.stringify(json))}`), op).filter as Filter;
    const s = { start_time: 1000 };
    expect(matches(s, parse({ type: 'Between', name: 'start_time', from_value: 500, to_value: 1000 }))).toBe(true);
    expect(matches(s, parse({ type: 'Between', name: 'start_time', fromValue: '1001', toValue: 2000 }))).toBe(false);
  });

  it('an un-encoded filter (as PowerShell helpers send it) is read too', () => {
    expect(q('filter={"type":"Equals","name":"state","value":"AVAILABLE"}').filter).toMatchObject({ type: 'Equals', name: 'state' });
  });

  it('400 for bad JSON, unknown types and fields, a filter type the field does not support, missing members', () => {
    const bad = (search: string) => status(() => q(search));
    expect(bad('filter=%7B')).toBe(400);
    expect(bad(`filter=${encodeURIComponent('{"type":"Like","name":"name","value":"x"}')}`)).toBe(400);
    expect(bad(`filter=${encodeURIComponent('{"type":"Equals","name":"nme","value":"x"}')}`)).toBe(400);
    expect(bad(`filter=${encodeURIComponent('{"type":"EndsWith","name":"name","value":"x"}')}`)).toBe(400); // name: Equals, StartsWith, Contains only
    expect(bad(`filter=${encodeURIComponent('{"type":"Equals","name":"state"}')}`)).toBe(400);
    expect(bad(`filter=${encodeURIComponent('{"type":"And","filters":[]}')}`)).toBe(400);
    expect(bad(`filter=${encodeURIComponent('[1]')}`)).toBe(400);
  });
});

describe('paging and sorting', () => {
  const items = Array.from({ length: 25 }, (_, i) => ({ id: String(i), name: `M-${String(i).padStart(2, '0')}` }));

  it('both page and size, or the whole list; HAS_MORE_RECORDS only when more follow; X-TOTAL-COUNT', () => {
    expect(q('page=2').page).toBeNull();
    const a = listAnswer(items, q('page=2&size=10'));
    expect(JSON.parse(a.text as string)).toHaveLength(10);
    expect(a.headers).toEqual({ 'X-TOTAL-COUNT': '25', HAS_MORE_RECORDS: 'TRUE' });
    const last = listAnswer(items, q('page=3&size=10'));
    expect(JSON.parse(last.text as string)).toHaveLength(5);
    expect(last.headers).toEqual({ 'X-TOTAL-COUNT': '25' });
    expect(pageOf(0, { page: 1, size: 10 }).headers).toEqual({ 'X-TOTAL-COUNT': '0' });
  });

  it('400 for page past the end, size over 1000, zero, negatives and non-numbers', () => {
    expect(status(() => listAnswer(items, q('page=4&size=10')))).toBe(400);
    for (const s of ['page=1&size=1001', 'page=0&size=10', 'page=-1&size=10', 'page=1&size=ten', 'page=1.5&size=10']) expect(status(() => q(s))).toBe(400);
  });

  it('sort_by a sortable field, ASC or DESC; 400 for others and for order_by alone', () => {
    const desc = JSON.parse(listAnswer(items, q('sort_by=name&order_by=DESC')).text as string) as { name: string }[];
    expect(desc[0]?.name).toBe('M-24');
    expect(status(() => q('sort_by=id'))).toBe(400); // id has no sort
    expect(status(() => q('sort_by=name&order_by=UP'))).toBe(400);
    expect(status(() => q('order_by=ASC'))).toBe(400);
  });
});

describe('tokens', () => {
  it('login, refresh, logout and expiry on the wall clock', async () => {
    let now = 1_800_000_000_000;
    const auth = new HorizonAuth({ password: () => 'pw', accessTtlSeconds: 60, refreshTtlSeconds: 600, now: () => now });
    const noDelay = async () => undefined;
    const t = await auth.login({ Username: 'Administrator', password: ['p', 'w'], domain: 'corp.local' }, noDelay);
    expect(auth.verify(t.access_token).user).toBe('CORP\\administrator');
    await expect(auth.login({ username: 'administrator', password: 'nope', domain: 'CORP' }, noDelay)).rejects.toMatchObject({ status: 401 });
    await expect(auth.login({ username: 'administrator@corp.local', password: 'pw', domain: 'CORP' }, noDelay)).rejects.toMatchObject({ status: 400 });
    expect(status(() => auth.verify(t.refresh_token))).toBe(401); // a refresh token is not an access token
    now += 61_000;
    expect(() => auth.verify(t.access_token)).toThrow(expect.objectContaining({ key: 'auth.token.expired' }));
    const fresh = auth.refresh({ Refresh_token: t.refresh_token });
    expect(auth.verify(fresh.access_token).user).toBe('CORP\\administrator');
    auth.logout({ refresh_token: t.refresh_token });
    expect(status(() => auth.verify(fresh.access_token))).toBe(401);
    expect(status(() => auth.refresh({ refresh_token: t.refresh_token }))).toBe(400);
    expect(status(() => auth.verify(`${fresh.access_token.slice(0, -2)}xx`))).toBe(401);
  });
});

describe('fault rules', () => {
  const req = {
    api: 'rest' as const,
    method: 'GET',
    path: '/inventory/v1/machines',
    template: '/inventory/v1/machines',
    operationId: 'listMachines',
    apiMethod: null,
  };

  it('match, count down, stop; the same seed gives the same draws', () => {
    const draws = (seed: number) => {
      const a = new RestAdmin(seed);
      a.setFault({
        id: 'flaky',
        match: { pathPrefix: '/inventory/' },
        status: 503,
        delayMs: 0,
        jitterMs: 0,
        probability: 0.5,
        count: null,
        when: 'before',
        enabled: true,
      });
      return Array.from({ length: 40 }, () => (a.pickFault(req) ? 1 : 0)).join('');
    };
    expect(draws(7)).toBe(draws(7));
    expect(draws(7)).toMatch(/1/);
    expect(draws(7)).toMatch(/0/);
    const a = new RestAdmin(1);
    a.setFault({
      id: 'twice',
      match: { operationId: 'listMachines' },
      status: 500,
      delayMs: 0,
      jitterMs: 0,
      probability: 1,
      count: 2,
      when: 'before',
      enabled: true,
    });
    expect([a.pickFault(req), a.pickFault(req), a.pickFault(req)].map((r) => r?.id ?? null)).toEqual(['twice', 'twice', null]);
    expect(a.listFaults()[0]).toMatchObject({ fired: 2, count: 0 });
    expect(a.pickFault({ ...req, operationId: 'getMachine' })).toBeNull();
  });

  it('the log keeps the newest entries, newest first', () => {
    const a = new RestAdmin(1);
    for (let i = 0; i < 3; i++) {
      a.log({
        wallTime: '',
        api: 'rest',
        method: 'GET',
        path: `/p${i}`,
        operation: null,
        status: 200,
        durationMs: 1,
        bytes: 2,
        caller: 'x',
        fault: null,
        errorKey: null,
      });
    }
    expect(a.listLog().entries.map((e) => e.path)).toEqual(['/p2', '/p1', '/p0']);
    expect(a.listLog(2).entries.map((e) => e.id)).toEqual([3]);
  });
});

describe('send-message text', () => {
  it('its first line is the title, the rest the body (not the whole text again)', () => {
    expect(titleAndBody('  Patch tonight\r\nSave your work.\nThanks ')).toEqual({ title: 'Patch tonight', body: 'Save your work.\nThanks' });
    expect(titleAndBody('Reboot at 18:00')).toEqual({ title: 'Reboot at 18:00', body: '' });
    const long = 'x'.repeat(130);
    expect(titleAndBody(`${long}\nmore`)).toEqual({ title: `${'x'.repeat(119)}…`, body: `${long}\nmore` });
  });
});
