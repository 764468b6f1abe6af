import { afterEach, describe, expect, it } from 'vitest';
import { contentDigest, tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// Issue #14: "a new manual pool is always empty and nothing adds machines to it".
// pool-add-machines adds existing machines to a manual pool, up to its maximum; anything else is
// refused with a structured error and writes nothing.

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});

/** A new, empty manual pool of at most 3 machines on the small lab's cluster. */
async function emptyManualPool(lab: TempLab) {
  return lab.client.call('pool-create', {
    name: 'RECEPTION',
    displayName: 'Reception PCs',
    kind: 'manual',
    assignment: 'dedicated',
    namingPattern: 'RCP-{n:2}',
    minMachines: 0,
    maxMachines: 3,
    spareMachines: 0,
    clusterId: 'cl-1',
    datastoreIds: ['ds-1'],
    networkId: 'net-3',
  });
}

describe('pool-add-machines', () => {
  it('adds available machines to a manual pool, logs it, and they survive a restart', async () => {
    const dir = tempDir();
    const lab = tempLab('small', 1, dir);
    const pool = await emptyManualPool(lab);
    expect(pool.machineCount).toBe(0);

    const res = await lab.client.call('pool-add-machines', { id: pool.id, count: 2 });
    expect(res.added).toEqual(['RCP-01', 'RCP-02']);
    const after = await lab.client.call('pool-get', { id: pool.id });
    expect(after.machineCount).toBe(2);
    const rows = (await lab.client.call('desktop-list', { poolId: pool.id })).rows;
    expect(rows.map((r) => [r.name, r.state, r.powerState]).sort()).toEqual([
      ['RCP-01', 'AVAILABLE', 'poweredOn'],
      ['RCP-02', 'AVAILABLE', 'poweredOn'],
    ]);
    const events = (await lab.client.call('event-list', { objectKind: 'pool', limit: 3 })).rows.map((e) => e.message);
    expect(events[0]).toMatch(/Added 2 existing machine\(s\) to manual pool RECEPTION: RCP-01, RCP-02/);

    // On disk, not only in memory: a new host on the same folder sees them.
    lab.host.close();
    const again = tempLab('small', 1, dir);
    labs.push(again);
    expect((await again.client.call('pool-get', { id: pool.id })).machineCount).toBe(2);
    // The simulation keeps them: an hour later they are still there and usable.
    await again.client.call('clock-step', { seconds: 3600 });
    const later = (await again.client.call('desktop-list', { poolId: pool.id })).rows;
    expect(later).toHaveLength(2);
    for (const r of later) expect(['AVAILABLE', 'CONNECTED', 'DISCONNECTED']).toContain(r.state);
  });

  it('refuses more than the maximum, automated pools and bad counts, and changes nothing', async () => {
    const lab = tempLab('small', 1);
    labs.push(lab);
    const pool = await emptyManualPool(lab);
    await lab.client.call('pool-add-machines', { id: pool.id, count: 2 });
    const automated = (await lab.client.call('pool-list', {})).find((p) => p.kind !== 'manual')!;

    const cases: { input: unknown; code: string; path: (string | number)[]; message?: RegExp }[] = [
      { input: { id: pool.id, count: 2 }, code: 'conflict', path: ['count'], message: /has 2 of at most 3 machines: 2 more would exceed its maximum/ },
      { input: { id: automated.id, count: 1 }, code: 'conflict', path: ['id'], message: /is an automated pool/ },
      { input: { id: pool.id, count: 0 }, code: 'invalid-input', path: ['count'] },
      { input: { id: pool.id, count: 101 }, code: 'invalid-input', path: ['count'] },
      { input: { id: pool.id, count: 1.5 }, code: 'invalid-input', path: ['count'] },
      { input: { id: pool.id, count: 1, extra: true }, code: 'invalid-input', path: [] },
      { input: { id: 'pool-404', count: 1 }, code: 'not-found', path: ['id'] },
    ];
    const db = lab.peek();
    try {
      for (const c of cases) {
        const before = contentDigest(db);
        const reply = await lab.host.dispatch('pool-add-machines', c.input);
        expect(reply.ok, JSON.stringify(c.input)).toBe(false);
        if (reply.ok) continue;
        expect(reply.error.code, JSON.stringify(c.input)).toBe(c.code);
        if (c.path.length) expect(reply.error.path).toEqual(c.path);
        if (c.message) expect(reply.error.message).toMatch(c.message);
        expect(contentDigest(db), JSON.stringify(c.input)).toBe(before);
      }
    } finally {
      db.close();
    }
    // The one machine that still fits is accepted.
    expect((await lab.client.call('pool-add-machines', { id: pool.id, count: 1 })).added).toEqual(['RCP-03']);
  });
});
