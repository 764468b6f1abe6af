import { describe, expect, it } from 'vitest';
import { METRIC_READERS } from '../../src-main/app/alarms/metrics.ts';
import { Engine } from '../../src-main/core/engine/engine.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';
import { PARAMS } from '../../src-main/core/params.ts';
import { readContext } from '../helpers/alarm-context.ts';

// The datastore free-space alarm reads the free space the engine stuns VMs on: an instant- or linked-clone
// pool keeps a replica of its image on each datastore it uses; a full-clone or manual pool keeps none.

const lab = generateLab('default', 1);
const e = new Engine(lab, { seed: 1, tickSeconds: 5 });
e.advance(3600);

const ctx = readContext(e, lab);

describe('datastore free-space alarm reader', () => {
  it('counts a replica only for the instant- and linked-clone pools on a datastore', () => {
    const readings = new Map(METRIC_READERS['datastore-free-space'](ctx).map((r) => [r.id, r.value]));
    const kinds = new Map(lab.pools.map((p) => [p.id, p.kind]));
    let withoutReplica = 0;
    for (const [s, ds] of lab.datastores.entries()) {
      const replicas = lab.poolDatastores.filter(
        (pd) => pd.datastoreId === ds.id && ['instant-clone', 'linked-clone'].includes(kinds.get(pd.poolId) ?? ''),
      ).length;
      const others = lab.poolDatastores.filter((pd) => pd.datastoreId === ds.id).length - replicas;
      if (others > 0) withoutReplica++;
      let used = replicas * PARAMS.storage.replicaGb;
      for (let d = 0; d < lab.desktops.length; d++) if (e.st.dDs[d] === s) used += e.st.dUsedGb[d] as number;
      const pct = (100 * (ds.capacityGb - used)) / ds.capacityGb;
      expect(readings.get(ds.id), ds.name).toBeCloseTo(pct, 1);
    }
    // The lab has datastores carrying a full-clone or manual pool (no replica for those): the case that differed.
    expect(withoutReplica).toBeGreaterThan(0);
  });
});
