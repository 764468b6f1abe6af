import type { ClusterTaskDetails } from '../contract/cluster-entities.ts';
import type { ClusterTask } from '../contract/entities.ts';
import { FAIL, MAINT } from '../core/engine/cluster/cluster.ts';
import type { Engine } from '../core/engine/engine.ts';
import { setHostState } from '../store/cluster-ops.ts';
import type { Db } from '../store/db.ts';
import { insertTask } from '../store/tasks.ts';
import type { ClusterTracker } from './cluster-tracker.ts';

/**
 * Host failures and repairs through the cluster's HA machinery, shared by the `host-fail` /
 * `host-repair` methods and the host failure faults of the catalogue (a fault's start, end or
 * clear: app/simulation.ts applyHostFaults). A failure is a tracked HA failover task; a repair is
 * a network restore (isolation) or a power-on task (ESXi boots).
 */

export type HostFailureMode = 'power-loss' | 'isolation' | 'psod';

const iso = (t: number) => new Date(t * 1000).toISOString();

function task(db: Db, e: Engine, h: number, kind: 'ha-failover' | 'host-power', details: Partial<ClusterTaskDetails>, user: string, done = false): ClusterTask {
  const c = e.cluster;
  const now = iso(e.t);
  const full: ClusterTaskDetails = {
    clusterId: c.clusters[c.hCluster[h] as number]?.id ?? '',
    hostId: e.st.ids.hosts[h] ?? null,
    status: '',
    wait: false,
    failedAt: null,
    mode: null,
    items: [],
    timeline: [],
    ...details,
  };
  return insertTask<ClusterTask>(db, {
    kind,
    objectKind: 'host',
    objectId: e.st.ids.hosts[h] ?? '',
    objectName: c.hName[h] ?? '',
    state: done ? 'completed' : 'running',
    done: 0,
    total: 0,
    createdAt: now,
    startAt: now,
    finishedAt: done ? now : null,
    user,
    details: full,
  });
}

/** Why host h cannot fail now (already failed, off or booting), or null. */
export function cannotFail(e: Engine, h: number): string | null {
  const c = e.cluster;
  if (c.hFail[h] !== FAIL.none) return `${c.hName[h]} has already failed`;
  if (e.st.hOn[h] !== 1 || (c.hBootUntil[h] as number) > 0) return `${c.hName[h]} is not running: nothing to fail`;
  return null;
}

/** Why host h cannot be repaired now (not failed, or already booting), or null. */
export function cannotRepair(e: Engine, h: number): string | null {
  const c = e.cluster;
  if (c.hFail[h] === FAIL.none) return `${c.hName[h]} has not failed: nothing to repair`;
  if ((c.hBootUntil[h] as number) > 0) return `${c.hName[h]} is already being repaired (booting)`;
  return null;
}

/** Fails host h now (check cannotFail first): the HA failover task, adopted by the engine. A PSOD is, to HA, a host that stopped. */
export function failHost(db: Db, e: Engine, tracker: ClusterTracker, h: number, mode: HostFailureMode, user: string): ClusterTask {
  const id = e.st.ids.hosts[h] ?? '';
  const haMode = mode === 'isolation' ? 'isolation' : 'power-loss';
  const t = task(
    db,
    e,
    h,
    'ha-failover',
    {
      failedAt: iso(e.t),
      mode: haMode,
      status: mode === 'power-loss' ? 'Host lost power' : mode === 'psod' ? 'Host stopped: purple diagnostic screen (PSOD)' : 'Host isolated',
    },
    user,
  );
  setHostState(db, id, { connectionState: 'notResponding', ...(haMode === 'power-loss' ? { powerState: 'poweredOff' as const } : {}) });
  tracker.adopt(t);
  return t;
}

/** Repairs host h now (check cannotRepair first): isolation ends at once (a completed task); a stopped host powers on (a running task: ESXi boots). */
export function repairHost(db: Db, e: Engine, tracker: ClusterTracker, h: number, user: string): { task: ClusterTask; isolation: boolean } {
  const c = e.cluster;
  const id = e.st.ids.hosts[h] ?? '';
  const name = c.hName[h] ?? '';
  // The faults of the catalogue that failed this host are over: the host was repaired.
  e.faults.hostRepaired(h, e.t);
  if (c.hFail[h] === FAIL.isolation) {
    c.hFail[h] = FAIL.none;
    c.markHost(h);
    c.ha.restoreDesktops(h, e.t);
    c.hostNote(e.t, h, 'info', `Host ${name} network restored: connected again`);
    c.mig.pump(e.t);
    setHostState(db, id, { connectionState: c.hMaint[h] === MAINT.in ? 'maintenance' : 'connected' });
    return { task: task(db, e, h, 'host-power', { status: 'Network restored' }, user, true), isolation: true };
  }
  const t = task(db, e, h, 'host-power', { status: 'Repair: powering on' }, user);
  tracker.adopt(t);
  return { task: t, isolation: false };
}
