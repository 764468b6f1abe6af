import { PROBLEM_STATES, type HostConnectionState, type MachineState, type PowerState } from '../../src-main/contract/index.ts';

export type LabelColor = 'blue' | 'teal' | 'green' | 'orange' | 'purple' | 'red' | 'orangered' | 'grey' | 'yellow';

export interface StateMeta {
  color: LabelColor;
  /** A palette token strong enough for a bar segment in both themes. */
  bar: string;
  hint: string;
}

/** How each Horizon machine state looks and what it means (tooltips say it in words). */
export const MACHINE_STATE_META: Record<MachineState, StateMeta> = {
  PROVISIONING: { color: 'purple', bar: 'var(--pf-t--color--purple--40)', hint: 'The clone is being created.' },
  PROVISIONING_ERROR: { color: 'red', bar: 'var(--pf-t--color--red--60)', hint: 'Provisioning failed; the machine cannot be used.' },
  WAIT_FOR_AGENT: { color: 'purple', bar: 'var(--pf-t--color--purple--60)', hint: 'Powered on, waiting for the Horizon agent to report.' },
  CUSTOMIZING: { color: 'teal', bar: 'var(--pf-t--color--teal--40)', hint: 'Guest customization (ClonePrep / Sysprep) is running.' },
  AVAILABLE: { color: 'green', bar: 'var(--pf-t--color--green--50)', hint: 'Ready for a user to connect.' },
  CONNECTED: { color: 'blue', bar: 'var(--pf-t--color--blue--50)', hint: 'A user is connected.' },
  DISCONNECTED: { color: 'teal', bar: 'var(--pf-t--color--teal--60)', hint: 'A user session exists but its client is disconnected.' },
  MAINTENANCE: { color: 'yellow', bar: 'var(--pf-t--color--yellow--40)', hint: 'In maintenance mode: no new sessions.' },
  AGENT_UNREACHABLE: { color: 'red', bar: 'var(--pf-t--color--red--40)', hint: 'The Connection Server cannot reach the agent.' },
  ERROR: { color: 'red', bar: 'var(--pf-t--color--red--70)', hint: 'An unknown error occurred on the machine.' },
  DELETING: { color: 'grey', bar: 'var(--pf-t--color--gray--40)', hint: 'Marked for deletion.' },
  ALREADY_USED: { color: 'orangered', bar: 'var(--pf-t--color--orange--50)', hint: 'A non-persistent desktop was used and awaits refresh.' },
};

export function isProblemState(s: MachineState): boolean {
  return PROBLEM_STATES.includes(s);
}

export const POWER_STATE_META: Record<PowerState, { label: string; color: LabelColor; bar: string }> = {
  poweredOn: { label: 'Powered on', color: 'green', bar: 'var(--pf-t--color--green--50)' },
  poweredOff: { label: 'Powered off', color: 'grey', bar: 'var(--pf-t--color--gray--40)' },
  suspended: { label: 'Suspended', color: 'yellow', bar: 'var(--pf-t--color--yellow--40)' },
};

export const HOST_STATE_META: Record<HostConnectionState, { label: string; color: LabelColor }> = {
  connected: { label: 'Connected', color: 'green' },
  maintenance: { label: 'Maintenance mode', color: 'yellow' },
  notResponding: { label: 'Not responding', color: 'red' },
  disconnected: { label: 'Disconnected', color: 'grey' },
};
