import { test, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ApiClient } from './api-client.ts';

// Class mode (issue 17, part 6), in the browser: `vdi-console serve --class storage-latency-storm
// --trainees 2`. The instructor's view (the console's renderer at /instructor on the instructor's
// port) lists the trainees live and starts the class; a trainee's page (its own URL and token) runs
// the scenario, shows the instructor's hint, shows "Paused by the instructor" and cannot run its
// clock while the class is paused, and ends on the debrief, which the instructor can open; the
// trainee's cookie opens neither the other trainee's lab nor the instructor's view.

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const SHOTS = 'test-results/classroom';

interface Class {
  child: ChildProcess;
  dataDir: string;
  instructor: string;
  trainees: { id: string; url: string }[];
}

async function startClass(): Promise<Class> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vdi-e2e-class-'));
  const child = spawn(
    process.execPath,
    // At 60×, so its 40 simulated minutes take 40 s here (a class's own default is 1×, the room's time).
    ['bin/vdi-console.mjs', 'serve', '--class', 'storage-latency-storm', '--trainees', '2', '--speed', '60', '--data', dataDir, '--port', '0'],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const out: string[] = [];
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve --class did not print its URLs.\n${err}`)), 170_000);
    lines.on('line', (line) => {
      out.push(line);
      if (out.filter((l) => /^\s+trainee-\d+: /.test(l)).length === 2) {
        clearTimeout(timer);
        done();
      }
    });
    child.once('exit', (code) => fail(new Error(`serve --class exited with ${code}.\n${err}`)));
  });
  const m = /^VDI classroom ready: (http:\/\/\S+)$/.exec(out[0] ?? '');
  if (!m?.[1]) throw new Error(`unexpected first line: ${out[0]}`);
  const trainees = out.flatMap((l) => {
    const t = /^\s+(trainee-\d+): (http:\/\/\S+)$/.exec(l);
    return t ? [{ id: t[1] as string, url: t[2] as string }] : [];
  });
  return { child, dataDir, instructor: m[1], trainees };
}

let cls: Class;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  cls = await startClass();
});

test.afterAll(async () => {
  if (cls?.child.exitCode === null) {
    const exited = new Promise((r) => cls.child.once('exit', r));
    cls.child.kill('SIGTERM');
    await exited;
  }
  if (cls) rmSync(cls.dataDir, { recursive: true, force: true });
});

test('an instructor runs a class: live roster, start, a hint, more time; a trainee works the scenario to the debrief', async ({ browser }) => {
  test.setTimeout(240_000);
  const [t1, t2] = cls.trainees as [Class['trainees'][0], Class['trainees'][0]];
  const instructorCtx = await browser.newContext();
  const teacher = await instructorCtx.newPage();
  await teacher.goto(cls.instructor);
  await expect(teacher).toHaveURL(/\/instructor$/);
  await expect(teacher.getByTestId('class-title')).toHaveText('Classroom: Storage latency during the Monday storm');
  await expect(teacher.getByTestId('class-paused')).toContainText('Class paused');
  await expect(teacher.getByTestId('class-table').locator('tbody tr')).toHaveCount(2);
  await expect(teacher.getByTestId('class-state-trainee-01')).toHaveText('paused');
  await expect(teacher.getByTestId('class-urls')).toHaveValue(new RegExp(t2.url.replace(/[.?*+^$()[\]{}|\\]/g, '\\$&')));
  await expect(teacher.getByTestId('class-resume')).toHaveText('Start the class');
  await teacher.screenshot({ path: `${SHOTS}/instructor-before-start.png`, fullPage: true });

  // The trainee opens their own URL: the console on the Scenarios page, their attempt under way (paused).
  const traineeCtx = await browser.newContext();
  const trainee = await traineeCtx.newPage();
  await trainee.goto(t1.url);
  await expect(trainee.getByTestId('scenario-running-title')).toHaveText('Storage latency during the Monday storm', { timeout: 60_000 });
  // The class has not started: a lock, not just a paused clock. The trainee's console says so and offers no speed control.
  await expect(trainee.getByTestId('clock-locked')).toHaveText('Paused by the instructor');
  await expect(trainee.getByTestId('scenario-paused-by-instructor')).toBeVisible();
  await expect(trainee.getByTestId('clock-speed-60')).toHaveCount(0);
  await expect(teacher.getByTestId('class-conn-trainee-01')).toHaveText('online');
  await expect(teacher.getByTestId('class-conn-trainee-02')).toHaveText('not connected');

  // A hint to trainee-01 only.
  await teacher.getByRole('checkbox', { name: 'Select Trainee 1' }).check();
  await expect(teacher.getByTestId('class-target')).toContainText('trainee-01');
  await teacher.getByTestId('class-hint-text').fill('Which pool is provisioning on NFS-HYB-CL01 right now?');
  await teacher.getByTestId('class-hint-send').click();
  await expect(teacher.getByTestId('class-message')).toHaveText('Hint sent to 1 trainee(s).');
  await expect(teacher.getByTestId('class-hints-trainee-01')).toHaveText('1');
  await expect(teacher.getByTestId('class-hints-trainee-02')).toHaveText('0');
  await expect(trainee.getByTestId('scenario-instructor-hints')).toContainText('Which pool is provisioning on NFS-HYB-CL01 right now?');
  await trainee.screenshot({ path: `${SHOTS}/trainee-hint.png`, fullPage: true });

  // Ten more minutes for everyone: the time left of both grows past the scenario's 30 minutes.
  await teacher.getByRole('checkbox', { name: 'Select Trainee 1' }).uncheck();
  await teacher.getByRole('spinbutton', { name: 'Minutes to add' }).fill('10');
  await teacher.getByTestId('class-extend').click();
  await expect(teacher.getByTestId('class-message')).toHaveText('Gave 10 more minute(s) to 2 trainee(s).');
  const left = async (id: string) => {
    const [m, s] = ((await teacher.getByTestId(`class-left-${id}`).textContent()) ?? '0:0').split(':').map(Number);
    return (m as number) * 60 + (s as number);
  };
  await expect.poll(() => left('trainee-02')).toBe(40 * 60); // the class has not started: the scenario's 30 minutes and 10 more
  await expect(trainee.getByTestId('scenario-timer')).toContainText('40 min 00 s left');

  // Start the class (the scenario's 60×: its 40 simulated minutes are 40 s of wall time), and the trainee's fix at once,
  // through their own page's socket (the console's client); the judge sees it within a simulated minute or two.
  await teacher.getByTestId('class-resume').click();
  await expect(teacher.getByTestId('class-message')).toHaveText('Running 2 lab(s).');
  await expect(teacher.getByTestId('class-state-trainee-01')).toHaveText('running 60×');
  await expect(teacher.getByTestId('class-state-trainee-02')).toHaveText('running 60×');
  await expect(trainee.getByTestId('clock-locked')).toHaveCount(0);
  await expect(trainee.getByTestId('clock-speed-60')).toBeVisible();
  const u = new URL(t1.url);
  const api = new ApiClient(`ws://${u.host}/ws?token=${encodeURIComponent(u.searchParams.get('token') ?? '')}`);
  await api.call('pool-set-provisioning', { id: 'pool-4', enabled: false });
  api.close();
  await expect(teacher.getByTestId('class-objectives-trainee-01')).toContainText('2 / 2', { timeout: 60_000 });
  await expect(teacher.getByTestId('class-objectives-trainee-02')).not.toContainText('2 / 2'); // trainee-02 did nothing: the clone storm goes on there
  await teacher.getByTestId('class-pause').click();
  await expect(teacher.getByTestId('class-message')).toHaveText(/Paused [12] lab\(s\)\./);
  await teacher.screenshot({ path: `${SHOTS}/instructor-live.png`, fullPage: true });
  const finishedByNow = (await teacher.getByTestId('class-state-trainee-01').textContent())?.startsWith('finished');
  if (!finishedByNow) {
    await expect(trainee.getByTestId('clock-locked')).toHaveText('Paused by the instructor');
    await trainee.screenshot({ path: `${SHOTS}/trainee-paused-by-instructor.png`, fullPage: true });
  }

  // The trainee finishes: score, timeline and the expert's path, and the way to replay the attempt.
  // (Both objectives met ends the attempt by itself; otherwise the trainee says they are done.)
  const finish = trainee.getByTestId('scenario-finish');
  if (await finish.isVisible()) await finish.click();
  await expect(trainee.getByTestId('scenario-debrief')).toBeVisible({ timeout: 60_000 });
  await expect(trainee.getByTestId('scenario-expert-path')).toBeVisible();
  await expect(trainee.getByTestId('scenario-timeline')).toContainText('pool-set-provisioning');
  await trainee.screenshot({ path: `${SHOTS}/trainee-debrief.png`, fullPage: true });
  await expect(teacher.getByTestId('class-state-trainee-01')).toContainText('finished');
  await expect(teacher.getByTestId('class-score-trainee-01')).toHaveText(new RegExp(`^${await trainee.getByTestId('scenario-score').textContent()} / `));
  // The instructor opens the trainee's debrief: the trainee's own console (their URL), in a new tab.
  await expect(teacher.getByTestId('class-debrief-trainee-01')).toHaveAttribute('href', t1.url);
  await expect(teacher.getByTestId('class-open-trainee-02')).toBeVisible();
  await teacher.screenshot({ path: `${SHOTS}/instructor-after.png`, fullPage: true });
  const [debriefTab] = await Promise.all([instructorCtx.waitForEvent('page'), teacher.getByTestId('class-debrief-trainee-01').click()]);
  await expect(debriefTab.getByTestId('scenario-debrief')).toBeVisible({ timeout: 60_000 });
  await debriefTab.close();
  await trainee.getByTestId('scenario-debrief-replay').click();
  await expect(trainee).toHaveURL(/#\/replay/);
  await trainee.screenshot({ path: `${SHOTS}/trainee-replay.png`, fullPage: true });

  // Isolation in the browser: trainee-01's cookie opens neither trainee-02's lab nor the instructor's page.
  const other = new URL(t2.url);
  await trainee.goto(`${other.origin}/`);
  await expect(trainee.getByTestId('refused')).toBeVisible();
  const resp = await trainee.goto(`${new URL(cls.instructor).origin}/`);
  expect(resp?.status()).toBe(401);
  await instructorCtx.close();
  await traineeCtx.close();
});
