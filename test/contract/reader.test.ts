import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src-main/contract/errors.ts';
import { methods } from '../../src-main/contract/methods.ts';
import { LAB_FILE } from '../../src-main/host/host.ts';
import { openLabReader, READER_METHODS, type LabReader } from '../../src-main/host/runner/reader.ts';
import { startWorkerHost, type WorkerHost } from '../../src-main/host/runner/worker-host.ts';
import { tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// Issues 15 and 18: the front's read-only reader (host/runner/reader.ts) answers the SQL-only lists
// from its own read-only connection. It must give what the host's dispatcher gives once the host has
// committed (a flush, a mutation, a clock step), refuse to write in any way, and leave everything it
// cannot answer as the host would (refusals, errors) to the host.

/** One input per reader method that exercises its filters and paging. */
const INPUTS: Record<(typeof READER_METHODS)[number], unknown[]> = {
  'desktop-detail-list': [
    {},
    { sessionType: 'single-session', limit: 50, offset: 20 },
    { namePrefix: 'a', orderBy: 'hostName', desc: true },
    { states: ['AVAILABLE', 'CONNECTED'], limit: 10 },
  ],
  'desktop-list': [{}],
  'pool-list': [{}],
  'task-list': [{}, { active: true }],
  'event-page': [{ limit: 200 }, { limit: 50, offset: 30 }],
  'pool-assigned-counts': [{}],
};

describe('the read-only reader, in-process host', () => {
  let lab: TempLab;
  let reader: LabReader;
  const call = { user: 'CORP\\reader-test' };

  beforeAll(async () => {
    lab = tempLab('small', 7);
    // Into the morning: sessions, machines connected and in other states, events, tasks.
    const stepped = await lab.host.dispatch('clock-step', { seconds: 2 * 3600 });
    expect(stepped.ok).toBe(true);
    reader = openLabReader(lab.dir);
  }, 180_000);
  afterAll(() => {
    reader?.close();
    lab?.dispose();
  });

  it('serves only methods that read, and every one of them reads with the read permission', () => {
    for (const m of READER_METHODS) {
      expect(methods[m].mutates, m).toBe(false);
      expect(methods[m].permission, m).toBe('read');
    }
  });

  it('gives the same answers as the host after a commit', async () => {
    for (const [method, inputs] of Object.entries(INPUTS)) {
      for (const input of inputs) {
        const want = await lab.host.dispatch(method, input, call);
        const got = await reader.dispatch(method, input, call);
        expect(want.ok, `${method} ${JSON.stringify(input)}`).toBe(true);
        expect(got, `${method} ${JSON.stringify(input)}`).toEqual(want);
      }
    }
    // Not a trivially empty lab: the comparison covered rows.
    const d = (await reader.dispatch('desktop-detail-list', {}, call)) as Reply<{ total: number; rows: { sessionId: string | null }[] }>;
    expect(d.ok && d.result.total).toBeGreaterThan(50);
    expect(d.ok && d.result.rows.some((r) => r.sessionId !== null)).toBe(true);
  });

  it('sees a committed change at once (the host wrote it in its own connection)', async () => {
    const before = (await reader.dispatch('desktop-list', {}, call)) as Reply<{ rows: { id: string; state: string }[] }>;
    if (!before.ok) throw new Error('no list');
    const target = before.result.rows.find((d) => d.state === 'AVAILABLE') ?? before.result.rows[0];
    if (!target) throw new Error('no desktop');
    const set = await lab.host.dispatch('desktop-set-maintenance', { id: target.id, maintenance: true }, call);
    expect(set.ok).toBe(true);
    const after = (await reader.dispatch('desktop-list', {}, call)) as Reply<{ rows: { id: string; state: string }[] }>;
    expect(after.ok && after.result.rows.find((d) => d.id === target.id)?.state).toBe('MAINTENANCE');
    expect(after).toEqual(await lab.host.dispatch('desktop-list', {}, call));
  });

  it('cannot write: not through the contract, not through its connection', async () => {
    const file = join(lab.dir, LAB_FILE);
    const size = readFileSync(file).length;
    const desktops = (await lab.host.dispatch('desktop-list', {}, call)) as Reply<{ rows: { id: string }[] }>;
    const id = desktops.ok ? desktops.result.rows[0]?.id : undefined;
    // A mutating method is not one the reader answers: the host gets it.
    expect(await reader.dispatch('desktop-set-maintenance', { id, maintenance: true }, call)).toBeNull();
    expect(await reader.dispatch('clock-set', { speed: 'max' }, call)).toBeNull();
    // Nor any read that needs the simulation's memory.
    expect(await reader.dispatch('session-list', {}, call)).toBeNull();
    const db = reader.db;
    if (!db) throw new Error('the reader has no connection');
    expect(db.readonly).toBe(true);
    expect(db.pragma('query_only', { simple: true })).toBe(1);
    expect(() => db.prepare("UPDATE desktops SET name = 'x' WHERE id = ?").run(id)).toThrow(/readonly|read-only|query_only/i);
    expect(() => db.exec('CREATE TABLE reader_was_here (x)')).toThrow(/readonly|read-only|query_only/i);
    expect(() => db.pragma('query_only = OFF')).not.toThrow(); // even with query_only off, the connection itself is read-only
    expect(() => db.exec('DELETE FROM events')).toThrow(/readonly|read-only/i);
    db.pragma('query_only = ON');
    expect(readFileSync(file).length).toBe(size);
  });

  it('leaves refusals and errors to the host (which answers and audits them)', async () => {
    expect(await reader.dispatch('desktop-detail-list', { limit: -1 }, call)).toBeNull(); // invalid input
    expect(await reader.dispatch('desktop-detail-list', { nope: 1 }, call)).toBeNull();
    expect(await reader.dispatch('pool-list', {}, { user: 'nobody', role: null })).toBeNull(); // not signed in
    expect(await reader.dispatch('no-such-method', {}, call)).toBeNull();
    // A signed-in role with the read permission is answered.
    expect((await reader.dispatch('pool-list', {}, { user: 'ro', role: 'read-only' }))?.ok).toBe(true);
  });
});

describe('the read-only reader behind the worker host', () => {
  let dir: string;
  let host: WorkerHost;

  beforeAll(async () => {
    dir = tempDir('vdi-reader-worker-');
    host = await startWorkerHost({ dataDir: join(dir, 'lab'), lab: 'small', seed: 3, user: 'CORP\\reader-test', reader: true });
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("a change answered by the worker is in the reader's next answer, and refusals still come from the worker", async () => {
    const list = (await host.dispatch('desktop-list', {})) as Reply<{ rows: { id: string; state: string }[] }>;
    if (!list.ok) throw new Error('no list');
    const target = list.result.rows.find((d) => d.state !== 'MAINTENANCE');
    if (!target) throw new Error('no desktop');
    expect((await host.dispatch('desktop-set-maintenance', { id: target.id, maintenance: true })).ok).toBe(true);
    const answered = host.readerAnswers;
    const after = (await host.dispatch('desktop-detail-list', { ids: [target.id] })) as Reply<{ rows: { state: string }[] }>;
    expect(after.ok && after.result.rows[0]?.state).toBe('MAINTENANCE');
    expect(host.readerAnswers).toBe(answered + 1); // the reader answered it, not the worker
    const bad = await host.dispatch('desktop-detail-list', { limit: 0 });
    expect(bad.ok).toBe(false);
    expect(host.readerAnswers).toBe(answered + 1);
    expect(!bad.ok && bad.error.code).toBe('invalid-input');
    // The refusal is on the audit trail (the worker answered it).
    const audit = (await host.dispatch('audit-list', { method: 'desktop-detail-list' })) as Reply<{ rows: { outcome: string }[] }>;
    expect(audit.ok && audit.result.rows.some((r) => r.outcome === 'error')).toBe(true);
  });

  it('while a past moment is open read-only (replay view), reads show that moment: the worker answers them', async () => {
    const clock = (await host.dispatch('clock-get', {})) as Reply<{ simTime: string }>;
    if (!clock.ok) throw new Error('no clock');
    const before = clock.result.simTime;
    expect((await host.dispatch('clock-step', { seconds: 600 })).ok).toBe(true);
    const list = (await host.dispatch('desktop-detail-list', { states: ['AVAILABLE'] })) as Reply<{ rows: { id: string }[] }>;
    const id = list.ok ? list.result.rows[0]?.id : undefined;
    if (!id) throw new Error('no available desktop');
    expect((await host.dispatch('desktop-set-maintenance', { id, maintenance: true })).ok).toBe(true);
    const state = async () => {
      const r = (await host.dispatch('desktop-detail-list', { ids: [id] })) as Reply<{ rows: { state: string }[] }>;
      return r.ok ? r.result.rows[0]?.state : r.error.code;
    };
    expect(await state()).toBe('MAINTENANCE');
    const opened = await host.dispatch('replay-view-open', { at: before });
    expect(opened.ok, JSON.stringify(opened)).toBe(true);
    const answered = host.readerAnswers;
    expect(await state()).not.toBe('MAINTENANCE'); // the moment before the change, from the view's scratch lab
    expect(host.readerAnswers).toBe(answered);
    expect((await host.dispatch('replay-view-close', { resume: false })).ok).toBe(true);
    expect(await state()).toBe('MAINTENANCE');
    expect(host.readerAnswers).toBe(answered + 1);
  }, 120_000);
});
