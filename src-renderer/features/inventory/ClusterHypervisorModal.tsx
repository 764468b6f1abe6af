import { useState } from 'react';
import {
  Button,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
} from '@patternfly/react-core';
import { HYPERVISOR_TYPES, type HypervisorType } from '../../../src-main/contract/hardware-entities.ts';
import type { Cluster } from '../../../src-main/contract/index.ts';
import { HYPERVISOR_SPECS } from '../../../src-main/shared/hypervisors/catalogue.ts';
import { getClient } from '../../client/api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { notifySuccess } from '../../state/toast-store.ts';
import { useAction } from '../../state/use-api.ts';

/**
 * Changes the hypervisor a cluster runs (cluster-set-hypervisor). Its hosts are reinstalled, so the
 * console takes the change only for a cluster with no VM and no pool whose hosts are all in
 * maintenance mode; otherwise the server's refusal says what is in the way.
 */
export function ClusterHypervisorModal({ cluster, onClose }: { cluster: Cluster; onClose(): void }) {
  const others = HYPERVISOR_TYPES.filter((h) => h !== cluster.hypervisor);
  const [to, setTo] = useState<HypervisorType>(others[0] ?? 'kvm');
  const action = useAction();
  const submit = async () => {
    const r = await action.run(() => getClient().call('cluster-set-hypervisor', { clusterId: cluster.id, hypervisor: to }));
    if (r) {
      notifySuccess(`${cluster.name} now runs ${HYPERVISOR_SPECS[to].label}`);
      onClose();
    }
  };
  return (
    <Modal isOpen onClose={onClose} variant="small" aria-labelledby="cluster-hv-title" data-testid="cluster-hypervisor-modal">
      <ModalHeader
        title={`Change the hypervisor of ${cluster.name}`}
        labelId="cluster-hv-title"
        description={`It runs ${HYPERVISOR_SPECS[cluster.hypervisor].label} (managed by ${HYPERVISOR_SPECS[cluster.hypervisor].manager}).`}
      />
      <ModalBody>
        <Form onSubmit={(ev) => ev.preventDefault()}>
          <FormGroup label="New hypervisor" fieldId="cluster-hv-select">
            <FormSelect id="cluster-hv-select" value={to} onChange={(_e, v) => setTo(v as HypervisorType)} data-testid="cluster-hypervisor-select">
              {others.map((h) => (
                <FormSelectOption key={h} value={h} label={`${HYPERVISOR_SPECS[h].label} (${HYPERVISOR_SPECS[h].diskFormatLabel} disks)`} />
              ))}
            </FormSelect>
            <FormHelperText>
              <HelperText>
                <HelperTextItem>
                  Every host is reinstalled, and a VM cannot cross hypervisor types without a V2V conversion of its disks: the cluster must have no VM and no
                  desktop pool, and every host must be in maintenance mode ({cluster.desktopCount} desktop(s), {cluster.hostCount} host(s) now).
                </HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
        </Form>
        {action.error ? (
          <ApiErrorAlert error={action.error} title="The change was refused" onClose={action.clearError} testId="cluster-hypervisor-error" />
        ) : null}
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" onClick={() => void submit()} isLoading={action.busy} isDisabled={action.busy} data-testid="cluster-hypervisor-save">
          Change hypervisor
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
