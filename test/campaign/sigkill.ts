import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Reply } from '../../src-main/contract/errors.ts';
import { CHECKPOINT_DIR } from '../../src-main/store/checkpoint-files.ts';
import { LAB_FILE } from '../../src-main/host/host.ts';
import type { Prng } from '../../src-main/core/prng.ts';
import { startServe, type Serve } from '../helpers/crash-writer.ts';
import { storeViolations } from '../helpers/invariants.ts';
import { tempDir } from '../helpers/lab.ts';
import type { Run } from './runner.ts';
import { SocketClosed, WsClient } from './wire.ts';

// The SIGKILL campaign: one lab folder, a `serve` process started on it round after round and
// killed with SIGKILL at a seeded random moment of a scenario — a pipelined write burst, the same
// with the clock at max, or a checkpoint save / steps / restore with writes around them. After each
// kill the folder is opened as it was left: PRAGMA integrity_check is ok, the lab invariants hold
// (storeViolations), and every write whose reply the client got is there — unless a restore the
// campaign sent afterwards rolled it back, in which case the restore is whole (all the writes after
// its checkpoint gone, none half). The next round's start proves the folder opens again and that no
// scratch file of a killed restore or upload is left behind.

export const SIGKILL_SIZES = { short: { kills: 8 }, full: { kills: 50 } };

type Scenario = 'burst' | 'clock-max' | 'checkpoint';
type Phase = 'A' | 'save' | 'B' | 'restore' | 'C';

/** A marker write: a new image version whose notes name it, or a pool's display name (the last acknowledged one must hold). */
interface Write {
  seq: number;
  kind: 'image' | 'pool';
  pool?: string;
  value: string;
  phase: Phase;
  acked: boolean;
  refused?: string;
}

const WINDOW = 16;

interface RoundLedger {
  round: number;
  scenario: Scenario;
  writes: Write[];
  checkpointName: string;
  saveSent: boolean;
  saveAcked: boolean;
  restoreSent: boolean;
  restoreAcked: boolean;
  /** The restore's reply code (ok, conflict…), or 'no reply' when the kill came first. */
  restoreReply: string;
  killPhase: Phase | 'any';
  restoreLanded?: boolean;
  maxClock?: boolean;
  phaseAtKill: Phase;
}

export async function sigkillCampaign(run: Run): Promise<void> {
  const kills = run.full ? SIGKILL_SIZES.full.kills : SIGKILL_SIZES.short.kills;
  const dir = tempDir('vdi-campaign-kill-');
  const totals = { acked: 0, lost: 0, landedUnacked: 0, restoresLanded: 0, restoresUnackedLanded: 0, saves: 0, refused: 0 };
  const byScenario: Record<string, number> = {};
  let serve: Serve | undefined;
  const order = run.rng.shuffle<Scenario>(['burst', 'clock-max', 'checkpoint', 'checkpoint']);
  try {
    for (let round = 1; round <= kills && !run.done(round); round++) {
      run.step = round;
      const rng = run.rng.fork(round);
      // Start (the previous round's kill left the folder as it was): the start itself is a check.
      try {
        serve = await startServe(dir);
      } catch (err) {
        run.fail('restart', `serve does not start on the folder after the kill of round ${round - 1}: ${(err as Error).message.slice(0, 1500)}`, {
          stop: true,
        });
        return;
      }
      const leftovers = scratchFiles(dir);
      if (leftovers.length) run.fail('restart', `after a restart the checkpoint folder still holds ${leftovers.join(', ')}`);

      // Every scenario comes up in any four rounds (checkpoints twice), in a seeded order.
      const scenario = order[(round - 1) % order.length] as Scenario;
      run.tried(scenario);
      byScenario[scenario] = (byScenario[scenario] ?? 0) + 1;
      const ledger = await playAndKill(run, rng, serve, round, scenario);
      await serve.exited;

      const before = run.failureCount;
      verify(run, dir, ledger, totals);
      if (run.failureCount === before) run.survived(scenario);
      const restore = ledger.restoreSent ? `; restore ${ledger.restoreReply}${ledger.restoreLanded ? ', landed' : ', not landed'}` : '';
      run.log(
        `round ${round}/${kills} ${scenario}${ledger.maxClock ? ' (clock at max)' : ''}, killed in phase ${ledger.phaseAtKill} (aimed at ${ledger.killPhase}): ${ledger.writes.filter((w) => w.acked).length} writes acknowledged${restore}`,
      );
    }
    // And the folder opens a last time.
    serve = await startServe(dir);
    const leftovers = scratchFiles(dir);
    if (leftovers.length) run.fail('restart', `after the last restart the checkpoint folder still holds ${leftovers.join(', ')}`);
    serve.child.kill('SIGTERM');
    await serve.exited;
  } finally {
    if (serve?.alive()) {
      serve.child.kill('SIGKILL');
      await serve.exited;
    }
    run.figure('kills', run.step);
    run.figure('ackedWrites', totals.acked);
    run.figure('ackedWritesLost', totals.lost);
    run.figure('landedWithoutAck', totals.landedUnacked);
    run.figure('checkpointsSaved', totals.saves);
    run.figure('restoresLanded', totals.restoresLanded);
    run.figure('restoresLandedUnacked', totals.restoresUnackedLanded);
    run.figure('writesRefused', totals.refused);
    run.figure(
      'scenarios',
      Object.entries(byScenario)
        .map(([k, v]) => `${k}:${v}`)
        .join(' '),
    );
    // CAMPAIGN_KEEP=1 keeps the lab folder to look at after a failure.
    if (process.env.CAMPAIGN_KEEP) run.log(`lab folder kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

/** Scratch files a killed restore or upload leaves, which a restart must sweep (issue 20 finding 9). */
function scratchFiles(dir: string): string[] {
  const folder = join(dir, CHECKPOINT_DIR);
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((f) => /^restore-\d+\.sqlite/.test(f));
}

async function playAndKill(run: Run, rng: Prng, serve: Serve, round: number, scenario: Scenario): Promise<RoundLedger> {
  const ws = await WsClient.open(serve);
  const ledger: RoundLedger = {
    round,
    scenario,
    writes: [],
    checkpointName: `Campaign round ${round}`,
    saveSent: false,
    saveAcked: false,
    restoreSent: false,
    restoreAcked: false,
    restoreReply: 'not sent',
    killPhase: 'any',
    phaseAtKill: 'A',
  };
  let phase: Phase = 'A';
  let killed = false;
  let killTimer: NodeJS.Timeout | undefined;
  const kill = () => {
    if (killed) return;
    killed = true;
    ledger.phaseAtKill = phase;
    serve.child.kill('SIGKILL');
  };
  const must = async (method: string, input: unknown): Promise<Reply<unknown>> => {
    const r = await ws.request(method, input);
    if (!r.ok && r.error.code === 'internal') run.fail('reply', `${method} replied internal: ${r.error.message}`);
    return r;
  };

  // Setup (before the kill can come): a paused clock, the earlier rounds' checkpoints deleted but the newest.
  await must('clock-set', { speed: 'paused' });
  const cps = (await must('checkpoint-list', {})) as Reply<{ id: string; createdAt: string }[]>;
  if (cps.ok) {
    const newestFirst = [...cps.result].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    for (const c of newestFirst.slice(1)) await must('checkpoint-delete', { id: c.id });
  }
  const poolsReply = (await must('pool-list', {})) as Reply<{ id: string }[]>;
  const pools = poolsReply.ok ? poolsReply.result.map((p) => p.id).sort() : [];
  const imagesReply = (await must('image-list', {})) as Reply<{ id: string }[]>;
  const image = imagesReply.ok ? (imagesReply.result[0]?.id ?? 'img-1') : 'img-1';

  let seq = 0;
  const marker = async (): Promise<void> => {
    const s = ++seq;
    const value = `r${round}-${s}`;
    const w: Write =
      s % 2 === 0 && pools.length
        ? { seq: s, kind: 'pool', pool: pools[s % pools.length] as string, value, phase, acked: false }
        : { seq: s, kind: 'image', value, phase, acked: false };
    ledger.writes.push(w);
    const r =
      w.kind === 'pool' ? await must('pool-update', { id: w.pool, displayName: value }) : await must('image-version-create', { imageId: image, notes: value });
    if (r.ok) w.acked = true;
    else w.refused = r.error.code;
  };
  /** WINDOW markers in flight; `count` of them in all, or until the socket closes. */
  const burst = async (count = Infinity): Promise<void> => {
    let left = count;
    const lane = async () => {
      while (left-- > 0) await marker();
    };
    await Promise.all(Array.from({ length: WINDOW }, lane));
  };

  // When to kill: a seeded delay after a seeded phase starts (for a burst, after its first acknowledgement).
  const armAt = (p: Phase | 'any', delayMs: number) => {
    ledger.killPhase = p;
    return (now: Phase) => {
      if (killTimer || (p !== 'any' && p !== now)) return;
      killTimer = setTimeout(kill, delayMs);
    };
  };
  const fallback = setTimeout(kill, 30_000); // bounded whatever happens

  try {
    ledger.maxClock = scenario === 'clock-max';
    if (scenario === 'burst' || scenario === 'clock-max') {
      if (scenario === 'clock-max') await must('clock-set', { speed: 'max' });
      const arm = armAt('any', rng.int(5, 1500));
      const first = marker().then(() => arm('A'));
      await Promise.all([first, burst()]);
    } else {
      const maxClock = rng.chance(0.3);
      ledger.maxClock = maxClock;
      const target = rng.pick<Phase>(['A', 'save', 'save', 'B', 'restore', 'restore', 'restore', 'C']);
      // A restore of the small lab takes from a few hundred ms to over a second on a loaded machine.
      const arm = armAt(target, target === 'restore' ? rng.int(0, 1500) : target === 'save' ? rng.int(0, 150) : rng.int(0, 400));
      const enter = (p: Phase) => {
        phase = p;
        arm(p);
      };
      if (maxClock) await must('clock-set', { speed: 'max' });
      enter('A');
      await burst(rng.int(4, 60));
      enter('save');
      ledger.saveSent = true;
      const saved = (await must('checkpoint-save', { name: ledger.checkpointName })) as Reply<{ id: string }>;
      ledger.saveAcked = saved.ok;
      enter('B');
      await burst(rng.int(4, 60));
      await must('clock-set', { speed: 'paused' });
      await must('clock-step', { seconds: rng.int(60, 3 * 3600) });
      if (maxClock) await must('clock-set', { speed: 'max' });
      if (saved.ok) {
        enter('restore');
        ledger.restoreSent = true;
        ledger.restoreReply = 'no reply';
        const restored = await must('checkpoint-restore', { id: saved.result.id, confirm: true });
        ledger.restoreAcked = restored.ok;
        ledger.restoreReply = restored.ok ? 'ok' : `${restored.error.code}: ${restored.error.message}`;
        // A checkpoint the app saved itself, moments ago, must restore (this once failed: a process that opened a lab
        // whose rows held image versions its saved engine state did not name never wrote the longer ids list).
        if (!restored.ok && restored.error.code === 'store-corrupt')
          run.fail(
            'checkpoint',
            `round ${round}: checkpoint-restore of the checkpoint saved (and acknowledged) in this round is refused: ${restored.error.message}`,
          );
      }
      enter('C');
      await burst();
    }
  } catch (err) {
    if (!(err instanceof SocketClosed)) throw err;
  } finally {
    clearTimeout(fallback);
    if (killTimer) clearTimeout(killTimer);
    kill();
    ws.close();
  }
  return ledger;
}

function verify(run: Run, dir: string, ledger: RoundLedger, totals: Record<string, number>): void {
  const fail = (what: string) => run.fail(ledger.scenario, `round ${ledger.round} (killed in phase ${ledger.phaseAtKill}): ${what}`);
  // Opened read-write, as the next process would (the WAL is recovered).
  const db = new Database(join(dir, LAB_FILE));
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') {
      fail(`integrity_check says ${String(integrity)}`);
      return;
    }
    const broken = storeViolations(db);
    if (broken.length) fail(`the lab invariants are broken:\n  ${broken.join('\n  ')}`);

    const restoreLanded =
      ledger.restoreSent && !!db.prepare('SELECT 1 FROM events WHERE message LIKE ? LIMIT 1').get(`Lab restored from checkpoint "${ledger.checkpointName}"%`);
    ledger.restoreLanded = restoreLanded;
    if (ledger.restoreAcked && !restoreLanded) fail('the acknowledged checkpoint-restore is not in the lab');
    if (restoreLanded) totals.restoresLanded = (totals.restoresLanded ?? 0) + 1;
    if (restoreLanded && !ledger.restoreAcked) totals.restoresUnackedLanded = (totals.restoresUnackedLanded ?? 0) + 1;
    const checkpoint = db.prepare('SELECT id, file FROM checkpoints WHERE name = ?').get(ledger.checkpointName) as { id: string; file: string } | undefined;
    if (ledger.saveAcked) {
      totals.saves = (totals.saves ?? 0) + 1;
      if (!checkpoint) fail('the acknowledged checkpoint-save is not in the checkpoint list');
      else if (!existsSync(join(dir, CHECKPOINT_DIR, checkpoint.file))) fail(`the acknowledged checkpoint's file ${checkpoint.file} is missing`);
    }

    // Writes of phase B are rolled back by a restore that landed; every other acknowledged write is there.
    const rolledBack = (w: Write) => restoreLanded && w.phase === 'B';
    const notes = new Set(
      (db.prepare('SELECT notes FROM image_versions WHERE notes LIKE ?').all(`r${ledger.round}-%`) as { notes: string }[]).map((r) => r.notes),
    );
    for (const w of ledger.writes.filter((x) => x.kind === 'image')) {
      const present = notes.has(w.value);
      if (w.acked) totals.acked = (totals.acked ?? 0) + 1;
      if (w.refused) totals.refused = (totals.refused ?? 0) + 1;
      if (rolledBack(w) && present) fail(`image version ${w.value} written after the checkpoint survived the restore that landed`);
      else if (!rolledBack(w) && w.acked && !present) {
        totals.lost = (totals.lost ?? 0) + 1;
        fail(`the acknowledged image-version-create ${w.value} (phase ${w.phase}) is lost`);
      } else if (!w.acked && present) totals.landedUnacked = (totals.landedUnacked ?? 0) + 1;
    }
    // A pool's display name is the one of a write at least as late as the last acknowledged one that survives.
    const names = new Map((db.prepare('SELECT id, display_name AS n FROM pools').all() as { id: string; n: string }[]).map((r) => [r.id, r.n]));
    const bySeq = new Map(ledger.writes.map((w) => [w.value, w]));
    for (const pool of new Set(ledger.writes.filter((w) => w.kind === 'pool').map((w) => w.pool as string))) {
      const mine = ledger.writes.filter((w) => w.kind === 'pool' && w.pool === pool);
      for (const w of mine) {
        if (w.acked) totals.acked = (totals.acked ?? 0) + 1;
        if (w.refused) totals.refused = (totals.refused ?? 0) + 1;
      }
      const lastAcked = Math.max(0, ...mine.filter((w) => w.acked && !rolledBack(w)).map((w) => w.seq));
      const name = names.get(pool);
      const w = name !== undefined ? bySeq.get(name) : undefined;
      if (w && w.kind === 'pool' && w.pool === pool) {
        if (rolledBack(w)) fail(`${pool} is named ${name}, written after the checkpoint, yet the restore landed`);
        else if (w.seq < lastAcked) {
          totals.lost = (totals.lost ?? 0) + 1;
          fail(`${pool} is named ${name}, but write #${lastAcked} (acknowledged) came later`);
        } else if (!w.acked) totals.landedUnacked = (totals.landedUnacked ?? 0) + 1;
      } else if (lastAcked > 0) {
        totals.lost = (totals.lost ?? 0) + 1;
        fail(`${pool} is named ${String(name)}, but write #${lastAcked} (r${ledger.round}-${lastAcked}) was acknowledged`);
      }
    }
  } finally {
    db.close();
  }
}
