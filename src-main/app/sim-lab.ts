import { MACHINE_STATES, POWER_STATES, PROBLEM_STATES } from '../contract/entities.ts';
import type { Engine } from '../core/engine/engine.ts';
import { applyCpuAllocation, applyPoolSettings, M, P } from '../core/engine/state.ts';
import { entitledPools } from '../core/engine/sessions/entitled-pools.ts';
import type { LabModel } from '../core/lab/model.ts';
import type { Db } from '../store/db.ts';
import { storedDesktopStates } from '../store/desktops.ts';
import { readLabSettings } from '../store/lab-reader.ts';
import { addMachines, freeNames, placementHosts } from '../store/pool-writer.ts';
import { listPools } from '../store/pools.ts';
import type { EventDrafts } from './event-drafts.ts';
import { applyTenancy, poolPlacementHostIds } from './tenants.ts';
import { applyVgpu, vgpuPlacementHostIds } from './vgpu.ts';

// The lab model beside the running engine (simulation.ts): as the engine holds it, grown by an
// on-demand pool, and taken back into the engine after an admin changed the store.

const iso = (t: number) => new Date(t * 1000).toISOString();

/**
 * The lab model with the columns the engine owns as the engine holds them now (machine state and
 * since, power, owner, image version, host, used space, problem; a host's power): what the store's
 * rows say once the flush wrote them, without reading them again.
 */
export function currentLab(e: Engine, lab: LabModel): LabModel {
  const st = e.st;
  const desktops = lab.desktops.map((d, i) => {
    const state = MACHINE_STATES[st.dState[i] as number] ?? d.state;
    return {
      ...d,
      state,
      powerState: POWER_STATES[st.dPower[i] as number] ?? d.powerState,
      assignedUserId: (st.dOwner[i] as number) >= 0 ? (st.ids.users[st.dOwner[i] as number] ?? null) : null,
      imageVersionId: (st.dVersion[i] as number) >= 0 ? (st.ids.versions[st.dVersion[i] as number] ?? null) : null,
      hostId: st.ids.hosts[st.dHost[i] as number] ?? d.hostId,
      usedGb: st.dUsedGb[i] as number,
      problem: PROBLEM_STATES.includes(state) ? (st.dProblem.get(i) ?? null) : null,
      stateSince: iso(st.dSince[i] as number),
    };
  });
  const hosts = lab.hosts.map((h, i) => ({ ...h, powerState: st.hOn[i] === 1 ? ('poweredOn' as const) : ('poweredOff' as const) }));
  return { ...lab, desktops, hosts };
}

/** Adds machines to on-demand pool `p` short of spares (inside the flush transaction); returns their ids. */
export function growPool(db: Db, e: Engine, lab: LabModel, p: number, n: number, simTime: string, drafts: EventDrafts): string[] {
  const pool = lab.pools[p];
  if (!pool) return [];
  const names = freeNames(db, pool.namingPattern, n);
  if (names.length === 0) return [];
  const datastoreIds = lab.poolDatastores.filter((x) => x.poolId === pool.id).map((x) => x.datastoreId);
  // No host of the cluster can take a machine now (all failed, off or in maintenance): the pool asks again at its next policy run.
  const hosts = placementHosts(db, pool.clusterId, vgpuPlacementHostIds(db, pool.id, pool.clusterId, poolPlacementHostIds(db, pool.id, [pool.networkId])));
  if (hosts.length === 0) return [];
  const ids = addMachines(db, { ...pool, datastoreIds }, names, hosts, simTime);
  drafts.add(e.journal.next(), simTime, {
    type: 'info',
    severity: 'info',
    objectKind: 'pool',
    objectId: pool.id,
    objectName: pool.name,
    user: 'system',
    message: `${pool.name}: ${names.length} machine(s) provisioned on demand to keep ${pool.spareMachines} spare (${names.join(', ')})`,
  });
  return ids;
}

/**
 * Admin operations changed desktops or pools in the store: their states, the pools' settings and
 * the entitlements go into the running engine. Returns the lab model following the store (names,
 * settings, entitlements: views read it, and an engine rebuilt for growth is built from it).
 */
export function reloadEngineStates(db: Db, e: Engine, lab: LabModel): LabModel {
  const st = e.st;
  reloadDesktopStates(db, e);
  const next = { ...lab, ...readLabSettings(db) };
  const pools = listPools(db);
  applyPoolSettings(st, pools);
  // Entitlements may have changed: the broker checks them on every new connection.
  st.uPools = entitledPools(next);
  applyCpuAllocation(st, { pools });
  applyTenancy(db, e);
  applyVgpu(db, e);
  return next;
}

/** The machines' states, power and owners as their rows say (an admin's change wrote them): into the engine. */
export function reloadDesktopStates(db: Db, e: Engine): void {
  const st = e.st;
  const idx = new Map(st.ids.desktops.map((id, i) => [id, i]));
  const userIdx = new Map(st.ids.users.map((id, i) => [id, i]));
  for (const r of storedDesktopStates(db)) {
    const d = idx.get(r.id);
    if (d === undefined) continue;
    const state = M[r.state as keyof typeof M];
    if (state !== st.dState[d]) {
      st.dState[d] = state;
      st.dSeen[d] = state;
      const since = Date.parse(r.since ?? '');
      st.dSince[d] = Number.isFinite(since) ? since / 1000 : e.t;
    }
    st.dPower[d] = P[r.power as keyof typeof P];
    st.dOwner[d] = r.owner ? (userIdx.get(r.owner) ?? -1) : -1;
  }
}
