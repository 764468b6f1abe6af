import {
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Content,
  Grid,
  GridItem,
  Label,
  List,
  ListItem,
  Progress,
  ProgressMeasureLocation,
} from '@patternfly/react-core';
import { CheckCircleIcon, ExclamationCircleIcon, LockIcon, OutlinedCircleIcon } from '@patternfly/react-icons';
import type { ScenarioObjectiveStatus, ScenarioStatus } from '../../../src-main/contract/index.ts';
import { formatDuration } from '../../components/format.ts';

const STATE_COLOR = { met: 'green', open: 'blue', failed: 'red' } as const;

function ObjectiveIcon({ o }: { o: ScenarioObjectiveStatus }) {
  if (o.state === 'met') return <CheckCircleIcon color="var(--pf-t--global--icon--color--status--success--default)" />;
  if (o.state === 'failed') return <ExclamationCircleIcon color="var(--pf-t--global--icon--color--status--danger--default)" />;
  return <OutlinedCircleIcon color="var(--pf-t--global--icon--color--subtle)" />;
}

/** While a scenario runs: the timer, the objectives with their live state, the hints and the rubric's figures. */
export function ScenarioPlay({ st, canFinish, busy, onFinish }: { st: ScenarioStatus; canFinish: boolean; busy: boolean; onFinish(): void }) {
  const limit = st.scenario?.timeLimitSec ?? 1;
  const left = Math.max(0, limit - st.elapsedSec);
  const fromInstructor = st.instructorHints ?? [];
  return (
    <Grid hasGutter>
      {st.pausedByInstructor ? (
        <GridItem span={12}>
          <Alert variant="warning" isInline title="Paused by the instructor" data-testid="scenario-paused-by-instructor">
            Your instructor paused the class. The clock runs again when the instructor resumes it; until then you cannot start, step or change the speed of the
            clock.
          </Alert>
        </GridItem>
      ) : null}
      {fromInstructor.length ? (
        <GridItem span={12}>
          <Alert variant="info" isInline title="From your instructor" data-testid="scenario-instructor-hints">
            <List isPlain>
              {[...fromInstructor].reverse().map((h, i) => (
                <ListItem key={`${h.at}-${i}`}>
                  <Content component="small" className="vdi-muted">
                    {h.at.slice(11, 16)}
                  </Content>{' '}
                  {h.text}
                </ListItem>
              ))}
            </List>
          </Alert>
        </GridItem>
      ) : null}
      <GridItem span={12}>
        <Card isCompact>
          <CardTitle>
            <span data-testid="scenario-running-title">{st.scenario?.title}</span>{' '}
            <Label color="orange" isCompact>
              under way
            </Label>
          </CardTitle>
          <CardBody>
            <Progress
              value={Math.min(100, (100 * st.elapsedSec) / limit)}
              title={`Simulated time: ${formatDuration(st.elapsedSec)} of ${formatDuration(limit)}`}
              label={`${formatDuration(left)} left`}
              measureLocation={ProgressMeasureLocation.outside}
              aria-label="Time used"
              data-testid="scenario-timer"
            />
            <Content component="p" className="vdi-muted" style={{ marginTop: 8 }}>
              {st.scenario?.summary}
            </Content>
            {canFinish ? (
              <Button variant="secondary" onClick={onFinish} isDisabled={busy} data-testid="scenario-finish">
                I am done: finish and score
              </Button>
            ) : null}
          </CardBody>
        </Card>
      </GridItem>
      <GridItem lg={7} md={12}>
        <Card isCompact isFullHeight>
          <CardTitle>Objectives</CardTitle>
          <CardBody>
            <List isPlain data-testid="scenario-objectives">
              {st.objectives.map((o) => (
                <ListItem key={o.id} icon={<ObjectiveIcon o={o} />} data-testid={`objective-${o.id}`}>
                  {o.text}{' '}
                  <Label isCompact color={STATE_COLOR[o.state]} data-testid={`objective-${o.id}-state`}>
                    {o.kind === 'keep' && o.state === 'open' ? 'holding' : o.state}
                  </Label>{' '}
                  {o.state === 'open' && o.kind === 'reach' ? (
                    <Content component="small" className="vdi-muted">
                      {o.holdsNow ? 'holds now' : 'not yet'}
                      {o.deadline ? ` · by ${o.deadline.slice(11, 16)}` : ''}
                    </Content>
                  ) : null}
                </ListItem>
              ))}
            </List>
          </CardBody>
        </Card>
      </GridItem>
      <GridItem lg={5} md={12}>
        <Card isCompact isFullHeight>
          <CardTitle>Hints</CardTitle>
          <CardBody>
            <List isPlain data-testid="scenario-hints">
              {st.hints.map((h, i) => (
                <ListItem key={i} icon={h.unlocked ? undefined : <LockIcon />}>
                  {h.unlocked ? h.text : <span className="vdi-muted">Unlocks after {formatDuration(h.afterSec)}</span>}
                </ListItem>
              ))}
              {st.hints.length === 0 ? <ListItem>No hints in this scenario.</ListItem> : null}
            </List>
            <Content component="small" className="vdi-muted" style={{ display: 'block', marginTop: 12 }} data-testid="scenario-figures">
              So far: {st.figures.failures} failed connections · {st.figures.userMinutesLost} user-minutes lost · {st.actions.length} actions
            </Content>
          </CardBody>
        </Card>
      </GridItem>
    </Grid>
  );
}
