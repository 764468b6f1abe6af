import { Button, Content, List, ListItem, Modal, ModalBody, ModalFooter, ModalHeader, ModalVariant } from '@patternfly/react-core';
import type { ApiError } from '../../../src-main/contract/index.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { plural } from '../../components/format.ts';
import { SESSION_ACTIONS, namesOf, type SessionActionKind, type SessionTarget } from './session-actions.ts';

/** How many users the confirmation lists by name before it says "and N more". */
const LIST_MAX = 8;

/** "Log off 3 users?" naming who loses their work. */
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
  const title = targets.length === 1 ? `${spec.label} ${namesOf(targets)}?` : `${spec.label} ${plural(targets.length, 'user')}?`;
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={onClose} aria-labelledby="session-confirm-title" data-testid="session-confirm-modal">
      <ModalHeader title={title} labelId="session-confirm-title" titleIconVariant={spec.danger ? 'warning' : undefined} />
      <ModalBody>
        {error ? <ApiErrorAlert error={error} title={`${spec.label} failed`} testId="session-confirm-error" /> : null}
        <Content component="p">{spec.loses}</Content>
        <List isPlain className="vdi-confirm-list" data-testid="session-confirm-users">
          {targets.slice(0, LIST_MAX).map((t) => (
            <ListItem key={t.id}>
              <strong>{t.userDisplayName}</strong>{' '}
              <span className="vdi-muted">
                ({t.userName}) on {t.desktopName}
              </span>
            </ListItem>
          ))}
          {targets.length > LIST_MAX ? <ListItem className="vdi-muted">and {plural(targets.length - LIST_MAX, 'more user')}</ListItem> : null}
        </List>
      </ModalBody>
      <ModalFooter>
        <Button variant={spec.danger ? 'danger' : 'primary'} onClick={onConfirm} isLoading={busy} isDisabled={busy} data-testid="session-confirm">
          {spec.label}
        </Button>
        <Button variant="link" onClick={onClose} isDisabled={busy}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
