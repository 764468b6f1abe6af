import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Simulation } from '../../src-main/app/simulation.ts';
import { scenarioCommand } from '../../src-main/host/scenario-cli.ts';
import { tempDir, tempLab, type TempLab } from '../helpers/lab.ts';

// Issue 17, part 2: a scenario whose starting lab is a checkpoint file (lab.checkpointFile). The
// start checks the file in its transaction and restores it after commit in a transaction of its own
// (app/handlers/scenarios.ts startFromCheckpoint); a refused file, a path out of the scenario's
// folder or a failure changes nothing of the lab.

const RES = join(import.meta.dirname, '..', '..', 'resources', 'scenarios');
const FILE = JSON.parse(readFileSync(join(RES, 'snapshot-chains.json'), 'utf8')) as { lab: Record<string, unknown> } & Record<string, unknown>;
const PWR = ['vm-35', 'vm-36', 'vm-37', 'vm-38', 'vm-39'];

const labs: TempLab[] = [];
afterEach(() => {
  for (const l of labs.splice(0)) l.dispose();
});
function open(dir?: string, scenarioDir?: string): TempLab {
  const l = tempLab('small', 1, dir, scenarioDir ? { scenarioDir } : {});
  labs.push(l);
  return l;
}

/** A folder with the scenario and (a copy of) its checkpoint, `damage` applied to the copy. */
function scenarioFolder(damage?: (b: Buffer) => void): string {
  const d = tempDir('vdi-scn-');
  mkdirSync(join(d, 'checkpoints'));
  const b = readFileSync(join(RES, 'checkpoints', 'snapshot-chains.vdilab'));
  damage?.(b);
  writeFileSync(join(d, 'checkpoints', 'snapshot-chains.vdilab'), b);
  return d;
}

/** What must not move when a start is refused: the lab's clock, its identity, the scenario state, the snapshot count of PWR-01. */
async function fingerprint(l: TempLab) {
  const info = await l.client.call('lab-info', {});
  const st = await l.client.call('scenario-status', {});
  const snaps = await l.client.call('snapshot-list', { desktopId: 'vm-35' });
  return { simTime: info.simTime, name: info.name, running: st.running, scenario: st.scenario?.id ?? null, snaps: snaps.snapshots.length };
}

describe('a scenario that starts from a checkpoint file', () => {
  it("replaces the lab by the checkpoint's, runs the attempt on it, and records the start in the restored lab's action log", async () => {
    const l = open();
    const before = await l.client.call('lab-info', {});
    expect((await l.client.call('snapshot-list', { desktopId: 'vm-35' })).snapshots).toHaveLength(0);
    const r = await l.client.call('scenario-start', { id: 'snapshot-chains', confirm: true, paused: true });
    expect(r).toMatchObject({ id: 'snapshot-chains', clockSpeed: 'paused' });
    const info = await l.client.call('lab-info', {});
    // The checkpoint's moment: the small lab 2 h 15 min after its start, with the patch test's chains.
    expect(Date.parse(info.simTime) - Date.parse(before.simTime)).toBe((3600 + 3 * 900 + 1800) * 1000);
    // (A bulk take skips a desktop it may not snapshot at that moment: most have three, each has some.)
    const chains = await Promise.all(PWR.map(async (d) => (await l.client.call('snapshot-list', { desktopId: d })).snapshots.map((s) => s.name)));
    expect(chains.every((c) => c.length >= 1 && c.every((n) => /^pre-patch-[123]$/.test(n)))).toBe(true);
    expect(chains.filter((c) => c.length === 3).length).toBeGreaterThanOrEqual(3);
    let st = await l.client.call('scenario-status', {});
    expect(st).toMatchObject({ running: true, scenario: { id: 'snapshot-chains' }, startedAt: info.simTime, elapsedSec: 0 });
    expect(st.objectives.find((o) => o.id === 'consolidated')?.state).not.toBe('met');
    // The restored lab's log is the checkpoint's (its history from the seed), then this start, at the checkpoint's instant.
    const peek = l.peek();
    try {
      const log = peek.prepare('SELECT method, sim_time AS simTime FROM replay_actions ORDER BY seq').all() as { method: string; simTime: string }[];
      expect(log.filter((a) => a.method === 'snapshot-bulk-take')).toHaveLength(3);
      expect(log.at(-1)).toEqual({ method: 'scenario-start', simTime: info.simTime });
    } finally {
      peek.close();
    }
    // The attempt runs: the trainee consolidates and the judge sees it.
    await l.client.call('clock-step', { seconds: 120 });
    for (const d of PWR) await l.client.call('snapshot-delete-all', { desktopId: d });
    await l.client.call('clock-step', { seconds: 600 });
    st = await l.client.call('scenario-status', {});
    expect(st.running).toBe(false);
    expect(st.finishReason).toBe('objectives-met');
    expect(st.actions.map((a) => a.method)).toEqual(PWR.map(() => 'snapshot-delete-all'));
    const debrief = await l.client.call('scenario-debrief', {});
    expect(debrief.timeline.filter((e) => e.lane === 'action')).toHaveLength(PWR.length);
  });

  it("replays the attempt: a moment after the start shows the restored lab with the trainee's action, read-only", async () => {
    const l = open();
    await l.client.call('scenario-start', { id: 'snapshot-chains', confirm: true, paused: true });
    const t0 = Date.parse((await l.client.call('lab-info', {})).simTime);
    await l.client.call('clock-step', { seconds: 120 });
    await l.client.call('snapshot-delete-all', { desktopId: 'vm-35' });
    await l.client.call('clock-step', { seconds: 600 });
    const live = await l.client.call('scenario-status', {});
    const at = new Date(t0 + 300_000).toISOString();
    const view = await l.client.call('replay-view-open', { at });
    expect(view).toMatchObject({ open: true, simTime: at });
    const seen = await l.client.call('scenario-status', {});
    expect(seen).toMatchObject({ running: true, scenario: { id: 'snapshot-chains' }, startedAt: live.startedAt, elapsedSec: 300 });
    expect(seen.actions.map((a) => a.method)).toEqual(['snapshot-delete-all']);
    expect((await l.client.call('snapshot-list', { desktopId: 'vm-36' })).snapshots.length).toBeGreaterThan(0);
    await l.client.call('replay-view-close', { resume: false });
  });

  it('continues after a restart of the app mid-attempt', async () => {
    const dir = tempDir();
    const a = tempLab('small', 1, dir);
    await a.client.call('scenario-start', { id: 'snapshot-chains', confirm: true, paused: true });
    await a.client.call('clock-step', { seconds: 120 });
    await a.client.call('snapshot-delete-all', { desktopId: 'vm-35' });
    await a.client.call('clock-step', { seconds: 60 });
    const st = await a.client.call('scenario-status', {});
    a.host.close();

    const b = open(dir); // the same folder: the app restarted
    const again = await b.client.call('scenario-status', {});
    expect(again).toMatchObject({ running: true, startedAt: st.startedAt, elapsedSec: st.elapsedSec, actions: st.actions });
    expect((await b.client.call('snapshot-list', { desktopId: 'vm-36' })).snapshots).toHaveLength(3);
    for (const d of PWR.slice(1)) await b.client.call('snapshot-delete-all', { desktopId: d });
    await b.client.call('clock-step', { seconds: 600 });
    const end = await b.client.call('scenario-status', {});
    expect(end).toMatchObject({ running: false, finishReason: 'objectives-met' });
    expect(end.score?.total).toBe(end.score?.max);
  });

  it('refuses a changed checkpoint file (digest) and a damaged one (not a lab database), and changes nothing', async () => {
    const changed = scenarioFolder((b) => {
      b.writeUInt8(b.readUInt8(b.length - 100) ^ 0xff, b.length - 100); // one byte: SQLite might not notice; the digest does
    });
    const l = open(undefined, changed);
    const before = await fingerprint(l);
    const r1 = await l.host.dispatch('scenario-start', { scenario: FILE, confirm: true, paused: true });
    // A scenario sent as a file is checked whole first (scenario-check's rules): its refusal names the file's problem.
    expect(r1).toMatchObject({ ok: false, error: { code: 'invalid-input', path: ['scenario', 'lab', 'checkpointFile'] } });
    expect(!r1.ok && r1.error.message).toMatch(/not the file the scenario was written for/);
    expect(await fingerprint(l)).toEqual(before);

    // Without a digest the file is checked like a restore: a damaged header is refused.
    const damaged = scenarioFolder((b) => b.fill(0x41, 0, 16));
    const m = open(undefined, damaged);
    const before2 = await fingerprint(m);
    const noDigest = { ...FILE, lab: { checkpointFile: 'checkpoints/snapshot-chains.vdilab' } };
    const r2 = await m.host.dispatch('scenario-start', { scenario: noDigest, confirm: true, paused: true });
    expect(r2).toMatchObject({ ok: false, error: { code: 'invalid-input', path: ['scenario', 'lab', 'checkpointFile'] } });
    expect(!r2.ok && r2.error.message).toMatch(/not a lab|SQLite|corrupt|database/i);
    expect(await fingerprint(m)).toEqual(before2);
    // No scratch copy is left in the lab's checkpoints folder.
    const cps = join(m.dir, 'checkpoints');
    expect(existsSync(cps) ? readdirSync(cps).filter((f) => f.startsWith('restore-')) : []).toEqual([]);
    // scenario-check says the same, at lab.checkpointFile.
    const c = await m.client.call('scenario-check', { scenario: noDigest });
    expect(c.valid).toBe(false);
    expect(c.errors[0]?.path).toBe('lab.checkpointFile');
  });

  it('a failure after the commit (while the checkpoint replaces the lab) rolls all of it back: the previous lab runs on', async () => {
    const l = open();
    await l.client.call('clock-step', { seconds: 300 });
    const before = await fingerprint(l);
    const spy = vi.spyOn(Simulation.prototype, 'beginScenario').mockImplementationOnce(() => {
      throw new Error('the warm-up failed');
    });
    try {
      const r = await l.host.dispatch('scenario-start', { id: 'snapshot-chains', confirm: true, paused: true });
      expect(r).toMatchObject({ ok: false, error: { code: 'store-corrupt' } });
      expect(!r.ok && r.error.message).toMatch(/the warm-up failed/);
    } finally {
      spy.mockRestore();
    }
    expect(await fingerprint(l)).toEqual(before);
    // The engine is the previous lab's, and goes on from where it was.
    await l.client.call('clock-step', { seconds: 60 });
    expect(Date.parse((await l.client.call('lab-info', {})).simTime) - Date.parse(before.simTime)).toBe(60_000);
    expect(existsSync(join(l.dir, 'checkpoints')) ? readdirSync(join(l.dir, 'checkpoints')).filter((f) => f.startsWith('restore-')) : []).toEqual([]);
  });

  it('refuses a path out of the scenario folder: "..", absolute, or a link leading outside; nothing changes', async () => {
    const folder = scenarioFolder();
    const outside = tempDir('vdi-outside-');
    copyFileSync(join(RES, 'checkpoints', 'snapshot-chains.vdilab'), join(outside, 'x.vdilab'));
    symlinkSync(join(outside, 'x.vdilab'), join(folder, 'link.vdilab'));
    const l = open(undefined, folder);
    const before = await fingerprint(l);
    for (const p of ['../x.vdilab', 'checkpoints/../../x.vdilab', `${outside}/x.vdilab`, 'link.vdilab']) {
      const r = await l.host.dispatch('scenario-start', { scenario: { ...FILE, lab: { checkpointFile: p } }, confirm: true, paused: true });
      expect(r, p).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(!r.ok && r.error.message, p).toMatch(/checkpointFile/);
    }
    expect(await fingerprint(l)).toEqual(before);
    // The built-in folder too: an API caller cannot name a file outside resources/scenarios.
    const api = open();
    const r = await api.host.dispatch('scenario-start', { scenario: { ...FILE, lab: { checkpointFile: '../../package.json.vdilab' } }, confirm: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('scenario check resolves the checkpoint and checks the scenario against its lab', async () => {
    const l = open();
    const ok = await l.client.call('scenario-check', { scenario: FILE });
    expect(ok).toMatchObject({ valid: true, errors: [] });
    const wrongPool = { ...FILE, objectives: [{ id: 'x', text: 'x', check: { is: 'snapshots', pool: 'pool-99', atMost: 0 }, points: 1 }] };
    const bad = await l.client.call('scenario-check', { scenario: wrongPool });
    expect(bad.errors).toEqual([{ path: 'objectives.0.check', message: 'no pool "pool-99" in the starting lab' }]);
  });

  it('vdi-console scenario check|run FILE find the checkpoint next to FILE', async () => {
    const out: string[] = [];
    const w1 = vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
    const w2 = vi.spyOn(process.stderr, 'write').mockImplementation((c) => (out.push(String(c)), true));
    try {
      expect(await scenarioCommand(['check', join(RES, 'snapshot-chains.json')])).toBe(0);
      expect(out.join('')).toMatch(/valid \("Snapshot chains/);
      const good = join(RES, 'solutions', 'snapshot-chains.good.json');
      out.length = 0;
      expect(await scenarioCommand(['run', join(RES, 'snapshot-chains.json'), '--actions', good])).toBe(0);
      expect(out.join('')).toMatch(/100 \/ 100 \(objectives-met\)/);
      // A copy of the scenario in a folder whose checkpoint was changed: check and run refuse it.
      const d = scenarioFolder((b) => b.fill(0, 4096, 8192));
      copyFileSync(join(RES, 'snapshot-chains.json'), join(d, 'snapshot-chains.json'));
      out.length = 0;
      expect(await scenarioCommand(['check', join(d, 'snapshot-chains.json')])).toBe(1);
      expect(out.join('')).toMatch(/lab\.checkpointFile: .*not the file the scenario was written for/);
      expect(await scenarioCommand(['run', join(d, 'snapshot-chains.json'), '--actions', good])).toBe(1);
    } finally {
      w1.mockRestore();
      w2.mockRestore();
    }
  });
});
