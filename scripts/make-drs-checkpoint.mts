// Regenerates resources/scenarios/checkpoints/drs-imbalance-affinity.vdilab, the starting lab of the
// built-in scenario "drs-imbalance-affinity" (issue 17: DRS imbalance and affinity), and the file's
// SHA-256 in resources/scenarios/drs-imbalance-affinity.json (lab.sha256).
//   node --import tsx scripts/make-drs-checkpoint.mts
// The small lab (seed 1) at 08:00: somebody set the cluster's DRS to manual during a storage job
// last week and never set it back, then crammed the power users' desktops (PWR-Dedicated, pool-3)
// and both RDSH session hosts of CC-RDSH-Farm (pool-5) onto esx01 by hand. No affinity rule exists.
// The host, the save, the export and the digest: scripts/lib/scenario-checkpoint.mts.
import { makeScenarioCheckpoint } from './lib/scenario-checkpoint.mts';

const HOT_HOST = 'h-1';

await makeScenarioCheckpoint({
  name: 'drs-imbalance-affinity',
  async setup(call) {
    await call('clock-step', { seconds: 3000 });
    await call('cluster-set-drs', { clusterId: 'cl-1', automation: 'manual' });
    for (const poolId of ['pool-5', 'pool-3']) {
      const { rows } = await call<{ rows: { id: string; powerState: string }[] }>('desktop-list', { poolId });
      const here = new Set((await call<{ rows: { id: string }[] }>('desktop-list', { poolId, hostId: HOT_HOST })).rows.map((d) => d.id));
      const away = rows.filter((d) => d.powerState === 'poweredOn' && !here.has(d.id)).map((d) => d.id);
      if (away.length > 0) await call('vm-migrate', { desktopIds: away, toHostId: HOT_HOST });
    }
    await call('clock-step', { seconds: 600 });
  },
  async report(call) {
    const rows = await call<{ rows: { id: string; pool: string }[] }>('desktop-list', { hostId: HOT_HOST });
    return `on ${HOT_HOST}: ${rows.rows.map((d) => `${d.id}(${d.pool})`).join(' ')}`;
  },
});
