import { describe, expect, it } from 'vitest';
import { Engine, P } from '../../src-main/core/engine/engine.ts';
import { applyCpuAllocation } from '../../src-main/core/engine/state.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';
import { Prng } from '../../src-main/core/prng.ts';

/**
 * The desktop pass kept up to date by change hooks (engine/load/desktop-load.ts): with `checkLoad`
 * every tick compares each per-host, per-datastore and per-desktop figure with a pass that computes
 * every desktop afresh, bit for bit, and throws on the first that differs.
 */
describe('desktop pass kept up to date by change hooks (engine/load/desktop-load.ts)', () => {
  it('equals a full recount after random sequences of operations (seeded)', () => {
    for (const seed of [1, 2, 3]) {
      const lab = generateLab('small', seed);
      const e = new Engine(lab, { seed, tickSeconds: 1 });
      e.checkLoad = true;
      const rng = new Prng(seed * 7919);
      const N = e.st.dPower.length;
      const H = e.st.hCapMhz.length;
      const pick = (n: number) => rng.nextU32() % n;
      e.advance(2 * 3600); // into the morning: sessions arriving, machines powering on
      let partial = 0;
      let paging = 0;
      const paged: [number, number][] = [];
      let passes = 0;
      for (let step = 0; step < 120; step++) {
        const d = pick(N);
        switch (pick(9)) {
          case 0:
            e.provisioner.powerOn(d, e.t); // busy spell, power on
            break;
          case 1:
            e.provisioner.deleteAfterLogoff(d, e.t); // power off, busy spell on a powered-off machine
            break;
          case 2:
            if (e.st.dPower[d] === P.poweredOn) e.cluster.moveDesktop(d, pick(H)); // another host
            break;
          case 3: {
            // A pool's CPU limit changes (every desktop of the pool), then back.
            const pools = e.lab.pools.map((p, i) => (i === pick(e.lab.pools.length) ? { ...p, cpuLimitMhz: 300 + pick(2000) } : p));
            applyCpuAllocation(e.st, { pools });
            break;
          }
          case 4: {
            const f = e.faults.inject('cpu-hog', pick(e.lab.pools.length), { sharePct: 50, vcpus: 1 }, e.t, 5 + pick(30), e.t);
            expect(f.id).toBeGreaterThanOrEqual(0);
            break;
          }
          case 5: {
            const u = pick(e.st.uState.length);
            if ((e.st.sessPos[u] as number) >= 0) e.broker.forceLogoff(u, e.t, 'test');
            break;
          }
          case 6: {
            // A VM shrunk to 1 GB under its sessions: its guest pages (deficit, paging reads and CPU) until it is sized back.
            const st = e.st;
            const size = {
              vcpu: st.dVcpu[d] as number,
              ramGb: 1,
              extraOverheadMb: 0,
              diskGb: st.dDiskGb[d] as number,
              usedGb: st.dUsedGb[d] as number,
              noLiveMigration: false,
              // A confidential VM's CPU factor (issue 19), so the property covers it.
              cpuFactor: 1.05,
            };
            e.resizeDesktop(d, size);
            paged.push([d, (st.dRamMb[d] as number) / 1024]);
            break;
          }
          case 7: {
            const back = paged.shift();
            if (back)
              e.resizeDesktop(back[0], {
                vcpu: e.st.dVcpu[back[0]] as number,
                ramGb: 4,
                extraOverheadMb: 0,
                diskGb: e.st.dDiskGb[back[0]] as number,
                usedGb: e.st.dUsedGb[back[0]] as number,
                noLiveMigration: false,
                cpuFactor: 1,
              });
            break;
          }
          default:
            break; // time alone: busy spells end, sessions turn busy and idle
        }
        for (let k = 1 + pick(20); k > 0; k--) {
          e.advance(1);
          passes++;
          if (e.desktopLoad.computed < N) partial++;
          if (e.guestMem.withDeficit.size > 0) paging++;
        }
      }
      // The check ran on passes that computed only some desktops (the incremental path), not only full ones.
      expect(partial).toBeGreaterThan(passes / 2);
      expect(paging).toBeGreaterThan(0); // guests paged during the run (the deficit path was checked too)
    }
  }, 120_000);

  it('catches a write without its change hook (the check can fail)', () => {
    const e = new Engine(generateLab('small', 1), { seed: 1, tickSeconds: 1 });
    e.checkLoad = true;
    e.advance(2 * 3600);
    const d = Array.from(e.st.dPower).findIndex((p, i) => p === P.poweredOn && (e.dDemandMhz[i] as number) > 10);
    expect(d).toBeGreaterThanOrEqual(0);
    e.st.dLimMhz[d] = 1; // no touchDesktop: the kept pass still counts the old limit
    expect(() => e.advance(1)).toThrow(/desktop load: /);
  });
});
