import { scenarioSchema, type Scenario } from '../../contract/scenario-schema.ts';
import s0 from '../../../resources/scenarios/monday-login-storm.json' with { type: 'json' };
import s1 from '../../../resources/scenarios/storage-latency-storm.json' with { type: 'json' };
import s2 from '../../../resources/scenarios/bad-image-rollback.json' with { type: 'json' };
import s3 from '../../../resources/scenarios/desktops-exhausted.json' with { type: 'json' };
import s4 from '../../../resources/scenarios/slow-profile-loads.json' with { type: 'json' };
import s5 from '../../../resources/scenarios/branch-wan-slow.json' with { type: 'json' };
import s6 from '../../../resources/scenarios/connection-server-outage.json' with { type: 'json' };
import s7 from '../../../resources/scenarios/licence-exhausted.json' with { type: 'json' };
import s8 from '../../../resources/scenarios/runaway-cpu-limits.json' with { type: 'json' };
import s10 from '../../../resources/scenarios/host-failure-ha.json' with { type: 'json' };
import s9 from '../../../resources/scenarios/maintenance-patching.json' with { type: 'json' };
import s11 from '../../../resources/scenarios/snapshot-consolidation.json' with { type: 'json' };
import s12 from '../../../resources/scenarios/memory-overcommit.json' with { type: 'json' };
import s13 from '../../../resources/scenarios/snapshot-chains.json' with { type: 'json' };
import s14 from '../../../resources/scenarios/drs-imbalance-affinity.json' with { type: 'json' };

/**
 * The built-in scenarios of resources/scenarios, bundled (imported, so the packaged app has them
 * without a resources folder). A new file is added here too; a unit test checks every file in the
 * folder is listed and valid.
 */
export const BUILT_IN_FILES: Record<string, unknown> = {
  'monday-login-storm': s0,
  'storage-latency-storm': s1,
  'bad-image-rollback': s2,
  'desktops-exhausted': s3,
  'slow-profile-loads': s4,
  'branch-wan-slow': s5,
  'connection-server-outage': s6,
  'licence-exhausted': s7,
  'runaway-cpu-limits': s8,
  'maintenance-patching': s9,
  'host-failure-ha': s10,
  'snapshot-consolidation': s11,
  'memory-overcommit': s12,
  'snapshot-chains': s13,
  'drs-imbalance-affinity': s14,
};

export const BUILT_IN_SCENARIOS: Scenario[] = Object.values(BUILT_IN_FILES).map((f) => scenarioSchema.parse(f));
