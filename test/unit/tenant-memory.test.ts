import { describe, expect, it } from 'vitest';
import { Engine, P } from '../../src-main/core/engine/engine.ts';
import { touchDesktop } from '../../src-main/core/engine/state.ts';
import { RES_QUANTUM_MB } from '../../src-main/core/engine/load/tenant-memory.ts';
import { Prng } from '../../src-main/core/prng.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';

/**
 * Tenant memory limits (engine/load/tenant-memory.ts) in the engine alone, on the multi-tenant lab
 * (Contoso: its first two pools; Fabrikam: the other two): the per-tenant sums the desktop pass keeps
 * equal a pass afresh bit for bit (`checkLoad`), a limit is reclaimed from the limited tenant only,
 * and admission control counts reservations plus overheads.
 */
function build(limitMb: [number, number], reservationMb = new Map<number, number>()) {
  const lab = generateLab('multi-tenant', 1);
  const e = new Engine(lab, { seed: 1, tickSeconds: 1 });
  const tenants = lab.tenants ?? [];
  const poolTenant = Int32Array.from(e.st.ids.pools, (id) => tenants.findIndex((t) => t.poolIds.includes(id)));
  e.tenantMem.configure(
    { poolTenant, tenants: tenants.map((t, i) => ({ name: t.name, limitMb: limitMb[i] ?? Number.POSITIVE_INFINITY })), reservationMb },
    e.st.hCapMhz.length,
  );
  e.checkLoad = true;
  return { e, poolTenant };
}

describe('tenant memory limits in the engine', () => {
  it('keeps each tenant’s held memory in the incremental pass as a full recount does, and reclaims only from the limited tenant', () => {
    const { e, poolTenant } = build([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    e.advance(2 * 3600);
    const held = Float64Array.from(e.tenantMem.tConsumedMb);
    expect(held[0]).toBeGreaterThan(0);
    expect(held[1]).toBeGreaterThan(0);
    expect([...e.tenantMem.tBalloonMb, ...e.tenantMem.tSwapMb]).toEqual([0, 0, 0, 0]);
    // Held memory = the sum of the tenant's powered-on desktops' consumption, as the hosts count it.
    const hostSum = e.tenantMem.hostMb.reduce((s, x) => s + x, 0);
    expect(hostSum).toBeCloseTo((held[0] as number) + (held[1] as number), 3);
    // Fabrikam limited to half of what it holds: balloon then swap, inside Fabrikam only (checkLoad compares every pass).
    const limit = (held[1] as number) / 2;
    e.tenantMem.configure(
      {
        poolTenant,
        tenants: [
          { name: 'Contoso', limitMb: Number.POSITIVE_INFINITY },
          { name: 'Fabrikam', limitMb: limit },
        ],
        reservationMb: new Map(),
      },
      e.st.hCapMhz.length,
    );
    e.advance(120);
    const tm = e.tenantMem;
    expect((tm.tBalloonMb[1] as number) + (tm.tSwapMb[1] as number)).toBeCloseTo((tm.tConsumedMb[1] as number) - limit, 3);
    expect(tm.tSwapMb[1]).toBeGreaterThan(0);
    expect(tm.tBalloonMb[0]).toBe(0);
    let fabBalloon = 0;
    let conBalloon = 0;
    let conSwap = 0;
    for (let d = 0; d < e.st.dPower.length; d++) {
      if (e.st.dPower[d] !== P.poweredOn) continue;
      const t = poolTenant[e.st.dPool[d] as number];
      if (t === 1) fabBalloon += e.guestMem.dBalloonMb[d] as number;
      else {
        conBalloon += e.guestMem.dBalloonMb[d] as number;
        conSwap += e.guestMem.swapShareOf(e.st, d);
      }
    }
    expect(fabBalloon).toBeGreaterThan(0);
    expect(conBalloon).toBe(0);
    expect(conSwap).toBe(0);
  });

  it('admits a power-on only while the tenant’s reservations plus overheads stay within its limit', () => {
    const { e, poolTenant } = build([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    const off = [...e.st.dPower.keys()].find((d) => poolTenant[e.st.dPool[d] as number] === 1 && e.st.dPower[d] !== P.poweredOn);
    if (off === undefined) throw new Error('no Fabrikam desktop off');
    const reserved = e.tenantMem.reservedMb(e.st)[1] as number;
    const need = 8192 + (e.st.dOverheadMb[off] as number);
    const reservations = new Map([[off, 8192]]);
    const tight = build([Number.POSITIVE_INFINITY, reserved + need - 1], reservations).e;
    expect(tight.tenantMem.admit(tight.st, off, 'FPWR-X')).toMatch(/^Insufficient memory resources: tenant Fabrikam's limit of [\d.]+ GB would be exceeded/);
    expect(tight.cluster.canPowerOn(off)).toBe(false);
    const room = build([Number.POSITIVE_INFINITY, reserved + need + 1], reservations).e;
    expect(room.tenantMem.admit(room.st, off, 'FPWR-X')).toBeNull();
    // Contoso has no limit: never refused.
    const con = [...e.st.dPower.keys()].find((d) => poolTenant[e.st.dPool[d] as number] === 0) as number;
    expect(tight.tenantMem.admit(tight.st, con, 'CKW-X')).toBeNull();
  });

  it('keeps each tenant’s running reservations by deltas equal to a full recount through random power-ons and power-offs', () => {
    const lab = generateLab('multi-tenant', 1);
    const N = lab.desktops.length;
    // Every third desktop has a reservation (odd sizes, so the overheads and reservations do not sum to round figures).
    const reservations = new Map<number, number>();
    for (let d = 0; d < N; d += 3) reservations.set(d, 1000 + ((d * 37) % 3000) + 0.3);
    const { e, poolTenant } = build([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY], reservations);
    const st = e.st;
    const recount = (quantized: boolean) => {
      const out = [0, 0];
      for (let d = 0; d < N; d++) {
        const t = poolTenant[st.dPool[d] as number] as number;
        if (st.dPower[d] !== P.poweredOn || t < 0) continue;
        const r = (reservations.get(d) ?? 0) + (st.dOverheadMb[d] as number);
        out[t] = (out[t] as number) + (quantized ? Math.round(r / RES_QUANTUM_MB) * RES_QUANTUM_MB : r);
      }
      return out;
    };
    const rng = new Prng(7);
    let checks = 0;
    for (let i = 0; i < 3000; i++) {
      const d = Math.floor(rng.next() * N);
      // A power-on or power-off as the engine's writers do it: the state, then the change hook.
      st.dPower[d] = st.dPower[d] === P.poweredOn ? P.poweredOff : P.poweredOn;
      touchDesktop(st, d);
      if (i % 97 === 0) e.advance(30); // load passes (and the engine's own power changes) between the admin's
      if (i % 7 === 0) {
        const got = e.tenantMem.reservedMb(st);
        const want = recount(true);
        expect([...got]).toEqual(want); // bit for bit
        const raw = recount(false);
        expect(got[0]).toBeCloseTo(raw[0] as number, 3);
        expect(got[1]).toBeCloseTo(raw[1] as number, 3);
        // What admission sees for a desktop excludes its own reservation, as before.
        const t = poolTenant[st.dPool[d] as number] as number;
        const except = e.tenantMem.reservedMb(st, d);
        const own =
          st.dPower[d] === P.poweredOn ? Math.round(((reservations.get(d) ?? 0) + (st.dOverheadMb[d] as number)) / RES_QUANTUM_MB) * RES_QUANTUM_MB : 0;
        expect(except[t]).toBe((want[t] as number) - own);
        checks++;
      }
    }
    expect(checks).toBeGreaterThan(400);
    expect(recount(false)[1]).toBeGreaterThan(0);
  });
});
