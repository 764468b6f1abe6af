/** Recovery plans run (test, cleanup, planned migration, disaster failover, failback) and the Cloud Pod Architecture routes they add and take back. */
import type { RecoveryRun, RecoveryRunMode } from '../contract/dr-methods.ts';
import { LabError } from '../contract/errors.ts';
import { recoveryTimeline, RECOVERY_STEPS, SCHEDULE_FRACTION_OF_RPO, type TimelineStep } from '../core/models/replication.ts';
import { addEntitlement, removeEntitlement } from '../store/directory.ts';
import {
  deleteRoute,
  globalEntitlementPools,
  insertRun,
  listRuns,
  lostSites,
  ownEntitlements,
  planGroups,
  plans,
  routes,
  setPlanState,
  settleGroup,
  siteHostIds,
  upsertRoute,
} from '../store/dr.ts';
import { nextIdNumber } from '../store/ids.ts';
import { listSites } from '../store/inventory.ts';
import { setPoolFlag } from '../store/pools.ts';
import { engineView } from '../core/engine/engine-view.ts';
import { runUnderWay } from '../shared/dr/runs.ts';
import type { AppContext } from './context.ts';
import { replicationAt, settleReplication } from './dr-views.ts';

const secs = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 1000;
const RUN_WORD: Record<RecoveryRunMode, string> = {
  test: 'test failover',
  'test-cleanup': 'test cleanup',
  planned: 'planned migration',
  disaster: 'disaster failover',
  failback: 'failback',
};

const plusSec = (t: string, s: number) => new Date(Date.parse(t) + Math.round(s * 1000)).toISOString();

/**
 * Cloud Pod Architecture's answer to a lost site: users entitled to a pool there (through a global
 * entitlement) are entitled to the entitlement's pool at a site still up. The added entitlements are
 * recorded as routes so they can be taken back (site back, failback), and a user entitled there
 * already is left alone. Returns the principals re-routed.
 */
export function routeAway(ctx: AppContext, fromPoolIds: readonly string[], planId: string | null, targetSiteId?: string): number {
  const db = ctx.db;
  const lost = lostSites(db);
  const members = globalEntitlementPools(db);
  let n = 0;
  for (const from of fromPoolIds) {
    const ge = members.find((m) => m.poolId === from);
    if (!ge) continue;
    const fromSite = ge.siteId;
    const to = members.find((m) => m.geId === ge.geId && m.siteId !== fromSite && !lost.has(m.siteId) && (!targetSiteId || m.siteId === targetSiteId));
    if (!to) continue;
    for (const e of ownEntitlements(db, from)) {
      const added = addEntitlement(db, to.poolId, e.principalType, e.principalId);
      const existing = routes(db).some((r) => r.toPoolId === to.poolId && r.principalType === e.principalType && r.principalId === e.principalId);
      if (added || existing) {
        upsertRoute(db, { geId: ge.geId, fromPoolId: from, toPoolId: to.poolId, principalType: e.principalType, principalId: e.principalId, planId });
        n++;
      }
    }
  }
  if (n) ctx.changed('pool', 'group');
  return n;
}

/** Takes back the routes chosen by `keep`: their entitlements go, users are brokered at home again. */
export function unroute(ctx: AppContext, which: (r: ReturnType<typeof routes>[number]) => boolean): number {
  let n = 0;
  for (const r of routes(ctx.db).filter(which)) {
    removeEntitlement(ctx.db, r.toPoolId, r.principalType, r.principalId);
    deleteRoute(ctx.db, r);
    n++;
  }
  if (n) ctx.changed('pool', 'group');
  return n;
}

export function planOrThrow(ctx: AppContext, id: string) {
  const p = plans(ctx.db).find((x) => x.id === id);
  if (!p) throw new LabError('not-found', `No recovery plan with id "${id}"`, ['id']);
  return p;
}

/**
 * One recovery run. What each mode may do, and what it changes:
 *
 * | mode         | plan state before → after | needs                          | changes in production                          |
 * |--------------|---------------------------|--------------------------------|------------------------------------------------|
 * | test         | ready → test              | recovery site up               | nothing (isolated test network, replica snaps) |
 * | test-cleanup | test → ready              |                                | nothing                                        |
 * | planned      | ready → failed-over       | both sites up                  | protected pools disabled; users routed (RPO 0) |
 * | disaster     | ready → failed-over       | protected site lost            | same; RPO = replica age at the loss             |
 * | failback     | failed-over → ready       | protected site up              | routes removed, pools enabled, replicas resync  |
 */
export function runPlan(ctx: AppContext, planId: string, mode: RecoveryRunMode): RecoveryRun {
  const db = ctx.db;
  const plan = planOrThrow(ctx, planId);
  const now = ctx.simTime();
  const lost = lostSites(db);
  const pg = planGroups(db).filter((g) => g.planId === plan.id);
  const states = replicationAt(db, now).filter((s) => pg.some((g) => g.groupId === s.row.id));
  if (!states.length) throw new LabError('conflict', `${plan.name} has no protection group left`, ['id']);
  const protectedSite = states[0]?.row.protectedSiteId ?? '';
  const recoverySite = states[0]?.row.recoverySiteId ?? '';
  const siteName = (id: string) => listSites(db).find((s) => s.id === id)?.name ?? id;
  const need = (ok: boolean, msg: string) => {
    if (!ok) throw new LabError('conflict', msg, ['mode']);
  };
  const wantState = { test: 'ready', 'test-cleanup': 'test', planned: 'ready', disaster: 'ready', failback: 'failed-over' } as const;
  need(plan.state === wantState[mode], `${plan.name} is ${plan.state}: ${mode} needs it ${wantState[mode]}`);
  // One run of a plan at a time (Site Recovery Manager): a run's steps take their simulated time, and the next waits for
  // its end (a test cleanup for its test, a failback for the failover).
  const running = runUnderWay(listRuns(db), plan.id, now);
  if (running) need(false, `${plan.name}'s ${RUN_WORD[running.mode]} runs until ${running.finishedAt.slice(11, 19)}: ${mode} waits for it to finish`);
  if (mode === 'test' || mode === 'planned' || mode === 'disaster') need(!lost.has(recoverySite), `The recovery site ${siteName(recoverySite)} is lost`);
  if (mode === 'planned') need(!lost.has(protectedSite), `${siteName(protectedSite)} is lost: run a disaster failover, not a planned migration`);
  if (mode === 'disaster')
    need(lost.has(protectedSite), `${siteName(protectedSite)} is up: a disaster failover is for a lost site (use planned migration, or test)`);
  if (mode === 'failback') {
    need(!lost.has(protectedSite), `${siteName(protectedSite)} is still lost: repair the site before failing back`);
    // Site Recovery Manager fails back onto a protected site that runs again: a repaired site's hosts boot first.
    const v = engineView(ctx.services.simulation().engine);
    const hosts = siteHostIds(db, protectedSite)
      .map((id) => v.hostIndex(id))
      .filter((h) => h >= 0);
    const up = hosts.filter((h) => v.hostOn(h) && !v.hostFailed(h) && !v.hostBooting(h)).length;
    need(
      up === hosts.length,
      `${siteName(protectedSite)} is repaired but its hosts are still coming back (${up} of ${hosts.length} up): fail back once they are`,
    );
  }

  const poolIds = states.flatMap((s) => s.pools.map((p) => p.id));
  if (mode === 'planned' || mode === 'disaster') {
    const ge = new Set(globalEntitlementPools(db).map((p) => p.poolId));
    const orphan = states.flatMap((s) => s.pools).find((p) => !ge.has(p.id));
    need(!orphan, `${orphan?.name ?? ''} has no global entitlement with a pool at ${siteName(recoverySite)}: its users would have nowhere to go`);
  }

  settleReplication(db, now);
  const groups = states.map((s) => ({
    priority: pg.find((g) => g.groupId === s.row.id)?.priority ?? 5,
    name: s.row.name,
    replication: s.row.replication,
    vms: s.vms,
    backlogMb: mode === 'failback' ? s.state.offeredMbPerSec * (plan.failedOverAt ? secs(plan.failedOverAt, now) : 0) : s.state.backlogMb,
    shareMbPerSec: s.state.shareMbPerSec || s.state.offeredMbPerSec,
  }));
  let steps: TimelineStep[];
  let rtoSec: number;
  let achievedRpoSec: number | null;
  if (mode === 'test-cleanup') {
    steps = [
      {
        atSec: 0,
        durationSec: RECOVERY_STEPS.testSnapshotSec * groups.length,
        step: 'Test VMs powered off and discarded; replica snapshots removed; test network torn down',
      },
    ];
    rtoSec = steps[0]?.durationSec ?? 0;
    achievedRpoSec = null;
  } else {
    const t = recoveryTimeline({ mode, groups });
    steps = t.steps;
    rtoSec = t.rtoSec;
    if (mode === 'disaster') {
      // Data lost = how old the newest replica was when the site went; the outage so far counts towards the RTO.
      const lostAt = lost.get(protectedSite) ?? now;
      const outage = secs(lostAt, now);
      achievedRpoSec = Math.max(...states.map((s) => Math.max(0, s.state.rpoSec - outage)));
      steps = [
        { atSec: 0, durationSec: outage, step: `${siteName(protectedSite)} lost; disaster declared and ${plan.name} started` },
        ...steps.map((s) => ({ ...s, atSec: s.atSec + outage })),
      ];
      rtoSec += outage;
    } else if (mode === 'test') {
      achievedRpoSec = Math.max(...states.map((s) => s.state.rpoSec));
    } else achievedRpoSec = 0;
  }

  if (mode === 'planned' || mode === 'disaster') {
    for (const p of poolIds) setPoolFlag(db, p, 'enabled', false);
    ctx.changed('pool');
    const routed = routeAway(ctx, poolIds, plan.id, recoverySite);
    setPlanState(db, plan.id, 'failed-over', now);
    steps.push({ atSec: rtoSec, durationSec: 0, step: `Global entitlements broker ${routed} entitlement(s) to pools at ${siteName(recoverySite)}` });
  } else if (mode === 'failback') {
    const back = unroute(ctx, (r) => r.planId === plan.id);
    for (const p of poolIds) setPoolFlag(db, p, 'enabled', true);
    ctx.changed('pool');
    // Reverse replication carried the recovery site's changes home: the groups start in sync again.
    for (const s of states) settleGroup(db, s.row.id, 0, s.row.rpoMinutes * 60 * SCHEDULE_FRACTION_OF_RPO, now);
    setPlanState(db, plan.id, 'ready', null);
    steps.push({ atSec: rtoSec, durationSec: 0, step: `${back} re-routed entitlement(s) removed: users are brokered at ${siteName(protectedSite)} again` });
  } else setPlanState(db, plan.id, mode === 'test' ? 'test' : 'ready', null);

  const runRow: RecoveryRun = {
    id: `drrun-${nextIdNumber(db, 'dr-run')}`,
    planId: plan.id,
    planName: plan.name,
    mode,
    startedAt: mode === 'disaster' ? (lost.get(protectedSite) ?? now) : now,
    finishedAt: plusSec(mode === 'disaster' ? (lost.get(protectedSite) ?? now) : now, rtoSec),
    achievedRpoSec: achievedRpoSec === null ? null : Math.round(achievedRpoSec),
    rtoSec: Math.round(rtoSec),
    timeline: steps.map((s) => ({ atSec: Math.round(s.atSec), durationSec: Math.round(s.durationSec), step: s.step })),
  };
  insertRun(db, runRow);
  const label = { test: 'Test failover', 'test-cleanup': 'Test cleanup', planned: 'Planned migration', disaster: 'Disaster failover', failback: 'Failback' }[
    mode
  ];
  ctx.audit({
    objectKind: 'site',
    objectId: mode === 'failback' ? protectedSite : recoverySite,
    objectName: plan.name,
    type: mode === 'disaster' ? 'warning' : 'info',
    severity: mode === 'disaster' ? 'warning' : 'info',
    message: `${label} of ${plan.name}${mode === 'test' ? ' into the isolated test network (production untouched)' : ''}: RTO ${Math.round(rtoSec / 60)} min${runRow.achievedRpoSec !== null ? `, RPO ${Math.round(runRow.achievedRpoSec / 60)} min` : ''}`,
  });
  ctx.changed('site');
  return runRow;
}
