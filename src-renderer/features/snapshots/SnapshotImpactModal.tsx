import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  List,
  ListItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalVariant,
} from '@patternfly/react-core';
import type { ApiError, SnapshotDeleteImpact, SnapshotRevertImpact, SnapshotTask } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { toApiError, useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { formatSimTime } from '../../components/format.ts';
import { durationText, gbText } from './snapshot-text.ts';

export type ImpactRequest =
  | { kind: 'revert'; snapshotId: string; desktopId: string }
  | { kind: 'delete'; snapshotId: string; removeChildren: boolean }
  | { kind: 'delete-all'; desktopId: string };

type Impact = { kind: 'revert'; data: SnapshotRevertImpact } | { kind: 'delete' | 'delete-all'; data: SnapshotDeleteImpact };

function Sessions({ impact }: { impact: Impact }) {
  const sessions = impact.data.sessions;
  if (sessions.length === 0) {
    return (
      <Content component="p" data-testid="snapshot-impact-nobody">
        Nobody is connected to {impact.data.desktopName}: no session is affected.
      </Content>
    );
  }
  return (
    <Alert
      variant={impact.kind === 'revert' ? 'danger' : 'info'}
      isInline
      title={impact.kind === 'revert' ? `${sessions.length === 1 ? 'This user loses' : 'These users lose'} their work` : 'Connected users stay connected'}
      data-testid="snapshot-impact-sessions"
    >
      <List isPlain>
        {sessions.map((s) => (
          <ListItem key={s.sessionId} data-testid={`snapshot-impact-session-${s.userLogin.split('\\').pop() ?? s.userId}`}>
            <strong>{s.userName}</strong> ({s.userLogin}), {s.state}, in a session since {formatSimTime(s.startedAt)}: {s.outcome}
          </ListItem>
        ))}
      </List>
    </Alert>
  );
}

/**
 * The second click of "revert in two clicks": what the operation will do, from the host's own
 * preview (who is disconnected, what is lost, what is freed, how long), then the confirmation.
 */
export function SnapshotImpactModal({ request, onClose, onStarted }: { request: ImpactRequest; onClose(): void; onStarted(task: SnapshotTask): void }) {
  const [impact, setImpact] = useState<Impact | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const action = useAction();

  useEffect(() => {
    const c = getClient();
    const load =
      request.kind === 'revert'
        ? c.call('snapshot-revert-preview', { snapshotId: request.snapshotId }).then((data): Impact => ({ kind: 'revert', data }))
        : request.kind === 'delete'
          ? c
              .call('snapshot-delete-preview', { snapshotId: request.snapshotId, removeChildren: request.removeChildren })
              .then((data): Impact => ({ kind: 'delete', data }))
          : c.call('snapshot-delete-all-preview', { desktopId: request.desktopId }).then((data): Impact => ({ kind: 'delete-all', data }));
    load.then(setImpact, (e: unknown) => setLoadError(toApiError(e)));
  }, [request]);

  const confirm = async () => {
    const c = getClient();
    const task = await action.run(() =>
      request.kind === 'revert'
        ? c.call('snapshot-revert', { snapshotId: request.snapshotId, desktopId: request.desktopId })
        : request.kind === 'delete'
          ? c.call('snapshot-delete', { snapshotId: request.snapshotId, removeChildren: request.removeChildren })
          : c.call('snapshot-delete-all', { desktopId: request.desktopId }),
    );
    if (task) {
      notifySuccess(`${request.kind === 'revert' ? 'Revert' : 'Deletion'} of ${task.objectName} started: Recent Tasks shows its progress`);
      onStarted(task);
      onClose();
    }
  };

  const title =
    request.kind === 'revert'
      ? `Revert ${impact?.data.desktopName ?? 'the desktop'} to "${impact?.kind === 'revert' ? impact.data.snapshotName : '…'}"?`
      : request.kind === 'delete'
        ? `Delete ${request.removeChildren ? 'this snapshot and its children' : 'this snapshot'}?`
        : `Delete all snapshots of ${impact?.data.desktopName ?? 'the desktop'}?`;

  return (
    <Modal isOpen variant={ModalVariant.medium} onClose={onClose} aria-labelledby="snapshot-impact-title" data-testid="snapshot-impact-modal">
      <ModalHeader title={title} labelId="snapshot-impact-title" titleIconVariant={request.kind === 'revert' ? 'warning' : undefined} />
      <ModalBody>
        {loadError ? <ApiErrorAlert error={loadError} title="Could not work out the impact" /> : null}
        {action.error ? (
          <ApiErrorAlert error={action.error} title="The operation was refused" onClose={action.clearError} testId="snapshot-impact-error" />
        ) : null}
        {!impact ? (
          loadError ? null : (
            <CenteredSpinner label="Working out who is affected" />
          )
        ) : (
          <>
            <Sessions impact={impact} />
            <DescriptionList
              isCompact
              isHorizontal
              horizontalTermWidthModifier={{ default: '12rem' }}
              className="vdi-dl"
              style={{ marginTop: 'var(--pf-t--global--spacer--md)' }}
            >
              {impact.kind === 'revert' ? (
                <>
                  <DescriptionListGroup>
                    <DescriptionListTerm>Desktop afterwards</DescriptionListTerm>
                    <DescriptionListDescription data-testid="snapshot-impact-after">
                      {impact.data.powerStateAfter === 'poweredOn' ? 'Powered on' : impact.data.powerStateAfter === 'poweredOff' ? 'Powered off' : 'Suspended'},{' '}
                      {impact.data.machineStateAfter}
                    </DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>Work lost (at most)</DescriptionListTerm>
                    <DescriptionListDescription>{durationText(impact.data.lostMinutes * 60)} of changes</DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>Changes discarded</DescriptionListTerm>
                    <DescriptionListDescription data-testid="snapshot-impact-freed">
                      {gbText(impact.data.discardedGb)} returned to the datastore
                    </DescriptionListDescription>
                  </DescriptionListGroup>
                </>
              ) : (
                <>
                  <DescriptionListGroup>
                    <DescriptionListTerm>Space freed</DescriptionListTerm>
                    <DescriptionListDescription data-testid="snapshot-impact-freed">{gbText(impact.data.freedGb)}</DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>Merged into the parent disk</DescriptionListTerm>
                    <DescriptionListDescription>{gbText(impact.data.mergedGb)}</DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>Extra datastore I/O</DescriptionListTerm>
                    <DescriptionListDescription>{impact.data.iops} IOPS while the merge runs</DescriptionListDescription>
                  </DescriptionListGroup>
                </>
              )}
              <DescriptionListGroup>
                <DescriptionListTerm>Takes about</DescriptionListTerm>
                <DescriptionListDescription>{durationText(impact.data.durationSec)} of simulated time</DescriptionListDescription>
              </DescriptionListGroup>
            </DescriptionList>
            <List className="vdi-muted" style={{ marginTop: 'var(--pf-t--global--spacer--sm)' }}>
              {impact.data.notes.map((n) => (
                <ListItem key={n}>{n}</ListItem>
              ))}
            </List>
          </>
        )}
      </ModalBody>
      <ModalFooter>
        <Button
          variant={request.kind === 'revert' ? 'warning' : 'danger'}
          onClick={() => void confirm()}
          isLoading={action.busy}
          isDisabled={action.busy || !impact}
          data-testid="snapshot-impact-confirm"
        >
          {request.kind === 'revert' ? 'Revert' : request.kind === 'delete' ? 'Delete' : 'Delete all'}
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
