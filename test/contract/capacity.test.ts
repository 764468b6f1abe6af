import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPACITY_DEFINITION, type CapacityDefinitionInput } from '../../src-main/contract/capacity-entities.ts';
import { type CapacityProgress } from '../../src-main/contract/capacity-results.ts';
import { runCapacityTest } from '../../src-main/core/capacity/run.ts';
import type { PushMessage } from '../../src-main/contract/methods.ts';
import { openHost } from '../../src-main/host/host.ts';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';

// The capacity methods through the real dispatcher: runs in worker threads with
// progress pushes, cancel, sweeps, exports, and the store's view after a crash.

const TINY: CapacityDefinitionInput = {
  name: 'Contract tiny',
  hosts: { count: 1, sockets: 1, coresPerSocket: 4, ghz: 2.4, hyperthreading: true, ramGb: 128 },
  storage: { iops: 20000, serviceTimeMs: 0.5, capacityTb: 5 },
  sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 4 },
  workload: 'knowledge',
  launch: { sessions: 30, timeframeSec: 600 },
};
/** Long enough (a few seconds in a worker) to be cancelled while it runs. */
const LONG: CapacityDefinitionInput = {
  ...TINY,
  name: 'Contract long',
  hosts: { count: 4, sockets: 2, coresPerSocket: 24, ghz: 2.4, hyperthreading: true, ramGb: 2048 },
  launch: { sessions: 3000, timeframeSec: 14_400 },
};

let lab: TempLab;
const pushes: PushMessage[] = [];
beforeAll(() => {
  lab = tempLab('small', 1);
  lab.host.onPush((p) => pushes.push(p));
});
afterAll(() => lab.dispose());

const progressOf = (runId: string) =>
  pushes
    .filter((p) => p.topic === 'capacity-progress')
    .map((p) => p.payload as CapacityProgress)
    .filter((p) => p.runId === runId);
const digest = () => {
  const db = lab.peek();
  try {
    return contentDigest(db);
  } finally {
    db.close();
  }
};
const until = async (cond: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

describe('capacity definitions', () => {
  it('saves, lists (with the shipped examples) and deletes', async () => {
    const saved = await lab.client.call('capacity-definition-save', { definition: TINY });
    expect(saved).toMatchObject({ source: 'saved', name: 'Contract tiny' });
    expect(saved.definition.threshold.rule).toBe('base+1000'); // defaults filled in
    const list = await lab.client.call('capacity-definition-list', {});
    expect(list.filter((d) => d.source === 'saved').map((d) => d.id)).toContain(saved.id);
    expect(list.filter((d) => d.source === 'example').length).toBeGreaterThanOrEqual(9);
    expect(list.find((d) => d.id === 'example:knowledge-2x24')?.definition.launch.sessions).toBe(400);
    const replaced = await lab.client.call('capacity-definition-save', { id: saved.id, definition: { ...TINY, name: 'Renamed' } });
    expect(replaced.id).toBe(saved.id);
    await lab.client.call('capacity-definition-delete', { id: saved.id });
    expect((await lab.client.call('capacity-definition-list', {})).some((d) => d.id === saved.id)).toBe(false);
  });

  it('checks a definition without saving it: defaults and the rule of thumb', async () => {
    const before = digest();
    const c = await lab.client.call('capacity-definition-check', { definition: { ...TINY, hosts: { ...TINY.hosts, count: 2 } } });
    expect(c).toMatchObject({ physicalCores: 8, logicalCpus: 16, ramGb: 256, ruleOfThumbSessions: 40, vcpuPerCore: 7.5, launchIntervalSec: 20 });
    // vCenter's figure (cores × base GHz); what the cores are worth is hostCpu (the GHz-only mapping here).
    expect(c.cpuCapacityGhz).toBeCloseTo(2 * 4 * 2.4, 5);
    expect(c.hostCpu).toMatchObject({ model: null, source: 'ghz', baseGhz: 2.4 });
    expect(c.hostCpu.vixPerCore).toBeGreaterThan(6.5);
    expect(c.definition.protocol).toBe('blast');
    expect(digest()).toBe(before);
  });

  it('refuses bad definitions with a structured error naming the field, and writes nothing', async () => {
    const before = digest();
    const cases: [unknown, (string | number)[]][] = [
      [{ ...TINY, workload: 'gaming' }, ['definition', 'workload']],
      [{ ...TINY, hosts: { ...TINY.hosts, coresPerSocket: 0 } }, ['definition', 'hosts', 'coresPerSocket']],
      [{ ...TINY, hosts: { ...TINY.hosts, ramGb: 8 }, sessionHost: { kind: 'single-session', vcpu: 2, ramGb: 16 } }, ['definition', 'hosts', 'ramGb']],
      [
        { ...TINY, sessionHost: { kind: 'multi-session', vmsPerHost: 1, vcpu: 4, ramGb: 32, maxSessionsPerVm: 10 } },
        ['definition', 'sessionHost', 'maxSessionsPerVm'],
      ],
    ];
    for (const method of ['capacity-definition-check', 'capacity-definition-save', 'capacity-run-start'] as const) {
      for (const [definition, path] of cases) {
        const reply = await lab.host.dispatch(method, { definition });
        expect(reply.ok).toBe(false);
        if (!reply.ok) {
          expect(reply.error.code).toBe('invalid-input');
          expect(reply.error.path).toEqual(path);
          expect(reply.error.message).toContain(String(path[path.length - 1]));
        }
      }
    }
    const sweep = await lab.host.dispatch('capacity-sweep-start', { definition: TINY, sweep: { 'hosts.colour': [1, 2] } });
    expect(sweep).toMatchObject({ ok: false, error: { code: 'invalid-input', path: ['sweep', 'hosts.colour'] } });
    expect(digest()).toBe(before);
    expect(pushes.filter((p) => p.topic === 'capacity-progress')).toEqual([]);
  });
});

describe('capacity runs', () => {
  it('run in a worker with progress pushes, then hold the result, its event, exports and the consolidation report', async () => {
    const started = await lab.client.call('capacity-run-start', { definition: TINY });
    expect(started.state).toBe('queued');
    const run = await lab.client.call('capacity-run-get', { id: started.id, waitMs: 30_000 });
    expect(run.state).toBe('completed');
    expect(run.progress).toBe(1);
    expect(run.result?.sessionsLaunched).toBe(30);
    expect(run.result?.curves.length).toBeGreaterThan(10);
    const prog = progressOf(started.id);
    expect(prog[0]?.state).toBe('running');
    expect(prog[prog.length - 1]).toMatchObject({ state: 'completed', progress: 1 });
    const events = await lab.client.call('event-list', { limit: 5 });
    expect(events.rows.some((e) => e.message.includes(`(${started.id}) completed`))).toBe(true);

    // The worker computed exactly what the core computes in-process (determinism across threads).
    expect(run.result).toEqual(runCapacityTest(CAPACITY_DEFINITION.parse(TINY)));

    const csv = await lab.client.call('capacity-export', { runId: started.id, format: 'csv' });
    expect(csv.text.split('\r\n')[0]).toMatch(/^t,activeSessions,launched,logonSec,responseMs,indexMs/);
    const html = await lab.client.call('capacity-export', { runId: started.id, format: 'html' });
    expect(html.mimeType).toBe('text/html');
    expect(html.text).toContain('<svg');
    const rep = await lab.client.call('capacity-consolidation', { runId: started.id, assumptions: { targetUsers: 300, serversBefore: 40 } });
    expect(rep.before.servers).toBe(40);
    expect(rep.after.servers).toBe(Math.ceil(300 / (run.result?.recommendations.usersPerHostSafe ?? 1)) + 1);
  });

  it('cancel stops a running worker; the run stays cancelled, without a result', async () => {
    const started = await lab.client.call('capacity-run-start', { definition: LONG });
    expect(await until(() => progressOf(started.id).some((p) => p.state === 'running' && p.progress > 0 && p.progress < 1))).toBe(true);
    const live = await lab.client.call('capacity-run-get', { id: started.id });
    expect(live.state).toBe('running');
    expect(live.progress).toBeGreaterThan(0);
    const conflict = await lab.host.dispatch('capacity-export', { runId: started.id, format: 'json' });
    expect(conflict).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const cancelled = await lab.client.call('capacity-run-cancel', { id: started.id });
    expect(cancelled.state).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 300));
    const run = await lab.client.call('capacity-run-get', { id: started.id });
    expect(run.state).toBe('cancelled');
    expect(run.result).toBeNull();
    expect(progressOf(started.id).some((p) => p.state === 'completed')).toBe(false);
    // Cancelling again is harmless; deleting removes it.
    expect((await lab.client.call('capacity-run-cancel', { id: started.id })).state).toBe('cancelled');
    await lab.client.call('capacity-run-delete', { id: started.id });
    expect(await lab.host.dispatch('capacity-run-get', { id: started.id })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('a sweep starts one run per combination and runs them all', async () => {
    const sweep = await lab.client.call('capacity-sweep-start', { definition: TINY, sweep: { 'sessionHost.vcpu': [2, 4], workload: ['task', 'knowledge'] } });
    expect(sweep.runs).toHaveLength(4);
    expect(new Set(sweep.runs.map((r) => r.sweepId))).toEqual(new Set([sweep.sweepId]));
    expect(sweep.runs.map((r) => r.sweepLabel)).toContain('sessionHost.vcpu=4, workload=task');
    for (const r of sweep.runs) expect((await lab.client.call('capacity-run-get', { id: r.id, waitMs: 30_000 })).state).toBe('completed');
    const listed = await lab.client.call('capacity-run-list', { sweepId: sweep.sweepId });
    expect(listed.map((r) => r.id).sort()).toEqual(sweep.runs.map((r) => r.id).sort());
    expect(listed.every((r) => r.vsimaxReached !== null && r.usersPerCore !== null)).toBe(true);

    // Side by side: exactly the swept fields differ; one value per run in every row.
    const cmp = await lab.client.call('capacity-compare', { runIds: sweep.runs.map((r) => r.id) });
    expect(cmp.differences.map((d) => d.path).sort()).toEqual(['sessionHost.vcpu', 'workload']);
    expect(cmp.differences.find((d) => d.path === 'sessionHost.vcpu')?.values).toEqual([2, 2, 4, 4]);
    expect(cmp.rows.every((r) => r.values.length === 4)).toBe(true);
    expect(cmp.rows.find((r) => r.label === 'VSIbase (ms)')?.values.every((x) => typeof x === 'number')).toBe(true);
    expect(cmp.html).toContain('<svg');
  });
});

describe('the worker pool', () => {
  it('runs as many configurations at once as the machine has cores, queues the rest, and cancels a queued one', async () => {
    const cores = availableParallelism();
    const sweep = await lab.client.call('capacity-sweep-start', { definition: LONG, sweep: { seed: Array.from({ length: cores + 2 }, (_, i) => i + 1) } });
    const ids = sweep.runs.map((r) => r.id);
    // Every worker busy at the same time: `cores` runs are running together, the rest wait.
    expect(await until(() => ids.filter((id) => progressOf(id).some((p) => p.state === 'running')).length === cores)).toBe(true);
    const listed = await lab.client.call('capacity-run-list', { sweepId: sweep.sweepId });
    expect(listed.filter((r) => r.state === 'running')).toHaveLength(cores);
    expect(listed.filter((r) => r.state === 'queued')).toHaveLength(2);
    const queued = listed.find((r) => r.state === 'queued');
    expect((await lab.client.call('capacity-run-cancel', { id: queued?.id ?? '' })).state).toBe('cancelled');
    for (const id of ids) await lab.client.call('capacity-run-cancel', { id });
    const after = await lab.client.call('capacity-run-list', { sweepId: sweep.sweepId });
    expect(after.every((r) => r.state === 'cancelled')).toBe(true);
    // The one cancelled while queued never started.
    expect(progressOf(queued?.id ?? '').some((p) => p.state === 'running')).toBe(false);
  });
});

describe('a crash during a run', () => {
  it('leaves no run "running": reopening marks it interrupted', async () => {
    const started = await lab.client.call('capacity-run-start', { definition: LONG });
    expect(await until(() => progressOf(started.id).some((p) => p.state === 'running'))).toBe(true);
    lab.host.close(); // the worker is stopped with the host, as a crash would
    const reopened = openHost({ dataDir: lab.dir, user: 'CORP\\test-admin' });
    try {
      const reply = await reopened.dispatch('capacity-run-get', { id: started.id });
      expect(reply).toMatchObject({ ok: true, result: { state: 'interrupted', result: null } });
      const list = await reopened.dispatch('capacity-run-list', {});
      expect(list.ok && (list.result as { state: string }[]).some((r) => r.state === 'running' || r.state === 'queued')).toBe(false);
    } finally {
      reopened.close();
    }
  });
});
