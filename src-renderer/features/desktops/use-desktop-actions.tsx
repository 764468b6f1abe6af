import { useState, type ReactNode } from 'react';
import type { DesktopAction, DesktopBulkItem } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { plural } from '../../components/format.ts';

/** What an action needs to know of a desktop to say its blast radius. */
export interface DesktopTarget {
  id: string;
  name: string;
  sessions: number;
  user: string | null;
  pool: string;
}

export interface DesktopActionSpec {
  label: string;
  /** Loses user work or deletes something: a danger button. */
  danger: boolean;
  /** What happens, for the confirmation. */
  effect: string;
}

/**
 * The machine actions (Horizon: Machines · vCenter: power menu), as data.
 * | action      | with sessions on the desktop           |
 * |-------------|----------------------------------------|
 * | power off   | refused: log off or reset instead      |
 * | suspend     | refused                                |
 * | restart     | users logged off, unsaved work lost    |
 * | reset       | sessions lost without logoff           |
 * | maintenance | refused (no new sessions either way)   |
 * | remove      | refused; assigned desktops refused too |
 */
export const DESKTOP_ACTION_SPECS: Record<DesktopAction, DesktopActionSpec> = {
  'power-on': { label: 'Power on', danger: false, effect: 'The machines boot (or resume). HA admission control may refuse some; each one is reported.' },
  'power-off': {
    label: 'Power off',
    danger: true,
    effect:
      'A hard power off of idle machines; machines with sessions are refused (log the users off or reset instead). The pool’s power policy may power spare machines on again.',
  },
  suspend: { label: 'Suspend', danger: false, effect: 'Idle running machines are suspended (memory to disk); machines with sessions are refused.' },
  restart: { label: 'Restart', danger: true, effect: 'Users on them are logged off (unsaved work is lost) and the guest OS restarts.' },
  reset: { label: 'Reset', danger: true, effect: 'A hard power cycle: sessions end without a logoff, unsaved work is lost, and the machines boot again.' },
  'maintenance-on': { label: 'Maintenance on', danger: false, effect: 'No new sessions go to these machines; machines with sessions are refused.' },
  'maintenance-off': { label: 'Maintenance off', danger: false, effect: 'The machines take sessions again.' },
  unassign: { label: 'Unassign', danger: false, effect: 'Dedicated machines lose their owner; machines whose owner is logged on are refused.' },
  remove: {
    label: 'Remove',
    danger: true,
    effect: 'The VMs are deleted. Machines with sessions or an assigned user are refused. A pool below its minimum provisions new machines.',
  },
};

type Pending = { action: DesktopAction; targets: DesktopTarget[] } | null;

/**
 * The one flow for machine actions, from the bulk bar and from the drawer: confirm with the blast
 * radius (desktops, sessions, users, pools), run desktop-bulk, then show each desktop's result.
 */
export function useDesktopActions(onDone?: () => void): { start(action: DesktopAction, targets: DesktopTarget[]): void; modal: ReactNode; busy: boolean } {
  const [pending, setPending] = useState<Pending>(null);
  const [results, setResults] = useState<DesktopBulkItem[] | null>(null);
  const action = useAction();

  const run = async (p: NonNullable<Pending>) => {
    const res = await action.run(() => getClient().call('desktop-bulk', { ids: p.targets.map((t) => t.id), action: p.action }));
    if (!res) return;
    const spec = DESKTOP_ACTION_SPECS[p.action];
    if (res.refused === 0 && res.results.length === 1) {
      notifySuccess(`${res.results[0]?.name}: ${res.results[0]?.message}`);
      setPending(null);
    } else {
      if (res.refused === 0) notifySuccess(`${spec.label}: ${plural(res.done, 'desktop')} done`);
      setResults(res.results);
    }
    onDone?.();
  };
  const close = () => {
    if (action.busy) return;
    setPending(null);
    setResults(null);
    action.clearError();
  };

  let modal: ReactNode = null;
  if (pending) {
    const { targets } = pending;
    const spec = DESKTOP_ACTION_SPECS[pending.action];
    const sessions = targets.reduce((n, t) => n + t.sessions, 0);
    const users = new Set(targets.filter((t) => t.sessions > 0 && t.user).map((t) => t.user)).size;
    const pools = new Set(targets.map((t) => t.pool)).size;
    modal = (
      <ConfirmDialog
        title={targets.length === 1 ? `${spec.label} ${targets[0]?.name}?` : `${spec.label} ${plural(targets.length, 'desktop')}?`}
        body={<p>{spec.effect}</p>}
        impact={[
          { count: targets.length, noun: 'desktop' },
          { count: sessions, noun: 'session', loses: spec.danger },
          { count: users, noun: 'user', loses: spec.danger },
          { count: pools, noun: 'pool' },
        ]}
        names={targets.map((t) => (t.sessions ? `${t.name} (${t.user ?? '?'}${t.sessions > 1 ? ` and ${t.sessions - 1} more` : ''})` : t.name))}
        confirmLabel={`${spec.label}${targets.length > 1 ? ` ${plural(targets.length, 'desktop')}` : ''}`}
        danger={spec.danger}
        busy={action.busy}
        error={action.error}
        results={results}
        onConfirm={() => void run(pending)}
        onClose={close}
        testId="desktop-action-confirm"
      />
    );
  }
  return {
    start: (a, targets) => {
      if (targets.length === 0) return;
      action.clearError();
      setResults(null);
      setPending({ action: a, targets });
    },
    modal,
    busy: action.busy,
  };
}
