import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CHECKPOINT_DIR } from '../../src-main/store/checkpoint-files.ts';
import { storeViolations, viewViolations } from '../helpers/invariants.ts';
import { tempLab } from '../helpers/lab.ts';
import { validAction, type Send } from './inputs.ts';
import { round, type Run } from './runner.ts';

// The soak campaign: a small lab in-process, many simulated days through clock-step in 6-hour
// steps with a seeded mix of admin actions between them (connections, logoffs, host failures and
// repairs, maintenance, migrations, snapshots, rules, image versions, checkpoints…; nothing that
// throws the timeline away). At every sample the lab invariants hold (store and views), and the
// figures are taken after a forced GC: the host's heap, the store's size (lab.sqlite with its WAL)
// and the checkpoint folder. At the end the heap and the store must have stopped growing faster
// than they did at the start (bounded, not a leak).

export const SOAK_SIZES = { short: { days: 12, sampleEvery: 3 }, full: { days: 218, sampleEvery: 10 } };
const STEP_SECONDS = 6 * 3600;
/** Absolute ceilings for a small lab (the 218-day soak: 182 MB of memory, a 9.1 MB store). */
const MAX_HEAP_MB = 400;
const MAX_STORE_MB = 100;

interface Sample {
  day: number;
  heapMb: number;
  rssMb: number;
  storeMb: number;
  checkpointsMb: number;
  events: number;
}

function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);
const fileSize = (p: string) => (existsSync(p) ? statSync(p).size : 0);

export async function soakCampaign(run: Run): Promise<void> {
  const size = run.full ? SOAK_SIZES.full : SOAK_SIZES.short;
  const rng = run.rng;
  const gc = gcFunction();
  const lab = tempLab('small', 1);
  const send: Send = (m, i) => lab.host.dispatch(m, i);
  const samples: Sample[] = [];
  let actions = 0;
  const sample = async (day: number) => {
    run.tried('checks');
    const before = run.failureCount;
    // The in-process host has no clock driver: the stored clock is paused between steps.
    const db = lab.peek();
    try {
      const broken = [...storeViolations(db), ...(await viewViolations(lab.client, db))];
      if (broken.length) run.fail('checks', `day ${day}: the lab invariants are broken:\n  ${broken.join('\n  ')}`, { stop: true });
      const events = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
      gc();
      gc();
      const mem = process.memoryUsage();
      const cpDir = join(lab.dir, CHECKPOINT_DIR);
      const checkpoints = existsSync(cpDir) ? readdirSync(cpDir).reduce((n, f) => n + fileSize(join(cpDir, f)), 0) : 0;
      const s: Sample = {
        day,
        heapMb: mb(mem.heapUsed),
        rssMb: mb(mem.rss),
        storeMb: mb(fileSize(lab.host.dbPath) + fileSize(`${lab.host.dbPath}-wal`)),
        checkpointsMb: mb(checkpoints),
        events,
      };
      samples.push(s);
      run.log(`day ${day}: heap ${s.heapMb} MB, rss ${s.rssMb} MB, store ${s.storeMb} MB, checkpoints ${s.checkpointsMb} MB, ${events} events`);
    } finally {
      db.close();
    }
    if (run.failureCount === before) run.survived('checks');
  };

  try {
    await send('clock-set', { speed: 'paused' });
    await sample(0);
    for (let day = 1; day <= size.days && !run.done(day); day++) {
      run.step = day;
      run.tried('days');
      const before = run.failureCount;
      for (let quarter = 0; quarter < 4; quarter++) {
        for (let n = rng.int(0, 3); n > 0; n--) {
          const req = await validAction(rng, send, `d${day}q${quarter}n${n}`, { soak: true });
          const r = await send(req.method, req.input);
          actions++;
          run.reply(r.ok ? 'ok' : r.error.code);
          if (!r.ok && r.error.code === 'internal')
            run.fail('days', `day ${day}: ${req.label} ${JSON.stringify(req.input)} replied internal: ${r.error.message}`);
        }
        // Housekeeping an admin would do: at most three checkpoints kept.
        const cps = await send('checkpoint-list', {});
        if (cps.ok) for (const c of (cps.result as { id: string }[]).slice(3)) await send('checkpoint-delete', { id: c.id });
        const step = await send('clock-step', { seconds: STEP_SECONDS });
        run.reply(step.ok ? 'ok' : step.error.code);
        if (!step.ok)
          run.fail('days', `day ${day}: clock-step ${STEP_SECONDS} refused: ${step.error.code} ${step.error.message}`, {
            stop: step.error.code === 'internal',
          });
      }
      if (run.failureCount === before) run.survived('days');
      if (day % size.sampleEvery === 0 || day === size.days) await sample(day);
    }
  } finally {
    run.figure('simulatedDays', run.step);
    run.figure('adminActions', actions);
    try {
      lab.dispose();
    } catch (err) {
      run.fail('checks', `the lab file left after the soak is broken: ${(err as Error).message}`);
    }
  }

  // Bounded: the last half of the run may not grow faster than the first half did (plus slack), and stays under a ceiling.
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || samples.length < 3) return;
  const mid = samples[Math.floor(samples.length / 2)] as Sample;
  const heapPeak = Math.max(...samples.map((s) => s.heapMb));
  const early = samples.filter((s) => s.day <= mid.day);
  const late = samples.filter((s) => s.day >= mid.day);
  const earlyHeap = Math.max(...early.map((s) => s.heapMb));
  const lateHeap = Math.max(...late.map((s) => s.heapMb));
  const rate = (a: Sample, b: Sample) => (b.day > a.day ? (b.storeMb - a.storeMb) / (b.day - a.day) : 0);
  const earlyRate = rate(first, mid);
  const lateRate = rate(mid, last);
  run.figure('heapStartMb', first.heapMb);
  run.figure('heapEndMb', last.heapMb);
  run.figure('heapPeakMb', heapPeak);
  run.figure('rssPeakMb', Math.max(...samples.map((s) => s.rssMb)));
  run.figure('storeStartMb', first.storeMb);
  run.figure('storeEndMb', last.storeMb);
  run.figure('storeMbPerDayFirstHalf', round(earlyRate, 3));
  run.figure('storeMbPerDaySecondHalf', round(lateRate, 3));
  run.figure('checkpointsEndMb', last.checkpointsMb);
  run.figure('eventsEnd', last.events);
  run.step = last.day;
  run.tried('bounded');
  const before = run.failureCount;
  if (lateHeap > earlyHeap * 1.5 + 32) run.fail('bounded', `the heap keeps growing: ${earlyHeap} MB peak in the first half, ${lateHeap} MB in the second`);
  if (heapPeak > MAX_HEAP_MB) run.fail('bounded', `the heap reached ${heapPeak} MB (ceiling ${MAX_HEAP_MB} MB)`);
  if (lateRate > earlyRate * 1.5 + 0.1)
    run.fail('bounded', `the store grows faster and faster: ${round(earlyRate, 3)} MB/day, then ${round(lateRate, 3)} MB/day`);
  if (last.storeMb > MAX_STORE_MB) run.fail('bounded', `the store reached ${last.storeMb} MB (ceiling ${MAX_STORE_MB} MB)`);
  if (run.failureCount === before) run.survived('bounded');
}
