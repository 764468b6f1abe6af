import { useState } from 'react';
import {
  Button,
  Card,
  CardBody,
  CardTitle,
  Content,
  Flex,
  List,
  ListItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalVariant,
  Progress,
  ProgressMeasureLocation,
  ProgressSize,
  ProgressVariant,
  TextInput,
} from '@patternfly/react-core';
import type { Pool, SnapshotTask } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useCan } from '../../state/whoami-store.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { isSnapshotTask } from './snapshot-text.ts';

function TaskLine({ task }: { task: SnapshotTask }) {
  const failed = task.details.items.filter((i) => i.status === 'failed' || (i.status === 'skipped' && i.error)).length;
  const running = task.state === 'running';
  return (
    <Progress
      value={task.total ? (task.done / task.total) * 100 : 0}
      title={`${task.kind === 'snapshot-take' ? 'Snapshot' : 'Revert to'} "${task.details.name}" · ${task.done} of ${task.total} desktops${failed ? ` · ${failed} refused or skipped` : ''}`}
      helperText={running ? `${task.details.items.filter((i) => i.status === 'running').length} at a time, in simulated time` : task.state}
      size={ProgressSize.sm}
      measureLocation={ProgressMeasureLocation.outside}
      variant={running ? undefined : failed ? ProgressVariant.warning : ProgressVariant.success}
      data-testid={`pool-snapshot-task-${task.id}`}
      aria-label={`${task.id} progress`}
      style={{ marginBottom: 'var(--pf-t--global--spacer--sm)' }}
    />
  );
}

/** Pool-wide snapshot and revert (an instructor resetting a class): one named snapshot on every desktop, and back to it. */
export function PoolSnapshots({ pool }: { pool: Pool }) {
  const [name, setName] = useState('Before class');
  const [confirmRevert, setConfirmRevert] = useState(false);
  const tasks = useApi('task-list', { objectId: pool.id }, { refreshOn: ['desktop', 'pool'], minIntervalMs: 1000 });
  // Only the desktops that have a snapshot of this name are reverted: the sessions on those end, the others go on.
  const impact = useApi(
    'snapshot-bulk-revert-preview',
    { poolId: pool.id, name: name.trim() || '-' },
    { refreshOn: ['session', 'desktop'], enabled: confirmRevert },
  );
  const action = useAction();
  const canTake = useCan('snapshot-bulk-take');
  const canRevert = useCan('snapshot-bulk-revert');
  const snapshotTasks = (tasks.data ?? []).filter(isSnapshotTask).slice(0, 2);

  const take = async () => {
    const t = await action.run(() => getClient().call('snapshot-bulk-take', { poolId: pool.id, name, includeMemory: true, quiesce: true }));
    if (t) {
      notifySuccess(`Snapshot "${name}" of ${t.total} desktops of ${pool.name} started: Recent Tasks shows its progress`);
      tasks.reload();
    }
  };
  const revert = async () => {
    const t = await action.run(() => getClient().call('snapshot-bulk-revert', { poolId: pool.id, name }));
    setConfirmRevert(false);
    if (t) {
      notifySuccess(`Revert of ${pool.name} to "${name}" started: Recent Tasks shows its progress`);
      tasks.reload();
    }
  };

  return (
    <Card isCompact className="vdi-alert" data-testid="pool-snapshots">
      <CardTitle>Snapshots for a class</CardTitle>
      <CardBody>
        {action.error ? <ApiErrorAlert error={action.error} title="Refused" onClose={action.clearError} testId="pool-snapshot-error" /> : null}
        <Content component="small" className="vdi-muted">
          Snapshot every desktop of the pool under one name (with memory, a few at a time), and put them all back later.
        </Content>
        <Flex gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsCenter' }} style={{ margin: 'var(--pf-t--global--spacer--sm) 0' }}>
          <TextInput
            aria-label="Snapshot name"
            value={name}
            onChange={(_e, v) => setName(v)}
            maxLength={80}
            style={{ maxWidth: '14rem' }}
            data-testid="pool-snapshot-name"
          />
          {canTake ? (
            <Button size="sm" variant="secondary" onClick={() => void take()} isDisabled={action.busy || !name.trim()} data-testid="pool-snapshot-take">
              Snapshot all
            </Button>
          ) : null}
          {canRevert ? (
            <Button
              size="sm"
              variant="warning"
              onClick={() => setConfirmRevert(true)}
              isDisabled={action.busy || !name.trim()}
              data-testid="pool-snapshot-revert"
            >
              Revert all
            </Button>
          ) : null}
        </Flex>
        {snapshotTasks.map((t) => (
          <TaskLine key={t.id} task={t} />
        ))}
      </CardBody>
      {confirmRevert ? (
        <Modal isOpen variant={ModalVariant.small} onClose={() => setConfirmRevert(false)} aria-labelledby="pool-revert-title" data-testid="pool-revert-modal">
          <ModalHeader title={`Revert every desktop of ${pool.name} to "${name}"?`} labelId="pool-revert-title" titleIconVariant="warning" />
          <ModalBody>
            {impact.error ? (
              <Content component="p">{impact.error.message}</Content>
            ) : !impact.data ? (
              <Content component="p">Looking up the desktops and sessions…</Content>
            ) : (
              <>
                <Content component="p" data-testid="pool-revert-desktops">
                  {impact.data.desktops} desktop(s) have a snapshot named "{impact.data.name}" and are reverted
                  {impact.data.skipped ? `; ${impact.data.skipped} without one are skipped` : ''}.
                </Content>
                {impact.data.sessions.length > 0 ? (
                  <>
                    <Content component="p">These sessions end, and their users lose their work since the snapshot:</Content>
                    <List data-testid="pool-revert-sessions">
                      {impact.data.sessions.map((s) => (
                        <ListItem key={s.sessionId}>
                          {s.userName} on {s.desktopName} ({s.state})
                        </ListItem>
                      ))}
                    </List>
                  </>
                ) : (
                  <Content component="p">Nobody is connected to those desktops: no session is affected.</Content>
                )}
              </>
            )}
            <Content component="small" className="vdi-muted">
              Desktops without a snapshot named "{name}" are skipped. Snapshots with memory resume running; others end powered off.
            </Content>
          </ModalBody>
          <ModalFooter>
            <Button variant="warning" onClick={() => void revert()} isLoading={action.busy} isDisabled={action.busy} data-testid="pool-revert-confirm">
              Revert all
            </Button>
            <Button variant="link" onClick={() => setConfirmRevert(false)}>
              Cancel
            </Button>
          </ModalFooter>
        </Modal>
      ) : null}
    </Card>
  );
}
