import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_SCENARIOS } from '../../src-main/app/scenarios/builtin.ts';
import { runScenarioScript, type ScriptAction } from '../../src-main/host/scenario-run.ts';
import { tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// Training scenarios (issue 17, parts 2, 3, 5): every built-in scenario played headless through the
// real dispatcher by its scripted good solution reaches full marks, and by its scripted bad one loses
// the rubric lines it should; progress survives a restart; authoring produces a valid file.

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});
function open(dir?: string): TempLab {
  const l = tempLab('small', 1, dir);
  labs.push(l);
  return l;
}
const SOLUTIONS = join(import.meta.dirname, '..', '..', 'resources', 'scenarios', 'solutions');
const script = (id: string, kind: 'good' | 'bad') => JSON.parse(readFileSync(join(SOLUTIONS, `${id}.${kind}.json`), 'utf8')) as ScriptAction[];

/** The rubric lines each bad solution must lose (and only those). */
const BAD_LOSES: Record<string, string[]> = {
  'monday-login-storm': ['objective:kw-logon', 'objective:keep-sessions', 'resolve', 'user-minutes', 'collateral:needless-logoffs'],
  'storage-latency-storm': ['objective:latency-cause', 'resolve', 'collateral:needless-logoffs'],
  'bad-image-rollback': ['objective:rollback', 'objective:cpu-cause', 'resolve', 'collateral:needless-logoffs'],
  'desktops-exhausted': ['objective:tw-logon', 'resolve', 'collateral:needless-logoffs'],
  'slow-profile-loads': ['objective:informed', 'objective:no-reset', 'resolve', 'collateral:needless-resets'],
  'branch-wan-slow': ['objective:informed', 'objective:no-reset', 'resolve', 'collateral:needless-resets'],
  'connection-server-outage': ['objective:informed', 'objective:keep-sessions', 'resolve', 'collateral:needless-logoffs'],
  'licence-exhausted': ['objective:licence', 'resolve', 'user-minutes'],
  'runaway-cpu-limits': ['objective:contained', 'resolve', 'collateral:needless-logoffs'],
  'host-failure-ha': ['objective:host-back', 'objective:keep-sessions', 'resolve', 'collateral:needless-logoffs'],
  'maintenance-patching': ['objective:in-maintenance', 'objective:keep-sessions', 'resolve', 'collateral:needless-logoffs'],
  // Reverting to the backup snapshot keeps the snapshots (and their growth) and throws away the users' work.
  'snapshot-consolidation': ['objective:snapshots-merged', 'objective:work-kept', 'resolve', 'collateral:needless-reverts'],
  // Logging everybody off leaves the desktops (and the squeeze) on the host.
  'memory-overcommit': ['objective:memory-relieved', 'objective:keep-sessions', 'resolve', 'collateral:needless-logoffs'],
  'snapshot-chains': ['objective:consolidated', 'resolve', 'collateral:needless-reverts'],
  // Logging everybody off and moving both session hosts together balances the CPU but keeps them on one host, with no rule.
  'drs-imbalance-affinity': ['objective:session-hosts-apart', 'objective:keep-sessions', 'resolve', 'collateral:needless-logoffs'],
};

describe('every built-in scenario, played by a script', () => {
  it('has its bad solution listed here', () => {
    expect(Object.keys(BAD_LOSES).sort()).toEqual(BUILT_IN_SCENARIOS.map((s) => s.id).sort());
  });

  it.each(BUILT_IN_SCENARIOS.map((s) => s.id))('%s: the good solution gets full marks; the bad one loses the right lines', async (id) => {
    const good = await runScenarioScript(open().host, { id }, script(id, 'good'));
    expect(
      good.actions.every((a) => a.ok),
      JSON.stringify(good.actions),
    ).toBe(true);
    expect(good.status.finishReason).toBe('objectives-met');
    const gs = good.status.score;
    expect(gs, JSON.stringify(gs?.lines.filter((l) => l.points < l.max))).toMatchObject({ total: gs?.max });
    expect(gs?.max).toBeGreaterThan(0);
    // The debrief puts the trainee's action on the timeline, with the faults.
    expect(good.timeline.some((e) => e.lane === 'action')).toBe(true);

    const bad = await runScenarioScript(open().host, { id }, script(id, 'bad'));
    expect(bad.status.finishReason).toBe('time-limit');
    const lost = (bad.status.score?.lines ?? []).filter((l) => l.points < l.max).map((l) => l.id);
    expect(lost.sort()).toEqual([...(BAD_LOSES[id] ?? [])].sort());
  });
});

describe('a scenario in the console', () => {
  it('records actions with their simulated time, unlocks hints over time, and survives a restart of the app', async () => {
    const dir = tempDir();
    const a = tempLab('small', 1, dir);
    await a.client.call('scenario-start', { id: 'monday-login-storm', confirm: true, paused: true });
    let st = await a.client.call('scenario-status', {});
    expect(st).toMatchObject({ running: true, scenario: { id: 'monday-login-storm' }, elapsedSec: 0 });
    expect(st.hints.every((h) => !h.unlocked && h.text === '')).toBe(true);
    // The starting lab was warmed up: 08:00 on the lab's Monday.
    expect(st.startedAt?.slice(11, 16)).toBe('08:00');
    await a.client.call('clock-step', { seconds: 330 });
    await a.client.call('pool-set-enabled', { id: 'pool-6', enabled: false });
    st = await a.client.call('scenario-status', {});
    expect(st.actions).toEqual([{ at: expect.stringMatching(/T08:05:30/), method: 'pool-set-enabled', target: 'pool-6', user: 'CORP\\test-admin' }]);
    expect(st.hints.filter((h) => h.unlocked)).toHaveLength(1);
    expect(st.figures.firstFaultAt).not.toBeNull();
    a.host.close();

    const b = tempLab('small', 1, dir); // the same folder: the app restarted
    labs.push(b);
    const again = await b.client.call('scenario-status', {});
    expect(again).toMatchObject({ running: true, startedAt: st.startedAt, actions: st.actions });
    await b.client.call('pool-update', { id: 'pool-1', spareMachines: 6, maxMachines: 26 });
    await b.client.call('clock-step', { seconds: 600 });
    const end = await b.client.call('scenario-status', {});
    expect(end.running).toBe(false);
    expect(end.finishReason).toBe('objectives-met');
    expect(end.objectives.find((o) => o.id === 'kw-logon')?.state).toBe('met');
  });

  it('hints are locked in the API: no method gives a hint’s text before its unlock time (only that it exists and when), nor the expert path before the end', async () => {
    const { client } = open();
    const file = await client.call('scenario-get', { id: 'monday-login-storm' });
    expect(file.hints.length).toBeGreaterThan(1);
    expect(file.hints.every((h) => h.text.length > 0)).toBe(true); // not being played: the whole file
    await client.call('scenario-start', { id: 'monday-login-storm', confirm: true, paused: true });
    const texts = file.hints.map((h) => h.text);
    const leaks = (x: unknown, locked: string[]) => locked.filter((t) => JSON.stringify(x).includes(t.slice(0, 60)));
    const st = await client.call('scenario-status', {});
    expect(st.hints.map((h) => h.afterSec)).toEqual(file.hints.map((h) => h.afterSec));
    expect(st.hints[0]).toMatchObject({
      unlocked: false,
      text: '',
      unlocksAt: new Date(Date.parse(st.startedAt ?? '') + (file.hints[0]?.afterSec ?? 0) * 1000).toISOString(),
    });
    expect(st.scenario?.expertPath).toEqual([]);
    for (const x of [st, await client.call('scenario-get', { id: 'monday-login-storm' }), await client.call('scenario-debrief', {})])
      expect(leaks(x, texts)).toEqual([]);
    expect(leaks(await client.call('scenario-get', { id: 'monday-login-storm' }), file.expertPath)).toEqual([]);
    // Past the first unlock only: the first hint's text, not the others'.
    await client.call('clock-step', { seconds: (file.hints[0]?.afterSec ?? 0) + 60 });
    const later = await client.call('scenario-status', {});
    const open1 = later.hints.filter((h) => h.unlocked).length;
    expect(open1).toBeGreaterThanOrEqual(1);
    expect(later.hints[0]?.text).toBe(texts[0]);
    const stillLocked = texts.slice(open1);
    expect(stillLocked.length).toBeGreaterThan(0);
    for (const x of [later, await client.call('scenario-get', { id: 'monday-login-storm' }), await client.call('scenario-debrief', {})])
      expect(leaks(x, stillLocked)).toEqual([]);
    // Finished: the expert path is the debrief's; hints still only as far as the clock went.
    const done = await client.call('scenario-finish', { confirm: true });
    expect(done.scenario?.expertPath).toEqual(file.expertPath);
    expect(leaks(done, stillLocked)).toEqual([]);
  });

  it('a host failure at the start runs through vSphere HA: the host is down, a failover task runs, the debrief shows the incident', async () => {
    const { client } = open();
    await client.call('scenario-start', { id: 'host-failure-ha', confirm: true, paused: true });
    const hosts = await client.call('host-list', {});
    expect(hosts.find((h) => h.id === 'h-2')?.connectionState).toBe('notResponding');
    expect((await client.call('task-list', {})).some((t) => t.kind === 'ha-failover')).toBe(true);
    const st = await client.call('scenario-status', {});
    expect(st.figures.firstFaultAt).toBe(st.startedAt);
    expect(st.actions).toEqual([]); // the scenario's own incident is not the trainee's action
    const d = await client.call('scenario-debrief', {});
    expect(d.timeline[0]).toMatchObject({ lane: 'fault', text: expect.stringContaining('failed (power-loss)') });
  });

  it('a lab checkpoint holds the attempt as it was: restoring it goes back to that moment of the scenario', async () => {
    const { client } = open();
    await client.call('scenario-start', { id: 'desktops-exhausted', confirm: true, paused: true });
    await client.call('clock-step', { seconds: 120 });
    const cp = await client.call('checkpoint-save', { name: 'two minutes in' });
    await client.call('pool-update', { id: 'pool-2', maxMachines: 16, spareMachines: 3 });
    await client.call('clock-step', { seconds: 300 });
    expect((await client.call('scenario-status', {})).running).toBe(false);
    await client.call('checkpoint-restore', { id: cp.id, confirm: true });
    const st = await client.call('scenario-status', {});
    expect(st).toMatchObject({ running: true, elapsedSec: 120, actions: [] });
  });

  it('the trainee can finish early; a second finish is a conflict and changes nothing', async () => {
    const { client } = open();
    await client.call('scenario-start', { id: 'desktops-exhausted', confirm: true, paused: true });
    const st = await client.call('scenario-finish', { confirm: true });
    expect(st).toMatchObject({ running: false, finishReason: 'trainee' });
    expect(st.score?.total).toBeLessThan(st.score?.max ?? 0);
    await expect(client.call('scenario-finish', { confirm: true })).rejects.toMatchObject({ error: { code: 'conflict' } });
  });

  it('doing nothing earns no collateral points; the first action does (a trainee who never connected scored 28/90)', async () => {
    const { client } = open();
    await client.call('scenario-start', { id: 'desktops-exhausted', confirm: true, paused: true });
    await client.call('clock-step', { seconds: 120 });
    const collateral = async () => ((await client.call('scenario-status', {})).score?.lines ?? []).filter((l) => l.id.startsWith('collateral:'));
    const idle = await collateral();
    expect(idle.length).toBeGreaterThan(0);
    for (const l of idle) expect(l).toMatchObject({ points: 0, detail: 'no action taken yet' });
    await client.call('pool-update', { id: 'pool-2', maxMachines: 40 }); // the fix: TW-Floating's maximum
    await client.call('clock-step', { seconds: 60 });
    for (const l of await collateral()) expect(l).toMatchObject({ points: l.max, detail: 'none' });
  });

  it('refuses an invalid scenario file with its first problem and keeps the lab', async () => {
    const { client, host } = open();
    const before = await client.call('lab-info', {});
    const bad = { ...BUILT_IN_SCENARIOS[0], timeline: [{ atSec: 0, fault: 'cpu-hog', target: 'pool-404' }] };
    const r = await host.dispatch('scenario-start', { scenario: bad, confirm: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(!r.ok && r.error.message).toContain('pool-404');
    expect(await client.call('lab-info', {})).toEqual(before);
  });

  it('authoring: the current lab, its injected faults and the objectives given become a valid scenario that plays', async () => {
    const { client, host } = open();
    await client.call('clock-step', { seconds: 1800 });
    await client.call('fault-inject', { kind: 'pool-exhaustion', targetId: 'pool-2', delaySec: 120 });
    const { scenario } = await client.call('scenario-author', {
      id: 'tw-lesson',
      title: 'TW lesson',
      summary: 'TW runs out',
      briefing: 'Keep task workers working.',
      timeLimitSec: 1200,
      objectives: [{ id: 'tw', text: 'Task workers can log on', check: { is: 'pool-can-logon', pool: 'pool-2' }, points: 10 }],
      expertPath: ['Raise the pool maximum.'],
    });
    expect(scenario.lab).toEqual({ profile: 'small', seed: 1, warmupSec: 1800 });
    expect(scenario.timeline).toEqual([expect.objectContaining({ atSec: 120, fault: 'pool-exhaustion', target: 'pool-2' })]);
    expect((await client.call('scenario-check', { scenario })).valid).toBe(true);
    const played = await runScenarioScript(host, { file: scenario }, []);
    expect(played.status.finishReason).not.toBeNull();
  });
});
