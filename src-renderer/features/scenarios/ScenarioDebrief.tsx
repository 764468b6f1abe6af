import { Button, Card, CardBody, CardTitle, Content, Grid, GridItem, Label, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { DebriefEntry, ScenarioStatus } from '../../../src-main/contract/index.ts';
import { formatDuration } from '../../components/format.ts';
import { href, navigate, withQuery } from '../../router/hash-router.ts';
import { useCan } from '../../state/whoami-store.ts';

const LANES: { lane: DebriefEntry['lane']; label: string; width: 20 | 30 }[] = [
  { lane: 'fault', label: 'Faults', width: 20 },
  { lane: 'alarm', label: 'Alarms and warnings', width: 30 },
  { lane: 'action', label: 'Your actions', width: 20 },
  { lane: 'objective', label: 'Objectives', width: 20 },
];

const WHY = { 'objectives-met': 'every objective met', 'time-limit': 'time limit reached', trainee: 'finished by you' } as const;

/** The debrief: score by rubric line, the timeline side by side (faults, alarms, actions, objectives), the expert's path. */
export function ScenarioDebrief({ st, timeline, onClose }: { st: ScenarioStatus; timeline: DebriefEntry[]; onClose(): void }) {
  const score = st.score;
  const start = st.startedAt ? Date.parse(st.startedAt) : 0;
  const offset = (at: string) => `+${formatDuration(Math.max(0, (Date.parse(at) - start) / 1000))}`;
  // The attempt is this lab (a scenario start replaced it): Training → Replay opens the lab as it was at that moment.
  const canReplay = useCan('replay-view-open');
  return (
    <Grid hasGutter data-testid="scenario-debrief">
      <GridItem span={12}>
        <Card isCompact>
          <CardBody>
            <Title headingLevel="h2" size="xl">
              {st.scenario?.title}: <span data-testid="scenario-score">{score?.total ?? 0}</span> / {score?.max ?? 0} points
            </Title>
            <Content component="p" className="vdi-muted">
              Ended after {formatDuration(st.elapsedSec)} of simulated time ({st.finishReason ? WHY[st.finishReason] : 'under way'}).
            </Content>
            <Button variant="secondary" onClick={onClose} data-testid="scenario-debrief-close">
              Back to the scenarios
            </Button>{' '}
            <Button variant="link" onClick={() => navigate('/replay')} data-testid="scenario-debrief-replay">
              Replay my attempt
            </Button>
          </CardBody>
        </Card>
      </GridItem>
      <GridItem lg={6} md={12}>
        <Card isCompact isFullHeight>
          <CardTitle>Score by rubric line</CardTitle>
          <CardBody>
            <Table aria-label="Score by rubric line" variant="compact" data-testid="scenario-rubric">
              <Thead>
                <Tr>
                  <Th width={40}>Line</Th>
                  <Th width={15}>Points</Th>
                  <Th>How</Th>
                </Tr>
              </Thead>
              <Tbody>
                {score?.lines.map((l) => (
                  <Tr key={l.id} data-testid={`rubric-${l.id}`}>
                    <Td dataLabel="Line">{l.label}</Td>
                    <Td dataLabel="Points">
                      <Label isCompact color={l.points === l.max ? 'green' : l.points === 0 ? 'red' : 'orange'}>
                        {l.points} / {l.max}
                      </Label>
                    </Td>
                    <Td dataLabel="How" className="vdi-muted">
                      {l.detail}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </CardBody>
        </Card>
      </GridItem>
      <GridItem lg={6} md={12}>
        <Card isCompact isFullHeight>
          <CardTitle>What an expert would have done</CardTitle>
          <CardBody>
            <ol data-testid="scenario-expert-path" style={{ paddingLeft: 20, listStyle: 'decimal' }}>
              {st.scenario?.expertPath.map((s, i) => (
                <li key={i} style={{ marginBottom: 6 }}>
                  {s}
                </li>
              ))}
            </ol>
          </CardBody>
        </Card>
      </GridItem>
      <GridItem span={12}>
        <Card isCompact>
          <CardTitle>Timeline (simulated time since the start{canReplay ? '; click a time to replay the lab at that moment' : ''})</CardTitle>
          <CardBody>
            <Table aria-label="Debrief timeline" variant="compact" data-testid="scenario-timeline">
              <Thead>
                <Tr>
                  <Th width={10} modifier="nowrap">
                    When
                  </Th>
                  {LANES.map((l) => (
                    <Th key={l.lane} width={l.width} modifier="wrap">
                      {l.label}
                    </Th>
                  ))}
                </Tr>
              </Thead>
              <Tbody>
                {timeline.length === 0 ? (
                  <Tr>
                    <Td colSpan={5} className="vdi-muted">
                      Nothing happened.
                    </Td>
                  </Tr>
                ) : (
                  timeline.map((e, i) => (
                    <Tr key={i} data-testid={`timeline-${e.lane}`}>
                      <Td dataLabel="When" modifier="nowrap">
                        {canReplay ? (
                          <Button
                            variant="link"
                            isInline
                            component="a"
                            href={href(withQuery('/replay', { at: e.at }))}
                            aria-label={`Replay the lab at ${offset(e.at)}`}
                            title="Open this moment in Training → Replay (read-only)"
                            data-testid="timeline-replay-link"
                            style={{ whiteSpace: 'nowrap' }}
                          >
                            {offset(e.at)}
                          </Button>
                        ) : (
                          offset(e.at)
                        )}
                      </Td>
                      {LANES.map((l) => (
                        <Td key={l.lane} dataLabel={l.label}>
                          {l.lane === e.lane ? e.text : ''}
                        </Td>
                      ))}
                    </Tr>
                  ))
                )}
              </Tbody>
            </Table>
          </CardBody>
        </Card>
      </GridItem>
    </Grid>
  );
}
