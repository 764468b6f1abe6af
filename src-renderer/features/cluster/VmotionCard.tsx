import { useEffect, useState } from 'react';
import { Button, Card, CardBody, CardTitle, Form } from '@patternfly/react-core';
import { methods } from '../../../src-main/contract/index.ts';
import type { ClusterSettings } from '../../../src-main/contract/cluster-entities.ts';
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { Field, NumField } from '../../components/form-fields.tsx';
import { fieldSchema, limitsOf, schemaErrors } from '../../components/schema-check.ts';

const VMOTION = methods['cluster-set-vmotion'].input;
const DOWNTIME = limitsOf(fieldSchema(VMOTION, 'downtimeTargetMs'));
const ROUNDS = limitsOf(fieldSchema(VMOTION, 'maxRounds'));

/** vMotion settings of the cluster (pre-copy): the switchover downtime target and the round cap, checked against the contract. */
export function VmotionCard({ settings, onSaved }: { settings: ClusterSettings; onSaved(): void }) {
  const [downtime, setDowntime] = useState(settings.vmotionDowntimeTargetMs);
  const [rounds, setRounds] = useState(settings.vmotionMaxRounds);
  useEffect(() => {
    setDowntime(settings.vmotionDowntimeTargetMs);
    setRounds(settings.vmotionMaxRounds);
  }, [settings.vmotionDowntimeTargetMs, settings.vmotionMaxRounds]);
  const save = useAction();
  const input = { clusterId: settings.clusterId, downtimeTargetMs: downtime, maxRounds: rounds };
  const errs = schemaErrors(VMOTION, input);
  const dirty = downtime !== settings.vmotionDowntimeTargetMs || rounds !== settings.vmotionMaxRounds;
  const submit = async () => {
    const r = await save.run(() => getClient().call('cluster-set-vmotion', input));
    if (r) {
      notifySuccess(`vMotion settings of ${r.clusterName} saved`);
      onSaved();
    }
  };
  return (
    <Card isCompact data-testid="vmotion-settings">
      <CardTitle>vMotion</CardTitle>
      <CardBody>
        <Form onSubmit={(e) => e.preventDefault()}>
          <Field
            id="vmotion-downtime"
            label="Switchover downtime target"
            hint="Pre-copy stops when the rest fits in this stun (default 300 ms)"
            limits={{ ...DOWNTIME }}
            error={errs.downtimeTargetMs}
          >
            <NumField
              id="vmotion-downtime"
              label="Switchover downtime target in ms"
              value={downtime}
              min={DOWNTIME.min}
              max={DOWNTIME.max}
              step={50}
              unit="ms"
              onChange={setDowntime}
              error={Boolean(errs.downtimeTargetMs)}
            />
          </Field>
          <Field id="vmotion-rounds" label="Maximum pre-copy rounds" limits={{ ...ROUNDS }} error={errs.maxRounds}>
            <NumField
              id="vmotion-rounds"
              label="Maximum pre-copy rounds"
              value={rounds}
              min={ROUNDS.min}
              max={ROUNDS.max}
              onChange={setRounds}
              error={Boolean(errs.maxRounds)}
            />
          </Field>
        </Form>
        {save.error ? <ApiErrorAlert error={save.error} title="vMotion settings were not saved" onClose={save.clearError} /> : null}
        <Button
          variant="primary"
          size="sm"
          className="vdi-card-action"
          onClick={() => void submit()}
          isDisabled={!dirty || save.busy || Object.keys(errs).length > 0}
          isLoading={save.busy}
          data-testid="vmotion-save"
        >
          Save
        </Button>
      </CardBody>
    </Card>
  );
}
