import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { Simulation } from '../../src-main/app/simulation.ts';
import type { Client } from '../../src-main/contract/client.ts';
import { openDatabase } from '../../src-main/store/db.ts';
import { firstDifference, offset, open, storeRows } from '../helpers/durable.ts';
import { tempDir } from '../helpers/lab.ts';

// An on-demand pool that grows hands its new machines to the running engine, which takes them in
// at the end of its index space instead of being rebuilt (issue 12: a rebuild of a 10,000-desktop
// engine stalled a flush for a third of a second). The engine that grew and one opened afresh from
// the store must be the same: a run stopped and reopened after every step leaves the same store as
// one that runs on, and the running one never rebuilt.

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const POOL = 'pool-4'; // the small lab's on-demand pool: 4 machines of at most 8
const STEPS = 12;

async function machines(c: Client): Promise<number> {
  return (await c.call('pool-get', { id: POOL })).machineCount;
}

/** Raises the pool's spares past what it has, then steps the clock a minute at a time; `reopen` closes and opens the lab after each step. */
async function drive(dir: string, reopen: boolean): Promise<{ counts: number[]; rebuilds: number }> {
  let run = open(dir);
  await run.client.call('pool-update', { id: POOL, spareMachines: 6 });
  const rebuild = vi.spyOn(Simulation.prototype, 'rebuild');
  const start = Date.parse((await run.client.call('clock-get', {})).simTime);
  const counts: number[] = [];
  for (let i = 1; i <= STEPS; i++) {
    await run.client.call('clock-step', { seconds: 60 * i - (await offset(run.client, start)) });
    counts.push(await machines(run.client));
    if (reopen) {
      run.host.close();
      run = open(dir);
    }
  }
  const rebuilds = rebuild.mock.calls.length;
  rebuild.mockRestore();
  run.host.close();
  return { counts, rebuilds };
}

describe('machines added on demand join the running engine', () => {
  it('the pool grows without a rebuild, and the store is the same as a run reopened after every step', async () => {
    const a = tempDir('vdi-grow-a-');
    const b = tempDir('vdi-grow-b-');
    dirs.push(a, b);
    const running = await drive(a, false);
    expect(running.counts.at(-1), JSON.stringify(running.counts)).toBeGreaterThan(4);
    expect(running.counts.at(-1)).toBeLessThanOrEqual(8);
    expect(running.rebuilds).toBe(0);
    const reopened = await drive(b, true);
    expect(reopened.counts).toEqual(running.counts);
    expect(firstDifference(storeRows(join(a, 'lab.sqlite')), storeRows(join(b, 'lab.sqlite')))).toBeNull();
  }, 180_000);

  it('a step writes a growth in the flush that writes the run before it (one transaction, not two)', async () => {
    const dir = tempDir('vdi-grow-step-');
    dirs.push(dir);
    const run = open(dir);
    await run.client.call('pool-update', { id: POOL, spareMachines: 6 });
    const flush = vi.spyOn(Simulation.prototype, 'flush');
    await run.client.call('clock-step', { seconds: STEPS * 60 });
    const grown = await machines(run.client);
    run.host.close();
    expect(grown, 'the pool grew within the step').toBeGreaterThan(4);
    // With the clock running (runUntil without `batch`), the run's flush leaves the machines to the next one: flush(false).
    expect(flush.mock.calls.filter(([grow]) => grow === false)).toEqual([]);
  }, 180_000);

  it('a lab written between the run and the machines it asked for: the next process creates them, and the lab goes on the same', async () => {
    // With the clock running, the run up to the tick that asked is one flush, the machines the next (two short transactions at
    // the morning peak, not one long one): a process that stops between the two leaves the requests in the engine's saved state.
    // The lab it is compared with is stepped (clock-step), whose one flush writes both: the two ways leave the same lab.
    const a = tempDir('vdi-grow-cut-');
    const b = tempDir('vdi-grow-whole-');
    dirs.push(a, b);
    const seconds = STEPS * 60;
    const starts = new Map<string, number>();
    for (const dir of [a, b]) {
      const run = open(dir);
      starts.set(dir, Date.parse((await run.client.call('clock-get', {})).simTime));
      await run.client.call('pool-update', { id: POOL, spareMachines: 6 });
      run.host.close();
    }
    const poolMachines = (db: ReturnType<typeof openDatabase>) =>
      (db.prepare('SELECT count(*) AS n FROM desktops WHERE pool_id = ?').get(POOL) as { n: number }).n;
    // The first process: nothing but the run, stopped right after the flush that wrote it (as a process killed then would leave it).
    const first = openDatabase(join(a, 'lab.sqlite'));
    const sim = new Simulation(first);
    const end = sim.engine.t + seconds;
    let asked = 0;
    while (!sim.runUntil(end)) {
      asked = sim.engine.provisioner.growRequests.size;
      if (asked > 0) break;
    }
    expect(asked, 'the pool asked for machines within the run').toBeGreaterThan(0);
    const before = poolMachines(first);
    first.close();
    // The next process reads the requests back and creates the machines at its first flush, before its engine runs on.
    const second = openDatabase(join(a, 'lab.sqlite'));
    const next = new Simulation(second);
    expect(next.engine.provisioner.growRequests.size).toBe(asked);
    next.flush();
    expect(next.engine.provisioner.growRequests.size).toBe(0);
    expect(poolMachines(second)).toBeGreaterThan(before);
    second.close();
    // Both labs run to the same simulated time: the one cut between the two flushes ends where the one that never stopped does.
    for (const dir of [a, b]) {
      const run = open(dir);
      await run.client.call('clock-step', { seconds: seconds - (await offset(run.client, starts.get(dir) as number)) });
      run.host.close();
    }
    expect(firstDifference(storeRows(join(a, 'lab.sqlite')), storeRows(join(b, 'lab.sqlite')))).toBeNull();
  }, 180_000);
});
