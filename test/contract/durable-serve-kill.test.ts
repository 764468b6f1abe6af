import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../src-main/contract/client.ts';
import { callControl } from '../../src-main/host/control.ts';
import { LOCK_FILE } from '../../src-main/host/lab-lock.ts';
import { Prng } from '../../src-main/core/prng.ts';
import { END, SCRIPT, firstDifference, offset, open, storeRows } from '../helpers/durable.ts';
import { tempDir } from '../helpers/lab.ts';
import { startServe, stopAll, type Serve } from '../helpers/crash-writer.ts';

// The same scripted morning as durable-engine.test.ts, run by a real `vdi-console serve` process
// that is killed (SIGKILL) at random moments — in the middle of a clock step, between actions —
// and started again on the folder. Requests go through the control port a running console
// advertises in its lock (what `vdi-console call` uses). The store must come out as the
// uninterrupted run's.

const dirs: string[] = [];
afterEach(() => stopAll());
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A client of the running console, through its control port (what `vdi-console call` does). */
function controlClient(dir: string): Client {
  const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { control?: { port: number; secret: string } };
  if (!lock.control) throw new Error('the console advertises no control port');
  const endpoint = lock.control;
  return createClient({ request: (method, input) => callControl(endpoint, method, input, 'CORP\\script'), onPush: () => () => undefined });
}

/** Rows to compare: the lab's creation stamp and the serve-wide console preferences are the process's, not the run's. */
function comparable(path: string): Map<string, string[]> {
  const rows = storeRows(path);
  rows.set(
    'meta',
    (rows.get('meta') ?? []).filter((r) => !r.includes('"created_at"')),
  );
  return rows;
}

async function reference(): Promise<Map<string, string[]>> {
  const dir = tempDir('vdi-kill-ref-');
  dirs.push(dir);
  const { host, client } = open(dir);
  const start = Date.parse((await client.call('clock-get', {})).simTime);
  for (const target of [...new Set([...SCRIPT.map((s) => s.at), END])].sort((a, b) => a - b)) {
    const now = await offset(client, start);
    if (now < target) await client.call('clock-step', { seconds: target - now });
    for (const s of SCRIPT) if (s.at === target) await s.run(client);
  }
  host.close();
  return comparable(join(dir, 'lab.sqlite'));
}

describe('serve killed at random moments and started again', () => {
  it('leaves the same store as the run nobody interrupted', async () => {
    const ref = await reference();
    const dir = tempDir('vdi-kill-');
    dirs.push(dir);
    const rng = new Prng(20261205);
    let serve: Serve = await startServe(dir);
    let client = controlClient(dir);
    const start = Date.parse((await client.call('clock-get', {})).simTime);
    const done = new Set<string>();
    let kills = 0;
    const targets = [...new Set([...SCRIPT.map((s) => s.at), END])].sort((a, b) => a - b);
    for (const target of targets) {
      for (;;) {
        const now = await offset(client, start);
        if (now >= target) break;
        const step = client.call('clock-step', { seconds: target - now }).catch(() => undefined);
        // Now and then the process dies while the step runs: what its slices committed stays.
        if (kills < 4 && rng.chance(0.3)) {
          await new Promise((r) => setTimeout(r, rng.int(1, 40)));
          serve.child.kill('SIGKILL');
          await serve.exited;
          await step;
          kills++;
          serve = await startServe(dir);
          client = controlClient(dir);
          continue;
        }
        await step;
      }
      for (const s of SCRIPT) {
        if (s.at !== target || done.has(s.label)) continue;
        await s.run(client);
        done.add(s.label);
      }
    }
    expect(kills).toBeGreaterThan(0);
    serve.child.kill('SIGTERM');
    await serve.exited;
    expect(firstDifference(ref, comparable(join(dir, 'lab.sqlite')))).toBeNull();
  }, 240_000);
});
