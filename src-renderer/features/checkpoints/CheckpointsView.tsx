import { useState } from 'react';
import { Button, Content, Flex, Label, Modal, ModalBody, ModalFooter, ModalHeader, ModalVariant, PageSection } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { Checkpoint } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { useClock } from '../../state/clock-store.ts';
import { useCan } from '../../state/whoami-store.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner, NothingHere } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { formatRealTime, formatSimTime, plural } from '../../components/format.ts';
import { ImportCheckpointModal, RestoreCheckpointModal, SaveCheckpointModal } from './CheckpointModals.tsx';
import { downloadCheckpoint } from './checkpoint-transfer.ts';

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const slug = (s: string) =>
  s
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/**
 * Lab checkpoints (route /checkpoints): save the whole lab for a class, restore it, export it to
 * a file for another machine and import one. Restoring needs a confirmation; the host pauses a
 * running clock and every console reloads.
 */
export function CheckpointsView() {
  const list = useApi('checkpoint-list', {}, { refreshOn: ['lab'] });
  const clock = useClock((s) => s.clock);
  const [dialog, setDialog] = useState<{ kind: 'save' | 'import' } | { kind: 'restore' | 'delete'; cp: Checkpoint } | null>(null);
  const [exporting, setExporting] = useState<{ id: string; pct: number } | null>(null);
  const action = useAction();
  // Checkpoints are the Instructor's and the Administrator's (permission "simulate"); others see the list.
  const canManage = useCan('checkpoint-save');

  const exportOne = async (cp: Checkpoint) => {
    setExporting({ id: cp.id, pct: 0 });
    await action.run(() => downloadCheckpoint(cp, (done, total) => setExporting({ id: cp.id, pct: Math.round((done / total) * 100) })));
    setExporting(null);
  };
  const remove = async (cp: Checkpoint) => {
    const r = await action.run(() => getClient().call('checkpoint-delete', { id: cp.id }));
    setDialog(null);
    if (r) {
      notifySuccess(`Checkpoint "${cp.name}" deleted`);
    }
  };

  return (
    <>
      {dialog?.kind === 'save' ? <SaveCheckpointModal simTime={clock?.simTime ?? null} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'import' ? <ImportCheckpointModal onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'restore' ? <RestoreCheckpointModal checkpoint={dialog.cp} running={clock?.running ?? false} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'delete' ? (
        <Modal isOpen variant={ModalVariant.small} onClose={() => setDialog(null)} aria-labelledby="cp-delete-title" data-testid="checkpoint-delete-modal">
          <ModalHeader title={`Delete checkpoint "${dialog.cp.name}"?`} labelId="cp-delete-title" />
          <ModalBody>The checkpoint file ({mb(dialog.cp.sizeBytes)}) is removed. The running lab is not touched.</ModalBody>
          <ModalFooter>
            <Button variant="danger" onClick={() => void remove(dialog.cp)} data-testid="checkpoint-delete-confirm">
              Delete
            </Button>
            <Button variant="link" onClick={() => setDialog(null)}>
              Cancel
            </Button>
          </ModalFooter>
        </Modal>
      ) : null}
      <ViewHeader
        title="Lab checkpoints"
        titleTestId="checkpoints-title"
        description="Save the whole lab (every object, session, snapshot, event and the simulated time) and return to it exactly: before a class, before an experiment."
        actions={
          canManage ? (
            <Flex gap={{ default: 'gapSm' }}>
              <Button onClick={() => setDialog({ kind: 'save' })} data-testid="checkpoint-save-button">
                Save checkpoint
              </Button>
              <Button variant="secondary" onClick={() => setDialog({ kind: 'import' })} data-testid="checkpoint-import-button">
                Import…
              </Button>
            </Flex>
          ) : null
        }
      />
      <PageSection hasBodyWrapper={false}>
        {list.error ? <ApiErrorAlert error={list.error} title="Could not load the checkpoints" onRetry={list.reload} /> : null}
        {action.error ? <ApiErrorAlert error={action.error} title="The operation failed" onClose={action.clearError} testId="checkpoint-action-error" /> : null}
        {!list.data ? (
          list.error ? null : (
            <CenteredSpinner label="Loading the checkpoints" />
          )
        ) : list.data.length === 0 ? (
          <NothingHere
            title="No checkpoints yet"
            body="Save one before a class or a risky experiment; restoring it brings the whole lab back to that moment."
          />
        ) : (
          <Table aria-label="Lab checkpoints" variant="compact" data-testid="checkpoints-table">
            <Thead>
              <Tr>
                <Th>Name</Th>
                <Th info={{ tooltip: 'The moment of the lab the checkpoint holds (simulated, UTC): what a restore returns to' }}>Lab time (simulated)</Th>
                <Th>Size</Th>
                <Th>Contents</Th>
                <Th info={{ tooltip: 'When you saved or imported it, by your computer’s clock: not lab time' }}>Saved (real time)</Th>
                <Th screenReaderText="Actions" />
              </Tr>
            </Thead>
            <Tbody>
              {list.data.map((cp) => (
                <Tr key={cp.id} data-testid={`checkpoint-row-${slug(cp.name)}`}>
                  <Td dataLabel="Name" className="vdi-wrap-anywhere">
                    <strong>{cp.name}</strong> {cp.origin === 'imported' ? <Label isCompact>imported</Label> : null}
                    {cp.notes ? (
                      <Content component="small" className="vdi-muted" style={{ display: 'block' }}>
                        {cp.notes}
                      </Content>
                    ) : null}
                  </Td>
                  <Td dataLabel="Lab time (simulated)" data-testid={`checkpoint-simtime-${slug(cp.name)}`}>
                    {formatSimTime(cp.simTime)}
                  </Td>
                  <Td dataLabel="Size">{mb(cp.sizeBytes)}</Td>
                  <Td dataLabel="Contents">
                    {cp.profile} lab · {plural(cp.counts.desktops, 'desktop')} · {plural(cp.counts.sessions, 'session')} ·{' '}
                    {plural(cp.counts.snapshots, 'snapshot')}
                  </Td>
                  <Td dataLabel="Saved (real time)" className="vdi-muted">
                    {formatRealTime(cp.createdAt)}
                  </Td>
                  <Td isActionCell>
                    {canManage ? (
                      <Flex gap={{ default: 'gapSm' }} flexWrap={{ default: 'nowrap' }}>
                        <Button
                          size="sm"
                          variant="warning"
                          onClick={() => setDialog({ kind: 'restore', cp })}
                          data-testid={`checkpoint-restore-${slug(cp.name)}`}
                        >
                          Restore
                        </Button>
                        <Button
                          size="sm"
                          variant="secondary"
                          onClick={() => void exportOne(cp)}
                          isLoading={exporting?.id === cp.id}
                          isDisabled={exporting !== null}
                          data-testid={`checkpoint-export-${slug(cp.name)}`}
                        >
                          {exporting?.id === cp.id ? `Export ${exporting.pct} %` : 'Export'}
                        </Button>
                        <Button
                          size="sm"
                          variant="plain"
                          isDanger
                          onClick={() => setDialog({ kind: 'delete', cp })}
                          data-testid={`checkpoint-delete-${slug(cp.name)}`}
                        >
                          Delete
                        </Button>
                      </Flex>
                    ) : null}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </PageSection>
    </>
  );
}
