import { Form, FormSection, Grid, GridItem, Radio } from '@patternfly/react-core';
import { formatInt, formatNumber } from '../../../components/format.ts';
import { switchSessionHost } from '../model/defaults.ts';
import { bandwidthGbps, hostFigures, sizingEstimate, steadyIops, STORM_FACTOR, usersPerVcpu } from '../../../../src-main/shared/capacity/rules-of-thumb.ts';
import { CapField, CapNumber, CapSelect } from './fields.tsx';
import type { StepProps } from './step-props.ts';
import { CAPACITY_OS, STORAGE_KINDS, type CapacityOs, type StorageKindName } from '../model/contract-types.ts';

/** Write penalty per array kind (core/models/storage-queue.ts). */
const WRITE_PENALTY: Record<StorageKindName, number> = { 'flash-array': 1, raid10: 2, raid5: 4, raid6: 6, 'hci-rf2': 2, 'hci-rf3': 3 };
const STORAGE_TEXT: Record<StorageKindName, string> = {
  'flash-array': 'All-flash array (NVRAM: no write penalty)',
  raid10: 'RAID 10',
  raid5: 'RAID 5',
  raid6: 'RAID 6',
  'hci-rf2': 'HCI, 2 copies (RF2)',
  'hci-rf3': 'HCI, 3 copies (RF3)',
};
const OS_MULTI = new Set<CapacityOs>(['ws2012r2', 'ws2016', 'ws2019', 'ws2022', 'win10-ms', 'win11-ms']);
export const OS_TEXT: Record<CapacityOs, string> = {
  win7: 'Windows 7',
  win10: 'Windows 10',
  win11: 'Windows 11',
  ws2012r2: 'Windows Server 2012 R2',
  ws2016: 'Windows Server 2016',
  ws2019: 'Windows Server 2019',
  ws2022: 'Windows Server 2022',
  'win10-ms': 'Windows 10 Enterprise multi-session',
  'win11-ms': 'Windows 11 Enterprise multi-session',
};
const OS_HINT: Record<CapacityOs, string> = {
  win7: 'CPU × 0.87 of Windows 10 (GO-EUC)',
  win10: 'The reference',
  win11: 'CPU × 1.03, writes +14 % (Nutanix RA-2053)',
  ws2012r2: 'Per user: CPU × 0.59 of a Windows 10 desktop user',
  ws2016: 'Per user: CPU × 0.69 of a Windows 10 desktop user',
  ws2019: 'Per user: CPU × 0.84 of a Windows 10 desktop user',
  ws2022: 'Per user: CPU × 0.88 of a Windows 10 desktop user (Nutanix)',
  'win10-ms': 'Per user: taken as Windows Server 2022',
  'win11-ms': 'Per user: taken as Windows Server 2022',
};

/** Step 2: shared storage and the host network. */
export function StorageStep({ def, set, errors }: StepProps) {
  const expected = sizingEstimate(def).expected;
  const sessions = Math.min(def.launch.sessions, Number.isFinite(expected) ? expected : def.launch.sessions);
  const iops = steadyIops(def, sessions);
  const gbps = bandwidthGbps(def, sessions);
  const rho = def.storage.iops > 0 ? (iops * (0.2 + 0.8 * WRITE_PENALTY[def.storage.kind])) / def.storage.iops : 0;
  return (
    <Form data-testid="cap-step-storage" isWidthLimited>
      <FormSection title="Storage" titleElement="h3">
        <CapField
          field="storage.kind"
          label="Array"
          error={errors['storage.kind']}
          hint={`A write costs ${WRITE_PENALTY[def.storage.kind]} back-end I/O${WRITE_PENALTY[def.storage.kind] > 1 ? 's' : ''}`}
        >
          <CapSelect
            field="storage.kind"
            value={def.storage.kind}
            options={STORAGE_KINDS.map((k) => ({ value: k, label: STORAGE_TEXT[k] }))}
            onChange={(v) => set('storage.kind', v)}
          />
        </CapField>
        <CapField
          field="storage.iops"
          label="Back-end IOPS the array sustains"
          error={errors['storage.iops']}
          hint={`${formatInt(sessions)} sessions need ≈ ${formatInt(iops)} IOPS steady (${formatInt(rho * 100)} % of the array at 80 % writes), ≈ ${formatInt(iops * STORM_FACTOR)} in a logon storm; the array serves at most this and queues the rest`}
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
        <GridItem>
          <CapField
            field="sessionHost.os"
            label="Guest OS"
            error={errors['sessionHost.os']}
            hint={OS_HINT[sh.os ?? (sh.kind === 'single-session' ? 'win10' : 'ws2016')]}
          >
            <CapSelect<CapacityOs | 'default'>
              field="sessionHost.os"
              value={sh.os ?? 'default'}
              options={[
                { value: 'default', label: sh.kind === 'single-session' ? 'Default (Windows 10)' : 'Default (Windows Server 2016)' },
                ...CAPACITY_OS.filter((o) => (sh.kind === 'single-session') === !OS_MULTI.has(o)).map((o) => ({ value: o, label: OS_TEXT[o] })),
              ]}
              onChange={(v) => set('sessionHost.os', v === 'default' ? undefined : v)}
            />
          </CapField>
        </GridItem>
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
