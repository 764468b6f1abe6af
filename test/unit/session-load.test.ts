import { describe, expect, it } from 'vitest';
import { Engine, U } from '../../src-main/core/engine/engine.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';
import { FIRST_RUN } from '../../src-main/core/models/workloads.ts';

const q = (v: number) => Math.round(v * 2 ** 20) / 2 ** 20;
const add = (a: Float64Array, d: number, v: number) => {
  a[d] = (a[d] as number) + q(v);
};

/** What a full pass over every session gives at the engine's time: the expression the tick used before it kept sums. */
function fullCount(e: Engine): { cpu: Float64Array; io: Float64Array; kb: Float64Array; mem: Float64Array } {
  const st = e.st;
  const N = st.dPower.length;
  const cpu = new Float64Array(N);
  const io = new Float64Array(N);
  const kb = new Float64Array(N);
  const mem = new Float64Array(N);
  const t = e.t;
  const sod = t % 86400;
  for (let i = 0; i < st.nSess; i++) {
    const u = st.sessList[i] as number;
    const d = st.uDesktop[u] as number;
    if (d < 0) continue;
    const s = st.uState[u];
    if (s === U.active) {
      const lunch = e.broker.uLunch[u] as number;
      const share = sod >= lunch && sod < lunch + e.broker.lunchSeconds ? (st.uShare[u] as number) * e.broker.lunchActivityFactor : (st.uShare[u] as number);
      const x = t * (st.uLoopInv[u] as number) + (st.uPhase[u] as number);
      const first = t < (st.uLogonEnd[u] as number) + FIRST_RUN.seconds;
      if (x - Math.floor(x) < share) {
        add(cpu, d, (st.uCpuVix[u] as number) * (first ? FIRST_RUN.cpuFactor : 1));
        add(io, d, (st.uIops[u] as number) * (first ? FIRST_RUN.iopsFactor : 1));
        add(kb, d, st.uKbps[u] as number);
      } else {
        add(cpu, d, st.uIdleVix[u] as number);
        add(io, d, (st.uIops[u] as number) * (first ? FIRST_RUN.iopsFactor * 0.3 : 0.3));
        add(kb, d, (st.uKbps[u] as number) * 0.2);
      }
      add(mem, d, st.uMemMb[u] as number);
    } else if (s === U.logon) {
      add(cpu, d, (st.uCpuVix[u] as number) * 1.2);
      add(io, d, (st.uIops[u] as number) * (st.uLogonIopsFactor[u] as number));
      add(mem, d, st.uMemMb[u] as number);
    } else {
      add(cpu, d, (st.uIdleVix[u] as number) * 0.5);
      add(io, d, (st.uIops[u] as number) * 0.1);
      add(mem, d, (st.uMemMb[u] as number) * 0.5);
    }
  }
  return { cpu, io, kb, mem };
}

describe('session demand kept up to date instead of summed every tick (engine/load/session-load.ts)', () => {
  it('equals a full count over every session at every tick: storm, first-run burst, lunch, disconnects and departures', () => {
    const e = new Engine(generateLab('small', 3), { seed: 3, tickSeconds: 1 });
    const sl = e.sessionLoad;
    // Jump to the morning storm, then compare tick by tick through stretches where every kind of change happens.
    const to = (hour: number) => e.advance((hour * 3600 - (e.t % 86400) + 86400) % 86400);
    let checked = 0;
    let sawActive = false;
    let sawLogon = false;
    let sawDisconnected = false;
    const stretch = (ticks: number) => {
      for (let i = 0; i < ticks; i++) {
        e.tick(1);
        const ref = fullCount(e);
        expect(Array.from(sl.dCpuVix)).toEqual(Array.from(ref.cpu));
        expect(Array.from(sl.dIops)).toEqual(Array.from(ref.io));
        expect(Array.from(sl.dKbps)).toEqual(Array.from(ref.kb));
        expect(Array.from(sl.dMemMb)).toEqual(Array.from(ref.mem));
        const c = e.counts();
        sawActive ||= c.active > 0;
        sawLogon ||= c.logon > 0;
        sawDisconnected ||= c.disconnected > 0;
        checked++;
      }
    };
    to(8.5);
    stretch(1500); // 08:30–08:55: the login storm, then the first-run burst
    to(12.4);
    stretch(900); // lunch starts and ends for many
    to(17.25);
    stretch(1800); // people leave, some only disconnect
    expect(checked).toBe(4200);
    expect({ sawActive, sawLogon, sawDisconnected }).toEqual({ sawActive: true, sawLogon: true, sawDisconnected: true });
  }, 120_000);

  it('counted afresh (what a process that opens the lab does), the sums are the same bits, and the run goes on the same', () => {
    const a = new Engine(generateLab('small', 5), { seed: 5, tickSeconds: 1 });
    const b = new Engine(generateLab('small', 5), { seed: 5, tickSeconds: 1 });
    a.advance(9.5 * 3600 + 17);
    b.advance(9.5 * 3600 + 17);
    const kept = (['dCpuVix', 'dIops', 'dKbps', 'dMemMb'] as const).map((k) => Array.from(b.sessionLoad[k]));
    b.sessionLoad.invalidate();
    b.sessionLoad.update(b.t);
    expect((['dCpuVix', 'dIops', 'dKbps', 'dMemMb'] as const).map((k) => Array.from(b.sessionLoad[k]))).toEqual(kept);
    expect(kept[0]!.some((v) => v > 0)).toBe(true);
    a.advance(1800);
    b.advance(1800);
    expect(Array.from(b.hCpuPct)).toEqual(Array.from(a.hCpuPct));
    expect(Array.from(b.sIops)).toEqual(Array.from(a.sIops));
  });
});
