// Sessions: its public face. Help Desk and the thin-client views share its actions, live feed and wording.
export { SessionsView } from './SessionsView.tsx';
export { sessionLive } from './session-live.ts';
export { useSessionActions } from './use-session-actions.tsx';
export { MACHINE_ACTIONS, SESSION_ACTIONS, rdsRefusal, type SessionActionKind, type SessionTarget } from './session-actions.ts';
export { useRdsPools } from './use-rds-pools.ts';
export * from './session-format.ts';
