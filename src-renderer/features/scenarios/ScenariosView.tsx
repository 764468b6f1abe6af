import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardFooter,
  CardTitle,
  Content,
  Gallery,
  Label,
  LabelGroup,
  List,
  ListItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalVariant,
  PageSection,
} from '@patternfly/react-core';
import type { ScenarioSummary } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useCan } from '../../state/whoami-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { formatDuration } from '../../components/format.ts';
import { ScenarioPlay } from './ScenarioPlay.tsx';
import { ScenarioDebrief } from './ScenarioDebrief.tsx';
import { AuthorScenarioModal } from './AuthorScenarioModal.tsx';

/** How often the page asks for the judge's state while a scenario runs (wall ms): the objectives panel is live. */
const LIVE_POLL_MS = 2000;

function BriefingModal({ id, onClose, onStarted }: { id: string; onClose(): void; onStarted(): void }) {
  const sc = useApi('scenario-get', { id });
  const action = useAction();
  const canStart = useCan('scenario-start');
  const start = async () => {
    const r = await action.run(() => getClient().call('scenario-start', { id, confirm: true }));
    if (r) {
      notifySuccess(`Scenario "${r.title}" started`);
      onStarted();
    }
  };
  const s = sc.data;
  return (
    <Modal variant={ModalVariant.medium} isOpen onClose={onClose} aria-labelledby="scenario-briefing-title" data-testid="scenario-briefing">
      <ModalHeader title={s?.title ?? 'Briefing'} labelId="scenario-briefing-title" />
      <ModalBody>
        {sc.error ? <ApiErrorAlert error={sc.error} title="Could not load the scenario" /> : null}
        {!s ? (
          <CenteredSpinner label="Loading the briefing" />
        ) : (
          <>
            <Content component="p" data-testid="scenario-briefing-text">
              {s.briefing}
            </Content>
            <Content component="h4">Your objectives</Content>
            <List>
              {s.objectives.map((o) => (
                <ListItem key={o.id}>
                  {o.text}
                  {o.withinSec ? <span className="vdi-muted"> (within {formatDuration(o.withinSec)})</span> : null}
                </ListItem>
              ))}
            </List>
            <Content component="p" className="vdi-muted" style={{ marginTop: 12 }}>
              Time limit {formatDuration(s.timeLimitSec)} of simulated time, clock at {s.clockSpeed === 'paused' ? 'paused' : `${s.clockSpeed}×`}. Scored on:
              time to detect, time to resolve, user-minutes lost{s.rubric.collateral.length ? ', and collateral actions' : ''}. {s.hints.length} hints unlock as
              time passes.
            </Content>
            {canStart ? (
              <Alert isInline isPlain variant="warning" title="Starting replaces the current lab with the scenario's starting lab." style={{ marginTop: 12 }} />
            ) : null}
            {action.error ? <ApiErrorAlert error={action.error} title="The scenario could not start" onClose={action.clearError} /> : null}
          </>
        )}
      </ModalBody>
      <ModalFooter>
        {canStart ? (
          <Button onClick={() => void start()} isDisabled={!s || action.busy} isLoading={action.busy} data-testid="scenario-start">
            Start scenario
          </Button>
        ) : null}
        <Button variant="link" onClick={onClose}>
          Close
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function ScenarioCard({ s, onOpen }: { s: ScenarioSummary; onOpen(): void }) {
  return (
    <Card isCompact isFullHeight data-testid={`scenario-card-${s.id}`}>
      <CardTitle>{s.title}</CardTitle>
      <CardBody>
        <Content component="p">{s.summary}</Content>
        <LabelGroup numLabels={4}>
          {s.topics.map((t) => (
            <Label key={t} isCompact>
              {t}
            </Label>
          ))}
        </LabelGroup>
      </CardBody>
      <CardFooter>
        <Content component="small" className="vdi-muted" style={{ display: 'block', marginBottom: 8 }}>
          {formatDuration(s.timeLimitSec)} · {s.objectives} {s.objectives === 1 ? 'objective' : 'objectives'} · {s.lab}
        </Content>
        <Button variant="secondary" size="sm" onClick={onOpen} data-testid={`scenario-open-${s.id}`}>
          Briefing…
        </Button>
      </CardFooter>
    </Card>
  );
}

/**
 * Training scenarios (route /scenarios, issue 17): the catalogue, a scenario's briefing and start;
 * while one runs, its objectives, timer and hints; at its end the debrief. The judge runs in the
 * host (app/scenarios/judge.ts): this page only shows what it says.
 */
export function ScenariosView() {
  const catalogue = useApi('scenario-catalogue', {});
  const status = useApi('scenario-status', {}, { refreshOn: ['events', 'lab'], minIntervalMs: 1000 });
  const [open, setOpen] = useState<string | null>(null);
  const [authoring, setAuthoring] = useState(false);
  const [showDebrief, setShowDebrief] = useState(true);
  const debriefOn = Boolean(status.data?.finishedAt) && showDebrief;
  const debrief = useApi('scenario-debrief', {}, { enabled: debriefOn, refreshOn: ['events'] });
  const action = useAction();
  const canFinish = useCan('scenario-finish');
  const canAuthor = useCan('scenario-author');
  const running = status.data?.running ?? false;
  const { reload } = status;

  useEffect(() => {
    if (!running) return;
    const t = setInterval(reload, LIVE_POLL_MS);
    return () => clearInterval(t);
  }, [running, reload]);

  const finish = async () => {
    const r = await action.run(() => getClient().call('scenario-finish', { confirm: true }));
    if (r) {
      setShowDebrief(true);
      reload();
      debrief.reload();
    }
  };

  return (
    <>
      {open ? (
        <BriefingModal
          id={open}
          onClose={() => setOpen(null)}
          onStarted={() => {
            setOpen(null);
            setShowDebrief(true);
            reload();
          }}
        />
      ) : null}
      {authoring ? <AuthorScenarioModal onClose={() => setAuthoring(false)} /> : null}
      <ViewHeader
        title="Training scenarios"
        titleTestId="scenarios-title"
        description="Realistic incidents on a living estate: read the briefing, start, and work the console as you would on a bad Monday. Objectives are checked against the lab every simulated minute; at the end you get a score by rubric line, a timeline and the expert's path."
        actions={
          canAuthor ? (
            <Button variant="secondary" onClick={() => setAuthoring(true)} data-testid="scenario-author-button">
              Save this lab as a scenario…
            </Button>
          ) : null
        }
      />
      <PageSection hasBodyWrapper={false}>
        {status.error ? <ApiErrorAlert error={status.error} title="Could not load the scenario" onRetry={reload} /> : null}
        {action.error ? <ApiErrorAlert error={action.error} title="The scenario could not be finished" onClose={action.clearError} /> : null}
        {running && status.data ? (
          <div style={{ marginBottom: 24 }}>
            <ScenarioPlay st={status.data} canFinish={canFinish} busy={action.busy} onFinish={() => void finish()} />
          </div>
        ) : null}
        {debriefOn && debrief.data ? (
          <div style={{ marginBottom: 24 }}>
            <ScenarioDebrief st={debrief.data.status} timeline={debrief.data.timeline} onClose={() => setShowDebrief(false)} />
          </div>
        ) : null}
        {catalogue.error ? <ApiErrorAlert error={catalogue.error} title="Could not load the scenarios" onRetry={catalogue.reload} /> : null}
        {!catalogue.data ? (
          catalogue.error ? null : (
            <CenteredSpinner label="Loading the scenarios" />
          )
        ) : (
          <>
            <Content component="h2" style={{ marginBottom: 12 }}>
              Catalogue
            </Content>
            <Gallery hasGutter minWidths={{ default: '280px' }} data-testid="scenario-catalogue">
              {catalogue.data.scenarios.map((s) => (
                <ScenarioCard key={s.id} s={s} onOpen={() => setOpen(s.id)} />
              ))}
            </Gallery>
          </>
        )}
      </PageSection>
    </>
  );
}
