import { useState } from 'react';
import {
  Alert,
  AlertActionLink,
  Button,
  Card,
  CardBody,
  CardTitle,
  Content,
  Flex,
  Label,
  Progress,
  ProgressMeasureLocation,
  ProgressSize,
  ProgressVariant,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { methods, type GoldenImage, type Pool, type PoolImageStatus, type Task } from '../../../src-main/contract/index.ts';
import { fieldSchema, limitsOf } from '../../components/schema-check.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { Can } from '../../components/Can.tsx';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { NumField } from '../../components/form-fields.tsx';
import { formatInt, formatSimTime, plural } from '../../components/format.ts';
import { PushImageModal, type PushMode } from './PushImageModal.tsx';
import { PushWaitingList, waitingSummary } from './PushWaitingList.tsx';

const STATE_COLOR: Record<Task['state'], 'blue' | 'purple' | 'green' | 'red' | 'grey'> = {
  scheduled: 'purple',
  running: 'blue',
  completed: 'green',
  failed: 'red',
  cancelled: 'grey',
};

/** Grace of a forced switch: the limits task-push-force's schema sets. */
const GRACE_LIMITS = limitsOf(fieldSchema(methods['task-push-force'].input, 'graceMinutes'));
const FORCE_GRACE = { min: GRACE_LIMITS.min ?? 0, max: GRACE_LIMITS.max ?? 60, initial: 5 };

function policyText(t: Task): string {
  if (t.details.logoffPolicy === 'wait') return 'waits for users to log off';
  const at = t.details.forced?.logoffAt ?? new Date(Date.parse(t.startAt) + t.details.graceMinutes * 60_000).toISOString();
  return `forced: users still on the old version are logged off at ${formatSimTime(at).slice(-5)}${t.details.forced ? ` (switched by ${t.details.forced.by})` : ''}`;
}

/** "v3 × 500 · v2 × 20": which versions the machines run. */
function versionsText(s: PoolImageStatus): string {
  return s.versions.map((v) => `${v.version !== null ? `v${v.version}` : 'no image'} × ${formatInt(v.machines)}`).join(' · ');
}

type Confirm = { kind: 'cancel'; task: Task } | { kind: 'force'; task: Task } | null;

/**
 * Image of an instant / linked clone pool: which versions the machines run, Push image, Roll back,
 * the active push with what it waits for (machines, sessions, users) and the way out of every
 * state: force the remaining users, cancel, or bring machines left on another version back.
 */
export function PoolImageTasks({ pool, image }: { pool: Pool; image: GoldenImage | undefined }) {
  const tasks = useApi('task-list', { objectId: pool.id }, { refreshOn: ['pool', 'desktop', 'image'] });
  const status = useApi('pool-image-status', { id: pool.id }, { refreshOn: ['pool', 'desktop', 'session'], minIntervalMs: 2000 });
  const act = useAction();
  const [mode, setMode] = useState<PushMode | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [grace, setGrace] = useState(FORCE_GRACE.initial);
  const version = (id: string | null) => (id ? (image?.versions.find((v) => v.id === id)?.version ?? null) : null);
  const current = version(pool.imageVersionId);
  const previous = version(pool.previousImageVersionId);
  const pushTasks = (tasks.data ?? []).filter((t): t is Task => t.kind === 'push-image');
  const s = status.data;
  const active = s?.activePush ?? pushTasks.find((t) => t.state === 'scheduled' || t.state === 'running') ?? null;
  const stranded = s && !active ? s.waiting.filter((w) => w.reason === 'stranded' || (w.reason === 'in-use' && w.imageVersionId !== s.imageVersionId)) : [];
  const canRollback = pool.previousImageVersionId !== null && pool.previousImageVersionId !== pool.imageVersionId;
  const graceBad = !Number.isInteger(grace) || grace < FORCE_GRACE.min || grace > FORCE_GRACE.max;

  const after = () => {
    setConfirm(null);
    tasks.reload();
    status.reload();
  };
  const doCancel = async (t: Task) => {
    const res = await act.run(() => getClient().call('task-cancel', { id: t.id }));
    if (res) {
      notifySuccess(`Cancelled the push image of ${t.objectName} after ${res.done} of ${res.total} machines`);
      after();
    }
  };
  const doForce = async (t: Task) => {
    const res = await act.run(() => getClient().call('task-push-force', { id: t.id, graceMinutes: grace }));
    if (res) {
      notifySuccess(`Push image of ${t.objectName}: remaining users are logged off in ${plural(grace, 'minute')}`);
      after();
    }
  };

  const onV = (id: string | null) => s?.versions.find((v) => v.imageVersionId === id)?.machines ?? 0;
  return (
    <Card isCompact className="vdi-alert" data-testid="pool-image-tasks">
      <CardTitle>
        <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsCenter' }}>
          <span data-testid="pool-image-version">
            Image {image?.name ?? pool.imageId} {current !== null ? `v${current}` : ''}
          </span>
          <Can method="pool-push-image">
            <Flex gap={{ default: 'gapSm' }}>
              <Button variant="secondary" size="sm" onClick={() => setMode({ kind: 'push' })} isDisabled={Boolean(active)} data-testid="pool-push-image-button">
                Push image
              </Button>
              {canRollback ? (
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() => setMode({ kind: 'rollback', version: previous })}
                  isDisabled={Boolean(active)}
                  data-testid="pool-rollback-button"
                >
                  Roll back to version {previous ?? '?'}
                </Button>
              ) : null}
            </Flex>
          </Can>
        </Flex>
      </CardTitle>
      <CardBody>
        {tasks.error ? <ApiErrorAlert error={tasks.error} title="Could not load the tasks" onRetry={tasks.reload} /> : null}
        {status.error ? <ApiErrorAlert error={status.error} title="Could not load the image status" onRetry={status.reload} /> : null}
        {s ? (
          <Content component="p" className="vdi-small" data-testid="pool-image-versions">
            Machines run {versionsText(s)}
          </Content>
        ) : null}
        {/* The version the alert names and the push it opens are the image status's, read with the stranded machines: the pool
            this view was given can be a cancel behind it (the wizard then proposed the version just cancelled). */}
        {stranded.length > 0 && s ? (
          <Alert
            variant="warning"
            isInline
            isPlain
            className="vdi-alert"
            data-testid="pool-image-stranded"
            title={`${plural(stranded.length, 'machine')} still run${stranded.length === 1 ? 's' : ''} another version than the pool's v${s.version ?? '?'} (a push was cancelled or stopped)`}
            actionLinks={
              <AlertActionLink onClick={() => setMode({ kind: 'push', versionId: s.imageVersionId ?? undefined })} data-testid="pool-image-bring-back">
                Bring them to v{s.version ?? '?'}
              </AlertActionLink>
            }
          />
        ) : null}
        {active && s ? (
          <div className="vdi-push-active" data-testid="push-active">
            <Flex gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsCenter' }}>
              <Label isCompact color={STATE_COLOR[active.state]} data-testid={`task-${active.id}-state`}>
                {active.state}
              </Label>
              <strong>
                {active.details.rollback ? 'Rollback' : 'Push'} to v{version(active.details.imageVersionId) ?? '?'}
              </strong>
              <span className="vdi-muted vdi-small">
                {active.state === 'scheduled' ? `starts ${formatSimTime(active.startAt)}` : `since ${formatSimTime(active.startAt)}`} · {policyText(active)}
              </span>
            </Flex>
            <Progress
              value={active.total ? (Math.min(active.total, active.done) / active.total) * 100 : 0}
              label={`${formatInt(Math.min(active.total, active.done))} / ${formatInt(active.total)}`}
              size={ProgressSize.sm}
              measureLocation={ProgressMeasureLocation.outside}
              aria-label={`Progress of ${active.id}`}
              data-testid={`task-${active.id}-progress`}
            />
            <p className="vdi-small" data-testid="push-waiting-summary">
              {s.waiting.length ? <>Waiting for {waitingSummary(s)}</> : 'Nothing left to wait for: finishing.'}
            </p>
            <PushWaitingList status={s} />
            <Flex gap={{ default: 'gapSm' }}>
              {active.details.logoffPolicy === 'wait' && s.summary.inUse > 0 ? (
                <Button variant="warning" size="sm" onClick={() => setConfirm({ kind: 'force', task: active })} data-testid="push-force-button">
                  Force the remaining {plural(s.summary.users, 'user')}…
                </Button>
              ) : null}
              <Button variant="link" isDanger size="sm" onClick={() => setConfirm({ kind: 'cancel', task: active })} data-testid={`task-${active.id}-cancel`}>
                Cancel push…
              </Button>
            </Flex>
          </div>
        ) : null}
        {pushTasks.filter((t) => t.id !== active?.id).length > 0 ? (
          <Table variant="compact" aria-label="Earlier push image tasks" gridBreakPoint="" data-testid="pool-tasks-table">
            <Thead>
              <Tr>
                <Th width={25}>Earlier tasks</Th>
                <Th width={15}>State</Th>
                <Th>Machines updated</Th>
              </Tr>
            </Thead>
            <Tbody>
              {pushTasks
                .filter((t) => t.id !== active?.id)
                .slice(0, 5)
                .map((t) => (
                  <Tr key={t.id} data-testid={`task-${t.id}-row`} data-state={t.state}>
                    <Td dataLabel="Task">
                      <div className="vdi-two-line">
                        <span>
                          {t.details.rollback ? 'Rollback' : 'Push'} to v{version(t.details.imageVersionId) ?? '?'}
                        </span>
                        <span className="vdi-muted">{formatSimTime(t.startAt)}</span>
                      </div>
                    </Td>
                    <Td dataLabel="State">
                      <Label isCompact color={STATE_COLOR[t.state]} data-testid={`task-${t.id}-state`}>
                        {t.state}
                      </Label>
                    </Td>
                    <Td dataLabel="Machines updated">
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
                  </Tr>
                ))}
            </Tbody>
          </Table>
        ) : !active ? (
          <p className="vdi-muted vdi-small">No push image tasks for this pool.</p>
        ) : null}
      </CardBody>
      {mode ? (
        <PushImageModal
          pool={pool}
          image={image}
          mode={mode}
          onClose={() => {
            setMode(null);
            tasks.reload();
            status.reload();
          }}
        />
      ) : null}
      {confirm?.kind === 'cancel' && s ? (
        <ConfirmDialog
          title={`Cancel the push image of ${pool.name}?`}
          body={
            <>
              <p>Machines already recomposed keep v{version(confirm.task.details.imageVersionId) ?? '?'}; the others stay as they are.</p>
              <p>
                The pool goes back to v{version(confirm.task.details.previousImageVersionId) ?? '?'} for new machines. You can bring the recomposed ones back
                afterwards.
              </p>
            </>
          }
          impact={[
            { count: onV(confirm.task.details.imageVersionId), noun: `machine on v${version(confirm.task.details.imageVersionId) ?? '?'}` },
            { count: s.waiting.length, noun: 'machine not updated' },
          ]}
          confirmLabel="Cancel push"
          danger
          busy={act.busy}
          error={act.error}
          onConfirm={() => void doCancel(confirm.task)}
          onClose={() => setConfirm(null)}
        />
      ) : null}
      {confirm?.kind === 'force' && s ? (
        <ConfirmDialog
          title={`Force the remaining logoffs on ${pool.name}?`}
          body={
            <p>
              The users still on the old version get a warning now and are logged off when the grace period ends (unsaved work is lost); their machines are then
              recomposed.
            </p>
          }
          impact={[
            { count: s.summary.sessions, noun: 'session', loses: true },
            { count: s.summary.users, noun: 'user', loses: true },
            { count: s.summary.inUse, noun: 'machine' },
          ]}
          names={s.waiting.flatMap((w) => w.sessions.map((x) => `${x.userName} on ${w.desktopName}`))}
          confirmLabel={`Log off ${plural(s.summary.users, 'user')} in ${plural(Number.isFinite(grace) ? grace : 0, 'min', 'min')}`}
          danger
          busy={act.busy}
          error={act.error}
          isConfirmDisabled={graceBad}
          onConfirm={() => void doForce(confirm.task)}
          onClose={() => setConfirm(null)}
          testId="push-force-dialog"
        >
          <div className="vdi-wizard-row">
            <NumField
              id="push-force-grace"
              label="Grace period in minutes"
              value={grace}
              min={FORCE_GRACE.min}
              max={FORCE_GRACE.max}
              unit="min grace"
              onChange={setGrace}
              error={graceBad}
            />
            <span className={graceBad ? 'vdi-tone-danger vdi-small' : 'vdi-muted vdi-small'} data-testid="push-force-grace-help">
              {graceBad ? `Must be a whole number of minutes from ${FORCE_GRACE.min} to ${FORCE_GRACE.max}` : `${FORCE_GRACE.min}–${FORCE_GRACE.max} min`}
            </span>
          </div>
        </ConfirmDialog>
      ) : null}
    </Card>
  );
}
