import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LabProfile } from '../../contract/entities.ts';
import { LabError, type Reply } from '../../contract/errors.ts';
import type { CallContext } from '../context.ts';
import { EVENT_NOTE, replayNoteInFile, type ReplayOrigin, type StoredAction } from '../../store/action-log.ts';
import { REPLAY_PARAMS } from './params.ts';
import { vacuumInto } from '../../store/checkpoint-files.ts';

/** A lab folder opened in this process (the host's `openHost`, given to the app through AppServices). */
export interface ScratchHost {
  readonly dbPath: string;
  dispatch(method: unknown, input: unknown, call?: CallContext): Promise<Reply<unknown>>;
  close(opts?: { flush?: boolean }): void;
}
export type ScratchOpener = (o: { dataDir: string; lab?: LabProfile; seed?: number }) => ScratchHost;

/**
 * Chain hashes of the log: h[0] names the origin, h[k+1] = sha256(h[k] | action k). A checkpoint
 * taken after k actions is valid for a log whose h[k] is the one it was taken with: same origin,
 * same first k actions — whatever came after (a restore, a branch) made another timeline.
 */
export function chainHashes(origin: ReplayOrigin, actions: readonly StoredAction[]): string[] {
  const out = [createHash('sha256').update(`${origin.profile}|${origin.seed}|${origin.startTime}`).digest('hex')];
  for (const a of actions) {
    out.push(
      createHash('sha256')
        .update(`${out[out.length - 1]}|${a.t}|${a.method}|${a.inputJson}|${a.user}`)
        .digest('hex'),
    );
  }
  return out;
}

interface CachedCheckpoint {
  file: string;
  t: number;
  k: number;
  hash: string;
}

const CP_NAME = /^cp-(\d+)-(\d+)-([0-9a-f]{24})\.sqlite$/;

export function listCheckpoints(cacheDir: string): CachedCheckpoint[] {
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return [];
  }
  return names.flatMap((file) => {
    const m = CP_NAME.exec(file);
    return m ? [{ file, t: Number(m[1]), k: Number(m[2]), hash: m[3] as string }] : [];
  });
}

/** The cached checkpoints of this log's timeline (same origin, same actions up to each). */
export function validCheckpoints(cacheDir: string, hashes: readonly string[]): CachedCheckpoint[] {
  return listCheckpoints(cacheDir)
    .filter((c) => c.k < hashes.length && hashes[c.k]?.slice(0, 24) === c.hash)
    .sort((a, b) => a.t - b.t);
}

export interface ReplayRequest {
  origin: ReplayOrigin;
  actions: readonly StoredAction[];
  /** Simulated seconds (epoch) to replay to; actions at that instant are applied. */
  to: number;
  /** Folder the replayed lab is written in (emptied first). */
  dir: string;
  /** Folder of the periodic checkpoints (null: none read or written). */
  cacheDir: string | null;
  open: ScratchOpener;
  /** Who the replayed requests name when an action does not (never: every action names its user). */
  user?: string;
}

export interface ReplayOutcome {
  host: ScratchHost;
  /** Actions of the log the replayed lab has applied. */
  applied: number;
  /** The cached checkpoint the replay started from (simulated seconds), or null (from the seed). */
  startedFrom: number | null;
  checkpointsWritten: number;
}

function unwrap(reply: Reply<unknown>, what: string): unknown {
  if (!reply.ok) throw new LabError('conflict', `The replay diverged at ${what}: ${reply.error.message}`);
  return reply.result;
}

async function clockSeconds(host: ScratchHost): Promise<number> {
  const c = unwrap(await host.dispatch('clock-get', {}), 'reading the clock') as { simTime: string };
  return Math.round(Date.parse(c.simTime) / 1000);
}

/**
 * Replays a lab: from the nearest cached checkpoint at or before `to` of the same timeline, or from
 * its seed, each recorded action is sent at its instant through the scratch lab's dispatcher (the
 * clock stepped to it first), then the clock is stepped to `to`. On the way, a checkpoint is written
 * every REPLAY_PARAMS.checkpointMinutes of simulated time (after the actions of that instant).
 */
export async function replayLab(req: ReplayRequest): Promise<ReplayOutcome> {
  const { origin, actions, to } = req;
  const hashes = chainHashes(origin, actions);
  rmSync(req.dir, { recursive: true, force: true });
  mkdirSync(req.dir, { recursive: true });
  const start = Math.round(Date.parse(origin.startTime) / 1000);
  if (to < start) throw new LabError('invalid-input', `The lab begins at ${origin.startTime}: there is nothing to replay before it`, ['at']);
  const base = req.cacheDir
    ? validCheckpoints(req.cacheDir, hashes)
        .filter((c) => c.t <= to && c.t >= start)
        .pop()
    : undefined;
  let host: ScratchHost;
  let k = 0;
  if (base && req.cacheDir) {
    copyFileSync(join(req.cacheDir, base.file), join(req.dir, 'lab.sqlite'));
    host = req.open({ dataDir: req.dir });
    k = base.k;
  } else {
    host = req.open({ dataDir: req.dir, lab: origin.profile as LabProfile, seed: origin.seed });
  }
  let written = 0;
  try {
    let t = await clockSeconds(host);
    const every = REPLAY_PARAMS.checkpointMinutes * 60;
    let nextCp = (Math.floor((t - start) / every) + 1) * every + start;
    const stepTo = async (target: number) => {
      if (target > t) {
        unwrap(await host.dispatch('clock-step', { seconds: target - t }), `stepping the clock to ${new Date(target * 1000).toISOString()}`);
        t = await clockSeconds(host);
        if (t !== target)
          throw new LabError('conflict', `The replay's clock reached ${new Date(t * 1000).toISOString()}, not ${new Date(target * 1000).toISOString()}`);
      }
    };
    const checkpoint = (at: number) => {
      if (!req.cacheDir) return;
      const hash = hashes[k]?.slice(0, 24) as string;
      const name = `cp-${at}-${k}-${hash}.sqlite`;
      if (listCheckpoints(req.cacheDir).some((c) => c.file === name)) return;
      writeCheckpoint(host.dbPath, req.cacheDir, name);
      written++;
      pruneCheckpoints(req.cacheDir, hashes);
    };
    for (;;) {
      const next = actions[k];
      const nextAt = next && next.t <= to ? next.t : null;
      // A checkpoint instant comes before the next action (or the end): run to it and save (the actions of its instant applied).
      if (nextCp <= to && (nextAt === null || nextCp < nextAt)) {
        await stepTo(nextCp);
        checkpoint(nextCp);
        nextCp += every;
        continue;
      }
      if (nextAt === null || !next) break;
      if (nextAt < t)
        throw new LabError('conflict', `The action log is out of order: action ${next.seq} at ${next.simTime} comes after ${new Date(t * 1000).toISOString()}`);
      await stepTo(nextAt);
      if (next.method === EVENT_NOTE) {
        // An event line of a request the log does not record (a checkpoint saved, a reset…): written as it was, at the same point.
        replayNoteInFile(host.dbPath, next, new Date(nextAt * 1000).toISOString());
        k++;
        continue;
      }
      unwrap(
        await host.dispatch(next.method, next.input, { user: next.user || (req.user ?? 'replay'), transport: 'in-process' }),
        `action ${next.seq} (${next.method} at ${next.simTime})`,
      );
      k++;
    }
    await stepTo(to);
    return { host, applied: k, startedFrom: base ? base.t : null, checkpointsWritten: written };
  } catch (err) {
    host.close({ flush: false });
    throw err;
  }
}

/** A consistent copy of a lab file that nothing else writes now (the scratch lab is paused): VACUUM INTO, renamed into place. */
export function writeCheckpoint(dbPath: string, dir: string, name: string): void {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `${name}.part`);
  rmSync(tmp, { force: true });
  vacuumInto(dbPath, tmp);
  renameSync(tmp, join(dir, name));
}

/** Keeps at most REPLAY_PARAMS.maxCheckpoints: other timelines' files first, then the one closest to the one before it. */
export function pruneCheckpoints(dir: string, hashes: readonly string[]): void {
  for (;;) {
    const all = listCheckpoints(dir);
    if (all.length <= REPLAY_PARAMS.maxCheckpoints) return;
    const valid = new Set(validCheckpoints(dir, hashes).map((c) => c.file));
    const stale = all.find((c) => !valid.has(c.file));
    let victim = stale;
    if (!victim) {
      const sorted = all.sort((a, b) => a.t - b.t);
      let best = 1;
      for (let i = 2; i < sorted.length - 1; i++)
        if (
          (sorted[i] as CachedCheckpoint).t - (sorted[i - 1] as CachedCheckpoint).t <
          (sorted[best] as CachedCheckpoint).t - (sorted[best - 1] as CachedCheckpoint).t
        )
          best = i;
      victim = sorted[best];
    }
    if (!victim) return;
    rmSync(join(dir, victim.file), { force: true });
  }
}
