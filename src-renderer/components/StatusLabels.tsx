import { Label, Tooltip } from '@patternfly/react-core';
import type { HostConnectionState, MachineState, PowerState, Severity } from '../../src-main/contract/index.ts';
import { HOST_STATE_META, MACHINE_STATE_META, POWER_STATE_META } from './machine-states.ts';
import { SeverityIcon } from './SeverityIcon.tsx';
import { humanize } from './format.ts';
import { useVendorNote } from '../state/settings-store.ts';

export function MachineStateLabel({ state, testId }: { state: MachineState; testId?: string }) {
  const meta = MACHINE_STATE_META[state];
  return (
    <Label isCompact color={meta.color} data-testid={testId} title={meta.hint} className="vdi-state-label">
      {state}
    </Label>
  );
}

/** Power state as a dot and a word: quieter than a label, it sits next to the machine state. */
export function PowerStateText({ state }: { state: PowerState }) {
  const meta = POWER_STATE_META[state];
  return (
    <span className="vdi-dot-text">
      <span className="vdi-dot" style={{ background: meta.bar }} aria-hidden />
      {meta.label}
    </span>
  );
}

export function HostStateLabel({ state, testId }: { state: HostConnectionState; testId?: string }) {
  const meta = HOST_STATE_META[state];
  return (
    <Label isCompact color={meta.color} data-testid={testId}>
      {meta.label}
    </Label>
  );
}

export function SeverityLabel({ severity }: { severity: Severity }) {
  return (
    <span className="vdi-dot-text">
      <SeverityIcon severity={severity} />
      {humanize(severity)}
    </span>
  );
}

export function EnabledLabel({ enabled, onText = 'Enabled', offText = 'Disabled' }: { enabled: boolean; onText?: string; offText?: string }) {
  return (
    <Label isCompact color={enabled ? 'green' : 'grey'}>
      {enabled ? onText : offText}
    </Label>
  );
}

/** A tooltip on a term: a note on it, or another vendor's name for it (dropped when it says nothing in the vocabulary on screen). */
export function EquivalentHint({ children, hint }: { children: React.ReactNode; hint: string }) {
  const note = useVendorNote(hint);
  if (!note) return <>{children}</>;
  return (
    <Tooltip content={note}>
      <span className="vdi-hint" tabIndex={0}>
        {children}
      </span>
    </Tooltip>
  );
}
