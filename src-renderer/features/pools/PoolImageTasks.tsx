import { useState } from 'react';
import { Button, Card, CardBody, CardTitle, Flex, Label, Progress, ProgressMeasureLocation, ProgressSize, ProgressVariant } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { GoldenImage, Pool, Task } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { invalidate } from '../../state/refresh-store.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { formatSimTime } from '../../components/format.ts';
import { PushImageModal, type PushMode } from './PushImageModal.tsx';

const STATE_COLOR: Record<Task['state'], 'blue' | 'purple' | 'green' | 'red' | 'grey'> = {
  scheduled: 'purple',
  running: 'blue',
  completed: 'green',
  failed: 'red',
  cancelled: 'grey',
};

/** Image of an instant / linked clone pool: current version, Push image, Roll back, and the push tasks with progress. */
export function PoolImageTasks({ pool, image }: { pool: Pool; image: GoldenImage | undefined }) {
  const tasks = useApi('task-list', { objectId: pool.id }, { refreshOn: ['pool', 'desktop', 'image'] });
  const cancel = useAction();
  const [mode, setMode] = useState<PushMode | null>(null);
  const version = (id: string | null) => (id ? (image?.versions.find((v) => v.id === id)?.version ?? null) : null);
  const current = version(pool.imageVersionId);
  const previous = version(pool.previousImageVersionId);
  // task-list carries every kind of task; this card shows the push-image ones (snapshot tasks have their own view).
  const pushTasks = (tasks.data ?? []).filter((t): t is Task => t.kind === 'push-image');
  const active = pushTasks.some((t) => t.state === 'scheduled' || t.state === 'running');

  const doCancel = async (t: Task) => {
    const res = await cancel.run(() => getClient().call('task-cancel', { id: t.id }));
    if (res) {
      notifySuccess(`Cancelled the push image of ${t.objectName}`);
      invalidate(['pool', 'desktop', 'events']);
      tasks.reload();
    }
  };

  return (
    <Card isCompact className="vdi-alert" data-testid="pool-image-tasks">
      <CardTitle>
        <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsCenter' }}>
          <span data-testid="pool-image-version">
            Image {image?.name ?? pool.imageId} {current !== null ? `v${current}` : ''}
          </span>
          <Flex gap={{ default: 'gapSm' }}>
            <Button variant="secondary" size="sm" onClick={() => setMode({ kind: 'push' })} isDisabled={active} data-testid="pool-push-image-button">
              Push image
            </Button>
            {pool.previousImageVersionId ? (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => setMode({ kind: 'rollback', version: previous })}
                isDisabled={active}
                data-testid="pool-rollback-button"
              >
                Roll back to version {previous ?? '?'}
              </Button>
            ) : null}
          </Flex>
        </Flex>
      </CardTitle>
      <CardBody>
        {tasks.error ? <ApiErrorAlert error={tasks.error} title="Could not load the tasks" onRetry={tasks.reload} /> : null}
        {cancel.error ? <ApiErrorAlert error={cancel.error} title="Could not cancel" onClose={cancel.clearError} testId="task-cancel-error" /> : null}
        {pushTasks.length > 0 ? (
          <Table variant="compact" aria-label="Push image tasks" gridBreakPoint="" data-testid="pool-tasks-table">
            <Thead>
              <Tr>
                <Th width={20}>Task</Th>
                <Th width={15}>State</Th>
                <Th>Progress</Th>
                <Th width={15} screenReaderText="Actions" />
              </Tr>
            </Thead>
            <Tbody>
              {pushTasks.slice(0, 5).map((t) => (
                <Tr key={t.id} data-testid={`task-${t.id}-row`} data-state={t.state}>
                  <Td>
                    <div className="vdi-two-line">
                      <span>
                        {t.details.rollback ? 'Rollback' : 'Push'} to v{version(t.details.imageVersionId) ?? '?'}
                      </span>
                      <span className="vdi-muted">{formatSimTime(t.startAt)}</span>
                    </div>
                  </Td>
                  <Td>
                    <Label isCompact color={STATE_COLOR[t.state]} data-testid={`task-${t.id}-state`}>
                      {t.state}
                    </Label>
                  </Td>
                  <Td>
                    <Progress
                      value={t.total ? (t.done / t.total) * 100 : t.state === 'completed' ? 100 : 0}
                      label={`${t.done} / ${t.total}`}
                      size={ProgressSize.sm}
                      measureLocation={ProgressMeasureLocation.outside}
                      variant={t.state === 'failed' ? ProgressVariant.danger : t.state === 'completed' ? ProgressVariant.success : undefined}
                      aria-label={`Progress of ${t.id}`}
                      data-testid={`task-${t.id}-progress`}
                    />
                    {t.details.errors.map((e) => (
                      <div key={e.desktop} className="vdi-tone-danger vdi-small">
                        {e.desktop}: {e.reason}
                      </div>
                    ))}
                  </Td>
                  <Td className="vdi-num">
                    {t.state === 'scheduled' || t.state === 'running' ? (
                      <Button
                        variant="link"
                        isDanger
                        size="sm"
                        isInline
                        isDisabled={cancel.busy}
                        onClick={() => void doCancel(t)}
                        data-testid={`task-${t.id}-cancel`}
                      >
                        Cancel
                      </Button>
                    ) : null}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        ) : (
          <p className="vdi-muted vdi-small">No push image tasks for this pool.</p>
        )}
      </CardBody>
      {mode ? (
        <PushImageModal
          pool={pool}
          image={image}
          mode={mode}
          onClose={() => {
            setMode(null);
            tasks.reload();
          }}
        />
      ) : null}
    </Card>
  );
}
