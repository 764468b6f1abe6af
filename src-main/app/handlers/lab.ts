import { LabError } from '../../contract/errors.ts';
import { dashboardSummary } from '../../store/summary.ts';
import { getSettings, labInfo, setSettings } from '../../store/meta.ts';
import type { Handlers } from '../context.ts';
import { replaceLab } from '../lab-setup.ts';
import { liveSessionCounts } from '../session-views.ts';
import { refuseIfInstructorPaused } from './scenarios.ts';

export const labHandlers: Pick<Handlers, 'lab-info' | 'lab-reset' | 'dashboard-summary' | 'settings-get' | 'settings-set'> = {
  'lab-info': (_input, ctx) => labInfo(ctx.db),
  'lab-reset': (input, ctx) => {
    if (input.confirm !== true) throw new LabError('invalid-input', 'lab-reset needs confirm: true', ['confirm']);
    refuseIfInstructorPaused(ctx, 'reset the lab');
    const sim = ctx.services.hasSimulation() ? ctx.services.simulation() : null;
    if (sim?.busy)
      throw new LabError(
        'conflict',
        `A ${sim.busy === 'checkpoint-save' ? 'checkpoint is being saved' : 'checkpoint is being restored'}: reset once it is done`,
      );
    sim?.stopStep('the lab was reset');
    replaceLab(ctx.db, input.profile, input.seed, ctx.wallTime());
    ctx.replaceLab();
    ctx.audit({
      objectKind: 'lab',
      objectId: null,
      objectName: labInfo(ctx.db).name,
      message: `Lab regenerated from profile ${input.profile} with seed ${input.seed}; the previous lab was discarded`,
    });
    ctx.changed('lab', 'cluster', 'host', 'datastore', 'network', 'image', 'pool', 'desktop', 'user', 'group', 'session');
    // The whole lab was replaced, as by a restore: every console reloads what it shows (a sessions list its rows: the
    // new lab's session ids name other users).
    ctx.pushes.push({
      topic: 'lab-restored',
      payload: { checkpointId: '', name: `Lab regenerated from profile ${input.profile} (seed ${input.seed})`, simTime: ctx.simTime() },
    });
    return labInfo(ctx.db);
  },
  'dashboard-summary': (_input, ctx) => ({ ...dashboardSummary(ctx.db), sessions: liveSessionCounts(ctx.services.simulation()) }),
  'settings-get': (_input, ctx) => getSettings(ctx.db),
  'settings-set': (input, ctx) => setSettings(ctx.db, input),
};
