import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, CardBody, CardTitle, Content, Flex, FlexItem, Label, PageSection, Slider, TextInput } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReplayTimeline } from '../../../src-main/contract/index.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { useCan } from '../../state/whoami-store.ts';
import { useRoute } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner, NothingHere } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { formatSimTime, formatSimTimeSeconds, plural } from '../../components/format.ts';
import { BranchModal } from '../../components/replay/BranchModal.tsx';
import { backToLive, hhmm, inputSummary, openMoment } from '../../components/replay/replay-actions.ts';

const MIN = 60_000;

/** Where on the track (0–100 %) a simulated time falls. */
function place(iso: string, start: number, end: number): number {
  const t = Date.parse(iso);
  return end > start ? Math.max(0, Math.min(100, ((t - start) / (end - start)) * 100)) : 0;
}

function Track({ tl, start, end, chosen, onPick }: { tl: ReplayTimeline; start: number; end: number; chosen: number; onPick: (ms: number) => void }) {
  return (
    <div className="vdi-replay-track" data-testid="replay-track" aria-hidden>
      {tl.checkpoints.map((c) => (
        <span
          key={`c${c}`}
          className="vdi-replay-mark vdi-replay-mark--checkpoint"
          style={{ left: `${place(c, start, end)}%` }}
          title={`Checkpoint ${hhmm(c)}`}
        />
      ))}
      {tl.markers.map((m, i) => (
        <span
          key={`m${i}`}
          className={`vdi-replay-mark vdi-replay-mark--${m.severity}`}
          style={{ left: `${place(m.simTime, start, end)}%` }}
          title={`${hhmm(m.simTime)} ${m.message}`}
        />
      ))}
      {tl.actions.map((a) => (
        <button
          key={`a${a.seq}`}
          type="button"
          tabIndex={-1}
          className="vdi-replay-mark vdi-replay-mark--action"
          style={{ left: `${place(a.simTime, start, end)}%` }}
          title={`${hhmm(a.simTime)} ${a.method} (${a.user})`}
          onClick={() => onPick(Date.parse(a.simTime))}
        />
      ))}
      <span className="vdi-replay-cursor" style={{ left: `${place(new Date(chosen).toISOString(), start, end)}%` }} />
    </div>
  );
}

/**
 * Replay and scrub (route /replay, under Training): the lab's recorded admin actions on a timeline
 * with its warnings and errors; any moment opens read-only (every page shows the lab as it was), and
 * a new attempt can branch from it. `?at=ISO` preselects a moment (the training debrief links here).
 */
export function ReplayView() {
  const route = useRoute();
  const tl = useApi('replay-timeline', {}, { refreshOn: ['lab', 'events'], minIntervalMs: 2000 });
  const canOpen = useCan('replay-view-open');
  const canBranch = useCan('replay-branch');
  const action = useAction();
  const [chosen, setChosen] = useState<number | null>(null);
  const [typed, setTyped] = useState('');
  const [branching, setBranching] = useState(false);
  const data = tl.data;
  const start = data?.origin ? Date.parse(data.origin.startTime) : 0;
  const end = data ? Date.parse(data.now) : 0;
  const atParam = route.query.get('at');

  useEffect(() => {
    if (chosen !== null || !data?.origin) return;
    const wanted = atParam ? Date.parse(atParam) : NaN;
    setChosen(Number.isFinite(wanted) ? Math.max(start, Math.min(end, wanted)) : data.view.simTime ? Date.parse(data.view.simTime) : end);
  }, [data, chosen, atParam, start, end]);

  const moment = chosen ?? end;
  useEffect(() => setTyped(hhmm(new Date(moment).toISOString())), [moment]);
  const minutes = Math.max(1, Math.round((end - start) / MIN));
  const actionsBefore = useMemo(() => (data ? data.actions.filter((a) => Date.parse(a.simTime) <= moment).length : 0), [data, moment]);

  const pickTyped = (text: string) => {
    setTyped(text);
    const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
    if (!m || !data) return;
    // The typed time of day on the day of the moment shown (a lab's session rarely spans midnight; the slider reaches any day).
    const d = new Date(moment);
    d.setUTCHours(Number(m[1]), Number(m[2]), 0, 0);
    const t = d.getTime();
    if (t >= start && t <= end) setChosen(t);
  };

  const open = async (ms: number) => {
    await action.run(() => openMoment(new Date(Math.floor(ms / 1000) * 1000).toISOString()));
    tl.reload();
  };
  const close = async () => {
    await action.run(backToLive);
    tl.reload();
  };

  return (
    <>
      <ViewHeader
        title="Replay and scrub"
        titleTestId="replay-title"
        description="Every admin action that changed the lab is recorded with its simulated time. Pick any moment since the lab began: the console shows the lab exactly as it was then, read-only (replayed from the lab's seed and those actions), and a new attempt can branch from it."
      />
      <PageSection hasBodyWrapper={false}>
        {tl.error ? <ApiErrorAlert error={tl.error} title="Could not load the timeline" onRetry={tl.reload} /> : null}
        {action.error ? <ApiErrorAlert error={action.error} title="The moment could not be opened" onClose={action.clearError} testId="replay-error" /> : null}
        {!data ? (
          tl.error ? null : (
            <CenteredSpinner label="Loading the timeline" />
          )
        ) : !data.origin ? (
          <Alert variant="warning" isInline title="This lab cannot be replayed" data-testid="replay-unavailable">
            Its history before this version of the console was not recorded (it ran before, or was imported from such a lab). Actions are recorded from now on;
            a lab reset starts a lab whose whole history can be replayed.
          </Alert>
        ) : (
          <Flex direction={{ default: 'column' }} gap={{ default: 'gapMd' }}>
            <Card isCompact>
              <CardTitle>
                Timeline · {formatSimTime(data.origin.startTime)} → {hhmm(data.now)}{' '}
                <Content component="small" className="vdi-muted">
                  ({data.origin.profile} lab, seed {data.origin.seed}; {plural(data.actions.length, 'action')} recorded)
                </Content>
              </CardTitle>
              <CardBody>
                <Track tl={data} start={start} end={end} chosen={moment} onPick={(ms) => setChosen(ms)} />
                <Slider
                  data-testid="replay-slider"
                  aria-label="Moment to view"
                  value={Math.round((moment - start) / MIN)}
                  min={0}
                  max={minutes}
                  step={1}
                  showBoundaries={false}
                  onChange={(_e, v) => setChosen(start + Number(v) * MIN)}
                />
                <Flex className="vdi-replay-legend" gap={{ default: 'gapMd' }} alignItems={{ default: 'alignItemsCenter' }}>
                  <span>
                    <span className="vdi-replay-key vdi-replay-mark--action" /> admin action
                  </span>
                  <span>
                    <span className="vdi-replay-key vdi-replay-mark--warning" /> warning
                  </span>
                  <span>
                    <span className="vdi-replay-key vdi-replay-mark--error" /> error / critical
                  </span>
                  <span>
                    <span className="vdi-replay-key vdi-replay-mark--checkpoint" /> checkpoint (every {data.checkpointMinutes} simulated min)
                  </span>
                </Flex>
                <Flex alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapMd' }} style={{ marginTop: 'var(--pf-t--global--spacer--md)' }}>
                  <FlexItem>
                    <strong data-testid="replay-chosen">{formatSimTime(new Date(moment).toISOString())}</strong>{' '}
                    <span className="vdi-muted">· after {plural(actionsBefore, 'action')}</span>
                  </FlexItem>
                  <FlexItem>
                    <TextInput
                      aria-label="Time of day (HH:MM, simulated, UTC)"
                      value={typed}
                      onChange={(_e, v) => pickTyped(v)}
                      style={{ width: '6em' }}
                      data-testid="replay-time-input"
                    />
                  </FlexItem>
                  {canOpen ? (
                    <FlexItem>
                      <Button onClick={() => void open(moment)} isLoading={action.busy} isDisabled={action.busy} data-testid="replay-open">
                        View {hhmm(new Date(moment).toISOString())} (read-only)
                      </Button>
                    </FlexItem>
                  ) : null}
                  {data.view.open && canOpen ? (
                    <FlexItem>
                      <Button variant="secondary" onClick={() => void close()} isDisabled={action.busy} data-testid="replay-close">
                        Back to live
                      </Button>
                    </FlexItem>
                  ) : null}
                  {data.view.open && canBranch ? (
                    <FlexItem>
                      <Button variant="warning" onClick={() => setBranching(true)} isDisabled={action.busy} data-testid="replay-branch-open">
                        Branch from {hhmm(data.view.simTime)}
                      </Button>
                    </FlexItem>
                  ) : null}
                </Flex>
                {data.view.open ? (
                  <Content component="p" className="vdi-muted" data-testid="replay-view-state">
                    The console shows {formatSimTimeSeconds(data.view.simTime)} read-only; the live lab is at {formatSimTimeSeconds(data.view.liveSimTime)},
                    paused.
                  </Content>
                ) : null}
              </CardBody>
            </Card>
            <Card isCompact>
              <CardTitle>Recorded admin actions</CardTitle>
              <CardBody>
                {data.actions.length === 0 ? (
                  <NothingHere
                    title="No admin action yet"
                    body="Changes to the lab — pool edits, logoffs, maintenance, snapshots, faults — appear here with their simulated time."
                  />
                ) : (
                  <Table aria-label="Recorded admin actions" variant="compact" data-testid="replay-actions">
                    <Thead>
                      <Tr>
                        <Th>Time (simulated)</Th>
                        <Th>Action</Th>
                        <Th>By</Th>
                        <Th>Details</Th>
                        <Th screenReaderText="View" />
                      </Tr>
                    </Thead>
                    <Tbody>
                      {[...data.actions].reverse().map((a) => (
                        <Tr
                          key={a.seq}
                          data-testid={`replay-action-${a.seq}`}
                          isRowSelected={data.view.open && Date.parse(a.simTime) <= Date.parse(data.view.simTime ?? '')}
                        >
                          <Td dataLabel="Time">{formatSimTimeSeconds(a.simTime)}</Td>
                          <Td dataLabel="Action">
                            <Label isCompact color="blue">
                              {a.method}
                            </Label>
                          </Td>
                          <Td dataLabel="By">{a.user}</Td>
                          <Td dataLabel="Details" className="vdi-muted">
                            <code>{inputSummary(a.input)}</code>
                          </Td>
                          <Td isActionCell>
                            {canOpen ? (
                              <Button size="sm" variant="secondary" onClick={() => void open(Date.parse(a.simTime))} isDisabled={action.busy}>
                                View just after
                              </Button>
                            ) : null}
                          </Td>
                        </Tr>
                      ))}
                    </Tbody>
                  </Table>
                )}
              </CardBody>
            </Card>
          </Flex>
        )}
      </PageSection>
      {branching && data?.view.simTime ? (
        <BranchModal
          at={data.view.simTime}
          liveAt={data.view.liveSimTime}
          onClose={() => {
            setBranching(false);
            tl.reload();
          }}
        />
      ) : null}
    </>
  );
}
