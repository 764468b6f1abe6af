import { useState } from 'react';
import { Button, Checkbox, Form, Modal, ModalBody, ModalFooter, ModalHeader, ModalVariant, Radio } from '@patternfly/react-core';
import { methods, type GoldenImage, type Pool } from '../../../src-main/contract/index.ts';
import { fieldSchema, limitsOf, limitsText } from '../../components/schema-check.ts';
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { simNowMs } from '../../state/clock-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { formatSimTime } from '../../components/format.ts';
import { Choice, Field, NumField } from '../../components/form-fields.tsx';

export type PushMode = { kind: 'push'; versionId?: string | undefined } | { kind: 'rollback'; version: number | null };

const PUSH = methods['pool-push-image'].input;
const GRACE = limitsOf(fieldSchema(PUSH, 'graceMinutes'));
/** How far ahead a push can be scheduled from here (a week of simulated time). */
const LATER = { min: 1, max: 10080, integer: true };
const bad = (v: number, l: { min?: number | undefined; max?: number | undefined }) =>
  !Number.isInteger(v) || (l.min !== undefined && v < l.min) || (l.max !== undefined && v > l.max);

/**
 * Push image (Citrix: update machine catalog · AVD: replace session hosts):
 * a version of the pool's image, now or later (simulated time), wait for
 * logoff or force it after a grace period, stop on the first error. Rollback
 * asks the same logoff questions and returns the pool to its previous version.
 */
export function PushImageModal({ pool, image, mode, onClose }: { pool: Pool; image: GoldenImage | undefined; mode: PushMode; onClose(): void }) {
  const versions = [...(image?.versions ?? [])].sort((a, b) => b.version - a.version);
  const firstOther = versions.find((v) => v.id !== pool.imageVersionId) ?? versions[0];
  const [versionId, setVersionId] = useState((mode.kind === 'push' ? mode.versionId : undefined) ?? firstOther?.id ?? '');
  const [later, setLater] = useState(false);
  const [inMinutes, setInMinutes] = useState(30);
  const [policy, setPolicy] = useState<'wait' | 'force'>('wait');
  const [grace, setGrace] = useState(5);
  const [stopOnError, setStopOnError] = useState(true);
  const action = useAction();
  const rollback = mode.kind === 'rollback';
  const now = simNowMs();
  const laterBad = later && bad(inMinutes, LATER);
  const graceBad = policy === 'force' && bad(grace, GRACE);
  const startAt = later && now !== null && !laterBad ? new Date(now + inMinutes * 60_000).toISOString() : undefined;

  const submit = async () => {
    const task = await action.run(() =>
      rollback
        ? getClient().call('pool-rollback-image', { poolId: pool.id, logoffPolicy: policy, graceMinutes: grace })
        : getClient().call('pool-push-image', { poolId: pool.id, imageVersionId: versionId, startAt, logoffPolicy: policy, graceMinutes: grace, stopOnError }),
    );
    if (task) {
      notifySuccess(
        startAt ? `Push image to ${pool.name} scheduled for ${formatSimTime(task.startAt)}` : `${rollback ? 'Rollback' : 'Push image'} of ${pool.name} started`,
      );
      onClose();
    }
  };

  const title = rollback ? `Roll back ${pool.name}${mode.version !== null ? ` to v${mode.version}` : ''}` : `Push image to ${pool.name}`;
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={onClose} aria-labelledby="push-image-title" data-testid="push-image-modal">
      <ModalHeader
        title={title}
        labelId="push-image-title"
        description={rollback ? 'The pool gets the version it had before its last push.' : 'Citrix: update machine catalog · AVD: replace session hosts'}
      />
      <ModalBody>
        {action.error ? <ApiErrorAlert error={action.error} title="Refused" onClose={action.clearError} testId="push-image-error" /> : null}
        <Form>
          {!rollback ? (
            <>
              <Field
                id="push-version"
                label={`Version of ${image?.name ?? 'the image'}`}
                error={action.error?.path?.[0] === 'imageVersionId' ? action.error.message : undefined}
              >
                <Choice
                  id="push-version"
                  value={versionId}
                  options={versions.map((v) => ({
                    value: v.id,
                    label: `v${v.version} · ${v.snapshot}${v.id === pool.imageVersionId ? ' (current)' : ''}${v.notes ? ` — ${v.notes}` : ''}`,
                  }))}
                  onChange={setVersionId}
                />
              </Field>
              <Field id="push-when" label="Start">
                <Radio id="push-now" name="push-when" data-testid="push-now" label="Now" isChecked={!later} onChange={() => setLater(false)} />
                <Radio
                  id="push-later"
                  name="push-when"
                  data-testid="push-later"
                  label="Later (simulated time)"
                  isChecked={later}
                  onChange={() => setLater(true)}
                />
                {later ? (
                  <div className="vdi-wizard-row">
                    <NumField
                      id="push-in-minutes"
                      label="Minutes from now"
                      value={inMinutes}
                      min={LATER.min}
                      max={LATER.max}
                      unit="min from now"
                      onChange={setInMinutes}
                      error={laterBad}
                    />
                    <span className={laterBad ? 'vdi-tone-danger vdi-small' : 'vdi-muted vdi-small'} data-testid="push-in-minutes-help">
                      {laterBad ? `Must be a whole number of minutes, ${limitsText(LATER)}` : startAt ? `${formatSimTime(startAt)} (simulated)` : ''}
                    </span>
                  </div>
                ) : null}
              </Field>
            </>
          ) : null}
          <Field id="push-policy" label="Users logged in">
            <Radio
              id="push-wait"
              name="push-policy"
              data-testid="push-wait"
              label="Wait for users to log off"
              isChecked={policy === 'wait'}
              onChange={() => setPolicy('wait')}
            />
            <Radio
              id="push-force"
              name="push-policy"
              data-testid="push-force"
              label="Force users to log off after a warning"
              isChecked={policy === 'force'}
              onChange={() => setPolicy('force')}
            />
            {policy === 'force' ? (
              <div className="vdi-wizard-row">
                <NumField
                  id="push-grace"
                  label="Grace period in minutes"
                  value={grace}
                  min={GRACE.min}
                  max={GRACE.max}
                  unit="min grace"
                  onChange={setGrace}
                  error={graceBad}
                />
                <span className={graceBad ? 'vdi-tone-danger vdi-small' : 'vdi-muted vdi-small'} data-testid="push-grace-help">
                  {graceBad ? `Must be a whole number of minutes, ${limitsText(GRACE)}` : limitsText(GRACE)}
                </span>
              </div>
            ) : null}
          </Field>
          {!rollback ? (
            <Checkbox
              id="push-stop-on-error"
              data-testid="push-stop-on-error"
              label="Stop at the first error"
              isChecked={stopOnError}
              onChange={(_e, v) => setStopOnError(v)}
            />
          ) : null}
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          variant="primary"
          onClick={() => void submit()}
          isLoading={action.busy}
          isDisabled={action.busy || (!rollback && !versionId) || laterBad || graceBad}
          data-testid="push-image-submit"
        >
          {rollback ? 'Roll back' : later ? 'Schedule push' : 'Push now'}
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
