import { useEffect, useState } from 'react';
import { Button, Card, CardBody, CardTitle, Checkbox, Flex, TextInput } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { methods, type Pool, type ScalingPhase, type ScalingPlan } from '../../../src-main/contract/index.ts';
import { limitsOf, schemaAt, schemaErrorsDeep } from '../../components/schema-check.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { Choice, Field, NumField } from '../../components/form-fields.tsx';

/** AVD's default weekday plan for a pooled host pool. */
const DEFAULT_PLAN: ScalingPlan = {
  phases: [
    { name: 'ramp-up', start: '07:00', capacityThresholdPct: 60, minHostsPct: 20, loadBalancing: 'breadth-first' },
    { name: 'peak', start: '09:00', capacityThresholdPct: 80, minHostsPct: 40, loadBalancing: 'depth-first' },
    { name: 'ramp-down', start: '17:00', capacityThresholdPct: 90, minHostsPct: 10, loadBalancing: 'depth-first' },
    { name: 'off-peak', start: '20:00', capacityThresholdPct: 90, minHostsPct: 5, loadBalancing: 'depth-first' },
  ],
  capacityBufferPct: 10,
  powerOffDelayMinutes: 15,
  weekdaysOnly: true,
};

const SCALING = methods['pool-set-scaling-plan'].input;
const planLimits = (k: string) => limitsOf(schemaAt(SCALING, `plan.${k}`));
const phaseLimit = (k: string) => {
  const l = limitsOf(schemaAt(SCALING, `plan.phases.*.${k}`));
  return { min: l.min, max: l.max };
};
const PHASE_LIMITS = { capacityThresholdPct: phaseLimit('capacityThresholdPct'), minHostsPct: phaseLimit('minHostsPct') };

function CellError({ text }: { text: string | undefined }) {
  return text ? <div className="vdi-tone-danger vdi-small">{text}</div> : null;
}

/** Scaling plan (AVD: scaling plan · Citrix: Autoscale) of a multi-session pool: four phases, buffer and power-off delay. */
export function PoolScalingPlan({ pool }: { pool: Pool }) {
  const current = useApi('pool-get-scaling-plan', { id: pool.id }, { refreshOn: ['pool'] });
  const [plan, setPlan] = useState<ScalingPlan | null>(null);
  const action = useAction();
  const loaded = current.data !== undefined;
  // Take the host's plan once; later pushes must not overwrite what is being edited.
  const [synced, setSynced] = useState(false);
  useEffect(() => {
    if (loaded && !synced) {
      setPlan(current.data ?? null);
      setSynced(true);
    }
  }, [loaded, synced, current.data]);

  const save = async (next: ScalingPlan | null) => {
    const res = await action.run(() => getClient().call('pool-set-scaling-plan', { id: pool.id, plan: next }));
    if (res !== undefined) {
      notifySuccess(next ? `Saved the scaling plan of ${pool.name}` : `Removed the scaling plan of ${pool.name}`);
      setPlan(next);
      current.reload();
    }
  };
  // Checked against the contract's schema as typed: out of range is marked and Save waits, nothing is clamped.
  const errs = plan ? schemaErrorsDeep(SCALING, { id: pool.id, plan }) : {};
  const err = (path: string) => errs[`plan.${path}`];
  const invalid = Object.keys(errs).length > 0;
  const setPhase = (i: number, patch: Partial<ScalingPhase>) =>
    setPlan((p) => (p ? { ...p, phases: p.phases.map((ph, j) => (j === i ? { ...ph, ...patch } : ph)) } : p));

  return (
    <Card isCompact data-testid="pool-scaling-plan">
      <CardTitle>Scaling plan of {pool.name}</CardTitle>
      <CardBody>
        {current.error ? <ApiErrorAlert error={current.error} title="Could not load the scaling plan" onRetry={current.reload} /> : null}
        {action.error ? (
          <ApiErrorAlert error={action.error} title="The scaling plan was refused" onClose={action.clearError} testId="scaling-plan-error" />
        ) : null}
        {!loaded ? (
          current.error ? null : (
            <CenteredSpinner label="Loading the scaling plan" />
          )
        ) : !plan ? (
          <Flex direction={{ default: 'column' }} gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsFlexStart' }}>
            <p className="vdi-muted">No scaling plan: the pool's power policy alone decides which session hosts run.</p>
            <Button variant="secondary" size="sm" onClick={() => setPlan(DEFAULT_PLAN)} data-testid="scaling-plan-new">
              Add a scaling plan
            </Button>
          </Flex>
        ) : (
          <>
            <Table variant="compact" aria-label="Scaling phases" gridBreakPoint="" data-testid="scaling-plan-phases">
              <Thead>
                <Tr>
                  <Th>Phase</Th>
                  <Th>Start (HH:MM)</Th>
                  <Th>Capacity threshold</Th>
                  <Th>Min hosts on</Th>
                  <Th>Load balancing</Th>
                </Tr>
              </Thead>
              <Tbody>
                {plan.phases.map((ph, i) => (
                  <Tr key={ph.name}>
                    <Td>{ph.name}</Td>
                    <Td>
                      <TextInput
                        aria-label={`${ph.name} start`}
                        data-testid={`scaling-${ph.name}-start`}
                        value={ph.start}
                        validated={err(`phases.${i}.start`) ? 'error' : 'default'}
                        onChange={(_e, v) => setPhase(i, { start: v })}
                        style={{ width: '6rem' }}
                      />
                      <CellError text={err(`phases.${i}.start`)} />
                    </Td>
                    <Td>
                      <NumField
                        id={`scaling-${ph.name}-threshold`}
                        label={`${ph.name} capacity threshold %`}
                        value={ph.capacityThresholdPct}
                        {...PHASE_LIMITS.capacityThresholdPct}
                        unit="%"
                        onChange={(v) => setPhase(i, { capacityThresholdPct: v })}
                        error={Boolean(err(`phases.${i}.capacityThresholdPct`))}
                      />
                      <CellError text={err(`phases.${i}.capacityThresholdPct`)} />
                    </Td>
                    <Td>
                      <NumField
                        id={`scaling-${ph.name}-minhosts`}
                        label={`${ph.name} minimum hosts on %`}
                        value={ph.minHostsPct}
                        {...PHASE_LIMITS.minHostsPct}
                        unit="%"
                        onChange={(v) => setPhase(i, { minHostsPct: v })}
                        error={Boolean(err(`phases.${i}.minHostsPct`))}
                      />
                      <CellError text={err(`phases.${i}.minHostsPct`)} />
                    </Td>
                    <Td>
                      <Choice
                        id={`scaling-${ph.name}-lb`}
                        value={ph.loadBalancing}
                        options={[
                          { value: 'breadth-first', label: 'Breadth-first' },
                          { value: 'depth-first', label: 'Depth-first' },
                        ]}
                        onChange={(v) => setPhase(i, { loadBalancing: v })}
                      />
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            <div className="vdi-wizard-row" style={{ margin: 'var(--pf-t--global--spacer--md) 0' }}>
              <Field
                id="scaling-buffer"
                label="Capacity buffer"
                hint="Citrix Autoscale: capacity buffer"
                limits={planLimits('capacityBufferPct')}
                error={err('capacityBufferPct')}
              >
                <NumField
                  id="scaling-buffer"
                  label="Capacity buffer %"
                  value={plan.capacityBufferPct}
                  min={planLimits('capacityBufferPct').min}
                  max={planLimits('capacityBufferPct').max}
                  unit="%"
                  onChange={(v) => setPlan({ ...plan, capacityBufferPct: v })}
                  error={Boolean(err('capacityBufferPct'))}
                />
              </Field>
              <Field
                id="scaling-delay"
                label="Power-off delay"
                hint="An empty host is powered off after this long"
                limits={planLimits('powerOffDelayMinutes')}
                error={err('powerOffDelayMinutes')}
              >
                <NumField
                  id="scaling-delay"
                  label="Power-off delay in minutes"
                  value={plan.powerOffDelayMinutes}
                  min={planLimits('powerOffDelayMinutes').min}
                  max={planLimits('powerOffDelayMinutes').max}
                  unit="min"
                  onChange={(v) => setPlan({ ...plan, powerOffDelayMinutes: v })}
                  error={Boolean(err('powerOffDelayMinutes'))}
                />
              </Field>
              <Checkbox
                id="scaling-weekdays"
                data-testid="scaling-weekdays"
                label="Weekdays only (weekends stay off-peak)"
                isChecked={plan.weekdaysOnly}
                onChange={(_e, v) => setPlan({ ...plan, weekdaysOnly: v })}
              />
            </div>
            <Flex gap={{ default: 'gapSm' }}>
              <Button
                variant="primary"
                size="sm"
                onClick={() => void save(plan)}
                isLoading={action.busy}
                isDisabled={action.busy || invalid}
                data-testid="scaling-plan-save"
              >
                Save scaling plan
              </Button>
              {current.data ? (
                <Button variant="danger" size="sm" onClick={() => void save(null)} isDisabled={action.busy} data-testid="scaling-plan-remove">
                  Remove plan
                </Button>
              ) : (
                <Button variant="link" size="sm" onClick={() => setPlan(null)}>
                  Cancel
                </Button>
              )}
            </Flex>
          </>
        )}
      </CardBody>
    </Card>
  );
}
