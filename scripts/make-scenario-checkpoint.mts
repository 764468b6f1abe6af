// Regenerates resources/scenarios/checkpoints/snapshot-chains.vdilab, the starting lab of the built-in
// scenario "snapshot-chains" (issue 17: a scenario that starts from a checkpoint file), and the
// file's SHA-256 in resources/scenarios/snapshot-chains.json (lab.sha256).
//   node --import tsx scripts/make-scenario-checkpoint.mts
// The small lab (seed 1), run to mid-morning, where last night's patch test left a chain of three
// snapshots on each desktop of the pool PWR-Dedicated (pool-3): the checkpoint is written by checkpoint-save (the
// lab with its engine state, its action log from the seed, no admin account) and copied here.
// The host, the save, the export and the digest: scripts/lib/scenario-checkpoint.mts.
import { makeScenarioCheckpoint } from './lib/scenario-checkpoint.mts';

const POOL = process.env.POOL ?? 'pool-3';

await makeScenarioCheckpoint({
  name: 'snapshot-chains',
  async setup(call) {
    await call('clock-step', { seconds: 3600 });
    for (const name of ['pre-patch-1', 'pre-patch-2', 'pre-patch-3']) {
      await call('snapshot-bulk-take', { poolId: POOL, name, description: "Last night's patch test", includeMemory: false, quiesce: false });
      await call('clock-step', { seconds: 900 });
    }
    await call('clock-step', { seconds: 1800 });
  },
});
