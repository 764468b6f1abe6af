import { useEffect, useState } from 'react';
import { Button, Card, CardBody, CardTitle, Form, FormGroup, FormSelect, FormSelectOption, Switch, Title } from '@patternfly/react-core';
import { methods } from '../../../src-main/contract/index.ts';
import type { AdmissionControl, ClusterSettings, ClusterStatus } from '../../../src-main/contract/cluster-entities.ts';
import { getClient } from '../../client/api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { UsageMeter } from '../../components/UsageMeter.tsx';
import { formatSimTimeSeconds } from '../../components/format.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useAction } from '../../state/use-api.ts';
import { Field, NumField } from '../../components/form-fields.tsx';
import { limitsOf, schemaAt, schemaErrorsDeep } from '../../components/schema-check.ts';
import { RestartPriorityCard } from './RestartPriorityCard.tsx';

const HA = methods['cluster-set-ha'].input;
const lim = (k: 'cpuPct' | 'memPct' | 'hostFailures') => limitsOf(schemaAt(HA, `admissionControl.${k}`));

/** vSphere HA settings, admission control with the current failover capacity, and the HA timeline of failures. */
export function HaTab({ status, settings, onSaved }: { status: ClusterStatus; settings: ClusterSettings; onSaved(): void }) {
  const [form, setForm] = useState(settings);
  useEffect(() => setForm(settings), [settings]);
  const save = useAction();
  const ac = form.admissionControl;
  const setAc = (p: Partial<AdmissionControl>) => setForm({ ...form, admissionControl: { ...ac, ...p } });
  const input = {
    clusterId: settings.clusterId,
    enabled: form.haEnabled,
    datastoreHeartbeat: form.datastoreHeartbeat,
    defaultRestartPriority: form.defaultRestartPriority,
    admissionControl: { policy: ac.policy, cpuPct: ac.cpuPct, memPct: ac.memPct, hostFailures: ac.hostFailures },
  };
  // Checked against the contract's schema as typed: -20 or 150 is marked, never turned into 0 or 100.
  const errors = schemaErrorsDeep(HA, input);
  const err = (k: string) => errors[`admissionControl.${k}`];
  const invalid = Object.keys(errors).length > 0;
  const submit = async () => {
    if (invalid) return;
    const r = await save.run(() => getClient().call('cluster-set-ha', input));
    if (r) {
      notifySuccess('vSphere HA settings saved');
      onSaved();
    }
  };
  const a = status.admission;
  const dirty = JSON.stringify(form) !== JSON.stringify(settings);
  return (
    <>
      <div className="vdi-cluster-grid vdi-cluster-grid--wide">
        <Card isCompact>
          <CardTitle>vSphere HA</CardTitle>
          <CardBody>
            <Form isHorizontal onSubmit={(e) => e.preventDefault()}>
              <FormGroup label="Host monitoring" fieldId="ha-enabled">
                <Switch
                  id="ha-enabled"
                  label="On"
                  isChecked={form.haEnabled}
                  onChange={(_e, v) => setForm({ ...form, haEnabled: v })}
                  data-testid="ha-enabled"
                />
              </FormGroup>
              <FormGroup label="Datastore heartbeats" fieldId="ha-ds">
                <Switch
                  id="ha-ds"
                  label={form.datastoreHeartbeat ? 'On: dead after 18 s' : 'Off: dead after 15 s'}
                  isChecked={form.datastoreHeartbeat}
                  onChange={(_e, v) => setForm({ ...form, datastoreHeartbeat: v })}
                />
              </FormGroup>
              <FormGroup label="VM restart priority" fieldId="ha-prio">
                <FormSelect
                  id="ha-prio"
                  value={form.defaultRestartPriority}
                  onChange={(_e, v) => setForm({ ...form, defaultRestartPriority: v as ClusterSettings['defaultRestartPriority'] })}
                >
                  <FormSelectOption value="high" label="High" />
                  <FormSelectOption value="medium" label="Medium (default)" />
                  <FormSelectOption value="low" label="Low" />
                </FormSelect>
              </FormGroup>
              <FormGroup label="Admission control" fieldId="ha-ac">
                <FormSelect id="ha-ac" value={ac.policy} onChange={(_e, v) => setAc({ policy: v as AdmissionControl['policy'] })} data-testid="ha-ac-policy">
                  <FormSelectOption value="percentage" label="Cluster resource percentage" />
                  <FormSelectOption value="host-failures" label="Host failures the cluster tolerates" />
                  <FormSelectOption value="disabled" label="Disabled" />
                </FormSelect>
              </FormGroup>
              {ac.policy === 'percentage' ? (
                <>
                  <Field id="ha-cpu" label="Reserved CPU %" limits={lim('cpuPct')} error={err('cpuPct')}>
                    <NumField
                      id="ha-cpu"
                      label="Reserved CPU %"
                      value={ac.cpuPct}
                      {...lim('cpuPct')}
                      step={5}
                      unit="%"
                      onChange={(v) => setAc({ cpuPct: v })}
                      error={Boolean(err('cpuPct'))}
                    />
                  </Field>
                  <Field id="ha-mem" label="Reserved memory %" limits={lim('memPct')} error={err('memPct')}>
                    <NumField
                      id="ha-mem"
                      label="Reserved memory %"
                      value={ac.memPct}
                      {...lim('memPct')}
                      step={5}
                      unit="%"
                      onChange={(v) => setAc({ memPct: v })}
                      error={Boolean(err('memPct'))}
                    />
                  </Field>
                </>
              ) : ac.policy === 'host-failures' ? (
                <Field id="ha-hf" label="Host failures tolerated" limits={lim('hostFailures')} error={err('hostFailures')}>
                  <NumField
                    id="ha-hf"
                    label="Host failures tolerated"
                    value={ac.hostFailures}
                    {...lim('hostFailures')}
                    onChange={(v) => setAc({ hostFailures: v })}
                    error={Boolean(err('hostFailures'))}
                  />
                </Field>
              ) : null}
            </Form>
            {save.error ? <ApiErrorAlert error={save.error} title="HA settings were not saved" onClose={save.clearError} testId="ha-save-error" /> : null}
            <Button
              variant="primary"
              size="sm"
              onClick={() => void submit()}
              isDisabled={!dirty || save.busy || invalid}
              isLoading={save.busy}
              style={{ marginTop: 'var(--pf-t--global--spacer--md)' }}
              data-testid="ha-save"
            >
              Save
            </Button>
          </CardBody>
        </Card>
        <Card isCompact data-testid="ha-admission">
          <CardTitle>Failover capacity</CardTitle>
          <CardBody>
            <p className={a.ok ? undefined : 'vdi-tone-danger'} data-testid="ha-admission-message" style={{ marginBottom: 'var(--pf-t--global--spacer--md)' }}>
              {a.message}
            </p>
            <UsageMeter
              title="Memory reserved by powered-on VMs"
              used={a.memUsedMb / 1024}
              total={a.memCapacityMb / 1024}
              valueText={`${Math.round(a.memUsedMb / 1024)} of ${Math.round(a.memCapacityMb / 1024)} GB`}
              warnAt={100 - Math.max(ac.memPct, 1)}
              dangerAt={100}
            />
            <UsageMeter
              title="CPU reserved by powered-on VMs"
              used={a.cpuUsedMhz}
              total={a.cpuCapacityMhz}
              valueText={`${Math.round(a.cpuUsedMhz / 1000)} of ${Math.round(a.cpuCapacityMhz / 1000)} GHz`}
              warnAt={100 - Math.max(ac.cpuPct, 1)}
              dangerAt={100}
            />
            <p className="vdi-muted vdi-small" data-testid="ha-capacity-definition">
              Capacity of the hosts that are up (not failed, off or in maintenance): cores × GHz plus the hyper-threading gain, the same figure as Clusters
              &amp; hosts.
            </p>
            <p className="vdi-muted">
              Tolerates {a.toleratedHostFailures} host failure(s) at this load. Power-ons that would break the reserve are refused; HA restarts never are.
            </p>
          </CardBody>
        </Card>
        <RestartPriorityCard />
      </div>
      <Title headingLevel="h2" size="md" className="vdi-h2">
        HA timeline
      </Title>
      {status.haTimeline.length === 0 ? (
        <p className="vdi-muted" data-testid="ha-timeline-empty">
          No host failure yet. Fail a host from its Actions menu (training) to watch HA detect it and restart its VMs.
        </p>
      ) : (
        <ol className="vdi-timeline" data-testid="ha-timeline">
          {status.haTimeline.map((x, i) => (
            <li key={`${x.at}-${i}`} data-step={x.step} data-testid={`ha-timeline-${x.step}`}>
              <span className="vdi-timeline__offset">+{x.offsetSec} s</span>
              <span className="vdi-muted">{formatSimTimeSeconds(x.at)}</span> · {x.message}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
