import { describe, expect, it } from 'vitest';
import { generateLab } from '../../src-main/core/lab/generate.ts';
import { Engine, P } from '../../src-main/core/engine/engine.ts';
import { datastoreFreeGb } from '../../src-main/core/engine/state.ts';
import { liveSession } from '../../src-main/core/engine/sessions/session-view.ts';
import { FAULT_EFFECTS } from '../../src-main/core/engine/faults/params.ts';

// Thin space (core/engine/faults/space.ts) and the memory-hungry VM, on the engine alone: a fill
// never hands out more than the datastore has, a full datastore stuns its running VMs (with
// hysteresis), the fault's end gives its blocks back, and the state survives a capture/restore.

const engine = () => new Engine(generateLab('small', 1), { seed: 1 });

describe('datastore filling up', () => {
  it('fills to exactly full at most, marks the datastore full, and its end gives the blocks back', () => {
    const e = engine();
    e.advance(3600);
    const s = 0;
    const free0 = datastoreFreeGb(e.st, s);
    const running = [...(e.st.sDesktops[s] ?? [])].filter((d) => e.st.dPower[d] === P.poweredOn);
    expect(running.length).toBeGreaterThan(0);
    // Twice the free space per hour: full after about half an hour.
    const f = e.faults.inject('datastore-fill', s, { rateGbPerHour: free0 * 2 }, e.t, null, e.t);
    e.advance(600);
    const free1 = datastoreFreeGb(e.st, s);
    expect(free0 - free1).toBeGreaterThan((free0 * 2) / 6 - 1);
    expect(e.faults.sFull[s]).toBe(0);
    e.advance(3600);
    expect(datastoreFreeGb(e.st, s)).toBeGreaterThanOrEqual(-1e-3); // never past the capacity
    expect(datastoreFreeGb(e.st, s)).toBeLessThan(FAULT_EFFECTS.stunFreeGb);
    expect(e.faults.sFull[s]).toBe(1);
    const stunned = running.filter((d) => e.st.dPower[d] === P.poweredOn);
    expect(stunned.every((d) => e.faults.space.stunned(d))).toBe(true);
    // Saved and restored: still full, and the blocks the fault wrote are remembered.
    const again = new Engine(e.lab, { seed: 1, restore: e.capture() });
    expect(again.faults.sFull[s]).toBe(1);
    expect([...again.faults.space.dFillGb]).toEqual([...e.faults.space.dFillGb]);
    again.faults.clear(f.id, again.t);
    again.advance(60);
    expect(datastoreFreeGb(again.st, s)).toBeGreaterThan(free0 - 50); // back near where it was (the VMs' own growth aside)
    expect(again.faults.sFull[s]).toBe(0);
    expect(again.faults.space.dFillGb.every((x) => x === 0)).toBe(true);
  });

  it('a full datastore stays full until twice the stun threshold is free (no flapping)', () => {
    const e = engine();
    e.advance(600);
    const s = 1;
    const d = [...(e.st.sDesktops[s] ?? [])].find((x) => e.st.dPower[x] === P.poweredOn) ?? -1;
    expect(d).toBeGreaterThanOrEqual(0);
    // Take the datastore to 0.05 GB free by hand (as snapshot deltas would).
    e.st.dUsedGb[d] = (e.st.dUsedGb[d] as number) + datastoreFreeGb(e.st, s) - 0.05;
    e.advance(20);
    expect(e.faults.sFull[s]).toBe(1);
    e.st.dUsedGb[d] = (e.st.dUsedGb[d] as number) - FAULT_EFFECTS.stunFreeGb; // 0.15 GB free: above the threshold, below twice it
    e.advance(20);
    expect(e.faults.sFull[s]).toBe(1);
    e.st.dUsedGb[d] = (e.st.dUsedGb[d] as number) - FAULT_EFFECTS.stunFreeGb; // 0.25 GB free
    e.advance(20);
    expect(e.faults.sFull[s]).toBe(0);
  });
});

describe('memory-hungry VM', () => {
  it('adds its reservation to the host’s consumed memory while active', () => {
    const e = engine();
    e.advance(600);
    const before = e.hMemMb[1] as number;
    const f = e.faults.inject('host-memory-hog', 1, { reservedGb: 100 }, e.t, null, e.t);
    e.advance(20);
    expect((e.hMemMb[1] as number) - before).toBeGreaterThan(100 * 1024 - 2048);
    e.faults.clear(f.id, e.t);
    e.advance(20);
    expect(Math.abs((e.hMemMb[1] as number) - before)).toBeLessThan(2048);
  });

  it('a stunned VM demands no CPU, I/O or bandwidth, its sessions show frozen, and the broker places no new logon on it', () => {
    const e = engine();
    e.checkLoad = true; // the kept-up-to-date desktop pass against a full recount, every pass
    e.advance(3 * 3600);
    const st = e.st;
    const S = st.sIopsCap.length;
    // A user without a session, entitled to a pool whose running, available desktops the broker hands out now.
    const users = [...st.uState.keys()].filter((u) => st.uState[u] === 0);
    const before = users.map((u) => e.broker.choose(u, {})).find((c) => c.ok && st.dPower[c.desktop] === P.poweredOn);
    expect(before).toBeDefined();
    const running = [...st.dPower.keys()].filter((d) => st.dPower[d] === P.poweredOn);
    expect(running.some((d) => (e.dDemandMhz[d] as number) > 0 && (e.dIops[d] as number) > 0)).toBe(true);
    // Every datastore taken to 0.05 GB free by hand (as snapshot deltas would): every running VM is stunned.
    for (let s = 0; s < S; s++) {
      const d = [...(st.sDesktops[s] ?? [])][0];
      if (d === undefined) continue;
      st.dUsedGb[d] = (st.dUsedGb[d] as number) + datastoreFreeGb(st, s) - 0.05;
    }
    e.advance(20);
    const stunned = [...st.dPower.keys()].filter((d) => e.faults.space.stunned(d));
    expect(stunned.length).toBeGreaterThan(0);
    for (const d of stunned) {
      expect(e.dDemandMhz[d]).toBe(0);
      expect(e.dIops[d]).toBe(0);
    }
    // What is left on the hosts is the hypervisor's own work: no VM's demand.
    const vmDemand = stunned.reduce((x, d) => x + (e.dDemandMhz[d] as number), 0);
    expect(vmDemand).toBe(0);
    // The sessions on them stay, frozen.
    const onStunned = [...st.uState.keys()].filter((v) => st.uState[v] !== 0 && e.faults.space.stunned(st.uDesktop[v] as number));
    expect(onStunned.length).toBeGreaterThan(0);
    for (const v of onStunned) expect(liveSession(e, v)?.frozen).toBe(true);
    // No new logon goes to a stunned VM (a powered-off desktop the broker would power on is still fine).
    for (const v of users) {
      if (st.uState[v] !== 0) continue;
      const c = e.broker.choose(v, {});
      if (c.ok) expect(e.faults.space.stunned(c.desktop)).toBe(false);
    }
    // Space freed: the VMs resume their demand.
    for (let s = 0; s < S; s++) {
      const d = [...(st.sDesktops[s] ?? [])][0];
      if (d === undefined) continue;
      st.dUsedGb[d] = (st.dUsedGb[d] as number) - 10;
    }
    e.advance(60);
    expect(stunned.some((d) => st.dPower[d] === P.poweredOn && (e.dDemandMhz[d] as number) > 0)).toBe(true);
  });
});
