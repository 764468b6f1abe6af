import { migration001 } from './001-initial.ts';
import { migration002 } from './002-simulation.ts';
import { migration003 } from './003-cpu-allocation.ts';
import { migration004 } from './004-tasks.ts';
import { migration005 } from './005-scaling-plans.ts';
import { migration006 } from './006-sessions.ts';
import { migration007 } from './007-snapshots.ts';
import { migration008 } from './008-cluster-operations.ts';
import { migration009 } from './009-capacity.ts';
import { migration010 } from './010-engine-state.ts';
import { migration011 } from './011-host-cpu-model.ts';
import { migration012 } from './012-alarms.ts';
import { migration013 } from './013-admin-accounts.ts';
import { migration014 } from './014-fault-failure-reasons.ts';
import { migration015 } from './015-trends.ts';
import { migration016 } from './016-replay-actions.ts';
import { migration017 } from './017-hypervisors-hardware.ts';
import { migration018 } from './018-sites-dr.ts';
import { migration019 } from './019-tenants.ts';
import { migration020 } from './020-host-gpus.ts';
import { migration021 } from './021-engine-deltas.ts';
import { migration022 } from './022-sessions-user-index.ts';
import { migration023 } from './023-unmanaged-vms.ts';
import { migration024 } from './024-rollups-recent.ts';
import { migration025 } from './025-instant-clone-power.ts';
import type { Migration } from './types.ts';

/** Every migration, in order. Append; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
  migration016,
  migration017,
  migration018,
  migration019,
  migration020,
  migration021,
  migration022,
  migration023,
  migration024,
  migration025,
];
export const LATEST_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);
export type { Migration };
