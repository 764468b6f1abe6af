import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Engine, M, U } from '../../src-main/core/engine/engine.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';
import { readyPct } from '../../src-main/core/models/cpu.ts';

const HOUR = 3600;

/** Hash of every figure the engine produces, sampled each simulated minute. */
function runHash(tickSeconds: number, seconds: number, seed = 1): string {
  const e = new Engine(generateLab('small', seed), { seed, tickSeconds });
  const h = createHash('sha256');
  for (let t = 0; t < seconds; t += 60) {
    e.advance(60);
    e.experience();
    for (const a of [e.hCpuPct, e.hReadyPct, e.hMemState, e.hWatts, e.sIops, e.sLatencyMs, e.uUxMs, e.st.dState, e.st.uState]) {
      h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    }
  }
  return h.digest('hex');
}

describe('engine determinism', () => {
  it('same lab + seed = the same history, bit for bit; another seed differs', () => {
    expect(runHash(1, 3 * HOUR)).toBe(runHash(1, 3 * HOUR));
    expect(runHash(1, 3 * HOUR, 2)).not.toBe(runHash(1, 3 * HOUR));
  });

  it('refuses a bad tick length or a negative advance', () => {
    const lab = generateLab('small', 1);
    expect(() => new Engine(lab, { seed: 1, tickSeconds: 0 })).toThrow(RangeError);
    expect(() => new Engine(lab, { seed: 1, tickSeconds: 600 })).toThrow(RangeError);
    expect(() => new Engine(lab, { seed: 1 }).advance(-1)).toThrow(RangeError);
  });
});

describe('a Monday in the default lab', () => {
  const e = new Engine(generateLab('default', 1), { seed: 1, tickSeconds: 5 });
  const samples: { hhmm: string; sessions: number; logon: number; iops: number; maxReady: number; watts: number }[] = [];
  for (let i = 0; i <= 24; i++) {
    const c = e.counts();
    samples.push({
      hhmm: new Date(e.t * 1000).toISOString().slice(11, 16),
      sessions: c.sessions,
      logon: c.logon,
      iops: e.sIops.reduce((a, b) => a + b, 0),
      maxReady: Math.max(...e.hReadyPct),
      watts: e.hWatts.reduce((a, b) => a + b, 0),
    });
    e.advance(HOUR / 2);
  }
  const at = (hhmm: string) => samples.find((s) => s.hhmm === hhmm) ?? expect.unreachable(hhmm);

  it('logins ramp 07:30–09:30 and the estate is busy by mid-morning', () => {
    expect(at('07:00').sessions).toBeLessThan(100);
    expect(at('08:30').sessions).toBeGreaterThan(at('07:30').sessions * 2);
    expect(at('10:00').sessions).toBeGreaterThan(800);
    // The default lab is sized for its users: no one lacks a desktop; the odd flaky home or mobile link may time out (< 1 %).
    expect(e.broker.failedByReason.get('no-desktop') ?? 0).toBe(0);
    expect(e.counts().failed).toBeLessThan(at('10:00').sessions * 0.01);
  });

  it('the storm shows in IOPS, CPU ready climbs with load, and power follows', () => {
    expect(at('09:30').iops).toBeGreaterThan(at('07:00').iops * 4);
    // Idle desktops are not free (0.25 vix each, models/vdi-workloads.ts idleVmVix): the early-morning hosts already run at ~10 %.
    expect(at('10:00').maxReady).toBeGreaterThan(at('07:00').maxReady * 3);
    expect(at('10:00').watts).toBeGreaterThan(at('07:00').watts);
  });

  it('lunch dips the load, and the evening empties the estate except forgotten sessions', () => {
    expect(at('12:30').iops).toBeLessThan(at('11:00').iops * 0.9);
    expect(at('19:00').sessions).toBeLessThan(at('10:00').sessions * 0.15);
  });

  it('by 19:30 everyone has gone home: only disconnected sessions are left', () => {
    // The lab's 07:00 sessions of users the day's draw had absent never ended (still active at 21:30; black-box round 6).
    expect(new Date(e.t * 1000).toISOString().slice(11, 16)).toBe('19:30');
    const c = e.counts();
    expect(c.sessions).toBeGreaterThan(0);
    expect({ connected: c.sessions - c.disconnected, logon: c.logon }).toEqual({ connected: 0, logon: 0 });
  });
});

describe('tick length barely matters (1 s vs 5 s vs 20 s)', () => {
  it('agrees within 3% on sessions and 5% on mean host CPU over a morning', () => {
    const run = (tick: number) => {
      const e = new Engine(generateLab('default', 4), { seed: 4, tickSeconds: tick });
      let cpu = 0;
      let n = 0;
      const sessions: number[] = [];
      for (let m = 0; m < 5 * 60; m += 10) {
        e.advance(600);
        cpu += e.hCpuPct.reduce((a, b) => a + b, 0) / e.hCpuPct.length;
        n++;
        sessions.push(e.counts().sessions);
      }
      return { cpu: cpu / n, sessions };
    };
    const a = run(1);
    for (const tick of [5, 20]) {
      const b = run(tick);
      expect(Math.abs(b.cpu - a.cpu) / a.cpu).toBeLessThan(0.05);
      b.sessions.forEach((s, i) => expect(Math.abs(s - (a.sessions[i] as number))).toBeLessThanOrEqual(Math.max(3, (a.sessions[i] as number) * 0.03)));
    }
  });
});

describe('CPU ready', () => {
  it('rises with over-commit at the same utilization, and with utilization', () => {
    const byRatio = [1, 4, 8, 12].map((r) => readyPct(0.7, 80, r, 0.6));
    for (let i = 1; i < byRatio.length; i++) expect(byRatio[i]).toBeGreaterThan(byRatio[i - 1] as number);
    const byRho = [0.3, 0.6, 0.9, 1.1, 1.5].map((rho) => readyPct(rho, 80, 6, 0.6));
    for (let i = 1; i < byRho.length; i++) expect(byRho[i]).toBeGreaterThan(byRho[i - 1] as number);
    expect(readyPct(0.5, 80, 4, 0.6)).toBeLessThan(5); // healthy VDI host
    expect(readyPct(1.5, 80, 10, 0.6)).toBeGreaterThan(10); // saturated: critical
    expect(readyPct(0, 80, 10, 0.6)).toBe(0);
  });
});

describe('sessions end the way the pool says', () => {
  it('a forgotten session disconnects and is logged off after the pool timeout; non-persistent desktops refresh', () => {
    const e = new Engine(generateLab('default', 1), { seed: 1, tickSeconds: 5 });
    e.advance(11 * HOUR); // to 18:00: departures under way
    const { changes } = e.broker.drain();
    const disconnect = changes.find((c) => c.kind === 'disconnect' && e.st.pLogoffAfterSec[e.st.dPool[c.desktop] as number] === 60 * 60);
    const logoff = changes.find((c) => c.kind === 'logoff' && e.st.pRefresh[e.st.dPool[c.desktop] as number] === 1);
    expect(disconnect).toBeDefined();
    expect(logoff).toBeDefined();
    if (!disconnect || !logoff) return;
    // Task-worker pool: log off 60 min after disconnect.
    e.advance(2 * HOUR);
    const later = [...changes, ...e.broker.drain().changes];
    const auto = later.find((c) => c.kind === 'logoff' && c.user === disconnect.user);
    expect(auto?.at).toBeCloseTo(disconnect.at + 3600, 0);
    expect(e.st.uState[disconnect.user]).toBe(U.none);
    // The refreshed desktop is available again (refresh takes seconds, not hours).
    expect([M.AVAILABLE, M.CONNECTED, M.CUSTOMIZING]).toContain(e.st.dState[logoff.desktop]);
  });

  it('reports a logon duration that grows under contention', () => {
    const e = new Engine(generateLab('default', 1), { seed: 1, tickSeconds: 1 });
    const t0 = e.t; // Monday 07:00
    e.advance(1.5 * HOUR + 1800); // to 09:00, in the storm
    // A logon's total is known when its last phase ends (the 'active' change).
    const done = e.broker.drain().changes.filter((c) => c.kind === 'active' && c.logonSec !== undefined);
    expect(done.length).toBeGreaterThan(300);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const early = done.filter((c) => c.at < t0 + 1.25 * HOUR).map((c) => c.logonSec as number);
    const storm = done.filter((c) => c.at >= t0 + 1.5 * HOUR).map((c) => c.logonSec as number);
    expect(Math.min(...done.map((c) => c.logonSec as number))).toBeGreaterThanOrEqual(15); // every phase takes its time
    expect(mean(storm)).toBeGreaterThan(mean(early) * 1.1);
    expect(Math.max(...storm)).toBeGreaterThan(60); // large roaming profiles in the storm
  });
});

describe('machines added to a running engine (an on-demand pool grew)', () => {
  function withTwoMore() {
    const lab = generateLab('small', 1);
    const e = new Engine(lab, { seed: 1, tickSeconds: 1 });
    e.advance(600);
    const model = lab.desktops.find((d) => d.poolId === 'pool-4');
    if (!model) throw new Error('the small lab has an on-demand pool-4');
    const added = [1, 2].map((k) => ({
      ...model,
      id: `vm-new-${k}`,
      name: `DEV-NEW-${k}`,
      state: 'PROVISIONING' as const,
      powerState: 'poweredOff' as const,
      usedGb: 0,
      assignedUserId: null,
      stateSince: new Date(e.t * 1000).toISOString(),
      problem: null,
    }));
    return { e, lab: { ...lab, desktops: [...lab.desktops, ...added] }, added, before: lab.desktops.length };
  }

  it('takes them in at the end of the index space and provisions them like any other', () => {
    const { e, lab, added, before } = withTwoMore();
    e.addDesktops(lab, added);
    expect(e.st.dPower.length).toBe(before + 2);
    expect(e.st.ids.desktops.slice(-2)).toEqual(['vm-new-1', 'vm-new-2']);
    const pool = e.st.ids.pools.indexOf('pool-4');
    expect(Array.from(e.st.pDesktops[pool] as Int32Array).slice(-2)).toEqual([before, before + 1]);
    for (let p = 0; p < e.st.pDesktops.length; p++) e.provisioner.fill(p, e.t);
    e.advance(1800);
    expect([e.st.dState[before], e.st.dState[before + 1]]).toEqual([M.AVAILABLE, M.AVAILABLE]);
    expect(Number.isFinite(e.hCpuPct.reduce((a, b) => a + b, 0))).toBe(true);
  });

  it('refuses to go on with a per-desktop array left at the old length (it would read undefined)', () => {
    const { e, lab, added } = withTwoMore();
    e.provisioner.grow = () => undefined; // a part that forgot to grow
    expect(() => e.addDesktops(lab, added)).toThrow(/provisioner\.stage holds \d+ desktops/);
  });
});
