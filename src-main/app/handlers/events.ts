import { LabError } from '../../contract/errors.ts';
import { acknowledgeEvents, existingEventIds, listEvents } from '../../store/events.ts';
import type { Handlers } from '../context.ts';

export const eventHandlers: Pick<Handlers, 'event-list' | 'event-acknowledge'> = {
  'event-list': (input, ctx) => listEvents(ctx.db, input),
  'event-acknowledge': (input, ctx) => {
    const ids = [...new Set(input.ids)];
    const found = existingEventIds(ctx.db, ids);
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0) throw new LabError('not-found', `No event with id ${ids[missing]}`, ['ids', input.ids.indexOf(ids[missing] as number)]);
    const n = acknowledgeEvents(ctx.db, ids, ctx.user, ctx.wallTime());
    ctx.changed('lab');
    return { acknowledged: n };
  },
};
