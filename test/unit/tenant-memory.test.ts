import { describe, expect, it } from 'vitest';
import { Engine, P } from '../../src-main/core/engine/engine.ts';
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
});
