import { describe, expect, it } from 'vitest';
import { admission, reservedByCluster, vmReservation } from '../../src-main/core/engine/cluster/admission.ts';
import { P } from '../../src-main/core/engine/state.ts';
import { Engine } from '../../src-main/core/engine/engine.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';

// The HA alarm asks every cluster's admission control each simulated minute: one sweep of the desktops
// for all clusters (reservedByCluster) must give each cluster exactly the figures of its own sweep.

describe('admission control, every cluster in one sweep', () => {
  it('gives each cluster the same figures, to the bit, as a sweep of its own', () => {
    const e = new Engine(generateLab('default', 1), { seed: 1 });
    e.advance(2 * 3600); // the morning's machines powered on
    const reserved = reservedByCluster(e);
    expect(e.cluster.clusters.length).toBeGreaterThan(1);
    let on = 0;
    e.cluster.clusters.forEach((_, i) => {
      // The sums themselves, as the cluster's own sweep adds them (in desktop order).
      let mem = 0;
      let cpu = 0;
      for (let d = 0; d < e.st.dPower.length; d++) {
        if (e.st.dPower[d] !== P.poweredOn || e.cluster.hCluster[e.st.dHost[d] as number] !== i) continue;
        mem += vmReservation(e, d).memMb;
        cpu += vmReservation(e, d).cpuMhz;
      }
      expect([reserved.memMb[i], reserved.cpuMhz[i]]).toEqual([mem, cpu]);
      const own = admission(e, i);
      const swept = admission(e, i, undefined, -1, { memMb: reserved.memMb[i] as number, cpuMhz: reserved.cpuMhz[i] as number });
      expect(swept).toEqual(own);
      on += own.memUsedMb;
    });
    expect(on).toBeGreaterThan(0);
    // Without a host, and with a VM more, the figures still come from the sums of that cluster alone.
    const h = e.cluster.hCluster.indexOf(0);
    expect(admission(e, 0, { memMb: 4096, cpuMhz: 100 }, h).memUsedMb).toBe(Math.round(4096 + (reserved.memMb[0] as number)));
  });
});
