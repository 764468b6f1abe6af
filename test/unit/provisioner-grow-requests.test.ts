import { describe, expect, it } from 'vitest';
import { generateLab } from '../../src-main/core/lab/generate.ts';
import { Engine } from '../../src-main/core/engine/engine.ts';
import { Remap, sameIds } from '../../src-main/core/engine/durable/remap.ts';

// On-demand pools' requests for machines are part of the engine's saved state (issue 12: the run up to
// the tick that asked is written one flush before the machines are created). A saved state may come
// from a lab file a user hands us: what it asks for is read with care.

function engine(): Engine {
  return new Engine(generateLab('small', 1), { seed: 1 });
}

describe('Provisioner grow requests, saved and read back', () => {
  it('none under way: nothing saved (the section stays out of the store)', () => {
    expect(engine().provisioner.save()).toBeUndefined();
  });

  it('round-trips a request; one for a pool deleted since is dropped', () => {
    const e = engine();
    const p = e.ids().pool.indexOf('pool-4'); // the small lab's on-demand pool: 4 machines of at most 8
    const room = (e.st.pMax[p] as number) - (e.st.pDesktops[p] as Int32Array).length;
    expect(room, 'the on-demand pool has room to grow').toBeGreaterThan(1);
    e.provisioner.growRequests.set(p, 2);
    const saved = e.provisioner.save();
    expect(saved).toEqual([[p, 2]]);
    const next = engine();
    next.provisioner.load(saved, sameIds(next.ids()));
    expect([...next.provisioner.growRequests]).toEqual([[p, 2]]);
    const ids = next.ids();
    const from = { ...ids, pool: [...ids.pool] };
    // A request for a pool that is gone is dropped.
    const gone = { ...ids, pool: ids.pool.filter((_, i) => i !== p) };
    next.provisioner.load(saved, new Remap(from, gone));
    expect(next.provisioner.growRequests.size).toBe(0);
  });

  it('an untrusted state: junk is ignored, and no request goes past the pool maximum', () => {
    const e = engine();
    const p = e.ids().pool.indexOf('pool-4');
    const room = (e.st.pMax[p] as number) - (e.st.pDesktops[p] as Int32Array).length;
    expect(room).toBeGreaterThan(0);
    const junk = [[p, 1e9], [-1, 3], [p + 1000, 3], ['pool-1', 3], [0, 0], [0, 1.5], 'x', null] as unknown as [number, number][];
    e.provisioner.load(junk, sameIds(e.ids()));
    expect([...e.provisioner.growRequests]).toEqual([[p, room]]);
    e.provisioner.load({ not: 'a list' } as unknown as [number, number][], sameIds(e.ids()));
    expect(e.provisioner.growRequests.size).toBe(0);
  });
});
