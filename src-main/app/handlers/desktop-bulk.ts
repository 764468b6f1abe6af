import type { DesktopAction, DesktopBulkItem } from '../../contract/desktop-methods.ts';
import type { Desktop } from '../../contract/entities.ts';
import { LabError } from '../../contract/errors.ts';
import { desktopHasSessionRows, getDesktop, removeDesktop, setDesktopPower } from '../../store/desktops.ts';
import { engineView } from '../../core/engine/engine-view.ts';
import type { AppContext, Handlers } from '../context.ts';
import { assignmentHandlers } from './assignment.ts';
import { clusterOpsHandlers } from './cluster-ops.ts';
import { poolHandlers } from './pools.ts';

/** States in which a machine is being made or unmade: no power or removal action applies. */
const BUSY = new Set<Desktop['state']>(['PROVISIONING', 'CUSTOMIZING', 'DELETING', 'WAIT_FOR_AGENT']);

/**
 * One action on many desktops, each done or refused on its own (a refusal changes nothing for
 * that desktop; the others go on), so a bulk action reports per-object results instead of
 * failing whole. The single-object rules are the existing handlers' where there is one.
 *
 * | action          | refused when                                                      | how                               |
 * |-----------------|-------------------------------------------------------------------|-----------------------------------|
 * | power-on        | already on, provisioning, host down or in low memory, admission  | vm-power-on                       |
 * | power-off       | already off, busy, sessions on it (log off or reset instead)      | store power state; engine reloads |
 * | suspend         | not on, busy, sessions on it                                      | store power state; engine reloads |
 * | restart / reset | powered off or suspended, busy                                    | engine restartDesktop, then flush |
 * | maintenance-*   | as desktop-set-maintenance                                        | desktop-set-maintenance           |
 * | unassign        | as desktop-unassign                                               | desktop-unassign                  |
 * | remove          | sessions, an assigned user, busy                                  | delete the row; engine rebuild    |
 */
function one(ctx: AppContext, action: DesktopAction, d: Desktop, engineTouched: { v: boolean }): string {
  const name = d.name;
  switch (action) {
    case 'power-on':
      clusterOpsHandlers['vm-power-on']({ desktopId: d.id }, ctx);
      return 'powering on';
    case 'power-off':
    case 'suspend': {
      const target = action === 'power-off' ? 'poweredOff' : 'suspended';
      if (d.powerState === target) throw new LabError('conflict', `${name} is already ${action === 'power-off' ? 'powered off' : 'suspended'}`);
      if (action === 'suspend' && d.powerState !== 'poweredOn') throw new LabError('conflict', `${name} is not running: nothing to suspend`);
      if (BUSY.has(d.state)) throw new LabError('conflict', `${name} is ${d.state}: wait until the operation on it finishes`);
      if (d.sessionCount > 0) throw new LabError('conflict', `${name} has ${d.sessionCount} session(s): log the users off first, or reset it`);
      setDesktopPower(ctx.db, d.id, target);
      ctx.audit({ objectKind: 'desktop', objectId: d.id, objectName: name, message: `${action === 'power-off' ? 'Powered off' : 'Suspended'} ${name}` });
      ctx.changed('desktop');
      return action === 'power-off' ? 'powered off' : 'suspended';
    }
    case 'restart':
    case 'reset': {
      const hard = action === 'reset';
      if (d.powerState !== 'poweredOn')
        throw new LabError('conflict', `${name} is ${d.powerState === 'suspended' ? 'suspended' : 'powered off'}: power it on instead`);
      if (BUSY.has(d.state)) throw new LabError('conflict', `${name} is ${d.state}: wait until the operation on it finishes`);
      const sim = ctx.services.simulation();
      const e = sim.engine;
      const i = engineView(e).desktopIndex(d.id);
      if (i < 0) throw new LabError('not-found', `${name} is not in the running simulation yet`);
      const users = e.broker.life.restartDesktop(i, e.t, hard);
      engineTouched.v = true;
      ctx.audit({
        objectKind: 'desktop',
        objectId: d.id,
        objectName: name,
        severity: hard || users.length ? 'warning' : 'info',
        message: hard
          ? `Reset ${name} (hard power cycle)${users.length ? `: ${users.length} session(s) lost without logoff` : ''}`
          : `Restarted ${name}${users.length ? `: ${users.length} session(s) logged off` : ''}`,
      });
      return `${hard ? 'reset' : 'restarting'}${users.length ? `, ${users.length} session(s) ended` : ''}`;
    }
    case 'maintenance-on':
    case 'maintenance-off':
      poolHandlers['desktop-set-maintenance']({ id: d.id, maintenance: action === 'maintenance-on' }, ctx);
      return action === 'maintenance-on' ? 'in maintenance mode' : 'out of maintenance mode';
    case 'unassign':
      assignmentHandlers['desktop-unassign']({ id: d.id }, ctx);
      return 'unassigned';
    case 'remove': {
      if (d.sessionCount > 0 || desktopHasSessionRows(ctx.db, d.id)) throw new LabError('conflict', `${name} has a session: log the user off first`);
      if (d.assignedUserId) throw new LabError('conflict', `${name} is assigned to a user: unassign it first`);
      if (BUSY.has(d.state)) throw new LabError('conflict', `${name} is ${d.state}: wait until the operation on it finishes`);
      removeDesktop(ctx.db, d.id);
      ctx.audit({ objectKind: 'desktop', objectId: d.id, objectName: name, severity: 'warning', message: `Removed ${name} (the VM was deleted)` });
      ctx.changed('desktop', 'pool');
      ctx.rebuildEngine();
      return 'removed';
    }
  }
}

export const desktopBulkHandlers: Pick<Handlers, 'desktop-bulk'> = {
  'desktop-bulk': (input, ctx) => {
    const results: DesktopBulkItem[] = [];
    const touched = { v: false };
    const seen = new Set<string>();
    for (const id of input.ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const d = getDesktop(ctx.db, id);
      if (!d) {
        results.push({ id, name: id, ok: false, message: `No desktop with id "${id}"` });
        continue;
      }
      try {
        results.push({ id, name: d.name, ok: true, message: one(ctx, input.action, d, touched) });
      } catch (err) {
        if (!(err instanceof LabError)) throw err;
        results.push({ id, name: d.name, ok: false, message: err.message });
      }
    }
    // Restarts and resets happened in the engine: their new states and ended sessions go to the store now, in this transaction.
    if (touched.v) {
      ctx.pushes.push(...ctx.services.simulation().flush());
      ctx.changed('desktop', 'session');
    }
    const done = results.filter((r) => r.ok).length;
    return { action: input.action, done, refused: results.length - done, results };
  },
};
