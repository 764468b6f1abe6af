// Alarms: their public face.
export { AlarmsView } from './AlarmsView.tsx';
export { AlarmCountCell, AlarmCountLabel, AlarmCountsContext, AlarmCountsRef, alarmRank, useAlarmCounts } from './AlarmCountLabel.tsx';
export { AlarmsBanner } from './AlarmsBanner.tsx';
