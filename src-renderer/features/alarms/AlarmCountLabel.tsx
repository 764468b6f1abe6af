import { createContext, useContext } from 'react';
import { Label } from '@patternfly/react-core';
import type { AlarmCounts, AlarmObjectKind } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { href } from '../../router/hash-router.ts';

/** Active alarm counts (one request per view: `limit: 1`, the counts ride along). */
export function useAlarmCounts(): AlarmCounts | undefined {
  return useApi('alarm-list', { limit: 1 }, { refreshOn: ['lab', 'events'], minIntervalMs: 1500 }).data?.counts;
}

/** Sorts objects by their alarms: critical first, then warning, then none. */
export function alarmRank(counts: AlarmCounts | undefined, kind: AlarmObjectKind, id: string): number {
  const o = counts?.byObject[`${kind}:${id}`];
  return o ? (o.severity === 'critical' ? 1000 : 0) + o.count : 0;
}

/** An object's active alarms as a red (critical) or orange (warning) label linking to them; nothing when there are none. */
export function AlarmCountLabel({
  counts,
  kind,
  id,
  name,
  testId,
}: {
  counts: AlarmCounts | undefined;
  kind: AlarmObjectKind;
  id: string;
  name: string;
  testId?: string;
}) {
  const o = counts?.byObject[`${kind}:${id}`];
  if (!o) return null;
  const text = `${o.count} ${o.severity === 'critical' ? 'critical' : 'warning'} alarm${o.count === 1 ? '' : 's'}`;
  return (
    // A native tooltip (title), not PatternFly's Tooltip: that keeps a Popper per label, which reads
    // getComputedStyle on every render and so restyles the whole page each time a table row with
    // an alarm re-renders (issue 18: the Sessions table at 9,500 sessions).
    // Inside a clickable row: the label opens the alarms, not the row.
    <span onClick={(e) => e.stopPropagation()} className="vdi-alarm-count" title={`${text}: open the alarms of this ${kind}`}>
      <Label
        isCompact
        color={o.severity === 'critical' ? 'red' : 'orange'}
        href={href(`/alarms?kind=${kind}&q=${encodeURIComponent(name)}`)}
        data-testid={testId ?? `alarm-count-${kind}-${id}`}
        data-severity={o.severity}
      >
        {o.count} {o.severity === 'critical' ? 'critical' : 'warning'}
      </Label>
    </span>
  );
}

/**
 * The counts a table's view fetched once, for its cells: a table's columns are made once (its rows
 * keep their DOM while scrolling), so a cell reads the counts from here and re-renders when they change.
 */
export const AlarmCountsContext = createContext<AlarmCounts | undefined>(undefined);

/** An object's alarm label in a table cell (the counts come from the view's AlarmCountsContext). */
export function AlarmCountCell({ kind, id, name }: { kind: AlarmObjectKind; id: string; name: string }) {
  return <AlarmCountLabel counts={useContext(AlarmCountsContext)} kind={kind} id={id} name={name} />;
}

/** The latest counts outside React (a column's sort value and CSV text), kept by the view that fetched them. */
export class AlarmCountsRef {
  current: AlarmCounts | undefined;
  rank(kind: AlarmObjectKind, id: string): number {
    return alarmRank(this.current, kind, id);
  }
  text(kind: AlarmObjectKind, id: string): string {
    const o = this.current?.byObject[`${kind}:${id}`];
    return o ? `${o.count} ${o.severity}` : '';
  }
}
