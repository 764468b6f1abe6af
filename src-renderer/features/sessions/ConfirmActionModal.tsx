import type { ApiError } from '../../../src-main/contract/index.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { plural } from '../../components/format.ts';
import { SESSION_ACTIONS, namesOf, type SessionActionKind, type SessionTarget } from './session-actions.ts';

/** "Log off 3 sessions of 3 users?": the one confirmation, with the counts and who is concerned. */
export function ConfirmActionModal({
  kind,
  targets,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  kind: SessionActionKind;
  targets: readonly SessionTarget[];
  busy: boolean;
  error: ApiError | undefined;
  onConfirm(): void;
  onClose(): void;
}) {
  const spec = SESSION_ACTIONS[kind];
  const users = new Set(targets.map((t) => t.userName)).size;
  const desktops = new Set(targets.map((t) => t.desktopName)).size;
  const title = targets.length === 1 ? `${spec.label} ${namesOf(targets)}?` : `${spec.label} ${plural(targets.length, 'session')}?`;
  return (
    <ConfirmDialog
      title={title}
      body={<p>{spec.loses ?? spec.effect}</p>}
      impact={[
        { count: targets.length, noun: 'session', loses: spec.danger },
        { count: users, noun: 'user', loses: spec.danger },
        { count: desktops, noun: 'desktop' },
      ]}
      names={targets.map((t) => `${t.userDisplayName} (${t.userName}) on ${t.desktopName}`)}
      confirmLabel={`${spec.label}${targets.length > 1 ? ` ${plural(targets.length, 'session')}` : ''}`}
      danger={spec.danger}
      busy={busy}
      error={error}
      onConfirm={onConfirm}
      onClose={onClose}
      testId="session-confirm-modal"
    />
  );
}
