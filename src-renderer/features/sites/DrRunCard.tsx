import { Card, CardBody, CardHeader, CardTitle, Content, Flex, FlexItem } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { RecoveryRun, RecoveryRunMode } from '../../../src-main/contract/index.ts';
import { formatDuration, formatSimTime } from '../../components/format.ts';
import '../../styles/dr.css';

export const MODE_LABEL: Record<RecoveryRunMode, string> = {
  test: 'Test',
  'test-cleanup': 'Cleanup',
  planned: 'Planned migration',
  disaster: 'Disaster recovery',
  failback: 'Failback',
};

/** One recovery run: its achieved RPO and RTO and a timeline of its steps, each a bar on the run's length. */
export function RunCard({ run }: { run: RecoveryRun }) {
  const total = Math.max(1, run.rtoSec);
  return (
    <Card isCompact data-testid={`run-${run.id}`}>
      <CardHeader>
        <CardTitle>
          {MODE_LABEL[run.mode]} · {run.planName}{' '}
          <Content component="small" className="vdi-muted">
            {formatSimTime(run.startedAt)} → {formatSimTime(run.finishedAt)}
          </Content>
        </CardTitle>
      </CardHeader>
      <CardBody>
        <Flex spaceItems={{ default: 'spaceItemsLg' }}>
          <FlexItem data-testid={`run-${run.id}-rpo`}>
            <strong>Achieved RPO</strong> {run.achievedRpoSec === null ? '—' : formatDuration(run.achievedRpoSec)}
          </FlexItem>
          <FlexItem data-testid={`run-${run.id}-rto`}>
            <strong>{run.mode === 'test' || run.mode === 'test-cleanup' ? 'Duration' : 'RTO'}</strong> {formatDuration(run.rtoSec)}
          </FlexItem>
        </Flex>
        <Table aria-label={`Timeline of ${run.id}`} variant="compact">
          <Thead>
            <Tr>
              <Th width={15}>At</Th>
              <Th width={15}>Takes</Th>
              <Th>Step</Th>
              <Th width={25} screenReaderText="Share of the run" />
            </Tr>
          </Thead>
          <Tbody>
            {run.timeline.map((s, i) => (
              <Tr key={i}>
                <Td dataLabel="At">+{formatDuration(s.atSec)}</Td>
                <Td dataLabel="Takes">{formatDuration(s.durationSec)}</Td>
                <Td dataLabel="Step">{s.step}</Td>
                <Td dataLabel="Share">
                  <div className="vdi-dr-bar-track">
                    <div
                      className="vdi-dr-bar"
                      style={{ marginLeft: `${(s.atSec / total) * 100}%`, width: `${Math.max(0.5, (s.durationSec / total) * 100)}%` }}
                    />
                  </div>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </CardBody>
    </Card>
  );
}
