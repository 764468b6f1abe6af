import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src-main/contract/index.ts';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// Issue 16: the events list pages past 1,000 (a cursor, or an offset) and orders newest first by
// (simulated time, the order written), right within a second too.

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});

const inOrder = (rows: LabEvent[]) =>
  rows.every(
    (e, i) =>
      i === 0 || (rows[i - 1] as LabEvent).simTime > e.simTime || ((rows[i - 1] as LabEvent).simTime === e.simTime && (rows[i - 1] as LabEvent).id > e.id),
  );

describe('the events list', () => {
  it('pages past 1,000 by cursor and by offset, the same rows in the same order, none twice, none left out', async () => {
    const l = tempLab('small', 1);
    labs.push(l);
    const c = l.client;
    await c.call('clock-step', { seconds: 1800 }); // the engine's events, at their simulated times
    // 1,300 audit lines, many in the same simulated second.
    for (let i = 0; i < 650; i++) {
      await c.call('clock-set', { speed: '60' });
      await c.call('clock-set', { speed: 'paused' });
      if (i % 100 === 0) await c.call('clock-step', { seconds: 1 });
    }
    const first = await c.call('event-list', { limit: 1000 });
    expect(first.total).toBeGreaterThan(1300);
    expect(first.rows).toHaveLength(1000);
    const pages = [...first.rows];
    while (pages.length < first.total) {
      const next = await c.call('event-list', { limit: 1000, beforeId: (pages[pages.length - 1] as LabEvent).id });
      expect(next.rows.length).toBeGreaterThan(0);
      pages.push(...next.rows);
    }
    expect(new Set(pages.map((e) => e.id)).size).toBe(first.total);
    expect(inOrder(pages)).toBe(true);
    const byOffset = [...(await c.call('event-list', { limit: 1000 })).rows, ...(await c.call('event-list', { limit: 1000, offset: 1000 })).rows];
    expect(byOffset.map((e) => e.id)).toEqual(pages.slice(0, byOffset.length).map((e) => e.id));
    // Newest first within a second: of two lines of the same second, the one written later comes first.
    const same = pages.filter((e) => e.simTime === (pages[0] as LabEvent).simTime);
    expect(same.length).toBeGreaterThan(1);
    expect(same.map((e) => e.id)).toEqual([...same.map((e) => e.id)].sort((a, b) => b - a));
    // Filters page the same way.
    const audit = await c.call('event-list', { type: 'audit-success', limit: 1000 });
    const rest = await c.call('event-list', { type: 'audit-success', limit: 1000, beforeId: (audit.rows[999] as LabEvent).id });
    expect(audit.rows.length + rest.rows.length).toBe(audit.total);
    expect(rest.rows.every((e) => e.type === 'audit-success')).toBe(true);
  }, 300_000);

  it('orders by simulated time, not by the order rows were written: an older event written later sorts below newer ones', async () => {
    const l = tempLab('small', 1);
    labs.push(l);
    const c = l.client;
    await c.call('clock-step', { seconds: 3600 });
    const newest = (await c.call('event-list', { limit: 1 })).rows[0] as LabEvent;
    // A row written last but stamped the evening before (a late note; here written beside the host).
    const db = new Database(l.host.dbPath);
    const late = Number(
      db
        .prepare(
          `INSERT INTO events (sim_time, wall_time, type, severity, object_kind, user, message) VALUES ('2026-01-04T18:00:00.000Z', ?, 'info', 'info', 'lab', 'system', 'written late')`,
        )
        .run(new Date().toISOString()).lastInsertRowid,
    );
    db.close();
    expect(late).toBeGreaterThan(newest.id);
    const rows = (await c.call('event-list', { limit: 5000 })).rows;
    expect(rows[0]?.id).toBe(newest.id);
    expect(inOrder(rows)).toBe(true);
    expect(rows[rows.length - 1]?.id).toBe(late); // the oldest, though written last
  }, 300_000);

  it('refuses a cursor that names no event, changing nothing', async () => {
    const l = tempLab('small', 1);
    labs.push(l);
    const reply = await l.host.dispatch('event-list', { beforeId: 987654 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-found', path: ['beforeId'] } });
  });
});
