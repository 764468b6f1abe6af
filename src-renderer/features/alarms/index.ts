// Alarms: their public face.
export { AlarmsView } from './AlarmsView.tsx';
export { AlarmCountLabel, alarmRank, useAlarmCounts } from './AlarmCountLabel.tsx';
export { AlarmsBanner } from './AlarmsBanner.tsx';
