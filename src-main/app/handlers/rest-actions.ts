import { applyPending } from '../hardware.ts';
import type { Desktop, MachineState, Pool } from '../../contract/entities.ts';
import { LabError } from '../../contract/errors.ts';
import { getDesktop, reprovisionDesktops } from '../../store/desktops.ts';
import { getPool } from '../../store/pools.ts';
import { engineView } from '../../core/engine/engine-view.ts';
import type { AppContext, Handlers } from '../context.ts';

// Machine actions by machine (not by session), as Horizon's machine API offers them: restart and
// reset with or without sessions (A3), recover and rebuild (A4). Each call is all or nothing: the
// first machine that cannot take the action refuses the whole call with its index in `ids`.

/** Bulk actions on more machines than this write one summary audit event instead of one per machine. */
const AUDIT_EACH_UP_TO = 20;

/**
 * | state                                         | restart / reset | recover (instant, linked) | rebuild (full clone) |
 * |-----------------------------------------------|-----------------|---------------------------|----------------------|
 * | AVAILABLE, CONNECTED, DISCONNECTED            | yes             | no: not a problem machine | yes, without sessions |
 * | AGENT_UNREACHABLE, ERROR, ALREADY_USED        | yes             | yes, without sessions     | yes, without sessions |
 * | WAIT_FOR_AGENT                                | yes             | no                        | no: still starting   |
 * | PROVISIONING_ERROR                            | no: not created | yes                       | yes                  |
 * | PROVISIONING, CUSTOMIZING, DELETING           | no: changing    | no                        | no                   |
 * | MAINTENANCE                                   | no: exit first  | no: exit first            | no: exit first       |
 */
const CAN_POWER: readonly MachineState[] = ['AVAILABLE', 'CONNECTED', 'DISCONNECTED', 'AGENT_UNREACHABLE', 'ERROR', 'ALREADY_USED', 'WAIT_FOR_AGENT'];
const CAN_RECOVER: readonly MachineState[] = ['AGENT_UNREACHABLE', 'ERROR', 'ALREADY_USED', 'PROVISIONING_ERROR'];
const CAN_REBUILD: readonly MachineState[] = ['AVAILABLE', 'AGENT_UNREACHABLE', 'ERROR', 'ALREADY_USED', 'PROVISIONING_ERROR'];

interface Target {
  desktop: Desktop;
  pool: Pool;
}

/** Resolves the ids (duplicates once) and refuses the call at the first machine `why` objects to. */
function targets(ctx: AppContext, ids: string[], why: (t: Target) => string | null): Target[] {
  const out: Target[] = [];
  const seen = new Set<string>();
  const pools = new Map<string, Pool>();
  ids.forEach((id, i) => {
    if (seen.has(id)) return;
    seen.add(id);
    const desktop = getDesktop(ctx.db, id);
    if (!desktop) throw new LabError('not-found', `No desktop with id "${id}"`, ['ids', i]);
    let pool = pools.get(desktop.poolId);
    if (!pool) {
      pool = getPool(ctx.db, desktop.poolId);
      if (!pool) throw new LabError('internal', `Desktop ${desktop.name} has no pool`);
      pools.set(pool.id, pool);
    }
    const t = { desktop, pool };
    const reason = why(t);
    if (reason) throw new LabError('conflict', reason, ['ids', i]);
    out.push(t);
  });
  return out;
}

function auditEach(ctx: AppContext, ts: Target[], each: (t: Target) => string, summary: string, severity: 'info' | 'warning' = 'info'): void {
  if (ts.length <= AUDIT_EACH_UP_TO) {
    for (const t of ts) ctx.audit({ objectKind: 'desktop', objectId: t.desktop.id, objectName: t.desktop.name, severity, message: each(t) });
  } else {
    ctx.audit({ objectKind: 'desktop', objectId: null, objectName: null, severity, message: summary });
  }
}

function reprovision(ctx: AppContext, ids: string[], verb: 'recover' | 'rebuild') {
  const ts = targets(ctx, ids, ({ desktop: d, pool: p }) => {
    if (verb === 'recover' && p.kind !== 'instant-clone' && p.kind !== 'linked-clone') {
      return `${d.name} is in ${p.kind === 'full-clone' ? 'a full-clone' : 'a manual'} pool: only instant and linked clones are recovered${p.kind === 'full-clone' ? ' (rebuild it instead)' : ''}`;
    }
    if (verb === 'rebuild' && p.kind !== 'full-clone') return `${d.name} is in ${p.kind} pool ${p.name}: only full clones are rebuilt`;
    if (d.sessionCount > 0) return `${d.name} has ${d.sessionCount} session(s): log the users off first`;
    if (d.state === 'MAINTENANCE') return `${d.name} is in maintenance mode: exit maintenance first`;
    const allowed = verb === 'recover' ? CAN_RECOVER : CAN_REBUILD;
    if (!allowed.includes(d.state)) {
      return verb === 'recover' ? `${d.name} is ${d.state}, not a problem machine: nothing to recover` : `${d.name} is ${d.state}: wait until it settles`;
    }
    return null;
  });
  reprovisionDesktops(
    ctx.db,
    ts.map((t) => t.desktop.id),
    ctx.simTime(),
  );
  auditEach(
    ctx,
    ts,
    (t) =>
      verb === 'recover'
        ? `Recovering ${t.desktop.name} (was ${t.desktop.state}): deleted and cloned again from ${t.pool.name}'s image`
        : `Rebuilding full clone ${t.desktop.name}${t.desktop.assignedUserId ? ' (its user assignment is kept)' : ''}`,
    verb === 'recover' ? `Recovering ${ts.length} machines` : `Rebuilding ${ts.length} full clones`,
  );
  ctx.changed('desktop', 'pool');
  ctx.rebuildEngine(); // the rebuilt engine clones every machine in PROVISIONING
  return {
    ids: ts.map((t) => t.desktop.id),
    message: `${ts.length} machine(s) ${verb === 'recover' ? 'being recovered' : 'being rebuilt'}`,
  };
}

export const restActionHandlers: Pick<Handlers, 'desktop-power' | 'desktop-recover' | 'desktop-rebuild'> = {
  'desktop-power': (input, ctx) => {
    const hard = input.action === 'reset';
    const sim = ctx.services.simulation();
    const e = sim.engine;
    const index = engineView(e).desktopIndexById();
    const ts = targets(ctx, input.ids, ({ desktop: d }) => {
      if (d.state === 'MAINTENANCE') return `${d.name} is in maintenance mode: exit maintenance first`;
      if (!CAN_POWER.includes(d.state)) return `${d.name} is ${d.state}: it cannot be ${hard ? 'reset' : 'restarted'} now`;
      if (!hard && d.sessionCount > 0 && !input.force) return `${d.name} has ${d.sessionCount} session(s): restart with force to log them off`;
      if (!index.has(d.id)) return `${d.name} is not in the running simulation yet`;
      return null;
    });
    const ended: string[] = [];
    // A hard power cycle is when a hardware change that waited for one is applied (issue 19).
    const resized = hard ? ts.flatMap((t) => (applyPending(ctx.db, e, t.desktop.id) ? [t.desktop] : [])) : [];
    for (const t of ts) {
      for (const u of e.broker.life.restartDesktop(index.get(t.desktop.id) as number, e.t, hard)) {
        const id = sim.sessions.idOf(u);
        if (id) ended.push(id);
      }
    }
    ctx.pushes.push(...sim.flush()); // the engine's changes land in this transaction
    ctx.changed('session', 'desktop');
    auditEach(
      ctx,
      ts,
      (t) =>
        hard
          ? `Reset ${t.desktop.name} (hard power cycle)${t.desktop.sessionCount ? `: ${t.desktop.sessionCount} session(s) lost without logoff` : ''}`
          : `Restarted ${t.desktop.name}${t.desktop.sessionCount ? `: ${t.desktop.sessionCount} session(s) logged off` : ''}`,
      hard ? `Reset ${ts.length} machines (hard power cycle)` : `Restarted ${ts.length} machines`,
      hard ? 'warning' : 'info',
    );
    for (const d of resized)
      ctx.audit({ objectKind: 'desktop', objectId: d.id, objectName: d.name, message: `${d.name}: pending hardware change applied at the power cycle` });
    return {
      ids: ts.map((t) => t.desktop.id),
      message: `${ts.length} machine(s) ${hard ? 'reset' : 'restarting'}; ${ended.length} session(s) ended${resized.length ? `; pending hardware applied to ${resized.map((d) => d.name).join(', ')}` : ''}`,
    };
  },
  'desktop-recover': (input, ctx) => reprovision(ctx, input.ids, 'recover'),
  'desktop-rebuild': (input, ctx) => reprovision(ctx, input.ids, 'rebuild'),
};
