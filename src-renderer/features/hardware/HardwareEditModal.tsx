import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Modal, ModalBody, ModalFooter, ModalHeader, ModalVariant } from '@patternfly/react-core';
import type { DiskController, HypervisorCatalogue, HypervisorType, NicAdapter, VirtualHardware } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { Choice, Field, NumField } from '../../components/form-fields.tsx';
import { fieldMessage } from '../../components/schema-check.ts';

export type HardwareTarget = { kind: 'desktop'; id: string; name: string; running: boolean } | { kind: 'pool'; id: string; name: string };

/**
 * Edits a VM's or a pool template's virtual hardware: what vCenter's / SCVMM's / Prism's "Edit
 * settings" offers for a desktop. The host judges it (hot-add, pending, refusals); the dialog only
 * offers what the cluster's hypervisor has.
 */
export function HardwareEditModal({
  target,
  hardware,
  hypervisor,
  clusterId,
  catalogue,
  onClose,
  onSaved,
}: {
  target: HardwareTarget;
  hardware: VirtualHardware;
  hypervisor: HypervisorType;
  clusterId: string;
  catalogue: HypervisorCatalogue;
  onClose(): void;
  onSaved(): void;
}) {
  const hv = catalogue.hypervisors.find((h) => h.type === hypervisor);
  const nets = useApi('network-list', {}, {});
  const [hw, setHw] = useState<VirtualHardware>(hardware);
  const set = <K extends keyof VirtualHardware>(k: K, v: VirtualHardware[K]) => setHw((h) => ({ ...h, [k]: v }));
  const disk = hw.disks[0];
  const nic = hw.nics[0];
  const action = useAction();
  const err = action.error;
  const at = (k: string) => (err?.path?.[0] === k ? fieldMessage(err) : undefined);
  const save = async () => {
    const change = {
      sockets: hw.sockets,
      coresPerSocket: hw.coresPerSocket,
      cpuHotAdd: hw.cpuHotAdd,
      memoryGb: hw.memoryGb,
      memoryReservationGb: hw.memoryReservationGb,
      memoryHotAdd: hw.memoryHotAdd,
      firmware: hw.firmware,
      secureBoot: hw.firmware === 'uefi' ? hw.secureBoot : false,
      vtpm: hw.vtpm,
      vgpuProfile: hw.vgpuProfile,
      confidential: hw.confidential,
      nestedVirtualization: hw.nestedVirtualization,
      disks: hw.disks.map(({ format: _f, ...d }) => d),
      nics: hw.nics.map(({ portGroup: _p, vlan: _v, ...n }) => n),
    };
    if (target.kind === 'desktop') {
      const r = await action.run(() => getClient().call('desktop-hardware-set', { desktopId: target.id, ...change }));
      if (r) {
        notifySuccess(
          r.applied === 'hot-added'
            ? `${target.name}: hot-added to the running VM`
            : r.applied === 'pending'
              ? `${target.name}: saved, pending until the next power cycle`
              : `${target.name}: hardware changed`,
        );
        onSaved();
        onClose();
      }
    } else {
      const r = await action.run(() => getClient().call('pool-hardware-set', { poolId: target.id, ...change }));
      if (r) {
        notifySuccess(`${target.name}: template hardware saved (new machines get it)`);
        onSaved();
        onClose();
      }
    }
  };
  const clusterNets = (nets.data ?? []).filter((n) => n.clusterId === clusterId);
  const confidentialOptions = [
    { value: 'none' as const, label: 'None' },
    ...(hv?.confidential ?? []).map((c) => ({ value: c, label: c === 'sev-snp' ? 'AMD SEV-SNP' : 'Intel TDX' })),
  ];
  return (
    <Modal isOpen variant={ModalVariant.medium} onClose={onClose} aria-labelledby="hw-edit-title" data-testid="hardware-modal">
      <ModalHeader
        title={`Edit hardware of ${target.name}`}
        labelId="hw-edit-title"
        description={
          target.kind === 'pool'
            ? `Template for machines provisioned from now on (${hv?.label ?? hypervisor}); existing machines keep theirs.`
            : target.running
              ? `The VM is running: vCPUs and memory grow at once where hot-add is on; everything else waits for its next power cycle (${hv?.label ?? hypervisor}).`
              : `The VM is powered off: every change applies at once (${hv?.label ?? hypervisor}).`
        }
      />
      <ModalBody>
        {err ? <ApiErrorAlert error={err} title="Not saved" onClose={action.clearError} testId="hardware-error" /> : null}
        <Form onSubmit={(e) => e.preventDefault()} isHorizontal>
          <Field id="hw-sockets" label="Sockets" error={at('sockets')}>
            <NumField id="hw-sockets" label="Sockets" value={hw.sockets} min={1} max={8} onChange={(v) => set('sockets', v)} />
          </Field>
          <Field id="hw-cores" label="Cores per socket" error={at('coresPerSocket')}>
            <NumField id="hw-cores" label="Cores per socket" value={hw.coresPerSocket} min={1} max={64} onChange={(v) => set('coresPerSocket', v)} />
          </Field>
          <Field
            id="hw-cpu-hot"
            label="CPU hot-add"
            hint={hv?.cpuHotAdd ? (hypervisor === 'esxi' ? 'On vSphere this turns vNUMA off' : undefined) : `${hv?.label ?? ''} cannot hot-add vCPUs`}
            error={at('cpuHotAdd')}
          >
            <Checkbox
              id="hw-cpu-hot"
              label="Enable CPU hot-add"
              isChecked={hw.cpuHotAdd}
              isDisabled={!hv?.cpuHotAdd}
              onChange={(_e, v) => set('cpuHotAdd', v)}
              data-testid="hw-cpu-hot"
            />
          </Field>
          <Field id="hw-mem" label="Memory" error={at('memoryGb')}>
            <NumField id="hw-mem" label="Memory in GB" value={hw.memoryGb} min={1} max={4096} unit="GB" onChange={(v) => set('memoryGb', v)} />
          </Field>
          <Field id="hw-res" label="Reservation" error={at('memoryReservationGb')}>
            <NumField
              id="hw-res"
              label="Memory reservation in GB"
              value={hw.memoryReservationGb}
              min={0}
              max={4096}
              unit="GB"
              onChange={(v) => set('memoryReservationGb', v)}
            />
          </Field>
          <Field id="hw-mem-hot" label="Memory hot-add" hint="Memory can be added to a running VM, never removed" error={at('memoryHotAdd')}>
            <Checkbox
              id="hw-mem-hot"
              label="Enable memory hot-add"
              isChecked={hw.memoryHotAdd}
              isDisabled={!hv?.memoryHotAdd}
              onChange={(_e, v) => set('memoryHotAdd', v)}
              data-testid="hw-mem-hot"
            />
          </Field>
          <Field id="hw-firmware" label="Firmware" error={at('firmware')}>
            <Choice
              id="hw-firmware"
              value={hw.firmware}
              options={[
                { value: 'uefi', label: 'UEFI' },
                { value: 'bios', label: 'BIOS' },
              ]}
              onChange={(v) => set('firmware', v)}
            />
          </Field>
          <Field id="hw-secure" label="Secure Boot" error={at('secureBoot')}>
            <Checkbox
              id="hw-secure"
              label="Secure Boot"
              isChecked={hw.firmware === 'uefi' && hw.secureBoot}
              isDisabled={hw.firmware !== 'uefi'}
              onChange={(_e, v) => set('secureBoot', v)}
              data-testid="hw-secure"
            />
          </Field>
          <Field id="hw-vtpm" label="vTPM" hint="Windows 11 requires a TPM 2.0" error={at('vtpm')}>
            <Checkbox id="hw-vtpm" label="Virtual TPM 2.0" isChecked={hw.vtpm} onChange={(_e, v) => set('vtpm', v)} data-testid="hw-vtpm" />
          </Field>
          <Field id="hw-vgpu" label="vGPU profile" hint="The profile's frame buffer caps desktops per GPU" error={at('vgpuProfile')}>
            <Choice
              id="hw-vgpu"
              value={hw.vgpuProfile ?? 'none'}
              options={[
                { value: 'none', label: 'None' },
                ...catalogue.vgpuProfiles.map((p) => ({ value: p.name, label: `${p.name} (${p.frameBufferGb} GB, ${p.perGpu} per GPU)` })),
              ]}
              onChange={(v) => set('vgpuProfile', v === 'none' ? null : v)}
            />
          </Field>
          <Field id="hw-conf" label="Memory encryption" hint="Confidential VM: no memory snapshots, no live migration" error={at('confidential')}>
            <Choice id="hw-conf" value={hw.confidential} options={confidentialOptions} onChange={(v) => set('confidential', v)} />
          </Field>
          <Field id="hw-nested" label="Nested virtualization" error={at('nestedVirtualization')}>
            <Checkbox
              id="hw-nested"
              label="Expose hardware virtualization to the guest"
              isChecked={hw.nestedVirtualization}
              onChange={(_e, v) => set('nestedVirtualization', v)}
              data-testid="hw-nested"
            />
          </Field>
          {disk ? (
            <>
              <Field id="hw-disk" label={`${disk.label}`} error={at('disks')}>
                <NumField
                  id="hw-disk"
                  label="Disk size in GB"
                  value={disk.sizeGb}
                  min={1}
                  max={65536}
                  unit="GB"
                  onChange={(v) =>
                    set(
                      'disks',
                      hw.disks.map((d, i) => (i === 0 ? { ...d, sizeGb: v } : d)),
                    )
                  }
                />
              </Field>
              <Field id="hw-disk-prov" label="Provisioning">
                <Choice
                  id="hw-disk-prov"
                  value={disk.provisioning}
                  options={[
                    { value: 'thin', label: 'Thin (allocated on write)' },
                    { value: 'thick', label: 'Thick (allocated whole)' },
                  ]}
                  onChange={(v) =>
                    set(
                      'disks',
                      hw.disks.map((d, i) => (i === 0 ? { ...d, provisioning: v } : d)),
                    )
                  }
                />
              </Field>
              <Field id="hw-disk-ctl" label="Controller">
                <Choice
                  id="hw-disk-ctl"
                  value={disk.controller}
                  options={(hv?.diskControllers ?? [disk.controller]).map((c: DiskController) => ({ value: c, label: c }))}
                  onChange={(v) =>
                    set(
                      'disks',
                      hw.disks.map((d, i) => (i === 0 ? { ...d, controller: v } : d)),
                    )
                  }
                />
              </Field>
            </>
          ) : null}
          {nic ? (
            <>
              <Field id="hw-nic" label={`${nic.label}`}>
                <Choice
                  id="hw-nic"
                  value={nic.adapter}
                  options={(hv?.nicAdapters ?? [nic.adapter]).map((a: NicAdapter) => ({ value: a, label: a }))}
                  onChange={(v) =>
                    set(
                      'nics',
                      hw.nics.map((n, i) => (i === 0 ? { ...n, adapter: v } : n)),
                    )
                  }
                />
              </Field>
              <Field id="hw-nic-net" label="Port group / VLAN" error={at('nics')}>
                <Choice
                  id="hw-nic-net"
                  value={nic.networkId}
                  options={(clusterNets.length ? clusterNets : [{ id: nic.networkId, portGroup: nic.portGroup, vlan: nic.vlan }]).map((n) => ({
                    value: n.id,
                    label: `${n.portGroup} (VLAN ${n.vlan})`,
                  }))}
                  onChange={(v) =>
                    set(
                      'nics',
                      hw.nics.map((n, i) => (i === 0 ? { ...n, networkId: v } : n)),
                    )
                  }
                />
              </Field>
            </>
          ) : null}
        </Form>
        {target.kind === 'desktop' && target.running ? (
          <Alert variant="info" isInline isPlain title="Running VM" className="vdi-alert">
            Firmware, Secure Boot, vTPM, vGPU, hot-add flags, memory encryption and nested virtualization change only at the next power cycle.
          </Alert>
        ) : null}
      </ModalBody>
      <ModalFooter>
        <Button onClick={() => void save()} isLoading={action.busy} isDisabled={action.busy} data-testid="hardware-save">
          Save
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
