import { useState } from 'react';
import { Checkbox, ExpandableSection, Form, FormSection, Grid, GridItem, Radio, TextArea, TextInput } from '@patternfly/react-core';
import { formatInt, formatNumber } from '../../../components/format.ts';
import { switchSessionHost } from '../model/defaults.ts';
import { bandwidthGbps, hostFigures, RULE_OF_FIVE, RULE_OF_TEN, sizingEstimate, steadyIops, STORM_FACTOR, usersPerVcpu } from '../model/hints.ts';
import { CapField, CapNumber, CapSelect } from './fields.tsx';
import type { StepProps } from './step-props.ts';

/** Step 1: the test's name and the host design (Login VSI: "the system under test"). */
export function HostsStep({ def, set, errors }: StepProps) {
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
            <CapField field="hosts.ghz" label="Clock speed" error={errors['hosts.ghz']} hint={`${formatNumber(h.ghzPerHost, 1)} GHz of CPU per host`}>
              <CapNumber
                field="hosts.ghz"
                value={def.hosts.ghz ?? 0}
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

/** Step 2: shared storage and the host network. */
export function StorageStep({ def, set, errors }: StepProps) {
  const expected = sizingEstimate(def).expected;
  const sessions = Math.min(def.launch.sessions, Number.isFinite(expected) ? expected : def.launch.sessions);
  const iops = steadyIops(def, sessions);
  const gbps = bandwidthGbps(def, sessions);
  const rho = def.storage.iops > 0 ? iops / def.storage.iops : 0;
  return (
    <Form data-testid="cap-step-storage" isWidthLimited>
      <FormSection title="Storage" titleElement="h3">
        <CapField
          field="storage.iops"
          label="IOPS the array sustains"
          error={errors['storage.iops']}
          hint={`${formatInt(sessions)} sessions need ≈ ${formatInt(iops)} IOPS steady (${formatInt(rho * 100)} % of the array), ≈ ${formatInt(iops * STORM_FACTOR)} in a logon storm`}
        >
          <CapNumber
            field="storage.iops"
            value={def.storage.iops}
            step={5000}
            min={1}
            onChange={(v) => set('storage.iops', v)}
            error={Boolean(errors['storage.iops'])}
            width={9}
          />
        </CapField>
        <CapField
          field="storage.serviceTimeMs"
          label="Service time"
          error={errors['storage.serviceTimeMs']}
          hint="Latency of one I/O on an idle array; it grows as S / (1 − ρ) under load (alarm at 20 ms)"
        >
          <CapNumber
            field="storage.serviceTimeMs"
            value={def.storage.serviceTimeMs}
            step={0.1}
            min={0.01}
            unit="ms"
            onChange={(v) => set('storage.serviceTimeMs', v)}
            error={Boolean(errors['storage.serviceTimeMs'])}
          />
        </CapField>
        <CapField field="storage.capacityTb" label="Capacity" error={errors['storage.capacityTb']}>
          <CapNumber
            field="storage.capacityTb"
            value={def.storage.capacityTb}
            step={1}
            min={0.1}
            unit="TB"
            onChange={(v) => set('storage.capacityTb', v)}
            error={Boolean(errors['storage.capacityTb'])}
          />
        </CapField>
      </FormSection>
      <FormSection title="Network" titleElement="h3">
        <CapField
          field="network.nicGbps"
          label="NIC speed per host"
          error={errors['network.nicGbps']}
          hint={`${formatInt(sessions)} ${def.protocol.toUpperCase()} sessions of office work use ≈ ${formatNumber(gbps, 2)} Gbit/s`}
        >
          <CapSelect
            field="network.nicGbps"
            value={String(def.network.nicGbps)}
            options={[1, 10, 25, 40, 50, 100]
              .map((g) => ({ value: String(g), label: `${g} GbE` }))
              .concat(
                [1, 10, 25, 40, 50, 100].includes(def.network.nicGbps) ? [] : [{ value: String(def.network.nicGbps), label: `${def.network.nicGbps} Gbit/s` }],
              )}
            onChange={(v) => set('network.nicGbps', Number(v))}
            error={Boolean(errors['network.nicGbps'])}
          />
        </CapField>
        <CapField field="network.nics" label="NICs per host" error={errors['network.nics']} hint="Display traffic shares the host's uplinks">
          <CapNumber
            field="network.nics"
            value={def.network.nics}
            min={1}
            max={16}
            onChange={(v) => set('network.nics', v)}
            error={Boolean(errors['network.nics'])}
            width={3}
          />
        </CapField>
      </FormSection>
    </Form>
  );
}

/** Step 3: one desktop VM per user, or shared session host VMs. */
export function SessionHostStep({ def, set, update, errors }: StepProps) {
  const sh = def.sessionHost;
  const h = hostFigures(def);
  const est = sizingEstimate(def);
  const upv = usersPerVcpu(def);
  const vcpuTotal = sh.kind === 'single-session' ? est.expected * sh.vcpu : sh.vmsPerHost * sh.vcpu * def.hosts.count;
  const ratio = h.totalCores > 0 ? vcpuTotal / h.totalCores : 0;
  return (
    <Form data-testid="cap-step-session-host" isWidthLimited>
      <CapField field="sessionHost.kind" label="Session type" error={errors['sessionHost.kind']}>
        <Radio
          id="cap-field-sessionHost-single"
          name="cap-sessionHost-kind"
          data-testid="cap-field-sessionHost-single"
          label="Single-session: a desktop VM per user"
          description="Horizon VDI desktops · Citrix single-session OS · AVD personal / pooled VMs"
          isChecked={sh.kind === 'single-session'}
          onChange={() => update((d) => ({ ...d, sessionHost: switchSessionHost(d.sessionHost, 'single-session') }), ['sessionHost'])}
        />
        <Radio
          id="cap-field-sessionHost-multi"
          name="cap-sessionHost-kind"
          data-testid="cap-field-sessionHost-multi"
          label="Multi-session: users share session host VMs"
          description="Horizon RDSH farm · Citrix multi-session OS · AVD pooled multi-session hosts"
          isChecked={sh.kind === 'multi-session'}
          onChange={() => update((d) => ({ ...d, sessionHost: switchSessionHost(d.sessionHost, 'multi-session') }), ['sessionHost'])}
        />
      </CapField>
      <Grid hasGutter md={6}>
        {sh.kind === 'multi-session' ? (
          <GridItem>
            <CapField
              field="sessionHost.vmsPerHost"
              label="Session host VMs per host"
              error={errors['sessionHost.vmsPerHost']}
              hint="Keep a VM's vCPUs within one NUMA node"
            >
              <CapNumber
                field="sessionHost.vmsPerHost"
                value={sh.vmsPerHost}
                min={1}
                onChange={(v) => set('sessionHost.vmsPerHost', v)}
                error={Boolean(errors['sessionHost.vmsPerHost'])}
              />
            </CapField>
          </GridItem>
        ) : null}
        <GridItem>
          <CapField
            field="sessionHost.vcpu"
            label={sh.kind === 'single-session' ? 'vCPU per desktop' : 'vCPU per session host'}
            error={errors['sessionHost.vcpu']}
            hint={`vCPU : core ≈ ${formatNumber(ratio, 1)} : 1${sh.kind === 'single-session' ? ` at ${formatInt(est.expected)} desktops` : ''} (VDI runs up to 8–12 : 1 before ready time hurts)`}
          >
            <CapNumber
              field="sessionHost.vcpu"
              value={sh.vcpu}
              min={1}
              max={128}
              onChange={(v) => set('sessionHost.vcpu', v)}
              error={Boolean(errors['sessionHost.vcpu'])}
            />
          </CapField>
        </GridItem>
        <GridItem>
          <CapField
            field="sessionHost.ramGb"
            label={sh.kind === 'single-session' ? 'RAM per desktop' : 'RAM per session host'}
            error={errors['sessionHost.ramGb']}
            hint={est.byMemoryText}
          >
            <CapNumber
              field="sessionHost.ramGb"
              value={sh.ramGb}
              step={sh.kind === 'single-session' ? 1 : 8}
              min={1}
              unit="GB"
              onChange={(v) => set('sessionHost.ramGb', v)}
              error={Boolean(errors['sessionHost.ramGb'])}
            />
          </CapField>
        </GridItem>
        {sh.kind === 'multi-session' ? (
          <GridItem>
            <CapField
              field="sessionHost.loadBalancing"
              label="Load balancing"
              error={errors['sessionHost.loadBalancing']}
              hint="Breadth-first spreads users over the least loaded VMs; depth-first fills one VM first"
            >
              <CapSelect
                field="sessionHost.loadBalancing"
                value={sh.loadBalancing}
                options={[
                  { value: 'breadth-first', label: 'Breadth-first' },
                  { value: 'depth-first', label: 'Depth-first' },
                ]}
                onChange={(v) => set('sessionHost.loadBalancing', v)}
              />
            </CapField>
          </GridItem>
        ) : null}
      </Grid>
      {sh.kind === 'multi-session' ? (
        <p className="vdi-cap-rule" data-testid="cap-hint-users-per-vcpu">
          Microsoft: ≈ {formatNumber(upv, upv % 1 ? 1 : 0)} users per vCPU for this workload → {sh.vmsPerHost} VMs × {sh.vcpu} vCPU ×{' '}
          {formatNumber(upv, upv % 1 ? 1 : 0)} = <strong>{formatInt(Math.floor(sh.vmsPerHost * sh.vcpu * upv))}</strong> users per host
        </p>
      ) : null}
    </Form>
  );
}
