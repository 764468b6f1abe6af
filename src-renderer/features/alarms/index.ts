// Alarms: their public face.
import { createElement, lazy } from 'react';

export { AlarmCountCell, AlarmCountLabel, AlarmCountsContext, AlarmCountsRef, alarmRank, useAlarmCounts } from './AlarmCountLabel.tsx';
export { AlarmsBanner } from './AlarmsBanner.tsx';
// The masthead imports this face at start (the alarm count): the page loads with its route, not in
// the console's first chunk (issue 18: the Sessions page's first rows within a second).
const LazyAlarmsView = lazy(() => import('./AlarmsView.tsx').then((m) => ({ default: m.AlarmsView })));
/** The page, its code loaded when it first renders (a lazy component cannot be another lazy one's result: shell/lazy-page.tsx). */
export const AlarmsView = () => createElement(LazyAlarmsView);
