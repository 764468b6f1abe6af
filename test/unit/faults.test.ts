import { describe, expect, it } from 'vitest';
import { FAULT_CATALOGUE, FAULT_KINDS, faultMethods } from '../../src-main/contract/fault-methods.ts';
import { LOGON_PHASES } from '../../src-main/contract/session-entities.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';
import { Engine } from '../../src-main/core/engine/engine.ts';

// The fault catalogue (contract) and the effect tables the Faults part recomputes (core/engine/faults).

describe('fault catalogue', () => {
  it('every kind has a target type, a description, and parameters whose defaults sit within their bounds and name a source', () => {
    for (const kind of FAULT_KINDS) {
      const spec = FAULT_CATALOGUE[kind];
      expect(spec.description.length).toBeGreaterThan(40);
      expect(spec.acts.length).toBeGreaterThan(20);
      for (const p of Object.values(spec.params) as { min: number; max: number; default: number; source: string; unit: string }[]) {
        expect(p.min).toBeLessThanOrEqual(p.default);
        expect(p.default).toBeLessThanOrEqual(p.max);
        expect(p.source.length).toBeGreaterThan(10);
        expect(p.unit.length).toBeGreaterThan(0);
      }
    }
  });

  it('the inject schema refuses an unknown kind, a negative delay and a zero duration', () => {
    const input = faultMethods['fault-inject'].input;
    expect(input.safeParse({ kind: 'cpu-hog', targetId: 'pool-1' }).success).toBe(true);
    expect(input.safeParse({ kind: 'meteor' }).success).toBe(false);
    expect(input.safeParse({ kind: 'broker-outage', delaySec: -5 }).success).toBe(false);
    expect(input.safeParse({ kind: 'broker-outage', durationSec: 0 }).success).toBe(false);
    expect(input.safeParse({ kind: 'broker-outage', extra: 1 }).success).toBe(false);
  });
});

describe('effect tables', () => {
  const engine = () => new Engine(generateLab('small', 1), { seed: 1 });
  const defaults = (kind: keyof typeof FAULT_CATALOGUE) =>
    Object.fromEntries(Object.entries(FAULT_CATALOGUE[kind].params).map(([k, p]) => [k, (p as { default: number }).default]));

  it('are neutral with no fault, and each kind sets its own table only while active', () => {
    const e = engine();
    const f = e.faults;
    expect([...f.sCapFactor, ...f.sSvcFactor, ...f.hNicFactor, ...f.phaseFactor].every((x) => x === 1)).toBe(true);
    expect(f.brokerDown || f.hogs || f.sessionCap !== Number.POSITIVE_INFINITY).toBe(false);

    const spike = f.inject('datastore-latency-spike', 0, { serviceFactor: 6 }, e.t, null, e.t);
    expect(f.sSvcFactor[0]).toBe(6);
    expect(f.sSvcFactor[1] ?? 1).toBe(1);
    const two = f.inject('datastore-latency-spike', 0, { serviceFactor: 2 }, e.t, null, e.t);
    expect(f.sSvcFactor[0]).toBe(12); // two spikes on one datastore compound
    f.clear(spike.id, e.t);
    expect(f.sSvcFactor[0]).toBe(2);
    f.clear(two.id, e.t);
    expect(f.sSvcFactor[0]).toBe(1);

    const prof = f.inject('profile-server-slowness', -1, { factor: 5 }, e.t, null, e.t);
    expect(f.phaseFactor[LOGON_PHASES.indexOf('profile-load')]).toBe(5);
    expect(f.phaseFactor[LOGON_PHASES.indexOf('authentication')]).toBe(1);
    f.clear(prof.id, e.t);

    const hog = f.inject('cpu-hog', 0, defaults('cpu-hog'), e.t, null, e.t);
    const inPool = [...(e.st.pDesktops[0] ?? [])];
    const hit = inPool.filter((d) => (f.dHogVcpu[d] as number) > 0).length;
    expect(f.hogs).toBe(true);
    expect(hit).toBeGreaterThan(0);
    expect(hit).toBeLessThan(inPool.length); // 30 % of the pool, not all of it
    f.clear(hog.id, e.t);
    expect(f.hogs).toBe(false);
    expect(f.dHogVcpu.every((x) => x === 0)).toBe(true);

    const lic = f.inject('license-exhaustion', -1, { maxSessions: 12 }, e.t, null, e.t);
    expect(f.sessionCap).toBe(12);
    f.clear(lic.id, e.t);
    expect(f.sessionCap).toBe(Number.POSITIVE_INFINITY);
  });

  it('a scheduled fault starts and ends through the event queue on the tick grid, and is saved and loaded with the engine', () => {
    const e = engine();
    const t0 = e.t;
    const f = e.faults.inject('broker-outage', -1, {}, t0 + 95, 100, t0);
    expect(e.faults.brokerDown).toBe(false);
    e.advance(100);
    expect(e.faults.get(f.id)?.state).toBe('active');
    expect(e.faults.brokerDown).toBe(true);
    expect(e.faults.get(f.id)?.startAt).toBe(t0 + 95); // the event's own time
    const again = new Engine(e.lab, { seed: 1, restore: e.capture() });
    expect(again.faults.brokerDown).toBe(true);
    again.advance(100);
    expect(again.faults.get(f.id)?.state).toBe('ended');
    expect(again.faults.brokerDown).toBe(false);
  });
});
