import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src-main/app/simulation.ts';
import type { LabProfile } from '../../src-main/contract/entities.ts';
import type { Engine } from '../../src-main/core/engine/engine.ts';
import { openDatabase } from '../../src-main/store/db.ts';
import { open } from '../helpers/durable.ts';
import { tempDir } from '../helpers/lab.ts';

// A pass run again at the same instant (an admin change's refresh, a rebuild, a lab opened by another
// process: Engine.refreshLoad) must leave every figure as the running pass left it: whatever a pass
// reads that the pass before left (paging charged an instant late, a datastore's queue, a tenant's
// swap share) must be what the last earlier instant left, not what this instant's first pass did.
// Stop 38 found the guest paging, the hosts' swap and the storage queues reading their own instant.

/** Faults of every kind that moves the load figures, started one after another from 3,600 s. */
const FAULTS: Record<string, unknown>[] = [
  { kind: 'datastore-latency-spike', targetId: 'ds-1', delaySec: 100, durationSec: 1200 },
  { kind: 'host-memory-hog', targetId: 'h-1', delaySec: 200, params: { reservedGb: 5000 }, durationSec: 1500 },
  { kind: 'datastore-outage', targetId: 'ds-2', delaySec: 300, durationSec: 600 },
  { kind: 'cpu-hog', targetId: 'pool-1', delaySec: 500, durationSec: 900 },
  { kind: 'host-nic-degraded', targetId: 'h-2', delaySec: 700, durationSec: 900 },
  { kind: 'array-controller-failover', targetId: 'ds-1', delaySec: 1100 },
  { kind: 'host-psod', targetId: 'h-3', delaySec: 1300 },
];

/** The engine's typed arrays and its parts' (two levels down), but the desktop and session passes' own bookkeeping. */
function figures(e: Engine): Map<string, ArrayLike<number>> {
  const out = new Map<string, ArrayLike<number>>();
  const walk = (o: object, prefix: string, depth: number) => {
    for (const [k, v] of Object.entries(o)) {
      const name = prefix + k;
      if (name === 'sessionLoad' || name === 'desktopLoad') continue; // incremental caches, checked against a full pass (checkLoad)
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) out.set(name, (v as unknown as { slice(): ArrayLike<number> }).slice());
      else if (depth < 2 && v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Set))
        walk(v as object, `${name}.`, depth + 1);
    }
  };
  walk(e, '', 0);
  return out;
}

function firstChange(a: Map<string, ArrayLike<number>>, b: Map<string, ArrayLike<number>>): string | null {
  for (const [name, x] of a) {
    const y = b.get(name) as ArrayLike<number>;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${name}[${i}]: ${x[i]} → ${y[i]}`;
  }
  return null;
}

async function checkLab(profile: LabProfile): Promise<number> {
  const dir = tempDir('vdi-same-instant-');
  const { host, client } = open(dir, profile);
  try {
    await client.call('clock-step', { seconds: 3600 });
    for (const f of FAULTS) await client.call('fault-inject', f as never);
    if (profile === 'multi-tenant') {
      const fab = (await client.call('tenant-list', {})).find((t) => t.name === 'Fabrikam');
      await client.call('tenant-update', { id: fab!.id, memLimitGb: Math.round(fab!.usage.memoryConsumedGb * 0.5), cpuLimitGhz: 10 });
    }
  } finally {
    host.close();
  }
  // The lab's own simulation, driven as the clock does (a flush whenever the run stops for one), with a second pass every 37 s.
  const db = openDatabase(join(dir, 'lab.sqlite'));
  let checked = 0;
  try {
    const sim = new Simulation(db);
    const end = sim.engine.t + 2400;
    while (sim.engine.t < end) {
      const stop = Math.min(end, sim.engine.t + 37);
      while (!sim.runUntil(stop)) sim.flush();
      const before = figures(sim.engine);
      sim.engine.refreshLoad();
      expect(firstChange(before, figures(sim.engine)), `a second pass at ${sim.clock().simTime}`).toBeNull();
      checked++;
    }
    sim.flush();
  } finally {
    db.close();
  }
  return checked;
}

describe('a pass again at the same instant leaves every figure as it was', () => {
  it('through faults of every load-moving kind (a host swapping, a datastore with a backlog, a failover)', async () => {
    expect(await checkLab('small')).toBeGreaterThan(60);
  }, 120_000);

  it('with a tenant held under its memory and CPU limits', async () => {
    expect(await checkLab('multi-tenant')).toBeGreaterThan(60);
  }, 120_000);
});
