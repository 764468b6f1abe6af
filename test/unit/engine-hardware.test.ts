import { describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/core/engine/engine.ts';
import { applyCpuAllocation, CPU_SHARES_PER_VCPU, P } from '../../src-main/core/engine/state.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';

// Issue 19 review: a resize keeps the CPU shares the engine holds now (a pool's allocation edit
// reaches st.dShares through applyCpuAllocation; the engine's this.lab pool copy is the start-up one).
describe('resizeDesktop', () => {
  it("keeps the pool's current shares per vCPU, not the start-up copy's, and sets the flags' CPU factor", () => {
    const lab = generateLab('small', 1);
    const e = new Engine(lab, { seed: 1, tickSeconds: 1 });
    const d = e.st.dPower.findIndex((p) => p === P.poweredOff);
    const pool = lab.pools[e.st.dPool[d] as number];
    if (!pool) throw new Error('no pool');
    expect(pool.cpuShares).not.toBe('high');
    // An admin sets the pool to high shares: the simulation applies it to every desktop (app/simulation.ts).
    applyCpuAllocation(e.st, { pools: lab.pools.map((p) => (p.id === pool.id ? { ...p, cpuShares: 'high' as const } : p)) });
    const vcpu = e.st.dVcpu[d] as number;
    expect(e.st.dShares[d]).toBe(CPU_SHARES_PER_VCPU.high * vcpu);
    e.resizeDesktop(d, { vcpu: vcpu * 2, ramGb: 4, extraOverheadMb: 0, diskGb: 40, usedGb: 10, noLiveMigration: false, cpuFactor: 1.05 });
    expect(e.st.dShares[d]).toBe(CPU_SHARES_PER_VCPU.high * vcpu * 2);
    expect(e.st.dCpuFactor[d]).toBeCloseTo(1.05, 6);
  });
});
