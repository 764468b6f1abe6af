import { describe, expect, it } from 'vitest';
import { capacityFor, capacityOf, grown, reserveDesktops } from '../../src-main/core/engine/desktop-capacity.ts';
import { MACHINE_STATES, POWER_STATES } from '../../src-main/contract/entities.ts';
import { Engine, M } from '../../src-main/core/engine/engine.ts';
import { bytesOf, type EngineSnapshot } from '../../src-main/core/engine/durable/state.ts';
import type { EngineEvent } from '../../src-main/core/engine/events.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';
import type { LabModel } from '../../src-main/core/lab/model.ts';

// Issue 12: per-desktop arrays keep spare room behind their live length, so an on-demand pool that
// grows copies nothing, while every reader (and the durable state) sees exactly the live length.

describe('grown: per-desktop arrays with spare room', () => {
  it('lengthens a view over its own buffer in place, filling the new entries', () => {
    const exact = new Float64Array([1, 2, 3]);
    expect(grown(exact, 3)).toBe(exact); // nothing to add: the array itself
    const a = grown(exact, 4).subarray(0, 3).slice(); // an exact copy again
    expect(capacityOf(a)).toBe(3);
    let r = a;
    reserveDesktops(() => (r = grown(r, 3)));
    expect(r.length).toBe(3);
    expect(capacityOf(r)).toBe(capacityFor(3));
    const b = grown(r, 5, 7);
    expect(b.buffer).toBe(r.buffer);
    expect(Array.from(b)).toEqual([1, 2, 3, 7, 7]);
    expect(b.byteLength).toBe(5 * 8);
    const c = grown(b, 6); // a zero fill is written too: the room may hold what an older view wrote
    new Float64Array(c.buffer)[6] = 99;
    expect(Array.from(grown(c, 7))).toEqual([1, 2, 3, 7, 7, 0, 0]);
  });

  it('copies into a new buffer with room when the room runs out, keeping entries and fill', () => {
    let a = new Int32Array([4, 5]);
    reserveDesktops(() => (a = grown(a, 2)));
    const n = capacityOf(a) + 1;
    const b = grown(a, n, -1);
    expect(b.buffer).not.toBe(a.buffer);
    expect(b.length).toBe(n);
    expect(capacityOf(b)).toBe(capacityFor(n));
    expect([b[0], b[1], b[2], b[n - 1]]).toEqual([4, 5, -1, -1]);
  });

  it('never lengthens a view of a buffer it did not allocate (its tail may be someone else’s)', () => {
    const whole = new Uint8Array([1, 2, 3, 4]);
    const head = whole.subarray(0, 2);
    const b = grown(head, 3);
    expect(b.buffer).not.toBe(whole.buffer);
    expect(Array.from(b)).toEqual([1, 2, 0]);
    expect(Array.from(whole)).toEqual([1, 2, 3, 4]);
  });

  it('reserveDesktops gives an array without room its room, and leaves one with room as it is', () => {
    const exact = new Float32Array([1, 2]);
    let r = exact;
    reserveDesktops(() => (r = grown(r, 2)));
    expect(r).not.toBe(exact);
    expect(capacityOf(r)).toBe(capacityFor(2));
    const again = r;
    reserveDesktops(() => (r = grown(r, 2)));
    expect(r).toBe(again);
  });
});

/** The small lab after ten minutes, and two machines of its on-demand pool-4 to add. */
function withTwoMore(k0 = 1) {
  const lab = generateLab('small', 1);
  const e = new Engine(lab, { seed: 1, tickSeconds: 1 });
  e.checkLoad = true;
  e.advance(600);
  return { e, lab, more: (l: LabModel) => added(l, e.t, k0) };
}

function added(lab: LabModel, t: number, k0: number): { lab: LabModel; added: LabModel['desktops'] } {
  const model = lab.desktops.find((d) => d.poolId === 'pool-4');
  if (!model) throw new Error('the small lab has an on-demand pool-4');
  const more = [k0, k0 + 1].map((k) => ({
    ...model,
    id: `vm-new-${k}`,
    name: `DEV-NEW-${k}`,
    state: 'PROVISIONING' as const,
    powerState: 'poweredOff' as const,
    usedGb: 0,
    assignedUserId: null,
    stateSince: new Date(t * 1000).toISOString(),
    problem: null,
  }));
  return { lab: { ...lab, desktops: [...lab.desktops, ...more] }, added: more };
}

/** The lab as the store holds it after a flush: the machine and host columns the engine writes back (app/simulation.ts currentLab). */
function asStored(e: Engine): LabModel {
  const st = e.st;
  const desktops = e.lab.desktops.map((d, i) => ({
    ...d,
    state: MACHINE_STATES[st.dState[i] as number] ?? d.state,
    powerState: POWER_STATES[st.dPower[i] as number] ?? d.powerState,
    assignedUserId: (st.dOwner[i] as number) >= 0 ? (st.ids.users[st.dOwner[i] as number] ?? null) : null,
    imageVersionId: (st.dVersion[i] as number) >= 0 ? (st.ids.versions[st.dVersion[i] as number] ?? null) : null,
    hostId: st.ids.hosts[st.dHost[i] as number] ?? d.hostId,
    usedGb: st.dUsedGb[i] as number,
    problem: st.dProblem.get(i) ?? null,
    stateSince: new Date((st.dSince[i] as number) * 1000).toISOString(),
  }));
  const hosts = e.lab.hosts.map((h, i) => ({ ...h, powerState: st.hOn[i] === 1 ? ('poweredOn' as const) : ('poweredOff' as const) }));
  return { ...e.lab, desktops, hosts };
}

/** Every durable array's bytes, by name (what a lab file holds of the engine's arrays). */
function bytes(snap: EngineSnapshot<EngineEvent>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, a] of snap.arrays) out.set(name, Buffer.from('raw' in a ? a.raw : bytesOf(a)).toString('hex'));
  return out;
}

describe('machines added to a running engine copy no per-desktop array', () => {
  it('keeps every per-desktop buffer, and every array holds exactly the live desktops', () => {
    const { e, more } = withTwoMore();
    const desktopArrays = () => e.durableArrays().filter((a) => a.domain === 'desktop');
    const before = new Map(desktopArrays().map((a) => [a.name, a.array.buffer]));
    const scratch = [e.st.dPower.buffer, e.st.dPool.buffer, e.dDemandMhz.buffer, e.sessionLoad.dCpuVix.buffer, e.guestMem.dDeficit.buffer];
    const n0 = e.st.dPower.length;
    const grow = more(e.lab);
    e.addDesktops(grow.lab, grow.added);
    e.updateLoad();
    expect(e.st.dPower.length).toBe(n0 + 2);
    for (const a of desktopArrays()) {
      expect(a.array.buffer, a.name).toBe(before.get(a.name));
      expect(a.array.length, a.name).toBe((n0 + 2) * (a.stride ?? 1));
    }
    expect([e.st.dPower.buffer, e.st.dPool.buffer, e.dDemandMhz.buffer, e.sessionLoad.dCpuVix.buffer, e.guestMem.dDeficit.buffer]).toEqual(scratch);
    for (const a of e.storedArrays()) expect(a.array.byteLength, a.name).toBe(a.array.length * a.array.BYTES_PER_ELEMENT);
  });

  it('an engine that grew twice and one built from its saved state run on the same, bit for bit', () => {
    const { e, more } = withTwoMore();
    const first = more(e.lab);
    e.addDesktops(first.lab, first.added);
    for (let p = 0; p < e.st.pDesktops.length; p++) e.provisioner.fill(p, e.t);
    e.updateLoad(); // checkLoad: the incremental pass equals one afresh
    e.advance(300);
    const second = added(e.lab, e.t, 3);
    e.addDesktops(second.lab, second.added);
    for (let p = 0; p < e.st.pDesktops.length; p++) e.provisioner.fill(p, e.t);
    e.updateLoad();
    const reopened = new Engine(asStored(e), { seed: 1, tickSeconds: 1, restore: e.capture() });
    reopened.checkLoad = true;
    expect(bytes(reopened.capture())).toEqual(bytes(e.capture()));
    expect(Array.from(reopened.sLatencyMs)).toEqual(Array.from(e.sLatencyMs));
    e.advance(1800);
    reopened.advance(1800);
    expect(bytes(reopened.capture())).toEqual(bytes(e.capture()));
    expect(JSON.stringify(reopened.capture().doc)).toBe(JSON.stringify(e.capture().doc));
    const n = e.st.dPower.length;
    expect([e.st.dState[n - 4], e.st.dState[n - 1]]).toEqual([M.AVAILABLE, M.AVAILABLE]);
    expect(Array.from(reopened.hCpuPct)).toEqual(Array.from(e.hCpuPct));
  });

  it('updateLoad after growth gives the figures refreshLoad gives', () => {
    const a = withTwoMore();
    const b = withTwoMore();
    for (const x of [a, b]) {
      const g = x.more(x.e.lab);
      x.e.addDesktops(g.lab, g.added);
      for (let p = 0; p < x.e.st.pDesktops.length; p++) x.e.provisioner.fill(p, x.e.t);
    }
    a.e.updateLoad();
    b.e.refreshLoad();
    for (const k of ['hDemandMhz', 'hMemMb', 'hKbps', 'hCpuPct', 'hReadyPct', 'sIops', 'sLatencyMs', 'dDemandMhz', 'dIops'] as const) {
      expect(Array.from(a.e[k]), k).toEqual(Array.from(b.e[k]));
    }
    expect(a.e.desktopLoad.computed).toBeLessThan(b.e.desktopLoad.computed);
  });
});
