import { isClusterTask } from '../../../src-main/contract/cluster-entities.ts';
import { Label, Progress, ProgressMeasureLocation, ProgressSize, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ClusterTask } from '../../../src-main/contract/index.ts';
import { formatSimTimeSeconds, humanize } from '../../components/format.ts';
import { useApi } from '../../state/use-api.ts';

const STATE_COLOR = { scheduled: 'grey', running: 'blue', completed: 'green', failed: 'red', cancelled: 'orange' } as const;

const KIND_LABEL: Record<ClusterTask['kind'], string> = {
  'vm-migrate': 'Migrate',
  'host-maintenance': 'Maintenance mode',
  'drs-apply': 'Apply DRS recommendations',
  'ha-failover': 'vSphere HA failover',
  'host-power': 'Host power',
  'host-add': 'Add host',
  'host-remove': 'Remove host',
};

/** Recent cluster tasks (migration, maintenance, DRS, HA, host lifecycle) with progress and their current status line. */
export function ClusterTasks({ clusterId, hostNames }: { clusterId: string; hostNames: Map<string, string> }) {
  const tasks = useApi('task-list', {}, { refreshOn: ['cluster', 'host', 'desktop'], minIntervalMs: 1000 });
  const mine = (tasks.data ?? []).flatMap((t) => (isClusterTask(t) && t.details.clusterId === clusterId ? [t] : [])).slice(0, 12);
  return (
    <>
      <Title headingLevel="h2" size="md">
        Recent tasks
      </Title>
      {mine.length === 0 ? (
        <p className="vdi-muted">No cluster task yet.</p>
      ) : (
        <Table variant="compact" aria-label="Cluster tasks" gridBreakPoint="" data-testid="cluster-tasks-table">
          <Thead>
            <Tr>
              <Th width={10}>Task</Th>
              <Th width={20}>Operation</Th>
              <Th width={15}>Object</Th>
              <Th width={10}>State</Th>
              <Th>Progress</Th>
              <Th width={10}>Started</Th>
            </Tr>
          </Thead>
          <Tbody>
            {mine.map((t) => (
              <Tr key={t.id} data-testid={`cluster-task-${t.id}-row`} data-state={t.state}>
                <Td>{t.id}</Td>
                <Td>{KIND_LABEL[t.kind]}</Td>
                <Td>{t.objectKind === 'host' ? (hostNames.get(t.objectId) ?? t.objectName) : t.objectName}</Td>
                <Td>
                  <Label isCompact color={STATE_COLOR[t.state]} data-testid={`cluster-task-${t.id}-state`}>
                    {humanize(t.state)}
                  </Label>
                </Td>
                <Td className="vdi-progress-cell">
                  {t.total > 0 ? (
                    <Progress
                      value={(100 * t.done) / t.total}
                      title={t.details.status}
                      size={ProgressSize.sm}
                      measureLocation={ProgressMeasureLocation.outside}
                      label={`${t.done} / ${t.total}`}
                      variant={t.state === 'failed' ? 'danger' : t.state === 'completed' ? 'success' : undefined}
                      aria-label={`Progress of ${t.id}`}
                      data-testid={`cluster-task-${t.id}-progress`}
                    />
                  ) : (
                    <span data-testid={`cluster-task-${t.id}-progress`}>{t.details.status}</span>
                  )}
                  <ItemNotes task={t} />
                </Td>
                <Td>{formatSimTimeSeconds(t.createdAt)}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </>
  );
}

/** The VMs of a task that did not go the usual way (a confidential VM moved cold, one waiting, one that failed), with why. */
function ItemNotes({ task }: { task: ClusterTask }) {
  const noted = task.details.items.filter((i) => i.reason);
  if (noted.length === 0) return null;
  return (
    <ul className="vdi-muted vdi-task-notes" data-testid={`cluster-task-${task.id}-notes`}>
      {noted.slice(0, 4).map((i) => (
        <li key={i.desktopId}>
          {i.desktopName}: {i.reason}
        </li>
      ))}
      {noted.length > 4 ? <li>and {noted.length - 4} more</li> : null}
    </ul>
  );
}
