import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopDetailRow } from '../../src-main/contract/rest-entities.ts';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// desktop-detail-list reads its rows raw (arrays of column values, store/stmt.ts allRaw) and names
// the columns itself (store/desktops.ts detailRow), which is a third of the CPU of a 1,000-machine
// REST page (issue 15's bench). A column out of place would put one field's value under another's
// name: every field is checked here against the tables, read independently through a second connection.

describe('desktop-detail-list rows name every column right', () => {
  let lab: TempLab;
  beforeAll(async () => {
    lab = tempLab('default', 3);
    expect((await lab.host.dispatch('clock-step', { seconds: 2 * 3600 })).ok).toBe(true); // sessions on many machines
  });
  afterAll(() => lab.dispose());

  it('matches the desktops, pools, hosts, datastores, users and sessions tables field by field', async () => {
    const reply = await lab.host.dispatch('desktop-detail-list', {});
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    const rows = (reply.result as { rows: DesktopDetailRow[] }).rows;
    const db = lab.peek();
    try {
      const d = db.prepare('SELECT * FROM desktops WHERE id = ?');
      const one = (sql: string) => db.prepare(sql);
      const pool = one('SELECT * FROM pools WHERE id = ?');
      const name = { hosts: one('SELECT name FROM hosts WHERE id = ?'), datastores: one('SELECT name FROM datastores WHERE id = ?') };
      const login = one('SELECT login FROM users WHERE id = ?');
      const open = one("SELECT * FROM sessions WHERE desktop_id = ? AND state <> 'logged-off' ORDER BY started_at, id");
      let withSession = 0;
      let assigned = 0;
      for (const r of rows) {
        const t = d.get(r.id) as Record<string, unknown>;
        const p = pool.get(t.pool_id) as Record<string, unknown>;
        const sessions = open.all(r.id) as Record<string, unknown>[];
        const s = sessions[0];
        if (s) withSession++;
        if (t.assigned_user_id) assigned++;
        const expected: DesktopDetailRow = {
          id: t.id as string,
          name: t.name as string,
          poolId: t.pool_id as string,
          poolName: p.name as string,
          poolKind: p.kind as DesktopDetailRow['poolKind'],
          poolAssignment: p.assignment as DesktopDetailRow['poolAssignment'],
          sessionType: p.session_type as DesktopDetailRow['sessionType'],
          hostId: t.host_id as string,
          hostName: (name.hosts.get(t.host_id) as { name: string }).name,
          datastoreId: t.datastore_id as string,
          datastoreName: (name.datastores.get(t.datastore_id) as { name: string }).name,
          state: t.state as DesktopDetailRow['state'],
          powerState: t.power_state as DesktopDetailRow['powerState'],
          assignedUserId: (t.assigned_user_id as string | null) ?? null,
          assignedUserLogin: t.assigned_user_id ? (login.get(t.assigned_user_id) as { login: string }).login : null,
          imageVersionId: (t.image_version_id as string | null) ?? null,
          vcpu: t.vcpu as number,
          ramGb: t.ram_gb as number,
          diskGb: t.disk_gb as number,
          ip: t.ip as string,
          agentVersion: t.agent_version as string,
          problem: (t.problem as string | null) ?? null,
          stateSince: t.state_since as string,
          sessionCount: sessions.length,
          sessionId: (s?.id as string | undefined) ?? null,
          sessionUserId: (s?.user_id as string | undefined) ?? null,
          sessionUserLogin: s ? (login.get(s.user_id) as { login: string }).login : null,
          sessionProtocol: (s?.protocol as DesktopDetailRow['sessionProtocol'] | undefined) ?? null,
          sessionState: (s?.state as DesktopDetailRow['sessionState'] | undefined) ?? null,
        };
        expect(r).toStrictEqual(expected);
        // The same keys in the same order as the contract's type lists them (replies are compared as text elsewhere).
        expect(Object.keys(r)).toEqual(Object.keys(expected));
      }
      // The lab at 09:00 has what the comparison needs to mean something.
      expect(rows.length).toBeGreaterThan(50);
      expect(withSession).toBeGreaterThan(10);
      expect(assigned).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('pages the same rows (a page read raw is the slice of the whole list)', async () => {
    const all = await lab.host.dispatch('desktop-detail-list', { sessionType: 'single-session' });
    const page = await lab.host.dispatch('desktop-detail-list', { sessionType: 'single-session', limit: 25, offset: 40 });
    if (!all.ok || !page.ok) throw new Error('desktop-detail-list failed');
    const whole = all.result as { total: number; rows: DesktopDetailRow[] };
    const part = page.result as { total: number; rows: DesktopDetailRow[] };
    expect(part.total).toBe(whole.total);
    expect(part.rows).toStrictEqual(whole.rows.slice(40, 65));
  });

  // The page's rows are looked up by its ids and put back at their positions (store/desktops.ts
  // detailPage): in every order, the whole list is sorted by the key with ties by name, and pages
  // put end to end are that list.
  it('keeps every order, ascending and descending, page after page', async () => {
    const key: Record<string, (r: DesktopDetailRow) => string> = {
      name: (r) => r.name,
      state: (r) => r.state,
      powerState: (r) => r.powerState,
      poolName: (r) => r.poolName,
      hostName: (r) => r.hostName,
    };
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    for (const orderBy of Object.keys(key)) {
      for (const desc of [false, true]) {
        const all = await lab.host.dispatch('desktop-detail-list', { orderBy: orderBy as never, desc });
        if (!all.ok) throw new Error(JSON.stringify(all.error));
        const whole = (all.result as { total: number; rows: DesktopDetailRow[] }).rows;
        const k = key[orderBy] as (r: DesktopDetailRow) => string;
        const expected = [...whole].sort((a, b) => (desc ? -1 : 1) * cmp(k(a), k(b)) || (orderBy === 'name' ? 0 : cmp(a.name, b.name)));
        expect(whole.map((r) => r.id)).toEqual(expected.map((r) => r.id));
        const pages: DesktopDetailRow[] = [];
        for (let offset = 0; offset < whole.length; offset += 37) {
          const page = await lab.host.dispatch('desktop-detail-list', { orderBy: orderBy as never, desc, limit: 37, offset });
          if (!page.ok) throw new Error(JSON.stringify(page.error));
          pages.push(...(page.result as { rows: DesktopDetailRow[] }).rows);
        }
        expect(pages).toStrictEqual(whole);
      }
    }
  });
});
