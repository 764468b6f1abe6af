import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LabError, type Reply } from '../../contract/errors.ts';
import type { ReplayMarker, ReplayViewState } from '../../contract/replay-methods.ts';
import { CHECKPOINT_CHUNK_BYTES } from '../../contract/snapshot-methods.ts';
import { deleteMeta, setMeta, VIEW_LIVE_SPEED_META } from '../../store/sim-sync.ts';
import { OBJECT_KINDS } from '../../contract/entities.ts';
import { adoptLab, checkLabFile, checkpointDir } from '../../store/checkpoint-files.ts';
import { getCheckpointRow } from '../../store/checkpoints.ts';
import type { AppContext, Handlers } from '../context.ts';
import { refuseIfInstructorPaused } from './scenarios.ts';
import { EVENT_NOTE, listActions, replayOrigin } from '../../store/action-log.ts';
import { REPLAY_PARAMS } from '../replay/params.ts';
import { chainHashes, replayLab, validCheckpoints, writeCheckpoint } from '../replay/replayer.ts';
import { beginOpening, cacheDir, currentView, dropView, endOpening, isOpening, openingCancelled, replayDir, setView, viewDir } from '../replay/views.ts';
import { problemMarkers } from '../../store/events.ts';

const hhmm = (iso: string) => iso.slice(11, 16);

function dataDir(ctx: AppContext): string {
  if (!ctx.services.dataDir) throw new LabError('internal', 'This host has no data folder for a replay');
  return ctx.services.dataDir;
}

function liveTime(ctx: AppContext): string {
  return ctx.services.simulation().clock().simTime;
}

function viewState(ctx: AppContext): ReplayViewState {
  const v = currentView(ctx.services.dataDir);
  return { open: !!v, simTime: v?.simTime ?? null, liveSimTime: liveTime(ctx), actionsApplied: v?.applied ?? 0, liveSpeed: v?.liveSpeed ?? null };
}

function ok<T>(reply: Reply<unknown>, what: string): T {
  if (!reply.ok) throw new LabError(reply.error.code, `${what}: ${reply.error.message}`, reply.error.path);
  return reply.result as T;
}

/**
 * Makes the checkpoint of the viewed moment the live lab: checkpoint-restore's path (the file read
 * through the checked lab-file reader, its rows copied in one transaction with the engine opened on
 * them, the clock held and paused) without its event line. The new attempt's lab is then exactly
 * the moment its log replays to; the branch itself is on the audit trail and in the checkpoint list
 * (the kept attempt, the moment).
 */
async function restoreBranch(ctx: AppContext, id: string): Promise<void> {
  const row = getCheckpointRow(ctx.db, id);
  if (!row) throw new LabError('not-found', `The branch's checkpoint "${id}" is gone`);
  const folder = checkpointDir(dataDir(ctx));
  const lab = checkLabFile(join(folder, row.file), folder);
  try {
    const sim = ctx.services.simulation();
    sim.stopStep('a new attempt branched from an earlier moment');
    await sim.whole('checkpoint-restore', () => {
      try {
        adoptLab(ctx.db, lab, () => {
          setMeta(ctx.db, 'clock_speed', 'paused');
          deleteMeta(ctx.db, VIEW_LIVE_SPEED_META);
          sim.rebuild(true);
        });
      } catch (err) {
        sim.reopen();
        if (err instanceof LabError) throw err;
        throw new LabError('store-corrupt', `The moment's lab could not be opened, so the live lab was kept: ${(err as Error).message}`);
      }
      sim.speed = 'paused';
      return Promise.resolve();
    });
    ctx.changed(...OBJECT_KINDS);
    ctx.pushes.push({ topic: 'lab-restored', payload: { checkpointId: id, name: row.name, simTime: row.sim_time } });
    ctx.pushes.push({ topic: 'clock', payload: sim.clock() });
    ctx.publishNow([]);
  } finally {
    lab.dispose();
  }
}

export const replayHandlers: Pick<Handlers, 'replay-timeline' | 'replay-view-get' | 'replay-view-open' | 'replay-view-close' | 'replay-branch'> = {
  'replay-timeline': (_input, ctx) => {
    const origin = replayOrigin(ctx.db);
    const actions = listActions(ctx.db);
    const markers = problemMarkers(ctx.db, REPLAY_PARAMS.markerLimit) as ReplayMarker[];
    const dir = ctx.services.dataDir;
    const checkpoints = origin && dir ? validCheckpoints(cacheDir(dir), chainHashes(origin, actions)).map((c) => new Date(c.t * 1000).toISOString()) : [];
    return {
      origin,
      now: liveTime(ctx),
      // Event notes (lines of requests the log does not record) are replayed, but are not admin actions of the timeline.
      actions: actions.filter((a) => a.method !== EVENT_NOTE).map(({ seq, simTime, method, input, user }) => ({ seq, simTime, method, input, user })),
      markers,
      checkpoints,
      checkpointMinutes: REPLAY_PARAMS.checkpointMinutes,
      view: viewState(ctx),
    };
  },

  'replay-view-get': (_input, ctx) => viewState(ctx),

  'replay-view-open': async (input, ctx) => {
    const dir = dataDir(ctx);
    const open = ctx.services.openScratch;
    if (!open) throw new LabError('internal', 'This host cannot open a scratch lab for a replay');
    const origin = replayOrigin(ctx.db);
    if (!origin) {
      throw new LabError(
        'conflict',
        "This lab's history is not recorded from its start (it ran before this version of the console, or came from such a file): it cannot be replayed. A lab reset starts a recorded one.",
      );
    }
    const sim = ctx.services.simulation();
    if (sim.stepping || sim.busy)
      throw new LabError('conflict', 'The clock is stepping or a checkpoint is being saved or restored: open the view once it is done');
    if (!beginOpening(dir)) throw new LabError('conflict', 'A moment is already being opened: wait for it');
    try {
      const now = Math.round(sim.engine.t);
      const at = Math.floor(Date.parse(input.at) / 1000);
      const start = Math.round(Date.parse(origin.startTime) / 1000);
      if (at < start || at > now) {
        throw new LabError('invalid-input', `at: choose a moment between the lab's start (${origin.startTime}) and now (${sim.clock().simTime})`, ['at']);
      }
      // The live lab waits while the console shows the past: its clock pauses and gets its speed back on close.
      const previous = dropView(dir);
      const liveSpeed = previous?.liveSpeed ?? sim.speed;
      if (sim.speed !== 'paused') sim.setSpeed('paused');
      // The view lives in this console's memory: the lab keeps the speed to give back, so a console that opens it after
      // this one stopped (a crash, a quit) goes back to live at that speed (host.ts).
      setMeta(ctx.db, VIEW_LIVE_SPEED_META, liveSpeed);
      ctx.publishNow(sim.flush());
      try {
        const outcome = await replayLab({ origin, actions: listActions(ctx.db), to: at, dir: viewDir(dir), cacheDir: cacheDir(dir), open });
        if (openingCancelled(dir)) {
          // The console closed while the moment was replayed: nothing shows it, so nothing of it stays open.
          outcome.host.close({ flush: false });
          throw new LabError('conflict', 'The console closed while the moment was being opened');
        }
        const simTime = new Date(at * 1000).toISOString();
        // The class's instructor may have paused the class while the moment opened: the view then gives back no speed.
        const giveBack = sim.scenario?.instructorPaused ? 'paused' : liveSpeed;
        if (giveBack !== liveSpeed) setMeta(ctx.db, VIEW_LIVE_SPEED_META, giveBack);
        setView(dir, { host: outcome.host, simTime, applied: outcome.applied, liveSpeed: giveBack });
      } catch (err) {
        const gone = openingCancelled(dir);
        dropView(dir);
        if (liveSpeed !== 'paused' && !gone && !sim.scenario?.instructorPaused) sim.setSpeed(liveSpeed);
        if (!gone) deleteMeta(ctx.db, VIEW_LIVE_SPEED_META);
        throw err;
      }
      const state = viewState(ctx);
      // Every console reloads what it shows (now the moment), its clock included.
      const clock = await currentView(dir)?.host.dispatch('clock-get', {});
      ctx.changed(...OBJECT_KINDS);
      ctx.publishNow([
        { topic: 'lab-restored', payload: { checkpointId: '', name: `Viewing ${hhmm(state.simTime ?? '')} (read-only)`, simTime: state.simTime ?? '' } },
        ...(clock?.ok ? [{ topic: 'clock' as const, payload: clock.result as ReturnType<typeof sim.clock> }] : []),
      ]);
      return state;
    } finally {
      endOpening(dir);
    }
  },

  'replay-view-close': (input, ctx) => {
    const dir = dataDir(ctx);
    if (isOpening(dir)) return Promise.reject(new LabError('conflict', 'A moment is being opened: close the view once it is open'));
    const v = dropView(dir);
    const sim = ctx.services.simulation();
    // (Never while the class's instructor has paused the class: that pause is a lock the view must not lift.)
    if (v && input.resume && v.liveSpeed !== 'paused' && sim.speed === 'paused' && !sim.scenario?.instructorPaused) sim.setSpeed(v.liveSpeed);
    deleteMeta(ctx.db, VIEW_LIVE_SPEED_META);
    const state = viewState(ctx);
    if (v) {
      ctx.changed(...OBJECT_KINDS);
      ctx.publishNow([
        { topic: 'lab-restored', payload: { checkpointId: '', name: 'Back to the live lab', simTime: state.liveSimTime } },
        { topic: 'clock', payload: sim.clock() },
      ]);
    }
    return Promise.resolve(state);
  },

  'replay-branch': async (_input, ctx) => {
    refuseIfInstructorPaused(ctx, 'branch from a moment');
    const dir = dataDir(ctx);
    const dispatch = ctx.services.dispatch;
    if (!dispatch) throw new LabError('internal', 'This host cannot branch a lab');
    if (isOpening(dir)) throw new LabError('conflict', 'A moment is being opened: branch from it once it is open');
    const v = currentView(dir);
    if (!v) throw new LabError('conflict', 'Open a moment first (replay-view-open): a branch starts from the moment the view shows');
    const at = v.simTime;
    const file = join(replayDir(dir), 'branch.sqlite');
    rmSync(file, { force: true });
    writeCheckpoint(v.host.dbPath, replayDir(dir), 'branch.sqlite');
    dropView(dir);
    try {
      const live = liveTime(ctx);
      const kept = ok<{ id: string }>(
        await dispatch(
          'checkpoint-save',
          { name: `Attempt until ${hhmm(live)} (before branch)`, notes: `Kept when a new attempt branched from ${at}` },
          ctx.call,
        ),
        'Saving the live lab before the branch',
      );
      // The viewed moment goes in through the checked import path, then is restored like any checkpoint.
      const size = statSync(file).size;
      const begin = ok<{ uploadId: string }>(
        await dispatch('checkpoint-import-begin', { name: `Branch from ${hhmm(at)}`, sizeBytes: size }, ctx.call),
        'Importing the moment',
      );
      const bytes = readFileSync(file);
      for (let offset = 0; offset < size; offset += CHECKPOINT_CHUNK_BYTES) {
        const data = bytes.subarray(offset, offset + CHECKPOINT_CHUNK_BYTES).toString('base64');
        ok(await dispatch('checkpoint-import-chunk', { uploadId: begin.uploadId, offset, data }, ctx.call), 'Importing the moment');
      }
      const branch = ok<{ id: string }>(await dispatch('checkpoint-import-finish', { uploadId: begin.uploadId }, ctx.call), 'Importing the moment');
      await restoreBranch(ctx, branch.id);
      return { branchCheckpointId: branch.id, keptCheckpointId: kept.id, simTime: at };
    } finally {
      rmSync(file, { force: true });
    }
  },
};
