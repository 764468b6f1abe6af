import { useState } from 'react';
import { Checkbox, ExpandableSection, Form, FormSection, Grid, GridItem, TextArea, TextInput } from '@patternfly/react-core';
import { formatInt, formatNumber } from '../../../components/format.ts';
import { HYPERVISOR_KINDS, type HypervisorKind } from '../model/contract-types.ts';
import { resolveHostCpu } from '../../../../src-main/shared/capacity/cpu-index.ts';
import { hostFigures, RULE_OF_FIVE, RULE_OF_TEN } from '../../../../src-main/shared/capacity/rules-of-thumb.ts';
import { CpuPicker } from './cpu-picker.tsx';
import { CapField, CapNumber, CapSelect } from './fields.tsx';
import type { StepProps } from './step-props.ts';

export const HYPERVISOR_TEXT: Record<HypervisorKind, string> = {
  esxi: 'VMware ESXi',
  ahv: 'Nutanix AHV',
  kvm: 'KVM',
  'hyper-v': 'Microsoft Hyper-V',
  xenserver: 'Citrix XenServer',
};
const HYPERVISOR_HINT: Record<HypervisorKind, string> = {
  esxi: 'Adds 10 % to the guests’ CPU',
  ahv: 'Adds 5 % to the guests’ CPU (KVM-based)',
  kvm: 'Adds 5 % to the guests’ CPU',
  'hyper-v': 'Adds 10 % to the guests’ CPU',
  xenserver: 'Adds 10 % to the guests’ CPU',
};

/** Step 1: the test's name and the host design (Login VSI: "the system under test"). */
export function HostsStep({ def, set, update, errors }: StepProps) {
  const powerError = Boolean(errors['hosts.powerIdleW'] || errors['hosts.powerPeakW'] || errors['hosts.rackUnits']);
  const [showPower, setShowPower] = useState(powerError);
  const h = hostFigures(def);
  const single = def.sessionHost.kind === 'single-session';
  return (
    <Form data-testid="cap-step-hosts" isWidthLimited>
      <CapField field="name" label="Test name" isRequired error={errors['name']} hint="Shown in the run list, the comparison and the report">
        <TextInput
          id="cap-field-name"
          data-testid="cap-field-name"
          value={def.name}
          validated={errors['name'] ? 'error' : 'default'}
          onChange={(_e, v) => set('name', v)}
        />
      </CapField>
      <FormSection title="Hosts" titleElement="h3">
        <CapField field="hosts.cpuModel" label="CPU model" hint="What a core is worth comes from SPECrate2017 per core, not its clock">
          <CpuPicker
            def={def}
            error={errors['hosts.cpuModel']}
            onPick={(cpu) =>
              update(
                (d) => ({
                  ...d,
                  hosts: cpu
                    ? { ...d.hosts, cpuModel: cpu.model, coresPerSocket: cpu.coresPerSocket, ghz: cpu.baseGhz }
                    : { ...d.hosts, cpuModel: undefined, ghz: d.hosts.ghz ?? resolveHostCpu(d.hosts)?.baseGhz ?? 2.4 },
                }),
                ['hosts.cpuModel', 'hosts.ghz', 'hosts.coresPerSocket'],
              )
            }
          />
        </CapField>
        <Grid hasGutter md={6}>
          <GridItem>
            <CapField field="hosts.count" label="Hosts" error={errors['hosts.count']} hint="Identical hosts in the test cluster">
              <CapNumber field="hosts.count" value={def.hosts.count} min={1} onChange={(v) => set('hosts.count', v)} error={Boolean(errors['hosts.count'])} />
            </CapField>
          </GridItem>
          <GridItem>
            <CapField
              field="hosts.ramGb"
              label="RAM per host"
              error={errors['hosts.ramGb']}
              hint={`${formatInt(def.hosts.ramGb / Math.max(1, h.coresPerHost))} GB per core`}
            >
              <CapNumber
                field="hosts.ramGb"
                value={def.hosts.ramGb}
                step={64}
                min={1}
                unit="GB"
                onChange={(v) => set('hosts.ramGb', v)}
                error={Boolean(errors['hosts.ramGb'])}
              />
            </CapField>
          </GridItem>
          <GridItem>
            <CapField field="hosts.sockets" label="Sockets" error={errors['hosts.sockets']}>
              <CapNumber
                field="hosts.sockets"
                value={def.hosts.sockets}
                min={1}
                max={8}
                onChange={(v) => set('hosts.sockets', v)}
                error={Boolean(errors['hosts.sockets'])}
              />
            </CapField>
          </GridItem>
          <GridItem>
            <CapField
              field="hosts.coresPerSocket"
              label="Cores per socket"
              error={errors['hosts.coresPerSocket']}
              hint={`${h.coresPerHost} physical cores per host${def.hosts.count > 1 ? `, ${h.totalCores} in all` : ''}`}
            >
              <CapNumber
                field="hosts.coresPerSocket"
                value={def.hosts.coresPerSocket}
                min={1}
                max={256}
                onChange={(v) => set('hosts.coresPerSocket', v)}
                error={Boolean(errors['hosts.coresPerSocket'])}
              />
            </CapField>
          </GridItem>
          <GridItem>
            <CapField
              field="hosts.ghz"
              label="Base clock"
              error={errors['hosts.ghz']}
              hint={`${formatNumber(h.ghzPerHost, 1)} GHz of CPU per host (vCenter's figure)${def.hosts.cpuModel ? '; the model sets it' : ''}`}
            >
              <CapNumber
                field="hosts.ghz"
                value={def.hosts.ghz ?? resolveHostCpu(def.hosts)?.baseGhz ?? Number.NaN}
                step={0.1}
                min={0.1}
                unit="GHz"
                onChange={(v) => set('hosts.ghz', v)}
                error={Boolean(errors['hosts.ghz'])}
              />
            </CapField>
          </GridItem>
          <GridItem>
            <CapField field="hosts.hyperthreading" label="Hyperthreading" hint={`${h.threadsPerHost} logical processors per host; plan on physical cores`}>
              <Checkbox
                id="cap-field-hosts-hyperthreading"
                data-testid="cap-field-hosts-hyperthreading"
                label="Enabled"
                isChecked={def.hosts.hyperthreading}
                onChange={(_e, v) => set('hosts.hyperthreading', v)}
              />
            </CapField>
          </GridItem>
          <GridItem>
            <CapField field="hosts.hypervisor" label="Hypervisor" error={errors['hosts.hypervisor']} hint={HYPERVISOR_HINT[def.hosts.hypervisor]}>
              <CapSelect
                field="hosts.hypervisor"
                value={def.hosts.hypervisor}
                options={HYPERVISOR_KINDS.map((v) => ({ value: v, label: HYPERVISOR_TEXT[v] }))}
                onChange={(v) => set('hosts.hypervisor', v)}
              />
            </CapField>
          </GridItem>
          <GridItem>
            <CapField
              field="hosts.hci"
              label="Hyper-converged"
              error={errors['hosts.hci']}
              hint={def.hosts.hci === 'nutanix' ? 'A controller VM per host: 4 cores, 12 vCPU, 32 GB (Nutanix Sizer)' : 'Storage outside the hosts'}
            >
              <CapSelect
                field="hosts.hci"
                value={def.hosts.hci}
                options={[
                  { value: 'none', label: 'No: external storage' },
                  { value: 'nutanix', label: 'Nutanix (controller VM per host)' },
                ]}
                onChange={(v) => set('hosts.hci', v)}
              />
            </CapField>
          </GridItem>
        </Grid>
        <ExpandableSection
          toggleText="Power and rack space (for the consolidation report)"
          isExpanded={showPower || powerError}
          onToggle={(_e, v) => setShowPower(v)}
          data-testid="cap-power-section"
        >
          <Grid hasGutter md={4}>
            <GridItem>
              <CapField field="hosts.powerIdleW" label="Idle power" error={errors['hosts.powerIdleW']}>
                <CapNumber
                  field="hosts.powerIdleW"
                  value={def.hosts.powerIdleW}
                  step={10}
                  min={10}
                  unit="W"
                  onChange={(v) => set('hosts.powerIdleW', v)}
                  error={Boolean(errors['hosts.powerIdleW'])}
                  width={5}
                />
              </CapField>
            </GridItem>
            <GridItem>
              <CapField field="hosts.powerPeakW" label="Peak power" error={errors['hosts.powerPeakW']}>
                <CapNumber
                  field="hosts.powerPeakW"
                  value={def.hosts.powerPeakW}
                  step={10}
                  min={10}
                  unit="W"
                  onChange={(v) => set('hosts.powerPeakW', v)}
                  error={Boolean(errors['hosts.powerPeakW'])}
                  width={5}
                />
              </CapField>
            </GridItem>
            <GridItem>
              <CapField field="hosts.rackUnits" label="Rack units" error={errors['hosts.rackUnits']}>
                <CapNumber
                  field="hosts.rackUnits"
                  value={def.hosts.rackUnits}
                  min={1}
                  max={10}
                  unit="U"
                  onChange={(v) => set('hosts.rackUnits', v)}
                  error={Boolean(errors['hosts.rackUnits'])}
                  width={3}
                />
              </CapField>
            </GridItem>
          </Grid>
        </ExpandableSection>
      </FormSection>
      <p className="vdi-cap-rule" data-testid="cap-hint-rule">
        {single ? 'Rule of five' : 'Rule of ten'}: ≈ {formatInt(h.totalCores)} cores × {single ? RULE_OF_FIVE : RULE_OF_TEN} ={' '}
        <strong>{formatInt(h.totalCores * (single ? RULE_OF_FIVE : RULE_OF_TEN))}</strong> {single ? 'desktops' : 'users'}
      </p>
      <CapField
        field="description"
        label="Description"
        error={errors['description']}
        hint="What this test answers (optional; kept in the JSON file and the report)"
      >
        <TextArea
          id="cap-field-description"
          data-testid="cap-field-description"
          value={def.description}
          onChange={(_e, v) => set('description', v)}
          rows={2}
          resizeOrientation="vertical"
          aria-label="Description"
        />
      </CapField>
    </Form>
  );
}
